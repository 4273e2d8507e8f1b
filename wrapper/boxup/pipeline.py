"""The part pipeline of a chunked upload: hash, route, send.

hasher (one thread, part after part in offset order): one read of each part feeds its SHA-1 for Digest, its
    SHA-512 when dedup asks for it, and the whole-file SHA-1 for commit (so the file is read once to hash it, not
    twice; the body is read again as it is sent, since Digest must be known before the first byte goes out)
    -> a part the server already holds (resume) is checked and skipped
    -> the rest go to ``dedup.planner`` (new versions) or straight to the send queue
dispatcher: the lowest pending part waits for a request slot (``slots.Slots``, perhaps shared with other uploads
    and resized while running), then streams from disk with its exact length; its answer is verified
"""

from __future__ import annotations

import asyncio

from . import dedup
from .errors import IntegrityError
from .job import Job
from .models import PartRecord
from .parts import split
from .progress import Event
from .source import PartDigest, PartStream

Digests = asyncio.Queue[PartDigest | None]  # None: no more parts


async def transfer(job: Job) -> None:
    """Send every part Box does not hold yet; on return ``job.done`` and ``job.whole`` are complete."""
    uploads: Digests = asyncio.Queue()
    job.want_sha512 = job.settings.dedup and job.destination.file_id is not None and "plan" in job.session.endpoints
    async with asyncio.TaskGroup() as group:
        if job.want_sha512:
            plans: Digests = asyncio.Queue()
            group.create_task(_hash_parts(job, plans))
            group.create_task(dedup.planner(job, plans, uploads))
        else:
            group.create_task(_hash_parts(job, uploads))
        group.create_task(_dispatch(job, uploads))


async def _hash_parts(job: Job, out: Digests) -> None:
    """Digest the parts one after another in offset order (hashlib runs without the GIL), each read feeding the
    whole-file SHA-1 too, and route them. One thread: the whole-file digest needs the offset order anyway, and it
    keeps ahead of the sockets (two SHA-1s cost less per byte than TLS does).

    The dedup probe is the first ``dedup_probe`` parts the planner is given, not the first by index: a part Box
    already holds (resume) is checked by SHA-1 and skipped here, never planned, so it needs no SHA-512 and does not
    count (counting it, the hasher waited for a decision the planner could never make: a silent hang)."""
    to_plan = 0  # parts hashed so far that will reach the planner
    for part in split(job.source.size, job.session.part_size):
        if job.want_sha512 and to_plan >= job.settings.dedup_probe and not job.sha512_decided.is_set():
            await job.sha512_decided.wait()  # no SHA-512 past the probe until the plan calls show it pays
        planned = job.want_sha512 and part.offset not in job.done
        to_plan += planned
        # A digest is not cancellable mid-part: a cancelled upload finishes at most this part's read.
        digest = await asyncio.to_thread(job.source.digest_part, part, planned, job.whole)
        await _route(job, digest, out)
    await out.put(None)


async def _route(job: Job, digest: PartDigest, out: Digests) -> None:
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


async def _dispatch(job: Job, queue: Digests) -> None:
    """Parts in offset order, each sent once it holds a slot; as many in flight as the slots allow right now (so a
    resize takes effect on the next part). The slot is released by a done-callback: a task cancelled before it
    ever ran would skip a ``finally``."""
    slots = job.slots
    async with asyncio.TaskGroup() as sends:
        while (digest := await queue.get()) is not None:
            await slots.acquire()
            task = sends.create_task(_send_held(job, digest))
            task.add_done_callback(lambda _: slots.release())


async def _send_held(job: Job, digest: PartDigest) -> None:
    job.progress.emit(Event.PART_STARTED, part=digest.part.index)
    if job.tuner is not None:
        job.tuner.part_started()
    job.done[digest.part.offset] = await _send_part(job, digest)
    if job.tuner is not None:  # concurrency="auto": the rate decides the slots for the parts still to go
        job.tuner.part_done(digest.part.size)
    job.progress.emit(Event.PART_DONE, part=digest.part.index)


async def _send_part(job: Job, digest: PartDigest) -> PartRecord:
    part = digest.part
    stream = PartStream(job.source, part, job.progress.add_bytes)

    def retried(exc: BaseException, delay: float) -> None:
        job.progress.emit(Event.PART_RETRIED, part=part.index, message=f"{exc} (retrying in {delay:.1f}s)")
        if job.tuner is not None:  # only 429, 5xx, 408, timeouts and dropped connections are retried: push-back
            job.tuner.pushed_back()

    return await job.remote.send_part(part, stream, digest.sha1, on_failure=stream.rewind_progress, on_retry=retried)
