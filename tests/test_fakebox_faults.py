"""Fault injection (statuses, resets mid-body, delays, stored-then-failed) and the request log and counters."""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from boxup_api.api.upload_sessions import get_upload_session, list_upload_parts

from tests.fakebox import FakeBox
from tests.fakebox.calls import (
    body_of,
    commit,
    commit_until_done,
    new_session,
    put_all,
    put_part,
    session_id_of,
    upload_client,
)

KiB = 1024
PART = 256 * KiB
DATA = os.urandom(4 * PART)


@pytest.fixture
def session(fakebox: FakeBox) -> str:
    with upload_client(fakebox) as client:
        return session_id_of(new_session(client, len(DATA)))


def test_a_status_on_the_nth_matching_request(fakebox: FakeBox, session: str) -> None:
    rule = fakebox.inject(method="PUT", path=r"/upload_sessions/[0-9A-F]{32}$", nth=3, status=503, retry_after=2)
    with upload_client(fakebox) as client:
        answers = [put_part(client, session, DATA[o : o + PART], o, len(DATA)) for o in range(0, len(DATA), PART)]
    assert [int(a.status_code) for a in answers] == [200, 200, 503, 200]
    assert answers[2].headers["retry-after"] == "2"
    assert body_of(answers[2])["code"] == "unavailable"
    assert [p["offset"] for p in fakebox.session(session)["parts"]] == [0, PART, 3 * PART]
    assert fakebox.counters["faults_fired"] == {rule: 1}
    assert fakebox.counters["requests"]["upload_part"] == {"200": 3, "503": 1}
    assert (fakebox.count("upload_part"), fakebox.count("upload_part", 200)) == (4, 3)
    assert fakebox.requests_for("upload_part")[2]["faults"] == [rule]


def test_every_nth_limited_to_k_times_with_a_code(fakebox: FakeBox, session: str) -> None:
    fakebox.inject(operation="get_upload_session", every=2, times=2, status=429, code="rate_limit_exceeded")
    with upload_client(fakebox) as client:
        answers = [get_upload_session.sync_detailed(session, client=client) for _ in range(6)]
    assert [int(a.status_code) for a in answers] == [200, 429, 200, 429, 200, 200]
    assert body_of(answers[1])["code"] == "rate_limit_exceeded"


def test_a_seeded_probability_repeats(fakebox: FakeBox, session: str) -> None:
    def pattern() -> list[int]:
        fakebox.clear_faults()
        fakebox.inject(operation="get_upload_session", probability=0.5, seed=7, status=500)
        with upload_client(fakebox) as client:
            return [int(get_upload_session.sync_detailed(session, client=client).status_code) for _ in range(12)]

    first = pattern()
    assert first == pattern()
    assert 500 in first
    assert 200 in first


def test_a_reset_mid_body(fakebox: FakeBox, session: str) -> None:
    fakebox.inject("reset", operation="upload_part", after_bytes=64 * KiB, times=1)
    with upload_client(fakebox) as client:
        with pytest.raises(httpx.TransportError):
            put_part(client, session, DATA[:PART], 0, len(DATA))
        retried = put_part(client, session, DATA[:PART], 0, len(DATA))
    assert int(retried.status_code) == 200
    cut = fakebox.requests_for("upload_part")[0]
    assert cut["outcome"] == "reset"
    assert 64 * KiB <= cut["bytes_in"] < PART
    assert [p["offset"] for p in fakebox.session(session)["parts"]] == [0]


def test_a_reset_without_a_body(fakebox: FakeBox, session: str) -> None:
    fakebox.inject("reset", operation="get_upload_session", nth=1)
    with upload_client(fakebox) as client:
        with pytest.raises(httpx.TransportError):
            get_upload_session.sync_detailed(session, client=client)
        assert int(get_upload_session.sync_detailed(session, client=client).status_code) == 200


def test_a_delay(fakebox: FakeBox, session: str) -> None:
    fakebox.inject("delay", operation="get_upload_session", delay=0.3)
    with upload_client(fakebox) as client:
        started = time.monotonic()
        response = get_upload_session.sync_detailed(session, client=client)
    assert int(response.status_code) == 200
    assert time.monotonic() - started >= 0.3


def test_stored_then_500_keeps_the_part(fakebox: FakeBox, session: str) -> None:
    fakebox.inject("store_then_status", operation="upload_part", nth=1, status=500)
    with upload_client(fakebox) as client:
        failed = put_part(client, session, DATA[:PART], 0, len(DATA))
        listed = body_of(list_upload_parts.sync_detailed(session, client=client))
        retried = put_part(client, session, DATA[:PART], 0, len(DATA))
    assert (int(failed.status_code), body_of(failed)["code"]) == (500, "internal_server_error")
    assert [e["offset"] for e in listed["entries"]] == [0]
    assert (int(retried.status_code), body_of(retried)["code"]) == (416, "range_overlaps_existing_part")
    assert body_of(retried)["context_info"]["conflicting_part"] == listed["entries"][0]


def test_a_commit_whose_answer_is_lost(fakebox: FakeBox, session: str) -> None:
    fakebox.configure(commit_processing_polls=0)
    fakebox.inject("store_then_reset", operation="commit_upload_session", nth=1)
    with upload_client(fakebox) as client:
        parts = put_all(client, session, DATA, PART)
        with pytest.raises(httpx.TransportError):
            commit(client, session, parts, DATA)
        again = commit_until_done(client, session, parts, DATA)
    assert int(again.status_code) == 201
    assert fakebox.file_bytes(body_of(again)["entries"][0]["id"]) == DATA


def test_a_non_json_error_page(fakebox: FakeBox, session: str) -> None:
    fakebox.inject(operation="get_upload_session", status=502, raw_body="<html>Bad Gateway</html>", times=1)
    with upload_client(fakebox) as client:
        response = client.get_httpx_client().get(f"/files/upload_sessions/{session}")
    assert (response.status_code, response.headers["content-type"]) == (502, "text/html; charset=utf-8")
    assert response.text == "<html>Bad Gateway</html>"


def test_the_admin_endpoint_takes_faults_over_http(fakebox: FakeBox, session: str) -> None:
    admin = f"{fakebox.base_url}/_admin/faults"
    created = httpx.post(admin, json={"operation": "get_upload_session", "status": 504, "times": 1})
    refused = httpx.post(admin, json={"operation": "x", "colour": "red"})
    with upload_client(fakebox) as client:
        first = get_upload_session.sync_detailed(session, client=client)
        second = get_upload_session.sync_detailed(session, client=client)
    assert created.status_code == 201
    assert created.json()["id"].startswith("fault-")
    assert refused.status_code == 400
    assert (int(first.status_code), int(second.status_code)) == (504, 200)
    assert httpx.get(admin).json()[0]["fired"] == 1
    assert httpx.delete(admin).json() == []


def test_counters_see_concurrency_and_bytes(fakebox: FakeBox, session: str) -> None:
    fakebox.configure(bandwidth="128KiB")  # slow enough that four parts overlap, even on a loaded machine

    def send(offset: int) -> int:
        with upload_client(fakebox) as client:
            return int(put_part(client, session, DATA[offset : offset + PART], offset, len(DATA)).status_code)

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(send, range(0, len(DATA), PART))) == [200] * 4
    counters = fakebox.counters
    assert counters["max_concurrent_part_uploads"] == 4
    assert counters["part_uploads_in_flight"] == 0
    assert counters["bytes_in"]["upload_part"] == len(DATA)
    assert all(r["authorization"] for r in fakebox.requests)
