"""Issue 11, items 3, 8 and 9 through the real `boxup` process against the emulator: a state directory that cannot
hold the record, a token rejected mid-upload, and hostile answers (a huge error body, a redirect, digest_mismatch).

The state-directory cases run `boxup` in its own mount namespace (``unshare --mount``, we are root) on a small
tmpfs; the test turns it read-only from outside with ``nsenter`` while the emulator holds a request back. The
lock directory is a second tmpfs below it: Linux refuses to remount a file system read-only while a file on it is
open for writing, and the lock file is.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakebox import FakeBox
from tests.test_cli_e2e import Cli, MiB, Run, make_file, one_json_object
from tests.test_cli_interrupt import wait_for

SIZE = 2 * MiB  # 8 parts of 256 KiB: chunked on the emulator


@pytest.fixture
def cli(fakebox: FakeBox, tmp_path: Path) -> Cli:
    work = tmp_path / "work"
    work.mkdir()
    return Cli(fakebox, tmp_path / "mnt" / "state", work)


def in_namespace(cli: Cli, *args: str, read_only: bool = False) -> subprocess.Popen[bytes]:
    """`boxup ARGS` in a private mount namespace whose state dir is a fresh 1 MiB tmpfs (read-only if asked)."""
    mnt = cli.state_dir.parent
    mnt.mkdir()
    locks = cli.state_dir / "locks"
    script = (
        f"mount -t tmpfs -o size=1m,mode=0700 tmpfs {mnt} && mkdir -m 700 {cli.state_dir} {locks} && "
        f"mount -t tmpfs -o size=64k,mode=0700 tmpfs {locks} && "
        + (f"mount -o remount,ro {mnt} && " if read_only else "")
        + 'exec "$@"'
    )
    command = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", *cli.command(*args)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cli.env(), cwd=cli.work)


def make_read_only(cli: Cli, proc: subprocess.Popen[bytes]) -> None:
    """Remount the state dir read-only inside the running `boxup`'s mount namespace."""
    where = str(cli.state_dir.parent)
    subprocess.run(["nsenter", "-t", str(proc.pid), "-m", "mount", "-o", "remount,ro", where], check=True)


def finished(cli: Cli, proc: subprocess.Popen[bytes]) -> Run:
    result = cli.finish(proc, timeout=60)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_a_read_only_state_dir_fails_before_a_session_exists(cli: Cli) -> None:
    source = make_file(cli.work, "big.bin", SIZE)
    result = finished(cli, in_namespace(cli, "upload", str(source), "--folder", "0", read_only=True))
    assert result.code == 2
    assert result.stderr == (
        f"boxup: error: cannot write resume records in the state directory {cli.state_dir} (Read-only file system); "
        "choose another with --state-dir or BOXUP_STATE_DIR\n"
    )
    assert cli.fakebox.requests == []


def test_a_state_dir_that_is_a_file_fails_before_a_session_exists(cli: Cli) -> None:
    cli.state_dir.parent.mkdir()
    cli.state_dir.write_text("not a directory")
    source = make_file(cli.work, "big.bin", SIZE)
    result = cli.run("upload", str(source), "--folder", "0")
    assert result.code == 2
    assert result.stderr == (
        f"boxup: error: the state directory {cli.state_dir} is not a directory; "
        "choose another with --state-dir or BOXUP_STATE_DIR\n"
    )
    assert cli.fakebox.requests == []


def test_a_record_that_cannot_be_written_after_all_aborts_the_session_and_says_why(cli: Cli) -> None:
    source = make_file(cli.work, "big.bin", SIZE)
    cli.fakebox.inject("delay", operation="create_upload_session", delay=2.0)
    proc = in_namespace(cli, "upload", str(source), "--folder", "0")
    wait_for(lambda: cli.fakebox.count("create_upload_session") >= 1, what="the session request")
    make_read_only(cli, proc)
    result = finished(cli, proc)
    assert result.code == 1, result.stderr
    (session,) = cli.fakebox.sessions if cli.fakebox.sessions else [None]
    assert session is None, "the session was left open on Box"
    assert cli.fakebox.count("abort_upload_session", 204) == 1
    assert cli.fakebox.count("upload_part") == 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"boxup: error: cannot write the resume record in {cli.state_dir} (Read-only file system)")
    assert last.endswith(" aborted"), last


