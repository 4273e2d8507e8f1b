"""The emulator's command-line contract: the address alone on the first line, a clean stop on SIGTERM/SIGINT."""

from __future__ import annotations

import re
import signal
import subprocess
import sys

import httpx
import pytest

from tests.fakebox.process import REPO, running


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_first_line_is_the_address_and_a_signal_stops_it_cleanly(sig: signal.Signals) -> None:
    with running("--port", "0", "--host", "127.0.0.1") as (proc, box):
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", box.base_url)
        answer = httpx.get(f"{box.api_url}/files/12345", headers={"Authorization": f"Bearer {box.token}"})
        assert answer.json()["name"] == "Project.mov"
        storage = box.file_path("12345")
        assert storage.exists()
        proc.send_signal(sig)
        assert proc.wait(10) == 0
        assert proc.stdout is not None
        assert proc.stdout.read() == ""
    assert not storage.exists()


def test_wan_flags_and_the_handle_over_http() -> None:
    with running("--wan") as (_proc, box):
        settings = box.settings
        assert (settings["latency"], settings["bandwidth"]) == (0.04, 12 * 1024 * 1024)
        box.configure(latency=0, bandwidth=None, part_size="512KiB")
        assert box.part_size == 512 * 1024
        rule = box.inject(operation="get_file", status=503, times=1)
        first = httpx.get(f"{box.api_url}/files/12345", headers={"Authorization": f"Bearer {box.token}"})
        assert first.status_code == 503
        assert box.counters["faults_fired"] == {rule: 1}
        box.reset()
        assert box.faults() == []
        assert box.requests == []


def test_a_bad_setting_exits_2() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.fakebox", "--set", "no_such_setting=1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert "unknown setting" in done.stderr
    assert done.stdout == ""
