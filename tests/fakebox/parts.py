"""PUT a part: strict Content-Length, Content-Range and Digest checks, then the bytes streamed to disk (2.4, 4.4-4.7).

Everything that can be judged from the headers is judged before a byte of the body is read, as a server that
refuses early would; the digest can only be judged after the last byte.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re

from starlette.responses import Response

from . import ids
from .errors import BoxError, json_response
from .operation import Ctx
from .rules import b64, find_session, parse_digest
from .state import Chunk, Part, Session
from .storage import Segment, write_stream

CONTENT_RANGE_RE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")
_HASHES = {"sha": "sha1", "sha-256": "sha256"}


def _range(header: str | None, session: Session) -> tuple[int, int]:
    if header is None:
        raise BoxError(400, "bad_request", "The Content-Range header is required")
    match = CONTENT_RANGE_RE.match(header)
    if not match:
        raise BoxError(400, "bad_request", f"Content-Range must read 'bytes <first>-<last>/<total>', not {header!r}")
    first, last, total = (int(g) for g in match.groups())
    if total != session.file_size:
        raise BoxError(416, "range_not_satisfiable", f"The total {total} is not the session's file size")
    if first > last or last >= session.file_size:
        raise BoxError(416, "range_not_satisfiable", f"bytes {first}-{last} is not inside the file")
    if first % session.part_size:
        raise BoxError(416, "range_not_satisfiable", f"{first} is not a multiple of the part size {session.part_size}")
    expected_last = first + session.expected_size(first) - 1
    if last != expected_last:
        raise BoxError(
            416,
            "range_not_satisfiable",
            f"The part starting at {first} must end at {expected_last}: every part but the last is exactly "
            f"{session.part_size} bytes",
        )
    return first, last


def _overlap(session: Session, first: int) -> BoxError:
    stored = session.parts[first]
    return BoxError(
        416,
        "range_overlaps_existing_part",
        "Part overlaps with previously uploaded part",
        context_info={"conflicting_part": stored.record()},
    )


async def upload_part(ctx: Ctx) -> Response:
    state = ctx.state
    settings = state.settings
    session = find_session(state, ctx.request.path_params["upload_session_id"], ctx.user, committed_ok=False)
    declared = ctx.headers.get("content-length")
    if declared is None or "chunked" in ctx.headers.get("transfer-encoding", "").lower():
        raise BoxError(411, "length_required", "A Content-Length header is required")
    allowed = {"sha", "sha-256"} if settings.accept_sha256_part_digest else {"sha"}
    digests = parse_digest(ctx.headers.get("digest"), allowed=allowed)
    first, last = _range(ctx.headers.get("content-range"), session)
    size = last - first + 1
    if not declared.isdigit() or int(declared) != size:
        raise BoxError(400, "bad_request", f"Content-Length {declared} does not match Content-Range ({size} bytes)")
    if first in session.parts:
        raise _overlap(session, first)

    hashers = {algo: hashlib.new(_HASHES[algo]) for algo in digests}
    sha1 = hashers.setdefault("sha", hashlib.sha1())
    temp = session.dir / f"{first}-{ids.part_id()}.tmp"
    keep = False
    try:
        received = await write_stream(ctx.stream(), temp, hashers.values())
        if received != size:
            raise BoxError(400, "bad_request", f"Received {received} bytes, Content-Range announced {size}")
        for algo, expected in digests.items():
            actual = hashers[algo].digest()
            if actual != expected:
                raise BoxError(
                    settings.part_digest_mismatch_status,
                    settings.part_digest_mismatch_code,
                    f"Part digest was incorrect. Actual: {b64(actual)} Expected: {b64(expected)}",
                )
        if state.sessions.get(session.id) is not session:
            raise BoxError(404, "not_found", "Could not find the specified resource")
        if first in session.parts:  # a concurrent upload of the same range finished first
            raise _overlap(session, first)
        part = Part(ids.part_id(), first, size, sha1.hexdigest(), Chunk(session.owner.id, Segment(temp, 0, size)))
        final = temp.with_suffix(f".{part.part_id}.part")
        os.replace(temp, final)
        part.chunk.segment = Segment(final, 0, size)
        session.parts[first] = part
        state.index_chunk(part.chunk)
        keep = True
    except FileNotFoundError as exc:  # the session was aborted (its directory removed) while the part streamed
        raise BoxError(404, "not_found", "Could not find the specified resource") from exc
    finally:
        if not keep:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    return json_response({"part": part.record()})
