"""boxsdk 10.18 (box_sdk_gen), unmodified and with its default base URLs, over HTTPS on Box's host names.

tests/test_fakebox_interop.py runs it against fakebox over plain http by pointing BaseUrls at it; here nothing is
pointed anywhere: the SDK talks to https://api.box.com and https://upload.box.com inside the namespace.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.fakebox import FakeBox
from tests.fakebox.netns import BoxNet
from tests.interop.conftest import MiB, data

pytestmark = pytest.mark.netns

SCRIPT = """
import json, sys
from box_sdk_gen import BoxClient, BoxDeveloperTokenAuth
client = BoxClient(auth=BoxDeveloperTokenAuth(token="fakebox-token"))
with open(sys.argv[1], "rb") as f:
    new = client.chunked_uploads.upload_big_file(f, "sdk.bin", int(sys.argv[3]), "0")
with open(sys.argv[2], "rb") as f:
    version = client.chunked_uploads.upload_big_file_version(new.id, f, int(sys.argv[3]))
print(json.dumps({"new": new.id, "version": version.id}))
"""


def test_boxsdk_10_uploads_a_new_file_and_a_version_over_https_with_default_urls(
    boxnet: BoxNet, netbox: FakeBox, workdir: Path
) -> None:
    size = 3 * MiB + 11
    first, second = data(size, 30), data(size, 31)
    (workdir / "a.bin").write_bytes(first)
    (workdir / "b.bin").write_bytes(second)
    argv = [sys.executable, "-c", SCRIPT, "a.bin", "b.bin", str(size)]
    result = boxnet.run(argv, cwd=workdir, timeout=120)
    assert result.returncode == 0, result.stderr[-4000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["new"] == out["version"]
    found = netbox.file_info(out["new"])
    assert netbox.file_bytes(out["new"]) == second
    assert len(found["versions"]) == 2
    assert netbox.count("plan_upload_session", 200) >= 1