def test_a_record_that_cannot_be_removed_after_commit_is_a_warning_and_the_json_is_printed(cli: Cli) -> None:
    source = make_file(cli.work, "big.bin", SIZE, seed=3)
    cli.fakebox.inject("delay", operation="commit_upload_session", delay=2.0)
    proc = in_namespace(cli, "upload", str(source), "--folder", "0", "--json")
    wait_for(lambda: cli.fakebox.count("commit_upload_session") >= 1, what="the commit")
    make_read_only(cli, proc)
    result = finished(cli, proc)
    assert result.code == 0, result.stderr
    file = one_json_object(result.stdout)
    assert cli.fakebox.file_bytes(str(file["id"])) == source.read_bytes()
    warning = [line for line in result.stderr.splitlines() if "could not be removed" in line]
    assert len(warning) == 1, result.stderr
    assert f"its resume record in {cli.state_dir} could not be removed (Read-only file system)" in warning[0]


def test_a_token_rejected_mid_upload_keeps_the_session_and_record_and_resume_finishes(cli: Cli) -> None:
    source = make_file(cli.work, "big.bin", SIZE, seed=4)
    cli.fakebox.inject("status", operation="upload_part", status=401, code="unauthorized", nth=3)
    result = cli.run("upload", str(source), "--folder", "0", "--concurrency", "1")
    assert result.code == 1, result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        f"boxup: error: the token was rejected or has expired; after renewing it run: boxup resume {source}"
    )
    assert cli.fakebox.count("abort_upload_session") == 0  # no abort tried with a dead token
    assert len(cli.records()) == 1
    (session,) = cli.fakebox.sessions
    assert session["committed_file_id"] is None
    resumed = cli.run("resume", str(source), "--json")
    assert resumed.code == 0, resumed.stderr
    assert cli.fakebox.file_bytes(str(one_json_object(resumed.stdout)["id"])) == source.read_bytes()


def test_an_error_body_is_read_only_up_to_its_cap(cli: Cli) -> None:
    """A JSON error whose message comes after 100 KiB of padding: cut at 64 KiB it is no JSON any more, so what is
    shown is the start of the page, one short line; read whole, the message at its end would be shown."""
    body = json.dumps({"padding": "x" * 100_000, "code": "far_away", "message": "read past the cap"})
    cli.fakebox.inject("status", operation="create_upload_session", status=400, raw_body=body)
    source = make_file(cli.work, "big.bin", SIZE)
    result = cli.run("upload", str(source), "--folder", "0")
    assert result.code == 1
    assert len(result.stderr.splitlines()) == 1, result.stderr
    (line,) = result.stderr.splitlines()
    assert "read past the cap" not in line
    assert "far_away" not in line
    assert line.startswith("boxup: error: Box refused the request (HTTP 400 - non-JSON error page: {")
    assert len(line) < 400


def test_control_characters_in_an_error_message_never_reach_the_terminal(cli: Cli) -> None:
    message = "evil\x1b[2J\x1b]0;owned\x07\r\nsecond line\u202e" + "y" * 2000
    cli.fakebox.inject("status", operation="create_upload_session", status=400, code="bad_request", message=message)
    source = make_file(cli.work, "big.bin", SIZE)
    result = cli.run("upload", str(source), "--folder", "0")  # assert_clean: no ESC, no CR
    assert result.code == 1
    assert len(result.stderr.splitlines()) == 1, result.stderr
    (line,) = result.stderr.splitlines()
    server_text = line.split(" - ", 1)[1].rsplit(") (request id", 1)[0]
    assert server_text.startswith("evil [2J ]0;owned second line yyy")
    assert server_text.endswith("…")
    assert len(server_text) == 300


def test_a_redirect_is_reported_with_its_host_and_not_followed(cli: Cli) -> None:
    cli.fakebox.inject(
        "status", operation="create_upload_session", status=307, location="https://login.proxy.example/sso?x=1"
    )
    source = make_file(cli.work, "big.bin", SIZE)
    result = cli.run("upload", str(source), "--folder", "0")
    assert result.code == 1
    assert result.stderr == (
        "boxup: error: Box answered with a redirect to login.proxy.example, which boxup does not follow\n"
    )
    assert cli.fakebox.sessions == []


def test_digest_mismatch_from_box_says_the_file_changed(cli: Cli) -> None:
    cli.fakebox.inject("status", operation="upload_part", status=400, code="digest_mismatch", nth=2)
    source = make_file(cli.work, "big.bin", SIZE)
    result = cli.run("upload", str(source), "--folder", "0", "--concurrency", "1")
    assert result.code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"boxup: error: {source} changed during the upload; nothing was committed; "
        "run the upload again once the file is stable"
    )
    assert cli.fakebox.count("abort_upload_session", 204) == 1
    assert cli.records() == []


if sys.platform != "linux":  # pragma: no cover - unshare and nsenter are Linux's
    pytestmark = pytest.mark.skip("mount namespaces are Linux-only")
