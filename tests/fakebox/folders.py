"""Folders: create one, read one, page through one's items (POST /2.0/folders, GET /2.0/folders/{id}[/items]).

Box's rules: a name is unique within its parent case-insensitively, across files and folders alike, and a create
that collides answers 409 ``item_name_in_use`` listing the existing item in ``context_info.conflicts`` (an array
here, unlike file uploads: BOX-UPLOADS.md 4.12). Items come folders first, then files, each group by name; offset
paging reports ``total_count``, marker paging (``usemarker=true``) gives ``next_marker`` instead.
"""

from __future__ import annotations

import base64
from typing import Any

from starlette.responses import Response

from .errors import BoxError, json_response
from .operation import Ctx
from .rules import check_name, find_item_by_name, non_negative_int
from .state import DEFAULT_USER, ROOT_FOLDER_ID, FileEntry, Folder, State, User, box_time

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MAX_OFFSET = 10000


def find_folder(state: State, folder_id: str, user: User | None = None) -> Folder:
    """The folder ``folder_id`` names to ``user`` (with As-User, their own tree: 0 is their root)."""
    resolved = state.resolve_folder(user, folder_id) if user is not None else folder_id
    folder = state.folders.get(resolved) if resolved is not None else None
    if folder is None:
        raise BoxError(
            404,
            "not_found",
            "Not Found",
            context_info={"errors": [{"reason": "invalid_parameter", "name": "folder_id", "message": "Invalid value"}]},
        )
    return folder


def folder_json(state: State, folder: Folder) -> dict[str, Any]:
    path = [f.mini() for f in state.ancestry(folder.parent_id)] if folder.parent_id is not None else []
    owner = DEFAULT_USER.mini()
    return {
        **folder.mini(),
        "created_at": None if folder.id == ROOT_FOLDER_ID else box_time(folder.created_at),
        "modified_at": None if folder.id == ROOT_FOLDER_ID else box_time(folder.created_at),
        "description": "",
        "size": 0,
        "path_collection": {"total_count": len(path), "entries": path},
        "created_by": owner,
        "modified_by": owner,
        "owned_by": owner,
        "parent": state.folders[folder.parent_id].mini() if folder.parent_id is not None else None,
        "item_status": "active",
    }


def _selected(full: dict[str, Any], fields: list[str] | None) -> dict[str, Any]:
    if not fields:
        return full
    keep = {"type", "id", "etag"} | set(fields)
    return {k: v for k, v in full.items() if k in keep}


def _fields(ctx: Ctx) -> list[str] | None:
    raw = ",".join(ctx.request.query_params.getlist("fields"))
    return [f for f in raw.split(",") if f] or None


async def create_folder(ctx: Ctx) -> Response:
    body = ctx.json()
    name = check_name(body.get("name"), missing_code="bad_request")
    parent = body.get("parent")
    parent_id = parent.get("id") if isinstance(parent, dict) else None
    if not isinstance(parent_id, str):
        raise BoxError(400, "bad_request", "parent.id is required")
    parent_folder = find_folder(ctx.state, parent_id, ctx.user)
    parent_id = parent_folder.id
    existing = find_item_by_name(ctx.state, parent_id, name)
    if existing is not None:
        raise BoxError(
            409,
            "item_name_in_use",
            "Item with the same name already exists",
            context_info={"conflicts": [_item_mini(ctx.state, existing)]},
        )
    folder = Folder(ctx.state.new_folder_id(), name, parent_id, owner_id=parent_folder.owner_id)
    ctx.state.folders[folder.id] = folder
    return json_response(_selected(folder_json(ctx.state, folder), _fields(ctx)), 201)


async def get_folder(ctx: Ctx) -> Response:
    folder = find_folder(ctx.state, ctx.request.path_params["folder_id"], ctx.user)
    return json_response(_selected(folder_json(ctx.state, folder), _fields(ctx)))


async def list_folder_items(ctx: Ctx) -> Response:
    state = ctx.state
    folder = find_folder(state, ctx.request.path_params["folder_id"], ctx.user)
    query = ctx.request.query_params
    limit = _int_param(query.get("limit"), "limit", DEFAULT_LIMIT)
    if not 1 <= limit <= MAX_LIMIT:
        raise BoxError(400, "bad_request", f"limit must be between 1 and {MAX_LIMIT}")
    fields = _fields(ctx)
    children: list[Folder | FileEntry] = sorted(
        (f for f in state.folders.values() if f.parent_id == folder.id), key=lambda f: (f.name.casefold(), f.id)
    )
    children += sorted(
        (f for f in state.files.values() if f.folder_id == folder.id), key=lambda f: (f.name.casefold(), f.id)
    )
    if query.get("usemarker", "").lower() == "true":
        start = _decode_marker(query.get("marker"))
        page = children[start : start + limit]
        more = start + limit < len(children)
        body: dict[str, Any] = {
            "entries": [_item_json(state, item, fields) for item in page],
            "limit": limit,
            "next_marker": _encode_marker(start + limit) if more else None,
        }
        return json_response(body)
    offset = _int_param(query.get("offset"), "offset", 0)
    if offset > MAX_OFFSET:  # Box refuses offsets past 10000: deep listings must use marker paging
        raise BoxError(400, "bad_request", f"offset must be between 0 and {MAX_OFFSET}")
    page = children[offset : offset + limit]
    return json_response(
        {
            "entries": [_item_json(state, item, fields) for item in page],
            "limit": limit,
            "offset": offset,
            "total_count": len(children),
            "order": [{"by": "type", "direction": "ASC"}, {"by": "name", "direction": "ASC"}],
        }
    )


def _item_json(state: State, item: Folder | FileEntry, fields: list[str] | None) -> dict[str, Any]:
    if isinstance(item, Folder):
        return _selected(folder_json(state, item), fields) if fields else item.mini()
    full = state.file_json(item)
    mini = {k: full[k] for k in ("type", "id", "sequence_id", "etag", "sha1", "name", "file_version")}
    return state.file_json(item, fields) if fields else mini


def _item_mini(state: State, item: Folder | FileEntry) -> dict[str, Any]:
    return item.mini() if isinstance(item, Folder) else state.conflict_json(item)


def _int_param(raw: str | None, name: str, default: int) -> int:
    if raw is None:
        return default
    value: object = int(raw) if raw.isdigit() else None
    if not non_negative_int(value):
        raise BoxError(400, "bad_request", f"{name} must be a non-negative integer")
    return value


def _encode_marker(position: int) -> str:
    return base64.urlsafe_b64encode(f"fakebox:{position}".encode()).decode()


def _decode_marker(marker: str | None) -> int:
    if not marker:
        return 0
    try:
        text = base64.urlsafe_b64decode(marker.encode()).decode()
        prefix, _, position = text.partition(":")
        if prefix == "fakebox" and position.isdigit():
            return int(position)
    except (ValueError, UnicodeDecodeError):
        pass
    raise BoxError(400, "invalid_parameter", "The marker is not valid")
