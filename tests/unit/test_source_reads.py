"""Body reads: from the page cache on the event loop (``preadv`` with ``RWF_NOWAIT``), on a thread for the rest.

``os.preadv`` is replaced by a fake that answers as a kernel would (cached, partly cached, EAGAIN, unsupported) from
the real file's bytes, so every fallback is exercised on any platform; the integration tests send real files.
"""

from __future__ import annotations

import asyncio
import errno
import os
from collections.abc import Callable
from pathlib import Path

import boxup.source
import pytest
from boxup.errors import IntegrityError
from boxup.parts import Part
from boxup.source import PartStream, Source

BLOCK = 4096
NOWAIT = 0x8  # Linux's value; the fake checks it is passed through


class FakePreadv:
    """``os.preadv`` for one file: ``answer(offset, size)`` says how many bytes are "cached" or raises."""

    def __init__(self, answer: Callable[[int, int], int]) -> None:
        self.answer = answer
        self.calls: list[tuple[int, int]] = []
        self.buffer_sizes: list[int] = []

    def __call__(self, fd: int, buffers: list[memoryview], offset: int, flags: int) -> int:
        assert flags == NOWAIT
        [buffer] = buffers
        self.calls.append((offset, len(buffer)))
        self.buffer_sizes.append(len(buffer))
        cached = self.answer(offset, len(buffer))
        data = os.pread(fd, cached, offset)  # short at the end of a file that shrank, as the kernel's is
        buffer[: len(data)] = data
        return len(data)


def raising(code: int) -> Callable[[int, int], int]:
    def answer(offset: int, size: int) -> int:
        raise (BlockingIOError if code == errno.EAGAIN else OSError)(code, os.strerror(code))

    return answer


@pytest.fixture
def data(tmp_path: Path) -> bytes:
    return os.urandom(5 * BLOCK + 123)


@pytest.fixture
def path(tmp_path: Path, data: bytes) -> Path:
    file = tmp_path / "source.bin"
    file.write_bytes(data)
    return file


@pytest.fixture
def thread_reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Every read handed to a thread (``read_at`` is only called there), with a small block size."""
    monkeypatch.setattr(boxup.source, "READ_BLOCK", BLOCK)
    monkeypatch.setattr(os, "RWF_NOWAIT", NOWAIT, raising=False)
    calls: list[tuple[int, int]] = []
    original = Source.read_at

    def recording(source: Source, offset: int, size: int) -> bytes:
        calls.append((offset, size))
        return original(source, offset, size)

    monkeypatch.setattr(Source, "read_at", recording)
    return calls


def install(monkeypatch: pytest.MonkeyPatch, answer: Callable[[int, int], int]) -> FakePreadv:
    fake = FakePreadv(answer)
    monkeypatch.setattr(os, "preadv", fake)
    return fake


def send(source: Source, part: Part) -> bytes:
    """The bytes the part's stream yields, as httpx would pull them, each block checked against the memory bound."""

    async def pull() -> bytes:
        blocks = [block async for block in PartStream(source, part, lambda _: None)]
        assert all(type(block) is bytes and len(block) <= BLOCK for block in blocks)
        return b"".join(blocks)

    return asyncio.run(pull())


def whole(data: bytes) -> Part:
    return Part(index=0, offset=0, size=len(data))


def test_a_cached_block_is_read_on_the_loop_and_never_handed_to_a_thread(
    monkeypatch: pytest.MonkeyPatch, path: Path, data: bytes, thread_reads: list[tuple[int, int]]
) -> None:
    fake = install(monkeypatch, lambda offset, size: size)
    with Source(path) as source:
        assert send(source, whole(data)) == data
    assert thread_reads == []
    assert len(fake.calls) == 6
    assert max(fake.buffer_sizes) == BLOCK  # one block per read, as before: the memory bound holds


def test_a_block_not_in_the_page_cache_is_read_on_a_thread_and_the_next_block_is_tried_again(
    monkeypatch: pytest.MonkeyPatch, path: Path, data: bytes, thread_reads: list[tuple[int, int]]
) -> None:
    fake = install(monkeypatch, raising(errno.EAGAIN))
    with Source(path) as source:
        assert send(source, whole(data)) == data
    assert thread_reads == [(at, min(BLOCK, len(data) - at)) for at in range(0, len(data), BLOCK)]
    assert len(fake.calls) == 6  # EAGAIN is about these pages, not the file: every block asks again


def test_a_partly_cached_block_reads_only_the_rest_on_a_thread(
    monkeypatch: pytest.MonkeyPatch, path: Path, data: bytes, thread_reads: list[tuple[int, int]]
) -> None:
    install(monkeypatch, lambda offset, size: 1000 if offset == BLOCK else size)
    with Source(path) as source:
        assert send(source, whole(data)) == data
    assert thread_reads == [(BLOCK + 1000, BLOCK - 1000)]


@pytest.mark.parametrize("code", [errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS], ids=errno.errorcode.get)
def test_a_filesystem_or_kernel_without_nowait_reads_is_asked_once_then_every_read_takes_a_thread(
    monkeypatch: pytest.MonkeyPatch, path: Path, data: bytes, thread_reads: list[tuple[int, int]], code: int
) -> None:
    fake = install(monkeypatch, raising(code))
    with Source(path) as source:
        assert send(source, whole(data)) == data
        assert send(source, Part(index=1, offset=BLOCK, size=2 * BLOCK)) == data[BLOCK : 3 * BLOCK]  # a retry
    assert len(fake.calls) == 1
    assert len(thread_reads) == 6 + 2


def test_a_platform_without_rwf_nowait_never_calls_preadv(
    monkeypatch: pytest.MonkeyPatch, path: Path, data: bytes, thread_reads: list[tuple[int, int]]
) -> None:
    monkeypatch.delattr(os, "RWF_NOWAIT")
    fake = install(monkeypatch, lambda offset, size: size)
    with Source(path) as source:
        assert send(source, whole(data)) == data
    assert fake.calls == []
    assert len(thread_reads) == 6


def test_a_read_error_from_a_cached_read_is_raised_not_retried_on_a_thread(
    monkeypatch: pytest.MonkeyPatch, path: Path, data: bytes, thread_reads: list[tuple[int, int]]
) -> None:
    install(monkeypatch, raising(errno.EIO))
    with Source(path) as source, pytest.raises(OSError, match="Input/output error"):
        send(source, whole(data))
    assert thread_reads == []


@pytest.mark.parametrize("cut", [2 * BLOCK, 2 * BLOCK + 500], ids=["at-a-block", "inside-a-block"])
def test_a_file_that_shrank_under_cached_reads_raises_integrity_error(
    monkeypatch: pytest.MonkeyPatch, path: Path, data: bytes, thread_reads: list[tuple[int, int]], cut: int
) -> None:
    install(monkeypatch, lambda offset, size: size)  # "cached" to the end; the kernel's read stops at the end
    with Source(path) as source:
        os.truncate(path, cut)
        with pytest.raises(IntegrityError, match="shrank during the upload"):
            send(source, whole(data))
    assert thread_reads == [(cut, BLOCK - cut % BLOCK)]  # the short block's rest, once, then the error
