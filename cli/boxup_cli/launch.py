"""The ``boxup`` console script. ``boxup --version`` and ``boxup --help`` are answered here, before Typer, Rich or
the library are imported (a script that checks the version, or a user asking what the command does, should not pay
for an upload's imports); everything else goes to the Typer application in ``app``. A finished command leaves
without the interpreter's teardown (``_leave``)."""

from __future__ import annotations

import os
import sys
import threading

HELP_WIDTH = 80  # boxup_cli.roothelp.WIDTH: the stored root help is rendered at this width


def main() -> None:
    try:
        _dispatch()
    except SystemExit as exc:
        _leave(exc.code)
        raise


def _leave(code: object) -> None:
    """Exit now with ``code``, skipping the interpreter's teardown: freeing some 550 modules and what they hold takes
    70-90 ms, a fifth of a small file's upload, and a finished command has nothing left to clean up (its files and
    connections are closed; boxup registers no atexit work). Only for a whole-number code with no other thread
    alive, and only once the output is flushed; otherwise (a closed pipe, say) it returns and Python exits as ever."""
    if not isinstance(code, int) or threading.active_count() > 1:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # a closed pipe, a closed or missing stream
        return
    os._exit(code)


def _dispatch() -> None:
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
