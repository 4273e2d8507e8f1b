"""Authentication as ``httpx.Auth``: a fixed bearer token, Client Credentials Grant, or a rotating refresh token.

Tokens are fetched through the gateway's ``request_token`` (``gateway/tokens.py``), cached, renewed shortly before
they expire, and renewed once more when Box answers 401 (the request is then replayed once). No repr, log line or
exception shows a token or a secret.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator, Mapping

import httpx

from .answers import error_details
from .errors import ApiError, AuthError, BoxError, InputError, ResponseError
from .gateway.tokens import TokenAnswer, TokenGrant, request_token, request_token_sync
from .retry import RETRYABLE_STATUSES
from .validate import is_box_id

OAUTH_SUFFIX = "/oauth2/token"
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

    def _grant(self) -> TokenGrant:
        raise NotImplementedError

    def _retry_grant(self, answer: TokenAnswer) -> bool:
        """Whether a refused grant is worth sending once more (JWT: Box's clock differs from ours)."""
        return False

    def _accept(self, answer: TokenAnswer) -> None:
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

    def _store(self, answer: TokenAnswer) -> str:
        if answer.status >= 400:
            raise self._refused(answer.status, answer.headers, answer.content)
        if answer.access_token is None:
            raise ResponseError("the token endpoint answered without an access token")
        lifetime = 3600 if answer.expires_in is None else answer.expires_in
        self._accept(answer)
        self._token = answer.access_token
        self._expires_at = time.monotonic() + max(0.0, lifetime - min(self.renew_margin, lifetime / 10))
        return answer.access_token

    def _fresh(self) -> str | None:
        return self._token if self._token and time.monotonic() < self._expires_at else None

    async def token_async(self, *, stale: str | None = None) -> str:
        async with self._async_lock:
            current = self._fresh()
            if current and current != stale:
                return current
            answer = await request_token(
                self._base_url, self._grant, timeout=self._timeout, transport=self._transport, again=self._retry_grant
            )
            return self._store(answer)

    def token_sync(self, *, stale: str | None = None) -> str:
        with self._sync_lock:
            current = self._fresh()
            if current and current != stale:
                return current
            answer = request_token_sync(self._base_url, self._grant, timeout=self._timeout, again=self._retry_grant)
            return self._store(answer)

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
        if not is_box_id(subject_id):
            raise InputError(f"BOX_SUBJECT_ID must be a numeric enterprise or user id, not {subject_id!r}")
        super().__init__(
            client_id, client_secret, oauth_url=oauth_url, timeout=timeout or _TOKEN_TIMEOUT, transport=transport
        )
        self._subject_type = subject_type
        self._subject_id = subject_id

    def _grant(self) -> TokenGrant:
        return TokenGrant(
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

    def _grant(self) -> TokenGrant:
        return TokenGrant(
            grant_type="refresh_token",
            client_id=self._client_id,
            client_secret=self._client_secret,
            refresh_token=self._refresh_token,
        )

    def _accept(self, answer: TokenAnswer) -> None:
        if answer.refresh_token is not None:
            self._refresh_token = answer.refresh_token
            if self._on_refresh is not None:
                self._on_refresh(answer.refresh_token)


_TOKEN_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
