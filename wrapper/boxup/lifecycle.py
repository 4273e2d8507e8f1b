"""The lifecycle of a chunked upload's session: a fresh one (created, recorded), a recorded one reopened for
resume (checked live on Box, its parts listed), and one dropped (forgotten here, aborted on Box).

Whether to start, resume or restart is ``engine.Engine``'s decision; this module does each. A session whose
``session_endpoints`` name a host we will not trust is aborted through the configured host before the error rises.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .autoconcurrency import Tuner
from .errors import ApiError, ResponseError, UnsafeEndpointError
from .job import Job, Runtime
from .models import SessionInfo
from .policy import FailurePolicy
from .progress import Event, ProgressTracker
from .remote import GONE, RemoteSession, abort_session, create_session
from .source import Source
from .state import Destination, UploadRecord


def modified_at(path: Path, given: dt.datetime | None) -> dt.datetime:
    """The content_modified_at Box is told: given, or the file's mtime; aware, whole seconds."""
    when = given or dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.replace(microsecond=0)


async def start(
    rt: Runtime,
    source: Source,
    destination: Destination,
    modified: dt.datetime,
    progress: ProgressTracker,
    *,
    keep: bool,
) -> Job:
    """A fresh session for ``source``, recorded for resume when ``keep``."""
    session = await create_session(rt.api, destination, source.size, rt.settings, rt.slots.pacer)
    job = await _job_or_abort(rt, source, destination, session, modified=modified, progress=progress, keep=keep)
    await job.policy.record(
        UploadRecord(
            session.id,
            session.endpoints,
            session.part_size,
            session.total_parts,
            session.expires_at,
            destination,
            source.identity,
            rt.api.endpoints.upload_url,
            modified.isoformat(),
            rt.api.as_user,
        )
    )
    return job


async def live_session(rt: Runtime, record: UploadRecord) -> SessionInfo | None:
    """The live session behind a record, or None when Box no longer has it (404, 410) or it has expired."""
    if record.expires_at and dt.datetime.fromisoformat(record.expires_at) <= dt.datetime.now(dt.UTC):
        return None
    remote = RemoteSession(
        rt.api,
        SessionInfo(record.session_id, record.part_size, record.total_parts, record.session_endpoints, None),
        record.source.size,
        rt.settings,
        pacer=rt.slots.pacer,
    )
    try:
        session = await remote.status()
    except ApiError as exc:
        if exc.status in GONE:
            return None
        raise
    if session.part_size != record.part_size or session.id != record.session_id:
        raise ResponseError("the session Box returned does not match the one recorded for this upload")
    return session


async def reopen(
    rt: Runtime,
    record: UploadRecord,
    source: Source,
    session: SessionInfo,
    *,
    modified: dt.datetime | None,
    progress: ProgressTracker,
) -> Job:
    """The job that continues a recorded upload, with the parts Box already holds in ``done``."""
    try:
        job = await _job_or_abort(rt, source, record.destination, session, modified=modified, progress=progress)
    except UnsafeEndpointError:
        rt.store.remove(record.session_id)
        raise
    job.done = await job.remote.list_parts()
    return job


async def drop(rt: Runtime, record: UploadRecord, progress: ProgressTracker, why: str) -> None:
    """Forget an interrupted upload: its record here and its session on Box."""
    progress.emit(Event.NOTICE, message=f"{why} (session {record.session_id} dropped)")
    rt.store.remove(record.session_id)
    try:
        host = rt.api.session_client(record.session_endpoints, record.session_id)
    except UnsafeEndpointError:
        host = rt.api.upload  # the configured host is trusted, and the session id is all it needs
    await abort_session(rt.api, host, record.session_id, rt.settings)


async def _job_or_abort(
    rt: Runtime,
    source: Source,
    destination: Destination,
    session: SessionInfo,
    *,
    modified: dt.datetime | None,
    progress: ProgressTracker,
    keep: bool = True,
) -> Job:
    """The job for a session, or, when Box names a host we will not trust, the session aborted and an error."""
    try:
        remote = RemoteSession(rt.api, session, source.size, rt.settings, pacer=rt.slots.pacer)
    except UnsafeEndpointError:
        await abort_session(rt.api, rt.api.upload, session.id, rt.settings)  # the configured host
        raise
    policy = FailurePolicy(remote, rt.store, rt.settings, progress, str(source.path), keep=keep)
    tuner = Tuner(rt.slots) if rt.tuned else None
    return Job(source, destination, remote, progress, modified, policy, rt.slots, tuner=tuner)
