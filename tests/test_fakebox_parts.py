"""Part uploads and part listing: Content-Range, part boundaries, Digest, immutability, Content-Length."""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Iterator

import httpx
import pytest
from boxup_api.api.upload_sessions import list_upload_parts

from tests.fakebox import FakeBox
from tests.fakebox.calls import body_of, new_session, put_all, put_part, session_id_of, upload_client

KiB = 1024
PART = 256 * KiB
DATA = os.urandom(5 * PART + 1000)  # five full parts and a short last one
TOTAL = len(DATA)


@pytest.fixture
def session(fakebox: FakeBox) -> str:
    with upload_client(fakebox) as client:
        return session_id_of(new_session(client, TOTAL))


def test_a_part_is_stored_and_described(fakebox: FakeBox, session: str) -> None:
    chunk = DATA[PART : 2 * PART]
    with upload_client(fakebox) as client:
        response = put_part(client, session, chunk, PART, TOTAL)
    assert int(response.status_code) == 200
    part = body_of(response)["part"]
    assert set(part) == {"part_id", "offset", "size", "sha1"}
    assert len(part["part_id"]) == 8
    assert part["part_id"] == part["part_id"].upper()
    int(part["part_id"], 16)
    assert (part["offset"], part["size"], part["sha1"]) == (PART, PART, hashlib.sha1(chunk).hexdigest())
    assert fakebox.counters["bytes_in"]["upload_part"] == PART


def test_the_short_last_part_and_upper_case_sha_token(fakebox: FakeBox, session: str) -> None:
    last = DATA[5 * PART :]
    digest = "SHA=" + base64.b64encode(hashlib.sha1(last).digest()).decode()
    with upload_client(fakebox) as client:
        response = put_part(client, session, last, 5 * PART, TOTAL, digest=digest)
    assert int(response.status_code) == 200
    assert body_of(response)["part"]["size"] == 1000


def test_sha256_part_digest_is_accepted_like_the_web_uploader(fakebox: FakeBox, session: str) -> None:
    chunk = DATA[:PART]
    digest = "sha-256=" + base64.b64encode(hashlib.sha256(chunk).digest()).decode()
    with upload_client(fakebox) as client:
        assert int(put_part(client, session, chunk, 0, TOTAL, digest=digest).status_code) == 200
        fakebox.configure(accept_sha256_part_digest=False)
        refused = put_part(client, session, DATA[PART : 2 * PART], PART, TOTAL, digest=digest)
    assert (int(refused.status_code), body_of(refused)["code"]) == (400, "bad_request")


@pytest.mark.parametrize(
    ("content_range", "status", "code"),
    [
        (f"bytes=0-{PART - 1}/{TOTAL}", 400, "bad_request"),
        (f"bytes 0-{PART - 1}/*", 400, "bad_request"),
        (f"0-{PART - 1}/{TOTAL}", 400, "bad_request"),
        (f"bytes 0-{PART - 1}/{TOTAL + 1}", 416, "range_not_satisfiable"),
        (f"bytes 1-{PART}/{TOTAL}", 416, "range_not_satisfiable"),
        (f"bytes {PART}-{3 * PART - 1}/{TOTAL}", 416, "range_not_satisfiable"),
        (f"bytes {5 * PART}-{TOTAL}/{TOTAL}", 416, "range_not_satisfiable"),
    ],
)
def test_content_range_must_be_exact(
    fakebox: FakeBox, session: str, content_range: str, status: int, code: str
) -> None:
    start = int(re.search(r"(\d+)-", content_range).group(1))  # type: ignore[union-attr]
    chunk = DATA[start : start + PART]
    with upload_client(fakebox) as client:
        response = put_part(client, session, chunk, start, TOTAL, content_range=content_range)
    assert (int(response.status_code), body_of(response)["code"]) == (status, code)
    assert fakebox.session(session)["parts"] == []


def test_a_short_non_last_part_is_refused(fakebox: FakeBox, session: str) -> None:
    chunk = DATA[:1000]
    with upload_client(fakebox) as client:
        response = put_part(client, session, chunk, 0, TOTAL)
    assert (int(response.status_code), body_of(response)["code"]) == (416, "range_not_satisfiable")


def test_content_length_must_match_the_range(fakebox: FakeBox, session: str) -> None:
    chunk = DATA[:PART]
    with upload_client(fakebox) as client:
        response = put_part(client, session, chunk + b"extra", 0, TOTAL, content_range=f"bytes 0-{PART - 1}/{TOTAL}")
    assert (int(response.status_code), body_of(response)["code"]) == (400, "bad_request")


