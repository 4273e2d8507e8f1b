"""Named profiles and the one precedence rule: flag > environment > profile > default.

A profile is a ``[profiles.NAME]`` table of ``config.toml`` in the platform's user config dir (read with the
standard library's tomllib), holding the same settings as the environment under lower-case names::

    [profiles.prod]
    config_file = "~/.box/prod-config.json"   # a JWT app
    as_user = "30000001"
    concurrency = 16

``effective`` returns every setting with the place its value came from, so ``boxup config show`` can print both,
secrets masked. boxup never writes this file; one that holds a secret must not be readable by group or others.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import platformdirs

from .errors import InputError
from .private_files import check_private_file

PROFILE_ENV = "BOXUP_PROFILE"


@attrs.frozen
class SettingSpec:
    name: str  # the profile key and the flag's destination name
    env: str
    default: str | None = None
    secret: bool = False
    integer: bool = False
    number: bool = False  # seconds: an int or a float
    shown_default: str | None = None  # how ``config show`` says an unset value's built-in behaviour


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("access_token", "BOX_ACCESS_TOKEN", secret=True),
    SettingSpec("client_id", "BOX_CLIENT_ID"),
    SettingSpec("client_secret", "BOX_CLIENT_SECRET", secret=True),
    SettingSpec("subject_type", "BOX_SUBJECT_TYPE"),
    SettingSpec("subject_id", "BOX_SUBJECT_ID"),
    SettingSpec("token_file", "BOX_TOKEN_FILE"),
    SettingSpec("config_file", "BOX_CONFIG_FILE"),
    # The JWT assertion's subject: a user id here makes the app's tokens that user's own (box_sub_type "user");
    # unset, they are the service account's. Unlike as_user, no header is sent: the token itself is the user's.
    SettingSpec("jwt_user_id", "BOX_JWT_USER_ID"),
    SettingSpec("as_user", "BOX_AS_USER"),
    SettingSpec("api_url", "BOX_API_URL", "https://api.box.com/2.0"),
    SettingSpec("upload_url", "BOX_UPLOAD_URL", "https://upload.box.com/api/2.0"),
    SettingSpec("oauth_url", "BOX_OAUTH_URL", "https://api.box.com/oauth2/token"),
    SettingSpec("state_dir", "BOXUP_STATE_DIR"),
    SettingSpec("concurrency", "BOXUP_CONCURRENCY", "auto", integer=True),
    SettingSpec("timeout", "BOXUP_TIMEOUT", number=True, shown_default="connect 15 s, read 120 s, write 60 s"),
    SettingSpec("max_attempts", "BOXUP_MAX_ATTEMPTS", "8", integer=True),
    SettingSpec("commit_timeout", "BOXUP_COMMIT_TIMEOUT", "900", number=True),
)
BY_NAME = {spec.name: spec for spec in SPECS}


@attrs.frozen
class Setting:
    """One effective value and where it came from: ``flag``, ``env``, ``profile:NAME`` or ``default``."""

    name: str
    value: str | None
    source: str
    secret: bool = False

    @property
    def shown(self) -> str:
        """The value as ``config show`` prints it: secrets masked, unset as ``-`` (or what boxup does then)."""
        if self.value is None:
            return BY_NAME[self.name].shown_default or "-" if self.name in BY_NAME else "-"
        return mask(self.value) if self.secret else self.value

    def __repr__(self) -> str:
        return f"Setting({self.name}={self.shown!r}, source={self.source!r})"


def mask(secret: str) -> str:
    """Enough to tell two secrets apart, never enough to use one: the last 4 characters of a long secret."""
    return f"****{secret[-4:]}" if len(secret) >= 16 else "****"


def config_path() -> Path:
    return platformdirs.user_config_path("boxup") / "config.toml"


def profile_name(flag: str | None, environ: Mapping[str, str]) -> str | None:
    return flag or environ.get(PROFILE_ENV) or None


def load_profile(name: str | None, path: Path | None = None) -> dict[str, str]:
    """The settings of profile ``name`` (none: ``{}``), checked; every problem is a one-line InputError."""
    if name is None:
        return {}
    path = path or config_path()
    if not path.exists():
        raise InputError(f"profile {name!r} asked for, but there is no {path}")
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path} is not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path} cannot be read: {getattr(exc, 'strerror', None) or 'not UTF-8'}") from None
    profiles = document.get("profiles")
    table = profiles.get(name) if isinstance(profiles, dict) else None
    if not isinstance(table, dict):
        known = ", ".join(sorted(profiles)) if isinstance(profiles, dict) and profiles else "none"
        raise InputError(f"no profile {name!r} in {path} (profiles: {known})")
    settings = {key: _profile_value(name, key, value) for key, value in table.items()}
    if any(BY_NAME[key].secret for key in settings):
        check_private_file(path, f"profile {name!r} holds a secret, and")
    return settings


def _profile_value(profile: str, key: str, value: Any) -> str:
    spec = BY_NAME.get(key)
    if spec is None:
        raise InputError(f"profile {profile!r}: unknown setting {key!r} (known: {', '.join(BY_NAME)})")
    if (spec.integer or spec.number) and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if spec.number and isinstance(value, float | str) and _is_number(str(value)):
        return str(value)
    if spec.number:
        raise InputError(f"profile {profile!r}: {key} must be a number of seconds")
    if spec.integer and not (isinstance(value, str) and (value.isdigit() or value == "auto")):
        raise InputError(f'profile {profile!r}: {key} must be a number (or "auto")')
    if not isinstance(value, str):
        raise InputError(f"profile {profile!r}: {key} must be a string")
    return value


def _is_number(text: str) -> bool:
    try:
        return float(text) > 0
    except ValueError:
        return False


def effective(
    flags: Mapping[str, str | int | None],
    environ: Mapping[str, str],
    profile: Mapping[str, str],
    profile_label: str = "profile",
) -> dict[str, Setting]:
    """Every setting's value and source: a flag wins over the environment, which wins over the profile, which
    wins over the default. An empty environment variable counts as unset (as ``export X=`` usually means)."""
    result: dict[str, Setting] = {}
    for spec in SPECS:
        flag = flags.get(spec.name)
        env = environ.get(spec.env) or None
        chosen: tuple[str | None, str]
        if flag is not None:
            chosen = (str(flag), "flag")
        elif env is not None:
            chosen = (env, f"env {spec.env}")
        elif spec.name in profile:
            chosen = (profile[spec.name], profile_label)
        else:
            chosen = (spec.default, "default")
        result[spec.name] = Setting(spec.name, chosen[0], chosen[1], spec.secret)
    return result


def auth_method(settings: Mapping[str, Setting]) -> str | None:
    """Which credentials the settings amount to; the first complete set wins, in the order boxup tries them."""

    def has(*names: str) -> bool:
        return all(settings[n].value for n in names)

    if has("access_token"):
        return "token"
    if has("config_file"):
        return "jwt"
    if has("client_id", "client_secret"):
        return "ccg"
    return None
