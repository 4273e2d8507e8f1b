"""The emulator's session rules, exercised through the generated client: create, status, abort, expiry, ids."""

from __future__ import annotations

import re
from contextlib import nullcontext

import pytest
from boxup_api.api.upload_sessions import abort_upload_session, get_upload_session

from tests.fakebox import FakeBox
from tests.fakebox.calls import body_of, new_session, put_all, session_id_of, upload_client, version_session

MiB = 1024 * 1024
KiB = 1024


def test_create_session_for_a_new_file(fakebox: FakeBox) -> None:
    with upload_client(fakebox) as client:
        response = new_session(client, 1 * MiB + 1, name="video.mov")
    assert int(response.status_code) == 201
    body = body_of(response)
    assert re.fullmatch(r"[0-9A-F]{32}", body["id"])
    assert body["type"] == "upload_session"
    assert body["part_size"] == 256 * KiB
    assert body["total_parts"] == 5
    assert body["num_parts_processed"] == 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", body["session_expires_at"])
    url = f"{fakebox.upload_url}/files/upload_sessions/{body['id']}"
    assert body["session_endpoints"] == {
        "upload_part": url,
        "commit": f"{url}/commit",
        "abort": url,
        "list_parts": f"{url}/parts",
        "status": url,
        "log_event": f"{url}/log",
        "plan": f"{url}/plan",
    }


def test_below_the_minimum_size_is_refused(fakebox: FakeBox) -> None:
    with upload_client(fakebox) as client:
        response = new_session(client, 1 * MiB - 1)
    body = body_of(response)
    assert int(response.status_code) == 400
    assert body["code"] == "file_size_too_small"
    assert body["type"] == "error"
    assert body["status"] == 400
    assert set(body) == {"type", "status", "code", "message", "context_info", "help_url", "request_id"}
    assert response.headers["box-request-id"] == body["request_id"]


def test_real_sizes_follow_box(fakebox_real_sizes: FakeBox) -> None:
    with upload_client(fakebox_real_sizes) as client:
        small = new_session(client, 20 * MiB - 1, name="a.bin")
        exact = body_of(new_session(client, 20 * MiB, name="b.bin"))
        big = body_of(new_session(client, 1024 * MiB, name="c.bin"))
    assert body_of(small)["code"] == "file_size_too_small"
    assert (exact["part_size"], exact["total_parts"]) == (8 * MiB, 3)
    assert (big["part_size"], big["total_parts"]) == (32 * MiB, 32)


def test_part_size_tiers_are_a_setting(fakebox: FakeBox) -> None:
    fakebox.configure(part_size=None, part_size_tiers=[[2 * MiB, "512KiB"], [None, "1MiB"]])
    with upload_client(fakebox) as client:
        assert body_of(new_session(client, 2 * MiB, name="a.bin"))["part_size"] == 512 * KiB
        assert body_of(new_session(client, 2 * MiB + 1, name="b.bin"))["part_size"] == 1 * MiB


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"file_size": 2 * MiB, "file_name": "a"}, 400, "missing_destination"),
        ({"folder_id": "x1", "file_size": 2 * MiB, "file_name": "a"}, 400, "invalid_folder_id"),
        ({"folder_id": "0", "file_name": "a"}, 400, "missing_file_size"),
        ({"folder_id": "0", "file_size": -1, "file_name": "a"}, 400, "invalid_file_size"),
        ({"folder_id": "0", "file_size": 2 * MiB}, 400, "missing_file_name"),
        ({"folder_id": "0", "file_size": 2 * MiB, "file_name": "a/b"}, 400, "item_name_invalid"),
        ({"folder_id": "0", "file_size": 2 * MiB, "file_name": " a"}, 400, "item_name_invalid"),
        ({"folder_id": "0", "file_size": 2 * MiB, "file_name": ".."}, 400, "item_name_invalid"),
        ({"folder_id": "0", "file_size": 2 * MiB, "file_name": "a\x07"}, 400, "item_name_invalid"),
        ({"folder_id": "0", "file_size": 2 * MiB, "file_name": "n" * 256}, 400, "item_name_too_long"),
        ({"folder_id": "777", "file_size": 2 * MiB, "file_name": "a"}, 404, "invalid_parameter"),
    ],
)
def test_bad_create_requests(fakebox: FakeBox, body: dict[str, object], status: int, code: str) -> None:
    missing = {"folder_id", "file_size", "file_name"} - set(body)
    # A missing required field breaks the spec on purpose: the emulator must notice that too.
    expected = fakebox.expect_violations("create_upload_session request", *missing) if missing else nullcontext()
    with upload_client(fakebox) as client, expected:
        raw = client.get_httpx_client().post("/files/upload_sessions", json=body)
    assert raw.status_code == status
    assert raw.json()["code"] == code


