"""Folders on Box for a tree upload: find a child by name, ensure a folder exists, list a folder's items.

Every call goes through the gateway (``gateway.folder_ops``) under the retry policy, with the run's shared pause
(a 429 pauses every request of the tree). Ensuring creates first and reads the 409: one request per folder whether
it is new or already there, and two runs racing to create the same folder both end up with the one Box kept,
because ``item_name_in_use`` on create-folder names the existing item in ``context_info.conflicts``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import TypeVar

import attrs

from .errors import ApiError, ResponseError
from .gateway import Api, folder_ops
from .models import BoxItem
from .retry import Deadline, Pacer, RetryPolicy
from .tree import PlannedFolder

T = TypeVar("T")
PAGE_SIZE = folder_ops.PAGE_SIZE
__all__ = ["BoxItem", "EnsuredFolders", "FolderApi", "FolderInTheWay", "ensure_folder", "ensure_folders"]


@attrs.frozen
class FolderApi:
    """The gateway plus how patiently to call it: the retry policy, the run's shared pacer and its deadline."""

    api: Api
    policy: RetryPolicy = attrs.field(factory=RetryPolicy)
    pacer: Pacer = attrs.field(factory=Pacer)
    deadline: Deadline = attrs.field(factory=lambda: Deadline(None))

    async def run(self, call: Callable[[], Awaitable[T]]) -> T:
        return await self.policy.run(lambda _: call(), pacer=self.pacer, deadline=self.deadline)


class FolderInTheWay(ApiError):
    """The name a folder needs is taken by a file (or a web link)."""


async def list_items(folders: FolderApi, folder_id: str, *, page_size: int = PAGE_SIZE) -> AsyncIterator[BoxItem]:
    """Every item in the folder, page by page (marker paging)."""
    marker: str | None = None
    while True:
        items, marker = await folders.run(
            lambda marker=marker: folder_ops.list_items_page(  # type: ignore[misc]
                folders.api, folder_id, marker, page_size=page_size
            )
        )
        for item in items:
            yield item
        if marker is None:
            return


async def find_item(folders: FolderApi, folder_id: str, name: str) -> BoxItem | None:
    """The item holding ``name`` in the folder, compared as Box does (case-insensitively)."""
    folded = name.casefold()
    async for item in list_items(folders, folder_id):
        if item.name.casefold() == folded:
            return item
    return None


async def ensure_folder(folders: FolderApi, parent_id: str, name: str) -> str:
    """The id of the folder ``name`` in ``parent_id``, created if missing, reused if it is there already."""
    try:
        return await folders.run(lambda: folder_ops.create_folder(folders.api, parent_id, name))
    except ApiError as error:
        if error.status != 409 or error.code != "item_name_in_use":
            raise
        existing = error.conflicting_file
        if existing is None:
            found = await find_item(folders, parent_id, name)
            existing = {"type": found.type, "id": found.id} if found else None
        if existing is None:
            raise
        if existing.get("type") != "folder" or not isinstance(existing.get("id"), str):
            raise FolderInTheWay(
                "create_folder",
                attrs.evolve(
                    error.details, message=f"a {existing.get('type')} named {name!r} is in the way of the folder"
                ),
            ) from None
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


async def ensure_folders(box: FolderApi, root_id: str, planned: Iterable[PlannedFolder]) -> EnsuredFolders:
    """Ensure every planned folder, parents first (a plan lists them so). A folder Box refuses, or whose parent
    failed, is recorded and the rest go on; folders the planner already refused are not tried."""
    ids: dict[str, str] = {"": root_id}
    errors: dict[str, str] = {}
    for folder in planned:
        parent = ids.get(folder.parent)
        if folder.problem is not None or parent is None:
            continue
        try:
            ids[folder.path] = await ensure_folder(box, parent, folder.name)
        except (ApiError, ResponseError) as exc:
            errors[folder.path] = str(exc)
    return EnsuredFolders(ids, errors)
