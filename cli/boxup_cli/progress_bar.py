"""The progress bar on a terminal, drawn by rich: its own module, so a run without a terminal (a script, cron,
``--quiet``) and ``boxup --version`` never import rich's progress machinery."""

from __future__ import annotations

import boxup
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from boxup_cli.logs import line
from boxup_cli.output import human_size
from boxup_cli.progress import Reporter


class RateColumn(ProgressColumn):
    """Rate in binary units, to match the byte counts beside it (rich's own column is decimal)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{human_size(speed)}/s" if speed is not None else "?", style="progress.data.speed")


class BarReporter(Reporter):
    """On a terminal: bytes, rate, ETA and parts, redrawn in place by rich."""

    def __init__(self, label: str) -> None:
        super().__init__(label)
        self._bar = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            DownloadColumn(binary_units=True),
            RateColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[parts]}"),
            console=Console(stderr=True),
        )
        self._task: TaskID | None = None
        self._label = label

    def __enter__(self) -> BarReporter:
        self._bar.start()
        self._task = self._bar.add_task(self.label, total=None, parts="")
        return self

    def close(self) -> None:
        self._bar.stop()

    def show(self, p: boxup.Progress) -> None:
        if self._task is None:
            return
        if p.event is boxup.Event.PART_RETRIED and p.message:
            self.say(f"part {p.part_index} retried: {p.message}")
        elif p.event is boxup.Event.NOTICE and p.message:
            self.say(f"note: {p.message}")
        if p.event is boxup.Event.COMMITTING:
            self._label = f"{self.label} (committing)"
        parts = f"{p.parts_done}/{p.parts_total} parts" if p.parts_total > 1 else ""
        self._bar.update(self._task, completed=p.bytes_done, total=p.bytes_total, parts=parts, description=self._label)

    def say(self, text: str) -> None:
        self._bar.console.print(line(text), markup=False, highlight=False)
