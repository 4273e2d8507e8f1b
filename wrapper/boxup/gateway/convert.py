"""Generated models in, boxup values out (and back): the one place that reads a model's UNSET fields."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from boxup_api.models import FileFull
from boxup_api.types import Unset

from ..errors import ResponseError
from ..models import PartRecord, SessionInfo, UploadedFile
from ..validate import is_session_id

if TYPE_CHECKING:  # models of the session endpoints: a small file's upload never loads them
    from boxup_api.models import UploadPart, UploadSession


def _need(value: object, kind: type, what: str) -> Any:
    if isinstance(value, Unset) or not isinstance(value, kind) or isinstance(value, bool):
        raise ResponseError(f"the server's {what} is missing or not a {kind.__name__}")
    return value


def session_info(model: UploadSession, file_size: int | None) -> SessionInfo:
    """A session answer, checked; ``file_size`` (when known) must fit ``total_parts`` parts of ``part_size``."""
    session_id = _need(model.id, str, "session id")
    if not is_session_id(session_id):
        raise ResponseError(f"the server's session id is not alphanumeric: {session_id[:40]!r}")
    part_size = _need(model.part_size, int, "part_size")
    if part_size <= 0:
        raise ResponseError(f"the server chose an impossible part size ({part_size})")
    total_parts = _need(model.total_parts, int, "total_parts")
    if file_size is not None and total_parts != math.ceil(file_size / part_size):
        raise ResponseError(
            f"the server's total_parts ({total_parts}) does not fit {file_size} bytes in parts of {part_size}"
        )
    endpoints: dict[str, str] = {}
    if not isinstance(model.session_endpoints, Unset):
        raw = model.session_endpoints.to_dict()
        endpoints = {k: v for k, v in raw.items() if isinstance(v, str)}
    expires = model.session_expires_at
    processed = model.num_parts_processed
    return SessionInfo(
        session_id,
        part_size,
        total_parts,
        endpoints,
        None if isinstance(expires, Unset) else expires.isoformat(),
        processed if isinstance(processed, int) and not isinstance(processed, bool) else None,
    )


def part_record(model: UploadPart) -> PartRecord:
    return PartRecord(
        _need(model.part_id, str, "part_id"),
        _need(model.offset, int, "part offset"),
        _need(model.size, int, "part size"),
        _need(model.sha1, str, "part sha1").lower(),
    )


def part_model(record: PartRecord) -> UploadPart:
    from boxup_api.models import UploadPart  # loaded with the session endpoints only (see the import above)

    return UploadPart(part_id=record.part_id, offset=record.offset, size=record.size, sha1=record.sha1)


def uploaded_file(raw: dict[str, Any], model: FileFull) -> UploadedFile:
    version = model.file_version
    return UploadedFile(
        id=_need(model.id, str, "file id"),
        name=model.name if isinstance(model.name, str) else None,
        size=model.size if isinstance(model.size, int) else None,
        sha1=model.sha1.lower() if isinstance(model.sha1, str) else None,
        version_id=None if isinstance(version, Unset) or not isinstance(version.id, str) else version.id,
        raw=raw,
        model=model,
    )


def listed_file(raw: dict[str, Any]) -> UploadedFile:
    """A file as a folder listing showed it (id, name, sha1, size): no extra request per identical file."""
    return uploaded_file(raw, FileFull.from_dict(raw))


def first_file(content: bytes, entries: object) -> UploadedFile:
    """From a ``Files`` answer (commit, direct upload): the first entry is the file."""
    if not isinstance(entries, list) or not entries or not isinstance(entries[0], FileFull):
        raise ResponseError("the upload answer lists no file")
    try:
        listed = json.loads(content)["entries"]
        raw = listed[0] if isinstance(listed, list) and listed else {}
    except (ValueError, KeyError, TypeError, RecursionError):
        raw = {}
    return uploaded_file(raw if isinstance(raw, dict) else {}, entries[0])


def single_file(content: bytes, model: FileFull) -> UploadedFile:
    """From a single file's JSON (GET /files/{id})."""
    try:
        raw = json.loads(content)
    except (ValueError, RecursionError):
        raw = {}
    return uploaded_file(raw if isinstance(raw, dict) else {}, model)
