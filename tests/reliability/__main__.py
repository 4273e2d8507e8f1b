"""``python -m tests.reliability [--quick] [--rounds N] [--write] [--only PART] [-- PYTEST ARGS]``

Runs the reliability suite (tests/reliability) under pytest with the chosen profile and prints the fault matrix and
every section at the end; ``--write`` also writes tests/reliability/RESULTS.md. Exit status: pytest's.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pytest

from tests.reliability import profile

HERE = Path(__file__).resolve().parent
PARTS = ("matrix", "soak", "load", "hostile", "secrets", "trust", "schemathesis")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.reliability", description=__doc__.split("\n\n")[1])
    parser.add_argument("--quick", action="store_true", help="the short profile (small sizes, a few minutes)")
    parser.add_argument("--rounds", type=int, help="crash/resume soak rounds (default: 6 quick, 50 full)")
    parser.add_argument("--write", action="store_true", help="also write tests/reliability/RESULTS.md")
    parser.add_argument("--only", choices=PARTS, action="append", help="run only this part (repeatable)")
    parser.add_argument("pytest_args", nargs="*", help="passed to pytest (after --)")
    args = parser.parse_args(argv)

    os.environ[profile.ENABLE_ENV] = "1"
    os.environ[profile.PROFILE_ENV] = "quick" if args.quick else "full"
    if args.rounds is not None:
        os.environ[profile.ROUNDS_ENV] = str(args.rounds)
    if args.write:
        os.environ[profile.WRITE_ENV] = str(HERE / "RESULTS.md")
    targets = [str(HERE / f"test_{part}.py") for part in args.only] if args.only else [str(HERE)]
    return int(pytest.main([*targets, "-p", "no:cacheprovider", "-q", *args.pytest_args]))


if __name__ == "__main__":
    sys.exit(main())
