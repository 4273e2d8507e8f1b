"""Every transient fault on every endpoint the engine calls ends in identical bytes; every fatal one in a clear
error and no orphan session. The emulator injects the faults; the bytes are checked by download."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boxup
import httpx
import pytest

from tests.fakebox.handle import FakeBox
from tests.integration.conftest import make_client

PART = 256 * 1024
SIZE = 6 * PART + 123  # 7 parts at the emulator's test sizes

TRANSIENT: dict[str, dict[str, Any]] = {
    "500": {"action": "status", "status": 500},
    "502-html": {"action": "status", "status": 502, "raw_body": "<html>bad gateway</html>"},
    "503-retry-after": {"action": "status", "status": 503, "code": "unavailable", "retry_after": 1},
    "429-retry-after": {"action": "status", "status": 429, "code": "rate_limit_exceeded", "retry_after": 1},
    "reset-mid-body": {"action": "reset", "after_bytes": 1000},
    "stall-past-timeout": {"action": "delay", "delay": 1.5},
    "stored-then-500": {"action": "store_then_status", "status": 500},
    "stored-then-reset": {"action": "store_then_reset"},
}
# (operation, the fault classes that make sense there)
ENDPOINTS: list[tuple[str, list[str]]] = [
    ("create_version_upload_session", ["500", "502-html", "503-retry-after", "429-retry-after", "reset-mid-body",
                                       "stall-past-timeout"]),
    ("upload_part", list(TRANSIENT)),
    ("plan_upload_session", ["500", "502-html", "503-retry-after", "429-retry-after", "reset-mid-body"]),
    ("commit_upload_session", ["500", "502-html", "503-retry-after", "429-retry-after", "reset-mid-body",
                               "stall-past-timeout", "stored-then-500", "stored-then-reset"]),
    ("upload_file_version", ["500", "503-retry-after", "429-retry-after", "reset-mid-body"]),
]  # fmt: skip
CASES = [(op, fault) for op, faults in ENDPOINTS for fault in faults]


def fast_client(fakebox: FakeBox, state_dir: Path) -> boxup.Client:
    # A 1 s read timeout lets a 1.5 s stall count as "past the timeout" without slowing the suite down.
    timeout = httpx.Timeout(connect=5.0, read=1.0, write=5.0, pool=None)
    return make_client(fakebox, state_dir, timeout=timeout, concurrency=3)


@pytest.mark.parametrize(("operation", "fault"), CASES, ids=[f"{op}-{f}" for op, f in CASES])
def test_transient_fault_is_survived_with_identical_bytes(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path], operation: str, fault: str
) -> None:
    size = SIZE if operation != "upload_file_version" else fakebox.min_chunked_size - 10
    path = make_file(size)
    fakebox.inject(operation=operation, nth=2 if operation == "upload_part" else 1, times=1, **TRANSIENT[fault])
    with fast_client(fakebox, state_dir) as client:
        file = client.upload(path, file_id="12345")
    assert fakebox.file_bytes("12345") == path.read_bytes()
    assert file.sha1 == hashlib.sha1(path.read_bytes()).hexdigest()
    assert sum(fakebox.counters["faults_fired"].values()) == 1  # the fault really happened
    assert list(state_dir.glob("*.json")) == []


def test_every_part_failing_once_still_completes(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path]
) -> None:
    path = make_file(SIZE)
    fakebox.inject(operation="upload_part", every=2, action="store_then_status", status=503)
    with fast_client(fakebox, state_dir) as client:
        file = client.upload(path, folder_id="0")
    assert sum(fakebox.counters["faults_fired"].values()) >= 3
    assert fakebox.file_bytes(file.id) == path.read_bytes()
    assert fakebox.count("upload_part") == 7  # a part stored before its 503 is found by listing, not re-sent
    assert fakebox.count("list_upload_parts") >= 1


FATAL: list[tuple[str, dict[str, Any], int, str]] = [
    ("upload_part", {"status": 403, "code": "forbidden"}, 403, "forbidden"),
    ("upload_part", {"status": 400, "code": "bad_request"}, 400, "bad_request"),
    ("commit_upload_session", {"status": 400, "code": "digest_mismatch"}, 400, "digest_mismatch"),
    ("commit_upload_session", {"status": 412, "code": "precondition_failed"}, 412, "precondition_failed"),
    ("plan_upload_session", {"status": 403, "code": "access_denied_insufficient_permissions"}, 403, "access_denied"),
    ("upload_part", {"status": 507, "code": "insufficient_storage"}, 507, "insufficient_storage"),
]


@pytest.mark.parametrize(("operation", "fault", "status", "code"), FATAL, ids=[f"{f[0]}-{f[2]}" for f in FATAL])
def test_fatal_fault_is_a_clear_error_and_the_session_is_aborted(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path], operation: str, fault: dict[str, Any],
    status: int, code: str,
) -> None:  # fmt: skip
    path = make_file(SIZE)
    fakebox.inject(operation=operation, action="status", **fault)
    with fast_client(fakebox, state_dir) as client, pytest.raises(boxup.ApiError) as caught:
        client.upload(path, file_id="12345")
    assert caught.value.status == status
    assert code in (caught.value.code or "")
    assert fakebox.count("abort_upload_session") == 1  # no orphan left on Box
    assert [s for s in fakebox.sessions if s.get("state", "open") == "open"] == []
    assert list(state_dir.glob("*.json")) == []  # and no stale record locally
    assert fakebox.file_bytes("12345") != path.read_bytes()


def test_retries_that_run_out_keep_the_session_for_resume(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path]
) -> None:
    path = make_file(SIZE)
    rule = fakebox.inject(operation="upload_part", action="status", status=503)
    with fast_client(fakebox, state_dir) as client:
        with pytest.raises(boxup.UploadInterrupted) as caught:
            client.upload(path, folder_id="0")
        assert caught.value.resumable
        assert not caught.value.cancelled
        assert fakebox.count("abort_upload_session") == 0
        assert len(list(state_dir.glob("*.json"))) == 1
        fakebox.clear_faults()
        [file] = client.resume(path)
    assert fakebox.counters["faults_fired"][rule] >= 1
    assert fakebox.file_bytes(file.id) == path.read_bytes()
    assert list(state_dir.glob("*.json")) == []


def test_an_expiring_ccg_token_is_renewed_mid_upload(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path]
) -> None:
    fakebox.configure(token_lifetime=1, latency=0.2)
    path = make_file(SIZE)
    auth = boxup.ClientCredentials(fakebox.client_id, fakebox.client_secret, subject_type="enterprise",
                                   subject_id="11446498", oauth_url=fakebox.oauth_url)  # fmt: skip
    with make_client(fakebox, state_dir, auth=auth, concurrency=2) as client:
        file = client.upload(path, folder_id="0")
    assert fakebox.file_bytes(file.id) == path.read_bytes()
    assert fakebox.count("request_access_token") >= 2  # at least one renewal happened


def test_a_direct_upload_whose_answer_was_lost_returns_the_file_it_created(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path]
) -> None:
    path = make_file(fakebox.min_chunked_size - 100)
    fakebox.inject(operation="upload_file", action="store_then_status", status=500, times=1)
    with fast_client(fakebox, state_dir) as client:
        file = client.upload(path, folder_id="0")  # the retry meets 409 for the file the first attempt made
    assert fakebox.file_bytes(file.id) == path.read_bytes()
    assert fakebox.count("upload_file", 409) == 1
    assert file.sha1 == hashlib.sha1(path.read_bytes()).hexdigest()


def test_a_token_endpoint_hiccup_mid_upload_is_retried(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path]
) -> None:
    fakebox.configure(token_lifetime=1, latency=0.15)
    fakebox.inject(operation="request_access_token", action="status", status=503, nth=2, times=1)
    path = make_file(14 * PART)
    auth = boxup.ClientCredentials(fakebox.client_id, fakebox.client_secret, subject_type="enterprise",
                                   subject_id="11446498", oauth_url=fakebox.oauth_url)  # fmt: skip
    with make_client(fakebox, state_dir, auth=auth, concurrency=2) as client:
        file = client.upload(path, folder_id="0")
    assert fakebox.file_bytes(file.id) == path.read_bytes()
    assert fakebox.count("request_access_token", 503) == 1
    assert fakebox.count("abort_upload_session") == 0
