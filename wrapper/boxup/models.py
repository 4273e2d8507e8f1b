"""boxup's own value objects. The gateway builds them from Box's answers and checks them on the way in (the
generated models accept anything: every field may be UNSET), so the engine can trust them."""

from __future__ import annotations

from typing import Any

import attrs

from .errors import ResponseError
from .parts import Part


@attrs.frozen
class SessionInfo:
    """An upload session as Box described it, checked by the gateway."""

    id: str
    part_size: int
    total_parts: int
    endpoints: dict[str, str]
    expires_at: str | None
    num_parts_processed: int | None = None


@attrs.frozen
class PartRecord:
    """A part the server holds, as commit must list it."""

    part_id: str
    offset: int
    size: int
    sha1: str  # lowercase hex

    def matches(self, part: Part, sha1_hex: str) -> bool:
        return self.offset == part.offset and self.size == part.size and self.sha1 == sha1_hex


@attrs.frozen
class UploadedFile:
    """The file as Box committed it. ``raw`` is Box's JSON for it, unchanged; ``model`` the typed view of it
    (a ``boxup_api.models.FileFull``)."""

    id: str
    name: str | None
    size: int | None
    sha1: str | None
    version_id: str | None
    raw: dict[str, Any] = attrs.field(repr=False)
    model: Any = attrs.field(repr=False)


@attrs.frozen
class BoxItem:
    """A file or folder as a folder listing names it; ``sha1`` only for files. ``raw`` is Box's JSON."""

    type: str
    id: str
    name: str
    sha1: str | None = None
    size: int | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False)

    @classmethod
    def from_json(cls, raw: Any) -> BoxItem:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not isinstance(raw.get("name"), str):
            raise ResponseError(f"a folder item without an id and a name: {str(raw)[:120]}")
        sha1, size = raw.get("sha1"), raw.get("size")
        return cls(
            type=str(raw.get("type")),
            id=raw["id"],
            name=raw["name"],
            sha1=sha1.lower() if isinstance(sha1, str) else None,
            size=size if isinstance(size, int) else None,
            raw=raw,
        )
