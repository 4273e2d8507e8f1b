"""Request slots shared by every transfer of one run: the transfer manager behind ``upload_tree``.

``RequestSlots`` bounds the requests in flight across every file: a part of a big file and a whole small file
(direct upload) each hold one slot while their request is on the wire, so ``--concurrency 8`` means eight
requests at once whatever the tree, and memory stays bounded by it (bytes are streamed from disk, never a whole
file or part held). The same object carries the run's ``Pacer``: when Box answers 429 to any request, every
request of the run waits out the same Retry-After together, instead of each file discovering the limit alone.

The gateway's ``Api.call`` enters ``slot()`` around each send, so every operation (folders, listings, sessions,
parts, commits) is counted and paced, with no change to the engine.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from .errors import ApiError
from .retry import Pacer


class RequestSlots:
    """At most ``limit`` requests in flight, and one shared 429 pause."""

    def __init__(self, limit: int, *, max_pause: float = 120.0) -> None:
        if limit < 1:
            raise ValueError(f"a slot limit is at least 1, got {limit}")
        self.limit = limit
        self.pacer = Pacer()
        self._max_pause = max_pause
        self._free = asyncio.Semaphore(limit)
        self.in_flight = 0
        self.peak = 0  # the most requests seen in flight at once (tests and the bench read it)

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one slot for one request; wait out a shared pause before sending, and start one on a 429."""
        async with self._free:
            await self.pacer.wait()
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            try:
                yield
            except ApiError as exc:
                if exc.status == 429 and exc.retry_after is not None:
                    self.pacer.pause(min(exc.retry_after, self._max_pause))
                raise
            finally:
                self.in_flight -= 1
