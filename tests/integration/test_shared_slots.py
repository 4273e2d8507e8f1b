"""Uploads given the same ``boxup.Slots`` share its bound on requests in flight, and follow it when it changes."""

from __future__ import annotations

import asyncio
import hashlib
import os
from pathlib import Path

import boxup

from tests.fakebox.handle import FakeBox
from tests.integration.conftest import make_client

PART = 256 * 1024  # the emulator's test part size


def files(tmp_path: Path, sizes: list[int]) -> list[Path]:
    paths = []
    for n, size in enumerate(sizes):
        path = tmp_path / f"f{n}.bin"
        path.write_bytes(os.urandom(size))
        paths.append(path)
    return paths


def upload_all(client: boxup.Client, paths: list[Path], slots: boxup.Slots) -> list[boxup.UploadedFile]:
    async def main() -> list[boxup.UploadedFile]:
        try:
            return await asyncio.gather(*(client.upload_async(p, folder_id="0", slots=slots) for p in paths))
        finally:
            await client.aclose()

    return asyncio.run(main())


def test_three_uploads_sharing_two_slots_never_have_more_than_two_parts_in_flight(
    fakebox: FakeBox, state_dir: Path, tmp_path: Path
) -> None:
    fakebox.configure(latency=0.05)  # keep each part in flight long enough to overlap
    paths = files(tmp_path, [8 * PART, 6 * PART + 5, 5 * PART])
    with make_client(fakebox, state_dir, concurrency=8) as client:
        uploaded = upload_all(client, paths, boxup.Slots(2))
    assert fakebox.counters["max_concurrent_part_uploads"] == 2
    for path, file in zip(paths, uploaded, strict=True):
        assert fakebox.file_sha1(file.id) == hashlib.sha1(path.read_bytes()).hexdigest()


def test_small_direct_uploads_and_big_files_draw_from_the_same_slots(
    fakebox: FakeBox, state_dir: Path, tmp_path: Path
) -> None:
    fakebox.configure(latency=0.05)
    paths = files(tmp_path, [6 * PART, 6 * PART, 1000, 2000, 3000])
    slots = boxup.Slots(1)
    with make_client(fakebox, state_dir, concurrency=8) as client:
        uploaded = upload_all(client, paths, slots)
    assert fakebox.counters["max_concurrent_part_uploads"] == 1
    assert fakebox.count("upload_file") == 3
    assert slots.in_use == 0
    for path, file in zip(paths, uploaded, strict=True):
        assert fakebox.file_bytes(file.id) == path.read_bytes()


def test_raising_shared_slots_during_an_upload_lets_more_parts_overlap(
    fakebox: FakeBox, state_dir: Path, tmp_path: Path
) -> None:
    fakebox.configure(latency=0.1)
    (path,) = files(tmp_path, [24 * PART])
    slots = boxup.Slots(1)
    seen_parts = 0

    def on_progress(event: boxup.Progress) -> None:
        nonlocal seen_parts
        if event.event is boxup.Event.PART_DONE:
            seen_parts += 1
            if seen_parts == 2:
                slots.resize(4)  # progress runs on the upload's loop: the place a controller would resize from

    async def main() -> boxup.UploadedFile:
        try:
            return await client.upload_async(path, folder_id="0", slots=slots, progress=on_progress)
        finally:
            await client.aclose()

    with make_client(fakebox, state_dir, concurrency=8) as client:
        file = asyncio.run(main())
    assert fakebox.counters["max_concurrent_part_uploads"] == 4
    assert fakebox.file_bytes(file.id) == path.read_bytes()
