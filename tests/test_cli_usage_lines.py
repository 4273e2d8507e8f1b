"""Usage mistakes through the real `boxup` process (issue 11, item 11): one greppable line when stderr is a pipe,
exit 2, nothing on stdout; Rich's boxed panel only on a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

BOXUP = [sys.executable, "-m", "boxup_cli"]
ENV = {k: v for k, v in os.environ.items() if not k.startswith(("BOX_", "BOXUP_"))} | {"COLUMNS": "80"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["upload", "f.bin"], "Invalid value for --folder: give exactly one of --folder FOLDER_ID"),
        (["upload", "f.bin", "--folder", "0", "--file", "1"], "give exactly one of --folder FOLDER_ID"),
        (["upload", "f.bin", "--folder", "0", "--concurrency", "0"], "'--concurrency': 0 is not in the range x>=1."),
        (["upload", "--folder", "0"], "Missing argument 'PATH'."),
        (["upload", "f.bin", "--folder", "0", "--bogus"], "No such option: --bogus"),
        (["sessions", "show"], "Missing argument 'SESSION_ID'."),
        (
            ["upload", ".", "--folder", "0", "--name", "x"],
            "Invalid value for --name: --name names one file; a directory or several PATHs keep their own names",
        ),
    ],
    ids=["neither", "both", "concurrency-0", "no-path", "unknown-option", "no-session-id", "directory-name"],
)
def test_a_usage_mistake_is_one_line_on_a_pipe(args: list[str], message: str) -> None:
    done = subprocess.run([*BOXUP, *args], capture_output=True, text=True, env=ENV, timeout=30, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith("boxup: error: ")
    assert message in line
    assert line.endswith("--help)")
    for box in "╭│╰─":
        assert box not in line


def test_a_usage_mistake_on_a_terminal_keeps_the_panel() -> None:
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            [*BOXUP, "upload", "--folder", "0"], stdin=follower, stdout=follower, stderr=follower, env=ENV
        )
        assert proc.wait(30) == 2
        os.close(follower)
        follower = -1
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child's side is closed and everything was read
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if follower >= 0:
            os.close(follower)
        os.close(leader)
    text = seen.decode(errors="replace")
    assert "Missing argument 'PATH'" in text
    assert "╭" in text
    assert "╰" in text


def test_bare_boxup_still_prints_the_help() -> None:
    done = subprocess.run(BOXUP, capture_output=True, text=True, env=ENV, timeout=30, check=False)
    assert done.returncode == 2
    assert "Fast, resumable uploads" in done.stdout + done.stderr
