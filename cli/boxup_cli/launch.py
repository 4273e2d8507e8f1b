"""The ``boxup`` console script. ``boxup --version`` is answered here, before Typer, Rich or the library are
imported (a script that checks the version should not pay for an upload's imports); everything else goes to the
Typer application in ``app``."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from boxup._version import __version__

        sys.stdout.write(f"boxup {__version__}\n")
        sys.exit(0)
    from boxup_cli.app import main as run_app

    run_app()
