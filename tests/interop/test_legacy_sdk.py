"""Box's legacy Python SDK (boxsdk 3.14, in .venv-legacy), unmodified, against fakebox at https://api.box.com.

Each case runs one scenario of tests/interop/legacy_sdk.py with the legacy venv's Python inside the namespace,
then checks the bytes by download from the emulator.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from tests.fakebox import FakeBox
from tests.fakebox.netns import BoxNet
from tests.interop.conftest import LEGACY_PYTHON, MiB, data, need

pytestmark = pytest.mark.netns

SCRIPT = Path(__file__).with_name("legacy_sdk.py")


def legacy(net: BoxNet, cwd: Path, *args: str) -> dict[str, Any]:
    python = need(LEGACY_PYTHON, "make legacy-venv makes it")
    result = net.run([str(python), str(SCRIPT), *args], cwd=cwd, timeout=180)
    assert result.returncode == 0, result.stderr[-4000:]
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_the_seed_create_upload_session_26000000_commits_a_new_version(
    boxnet: BoxNet, netbox: FakeBox, workdir: Path
) -> None:
    content = data(26_000_000, 10)
    (workdir / "seed.bin").write_bytes(content)
    out = legacy(boxnet, workdir, "seed", "seed.bin")
    assert (out["session"]["part_size"], out["session"]["total_parts"]) == (MiB, 25)
    assert out["session"]["endpoints"]["commit"].startswith("https://upload.box.com/api/2.0/files/upload_sessions/")
    assert out["file"]["id"] == "12345"
    assert netbox.file_bytes("12345") == content


def test_the_chunked_uploader_starts_a_new_file(boxnet: BoxNet, netbox: FakeBox, workdir: Path) -> None:
    content = data(3 * MiB + 17, 11)
    (workdir / "new.bin").write_bytes(content)
    out = legacy(boxnet, workdir, "new", "new.bin", "new.bin")
    assert (out["file"]["name"], out["file"]["sha1"]) == ("new.bin", hashlib.sha1(content).hexdigest())
    assert netbox.file_bytes(out["file"]["id"]) == content


def test_the_chunked_uploader_starts_a_new_version(boxnet: BoxNet, netbox: FakeBox, workdir: Path) -> None:
    content = data(2 * MiB + 5, 12)
    (workdir / "v.bin").write_bytes(content)
    out = legacy(boxnet, workdir, "version", "12345", "v.bin")
    assert out["file"]["id"] == "12345"
    assert netbox.file_bytes("12345") == content
    assert netbox.count("create_version_upload_session", 201) == 1


def test_the_chunked_uploader_resumes_after_an_interruption(boxnet: BoxNet, netbox: FakeBox, workdir: Path) -> None:
    content = data(4 * MiB + 1, 13)
    (workdir / "r.bin").write_bytes(content)
    netbox.inject("status", operation="upload_part", status=400, code="bad_request", nth=2, times=1)
    out = legacy(boxnet, workdir, "resume", "r.bin", "r.bin")
    assert out["interrupted"] == {"status": 400, "code": "bad_request"}
    assert netbox.file_bytes(out["file"]["id"]) == content
    assert netbox.count("list_upload_parts", 200) >= 1  # resume() asked the server what it holds
    assert netbox.count("create_upload_session", 201) == 1  # the same session, not a fresh start


def test_upload_stream_uploads_directly_with_null_attributes(boxnet: BoxNet, netbox: FakeBox, workdir: Path) -> None:
    content = b"legacy direct upload\n" * 50
    (workdir / "d.txt").write_bytes(content)
    out = legacy(boxnet, workdir, "direct", "d.txt", "d.txt")
    assert netbox.file_bytes(out["file"]["id"]) == content
    assert netbox.count("upload_file", 201) == 1
