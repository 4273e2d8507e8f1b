"""Folders on Box for a tree upload: find a child by name, ensure a folder exists, look up an existing file.

Written against the generated client directly (one call per function, no retries); phase 2 moves these calls into
the gateway and its failure policy. Ensuring creates first and reads the 409: one request per folder whether it is
new or already there, and two runs racing to create the same folder both end up with the one Box kept, because
``item_name_in_use`` on create-folder names the existing item in ``context_info.conflicts``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable
from typing import Any

import attrs
from boxup_api import AuthenticatedClient, Client
from boxup_api.api.folders import create_folder, list_folder_items
from boxup_api.models import CreateFolderBody, CreateFolderBodyParent
from boxup_api.types import UNSET, Response, Unset

from .answers import error_details
from .errors import ApiError, ResponseError
from .statuses import ACCEPTED
from .tree import PlannedFolder

GeneratedClient = AuthenticatedClient | Client
PAGE_SIZE = 1000  # Box's maximum for folder items
ITEM_FIELDS = "type,id,name,sha1,size"


@attrs.frozen
class BoxItem:
    """A file or folder as a folder listing names it; ``sha1`` only for files."""

    type: str
    id: str
    name: str
    sha1: str | None = None
    size: int | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False)

    @classmethod
    def from_json(cls, raw: Any) -> BoxItem:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not isinstance(raw.get("name"), str):
            raise ResponseError(f"a folder item without an id and a name: {str(raw)[:120]}")
        sha1, size = raw.get("sha1"), raw.get("size")
        return cls(
            type=str(raw.get("type")),
            id=raw["id"],
            name=raw["name"],
            sha1=sha1.lower() if isinstance(sha1, str) else None,
            size=size if isinstance(size, int) else None,
            raw=raw,
        )


class FolderInTheWay(ApiError):
    """The name a folder needs is taken by a file (or a web link)."""


def _body(operation: str, response: Response[Any]) -> dict[str, Any]:
    status = int(response.status_code)
    if status not in ACCEPTED[operation]:
        raise ApiError(operation, error_details(status, dict(response.headers), response.content))
    try:
        body = json.loads(response.content)
    except (ValueError, RecursionError) as exc:
        raise ResponseError(f"{operation}: the answer is not JSON") from exc
    if not isinstance(body, dict):
        raise ResponseError(f"{operation}: the answer is not a JSON object")
    return body


async def list_items(client: GeneratedClient, folder_id: str, *, page_size: int = PAGE_SIZE) -> AsyncIterator[BoxItem]:
    """Every item in the folder, by marker paging (offset paging stops working past 10,000 items on Box)."""
    marker: str | Unset = UNSET
    while True:
        response = await list_folder_items.asyncio_detailed(
            folder_id, client=client, fields=[ITEM_FIELDS], usemarker=True, marker=marker, offset=UNSET, limit=page_size
        )
        body = _body("list_folder_items", response)
        entries = body.get("entries")
        if not isinstance(entries, list):
            raise ResponseError("list_folder_items: the answer has no entries")
        for raw in entries:
            yield BoxItem.from_json(raw)
        next_marker = body.get("next_marker")
        if not isinstance(next_marker, str) or not next_marker or not entries:
            return
        marker = next_marker


async def find_item(client: GeneratedClient, folder_id: str, name: str) -> BoxItem | None:
    """The item holding ``name`` in the folder, compared as Box does (case-insensitively)."""
    folded = name.casefold()
    async for item in list_items(client, folder_id):
        if item.name.casefold() == folded:
            return item
    return None


async def find_file(client: GeneratedClient, folder_id: str, name: str) -> BoxItem | None:
    """For ``--if-exists``: the file already named ``name`` in the folder (its id and sha1), if any."""
    item = await find_item(client, folder_id, name)
    return item if item is not None and item.type == "file" else None


async def ensure_folder(client: GeneratedClient, parent_id: str, name: str) -> str:
    """The id of the folder ``name`` in ``parent_id``, created if missing, reused if it is there already."""
    body = CreateFolderBody(name=name, parent=CreateFolderBodyParent(id=parent_id))
    response = await create_folder.asyncio_detailed(client=client, body=body, fields=["id,name"])
    status = int(response.status_code)
    if status != 409:
        created = _body("create_folder", response)
        if not isinstance(created.get("id"), str):
            raise ResponseError("create_folder: the answer has no folder id")
        return str(created["id"])
    error = ApiError("create_folder", error_details(status, dict(response.headers), response.content))
    existing = error.conflicting_file
    if error.code == "item_name_in_use" and existing is None:
        found = await find_item(client, parent_id, name)
        existing = {"type": found.type, "id": found.id} if found else None
    if error.code != "item_name_in_use" or existing is None:
        raise error
    if existing.get("type") != "folder" or not isinstance(existing.get("id"), str):
        raise FolderInTheWay(
            "create_folder",
            attrs.evolve(error.details, message=f"a {existing.get('type')} named {name!r} is in the way of the folder"),
        )
    return str(existing["id"])


@attrs.frozen
class EnsuredFolders:
    """Box ids of the planned folders by relative path (``""`` is the target), and why any could not be had."""

    ids: dict[str, str]
    errors: dict[str, str]

    def problem_for(self, folder: str) -> str | None:
        """Why files in ``folder`` cannot go up: the nearest folder on their way that failed, or None."""
        while folder not in self.ids:
            if folder in self.errors:
                return f"the folder {folder!r} could not be had on Box: {self.errors[folder]}"
            if not folder:
                return "the target folder is unknown"
            folder = folder.rpartition("/")[0]
        return None


async def ensure_folders(client: GeneratedClient, root_id: str, folders: Iterable[PlannedFolder]) -> EnsuredFolders:
    """Ensure every planned folder, parents first (a plan lists them so). A folder Box refuses, or whose parent
    failed, is recorded and the rest go on; folders the planner already refused are not tried."""
    ids: dict[str, str] = {"": root_id}
    errors: dict[str, str] = {}
    for folder in folders:
        parent = ids.get(folder.parent)
        if folder.problem is not None or parent is None:
            continue
        try:
            ids[folder.path] = await ensure_folder(client, parent, folder.name)
        except (ApiError, ResponseError) as exc:
            errors[folder.path] = str(exc)
    return EnsuredFolders(ids, errors)
