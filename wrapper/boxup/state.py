"""Resume records: one small JSON file per unfinished upload, written atomically, readable only by its owner.

A record holds what is needed to find the session again and to prove the source is the same file: never a token.
A record is trusted the way ssh trusts its keys: only when the file and its directory are the user's own and no one
else may write them (a planted record would make boxup upload any file to any folder). Records that are foreign,
malformed or from another version are skipped, each with one warning on the ``boxup`` logger, and never block the
others.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import logging
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import platformdirs

from .errors import InputError
from .private_files import not_private
from .source import SourceIdentity
from .validate import is_box_id, is_session_id

log = logging.getLogger("boxup")

RECORD_VERSION = 1
STALE_TEMP_SECONDS = 600
MAX_RECORD_BYTES = 64 * 1024  # a real record is well under 2 KiB; anything larger is not ours
PROBE_BYTES = 4096  # the size of a generous record: enough to meet a full disk before a session exists


def default_state_dir() -> Path:
    configured = os.environ.get("BOXUP_STATE_DIR")
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_state_dir("boxup", appauthor=False)) / "uploads"


class RecordError(ValueError):
    """A record file that cannot be used: why, in a few words."""


@attrs.frozen
class Destination:
    """Where the upload goes: a new file in ``folder_id``, or a new version of ``file_id``."""

    folder_id: str | None
    file_id: str | None
    name: str | None  # None for a new version: keep the file's current name

    def describe(self) -> str:
        return f"new version of file {self.file_id}" if self.file_id else f"new file in folder {self.folder_id}"


def _field(data: dict[str, Any], key: str, kind: type | tuple[type, ...], *, optional: bool = False) -> Any:
    value = data.get(key)
    if value is None and optional:
        return None
    # bool is an int to Python, never to a record
    if not isinstance(value, kind) or isinstance(value, bool):
        raise RecordError(f"field {key!r} is missing or not a {getattr(kind, '__name__', 'valid value')}")
    return value


def _count(data: dict[str, Any], key: str) -> int:
    value: int = _field(data, key, int)
    if value < 0:
        raise RecordError(f"field {key!r} is negative")
    return value


def _timestamp(data: dict[str, Any], key: str) -> str | None:
    value: str | None = _field(data, key, str, optional=True)
    if value is not None:
        try:
            dt.datetime.fromisoformat(value)
        except ValueError:
            raise RecordError(f"field {key!r} is not an ISO 8601 timestamp") from None
    return value


def _user(data: dict[str, Any]) -> str | None:
    value: str | None = _field(data, "as_user", str, optional=True)
    if value is not None and not is_box_id(value):
        raise RecordError("field 'as_user' is not a user id")
    return value


def _object(data: dict[str, Any], key: str) -> dict[str, Any]:
    value: dict[str, Any] = _field(data, key, dict)
    return value


def _destination(data: dict[str, Any]) -> Destination:
    given = _object(data, "destination")
    destination = Destination(
        folder_id=_field(given, "folder_id", str, optional=True),
        file_id=_field(given, "file_id", str, optional=True),
        name=_field(given, "name", str, optional=True),
    )
    if (destination.folder_id is None) == (destination.file_id is None):
        raise RecordError("the destination names neither or both of a folder and a file")
    return destination


def _source(data: dict[str, Any]) -> SourceIdentity:
    given = _object(data, "source")
    return SourceIdentity(
        path=_field(given, "path", str),
        size=_count(given, "size"),
        mtime_ns=_count(given, "mtime_ns"),
        inode=_count(given, "inode"),
    )


def _endpoints(data: dict[str, Any]) -> dict[str, str]:
    given = _object(data, "session_endpoints")
    if not all(isinstance(v, str) for v in given.values()):
        raise RecordError("field 'session_endpoints' holds a value that is not a URL string")
    return {str(k): v for k, v in given.items()}


@attrs.frozen
class UploadRecord:
    session_id: str
    session_endpoints: dict[str, str]
    part_size: int
    total_parts: int
    expires_at: str | None
    destination: Destination
    source: SourceIdentity
    upload_url: str
    content_modified_at: str | None = None
    as_user: str | None = None  # the As-User header the session was made with: resume must act as the same user

    def to_json(self) -> dict[str, Any]:
        return {"version": RECORD_VERSION, **attrs.asdict(self)}

    @classmethod
    def from_json(cls, data: Any) -> UploadRecord:
        """Every field checked for its type: a record is data from disk, not a trusted object."""
        if not isinstance(data, dict):
            raise RecordError(f"not a JSON object but a {type(data).__name__}")
        if data.get("version") != RECORD_VERSION:
            raise RecordError(f"unknown record version {data.get('version')!r}")
        session_id: str = _field(data, "session_id", str)
        if not is_session_id(session_id):
            raise RecordError("field 'session_id' is not a session id")
        return cls(
            session_id=session_id,
            session_endpoints=_endpoints(data),
            part_size=_count(data, "part_size"),
            total_parts=_count(data, "total_parts"),
            expires_at=_timestamp(data, "expires_at"),
            destination=_destination(data),
            source=_source(data),
            upload_url=_field(data, "upload_url", str),
            content_modified_at=_timestamp(data, "content_modified_at"),
            as_user=_user(data),
        )


class StateStore:
    """The directory of resume records. A record that is unreadable, malformed or not the user's own is skipped with
    one warning (logged on the ``boxup`` logger once per store, and kept in ``skipped``), never fatal."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_state_dir()
        self._skipped: dict[str, str] = {}

    @property
    def skipped(self) -> dict[str, str]:
        """The files this store refused so far, each with the warning it logged."""
        return dict(self._skipped)

    def _path(self, session_id: str) -> Path:
        if not is_session_id(session_id):
            raise ValueError(f"not a session id: {session_id!r}")
        return self.directory / f"{session_id}.json"

    def _skip(self, path: Path, why: str, *, what: str = "resume record") -> None:
        if str(path) not in self._skipped:
            text = f"ignoring {what} {path}: {why}"
            self._skipped[str(path)] = text
            log.warning("%s", text)

    def check_writable(self) -> None:
        """Prove a record can be written here before a session exists on Box, so a read-only, full or misplaced
        state directory fails at once (InputError, nothing sent) instead of leaving an orphaned session."""
        where = f"the state directory {self.directory}"
        advice = "choose another with --state-dir or BOXUP_STATE_DIR"
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not self.directory.is_dir():
                raise InputError(f"{where} is not a directory; {advice}")
            fd, probe = tempfile.mkstemp(dir=self.directory, prefix=".tmp-probe-", suffix=".json")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(b" " * PROBE_BYTES)
                    out.flush()
                    os.fsync(out.fileno())
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(probe)
        except FileExistsError:
            raise InputError(f"{where} is not a directory; {advice}") from None
        except OSError as exc:
            reason = "something in its path is not a directory" if exc.errno == errno.ENOTDIR else exc.strerror
            raise InputError(f"cannot write resume records in {where} ({reason}); {advice}") from None
        if (why := self._directory_untrusted()) is not None:
            raise InputError(f"{where} cannot hold resume records: {why}; run chmod go-w {self.directory}")

    def _directory_untrusted(self) -> str | None:
        try:
            return not_private(self.directory.stat(), writable_only=True)
        except OSError as exc:
            return exc.strerror or str(exc)

    def save(self, record: UploadRecord) -> None:
        """Write to a private temp file, fsync, then rename: a crash leaves the old record or the new, never half."""
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")  # created 0600
        try:
            with os.fdopen(fd, "w") as out:
                json.dump(record.to_json(), out, indent=2, sort_keys=True)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self._path(record.session_id))
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    def load(self, session_id: str) -> UploadRecord | None:
        try:
            path = self._path(session_id)
        except ValueError:
            return None
        if (why := self._directory_untrusted()) is not None:
            if path.exists():
                self._skip(path, f"its directory is not private ({why})")
            return None
        return self._read(path)

    def _read(self, path: Path) -> UploadRecord | None:
        """The record in ``path`` if it is the user's own and well formed; otherwise None and one warning."""
        try:
            # O_NOFOLLOW and fstat: the checks apply to the very file read, not to whatever a symlink points at.
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except FileNotFoundError:
            return None
        except OSError as exc:
            self._skip(
                path, "it is a symbolic link" if exc.errno == errno.ELOOP else f"cannot read it ({exc.strerror})"
            )
            return None
        with os.fdopen(fd, "rb") as handle:
            try:
                st = os.fstat(handle.fileno())
                if not stat.S_ISREG(st.st_mode):
                    raise RecordError("it is not a regular file")
                if (why := not_private(st, writable_only=False)) is not None:
                    raise RecordError(why)
                content = handle.read(MAX_RECORD_BYTES + 1)
                if len(content) > MAX_RECORD_BYTES:
                    raise RecordError("it is too large to be a resume record")
                record = UploadRecord.from_json(json.loads(content))
            except (OSError, RecordError, ValueError, RecursionError) as exc:
                self._skip(path, str(exc) if isinstance(exc, RecordError) else f"not valid JSON ({exc})")
                return None
        if record.session_id != path.stem:
            self._skip(path, f"it names session {record.session_id}, not {path.stem}")
            return None
        return record

    def remove(self, session_id: str) -> None:
        with contextlib.suppress(FileNotFoundError, ValueError):
            self._path(session_id).unlink()

    def records(self) -> Iterator[UploadRecord]:
        if not self.directory.is_dir():
            return
        if (why := self._directory_untrusted()) is not None:
            self._skip(self.directory, f"the directory is not private ({why})", what="the resume records in")
            return
        for path in sorted(self.directory.glob("*.json")):
            if path.name.startswith(".tmp-"):
                self._sweep(path)
                continue
            record = self._read(path)
            if record is not None:
                yield record

    @staticmethod
    def _sweep(temp: Path) -> None:
        """A temp file older than a few minutes is what a process killed mid-write left behind."""
        with contextlib.suppress(OSError):
            if time.time() - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                temp.unlink()

    def find_all(self, path: Path, destination: Destination | None = None) -> list[UploadRecord]:
        """Every record for this source file (and destination, when given)."""
        return [
            r
            for r in self.records()
            if r.source.path == str(path) and (destination is None or r.destination == destination)
        ]

    def find(self, path: Path, destination: Destination | None = None) -> UploadRecord | None:
        """The record for this source file and destination (one at most, unless an older run crashed twice)."""
        matches = self.find_all(path, destination)
        return matches[-1] if matches else None
