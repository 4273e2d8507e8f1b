"""Usage mistakes as one greppable line when stderr is not a terminal.

Typer renders a click usage error as Rich's boxed panel, wrapped at 80 columns: fine on a terminal, useless in a
cron mail or a log. ``run`` calls the app in click's non-standalone mode so the error reaches us, and renders it
once: the panel on a terminal, ``boxup: error: MESSAGE (see: boxup upload --help)`` otherwise, exit 2 either way.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from boxup.text import one_line

# This Typer vendors click as typer._click: its exceptions are not the click package's.
from typer._click import exceptions as click


def _line(exc: click.ClickException) -> str:
    text = f"boxup: error: {one_line(exc.format_message())}"
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        text += f" (see: {ctx.command_path} --help)"
    return text


def _panel(exc: click.ClickException) -> None:
    from typer import rich_utils  # Rich's markdown and syntax machinery: imported only to draw a panel

    rich_utils.rich_format_error(exc)


def run(app: typer.Typer, **kwargs: Any) -> None:
    """Run ``app`` and exit with its code; a usage error is rendered here and nowhere else."""
    try:
        code = app(standalone_mode=False, **kwargs)
    except click.NoArgsIsHelpError as exc:
        _panel(exc)  # bare `boxup`: the help text, as a user typing it expects
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        if sys.stderr.isatty():
            _panel(exc)
        else:
            sys.stderr.write(_line(exc) + "\n")
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.stderr.write("boxup: aborted\n")
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
