"""What must hold before a chunked upload may create or touch a session: a writable state directory and no other run.

The engine checks both on its chunked path (fresh, resumed or restarted; one file or a tree's), before anything
is sent: a record that cannot be written would leave an orphaned session on Box, and two runs of one upload would
send parts into each other's session. A direct upload (below the chunked threshold) keeps no record, so it needs
neither and works with any state dir.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from .lock import UploadLock
from .state import Destination, StateStore


@contextlib.asynccontextmanager
async def upload_guard(store: StateStore, path: Path, destination: Destination) -> AsyncIterator[None]:
    """Hold the upload's lock while the body runs; raise InputError (state dir) or UploadInProgress at once."""
    lock = UploadLock(store.directory, path, destination)
    await _on_thread(lambda: _check_and_lock(store, lock), undo=lock.release)
    try:
        yield
    finally:
        lock.release()


def _check_and_lock(store: StateStore, lock: UploadLock) -> None:
    store.check_writable()
    lock.acquire()


async def _on_thread(work: Callable[[], None], *, undo: Callable[[], None]) -> None:
    """Run blocking ``work`` off the loop (the probe fsyncs, and naming a holder waits up to half a second, which
    would stall every other upload of a tree). A cancellation while it runs waits for it, then ``undo``es it."""
    running = asyncio.ensure_future(asyncio.to_thread(work))
    try:
        await asyncio.shield(running)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await running
        undo()
        raise
