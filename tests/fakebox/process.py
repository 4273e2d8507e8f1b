"""Run the emulator as a subprocess, exactly as its command-line contract says, and get a handle on it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from .handle import FakeBox

REPO = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def running(*args: str, timeout: float = 20.0) -> Iterator[tuple[subprocess.Popen[str], FakeBox]]:
    """Start ``python -m tests.fakebox ARGS``, wait for its address line, yield (process, handle), then stop it
    with SIGTERM (and SIGKILL if it hangs)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fakebox", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + timeout
        line = proc.stdout.readline().strip()
        if not line.startswith("http://") or time.monotonic() > deadline:
            err = proc.stderr.read() if proc.poll() is not None and proc.stderr else ""
            raise RuntimeError(f"the emulator did not start: {line!r} {err}")
        with FakeBox(line) as handle:
            yield proc, handle
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[str], timeout: float = 10.0) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode
