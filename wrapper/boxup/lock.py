"""One run per upload: an advisory lock per (source file, destination), held by the process doing the upload.

The lock is ``flock`` on a small file under the state directory's ``locks/``. The kernel drops it when its holder
exits in any way (kill -9 included), so a crash never leaves a stale lock behind. ``flock`` belongs to the open
file, not the process, so two uploads in one process exclude each other too. The holder writes its PID into the
file so a second run can name it.

The key is the resolved path and the destination, the same key resume records are found by: two runs that would
share a record must not run at once.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import time
from pathlib import Path

from .errors import BoxError
from .state import Destination

PID_WAIT_SECONDS = 0.5  # a holder writes its PID right after locking; waiting this long for it is plenty


class UploadInProgress(BoxError):
    """Another run is uploading the same file to the same place right now."""

    def __init__(self, path: Path, pid: int | None) -> None:
        self.path = path
        self.pid = pid
        holder = f"process {pid}" if pid else "another process"
        super().__init__(f"{path} is already being uploaded by {holder}")


def lock_name(path: Path, destination: Destination) -> str:
    """A fixed-length file name for the key: paths can be longer than a file name may be, and contain slashes."""
    key = "\0".join([str(path), destination.folder_id or "", destination.file_id or "", destination.name or ""])
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest() + ".lock"


class UploadLock:
    """``with UploadLock(state_dir, path, destination):`` holds the lock or raises UploadInProgress at once."""

    def __init__(self, state_dir: Path, path: Path, destination: Destination) -> None:
        self.path = path
        self.file = state_dir / "locks" / lock_name(path, destination)
        self._fd = -1

    @property
    def held(self) -> bool:
        return self._fd >= 0

    def acquire(self) -> None:
        if self.held:
            raise RuntimeError("UploadLock is not reentrant")
        self.file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        while True:
            fd = os.open(self.file, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                    raise
                raise UploadInProgress(self.path, self._holder()) from None
            if self._still_linked(fd):
                break
            os.close(fd)  # the holder we waited on unlinked this file on release: lock the new one instead
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def _still_linked(self, fd: int) -> bool:
        try:
            on_disk = os.stat(self.file, follow_symlinks=False)
        except FileNotFoundError:
            return False
        mine = os.fstat(fd)
        return (on_disk.st_dev, on_disk.st_ino) == (mine.st_dev, mine.st_ino)

    def _holder(self) -> int | None:
        deadline = time.monotonic() + PID_WAIT_SECONDS
        while True:
            with contextlib.suppress(OSError, ValueError):
                text = self.file.read_text().strip()
                if text:
                    return int(text)
            if time.monotonic() > deadline:
                return None
            time.sleep(0.01)

    def release(self) -> None:
        """Unlink while still holding the lock (so the directory does not fill up), then let go."""
        if not self.held:
            return
        with contextlib.suppress(OSError):  # gone, or the state dir turned read-only: closing still releases it
            os.unlink(self.file)
        os.close(self._fd)
        self._fd = -1

    def __enter__(self) -> UploadLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
