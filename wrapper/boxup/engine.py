"""The transfer engine: one upload from a path to a committed file, on asyncio.

Shape of a chunked upload (``_run_session``):

    hasher (one task, reads the file once, in order)
        per part: SHA-1 for Digest, SHA-512 for the plan, and the whole-file SHA-1
        -> parts the server already holds (resume) are checked and skipped
        -> the rest go to the planner (new versions: batched plan calls, hits skipped) or straight to the queue
    N workers: take the lowest pending part, stream it from disk with its exact length, verify the answer
    commit: parts sorted by offset, whole-file digest, 202 polled within a time budget

A fatal error cancels every task at once, aborts the session and drops the resume record. Cancellation (Ctrl-C)
keeps both, so ``resume`` can finish the job. Retryable failures that outlast the retry policy keep them too.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import logging
import os
import threading
from collections import deque
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, BinaryIO, cast

import attrs
from boxup_api.api.direct_uploads import upload_file, upload_file_version
from boxup_api.api.files import get_file
from boxup_api.api.upload_sessions import (
    abort_upload_session,
    commit_upload_session,
    create_upload_session,
    create_version_upload_session,
    get_upload_session,
    list_upload_parts,
    plan_upload_session,
    upload_part,
)
from boxup_api.client import Client as GeneratedClient
from boxup_api.models import (
    CommitUploadSessionBody,
    CreateUploadSessionBody,
    CreateVersionUploadSessionBody,
    FileFull,
    Files,
    PlanUploadSessionBody,
    UploadAttributes,
    UploadedPart,
    UploadFileBody,
    UploadFileBodyAttributes,
    UploadFileBodyAttributesParent,
    UploadFileVersionBody,
    UploadFileVersionBodyAttributes,
    UploadParts,
    UploadPlan,
    UploadPlanPart,
    UploadSession,
)
from boxup_api.types import UNSET, File, Unset

from .api import Api
from .config import TransferSettings
from .errors import (
    ApiError,
    BoxError,
    InputError,
    IntegrityError,
    ResponseError,
    TransportError,
    UnsafeEndpointError,
    UploadInterrupted,
)
from .models import PartRecord, SessionInfo, UploadedFile
from .parts import content_range, sha1_digest_header, split
from .progress import Event, ProgressTracker
from .retry import Deadline, Pacer, parse_retry_after
from .source import PartDigest, PartStream, Source, SourceIdentity
from .state import Destination, StateStore, UploadRecord

HASH_THREADS = max(1, min(4, os.cpu_count() or 1))  # part digests computed at once
LIST_PAGE = 1000  # Box's maximum page for list parts
ABORT_TIMEOUT = 30.0
log = logging.getLogger("boxup")
PARTS_MISMATCH_TOLERANCE = 3  # commit right after the last part may briefly not see it (rclone#97)


class _CommitPending(Exception):
    """Box kept answering 202 past the commit budget; the session stays for a later resume."""


@attrs.define
class _Job:
    """Everything one chunked upload shares between its tasks."""

    source: Source
    destination: Destination
    session: SessionInfo
    client: GeneratedClient
    progress: ProgressTracker
    content_modified_at: dt.datetime | None
    deadline: Deadline
    pacer: Pacer = attrs.field(factory=Pacer)
    whole: Any = attrs.field(factory=hashlib.sha1)  # hashlib's type is private; fed in offset order only
    done: dict[int, PartRecord] = attrs.field(factory=dict)  # by offset
    keep: bool = True  # a resume record exists: keep the session when interrupted
    want_sha512: bool = False  # dedup is on: part digests include SHA-512 for the plan endpoint
    sending: asyncio.Event = attrs.field(factory=asyncio.Event)  # set once the first part is on its way


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
                return await self._direct(path, destination, modified, progress)
            record = self.store.find(path, destination)
            if record is not None:
                if resume:
                    return await self.resume(record, progress=progress)
                await self._drop(record, progress, "starting over as asked")
            return await self._fresh(path, destination, modified, progress, keep=resume if keep is None else keep)
        except ApiError as exc:
            if (existing := await self._already_on_box(exc, path, progress)) is None:
                raise
            return existing

    async def _already_on_box(self, exc: ApiError, path: Path, progress: ProgressTracker) -> UploadedFile | None:
        """A 409 for a file with our exact bytes means the upload already happened: a retry after a lost answer,
        a rerun of the same command, or a process killed between Box's commit and its own exit."""
        file_id = exc.conflicting_file_id if exc.code == "item_name_in_use" else None
        theirs = exc.conflicting_sha1
        if file_id is None or theirs is None:
            return None
        whole = hashlib.sha1()  # noqa: S324 - Box's content digest
        with Source(path) as source:
            await asyncio.to_thread(source.hash_whole, whole)
        if theirs != whole.hexdigest():
            return None
        progress.emit(Event.NOTICE, message=f"{path.name} is already on Box with these exact bytes (file {file_id})")
        return await self._existing_file(file_id, path.stat().st_size, whole.hexdigest())

    async def resume(self, record: UploadRecord, *, progress: ProgressTracker) -> UploadedFile:
        """Finish an interrupted upload; a changed source or a dead session starts afresh, saying so."""
        path = Path(record.source.path)
        modified = dt.datetime.fromisoformat(record.content_modified_at) if record.content_modified_at else None
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
            job.done = await self._list_parts(job)
            return await self._run_session(job)

    # --- direct upload (small files) ------------------------------------------------------------------------

    async def _direct(
        self, path: Path, destination: Destination, modified: dt.datetime, progress: ProgressTracker
    ) -> UploadedFile:
        with Source(path) as source:
            whole = hashlib.sha1()  # noqa: S324 - Box's content digest
            await asyncio.to_thread(source.hash_whole, whole)
            sha1 = whole.hexdigest()
            progress.start(None, 1)

            async def attempt(_: int) -> UploadedFile:
                with path.open("rb") as handle:  # a fresh handle per attempt: a retry re-sends from byte 0
                    response = await self.api.call(
                        "upload file",
                        lambda: self._send_direct(handle, destination, modified, sha1),
                        expect=Files,
                        ok=(200, 201),
                    )
                return self._committed(response.content, cast(Files, response.parsed), source.size, sha1)

            file = await self.settings.retry.run(
                attempt, pacer=Pacer(), deadline=Deadline.after(self.settings.deadline)
            )
            source.check_unchanged()
        progress.emit(Event.PART_DONE, part=0, delta=source.size)
        progress.emit(Event.FINISHED)
        return file

    async def _existing_file(self, file_id: str, size: int, sha1: str) -> UploadedFile:
        response = await self._retrying(
            lambda: self.api.call(
                "get file", lambda: get_file.asyncio_detailed(file_id, client=self.api.files), expect=FileFull
            ),
            Pacer(),
        )
        file = UploadedFile.from_file_body(response.content, cast(FileFull, response.parsed))
        return self._verified(file, size, sha1)

    def _send_direct(
        self, handle: BinaryIO, destination: Destination, modified: dt.datetime, sha1: str
    ) -> Awaitable[Any]:
        payload = File(payload=handle, file_name=destination.name or "file", mime_type="application/octet-stream")
        if destination.file_id is not None:
            version = UploadFileVersionBody(
                attributes=UploadFileVersionBodyAttributes(
                    name=destination.name or UNSET, content_modified_at=modified
                ),
                file=payload,
            )
            return upload_file_version.asyncio_detailed(
                destination.file_id, client=self.api.upload, body=version, content_md5=sha1
            )
        attributes = UploadFileBodyAttributes(
            name=cast(str, destination.name),
            parent=UploadFileBodyAttributesParent(id=cast(str, destination.folder_id)),
            content_modified_at=modified,
        )
        body = UploadFileBody(attributes=attributes, file=payload)
        return upload_file.asyncio_detailed(client=self.api.upload, body=body, content_md5=sha1)

    # --- sessions -------------------------------------------------------------------------------------------

    async def _fresh(
        self, path: Path, destination: Destination, modified: dt.datetime, progress: ProgressTracker, *, keep: bool
    ) -> UploadedFile:
        with Source(path) as source:
            session = await self._create_session(destination, source.size)
            job = await self._job_or_abort(source, destination, session, modified, progress, keep=keep)
            if keep:
                self.store.save(
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
        await self._abort(record.session_endpoints, record.session_id)

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
            client = self.api.session_client(session.endpoints, session.id)
        except UnsafeEndpointError:
            await self._abort({}, session.id)  # through the configured upload host
            raise
        deadline = Deadline.after(self.settings.deadline)
        return _Job(source, destination, session, client, progress, modified, deadline, keep=keep)

    async def _create_session(self, destination: Destination, size: int) -> SessionInfo:
        def send() -> Awaitable[Any]:
            if destination.file_id is not None:
                body = CreateVersionUploadSessionBody(file_size=size, file_name=destination.name or UNSET)
                return create_version_upload_session.asyncio_detailed(
                    destination.file_id, client=self.api.upload, body=body
                )
            folder = cast(str, destination.folder_id)
            new = CreateUploadSessionBody(folder_id=folder, file_size=size, file_name=cast(str, destination.name))
            return create_upload_session.asyncio_detailed(client=self.api.upload, body=new)

        response = await self._retrying(
            lambda: self.api.call("create upload session", send, expect=UploadSession, ok=(200, 201)), Pacer()
        )
        return SessionInfo.from_model(cast(UploadSession, response.parsed), size)

    async def _current_session(self, record: UploadRecord) -> SessionInfo | None:
        """The live session behind a record, or None when Box no longer has it (404, 410) or it has expired."""
        if record.expires_at and dt.datetime.fromisoformat(record.expires_at) <= dt.datetime.now(dt.UTC):
            return None
        client = self.api.session_client(record.session_endpoints, record.session_id)
        try:
            response = await self._retrying(
                lambda: self.api.call(
                    "get upload session",
                    lambda: get_upload_session.asyncio_detailed(record.session_id, client=client),
                    expect=UploadSession,
                ),
                Pacer(),
            )
        except ApiError as exc:
            if exc.status in (404, 410):
                return None
            raise
        session = SessionInfo.from_model(cast(UploadSession, response.parsed), record.source.size)
        if session.part_size != record.part_size or session.id != record.session_id:
            raise ResponseError("the session Box returned does not match the one recorded for this upload")
        return attrs.evolve(session, endpoints=session.endpoints or record.session_endpoints)

    async def _run_session(self, job: _Job) -> UploadedFile:
        """Transfer, commit, and apply the failure policy; the record goes only when the session is settled."""
        session_id = job.session.id
        job.progress.start(session_id, job.session.total_parts)
        try:
            try:
                await self._transfer(job)
            except BaseExceptionGroup as group:
                raise _first_error(group) from None
            job.source.check_unchanged()
            file = await self._commit(job)
        except asyncio.CancelledError:
            if not job.keep:  # nobody could resume it: do not leave an orphan behind
                await self._abort(job.session.endpoints, session_id)
            raise  # otherwise keep session and record: the caller resumes later
        except _CommitPending:
            if not job.keep:
                await self._abort(job.session.endpoints, session_id)
                raise UploadInterrupted(
                    session_id,
                    str(job.source.path),
                    resumable=False,
                    reason=f"Box was still processing after {self.settings.commit_timeout:.0f}s; session aborted",
                ) from None
            raise UploadInterrupted(
                session_id, str(job.source.path), resumable=True, reason="Box is still processing the parts"
            ) from None
        except BoxError as exc:
            if job.keep and self.settings.retry.is_retryable(exc):
                raise UploadInterrupted(session_id, str(job.source.path), resumable=True, reason=str(exc)) from exc
            await self._abort_and_forget(job)
            raise
        self.store.remove(session_id)
        job.progress.emit(Event.FINISHED)
        return file

    async def _abort(self, endpoints: dict[str, str], session_id: str) -> bool:
        """Delete a session on Box: retried within ``ABORT_TIMEOUT``, shielded from the cancellation that may be
        tearing the upload down. True when Box no longer holds it."""
        try:
            client = self.api.session_client(endpoints, session_id)
        except UnsafeEndpointError:
            client = self.api.upload  # the configured host is trusted, and the session id is all it needs

        async def attempt(_: int) -> None:
            try:
                await self.api.call(
                    "abort upload session",
                    lambda: abort_upload_session.asyncio_detailed(session_id, client=client),
                    expect=None,
                    ok=(200, 204),
                )
            except ApiError as exc:
                if exc.status not in (404, 410):  # gone already is what we wanted
                    raise

        retried = self.settings.retry.run(attempt, pacer=Pacer(), deadline=Deadline.after(ABORT_TIMEOUT))
        try:
            await asyncio.shield(asyncio.wait_for(retried, ABORT_TIMEOUT))
        except (BoxError, TimeoutError):
            return False
        return True

    async def _abort_and_forget(self, job: _Job) -> None:
        """After a fatal error: abort the session; keep its record only if Box may still hold it."""
        session_id = job.session.id
        if await self._abort(job.session.endpoints, session_id):
            self.store.remove(session_id)
        elif job.keep:
            job.progress.emit(
                Event.NOTICE,
                message=f"session {session_id} could not be aborted; it stays recorded: "
                f"run `boxup sessions abort {session_id}` later",
            )

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
        parts = [UploadPlanPart(offset=d.part.offset, size=d.part.size, sha512=cast(str, d.sha512_hex)) for d in batch]
        try:
            response = await self._retrying(
                lambda: self.api.call(
                    "plan upload session",
                    lambda: plan_upload_session.asyncio_detailed(
                        job.session.id, client=job.client, body=PlanUploadSessionBody(parts=parts)
                    ),
                    expect=UploadPlan,
                ),
                job.pacer,
                job.deadline,
            )
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
        for hit in cast(UploadPlan, response.parsed).hits:
            digest = wanted.get(hit.offset)
            # A hit must be for a part we asked about, with our size and hash; anything else is not trusted.
            if digest and hit.size == digest.part.size and hit.sha512.lower() == digest.sha512_hex:
                hits[hit.offset] = PartRecord(hit.part_id, hit.offset, hit.size, digest.sha1.hex())
        return hits

    async def _worker(self, job: _Job, queue: asyncio.Queue[PartDigest | None]) -> None:
        while (digest := await queue.get()) is not None:
            job.sending.set()
            job.progress.emit(Event.PART_STARTED, part=digest.part.index)
            job.done[digest.part.offset] = await self._send_part(job, digest)
            job.progress.emit(Event.PART_DONE, part=digest.part.index)

    async def _send_part(self, job: _Job, digest: PartDigest) -> PartRecord:
        """Upload one part, at most once in effect: after an ambiguous failure, ask Box before sending again."""
        part = digest.part
        stream = PartStream(job.source, part, job.progress.add_bytes)
        ambiguous = False

        async def attempt(_: int) -> PartRecord:
            nonlocal ambiguous
            if ambiguous:
                stored = (await self._list_parts(job)).get(part.offset)
                if stored is not None:
                    return self._accept_stored(stored, digest)
            try:
                return await self._put_part(job, digest, stream)
            except BoxError as exc:
                stream.rewind_progress()
                ambiguous = self.settings.retry.is_retryable(exc)
                raise

        def retried(exc: BaseException, delay: float) -> None:
            job.progress.emit(Event.PART_RETRIED, part=part.index, message=f"{exc} (retrying in {delay:.1f}s)")

        return await self.settings.retry.run(attempt, pacer=job.pacer, deadline=job.deadline, on_retry=retried)

    async def _put_part(self, job: _Job, digest: PartDigest, stream: PartStream) -> PartRecord:
        part = digest.part
        try:
            response = await self.api.call(
                "upload part",
                lambda: upload_part.asyncio_detailed(
                    job.session.id,
                    client=job.client,
                    body=File(payload=cast(BinaryIO, stream)),  # an async stream; httpx sends it as is
                    digest=sha1_digest_header(digest.sha1),
                    content_range=content_range(part, job.source.size),
                    content_length=part.size,
                ),
                expect=UploadedPart,
            )
        except ApiError as exc:
            if exc.status == 416 and exc.code == "range_overlaps_existing_part":
                return await self._overlap(job, digest, exc)
            raise
        uploaded = cast(UploadedPart, response.parsed).part
        if isinstance(uploaded, Unset):
            raise ResponseError("upload part: the answer has no part record")
        record = PartRecord.from_model(uploaded)
        if not record.matches(part, digest.sha1.hex()):
            raise ResponseError(
                f"upload part: Box recorded offset {record.offset}, size {record.size}, sha1 {record.sha1} for the "
                f"part sent at offset {part.offset}, size {part.size}, sha1 {digest.sha1.hex()}"
            )
        return record

    async def _overlap(self, job: _Job, digest: PartDigest, exc: ApiError) -> PartRecord:
        """416 overlap: an earlier attempt of ours may have landed. Same bytes: success. Other bytes: refuse."""
        raw = (exc.context_info or {}).get("conflicting_part")
        stored: PartRecord | None = None
        if isinstance(raw, dict):
            with contextlib.suppress(KeyError, TypeError, ValueError, AttributeError):
                stored = PartRecord(str(raw["part_id"]), int(raw["offset"]), int(raw["size"]), str(raw["sha1"]).lower())
        if stored is None or stored.offset != digest.part.offset:
            stored = (await self._list_parts(job)).get(digest.part.offset)
        if stored is None:
            raise exc
        return self._accept_stored(stored, digest)

    def _accept_stored(self, stored: PartRecord, digest: PartDigest) -> PartRecord:
        if not stored.matches(digest.part, digest.sha1.hex()):
            raise IntegrityError(
                f"Box holds different bytes at offset {digest.part.offset} (sha1 {stored.sha1}, ours "
                f"{digest.sha1.hex()}); the upload cannot continue in this session"
            )
        return stored

    async def _list_parts(self, job: _Job) -> dict[int, PartRecord]:
        """Every part Box holds for the session, by offset (pages of 1000 entries; bounded by total_parts)."""
        found: dict[int, PartRecord] = {}
        for page in range(job.session.total_parts // LIST_PAGE + 1):
            response = await self._retrying(
                lambda page=page: self.api.call(  # type: ignore[misc]
                    "list upload parts",
                    lambda: list_upload_parts.asyncio_detailed(
                        job.session.id, client=job.client, offset=page * LIST_PAGE, limit=LIST_PAGE
                    ),
                    expect=UploadParts,
                ),
                job.pacer,
                job.deadline,
            )
            entries = cast(UploadParts, response.parsed).entries
            entries = [] if not isinstance(entries, list) else entries
            for entry in entries:
                record = PartRecord.from_model(entry)
                found[record.offset] = record
            if len(entries) < LIST_PAGE:
                break
        return found

    # --- commit ---------------------------------------------------------------------------------------------

    async def _commit(self, job: _Job) -> UploadedFile:
        expected = split(job.source.size, job.session.part_size)
        parts = [job.done.get(p.offset) for p in expected]
        if any(record is None for record in parts):
            raise ResponseError("internal: a part is missing at commit time")
        attributes = UploadAttributes()
        if job.content_modified_at is not None:
            attributes = UploadAttributes(content_modified_at=job.content_modified_at)
        body = CommitUploadSessionBody(parts=[cast(PartRecord, r).to_model() for r in parts], attributes=attributes)
        digest = sha1_digest_header(job.whole.digest())
        job.progress.emit(Event.COMMITTING)
        budget = Deadline.after(self.settings.commit_timeout)
        mismatches = 0
        while True:
            try:
                response = await self._retrying(
                    lambda: self.api.call(
                        "commit upload session",
                        lambda: commit_upload_session.asyncio_detailed(
                            job.session.id, client=job.client, body=body, digest=digest
                        ),
                        expect=None,
                        ok=(201, 202),
                    ),
                    job.pacer,
                    budget,
                )
            except ApiError as exc:
                mismatches += 1
                if exc.code != "parts_mismatch" or mismatches > PARTS_MISMATCH_TOLERANCE:
                    raise
                response = None
            if response is not None and int(response.status_code) == 201:
                if not isinstance(response.parsed, Files):
                    raise ResponseError("commit: the 201 answer is not a file listing")
                return self._committed(response.content, response.parsed, job.source.size, job.whole.hexdigest())
            await self._wait_for_processing(response.headers.get("retry-after") if response else None, budget)

    async def _wait_for_processing(self, retry_after: str | None, budget: Deadline) -> None:
        wait = parse_retry_after(retry_after)
        wait = self.settings.commit_default_wait if wait is None else min(wait, self.settings.retry.max_retry_after)
        if wait >= budget.remaining():
            raise _CommitPending
        await asyncio.sleep(wait)

    def _committed(self, content: bytes, files: Files, size: int, sha1: str) -> UploadedFile:
        entries = files.entries
        if not isinstance(entries, list) or not entries:
            raise ResponseError("the upload answer lists no file")
        return self._verified(UploadedFile.from_files_body(content, entries[0]), size, sha1)

    def _verified(self, file: UploadedFile, size: int, sha1: str) -> UploadedFile:
        if file.sha1 is not None and file.sha1 != sha1:
            raise IntegrityError(f"Box reports sha1 {file.sha1} for the file, but the bytes sent hash to {sha1}")
        if file.size is not None and file.size != size:
            raise IntegrityError(f"Box reports {file.size} bytes for the file, but {size} were sent")
        return file

    async def _retrying(
        self, call: Callable[[], Awaitable[Any]], pacer: Pacer, deadline: Deadline | None = None
    ) -> Any:
        return await self.settings.retry.run(
            lambda _: call(), pacer=pacer, deadline=deadline or Deadline.after(self.settings.deadline)
        )
