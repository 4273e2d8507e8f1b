"""A first working tree upload: plan, ensure the folders, then upload each file through ``Client.upload_async``.

Phase 1 scheduling: whole files run under one semaphore of ``concurrency`` (each file's parts still use the
client's own part concurrency); phase 2 replaces this with request slots shared by every part of every file. What
stays: the plan, the per-folder listing read once, the ``--if-exists`` decision, one FileResult per file in plan
order. A file that fails is reported and the rest go on; Ctrl-C (cancellation) is not swallowed, so a rerun
finishes the tree: done files come back ``identical``, half-sent big files resume from their records.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Literal

from boxup_api import Client as GeneratedClient
from boxup_api.models import FileFull

from .autoconcurrency import DEFAULT_CAP
from .client import Client, check_id
from .errors import BoxError, InputError
from .folders import BoxItem, EnsuredFolders, ensure_folders, list_items
from .gateway.convert import uploaded_file
from .models import UploadedFile
from .results import FileResult
from .slots import Slots
from .tree import PlannedFile, TreePlan, plan_tree

IfExists = Literal["fail", "skip", "version"]
IF_EXISTS: tuple[IfExists, ...] = ("fail", "skip", "version")
HASH_BLOCK = 1024 * 1024


def sha1_of(path: Path) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    with path.open("rb") as f:
        while block := f.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


class _Listings:
    """Each target folder's items, read once (by marker paging) and shared by the files going into it."""

    def __init__(self, api: GeneratedClient) -> None:
        self._api = api
        self._items: dict[str, asyncio.Task[dict[str, BoxItem]]] = {}

    async def get(self, folder_id: str, name: str) -> BoxItem | None:
        if folder_id not in self._items:
            self._items[folder_id] = asyncio.ensure_future(self._read(folder_id))
        return (await self._items[folder_id]).get(name.casefold())

    async def _read(self, folder_id: str) -> dict[str, BoxItem]:
        return {item.name.casefold(): item async for item in list_items(self._api, folder_id)}


class _TreeRun:
    def __init__(self, client: Client, api: GeneratedClient, folders: EnsuredFolders, if_exists: IfExists) -> None:
        self.client = client
        self.folders = folders
        self.if_exists = if_exists
        self.listings = _Listings(api)
        # concurrency="auto": one controller per file would let each file grow to the cap, so the files share
        # untuned slots at the cap instead (memory stays bounded by one cap of parts for the whole tree).
        self.slots = Slots(DEFAULT_CAP) if client.settings.auto else None

    async def one(self, planned: PlannedFile) -> FileResult:
        problem = planned.problem or self.folders.problem_for(planned.parent)
        if problem is not None:
            return FileResult(planned.path, "failed", error=problem)
        try:
            return await self._upload(planned, self.folders.ids[planned.parent])
        except BoxError as exc:
            return FileResult(planned.path, "failed", error=str(exc))
        except OSError as exc:
            return FileResult(planned.path, "failed", error=f"cannot read {str(planned.source)!r}: {exc.strerror}")

    async def _upload(self, planned: PlannedFile, folder_id: str) -> FileResult:
        existing = await self.listings.get(folder_id, planned.name)
        if existing is None:
            uploaded = await self.client.upload_async(
                planned.source, folder_id=folder_id, name=planned.name, slots=self.slots
            )
            return FileResult(planned.path, "uploaded", uploaded)
        if self.if_exists == "skip":
            return FileResult(planned.path, "skipped")
        if existing.type != "file":
            return FileResult(planned.path, "failed", error=f"a {existing.type} named {existing.name!r} is in the way")
        if existing.sha1 == await asyncio.to_thread(sha1_of, planned.source):
            return FileResult(planned.path, "identical", _listed_file(existing))
        if self.if_exists == "fail":
            message = f"{existing.name!r} is already in the folder with other bytes (use --if-exists version or skip)"
            return FileResult(planned.path, "failed", error=message)
        uploaded = await self.client.upload_async(
            planned.source, file_id=existing.id, name=planned.name, slots=self.slots
        )
        return FileResult(planned.path, "version", uploaded)


def _listed_file(item: BoxItem) -> UploadedFile:
    """The file as the folder listing showed it (id, name, sha1, size): no extra request per identical file."""
    return uploaded_file(item.raw, FileFull.from_dict(item.raw))


async def upload_tree_async(
    client: Client,
    paths: Sequence[str | os.PathLike[str]],
    *,
    folder_id: str,
    if_exists: IfExists = "fail",
    excludes: Iterable[str] = (),
    concurrency: int | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Mirror ``paths`` under ``folder_id``; one result per planned file (and per skipped local entry), in plan
    order. Bad input raises InputError before anything is sent."""
    plan, limit = _checked(paths, folder_id, if_exists, excludes, concurrency or client.settings.start_concurrency)
    async with GeneratedClient(client.endpoints.api_url, httpx_args={"auth": client.auth}) as api:
        folders = await ensure_folders(api, folder_id, plan.folders)
        run = _TreeRun(client, api, folders, if_exists)
        gate = asyncio.Semaphore(limit)

        async def guarded(planned: PlannedFile) -> FileResult:
            async with gate:
                result = await run.one(planned)
            if on_result is not None:
                on_result(result)
            return result

        results = list(await asyncio.gather(*(guarded(f) for f in plan.files)))
    return results + [FileResult(s.path, "skipped") for s in plan.skipped]


def upload_tree(client: Client, paths: Sequence[str | os.PathLike[str]], **options: object) -> list[FileResult]:
    """``upload_tree_async`` on a fresh event loop."""
    return asyncio.run(upload_tree_async(client, paths, **options))  # type: ignore[arg-type]


def _checked(
    paths: Sequence[str | os.PathLike[str]], folder_id: str, if_exists: str, excludes: Iterable[str], limit: int
) -> tuple[TreePlan, int]:
    check_id("folder", folder_id)
    if if_exists not in IF_EXISTS:
        raise InputError(f"--if-exists must be one of {', '.join(IF_EXISTS)}, got {if_exists!r}")
    if limit < 1:
        raise InputError(f"concurrency must be at least 1, got {limit}")
    return plan_tree(paths, excludes=excludes), limit
