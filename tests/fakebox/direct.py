"""Direct uploads (multipart: ``attributes`` then the file) and the preflight check (BOX-UPLOADS.md 2.8, 2.9).

The multipart body is parsed as it streams: the file part goes straight to disk, hashed on the way, and only the
small ``attributes`` part is kept in memory. The file part is the one that carries a filename, whatever its name:
the spec calls it ``file``, but the Box CLI sends ``content`` and rclone ``contents``, and Box takes both (Box's
Node SDK notes the API looks for the part with a filename and ignores its name).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from pathlib import Path
from typing import IO, Any

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.responses import Response

from . import ids
from .errors import BoxError, json_response
from .operation import Ctx
from .rules import check_name, check_no_conflict, check_size, file_attributes, find_file, non_negative_int
from .state import FileEntry, now
from .storage import WRITE_BUFFER
from .validation import nulls_dropped

MAX_ATTRIBUTES = 1 << 20


class _Form:
    """Streaming multipart callbacks: remembers part order, keeps ``attributes``, writes ``file`` to disk."""

    def __init__(self, file_path: Path) -> None:
        self.file_path = file_path
        self.order: list[str] = []
        self.attributes: bytes | None = None
        self.attributes_type = ""
        self.file_size = 0
        self.sha1 = hashlib.sha1()
        self._out: IO[bytes] | None = None
        self._name = ""
        self._headers: dict[str, str] = {}
        self._field = b""
        self._value = b""
        self._buffer = bytearray()

    def callbacks(self) -> dict[str, Any]:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": self._header_field,
            "on_header_value": self._header_value,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
        }

    def _part_begin(self) -> None:
        self._headers = {}
        self._name = ""
        self._buffer = bytearray()

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._field.decode("latin-1").lower()] = self._value.decode("latin-1")
        self._field, self._value = b"", b""

    def _headers_finished(self) -> None:
        _disposition, options = parse_options_header(self._headers.get("content-disposition", ""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        self._name = "file" if b"filename" in options or name == "file" else name
        self.order.append(self._name)
        if self._name == "file" and self._out is None:
            self._out = open(self.file_path, "wb", buffering=WRITE_BUFFER)  # noqa: SIM115 - closed in close()

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._name == "file" and self._out is not None:
            block = data[start:end]
            self.sha1.update(block)
            self._out.write(block)
            self.file_size += end - start
        elif self._name == "attributes":
            if len(self._buffer) + end - start > MAX_ATTRIBUTES:
                raise BoxError(400, "bad_request", "attributes is too large")
            self._buffer += data[start:end]

    def _part_end(self) -> None:
        if self._name == "attributes" and self.attributes is None:
            self.attributes = bytes(self._buffer)
            self.attributes_type = self._headers.get("content-type", "")
        elif self._name == "file" and self._out is not None:
            self._out.close()

    def close(self) -> None:
        if self._out is not None:
            self._out.close()


async def _receive_form(ctx: Ctx, file_path: Path) -> tuple[dict[str, Any], _Form]:
    content_type = ctx.headers.get("content-type", "")
    mime, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if mime != b"multipart/form-data" or not boundary:
        raise BoxError(400, "bad_request", "The body must be multipart/form-data with a boundary")
    form = _Form(file_path)
    parser = MultipartParser(boundary, callbacks=form.callbacks())  # type: ignore[arg-type]
    try:
        async for chunk in ctx.stream():
            parser.write(chunk)
        parser.finalize()
    except MultipartParseError as exc:
        raise BoxError(400, "bad_request", f"Malformed multipart body: {exc}") from exc
    finally:
        form.close()
    if "file" not in form.order:
        raise BoxError(400, "bad_request", "The multipart body has no file part")
    if "attributes" not in form.order:
        raise BoxError(400, "bad_request", "The multipart body has no attributes part")
    if form.order.index("attributes") > form.order.index("file"):
        raise BoxError(
            400, "metadata_after_file_contents", "The attributes part must come before the file part in the body"
        )
    try:
        attributes = json.loads(form.attributes or b"")
    except ValueError as exc:
        raise BoxError(400, "bad_request", "attributes is not valid JSON") from exc
    if not isinstance(attributes, dict):
        raise BoxError(400, "bad_request", "attributes must be a JSON object")
    _check_against_spec(ctx, form)
    digest = ctx.headers.get("content-md5")
    if digest is not None and digest.strip().lower() != form.sha1.hexdigest():
        raise BoxError(400, "bad_digest", "The Content-MD5 header (the file's SHA-1) does not match the content")
    limit = ctx.state.settings.direct_upload_max_size
    if limit is not None and form.file_size > limit:
        raise BoxError(413, "request_entity_too_large", f"Direct uploads are limited to {limit} bytes")
    return attributes, form


def _check_against_spec(ctx: Ctx, form: _Form) -> None:
    """Validate the real attributes with a one-byte stand-in for the file, so the file is never buffered."""
    if not ctx.state.settings.validate:
        return
    boundary = "fakebox-" + secrets.token_hex(8)
    attributes_type = form.attributes_type or "application/json"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="attributes"\r\nContent-Type: {attributes_type}\r\n\r\n'
    ).encode() + nulls_dropped(form.attributes or b"")
    body += f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n'.encode()
    body += f"Content-Type: application/octet-stream\r\n\r\nx\r\n--{boundary}--\r\n".encode()
    problems = ctx.state.validator.check_request(
        ctx.operation,
        method=ctx.request.method,
        path=ctx.request.url.path,
        query=list(ctx.request.query_params.multi_items()),
        headers=ctx.headers,
        content_type=f"multipart/form-data; boundary={boundary}",
        body=body,
    )
    for problem in problems:
        ctx.note_problem(problem.field, problem.message)


def _fields(ctx: Ctx) -> list[str] | None:
    # Box wants one comma-separated value; a repeated parameter is a spec violation, read leniently here.
    raw = ",".join(ctx.request.query_params.getlist("fields"))
    return [f for f in raw.split(",") if f] or None


async def upload_file(ctx: Ctx) -> Response:
    state = ctx.state
    temp = state.storage.incoming()
    try:
        raw, form = await _receive_form(ctx, temp)
        attributes = file_attributes({k: v for k, v in raw.items() if k != "parent"})
        name = check_name(attributes.get("name"))
        parent = raw.get("parent")
        folder_id = parent.get("id") if isinstance(parent, dict) else None
        if not isinstance(folder_id, str):
            raise BoxError(400, "bad_request", "attributes.parent.id is required")
        folder_id = state.resolve_folder(ctx.user, folder_id)
        if folder_id is None:
            raise BoxError(404, "not_found", "The parent folder does not exist or you cannot access it")
        check_no_conflict(state, folder_id, name)
        check_size(state, form.file_size)
        t = now()
        version = state.version_from_file(temp, form.sha1.hexdigest(), form.file_size)
        entry = FileEntry(
            id=state.new_file_id(),
            name=name,
            folder_id=folder_id,
            owner=ctx.user,
            created_at=t,
            modified_at=t,
            content_created_at=attributes.get("content_created_at", t),
            content_modified_at=attributes.get("content_modified_at", t),
            versions=[version],
            description=attributes.get("description", ""),
        )
        state.files[entry.id] = entry
        return json_response({"total_count": 1, "entries": [state.file_json(entry, _fields(ctx))]}, 201)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


async def upload_file_version(ctx: Ctx) -> Response:
    state = ctx.state
    entry = find_file(state, ctx.request.path_params["file_id"], ctx.user)
    if_match = ctx.headers.get("if-match")
    if if_match is not None and if_match.strip('"') != str(entry.etag):
        raise BoxError(412, "precondition_failed", "The resource has been modified. Please retrieve the resource again")
    temp = state.storage.incoming()
    try:
        raw, form = await _receive_form(ctx, temp)
        attributes = file_attributes(raw)
        name = attributes.get("name")
        if name is not None:
            check_no_conflict(state, entry.folder_id, name, exclude=entry.id)
        check_size(state, form.file_size, replacing=entry.current.size)
        t = now()
        modified = attributes.get("content_modified_at", t)
        version = state.version_from_file(temp, form.sha1.hexdigest(), form.file_size)
        state.add_version(entry, version)
        entry.modified_at = t
        entry.content_modified_at = modified
        entry.description = attributes.get("description", entry.description)
        if name is not None:
            entry.name = name
        return json_response({"total_count": 1, "entries": [state.file_json(entry, _fields(ctx))]}, 200)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


async def preflight_upload(ctx: Ctx) -> Response:
    state = ctx.state
    body = ctx.json()
    name = check_name(body.get("name"))
    parent = body.get("parent")
    folder_id = parent.get("id") if isinstance(parent, dict) else None
    if not isinstance(folder_id, str):
        raise BoxError(400, "bad_request", "parent.id is required")
    folder_id = state.resolve_folder(ctx.user, folder_id)
    if folder_id is None:
        raise BoxError(404, "not_found", "The parent folder does not exist or you cannot access it")
    size = body.get("size", 0)
    if not non_negative_int(size):
        raise BoxError(400, "bad_request", "size must be a non-negative integer")
    check_size(state, size)
    check_no_conflict(state, folder_id, name)
    token = secrets.token_urlsafe(24)
    upload_url = f"{ctx.upload_base()}/files/content?upload_session_id={ids.session_id()}"
    return json_response({"upload_url": upload_url, "upload_token": token})
