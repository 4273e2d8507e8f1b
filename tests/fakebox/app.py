"""The Starlette application: Box's three hosts side by side on one port, plus the admin API.

``/api/2.0`` is the upload host, ``/2.0`` the API host and ``/oauth2/token`` the token endpoint, so
``BOX_UPLOAD_URL``, ``BOX_API_URL`` and ``BOX_OAUTH_URL`` can all point at one emulator.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from . import admin, ids
from .commit import commit_upload_session
from .direct import preflight_upload, upload_file, upload_file_version
from .errors import BoxError
from .files import download_file, get_file
from .folders import create_folder, get_folder, list_folder_items
from .oauth import request_access_token
from .operation import Handler, Operation
from .parts import upload_part
from .sessions import (
    abort_upload_session,
    create_upload_session,
    create_version_upload_session,
    get_upload_session,
    list_upload_parts,
    plan_upload_session,
)
from .state import State

UPLOAD = "/api/2.0"
API = "/2.0"
SESSION = f"{UPLOAD}/files/upload_sessions/{{upload_session_id}}"

# (method, path, operationId in openapi/box-uploads.json, handler, body kind, needs a bearer token)
OPERATIONS: list[tuple[str, str, str, Handler, str, bool]] = [
    ("POST", "/oauth2/token", "request_access_token", request_access_token, "form", False),
    ("POST", f"{UPLOAD}/files/upload_sessions", "create_upload_session", create_upload_session, "json", True),
    ("POST", f"{UPLOAD}/files/{{file_id}}/upload_sessions", "create_version_upload_session",
     create_version_upload_session, "json", True),
    ("GET", SESSION, "get_upload_session", get_upload_session, "none", True),
    ("PUT", SESSION, "upload_part", upload_part, "binary", True),
    ("DELETE", SESSION, "abort_upload_session", abort_upload_session, "none", True),
    ("GET", f"{SESSION}/parts", "list_upload_parts", list_upload_parts, "none", True),
    ("POST", f"{SESSION}/plan", "plan_upload_session", plan_upload_session, "json", True),
    ("POST", f"{SESSION}/commit", "commit_upload_session", commit_upload_session, "json", True),
    ("POST", f"{UPLOAD}/files/content", "upload_file", upload_file, "multipart", True),
    ("POST", f"{UPLOAD}/files/{{file_id}}/content", "upload_file_version", upload_file_version, "multipart", True),
    ("OPTIONS", f"{API}/files/content", "preflight_upload", preflight_upload, "json", True),
    # rclone >= 1.65 preflights with a trailing slash, and Box answers it like the path without.
    ("OPTIONS", f"{API}/files/content/", "preflight_upload", preflight_upload, "json", True),
    ("GET", f"{API}/files/{{file_id}}", "get_file", get_file, "none", True),
    ("GET", f"{API}/files/{{file_id}}/content", "download_file", download_file, "none", True),
    ("POST", f"{API}/folders", "create_folder", create_folder, "json", True),
    ("GET", f"{API}/folders/{{folder_id}}", "get_folder", get_folder, "none", True),
    ("GET", f"{API}/folders/{{folder_id}}/items", "list_folder_items", list_folder_items, "none", True),
]  # fmt: skip

# Operations served for other clients that openapi/box-uploads.json does not hold (yet), so nothing checks them
# against it. An operation must be in the spec or here: a misspelt operationId cannot switch validation off, and
# once the spec gains one of these, build_app refuses to start until it leaves this set (and is validated).
OUTSIDE_SPEC: frozenset[str] = frozenset()  # list_folder_items joined the spec with the tree upload operations


def _in_spec(state: State, operation: str) -> bool:
    known = operation in state.validator.media_types
    if known and operation in OUTSIDE_SPEC:
        raise RuntimeError(f"{operation} is in openapi/box-uploads.json now: remove it from OUTSIDE_SPEC")
    if not known and operation not in OUTSIDE_SPEC:
        raise RuntimeError(f"{operation} is neither in openapi/box-uploads.json nor in OUTSIDE_SPEC")
    return known


def build_app(state: State) -> Starlette:
    routes: list[Route | Mount] = [
        Route(path, Operation(state, op, handler, body=kind, auth=auth, in_spec=_in_spec(state, op)), methods=[method])
        for method, path, op, handler, kind, auth in OPERATIONS
    ]
    routes.append(Mount("/_admin", routes=admin.routes(state)))

    async def unknown(request: Request, exc: Exception) -> Response:
        """A path or method Box does not serve: Box-shaped, and logged so a test sees the client went astray."""
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        record = state.telemetry.start(
            "unknown", request.method, request.url.path, request.url.query, dict(request.headers)
        )
        state.telemetry.finish(record, status, "answered")
        return BoxError(status, None, f"No {request.method} {request.url.path} here").response(ids.request_id())

    app = Starlette(routes=routes, exception_handlers={404: unknown, 405: unknown})
    # Starlette would answer a path with a stray trailing slash by a 307 to the path without (over http, whatever
    # the scheme) that no log sees; Box does not redirect, so such a request is a logged 404 or an alias above.
    app.router.redirect_slashes = False
    app.state.fakebox = state
    return app
