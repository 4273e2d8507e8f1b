"""Progress reporting: byte-level and part-level events delivered to one callback.

Counters are updated under a lock, so a callback may be called from any thread; bytes of a retried part are taken
back before they are sent again, so ``bytes_done`` never counts a byte twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from enum import StrEnum

import attrs


class Event(StrEnum):
    STARTED = "started"  # the session exists; totals are known
    BYTES = "bytes"  # bytes were sent (or taken back, when a part is retried)
    PART_STARTED = "part_started"
    PART_DONE = "part_done"
    PART_RETRIED = "part_retried"
    PART_SKIPPED = "part_skipped"  # already on the server (resume) or a dedup hit
    COMMITTING = "committing"
    FINISHED = "finished"
    NOTICE = "notice"  # something the user should know, e.g. a stale resume record was dropped


@attrs.frozen
class Progress:
    event: Event
    bytes_done: int
    bytes_total: int
    parts_done: int
    parts_total: int
    part_index: int | None = None
    session_id: str | None = None
    message: str | None = None


ProgressCallback = Callable[[Progress], None]


class ProgressTracker:
    def __init__(self, callback: ProgressCallback | None, bytes_total: int) -> None:
        self._callback = callback
        self._lock = threading.Lock()
        self.bytes_total = bytes_total
        self.bytes_done = 0
        self.parts_total = 0
        self.parts_done = 0
        self.session_id: str | None = None

    def emit(self, event: Event, *, part: int | None = None, delta: int = 0, message: str | None = None) -> None:
        with self._lock:
            self.bytes_done += delta
            if event in (Event.PART_DONE, Event.PART_SKIPPED):
                self.parts_done += 1
            snapshot = Progress(
                event,
                self.bytes_done,
                self.bytes_total,
                self.parts_done,
                self.parts_total,
                part,
                self.session_id,
                message,
            )
        if self._callback is not None:
            self._callback(snapshot)

    def start(self, session_id: str | None, parts_total: int) -> None:
        with self._lock:
            self.session_id = session_id
            self.parts_total = parts_total
        self.emit(Event.STARTED)

    def add_bytes(self, delta: int) -> None:
        self.emit(Event.BYTES, delta=delta)
