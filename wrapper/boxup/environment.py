"""From effective settings (flag > environment > profile > default, see ``profiles``) to what a Client is made of.

``Client.from_env`` and the CLI both come through here, so the library and the command agree on which credentials
win, what a setting means and what a bad value says. Everything is checked before anything is sent.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import attrs
import httpx

from .auth import BearerToken, ClientCredentials
from .config import Endpoints, TransferSettings
from .errors import InputError
from .jwt_auth import JWTAuth, read_config_file
from .private_files import read_token_file
from .profiles import Setting, auth_method, effective, load_profile, profile_name

CCG_SETTINGS = ("client_id", "client_secret", "subject_type", "subject_id")
ENV_NAMES = {"client_id": "BOX_CLIENT_ID", "client_secret": "BOX_CLIENT_SECRET",
             "subject_type": "BOX_SUBJECT_TYPE", "subject_id": "BOX_SUBJECT_ID"}  # fmt: skip


def settings_for(
    environ: Mapping[str, str], flags: Mapping[str, str | int | None] | None = None, profile: str | None = None
) -> dict[str, Setting]:
    """The effective settings: ``flags`` over ``environ`` over the profile (``profile`` or BOXUP_PROFILE)."""
    name = profile_name(profile, environ)
    return effective(flags or {}, environ, load_profile(name), f"profile:{name}" if name else "profile")


def value(settings: Mapping[str, Setting], name: str) -> str | None:
    return settings[name].value


def endpoints_from(settings: Mapping[str, Setting]) -> Endpoints:
    return Endpoints(*(str(value(settings, n)) for n in ("api_url", "upload_url", "oauth_url")))


def transfer_from(settings: Mapping[str, Setting], base: TransferSettings | None = None) -> TransferSettings:
    """``base`` (or the defaults) with every setting that was given on top; bad numbers are InputErrors."""
    base = base or TransferSettings()
    changes: dict[str, Any] = {}
    given = {n: s.value for n, s in settings.items() if s.source != "default" and s.value is not None}
    if "concurrency" in given:
        changes["concurrency"] = _concurrency(settings["concurrency"])
    if "max_attempts" in given:
        changes["retry"] = attrs.evolve(base.retry, max_attempts=_integer(settings["max_attempts"]))
    if "commit_timeout" in given:
        changes["commit_timeout"] = _seconds(settings["commit_timeout"])
    if "timeout" in given:
        seconds = _seconds(settings["timeout"])
        changes["timeout"] = httpx.Timeout(connect=seconds, read=seconds, write=seconds, pool=None)
    return with_state_dir(settings, attrs.evolve(base, **changes))


def with_state_dir(settings: Mapping[str, Setting], base: TransferSettings) -> TransferSettings:
    """``base`` with the state dir the settings name, unless ``base`` already has one."""
    state_dir = value(settings, "state_dir")
    if state_dir and base.state_dir is None:
        return attrs.evolve(base, state_dir=Path(state_dir).expanduser())
    return base


def _where(setting: Setting) -> str:
    return f"--{setting.name.replace('_', '-')}" if setting.source == "flag" else setting.source


def _integer(setting: Setting) -> int:
    text = str(setting.value)
    if not text.isdigit() or int(text) < 1:
        raise InputError(f"{setting.name} ({_where(setting)}) must be a whole number of at least 1, not {text!r}")
    return int(text)


def _concurrency(setting: Setting) -> int | Literal["auto"]:
    """A whole number of at least 1, or "auto" (any case, as the flag takes it)."""
    if str(setting.value).strip().lower() == "auto":
        return "auto"
    text = str(setting.value)
    if not text.isdigit() or int(text) < 1:
        raise InputError(
            f'concurrency ({_where(setting)}) must be a whole number of at least 1 or "auto", not {text!r}'
        )
    return int(text)


def _seconds(setting: Setting) -> float:
    text = str(setting.value)
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not seconds > 0 or seconds == float("inf"):
        raise InputError(f"{setting.name} ({_where(setting)}) must be a positive number of seconds, not {text!r}")
    return seconds


def _rank(setting: Setting) -> int:
    """How strongly a value was asked for: a flag over the environment over a profile."""
    return 3 if setting.source == "flag" else 2 if setting.source.startswith("env") else 1


def credentials_in_use(settings: Mapping[str, Setting]) -> str | None:
    """Which credentials ``auth_from`` builds: "token_file", "token", "jwt", "ccg", or None (there are none)."""
    method = auth_method(settings)
    token_file = settings["token_file"]
    if token_file.value and (method != "token" or _rank(token_file) >= _rank(settings["access_token"])):
        return "token_file"
    if method is None and any(value(settings, n) for n in CCG_SETTINGS):
        return "ccg"  # an incomplete set: auth_from says what is missing
    return method


def credentials_hint(settings: Mapping[str, Setting]) -> str:
    """The credentials in use and where they were set, for a refusal to name what to check."""
    kind = credentials_in_use(settings)
    if kind == "token_file":
        return f"the token in {value(settings, 'token_file')} ({_where(settings['token_file'])})"
    if kind == "token":
        return f"the access token ({_where(settings['access_token'])})"
    if kind == "jwt":
        return f"the JWT app in {value(settings, 'config_file')} ({_where(settings['config_file'])})"
    if kind == "ccg":
        where = ", ".join(dict.fromkeys(_where(settings[n]) for n in CCG_SETTINGS if value(settings, n)))
        return f"the Client Credentials Grant settings ({where})"
    return "the credentials"


def auth_from(settings: Mapping[str, Setting], endpoints: Endpoints) -> httpx.Auth:
    """The credentials the settings name, tried in a fixed order: a token, a token file, a JWT app, CCG."""
    method = credentials_in_use(settings)
    token_file = value(settings, "token_file")
    if token_file and method == "token_file":
        return BearerToken(read_token_file(Path(token_file).expanduser()))
    if method == "token":
        return BearerToken(str(value(settings, "access_token")))
    if method == "jwt":
        return JWTAuth.from_config_file(
            Path(str(value(settings, "config_file"))).expanduser(),
            user_id=value(settings, "jwt_user_id"),
            oauth_url=endpoints.oauth_url,
        )
    ccg = {n: value(settings, n) for n in CCG_SETTINGS}
    if any(ccg.values()):
        missing = [ENV_NAMES[n] for n, v in ccg.items() if not v]
        if missing:
            raise InputError(f"Client Credentials Grant needs {', '.join(missing)} as well")
        return ClientCredentials(
            str(ccg["client_id"]),
            str(ccg["client_secret"]),
            subject_type=str(ccg["subject_type"]),
            subject_id=str(ccg["subject_id"]),
            oauth_url=endpoints.oauth_url,
        )
    raise InputError(
        "no credentials: set BOX_ACCESS_TOKEN, BOX_CONFIG_FILE (a JWT app), or BOX_CLIENT_ID, BOX_CLIENT_SECRET, "
        "BOX_SUBJECT_TYPE and BOX_SUBJECT_ID for Client Credentials Grant"
    )


def known_secrets(settings: Mapping[str, Setting]) -> list[str]:
    """Every secret the settings lead to (tokens, client secrets, the JWT key and passphrase), for log scrubbing.
    Best effort: a file that cannot be read yields nothing here, and building the auth then says why."""
    found = [str(s.value) for s in settings.values() if s.secret and s.value]
    token_file = value(settings, "token_file")
    if token_file:
        with contextlib.suppress(OSError, UnicodeDecodeError):  # building the auth says what is wrong
            found.append(Path(token_file).expanduser().read_text(encoding="utf-8").strip())
    config_file = value(settings, "config_file")
    if config_file:
        try:
            jwt = read_config_file(Path(config_file).expanduser())
        except InputError:
            pass
        else:
            found += [jwt["clientSecret"], jwt["passphrase"], *jwt["privateKey"].splitlines()]
    return [s for s in found if s]
