"""The connection and settings options every command that reaches Box shares, declared once.

``@connection_options`` appends them to a command's signature (Typer reads ``__signature__``) and hands the command
one ``Connection`` instead. Each option names its environment variable for ``--help``; which of the two gave a value
is asked of Click, so precedence (flag > environment > profile > default) is decided in one place,
``boxup.profiles.effective``, and ``boxup config show`` can say where every value came from.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

# This Typer vendors click as typer._click: its context stack is not the click package's.
from typer._click import core as click_core
from typer._click import globals as click_globals

from boxup_cli.config import Connection, given_flags

CONNECTION = "Connection and credentials (flag > environment > profile > default)"
WAITS = "Waits and retries"
# Options repeated in commands boxup suggests afterwards (the resume hint): where to talk and as whom.
CARRIED = ("api_url", "upload_url", "oauth_url", "state_dir", "token_file", "config_file", "profile")


def _option(flag: str, env: str, text: str, panel: str = CONNECTION, **extra: Any) -> Any:
    return typer.Option(flag, envvar=env, show_envvar=True, help=text, rich_help_panel=panel, **extra)


StateDir = Annotated[
    Path | None,
    _option("--state-dir", "BOXUP_STATE_DIR", "Where resume records live (default: your user state directory)."),
]
OPTIONS: dict[str, Any] = {
    "api_url": Annotated[str | None, _option("--api-url", "BOX_API_URL", "Box API base URL.")],
    "upload_url": Annotated[str | None, _option("--upload-url", "BOX_UPLOAD_URL", "Box upload base URL.")],
    "oauth_url": Annotated[str | None, _option("--oauth-url", "BOX_OAUTH_URL", "Box OAuth token URL.")],
    "state_dir": StateDir,
    "token_file": Annotated[
        Path | None,
        _option(
            "--token-file", "BOX_TOKEN_FILE", "Read the access token from this file (not readable by group or others)."
        ),
    ],
    "config_file": Annotated[
        Path | None,
        _option(
            "--config-file",
            "BOX_CONFIG_FILE",
            "A JWT app's config.json from the Box Developer Console (needs boxup\\[jwt]). Acts as the service "
            "account, or as the user BOX_JWT_USER_ID names.",
        ),
    ],
    "as_user": Annotated[
        str | None,
        _option(
            "--as-user",
            "BOX_AS_USER",
            "Send As-User: act as this user (id) on every request. The app needs the as-user capability.",
            metavar="USER_ID",
        ),
    ],
    "profile": Annotated[
        str | None,
        _option("--profile", "BOXUP_PROFILE", "Take unset settings from this \\[profiles.NAME] of config.toml."),
    ],
    "timeout": Annotated[
        float | None,
        _option(
            "--timeout",
            "BOXUP_TIMEOUT",
            "Seconds each network wait (connect, each read, each write) may take "
            "\\[default: connect 15, read 120, write 60].",
            WAITS,
            metavar="SECONDS",
        ),
    ],
    "max_attempts": Annotated[
        int | None,
        _option(
            "--max-attempts", "BOXUP_MAX_ATTEMPTS", "Tries per request before giving up \\[default: 8].", WAITS, min=1
        ),
    ],
    "commit_timeout": Annotated[
        float | None,
        _option(
            "--commit-timeout",
            "BOXUP_COMMIT_TIMEOUT",
            "Seconds to wait for Box to finish a commit (202 answers) before stopping; the session is kept for "
            "resume \\[default: 900].",
            WAITS,
            metavar="SECONDS",
        ),
    ],
    "verbose": Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Debug log on stderr: requests, timings, request ids (secrets redacted).",
            rich_help_panel="Output",
        ),
    ],
}  # fmt: skip


def typed_on_command_line(name: str) -> bool:
    """Whether the user typed this option (not inherited it from the environment)."""
    context = click_globals.get_current_context(silent=True)
    return context is not None and context.get_parameter_source(name) == click_core.ParameterSource.COMMANDLINE


def connection_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give ``command`` the shared options; it receives them as ``connection: Connection``."""
    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "connection"]
    keyword = inspect.Parameter.KEYWORD_ONLY
    shared = [
        inspect.Parameter(name, keyword, annotation=kind, default=False if name == "verbose" else None)
        for name, kind in OPTIONS.items()
    ]

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        values = {name: kwargs.pop(name) for name in OPTIONS}
        verbose = bool(values.pop("verbose"))
        flags = {n: v for n, v in values.items() if v is not None and typed_on_command_line(n)}
        carried = given_flags(**{n: flags.get(n) for n in CARRIED})
        command(*args, connection=Connection(flags=flags, given_flags=carried, verbose=verbose), **kwargs)

    parameters = own + shared
    run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    return run
