"""The commit stage of a chunked upload: every part's record in offset order, and the whole-file digest."""

from __future__ import annotations

from .errors import ResponseError
from .job import Job
from .models import PartRecord, UploadedFile
from .parts import split
from .progress import Event


async def commit(job: Job) -> UploadedFile:
    """Commit what the pipeline sent (202s polled within the commit budget by ``RemoteSession.commit``)."""
    parts: list[PartRecord] = []
    for part in split(job.source.size, job.session.part_size):
        record = job.done.get(part.offset)
        if record is None:
            raise ResponseError("internal: a part is missing at commit time")
        parts.append(record)
    job.progress.emit(Event.COMMITTING)
    return await job.remote.commit(parts, job.whole.digest(), job.content_modified_at)
