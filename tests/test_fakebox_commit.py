"""Commit: 202 then 201, sorted and matching parts, whole-file digest, attributes, preconditions, versions."""

from __future__ import annotations

import hashlib
import os
from typing import Any

import pytest
from boxup_api.api.files import download_file, get_file
from boxup_api.api.upload_sessions import abort_upload_session, get_upload_session

from tests.fakebox import FakeBox
from tests.fakebox.calls import (
    api_client,
    body_of,
    commit,
    commit_until_done,
    new_session,
    put_all,
    session_id_of,
    upload_client,
    version_session,
)

KiB = 1024
PART = 256 * KiB
DATA = os.urandom(4 * PART + 77)


def uploaded(box: FakeBox, data: bytes = DATA, name: str = "big.bin") -> tuple[str, list[dict[str, Any]]]:
    with upload_client(box) as client:
        sid = session_id_of(new_session(client, len(data), name=name))
        return sid, put_all(client, sid, data, PART)


def test_commit_answers_202_then_the_file(fakebox: FakeBox) -> None:
    sid, parts = uploaded(fakebox)
    with upload_client(fakebox) as client:
        first = commit(client, sid, parts, DATA)
        assert int(first.status_code) == 202
        assert first.headers["retry-after"] == "0"
        assert first.content == b""
        second = commit(client, sid, parts, DATA)
        status = body_of(get_upload_session.sync_detailed(sid, client=client))
    assert int(second.status_code) == 201
    body = body_of(second)
    assert body["total_count"] == 1
    entry = body["entries"][0]
    assert (entry["type"], entry["name"], entry["size"]) == ("file", "big.bin", len(DATA))
    assert entry["sha1"] == hashlib.sha1(DATA).hexdigest()
    assert entry["file_version"]["sha1"] == entry["sha1"]
    assert entry["parent"]["id"] == "0"
    assert status["num_parts_processed"] == status["total_parts"] == 5
    assert fakebox.file_bytes(entry["id"]) == DATA
    assert fakebox.file_sha1(entry["id"]) == entry["sha1"]
    assert fakebox.file_path(entry["id"]).read_bytes() == DATA


def test_processing_polls_and_retry_after_are_settings(fakebox: FakeBox) -> None:
    fakebox.configure(commit_processing_polls=3, commit_retry_after=7)
    sid, parts = uploaded(fakebox)
    with upload_client(fakebox) as client:
        answers = [commit(client, sid, parts, DATA) for _ in range(4)]
    assert [int(a.status_code) for a in answers] == [202, 202, 202, 201]
    assert {a.headers["retry-after"] for a in answers[:3]} == {"7"}


def test_parts_must_be_sorted(fakebox: FakeBox) -> None:
    sid, parts = uploaded(fakebox)
    with upload_client(fakebox) as client:
        response = commit(client, sid, parts[::-1], DATA)
    assert (int(response.status_code), body_of(response)["code"]) == (400, "bad_request")


@pytest.mark.parametrize(
    "change",
    [
        lambda parts: parts[:-1],
        lambda parts: [{**parts[0], "part_id": "0BADCAFE"}, *parts[1:]],
        lambda parts: [{**parts[0], "sha1": "0" * 40}, *parts[1:]],
        lambda parts: [{**parts[0], "size": parts[0]["size"] - 1}, *parts[1:]],
    ],
    ids=["missing", "unknown_id", "wrong_sha1", "wrong_size"],
)
def test_parts_must_match_the_stored_parts(fakebox: FakeBox, change: Any) -> None:
    sid, parts = uploaded(fakebox)
    with upload_client(fakebox) as client:
        response = commit(client, sid, change(parts), DATA)
    assert (int(response.status_code), body_of(response)["code"]) == (400, "parts_mismatch")


def test_a_part_never_uploaded_is_a_mismatch(fakebox: FakeBox) -> None:
    with upload_client(fakebox) as client:
        sid = session_id_of(new_session(client, len(DATA)))
        parts = put_all(client, sid, DATA, PART, skip=frozenset({PART}))
        response = commit(client, sid, parts, DATA)
    assert (int(response.status_code), body_of(response)["code"]) == (400, "parts_mismatch")


def test_part_records_without_sha1_are_accepted(fakebox: FakeBox) -> None:
    sid, parts = uploaded(fakebox)
    with upload_client(fakebox) as client:
        response = commit_until_done(
            client, sid, [{k: p[k] for k in ("part_id", "offset", "size")} for p in parts], DATA
        )
    assert int(response.status_code) == 201


