"""POST /oauth2/token: client credentials, refresh tokens (rotated, single use), and a test authorization code.

Tokens expire after ``token_lifetime`` seconds; any call with an expired one gets 401 (BOX-UPLOADS.md 2.10).
"""

from __future__ import annotations

import math
from typing import Any

from starlette.responses import Response

from . import ids
from .errors import OAuthError, json_response
from .identity import JWT_GRANT, jwt_grant
from .operation import Ctx
from .state import CLIENT_ID, CLIENT_SECRET, DEFAULT_USER, State, Token, User, now

# An authorization code the emulator always accepts, standing in for Box's browser consent step.
AUTH_CODE = "fakebox-code"


def issue(
    state: State, user: User, *, refresh: bool, lifetime: float | None = None, may_act_as: bool = True
) -> dict[str, Any]:
    lifetime = state.settings.token_lifetime if lifetime is None else lifetime
    token = ids.access_token()
    state.tokens[token] = Token(user, now() + lifetime, may_act_as)
    body: dict[str, Any] = {
        "access_token": token,
        "expires_in": max(0, math.ceil(lifetime)),
        "token_type": "bearer",
        "restricted_to": [],
        "issued_token_type": "urn:ietf:params:oauth:token-type:access_token",
    }
    if refresh:
        refresh_token = ids.access_token()
        state.refresh_tokens[refresh_token] = Token(user, now() + state.settings.refresh_token_lifetime)
        body["refresh_token"] = refresh_token
    return body


def _client(form: dict[str, str]) -> None:
    if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
        raise OAuthError("invalid_grant", "Grant credentials are invalid")


def _subject(state: State, form: dict[str, str]) -> User:
    kind = form.get("box_subject_type")
    subject = form.get("box_subject_id", "")
    if kind not in {"enterprise", "user"}:
        raise OAuthError("invalid_request", "box_subject_type must be 'enterprise' or 'user'")
    if not subject.isdigit():
        raise OAuthError("invalid_grant", "Grant credentials are invalid")
    if kind == "enterprise":
        return DEFAULT_USER
    user = state.users.get(subject) or User(subject, f"Fakebox User {subject}", f"user{subject}@example.com")
    state.users[subject] = user
    return user


async def request_access_token(ctx: Ctx) -> Response:
    state = ctx.state
    form = ctx.form()
    grant = form.get("grant_type")
    try:
        if grant == "client_credentials":
            _client(form)
            return json_response(issue(state, _subject(state, form), refresh=False))
        if grant == JWT_GRANT:
            user, may_act_as = jwt_grant(state, form, f"{ctx.api_base()}/oauth2/token")
            return json_response(issue(state, user, refresh=False, may_act_as=may_act_as))
        if grant == "refresh_token":
            _client(form)
            old = state.refresh_tokens.pop(form.get("refresh_token", ""), None)
            if old is None or old.expires_at <= now():
                raise OAuthError("invalid_grant", "Invalid refresh token")
            return json_response(issue(state, old.user, refresh=True))
        if grant == "authorization_code":
            _client(form)
            if form.get("code") != AUTH_CODE:
                raise OAuthError("invalid_grant", "Auth code doesn't exist or is invalid for the client")
            return json_response(issue(state, DEFAULT_USER, refresh=True))
        raise OAuthError("unsupported_grant_type", f"Grant type {grant!r} is not supported by the emulator")
    except OAuthError as error:
        return error.response()
