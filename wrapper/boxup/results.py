"""What a tree upload returns: one frozen result per file, its JSON Lines object, and a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from .models import UploadedFile
from .text import one_line

Status = Literal["uploaded", "version", "identical", "skipped", "failed"]
STATUSES: tuple[Status, ...] = ("uploaded", "version", "identical", "skipped", "failed")
IfExists = Literal["fail", "skip", "version"]  # what a tree does with a name already in its folder
IF_EXISTS: tuple[IfExists, ...] = ("fail", "skip", "version")


@attrs.frozen
class FileResult:
    """One file of a tree: where it goes (relative to the target folder), what happened, Box's file, the error."""

    path: str
    status: Status
    file: UploadedFile | None = None
    error: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        if (self.status == "failed") != (self.error is not None):
            raise ValueError("a failed result carries a one-line error, and only a failed one")

    @property
    def done(self) -> bool:
        """Counts toward exit 0: the bytes are there, or the user asked to leave what was there."""
        return self.status != "failed"

    def to_json(self) -> dict[str, Any]:
        """The JSON Lines object of ``boxup upload --json``: Box's JSON for the file, unchanged, or null."""
        error = None if self.error is None else one_line(self.error)
        return {"path": self.path, "status": self.status, "file": self.file.raw if self.file else None, "error": error}


@attrs.frozen
class TreeSummary:
    counts: dict[str, int]
    failed: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.failed

    def line(self) -> str:
        """One line for the end of a run, naming the failed files."""
        total = sum(self.counts.values())
        parts = [f"{self.counts[s]} {s}" for s in STATUSES if self.counts.get(s)]
        text = f"{total} files: " + (", ".join(parts) if parts else "nothing to do")
        if self.failed:
            text += "; failed: " + ", ".join(_shown(p) for p in self.failed)
        return text


def _shown(path: str) -> str:
    """A path as the summary line names it: quoted when spaces at its ends or a comma would otherwise be lost."""
    return repr(path) if path != path.strip() or "," in path else path


def summarize(results: Iterable[FileResult]) -> TreeSummary:
    results = list(results)
    counts: Counter[str] = Counter(r.status for r in results)
    return TreeSummary(dict(counts), tuple(r.path for r in results if r.status == "failed"))
