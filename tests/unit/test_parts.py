"""Part arithmetic at the places other clients got wrong: exact multiples and the 4 GiB boundary."""

from __future__ import annotations

import pytest
from boxup.parts import Part, content_range, sha1_digest_header, split

MIB = 1024 * 1024
GIB = 1024 * MIB


@pytest.mark.parametrize(
    ("size", "part_size", "count", "last"),
    [
        (1, 8 * MIB, 1, 1),
        (8 * MIB, 8 * MIB, 1, 8 * MIB),
        (8 * MIB + 1, 8 * MIB, 2, 1),
        (20 * MIB, 8 * MIB, 3, 4 * MIB),
        (4 * GIB, 32 * MIB, 128, 32 * MIB),  # exact multiple: no empty trailing part (boxcli#102)
        (4 * GIB + 1, 32 * MIB, 129, 1),
        (2**32 - 1, 8 * MIB, 512, 8 * MIB - 1),
    ],
)
def test_split_covers_every_byte_once_with_no_empty_part(size: int, part_size: int, count: int, last: int) -> None:
    parts = split(size, part_size)
    assert len(parts) == count
    assert parts[-1].size == last
    assert all(p.size == part_size for p in parts[:-1])
    assert [p.offset for p in parts] == [i * part_size for i in range(count)]
    assert sum(p.size for p in parts) == size
    assert all(p.size > 0 for p in parts)


def test_content_range_is_inclusive_and_carries_the_total_beyond_4_gib() -> None:
    size = 5 * GIB + 3
    parts = split(size, 128 * MIB)
    assert content_range(parts[0], size) == f"bytes 0-{128 * MIB - 1}/{size}"
    crossing = next(p for p in parts if p.offset < 2**32 <= p.last_byte + 1)
    assert content_range(crossing, size) == f"bytes {crossing.offset}-{crossing.offset + 128 * MIB - 1}/{size}"
    assert content_range(parts[-1], size) == f"bytes {5 * GIB}-{5 * GIB + 2}/{size}"
    assert content_range(Part(32, 2**32, 1), 2**32 + 1) == "bytes 4294967296-4294967296/4294967297"


@pytest.mark.parametrize(("size", "part_size"), [(0, 8), (10, 0), (10, -1)])
def test_split_refuses_impossible_inputs(size: int, part_size: int) -> None:
    with pytest.raises(ValueError, match=r"must be positive|non-empty"):
        split(size, part_size)


def test_digest_header_is_base64_of_raw_sha1_not_hex() -> None:
    import hashlib

    raw = hashlib.sha1(b"abc").digest()
    assert sha1_digest_header(raw) == "sha=qZk+NkcGgWq6PiVxeFDCbJzQ2J0="
