"""Resume records through the real `boxup` process: bad ones are skipped with one warning each and never block the
good ones (issue 11, item 4); only the user's own private records are ever used (item 5)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.test_cli_e2e import Cli, MiB, cli, interrupted_upload, make_file, one_json_object, sha1_of

__all__ = ["cli"]  # the fixture, re-exported for pytest

OTHER_UID = 4242


def plant(cli: Cli, name: str, content: object, *, mode: int = 0o600, uid: int | None = None) -> Path:
    path = cli.state_dir / f"{name}.json"
    path.write_text(json.dumps(content))
    path.chmod(mode)
    if uid is not None:
        os.chown(path, uid, -1)
    return path


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("boxup: WARNING: ")]


def forged_record(cli: Cli, victim: Path, session_id: str) -> dict[str, object]:
    """What an attacker writes: a well-formed record sending ``victim`` to folder 0 through a made-up session."""
    st = victim.stat()
    return {
        "version": 1,
        "session_id": session_id,
        "session_endpoints": {},
        "part_size": 256 * 1024,
        "total_parts": 8,
        "expires_at": None,
        "destination": {"folder_id": "0", "file_id": None, "name": "exfiltrated.bin"},
        "source": {"path": str(victim), "size": st.st_size, "mtime_ns": st.st_mtime_ns, "inode": st.st_ino},
        "upload_url": cli.fakebox.upload_url,
        "content_modified_at": None,
    }


def test_sessions_list_skips_bad_records_with_one_warning_each(cli: Cli) -> None:
    source, session_id = interrupted_upload(cli, "good.bin", seed=31)
    junk = plant(cli, "JUNK", [1, 2, 3])
    typed = plant(cli, "TYPED", {"version": 1, "session_id": "TYPED", "part_size": "big"})
    listed = cli.run("sessions", "list", "--json")
    assert listed.code == 0, listed.stderr
    (entry,) = one_json_object(listed.stdout)["entries"]
    assert entry["session_id"] == session_id
    assert entry["source"]["path"] == str(source)
    assert sorted(warnings(listed.stderr)) == [
        f"boxup: WARNING: ignoring resume record {junk}: not a JSON object but a list",
        f"boxup: WARNING: ignoring resume record {typed}: field 'session_endpoints' is missing or not a dict",
    ]


def test_resume_finishes_the_good_upload_beside_a_bad_record(cli: Cli) -> None:
    source, _ = interrupted_upload(cli, "good.bin", seed=32)
    junk = plant(cli, "JUNK", [1, 2, 3])
    result = cli.run("resume", "--json")
    assert result.code == 0, result.stderr
    (entry,) = one_json_object(result.stdout)["entries"]
    assert cli.fakebox.file_sha1(entry["id"]) == sha1_of(source)
    assert warnings(result.stderr) == [f"boxup: WARNING: ignoring resume record {junk}: not a JSON object but a list"]
    assert [p.name for p in cli.records()] == ["JUNK.json"]  # not ours to delete


def test_a_planted_record_of_another_user_is_never_used(cli: Cli) -> None:
    victim = make_file(cli.work, "private.bin", 2 * MiB, seed=33)
    cli.state_dir.mkdir(mode=0o700)
    planted = plant(cli, "FORGED1", forged_record(cli, victim, "FORGED1"), uid=OTHER_UID)
    loose = plant(cli, "FORGED2", forged_record(cli, victim, "FORGED2"), mode=0o644)
    cli.fakebox.clear_requests()
    result = cli.run("resume")
    assert result.code == 0, result.stderr
    assert f"nothing to resume: no interrupted uploads are recorded in {cli.state_dir}" in result.stderr
    assert sorted(warnings(result.stderr)) == [
        f"boxup: WARNING: ignoring resume record {planted}: it is owned by uid {OTHER_UID}, not by this user",
        f"boxup: WARNING: ignoring resume record {loose}: its mode 0644 lets group or others in",
    ]
    assert cli.fakebox.requests == [], "a planted record made boxup talk to Box"
    named = cli.run("resume", str(victim))
    assert named.code == 2
    assert named.stderr.splitlines()[-1] == (
        f"boxup: error: no interrupted upload of {victim} is recorded in {cli.state_dir}"
    )
    assert cli.fakebox.requests == []


def test_records_in_a_state_dir_others_may_write_are_not_used(cli: Cli) -> None:
    interrupted_upload(cli, "good.bin", seed=34)
    cli.state_dir.chmod(0o777)
    listed = cli.run("sessions", "list", "--json")
    assert listed.code == 0
    assert one_json_object(listed.stdout)["entries"] == []
    assert warnings(listed.stderr) == [
        f"boxup: WARNING: ignoring the resume records in {cli.state_dir}: the directory is not private "
        "(its mode 0777 lets group or others write)"
    ]
