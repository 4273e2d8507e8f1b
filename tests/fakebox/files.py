"""Reading files back: details and bytes, so tests can check what arrived (GET /2.0/files/{id}[/content])."""

from __future__ import annotations

from urllib.parse import quote

from starlette.responses import Response, StreamingResponse

from .errors import BoxError, json_response
from .operation import Ctx
from .rules import find_file
from .storage import Segment, iter_segments


def segments_response(segments: list[Segment], size: int, filename: str | None = None) -> Response:
    """The bytes of a version, read from its segments in a worker thread as the client takes them."""
    headers = {"Content-Length": str(size)}
    if filename is not None:
        headers["Content-Disposition"] = f"attachment; filename*=utf-8''{quote(filename)}"
    return StreamingResponse(iter_segments(segments), media_type="application/octet-stream", headers=headers)


async def get_file(ctx: Ctx) -> Response:
    entry = find_file(ctx.state, ctx.request.path_params["file_id"], ctx.user)
    if_none_match = ctx.headers.get("if-none-match")
    if if_none_match is not None and if_none_match.strip('"') == str(entry.etag):
        return Response(status_code=304)
    raw = ",".join(ctx.request.query_params.getlist("fields"))
    return json_response(ctx.state.file_json(entry, [f for f in raw.split(",") if f] or None))


async def download_file(ctx: Ctx) -> Response:
    entry = find_file(ctx.state, ctx.request.path_params["file_id"], ctx.user)
    wanted = ctx.request.query_params.get("version")
    version = entry.current
    if wanted is not None:
        matches = [v for v in entry.versions if v.id == wanted]
        if not matches:
            raise BoxError(404, "not_found", f"Version {wanted} of file {entry.id} is not available")
        version = matches[0]
    return segments_response(version.segments, version.size, entry.name)
