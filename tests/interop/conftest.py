"""Fixtures for real clients over HTTPS on Box's host names: one namespace with fakebox in it per test session
(tests/fakebox/netns.py), reset to the seed before every test, and the clients' executables.

Policy when the machine cannot run them: in CI (``CI=true``, which runs as root) a missing capability or tool
fails the test loudly; elsewhere (a developer without root, or before ``make legacy-venv``) the test is skipped
with the reason. ``make test`` installs everything these tests need.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from tests.fakebox import FakeBox
from tests.fakebox.netns import BoxNet, unavailable

REPO = Path(__file__).resolve().parents[2]
RCLONE = REPO / ".venv" / "bin" / "rclone"
LEGACY_PYTHON = REPO / ".venv-legacy" / "bin" / "python"
BOXUP = REPO / ".venv" / "bin" / "boxup"
MiB = 1024 * 1024
# Small parts keep the chunked paths quick; the emulator's chunked minimum stays at 1 MiB as in the other tests.
NET_SETTINGS = {"min_chunked_size": 1 * MiB, "part_size": 1 * MiB}


def cannot(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run this: {reason}", pytrace=False)
    pytest.skip(reason)


def need(path: Path, how: str) -> Path:
    if not path.exists():
        cannot(f"{path} is missing ({how})")
    return path


@pytest.fixture(scope="session")
def boxnet() -> Iterator[BoxNet]:
    reason = unavailable()
    if reason:
        cannot(f"the HTTPS namespace harness {reason}")
    with BoxNet.start(settings=NET_SETTINGS) as net:
        yield net


@pytest.fixture
def netbox(boxnet: BoxNet) -> Iterator[FakeBox]:
    """The namespace's emulator at the seed; the test fails if a request broke the spec (unless expected)."""
    box = boxnet.box
    box.reset(**NET_SETTINGS)
    yield box
    left = box.violations
    if left:
        pytest.fail("spec violations seen by the emulator:\n" + "\n".join(v["text"] for v in left), pytrace=False)


@pytest.fixture
def workdir(boxnet: BoxNet, tmp_path: Path) -> Path:
    """A directory the clients in the namespace read from (the same filesystem, only /etc/hosts differs)."""
    return tmp_path


def data(size: int, seed: int) -> bytes:
    """Deterministic bytes, so a failing case can be replayed."""
    import random

    return random.Random(seed).randbytes(size)
