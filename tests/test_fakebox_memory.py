"""Bodies stream to disk: parts, commits and downloads never sit whole in the emulator's memory."""

from __future__ import annotations

import base64
import hashlib
import os
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from boxup_api.api.upload_sessions import upload_part
from boxup_api.types import File

from tests.fakebox import FakeBox
from tests.fakebox.calls import body_of, commit_until_done, new_session, session_id_of, upload_client
from tests.fakebox.process import running

MiB = 1024 * 1024


def write_random(path: Path, size: int) -> str:
    sha1 = hashlib.sha1()
    with path.open("wb") as out:
        for _ in range(size // MiB):
            block = os.urandom(MiB)
            sha1.update(block)
            out.write(block)
    return sha1.hexdigest()


def b64(hex_digest: str) -> str:
    return "sha=" + base64.b64encode(bytes.fromhex(hex_digest)).decode()


def send_range(box: FakeBox, sid: str, source: Path, *, offset: int, size: int, total: int) -> dict[str, Any]:
    with source.open("rb") as src:
        src.seek(offset)
        chunk = src.read(size)
    digest = hashlib.sha1(chunk).hexdigest()
    with upload_client(box) as client:
        sent = upload_part.sync_detailed(
            sid,
            client=client,
            body=File(payload=_Slice(chunk)),  # type: ignore[arg-type]
            digest=b64(digest),
            content_range=f"bytes {offset}-{offset + size - 1}/{total}",
            content_length=size,
        )
    del chunk
    return dict(body_of(sent)["part"])


class _Slice:
    """Bytes handed to httpx as an iterator of 64 KiB blocks, as a streaming client would send them."""

    def __init__(self, data: bytes) -> None:
        self._view = memoryview(data)

    def __iter__(self) -> Any:
        for start in range(0, len(self._view), 64 * 1024):
            yield bytes(self._view[start : start + 64 * 1024])


def download_sha1(box: FakeBox, file_id: str) -> str:
    seen = hashlib.sha1()
    url = f"{box.api_url}/files/{file_id}/content"
    with httpx.stream("GET", url, headers={"Authorization": f"Bearer {box.token}"}) as download:
        for block in download.iter_bytes():
            seen.update(block)
    return seen.hexdigest()


@pytest.mark.skipif(bool(os.environ.get("FAKEBOX_URL")), reason="needs the emulator in this process")
def test_a_64_mib_part_is_streamed(fakebox: FakeBox, tmp_path: Path) -> None:
    size = 64 * MiB
    source = tmp_path / "part.bin"
    sha1 = write_random(source, size)
    fakebox.configure(part_size=size, min_chunked_size=MiB)
    with upload_client(fakebox) as client:
        sid = session_id_of(new_session(client, size))
        tracemalloc.start()
        try:
            with source.open("rb") as payload:  # httpx streams a file object in 64 KiB reads
                sent = upload_part.sync_detailed(
                    sid,
                    client=client,
                    body=File(payload=payload),
                    digest=b64(sha1),
                    content_range=f"bytes 0-{size - 1}/{size}",
                    content_length=size,
                )
            part = body_of(sent)["part"]
            committed = commit_until_done(client, sid, [part], b"", digest=b64(sha1))
            file_id = body_of(committed)["entries"][0]["id"]
            downloaded = download_sha1(fakebox, file_id)
            _now, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert part["sha1"] == sha1
    assert downloaded == sha1
    assert peak < 8 * MiB, f"peak traced memory {peak / MiB:.1f} MiB for a 64 MiB part"


def peak_rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_the_emulator_process_stays_small_under_parallel_parts(tmp_path: Path) -> None:
    size, part = 128 * MiB, 16 * MiB
    source = tmp_path / "big.bin"
    sha1 = write_random(source, size)
    with running("--part-size", "16MiB", "--min-chunked-size", "1MiB") as (proc, box):
        with upload_client(box) as client:
            sid = session_id_of(new_session(client, size))
        before = peak_rss(proc.pid)
        with ThreadPoolExecutor(8) as pool:
            parts = list(
                pool.map(lambda o: send_range(box, sid, source, offset=o, size=part, total=size), range(0, size, part))
            )
        with upload_client(box) as client:
            committed = commit_until_done(client, sid, parts, b"", digest=b64(sha1))
        assert download_sha1(box, body_of(committed)["entries"][0]["id"]) == sha1
        grown = peak_rss(proc.pid) - before
    assert grown < 16 * MiB, f"the emulator grew by {grown / MiB:.1f} MiB for 8 parallel 16 MiB parts"
