"""The `boxup` command: a thin Typer layer over the boxup package."""
