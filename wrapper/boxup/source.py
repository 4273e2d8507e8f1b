"""The file being uploaded: who it is (to notice changes), and its bytes read by offset without holding parts.

Every read is by offset (``os.pread``, or ``os.preadv`` for a body block the page cache holds) on one descriptor, so
parts can be read concurrently at their own offsets with no shared file position and no copy of a whole part in memory.
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import os
import stat
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import attrs

from .errors import InputError, IntegrityError
from .parts import Part

READ_BLOCK = 1024 * 1024  # large enough that hashing and socket writes dominate, small enough to stay flat
# preadv's answers when the kernel (RWF_NOWAIT: Linux 4.14+) or the file's filesystem cannot read without waiting
_NOWAIT_UNSUPPORTED = (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS)


@attrs.frozen
class SourceIdentity:
    """What must still hold for a half-finished upload to be resumed from this file."""

    path: str
    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> SourceIdentity:
        st = path.stat()
        return cls(str(path), st.st_size, st.st_mtime_ns, st.st_ino)


def link_name(path: str | os.PathLike[str]) -> str:
    """The name a file is uploaded under by default: the last part of the path as given, so a symlink uploads its
    target's bytes under the link's own name (as cp and rclone do)."""
    return Path(path).expanduser().name


def check_source(path: str | os.PathLike[str]) -> Path:
    """Resolve and vet a path before anything is sent: it must be an existing, readable regular file."""
    resolved = Path(path).expanduser().resolve()
    trailing_slash = os.fspath(path).endswith(("/", os.sep))  # Path() drops it; the shell and cp do not
    try:
        st = resolved.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path}: not a regular file")
    if trailing_slash:
        raise InputError(f"{path}: not a directory (the path ends with a slash, but names a regular file)")
    if not os.access(resolved, os.R_OK):
        raise InputError(f"{path}: permission denied")
    return resolved


@attrs.frozen
class PartDigest:
    part: Part
    sha1: bytes
    sha512_hex: str | None


class Source:
    """An open, read-only source file. Close it (or use ``with``) when the upload ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_RDONLY)
        self.identity = SourceIdentity.of(path)
        # Linux only; None once this file's filesystem or the kernel has refused it (one refusal: never ask again)
        self._nowait: int | None = getattr(os, "RWF_NOWAIT", None)
        # read_cached's landing buffer, reused: a fresh zero-filled MiB per block cost more than the read itself.
        # One per Source is enough because only the event loop's thread calls read_cached, one call at a time.
        self._scratch = bytearray()

    @property
    def size(self) -> int:
        return self.identity.size

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        self._scratch = bytearray()  # a closed Source held by a result or a traceback keeps no MiB

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read_at(self, offset: int, size: int) -> bytes:
        data = os.pread(self._fd, size, offset)
        if len(data) != size:
            raise IntegrityError(
                f"{self.path} shrank during the upload (wanted {size} bytes at offset {offset}, got {len(data)})"
            )
        return data

    def read_cached(self, offset: int, size: int) -> bytes:
        """Up to ``size`` bytes at ``offset``, as many as the page cache holds from there, read without ever waiting
        for the disk (so the event loop may call it): b"" when none are cached, or where the platform cannot tell.
        The caller reads the rest with ``read_at`` on a thread, which also notices a file that shrank."""
        if self._nowait is None:
            return b""
        if len(self._scratch) < size:
            self._scratch = bytearray(max(size, READ_BLOCK))
        buffer = memoryview(self._scratch)[:size]
        try:
            got = os.preadv(self._fd, [buffer], offset, self._nowait)
        except BlockingIOError:  # EAGAIN: not in the page cache
            return b""
        except OSError as exc:
            if exc.errno not in _NOWAIT_UNSUPPORTED:
                raise
            self._nowait = None
            return b""
        # A copy of its own for each block (the buffer is reused; h11 passes a bytes object on without copying it)
        return bytes(buffer[:got])

    def digest_part(self, part: Part, want_sha512: bool, whole: hashlib._Hash | None = None) -> PartDigest:
        """The part's SHA-1 (for Digest) and, for the plan endpoint, its SHA-512, from one read of its bytes; that
        same read feeds ``whole`` (the file's SHA-1) when given, so the file is never read a second time to hash
        it. The caller feeds ``whole`` the parts in offset order, each once."""
        sha1 = hashlib.sha1()  # noqa: S324 - Box's protocol digest, not a security primitive
        hashes = [sha1.update]
        sha512 = hashlib.sha512() if want_sha512 else None
        if sha512 is not None:
            hashes.append(sha512.update)
        if whole is not None:
            hashes.append(whole.update)
        for block in self._blocks(part.offset, part.size):
            for update in hashes:
                update(block)
        return PartDigest(part, sha1.digest(), sha512.hexdigest() if sha512 else None)

    def sha1_hex(self) -> str:
        """The whole file's SHA-1 in hex, as Box lists and checks it (one pass; blocking: run it on a thread). A
        chunked upload does not call it: its part digests' reads feed the whole-file SHA-1."""
        whole = hashlib.sha1(usedforsecurity=False)
        for block in self._blocks(0, self.size):
            whole.update(block)
        return whole.hexdigest()

    def _blocks(self, offset: int, size: int) -> Iterator[bytes]:
        end = offset + size
        for at in range(offset, end, READ_BLOCK):
            yield self.read_at(at, min(READ_BLOCK, end - at))

    def check_unchanged(self) -> None:
        if SourceIdentity.of(self.path) != self.identity:
            raise IntegrityError(f"{self.path} changed during the upload; nothing was committed")


class PartStream:
    """One part's bytes as an async byte stream, read block by block from disk.

    httpx sends it with the explicit Content-Length the generated call sets, so the part is never chunked and never
    held whole. Each ``__aiter__`` starts again from the part's first byte (a retry or a 401 replay re-sends all of
    it) and takes back the progress reported for the earlier attempt.
    """

    def __init__(self, source: Source, part: Part, on_bytes: Callable[[int], None]) -> None:
        self._source = source
        self._part = part
        self._on_bytes = on_bytes
        self._reported = 0

    def rewind_progress(self) -> None:
        if self._reported:
            self._on_bytes(-self._reported)
            self._reported = 0

    def __aiter__(self) -> AsyncIterator[bytes]:
        self.rewind_progress()
        return self._blocks()

    async def _blocks(self) -> AsyncIterator[bytes]:
        end = self._part.offset + self._part.size
        for offset in range(self._part.offset, end, READ_BLOCK):
            size = min(READ_BLOCK, end - offset)
            # The hash pass has just read these bytes, so they are almost always in the page cache: read them on the
            # loop (a hand-off to a thread per block cost more CPU than the read). What is not cached is read on a
            # thread, so a cold disk never stalls every other part's socket.
            block = self._source.read_cached(offset, size)
            if len(block) < size:
                block += await asyncio.to_thread(self._source.read_at, offset + len(block), size - len(block))
            yield block
            self._reported += len(block)
            self._on_bytes(len(block))
