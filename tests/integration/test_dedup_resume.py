"""Dedup for new versions (plan endpoint) and resume across a killed process."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boxup
import pytest

from tests.fakebox.handle import FakeBox
from tests.integration.conftest import make_client

PART = 256 * 1024


def test_a_new_version_sends_only_the_changed_parts(fakebox: FakeBox, state_dir: Path, tmp_path: Path) -> None:
    original = os.urandom(40 * PART)
    file_id = fakebox.add_file("dataset.bin", original)
    changed = bytearray(original)
    for index in (3, 17, 18, 30):  # 10% of the parts
        changed[index * PART : index * PART + 10] = os.urandom(10)
    path = tmp_path / "dataset.bin"
    path.write_bytes(changed)
    with make_client(fakebox, state_dir) as client:
        file = client.upload(path, file_id=file_id)
    assert fakebox.file_bytes(file_id) == bytes(changed)
    assert file.sha1 == fakebox.file_sha1(file_id)
    assert fakebox.count("upload_part") == 4
    assert fakebox.counters["bytes_in"]["upload_part"] == 4 * PART
    assert 1 <= fakebox.count("plan_upload_session") < 40  # batched, not one call per part


def test_dedup_off_sends_everything(fakebox: FakeBox, state_dir: Path, tmp_path: Path) -> None:
    data = os.urandom(8 * PART)
    file_id = fakebox.add_file("same.bin", data)
    path = tmp_path / "same.bin"
    path.write_bytes(data)
    with make_client(fakebox, state_dir, dedup=False) as client:
        client.upload(path, file_id=file_id)
    assert fakebox.count("plan_upload_session") == 0
    assert fakebox.count("upload_part") == 8


def test_a_server_without_plan_falls_back_to_uploading(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path]
) -> None:
    fakebox.inject(operation="plan_upload_session", action="status", status=404, code="not_found")
    path = make_file(6 * PART)
    with make_client(fakebox, state_dir) as client:
        client.upload(path, file_id="12345")
    assert fakebox.file_bytes("12345") == path.read_bytes()
    assert fakebox.count("plan_upload_session") == 1  # asked once, then stopped asking


UPLOADER = """
import sys
import boxup
endpoints = boxup.Endpoints(sys.argv[1] + "/2.0", sys.argv[1] + "/api/2.0", sys.argv[1] + "/oauth2/token")
settings = boxup.TransferSettings(chunked_threshold=1024 * 1024, concurrency=2, state_dir=sys.argv[3])
with boxup.Client(auth="fakebox-token", endpoints=endpoints, settings=settings) as client:
    client.upload(sys.argv[2], folder_id="0")
