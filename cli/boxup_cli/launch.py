"""The ``boxup`` console script. ``boxup --version`` and ``boxup --help`` are answered here, before Typer, Rich or
the library are imported (a script that checks the version, or a user asking what the command does, should not pay
for an upload's imports); everything else goes to the Typer application in ``app``. Once the command is done the
process ends at once (``exit_now``)."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

HELP_WIDTH = 80  # boxup_cli.roothelp.WIDTH: the stored root help is rendered at this width


def main() -> NoReturn:
    """The console script: run the command, then end the process with its exit code."""
    try:
        dispatch()
    except SystemExit as exc:
        exit_now(exc.code)
    exit_now(0)


def exit_now(code: object) -> NoReturn:
    """Flush what the command wrote and end the process without Python's teardown.

    After an upload the interpreter would spend 0.1-0.25 s freeing every module and object one by one (measured by
    tests/bench/timeline.py: the time from the last answer to the process's end), work the kernel does at once when
    the process ends. By the time a command returns every result is written and every file closed; what is left is
    buffered output (stdout, stderr, log handlers), flushed here first. A code that is not an int is printed, exit 1,
    as ``sys.exit`` does; output that cannot be flushed (a closed pipe) exits 120, as Python does.
    """
    if code is None:
        code = 0
    elif not isinstance(code, int):
        sys.stderr.write(f"{code}\n")
        code = 1
    logging = sys.modules.get("logging")  # flushed if the command used it; not imported for this (~10 ms)
    if logging is not None:
        logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or 120
    os._exit(code)


def dispatch() -> None:
    """Answer the command line; exits through ``SystemExit`` (``main`` turns it into the process's end)."""
    args = sys.argv[1:]
    if args == ["--version"]:
        from boxup._version import __version__

        sys.stdout.write(f"boxup {__version__}\n")
        sys.exit(0)
    if args in (["--help"], ["-h"]) and _stored_help_fits():
        from boxup_cli._root_help import TEXT

        sys.stdout.write(TEXT)
        sys.exit(0)
    from boxup_cli.app import main as run_app

    run_app()


def _stored_help_fits() -> bool:
    """A pipe or a terminal at least as wide as the stored help; a narrower terminal gets Typer's own layout."""
    if not sys.stdout.isatty():
        return True
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns >= HELP_WIDTH
    except OSError:
        return True
