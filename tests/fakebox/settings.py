"""Every behaviour of the emulator that Box leaves undocumented ([infer] in BOX-UPLOADS.md) is a setting here.

Settings travel as JSON through the admin endpoint, so every field is a plain JSON value; sizes and rates may also
be given as strings such as ``"12MiB"`` or ``"256KiB"``.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from typing import Any

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB

# Box's documented chunked minimum (BOX-UPLOADS.md 4.1): the official SDK tests succeed at exactly 20 MiB.
BOX_MIN_CHUNKED_SIZE = 20 * MiB
# Observed part sizes: 8 MiB for a 160 MB file, 32 MiB for a ~1 GB file (4.3). Above that the tiers are a guess.
BOX_PART_SIZE_TIERS: list[list[int | None]] = [
    [1 * GiB - 1, 8 * MiB],
    [4 * GiB, 32 * MiB],
    [16 * GiB, 64 * MiB],
    [None, 128 * MiB],
]
# The sizes the test fixture resets to, so a "big" upload takes a few MiB.
TEST_MIN_CHUNKED_SIZE = 1 * MiB
TEST_PART_SIZE = 256 * KiB

_UNITS = {"": 1, "b": 1, "k": KiB, "kb": 1000, "kib": KiB, "m": MiB, "mb": 1000**2, "mib": MiB}
_UNITS |= {"g": GiB, "gb": 1000**3, "gib": GiB, "t": 1024 * GiB, "tb": 1000**4, "tib": 1024 * GiB}
_SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*(?:/s)?\s*$")


def parse_size(value: object) -> int:
    """Bytes from an int or a string like ``12MiB``, ``1.5GB`` or ``12MiB/s``."""
    if isinstance(value, bool):
        raise ValueError(f"not a size: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        match = _SIZE_RE.match(value)
        if match and match.group(2).lower() in _UNITS:
            return int(float(match.group(1)) * _UNITS[match.group(2).lower()])
    raise ValueError(f"not a size: {value!r}")


SIZE_FIELDS = {
    "min_chunked_size",
    "part_size",
    "max_file_size",
    "storage_quota",
    "direct_upload_max_size",
    "bandwidth",
    "total_bandwidth",
}


@dataclass
class Settings:
    # --- chunked sessions (BOX-UPLOADS.md 4.1, 4.3, 4.10) ---
    min_chunked_size: int = BOX_MIN_CHUNKED_SIZE
    # A fixed part size wins over the tiers; None means "use the tiers", as Box does.
    part_size: int | None = None
    # [[largest file size for this tier (None = unbounded), part size], ...], first match wins.
    part_size_tiers: list[list[int | None]] = field(default_factory=lambda: [list(t) for t in BOX_PART_SIZE_TIERS])
    session_lifetime: float = 7 * 24 * 3600.0
    # Box's accounts cap a file's size (4.14); 50 GB is the Enterprise limit.
    max_file_size: int = 50 * 1000**3
    storage_quota: int | None = None
    # Box's web uploader sends `sha-256=` on parts and the server takes it (4.6 [obs]).
    accept_sha256_part_digest: bool = True
    # A wrong part digest: status and code are undocumented (2.4 [infer]).
    part_digest_mismatch_status: int = 400
    part_digest_mismatch_code: str = "digest_mismatch"
    # "uploaded": how many parts the server holds; "expected": ceil(file_size / part_size) (2.5 [infer]).
    list_parts_total_count: str = "uploaded"
    # --- plan / dedup (2.11 [infer]) ---
    # "user": any stored chunk of the user with the same size and SHA-512, plus the target file's current version
    # at the same offset; "same_offset": only the target file's current version at the same offset; "none": no hits.
    plan_scope: str = "user"
    # --- commit (2.6) ---
    # How many commit attempts answer 202 + Retry-After (empty body) before the 201.
    commit_processing_polls: int = 1
    commit_retry_after: int = 0
    # How many otherwise-valid commit attempts answer 400 parts_mismatch first (a transient Box hiccup).
    transient_parts_mismatch: int = 0
    # A second commit of a committed session: True answers 201 with the same file, False answers 404 [infer].
    idempotent_recommit: bool = True
    # --- files ---
    # How many versions of a file keep their bytes on disk (the current one included); older ones are dropped.
    versions_kept: int = 2
    # The guide calls 50 MB a limit of direct uploads (2.9), but clients send more (rclone's cutoff is 52,428,800 B,
    # the Box CLI goes chunked only from 100 MiB) and Box takes them up to the account's file size limit: off by
    # default; a size answers 413 above it.
    direct_upload_max_size: int | None = None
    # --- auth (2.10) ---
    token_lifetime: float = 3600.0
    refresh_token_lifetime: float = 60 * 24 * 3600.0
    # Box answers 401 with an empty body and a WWW-Authenticate header; "json" sends a Box-shaped body as well.
    unauthorized_body: str = "json"
    # Seconds the emulated Box clock runs ahead of this machine's (negative: behind): JWT exp checks and Date.
    clock_skew: float = 0.0
    # --- hosts ---
    # The base put in session_endpoints (e.g. "http://127.0.0.2:PORT/api/2.0"); None: the host the client used.
    session_endpoints_base: str | None = None
    # --- rate limits (4.13): requests a user may make per window, or None for no limit ---
    # Box: about 240 file upload requests and 1000 API requests a minute per user (ratelimit.py says which count).
    rate_limit_uploads: int | None = None
    rate_limit_api: int | None = None
    rate_limit_window: float = 60.0
    # --- WAN simulation ---
    latency: float = 0.0
    bandwidth: int | None = None
    total_bandwidth: int | None = None
    # --- checks ---
    validate: bool = True
    request_log_limit: int = 20000

    def update(self, changes: dict[str, Any]) -> None:
        """Apply changes, rejecting unknown names and ill-typed values (an admin typo must not pass silently)."""
        known = {f.name: f for f in dataclasses.fields(self)}
        staged = dataclasses.replace(self)
        for name, value in changes.items():
            if name not in known:
                raise ValueError(f"unknown setting {name!r}")
            setattr(staged, name, _coerce(name, value))
        staged.check()
        for name in changes:
            setattr(self, name, getattr(staged, name))

    def check(self) -> None:
        if self.list_parts_total_count not in {"uploaded", "expected"}:
            raise ValueError("list_parts_total_count must be 'uploaded' or 'expected'")
        if self.plan_scope not in {"user", "same_offset", "none"}:
            raise ValueError("plan_scope must be 'user', 'same_offset' or 'none'")
        if self.unauthorized_body not in {"json", "empty"}:
            raise ValueError("unauthorized_body must be 'json' or 'empty'")
        if self.part_size is not None and self.part_size <= 0:
            raise ValueError("part_size must be positive")
        for limit in (self.rate_limit_uploads, self.rate_limit_api):
            if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
                raise ValueError("rate limits must be positive integers or null")
        if self.rate_limit_window <= 0:
            raise ValueError("rate_limit_window must be positive")
        if self.versions_kept < 1:
            raise ValueError("versions_kept must be at least 1")
        for tier in self.part_size_tiers:
            if len(tier) != 2 or not isinstance(tier[1], int) or tier[1] <= 0:
                raise ValueError("part_size_tiers entries are [max_file_size or null, part_size > 0]")
        if self.part_size_tiers and self.part_size_tiers[-1][0] is not None:
            raise ValueError("the last part_size_tiers entry must be unbounded: [null, part_size]")

    def part_size_for(self, file_size: int) -> int:
        if self.part_size is not None:
            return self.part_size
        for limit, size in self.part_size_tiers:
            if (limit is None or file_size <= limit) and size is not None:
                return size
        return 8 * MiB

    def total_parts_for(self, file_size: int) -> int:
        return max(1, math.ceil(file_size / self.part_size_for(file_size)))

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _coerce(name: str, value: Any) -> Any:
    if name in SIZE_FIELDS:
        return None if value is None else parse_size(value)
    if name == "part_size_tiers":
        return [[None if lim is None else parse_size(lim), parse_size(size)] for lim, size in value]
    default = Settings.__dataclass_fields__[name].default
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be true or false")
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{name} must be a number")
        return float(value)
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} must be an integer")
        return value
    return value
