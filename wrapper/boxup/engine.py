"""The transfer engine: one upload from a path to a committed file, on asyncio.

Shape of a chunked upload (``_run_session``):

    hasher (one task, reads the file once, in order)
        per part: SHA-1 for Digest, SHA-512 for the plan, and the whole-file SHA-1
        -> parts the server already holds (resume) are checked and skipped
        -> the rest go to the planner (new versions: batched plan calls, hits skipped) or straight to the queue
    N workers: take the lowest pending part, stream it from disk with its exact length, verify the answer
    commit: parts sorted by offset, whole-file digest, 202 polled within a time budget

What an ending leaves behind (abort or keep the session, the resume record) is decided by the session's
``policy.FailurePolicy`` alone: a fatal error aborts and forgets; a cancellation (a signal) or retryable failures
that outlast the retry policy keep both, so ``resume`` can finish the job.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import os
import threading
from collections import deque
from pathlib import Path
from typing import Any, cast

import attrs

from . import direct, gateway
from .config import TransferSettings
from .errors import (
    ApiError,
    BoxError,
    InputError,
    IntegrityError,
    ResponseError,
    TransportError,
    UnsafeEndpointError,
)
from .gateway import Api
from .models import PartRecord, SessionInfo, UploadedFile
from .parts import split
from .policy import FailurePolicy
from .progress import Event, ProgressTracker
from .remote import RemoteSession, abort_session
from .retry import Deadline, Pacer
from .source import PartDigest, PartStream, Source, SourceIdentity
from .state import Destination, StateStore, UploadRecord

HASH_THREADS = max(1, min(4, os.cpu_count() or 1))  # part digests computed at once
log = logging.getLogger("boxup")


@attrs.define
class _Job:
    """Everything one chunked upload shares between its tasks."""

    source: Source
    destination: Destination
    remote: RemoteSession
    progress: ProgressTracker
    content_modified_at: dt.datetime | None
    policy: FailurePolicy  # created with the session: alone decides abort vs keep, owns the resume record
    whole: Any = attrs.field(factory=hashlib.sha1)  # hashlib's type is private; fed in offset order only
    done: dict[int, PartRecord] = attrs.field(factory=dict)  # by offset
    want_sha512: bool = False  # dedup is on: part digests include SHA-512 for the plan endpoint
    sending: asyncio.Event = attrs.field(factory=asyncio.Event)  # set once the first part is on its way

    @property
    def session(self) -> SessionInfo:
        return self.remote.info


def _modified_at(path: Path, given: dt.datetime | None) -> dt.datetime:
    when = given or dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.replace(microsecond=0)


def _first_error(exc: BaseException) -> BaseException:
    """The error worth reporting from a TaskGroup's ExceptionGroup (the first that is not a cancellation)."""
    while isinstance(exc, BaseExceptionGroup):
        real = [e for e in exc.exceptions if not isinstance(e, asyncio.CancelledError)]
        exc = real[0] if real else exc.exceptions[0]
    return exc


