"""The HTTPS harness itself (tests/fakebox/netns.py): Box's names point at the emulator inside, nothing changes
outside, and the only network inside is loopback."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fakebox import FakeBox
from tests.fakebox.netns import BoxNet
from tests.interop.conftest import REPO

pytestmark = pytest.mark.netns

PROBE = """
import json, os, socket, ssl, urllib.request
ctx = ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
req = urllib.request.Request("https://upload.box.com/api/2.0/nowhere", headers={"Authorization": "Bearer x"})
try:
    urllib.request.urlopen(req, context=ctx)
except urllib.error.HTTPError as exc:
    status = exc.code
print(json.dumps({"addr": socket.gethostbyname("api.box.com"), "status": status}))
"""


def test_box_names_reach_the_emulator_over_verified_tls_inside(boxnet: BoxNet, netbox: FakeBox) -> None:
    result = boxnet.run([sys.executable, "-c", PROBE], timeout=30, check=True)
    assert result.stdout.strip() == '{"addr": "127.0.0.1", "status": 404}'
    (logged,) = netbox.requests_for("unknown")
    assert (logged["path"], logged["status"]) == ("/api/2.0/nowhere", 404)


def test_the_namespace_changes_nothing_outside_and_routes_only_loopback(boxnet: BoxNet, netbox: FakeBox) -> None:
    assert "box.com" not in Path("/etc/hosts").read_text()
    routes = boxnet.run(["ip", "-o", "route", "show", "table", "all"], timeout=10, check=True).stdout
    assert all(" lo " in line for line in routes.splitlines()), routes
    links = boxnet.run(["ip", "-o", "link", "show"], timeout=10, check=True).stdout
    assert [line.split(":")[1].strip() for line in links.splitlines()] == ["lo"]


def test_the_certificate_names_box_hosts_and_no_one_else(boxnet: BoxNet, netbox: FakeBox) -> None:
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(boxnet.tls_files.cert.read_bytes())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert set(names.get_values_for_type(x509.DNSName)) == {
        "api.box.com", "upload.box.com", "*.box.com", "*.app.box.com", "localhost"
    }  # fmt: skip
    assert boxnet.tls_files.key.stat().st_mode & 0o077 == 0


OWNER = """
from tests.fakebox.netns import BoxNet
with BoxNet.start() as net:
    assert net.emulator is not None
    print(net.holder.pid, net.emulator.pid, flush=True)
    input()
"""


def gone(pid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.05)
    return False


def test_an_owner_killed_with_sigkill_leaves_no_namespace_or_emulator_behind(boxnet: BoxNet) -> None:
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert owner.stdout is not None
        holder, emulator = (int(pid) for pid in owner.stdout.readline().split())
    finally:
        owner.kill()
        owner.wait(10)
    assert gone(holder, 10)
    assert gone(emulator, 10)
