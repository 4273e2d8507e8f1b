"""RequestSlots, the transfer manager's core: a bound on requests in flight and one shared 429 pause."""

from __future__ import annotations

import asyncio
import time

import pytest
from boxup.errors import ApiError, ApiErrorDetails
from boxup.transfers import RequestSlots


def test_no_more_requests_than_slots_are_ever_in_flight() -> None:
    slots = RequestSlots(3)

    async def request() -> None:
        async with slots.slot():
            await asyncio.sleep(0.01)

    async def main() -> None:
        await asyncio.gather(*(request() for _ in range(20)))

    asyncio.run(main())
    assert slots.peak == 3
    assert slots.in_flight == 0


def test_a_429_with_retry_after_in_one_slot_pauses_every_later_request() -> None:
    slots = RequestSlots(4, max_pause=0.3)
    started: list[float] = []

    async def throttled() -> None:
        with pytest.raises(ApiError):
            async with slots.slot():
                raise ApiError("upload file", ApiErrorDetails(status=429, retry_after=60))

    async def later() -> None:
        await asyncio.sleep(0.02)
        async with slots.slot():
            started.append(time.monotonic())

    async def main() -> float:
        begin = time.monotonic()
        await asyncio.gather(throttled(), later(), later())
        return begin

    begin = asyncio.run(main())
    assert all(t - begin >= 0.25 for t in started)  # capped at max_pause, not Box's 60 s


def test_a_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        RequestSlots(0)
