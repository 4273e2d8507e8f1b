"""Progress on stderr: a rich bar on a terminal, a plain line now and then otherwise, nothing with ``--quiet``.

boxup calls the reporter from its own thread, so every reporter guards its state with a lock.
"""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType

import boxup

from boxup_cli import logs
from boxup_cli.logs import LOG
from boxup_cli.output import human_size

PLAIN_STEP = 0.10  # a plain line at every 10% of the bytes ...
PLAIN_HEARTBEAT = 30.0  # ... or after this many seconds of silence, so a log shows the upload is alive


class Reporter:
    """The quiet reporter, and the base of the others: tracks the upload and logs part timings with ``-v``."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.parts_skipped = 0
        self._lock = threading.Lock()
        self._part_started: dict[int, float] = {}

    def __enter__(self) -> Reporter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Stop drawing; called on success, failure and Ctrl-C alike."""

    def __call__(self, progress: boxup.Progress) -> None:
        with self._lock:
            self._track(progress)
            self.show(progress)

    def _track(self, p: boxup.Progress) -> None:
        if p.event is boxup.Event.STARTED:
            LOG.debug(
                "started %s: %d bytes, %d parts, session %s", self.label, p.bytes_total, p.parts_total, p.session_id
            )
        elif p.event is boxup.Event.PART_STARTED and p.part_index is not None:
            self._part_started[p.part_index] = time.monotonic()
        elif p.event is boxup.Event.PART_DONE and p.part_index is not None:
            began = self._part_started.pop(p.part_index, None)
            took = f" in {time.monotonic() - began:.3f}s" if began is not None else ""
            LOG.debug("part %d done%s (%d/%d parts)", p.part_index, took, p.parts_done, p.parts_total)
        elif p.event is boxup.Event.PART_SKIPPED:
            self.parts_skipped += 1
            LOG.debug("part %s already on Box, skipped", p.part_index)
        elif p.event is boxup.Event.PART_RETRIED:
            LOG.debug("part %s retried: %s", p.part_index, p.message)
        elif p.event is boxup.Event.COMMITTING:
            LOG.debug("committing session %s", p.session_id)

    def show(self, p: boxup.Progress) -> None:
        """Quiet mode still says what the user must know: a stale resume record dropped, and so on."""
        if p.event is boxup.Event.NOTICE and p.message:
            self.say(f"note: {p.message}")

    def say(self, text: str) -> None:
        logs.say(text, prefix="")


class PlainReporter(Reporter):
    """For logs and pipes: whole lines, no control codes, one per 10% of the bytes or per half minute."""

    def __init__(self, label: str) -> None:
        super().__init__(label)
        self._next_step = PLAIN_STEP
        self._last_line = time.monotonic()
        self._started = time.monotonic()

    def show(self, p: boxup.Progress) -> None:
        now = time.monotonic()
        if p.event is boxup.Event.STARTED:
            parts = f" in {p.parts_total} parts" if p.parts_total > 1 else ""
            self._line(f"uploading {self.label} ({human_size(p.bytes_total)}{parts})")
        elif p.event is boxup.Event.PART_RETRIED and p.message:
            self._line(f"part {p.part_index} retried: {p.message}")
        elif p.event is boxup.Event.COMMITTING:
            self._line(f"{self._status(p, now)}; committing")
        elif p.event in (boxup.Event.BYTES, boxup.Event.PART_DONE, boxup.Event.PART_SKIPPED):
            fraction = p.bytes_done / p.bytes_total if p.bytes_total else 1.0
            if fraction >= self._next_step or now - self._last_line >= PLAIN_HEARTBEAT:
                self._next_step = (int(fraction / PLAIN_STEP) + 1) * PLAIN_STEP
                self._line(self._status(p, now))
        else:
            super().show(p)

    def _status(self, p: boxup.Progress, now: float) -> str:
        percent = 100 * p.bytes_done // p.bytes_total if p.bytes_total else 100
        rate = p.bytes_done / max(now - self._started, 1e-6)
        parts = f", {p.parts_done}/{p.parts_total} parts" if p.parts_total > 1 else ""
        return (
            f"{self.label}: {percent}% ({human_size(p.bytes_done)} of {human_size(p.bytes_total)}){parts}, "
            f"{human_size(rate)}/s"
        )

    def _line(self, text: str) -> None:
        self._last_line = time.monotonic()
        self.say(text)


def reporter(label: str, *, quiet: bool) -> Reporter:
    """The reporter for this run: decided once, from ``--quiet`` and whether stderr is a terminal."""
    if quiet:
        return Reporter(label)
    if sys.stderr.isatty():
        from boxup_cli.progress_bar import BarReporter  # rich, imported only when a bar is drawn

        return BarReporter(label)
    return PlainReporter(label)
