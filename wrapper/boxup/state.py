"""Resume records: one small JSON file per unfinished upload, written atomically, readable only by its owner.

A record holds what is needed to find the session again and to prove the source is the same file: never a token.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import platformdirs

from .source import SourceIdentity

RECORD_VERSION = 1
STALE_TEMP_SECONDS = 600


def default_state_dir() -> Path:
    configured = os.environ.get("BOXUP_STATE_DIR")
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_state_dir("boxup", appauthor=False)) / "uploads"


@attrs.frozen
class Destination:
    """Where the upload goes: a new file in ``folder_id``, or a new version of ``file_id``."""

    folder_id: str | None
    file_id: str | None
    name: str | None  # None for a new version: keep the file's current name

    def describe(self) -> str:
        return f"new version of file {self.file_id}" if self.file_id else f"new file in folder {self.folder_id}"


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

    def to_json(self) -> dict[str, Any]:
        return {"version": RECORD_VERSION, **attrs.asdict(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> UploadRecord:
        if data.get("version") != RECORD_VERSION:
            raise ValueError(f"unknown record version {data.get('version')!r}")
        return cls(
            session_id=str(data["session_id"]),
            session_endpoints={str(k): str(v) for k, v in dict(data["session_endpoints"]).items()},
            part_size=int(data["part_size"]),
            total_parts=int(data["total_parts"]),
            expires_at=data.get("expires_at"),
            destination=Destination(**data["destination"]),
            source=SourceIdentity(**data["source"]),
            upload_url=str(data["upload_url"]),
            content_modified_at=data.get("content_modified_at"),
        )


class StateStore:
    """The directory of resume records. Unreadable or foreign files in it are ignored, never fatal."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_state_dir()

    def _path(self, session_id: str) -> Path:
        if not session_id.isalnum():
            raise ValueError(f"not a session id: {session_id!r}")
        return self.directory / f"{session_id}.json"

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
            return UploadRecord.from_json(json.loads(self._path(session_id).read_text()))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def remove(self, session_id: str) -> None:
        with contextlib.suppress(FileNotFoundError, ValueError):
            self._path(session_id).unlink()

    def records(self) -> Iterator[UploadRecord]:
        if not self.directory.is_dir():
            return
        for path in sorted(self.directory.glob("*.json")):
            if path.name.startswith(".tmp-"):
                self._sweep(path)
                continue
            record = self.load(path.stem)
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
