"""Bytes on disk: parts and file versions live in files, hashed while they stream, never held whole in memory.

A file version is a list of segments (runs of bytes in stored files), so a commit hard-links the parts it is made
of instead of copying them: it costs one hashing pass, not a copy of the file.

Everything that walks a whole file (assembly, range hashing) runs in a worker thread with one reused 1 MiB buffer,
since small reads and writes cost far more per byte than large ones on the page cache.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .ids import part_id

WRITE_BUFFER = 1 << 20
READ_BUFFER = 1 << 20


@dataclass(frozen=True)
class Segment:
    """A run of bytes inside a stored file."""

    path: Path
    offset: int
    size: int


class Storage:
    def __init__(self, root: Path | None = None) -> None:
        self._owned = root is None
        self.root = Path(tempfile.mkdtemp(prefix="fakebox-")) if root is None else root
        self.root.mkdir(parents=True, exist_ok=True)
        self.reset()

    def reset(self) -> None:
        for sub in ("sessions", "versions", "incoming"):
            shutil.rmtree(self.root / sub, ignore_errors=True)
            (self.root / sub).mkdir(parents=True)

    def close(self) -> None:
        if self._owned:
            shutil.rmtree(self.root, ignore_errors=True)

    def session_dir(self, session_id: str) -> Path:
        path = self.root / "sessions" / session_id
        path.mkdir(parents=True, exist_ok=True)
        return path

    def drop_session(self, session_id: str) -> None:
        shutil.rmtree(self.root / "sessions" / session_id, ignore_errors=True)

    def version_dir(self, version_id: str) -> Path:
        path = self.root / "versions" / version_id
        path.mkdir(parents=True, exist_ok=True)
        return path

    def drop_version(self, version_id: str) -> None:
        shutil.rmtree(self.root / "versions" / version_id, ignore_errors=True)

    def incoming(self) -> Path:
        return self.root / "incoming" / f"{part_id()}{part_id()}.tmp"


async def write_stream(chunks: AsyncIterator[bytes], path: Path, hashers: Iterable[hashlib._Hash]) -> int:
    """Write an async byte stream to ``path`` while feeding every hasher; returns the byte count."""
    hashers = tuple(hashers)
    size = 0
    # Unbuffered: the server hands over blocks of up to a few hundred KiB, already large enough to write as they
    # are, and copying them into a buffer first would cost a memcpy and a buffer per connection.
    with open(path, "wb", buffering=0) as out:
        async for chunk in chunks:
            for hasher in hashers:
                hasher.update(chunk)
            view = memoryview(chunk)
            while view:
                written = out.write(view)
                if not written:
                    raise OSError(f"could not write to {path}")
                view = view[written:]
            size += len(chunk)
    return size


def write_seed(path: Path, size: int, seed: int) -> str:
    """Deterministic pseudo-random content, so a seeded file has a real previous version to dedup against."""
    rng = random.Random(seed)
    sha1 = hashlib.sha1()
    with open(path, "wb") as out:
        left = size
        while left:
            block = rng.randbytes(min(left, READ_BUFFER))
            sha1.update(block)
            out.write(block)
            left -= len(block)
    return sha1.hexdigest()


def assemble(segments: list[Segment], dest: Path) -> None:
    """Concatenate segments into one file (only when someone asks for a version as a single path)."""
    view = memoryview(bytearray(READ_BUFFER))
    with open(dest, "wb") as out:
        for seg in segments:
            for block in _blocks(seg, view):
                out.write(block)


def iter_segments(segments: list[Segment]) -> Iterator[bytes]:
    """The bytes of a version, block by block (a response body; Starlette runs it in a thread)."""
    view = memoryview(bytearray(READ_BUFFER))
    for seg in segments:
        for block in _blocks(seg, view):
            yield bytes(block)


def slice_segments(segments: list[Segment], offset: int, size: int) -> list[Segment]:
    """The segments covering bytes ``offset`` to ``offset + size`` of the concatenation of ``segments``."""
    found: list[Segment] = []
    start = 0
    for seg in segments:
        end = start + seg.size
        lo, hi = max(offset, start), min(offset + size, end)
        if lo < hi:
            found.append(Segment(seg.path, seg.offset + lo - start, hi - lo))
        start = end
    return found


def link_segments(segments: list[Segment], directory: Path) -> list[Segment]:
    """The same bytes, reached through hard links in ``directory``, so they outlive the files they came from."""
    linked: dict[Path, Path] = {}
    result = []
    for seg in segments:
        if seg.path not in linked:
            linked[seg.path] = directory / f"{len(linked):06d}.seg"
            link_or_copy(seg.path, linked[seg.path])
        result.append(Segment(linked[seg.path], seg.offset, seg.size))
    return result


def digest_segments(segments: list[Segment], name: str) -> str:
    hasher = hashlib.new(name)
    view = memoryview(bytearray(READ_BUFFER))
    for seg in segments:
        for block in _blocks(seg, view):
            hasher.update(block)
    return hasher.hexdigest()


def _blocks(seg: Segment, view: memoryview) -> Iterable[memoryview]:
    with open(seg.path, "rb", buffering=0) as src:
        src.seek(seg.offset)
        left = seg.size
        while left:
            n = src.readinto(view[: min(len(view), left)])
            if not n:
                raise OSError(f"{seg.path} is shorter than expected")
            yield view[:n]
            left -= n


def link_or_copy(src: Path, dest: Path) -> None:
    """Pin a stored file under a second name, so deleting the original elsewhere cannot pull bytes from under us."""
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)
