"""Uploads through boxup.Client against the emulator: the bytes that arrive are the bytes on disk."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Callable
from pathlib import Path

import boxup
import pytest

from tests.fakebox.handle import FakeBox
from tests.integration.conftest import make_client

KiB = 1024
MiB = 1024 * KiB
PART = 256 * KiB  # the emulator's test part size
MIN = 1 * MiB  # the emulator's test chunked minimum


def sha1(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "size",
    [1, MIN - 1, MIN, MIN + 1, 6 * PART, 6 * PART + 1, 13 * PART - 1],
    ids=["1B", "below-min", "at-min", "above-min", "exact-multiple", "multiple+1", "multiple-1"],
)
def test_new_file_arrives_intact(
    fakebox: FakeBox, box: boxup.Client, make_file: Callable[[int], Path], upload: Callable[..., boxup.UploadedFile],
    size: int,
) -> None:  # fmt: skip
    path = make_file(size)
    file = upload(box, path, folder_id="0")
    assert fakebox.file_sha1(file.id) == sha1(path) == file.sha1
    assert file.size == size
    assert file.name == path.name
    chunked = size >= MIN
    assert fakebox.count("upload_part") == (-(-size // PART) if chunked else 0)
    assert fakebox.count("upload_file") == (0 if chunked else 1)


@pytest.mark.parametrize("size", [MIN - 1, 5 * PART + 7], ids=["direct", "chunked"])
def test_new_version_replaces_the_content(
    fakebox: FakeBox, box: boxup.Client, make_file: Callable[[int], Path], upload: Callable[..., boxup.UploadedFile],
    size: int,
) -> None:  # fmt: skip
    path = make_file(size)
    before = fakebox.file_info("12345")
    file = upload(box, path, file_id="12345")
    assert file.id == "12345"
    assert fakebox.file_bytes("12345") == path.read_bytes()
    assert file.version_id != before.get("file_version", {}).get("id")
    assert file.name == "Project.mov"  # a new version keeps the name unless told otherwise


def test_parts_go_in_parallel_up_to_the_concurrency(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[[int], Path]
) -> None:
    fakebox.configure(latency=0.05)  # keep each part in flight long enough to overlap
    path = make_file(16 * PART)
    with make_client(fakebox, state_dir, concurrency=4) as client:
        client.upload(path, folder_id="0")
    assert fakebox.counters["max_concurrent_part_uploads"] == 4


def test_commit_polls_through_many_202s(fakebox: FakeBox, box: boxup.Client, make_file: Callable[[int], Path]) -> None:
    fakebox.configure(commit_processing_polls=5, commit_retry_after=0)
    path = make_file(5 * PART)
    file = box.upload(path, folder_id="0")
    assert fakebox.count("commit_upload_session", 202) == 5
    assert fakebox.count("commit_upload_session", 201) == 1
    assert fakebox.file_sha1(file.id) == sha1(path)


def test_content_modified_at_comes_from_the_file(
    fakebox: FakeBox, box: boxup.Client, make_file: Callable[[int], Path]
) -> None:
    import os

    path = make_file(5 * PART)
    os.utime(path, (1_600_000_000, 1_600_000_000))
    file = box.upload(path, folder_id="0")
    expected = dt.datetime.fromtimestamp(1_600_000_000, tz=dt.UTC)
    assert dt.datetime.fromisoformat(fakebox.file_info(file.id)["file"]["content_modified_at"]) == expected
    assert dt.datetime.fromisoformat(file.raw["content_modified_at"]) == expected


def test_progress_reaches_the_total_once_per_byte(box: boxup.Client, make_file: Callable[[int], Path]) -> None:
    events: list[boxup.Progress] = []
    path = make_file(7 * PART + 3)
    box.upload(path, folder_id="0", progress=events.append)
    assert events[-1].event is boxup.Event.FINISHED
    assert events[-1].bytes_done == events[-1].bytes_total == path.stat().st_size
    assert events[-1].parts_done == events[-1].parts_total == 8
    assert max(e.bytes_done for e in events) == path.stat().st_size


def test_a_name_clash_names_the_existing_file(
    fakebox: FakeBox, box: boxup.Client, make_file: Callable[[int], Path]
) -> None:
    path = make_file(5 * PART, name="Project.mov")
    with pytest.raises(boxup.ApiError) as caught:
        box.upload(path, folder_id="0")
    assert caught.value.status == 409
    assert caught.value.code == "item_name_in_use"
    assert caught.value.conflicting_file_id == "12345"
    assert fakebox.count("upload_part") == 0


def test_missing_folder_and_file_are_api_errors(box: boxup.Client, make_file: Callable[[int], Path]) -> None:
    path = make_file(5 * PART)
    for kwargs in ({"folder_id": "999999"}, {"file_id": "999999"}):
        with pytest.raises(boxup.ApiError) as caught:
            box.upload(path, **kwargs)
        assert caught.value.status == 404


@pytest.mark.real_sizes
def test_box_real_sizes_20_mib_minimum_and_8_mib_parts(
    fakebox_real_sizes: FakeBox, state_dir: Path, make_file: Callable[[int], Path]
) -> None:
    path = make_file(20 * MiB + 1)
    with make_client(fakebox_real_sizes, state_dir) as client:
        assert client.settings.chunked_threshold == 20 * MiB
        file = client.upload(path, folder_id="0")
    assert fakebox_real_sizes.file_sha1(file.id) == sha1(path)
    ranges = sorted(
        (r["headers"].get("content-range", "") for r in fakebox_real_sizes.requests_for("upload_part")),
        key=lambda header: int(header.split()[1].split("-")[0]),
    )
    assert ranges == [
        f"bytes 0-{8 * MiB - 1}/{20 * MiB + 1}",
        f"bytes {8 * MiB}-{16 * MiB - 1}/{20 * MiB + 1}",
        f"bytes {16 * MiB}-{20 * MiB}/{20 * MiB + 1}",
    ]


def test_a_source_that_changes_during_the_upload_is_never_committed(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[[int], Path]
) -> None:
    fakebox.configure(bandwidth="4MiB")
    path = make_file(12 * PART)

    def tamper(event: boxup.Progress) -> None:
        if event.event is boxup.Event.PART_DONE and event.parts_done == 2:
            with path.open("r+b") as handle:  # same size, new bytes: only the identity check can tell
                handle.write(b"X" * 100)

    with make_client(fakebox, state_dir, concurrency=2) as client, pytest.raises(boxup.IntegrityError):
        client.upload(path, folder_id="0", progress=tamper)
    assert fakebox.count("commit_upload_session") == 0
    assert fakebox.count("abort_upload_session") == 1


def test_a_source_that_shrinks_during_the_upload_is_an_error(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[[int], Path]
) -> None:
    fakebox.configure(bandwidth="4MiB")
    path = make_file(12 * PART)

    def shrink(event: boxup.Progress) -> None:
        if event.event is boxup.Event.PART_DONE and event.parts_done == 1:
            with path.open("r+b") as handle:
                handle.truncate(3 * PART)

    with make_client(fakebox, state_dir, concurrency=2) as client, pytest.raises(boxup.IntegrityError):
        client.upload(path, folder_id="0", progress=shrink)
    assert fakebox.count("commit_upload_session") == 0


def test_progress_is_rewound_when_a_part_is_resent(
    fakebox: FakeBox, box: boxup.Client, make_file: Callable[[int], Path]
) -> None:
    fakebox.inject(operation="upload_part", action="reset", after_bytes=200_000, nth=1)
    events: list[boxup.Progress] = []
    path = make_file(6 * PART)
    box.upload(path, folder_id="0", progress=events.append)
    size = path.stat().st_size
    assert max(e.bytes_done for e in events) <= size  # no byte counted twice
    assert events[-1].bytes_done == size
    assert any(e.event is boxup.Event.PART_RETRIED for e in events)


@pytest.mark.parametrize("size", [MIN - 1, 5 * PART], ids=["direct", "chunked"])
def test_rerunning_an_upload_that_already_landed_returns_the_file(
    fakebox: FakeBox, box: boxup.Client, make_file: Callable[[int], Path], size: int
) -> None:
    path = make_file(size)
    first = box.upload(path, folder_id="0")
    notices: list[str] = []
    again = box.upload(path, folder_id="0", progress=lambda p: notices.append(p.message or ""))
    assert again.id == first.id
    assert any("already on Box" in n for n in notices)
    assert fakebox.count("upload_part") == (5 if size >= MIN else 0)  # nothing was sent twice


@pytest.mark.parametrize("destination", [{"folder_id": "0"}, {"file_id": "12345"}], ids=["new-file", "new-version"])
def test_a_chunked_upload_reads_each_byte_once_to_hash_it_and_once_to_send_it(
    fakebox: FakeBox, box: boxup.Client, make_file: Callable[[int], Path], monkeypatch: pytest.MonkeyPatch,
    destination: dict[str, str],
) -> None:  # fmt: skip
    # The part SHA-1, the SHA-512 of a new version's dedup probe and the whole-file SHA-1 share one read of each
    # part; the second read is the body (Digest must be known before it is sent). A third pass would show here.
    from boxup.source import Source

    read: list[int] = []

    def counting(original: Callable[[Source, int, int], bytes]) -> Callable[[Source, int, int], bytes]:
        def counted(source: Source, offset: int, size: int) -> bytes:
            data = original(source, offset, size)
            read.append(len(data))
            return data

        return counted

    # read_cached: a body block from the page cache on the event loop; read_at: any other read, on a thread
    monkeypatch.setattr(Source, "read_at", counting(Source.read_at))
    monkeypatch.setattr(Source, "read_cached", counting(Source.read_cached))
    path = make_file(9 * PART + 5)
    file = box.upload(path, **destination)
    assert fakebox.file_sha1(file.id) == sha1(path) == file.sha1
    assert sum(read) == 2 * path.stat().st_size


def test_a_closed_client_leaves_no_thread_behind(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[[int], Path]
) -> None:
    # The loop's thread and its workers (reads, hashing) are joined by close: a process that ends right after (the
    # CLI skips the interpreter's teardown when it is the last thread) finds none of them still running.
    path = make_file(fakebox.min_chunked_size + 3)
    ours = ("boxup-loop", "asyncio_")
    client = make_client(fakebox, state_dir)
    uploaded = client.upload(path, folder_id="0")
    assert [t.name for t in threading.enumerate() if t.name.startswith(ours)]  # they did the work
    client.close()
    left = [t.name for t in threading.enumerate() if t.name.startswith(ours)]  # at once: no time to wind down
    assert left == []
    assert fakebox.file_bytes(uploaded.id) == path.read_bytes()
