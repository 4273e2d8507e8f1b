"""Tree upload: plan, ensure the folders, then every file through one transfer manager.

One ``boxup.Slots`` per run bounds the transfers in flight across every file: parts of big files and whole small
files (direct uploads) take the same slots, so memory stays bounded whatever the tree, and the slots' pacer is the
run's one 429 pause (folder calls and listings use it too). At most ``concurrency`` files are open at once,
taken in plan order. What a file ends as is decided here: the folder's listing is read once, then ``--if-exists``.
A file that fails is reported and the rest go on; cancellation (Ctrl-C) is not swallowed, so rerunning the same
call finishes the tree: done files come back ``identical``, half-sent big files resume from their records.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .autoconcurrency import DEFAULT_CAP, DEFAULT_START
from .engine import Engine
from .errors import BoxError, InputError
from .folders import BoxItem, EnsuredFolders, FolderApi, ensure_folders, list_items
from .gateway.convert import listed_file
from .models import UploadedFile
from .progress import Progress, ProgressTracker
from .results import IF_EXISTS, FileResult, IfExists
from .retry import Deadline
from .slots import Slots
from .source import Source
from .state import Destination
from .tree import PlannedFile, TreePlan, plan_tree
from .validate import check_id

if TYPE_CHECKING:
    from .client import Client

BytesCallback = Callable[[int], None]  # bytes sent (or taken back, when a request is retried) since the last call


def sha1_of(path: Path) -> str:
    with Source(path) as source:
        return source.sha1_hex()


class _Listings:
    """Each target folder's items, read once (by marker paging) and shared by the files going into it."""

    def __init__(self, folders: FolderApi) -> None:
        self._folders = folders
        self._items: dict[str, asyncio.Task[dict[str, BoxItem]]] = {}

    async def get(self, folder_id: str, name: str) -> BoxItem | None:
        if folder_id not in self._items:
            self._items[folder_id] = asyncio.ensure_future(self._read(folder_id))
        return (await self._items[folder_id]).get(name.casefold())

    async def _read(self, folder_id: str) -> dict[str, BoxItem]:
        return {item.name.casefold(): item async for item in list_items(self._folders, folder_id)}


class _TreeRun:
    def __init__(
        self, engine: Engine, folders: FolderApi, ensured: EnsuredFolders, if_exists: IfExists, on_bytes: BytesCallback
    ) -> None:
        self.engine = engine
        self.ensured = ensured
        self.if_exists = if_exists
        self.listings = _Listings(folders)
        self.on_bytes = on_bytes

    async def one(self, planned: PlannedFile) -> FileResult:
        problem = planned.problem or self.ensured.problem_for(planned.parent)
        if problem is not None:
            return FileResult(planned.path, "failed", error=problem)
        try:
            return await self._upload(planned, self.ensured.ids[planned.parent])
        except BoxError as exc:
            return FileResult(planned.path, "failed", error=str(exc))
        except OSError as exc:
            return FileResult(planned.path, "failed", error=f"cannot read {str(planned.source)!r}: {exc.strerror}")

    async def _upload(self, planned: PlannedFile, folder_id: str) -> FileResult:
        existing = await self.listings.get(folder_id, planned.name)
        if existing is None:
            uploaded = await self._send(planned, Destination(folder_id, None, planned.name))
            return FileResult(planned.path, "uploaded", uploaded)
        if self.if_exists == "skip":
            return FileResult(planned.path, "skipped")
        if existing.type != "file":
            return FileResult(planned.path, "failed", error=f"a {existing.type} named {existing.name!r} is in the way")
        if existing.sha1 == await asyncio.to_thread(sha1_of, planned.source):
            return FileResult(planned.path, "identical", listed_file(existing.raw))
        if self.if_exists == "fail":
            message = f"{existing.name!r} is already in the folder with other bytes (use --if-exists version or skip)"
            return FileResult(planned.path, "failed", error=message)
        uploaded = await self._send(planned, Destination(None, existing.id, planned.name))
        return FileResult(planned.path, "version", uploaded)

    async def _send(self, planned: PlannedFile, destination: Destination) -> UploadedFile:
        sent = 0

        def forward(progress: Progress) -> None:
            nonlocal sent
            delta, sent = progress.bytes_done - sent, progress.bytes_done
            if delta:
                self.on_bytes(delta)

        tracker = ProgressTracker(forward, planned.source.stat().st_size)
        try:
            return await self.engine.upload(planned.source, destination, progress=tracker)
        except BaseException:
            if sent:
                self.on_bytes(-sent)  # a failed or interrupted file's bytes do not count as done
            raise


