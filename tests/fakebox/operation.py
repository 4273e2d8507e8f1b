"""The ASGI endpoint that wraps each Box operation with what every request goes through.

In order: log the request, decide which faults fire, add WAN latency, answer an injected status, check the bearer
token, read a small (JSON or form) body, validate the request against the spec, run the handler, apply a
"store then fail" fault, validate the response, send it. Request bodies are read through a receive wrapper that
counts bytes, paces them to the bandwidth caps, and can cut the connection mid-body.
"""

from __future__ import annotations

import asyncio
import json
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from . import ids
from .errors import BoxError, json_response
from .faults import FaultRule
from .identity import act_as, http_date
from .state import DEFAULT_USER, STATIC_TOKEN, State, User, now
from .telemetry import RequestRecord
from .validation import nulls_dropped
from .wan import Pacer, pace

MAX_SMALL_BODY = 16 * 1024 * 1024
CONTENT_UPLOADS = frozenset({"upload_part", "upload_file", "upload_file_version"})  # requests that carry file bytes
WWW_AUTHENTICATE = 'Bearer realm="Service", error="invalid_token", error_description="The access token is invalid."'


class ConnectionCut(Exception):
    """The connection was aborted on purpose (a reset fault); nothing more may be sent."""


@dataclass
class Ctx:
    """What a handler gets: the request, the account state, the caller and helpers bound to this request."""

    state: State
    request: Request
    operation: str
    record: RequestRecord
    request_id: str
    headers: dict[str, str]
    user: User = DEFAULT_USER
    body: bytes | None = None
    extra_problems: list[tuple[str, str]] = field(default_factory=list)
    _receive: BodyReceiver | None = None

    def json(self) -> dict[str, Any]:
        """The JSON object the client sent; Box answers 400 bad_request to anything else."""
        try:
            value = json.loads(self.body or b"")
        except ValueError as exc:
            raise BoxError(400, "bad_request", "The request body is not valid JSON") from exc
        if not isinstance(value, dict):
            raise BoxError(400, "bad_request", "The request body must be a JSON object")
        return value

    def form(self) -> dict[str, str]:
        return dict(parse_qsl((self.body or b"").decode("utf-8", "replace"), keep_blank_values=True))

    def stream(self) -> AsyncIterator[bytes]:
        assert self._receive is not None
        return self._receive.stream()

    def note_problem(self, where: str, message: str) -> None:
        """A spec mismatch found by the handler itself (e.g. in a multipart body it parsed)."""
        self.extra_problems.append((where, message))

    def api_base(self) -> str:
        """The scheme and host the client called (a JWT's ``aud`` must name this host's token URL)."""
        return str(self.request.base_url).rstrip("/")

    def upload_base(self) -> str:
        """Where uploads go (session_endpoints, the preflight's upload_url): the configured base, else the upload
        host next to the one the client called. Box answers the upload host even to a call made on api.box.com."""
        configured = self.state.settings.session_endpoints_base
        if configured:
            return configured.rstrip("/")
        url = self.request.base_url
        netloc = url.netloc
        if netloc.startswith("api."):
            netloc = "upload." + netloc.removeprefix("api.")
        return f"{url.scheme}://{netloc}/api/2.0"


Handler = Callable[[Ctx], Awaitable[Response]]


class BodyReceiver:
    """Wraps ASGI receive: counts body bytes, paces them to the WAN caps, cuts the connection when told to."""

    def __init__(self, receive: Receive, ctx_record: RequestRecord, state: State, cut_after: int | None) -> None:
        self._receive = receive
        self._record = ctx_record
        self._state = state
        self._cut_after = cut_after
        settings = state.settings
        self._pacer = Pacer(settings.bandwidth) if settings.bandwidth else None
        self._shared = state.total_pacer if settings.total_bandwidth else None
        self._seen = 0
        self.done = False

    async def __call__(self) -> Message:
        message = await self._receive()
        if message["type"] != "http.request":
            return message
        body = message.get("body", b"")
        n = len(body)
        if n:
            self._seen += n
            self._state.telemetry.count_bytes(self._record, n)
            if self._pacer is not None or self._shared is not None:
                await pace(n, self._pacer, self._shared)
        if not message.get("more_body", False):
            self.done = True
        if self._cut_after is not None and (self._seen >= self._cut_after or self.done):
            await cut_connection(self._receive)
            raise ConnectionCut
        return message

    async def stream(self) -> AsyncIterator[bytes]:
        while not self.done:
            message = await self()
            if message["type"] == "http.disconnect":
                raise ClientDisconnect
            body = message.get("body", b"")
            if body:
                yield body


