"""What the reliability run found, gathered while the tests run and printed (and written to RESULTS.md) at the end."""

from __future__ import annotations

import datetime as dt
import platform
from dataclasses import dataclass, field
from pathlib import Path

GREEN = ("ok", "ok:err", "ok:kept")


@dataclass
class Cell:
    row: str
    column: str
    outcome: str  # "ok" identical bytes | "ok:err" documented error, clean | "ok:kept" kept, resumed | "RED..." | "n/a"
    detail: str = ""
    seconds: float = 0.0
    known_defect: str | None = None

    @property
    def green(self) -> bool:
        return self.outcome in GREEN or self.outcome == "n/a"


@dataclass
class Results:
    profile: str = "quick"
    cells: list[Cell] = field(default_factory=list)
    specials: list[Cell] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)  # title -> markdown lines
    started: float = 0.0
    finished: float = 0.0

    def add_section(self, title: str, lines: list[str]) -> None:
        self.sections[title] = lines

    # --- rendering --------------------------------------------------------------------------------------------

    def matrix_lines(self) -> list[str]:
        if not self.cells:
            return []
        rows = list(dict.fromkeys(c.row for c in self.cells))
        columns = list(dict.fromkeys(c.column for c in self.cells))
        by = {(c.row, c.column): c for c in self.cells}
        lines = ["| endpoint | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
        for row in rows:
            marks = []
            for column in columns:
                cell = by.get((row, column))
                marks.append("n/a" if cell is None else _mark(cell))
            lines.append(f"| {row} | " + " | ".join(marks) + " |")
        return lines

    def special_lines(self) -> list[str]:
        lines = ["| scenario | outcome | time | detail |", "|---|---|---|---|"]
        for cell in self.specials:
            lines.append(f"| {cell.row} | {_mark(cell)} | {cell.seconds:.1f}s | {_escape(cell.detail)} |")
        return lines if self.specials else []

    def red_lines(self) -> list[str]:
        red = [c for c in [*self.cells, *self.specials] if not c.green]
        lines = []
        for cell in red:
            where = cell.row if cell.column == "-" else f"{cell.row} x {cell.column}"
            defect = f" — known defect: {cell.known_defect}" if cell.known_defect else ""
            lines.append(f"- **{where}**: {cell.outcome}: {_escape(cell.detail)}{defect}")
        return lines

    def counts(self) -> tuple[int, int, int]:
        every = [c for c in [*self.cells, *self.specials] if c.outcome != "n/a"]
        red = [c for c in every if not c.green]
        return len(every), len(every) - len(red), len(red)

    def markdown(self) -> str:
        total, green, red = self.counts()
        took = self.finished - self.started
        when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        out = [
            "# boxup reliability results",
            "",
            f"Profile **{self.profile}**, run {when} on {platform.node() or 'this machine'} "
            f"({platform.python_implementation()} {platform.python_version()}), {took:.0f} s in all. "
            "Written by `python -m tests.reliability --write` (`make reliability`).",
            "",
            f"**{green} of {total} matrix cells and scenarios green, {red} red.**",
            "",
            "## Fault matrix",
            "",
            "Each cell is one real upload through `boxup.Client` against the emulator with that fault injected on "
            "that endpoint (once, unless the column says persistent). "
            "`ok` identical bytes on Box; `ok:err` the documented error and no orphan session, no stale record; "
            "`ok:kept` a resumable interruption whose session and record were kept, and `resume` then finished "
            "with identical bytes; `RED` anything else (corruption, hang, orphan, wrong error, token leak); "
            "`n/a` the fault has no meaning there. Every cell also checks that no token or secret appears in "
            "exceptions, the debug log, progress messages or state files.",
            "",
            *self.matrix_lines(),
            "",
        ]
        if self.specials:
            out += ["## Scenarios", "", *self.special_lines(), ""]
        reds = self.red_lines()
        if reds:
            out += ["## Red cells", "", *reds, ""]
        for title, lines in self.sections.items():
            out += [f"## {title}", "", *lines, ""]
        return "\n".join(out).rstrip() + "\n"

    def terminal(self) -> str:
        return self.markdown()

    def write(self, path: Path) -> None:
        path.write_text(self.markdown())


def _mark(cell: Cell) -> str:
    if cell.outcome == "n/a":
        return "n/a"
    if cell.green:
        return cell.outcome
    return "**RED**" + (" (xfail)" if cell.known_defect else "")


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")[:400]
