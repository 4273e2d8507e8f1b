"""What must hold before a chunked upload may create or touch a session: a writable state directory and no other run.

Both are checked at the client's entry points, before the engine sends anything: a record that cannot be written
would leave an orphaned session on Box, and two runs of one upload would send parts into each other's session.
A direct upload (below the chunked threshold) keeps no record, so it needs neither and works with any state dir.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from .lock import UploadLock
from .state import Destination, StateStore


@contextlib.contextmanager
def upload_guard(store: StateStore, path: Path, destination: Destination, *, chunked: bool) -> Iterator[None]:
    """Hold the upload's lock while the body runs; raise InputError (state dir) or UploadInProgress at once.
    ``chunked``: the upload may use a session (a resume always does, whatever this run's threshold)."""
    if not chunked:
        yield
        return
    store.check_writable()
    with UploadLock(store.directory, path, destination):
        yield
