"""Server text shown to a user, and the redirect refusal: light enough for the CLI's error table to import
without the HTTP stack (``bounded`` holds the transport that raises it)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .errors import ResponseError

SHOWN_CHARS = 300
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


class RedirectRefused(ResponseError):
    """Box (or something in between) answered with a redirect, which boxup does not follow."""

    def __init__(self, status: int, location: str | None) -> None:
        self.status = status
        self.location = location
        host = urlsplit(location).hostname if location else None
        where = f"a redirect to {shown(host)}" if host else "a redirect (HTTP {status}) with no target"
        super().__init__(f"Box answered with {where.format(status=status)}, which boxup does not follow")


def one_line(text: str) -> str:
    """Whitespace runs (newlines included) as one space: a message is one line, so a log grep or a cron mail shows
    the whole story."""
    return " ".join(text.split())


def shown(text: str, limit: int = SHOWN_CHARS) -> str:
    """Server text as one line a terminal cannot be tricked by: control and bidi characters become spaces,
    runs of space collapse, and anything past ``limit`` characters is cut with an ellipsis."""
    flat = one_line(_CONTROL.sub(" ", text))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
