"""boxup.Client pointed at the emulator, with the emulator's small test sizes and fast retries."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boxup
import pytest

from tests.fakebox.handle import FakeBox


def make_client(fakebox: FakeBox, state_dir: Path, *, auth: Any = None, **settings: Any) -> boxup.Client:
    defaults: dict[str, Any] = {
        "chunked_threshold": fakebox.min_chunked_size,
        "state_dir": state_dir,
        "retry": boxup.RetryPolicy(backoff_base=0.01, backoff_max=0.2, max_attempts=6),
        "commit_default_wait": 0.05,
    }
    defaults.update(settings)
    endpoints = boxup.Endpoints(fakebox.api_url, fakebox.upload_url, fakebox.oauth_url)
    return boxup.Client(auth=auth or fakebox.token, endpoints=endpoints, settings=boxup.TransferSettings(**defaults))


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def box(fakebox: FakeBox, state_dir: Path) -> Iterator[boxup.Client]:
    with make_client(fakebox, state_dir) as client:
        yield client


@pytest.fixture
def make_file(tmp_path: Path) -> Callable[[int], Path]:
    def make(size: int, name: str = "upload.bin") -> Path:
        path = tmp_path / name
        path.write_bytes(os.urandom(size))
        return path

    return make


@pytest.fixture(params=["sync", "async"])
def upload(request: pytest.FixtureRequest) -> Callable[..., boxup.UploadedFile]:
    """The same upload through the sync API and through upload_async on a fresh event loop."""

    def run(client: boxup.Client, path: Path, **kwargs: Any) -> boxup.UploadedFile:
        if request.param == "sync":
            return client.upload(path, **kwargs)

        async def main() -> boxup.UploadedFile:
            try:
                return await client.upload_async(path, **kwargs)
            finally:
                await client.aclose()

        return asyncio.run(main())

    return run
