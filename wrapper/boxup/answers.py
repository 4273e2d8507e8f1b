"""Reading Box's error answers: the fields of an error body, whatever shape (or non-shape) it came in."""

from __future__ import annotations

import json
from collections.abc import Mapping

import httpx

from .errors import ApiErrorDetails
from .retry import parse_retry_after
from .text import shown


def error_details(status: int, raw_headers: Mapping[str, str], content: bytes) -> ApiErrorDetails:
    headers = httpx.Headers(raw_headers)
    try:
        body = json.loads(content) if content else {}
    except (ValueError, RecursionError):
        body = {}
    if not isinstance(body, dict):
        body = {}

    def text(key: str) -> str | None:
        value = body.get(key)
        return shown(value) if isinstance(value, str) else None  # server text: one clean, short line

    context = body.get("context_info")
    message = text("message") or text("error_description")
    if not body and content:
        message = shown("non-JSON error page: " + content[:400].decode("utf-8", "replace"), limit=120)
    return ApiErrorDetails(
        status=status,
        code=text("code") or text("error"),
        message=message,
        request_id=text("request_id") or shown(headers.get("box-request-id") or "") or None,
        help_url=text("help_url"),
        context_info=context if isinstance(context, dict) else None,
        retry_after=parse_retry_after(headers.get("retry-after")),
    )
