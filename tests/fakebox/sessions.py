"""Upload sessions: create (new file, new version), status, abort, list parts, plan (BOX-UPLOADS.md 2.1-2.5, 2.11)."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from starlette.responses import Response

from . import ids
from .errors import BoxError, json_response
from .operation import Ctx
from .rules import check_name, check_no_conflict, check_size, find_file, find_session, non_negative_int
from .state import Chunk, Hit, Session, State, now, utc_z
from .storage import Segment, digest_segments, link_or_copy, slice_segments

LIST_LIMIT_MAX = 1000
LIST_OFFSET_MAX = 10000
SHA512_RE = re.compile(r"^[0-9a-fA-F]{128}$")


def session_json(ctx: Ctx, session: Session) -> dict[str, Any]:
    url = f"{ctx.upload_base()}/files/upload_sessions/{session.id}"
    processed = session.total_parts if session.committed_file_id else len(session.parts)
    return {
        "id": session.id,
        "type": "upload_session",
        "session_expires_at": utc_z(session.expires_at),
        "part_size": session.part_size,
        "total_parts": session.total_parts,
        "num_parts_processed": processed,
        "session_endpoints": {
            "upload_part": url,
            "commit": f"{url}/commit",
            "abort": url,
            "list_parts": f"{url}/parts",
            "status": url,
            "log_event": f"{url}/log",
            "plan": f"{url}/plan",
        },
    }


def _file_size(state: State, body: dict[str, Any]) -> int:
    if "file_size" not in body or body["file_size"] is None:
        raise BoxError(400, "missing_file_size", "file_size is required")
    size = body["file_size"]
    if not non_negative_int(size):
        raise BoxError(400, "invalid_file_size", "file_size must be a non-negative integer")
    if size < state.settings.min_chunked_size:
        raise BoxError(
            400,
            "file_size_too_small",
            f"File size {size} is below the minimum of {state.settings.min_chunked_size} bytes for chunked uploads",
        )
    return int(size)


def _open(ctx: Ctx, size: int, *, folder_id: str | None, file_id: str | None, name: str | None) -> Response:
    state = ctx.state
    t = now()
    session_id = ids.session_id()
    part_size = state.settings.part_size_for(size)
    session = Session(
        id=session_id,
        owner=ctx.user,
        folder_id=folder_id,
        file_id=file_id,
        file_name=name,
        file_size=size,
        part_size=part_size,
        total_parts=state.settings.total_parts_for(size),
        created_at=t,
        expires_at=t + state.settings.session_lifetime,
        dir=state.storage.session_dir(session_id),
    )
    state.sessions[session_id] = session
    return json_response(session_json(ctx, session), 201)


async def create_upload_session(ctx: Ctx) -> Response:
    state = ctx.state
    body = ctx.json()
    folder_id = body.get("folder_id")
    if folder_id is None or folder_id == "":
        raise BoxError(400, "missing_destination", "folder_id is required")
    if isinstance(folder_id, int) and not isinstance(folder_id, bool):
        folder_id = str(folder_id)
    if not isinstance(folder_id, str) or not folder_id.isdigit():
        raise BoxError(400, "invalid_folder_id", "folder_id is not valid")
    size = _file_size(state, body)
    name = check_name(body.get("file_name"), missing_code="missing_file_name")
    folder_id = state.resolve_folder(ctx.user, folder_id)
    if folder_id is None:
        raise BoxError(404, "invalid_parameter", "The folder does not exist or you cannot access it")
    check_size(state, size)
    check_no_conflict(state, folder_id, name)
    return _open(ctx, size, folder_id=folder_id, file_id=None, name=name)


async def create_version_upload_session(ctx: Ctx) -> Response:
    state = ctx.state
    entry = find_file(state, ctx.request.path_params["file_id"], ctx.user)
    body = ctx.json()
    size = _file_size(state, body)
    name = body.get("file_name")
    if name is not None:
        name = check_name(name)
        check_no_conflict(state, entry.folder_id, name, exclude=entry.id)
    check_size(state, size, replacing=entry.current.size)
    return _open(ctx, size, folder_id=None, file_id=entry.id, name=name)


async def get_upload_session(ctx: Ctx) -> Response:
    session = find_session(ctx.state, ctx.request.path_params["upload_session_id"], ctx.user)
    return json_response(session_json(ctx, session))


async def abort_upload_session(ctx: Ctx) -> Response:
    session = find_session(ctx.state, ctx.request.path_params["upload_session_id"], ctx.user)
    async with session.lock:
        ctx.state.drop_session(session)
    return Response(status_code=204)


def _query_int(ctx: Ctx, name: str, default: int) -> int:
    raw = ctx.request.query_params.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise BoxError(400, "bad_request", f"{name} must be an integer") from exc


async def list_upload_parts(ctx: Ctx) -> Response:
    session = find_session(ctx.state, ctx.request.path_params["upload_session_id"], ctx.user)
    offset = _query_int(ctx, "offset", 0)
    limit = _query_int(ctx, "limit", LIST_LIMIT_MAX)
    if offset < 0 or offset > LIST_OFFSET_MAX:
        raise BoxError(400, "bad_request", f"offset must be between 0 and {LIST_OFFSET_MAX}")
    if limit < 1:
        raise BoxError(400, "bad_request", "limit must be positive")
    # Box clamps an oversized limit to its maximum rather than refusing it (the limit field's description).
    limit = min(limit, LIST_LIMIT_MAX)
    parts = sorted(session.parts.values(), key=lambda p: p.offset)
    total = session.total_parts if ctx.state.settings.list_parts_total_count == "expected" else len(parts)
    return json_response(
        {
            "total_count": total,
            "limit": limit,
            "offset": offset,
            "order": [{"by": "offset", "direction": "ASC"}],
            "entries": [p.record() for p in parts[offset : offset + limit]],
        }
    )


async def plan_upload_session(ctx: Ctx) -> Response:
    state = ctx.state
    session = find_session(state, ctx.request.path_params["upload_session_id"], ctx.user, committed_ok=False)
    body = ctx.json()
    wanted = body.get("parts")
    if not isinstance(wanted, list):
        raise BoxError(400, "bad_request", "parts must be a list")
    hits: list[dict[str, Any]] = []
    misses: list[dict[str, Any]] = []
    for item in wanted:
        offset, size, sha512 = _plan_item(session, item)
        hit = await _find_hit(state, session, offset, size, sha512)
        if hit is None:
            misses.append({"offset": offset, "size": size, "sha512": sha512})
        else:
            hits.append({"offset": offset, "size": size, "sha512": sha512, "part_id": hit.part_id})
    return json_response({"upload_session_id": session.id, "hits": hits, "misses": misses})


def _plan_item(session: Session, item: Any) -> tuple[int, int, str]:
    if not isinstance(item, dict):
        raise BoxError(400, "bad_request", "each plan entry must be an object")
    offset, size, sha512 = item.get("offset"), item.get("size"), item.get("sha512")
    if not non_negative_int(offset) or not non_negative_int(size):
        raise BoxError(400, "bad_request", "offset and size must be non-negative integers")
    if not isinstance(sha512, str) or not SHA512_RE.match(sha512):
        raise BoxError(400, "bad_request", "sha512 must be 128 hex digits")
    if offset % session.part_size or offset >= session.file_size or size != session.expected_size(offset):
        raise BoxError(400, "bad_request", f"bytes {offset}+{size} is not a part of this session")
    return offset, size, sha512.lower()


async def _find_hit(state: State, session: Session, offset: int, size: int, sha512: str) -> Hit | None:
    scope = state.settings.plan_scope
    if scope == "none":
        return None
    for hit in session.hits.values():
        if hit.offset == offset and hit.sha512 == sha512:
            return hit
    same = _same_offset(state, session, offset, size)
    if same:
        key = tuple((str(s.path), s.offset, s.size) for s in same)
        if key not in state.digest_cache:
            state.digest_cache[key] = await asyncio.to_thread(digest_segments, same, "sha512")
        if state.digest_cache[key] == sha512:
            return _pin(session, offset, size, sha512, same)
    if scope == "user":
        for chunk in list(state.chunks_by_size.get(size, [])):
            if chunk.owner_id != session.owner.id:
                continue
            if await chunk_sha512(chunk) == sha512:
                return _pin(session, offset, size, sha512, [chunk.segment])
    return None


def _same_offset(state: State, session: Session, offset: int, size: int) -> list[Segment]:
    """The target file's current bytes at this offset: the hit Box promises at least (2.11)."""
    entry = state.files.get(session.file_id or "")
    if entry is None or offset + size > entry.current.size:
        return []
    return slice_segments(entry.current.segments, offset, size)


async def chunk_sha512(chunk: Chunk) -> str | None:
    if chunk.sha512 is None:
        try:
            chunk.sha512 = await asyncio.to_thread(digest_segments, [chunk.segment], "sha512")
        except OSError:
            return None
    return chunk.sha512


def _pin(session: Session, offset: int, size: int, sha512: str, segments: list[Segment]) -> Hit | None:
    """Keep the hit's bytes reachable until commit, whatever happens to the files they came from."""
    pinned = []
    try:
        for seg in segments:
            if seg.path not in session.pins:
                target = session.dir / f"pin-{len(session.pins):06d}"
                link_or_copy(seg.path, target)
                session.pins[seg.path] = target
            pinned.append(Segment(session.pins[seg.path], seg.offset, seg.size))
    except OSError:
        return None
    hit = Hit(ids.part_id(), offset, size, sha512, pinned)
    session.hits[hit.part_id] = hit
    return hit
