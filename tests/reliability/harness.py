"""Shared pieces: the emulator as a subprocess, the ``boxup`` command against it, test files, secret scans, orphan
sessions and a hard time limit for anything that might hang."""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from tests.fakebox.handle import FakeBox

REPO = Path(__file__).resolve().parents[2]
T = TypeVar("T")


# --- the emulator in its own process -------------------------------------------------------------------------------


@contextlib.contextmanager
def emulator(data_dir: Path, *args: str, timeout: float = 30.0) -> Iterator[FakeBox]:
    """``python -m tests.fakebox`` in a subprocess; its stderr goes to a file (a pipe nobody drains could fill and
    stall it). Stopped with SIGTERM, then SIGKILL."""
    data_dir.mkdir(parents=True, exist_ok=True)
    log = (data_dir.parent / f"{data_dir.name}.stderr").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fakebox", "--port", "0", "--data-dir", str(data_dir), *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        line = _readline(proc, timeout)
        if not line.startswith("http://"):
            raise RuntimeError(f"the emulator did not start: {line!r}")
        with FakeBox(line, timeout=60.0) as handle:
            yield handle
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


def _readline(proc: subprocess.Popen[str], timeout: float) -> str:
    found: list[str] = []
    reader = threading.Thread(target=lambda: found.append(proc.stdout.readline() if proc.stdout else ""), daemon=True)
    reader.start()
    reader.join(timeout)
    return found[0].strip() if found else ""


# --- the boxup command ---------------------------------------------------------------------------------------------


@dataclass
class Cli:
    """``boxup`` (as ``python -m boxup_cli``) pointed at one emulator with one state directory."""

    box: FakeBox
    state_dir: Path
    token: str
    threshold: int | None = None  # BOXUP_CHUNKED_THRESHOLD, for the emulator's small test sizes

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BOX_", "BOXUP_"))}
        env |= {
            "BOX_ACCESS_TOKEN": self.token,
            "BOX_API_URL": self.box.api_url,
            "BOX_UPLOAD_URL": self.box.upload_url,
            "BOX_OAUTH_URL": self.box.oauth_url,
            "BOXUP_STATE_DIR": str(self.state_dir),
            "PYTHONUNBUFFERED": "1",
        }
        if self.threshold is not None:
            env["BOXUP_CHUNKED_THRESHOLD"] = str(self.threshold)
        return env | extra

    @staticmethod
    def command(*args: str) -> list[str]:
        return [sys.executable, "-m", "boxup_cli", *args]

    def popen(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            self.command(*args),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env or self.env(),
            cwd=self.state_dir.parent,
            start_new_session=True,  # a SIGKILL aimed at it never reaches the test runner
        )

    def run(self, *args: str, env: dict[str, str] | None = None, timeout: float = 300.0) -> Run:
        proc = self.popen(*args, env=env)
        return finish(proc, timeout)


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float = 0.0
    timed_out: bool = False


def finish(proc: subprocess.Popen[bytes], timeout: float) -> Run:
    """Wait for a process with a hard limit; one still running then is killed and reported as timed out."""
    started = time.monotonic()
    try:
        out, err = proc.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        timed_out = True
    return Run(proc.returncode, out.decode(errors="replace"), err.decode(errors="replace"),
               time.monotonic() - started, timed_out)  # fmt: skip


# --- files ---------------------------------------------------------------------------------------------------------


def write_random(path: Path, size: int, rng: random.Random) -> str:
    """``size`` pseudo-random bytes (distinct at every part), written in blocks; returns their SHA-1."""
    sha1 = hashlib.sha1()
    block = 4 * 1024 * 1024
    with path.open("wb") as out:
        left = size
        while left:
            chunk = rng.randbytes(min(block, left))
            sha1.update(chunk)
            out.write(chunk)
            left -= len(chunk)
    return sha1.hexdigest()


def sha1_file(path: Path) -> str:
    sha1 = hashlib.sha1()
    with path.open("rb") as f:
        while chunk := f.read(4 * 1024 * 1024):
            sha1.update(chunk)
    return sha1.hexdigest()


# --- what must never be left behind --------------------------------------------------------------------------------


def open_sessions(box: FakeBox) -> list[dict[str, Any]]:
    """Upload sessions the emulator still holds open: not committed, not expired."""
    now = time.time()
    return [s for s in box.sessions if s.get("committed_file_id") is None and float(s.get("expires_at", 0)) > now]


def leaks(secrets: Sequence[str], texts: dict[str, str]) -> list[str]:
    """Where any secret shows up in the given texts (name -> text)."""
    found = []
    for name, text in texts.items():
        for secret in secrets:
            if secret and secret in text:
                found.append(name)
                break
    return found


def state_texts(state_dir: Path) -> dict[str, str]:
    if not state_dir.exists():
        return {}
    return {f"state file {p.name}": p.read_text(errors="replace") for p in state_dir.rglob("*") if p.is_file()}


# --- a hard limit on anything that might hang ----------------------------------------------------------------------


class Hung(Exception):
    """The call did not return within its limit."""


class _Box(Generic[T]):
    value: T
    error: BaseException | None = None


def within(seconds: float, call: Callable[[], T]) -> T:
    """Run ``call`` on a daemon thread and wait at most ``seconds``; raise Hung if it is still running (the thread
    is abandoned: a daemon never blocks the interpreter's exit)."""
    result: _Box[T] = _Box()
    done = threading.Event()

    def run() -> None:
        try:
            result.value = call()
        except BaseException as exc:  # handed to the caller as is
            result.error = exc
        finally:
            done.set()

    threading.Thread(target=run, name="reliability-cell", daemon=True).start()
    if not done.wait(seconds):
        raise Hung(f"no answer within {seconds:.0f}s")
    if result.error is not None:
        raise result.error
    return result.value
