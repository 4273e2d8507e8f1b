"""The one failure policy of the derive tooling: a problem the maintainer must act on, in at most three lines.

Everything that can go wrong while deriving (a missing upstream file, an operation Box moved, a correction whose
place is gone, a check that fails, an invalid result) becomes a ``SpecProblem``; ``derive.py`` prints it without a
traceback and exits 1, and nothing under ``openapi/`` is written.
"""

from __future__ import annotations

from typing import Any


class SpecProblem(Exception):
    """What broke and what to do about it; ``lines`` is at most three lines of text."""

    def __init__(self, what: str, *detail: str) -> None:
        lines = [what, *detail][:3]
        super().__init__("\n".join(" ".join(line.split()) for line in lines))


class Missing(LookupError):
    """A lookup in the spec found nothing; ``what`` says what was looked for, in the maintainer's terms."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def at(node: Any, *keys: str, where: str) -> Any:
    """``node[k1][k2]...``, or ``Missing`` naming the first key not found under ``where``."""
    seen = where
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            raise Missing(f"{seen} has no {key!r}")
        node = node[key]
        seen = f"{seen}.{key}"
    return node
