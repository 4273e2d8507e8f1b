"""Issue 11, item 7: name conflicts reported for what they are, through the real `boxup` process.

Renaming a file (``--file ID --name NEW``) onto a name another file in its folder holds is a refusal, whatever that
other file holds; "these exact bytes are already on Box" is a success only where it is true: a new file in a
folder, or a conflict with the very file asked for, on ``upload`` and on ``resume`` alike.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.test_cli_e2e import Cli, MiB, cli, make_file, one_json_object
from tests.test_cli_interrupt import wait_for

__all__ = ["cli"]  # the fixture, shared from test_cli_e2e

SEED_FILE = "12345"


@pytest.mark.parametrize("size", [1000, 2 * MiB], ids=["direct", "chunked"])
@pytest.mark.parametrize("same_bytes", [True, False], ids=["same-bytes", "other-bytes"])
def test_renaming_onto_a_taken_name_is_refused_whatever_the_other_file_holds(
    cli: Cli, size: int, same_bytes: bool
) -> None:
    source = make_file(cli.work, "v2.bin", size, seed=6)
    other = cli.fakebox.add_file("Taken.bin", source.read_bytes() if same_bytes else b"other bytes")
    before = cli.fakebox.file_bytes(SEED_FILE)
    result = cli.run("upload", str(source), "--file", SEED_FILE, "--name", "Taken.bin", "--json")
    assert result.code == 1, result.stderr
    assert result.stdout == ""
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith(
            f"boxup: error: cannot rename file {SEED_FILE} to 'Taken.bin': file {other} in its folder already has "
            "that name; choose another --name, or drop --name (request id "
        )
    )
    assert cli.fakebox.file_bytes(SEED_FILE) == before  # not updated
    assert cli.records() == []


@pytest.mark.parametrize("size", [1000, 2 * MiB], ids=["direct", "chunked"])
def test_a_new_file_whose_bytes_are_already_there_under_its_name_is_a_success(cli: Cli, size: int) -> None:
    source = make_file(cli.work, "same.bin", size, seed=7)
    existing = cli.fakebox.add_file("same.bin", source.read_bytes())
    result = cli.run("upload", str(source), "--folder", "0", "--json")
    assert result.code == 0, result.stderr
    assert str(one_json_object(result.stdout)["id"]) == existing


def test_resume_of_an_upload_that_already_landed_is_a_success(cli: Cli) -> None:
    """The process died between Box's commit and removing its record: the record outlives the session."""
    source = make_file(cli.work, "landed.bin", 2 * MiB, seed=8)
    cli.fakebox.inject("delay", operation="commit_upload_session", delay=1.5)
    proc = cli.popen("upload", str(source), "--folder", "0", "--json")
    wait_for(lambda: cli.fakebox.count("commit_upload_session") >= 1, what="the commit")
    (record,) = cli.records()
    kept = cli.state_dir / "kept"
    shutil.copy2(record, kept)
    done = cli.finish(proc, timeout=60)
    assert done.code == 0, done.stderr
    landed = str(one_json_object(done.stdout)["id"])
    os.replace(kept, record)  # as if killed after the commit
    os.chmod(record, 0o600)
    (session,) = cli.fakebox.sessions
    cli.fakebox.expire_session(session["id"])  # Box forgets a finished session; the emulator keeps it otherwise
    resumed = cli.run("resume", str(source), "--json")
    assert resumed.code == 0, resumed.stderr
    assert str(one_json_object(resumed.stdout)["id"]) == landed
    assert "already on Box with these exact bytes" in resumed.stderr
    assert cli.records() == []
