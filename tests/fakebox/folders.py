"""GET /2.0/folders/{folder_id}/items: what a client lists to find files by name (rclone does before every upload).

Box pages it two ways: by ``offset`` (the answer carries ``total_count``, ``offset`` and ``order``) or, with
``usemarker=true``, by an opaque ``marker`` (the answer carries ``next_marker``, null on the last page, and no
``total_count``). Folders come before files; within each kind, items are in id order, so pages are stable while
nothing changes. Not in openapi/box-uploads.json yet (boxup does not list folders), so it is not validated.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from starlette.responses import Response

from .errors import BoxError, json_response
from .operation import Ctx
from .state import FileEntry, Folder, State

LIMIT_DEFAULT = 100
LIMIT_MAX = 1000
OFFSET_MAX = 10000
# What Box sends for an item when no ``fields`` are asked for (its "mini" representations).
FOLDER_MINI = ("type", "id", "sequence_id", "etag", "name")
FILE_MINI = ("type", "id", "sequence_id", "etag", "sha1", "name", "file_version")
ALWAYS = {"type", "id", "etag"}


def _int(ctx: Ctx, name: str, default: int) -> int:
    raw = ctx.request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise BoxError(400, "bad_request", f"{name} must be an integer") from exc


def _marker(index: int) -> str:
    return base64.urlsafe_b64encode(f"fakebox:{index}".encode()).decode()


def _index_of(marker: str) -> int:
    try:
        text = base64.urlsafe_b64decode(marker.encode()).decode()
        prefix, _, number = text.partition(":")
        if prefix != "fakebox" or not number.isdigit():
            raise ValueError(marker)
        return int(number)
    except (ValueError, binascii.Error) as exc:
        raise BoxError(400, "invalid_parameter", "The marker is not valid") from exc


def folder_json(state: State, folder: Folder) -> dict[str, Any]:
    path = [f.mini() for f in state.ancestry(folder.parent_id)] if folder.parent_id is not None else []
    parent = state.folders[folder.parent_id].mini() if folder.parent_id is not None else None
    size = sum(e.current.size for e in state.files.values() if e.folder_id == folder.id)
    return folder.mini() | {
        "description": "",
        "size": size,
        "path_collection": {"total_count": len(path), "entries": path},
        "created_at": None,
        "modified_at": None,
        "trashed_at": None,
        "purged_at": None,
        "content_created_at": None,
        "content_modified_at": None,
        "parent": parent,
        "item_status": "active",
    }


def _item_json(state: State, item: Folder | FileEntry, fields: list[str] | None) -> dict[str, Any]:
    if isinstance(item, Folder):
        full, mini = folder_json(state, item), FOLDER_MINI
    else:
        full, mini = state.file_json(item), FILE_MINI
    keep = ALWAYS | set(fields) if fields else set(mini)
    return {k: v for k, v in full.items() if k in keep}


def _children(state: State, folder_id: str) -> list[Folder | FileEntry]:
    folders = sorted((f for f in state.folders.values() if f.parent_id == folder_id), key=lambda f: int(f.id))
    files = sorted((e for e in state.files.values() if e.folder_id == folder_id), key=lambda e: int(e.id))
    return [*folders, *files]


async def list_folder_items(ctx: Ctx) -> Response:
    state = ctx.state
    folder_id = ctx.request.path_params["folder_id"]
    if folder_id not in state.folders:
        raise BoxError(404, "not_found", "Not Found", context_info={"errors": [
            {"reason": "invalid_parameter", "name": "folder_id", "message": f"Invalid value '{folder_id}'."}
        ]})  # fmt: skip
    params = ctx.request.query_params
    limit = _int(ctx, "limit", LIMIT_DEFAULT)
    if not 1 <= limit <= LIMIT_MAX:
        raise BoxError(400, "bad_request", f"limit must be between 1 and {LIMIT_MAX}")
    raw_fields = ",".join(params.getlist("fields"))
    fields = [f for f in raw_fields.split(",") if f] or None
    items = _children(state, folder_id)
    if params.get("usemarker", "").lower() == "true":
        start = _index_of(params["marker"]) if params.get("marker") else 0
        page = items[start : start + limit]
        more = start + limit < len(items)
        return json_response({
            "limit": limit,
            "next_marker": _marker(start + limit) if more else None,
            "prev_marker": _marker(max(0, start - limit)) if start else None,
            "entries": [_item_json(state, item, fields) for item in page],
        })  # fmt: skip
    offset = _int(ctx, "offset", 0)
    if not 0 <= offset <= OFFSET_MAX:
        raise BoxError(400, "bad_request", f"offset must be between 0 and {OFFSET_MAX}")
    return json_response({
        "total_count": len(items),
        "limit": limit,
        "offset": offset,
        "order": [{"by": "type", "direction": "ASC"}, {"by": "id", "direction": "ASC"}],
        "entries": [_item_json(state, item, fields) for item in items[offset : offset + limit]],
    })  # fmt: skip
