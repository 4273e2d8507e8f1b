"""Secrets and files: the token (and the CCG secret) never shows in any output, debug log (-v), error or state file,
whatever fault the run meets; state files are private and written atomically; plain http to a non-loopback host and
a --token-file others can read are refused before anything is sent.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boxup
import pytest

from tests.fakebox.handle import FakeBox
from tests.reliability.harness import REPO, Cli, emulator, leaks, state_texts, write_random
from tests.reliability.profile import Profile
from tests.reliability.results import Results

MiB = 1024 * 1024
# A token-shaped string as the emulator issues them (secrets.token_urlsafe(24)); hex ids are not token-shaped.
TOKEN_SHAPED = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])")
CHECKED: list[str] = []


def token_shaped(text: str) -> list[str]:
    return [m for m in TOKEN_SHAPED.findall(text) if not re.fullmatch(r"[0-9a-fA-F]{32}", m)]


@pytest.fixture(scope="module")
def box(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeBox]:
    work = tmp_path_factory.mktemp("secrets")
    with emulator(work / "box", "--min-chunked-size", "1MiB", "--part-size", "256KiB") as handle:
        yield handle


@pytest.fixture(scope="module", autouse=True)
def report(results: Results) -> Iterator[None]:
    yield
    results.add_section(
        "Secrets and files",
        [
            "Every run below used a token issued by the emulator for that run (random, 32 characters) or CCG "
            "credentials, with `-v`; the token, the client secret and any token-shaped string were looked for in "
            "stdout, stderr and every file under the state directory.",
            "",
            *(f"- {line}" for line in CHECKED),
        ],
    )


def _cli(box: FakeBox, tmp_path: Path) -> Cli:
    box.reset(min_chunked_size=MiB, part_size=256 * 1024)
    token = str(box.issue_token(lifetime=3600)["access_token"])
    return Cli(box, tmp_path / "state", token, threshold=MiB)


# (name, faults to inject, extra env, expected exit codes)
RUNS: list[tuple[str, list[dict[str, Any]], dict[str, str], set[int]]] = [
    ("clean upload", [], {}, {0}),
    ("500 on a part", [{"operation": "upload_part", "status": 500, "nth": 2, "times": 1}], {}, {0}),
    ("reset mid-part", [{"operation": "upload_part", "action": "reset", "after_bytes": 5000, "nth": 2, "times": 1}],
     {}, {0}),
    ("429 + Retry-After", [{"operation": "upload_part", "status": 429, "retry_after": 1, "nth": 2, "times": 1}], {},
     {0}),
    ("401 on create (token refused)", [{"operation": "create_upload_session", "status": 401, "code": "unauthorized"}],
     {}, {1}),
    ("403 on a part (fatal, aborted)", [{"operation": "upload_part", "status": 403, "code": "forbidden"}], {}, {1}),
    ("503 always (kept for resume)", [{"operation": "upload_part", "status": 503}], {"BOXUP_MAX_ATTEMPTS": "2"}, {1}),
    ("502 html on commit", [{"operation": "commit_upload_session", "status": 502, "raw_body": "<html>x</html>",
                             "times": 1}], {}, {0}),
    ("409 name in use", [{"operation": "create_upload_session", "status": 409, "code": "item_name_in_use"}], {}, {1}),
]  # fmt: skip


@pytest.mark.parametrize(("name", "faults", "extra", "codes"), RUNS, ids=[r[0] for r in RUNS])
def test_no_token_in_any_output_of_the_cli(
    box: FakeBox, tmp_path: Path, name: str, faults: list[dict[str, Any]], extra: dict[str, str], codes: set[int]
) -> None:
    cli = _cli(box, tmp_path)
    path = tmp_path / "secret.bin"
    write_random(path, 2 * MiB + 7, random.Random(name))
    for fault in faults:
        box.inject(**{"action": "status", **fault})
    env = cli.env(**extra)
    runs = {"upload": cli.run("upload", str(path), "--folder", "0", "-v", "--json", env=env)}
    box.clear_faults()
    if list(cli.state_dir.glob("*.json")):  # kept: the follow-up commands must be as discreet
        session = json.loads(next(cli.state_dir.glob("*.json")).read_text())["session_id"]
        runs["sessions list"] = cli.run("sessions", "list", "-v", env=env)
        runs["sessions show"] = cli.run("sessions", "show", session, "-v", env=env)
        runs["resume"] = cli.run("resume", str(path), "-v", "--json", env=env)
    texts = {f"{cmd} {k}": v for cmd, r in runs.items() for k, v in (("stdout", r.stdout), ("stderr", r.stderr))}
    texts |= state_texts(cli.state_dir)
    assert runs["upload"].code in codes, runs["upload"].stderr
    assert leaks([cli.token], texts) == [], f"token in {leaks([cli.token], texts)}"
    assert "Bearer " not in "".join(texts.values()).replace("Bearer <redacted>", "")
    assert "debug" in runs["upload"].stderr  # -v really logged something
    assert all("Traceback" not in r.stderr for r in runs.values())
    CHECKED.append(f"CLI `upload -v` with {name}: exit {runs['upload'].code}; "
                   f"{', '.join(runs)} checked, no token")  # fmt: skip


def test_no_secret_in_output_with_client_credentials(box: FakeBox, tmp_path: Path) -> None:
    """CCG: the client secret and the tokens it yields stay out of the output, also when the token endpoint fails."""
    cli = _cli(box, tmp_path)
    box.configure(token_lifetime=1, latency=0.1)
    path = tmp_path / "ccg.bin"
    write_random(path, 3 * MiB, random.Random(5))
    env = {k: v for k, v in cli.env().items() if k != "BOX_ACCESS_TOKEN"}
    env |= {"BOX_CLIENT_ID": box.client_id, "BOX_CLIENT_SECRET": box.client_secret, "BOX_SUBJECT_TYPE": "enterprise",
            "BOX_SUBJECT_ID": "11446498"}  # fmt: skip
    ok = cli.run("upload", str(path), "--folder", "0", "-v", "--json", env=env)
    box.inject(operation="request_access_token", action="status", status=400, code="invalid_grant")
    refused = cli.run("upload", str(path), "--file", box.seed_file_id, "-v", env=env)
    for run in (ok, refused):
        text = run.stdout + run.stderr
        assert box.client_secret not in text
        assert token_shaped(text) == [], token_shaped(text)
    assert ok.code == 0, ok.stderr
    assert refused.code == 1, refused.stderr
    assert box.count("request_access_token") >= 2
    CHECKED.append("CLI with CCG (1 s token lifetime, so renewed mid-upload) and with the token endpoint refusing: "
                   "no client secret, no token-shaped string in the output")  # fmt: skip


def test_state_files_are_private(box: FakeBox, tmp_path: Path) -> None:
    cli = _cli(box, tmp_path)
    path = tmp_path / "kept.bin"
    write_random(path, 2 * MiB, random.Random(9))
    box.inject(operation="upload_part", action="status", status=503)
    run = cli.run("upload", str(path), "--folder", "0", env=cli.env(BOXUP_MAX_ATTEMPTS="1"))
    assert run.code == 1
    [record] = cli.state_dir.glob("*.json")
    assert stat.S_IMODE(record.stat().st_mode) == 0o600
    assert stat.S_IMODE(cli.state_dir.stat().st_mode) == 0o700
    content = json.loads(record.read_text())
    assert cli.token not in record.read_text()
    assert set(content) >= {"session_id", "session_endpoints", "source", "destination", "part_size"}
    CHECKED.append("a kept resume record is mode 0600 in a 0700 directory and holds no token")


WRITER = """
import sys, time
from pathlib import Path
import boxup
from boxup.state import Destination, StateStore, UploadRecord
from boxup.source import SourceIdentity

