"""The Typer application behind the `boxup` command."""

from __future__ import annotations

import boxup
import typer

app = typer.Typer(name="boxup", help="Fast, resumable uploads of large files to Box.", no_args_is_help=True)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"boxup {boxup.__version__}")
        raise typer.Exit


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Fast, resumable uploads of large files to Box."""


def main() -> None:
    app()
