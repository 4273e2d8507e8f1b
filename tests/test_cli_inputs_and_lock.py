"""Issue 11, items 6 and 10 through the real `boxup` process: one run per upload, and the inputs that used to be
guessed at (an empty --name, a trailing slash on a file, a symlink)."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from tests.test_cli_e2e import Cli, MiB, cli, make_file, one_json_object
from tests.test_cli_interrupt import wait_for

__all__ = ["cli"]  # the fixture, shared from test_cli_e2e

SIZE = 2 * MiB  # 8 parts of 256 KiB: chunked on the emulator


@pytest.mark.parametrize("dest", [["--folder", "0"], ["--file", "12345"]])
def test_an_empty_name_is_refused_and_nothing_is_sent(cli: Cli, dest: list[str]) -> None:
    source = make_file(cli.work, "data.bin", 1000)
    result = cli.run("upload", str(source), *dest, "--name", "")
    assert (result.code, result.stderr) == (2, "boxup: error: the name is empty\n")
    assert cli.fakebox.requests == []


def test_a_trailing_slash_on_a_regular_file_is_refused_and_nothing_is_sent(cli: Cli) -> None:
    source = make_file(cli.work, "data.bin", 1000)
    result = cli.run("upload", f"{source}/", "--folder", "0")
    assert result.code == 2
    assert result.stderr == (
        f"boxup: error: {source}/: not a directory (the path ends with a slash, but names a regular file)\n"
    )
    assert cli.fakebox.requests == []


@pytest.mark.parametrize("size", [1000, SIZE], ids=["direct", "chunked"])
def test_a_symlink_uploads_its_targets_bytes_under_the_links_name(cli: Cli, size: int) -> None:
    target = make_file(cli.work, "target-v7.bin", size, seed=5)
    link = cli.work / "latest.bin"
    link.symlink_to(target.name)
    result = cli.run("upload", str(link), "--folder", "0", "--json")
    assert result.code == 0, result.stderr
    uploaded = one_json_object(result.stdout)
    assert uploaded["name"] == "latest.bin"
    assert cli.fakebox.file_bytes(str(uploaded["id"])) == target.read_bytes()


def start_slow_upload(cli: Cli, source: Path, *args: str) -> subprocess.Popen[bytes]:
    """``source`` (a file, or a directory: a tree run) uploading under folder 0, one part at a time, slowly."""
    cli.fakebox.configure(bandwidth="128KiB")
    proc = cli.popen("upload", str(source), "--folder", "0", "--concurrency", "1", *args)
    wait_for(lambda: cli.fakebox.count("upload_part", 200) >= 1, what="a first part on the emulator")
    assert proc.poll() is None, "the first upload finished too soon"
    return proc


@pytest.mark.parametrize("second", ["upload", "resume"])
def test_a_second_run_of_the_same_upload_fails_at_once_and_leaves_the_first_undisturbed(cli: Cli, second: str) -> None:
    source = make_file(cli.work, "big.bin", SIZE, seed=8)
    first = start_slow_upload(cli, source)
    args = ["upload", str(source), "--folder", "0"] if second == "upload" else ["resume", str(source)]
    rival = cli.run(*args)
    assert rival.code == 1
    assert rival.stderr.strip().splitlines()[-1] == (
        f"boxup: error: {source} is already being uploaded by process {first.pid}"
    )
    cli.fakebox.configure(bandwidth=None)
    done = cli.finish(first, timeout=60)
    assert done.code == 0, done.stderr
    assert cli.fakebox.count("upload_part", 416) == 0
    # The rival sent no part: a part sent twice (into the first run's session) would make more than 8.
    assert cli.fakebox.counters["requests_started"]["upload_part"] == 8
    (session,) = cli.fakebox.sessions
    assert cli.fakebox.file_bytes(str(session["committed_file_id"])) == source.read_bytes()
    assert cli.records() == []


def test_kill_9_releases_the_lock_and_the_next_run_resumes(cli: Cli) -> None:
    source = make_file(cli.work, "big.bin", SIZE, seed=9)
    first = start_slow_upload(cli, source)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    cli.fakebox.configure(bandwidth=None)
    again = cli.run("upload", str(source), "--folder", "0", "--json")
    assert again.code == 0, again.stderr
    assert cli.fakebox.file_bytes(str(one_json_object(again.stdout)["id"])) == source.read_bytes()
    assert len(cli.fakebox.sessions) == 1  # the same session was resumed, not a new one


def test_a_second_tree_run_over_one_directory_says_its_big_file_is_already_being_uploaded(cli: Cli) -> None:
    tree = cli.work / "tree"
    tree.mkdir()
    source = make_file(tree, "big.bin", SIZE, seed=10)
    first = start_slow_upload(cli, tree)
    rival = cli.run("upload", str(tree), "--folder", "0")
    assert rival.code == 1
    assert f"boxup: failed: tree/big.bin: {source} is already being uploaded by process {first.pid}\n" in rival.stderr
    cli.fakebox.configure(bandwidth=None)
    done = cli.finish(first, timeout=60)
    assert done.code == 0, done.stderr
    # The rival sent no part: a part sent twice (into the first run's session) would make more than 8.
    assert cli.fakebox.counters["requests_started"]["upload_part"] == 8
    (session,) = cli.fakebox.sessions
    assert cli.fakebox.file_bytes(str(session["committed_file_id"])) == source.read_bytes()
    assert cli.records() == []


def test_a_tree_with_a_big_file_and_an_unusable_state_dir_is_refused_before_anything_is_sent(cli: Cli) -> None:
    tree = cli.work / "tree"
    tree.mkdir()
    make_file(tree, "big.bin", SIZE, seed=11)
    make_file(tree, "small.txt", 100, seed=12)
    cli.state_dir.write_text("a file where the state directory should be")
    result = cli.run("upload", str(tree), "--folder", "0")
    assert result.code == 2
    assert result.stderr == (
        f"boxup: error: the state directory {cli.state_dir} is not a directory; "
        "choose another with --state-dir or BOXUP_STATE_DIR\n"
    )
    assert cli.fakebox.requests == []  # no folder, no session, not even the small file


def test_a_tree_of_small_files_needs_no_usable_state_dir(cli: Cli) -> None:
    tree = cli.work / "tree"
    tree.mkdir()
    make_file(tree, "small.txt", 100, seed=13)
    cli.state_dir.write_text("a file where the state directory should be")
    result = cli.run("upload", str(tree), "--folder", "0")
    assert result.code == 0, result.stderr
    assert cli.fakebox.count("upload_file", 201) == 1
