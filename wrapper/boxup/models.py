"""boxup's own value objects, checked on the way in so the engine can trust them.

The generated models accept anything (every field may be UNSET); these refuse a session or part record that is
missing what the upload depends on, with a ``ResponseError`` naming the field.
"""

from __future__ import annotations

import json
import math
from typing import Any

import attrs
from boxup_api.models import FileFull, UploadPart, UploadSession
from boxup_api.types import Unset

from .errors import ResponseError
from .parts import Part


def _need(value: object, kind: type, what: str) -> Any:
    if isinstance(value, Unset) or not isinstance(value, kind) or isinstance(value, bool):
        raise ResponseError(f"the server's {what} is missing or not a {kind.__name__}")
    return value


@attrs.frozen
class SessionInfo:
    id: str
    part_size: int
    total_parts: int
    endpoints: dict[str, str]
    expires_at: str | None

    @classmethod
    def from_model(cls, model: UploadSession, file_size: int) -> SessionInfo:
        session_id = _need(model.id, str, "session id")
        if not session_id.isalnum():
            raise ResponseError(f"the server's session id is not alphanumeric: {session_id[:40]!r}")
        part_size = _need(model.part_size, int, "part_size")
        if part_size <= 0:
            raise ResponseError(f"the server chose an impossible part size ({part_size})")
        total_parts = _need(model.total_parts, int, "total_parts")
        if total_parts != math.ceil(file_size / part_size):
            raise ResponseError(
                f"the server's total_parts ({total_parts}) does not fit {file_size} bytes in parts of {part_size}"
            )
        endpoints: dict[str, str] = {}
        if not isinstance(model.session_endpoints, Unset):
            raw = model.session_endpoints.to_dict()
            endpoints = {k: v for k, v in raw.items() if isinstance(v, str)}
        expires = model.session_expires_at
        return cls(
            session_id, part_size, total_parts, endpoints, None if isinstance(expires, Unset) else expires.isoformat()
        )


@attrs.frozen
class PartRecord:
    """A part the server holds, as commit must list it."""

    part_id: str
    offset: int
    size: int
    sha1: str  # lowercase hex

    @classmethod
    def from_model(cls, model: UploadPart) -> PartRecord:
        sha1 = _need(model.sha1, str, "part sha1").lower()
        return cls(
            _need(model.part_id, str, "part_id"),
            _need(model.offset, int, "part offset"),
            _need(model.size, int, "part size"),
            sha1,
        )

    def matches(self, part: Part, sha1_hex: str) -> bool:
        return self.offset == part.offset and self.size == part.size and self.sha1 == sha1_hex

    def to_model(self) -> UploadPart:
        return UploadPart(part_id=self.part_id, offset=self.offset, size=self.size, sha1=self.sha1)


@attrs.frozen
class UploadedFile:
    """The file as Box committed it. ``raw`` is Box's JSON for it, unchanged; ``model`` the typed view of it."""

    id: str
    name: str | None
    size: int | None
    sha1: str | None
    version_id: str | None
    raw: dict[str, Any] = attrs.field(repr=False)
    model: FileFull = attrs.field(repr=False)

    @classmethod
    def from_files_body(cls, content: bytes, model: FileFull) -> UploadedFile:
        """From a ``Files`` answer (commit, direct upload): the first entry is the file."""
        try:
            entries = json.loads(content)["entries"]
            raw = entries[0] if isinstance(entries, list) and entries else {}
        except (ValueError, KeyError, TypeError, RecursionError):
            raw = {}
        return cls.from_model(raw if isinstance(raw, dict) else {}, model)

    @classmethod
    def from_file_body(cls, content: bytes, model: FileFull) -> UploadedFile:
        """From a single file's JSON (GET /files/{id})."""
        try:
            raw = json.loads(content)
        except (ValueError, RecursionError):
            raw = {}
        return cls.from_model(raw if isinstance(raw, dict) else {}, model)

    @classmethod
    def from_model(cls, raw: dict[str, Any], model: FileFull) -> UploadedFile:
        version = model.file_version
        return cls(
            id=_need(model.id, str, "file id"),
            name=model.name if isinstance(model.name, str) else None,
            size=model.size if isinstance(model.size, int) else None,
            sha1=model.sha1.lower() if isinstance(model.sha1, str) else None,
            version_id=None if isinstance(version, Unset) or not isinstance(version.id, str) else version.id,
            raw=raw,
            model=model,
        )
