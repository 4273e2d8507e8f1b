"""The shapes of the identifiers boxup puts into URLs and file names: Box ids (folders, files, users,
enterprises) and upload session ids. Checked as ASCII: ``str.isdigit`` and ``str.isalnum`` also accept other
scripts' digits and letters (``"١٢٣".isdigit()`` is True), which Box never issues and a URL must not carry."""

from __future__ import annotations

from typing import TypeGuard

from .errors import InputError

MAX_ID_DIGITS = 32  # Box's ids are far shorter; a longer run of digits is a mistake, not an id


def is_box_id(value: object) -> TypeGuard[str]:
    """A folder, file, user or enterprise id: 1 to 32 ASCII digits."""
    return isinstance(value, str) and 0 < len(value) <= MAX_ID_DIGITS and value.isascii() and value.isdigit()


def is_session_id(value: object) -> TypeGuard[str]:
    """An upload session id: ASCII letters and digits only (it becomes a URL segment and a record's file name)."""
    return isinstance(value, str) and value.isascii() and value.isalnum()


def check_id(kind: str, value: object) -> str:
    """``value`` if it is a Box id, else InputError naming ``kind`` ("folder", "file", "As-User user")."""
    if not is_box_id(value):
        raise InputError(f"{kind} id must be a string of digits, got {value!r}")
    return value


def check_session_id(value: object) -> str:
    if not is_session_id(value):
        raise InputError(f"not a session id: {value!r}")
    return value
