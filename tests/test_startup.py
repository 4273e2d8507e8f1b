"""What ``boxup`` imports before it does anything: start-up is paid on every invocation, so ``--version`` must not
load Typer, Rich or the HTTP stack, ``--help`` must not load the library's engine or HTTP stack, and ``import boxup``
loads a public name's module only when that name is used. Each check runs a fresh interpreter (the test process has
everything imported already) and asserts on ``sys.modules``, never on a time (timings are in tests/bench).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.fakebox import FakeBox
from tests.pty_support import read_until_closed

# Runs a command's entry point the way the console script does, then lists the loaded modules on stderr.
# (The console script ends in os._exit, which skips everything after main(): the probe reports from inside it.)
PROBE = """
import json, os, sys
sys.argv = ["boxup", *sys.argv[1:]]
from boxup_cli.launch import main
leave = os._exit

def report(code):
    sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
    sys.stderr.flush()
    leave(code)

os._exit = report
try:
    main()
except SystemExit as exc:
    report(exc.code or 0)
"""
HTTP_STACK = ("httpx", "httpcore", "h11", "anyio", "boxup_api", "boxup.client", "boxup.engine", "boxup.auth")


def _probe(*args: str) -> tuple[str, set[str]]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    modules = json.loads(result.stderr.rsplit("MODULES ", 1)[1])
    return result.stdout, set(modules)


# The same for a command that does its work: the exit code goes on stderr too. Click is made unimportable first, as
# in a user's install (the dev venv has it through uvicorn): with click, httpx imports its own CLI, and Rich with it.
WORK_PROBE = """
import json, os, sys

class NoClick:
    def find_spec(self, name, path=None, target=None):
        if name == "click" or name.startswith("click."):
            raise ModuleNotFoundError(name)

sys.meta_path.insert(0, NoClick())
sys.argv = ["boxup", *sys.argv[1:]]
from boxup_cli.launch import main
leave = os._exit

def report(code):
    sys.stderr.write("\\nMODULES " + json.dumps([code, sorted(sys.modules)]) + "\\n")
    sys.stderr.flush()
    leave(0)

os._exit = report
try:
    main()
except SystemExit as exc:
    report(exc.code)
"""
MODELS = "boxup_api.models."


def _upload(fakebox: FakeBox, tmp_path: Path, size: int, *flags: str) -> tuple[str, set[str]]:
    """``boxup upload`` of ``size`` random bytes into the root folder; the file's bytes are checked on the emulator."""
    data = os.urandom(size)
    source = tmp_path / f"start-{size}.bin"
    source.write_bytes(data)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOX_", "BOXUP_"))} | {
        "BOX_ACCESS_TOKEN": fakebox.token,
        "BOX_API_URL": fakebox.api_url,
        "BOX_UPLOAD_URL": fakebox.upload_url,
        "BOXUP_STATE_DIR": str(tmp_path / "state"),
        "BOXUP_CHUNKED_THRESHOLD": str(fakebox.min_chunked_size),
    }
    args = ["upload", str(source), "--folder", "0", *flags]
    done = subprocess.run(
        [sys.executable, "-c", WORK_PROBE, *args], capture_output=True, text=True, timeout=60, env=env, check=False
    )
    code, modules = json.loads(done.stderr.rsplit("MODULES ", 1)[1])
    assert code == 0, done.stderr
    assert fakebox.file_sha1(fakebox.find_file(source.name)["id"]) == hashlib.sha1(data).hexdigest()
    return done.stdout, set(modules)


def _loaded(modules: set[str], roots: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == r or m.startswith(r + ".") for r in roots))


def test_version_prints_the_package_version_without_loading_typer_rich_or_http() -> None:
    out, modules = _probe("--version")
    assert out == f"boxup {version('boxup')}\n"
    assert _loaded(modules, ("typer", "rich", "click", "attrs", "importlib.metadata", *HTTP_STACK)) == []


def test_help_lists_the_commands_without_loading_the_engine_or_http() -> None:
    out, modules = _probe("--help")
    assert {"upload", "resume", "sessions"} <= set(out.split())
    assert _loaded(modules, HTTP_STACK) == []


def test_help_is_typers_own_root_help_served_without_loading_typer_rich_or_http() -> None:
    from boxup_cli import roothelp

    out, modules = _probe("--help")
    assert out == roothelp.render()  # the stored text is what Typer prints (make help-text rewrites it)
    assert _loaded(modules, ("typer", "rich", "click", "attrs", *HTTP_STACK)) == []
    short, _ = _probe("-h")
    assert short == out