async def upload_tree_async(
    client: Client,
    paths: Sequence[str | os.PathLike[str]],
    *,
    folder_id: str,
    if_exists: IfExists = "fail",
    excludes: Iterable[str] = (),
    concurrency: int | Literal["auto"] | None = None,
    on_result: Callable[[FileResult], None] | None = None,
    on_bytes: BytesCallback | None = None,
    on_plan: Callable[[TreePlan], None] | None = None,
) -> list[FileResult]:
    """Mirror ``paths`` under ``folder_id``; one result per planned file (and per skipped local entry), in plan
    order. Bad input raises InputError before anything is sent. ``concurrency`` (default: the client's) bounds
    the requests in flight across every file. Callbacks: ``on_plan`` once before anything is sent (totals),
    ``on_result`` as each file ends, ``on_bytes`` as bytes go out."""
    files, requests = _limits(concurrency or client.settings.concurrency)
    plan, limit = checked_plan(paths, folder_id, if_exists, excludes, files)
    if any(f.size >= client.settings.chunked_threshold for f in plan.files if f.problem is None):
        # Once, before any folder exists: every big file would otherwise make a session and fail to record it.
        await asyncio.to_thread(client.store.check_writable)
    if on_plan is not None:
        on_plan(plan)
    slots = Slots(requests)
    api = client.tree_api()
    try:
        folders = FolderApi(api, client.settings.retry, slots.pacer, Deadline.after(client.settings.deadline))
        ensured = await ensure_folders(folders, folder_id, plan.folders)
        engine = Engine(api, client.settings, client.store, slots)
        run = _TreeRun(engine, folders, ensured, if_exists, on_bytes or (lambda _: None))
        results = await _run_files(run, plan.files, limit, on_result)
    finally:
        await asyncio.shield(api.aclose())
    skipped = [FileResult(s.path, "skipped") for s in plan.skipped]
    for result in skipped:
        if on_result is not None:
            on_result(result)
    return results + skipped


async def _run_files(
    run: _TreeRun, files: Sequence[PlannedFile], limit: int, on_result: Callable[[FileResult], None] | None
) -> list[FileResult]:
    """``limit`` workers take the files in plan order: at most that many files open at once, whatever the tree."""
    results: list[FileResult | None] = [None] * len(files)
    pending = iter(enumerate(files))

    async def worker() -> None:
        for index, planned in pending:
            results[index] = result = await run.one(planned)
            if on_result is not None:
                on_result(result)

    async with asyncio.TaskGroup() as group:
        for _ in range(min(limit, len(files))):
            group.create_task(worker())
    return [r for r in results if r is not None]


def _limits(concurrency: int | Literal["auto"]) -> tuple[int, int]:
    """Files open at once and requests in flight. Under "auto" one controller per file would let each grow to the
    cap, so the files share untuned slots at the cap instead: memory stays bounded by one cap for the whole tree."""
    if concurrency == "auto":
        return DEFAULT_START, DEFAULT_CAP
    return concurrency, concurrency


def checked_plan(
    paths: Sequence[str | os.PathLike[str]], folder_id: str, if_exists: str, excludes: Iterable[str], limit: int
) -> tuple[TreePlan, int]:
    check_id("folder", folder_id)
    if if_exists not in IF_EXISTS:
        raise InputError(f"--if-exists must be one of {', '.join(IF_EXISTS)}, got {if_exists!r}")
    if limit < 1:
        raise InputError(f"concurrency must be at least 1, got {limit}")
    return plan_tree(paths, excludes=excludes), limit
