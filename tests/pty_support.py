"""Reading what a child process wrote to a pseudo-terminal (tests that need a real terminal on the other side)."""

from __future__ import annotations

import os


def read_until_closed(fd: int, into: bytearray) -> None:
    """Append everything readable from the pty's main side to ``into`` until the child side is closed."""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            return
        if not chunk:
            return
        into.extend(chunk)
