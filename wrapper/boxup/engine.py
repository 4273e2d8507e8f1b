"""The transfer engine: one upload from a path to a committed file, on asyncio. Where each stage lives:

    engine.Engine   decides: direct or chunked; fresh, resume or restart; "already on Box"; runs a session's job
    direct          a file below the chunked threshold in one request, and recognising an upload that happened
    lifecycle       a fresh session (created, recorded), a recorded one reopened, one dropped
    pipeline        hashing, routing, sending parts under the request slots (``slots.Slots``)
    dedup           plan calls for new versions: parts Box already holds are not sent
    commit          the parts in offset order and the whole-file digest
    policy          what an ending leaves behind: abort or keep the session, the resume record, UploadInterrupted

A fatal error aborts and forgets; a cancellation (a signal) or retryable failures that outlast the retry policy
keep both, so ``resume`` can finish the job.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from . import direct, lifecycle, pipeline
from .commit import commit
from .config import TransferSettings
from .errors import ApiError, BoxError, InputError
from .gateway import Api
from .guard import upload_guard
from .job import Job, Runtime
from .models import UploadedFile
from .progress import Event, ProgressTracker
from .slots import Slots
from .source import Source, SourceIdentity
from .state import Destination, StateStore, UploadRecord


def _first_error(exc: BaseException) -> BaseException:
    """The error worth reporting from a TaskGroup's ExceptionGroup (the first that is not a cancellation)."""
    while isinstance(exc, BaseExceptionGroup):
        real = [e for e in exc.exceptions if not isinstance(e, asyncio.CancelledError)]
        exc = real[0] if real else exc.exceptions[0]
    return exc


class Engine:
    def __init__(self, api: Api, settings: TransferSettings, store: StateStore, slots: Slots | None = None) -> None:
        self.api = api
        self.settings = settings
        self.store = store
        # Request slots: given (shared with other uploads, sized by whoever shares them) or this upload's own, sized
        # by the settings; with concurrency="auto" only its own slots are tuned (see autoconcurrency.Tuner).
        self.slots = slots if slots is not None else Slots(settings.start_concurrency)
        self.runtime = Runtime(api, settings, store, self.slots, tuned=slots is None and settings.auto)

    async def upload(
        self,
        path: Path,
        destination: Destination,
        *,
        progress: ProgressTracker,
        content_modified_at: dt.datetime | None = None,
        resume: bool = True,
        keep: bool | None = None,
    ) -> UploadedFile:
        """``resume``: continue a recorded upload of this file to this place. ``keep`` (default: ``resume``):
        record the session so an interruption can be resumed; without it an interrupted session is aborted.
        A chunked upload holds the upload's lock (``guard``) from before its first request to its end."""
        modified = lifecycle.modified_at(path, content_modified_at)
        if path.stat().st_size < self.settings.chunked_threshold:
            return await self._send(path, destination, progress, modified, resume=resume, keep=keep)
        async with upload_guard(self.store, path, destination):
            return await self._send(path, destination, progress, modified, resume=resume, keep=keep)

    async def resume(self, record: UploadRecord, *, progress: ProgressTracker) -> UploadedFile:
        """Finish an interrupted upload; a changed source or a dead session starts afresh, saying so."""
        async with upload_guard(self.store, Path(record.source.path), record.destination):
            return await self._resume(record, progress)

    async def _send(
        self,
        path: Path,
        destination: Destination,
        progress: ProgressTracker,
        modified: dt.datetime,
        *,
        resume: bool,
        keep: bool | None,
    ) -> UploadedFile:
        """Direct or chunked; fresh, resumed or restarted. A chunked caller holds the lock already."""
        try:
            if path.stat().st_size < self.settings.chunked_threshold:
                return await direct.upload(
                    self.api, self.settings, path, destination, modified=modified, progress=progress, slots=self.slots
                )
            record = self.store.find(path, destination)
            if record is not None:
                if resume:
                    return await self._resume(record, progress)
                await lifecycle.drop(self.runtime, record, progress, "starting over as asked")
            with Source(path) as source:
                keep = resume if keep is None else keep
                job = await lifecycle.start(self.runtime, source, destination, modified, progress, keep=keep)
                return await self._run(job)
        except ApiError as exc:
            found = await direct.already_on_box(
                self.api, self.settings, exc, path, progress=progress, destination=destination, pacer=self.slots.pacer
            )
            if found is None:
                raise
            return found

    async def _resume(self, record: UploadRecord, progress: ProgressTracker) -> UploadedFile:
        path = Path(record.source.path)
        modified = dt.datetime.fromisoformat(record.content_modified_at) if record.content_modified_at else None
        check_same_user(record, self.api.as_user)
        if not path.is_file():
            await lifecycle.drop(self.runtime, record, progress, f"{path} no longer exists")
            raise InputError(f"{path} no longer exists; its interrupted upload was dropped")
        if SourceIdentity.of(path) != record.source:
            return await self._restart(record, progress, modified, "the source file changed since the upload began")
        session = await lifecycle.live_session(self.runtime, record)
        if session is None:
            return await self._restart(record, progress, modified, "the session expired or is gone on Box")
        with Source(path) as source:
            job = await lifecycle.reopen(self.runtime, record, source, session, modified=modified, progress=progress)
            return await self._run(job)

    async def _restart(
        self, record: UploadRecord, progress: ProgressTracker, modified: dt.datetime | None, why: str
    ) -> UploadedFile:
        await lifecycle.drop(self.runtime, record, progress, f"{why}; starting a fresh upload")
        path = Path(record.source.path)
        modified_at = lifecycle.modified_at(path, modified)
        return await self._send(path, record.destination, progress, modified_at, resume=False, keep=True)

    async def _run(self, job: Job) -> UploadedFile:
        """Transfer and commit; whatever stops them goes to the session's failure policy."""
        job.progress.start(job.session.id, job.session.total_parts)
        try:
            try:
                await pipeline.transfer(job)
            except BaseExceptionGroup as group:
                raise _first_error(group) from None
            job.source.check_unchanged()
            file = await commit(job)
        except (asyncio.CancelledError, BoxError) as exc:
            await job.policy.failed(exc)
        job.policy.settled()
        job.progress.emit(Event.FINISHED)
        return file


def check_same_user(record: UploadRecord, as_user: str | None) -> None:
    """A session belongs to the user it was made as: resuming it as someone else would fail on Box, or worse,
    commit into the wrong account. Said before anything is sent."""
    if record.as_user == as_user:
        return
    recorded = f"as user {record.as_user} (As-User)" if record.as_user else "without As-User"
    asked = f"as user {as_user}" if as_user else "without As-User"
    hint = f"--as-user {record.as_user}" if record.as_user else "no --as-user"
    raise InputError(
        f"the interrupted upload of {record.source.path} was made {recorded}, but this run acts {asked}; "
        f"resume it with {hint}, or start afresh with --no-resume"
    )
