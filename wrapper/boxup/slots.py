"""Request slots: how many transfers may be in flight at once, shared by every upload that is given the same object.

One ``Slots`` can bound a whole tree upload (parts of big files and whole small files draw from the same slots),
its capacity can change while uploads run (an automatic concurrency controller raises or lowers it), and it
carries the shared 429 pause: a ``Retry-After`` seen by any holder pauses every request that uses ``slots.pacer``.

A part holds its slot from its first byte until its answer is accepted, retries included; a direct upload holds
one for its request. Lowering the capacity never interrupts a holder: new slots are granted only once the number
in use is below the new capacity. Waiters are served first come, first served.

Use it from one event loop (the loop of the uploads that share it); ``resize`` too.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from types import TracebackType

from .errors import InputError
from .retry import Pacer


def _checked(capacity: int) -> int:
    if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
        raise InputError(f"concurrency must be a whole number of at least 1, got {capacity!r}")
    return capacity


class Slots:
    """At most ``capacity`` transfers in flight; ``async with slots:`` holds one."""

    def __init__(self, capacity: int) -> None:
        self._capacity = _checked(capacity)
        self._in_use = 0
        self._waiters: deque[asyncio.Future[None]] = deque()
        self.pacer = Pacer()  # the shared 429 pause of everything drawing from these slots

    def __repr__(self) -> str:
        return f"boxup.Slots(capacity={self._capacity}, in_use={self._in_use}, waiting={self.waiting})"

    @property
    def capacity(self) -> int:
        return self._capacity

    @property
    def in_use(self) -> int:
        return self._in_use

    @property
    def waiting(self) -> int:
        return sum(1 for w in self._waiters if not w.done())

    def resize(self, capacity: int) -> None:
        """Change the capacity now: a raise admits waiters at once; a cut takes effect as holders release."""
        self._capacity = _checked(capacity)
        self._grant()

    def pause(self, seconds: float) -> None:
        """Hold back every request that uses ``pacer`` for ``seconds`` (what a 429's Retry-After does)."""
        self.pacer.pause(seconds)

    async def acquire(self) -> None:
        if self._in_use < self._capacity and not self._waiters:
            self._in_use += 1
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():  # granted just as we were cancelled: hand it on
                self.release()
            raise
        finally:
            if waiter.cancelled():
                self._forget(waiter)

    def release(self) -> None:
        if self._in_use <= 0:
            raise RuntimeError("Slots.release() called more times than acquire()")
        self._in_use -= 1
        self._grant()

    def _grant(self) -> None:
        while self._waiters and self._in_use < self._capacity:
            waiter = self._waiters.popleft()
            if not waiter.done():
                self._in_use += 1
                waiter.set_result(None)

    def _forget(self, waiter: asyncio.Future[None]) -> None:
        """Drop a cancelled waiter; whoever queued behind it may now fit."""
        with contextlib.suppress(ValueError):
            self._waiters.remove(waiter)
        self._grant()

    async def __aenter__(self) -> Slots:
        await self.acquire()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
