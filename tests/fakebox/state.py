"""What the emulated Box account holds: folders, files and their versions, upload sessions, tokens, stored chunks.

Everything here is touched only from the server's event loop, so it needs no locks; the one long operation per
session (commit) is serialised by the session's own asyncio lock.
"""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from . import ids
from .faults import FaultEngine
from .ratelimit import RateLimiter
from .settings import MiB, Settings
from .storage import Segment, Storage, assemble, link_segments, write_seed
from .telemetry import Telemetry
from .validation import SpecValidator
from .wan import Pacer

STATIC_TOKEN = "fakebox-token"
CLIENT_ID = "fakebox-client"
CLIENT_SECRET = "fakebox-secret"
ROOT_FOLDER_ID = "0"
SEED_FILE_ID = "12345"
SEED_FILE_NAME = "Project.mov"
SEED_FILE_SIZE = 1 * MiB
SEED_CONTENT_SEED = 12345
# Box renders times in the enterprise's zone; a non-UTC offset catches clients that drop it.
BOX_ZONE = timezone(timedelta(hours=-8))


def now() -> float:
    return time.time()


def box_time(ts: float) -> str:
    return datetime.fromtimestamp(int(ts), BOX_ZONE).isoformat()


def utc_z(ts: float) -> str:
    return datetime.fromtimestamp(int(ts), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class User:
    id: str
    name: str
    login: str

    def mini(self) -> dict[str, Any]:
        return {"type": "user", "id": self.id, "name": self.name, "login": self.login}


DEFAULT_USER = User("20000001", "Fakebox Service Account", "fakebox@example.com")


@dataclass
class Folder:
    id: str
    name: str
    parent_id: str | None
    created_at: float = field(default_factory=now)
    # The managed user whose tree this is; None: the service account's tree (folder 0 and below).
    owner_id: str | None = None

    def mini(self) -> dict[str, Any]:
        if self.parent_id is None:  # every user's root is folder 0 to that user
            return {"type": "folder", "id": ROOT_FOLDER_ID, "sequence_id": None, "etag": None, "name": self.name}
        return {"type": "folder", "id": self.id, "sequence_id": "0", "etag": "0", "name": self.name}


@dataclass
class Chunk:
    """A run of stored bytes the plan endpoint may offer as a hit; its SHA-512 is computed only when asked."""

    owner_id: str
    segment: Segment
    sha512: str | None = None


@dataclass
class Version:
    id: str
    sha1: str
    size: int
    segments: list[Segment]
    created_at: float
    chunks: list[Chunk] = field(default_factory=list)

    def mini(self) -> dict[str, Any]:
        return {"type": "file_version", "id": self.id, "sha1": self.sha1}


@dataclass
class FileEntry:
    id: str
    name: str
    folder_id: str
    owner: User
    created_at: float
    modified_at: float
    content_created_at: float
    content_modified_at: float
    versions: list[Version]
    version_number: int = 1
    etag: int = 0
    description: str = ""

    @property
    def current(self) -> Version:
        return self.versions[-1]


@dataclass
class Part:
    part_id: str
    offset: int
    size: int
    sha1: str
    chunk: Chunk

    def record(self) -> dict[str, Any]:
        return {"part_id": self.part_id, "offset": self.offset, "size": self.size, "sha1": self.sha1}


@dataclass
class Hit:
    """A chunk the plan endpoint promised; the commit may reference it by part_id instead of an uploaded part."""

    part_id: str
    offset: int
    size: int
    sha512: str
    segments: list[Segment]


@dataclass
class Assembly:
    """The parts a commit listed, in order, and the whole-file SHA-1 being computed over them."""

    key: tuple[tuple[str, int, int], ...]
    segments: list[Segment]
    task: asyncio.Task[str]


@dataclass
class Session:
    id: str
    owner: User
    folder_id: str | None
    file_id: str | None
    file_name: str | None
    file_size: int
    part_size: int
    total_parts: int
    created_at: float
    expires_at: float
    dir: Path
    parts: dict[int, Part] = field(default_factory=dict)
    hits: dict[str, Hit] = field(default_factory=dict)
    pins: dict[Path, Path] = field(default_factory=dict)
    commit_attempts: int = 0
    accepted_polls: int = 0
    mismatches_sent: int = 0
    assembly: Assembly | None = None
    committed_file_id: str | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def expected_size(self, offset: int) -> int:
        return min(self.part_size, self.file_size - offset)

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "owner_id": self.owner.id,
            "folder_id": self.folder_id,
            "file_id": self.file_id,
            "file_name": self.file_name,
            "file_size": self.file_size,
            "part_size": self.part_size,
            "total_parts": self.total_parts,
            "parts": [p.record() for p in sorted(self.parts.values(), key=lambda p: p.offset)],
            "hits": [{"part_id": h.part_id, "offset": h.offset, "size": h.size} for h in self.hits.values()],
            "commit_attempts": self.commit_attempts,
            "committed_file_id": self.committed_file_id,
            "expires_at": self.expires_at,
        }


