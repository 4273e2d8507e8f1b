"""boxup itself on the path a real user takes: default URLs (no BOX_*_URL), HTTPS to api.box.com and
upload.box.com, the CA trusted through SSL_CERT_FILE, inside the namespace of tests/fakebox/netns.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.fakebox import FakeBox
from tests.fakebox.netns import BoxNet
from tests.interop.conftest import BOXUP, MiB, data, need

pytestmark = pytest.mark.netns


def boxup(net: BoxNet, cwd: Path, *args: str) -> dict[str, Any]:
    binary = need(BOXUP, "make venv installs boxup")
    env = {"BOX_ACCESS_TOKEN": "fakebox-token", "BOXUP_STATE_DIR": str(cwd / "state"),
           "BOXUP_CHUNKED_THRESHOLD": str(MiB)}  # fmt: skip
    result = net.run([str(binary), "upload", *args, "--json", "--quiet"], env=env, cwd=cwd, timeout=120)
    assert result.returncode == 0, result.stderr[-4000:]
    return dict(json.loads(result.stdout))


def test_boxup_uploads_a_new_file_over_https_with_its_default_urls(
    boxnet: BoxNet, netbox: FakeBox, workdir: Path
) -> None:
    content = data(3 * MiB + 7, 20)
    (workdir / "new.bin").write_bytes(content)
    out = boxup(boxnet, workdir, "new.bin", "--folder", "0")
    assert netbox.file_bytes(out["id"]) == content
    assert netbox.count("create_upload_session", 201) == 1


def test_boxup_uploads_a_new_version_over_https_with_its_default_urls(
    boxnet: BoxNet, netbox: FakeBox, workdir: Path
) -> None:
    content = data(2 * MiB + 3, 21)
    (workdir / "v.bin").write_bytes(content)
    out = boxup(boxnet, workdir, "v.bin", "--file", "12345")
    assert out["id"] == "12345"
    assert netbox.file_bytes("12345") == content
    assert netbox.count("create_version_upload_session", 201) == 1
