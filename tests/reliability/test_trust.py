"""Trust outside the happy paths (issue 11): signals sent to real `boxup` processes, two runs of one upload, state
directories that cannot hold a record, and hostile answers — each run for real, and what the user saw recorded in
the section this module adds to the results.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.fakebox.handle import FakeBox
from tests.reliability import profile as profiles
from tests.reliability.harness import Cli, Run, emulator, finish, open_sessions, sha1_file, write_random
from tests.reliability.results import Results

MiB = 1024 * 1024
SIZE = 4 * MiB  # 16 parts of 256 KiB
SEEN: list[str] = []  # "case: exit N, last line" for the results section
# The quick profile sends one signal of each kind once (SIGTERM, --no-resume SIGHUP) and a 20 MB error page; the
# full one every signal both ways and 50 MB. `make test` covers each signal too (tests/test_cli_interrupt.py).
QUICK = profiles.current().name == "quick"
SIGNALS = [signal.SIGTERM] if QUICK else [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
NO_RESUME_SIGNALS = [signal.SIGHUP] if QUICK else [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
ERROR_PAGE_MIB = 20 if QUICK else 50


@pytest.fixture(scope="module")
def box(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeBox]:
    work = tmp_path_factory.mktemp("trust")
    with emulator(work / "box", "--min-chunked-size", "1MiB", "--part-size", "256KiB") as handle:
        yield handle


@pytest.fixture(scope="module", autouse=True)
def report(results: Results) -> Iterator[None]:
    yield
    results.add_section(
        "Trust outside the happy paths",
        ["Each case ran `boxup` as a process against the emulator; its exit code and last stderr line:", "",
         *(f"- {line}" for line in SEEN)],
    )  # fmt: skip


@pytest.fixture
def cli(box: FakeBox, tmp_path: Path) -> Cli:
    box.reset(min_chunked_size=MiB, part_size=256 * 1024)
    return Cli(box, tmp_path / "state", str(box.issue_token(lifetime=3600)["access_token"]), threshold=MiB)


def source(cli: Cli, name: str, size: int = SIZE) -> Path:
    path = cli.state_dir.parent / name
    write_random(path, size, random.Random(name))
    return path


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def seen(case: str, result: Run) -> str:
    last = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
    SEEN.append(f"{case}: exit {result.code}, `{last}`")
    return last


def slow_start(cli: Cli, path: Path, *args: str) -> subprocess.Popen[bytes]:
    cli.box.configure(bandwidth="256KiB")
    proc = cli.popen("upload", str(path), "--folder", "0", "--concurrency", "2", *args)
    wait_for(lambda: cli.box.count("upload_part", 200) >= 2, "two parts on the emulator")
    assert proc.poll() is None
    return proc


@pytest.mark.parametrize("sig", SIGNALS, ids=lambda s: s.name)
def test_a_signal_keeps_the_session_and_resume_finishes(cli: Cli, sig: signal.Signals) -> None:
    path = source(cli, f"signal-{sig.name}.bin")
    proc = slow_start(cli, path)
    proc.send_signal(sig)
    sent = time.monotonic()
    result = finish(proc, 15)
    assert time.monotonic() - sent < 5
    cli.box.configure(bandwidth=None)
    last = seen(f"{sig.name} mid-upload", result)
    assert result.code == 128 + sig
    assert f"To finish the upload run: boxup resume {path}" in last
    resumed = cli.run("resume", str(path), "--json")
    assert resumed.code == 0, resumed.stderr
    assert sha1_file(path) == json.loads(resumed.stdout)["sha1"]
    assert open_sessions(cli.box) == []


@pytest.mark.parametrize("sig", NO_RESUME_SIGNALS, ids=lambda s: s.name)
def test_a_signal_to_a_no_resume_upload_leaves_nothing_behind(cli: Cli, sig: signal.Signals) -> None:
    path = source(cli, f"noresume-{sig.name}.bin")
    proc = slow_start(cli, path, "--no-resume")
    proc.send_signal(sig)
    result = finish(proc, 15)
    cli.box.configure(bandwidth=None)
    last = seen(f"{sig.name} mid-upload with --no-resume", result)
    assert result.code == 128 + sig
    assert "aborted, nothing is left to resume" in last
    assert open_sessions(cli.box) == []
    assert list(cli.state_dir.glob("*.json")) == []


def test_a_second_run_is_refused_and_the_first_finishes(cli: Cli) -> None:
    path = source(cli, "twice.bin")
    first = slow_start(cli, path)
    rival = cli.run("upload", str(path), "--folder", "0")
    last = seen("a second `boxup upload` of the same file", rival)
    assert rival.code == 1
    assert last == f"boxup: error: {path} is already being uploaded by process {first.pid}"
    cli.box.configure(bandwidth=None)
    done = finish(first, 120)
    assert done.code == 0, done.stderr
    assert cli.box.count("upload_part", 416) == 0
    assert open_sessions(cli.box) == []


def test_kill_9_releases_the_lock(cli: Cli) -> None:
    path = source(cli, "killed.bin")
    first = slow_start(cli, path)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(10)
    cli.box.configure(bandwidth=None)
    again = cli.run("upload", str(path), "--folder", "0", "--json")
    seen("`boxup upload` again after kill -9 of the first", again)
    assert again.code == 0, again.stderr
    assert json.loads(again.stdout)["sha1"] == sha1_file(path)


def test_a_state_dir_that_cannot_hold_records_sends_nothing(cli: Cli) -> None:
    cli.state_dir.write_text("a file, not a directory")
    path = source(cli, "nostate.bin")
    cli.box.clear_requests()
    result = cli.run("upload", str(path), "--folder", "0")
    last = seen("the state dir is a file", result)
    assert result.code == 2
    assert last.startswith("boxup: error: the state directory ")
    assert cli.box.requests == []


INJECT_BIG_ERROR = """
import sys
from tests.fakebox.handle import FakeBox
with FakeBox(sys.argv[1]) as box:
    box.clear_faults()
    body = "\\x1b[31m" + "E" * int(sys.argv[2])
    box.inject("status", operation="create_upload_session", status=500, raw_body=body)
