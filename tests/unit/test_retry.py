"""The retry policy: what is retried, how long it waits, and that the 429 pause is shared."""

from __future__ import annotations

import asyncio
import email.utils
import time

import httpx
import pytest
from boxup.errors import ApiError, ApiErrorDetails, InputError, TransportError
from boxup.retry import Deadline, Pacer, RetryPolicy, parse_retry_after


def api_error(status: int, retry_after: float | None = None, code: str | None = None) -> ApiError:
    return ApiError("op", ApiErrorDetails(status=status, code=code, retry_after=retry_after))


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504, 599])
def test_transient_statuses_are_retried(status: int) -> None:
    assert RetryPolicy().is_retryable(api_error(status))


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 410, 412, 416, 507])
def test_fatal_statuses_are_not_retried(status: int) -> None:
    assert not RetryPolicy().is_retryable(api_error(status))


def test_network_errors_are_retried_but_bad_input_is_not() -> None:
    policy = RetryPolicy()
    assert policy.is_retryable(TransportError("reset"))
    assert policy.is_retryable(httpx.ReadTimeout("slow"))
    assert not policy.is_retryable(InputError("bad"))


def test_retry_after_seconds_and_http_date() -> None:
    assert parse_retry_after("7") == 7.0
    now = time.time()
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert 28 <= (parse_retry_after(date, now=now) or 0) <= 31
    assert parse_retry_after(email.utils.formatdate(now - 30, usegmt=True), now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_full_jitter_stays_under_the_exponential_ceiling() -> None:
    policy = RetryPolicy(backoff_base=1.0, backoff_max=8.0)
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (10, 8.0)]:
        samples = [policy.backoff(attempt) for _ in range(200)]
        assert all(0 <= s <= ceiling for s in samples)
        assert max(samples) > ceiling / 2  # it is jitter over the whole range, not a constant


def test_retry_after_wins_but_is_capped() -> None:
    policy = RetryPolicy(max_retry_after=60)
    assert policy.delay_for(api_error(503, retry_after=3), 1) == 3
    assert policy.delay_for(api_error(429, retry_after=86400), 1) == 60


def test_run_retries_until_success_and_reports_each_retry() -> None:
    calls: list[int] = []
    retries: list[str] = []

    async def flaky(attempt: int) -> str:
        calls.append(attempt)
        if attempt < 3:
            raise api_error(503, retry_after=0)
        return "ok"

    policy = RetryPolicy(max_attempts=5)
    result = asyncio.run(
        policy.run(flaky, pacer=Pacer(), deadline=Deadline.after(None), on_retry=lambda e, d: retries.append(str(e)))
    )
    assert result == "ok"
    assert calls == [1, 2, 3]
    assert len(retries) == 2


def test_run_gives_up_after_max_attempts_with_the_last_error() -> None:
    async def down(attempt: int) -> None:
        raise TransportError(f"attempt {attempt}")

    policy = RetryPolicy(max_attempts=3, backoff_base=0.001)
    with pytest.raises(TransportError, match="attempt 3"):
        asyncio.run(policy.run(down, pacer=Pacer(), deadline=Deadline.after(None)))


def test_run_does_not_retry_fatal_errors() -> None:
    calls: list[int] = []

    async def conflict(attempt: int) -> None:
        calls.append(attempt)
        raise api_error(409, code="item_name_in_use")

    with pytest.raises(ApiError):
        asyncio.run(RetryPolicy().run(conflict, pacer=Pacer(), deadline=Deadline.after(None)))
    assert calls == [1]


def test_deadline_stops_retries_that_would_sleep_past_it() -> None:
    calls: list[int] = []

    async def throttled(attempt: int) -> None:
        calls.append(attempt)
        raise api_error(429, retry_after=5)

    with pytest.raises(ApiError):
        asyncio.run(RetryPolicy().run(throttled, pacer=Pacer(), deadline=Deadline.after(1.0)))
    assert calls == [1]  # the 5 s wait would end past the deadline, so it never starts


def test_a_429_pauses_every_caller_sharing_the_pacer() -> None:
    pacer = Pacer()
    policy = RetryPolicy()
    order: list[str] = []

    async def throttled_once(attempt: int) -> None:
        if attempt == 1:
            raise api_error(429, retry_after=0.3)
        order.append("throttled-done")

    async def bystander() -> None:
        await asyncio.sleep(0.05)  # starts after the 429 arrived
        await pacer.wait()
        order.append("bystander")

    async def main() -> float:
        start = time.monotonic()
        await asyncio.gather(policy.run(throttled_once, pacer=pacer, deadline=Deadline.after(None)), bystander())
        return time.monotonic() - start

    elapsed = asyncio.run(main())
    assert set(order) == {"throttled-done", "bystander"}
    assert elapsed >= 0.25  # the bystander waited for the shared pause too


def test_retry_after_in_unicode_digits_is_ignored_not_a_crash() -> None:
    assert parse_retry_after("\u00b2") is None  # "²".isdigit() is True, float("²") is not
    assert parse_retry_after("\u0663") is None  # an Arabic-Indic three


def failing_then_ok(failures: int, error: ApiError) -> tuple[list[int], object]:
    calls: list[int] = []

    async def call(attempt: int) -> str:
        calls.append(attempt)
        if len(calls) <= failures:
            raise error
        return "ok"

    return calls, call


def test_a_429_with_retry_after_is_pacing_and_does_not_use_up_the_attempts() -> None:
    calls, call = failing_then_ok(5, api_error(429, retry_after=0))
    policy = RetryPolicy(max_attempts=3)
    assert asyncio.run(policy.run(call, pacer=Pacer(), deadline=Deadline.after(None))) == "ok"  # type: ignore[arg-type]
    assert len(calls) == 6


def test_a_429_without_retry_after_counts_as_a_failed_attempt() -> None:
    calls, call = failing_then_ok(5, api_error(429))
    policy = RetryPolicy(max_attempts=3, backoff_base=0.001)
    with pytest.raises(ApiError):
        asyncio.run(policy.run(call, pacer=Pacer(), deadline=Deadline.after(None)))  # type: ignore[arg-type]
    assert len(calls) == 3


def test_pacing_is_bounded_by_max_paced_so_an_endless_429_stream_still_ends() -> None:
    calls, call = failing_then_ok(100, api_error(429, retry_after=0))
    policy = RetryPolicy(max_attempts=2, max_paced=4)
    with pytest.raises(ApiError):
        asyncio.run(policy.run(call, pacer=Pacer(), deadline=Deadline.after(None)))  # type: ignore[arg-type]
    assert len(calls) == 6
