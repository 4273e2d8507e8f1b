"""The gateway's folder operations (tree uploads): create a folder, and one page of a folder's items.

Like the rest of the gateway: one request each through ``Api.call`` (so a tree run's shared slots and 429 pause
cover them), exactly the statuses ``statuses.ACCEPTED`` lists, boxup values out. Items are read from the raw
answer rather than the generated ``Items`` model so each keeps Box's JSON unchanged (``--json`` prints it).
"""

from __future__ import annotations

import json
from typing import Any

from boxup_api.api.folders import create_folder as create_folder_op
from boxup_api.api.folders import list_folder_items
from boxup_api.models import CreateFolderBody, CreateFolderBodyParent
from boxup_api.types import UNSET, Response

from ..errors import ResponseError
from ..models import BoxItem
from ..statuses import ACCEPTED
from .hosts import Api

PAGE_SIZE = 1000  # Box's maximum for folder items
ITEM_FIELDS = "type,id,name,sha1,size"


def _object(operation: str, response: Response[Any]) -> dict[str, Any]:
    try:
        body = json.loads(response.content)
    except (ValueError, RecursionError) as exc:
        raise ResponseError(f"{operation}: the answer is not JSON") from exc
    if not isinstance(body, dict):
        raise ResponseError(f"{operation}: the answer is not a JSON object")
    return body


async def create_folder(api: Api, parent_id: str, name: str) -> str:
    """The new folder's id. A name already taken raises Box's 409 ``item_name_in_use`` as an ApiError."""
    body = CreateFolderBody(name=name, parent=CreateFolderBodyParent(id=parent_id))
    response = await api.call(
        "create folder",
        lambda: create_folder_op.asyncio_detailed(client=api.files, body=body, fields=["id,name"]),
        expect=None,
        ok=ACCEPTED["create_folder"],
    )
    created = _object("create folder", response)
    if not isinstance(created.get("id"), str):
        raise ResponseError("create folder: the answer has no folder id")
    return str(created["id"])


async def list_items_page(
    api: Api, folder_id: str, marker: str | None, *, page_size: int = PAGE_SIZE
) -> tuple[list[BoxItem], str | None]:
    """One page of items by marker paging (offset paging stops past 10,000 items on Box), and the next marker."""
    response = await api.call(
        "list folder items",
        lambda: list_folder_items.asyncio_detailed(
            folder_id,
            client=api.files,
            fields=[ITEM_FIELDS],
            usemarker=True,
            marker=UNSET if marker is None else marker,
            offset=UNSET,
            limit=page_size,
        ),
        expect=None,
        ok=ACCEPTED["list_folder_items"],
    )
    body = _object("list folder items", response)
    entries = body.get("entries")
    if not isinstance(entries, list):
        raise ResponseError("list folder items: the answer has no entries")
    next_marker = body.get("next_marker")
    more = isinstance(next_marker, str) and next_marker and entries
    return [BoxItem.from_json(raw) for raw in entries], next_marker if more else None
