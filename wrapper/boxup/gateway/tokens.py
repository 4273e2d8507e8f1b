"""The token endpoint (``POST /oauth2/token``), for the renewing auth flows in ``auth.py`` and ``jwt_auth.py``.

Each request gets its own short-lived client: the token request must not ride on the pools it authenticates (their
auth would call itself). One call may send the grant twice when ``again`` says so (JWT: Box's clock differs from
ours), on the same connection. A network failure is a ``TransportError`` and a 2xx that is not a token a
``ResponseError``; an error answer comes back as a ``TokenAnswer`` for the auth flow to judge.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import httpx
from boxup_api import Client as GeneratedClient
from boxup_api.types import Response

from ..errors import ResponseError, TransportError

if TYPE_CHECKING:  # the endpoint and its models load with the first token request: a bearer token never needs them
    from boxup_api.models import AccessToken, OAuth2Error, PostOAuth2Token

# What a call to the token endpoint can raise besides a token: network failures and answers that do not parse.
UNPARSEABLE = (httpx.TransportError, ValueError, TypeError, KeyError, AttributeError, RecursionError)


@attrs.frozen(repr=False)
class TokenGrant:
    """The form of one token request. It holds secrets: no repr shows them."""

    grant_type: str
    client_id: str
    client_secret: str
    box_subject_type: str | None = None
    box_subject_id: str | None = None
    refresh_token: str | None = None
    assertion: str | None = None

    def __repr__(self) -> str:
        return f"TokenGrant({self.grant_type!r}, <redacted>)"

    def body(self) -> PostOAuth2Token:
        from boxup_api.models import PostOAuth2Token  # on first use (the TYPE_CHECKING import above)

        given = {k: v for k, v in attrs.asdict(self).items() if v is not None and k != "grant_type"}
        return PostOAuth2Token(grant_type=self.grant_type, **given)


@attrs.frozen(repr=False)
class TokenAnswer:
    """What the token endpoint said: the token when it gave one, Box's OAuth error fields when it refused."""

    status: int
    headers: Mapping[str, str]
    content: bytes
    access_token: str | None = None
    expires_in: int | None = None
    refresh_token: str | None = None
    error: str | None = None
    error_description: str | None = None

    def __repr__(self) -> str:
        return f"TokenAnswer(status={self.status}, error={self.error!r})"


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _answer(response: Response[AccessToken | OAuth2Error]) -> TokenAnswer:
    from boxup_api.models import AccessToken, OAuth2Error  # on first use (the TYPE_CHECKING import above)

    parsed = response.parsed
    base: dict[str, Any] = {
        "status": int(response.status_code),
        "headers": response.headers,
        "content": response.content,
    }
    if isinstance(parsed, AccessToken):
        return TokenAnswer(
            **base,
            access_token=_text(parsed.access_token),
            expires_in=parsed.expires_in if isinstance(parsed.expires_in, int) else None,
            refresh_token=_text(parsed.refresh_token),
        )
    if isinstance(parsed, OAuth2Error):
        return TokenAnswer(**base, error=_text(parsed.error), error_description=_text(parsed.error_description))
    return TokenAnswer(**base)


def _unparseable(exc: Exception, seen: list[httpx.Response]) -> TokenAnswer:
    """An error page the generated parser chokes on is still an answer (its status says what happened)."""
    if isinstance(exc, httpx.TransportError):
        raise TransportError(f"cannot reach the token endpoint: {type(exc).__name__}") from None
    if seen and seen[-1].status_code >= 400:
        last = seen[-1]
        return TokenAnswer(last.status_code, last.headers, last.content)
    raise ResponseError("the token endpoint answered something that is not a token") from None


async def request_token(
    base_url: str,
    grant: Callable[[], TokenGrant],
    *,
    timeout: httpx.Timeout,
    transport: httpx.AsyncBaseTransport | None = None,
    again: Callable[[TokenAnswer], bool] = lambda _: False,
) -> TokenAnswer:
    """One token request (``grant()`` builds the form, fresh for a second send)."""
    from boxup_api.api.auth import request_access_token  # on first use (the TYPE_CHECKING import above)

    seen: list[httpx.Response] = []

    async def remember(response: httpx.Response) -> None:
        seen.append(response)

    args: dict[str, Any] = {"event_hooks": {"response": [remember]}}
    if transport is not None:
        args["transport"] = transport
    async with GeneratedClient(base_url, timeout=timeout, httpx_args=args) as client:
        try:
            answer = _answer(await request_access_token.asyncio_detailed(client=client, body=grant().body()))
            if again(answer):
                answer = _answer(await request_access_token.asyncio_detailed(client=client, body=grant().body()))
        except UNPARSEABLE as exc:
            return _unparseable(exc, seen)
    return answer


def request_token_sync(
    base_url: str,
    grant: Callable[[], TokenGrant],
    *,
    timeout: httpx.Timeout,
    again: Callable[[TokenAnswer], bool] = lambda _: False,
) -> TokenAnswer:
    """``request_token`` for httpx's sync auth flow (no custom transport: the one given is async)."""
    from boxup_api.api.auth import request_access_token  # on first use (the TYPE_CHECKING import above)

    seen: list[httpx.Response] = []
    args: dict[str, Any] = {"event_hooks": {"response": [seen.append]}}
    with GeneratedClient(base_url, timeout=timeout, httpx_args=args) as client:
        try:
            answer = _answer(request_access_token.sync_detailed(client=client, body=grant().body()))
            if again(answer):
                answer = _answer(request_access_token.sync_detailed(client=client, body=grant().body()))
        except UNPARSEABLE as exc:
            return _unparseable(exc, seen)
    return answer
