"""WAN simulation: a fixed latency per request and bandwidth caps applied while request bodies are read.

A pacer books each received block onto a timeline at the capped rate and sleeps until the booking ends, so the
body arrives no faster than the cap. HTTP/1.1 carries one request at a time per connection, so a pacer per request
is a pacer per connection; the total cap is one pacer shared by every request.
"""

from __future__ import annotations

import asyncio
import time


class Pacer:
    # How far the timeline may lag behind the clock: the credit that lets a reader who overslept (timer slack, a
    # busy loop) catch up, as a TCP window would, instead of losing that time for good.
    SLACK = 0.05

    def __init__(self, rate: float) -> None:
        if rate <= 0:
            raise ValueError("a bandwidth cap must be positive")
        self.rate = rate
        self._booked_until = time.monotonic()

    def book(self, n: int) -> float:
        """Reserve ``n`` bytes of transfer and return how long the caller must wait for it."""
        now = time.monotonic()
        start = max(self._booked_until, now - self.SLACK)
        self._booked_until = start + n / self.rate
        return self._booked_until - now


async def pace(n: int, *pacers: Pacer | None) -> None:
    wait = max((p.book(n) for p in pacers if p is not None), default=0.0)
    if wait > 0:
        await asyncio.sleep(wait)