"""


def test_kill_9_mid_upload_then_resume_sends_only_missing_parts(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path]
) -> None:
    fakebox.configure(bandwidth="2MiB")  # ~0.13 s per part per connection: slow enough to kill mid-way
    path = make_file(24 * PART)
    child = subprocess.Popen([sys.executable, "-c", UPLOADER, fakebox.base_url, str(path), str(state_dir)])
    deadline = time.monotonic() + 30
    while fakebox.count("upload_part", 200) < 6 and time.monotonic() < deadline:
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    [record] = list(state_dir.glob("*.json"))
    # Parts the dead client left in flight may still land; resuming before they do would send them twice.
    stored_before = fakebox.settled_parts(json.loads(record.read_text())["session_id"])
    assert 6 <= stored_before < 24, "the kill must land mid-upload"
    assert "fakebox-token" not in record.read_text()

    fakebox.configure(bandwidth=None)
    sent_before = fakebox.count("upload_part", 200)
    skipped: list[int] = []
    with make_client(fakebox, state_dir) as client:
        [file] = client.resume(
            path, progress=lambda p: skipped.append(1) if p.event is boxup.Event.PART_SKIPPED else None
        )
    assert fakebox.file_bytes(file.id) == path.read_bytes()
    resent = fakebox.count("upload_part", 200) - sent_before
    assert len(skipped) >= stored_before  # every part Box held was kept
    assert resent == 24 - len(skipped)  # and only the missing ones were sent
    assert list(state_dir.glob("*.json")) == []


def test_resume_after_the_source_changed_starts_fresh(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path]
) -> None:
    path = make_file(8 * PART)
    fakebox.inject(operation="upload_part", action="status", status=503, nth=3)
    notices: list[str] = []
    with make_client(fakebox, state_dir, retry=boxup.RetryPolicy(max_attempts=1)) as client:
        with pytest.raises(boxup.UploadInterrupted):
            client.upload(path, folder_id="0")
        path.write_bytes(os.urandom(8 * PART))  # the file changed before the resume
        [file] = client.resume(path, progress=lambda p: notices.append(p.message or "") if p.message else None)
    assert fakebox.file_bytes(file.id) == path.read_bytes()
    assert any("changed" in n for n in notices)


def test_resume_of_an_expired_session_starts_fresh(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path]
) -> None:
    path = make_file(8 * PART)
    fakebox.inject(operation="upload_part", action="status", status=503, nth=3)
    with make_client(fakebox, state_dir, retry=boxup.RetryPolicy(max_attempts=1)) as client:
        with pytest.raises(boxup.UploadInterrupted) as caught:
            client.upload(path, folder_id="0")
        fakebox.expire_session(caught.value.session_id)
        fakebox.clear_faults()
        [file] = client.resume(path)
    assert fakebox.file_bytes(file.id) == path.read_bytes()


def test_upload_continues_a_recorded_session_by_itself(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path]
) -> None:
    path = make_file(8 * PART)
    fakebox.inject(operation="upload_part", action="status", status=503, nth=5)
    with make_client(fakebox, state_dir, retry=boxup.RetryPolicy(max_attempts=1), concurrency=1) as client:
        with pytest.raises(boxup.UploadInterrupted):
            client.upload(path, folder_id="0")
        fakebox.clear_faults()
        client.upload(path, folder_id="0")  # same file, same place: picks the session up again
    assert fakebox.count("create_upload_session") == 1
    assert fakebox.count("upload_part", 200) == 8


def test_dedup_stops_asking_when_nothing_matches(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path]
) -> None:
    path = make_file(60 * PART)  # shares nothing with file 12345's current content
    with make_client(fakebox, state_dir, dedup_probe=8, concurrency=4) as client:
        client.upload(path, file_id="12345")
    assert fakebox.file_bytes("12345") == path.read_bytes()
    assert fakebox.count("upload_part") == 60
    plans = fakebox.count("plan_upload_session")
    # At most one plan call per probe part (batches are whatever was hashed during the last call), then none: asking
    # to the end would take at least 60 / 4 = 15 calls.
    assert 1 <= plans <= 8


def test_a_record_left_by_a_kill_after_commit_resolves_to_the_committed_file(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path]
) -> None:
    path = make_file(8 * PART)
    saved: dict[str, str] = {}

    def keep_record(event: boxup.Progress) -> None:  # what a process killed during commit leaves on disk
        if event.event is boxup.Event.COMMITTING:
            [record] = list(state_dir.glob("*.json"))
            saved[record.name] = record.read_text()

    with make_client(fakebox, state_dir) as client:
        first = client.upload(path, folder_id="0", progress=keep_record)
        [(name, text)] = saved.items()
        (state_dir / name).write_text(text)
        (state_dir / name).chmod(0o600)  # as boxup wrote it: a record open to others is refused
        [again] = client.resume(path)
    assert again.id == first.id
    assert fakebox.count("create_upload_session") <= 2
    assert fakebox.file_bytes(first.id) == path.read_bytes()
    assert list(state_dir.glob("*.json")) == []


def test_a_version_that_shares_nothing_computes_sha512_only_for_the_probe(
    fakebox: FakeBox, state_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SHA-512 is the dearest hash (about 3x SHA-1's CPU): past the first dedup_probe parts, a version whose probe
    found no part on Box must not compute it, however far the hashers could run ahead of the plan calls."""
    from boxup.source import Source

    with_sha512: list[int] = []
    original = Source.digest_part

    def counting(source: Source, part: boxup.Part, want_sha512: bool, *rest: Any) -> object:
        if want_sha512:
            with_sha512.append(part.index)
        return original(source, part, want_sha512, *rest)

    monkeypatch.setattr(Source, "digest_part", counting)
    path = tmp_path / "fresh.bin"
    path.write_bytes(os.urandom(40 * PART))
    with make_client(fakebox, state_dir) as client:
        client.upload(path, file_id="12345")
    assert fakebox.file_bytes("12345") == path.read_bytes()
    assert fakebox.count("upload_part") == 40
    assert sorted(with_sha512) == list(range(boxup.TransferSettings().dedup_probe)) == [0, 1]


