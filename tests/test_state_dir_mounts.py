"""Can a resume record be written? Checked against real file systems: a read-only mount and a full one.

Each case runs in a child process in its own mount namespace (``unshare --mount``, we are root), so the tiny tmpfs
it mounts is seen by no one else and disappears with it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# The child prints the InputError's message and exits 2, as the CLI would; then the dir's contents are listed.
CHECK = """
import pathlib, sys
from boxup import InputError, StateStore
try:
    StateStore(pathlib.Path(sys.argv[1])).check_writable()
except InputError as exc:
    sys.exit(f"boxup: error: {exc}")
"""


def check_in_namespace(mount_point: Path, setup: str) -> subprocess.CompletedProcess[str]:
    """Mount a 16 KiB tmpfs on ``mount_point``, run ``setup`` (shell), then StateStore.check_writable on it."""
    mount_point.mkdir()
    script = (
        f"mount -t tmpfs -o size=16k,mode=0700 tmpfs {mount_point} && {setup} && "
        f'"{sys.executable}" -c "$CHECK" {mount_point}/state; rc=$?; ls -A {mount_point}/state 2>/dev/null; exit $rc'
    )
    return subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env={"CHECK": CHECK, "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
    )


def test_a_read_only_state_dir_is_an_input_error(tmp_path: Path) -> None:
    done = check_in_namespace(tmp_path / "mnt", f"mount -o remount,ro {tmp_path / 'mnt'}")
    assert done.returncode == 1
    assert done.stderr == (
        f"boxup: error: cannot write resume records in the state directory {tmp_path / 'mnt' / 'state'} "
        "(Read-only file system); choose another with --state-dir or BOXUP_STATE_DIR\n"
    )


def test_a_full_state_dir_is_an_input_error(tmp_path: Path) -> None:
    mnt = tmp_path / "mnt"
    setup = f"mkdir -m 700 {mnt}/state && (dd if=/dev/zero of={mnt}/fill bs=4k 2>/dev/null; true)"
    done = check_in_namespace(mnt, setup)
    assert done.returncode == 1
    assert done.stderr.startswith("boxup: error: cannot write resume records in the state directory"), done.stderr
    assert "(No space left on device)" in done.stderr
    assert done.stdout == "", "the probe file was left behind"


def test_a_state_dir_with_room_passes_and_leaves_nothing(tmp_path: Path) -> None:
    mnt = tmp_path / "mnt"
    done = check_in_namespace(mnt, f"dd if=/dev/zero of={mnt}/fill bs=1k count=4 2>/dev/null")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
