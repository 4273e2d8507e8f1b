"""Dedup for new versions: ask the session's plan endpoint which hashed parts Box already holds, in batches.

Each plan call takes whatever was hashed while the previous one was in flight, so the first part starts after one
digest and one round trip, and batches grow on their own. Hits are trusted only for parts we asked about, with our
size and SHA-512; the rest go on to be sent.
"""

from __future__ import annotations

import asyncio
import logging
from typing import cast

from . import gateway
from .errors import ApiError, ResponseError, TransportError
from .job import Job
from .models import PartRecord
from .progress import Event
from .source import PartDigest

log = logging.getLogger("boxup")


async def planner(job: Job, plans: asyncio.Queue[PartDigest | None], uploads: asyncio.Queue[PartDigest | None]) -> None:
    """Route hashed parts through plan calls into ``uploads``. The probe (the first ``dedup_probe`` parts asked
    about) decides whether SHA-512s pay: the first hit says this version shares parts with what Box holds, so every
    part is hashed and asked about; a probe that finds none says it shares nothing: stop asking (and computing)."""
    finished = False
    asked = found = 0
    while not finished:
        batch, finished = await _next_batch(job, plans)
        hits = await _plan(job, batch) if job.want_sha512 and batch else {}
        asked, found = asked + len(batch), found + len(hits or {})
        if hits is None or (found == 0 and asked >= job.settings.dedup_probe):
            job.want_sha512 = False
        if hits is None or found or asked >= job.settings.dedup_probe or finished:
            job.sha512_decided.set()  # the hasher may go on (with SHA-512 only if the probe found a hit)
        for digest in batch:
            hit = (hits or {}).get(digest.part.offset)
            if hit is None:
                await uploads.put(digest)
            else:
                job.done[digest.part.offset] = hit
                job.progress.emit(Event.PART_SKIPPED, part=digest.part.index, delta=digest.part.size)
    await uploads.put(None)


async def _next_batch(job: Job, plans: asyncio.Queue[PartDigest | None]) -> tuple[list[PartDigest], bool]:
    """At least one digest, then up to ``plan_batch`` of those ready. True once hashing has ended."""
    batch: list[PartDigest] = []
    while len(batch) < job.settings.plan_batch and (not batch or not plans.empty()):
        item = await plans.get()
        if item is None:
            return batch, True
        batch.append(item)
    return batch, False


async def _plan(job: Job, batch: list[PartDigest]) -> dict[int, PartRecord] | None:
    """Which of these parts Box already holds, by offset; None when the server has no plan endpoint."""
    parts = [(d.part, cast(str, d.sha512_hex)) for d in batch]
    remote = job.remote
    try:
        found = await remote.retrying(lambda: gateway.plan(remote.api, remote.host, remote.id, parts))
    except (ApiError, TransportError, ResponseError) as exc:
        # Dedup only saves bytes: when the plan endpoint is missing, broken or down, send every part.
        if isinstance(exc, ApiError) and exc.status not in (404, 405, 501) and not job.settings.retry.is_retryable(exc):
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
