"""The `boxup` command's parsing, help and bad-input handling, in process through Typer's CliRunner.

Every bad input must give exit 2, one plain line on stderr (or Typer's usage block for a parse error), no traceback,
and send nothing: the endpoints point at a socket that counts connections, and each test asserts it saw none.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from boxup_cli.app import app
from boxup_cli.params import ConcurrencyType
from typer.testing import CliRunner, Result

TOKEN = "cli-parsing-secret-token-8c1f"
SCRUBBED = ("BOX_", "BOXUP_")


class Listener:
    """A loopback port that accepts and counts connections, then drops them: 'was anything sent?'."""

    def __init__(self) -> None:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.1)
        self.port = self._sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self._sock.close()

    @property
    def env(self) -> dict[str, str]:
        base = f"http://127.0.0.1:{self.port}"
        return {
            "BOX_API_URL": f"{base}/2.0",
            "BOX_UPLOAD_URL": f"{base}/api/2.0",
            "BOX_OAUTH_URL": f"{base}/oauth2/token",
        }


@pytest.fixture
def listener() -> Iterator[Listener]:
    box = Listener()
    yield box
    box.close()


@pytest.fixture
def small_file(tmp_path: Path) -> Path:
    path = tmp_path / "small.bin"
    path.write_bytes(b"hello box\n")
    return path


def invoke(args: list[str], env: dict[str, str], tmp_path: Path) -> Result:
    """Run the command with only the given BOX_* variables (none leak in from the developer's shell)."""
    clean: dict[str, str | None] = {k: None for k in os.environ if k.startswith(SCRUBBED)}
    clean |= {"BOXUP_STATE_DIR": str(tmp_path / "state"), "BOXUP_MAX_ATTEMPTS": "1", "COLUMNS": "200"}
    clean |= env
    return CliRunner().invoke(app, args, env=clean, catch_exceptions=False)


def assert_bad_input(result: Result, listener: Listener, *phrases: str) -> None:
    """Exit 2, the phrases on stderr, nothing on stdout, no traceback, no token, no connection made."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert TOKEN not in result.stderr
    assert listener.connections == 0, "a request reached the server"


def assert_one_line(result: Result) -> None:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("boxup: error: ")


# --- help, version, completion ---------------------------------------------------------------------------------


def test_help_lists_commands_and_examples(tmp_path: Path) -> None:
    result = invoke(["--help"], {}, tmp_path)
    assert result.exit_code == 0
    for word in ("upload", "resume", "sessions", "Examples", "BOX_ACCESS_TOKEN", "Exit codes", "--version"):
        assert word in result.stdout


def test_upload_help_shows_every_contract_flag_and_the_waits_defaults_but_not_the_testing_knobs(tmp_path: Path) -> None:
    result = invoke(["upload", "--help"], {}, tmp_path)
    assert result.exit_code == 0
    for flag in (
        "--folder",
        "--file",
        "--name",
        "--concurrency",
        "--json",
        "--quiet",
        "--no-resume",
        "--content-modified-at",
        "--verbose",
        "--api-url",
        "--upload-url",
        "--oauth-url",
        "--state-dir",
        "--token-file",
        "--config-file",
        "--as-user",
        "--profile",
        "--timeout",
        "--max-attempts",
        "--commit-timeout",
        "BOX_API_URL",
        "BOX_CONFIG_FILE",
        "BOXUP_TIMEOUT",
        "connect 15, read 120, write 60",
        "jq",
    ):
        assert flag in result.stdout, flag
    assert "--chunked-threshold" not in result.stdout
    assert "--token " not in result.stdout  # a token is never a flag


def test_sessions_help_lists_subcommands(tmp_path: Path) -> None:
    result = invoke(["sessions", "--help"], {}, tmp_path)
    assert result.exit_code == 0
    for word in ("list", "show", "abort"):
        assert word in result.stdout


def test_version(tmp_path: Path) -> None:
    import boxup

    result = invoke(["--version"], {}, tmp_path)
    assert result.exit_code == 0
    assert result.stdout.strip() == f"boxup {boxup.__version__}"


def test_shell_completion_is_offered(tmp_path: Path) -> None:
    # A real process, as a user's shell runs it: Typer's completion path reads process-wide state (the program
    # name, the environment) that an in-process runner shares with every other test.
    env = {k: v for k, v in os.environ.items() if not k.startswith(SCRUBBED) and not k.endswith("_COMPLETE")}
    done = subprocess.run(
        [sys.executable, "-m", "boxup_cli", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        env=env | {"BOXUP_STATE_DIR": str(tmp_path / "state")},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "complete -o default -F _boxup_completion boxup" in done.stdout, done.stdout


# --- bad input: nothing sent, exit 2 ----------------------------------------------------------------------------


def test_no_credentials(listener: Listener, small_file: Path, tmp_path: Path) -> None:
    result = invoke(["upload", str(small_file), "--folder", "0"], listener.env, tmp_path)
    assert_bad_input(result, listener, "no credentials", "BOX_ACCESS_TOKEN")
    assert_one_line(result)


def test_missing_file(listener: Listener, tmp_path: Path) -> None:
    env = listener.env | {"BOX_ACCESS_TOKEN": TOKEN}
    result = invoke(["upload", str(tmp_path / "nope.bin"), "--folder", "0"], env, tmp_path)
    assert_bad_input(result, listener, "nope.bin: no such file")
    assert_one_line(result)


def test_a_path_that_is_neither_file_nor_directory(listener: Listener, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    env = listener.env | {"BOX_ACCESS_TOKEN": TOKEN}
    result = invoke(["upload", str(fifo), "--folder", "0"], env, tmp_path)
    assert_bad_input(result, listener, "not a regular file")
    assert_one_line(result)


def test_a_directory_as_a_new_version_is_refused(listener: Listener, tmp_path: Path) -> None:
    """A directory is a tree upload now (issue 16); as a new version of one file (--file) it is refused."""
    env = listener.env | {"BOX_ACCESS_TOKEN": TOKEN}
    result = invoke(["upload", str(tmp_path), "--file", "12345"], env, tmp_path)
    assert_bad_input(result, listener, "--file uploads a new version of one file")


@pytest.mark.parametrize(
    ("flags", "phrase"),
    [
        (["--folder", "0", "--file", "12345"], "give exactly one of --folder"),
        ([], "give exactly one of --folder"),
    ],
    ids=["both", "neither"],
)
def test_folder_and_file_exclusive(
    listener: Listener, small_file: Path, tmp_path: Path, flags: list[str], phrase: str
) -> None:
    env = listener.env | {"BOX_ACCESS_TOKEN": TOKEN}
    result = invoke(["upload", str(small_file), *flags], env, tmp_path)
    assert_bad_input(result, listener, phrase)


@pytest.mark.parametrize(
    ("flags", "phrase"),
    [
        (["--folder", "abc"], "folder id must be a string of digits"),
        (["--file", "12x"], "file id must be a string of digits"),
        (["--folder", "\u0661\u0662\u0663"], "folder id must be a string of digits, got '\u0661\u0662\u0663'"),
        (["--folder", "0", "--as-user", "\u00b2"], "As-User user id must be a string of digits, got '\u00b2'"),
        (["--folder", "0", "--name", "a/b.bin"], "contains a slash"),
        (["--folder", "0", "--name", "x" * 256], "at most 255"),
        (["--folder", "0", "--name", " lead.bin"], "starts or ends with a space"),
        (["--folder", "0", "--name", ".."], "'..' is not a name Box accepts"),
        (["--folder", "0", "--content-modified-at", "yesterday"], "not an ISO 8601 time"),
    ],
    ids=[
        "folder-id",
        "file-id",
        "folder-id-arabic-digits",
        "as-user-superscript",
        "name-slash",
        "name-long",
        "name-space",
        "name-dotdot",
        "mtime",
    ],
)
def test_bad_values_are_one_line(
    listener: Listener, small_file: Path, tmp_path: Path, flags: list[str], phrase: str
) -> None:
    env = listener.env | {"BOX_ACCESS_TOKEN": TOKEN}
    result = invoke(["upload", str(small_file), *flags], env, tmp_path)
    assert_bad_input(result, listener, phrase)
    assert_one_line(result)


def test_concurrency_below_one(listener: Listener, small_file: Path, tmp_path: Path) -> None:
    env = listener.env | {"BOX_ACCESS_TOKEN": TOKEN}
    result = invoke(["upload", str(small_file), "--folder", "0", "--concurrency", "0"], env, tmp_path)
    assert_bad_input(result, listener, "--concurrency", "x>=1")


def test_concurrency_that_is_neither_a_number_nor_auto(listener: Listener, small_file: Path, tmp_path: Path) -> None:
    env = listener.env | {"BOX_ACCESS_TOKEN": TOKEN}
    result = invoke(["upload", str(small_file), "--folder", "0", "--concurrency", "fast"], env, tmp_path)
    assert_bad_input(result, listener, "--concurrency", "'fast' is neither a whole number nor auto")


def test_concurrency_auto_is_parsed_as_auto_and_numbers_as_numbers() -> None:
    kind = ConcurrencyType()
    assert kind.convert("auto", None, None) == "auto"
    assert kind.convert("AUTO", None, None) == "auto"
    assert kind.convert("12", None, None) == 12


def test_unknown_option_and_missing_path(listener: Listener, tmp_path: Path) -> None:
    env = listener.env | {"BOX_ACCESS_TOKEN": TOKEN}
    assert_bad_input(invoke(["upload", "--folder", "0"], env, tmp_path), listener, "Missing argument")
    assert_bad_input(invoke(["upload", "x", "--folder", "0", "--token", TOKEN], env, tmp_path), listener, "--token")


def test_content_modified_at_accepts_iso8601_with_z(listener: Listener, tmp_path: Path) -> None:
    """The value is parsed before the path is checked, so a bad path shows the date was accepted."""
    env = listener.env | {"BOX_ACCESS_TOKEN": TOKEN}
    args = ["upload", str(tmp_path / "none"), "--folder", "0", "--content-modified-at", "2024-05-01T12:30:00Z"]
    assert_bad_input(invoke(args, env, tmp_path), listener, "no such file")


def test_plain_http_to_a_remote_host_is_refused(listener: Listener, small_file: Path, tmp_path: Path) -> None:
    env = listener.env | {"BOX_ACCESS_TOKEN": TOKEN}
    args = ["upload", str(small_file), "--folder", "0", "--api-url", "http://example.com/2.0"]
    result = invoke(args, env, tmp_path)
    assert_bad_input(result, listener, "plain http to a non-loopback host")
    assert_one_line(result)


def test_token_file_open_to_others_is_refused(listener: Listener, small_file: Path, tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    token_file.chmod(0o644)
    result = invoke(
        ["upload", str(small_file), "--folder", "0", "--token-file", str(token_file)], listener.env, tmp_path
    )
    assert_bad_input(
        result,
        listener,
        f"--token-file {token_file} is not private: its mode 0644 lets group or others in; run: chmod 600 {token_file}",
    )
    assert_one_line(result)


@pytest.mark.parametrize("content", ["", "  \n"], ids=["empty", "blank"])
def test_empty_token_file_is_refused(listener: Listener, small_file: Path, tmp_path: Path, content: str) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(content)
    token_file.chmod(0o600)
    result = invoke(
        ["upload", str(small_file), "--folder", "0", "--token-file", str(token_file)], listener.env, tmp_path
    )
    assert_bad_input(result, listener, "is empty")


def test_missing_token_file(listener: Listener, small_file: Path, tmp_path: Path) -> None:
    args = ["upload", str(small_file), "--folder", "0", "--token-file", str(tmp_path / "absent")]
    assert_bad_input(invoke(args, listener.env, tmp_path), listener, "--token-file", "does not exist")


def test_incomplete_ccg_settings(listener: Listener, small_file: Path, tmp_path: Path) -> None:
    env = listener.env | {"BOX_CLIENT_ID": "app", "BOX_CLIENT_SECRET": TOKEN}
    result = invoke(["upload", str(small_file), "--folder", "0"], env, tmp_path)
    assert_bad_input(
        result, listener, "boxup: error: Client Credentials Grant needs BOX_SUBJECT_TYPE, BOX_SUBJECT_ID as well\n"
    )
    assert_one_line(result)


def test_bad_ccg_subject_type(listener: Listener, small_file: Path, tmp_path: Path) -> None:
    env = listener.env | {
        "BOX_CLIENT_ID": "app",
        "BOX_CLIENT_SECRET": TOKEN,
        "BOX_SUBJECT_TYPE": "group",
        "BOX_SUBJECT_ID": "1",
    }
    result = invoke(["upload", str(small_file), "--folder", "0"], env, tmp_path)
    assert_bad_input(result, listener, "BOX_SUBJECT_TYPE must be 'enterprise' or 'user'")


def test_resume_of_an_unrecorded_path(listener: Listener, small_file: Path, tmp_path: Path) -> None:
    env = listener.env | {"BOX_ACCESS_TOKEN": TOKEN}
    result = invoke(["resume", str(small_file)], env, tmp_path)
    assert_bad_input(result, listener, "no interrupted upload of", "is recorded")
    assert_one_line(result)


@pytest.mark.parametrize("session_id", ["../etc", "\u00e91"], ids=["path", "non-ascii-letter"])
@pytest.mark.parametrize("command", ["show", "abort"])
def test_malformed_session_id(listener: Listener, tmp_path: Path, command: str, session_id: str) -> None:
    env = listener.env | {"BOX_ACCESS_TOKEN": TOKEN}
    result = invoke(["sessions", command, session_id], env, tmp_path)
    assert_bad_input(result, listener, f"not a session id: {session_id!r}")
    assert_one_line(result)


# --- commands that need no server ------------------------------------------------------------------------------


def test_resume_with_nothing_recorded_succeeds(listener: Listener, tmp_path: Path) -> None:
    env = listener.env | {"BOX_ACCESS_TOKEN": TOKEN}
    result = invoke(["resume"], env, tmp_path)
    assert result.exit_code == 0
    assert "nothing to resume" in result.stderr
    assert listener.connections == 0


def test_resume_json_with_nothing_recorded_is_an_empty_listing(listener: Listener, tmp_path: Path) -> None:
    import json

    env = listener.env | {"BOX_ACCESS_TOKEN": TOKEN}
    result = invoke(["resume", "--json"], env, tmp_path)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"entries": []}


def test_sessions_list_needs_no_token(listener: Listener, tmp_path: Path) -> None:
    import json

    result = invoke(["sessions", "list", "--json"], listener.env, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"entries": []}
    human = invoke(["sessions", "list"], listener.env, tmp_path)
    assert human.exit_code == 0
    assert "no interrupted uploads" in human.stderr
    assert listener.connections == 0


def test_sessions_list_ignores_malformed_transfer_settings(listener: Listener, tmp_path: Path) -> None:
    env = listener.env | {"BOXUP_CONCURRENCY": "many", "BOXUP_TIMEOUT": "soon"}
    result = invoke(["sessions", "list", "--json"], env, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == '{"entries": []}\n'
    assert listener.connections == 0


def test_state_dir_flag_overrides_the_environment(listener: Listener, tmp_path: Path) -> None:
    flag_dir = tmp_path / "from-flag"
    result = invoke(["sessions", "list", "--state-dir", str(flag_dir)], listener.env, tmp_path)
    assert str(flag_dir) in result.stderr


def test_listener_sees_a_real_attempt_and_network_failure_is_exit_1(
    listener: Listener, small_file: Path, tmp_path: Path
) -> None:
    """The control for every 'nothing sent' assertion above; also: a dropped connection is one line, exit 1."""
    env = listener.env | {"BOX_ACCESS_TOKEN": TOKEN}
    result = invoke(["upload", str(small_file), "--folder", "0", "--quiet"], env, tmp_path)
    assert result.exit_code == 1, result.stderr
    assert listener.connections >= 1
    assert_one_line(result)
    assert "cannot reach Box" in result.stderr
    assert "check the network connection" in result.stderr
    assert TOKEN not in result.stderr


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ([], "Invalid value for --folder: a directory or several PATHs need --folder FOLDER_ID"),
        (
            ["--folder", "0", "--name", "x.bin"],
            "Invalid value for --name: --name names one file; a directory or several PATHs keep their own names",
        ),
        (
            ["--folder", "0", "--content-modified-at", "2024-01-01T00:00:00Z"],
            "Invalid value for --content-modified-at: --content-modified-at is for one file; "
            "a tree records each file's own mtime",
        ),
    ],
    ids=["no-folder", "name", "content-modified-at"],
)
def test_a_directory_refuses_the_one_file_options_and_sends_nothing(
    listener: Listener, tmp_path: Path, flags: list[str], message: str
) -> None:
    env = listener.env | {"BOX_ACCESS_TOKEN": TOKEN}
    result = invoke(["upload", str(tmp_path), *flags], env, tmp_path)
    assert_bad_input(result, listener, message)
