"""Direct upload: a file below the chunked threshold in one request, and recognising an upload that already
happened (a 409 for a file holding exactly our bytes)."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from . import gateway
from .config import TransferSettings
from .errors import ApiError
from .gateway import Api
from .models import UploadedFile
from .progress import Event, ProgressTracker
from .remote import verified
from .retry import Deadline, Pacer
from .slots import Slots
from .source import Source
from .state import Destination


async def upload(
    api: Api,
    settings: TransferSettings,
    path: Path,
    destination: Destination,
    *,
    modified: dt.datetime,
    progress: ProgressTracker,
    slots: Slots,
) -> UploadedFile:
    """Upload ``path`` whole, with its SHA-1 for Box to check; retried from byte 0. The request holds one of
    ``slots`` (retries included), so small files and the parts of big ones share the same bound."""
    with Source(path) as source:
        sha1 = await asyncio.to_thread(source.sha1_hex)
        progress.start(None, 1)

        async def attempt(_: int) -> UploadedFile:
            with path.open("rb") as handle:  # a fresh handle per attempt: a retry re-sends from byte 0
                file = await gateway.upload_direct(api, handle, destination, modified, sha1)
            return verified(file, source.size, sha1)

        async with slots:
            file = await settings.retry.run(attempt, pacer=slots.pacer, deadline=Deadline.after(settings.deadline))
        source.check_unchanged()
    progress.emit(Event.PART_DONE, part=0, delta=source.size)
    progress.emit(Event.FINISHED)
    return file


async def already_on_box(
    api: Api,
    settings: TransferSettings,
    exc: ApiError,
    path: Path,
    *,
    progress: ProgressTracker,
    destination: Destination,
    pacer: Pacer,
) -> UploadedFile | None:
    """A 409 for a file with our exact bytes means the upload already happened: a retry after a lost answer,
    a rerun of the same command, or a process killed between Box's commit and its own exit. Only for a new file,
    or for the very file asked for: a new version renamed onto another file's name did not happen at all."""
    file_id = exc.conflicting_file_id if exc.code == "item_name_in_use" else None
    theirs = exc.conflicting_sha1
    if file_id is None or theirs is None:
        return None
    if destination.file_id is not None and file_id != destination.file_id:
        return None
    with Source(path) as source:
        ours = await asyncio.to_thread(source.sha1_hex)
    if theirs != ours:
        return None
    progress.emit(Event.NOTICE, message=f"{path.name} is already on Box with these exact bytes (file {file_id})")
    file = await settings.retry.run(
        lambda _: gateway.get_file(api, file_id), pacer=pacer, deadline=Deadline.after(settings.deadline)
    )
    return verified(file, path.stat().st_size, ours)
