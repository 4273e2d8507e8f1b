"""upload_tree against the emulator: the tree lands as folders and files, bytes checked by download; reruns in each
--if-exists mode; a name Box refuses fails only that file; a forced rate limit still ends with every byte right."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import boxup
import pytest
from boxup.results import FileResult, summarize
from boxup.treeupload import upload_tree_async

from tests.fakebox.handle import FakeBox

KiB = 1024


def write(path: Path, size: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(os.urandom(size))
    return path


@pytest.fixture
def tree(tmp_path: Path, fakebox: FakeBox) -> Path:
    root = tmp_path / "shoot"
    part = fakebox.part_size or 256 * KiB
    write(root / "notes.txt", 3 * KiB)
    write(root / "raw" / "exact.bin", 5 * part)  # chunked, an exact multiple of the part size
    write(root / "raw" / "odd.bin", fakebox.min_chunked_size + 12_345)  # chunked, a short last part
    write(root / "raw" / "deep" / "tiny.bin", 1)
    write(root / "Café" / "naïve résumé.txt", 700)
    write(root / "bad name ", 10)
    (root / "empty").mkdir()
    return root


def by_path(results: list[FileResult]) -> dict[str, FileResult]:
    return {r.path: r for r in results}


def box_bytes(fakebox: FakeBox, result: FileResult) -> bytes:
    assert result.file is not None
    return fakebox.file_bytes(result.file.id)


def uploads_sent(fakebox: FakeBox) -> int:
    return fakebox.count("upload_file") + fakebox.count("create_upload_session") + fakebox.count("upload_part")


def test_a_tree_lands_with_every_byte_right_and_a_refused_name_fails_alone(box: boxup.Client, fakebox: FakeBox,
                                                                          tree: Path) -> None:  # fmt: skip
    results = by_path(box.upload_tree([tree], folder_id="0"))
    assert results["shoot/bad name "].status == "failed"
    assert "'bad name '" in str(results["shoot/bad name "].error)
    good = {p: r for p, r in results.items() if p != "shoot/bad name "}
    assert {r.status for r in good.values()} == {"uploaded"}
    for path, result in good.items():
        assert box_bytes(fakebox, result) == (tree.parent / path).read_bytes(), path
    parents = {r.file.raw["parent"]["name"] for r in good.values() if r.file}
    assert parents == {"shoot", "raw", "deep", "Café"}
    assert fakebox.count("create_folder", 201) == 5  # shoot, Café, empty, raw, raw/deep


def test_a_second_run_in_fail_mode_sends_nothing_and_reports_identical(box: boxup.Client, fakebox: FakeBox,
                                                                      tree: Path) -> None:  # fmt: skip
    box.upload_tree([tree], folder_id="0")
    before = uploads_sent(fakebox)
    second = box.upload_tree([tree], folder_id="0")
    assert uploads_sent(fakebox) == before
    assert {r.status for r in second if r.path != "shoot/bad name "} == {"identical"}
    assert summarize(second).failed == ("shoot/bad name ",)


def test_changed_bytes_fail_in_fail_mode_are_skipped_in_skip_mode_and_versioned_in_version_mode(
    box: boxup.Client, fakebox: FakeBox, tree: Path
) -> None:
    first = by_path(box.upload_tree([tree], folder_id="0"))
    changed = write(tree / "notes.txt", 4 * KiB)

    failing = by_path(box.upload_tree([tree], folder_id="0", if_exists="fail"))
    assert failing["shoot/notes.txt"].status == "failed"
    assert "other bytes" in str(failing["shoot/notes.txt"].error)
    assert failing["shoot/raw/exact.bin"].status == "identical"

    skipping = by_path(box.upload_tree([tree], folder_id="0", if_exists="skip"))
    assert {skipping[p].status for p in skipping if p != "shoot/bad name "} == {"skipped"}

    versioned = by_path(box.upload_tree([tree], folder_id="0", if_exists="version"))
    result = versioned["shoot/notes.txt"]
    assert result.status == "version"
    assert result.file is not None
    assert first["shoot/notes.txt"].file is not None
    assert result.file.id == first["shoot/notes.txt"].file.id
    assert box_bytes(fakebox, result) == changed.read_bytes()
    assert versioned["shoot/raw/odd.bin"].status == "identical"


def test_bad_input_is_refused_before_anything_is_sent(box: boxup.Client, fakebox: FakeBox, tmp_path: Path) -> None:
    fakebox.clear_requests()
    with pytest.raises(boxup.InputError, match="no such file"):
        box.upload_tree([tmp_path / "missing"], folder_id="0")
    with pytest.raises(boxup.InputError) as mode:
        box.upload_tree([tmp_path], folder_id="0", if_exists="replace")
    assert str(mode.value) == "--if-exists must be one of fail, skip, version, got 'replace'"
    with pytest.raises(boxup.InputError, match="folder id"):
        box.upload_tree([tmp_path], folder_id="root")
    assert fakebox.requests == []


def test_a_symlinked_directory_is_reported_skipped(box: boxup.Client, tmp_path: Path) -> None:
    write(tmp_path / "elsewhere" / "x.bin", 5)
    write(tmp_path / "top" / "y.bin", 5)
    os.symlink(tmp_path / "elsewhere", tmp_path / "top" / "link")
    results = by_path(box.upload_tree([tmp_path / "top"], folder_id="0"))
    assert (results["top/y.bin"].status, results["top/link"].status) == ("uploaded", "skipped")


def test_a_rate_limit_forcing_429s_still_ends_with_every_byte_right(box: boxup.Client, fakebox: FakeBox,
                                                                   tmp_path: Path) -> None:  # fmt: skip
    files = [write(tmp_path / "many" / f"f{i:02d}.bin", 2 * KiB + i) for i in range(12)]
    fakebox.configure(rate_limit_uploads=6, rate_limit_window=1.0)
    results = box.upload_tree([tmp_path / "many"], folder_id="0", concurrency=6)
    assert fakebox.count("upload_file", 429) > 0
    assert [r.status for r in results] == ["uploaded"] * 12
    for local, result in zip(files, results, strict=True):
        assert box_bytes(fakebox, result) == local.read_bytes()


def test_a_tree_cancelled_midway_is_finished_by_the_same_call_without_sending_a_file_twice(
    box: boxup.Client, fakebox: FakeBox, tmp_path: Path
) -> None:
    root = tmp_path / "cards"
    big = [
        write(root / f"clip{i}.mov", fakebox.min_chunked_size + 3 * (fakebox.part_size or 256 * KiB)) for i in range(3)
    ]
    small = [write(root / "thumbs" / f"t{i}.jpg", 4 * KiB) for i in range(6)]
    fakebox.configure(latency=0.05)

    async def cancel_after_some_parts() -> None:
        task = asyncio.create_task(upload_tree_async(box, [root], folder_id="0", concurrency=2))
        while fakebox.count("upload_part", 200) < 3:
            await asyncio.sleep(0.02)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancel_after_some_parts())
    committed_before = fakebox.count("commit_upload_session", 201)
    assert committed_before < len(big)
    assert box.sessions.local(), "the cancelled big files keep their resume records"

    results = box.upload_tree([root], folder_id="0")
    assert {r.status for r in results} <= {"uploaded", "identical"}
    for local, result in zip(sorted(big) + sorted(small), results, strict=True):
        assert box_bytes(fakebox, result) == local.read_bytes()
    # Every big file had one session (the half-sent ones were resumed), every small file one direct upload.
    assert fakebox.count("create_upload_session", 201) == len(big)
    assert fakebox.count("upload_file", 201) == len(small)
