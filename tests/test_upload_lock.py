"""The per-upload lock (issue 11, item 6): one holder at a time, named by PID, released by any death of its holder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from boxup.lock import UploadInProgress, UploadLock
from boxup.state import Destination

DEST = Destination("0", None, "big.bin")
HOLD = """
import pathlib, sys, time
from boxup.lock import UploadLock
from boxup.state import Destination
lock = UploadLock(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), Destination("0", None, "big.bin"))
lock.acquire()
print("held", flush=True)
time.sleep(60)
"""


def holder(state: Path, path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(state), str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline() == "held\n"
    return proc


def test_a_second_holder_in_the_same_process_is_refused_and_named(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    with UploadLock(tmp_path, path, DEST), pytest.raises(UploadInProgress) as caught:
        UploadLock(tmp_path, path, DEST).acquire()
    assert str(caught.value) == f"{path} is already being uploaded by process {os.getpid()}"
    with UploadLock(tmp_path, path, DEST):  # released: free again
        pass
    assert list((tmp_path / "locks").iterdir()) == []  # no lock files pile up


def test_another_destination_or_file_is_not_blocked(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    with (
        UploadLock(tmp_path, path, DEST),
        UploadLock(tmp_path, path, Destination("0", None, "other.bin")),
        UploadLock(tmp_path, path, Destination(None, "12345", None)),
        UploadLock(tmp_path, tmp_path / "other.bin", DEST),
    ):
        pass


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_another_process_holding_it_is_named_and_its_death_releases_it(tmp_path: Path, sig: signal.Signals) -> None:
    path = tmp_path / "big.bin"
    proc = holder(tmp_path, path)
    try:
        with pytest.raises(UploadInProgress) as caught:
            UploadLock(tmp_path, path, DEST).acquire()
        assert caught.value.pid == proc.pid
        assert str(caught.value) == f"{path} is already being uploaded by process {proc.pid}"
    finally:
        proc.send_signal(sig)
        proc.wait(10)
    with UploadLock(tmp_path, path, DEST) as lock:
        assert lock.held
        assert lock.file.read_text() == f"{os.getpid()}\n"
