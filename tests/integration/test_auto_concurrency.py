"""``concurrency="auto"``: an upload whose rate still grows with more connections raises its parts in flight."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import boxup

from tests.fakebox.handle import FakeBox
from tests.integration.conftest import make_client

PART = 256 * 1024  # the emulator's test part size


def test_auto_concurrency_grows_past_its_start_on_a_per_connection_limit_and_uploads_identical_bytes(
    fakebox: FakeBox, state_dir: Path, tmp_path: Path
) -> None:
    # 1 MiB/s per connection and no total cap: every doubling doubles the rate, so auto must go past its start of 8.
    fakebox.configure(latency=0.02, bandwidth="1MiB")
    path = tmp_path / "big.bin"
    path.write_bytes(os.urandom(48 * PART))

    async def main() -> boxup.UploadedFile:
        try:
            return await client.upload_async(path, folder_id="0")
        finally:
            await client.aclose()

    with make_client(fakebox, state_dir, concurrency="auto") as client:
        file = asyncio.run(main())
    peak = fakebox.counters["max_concurrent_part_uploads"]
    assert 8 < peak <= 32, peak
    assert fakebox.file_bytes(file.id) == path.read_bytes()


def test_a_tree_under_auto_shares_slots_at_the_cap_and_uploads_identical_bytes(
    fakebox: FakeBox, state_dir: Path, tmp_path: Path
) -> None:
    # 12 big files, 8 at a time, each of which alone would tune itself to 32: together they stay within one cap.
    fakebox.configure(latency=0.05, bandwidth="512KiB")  # parts last long enough for the files to overlap
    tree = tmp_path / "tree"
    tree.mkdir()
    for n in range(12):
        (tree / f"f{n}.bin").write_bytes(os.urandom(6 * PART))
    with make_client(fakebox, state_dir, concurrency="auto") as client:
        results = client.upload_tree([tree], folder_id="0")
    assert 8 < fakebox.counters["max_concurrent_part_uploads"] <= 32
    uploaded = [r for r in results if r.status == "uploaded"]
    assert len(uploaded) == 12
    for result in uploaded:
        assert result.file is not None
        assert fakebox.file_bytes(result.file.id) == (tmp_path / result.path).read_bytes()