def changed_version(fakebox: FakeBox, tmp_path: Path, parts: int, changed: tuple[int, ...]) -> tuple[str, Path]:
    """A file on Box and a new version of it on disk whose ``changed`` parts differ (10 bytes each)."""
    original = os.urandom(parts * PART)
    file_id = fakebox.add_file("versioned.bin", original)
    version = bytearray(original)
    for index in changed:
        version[index * PART : index * PART + 10] = os.urandom(10)
    path = tmp_path / "versioned.bin"
    path.write_bytes(version)
    return file_id, path


def test_a_version_whose_first_part_changed_still_sends_only_the_changed_parts(
    fakebox: FakeBox, state_dir: Path, tmp_path: Path
) -> None:
    """A changed header is the commonest edit (a database's first page, a container's index): the probe is two parts
    so that part 0 missing alone does not turn dedup off for the rest."""
    file_id, path = changed_version(fakebox, tmp_path, 20, changed=(0, 9, 15))
    with make_client(fakebox, state_dir) as client:
        file = client.upload(path, file_id=file_id)
    assert fakebox.file_bytes(file_id) == path.read_bytes()
    assert file.sha1 == fakebox.file_sha1(file_id)
    assert fakebox.count("upload_part") == 3
    assert fakebox.counters["bytes_in"]["upload_part"] == 3 * PART


def test_a_version_whose_whole_probe_changed_sends_every_part_the_price_of_a_cheap_probe(
    fakebox: FakeBox, state_dir: Path, tmp_path: Path
) -> None:
    """The probe's trade: a version that shares nothing costs two parts of SHA-512, not eight, and one whose first
    dedup_probe parts all changed is sent whole, as without dedup (the parts after them are never asked about)."""
    file_id, path = changed_version(fakebox, tmp_path, 20, changed=(0, 1))
    with make_client(fakebox, state_dir) as client:
        client.upload(path, file_id=file_id)
    assert fakebox.file_bytes(file_id) == path.read_bytes()
    assert fakebox.count("upload_part") == 20
    assert 1 <= fakebox.count("plan_upload_session") <= 2


@pytest.mark.timeout(60)  # the defect this pins was a silent hang: fail, do not wait for the global 300 s
def test_resume_of_a_new_version_with_probe_parts_on_box_finishes(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path]
) -> None:
    """A resumed new version whose first parts Box already holds: those parts skip the planner, so it must not wait
    for dedup_probe plan answers it will never get (the hashers and the planner used to wait on each other)."""
    path = make_file(12 * PART)  # more parts than the probe (8), so the hashers reach the probe's end
    fakebox.inject(operation="upload_part", action="status", status=503, nth=3, times=1)
    settings: dict[str, Any] = {"retry": boxup.RetryPolicy(max_attempts=1), "concurrency": 1, "dedup_probe": 8}
    with make_client(fakebox, state_dir, **settings) as client:
        with pytest.raises(boxup.UploadInterrupted):
            client.upload(path, file_id="12345")
        stored = fakebox.count("upload_part", 200)
        assert 1 <= stored < 8, "some probe parts must already be on Box"

        async def resume() -> list[boxup.UploadedFile]:
            try:
                return await asyncio.wait_for(client.resume_async(path), timeout=20)
            finally:
                await client.aclose()

        [file] = asyncio.run(resume())
    assert file.id == "12345"
    assert fakebox.file_bytes("12345") == path.read_bytes()
    assert fakebox.count("upload_part", 200) == 12  # the stored parts were not sent again
    assert list(state_dir.glob("*.json")) == []