"""


def peak_rss_of_a_failed_upload(cli: Cli, path: Path, body_bytes: int) -> tuple[Run, float]:
    """(the run, its peak RSS in MiB). The fault is injected by another process: a child's peak RSS counts the
    parent's at fork, so the 50 MB string must never live in this one."""
    subprocess.run([sys.executable, "-c", INJECT_BIG_ERROR, cli.box.base_url, str(body_bytes)], check=True)
    out, err = cli.state_dir.parent / "out", cli.state_dir.parent / "err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.Popen(
            cli.command("upload", str(path), "--folder", "0"),
            stdout=stdout,
            stderr=stderr,
            env=cli.env(BOXUP_MAX_ATTEMPTS="1"),
        )
        _, status, usage = os.wait4(proc.pid, 0)
    return Run(os.waitstatus_to_exitcode(status), out.read_text(), err.read_text()), usage.ru_maxrss / 1024


def test_a_huge_error_body_stays_bounded_in_memory_and_on_screen(cli: Cli) -> None:
    path = source(cli, "huge-error.bin")
    _, small_rss = peak_rss_of_a_failed_upload(cli, path, 100)
    result, big_rss = peak_rss_of_a_failed_upload(cli, path, ERROR_PAGE_MIB * MiB)
    last = seen(f"a {ERROR_PAGE_MIB} MB error page (500) on create", result)
    SEEN.append(f"  peak RSS of that run: {big_rss:.0f} MiB; with a 100-byte error page: {small_rss:.0f} MiB")
    assert result.code == 1
    assert len(result.stderr) < 500
    assert "\x1b" not in result.stderr
    assert big_rss - small_rss < 30, f"peak RSS {big_rss:.0f} MiB against {small_rss:.0f} MiB"
    assert last.startswith("boxup: error: Box is busy or failing (HTTP 500)")


def test_a_redirect_is_named_not_followed(cli: Cli) -> None:
    cli.box.inject("status", operation="upload_part", status=302, location="http://captive.example/login")
    path = source(cli, "redirected.bin")
    result = cli.run("upload", str(path), "--folder", "0")
    last = seen("a 302 on a part", result)
    assert result.code == 1
    assert last == "boxup: error: Box answered with a redirect to captive.example, which boxup does not follow"
    assert all(r["host"] != "captive.example" for r in cli.box.requests if "host" in r)


def test_digest_mismatch_is_a_changed_file(cli: Cli) -> None:
    cli.box.inject("status", operation="upload_part", status=400, code="digest_mismatch", nth=3)
    path = source(cli, "changed.bin")
    result = cli.run("upload", str(path), "--folder", "0")
    last = seen("digest_mismatch on a part", result)
    assert result.code == 1
    assert last.startswith(f"boxup: error: {path} changed during the upload; nothing was committed")
    assert open_sessions(cli.box) == []


def test_a_token_rejected_mid_upload_keeps_the_session(cli: Cli) -> None:
    cli.box.inject("status", operation="upload_part", status=401, code="unauthorized", nth=3)
    path = source(cli, "expired.bin")
    result = cli.run("upload", str(path), "--folder", "0", "--concurrency", "1")
    last = seen("401 on a part (token expired)", result)
    assert result.code == 1
    assert last == f"boxup: error: the token was rejected or has expired; after renewing it run: boxup resume {path}"
    assert len(open_sessions(cli.box)) == 1
    resumed = cli.run("resume", str(path), "--json")
    assert resumed.code == 0, resumed.stderr
