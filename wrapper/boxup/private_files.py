"""Files that hold secrets or resume records must be their user's own: one check, one wording, for the JWT config,
profiles, the token file and the state directory's records (as ssh does with private keys)."""

from __future__ import annotations

import os
import shlex
import stat
from pathlib import Path

from .errors import InputError


def not_private(st: os.stat_result, *, writable_only: bool = False) -> str | None:
    """Why a file or directory is not the user's own (None when it is). ``writable_only``: others may read it
    (a directory like ~/.ssh with mode 0755), only not write it."""
    if st.st_uid != os.geteuid():
        return f"it is owned by uid {st.st_uid}, not by this user"
    loose = stat.S_IMODE(st.st_mode) & (0o022 if writable_only else 0o077)
    if loose:
        return f"its mode {stat.S_IMODE(st.st_mode):04o} lets group or others {'write' if writable_only else 'in'}"
    return None


def check_private_file(path: Path, what: str) -> os.stat_result:
    """Refuse a secret-holding file that is missing, not regular, not the user's or open to group or others
    (POSIX only: Windows has ACLs). Returns its status."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(f"{what} {path} does not exist") from None
    except OSError as exc:
        raise InputError(f"{what} {path} cannot be read: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{what} {path} is not a regular file")
    if os.name != "nt" and (why := not_private(st)) is not None:
        fix = f"; run: chmod 600 {shlex.quote(str(path))}" if st.st_uid == os.geteuid() else ""
        raise InputError(f"{what} {path} is not private: {why}{fix}")
    return st


def read_token_file(path: Path) -> str:
    """The token in ``path`` (--token-file / BOX_TOKEN_FILE), once the file passed the private check."""
    check_private_file(path, "--token-file")
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"--token-file {path}: cannot read it ({exc})") from None
    if not token:
        raise InputError(f"--token-file {path} is empty")
    return token
