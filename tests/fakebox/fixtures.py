"""pytest fixtures: one emulator per test session on a background thread, reset to the seed before every test.

Set FAKEBOX_URL to run the tests against an emulator started elsewhere (``python -m tests.fakebox``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from .handle import TEST_SETTINGS, FakeBox
from .server import FakeBoxServer


@pytest.fixture(scope="session")
def fakebox_base_url() -> Iterator[str]:
    external = os.environ.get("FAKEBOX_URL")
    if external:
        yield external
        return
    server = FakeBoxServer(settings=TEST_SETTINGS).start_in_thread()
    try:
        yield server.base_url
    finally:
        server.stop()


@pytest.fixture
def fakebox(fakebox_base_url: str) -> Iterator[FakeBox]:
    """The emulator at the seed, with test sizes (1 MiB chunked minimum, 256 KiB parts). A test fails at teardown
    if any request or response broke openapi/box-uploads.json, unless it expected that (``expect_violations``)."""
    handle = FakeBox(fakebox_base_url)
    handle.reset(**TEST_SETTINGS)
    try:
        yield handle
        left = handle.violations
    finally:
        handle.close()
    if left:
        pytest.fail("spec violations seen by the emulator:\n" + "\n".join(v["text"] for v in left), pytrace=False)


@pytest.fixture
def fakebox_real_sizes(fakebox: FakeBox) -> FakeBox:
    """The emulator with Box's real sizes: 20 MiB chunked minimum, 8 MiB parts below 1 GiB."""
    fakebox.use_real_sizes()
    return fakebox