@dataclass
class Token:
    user: User
    expires_at: float
    may_act_as: bool = True  # the app may send As-User (JWT apps without the capability get False)


class State:
    def __init__(self, storage: Storage, validator: SpecValidator | None = None) -> None:
        self.storage = storage
        self.validator = validator or SpecValidator()
        self.settings = Settings()
        self._total_pacer: Pacer | None = None
        self.telemetry = Telemetry()
        self.faults = FaultEngine()
        self.rate_limiter = RateLimiter()
        self.folders: dict[str, Folder] = {}
        self.files: dict[str, FileEntry] = {}
        self.sessions: dict[str, Session] = {}
        self.chunks_by_size: dict[int, list[Chunk]] = {}
        self.digest_cache: dict[tuple[tuple[str, int, int], ...], str] = {}
        self.tokens: dict[str, Token] = {}
        self.refresh_tokens: dict[str, Token] = {}
        self.users: dict[str, User] = {DEFAULT_USER.id: DEFAULT_USER}
        self.roots: dict[str, str] = {}  # managed user id -> the id of their own root folder
        self.jtis: dict[str, float] = {}  # JWT ids already used -> their exp
        self.new_file_id = ids.Counter(1_400_000_000_001)
        self.new_version_id = ids.Counter(1_500_000_000_001)
        self.new_folder_id = ids.Counter(1_600_000_000_001)
        self.generation = 0
        self.reset()

    # --- lifecycle ---
    def reset(self, settings: dict[str, Any] | None = None) -> None:
        fresh = Settings()
        fresh.update(settings or {})
        self.settings = fresh
        self.generation += 1
        self.telemetry.reset(self.settings.request_log_limit)
        self.faults.clear()
        self.rate_limiter.reset()
        self.folders = {ROOT_FOLDER_ID: Folder(ROOT_FOLDER_ID, "All Files", None)}
        self.files = {}
        self.sessions = {}
        self.chunks_by_size = {}
        self.digest_cache = {}
        self.tokens = {}
        self.refresh_tokens = {}
        self.users = {DEFAULT_USER.id: DEFAULT_USER}
        self.roots = {}
        self.jtis = {}
        self.storage.reset()
        self._seed()
        from .identity import seed_managed_users  # identity imports state

        seed_managed_users(self)

    def _seed(self) -> None:
        path = self.storage.incoming()
        sha1 = write_seed(path, SEED_FILE_SIZE, SEED_CONTENT_SEED)
        t = now()
        version = self.version_from_file(path, sha1, SEED_FILE_SIZE)
        self.files[SEED_FILE_ID] = FileEntry(
            SEED_FILE_ID, SEED_FILE_NAME, ROOT_FOLDER_ID, DEFAULT_USER, t, t, t, t, [version]
        )

    # --- versions ---
    def version_from_file(self, path: Path, sha1: str, size: int) -> Version:
        """A version made of one file that just arrived (moved, not copied, into the version's directory)."""
        version_id = self.new_version_id()
        kept = self.storage.version_dir(version_id) / "000000.seg"
        os.replace(path, kept)
        return Version(version_id, sha1, size, [Segment(kept, 0, size)], now())

    def version_from_segments(self, segments: list[Segment], sha1: str, size: int) -> Version:
        """A version made of stored parts, hard-linked so the session's files can go."""
        version_id = self.new_version_id()
        linked = link_segments(segments, self.storage.version_dir(version_id))
        return Version(version_id, sha1, size, linked, now())

    def materialize(self, version: Version) -> Path:
        """The version as a single file, assembled on first request when it is made of several parts."""
        first = version.segments[0] if len(version.segments) == 1 else None
        if first is not None and first.offset == 0 and first.path.stat().st_size == version.size:
            return first.path
        whole = self.storage.version_dir(version.id) / "whole.bin"
        if not whole.exists():
            assemble(version.segments, whole)
        return whole

    @property
    def total_pacer(self) -> Pacer | None:
        """One pacer shared by every request while a total bandwidth cap is set."""
        rate = self.settings.total_bandwidth
        if not rate:
            self._total_pacer = None
        elif self._total_pacer is None or self._total_pacer.rate != rate:
            self._total_pacer = Pacer(rate)
        return self._total_pacer

    # --- managed users and what each may see ---
    def add_managed_user(self, user: User) -> Folder:
        root = Folder(self.new_folder_id(), "All Files", None, owner_id=user.id)
        self.folders[root.id] = root
        self.users[user.id] = user
        self.roots[user.id] = root.id
        return root

    def resolve_folder(self, user: User, folder_id: str) -> str | None:
        """The folder ``folder_id`` means to ``user`` (0 is their own root), or None when they cannot see it."""
        own = self.roots.get(user.id)
        if folder_id == ROOT_FOLDER_ID:
            return own or ROOT_FOLDER_ID
        folder = self.folders.get(folder_id)
        if folder is None or folder.owner_id != (user.id if own else None):
            return None
        return folder_id

    def can_see(self, user: User, entry: FileEntry) -> bool:
        return self.resolve_folder(user, entry.folder_id) == entry.folder_id

    # --- lookups ---
    def find_by_name(self, folder_id: str, name: str, *, exclude: str | None = None) -> FileEntry | None:
        """Box compares names in a folder case-insensitively (BOX-UPLOADS.md 4.15)."""
        folded = name.casefold()
        for entry in self.files.values():
            if entry.folder_id == folder_id and entry.name.casefold() == folded and entry.id != exclude:
                return entry
        return None

    def ancestry(self, folder_id: str) -> list[Folder]:
        """The folders from the root down to ``folder_id``, as Box lists them in path_collection."""
        chain: list[Folder] = []
        current: str | None = folder_id
        while current is not None:
            folder = self.folders[current]
            chain.append(folder)
            current = folder.parent_id
        return chain[::-1]

    def used_bytes(self) -> int:
        return sum(v.size for f in self.files.values() for v in f.versions)

    # --- chunk index for plan hits ---
    def index_chunk(self, chunk: Chunk) -> None:
        self.chunks_by_size.setdefault(chunk.segment.size, []).append(chunk)

    def unindex_chunks(self, chunks: list[Chunk]) -> None:
        doomed = {id(c) for c in chunks}
        for size in {c.segment.size for c in chunks}:
            kept = [c for c in self.chunks_by_size.get(size, []) if id(c) not in doomed]
            if kept:
                self.chunks_by_size[size] = kept
            else:
                self.chunks_by_size.pop(size, None)

    # --- files ---
    def add_version(self, entry: FileEntry, version: Version) -> None:
        entry.versions.append(version)
        entry.version_number += 1
        entry.etag += 1
        while len(entry.versions) > self.settings.versions_kept:
            old = entry.versions.pop(0)
            self.unindex_chunks(old.chunks)
            self.storage.drop_version(old.id)

    def drop_session(self, session: Session) -> None:
        self.sessions.pop(session.id, None)
        if session.committed_file_id is None:
            self.unindex_chunks([p.chunk for p in session.parts.values()])
        self.storage.drop_session(session.id)

    def file_json(self, entry: FileEntry, fields: list[str] | None = None) -> dict[str, Any]:
        version = entry.current
        folder = self.folders[entry.folder_id]
        path = [f.mini() for f in self.ancestry(entry.folder_id)]
        full: dict[str, Any] = {
            "type": "file",
            "id": entry.id,
            "etag": str(entry.etag),
            "sequence_id": str(entry.etag),
            "name": entry.name,
            "sha1": version.sha1,
            "file_version": version.mini(),
            "description": entry.description,
            "size": version.size,
            "path_collection": {"total_count": len(path), "entries": path},
            "created_at": box_time(entry.created_at),
            "modified_at": box_time(entry.modified_at),
            "trashed_at": None,
            "purged_at": None,
            "content_created_at": box_time(entry.content_created_at),
            "content_modified_at": box_time(entry.content_modified_at),
            "created_by": entry.owner.mini(),
            "modified_by": entry.owner.mini(),
            "owned_by": entry.owner.mini(),
            "parent": folder.mini(),
            "item_status": "active",
            "version_number": str(entry.version_number),
            "comment_count": 0,
            "extension": entry.name.rsplit(".", 1)[1] if "." in entry.name.strip(".") else "",
            "is_package": False,
        }
        if fields:
            keep = {"type", "id", "etag"} | set(fields)
            return {k: v for k, v in full.items() if k in keep}
        return full

    def conflict_json(self, entry: FileEntry) -> dict[str, Any]:
        return {
            "type": "file",
            "id": entry.id,
            "sequence_id": str(entry.etag),
            "etag": str(entry.etag),
            "sha1": entry.current.sha1,
            "name": entry.name,
            "file_version": entry.current.mini(),
        }
