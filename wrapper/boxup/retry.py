"""The retry policy: which failures are worth another try, how long to wait, and when to give up.

One frozen object states the whole policy (as urllib3's ``Retry`` does); tenacity runs it. A ``Pacer`` shared by
every request of an upload makes a 429 slow all workers together instead of each hammering on alone.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import attrs
import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_any
from tenacity.stop import stop_base

from .errors import ApiError, TransportError

T = TypeVar("T")

RETRYABLE_STATUSES = frozenset({408, 429} | {s for s in range(500, 600) if s != 507})


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date; None when absent or garbage."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²".isdigit() is True too
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class Pacer:
    """A shared pause: after a 429 every request of the upload waits until the server's Retry-After has passed."""

    def __init__(self) -> None:
        self._resume_at = 0.0

    def pause(self, seconds: float) -> None:
        self._resume_at = max(self._resume_at, time.monotonic() + seconds)

    async def wait(self) -> None:
        delay = self._resume_at - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)


@attrs.frozen
class Deadline:
    """An absolute point (monotonic clock) after which no new retry starts; None means no deadline."""

    at: float | None

    @classmethod
    def after(cls, seconds: float | None) -> Deadline:
        return cls(None if seconds is None else time.monotonic() + seconds)

    def remaining(self) -> float:
        return float("inf") if self.at is None else self.at - time.monotonic()


class _StopAtDeadline(stop_base):
    def __init__(self, deadline: Deadline) -> None:
        self.deadline = deadline

    def __call__(self, retry_state: RetryCallState) -> bool:
        return retry_state.upcoming_sleep >= self.deadline.remaining()


class _StopAfterAttempts(stop_base):
    """``stop_after_attempt`` that does not count the attempts the server paced (429 with Retry-After)."""

    def __init__(self, attempts: int, paced: Callable[[], int]) -> None:
        self.attempts = attempts
        self.paced = paced

    def __call__(self, retry_state: RetryCallState) -> bool:
        return retry_state.attempt_number - self.paced() >= self.attempts


@attrs.frozen
class RetryPolicy:
    """Retry connection errors, timeouts, 408, 429 and 5xx except 507, with full-jitter exponential backoff.

    ``Retry-After`` wins over the backoff when the server sends it, capped at ``max_retry_after`` so a hostile or
    broken value cannot park the upload for a day.
    """

    max_attempts: int = 8
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    max_retry_after: float = 120.0
    max_paced: int = 100  # 429s with Retry-After ridden out, beyond the attempts: pacing is not failure
    retry_statuses: frozenset[int] = RETRYABLE_STATUSES

    def is_retryable(self, exc: BaseException) -> bool:
        if isinstance(exc, TransportError | httpx.TransportError):
            return True
        return isinstance(exc, ApiError) and exc.status in self.retry_statuses

    def backoff(self, attempt: int) -> float:
        """Full jitter: uniform between 0 and the exponential ceiling for this attempt."""
        ceiling = min(self.backoff_max, self.backoff_base * 2 ** (attempt - 1))
        return random.uniform(0, ceiling)  # noqa: S311 - jitter, not cryptography

    def delay_for(self, exc: BaseException | None, attempt: int) -> float:
        retry_after = exc.retry_after if isinstance(exc, ApiError) else None
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        return self.backoff(attempt)

    async def run(
        self,
        call: Callable[[int], Awaitable[T]],
        *,
        pacer: Pacer,
        deadline: Deadline,
        on_retry: Callable[[BaseException, float], None] | None = None,
    ) -> T:
        """Await ``call(attempt_number)`` until it succeeds, fails for good, or the attempts or deadline run out.

        A 429 that names its Retry-After is the server pacing us, not a failure: it does not use up an attempt
        (``max_paced`` of them at most, and the deadline still holds)."""
        paced = 0

        def wait(state: RetryCallState) -> float:
            nonlocal paced
            exc = state.outcome.exception() if state.outcome else None
            delay = self.delay_for(exc, state.attempt_number)
            if isinstance(exc, ApiError) and exc.status == 429:
                pacer.pause(delay)
                if exc.retry_after is not None:
                    paced += 1
            return delay

        out_of_attempts = _StopAfterAttempts(self.max_attempts, lambda: min(paced, self.max_paced))

        def before_sleep(state: RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome else None
            if on_retry is not None and exc is not None:
                on_retry(exc, state.upcoming_sleep)

        retrying = AsyncRetrying(
            stop=stop_any(out_of_attempts, _StopAtDeadline(deadline)),
            wait=wait,
            retry=retry_if_exception(self.is_retryable),
            before_sleep=before_sleep,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                await pacer.wait()
                return await call(attempt.retry_state.attempt_number)
        raise AssertionError("unreachable: tenacity either returns or re-raises")  # pragma: no cover