async def cut_connection(receive: Receive) -> None:
    """Abort the TCP connection under this request, as a network failure would."""
    cycle = getattr(receive, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is not None:
        transport.abort()
    # Let the server see the connection is gone, so it does not complain that no response was sent.
    for _ in range(20):
        if cycle is None or getattr(cycle, "disconnected", True):
            break
        await asyncio.sleep(0)


def authenticate(state: State, headers: dict[str, str]) -> User:
    value = headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized(state, 'Bearer realm="Service"')
    token = token.strip()
    if token == STATIC_TOKEN:
        return DEFAULT_USER
    issued = state.tokens.get(token)
    if issued is None or issued.expires_at <= now():
        state.tokens.pop(token, None)
        raise _unauthorized(state, WWW_AUTHENTICATE)
    return issued.user


def _rate_limit(state: State, user: User, operation: str) -> None:
    settings = state.settings
    limits = {"uploads": settings.rate_limit_uploads, "api": settings.rate_limit_api}
    state.rate_limiter.check(user.id, operation, limits=limits, window=settings.rate_limit_window, at=now())


def _unauthorized(state: State, challenge: str) -> BoxError:
    return BoxError(
        401,
        "unauthorized",
        "Unauthorized",
        headers={"WWW-Authenticate": challenge},
        empty_body=state.settings.unauthorized_body == "empty",
    )


class Operation:
    """One Box operation as an ASGI app (a Starlette route endpoint)."""

    def __init__(
        self,
        state: State,
        operation: str,
        handler: Handler,
        *,
        body: str = "none",
        auth: bool = True,
        in_spec: bool = True,
    ):
        self.state = state
        self.operation = operation
        self.handler = handler
        self.body_kind = body  # "none" | "json" | "form" | "binary" | "multipart"
        self.auth = auth
        # An operation boxup does not use (yet) is served for other clients but has no spec to be checked against.
        self.in_spec = in_spec

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = self.state
        telemetry = state.telemetry
        headers = _headers(scope)
        method = scope["method"]
        path = scope["path"]
        query = scope.get("query_string", b"").decode("latin-1")
        record = telemetry.start(self.operation, method, path, query, headers)
        request_id = ids.request_id()
        generation = state.generation
        is_part = self.operation == "upload_part"
        carries_content = self.operation in CONTENT_UPLOADS
        if is_part:
            telemetry.part_upload_started()
        if carries_content:
            telemetry.content_upload_started()
        try:
            fired = state.faults.fire(method, path, self.operation)
            for rule in fired:
                telemetry.fault_fired(rule.id, record)
            await self._wan_and_delays(fired)
            immediate = next((r for r in fired if r.action == "status"), None)
            if immediate is not None:
                injected = _fault_response(immediate, request_id)
                injected.headers["box-request-id"] = request_id
                await injected(scope, receive, send)
                telemetry.finish(record, immediate.status, "fault")
                return
            cut = next((r for r in fired if r.action == "reset"), None)
            body_receiver = BodyReceiver(receive, record, state, cut.after_bytes if cut else None)
            request = Request(scope, body_receiver)
            ctx = Ctx(state, request, self.operation, record, request_id, headers, _receive=body_receiver)
            response, validated = await self._run(ctx, query)
            if cut is not None or any(r.action == "store_then_reset" for r in fired):
                await cut_connection(receive)
                telemetry.finish(record, None, "reset")
                return
            after = next((r for r in fired if r.action == "store_then_status"), None)
            if after is not None:
                response = _fault_response(after, request_id)
                validated = False
            if validated and state.settings.validate and self.in_spec and generation == state.generation:
                self._check_response(ctx, query, response)
            response.headers["box-request-id"] = request_id
            response.headers["date"] = http_date(state)
            await response(scope, receive, send)
            telemetry.finish(record, response.status_code, "fault" if after is not None else "answered")
        except ConnectionCut:
            telemetry.finish(record, None, "reset")
        except ClientDisconnect:
            telemetry.finish(record, None, "client_disconnected")
        finally:
            if is_part:
                telemetry.part_upload_ended()
            if carries_content:
                telemetry.content_upload_ended()

    async def _wan_and_delays(self, fired: list[FaultRule]) -> None:
        latency = self.state.settings.latency
        if latency > 0:
            await asyncio.sleep(latency)
        for rule in fired:
            if rule.action == "delay" and rule.delay > 0:
                await asyncio.sleep(rule.delay)

    async def _run(self, ctx: Ctx, query: str) -> tuple[Response, bool]:
        """Run the handler; returns the response and whether it is to be checked against the spec."""
        state = ctx.state
        try:
            if self.body_kind in {"json", "form"}:
                ctx.body = await _read_small_body(ctx)
            if state.settings.validate and self.in_spec:
                self._check_request(ctx, query)
            if self.auth:
                ctx.user = act_as(state, ctx.headers, authenticate(state, ctx.headers))
                _rate_limit(state, ctx.user, self.operation)
            response = await self.handler(ctx)
        except BoxError as error:
            if error.empty_body:
                return Response(status_code=error.status, headers=error.headers), False
            return error.response(ctx.request_id), True
        except (ConnectionCut, ClientDisconnect):
            raise
        except Exception as exc:
            # A bug in the emulator must fail the test, not hide behind a client that retries 500s.
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            self._violation(
                ctx,
                "emulator",
                500,
                f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}",
                f"{type(exc).__name__}: {exc}",
            )
            return BoxError(500, "internal_server_error", "The emulator failed").response(ctx.request_id), False
        finally:
            for where, message in ctx.extra_problems:
                self._violation(ctx, "request", None, where, message)
        return response, True

    def _check_request(self, ctx: Ctx, query: str) -> None:
        binary = self.body_kind in {"binary", "multipart"}
        content_type = ctx.headers.get("content-type", "")
        if not content_type and self.body_kind == "json" and ctx.body:
            # Box reads a body without Content-Type as JSON (the legacy SDK's create-session POSTs carry none).
            content_type = "application/json"
        problems = self.state.validator.check_request(
            self.operation,
            method=ctx.request.method,
            path=spec_path(ctx.request.url.path),
            query=parse_qsl(query, keep_blank_values=True),
            headers=ctx.headers,
            content_type=content_type,
            body=nulls_dropped(ctx.body, within="attributes") if ctx.body and self.body_kind == "json" else ctx.body,
            binary=binary,
        )
        for problem in problems:
            self._violation(ctx, "request", None, problem.field, problem.message)

    def _check_response(self, ctx: Ctx, query: str, response: Response) -> None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in response.raw_headers}
        binary = not hasattr(response, "body")
        body = None if binary else response.body
        problems = self.state.validator.check_response(
            method=ctx.request.method,
            path=spec_path(ctx.request.url.path),
            query=parse_qsl(query, keep_blank_values=True),
            request_headers=ctx.headers,
            status=response.status_code,
            headers=headers,
            body=bytes(body) if body else None,
            binary=binary,
        )
        for problem in problems:
            self._violation(ctx, "response", response.status_code, problem.field, problem.message)

    def _violation(self, ctx: Ctx, direction: str, status: int | None, where: str, message: str) -> None:
        self.state.telemetry.violation(
            self.operation,
            direction=direction,
            method=ctx.request.method,
            path=ctx.request.url.path,
            status=status,
            where=where,
            message=message,
        )


