"""Box's per-user rate limits: 429 ``rate_limit_exceeded`` with ``Retry-After`` once a user's window is full.

Box documents about 1000 API requests a minute per user and 240 file upload requests a minute per user
(BOX-UPLOADS.md 4.13). Which requests count as "file upload requests" is undocumented [infer]: here every request
to the upload host counts toward the upload limit (direct uploads, sessions, parts, commits) and every other
authenticated request toward the API limit. Both limits are off unless set; the window is a setting so a test can
fill it in a second instead of a minute. A refused request does not count toward the window.
"""

from __future__ import annotations

import math
from collections import deque

from .errors import BoxError

UPLOAD_HOST_OPERATIONS = frozenset(
    {
        "upload_file",
        "upload_file_version",
        "create_upload_session",
        "create_version_upload_session",
        "get_upload_session",
        "upload_part",
        "abort_upload_session",
        "list_upload_parts",
        "plan_upload_session",
        "commit_upload_session",
    }
)
MESSAGE = "Request rate limit exceeded, please try again later"


class RateLimiter:
    """Sliding windows of accepted request times, one per (user, bucket)."""

    def __init__(self) -> None:
        self._windows: dict[tuple[str, str], deque[float]] = {}
        self.refused = 0

    def reset(self) -> None:
        self._windows.clear()
        self.refused = 0

    def check(self, user_id: str, operation: str, *, limits: dict[str, int | None], window: float, at: float) -> None:
        """Count the request, or raise the 429 Box would send when this user's bucket is full."""
        bucket = "uploads" if operation in UPLOAD_HOST_OPERATIONS else "api"
        limit = limits.get(bucket)
        if limit is None:
            return
        times = self._windows.setdefault((user_id, bucket), deque())
        while times and times[0] <= at - window:
            times.popleft()
        if len(times) >= limit:
            self.refused += 1
            wait = max(1, math.ceil(times[0] + window - at))
            raise BoxError(429, "rate_limit_exceeded", MESSAGE, headers={"Retry-After": str(wait)})
        times.append(at)
