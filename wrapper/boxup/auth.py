"""Authentication as ``httpx.Auth``: a fixed bearer token, Client Credentials Grant, or a rotating refresh token.

Tokens are fetched through the generated ``request_access_token`` call, cached, renewed shortly before they expire,
and renewed once more when Box answers 401 (the request is then replayed once). No repr, log line or exception
shows a token or a secret.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator, Mapping
from typing import Any

import httpx
from boxup_api import Client as GeneratedClient
from boxup_api.api.auth import request_access_token
from boxup_api.models import AccessToken, OAuth2Error, PostOAuth2Token
from boxup_api.types import Response

from .answers import error_details
from .errors import ApiError, AuthError, BoxError, InputError, ResponseError, TransportError
from .retry import RETRYABLE_STATUSES

OAUTH_SUFFIX = "/oauth2/token"
# What a call to the token endpoint can raise besides a token: network failures and answers that do not parse.
UNPARSEABLE = (httpx.TransportError, ValueError, TypeError, KeyError, AttributeError, RecursionError)
DEFAULT_OAUTH_URL = "https://api.box.com/oauth2/token"


class BearerToken(httpx.Auth):
    """A fixed access token, e.g. a developer token or one your program manages."""

    def __init__(self, token: str) -> None:
        if not token or any(c.isspace() for c in token):
            raise InputError("the access token is empty or contains whitespace")
        self._token = token

    def __repr__(self) -> str:
        return "BearerToken(<redacted>)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request


class _RenewingAuth(httpx.Auth):
    """Caches a token, renews it before expiry and once after a 401; subclasses say how to ask for one."""

    grant_type = ""
    renew_margin = 60.0  # seconds before expiry at which a fresh token is fetched

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        oauth_url: str,
        timeout: httpx.Timeout,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if not client_id or not client_secret:
            raise InputError("client id and client secret are both required")
        if not oauth_url.rstrip("/").endswith(OAUTH_SUFFIX):
            raise InputError(f"the OAuth URL must end in {OAUTH_SUFFIX}: {oauth_url}")
        self._client_id = client_id
        self._client_secret = client_secret
        self._base_url = oauth_url.rstrip("/")[: -len(OAUTH_SUFFIX)]
        self._timeout = timeout
        self._transport = transport
        self._token: str | None = None
        self._expires_at = 0.0
        self._async_lock = asyncio.Lock()
        self._sync_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(client_id={self._client_id!r}, secret=<redacted>)"

    def _grant(self) -> PostOAuth2Token:
        raise NotImplementedError

    def _retry_grant(self, response: Response[AccessToken | OAuth2Error]) -> bool:
        """Whether a refused grant is worth sending once more (JWT: Box's clock differs from ours)."""
        return False

    def _accept(self, token: AccessToken) -> None:
        """Hook for grants whose response carries more than the access token."""

    def _refused(self, status: int, headers: Mapping[str, str], content: bytes) -> BoxError:
        """Why an answer is not a token. A transient one (429, 5xx) is an ApiError the caller's retries replay;
        a refusal of the credentials is an AuthError, which no retry will fix."""
        details = error_details(status, headers, content)
        if status in RETRYABLE_STATUSES:
            return ApiError("request access token", details)
        described = f": {details.message}" if details.message else ""
        return AuthError(
            f"token request refused by Box ({status} {details.code or 'rejected'}{described}) - "
            "check the client id, secret and subject"
        )

    def _failed(self, exc: Exception, seen: list[httpx.Response]) -> BoxError:
        if isinstance(exc, httpx.TransportError):
            return TransportError(f"cannot reach the token endpoint: {type(exc).__name__}")
        if seen and seen[-1].status_code >= 400:
            last = seen[-1]
            return self._refused(last.status_code, last.headers, last.content)
        return ResponseError("the token endpoint answered something that is not a token")

    def _store(self, response: Response[AccessToken | OAuth2Error]) -> str:
        parsed = response.parsed
        status = int(response.status_code)
        if status >= 400:
            raise self._refused(status, response.headers, response.content)
        if not isinstance(parsed, AccessToken) or not isinstance(parsed.access_token, str) or not parsed.access_token:
            raise ResponseError("the token endpoint answered without an access token")
        lifetime = parsed.expires_in if isinstance(parsed.expires_in, int) else 3600
        self._accept(parsed)
        self._token = parsed.access_token
        self._expires_at = time.monotonic() + max(0.0, lifetime - min(self.renew_margin, lifetime / 10))
        return parsed.access_token

    def _fresh(self) -> str | None:
        return self._token if self._token and time.monotonic() < self._expires_at else None

    async def token_async(self, *, stale: str | None = None) -> str:
        async with self._async_lock:
            current = self._fresh()
            if current and current != stale:
                return current
            seen: list[httpx.Response] = []

            async def remember(response: httpx.Response) -> None:
                seen.append(response)

            args: dict[str, Any] = {"event_hooks": {"response": [remember]}}
            if self._transport is not None:
                args["transport"] = self._transport
            async with GeneratedClient(self._base_url, timeout=self._timeout, httpx_args=args) as client:
                try:
                    response = await request_access_token.asyncio_detailed(client=client, body=self._grant())
                    if self._retry_grant(response):
                        response = await request_access_token.asyncio_detailed(client=client, body=self._grant())
                except UNPARSEABLE as exc:
                    raise self._failed(exc, seen) from None
            return self._store(response)

    def token_sync(self, *, stale: str | None = None) -> str:
        with self._sync_lock:
            current = self._fresh()
            if current and current != stale:
                return current
            seen: list[httpx.Response] = []
            args: dict[str, Any] = {"event_hooks": {"response": [seen.append]}}
            with GeneratedClient(self._base_url, timeout=self._timeout, httpx_args=args) as client:
                try:
                    response = request_access_token.sync_detailed(client=client, body=self._grant())
                    if self._retry_grant(response):
                        response = request_access_token.sync_detailed(client=client, body=self._grant())
                except UNPARSEABLE as exc:
                    raise self._failed(exc, seen) from None
            return self._store(response)

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self.token_async()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            request.headers["Authorization"] = f"Bearer {await self.token_async(stale=token)}"
            yield request

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self.token_sync()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            request.headers["Authorization"] = f"Bearer {self.token_sync(stale=token)}"
            yield request


class ClientCredentials(_RenewingAuth):
    """Client Credentials Grant: a server app acting as its service account (enterprise) or as a user."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        subject_type: str,
        subject_id: str,
        oauth_url: str = DEFAULT_OAUTH_URL,
        timeout: httpx.Timeout | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if subject_type not in ("enterprise", "user"):
            raise InputError(f"BOX_SUBJECT_TYPE must be 'enterprise' or 'user', not {subject_type!r}")
        if not subject_id.isdigit():
            raise InputError(f"BOX_SUBJECT_ID must be a numeric enterprise or user id, not {subject_id!r}")
        super().__init__(
            client_id, client_secret, oauth_url=oauth_url, timeout=timeout or _TOKEN_TIMEOUT, transport=transport
        )
        self._subject_type = subject_type
        self._subject_id = subject_id

    def _grant(self) -> PostOAuth2Token:
        return PostOAuth2Token(
            grant_type="client_credentials",
            client_id=self._client_id,
            client_secret=self._client_secret,
            box_subject_type=self._subject_type,
            box_subject_id=self._subject_id,
        )


class RefreshToken(_RenewingAuth):
    """OAuth 2.0 refresh-token flow. Box's refresh tokens are single-use: each renewal returns a new one, which
    replaces the old and is handed to ``on_refresh`` so the caller can store it."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        refresh_token: str,
        *,
        on_refresh: Callable[[str], None] | None = None,
        oauth_url: str = DEFAULT_OAUTH_URL,
        timeout: httpx.Timeout | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if not refresh_token:
            raise InputError("the refresh token is empty")
        super().__init__(
            client_id, client_secret, oauth_url=oauth_url, timeout=timeout or _TOKEN_TIMEOUT, transport=transport
        )
        self._refresh_token = refresh_token
        self._on_refresh = on_refresh

    def _grant(self) -> PostOAuth2Token:
        return PostOAuth2Token(
            grant_type="refresh_token",
            client_id=self._client_id,
            client_secret=self._client_secret,
            refresh_token=self._refresh_token,
        )

    def _accept(self, token: AccessToken) -> None:
        if isinstance(token.refresh_token, str) and token.refresh_token:
            self._refresh_token = token.refresh_token
            if self._on_refresh is not None:
                self._on_refresh(token.refresh_token)


_TOKEN_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
