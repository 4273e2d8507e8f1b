"""Box-shaped errors: ``{type, status, code, message, context_info, help_url, request_id}`` (BOX-UPLOADS.md 3)."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response

HELP_URL = "https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/"

# The code sent when a fault or an unknown failure names only a status.
DEFAULT_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    409: "conflict",
    410: "session_expired",
    411: "length_required",
    412: "precondition_failed",
    413: "request_entity_too_large",
    415: "unsupported_media_type",
    416: "range_not_satisfiable",
    429: "rate_limit_exceeded",
    500: "internal_server_error",
    502: "bad_gateway",
    503: "unavailable",
    504: "gateway_timeout",
    507: "insufficient_storage",
}


class BoxError(Exception):
    """Raised by a handler; the operation wrapper turns it into the Box error response."""

    def __init__(
        self,
        status: int,
        code: str | None = None,
        message: str = "",
        *,
        context_info: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        empty_body: bool = False,
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.empty_body = empty_body
        self.status = status
        self.code = code or DEFAULT_CODES.get(status, "error")
        self.message = message or self.code.replace("_", " ").capitalize()
        self.context_info = context_info
        self.headers = headers or {}

    def body(self, request_id: str) -> dict[str, Any]:
        return {
            "type": "error",
            "status": self.status,
            "code": self.code,
            "message": self.message,
            "context_info": self.context_info if self.context_info is not None else {},
            "help_url": HELP_URL,
            "request_id": request_id,
        }

    def response(self, request_id: str) -> Response:
        return json_response(self.body(request_id), self.status, self.headers)


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(body, separators=(",", ":")).encode(),
        status_code=status,
        headers=headers,
        media_type="application/json",
    )


class OAuthError(Exception):
    """The token endpoint's own error shape: ``{error, error_description}`` (BOX-UPLOADS.md 2.10)."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(f"{error}: {description}")
        self.status = status
        self.error = error
        self.description = description

    def response(self) -> Response:
        return json_response({"error": self.error, "error_description": self.description}, self.status)
