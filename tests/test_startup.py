"""What ``boxup`` imports before it does anything: start-up is paid on every invocation, so ``--version`` must not
load Typer, Rich or the HTTP stack, ``--help`` must not load the library's engine or HTTP stack, and ``import boxup``
loads a public name's module only when that name is used. Each check runs a fresh interpreter (the test process has
everything imported already) and asserts on ``sys.modules``, never on a time (timings are in tests/bench).
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version

import pytest

from tests.pty_support import read_until_closed

# Runs a command's entry point the way the console script does, then lists the loaded modules on stderr.
PROBE = """
import json, sys
sys.argv = ["boxup", *sys.argv[1:]]
from boxup_cli.launch import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""
HTTP_STACK = ("httpx", "httpcore", "h11", "anyio", "boxup_api", "boxup.client", "boxup.engine", "boxup.auth")


def _probe(*args: str) -> tuple[str, set[str]]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    modules = json.loads(result.stderr.rsplit("MODULES ", 1)[1])
    return result.stdout, set(modules)


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
