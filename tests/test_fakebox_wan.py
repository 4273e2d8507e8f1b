"""WAN simulation: latency per request and bandwidth caps while bodies are read (the emulator's own throttle)."""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor

from boxup_api.api.upload_sessions import get_upload_session

from tests.fakebox import FakeBox
from tests.fakebox.calls import new_session, put_part, session_id_of, upload_client

MiB = 1024 * 1024


def test_latency_is_added_to_every_request(fakebox: FakeBox) -> None:
    fakebox.configure(latency=0.05)
    with upload_client(fakebox) as client:
        sid = session_id_of(new_session(client, 2 * MiB))
        started = time.monotonic()
        for _ in range(4):
            get_upload_session.sync_detailed(sid, client=client)
    assert time.monotonic() - started >= 4 * 0.05


def test_bandwidth_per_connection(fakebox: FakeBox) -> None:
    fakebox.configure(part_size=MiB, min_chunked_size=MiB)
    data = os.urandom(MiB)
    with upload_client(fakebox) as client:
        sid = session_id_of(new_session(client, len(data)))
        fakebox.wan(latency=0.0, bandwidth="1MiB")
        started = time.monotonic()
        response = put_part(client, sid, data, 0, len(data))
    assert int(response.status_code) == 200
    assert time.monotonic() - started >= 0.75


def test_total_bandwidth_is_shared(fakebox: FakeBox) -> None:
    fakebox.configure(part_size=MiB, min_chunked_size=MiB)
    data = os.urandom(2 * MiB)
    with upload_client(fakebox) as client:
        sid = session_id_of(new_session(client, len(data)))
    fakebox.configure(bandwidth="100MiB", total_bandwidth="2MiB")

    def send(offset: int) -> int:
        with upload_client(fakebox) as client:
            return int(put_part(client, sid, data[offset : offset + MiB], offset, len(data)).status_code)

    started = time.monotonic()
    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(send, [0, MiB])) == [200, 200]
    assert time.monotonic() - started >= 0.75
