"""boxup's own value objects. The gateway builds them from Box's answers and checks them on the way in (the
generated models accept anything: every field may be UNSET), so the engine can trust them."""

from __future__ import annotations

from typing import Any

import attrs

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
