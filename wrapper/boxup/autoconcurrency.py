"""``concurrency="auto"``: how many parts to keep in flight, decided from the aggregate rate the upload achieves.

The controller is fed what the pipeline already knows (a part finished: when, how many bytes; Box pushed back: a
429, a 5xx or a timeout) and answers with the limit to use from now on; the pipeline applies it to its slot limiter.
It decides nothing from a clock of its own, so its decisions are a pure function of the events (unit tests feed it
synthetic rates).

The policy, in the spirit of TCP's slow start and of AWS CRT's S3 client picking connections from throughput:

- start at ``start`` parts in flight at once (nothing waits for a measurement);
- a *window* is ``limit`` part completions at one limit (one part per slot, so every slot has finished a part
  started at that limit); the rate of a window is its bytes over its duration;
- after the first window, go straight to ``cap`` (32: the memory bound, one part buffer per slot). Doubling one
  window at a time would be too slow for most uploads: Box's parts are 8-32 MiB, so a 256 MiB or 1 GiB upload is
  32 parts, over before a second doubling is measured;
- if the cap was (almost) no faster than the start (less than ``gain``, 5 %), go back to the start and hold;
  if it scaled with the connections (within ``gain`` of linear), nothing below it is as fast: hold the cap;
- otherwise the knee is in between: halve while the rate holds within ``gain`` of the best seen, then hold the
  last limit that kept it (no more connections than the knee needs);
- on a push-back, halve the limit at once and do not grow past the limit that was pushed back for the rest of the
  upload (Box's rate limits and a congested link both say "fewer").
"""

from __future__ import annotations

import enum
import time
from typing import Protocol

import attrs

DEFAULT_START = 8
DEFAULT_CAP = 32
DEFAULT_GAIN = 0.05


class Phase(enum.Enum):
    STARTING = "starting"  # measuring the start
    PROBING = "probing"  # measuring the cap
    NARROWING = "narrowing"  # halving from the cap while the rate holds
    HOLDING = "holding"


@attrs.frozen
class Window:
    """The parts finished at one limit: enough of them to measure the rate that limit gives."""

    limit: int
    started: float
    ended: float
    nbytes: int

    @property
    def rate(self) -> float:
        return self.nbytes / max(self.ended - self.started, 1e-9)


@attrs.define
class AutoConcurrency:
    """The decisions of ``concurrency="auto"``; ``limit`` is the number of parts to keep in flight now."""

    start: int = DEFAULT_START
    cap: int = DEFAULT_CAP
    gain: float = DEFAULT_GAIN
    limit: int = attrs.field(init=False)
    phase: Phase = attrs.field(init=False, default=Phase.STARTING)
    ceiling: int = attrs.field(init=False)  # never above this: the cap, or below a limit Box pushed back on
    history: list[Window] = attrs.field(init=False, factory=list)  # the measured windows, for the report
    _first: Window | None = attrs.field(init=False, default=None)  # at the start
    _best: Window | None = attrs.field(init=False, default=None)  # the fewest parts in flight at the best rate
    _window_start: float | None = attrs.field(init=False, default=None)
    _window_parts: int = attrs.field(init=False, default=0)
    _window_bytes: int = attrs.field(init=False, default=0)

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.start <= self.cap:
            raise ValueError(f"auto concurrency needs 1 <= start <= cap, got start {self.start} and cap {self.cap}")
        self.limit = self.start
        self.ceiling = self.cap

    def begin(self, now: float) -> None:
        """The first part went out: the first window starts."""
        if self._window_start is None:
            self._window_start = now

    def part_done(self, now: float, nbytes: int) -> int:
        """A part was accepted by Box at ``now``; the limit to use from now on."""
        self.begin(now)
        self._window_parts += 1
        self._window_bytes += nbytes
        if self._window_parts >= self.limit:
            assert self._window_start is not None
            self._decide(Window(self.limit, self._window_start, now, self._window_bytes))
            self._restart(now)
        return self.limit

    def pushed_back(self, now: float) -> int:
        """Box answered 429 or 5xx, or a part timed out: fewer parts in flight, now and for the rest."""
        self.ceiling = max(1, self.limit - 1)
        self.limit = max(1, self.limit // 2)
        self.phase = Phase.HOLDING
        self._restart(now)
        return self.limit

    def _restart(self, now: float) -> None:
        self._window_start, self._window_parts, self._window_bytes = now, 0, 0

    def _decide(self, window: Window) -> None:
        self.history.append(window)
        if self.phase is Phase.STARTING:
            self._first = self._best = window
            self._go(self.ceiling, Phase.PROBING if self.ceiling > window.limit else Phase.HOLDING)
        elif self.phase is Phase.PROBING:
            self._after_probe(window)
        elif self.phase is Phase.NARROWING:
            self._narrow(window)

    def _after_probe(self, top: Window) -> None:
        first = self._first
        assert first is not None
        if top.rate < first.rate * (1 + self.gain):  # more parts in flight bought (almost) nothing
            self._go(first.limit, Phase.HOLDING)
        elif top.rate >= first.rate * top.limit / first.limit * (1 - self.gain):  # linear: no knee below the cap
            self._go(top.limit, Phase.HOLDING)
        else:
            self._best = top
            self._narrow_from(top)

    def _narrow(self, window: Window) -> None:
        best = self._best
        assert best is not None
        if window.rate < best.rate * (1 - self.gain):  # fewer parts in flight lost rate: the knee is above
            self._go(best.limit, Phase.HOLDING)
            return
        self._best = window
        self._narrow_from(window)

    def _narrow_from(self, window: Window) -> None:
        first = self._first
        assert first is not None
        half = window.limit // 2
        if half > first.limit:
            self._go(half, Phase.NARROWING)
            return
        # the start is measured already: hold it if it kept the rate, else the limit just measured
        kept = first.rate >= window.rate * (1 - self.gain)
        self._go(first.limit if kept else window.limit, Phase.HOLDING)

    def _go(self, limit: int, phase: Phase) -> None:
        self.limit, self.phase = limit, phase


class Tuner:
    """Feeds one upload's part completions and push-backs to a controller and applies its limit to the upload's
    own slots. The clock is read here, so the controller stays a pure function of its events. Only for slots the
    upload owns: slots shared across a tree are sized by their owner (several controllers on one ``Slots`` would
    fight over its capacity)."""

    def __init__(self, slots: _Resizable, controller: AutoConcurrency | None = None) -> None:
        self.controller = controller if controller is not None else AutoConcurrency()
        self.slots = slots
        self.peak = self.controller.limit
        slots.resize(self.controller.limit)

    def part_started(self) -> None:
        self.controller.begin(time.monotonic())

    def part_done(self, nbytes: int) -> None:
        self._apply(self.controller.part_done(time.monotonic(), nbytes))

    def pushed_back(self) -> None:
        self._apply(self.controller.pushed_back(time.monotonic()))

    def _apply(self, limit: int) -> None:
        if limit != self.slots.capacity:
            self.slots.resize(limit)
        self.peak = max(self.peak, limit)


class _Resizable(Protocol):
    @property
    def capacity(self) -> int: ...

    def resize(self, capacity: int) -> None: ...
