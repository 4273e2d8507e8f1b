"""Small helpers for exercising the generated client (boxup_api) through httpx.MockTransport."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boxup_api
import httpx

# The hosts Box serves each operation from (BOX-UPLOADS.md section 1).
UPLOAD = "https://upload.box.com/api/2.0"
API = "https://api.box.com/2.0"
OAUTH = "https://api.box.com"


@dataclass
class Recorder:
    """A MockTransport handler: records every request and answers each with the same canned response."""

    status: int = 200
    json: Any = None
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)  # MockTransport has already read the body, so .content is available
        if self.json is not None:
            return httpx.Response(self.status, json=self.json, headers=self.headers)
        return httpx.Response(self.status, content=self.content, headers=self.headers)

    def client(self, base_url: str = UPLOAD) -> boxup_api.Client:
        return boxup_api.Client(base_url=base_url, httpx_args={"transport": httpx.MockTransport(self)})

    @property
    def request(self) -> httpx.Request:
        assert len(self.requests) == 1, f"expected exactly one request, got {len(self.requests)}"
        return self.requests[0]


class PartSlice:
    """A read-only, sized, seekable view of ``size`` bytes at ``offset`` in a file, with no ``fileno()``.

    This is the shape the engine hands to the generated upload_part so that a part streams from disk: httpx reads
    it with ``read(65536)`` until it returns b"". Without ``fileno`` httpx cannot fstat the whole file, and
    positions are relative to the slice, so ``seek(0, SEEK_END)`` reports the part's size. httpx accepts request
    content only if it is iterable, hence ``__iter__``.
    """

    def __init__(self, path: Path, offset: int, size: int) -> None:
        self._file = path.open("rb")
        self._offset = offset
        self._size = size
        self._pos = 0

    def read(self, n: int = -1) -> bytes:
        remaining = self._size - self._pos
        n = remaining if n < 0 else min(n, remaining)
        self._file.seek(self._offset + self._pos)
        data = self._file.read(n)
        self._pos += len(data)
        return data

    def seek(self, pos: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: self._size}[whence]
        self._pos = max(0, min(self._size, base + pos))
        return self._pos

    def tell(self) -> int:
        return self._pos

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self.read(65_536):
            yield chunk

    def close(self) -> None:
        self._file.close()


@dataclass(frozen=True)
class FormPart:
    name: str
    headers: dict[str, str]
    data: bytes


def parse_multipart(content_type: str, body: bytes) -> list[FormPart]:
    """Split a multipart/form-data body the way a server does (RFC 2046: parts are delimited by CRLF--boundary)."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    assert match, content_type
    delimiter = b"\r\n--" + match.group(1).encode()
    pieces = (b"\r\n" + body).split(delimiter)
    assert pieces[0] == b"", "preamble before the first boundary"
    assert pieces[-1] == b"--\r\n", "the body must end with the close delimiter"
    parts = []
    for piece in pieces[1:-1]:
        assert piece.startswith(b"\r\n"), piece[:40]
        head, separator, data = piece[2:].partition(b"\r\n\r\n")
        assert separator, f"part without a header/body separator: {piece[:40]!r}"
        headers = {}
        for line in head.decode().split("\r\n"):
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        name = re.search(r'\bname="([^"]*)"', headers["content-disposition"])
        assert name, headers
        parts.append(FormPart(name.group(1), headers, data))
    return parts
