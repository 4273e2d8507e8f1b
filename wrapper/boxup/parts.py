"""Part arithmetic: how a file of ``size`` bytes splits into Box's parts, and the headers that name them.

Box fixes ``part_size``; every part but the last is exactly that long, and the last is never empty.
"""

from __future__ import annotations

import base64
import math

import attrs


@attrs.frozen
class Part:
    index: int
    offset: int
    size: int

    @property
    def last_byte(self) -> int:
        return self.offset + self.size - 1


def split(file_size: int, part_size: int) -> list[Part]:
    """The parts of a file; an exact multiple of ``part_size`` has no short (or empty) trailing part."""
    if part_size <= 0:
        raise ValueError(f"part size must be positive, got {part_size}")
    if file_size <= 0:
        raise ValueError(f"a chunked upload needs a non-empty file, got {file_size} bytes")
    count = math.ceil(file_size / part_size)
    return [Part(i, i * part_size, min(part_size, file_size - i * part_size)) for i in range(count)]


def content_range(part: Part, file_size: int) -> str:
    """``bytes first-last/total``, inclusive and zero-based, as Box's Content-Range wants."""
    return f"bytes {part.offset}-{part.last_byte}/{file_size}"


def sha1_digest_header(raw_sha1: bytes) -> str:
    """RFC 3230 ``sha=<base64>`` of a raw 20-byte SHA-1 (Box rejects hex here)."""
    return "sha=" + base64.b64encode(raw_sha1).decode("ascii")
