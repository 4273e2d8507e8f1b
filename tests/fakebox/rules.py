"""Box's rules shared by several operations: names, sizes, sessions, digests, timestamps (BOX-UPLOADS.md 4)."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import datetime
from typing import Any, TypeGuard

from .errors import BoxError
from .ids import SESSION_ID_RE
from .state import FileEntry, Folder, Session, State, User, now

MAX_NAME = 255
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DIGEST_ITEM = re.compile(r"^\s*([A-Za-z0-9-]+)\s*=\s*(.*?)\s*$")
DIGEST_SIZES = {"sha": 20, "sha-256": 32}


def check_name(name: Any, *, missing_code: str = "bad_request") -> str:
    """400 item_name_invalid / item_name_too_long for names Box refuses (4.15)."""
    if name is None:
        raise BoxError(400, missing_code, "A file name is required")
    if not isinstance(name, str):
        raise BoxError(400, "item_name_invalid", "The name must be a string")
    if len(name) > MAX_NAME:
        raise BoxError(400, "item_name_too_long", f"Item name is longer than {MAX_NAME} characters")
    if (
        not name
        or name in {".", ".."}
        or "/" in name
        or "\\" in name
        or name != name.strip(" ")
        or _CONTROL.search(name)
        or not name.isprintable()
    ):
        raise BoxError(400, "item_name_invalid", "Item name invalid")
    return name


def find_item_by_name(
    state: State, folder_id: str, name: str, *, exclude: str | None = None
) -> Folder | FileEntry | None:
    """The file or subfolder of that name: one name space per folder, compared case-insensitively (4.15)."""
    folded = name.casefold()
    for folder in state.folders.values():
        if folder.parent_id == folder_id and folder.name.casefold() == folded:
            return folder
    return state.find_by_name(folder_id, name, exclude=exclude)


def check_no_conflict(state: State, folder_id: str, name: str, *, exclude: str | None = None) -> None:
    """409 item_name_in_use, naming the existing file (or folder) as one object (4.12)."""
    existing = find_item_by_name(state, folder_id, name, exclude=exclude)
    if existing is not None:
        conflict = existing.mini() if isinstance(existing, Folder) else state.conflict_json(existing)
        raise BoxError(
            409,
            "item_name_in_use",
            "Item with the same name already exists",
            context_info={"conflicts": conflict},
        )


def check_size(state: State, size: int, *, replacing: int = 0) -> None:
    settings = state.settings
    if size > settings.max_file_size:
        raise BoxError(403, "file_size_limit_exceeded", "File size exceeds the folder owner's file size limit")
    if settings.storage_quota is not None and state.used_bytes() - replacing + size > settings.storage_quota:
        raise BoxError(403, "storage_limit_exceeded", "Account storage limit reached")


def find_file(state: State, file_id: str, user: User | None = None) -> FileEntry:
    """The file, or Box's 404 when it does not exist or ``user`` cannot see it (another user's tree)."""
    entry = state.files.get(file_id)
    if entry is None or (user is not None and not state.can_see(user, entry)):
        raise BoxError(404, "not_found", "Not Found", context_info={"errors": [_not_found_reason("file", file_id)]})
    return entry


def _not_found_reason(kind: str, ident: str) -> dict[str, str]:
    return {"reason": "invalid_parameter", "name": f"{kind}_id", "message": f"Invalid value '{ident}'."}


def find_session(state: State, session_id: str, user: User, *, committed_ok: bool = True) -> Session:
    """The session, or the error Box gives: 400 malformed id, 404 unknown, 410 expired, 403 someone else's."""
    if not SESSION_ID_RE.match(session_id):
        raise BoxError(400, "invalid_upload_session_id", "The upload session ID is invalid")
    session = state.sessions.get(session_id)
    if session is None:
        raise BoxError(404, "not_found", "Could not find the specified resource")
    if session.expires_at <= now():
        raise BoxError(410, "session_expired", "The upload session has expired")
    if session.owner.id != user.id:
        raise BoxError(403, "forbidden", "Only the user who created the upload session can use it")
    if not committed_ok and session.committed_file_id is not None:
        raise BoxError(400, "bad_request", "The upload session has already been committed")
    return session


def parse_digest(value: str | None, *, allowed: set[str]) -> dict[str, bytes]:
    """RFC 3230 ``Digest``: ``sha=<base64>`` (token case-insensitive), possibly with others, comma-separated."""
    if not value:
        raise BoxError(400, "bad_request", "The Digest header is required, as sha=<base64 SHA-1>")
    found: dict[str, bytes] = {}
    for item in value.split(","):
        match = _DIGEST_ITEM.match(item)
        if not match:
            raise BoxError(400, "bad_request", f"Malformed Digest header: {value!r}")
        algo = match.group(1).lower()
        if algo not in allowed:
            continue
        try:
            raw = base64.b64decode(match.group(2), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise BoxError(400, "bad_request", f"The {algo} digest is not base64") from exc
        if len(raw) != DIGEST_SIZES[algo]:
            raise BoxError(400, "bad_request", f"The {algo} digest has the wrong length")
        found[algo] = raw
    if not found:
        raise BoxError(400, "bad_request", f"The Digest header has no supported algorithm ({', '.join(allowed)})")
    return found


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def parse_time(value: Any, field: str) -> float:
    if not isinstance(value, str):
        raise BoxError(400, "bad_request", f"{field} must be an RFC 3339 timestamp")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise BoxError(400, "bad_request", f"{field} must be an RFC 3339 timestamp") from exc
    if parsed.tzinfo is None:
        raise BoxError(400, "bad_request", f"{field} must carry a time zone offset")
    return parsed.timestamp()


def file_attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    """The file attributes a direct upload or a commit carries, checked. A null member means "not given": the
    legacy SDK sends ``"content_created_at": null`` and real Box accepts it (its own integration tests do)."""
    given = {k: v for k, v in attributes.items() if v is not None}
    checked: dict[str, Any] = {}
    if "name" in given:
        checked["name"] = check_name(given["name"])
    for field in ("content_modified_at", "content_created_at"):
        if field in given:
            checked[field] = parse_time(given[field], field)
    if "description" in given:
        if not isinstance(given["description"], str):
            raise BoxError(400, "bad_request", "description must be a string")
        checked["description"] = given["description"]
    return checked


def non_negative_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