store = StateStore(Path(sys.argv[1]))
records = [
    UploadRecord("ABC123", {"upload_part": "https://upload.box.com/api/2.0/files/upload_sessions/ABC123"}, 8388608,
                 3, "2099-01-01T00:00:00+00:00", Destination("0", None, "a" * 200), SourceIdentity("/x/a", 1, 2, 3),
                 "https://upload.box.com/api/2.0"),
    UploadRecord("ABC123", {"upload_part": "https://upload.box.com/api/2.0/files/upload_sessions/ABC123"}, 8388608,
                 4, "2099-01-01T00:00:00+00:00", Destination("0", None, "b" * 200), SourceIdentity("/x/b", 9, 8, 7),
                 "https://upload.box.com/api/2.0"),
]
store.save(records[0])
print("ready", flush=True)
i = 0
while True:
    i += 1
    store.save(records[i % 2])
"""


def test_a_kill_during_a_write_loop_leaves_a_readable_record(profile: Profile, tmp_path: Path) -> None:
    rounds = 20 if profile.name == "quick" else 100
    rng = random.Random(11)
    litter = 0
    for n in range(rounds):
        directory = tmp_path / f"s{n}"
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(directory)], cwd=REPO, stdout=subprocess.PIPE)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        store = boxup.StateStore(directory)
        record = store.load("ABC123")
        assert record is not None, f"round {n}: the record is unreadable after the kill"
        assert record.total_parts in (3, 4)
        assert record.destination.name in ("a" * 200, "b" * 200)
        assert [r.session_id for r in store.records()] == ["ABC123"]
        mode = stat.S_IMODE((directory / "ABC123.json").stat().st_mode)
        assert mode == 0o600, f"round {n}: mode {mode:o}"
        litter += len(list(directory.glob(".tmp-*")))
    CHECKED.append(
        f"{rounds} SIGKILLs at random moments of a tight StateStore.save loop: the record always loads whole, "
        f"mode 0600 ({litter} leftover .tmp-* files from interrupted writes, ignored by the store)"
    )


@pytest.mark.parametrize("variable", ["BOX_API_URL", "BOX_UPLOAD_URL", "BOX_OAUTH_URL"])
def test_plain_http_to_a_remote_host_is_refused_by_the_cli(box: FakeBox, tmp_path: Path, variable: str) -> None:
    cli = _cli(box, tmp_path)
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 10)
    url = {"BOX_API_URL": "http://api.example.com/2.0", "BOX_UPLOAD_URL": "http://upload.example.com/api/2.0",
           "BOX_OAUTH_URL": "http://api.example.com/oauth2/token"}[variable]  # fmt: skip
    before = len(box.requests)
    run = cli.run("upload", str(path), "--folder", "0", env=cli.env(**{variable: url}))
    assert run.code == 2, run.stderr
    assert "plain http" in run.stderr
    assert len(box.requests) == before  # nothing was sent anywhere
    assert cli.token not in run.stderr
    CHECKED.append(f"{variable}={url}: refused with exit 2 before any request")


@pytest.mark.parametrize(
    "url",
    [
        "http://upload.example.com/api/2.0",
        "http://127.0.0.1.nip.io/api/2.0",
        "http://localhost.example.com/api/2.0",
        "http://127.1/api/2.0",
        "http://0x7f000001/api/2.0",
        "http://10.0.0.1/api/2.0",
        "http://[::ffff:8.8.8.8]/api/2.0",
        "ftp://upload.box.com/api/2.0",
        "upload.box.com/api/2.0",
    ],
)
def test_endpoints_refuse_plain_http_off_loopback(url: str) -> None:
    with pytest.raises(boxup.InputError):
        boxup.Endpoints(upload_url=url)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660, 0o666, 0o620])
def test_a_token_file_others_can_read_is_refused(box: FakeBox, tmp_path: Path, mode: int) -> None:
    cli = _cli(box, tmp_path)
    token_file = tmp_path / "token"
    token_file.write_text(cli.token + "\n")
    token_file.chmod(mode)
    path = tmp_path / "f.bin"
    path.write_bytes(b"y" * 100)
    env = {k: v for k, v in cli.env().items() if k != "BOX_ACCESS_TOKEN"}
    before = len(box.requests)
    run = cli.run("upload", str(path), "--folder", "0", "--token-file", str(token_file), env=env)
    assert run.code == 2, run.stderr
    assert "chmod 600" in run.stderr
    assert cli.token not in run.stdout + run.stderr
    assert len(box.requests) == before
    CHECKED.append(f"--token-file with mode {mode:04o}: refused with exit 2, nothing sent, token not shown")


def test_a_private_token_file_works_and_a_symlink_to_an_open_one_does_not(box: FakeBox, tmp_path: Path) -> None:
    cli = _cli(box, tmp_path)
    env = {k: v for k, v in cli.env().items() if k != "BOX_ACCESS_TOKEN"}
    path = tmp_path / "f.bin"
    path.write_bytes(b"z" * 100)
    private = tmp_path / "private-token"
    private.write_text(cli.token + "\n")
    private.chmod(0o600)
    ok = cli.run("upload", str(path), "--folder", "0", "--token-file", str(private), "-v", "--json", env=env)
    assert ok.code == 0, ok.stderr
    assert cli.token not in ok.stdout + ok.stderr
    opened = tmp_path / "open-token"
    opened.write_text(cli.token)
    opened.chmod(0o644)
    link = tmp_path / "link-token"
    link.symlink_to(opened)
    refused = cli.run("upload", str(path), "--folder", "0", "--token-file", str(link), env=env)
    assert refused.code == 2
    assert cli.token not in refused.stderr
    directory = cli.run("upload", str(path), "--folder", "0", "--token-file", str(tmp_path), env=env)
    assert directory.code == 2
    assert "not a regular file" in directory.stderr
    CHECKED.append("--token-file 0600 works (token not shown even with -v); a symlink to a 0644 file and a "
                   "directory are refused with exit 2")  # fmt: skip