def test_digest_mismatch(fakebox: FakeBox, session: str) -> None:
    chunk = DATA[:PART]
    wrong = "sha=" + base64.b64encode(hashlib.sha1(b"other").digest()).decode()
    with upload_client(fakebox) as client:
        response = put_part(client, session, chunk, 0, TOTAL, digest=wrong)
        body = body_of(response)
        assert (int(response.status_code), body["code"]) == (400, "digest_mismatch")
        assert body["message"].startswith("Part digest was incorrect. Actual: ")
        assert fakebox.session(session)["parts"] == []
        fakebox.configure(part_digest_mismatch_status=412, part_digest_mismatch_code="sha1_mismatch")
        again = put_part(client, session, chunk, 0, TOTAL, digest=wrong)
    assert (int(again.status_code), body_of(again)["code"]) == (412, "sha1_mismatch")


@pytest.mark.parametrize("digest", ["", "md5=abc", "sha=not base64!", "sha=" + base64.b64encode(b"short").decode()])
def test_a_missing_or_malformed_digest(fakebox: FakeBox, session: str, digest: str) -> None:
    with upload_client(fakebox) as client:
        response = put_part(client, session, DATA[:PART], 0, TOTAL, digest=digest)
    assert (int(response.status_code), body_of(response)["code"]) == (400, "bad_request")


def test_parts_are_immutable(fakebox: FakeBox, session: str) -> None:
    chunk = DATA[:PART]
    with upload_client(fakebox) as client:
        first = body_of(put_part(client, session, chunk, 0, TOTAL))["part"]
        again = put_part(client, session, chunk, 0, TOTAL)
        other = put_part(client, session, bytes(PART), 0, TOTAL)
    for response in (again, other):
        body = body_of(response)
        assert (int(response.status_code), body["code"]) == (416, "range_overlaps_existing_part")
        assert body["context_info"] == {"conflicting_part": first}


def test_no_content_length_is_411(fakebox: FakeBox, session: str) -> None:
    chunk = DATA[:PART]

    def chunked() -> Iterator[bytes]:
        yield chunk

    with upload_client(fakebox) as client, fakebox.expect_violations("upload_part request", "content-length"):
        response = client.get_httpx_client().put(
            f"/files/upload_sessions/{session}",
            content=chunked(),
            headers={
                "digest": "sha=" + base64.b64encode(hashlib.sha1(chunk).digest()).decode(),
                "content-range": f"bytes 0-{PART - 1}/{TOTAL}",
                "content-type": "application/octet-stream",
            },
        )
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert (response.status_code, response.json()["code"]) == (411, "length_required")


def test_missing_headers_are_spec_violations(fakebox: FakeBox, session: str) -> None:
    chunk = DATA[:PART]
    with upload_client(fakebox) as client, fakebox.expect_violations("header parameter 'digest'"):
        response = client.get_httpx_client().put(
            f"/files/upload_sessions/{session}",
            content=chunk,
            headers={"content-range": f"bytes 0-{PART - 1}/{TOTAL}", "content-type": "application/octet-stream"},
        )
    assert (response.status_code, response.json()["code"]) == (400, "bad_request")


def test_list_parts_pages_by_entry(fakebox: FakeBox, session: str) -> None:
    with upload_client(fakebox) as client:
        put_all(client, session, DATA, PART, skip=frozenset({2 * PART}))
        everything = body_of(list_upload_parts.sync_detailed(session, client=client))
        page = body_of(list_upload_parts.sync_detailed(session, client=client, offset=1, limit=2))
        fakebox.configure(list_parts_total_count="expected")
        expected = body_of(list_upload_parts.sync_detailed(session, client=client, limit=1))
        far = list_upload_parts.sync_detailed(session, client=client, offset=10001)
    assert [e["offset"] for e in everything["entries"]] == [0, PART, 3 * PART, 4 * PART, 5 * PART]
    assert (everything["total_count"], everything["limit"], everything["offset"]) == (5, 1000, 0)
    assert [e["offset"] for e in page["entries"]] == [PART, 3 * PART]
    assert (page["limit"], page["offset"]) == (2, 1)
    assert expected["total_count"] == 6
    assert (int(far.status_code), body_of(far)["code"]) == (400, "bad_request")


def test_list_parts_clamps_an_oversized_limit(fakebox: FakeBox, session: str) -> None:
    with upload_client(fakebox) as client, fakebox.expect_violations("list_upload_parts request", "limit"):
        response = list_upload_parts.sync_detailed(session, client=client, limit=5000)
    assert int(response.status_code) == 200
    assert body_of(response)["limit"] == 1000


def test_someone_elses_session_is_forbidden(fakebox: FakeBox, session: str) -> None:
    token = httpx.post(
        fakebox.oauth_url,
        data={
            "grant_type": "client_credentials",
            "client_id": fakebox.client_id,
            "client_secret": fakebox.client_secret,
            "box_subject_type": "user",
            "box_subject_id": "555",
        },
    ).json()["access_token"]
    with upload_client(fakebox, token=token) as client:
        response = put_part(client, session, DATA[:PART], 0, TOTAL)
    assert (int(response.status_code), body_of(response)["code"]) == (403, "forbidden")
