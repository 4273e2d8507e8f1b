"""``python -m tests.startup_timing [--client NAME=COMMAND ...] [--runs 10]``: how long ``boxup upload`` takes to start.

A measuring tool, not a test (pytest does not collect it; tests/test_startup.py asserts on what is imported, never
on a time). It starts the emulator as its own process on loopback, then spawns each ``--client`` command in turn,
``--runs`` times over, for a tiny direct upload and for a small chunked one (the emulator's test sizes: 1 MiB
minimum, 256 KiB parts) and prints the median of

- spawn to first request: the emulator's timestamp of the first request minus the time just before the spawn
  (both ``time.time()`` on the same machine);
- spawn to exit: the wall time of the whole command;

and the median total of ``-X importtime`` for a tiny upload, with its largest cumulative entries. A client is a
command, e.g. the console script of a clean venv holding only the wheel (``make wheel-test`` builds one that way):
``--client clean=/tmp/venv/bin/boxup --client dev=.venv/bin/boxup``.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.fakebox import FakeBox

KiB = 1024
MiB = 1024 * KiB
IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


@contextmanager
def emulator() -> Iterator[FakeBox]:
    """The emulator in its own process (as a user's server would be), stopped with SIGTERM."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fakebox", "--min-chunked-size", "1MiB", "--part-size", "256KiB"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        with FakeBox(proc.stdout.readline().strip()) as box:
            yield box
    finally:
        proc.terminate()
        proc.wait(30)


def upload_env(box: FakeBox, state_dir: str) -> dict[str, str]:
    """The emulator's credentials and addresses; bytecode is written, as pip does on install (without it every
    run compiles the editable checkout's modules again, which a user never pays)."""
    drop = ("BOX_", "BOXUP_", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    return env | {
        "BOX_ACCESS_TOKEN": box.token,
        "BOX_API_URL": box.api_url,
        "BOX_UPLOAD_URL": box.upload_url,
        "BOX_OAUTH_URL": box.oauth_url,
        "BOXUP_STATE_DIR": state_dir,
        "BOXUP_CHUNKED_THRESHOLD": str(box.min_chunked_size),
    }


def cpu_of_children() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def one_run(box: FakeBox, command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(spawn to first request, spawn to exit, CPU time) of one command, in seconds. The CPU time is the least
    disturbed by other work on the machine; the emulator, a child not yet waited for, is not in it."""
    box.clear_requests()
    cpu = cpu_of_children()
    started = time.time()
    done = subprocess.run(command, env=env, capture_output=True, check=False)
    ended = time.time()
    cpu = cpu_of_children() - cpu
    if done.returncode != 0:
        raise SystemExit(f"upload failed ({done.returncode}): {done.stderr.decode().strip()}")
    first = min(r["started"] for r in box.requests)
    return first - started, ended - started, cpu


def import_profile(command: list[str], env: dict[str, str], top: int) -> tuple[float, list[tuple[int, str]]]:
    """Total import time (the sum of the top-level entries' cumulative times, s) and the largest entries."""
    done = subprocess.run(command, env=env | {"PYTHONPROFILEIMPORTTIME": "1"}, capture_output=True, check=True)
    rows = [m for m in map(IMPORT_LINE.match, done.stderr.decode().splitlines()) if m]
    total = sum(int(m[2]) for m in rows if len(m[3]) == 1)  # one space of indent: imported by no other module
    largest = sorted(((int(m[2]), m[4]) for m in rows), reverse=True)[:top]
    return total / 1e6, largest


def upload_command(boxup: list[str], source: Path, name: str) -> list[str]:
    return [*boxup, "upload", str(source), "--folder", "0", "--name", name, "-q"]


def parse_client(text: str) -> tuple[str, list[str]]:
    """``NAME=COMMAND`` (COMMAND split as a shell would, e.g. ``base=env PYTHONPATH=... .venv/bin/boxup``)."""
    name, _, command = text.partition("=")
    return name, shlex.split(command)


def measure(box: FakeBox, work: Path, env: dict[str, str], clients: dict[str, list[str]], runs: int) -> None:
    """Every client in turn, ``runs`` times over, so a change in the machine's load falls on all of them alike."""
    sizes = {"tiny (1 KiB, direct)": KiB, "chunked (2 MiB, 8 parts)": 2 * MiB}
    for label, size in sizes.items():
        source = work / f"{size}.bin"
        source.write_bytes(os.urandom(size))
        for name, boxup in clients.items():  # writes bytecode, as pip would on install
            one_run(box, upload_command(boxup, source, f"{name}-{size}-warm"), env)
        timed: dict[str, list[tuple[float, float, float]]] = {name: [] for name in clients}
        for n in range(runs):
            for name, boxup in clients.items():
                timed[name].append(one_run(box, upload_command(boxup, source, f"{name}-{size}-{n}"), env))
        print(f"{label}, median of {runs} runs:")
        for name, rows in timed.items():
            first, whole, cpu = (statistics.median(column) * 1000 for column in zip(*rows, strict=True))
            print(f"  {name:>8}: spawn to first request {first:4.0f} ms, to exit {whole:4.0f} ms, CPU {cpu:4.0f} ms")


def profile(work: Path, env: dict[str, str], clients: dict[str, list[str]], runs: int, top: int) -> None:
    tiny = work / f"{KiB}.bin"
    totals: dict[str, list[float]] = {name: [] for name in clients}
    largest: dict[str, list[tuple[int, str]]] = {}
    for n in range(runs):
        for name, boxup in clients.items():
            total, largest[name] = import_profile(upload_command(boxup, tiny, f"{name}-profiled-{n}"), env, top)
            totals[name].append(total)
    for name in clients:
        print(f"{name}: -X importtime of a tiny upload, median {statistics.median(totals[name]) * 1000:.0f} ms in all")
        print("  largest cumulative (ms) of the last run:")
        for micros, module in largest[name]:
            print(f"    {micros / 1000:7.1f}  {module}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.startup_timing", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--client",
        action="append",
        type=parse_client,
        metavar="NAME=COMMAND",
        help="a boxup command to time (repeatable; default: this venv's console script)",
    )
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--top", type=int, default=25, help="rows of the -X importtime list")
    args = parser.parse_args(argv)
    clients = dict(args.client or [("boxup", [str(Path(sys.executable).with_name("boxup"))])])
    with tempfile.TemporaryDirectory() as work, emulator() as box:
        env = upload_env(box, str(Path(work) / "state"))
        measure(box, Path(work), env, clients, args.runs)
        profile(Path(work), env, clients, args.runs, args.top)


if __name__ == "__main__":
    main()
