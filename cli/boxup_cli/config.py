"""From flags and the environment to a ``boxup.Client``.

Flags win over environment variables (Typer resolves the ``envvar`` of each option). A token is never a flag, where it
would show in ``ps`` and shell history: it comes from BOX_ACCESS_TOKEN, the CCG variables, or ``--token-file``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shlex
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boxup

SECRET_ENV = ("BOX_ACCESS_TOKEN", "BOX_CLIENT_SECRET")


@dataclass(frozen=True)
class Connection:
    """Where to talk to and as whom: the options every command that reaches Box shares."""

    api_url: str | None = None
    upload_url: str | None = None
    oauth_url: str | None = None
    state_dir: Path | None = None
    token_file: Path | None = None
    # The flags above as the user typed them, for commands we suggest afterwards (e.g. the resume hint).
    given_flags: tuple[str, ...] = ()


def given_flags(**values: object) -> tuple[str, ...]:
    """Re-quoted ``--flag value`` pairs for the options the user set, so a printed command can be pasted back."""
    flags: list[str] = []
    for name, value in values.items():
        if value is not None:
            flags += [f"--{name.replace('_', '-')}", shlex.quote(str(value))]
    return tuple(flags)


def read_token_file(path: Path) -> str:
    """The token in ``path``; refused when group or others may read or write it (as ssh does with private keys)."""
    try:
        st = path.stat()
    except OSError as exc:
        raise boxup.InputError(f"--token-file {path}: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise boxup.InputError(f"--token-file {path}: not a regular file")
    if st.st_mode & 0o077:
        raise boxup.InputError(
            f"--token-file {path} is open to group or others (mode {stat.S_IMODE(st.st_mode):04o}); "
            f"run: chmod 600 {shlex.quote(str(path))}"
        )
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise boxup.InputError(f"--token-file {path}: cannot read it ({exc})") from None
    if not token:
        raise boxup.InputError(f"--token-file {path} is empty")
    return token


def secrets(connection: Connection) -> list[str]:
    """Every secret this process knows, so log and error output can be scrubbed of them."""
    found = [os.environ.get(name, "") for name in SECRET_ENV]
    if connection.token_file is not None:
        with contextlib.suppress(OSError, UnicodeDecodeError):  # read_token_file will say what is wrong
            found.append(connection.token_file.read_text(encoding="utf-8").strip())
    return [s for s in found if s]


def parse_timestamp(value: str) -> dt.datetime:
    """ISO 8601 with or without an offset; without one it is UTC (what Box stores)."""
    text = value.strip()
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise boxup.InputError(
            f"--content-modified-at {value!r} is not an ISO 8601 time; e.g. 2024-05-01T12:30:00Z"
        ) from None
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def endpoints(connection: Connection) -> boxup.Endpoints:
    """Only the URLs the user set: the rest keep boxup's defaults. A bad URL is an InputError (exit 2)."""
    chosen = {"api_url": connection.api_url, "upload_url": connection.upload_url, "oauth_url": connection.oauth_url}
    return boxup.Endpoints(**{k: v for k, v in chosen.items() if v})


def settings(
    connection: Connection,
    *,
    concurrency: int | str | None = None,
    chunked_threshold: int | None = None,
    max_attempts: int | None = None,
) -> boxup.TransferSettings:
    options: dict[str, Any] = {}
    if max_attempts is not None:
        options["retry"] = boxup.RetryPolicy(max_attempts=max_attempts)
    if concurrency is not None:
        options["concurrency"] = concurrency
    if chunked_threshold is not None:
        options["chunked_threshold"] = chunked_threshold
    if connection.state_dir is not None:
        options["state_dir"] = connection.state_dir.expanduser()
    return boxup.TransferSettings(**options)


def make_client(connection: Connection, transfer: boxup.TransferSettings | None = None) -> boxup.Client:
    """A client from the environment, with the flags' choices on top. Raises InputError before anything is sent."""
    ends = endpoints(connection)
    transfer = transfer or settings(connection)
    auth = boxup.BearerToken(read_token_file(connection.token_file)) if connection.token_file else None
    return boxup.Client.from_env(endpoints=ends, settings=transfer, auth=auth)


def local_records(connection: Connection) -> boxup.StateStore:
    """The local resume records: reading them needs no token, since nothing talks to Box."""
    return boxup.StateStore(settings(connection).state_dir)