class Engine:
    def __init__(self, api: Api, settings: TransferSettings, store: StateStore) -> None:
        self.api = api
        self.settings = settings
        self.store = store

    # --- entry points ---------------------------------------------------------------------------------------

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
        record the session so an interruption can be resumed; without it an interrupted session is aborted."""
        modified = _modified_at(path, content_modified_at)
        try:
            if path.stat().st_size < self.settings.chunked_threshold:
                return await direct.upload(
                    self.api, self.settings, path, destination, modified=modified, progress=progress
                )
            record = self.store.find(path, destination)
            if record is not None:
                if resume:
                    return await self.resume(record, progress=progress)
                await self._drop(record, progress, "starting over as asked")
            return await self._fresh(path, destination, modified, progress, keep=resume if keep is None else keep)
        except ApiError as exc:
            if (existing := await direct.already_on_box(self.api, self.settings, exc, path, progress)) is None:
                raise
            return existing

    async def resume(self, record: UploadRecord, *, progress: ProgressTracker) -> UploadedFile:
        """Finish an interrupted upload; a changed source or a dead session starts afresh, saying so."""
        path = Path(record.source.path)
        modified = dt.datetime.fromisoformat(record.content_modified_at) if record.content_modified_at else None
        check_same_user(record, self.api.as_user)
        if not path.is_file():
            await self._drop(record, progress, f"{path} no longer exists")
            raise InputError(f"{path} no longer exists; its interrupted upload was dropped")
        if SourceIdentity.of(path) != record.source:
            return await self._restart(record, progress, modified, "the source file changed since the upload began")
        session = await self._current_session(record)
        if session is None:
            return await self._restart(record, progress, modified, "the session expired or is gone on Box")
        with Source(path) as source:
            try:
                job = await self._job_or_abort(source, record.destination, session, modified, progress)
            except UnsafeEndpointError:
                self.store.remove(record.session_id)
                raise
            job.done = await job.remote.list_parts()
            return await self._run_session(job)

    # --- sessions -------------------------------------------------------------------------------------------

    async def _fresh(
        self, path: Path, destination: Destination, modified: dt.datetime, progress: ProgressTracker, *, keep: bool
    ) -> UploadedFile:
        with Source(path) as source:
            session = await self._create_session(destination, source.size)
            job = await self._job_or_abort(source, destination, session, modified, progress, keep=keep)
            job.policy.record(
                UploadRecord(
                    session.id,
                    session.endpoints,
                    session.part_size,
                    session.total_parts,
                    session.expires_at,
                    destination,
                    source.identity,
                    self.api.endpoints.upload_url,
                    modified.isoformat(),
                    self.api.as_user,
                )
            )
            return await self._run_session(job)

    async def _restart(
        self, record: UploadRecord, progress: ProgressTracker, modified: dt.datetime | None, why: str
    ) -> UploadedFile:
        await self._drop(record, progress, f"{why}; starting a fresh upload")
        path = Path(record.source.path)
        return await self.upload(
            path, record.destination, progress=progress, content_modified_at=modified, resume=False, keep=True
        )

    async def _drop(self, record: UploadRecord, progress: ProgressTracker, why: str) -> None:
        """Forget an interrupted upload: its record here and its session on Box."""
        progress.emit(Event.NOTICE, message=f"{why} (session {record.session_id} dropped)")
        self.store.remove(record.session_id)
        await self._abort(record.session_endpoints, record.session_id, record.source.size)

    async def _job_or_abort(
        self,
        source: Source,
        destination: Destination,
        session: SessionInfo,
        modified: dt.datetime | None,
        progress: ProgressTracker,
        *,
        keep: bool = True,
    ) -> _Job:
        """The job for a session, or, when Box names a host we will not trust, the session aborted and an error."""
        try:
            remote = RemoteSession(self.api, session, source.size, self.settings)
        except UnsafeEndpointError:
            await abort_session(self.api, self.api.upload, session.id, self.settings)  # the configured host
            raise
        policy = FailurePolicy(remote, self.store, self.settings, progress, str(source.path), keep=keep)
        return _Job(source, destination, remote, progress, modified, policy)

    async def _create_session(self, destination: Destination, size: int) -> SessionInfo:
        return await self.settings.retry.run(
            lambda _: gateway.create_session(self.api, destination, size),
            pacer=Pacer(),
            deadline=Deadline.after(self.settings.deadline),
        )

    async def _current_session(self, record: UploadRecord) -> SessionInfo | None:
        """The live session behind a record, or None when Box no longer has it (404, 410) or it has expired."""
        if record.expires_at and dt.datetime.fromisoformat(record.expires_at) <= dt.datetime.now(dt.UTC):
            return None
        remote = RemoteSession(
            self.api,
            SessionInfo(record.session_id, record.part_size, record.total_parts, record.session_endpoints, None),
            record.source.size,
            self.settings,
        )
        try:
            session = await remote.status()
        except ApiError as exc:
            if exc.status in (404, 410):
                return None
            raise
        if session.part_size != record.part_size or session.id != record.session_id:
            raise ResponseError("the session Box returned does not match the one recorded for this upload")
        return session

    async def _run_session(self, job: _Job) -> UploadedFile:
        """Transfer and commit; whatever stops them goes to the session's failure policy."""
        job.progress.start(job.session.id, job.session.total_parts)
        try:
            try:
                await self._transfer(job)
            except BaseExceptionGroup as group:
                raise _first_error(group) from None
            job.source.check_unchanged()
            file = await self._commit(job)
        except (asyncio.CancelledError, BoxError) as exc:
            await job.policy.failed(exc)
        job.policy.settled()
        job.progress.emit(Event.FINISHED)
        return file

    async def _abort(self, endpoints: dict[str, str], session_id: str, size: int) -> bool:
        """Delete a recorded session on Box; through the configured upload host if the recorded one is refused."""
        try:
            host = self.api.session_client(endpoints, session_id)
        except UnsafeEndpointError:
            host = self.api.upload  # the configured host is trusted, and the session id is all it needs
        return await abort_session(self.api, host, session_id, self.settings)

    # --- transfer -------------------------------------------------------------------------------------------

    async def _transfer(self, job: _Job) -> None:
        workers = min(self.settings.concurrency, job.session.total_parts)
        uploads: asyncio.Queue[PartDigest | None] = asyncio.Queue()
        job.want_sha512 = (
            self.settings.dedup and job.destination.file_id is not None and "plan" in job.session.endpoints
        )
        stop = threading.Event()  # hashing threads cannot be cancelled; they stop at their next block instead
        try:
            async with asyncio.TaskGroup() as group:
                group.create_task(self._hash_whole(job, stop))
                if job.want_sha512:
                    plans: asyncio.Queue[PartDigest | None] = asyncio.Queue()
                    group.create_task(self._hash_parts(job, plans))
                    group.create_task(self._planner(job, plans, uploads, workers))
                else:
                    group.create_task(self._hash_parts(job, uploads, stop_signals=workers))
                for _ in range(workers):
                    group.create_task(self._worker(job, uploads))
        finally:
            stop.set()

    async def _hash_whole(self, job: _Job, stop: threading.Event) -> None:
        """The whole-file SHA-1 is only needed at commit: let the part digests and the first parts have the CPU
        first (on a 2-core machine the start of the upload is otherwise late by a few hundred ms)."""
        await job.sending.wait()
        await asyncio.to_thread(job.source.hash_whole, job.whole, stop)

    async def _hash_parts(self, job: _Job, out: asyncio.Queue[PartDigest | None], *, stop_signals: int = 1) -> None:
        """Digest the parts a few at a time (hashlib runs without the GIL) and route them in offset order."""
        loop = asyncio.get_running_loop()
        window: deque[asyncio.Future[PartDigest]] = deque()
        try:
            for part in split(job.source.size, job.session.part_size):
                window.append(loop.run_in_executor(None, job.source.digest_part, part, job.want_sha512))
                if len(window) >= HASH_THREADS:
                    await self._route(job, await window.popleft(), out)
            while window:
                await self._route(job, await window.popleft(), out)
        finally:
            for pending in window:
                pending.cancel()
        job.sending.set()  # every part is digested: nothing left to make room for
        for _ in range(stop_signals):
            await out.put(None)

    async def _route(self, job: _Job, digest: PartDigest, out: asyncio.Queue[PartDigest | None]) -> None:
        """A part still to send goes on; one Box already holds (resume) must be ours byte for byte."""
        part = digest.part
        stored = job.done.get(part.offset)
        if stored is None:
            await out.put(digest)
        elif stored.matches(part, digest.sha1.hex()):
            job.progress.emit(Event.PART_SKIPPED, part=part.index, delta=part.size)
        else:
            raise IntegrityError(
                f"the part Box holds at offset {part.offset} differs from {job.source.path}; the file changed"
            )

    async def _planner(
        self,
        job: _Job,
        plans: asyncio.Queue[PartDigest | None],
        uploads: asyncio.Queue[PartDigest | None],
        workers: int,
    ) -> None:
        """Batch hashed parts into plan calls: each takes whatever was hashed while the previous one was in flight,
        so the first part starts after one digest and one round trip, and batches grow on their own. When the
        first ``dedup_probe`` parts all miss, this version shares nothing with what Box holds: stop asking (and
        stop computing SHA-512s)."""
        finished = False
        asked = found = 0
        while not finished:
            batch, finished = await self._next_batch(plans)
            hits = await self._plan(job, batch) if job.want_sha512 and batch else {}
            asked, found = asked + len(batch), found + len(hits or {})
            if hits is None or (found == 0 and asked >= self.settings.dedup_probe):
                job.want_sha512 = False
            for digest in batch:
                hit = (hits or {}).get(digest.part.offset)
                if hit is None:
                    await uploads.put(digest)
                else:
                    job.done[digest.part.offset] = hit
                    job.progress.emit(Event.PART_SKIPPED, part=digest.part.index, delta=digest.part.size)
        for _ in range(workers):
            await uploads.put(None)

    async def _next_batch(self, plans: asyncio.Queue[PartDigest | None]) -> tuple[list[PartDigest], bool]:
        """At least one digest, then up to ``plan_batch`` of those ready. True once hashing has ended."""
        batch: list[PartDigest] = []
        while len(batch) < self.settings.plan_batch and (not batch or not plans.empty()):
            item = await plans.get()
            if item is None:
                return batch, True
            batch.append(item)
        return batch, False

    async def _plan(self, job: _Job, batch: list[PartDigest]) -> dict[int, PartRecord] | None:
        """Which of these parts Box already holds, by offset; None when the server has no plan endpoint."""
        parts = [(d.part, cast(str, d.sha512_hex)) for d in batch]
        try:
            found = await job.remote.retrying(lambda: gateway.plan(self.api, job.remote.host, job.session.id, parts))
        except (ApiError, TransportError, ResponseError) as exc:
            # Dedup only saves bytes: when the plan endpoint is missing, broken or down, send every part.
            if (
                isinstance(exc, ApiError)
                and exc.status not in (404, 405, 501)
                and not self.settings.retry.is_retryable(exc)
            ):
                raise
            log.debug("plan endpoint unusable (%s); sending every part", exc)
            return None
        wanted = {d.part.offset: d for d in batch}
        hits: dict[int, PartRecord] = {}
        for hit in found:
            digest = wanted.get(hit.offset)
            # A hit must be for a part we asked about, with our size and hash; anything else is not trusted.
            if digest and hit.size == digest.part.size and hit.sha512 == digest.sha512_hex:
                hits[hit.offset] = PartRecord(hit.part_id, hit.offset, hit.size, digest.sha1.hex())
        return hits

    async def _worker(self, job: _Job, queue: asyncio.Queue[PartDigest | None]) -> None:
        while (digest := await queue.get()) is not None:
            job.sending.set()
            job.progress.emit(Event.PART_STARTED, part=digest.part.index)
            job.done[digest.part.offset] = await self._send_part(job, digest)
            job.progress.emit(Event.PART_DONE, part=digest.part.index)

    async def _send_part(self, job: _Job, digest: PartDigest) -> PartRecord:
        part = digest.part
        stream = PartStream(job.source, part, job.progress.add_bytes)

        def retried(exc: BaseException, delay: float) -> None:
            job.progress.emit(Event.PART_RETRIED, part=part.index, message=f"{exc} (retrying in {delay:.1f}s)")

        return await job.remote.send_part(
            part, stream, digest.sha1, on_failure=stream.rewind_progress, on_retry=retried
        )

    # --- commit ---------------------------------------------------------------------------------------------

    async def _commit(self, job: _Job) -> UploadedFile:
        parts = [job.done.get(p.offset) for p in split(job.source.size, job.session.part_size)]
        if any(record is None for record in parts):
            raise ResponseError("internal: a part is missing at commit time")
        job.progress.emit(Event.COMMITTING)
        return await job.remote.commit(
            [cast(PartRecord, r) for r in parts], job.whole.digest(), job.content_modified_at
        )


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
