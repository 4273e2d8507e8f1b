"""The reliability suite is collected only when BOXUP_RELIABILITY=1 (the Makefile targets and
``python -m tests.reliability`` set it): a plain ``pytest`` neither runs nor skips it.

At the end of a run the matrix and every section are printed; with BOXUP_RELIABILITY_WRITE=path they are also
written there (``--write`` writes tests/reliability/RESULTS.md).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.reliability import profile as profiles
from tests.reliability.results import Results

if not profiles.enabled():
    collect_ignore_glob = ["test_*.py"]

RESULTS = Results()


@pytest.fixture(scope="session")
def profile() -> profiles.Profile:
    return profiles.current()


@pytest.fixture(scope="session")
def results(profile: profiles.Profile) -> Results:
    RESULTS.profile = profile.name
    return RESULTS


def pytest_sessionstart(session: pytest.Session) -> None:
    RESULTS.started = time.monotonic()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not profiles.enabled() or not (RESULTS.cells or RESULTS.specials or RESULTS.sections):
        return
    RESULTS.finished = time.monotonic()
    terminalreporter.write_sep("=", "boxup reliability")
    terminalreporter.write_line(RESULTS.terminal())
    target = os.environ.get(profiles.WRITE_ENV)
    if target:
        RESULTS.write(Path(target))
        terminalreporter.write_line(f"written to {target}")
