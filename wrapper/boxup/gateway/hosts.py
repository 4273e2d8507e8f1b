"""The pool/host layer of the gateway: a generated client per host, and every answer turned into a model or an error.

Generated calls are made only through ``Api.call``, which maps transport failures, Box error bodies, non-JSON error
pages and unparseable answers onto boxup's exceptions, so the engine never sees a raw httpx or JSON error.
"""

from __future__ import annotations

import functools
import logging
import ssl
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from boxup_api import Client as GeneratedClient
from boxup_api.types import Response

from ..answers import error_details
from ..bounded import BoundedTransport
from ..config import Endpoints
from ..errors import ApiError, ResponseError, TransportError, UnsafeEndpointError

T = TypeVar("T")
log = logging.getLogger("boxup")

SESSION_SUFFIX = "/files/upload_sessions/"


# Each call collects the responses httpx saw, so an answer the generated parser chokes on (an HTML 502, an empty
# 503, status 520, an error body of an unexpected shape) still becomes an ApiError with its status and body.
_responses: ContextVar[list[httpx.Response] | None] = ContextVar("boxup_responses", default=None)


async def _remember_response(response: httpx.Response) -> None:
    seen = _responses.get()
    if seen is not None:
        seen.append(response)


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One context for every pool: building one loads the CA bundle, 10-25 ms each time (40-60 ms with OpenSSL 3.0)."""
    return httpx.create_ssl_context()


def _tls_for(base_url: str) -> ssl.SSLContext:
    """The verifying context for an https host. A plain-http host never does TLS, so it gets a context with no CA
    loaded (any TLS through it would fail verification) and a run against one does not pay for the CA bundle."""
    if urlsplit(base_url).scheme == "https":
        return _ssl_context()
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies by default: CERT_REQUIRED, check_hostname


def _log_exchanges(operation: str, seen: list[httpx.Response], started: float) -> None:
    """One debug line per HTTP exchange: never headers or bodies, so never a token."""
    if not log.isEnabledFor(logging.DEBUG):
        return
    elapsed = (time.monotonic() - started) * 1000
    for response in seen:
        request_id = response.headers.get("box-request-id") or "-"
        log.debug(
            "%s: %s %s -> %d (%.0f ms, request id %s)",
            operation,
            response.request.method,
            response.request.url.path,
            response.status_code,
            elapsed,
            request_id,
        )
    if not seen:
        log.debug("%s: no answer after %.0f ms", operation, elapsed)


class Api:
    """Generated clients (one pool per host, reused) sharing auth, timeouts and the error hook."""

    def __init__(
        self,
        endpoints: Endpoints,
        auth: httpx.Auth,
        *,
        timeout: httpx.Timeout,
        max_connections: int,
        transport: httpx.AsyncBaseTransport | None = None,
        as_user: str | None = None,
    ) -> None:
        self.endpoints = endpoints
        self.as_user = as_user
        # As-User rides on every API and upload request of this pool; the token request has its own client.
        self._headers = {"As-User": as_user} if as_user else {}
        self._auth = auth
        self._timeout = timeout
        self._limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
        self._transport = transport
        self._clients: dict[str, GeneratedClient] = {}

    def client(self, base_url: str) -> GeneratedClient:
        base_url = base_url.rstrip("/")
        if base_url not in self._clients:
            args: dict[str, Any] = {
                "auth": self._auth,
                "limits": self._limits,
                "event_hooks": {"response": [_remember_response]},
            }
            tls = _tls_for(base_url)
            args["transport"] = self._bounded_transport(tls)
            self._clients[base_url] = GeneratedClient(
                base_url, timeout=self._timeout, verify_ssl=tls, headers=self._headers, httpx_args=args
            )
        return self._clients[base_url]

    def _bounded_transport(self, tls: ssl.SSLContext) -> BoundedTransport:
        """Every pool caps error bodies and refuses redirects. httpx ignores a client's verify and limits once it is
        given a transport, so they go to the transport itself."""
        inner = self._transport or httpx.AsyncHTTPTransport(verify=tls, limits=self._limits)
        return BoundedTransport(inner)

    @property
    def upload(self) -> GeneratedClient:
        return self.client(self.endpoints.upload_url)

    @property
    def files(self) -> GeneratedClient:
        return self.client(self.endpoints.api_url)

    def session_client(self, session_endpoints: dict[str, str], session_id: str) -> GeneratedClient:
        """The client for a session's own host, from ``session_endpoints``, if we may send our token there."""
        url = session_endpoints.get("upload_part") or session_endpoints.get("status")
        if not url:
            return self.upload
        if not self.endpoints.allows(url):
            raise UnsafeEndpointError(
                f"Box asked us to send parts to {urlsplit(url).hostname!r}, which is neither the configured upload "
                "host nor a Box host; refusing to send the token there"
            )
        marker = url.find(SESSION_SUFFIX)
        if marker < 0 or url[marker + len(SESSION_SUFFIX) :].split("/")[0] != session_id:
            raise ResponseError(f"session_endpoints.upload_part does not name session {session_id}: {url}")
        return self.client(url[:marker])

    async def call(
        self,
        operation: str,
        send: Callable[[], Awaitable[Response[Any]]],
        *,
        expect: type[T] | None,
        ok: frozenset[int],
    ) -> Response[Any]:
        """Make one generated call; return its response if the status is in ``ok`` (and the body an ``expect``)."""
        seen: list[httpx.Response] = []
        reset = _responses.set(seen)
        started = time.monotonic()
        try:
            response = await send()
        except httpx.TimeoutException as exc:
            raise TransportError(f"{operation}: timed out ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise TransportError(f"{operation}: network error ({type(exc).__name__}: {exc})") from exc
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            last = seen[-1] if seen else None
            if last is not None and last.status_code >= 400:
                raise ApiError(operation, error_details(last.status_code, last.headers, last.content)) from None
            raise ResponseError(f"{operation}: the server's answer could not be parsed ({type(exc).__name__})") from exc
        finally:
            _responses.reset(reset)
            _log_exchanges(operation, seen, started)
        status = int(response.status_code)
        if status >= 400:
            raise ApiError(operation, error_details(status, response.headers, response.content))
        if status not in ok:
            raise ResponseError(f"{operation}: unexpected HTTP {status}")
        if expect is not None and not isinstance(response.parsed, expect):
            raise ResponseError(f"{operation}: the answer is not a {expect.__name__}")
        return response

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.get_async_httpx_client().aclose()
        self._clients.clear()
