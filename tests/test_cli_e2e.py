"""The `boxup` command as a user runs it: a real subprocess against the emulator (tests/fakebox).

Every test checks what arrived on the emulator by SHA-1 where bytes were sent, and that the token never shows in
stdout, stderr or the state directory; progress here goes to a pipe, so it must hold no control codes.
The emulator's chunked minimum is 1 MiB with 256 KiB parts; BOXUP_CHUNKED_THRESHOLD makes boxup use it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.fakebox import FakeBox

MiB = 1024 * 1024
REPO = Path(__file__).resolve().parents[1]


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


@dataclass
class Cli:
    """How to run `boxup` against this test's emulator, with a private state directory."""

    fakebox: FakeBox
    state_dir: Path
    work: Path

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BOX_", "BOXUP_"))}
        env |= {
            "BOX_ACCESS_TOKEN": self.fakebox.token,
            "BOX_API_URL": self.fakebox.api_url,
            "BOX_UPLOAD_URL": self.fakebox.upload_url,
            "BOX_OAUTH_URL": self.fakebox.oauth_url,
            "BOXUP_STATE_DIR": str(self.state_dir),
            "BOXUP_CHUNKED_THRESHOLD": str(self.fakebox.min_chunked_size),
            "PYTHONUNBUFFERED": "1",
        }
        return env | extra

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "boxup_cli", *args]

    def run(self, *args: str, env: dict[str, str] | None = None, timeout: float = 60) -> Run:
        done = subprocess.run(
            self.command(*args),
            capture_output=True,  # bytes: text mode would turn a stray \r into \n and hide it
            env=env or self.env(),
            timeout=timeout,
            cwd=self.work,
            check=False,
        )
        result = Run(done.returncode, done.stdout.decode(), done.stderr.decode())
        self.assert_clean(result)
        return result

    def popen(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            self.command(*args),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env or self.env(),
            cwd=self.work,
        )

    @staticmethod
    def finish(proc: subprocess.Popen[bytes], timeout: float) -> Run:
        stdout, stderr = proc.communicate(timeout=timeout)
        return Run(proc.returncode, stdout.decode(), stderr.decode())

    def assert_clean(self, result: Run) -> None:
        """No token anywhere we write, no traceback, and no terminal control codes when stderr is a pipe."""
        token = self.fakebox.token
        assert token not in result.stdout
        assert token not in result.stderr
        for path in self.state_dir.rglob("*") if self.state_dir.exists() else []:
            if path.is_file():
                assert token not in path.read_text(errors="replace"), path
        assert "Traceback" not in result.stderr, result.stderr
        assert "\x1b" not in result.stderr, "control codes in piped progress"
        assert "\r" not in result.stderr, "carriage returns in piped progress"

    def records(self) -> list[Path]:
        return sorted(self.state_dir.glob("*.json")) if self.state_dir.exists() else []


@pytest.fixture
def cli(fakebox: FakeBox, tmp_path: Path) -> Cli:
    work = tmp_path / "work"
    work.mkdir()
    return Cli(fakebox, tmp_path / "state", work)


