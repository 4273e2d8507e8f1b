"""The shapes of what boxup puts into URLs, file names and Box items: Box ids (folders, files, users,
enterprises), upload session ids and item names. Ids are checked as ASCII: ``str.isdigit`` and ``str.isalnum``
also accept other scripts' digits and letters (``"١٢٣".isdigit()`` is True), which Box never issues and a URL
must not carry."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeGuard

from .errors import InputError

MAX_ID_DIGITS = 32  # Box's ids are far shorter; a longer run of digits is a mistake, not an id
MAX_NAME = 255

# Box's rules for item names (BOX-UPLOADS.md 4.15): a test that fails, and what to tell the user.
_NAME_RULES: tuple[tuple[Callable[[str], bool], str], ...] = (
    (lambda n: not n, "the name is empty"),
    (lambda n: len(n) > MAX_NAME, "the name {name!r} is {length} characters long; Box allows at most 255"),
    (lambda n: n in (".", ".."), "{name!r} is not a name Box accepts"),
    (lambda n: "/" in n or "\\" in n, "the name {name!r} contains a slash; Box does not allow / or \\ in names"),
    (lambda n: n != n.strip(" "), "the name {name!r} starts or ends with a space, which Box does not allow"),
    (lambda n: not n.isprintable(), "the name {name!r} contains non-printable characters"),
)


def name_problem(name: str) -> str | None:
    """Why Box would refuse ``name`` as an item name, or None when it is fine."""
    for broken, message in _NAME_RULES:
        if broken(name):
            return message.format(name=name, length=len(name))
    return None


def check_name(name: str) -> str:
    """``name`` if Box accepts it as an item name, else InputError; checked before anything is sent."""
    if (problem := name_problem(name)) is not None:
        raise InputError(problem)
    return name


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
