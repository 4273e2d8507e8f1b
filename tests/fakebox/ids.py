"""Identifiers shaped like Box's, so clients that parse or validate them meet the real formats (BOX-UPLOADS.md 3)."""

from __future__ import annotations

import itertools
import re
import secrets

SESSION_ID_RE = re.compile(r"^[0-9A-F]{32}$")


def session_id() -> str:
    """32 uppercase hex digits, e.g. F971964745A5CD0C001BBE4E58196BFD."""
    return secrets.token_hex(16).upper()


def part_id() -> str:
    """8 uppercase hex digits, e.g. 6F2D3486."""
    return secrets.token_hex(4).upper()


def request_id() -> str:
    return secrets.token_hex(16)


def access_token() -> str:
    return secrets.token_urlsafe(24)


class Counter:
    """Numeric string ids from a starting value, like Box's file and version ids."""

    def __init__(self, start: int) -> None:
        self._next = itertools.count(start)

    def __call__(self) -> str:
        return str(next(self._next))
