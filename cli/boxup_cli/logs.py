"""The ``-v`` debug log on stderr: boxup's own log (each HTTP exchange with its timing and Box request id) and
ours (parts, commits), with every known secret and anything token-shaped scrubbed from each line.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable

from boxup.text import one_line

LOG = logging.getLogger("boxup_cli")
LOGGERS = ("boxup_cli", "boxup")  # ours, and the library's (one line per HTTP exchange)

# Token-shaped things, in case one ever reaches a message: "Bearer x", access_token=x, "client_secret": "x".
_PATTERNS = (
    re.compile(r"(?i)(bearer\s+)[^\s\"',;]+"),
    re.compile(r"(?i)((?:access_token|refresh_token|client_secret)[\"']?\s*[:=]\s*[\"']?)[^\s\"'&,;}]+"),
)
_secrets: set[str] = set()


def register_secrets(values: Iterable[str]) -> None:
    """Remember secrets this process holds, so every line we print is scrubbed of them."""
    _secrets.update(v for v in values if len(v) >= 4)  # a shorter "secret" would blank ordinary words


def redact(text: str) -> str:
    for secret in _secrets:
        text = text.replace(secret, "<redacted>")
    for pattern in _PATTERNS:
        text = pattern.sub(r"\1<redacted>", text)
    return text


def say(text: str, prefix: str = "boxup: ") -> None:
    """One line on stderr, scrubbed: how every message the CLI writes itself reaches the user."""
    sys.stderr.write(f"{prefix}{line(text)}\n")
    sys.stderr.flush()


def line(text: str) -> str:
    """``text`` as one scrubbed line, for writers of their own (the Rich console above a bar)."""
    return redact(one_line(text))


class _Redactor(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True


class _StderrHandler(logging.Handler):
    """Writes to whatever ``sys.stderr`` is now: the progress bar swaps it to print lines above itself."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except (OSError, ValueError):  # stderr closed: a log line is not worth a crash
            pass


_handler = _StderrHandler()
_handler.addFilter(_Redactor())
_DEBUG = logging.Formatter("debug %(relativeCreated)8.0fms %(message)s")
_PLAIN = logging.Formatter("boxup: %(levelname)s: %(message)s")


def setup(verbose: bool) -> None:
    """Debug logging with ``-v``; otherwise warnings only, still through the redactor (Python's last-resort
    handler would print them unscrubbed). Safe to call again: the tests run many commands in one process."""
    _handler.setFormatter(_DEBUG if verbose else _PLAIN)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
        if _handler not in logger.handlers:
            logger.addHandler(_handler)
