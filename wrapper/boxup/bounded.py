"""Hostile answers stay bounded: an error body is read up to a cap while it streams, and a redirect is refused.

``BoundedTransport`` wraps the real httpx transport. A success body is left alone (the generated parser reads
it); an error body (status 400 and up) is cut at ``ERROR_BODY_CAP`` bytes as it arrives, so a 50 MB or endless
error page costs 64 KiB of memory, and the connection is closed instead of drained. boxup never follows redirects
(the token must not travel), so a 3xx answer becomes a ``RedirectRefused`` naming the host it pointed at.
(``text.shown`` makes any server text fit in one line without control codes.)
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from .text import RedirectRefused

ERROR_BODY_CAP = 64 * 1024
REDIRECTS = frozenset({301, 302, 303, 307, 308})


class _CappedStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, cap: int) -> None:
        self._inner = inner
        self._cap = cap

    async def __aiter__(self) -> AsyncIterator[bytes]:
        left = self._cap
        chunks = self._inner.__aiter__()
        try:
            async for chunk in chunks:
                if len(chunk) >= left:
                    yield chunk[:left]
                    return
                left -= len(chunk)
                yield chunk
        finally:
            # Close the inner iterator here, on this loop: left for the garbage collector, an abandoned async
            # generator is finalized by a task the closing loop never runs ("Task was destroyed but it is pending!"
            # on stderr, after the one-line error).
            aclose = getattr(chunks, "aclose", None)
            if aclose is not None:
                await aclose()
            await self._inner.aclose()  # an unread rest is dropped with its connection, never drained

    async def aclose(self) -> None:
        await self._inner.aclose()


class BoundedTransport(httpx.AsyncBaseTransport):
    """Wraps ``inner`` (e.g. ``httpx.AsyncHTTPTransport(...)``): error bodies capped, redirects refused."""

    def __init__(self, inner: httpx.AsyncBaseTransport, *, cap: int = ERROR_BODY_CAP) -> None:
        self._inner = inner
        self._cap = cap

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        if response.status_code in REDIRECTS:
            await response.aclose()
            raise RedirectRefused(response.status_code, response.headers.get("location"))
        if response.status_code >= 400:
            stream = response.stream
            assert isinstance(stream, httpx.AsyncByteStream)  # an async transport answers with an async stream
            response.stream = _CappedStream(stream, self._cap)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
