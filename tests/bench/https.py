"""The emulator of an HTTPS scenario: fakebox behind TLS on Box's own host names (``api.box.com``,
``upload.box.com``, port 443) inside the network namespace of tests/fakebox/netns.py, and every client started in
that namespace with its default URLs, so it takes the path a real user's client takes (DNS name, TLS handshake,
certificate check), rclone included (it hard-codes Box's hosts).

It offers the runner what ``run.Emulator`` offers (``box``, ``base_url``, ``cpu_seconds``, ``spawn``, ``stop``), so
a scenario picks one or the other and nothing else in the runner changes.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path
from typing import IO, Any

from tests.fakebox.handle import FakeBox
from tests.fakebox.netns import BoxNet

DEFAULT_URLS = "box"  # the ``--base`` a client gets here: use Box's real URLs, configure nothing


class HttpsEmulator:
    """One namespace and its emulator for a scenario; ``spawn`` runs a client inside the namespace."""

    base_url = DEFAULT_URLS

    def __init__(self, work: Path, name: str) -> None:
        self.log = work / f"fakebox-{name}.log"
        self._stack = contextlib.ExitStack()
        self.net: BoxNet = self._stack.enter_context(BoxNet.start())
        self.box: FakeBox = self.net.box

    def cpu_seconds(self) -> float:
        """user + sys of the emulator so far (setpriv and nsenter exec it: the pid is the emulator's)."""
        assert self.net.emulator is not None
        fields = Path(f"/proc/{self.net.emulator.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def spawn(self, cmd: list[str], *, cwd: Path, stdout: IO[Any], stderr: IO[Any]) -> subprocess.Popen[Any]:
        return self.net.popen(cmd, cwd=cwd, stdout=stdout, stderr=stderr)

    def stop(self) -> None:
        self._stack.close()