def spec_path(path: str) -> str:
    """The path as the spec names it: Box answers ``/files/content/`` like ``/files/content`` (rclone sends it)."""
    return path.rstrip("/") or "/"


async def _read_small_body(ctx: Ctx) -> bytes:
    declared = ctx.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_SMALL_BODY:
        raise BoxError(413, "request_entity_too_large", "The request body is too large")
    chunks: list[bytes] = []
    size = 0
    async for chunk in ctx.stream():
        size += len(chunk)
        if size > MAX_SMALL_BODY:
            raise BoxError(413, "request_entity_too_large", "The request body is too large")
        chunks.append(chunk)
    return b"".join(chunks)


def _headers(scope: Scope) -> dict[str, str]:
    merged: dict[str, str] = {}
    for raw_name, raw_value in scope["headers"]:
        name = raw_name.decode("latin-1").lower()
        value = raw_value.decode("latin-1")
        merged[name] = f"{merged[name]}, {value}" if name in merged else value
    return merged


def _fault_response(rule: FaultRule, request_id: str) -> Response:
    headers = {"Retry-After": str(rule.retry_after)} if rule.retry_after is not None else {}
    if rule.location is not None:
        headers["Location"] = rule.location
    if rule.raw_body is not None:
        return Response(rule.raw_body, status_code=rule.status, headers=headers, media_type="text/html")
    error = BoxError(rule.status, rule.code, rule.message or "Injected fault", headers=headers)
    return json_response(error.body(request_id), rule.status, headers)