def test_whole_file_digest_is_checked(fakebox: FakeBox) -> None:
    fakebox.configure(commit_processing_polls=0)
    sid, parts = uploaded(fakebox)
    with upload_client(fakebox) as client:
        wrong = commit(client, sid, parts, DATA, digest="sha=" + "A" * 27 + "=")
        body = body_of(wrong)
        assert (int(wrong.status_code), body["code"]) == (400, "digest_mismatch")
        assert body["message"].startswith("File digest was incorrect. Actual: ")
        assert int(commit(client, sid, parts, DATA).status_code) == 201


def test_transient_parts_mismatch_is_a_setting(fakebox: FakeBox) -> None:
    fakebox.configure(transient_parts_mismatch=1, commit_processing_polls=0)
    sid, parts = uploaded(fakebox)
    with upload_client(fakebox) as client:
        first = commit(client, sid, parts, DATA)
        second = commit(client, sid, parts, DATA)
    assert (int(first.status_code), body_of(first)["code"]) == (400, "parts_mismatch")
    assert int(second.status_code) == 201


def test_attributes_are_applied(fakebox: FakeBox) -> None:
    sid, parts = uploaded(fakebox)
    with upload_client(fakebox) as client:
        response = commit_until_done(
            client, sid, parts, DATA, attributes={"content_modified_at": "2020-02-03T04:05:06Z", "name": "renamed.bin"}
        )
    entry = body_of(response)["entries"][0]
    assert entry["name"] == "renamed.bin"
    assert entry["content_modified_at"] == "2020-02-02T20:05:06-08:00"


def test_a_bad_attribute_is_refused(fakebox: FakeBox) -> None:
    sid, parts = uploaded(fakebox)
    with upload_client(fakebox) as client:
        response = commit(client, sid, parts, DATA, attributes={"name": "a/b"})
    assert (int(response.status_code), body_of(response)["code"]) == (400, "item_name_invalid")


def test_a_name_taken_meanwhile_is_a_409_at_commit(fakebox: FakeBox) -> None:
    sid, parts = uploaded(fakebox, name="late.bin")
    taken = fakebox.add_file("LATE.bin", b"first")
    with upload_client(fakebox) as client:
        response = commit(client, sid, parts, DATA)
    body = body_of(response)
    assert (int(response.status_code), body["code"]) == (409, "item_name_in_use")
    assert body["context_info"]["conflicts"]["id"] == taken


def test_new_version_replaces_the_content_and_bumps_the_version(fakebox: FakeBox) -> None:
    before = fakebox.file_info("12345")
    with upload_client(fakebox) as client, api_client(fakebox) as api:
        sid = session_id_of(version_session(client, "12345", len(DATA)))
        parts = put_all(client, sid, DATA, PART)
        stale = commit(client, sid, parts, DATA, if_match="41")
        response = commit_until_done(client, sid, parts, DATA, if_match=before["etag"])
        details = body_of(get_file.sync_detailed("12345", client=api))
        content = download_file.sync_detailed("12345", client=api).content
    assert (int(stale.status_code), body_of(stale)["code"]) == (412, "precondition_failed")
    entry = body_of(response)["entries"][0]
    assert entry["id"] == "12345"
    assert entry["name"] == "Project.mov"
    assert entry["file_version"]["id"] != before["versions"][-1]["id"]
    assert entry["etag"] == details["etag"] == str(int(before["etag"]) + 1)
    assert details["version_number"] == "2"
    assert content == DATA


def test_if_none_match_is_checked(fakebox: FakeBox) -> None:
    etag = fakebox.file_info("12345")["etag"]
    with upload_client(fakebox) as client:
        sid = session_id_of(version_session(client, "12345", len(DATA)))
        parts = put_all(client, sid, DATA, PART)
        response = commit(client, sid, parts, DATA, if_none_match=etag)
    assert (int(response.status_code), body_of(response)["code"]) == (412, "precondition_failed")


def test_a_repeated_commit_gets_the_same_file_and_abort_after_commit_is_fine(fakebox: FakeBox) -> None:
    sid, parts = uploaded(fakebox)
    with upload_client(fakebox) as client:
        first = body_of(commit_until_done(client, sid, parts, DATA))
        again = commit(client, sid, parts, DATA)
        assert int(again.status_code) == 201
        assert body_of(again)["entries"][0]["id"] == first["entries"][0]["id"]
        assert int(abort_upload_session.sync_detailed(sid, client=client).status_code) == 204
    assert fakebox.file_bytes(first["entries"][0]["id"]) == DATA


def test_old_versions_are_dropped_beyond_the_setting(fakebox: FakeBox) -> None:
    fakebox.configure(versions_kept=1, commit_processing_polls=0)
    with upload_client(fakebox) as client:
        for _ in range(2):
            sid = session_id_of(version_session(client, "12345", len(DATA)))
            assert int(commit(client, sid, put_all(client, sid, DATA, PART), DATA).status_code) == 201
    info = fakebox.file_info("12345")
    assert len(info["versions"]) == 1
    assert fakebox.file_bytes("12345") == DATA
