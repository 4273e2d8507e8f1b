"""``boxup upload`` for directories and several PATHs: one transfer manager for the tree, a result per file.

What reaches the user: on a terminal one bar for the whole tree (files done/total, bytes, rate, time left) and a
line per failed file; in a log one plain line per file as it ends; with ``--json`` one JSON Lines object per file
on stdout and nothing else there. The summary line goes to stdout (to stderr with ``--json``). Exit 0 when every
file is done or skipped, 1 when any failed; Ctrl-C is 130 with the rerun hint (the caller's ``_failures`` maps
bad input to 2 before anything is sent).
"""

from __future__ import annotations

import shlex
import signal
import sys
import threading
from collections.abc import Sequence

import boxup
from boxup.results import FileResult, summarize
from boxup.tree import TreePlan
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from boxup_cli import logs, output
from boxup_cli.errors import EXIT_FAILED, EXIT_OK, interrupted_by, signal_exit_code
from boxup_cli.progress_bar import RateColumn

_say = logs.say


class TreeReporter:
    """The quiet reporter and the base of the others: counts files and bytes; failed files are always said."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.files_total = 0
        self.files_done = 0
        self.bytes_total = 0
        self.bytes_done = 0

    def plan(self, plan: TreePlan) -> None:
        with self.lock:
            self.files_total = len(plan.files) + len(plan.skipped)
            self.bytes_total = plan.total_bytes
            self.planned()

    def result(self, result: FileResult) -> None:
        with self.lock:
            self.files_done += 1
            if result.status == "failed":
                self.say(f"failed: {result.path}: {result.error}")
            self.ended(result)

    def sent(self, delta: int) -> None:
        with self.lock:
            self.bytes_done += delta
            self.moved()

    def planned(self) -> None: ...

    def ended(self, result: FileResult) -> None: ...

    def moved(self) -> None: ...

    def say(self, text: str) -> None:
        _say(text)

    def close(self) -> None: ...


class TreeLines(TreeReporter):
    """For logs and pipes: one whole line per file as it ends, no control codes."""

    def planned(self) -> None:
        self.say(f"uploading {self.files_total} files ({output.human_size(self.bytes_total)})")

    def ended(self, result: FileResult) -> None:
        if result.status != "failed":
            self.say(f"[{self.files_done}/{self.files_total}] {result.status}: {result.path}")


class TreeBar(TreeReporter):
    """On a terminal: one bar for the tree, redrawn in place by rich."""

    def __init__(self) -> None:
        super().__init__()
        self._bar = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            DownloadColumn(binary_units=True),
            RateColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        self._bar.start()
        self._task: TaskID = self._bar.add_task("files", total=None)

    def planned(self) -> None:
        self._update()

    def ended(self, result: FileResult) -> None:
        self._update()

    def moved(self) -> None:
        self._update()

    def _update(self) -> None:
        files = f"{self.files_done}/{self.files_total} files"
        self._bar.update(self._task, completed=self.bytes_done, total=self.bytes_total or None, description=files)

    def say(self, text: str) -> None:
        self._bar.console.print(f"boxup: {logs.line(text)}", markup=False, highlight=False)

    def close(self) -> None:
        self._bar.stop()


def tree_reporter(*, quiet: bool) -> TreeReporter:
    if quiet:
        return TreeReporter()
    return TreeBar() if sys.stderr.isatty() else TreeLines()


def _interrupted(signum: int) -> int:
    """The rerun hint; the exit code is 128 + the signal (130 for Ctrl-C), as for one file."""
    again = " ".join(["boxup", *map(shlex.quote, sys.argv[1:])])
    _say(
        f"{interrupted_by(signum)}; to finish the tree run the same command again: {again} "
        "(files already on Box are recognised, half-sent big files resume)"
    )
    return signal_exit_code(signum)


def run_tree(
    client: boxup.Client,
    paths: Sequence[str],
    *,
    folder_id: str,
    if_exists: str,
    excludes: Sequence[str],
    as_json: bool,
    quiet: bool,
) -> int:
    """Upload the tree; return the exit code. JSON Lines are written as each file ends."""
    report = tree_reporter(quiet=quiet)
    emit = threading.Lock()

    def on_result(result: FileResult) -> None:
        if as_json:
            with emit:
                output.emit_json(result.to_json())
        report.result(result)

    try:
        results = client.upload_tree(
            list(paths),
            folder_id=folder_id,
            if_exists=if_exists,
            excludes=list(excludes),
            on_result=on_result,
            on_bytes=report.sent,
            on_plan=report.plan,
        )
    except KeyboardInterrupt as exc:
        report.close()
        return _interrupted(exc.signal if isinstance(exc, boxup.Interrupted) else signal.SIGINT)
    report.close()
    summary = summarize(results)
    (_say if as_json else output.emit_text)(summary.line())
    return EXIT_OK if summary.ok else EXIT_FAILED