def test_a_name_in_use_is_a_409_with_the_file_as_one_object(fakebox: FakeBox) -> None:
    with upload_client(fakebox) as client:
        response = new_session(client, 2 * MiB, name="PROJECT.MOV")
    body = body_of(response)
    assert int(response.status_code) == 409
    assert body["code"] == "item_name_in_use"
    conflict = body["context_info"]["conflicts"]
    info = fakebox.file_info("12345")
    assert conflict == {
        "type": "file",
        "id": "12345",
        "sequence_id": "0",
        "etag": "0",
        "sha1": info["sha1"],
        "name": "Project.mov",
        "file_version": {"type": "file_version", "id": info["versions"][-1]["id"], "sha1": info["sha1"]},
    }


def test_version_sessions(fakebox: FakeBox) -> None:
    other = fakebox.add_file("other.bin", b"x")
    with upload_client(fakebox) as client:
        assert int(version_session(client, "12345", 2 * MiB).status_code) == 201
        missing = version_session(client, "999", 2 * MiB)
        clash = version_session(client, "12345", 2 * MiB, name="OTHER.bin")
        renamed = version_session(client, "12345", 2 * MiB, name="Project v2.mov")
    assert (int(missing.status_code), body_of(missing)["code"]) == (404, "not_found")
    assert (int(clash.status_code), body_of(clash)["code"]) == (409, "item_name_in_use")
    assert body_of(clash)["context_info"]["conflicts"]["id"] == other
    assert int(renamed.status_code) == 201


def test_status_counts_parts_and_abort_discards(fakebox: FakeBox) -> None:
    data = bytes(range(256)) * 4096 * 2  # 2 MiB
    with upload_client(fakebox) as client:
        sid = session_id_of(new_session(client, len(data)))
        put_all(client, sid, data, 256 * KiB, skip=frozenset(range(3 * 256 * KiB, len(data), 256 * KiB)))
        status = get_upload_session.sync_detailed(sid, client=client)
        assert int(status.status_code) == 200
        assert body_of(status)["num_parts_processed"] == 3
        assert int(abort_upload_session.sync_detailed(sid, client=client).status_code) == 204
        gone = get_upload_session.sync_detailed(sid, client=client)
        assert (int(gone.status_code), body_of(gone)["code"]) == (404, "not_found")
        again = abort_upload_session.sync_detailed(sid, client=client)
        assert int(again.status_code) == 404
    assert fakebox.sessions == []


def test_unknown_malformed_and_expired_sessions(fakebox: FakeBox) -> None:
    with upload_client(fakebox) as client:
        unknown = get_upload_session.sync_detailed("0" * 32, client=client)
        malformed = get_upload_session.sync_detailed("not-a-session", client=client)
        sid = session_id_of(new_session(client, 2 * MiB))
        fakebox.expire_session(sid)
        expired = get_upload_session.sync_detailed(sid, client=client)
    assert (int(unknown.status_code), body_of(unknown)["code"]) == (404, "not_found")
    assert (int(malformed.status_code), body_of(malformed)["code"]) == (400, "invalid_upload_session_id")
    assert (int(expired.status_code), body_of(expired)["code"]) == (410, "session_expired")


def test_session_lifetime_is_a_setting(fakebox: FakeBox) -> None:
    fakebox.configure(session_lifetime=0.0)
    with upload_client(fakebox) as client:
        sid = session_id_of(new_session(client, 2 * MiB))
        assert int(get_upload_session.sync_detailed(sid, client=client).status_code) == 410


def test_session_endpoints_base_is_a_setting(fakebox: FakeBox) -> None:
    fakebox.configure(session_endpoints_base="https://upload-las.app.box.com/api/2.0")
    with upload_client(fakebox) as client:
        body = body_of(new_session(client, 2 * MiB))
    assert body["session_endpoints"]["commit"].startswith("https://upload-las.app.box.com/api/2.0/files/")


def test_account_limits(fakebox: FakeBox) -> None:
    with upload_client(fakebox) as client:
        fakebox.configure(max_file_size=2 * MiB)
        too_big = new_session(client, 2 * MiB + 1)
        fakebox.configure(max_file_size="50GB", storage_quota=3 * MiB)  # the seed file already uses 1 MiB
        full = new_session(client, 2 * MiB + 1)
    assert (int(too_big.status_code), body_of(too_big)["code"]) == (403, "file_size_limit_exceeded")
    assert (int(full.status_code), body_of(full)["code"]) == (403, "storage_limit_exceeded")
