"""Request slots: a bound on transfers in flight that many uploads share, resized at run time, with one 429 pause."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import pytest
from boxup.errors import ApiError, ApiErrorDetails, InputError
from boxup.retry import Deadline, RetryPolicy
from boxup.slots import Slots

T = TypeVar("T")


def run(main: Callable[[], Awaitable[T]]) -> T:
    async def wrapped() -> T:
        return await main()

    return asyncio.run(wrapped())


async def settle() -> None:
    """Let every ready task take its next step (grants are handed over through the loop)."""
    for _ in range(5):
        await asyncio.sleep(0)


class Meter:
    """Counts how many holders are inside at once."""

    def __init__(self) -> None:
        self.now = 0
        self.peak = 0

    async def hold(self, slots: Slots, release: asyncio.Event) -> None:
        async with slots:
            self.now += 1
            self.peak = max(self.peak, self.now)
            await release.wait()
            self.now -= 1


@pytest.mark.parametrize("capacity", [0, -1, 1.5, True, "4"])
def test_a_capacity_that_is_not_a_positive_whole_number_is_refused(capacity: object) -> None:
    with pytest.raises(InputError, match="at least 1"):
        Slots(capacity)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        Slots(2).resize(capacity)  # type: ignore[arg-type]


def test_uploads_sharing_slots_never_hold_more_than_the_capacity_together() -> None:
    async def main() -> tuple[int, int]:
        slots, meter = Slots(3), Meter()

        async def upload(parts: int) -> None:  # one "upload": its parts each take a slot for a moment
            async def part() -> None:
                async with slots:
                    meter.now += 1
                    meter.peak = max(meter.peak, meter.now)
                    await asyncio.sleep(0.001)
                    meter.now -= 1

            await asyncio.gather(*(part() for _ in range(parts)))

        await asyncio.gather(upload(10), upload(7), upload(1))
        return meter.peak, slots.in_use

    peak, left = run(main)
    assert peak == 3
    assert left == 0


def test_waiters_are_served_first_come_first_served() -> None:
    async def main() -> list[int]:
        slots, order = Slots(1), []
        await slots.acquire()

        async def waiter(n: int) -> None:
            async with slots:
                order.append(n)

        tasks = [asyncio.create_task(waiter(n)) for n in range(5)]
        await settle()
        slots.release()
        await asyncio.gather(*tasks)
        return order

    assert run(main) == [0, 1, 2, 3, 4]


def test_raising_the_capacity_while_held_admits_waiters_at_once() -> None:
    async def main() -> tuple[int, int, int]:
        slots, meter, release = Slots(2), Meter(), asyncio.Event()
        tasks = [asyncio.create_task(meter.hold(slots, release)) for _ in range(6)]
        await settle()
        before = meter.now
        slots.resize(5)
        await settle()
        after = meter.now
        release.set()
        await asyncio.gather(*tasks)
        return before, after, slots.waiting

    assert run(main) == (2, 5, 0)


def test_lowering_the_capacity_while_held_keeps_holders_and_admits_only_below_the_new_capacity() -> None:
    async def main() -> list[tuple[int, int]]:
        slots = Slots(4)
        for _ in range(4):
            await slots.acquire()
        entered: list[int] = []

        async def waiter(n: int) -> None:
            await slots.acquire()
            entered.append(n)

        tasks = [asyncio.create_task(waiter(n)) for n in range(2)]
        await settle()
        slots.resize(2)
        seen = [(slots.in_use, len(entered))]  # nobody loses a slot
        for _ in range(3):  # 4 -> 3 -> 2 -> 1 held: only the last release leaves room under the new capacity
            slots.release()
            await settle()
            seen.append((slots.in_use, len(entered)))
        slots.release()
        await settle()
        seen.append((slots.in_use, len(entered)))
        await asyncio.gather(*tasks)
        return seen

    assert run(main) == [(4, 0), (3, 0), (2, 0), (2, 1), (2, 2)]


def test_a_cancelled_waiter_leaves_no_slot_taken_and_does_not_block_those_behind_it() -> None:
    async def main() -> tuple[int, bool]:
        slots = Slots(1)
        await slots.acquire()
        first = asyncio.create_task(slots.acquire())
        second = asyncio.create_task(slots.acquire())
        await settle()
        first.cancel()
        await settle()
        slots.release()
        await asyncio.wait_for(second, 1)
        return slots.in_use, first.cancelled()

    assert run(main) == (1, True)


def test_a_waiter_cancelled_just_after_its_grant_hands_the_slot_on() -> None:
    async def main() -> tuple[int, int]:
        slots = Slots(1)
        await slots.acquire()
        granted = asyncio.create_task(slots.acquire())
        behind = asyncio.create_task(slots.acquire())
        await settle()
        slots.release()  # grants `granted`'s future; the task has not run yet
        granted.cancel()
        await asyncio.wait_for(behind, 1)
        return slots.in_use, slots.waiting

    assert run(main) == (1, 0)


def test_releasing_more_than_was_acquired_is_a_bug_reported_loudly() -> None:
    with pytest.raises(RuntimeError, match="more times"):
        Slots(1).release()


def test_a_429_seen_by_one_holder_pauses_the_others_sharing_the_slots() -> None:
    """Two uploads share the slots: the first hits a 429 with Retry-After 0.3 s; the second's next request waits too."""
    policy = RetryPolicy(max_attempts=3, backoff_base=0.0, max_retry_after=5)

    async def main() -> float:
        slots = Slots(2)
        started: list[float] = []
        throttled = asyncio.Event()

        async def first(attempt: int) -> None:
            if attempt == 1:
                throttled.set()
                raise ApiError("upload part", ApiErrorDetails(status=429, code="rate_limit_exceeded", retry_after=0.3))

        async def second(_: int) -> None:
            started.append(time.monotonic())

        async def upload(call: Callable[[int], Awaitable[None]]) -> None:
            async with slots:
                await policy.run(call, pacer=slots.pacer, deadline=Deadline.after(None))

        async def later() -> None:
            await throttled.wait()
            await asyncio.sleep(0)  # the 429's pause is registered when tenacity computes its wait
            await upload(second)

        begun = time.monotonic()
        await asyncio.gather(upload(first), later())
        return started[0] - begun

    assert run(main) >= 0.25


def test_pause_holds_back_every_request_that_uses_the_slots_pacer() -> None:
    async def main() -> float:
        slots = Slots(4)
        slots.pause(0.2)
        begun = time.monotonic()
        await slots.pacer.wait()
        return time.monotonic() - begun

    assert run(main) >= 0.15
