"""Option types the standard ones do not cover."""

from __future__ import annotations

from typing import Any, Literal

# This Typer vendors click as typer._click (see usage.py).
from typer._click import types


class ConcurrencyType(types.ParamType):
    """``--concurrency``: ``auto`` or a whole number of at least 1 (a bad one is the usage error IntRange gives)."""

    name = "N|auto"
    _number = types.IntRange(min=1)

    def convert(self, value: Any, param: Any, ctx: Any) -> int | Literal["auto"]:
        if isinstance(value, str) and value.strip().lower() == "auto":
            return "auto"
        try:
            number = int(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is neither a whole number nor auto.", param, ctx)
        checked: int = self._number.convert(number, param, ctx)  # below 1: IntRange's "not in the range x>=1"
        return checked