def make_file(directory: Path, name: str, size: int, seed: int = 1) -> Path:
    """Deterministic, incompressible-looking content; different seeds give different bytes at every part."""
    block = hashlib.sha256(f"{seed}".encode()).digest() * 4096  # 128 KiB
    data = (block * (size // len(block) + 1))[:size]
    path = directory / name
    path.write_bytes(data)
    return path


def sha1_of(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def one_json_object(stdout: str) -> dict[str, Any]:
    """stdout with --json is exactly one JSON object on one line."""
    assert stdout.endswith("\n"), stdout
    assert stdout.count("\n") == 1, stdout
    document = json.loads(stdout)
    assert isinstance(document, dict)
    return document


# --- uploads ----------------------------------------------------------------------------------------------------


def test_new_file_chunked_json(cli: Cli) -> None:
    source = make_file(cli.work, "video.bin", 3 * MiB + 123)
    result = cli.run("upload", str(source), "--folder", "0", "--json")
    assert result.code == 0, result.stderr
    document = one_json_object(result.stdout)
    assert document["type"] == "file"
    assert document["name"] == "video.bin"
    assert document["size"] == source.stat().st_size
    assert document["sha1"] == sha1_of(source)
    file_id = str(document["id"])
    assert cli.fakebox.file_sha1(file_id) == sha1_of(source)
    assert cli.fakebox.file_bytes(file_id) == source.read_bytes()
    assert cli.fakebox.count("commit_upload_session", 201) == 1, "a file this size must take the chunked path"
    assert "uploading video.bin" in result.stderr  # plain progress lines, since stderr is a pipe
    assert cli.records() == [], "a finished upload leaves no resume record"


def test_new_version_human_summary(cli: Cli) -> None:
    source = make_file(cli.work, "cut.mov", 2 * MiB, seed=2)
    file_id = cli.fakebox.seed_file_id
    result = cli.run("upload", str(source), "--file", file_id)
    assert result.code == 0, result.stderr
    assert cli.fakebox.file_sha1(file_id) == sha1_of(source)
    lines = dict(line.split(None, 1) for line in result.stdout.replace("file id", "file_id").splitlines())
    assert lines["uploaded"] == "Project.mov"  # a new version keeps the file's name
    assert lines["file_id"].startswith(f"{file_id} (version ")
    assert lines["sha1"] == sha1_of(source)
    assert lines["size"] == f"2.0 MiB ({2 * MiB} bytes)"
    assert "/s average" in lines["time"]


def test_small_file_goes_direct_with_name_and_mtime(cli: Cli) -> None:
    source = make_file(cli.work, "notes.txt", 1000, seed=3)
    result = cli.run(
        "upload", str(source), "--folder", "0", "--name", "Notes 2024.txt",
        "--content-modified-at", "2024-05-01T12:30:00Z", "--json", "--quiet",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert result.stderr == ""  # --quiet: no progress at all
    document = one_json_object(result.stdout)
    assert document["name"] == "Notes 2024.txt"
    modified = dt.datetime.fromisoformat(str(document["content_modified_at"]))
    assert modified == dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC)  # Box answers in its own time zone
    assert cli.fakebox.file_sha1(str(document["id"])) == sha1_of(source)
    assert cli.fakebox.count("create_upload_session") == 0


def test_concurrency_flag_bounds_parts_in_flight(cli: Cli) -> None:
    source = make_file(cli.work, "par.bin", 3 * MiB, seed=4)
    cli.fakebox.configure(latency=0.05)
    result = cli.run("upload", str(source), "--folder", "0", "--concurrency", "2", "--quiet")
    assert result.code == 0, result.stderr
    assert cli.fakebox.counters["max_concurrent_part_uploads"] <= 2


def test_verbose_log_has_request_ids_and_timings_but_no_token(cli: Cli) -> None:
    source = make_file(cli.work, "v.bin", 2 * MiB, seed=5)
    result = cli.run("upload", str(source), "--folder", "0", "--quiet", "-v")
    assert result.code == 0, result.stderr
    debug = [line for line in result.stderr.splitlines() if line.startswith("debug ")]
    assert any("create upload session" in line and "request id" in line and " ms" in line for line in debug)
    assert any("commit upload session" in line for line in debug)
    assert any(line.split()[-1] == "parts)" and " in " in line for line in debug if "part " in line)
    assert result.stdout.startswith("uploaded")


def test_token_file_is_used_and_never_shown(cli: Cli) -> None:
    source = make_file(cli.work, "tf.bin", 1500, seed=6)
    token_file = cli.work / "token"
    token_file.write_text(cli.fakebox.token + "\n")
    token_file.chmod(0o600)
    env = cli.env()
    del env["BOX_ACCESS_TOKEN"]
    result = cli.run("upload", str(source), "--folder", "0", "--token-file", str(token_file), "-v", env=env)
    assert result.code == 0, result.stderr
    assert cli.fakebox.requests[-1]["authorization"]


def test_a_rejected_token_file_is_named_in_the_error(cli: Cli) -> None:
    source = make_file(cli.work, "tf-bad.bin", 1500, seed=6)
    token_file = cli.work / "token"
    token_file.write_text("not-the-token\n")
    token_file.chmod(0o600)
    env = cli.env()
    del env["BOX_ACCESS_TOKEN"]
    result = cli.run("upload", str(source), "--folder", "0", "--token-file", str(token_file), env=env)
    assert result.code == 1
    assert error_line(result).startswith(
        f"boxup: error: token rejected — check the token in {token_file} (--token-file) (request id "
    )


def test_refused_client_credentials_name_where_they_were_set(cli: Cli) -> None:
    source = make_file(cli.work, "ccg-bad.bin", 1500, seed=7)
    env = cli.env(
        BOX_CLIENT_ID=cli.fakebox.client_id,
        BOX_CLIENT_SECRET="not-the-secret",
        BOX_SUBJECT_TYPE="enterprise",
        BOX_SUBJECT_ID="11111",
    )
    del env["BOX_ACCESS_TOKEN"]
    result = cli.run("upload", str(source), "--folder", "0", env=env)
    assert result.code == 1
    line = error_line(result)
    assert line.startswith("boxup: error: token request refused by Box (")
    assert line.endswith(
        "check the client id, secret and subject (the Client Credentials Grant settings (env BOX_CLIENT_ID, "
        "env BOX_CLIENT_SECRET, env BOX_SUBJECT_TYPE, env BOX_SUBJECT_ID))"
    )
    assert cli.fakebox.requests_for("create_upload_session") == []


def test_client_credentials_grant(cli: Cli) -> None:
    source = make_file(cli.work, "ccg.bin", 2 * MiB, seed=7)
    env = cli.env(
        BOX_CLIENT_ID=cli.fakebox.client_id,
        BOX_CLIENT_SECRET=cli.fakebox.client_secret,
        BOX_SUBJECT_TYPE="enterprise",
        BOX_SUBJECT_ID="11111",
    )
    del env["BOX_ACCESS_TOKEN"]
    result = cli.run("upload", str(source), "--folder", "0", "--json", "-v", env=env)
    assert result.code == 0, result.stderr
    assert cli.fakebox.client_secret not in result.stderr + result.stdout
    assert cli.fakebox.file_sha1(str(one_json_object(result.stdout)["id"])) == sha1_of(source)


# --- failures: one line, exit 1, the next step ------------------------------------------------------------------


def without_request_id(line: str) -> str:
    """The error line minus the trailing "(request id ...)" Box's answer carried, which differs every run."""
    match = re.fullmatch(r"(.*) \(request id [0-9a-f]+\)", line)
    assert match, line
    return match.group(1)


def error_line(result: Run) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith("boxup: ")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_name_in_use_names_the_existing_file(cli: Cli) -> None:
    source = make_file(cli.work, "dup.bin", 2 * MiB, seed=8)
    first = cli.run("upload", str(source), "--folder", "0", "--json", "--quiet")
    existing = str(one_json_object(first.stdout)["id"])
    make_file(cli.work, "dup.bin", 2 * MiB, seed=80)  # same name, other bytes
    second = cli.run("upload", str(source), "--folder", "0", "--json")
    assert second.code == 1
    assert second.stdout == ""
    line = error_line(second)
    assert f"already exists in folder 0 (file id {existing})" in line
    assert f"boxup upload {source} --file {existing}" in line
    assert "request id" in line


def test_rerunning_an_upload_whose_bytes_are_already_there_succeeds(cli: Cli) -> None:
    source = make_file(cli.work, "again.bin", 2 * MiB, seed=81)
    first = cli.run("upload", str(source), "--folder", "0", "--json", "--quiet")
    second = cli.run("upload", str(source), "--folder", "0", "--json")
    assert second.code == 0, second.stderr
    assert one_json_object(second.stdout)["id"] == one_json_object(first.stdout)["id"]
    assert "already on Box" in second.stderr
    assert cli.fakebox.count("create_upload_session", 201) == 1


def test_missing_folder_and_file(cli: Cli) -> None:
    source = make_file(cli.work, "nf.bin", 2 * MiB, seed=9)
    folder = cli.run("upload", str(source), "--folder", "987654")
    assert folder.code == 1
    assert "folder 987654 not found" in error_line(folder)
    file = cli.run("upload", str(source), "--file", "987654")
    assert file.code == 1
    assert "file 987654 not found" in error_line(file)


def test_rejected_token(cli: Cli) -> None:
    source = make_file(cli.work, "auth.bin", 2 * MiB, seed=10)
    result = cli.run("upload", str(source), "--folder", "0", "-v", env=cli.env(BOX_ACCESS_TOKEN="not-the-token"))
    assert result.code == 1
    assert error_line(result).startswith(
        "boxup: error: token rejected — check the access token (env BOX_ACCESS_TOKEN) (request id "
    )
    assert "not-the-token" not in result.stderr
    assert any(line.startswith("debug ") and "failed: ApiError" in line for line in result.stderr.splitlines())


@pytest.mark.parametrize(
    ("setting", "phrase"),
    [({"storage_quota": "1MiB"}, "out of storage"), ({"max_file_size": "1MiB"}, "larger than this Box account")],
    ids=["storage", "file-size"],
)
def test_account_limits(cli: Cli, setting: dict[str, str], phrase: str) -> None:
    cli.fakebox.configure(**setting)
    source = make_file(cli.work, "limit.bin", 2 * MiB, seed=11)
    result = cli.run("upload", str(source), "--folder", "0")
    assert result.code == 1
    assert phrase in error_line(result)


def test_session_expired_mid_upload(cli: Cli) -> None:
    cli.fakebox.inject(operation="upload_part", status=410, code="session_expired", nth=2)
    source = make_file(cli.work, "exp.bin", 2 * MiB, seed=12)
    result = cli.run("upload", str(source), "--folder", "0")
    assert result.code == 1
    assert without_request_id(error_line(result)) == (
        "boxup: error: the upload session expired on Box (sessions last 7 days); run the upload again to start afresh"
    )
    assert result.stdout == ""


def test_a_forbidden_folder_is_named_with_boxs_code(cli: Cli) -> None:
    cli.fakebox.inject(operation="create_upload_session", status=403, code="access_denied_insufficient_permissions")
    source = make_file(cli.work, "denied.bin", 2 * MiB, seed=14)
    result = cli.run("upload", str(source), "--folder", "0")
    assert result.code == 1
    assert result.stdout == ""
    assert without_request_id(error_line(result)) == (
        "boxup: error: access denied (access_denied_insufficient_permissions): this account may not upload to "
        "folder 0; check its permissions"
    )


def test_a_conflict_other_than_a_name_in_use_repeats_boxs_code_and_message(cli: Cli) -> None:
    cli.fakebox.inject(
        operation="create_upload_session", status=409, code="operation_blocked_temporary", message="try later"
    )
    source = make_file(cli.work, "blocked.bin", 2 * MiB, seed=15)
    result = cli.run("upload", str(source), "--folder", "0")
    assert result.code == 1
    assert result.stdout == ""
    assert without_request_id(error_line(result)) == (
        "boxup: error: Box reported a conflict (operation_blocked_temporary): try later"
    )


def test_retries_used_up_keeps_the_session_and_the_hint_finishes_it(cli: Cli) -> None:
    """A failure that outlasts the retry policy exits 1, keeps the session and prints a resume command that works."""
    cli.fakebox.inject(operation="upload_part", status=503, code="unavailable", nth=3)
    source = make_file(cli.work, "flaky bin.bin", 2 * MiB, seed=13)
    result = cli.run("upload", str(source), "--folder", "0", env=cli.env(BOXUP_MAX_ATTEMPTS="1"))
    assert result.code == 1
    line = error_line(result)
    assert "upload stopped" in line
    assert "kept" in line
    hint = line.split("To finish the upload run: ", 1)[1].split(" (or discard it")[0]
    assert hint == f"boxup resume '{source}'"
    assert len(cli.records()) == 1
    resumed = cli.run("resume", str(source), "--json")
    assert resumed.code == 0, resumed.stderr
    file_id = str(one_json_object(resumed.stdout)["id"])
    assert cli.fakebox.file_sha1(file_id) == sha1_of(source)
    assert cli.records() == []


# --- sessions ---------------------------------------------------------------------------------------------------


def interrupted_upload(cli: Cli, name: str, seed: int) -> tuple[Path, str]:
    """An upload stopped by a persistent 503 on one part: a live session on the emulator and a local record."""
    before = set(cli.records())
    rule = cli.fakebox.inject(operation="upload_part", status=503, nth=4)
    source = make_file(cli.work, name, 2 * MiB, seed=seed)
    result = cli.run("upload", str(source), "--folder", "0", "--quiet", env=cli.env(BOXUP_MAX_ATTEMPTS="1"))
    assert result.code == 1, result.stderr
    assert cli.fakebox.counters["faults_fired"].get(rule) == 1
    cli.fakebox.clear_faults()
    (record,) = set(cli.records()) - before
    return source, record.stem


def test_sessions_list_show_abort(cli: Cli) -> None:
    source, session_id = interrupted_upload(cli, "s.bin", seed=14)

    listed = cli.run("sessions", "list", "--json")
    assert listed.code == 0
    (entry,) = json.loads(listed.stdout)["entries"]
    assert entry["session_id"] == session_id
    assert entry["source"]["path"] == str(source)
    table = cli.run("sessions", "list")
    assert session_id in table.stdout
    assert str(source) in table.stdout

    cli.fakebox.clear_requests()
    shown = cli.run("sessions", "show", session_id, "--json")
    assert shown.code == 0, shown.stderr
    assert [r["operation"] for r in cli.fakebox.requests] == ["get_upload_session", "list_upload_parts"]
    status = one_json_object(shown.stdout)
    assert status["id"] == session_id
    assert status["total_parts"] == 8
    assert 0 < len(status["parts"]) < 8
    human = cli.run("sessions", "show", session_id)
    assert "parts on Box" in human.stdout

    aborted = cli.run("sessions", "abort", session_id)
    assert aborted.code == 0, aborted.stderr
    assert cli.records() == []
    assert cli.fakebox.count("abort_upload_session", 204) == 1
    gone = cli.run("sessions", "show", session_id)
    assert gone.code == 1
    assert f"session {session_id} is not known to Box" in error_line(gone)


def test_resume_all_without_path(cli: Cli) -> None:
    first, _ = interrupted_upload(cli, "a.bin", seed=15)
    second, _ = interrupted_upload(cli, "b.bin", seed=16)
    result = cli.run("resume", "--json")
    assert result.code == 0, result.stderr
    entries = one_json_object(result.stdout)["entries"]
    assert sorted(e["name"] for e in entries) == ["a.bin", "b.bin"]
    by_name = {e["name"]: e["id"] for e in entries}
    assert cli.fakebox.file_sha1(by_name["a.bin"]) == sha1_of(first)
    assert cli.fakebox.file_sha1(by_name["b.bin"]) == sha1_of(second)
    assert cli.records() == []


def test_python_dash_m_and_version(cli: Cli) -> None:
    result = cli.run("--version")
    assert result.code == 0
    assert result.stdout.startswith("boxup ")


def test_same_upload_command_again_resumes(cli: Cli) -> None:
    source, session_id = interrupted_upload(cli, "again.bin", seed=17)
    held = len(cli.fakebox.session(session_id)["parts"])
    result = cli.run("upload", str(source), "--folder", "0")
    assert result.code == 0, result.stderr
    assert f"resumed: {held} parts were already on Box" in result.stdout
    assert cli.fakebox.count("create_upload_session") == 1  # no second session
    assert cli.fakebox.session(session_id)["committed_file_id"] is not None


def test_no_resume_starts_afresh(cli: Cli) -> None:
    source, session_id = interrupted_upload(cli, "fresh.bin", seed=18)
    result = cli.run("upload", str(source), "--folder", "0", "--no-resume", "--json")
    assert result.code == 0, result.stderr
    assert cli.fakebox.count("create_upload_session") == 2
    assert session_id not in [s["id"] for s in cli.fakebox.sessions]  # the old session was aborted, not orphaned
    assert cli.fakebox.count("abort_upload_session") == 1
    assert cli.fakebox.file_sha1(str(one_json_object(result.stdout)["id"])) == sha1_of(source)


def test_a_retried_part_is_reported_and_the_upload_completes(cli: Cli) -> None:
    cli.fakebox.inject(operation="upload_part", status=500, code="internal_server_error", nth=2)
    source = make_file(cli.work, "retry.bin", 2 * MiB, seed=19)
    result = cli.run("upload", str(source), "--folder", "0", "--json")
    assert result.code == 0, result.stderr
    assert any(line.startswith("part ") and " retried: " in line for line in result.stderr.splitlines())
    assert cli.fakebox.file_sha1(str(one_json_object(result.stdout)["id"])) == sha1_of(source)
