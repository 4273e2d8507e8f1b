"""Interruptions and terminals: Ctrl-C (SIGINT) and kill -9 mid-upload, then `boxup resume`; the bar on a pty.

The emulator's per-connection bandwidth cap makes a 4 MiB upload last several seconds, so a signal lands mid-upload.
"""

from __future__ import annotations

import os
import pty
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.pty_support import read_until_closed
from tests.test_cli_e2e import Cli, MiB, Run, cli, make_file, one_json_object, sha1_of

SIZE = 4 * MiB  # 16 parts of 256 KiB
PARTS = 16

__all__ = ["cli"]  # the fixture, shared from test_cli_e2e


def wait_for(condition: Callable[[], bool], timeout: float = 20.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def stop_midway(
    cli: Cli, source: Path, sig: signal.Signals, *extra: str, again_when: Callable[[], bool] | None = None
) -> tuple[Run, float]:
    """Start a slow upload, let two parts land, send ``sig`` (and once more when ``again_when`` holds); return the
    outcome and seconds from the first signal to exit."""
    cli.fakebox.configure(bandwidth="192KiB")
    proc = cli.popen("upload", str(source), "--folder", "0", "--concurrency", "2", *extra)
    try:
        wait_for(lambda: cli.fakebox.count("upload_part", 200) >= 2, what="two parts on the emulator")
        assert proc.poll() is None, "the upload finished before it could be interrupted"
        proc.send_signal(sig)
        sent = time.monotonic()
        if again_when is not None:
            wait_for(again_when, what="the moment for a second signal")
            proc.send_signal(sig)
        result = cli.finish(proc, timeout=15)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    cli.fakebox.configure(bandwidth=None)
    if sig is not signal.SIGKILL:
        cli.assert_clean(result)
    return result, took


def test_ctrl_c_stops_fast_keeps_the_session_and_resume_finishes(cli: Cli) -> None:
    source = make_file(cli.work, "movie.bin", SIZE, seed=21)
    result, took = stop_midway(cli, source, signal.SIGINT)
    assert result.code == 130, result.stderr
    assert took < 3.0, f"Ctrl-C took {took:.1f}s to stop the upload"
    assert result.stdout == ""
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("boxup: interrupted; session ")
    assert f"To finish the upload run: boxup resume {source}" in last
    (session,) = [s for s in cli.fakebox.sessions if s["committed_file_id"] is None]
    assert session["id"] in last
    assert len(cli.records()) == 1
    # Wait for the parts that were in flight at the signal: on Box too, a part whose bytes all arrived is stored
    # even if the client is gone. Resuming before they land would make resume meet them as 416 overlaps (counted
    # as success, but then this test could not check that resume sends only the missing parts).
    held = cli.fakebox.settled_parts(session["id"])
    assert 0 < held < PARTS

    resumed = cli.run("resume", str(source), "--json")
    assert resumed.code == 0, resumed.stderr
    file_id = str(one_json_object(resumed.stdout)["id"])
    assert cli.fakebox.file_bytes(file_id) == source.read_bytes()
    assert cli.fakebox.count("upload_part", 416) == 0
    assert cli.records() == []


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_sigterm_and_sighup_stop_like_ctrl_c_keep_the_session_and_resume_finishes(
    cli: Cli, sig: signal.Signals, code: int
) -> None:
    source = make_file(cli.work, f"service-{sig.name}.bin", SIZE, seed=23)
    result, took = stop_midway(cli, source, sig)
    assert result.code == code, result.stderr
    assert took < 3.0, f"{sig.name} took {took:.1f}s to stop the upload"
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"boxup: interrupted by {sig.name}; session ")
    assert f"To finish the upload run: boxup resume {source}" in last
    assert len(cli.records()) == 1
    resumed = cli.run("resume", str(source), "--json")
    assert resumed.code == 0, resumed.stderr
    assert cli.fakebox.file_bytes(str(one_json_object(resumed.stdout)["id"])) == source.read_bytes()


def test_sigterm_with_no_resume_aborts_the_session_and_says_so(cli: Cli) -> None:
    source = make_file(cli.work, "once.bin", SIZE, seed=24)
    result, _ = stop_midway(cli, source, signal.SIGTERM, "--no-resume")
    assert result.code == 143, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert "aborted, nothing is left to resume" in last
    assert "boxup resume" not in last
    assert cli.records() == []
    assert [s for s in cli.fakebox.sessions if s["committed_file_id"] is None] == []


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_second_signal_while_no_resume_aborts_the_session_still_aborts_it_and_says_so(
    cli: Cli, sig: signal.Signals, code: int
) -> None:
    cli.fakebox.inject("delay", operation="abort_upload_session", delay=1.5)  # the second signal lands meanwhile
    source = make_file(cli.work, "twice.bin", SIZE, seed=25)
    result, _ = stop_midway(
        cli, source, sig, "--no-resume", again_when=lambda: cli.fakebox.count("abort_upload_session") >= 1
    )
    assert result.code == code, result.stderr
    lead = "interrupted" if sig is signal.SIGINT else f"interrupted by {sig.name}"
    assert re.fullmatch(
        f"boxup: {lead}; session [0-9A-F]+ aborted, nothing is left to resume: run the upload again",
        result.stderr.strip().splitlines()[-1],
    ), result.stderr
    assert cli.fakebox.count("abort_upload_session", 204) == 1
    assert cli.fakebox.sessions == []  # aborted: nothing left open on Box
    assert cli.records() == []


