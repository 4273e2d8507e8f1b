"""Commit a session: preconditions, the parts list, 202 while "processing", the whole-file digest, then the file.

The listed parts are hashed in a worker thread once per distinct parts list, so 202 polls and retries do not redo
the work, and the new version is made of hard links to them rather than a copy (BOX-UPLOADS.md 2.6, 4.9, 4.12).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from typing import Any

from starlette.responses import Response

from .errors import BoxError, json_response
from .operation import Ctx
from .rules import (
    b64,
    check_no_conflict,
    check_size,
    file_attributes,
    find_session,
    non_negative_int,
    parse_digest,
)
from .sessions import chunk_sha512
from .state import Assembly, FileEntry, Session, State, now
from .storage import Segment, digest_segments


def _mismatch(message: str) -> BoxError:
    return BoxError(400, "parts_mismatch", message)


def _entries(body: dict[str, Any]) -> list[dict[str, Any]]:
    parts = body.get("parts")
    if not isinstance(parts, list):
        raise BoxError(400, "bad_request", "parts must be a list of the uploaded parts")
    for item in parts:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("part_id"), str)
            or not non_negative_int(item.get("offset"))
            or not non_negative_int(item.get("size"))
        ):
            raise BoxError(400, "bad_request", "each part needs part_id, offset and size")
    with_sha512 = sum("sha512" in item for item in parts)
    if 0 < with_sha512 < len(parts):
        raise BoxError(400, "bad_request", "include sha512 on every part or on none")
    offsets = [item["offset"] for item in parts]
    if any(b <= a for a, b in itertools.pairwise(offsets)):
        raise BoxError(400, "bad_request", "parts must be sorted by offset")
    return parts


async def _segments(state: State, session: Session, parts: list[dict[str, Any]]) -> list[Segment]:
    """Each listed part must be one the server holds, exactly; together they must tile the file."""
    segments: list[Segment] = []
    position = 0
    for item in parts:
        part_id, offset, size = item["part_id"], item["offset"], item["size"]
        stored = session.parts.get(offset)
        hit = session.hits.get(part_id)
        if stored is not None and stored.part_id == part_id and stored.size == size:
            if "sha1" in item and str(item["sha1"]).lower() != stored.sha1:
                raise _mismatch(f"part {part_id} has sha1 {stored.sha1}, not {item['sha1']}")
            if "sha512" in item and str(item["sha512"]).lower() != await chunk_sha512(stored.chunk):
                raise _mismatch(f"part {part_id} has a different sha512")
            segments.append(stored.chunk.segment)
        elif hit is not None and hit.offset == offset and hit.size == size:
            if "sha512" in item and str(item["sha512"]).lower() != hit.sha512:
                raise _mismatch(f"part {part_id} has a different sha512")
            segments.extend(hit.segments)
        else:
            raise _mismatch(f"part {part_id} at offset {offset} ({size} bytes) was not uploaded to this session")
        if offset != position:
            raise _mismatch(f"the parts leave bytes {position}-{offset - 1} uncovered")
        position = offset + size
    if position != session.file_size:
        raise _mismatch(f"the parts cover {position} of {session.file_size} bytes")
    return segments


def _preconditions(ctx: Ctx, session: Session) -> None:
    entry = ctx.state.files.get(session.file_id or "")
    etag = str(entry.etag) if entry is not None else None
    if_match = ctx.headers.get("if-match")
    if if_match is not None and if_match.strip('"') != etag:
        raise BoxError(412, "precondition_failed", "The resource has been modified. Please retrieve the resource again")
    if_none_match = ctx.headers.get("if-none-match")
    if if_none_match is not None and (
        if_none_match.strip('"') == etag or (if_none_match.strip() == "*" and entry is not None)
    ):
        raise BoxError(412, "precondition_failed", "The resource has been modified. Please retrieve the resource again")


def _attributes(body: dict[str, Any]) -> dict[str, Any]:
    attributes = body.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise BoxError(400, "bad_request", "attributes must be an object")
    return file_attributes(attributes)


async def commit_upload_session(ctx: Ctx) -> Response:
    state = ctx.state
    session = find_session(state, ctx.request.path_params["upload_session_id"], ctx.user)
    async with session.lock:
        if state.sessions.get(session.id) is not session:
            raise BoxError(404, "not_found", "Could not find the specified resource")
        session.commit_attempts += 1
        if session.committed_file_id is not None:
            return _recommit(state, session)
        _preconditions(ctx, session)
        digest = parse_digest(ctx.headers.get("digest"), allowed={"sha"})["sha"]
        body = ctx.json()
        parts = _entries(body)
        attributes = _attributes(body)
        segments = await _segments(state, session, parts)
        name = attributes.get("name") or session.file_name
        target = state.files.get(session.file_id or "")
        if session.file_id is not None and target is None:
            raise BoxError(404, "not_found", "The file of this session no longer exists")
        folder_id = target.folder_id if target is not None else session.folder_id or "0"
        if name is not None:
            check_no_conflict(state, folder_id, name, exclude=target.id if target else None)
        if session.mismatches_sent < state.settings.transient_parts_mismatch:
            session.mismatches_sent += 1
            raise _mismatch("The parts could not be verified yet; retry the commit")
        assembly = await _assembly(state, session, parts, segments)
        if session.accepted_polls < state.settings.commit_processing_polls:
            session.accepted_polls += 1
            return Response(status_code=202, headers={"Retry-After": str(state.settings.commit_retry_after)})
        sha1 = await assembly.task
        if b64(bytes.fromhex(sha1)) != b64(digest):
            raise BoxError(
                400,
                "digest_mismatch",
                f"File digest was incorrect. Actual: {b64(bytes.fromhex(sha1))} Expected: {b64(digest)}",
            )
        check_size(state, session.file_size, replacing=target.current.size if target else 0)
        entry = _store(
            state,
            session,
            target=target,
            folder_id=folder_id,
            name=name,
            attributes=attributes,
            assembly=assembly,
            sha1=sha1,
        )
        return json_response({"total_count": 1, "entries": [state.file_json(entry)]}, 201)


def _recommit(state: State, session: Session) -> Response:
    entry = state.files.get(session.committed_file_id or "")
    if not state.settings.idempotent_recommit or entry is None:
        raise BoxError(404, "not_found", "Could not find the specified resource")
    return json_response({"total_count": 1, "entries": [state.file_json(entry)]}, 201)


async def _assembly(state: State, session: Session, parts: list[dict[str, Any]], segments: list[Segment]) -> Assembly:
    key = tuple((p["part_id"], p["offset"], p["size"]) for p in parts)
    current = session.assembly
    if current is not None and current.key == key:
        return current
    if current is not None:
        with contextlib.suppress(Exception):
            await current.task
    task = asyncio.get_running_loop().create_task(asyncio.to_thread(digest_segments, segments, "sha1"))
    session.assembly = Assembly(key, segments, task)
    return session.assembly


def _store(
    state: State,
    session: Session,
    *,
    target: FileEntry | None,
    folder_id: str,
    name: str | None,
    attributes: dict[str, Any],
    assembly: Assembly,
    sha1: str,
) -> FileEntry:
    t = now()
    version = state.version_from_segments(assembly.segments, sha1, session.file_size)
    # The parts' bytes now belong to the version: point the dedup index at its links, then drop the session's files.
    linked = dict(zip(assembly.segments, version.segments, strict=True))
    used = {part_id for part_id, _offset, _size in assembly.key}
    for part in session.parts.values():
        if part.part_id in used and part.chunk.segment in linked:
            part.chunk.segment = linked[part.chunk.segment]
            version.chunks.append(part.chunk)
        else:
            state.unindex_chunks([part.chunk])
    if target is None:
        entry = FileEntry(
            id=state.new_file_id(),
            name=name or "untitled",
            folder_id=folder_id,
            owner=session.owner,
            created_at=t,
            modified_at=t,
            content_created_at=attributes.get("content_created_at", t),
            content_modified_at=attributes.get("content_modified_at", t),
            versions=[version],
            description=attributes.get("description", ""),
        )
        state.files[entry.id] = entry
    else:
        entry = target
        state.add_version(entry, version)
        entry.modified_at = t
        entry.content_modified_at = attributes.get("content_modified_at", t)
        entry.description = attributes.get("description", entry.description)
        if name is not None:
            entry.name = name
    session.committed_file_id = entry.id
    session.assembly = None
    state.storage.drop_session(session.id)
    return entry
