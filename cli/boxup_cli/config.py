"""From flags and the environment to a ``boxup.Client``.

Flags win over environment variables, which win over the profile (``boxup.profiles.effective``). A token is never a
flag, where it would show in ``ps`` and shell history: it comes from BOX_ACCESS_TOKEN, BOX_CONFIG_FILE (a JWT app), the
CCG variables, or ``--token-file``.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field

import attrs
import boxup
from boxup.profiles import Setting

from boxup_cli import logs


@dataclass(frozen=True)
class Connection:
    """Where to talk to, as whom and how patiently: the shared options as the user typed them (``flags``); the
    environment and the profile fill in the rest when ``resolve`` is called."""

    flags: Mapping[str, object] = field(default_factory=dict)
    # The flags as typed, re-quoted, for commands we suggest afterwards (e.g. the resume hint).
    given_flags: tuple[str, ...] = ()
    verbose: bool = False

    def resolve(self, **command_flags: object) -> dict[str, Setting]:
        """The effective settings, with this command's own flags (e.g. --concurrency) among the flags."""
        from boxup import environment  # the HTTP stack loads only when a command needs it

        flags = {k: None if v is None else str(v) for k, v in {**self.flags, **command_flags}.items()}
        return environment.settings_for(os.environ, flags, profile=flags.pop("profile", None))


def given_flags(**values: object) -> tuple[str, ...]:
    """Re-quoted ``--flag value`` pairs for the options the user set, so a printed command can be pasted back."""
    flags: list[str] = []
    for name, value in values.items():
        if value is not None:
            flags += [f"--{name.replace('_', '-')}", shlex.quote(str(value))]
    return tuple(flags)


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


def make_client(
    connection: Connection, *, chunked_threshold: int | None = None, **command_flags: object
) -> boxup.Client:
    """A client from the effective settings; teaches the log redactor every secret they lead to first. Raises
    InputError (exit 2) before anything is sent."""
    from boxup import environment  # the HTTP stack loads only when a command needs it

    found = connection.resolve(**command_flags)
    logs.register_secrets(environment.known_secrets(found))
    ends = environment.endpoints_from(found)
    transfer = environment.transfer_from(found)
    if chunked_threshold is not None:
        transfer = attrs.evolve(transfer, chunked_threshold=chunked_threshold)
    return boxup.Client(
        auth=environment.auth_from(found, ends),
        endpoints=ends,
        settings=transfer,
        as_user=environment.value(found, "as_user"),
    )


def local_records(connection: Connection) -> boxup.StateStore:
    """The local resume records: reading them needs no token, since nothing talks to Box, and only the state dir
    setting counts (a malformed BOXUP_CONCURRENCY must not stop a listing)."""
    from boxup import environment  # the HTTP stack loads only when a command needs it

    return boxup.StateStore(environment.with_state_dir(connection.resolve(), boxup.TransferSettings()).state_dir)