def test_help_on_a_terminal_narrower_than_the_stored_help_is_laid_out_by_typer() -> None:
    # A pty 60 columns wide: the 80-column text would wrap badly, so Typer renders it for the real width.
    import fcntl
    import os
    import pty
    import struct
    import termios

    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 60, 0, 0))  # before the process starts
    proc = subprocess.Popen([sys.executable, "-c", PROBE, "--help"], stdin=child, stdout=child, stderr=child)
    os.close(child)
    screen = bytearray()
    read_until_closed(main, screen)
    assert proc.wait(60) == 0
    os.close(main)
    text = screen.decode(errors="replace")
    assert '"typer"' in text.rsplit("MODULES ", 1)[1]
    assert "upload" in text


def test_import_boxup_loads_a_public_name_only_when_it_is_used() -> None:
    script = (
        "import sys, boxup\n"
        "before = 'httpx' in sys.modules or 'boxup.client' in sys.modules\n"
        "missing = [n for n in boxup.__all__ if getattr(boxup, n, None) is None]\n"
        "print(before, missing, set(boxup.__all__) <= set(dir(boxup)), 'boxup.client' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert result.stdout.split() == ["False", "[]", "True", "True"], result.stderr


def test_an_unknown_name_on_boxup_is_an_attribute_error() -> None:
    import boxup

    with pytest.raises(AttributeError, match="NoSuchThing"):
        boxup.NoSuchThing  # type: ignore[attr-defined]  # noqa: B018


def test_a_small_files_quiet_upload_loads_the_direct_upload_endpoint_and_no_session_endpoint_or_rich(
    fakebox: FakeBox, tmp_path: Path
) -> None:
    out, modules = _upload(fakebox, tmp_path, 1024, "--quiet")
    assert "uploaded" in out
    assert "boxup_api.api.direct_uploads.upload_file" in modules
    assert _loaded(modules, ("boxup_api.api.upload_sessions", "boxup_api.api.auth", "boxup_api.api.folders")) == []
    assert "boxup_api.api.direct_uploads.upload_file_version" not in modules  # a new file, not a new version
    models = sorted(m for m in modules if m.startswith(MODELS))
    assert 0 < len(models) <= 12, models  # of 71: the request bodies, the error bodies and the file listing
    assert _loaded(modules, ("rich", "boxup_cli.progress_bar", "httpx._main")) == []


def test_a_chunked_json_upload_loads_the_session_endpoints_it_calls_and_no_rich(
    fakebox: FakeBox, tmp_path: Path
) -> None:
    out, modules = _upload(fakebox, tmp_path, 4 * fakebox.min_chunked_size // 2, "--json")
    assert json.loads(out)["type"] == "file"
    sent = {"create_upload_session", "upload_part", "commit_upload_session"}
    assert {f"boxup_api.api.upload_sessions.{op}" for op in sent} <= modules
    unused = ("boxup_api.api.direct_uploads", "boxup_api.api.auth", "boxup_api.api.folders")
    assert _loaded(modules, unused) == []
    assert "boxup_api.api.upload_sessions.create_version_upload_session" not in modules
    assert len([m for m in modules if m.startswith(MODELS)]) <= 20
    assert _loaded(modules, ("rich", "boxup_cli.progress_bar", "httpx._main")) == []


# A command that registers teardown work, then runs the console script's main(): the work runs only if the
# interpreter tears down as usual.
LEAVE_PROBE = """
import atexit, sys, threading, time
atexit.register(lambda: print("teardown ran", flush=True))
if sys.argv[1] == "thread":
    threading.Thread(target=time.sleep, args=(0.2,)).start()
sys.argv = ["boxup", "--version"]
from boxup_cli.launch import main
main()
"""


def test_a_finished_command_exits_with_its_output_flushed_and_without_the_interpreters_teardown() -> None:
    done = subprocess.run(
        [sys.executable, "-c", LEAVE_PROBE, "alone"], capture_output=True, text=True, timeout=60, check=False
    )
    assert (done.returncode, done.stdout) == (0, f"boxup {version('boxup')}\n")


def test_a_command_with_another_thread_alive_exits_as_python_does_waiting_for_it() -> None:
    done = subprocess.run(
        [sys.executable, "-c", LEAVE_PROBE, "thread"], capture_output=True, text=True, timeout=60, check=False
    )
    assert (done.returncode, done.stdout) == (0, f"boxup {version('boxup')}\nteardown ran\n")
