"""Where boxup talks to and how patiently: endpoints, timeouts and transfer settings, as frozen values."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import attrs
import httpx

from .autoconcurrency import DEFAULT_START
from .errors import InputError
from .retry import RetryPolicy

DEFAULT_API_URL = "https://api.box.com/2.0"
DEFAULT_UPLOAD_URL = "https://upload.box.com/api/2.0"
DEFAULT_OAUTH_URL = "https://api.box.com/oauth2/token"
MIB = 1024 * 1024
CHUNKED_MINIMUM = 20 * MIB  # Box refuses upload sessions below 20 MiB (BOX-UPLOADS.md 4.1)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_box_host(host: str) -> bool:
    return host == "box.com" or host.endswith(".box.com")


def check_url(name: str, url: str) -> str:
    """A base URL must be https, or plain http to loopback (the emulator) only: tokens never cross a network
    unencrypted."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{name} is not an http(s) URL: {url!r}")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise InputError(f"{name} uses plain http to a non-loopback host ({parts.hostname}); use https")
    return url.rstrip("/")


def _api_url(url: str) -> str:
    return check_url("BOX_API_URL", url)


def _upload_url(url: str) -> str:
    return check_url("BOX_UPLOAD_URL", url)


def _oauth_url(url: str) -> str:
    return check_url("BOX_OAUTH_URL", url)


@attrs.frozen
class Endpoints:
    api_url: str = attrs.field(default=DEFAULT_API_URL, converter=_api_url)
    upload_url: str = attrs.field(default=DEFAULT_UPLOAD_URL, converter=_upload_url)
    oauth_url: str = attrs.field(default=DEFAULT_OAUTH_URL, converter=_oauth_url)

    def trusted_hosts(self) -> frozenset[str]:
        return frozenset(urlsplit(u).hostname or "" for u in (self.api_url, self.upload_url))

    def allows(self, url: str) -> bool:
        """Whether a URL the server handed us (session_endpoints) may receive our token."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        if host in self.trusted_hosts():
            return parts.scheme == "https" or is_loopback(host)
        return parts.scheme == "https" and is_box_host(host)


def _positive(name: str) -> attrs._ValidatorType[float]:
    def check(_: object, __: attrs.Attribute[float], value: float) -> None:
        if value <= 0:
            raise InputError(f"{name} must be positive, got {value}")

    return check


def _is_whole_at_least_one(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _at_least_one(_: object, __: attrs.Attribute[int | Literal["auto"]], value: int | Literal["auto"]) -> None:
    if value != "auto" and not _is_whole_at_least_one(value):
        raise InputError(f'concurrency must be at least 1 or "auto", got {value!r}')


def _whole_at_least_one(name: str) -> attrs._ValidatorType[int]:
    def check(_: object, __: attrs.Attribute[int], value: int) -> None:
        if not _is_whole_at_least_one(value):
            raise InputError(f"{name} must be a whole number of at least 1, got {value!r}")

    return check


def _optional_path(value: str | os.PathLike[str] | None) -> Path | None:
    return None if value is None else Path(value).expanduser()


def default_timeout() -> httpx.Timeout:
    """Explicit timeouts (the generated client would otherwise wait forever). ``write`` bounds each socket write of a
    part's block, not the whole part, so it holds on slow links too; ``read`` covers Box hashing a stored part."""
    return httpx.Timeout(connect=15.0, read=120.0, write=60.0, pool=None)


@attrs.frozen
class TransferSettings:
    """How an upload runs. Every field has a default a careful user would pick."""

    # Parts in flight at once: "auto" (start at 8, go to 32 while the rate grows with it, back to the knee when it
    # does not: boxup.autoconcurrency), or a fixed number.
    concurrency: int | Literal["auto"] = attrs.field(default="auto", validator=_at_least_one)
    chunked_threshold: int = CHUNKED_MINIMUM
    commit_timeout: float = attrs.field(default=15 * 60.0, validator=_positive("commit timeout"))
    commit_default_wait: float = 5.0  # when a 202 comes without Retry-After
    deadline: float | None = None  # seconds for the whole upload's retries; None: bounded by attempts only
    retry: RetryPolicy = attrs.field(factory=RetryPolicy)
    dedup: bool = True  # for new versions, ask the plan endpoint which parts Box already holds
    plan_batch: int = 1000
    # Stop asking the plan endpoint (and computing SHA-512s, ~3x SHA-1's CPU) after this many parts without a hit;
    # the first hit keeps dedup on to the end. 2, not 1: a changed header alone must not turn dedup off.
    # (0 would leave the hasher waiting for a decision no plan call could make.)
    dedup_probe: int = attrs.field(default=2, validator=_whole_at_least_one("dedup_probe"))
    timeout: httpx.Timeout = attrs.field(factory=default_timeout)
    # resume records; None: BOXUP_STATE_DIR or the platform's user state dir
    state_dir: Path | None = attrs.field(default=None, converter=_optional_path)

    @property
    def auto(self) -> bool:
        return self.concurrency == "auto"

    @property
    def start_concurrency(self) -> int:
        """The parts in flight when the upload starts (all of the upload for a fixed number)."""
        return DEFAULT_START if self.concurrency == "auto" else self.concurrency
