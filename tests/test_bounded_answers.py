"""Hostile answers through a real loopback server (issue 11, item 9): error bodies capped while they stream,
redirects refused by name, server text shown as one short clean line."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest
from boxup.answers import error_details
from boxup.bounded import ERROR_BODY_CAP, BoundedTransport
from boxup.text import RedirectRefused, shown


class Hostile:
    """A raw HTTP/1.1 server on 127.0.0.1 that answers every request with ``head`` and then ``body_chunk`` either
    ``repeat`` times or, with repeat=None, until the client hangs up. Counts the bytes it managed to send."""

    def __init__(self, head: bytes, body_chunk: bytes = b"", repeat: int | None = 0) -> None:
        self.head, self.body_chunk, self.repeat = head, body_chunk, repeat
        self.sent = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/api/2.0/files/upload_sessions"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        conn, _ = self.sock.accept()
        with conn:
            conn.recv(65536)
            try:
                conn.sendall(self.head)
                n = 0
                while self.repeat is None or n < self.repeat:
                    conn.sendall(self.body_chunk)
                    self.sent += len(self.body_chunk)
                    n += 1
                conn.shutdown(socket.SHUT_WR)  # then read what is left of the request: closing on it would reset
                while conn.recv(65536):
                    pass
            except OSError:  # the client hung up: what a capped reader does
                return

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def serve() -> Iterator[list[Hostile]]:
    servers: list[Hostile] = []
    yield servers
    for server in servers:
        server.close()


def post(url: str) -> httpx.Response:
    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=BoundedTransport(httpx.AsyncHTTPTransport()), timeout=10) as client:
            return await client.post(url, json={})

    return asyncio.run(go())


def test_an_error_body_without_length_is_cut_at_the_cap(serve: list[Hostile]) -> None:
    chunk = b"<p>\x1b[31mboom</p>\n" * 4096  # 80 KiB, sent 600 times, then the connection closes
    server = Hostile(b"HTTP/1.1 500 Oops\r\nContent-Type: text/html\r\n\r\n", chunk, 600)
    serve.append(server)
    answer = post(server.url)
    assert answer.status_code == 500
    assert len(answer.content) == ERROR_BODY_CAP


def test_a_50_mb_error_body_is_read_only_to_the_cap(serve: list[Hostile]) -> None:
    chunk = b'{"message": "' + b"x" * 65536
    server = Hostile(b"HTTP/1.1 400 Bad\r\nContent-Length: 52428800\r\n\r\n", chunk, 800)
    serve.append(server)
    answer = post(server.url)
    assert len(answer.content) == ERROR_BODY_CAP
    assert server.sent < 50 * 1024 * 1024  # the client hung up instead of draining it


def test_a_success_body_is_left_whole(serve: list[Hostile]) -> None:
    body = b"y" * (3 * ERROR_BODY_CAP)
    server = Hostile(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body), body, 1)
    serve.append(server)
    assert post(server.url).content == body


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_refused_naming_its_host(serve: list[Hostile], status: int) -> None:
    head = b"HTTP/1.1 %d Moved\r\nLocation: https://login.evil.example/steal?x=1\r\nContent-Length: 0\r\n\r\n" % status
    server = Hostile(head)
    serve.append(server)
    with pytest.raises(RedirectRefused) as caught:
        post(server.url)
    assert str(caught.value) == "Box answered with a redirect to login.evil.example, which boxup does not follow"


def test_shown_text_is_one_short_line_without_control_codes() -> None:
    hostile = "\x1b[2J\x1b]0;pwned\x07line one\r\nline two\u202e" + "z" * 1000
    text = shown(hostile)
    assert len(text) == 300
    assert text.endswith("…")
    assert text.startswith("[2J ]0;pwned line one line two zzz")
    assert all(ch.isprintable() for ch in text)


def test_error_details_show_the_servers_message_in_one_short_line() -> None:
    body = b'{"code": "bad\\u001b[0m", "message": "' + b"line\\nnext " * 200 + b'"}'
    details = error_details(400, {}, body)
    assert details.message is not None
    assert len(details.message) <= 300
    assert "\n" not in details.message
    assert details.code == "bad [0m"
    page = error_details(502, {}, b"<html>\r\n\x1b[1m" + b"gateway " * 100)
    assert page.message is not None
    assert page.message.startswith("non-JSON error page: <html> [1mgateway gateway")
    assert len(page.message) <= 300
