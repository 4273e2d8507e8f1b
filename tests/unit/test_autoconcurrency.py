"""The decisions of ``concurrency="auto"`` (boxup.autoconcurrency), fed synthetic links: a function from parts in
flight to the aggregate rate they get. Parts finish one after another at that rate, so each test is exact."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from boxup import InputError, TransferSettings
from boxup.autoconcurrency import DEFAULT_START, AutoConcurrency, Phase, Tuner

MiB = 1024 * 1024
PART = 8 * MiB


def drive(auto: AutoConcurrency, rate_of: Callable[[int], float], parts: int) -> list[int]:
    """Finish ``parts`` parts, each after PART / rate(limit) seconds; the limit after each."""
    now = 0.0
    auto.begin(now)
    limits = []
    for _ in range(parts):
        now += PART / rate_of(auto.limit)
        limits.append(auto.part_done(now, PART))
    return limits


def per_connection(n: int) -> float:
    return 12 * MiB * n  # 12 MiB/s per connection, no shared limit: more connections keep helping


def shared_link(n: int) -> float:
    return min(12 * MiB * n, 64 * MiB)  # 64 MiB/s in total: past ~6 connections nothing is gained


def cpu_bound(n: int) -> float:
    return 200 * MiB if n <= 8 else 150 * MiB  # loopback: more parts in flight only add contention


def knee_at_12(n: int) -> float:
    return min(12 * MiB * n, 150 * MiB)  # a link of 150 MiB/s: past 12.5 connections nothing is gained


def test_auto_goes_from_its_start_to_the_cap_and_holds_it_while_each_connection_adds_rate() -> None:
    auto = AutoConcurrency()
    limits = drive(auto, per_connection, 200)
    assert limits == sorted(limits)  # it only grows
    assert limits[DEFAULT_START - 1] == 32  # straight after the first window: a 32-part upload gains from it
    assert [w.limit for w in auto.history[:2]] == [8, 32]
    assert (auto.limit, auto.phase) == (32, Phase.HOLDING)


def test_auto_goes_back_to_its_start_when_the_cap_gains_nothing_on_a_shared_link() -> None:
    auto = AutoConcurrency()
    drive(auto, shared_link, 200)
    assert [w.limit for w in auto.history[:2]] == [8, 32]
    assert (auto.limit, auto.phase) == (8, Phase.HOLDING)  # 8 x 12 MiB/s covers 64 MiB/s; 32 would flood it


def test_auto_halves_from_the_cap_down_to_the_knee_when_the_start_was_below_it() -> None:
    auto = AutoConcurrency(start=4)
    drive(auto, shared_link, 200)
    assert [w.limit for w in auto.history[:4]] == [4, 32, 16, 8]
    assert (auto.limit, auto.phase) == (8, Phase.HOLDING)  # 4 gets 48 MiB/s of 64; 8 is the fewest that fill it


def test_auto_holds_the_fewest_parts_in_flight_that_keep_the_rate_above_its_start() -> None:
    auto = AutoConcurrency()
    drive(auto, knee_at_12, 200)
    assert [w.limit for w in auto.history[:3]] == [8, 32, 16]
    assert (auto.limit, auto.phase) == (16, Phase.HOLDING)


def test_auto_keeps_its_start_when_more_parts_in_flight_are_slower() -> None:
    auto = AutoConcurrency()
    drive(auto, cpu_bound, 100)
    assert auto.limit == 8
    assert [w.limit for w in auto.history[:2]] == [8, 32]


def test_auto_halves_on_push_back_and_never_grows_past_the_limit_pushed_back_on() -> None:
    auto = AutoConcurrency()
    drive(auto, per_connection, 8 + 32)  # two windows: 8, then 32, holding 32
    assert auto.limit == 32
    assert auto.pushed_back(100.0) == 16
    limits = drive(auto, per_connection, 200)
    assert max(limits) == 16
    assert auto.ceiling == 31


def test_auto_never_goes_below_one_part_in_flight() -> None:
    auto = AutoConcurrency(start=1)
    assert [auto.pushed_back(float(t)) for t in range(3)] == [1, 1, 1]


def test_auto_starting_at_the_cap_holds_there() -> None:
    auto = AutoConcurrency(start=32, cap=32)
    limits = drive(auto, per_connection, 100)
    assert set(limits) == {32}


@pytest.mark.parametrize(("start", "cap"), [(0, 32), (33, 32)])
def test_auto_refuses_a_start_outside_one_to_the_cap(start: int, cap: int) -> None:
    with pytest.raises(ValueError, match="start"):
        AutoConcurrency(start=start, cap=cap)


class _FakeSlots:
    def __init__(self) -> None:
        self.capacity = 0
        self.resizes: list[int] = []

    def resize(self, capacity: int) -> None:
        self.capacity = capacity
        self.resizes.append(capacity)


def test_tuner_sizes_the_slots_to_the_start_then_to_each_new_limit() -> None:
    slots = _FakeSlots()
    tuner = Tuner(slots, AutoConcurrency(start=2, cap=8))
    assert slots.resizes == [2]
    tuner.part_started()
    tuner.part_done(100)
    tuner.part_done(100)  # a window of 2 at 2: the limit goes to the cap
    assert slots.capacity == 8
    tuner.pushed_back()
    assert slots.resizes == [2, 8, 4]
    assert tuner.peak == 8


def test_settings_take_auto_or_a_whole_number_of_at_least_one() -> None:
    assert TransferSettings(concurrency="auto").start_concurrency == DEFAULT_START
    assert TransferSettings(concurrency=3).start_concurrency == 3
    for bad in (0, "fast", True, 2.5):
        with pytest.raises(InputError, match="concurrency"):
            TransferSettings(concurrency=bad)  # type: ignore[arg-type]
