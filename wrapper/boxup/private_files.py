"""Files that hold secrets must be private to their owner; one check shared by the JWT config and profiles."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import InputError


def check_private_file(path: Path, what: str) -> None:
    """Refuse a secret-holding file that group or others may read or write (POSIX only: Windows has ACLs)."""
    if os.name == "nt":
        return
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(f"{what} {path} does not exist") from None
    except OSError as exc:
        raise InputError(f"{what} {path} cannot be read: {exc.strerror}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise InputError(f"{what} {path} is accessible by group or others (mode {mode & 0o777:o}); chmod 600 it")