def test_kill_9_then_resume_sends_only_missing_parts(cli: Cli) -> None:
    source = make_file(cli.work, "backup.bin", SIZE, seed=22)
    result, _ = stop_midway(cli, source, signal.SIGKILL)
    assert result.code == -signal.SIGKILL
    assert cli.fakebox.token not in result.stdout + result.stderr

    listed = cli.run("sessions", "list", "--json")
    (entry,) = one_json_object(listed.stdout)["entries"]
    held = cli.fakebox.settled_parts(entry["session_id"])
    assert 0 < held < PARTS

    resumed = cli.run("resume")  # no PATH: every recorded upload
    assert resumed.code == 0, resumed.stderr
    # A dead client's last bytes can still reach the emulator after the count above (they sit in socket buffers),
    # so resume may find more parts than `held`, never fewer; what matters is that it sends only the others.
    found = re.search(r"resumed: (\d+) parts were already on Box", resumed.stdout)
    assert found is not None, resumed.stdout
    assert held <= int(found.group(1)) < PARTS
    file_id = cli.fakebox.session(entry["session_id"])["committed_file_id"]
    assert cli.fakebox.file_sha1(file_id) == sha1_of(source)
    # Every part reached the emulator exactly once over both runs: nothing held was sent again.
    assert cli.fakebox.count("upload_part", 200) == PARTS
    assert cli.fakebox.count("upload_part", 416) == 0


@pytest.mark.parametrize(
    ("sig", "code", "said"),
    [
        (signal.SIGINT, 130, "interrupted"),
        (signal.SIGTERM, 143, "interrupted by SIGTERM"),
        (signal.SIGHUP, 129, "interrupted by SIGHUP"),
    ],
)
def test_a_signal_before_the_session_exists_says_nothing_is_kept_with_its_exit_code(
    cli: Cli, sig: signal.Signals, code: int, said: str
) -> None:
    cli.fakebox.inject("delay", operation="create_upload_session", delay=10)
    source = make_file(cli.work, "early.bin", 2 * MiB, seed=23)
    proc = cli.popen("upload", str(source), "--folder", "0")
    try:
        wait_for(lambda: bool(cli.fakebox.requests_for("create_upload_session")), what="the create-session request")
        proc.send_signal(sig)
        sent = time.monotonic()
        result = cli.finish(proc, timeout=15)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    cli.assert_clean(result)
    assert result.code == code, result.stderr
    assert took < 3.0
    assert (
        result.stderr.strip().splitlines()[-1]
        == f"boxup: {said}; no upload session was kept, so there is nothing to resume"
    )


def test_progress_bar_on_a_terminal(cli: Cli) -> None:
    """stderr on a pseudo-terminal: rich draws a bar (with control codes) and the parts count; stdout stays clean."""
    source = make_file(cli.work, "tty.bin", SIZE, seed=24)
    cli.fakebox.configure(bandwidth="2MiB")
    master, slave = pty.openpty()
    env = cli.env(TERM="xterm-256color", COLUMNS="120")
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        cli.command("upload", str(source), "--folder", "0"),
        stdout=subprocess.PIPE,
        stderr=slave,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=cli.work,
    )
    os.close(slave)
    screen = bytearray()

    reader = threading.Thread(target=read_until_closed, args=(master, screen), daemon=True)
    reader.start()
    stdout = proc.communicate(timeout=60)[0].decode()
    reader.join(5)
    os.close(master)
    text = screen.decode("utf-8", "replace")
    assert proc.returncode == 0, text
    assert "\x1b[" in text, "no terminal control codes: the bar was not drawn"
    assert "━" in text  # rich's bar
    assert f"{PARTS}/{PARTS} parts" in text
    assert "MiB/s" in text
    assert "tty.bin" in text
    assert "uploading tty.bin" not in text  # not the plain-line mode
    assert cli.fakebox.token not in text
    assert stdout.startswith("uploaded")
    assert "\x1b" not in stdout
    assert "\r" not in stdout
