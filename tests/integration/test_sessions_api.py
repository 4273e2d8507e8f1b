"""The public session API (client.sessions, boxup.UploadSession) against the emulator, sync and async."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boxup
import httpx
import pytest

from tests.fakebox.handle import FakeBox
from tests.integration.conftest import make_client


def download(fakebox: FakeBox, file_id: str) -> bytes:
    response = httpx.get(
        f"{fakebox.api_url}/files/{file_id}/content",
        headers={"Authorization": f"Bearer {fakebox.token}"},
        follow_redirects=True,
    )
    response.raise_for_status()
    return response.content


def upload_all(session: boxup.UploadSession, data: bytes) -> None:
    for part in session.parts:
        session.upload_part(part.offset, data[part.offset : part.offset + part.size])


def test_create_upload_and_commit_a_new_file_arrives_intact(fakebox: FakeBox, box: boxup.Client) -> None:
    data = os.urandom(fakebox.min_chunked_size + 12345)
    s = box.sessions.create(file_size=len(data), folder_id="0", file_name="big.bin")
    assert s.total_parts == len(s.parts)
    assert s.parts[-1].size > 0
    assert isinstance(s.expires_at, dt.datetime)
    assert s.expires_at.tzinfo is not None
    assert s.endpoints.upload_part
    assert s.endpoints.commit
    upload_all(s, data)
    assert [p.offset for p in s.list_parts()] == [p.offset for p in s.parts]
    f = s.commit(sha1=hashlib.sha1(data).hexdigest())
    assert f.name == "big.bin"
    assert download(fakebox, f.id) == data


def test_a_new_version_session_replaces_the_content_and_can_rename(fakebox: FakeBox, box: boxup.Client) -> None:
    data = os.urandom(fakebox.min_chunked_size + 1)
    s = box.sessions.create(file_size=len(data), file_id="12345", file_name="renamed.bin")
    upload_all(s, data)
    f = s.commit(sha1=hashlib.sha1(data).hexdigest())
    assert f.id == "12345"
    assert f.name == "renamed.bin"
    assert download(fakebox, "12345") == data


def test_the_async_twins_do_the_same_on_the_callers_loop(fakebox: FakeBox, box: boxup.Client) -> None:
    data = os.urandom(fakebox.min_chunked_size + 7)

    async def main() -> boxup.UploadedFile:
        try:
            s = await box.sessions.create_async(file_size=len(data), folder_id="0", file_name="a.bin")
            await asyncio.gather(*(s.upload_part_async(p.offset, data[p.offset : p.offset + p.size]) for p in s.parts))
            assert len(await s.list_parts_async()) == s.total_parts
            status = await s.status_async()
            assert status.id == s.id
            again = await box.sessions.open_async(s.id, file_size=len(data))
            return await again.commit_async(hashlib.sha1(data).hexdigest())
        finally:
            await box.aclose()

    f = asyncio.run(main())
    assert download(fakebox, f.id) == data


def test_a_part_from_a_path_is_streamed_from_that_file_at_its_offset(
    fakebox: FakeBox, box: boxup.Client, make_file: Callable[[int], Path]
) -> None:
    path = make_file(fakebox.min_chunked_size + 99)
    s = box.sessions.create(file_size=path.stat().st_size, folder_id="0", file_name="p.bin")
    for part in s.parts:
        rec = s.upload_part(part.offset, path)
        assert (rec.offset, rec.size) == (part.offset, part.size)
    f = s.commit(hashlib.sha1(path.read_bytes()).hexdigest())
    assert download(fakebox, f.id) == path.read_bytes()


def test_a_re_sent_part_counts_as_success(fakebox: FakeBox, box: boxup.Client) -> None:
    data = os.urandom(fakebox.min_chunked_size + 5)
    s = box.sessions.create(file_size=len(data), folder_id="0", file_name="twice.bin")
    first = s.parts[0]
    one = s.upload_part(0, data[: first.size])
    two = s.upload_part(0, data[: first.size])
    assert one == two
    assert fakebox.count("upload_part", 416) == 1


def test_different_bytes_at_a_stored_part_are_refused(fakebox: FakeBox, box: boxup.Client) -> None:
    data = os.urandom(fakebox.min_chunked_size + 5)
    s = box.sessions.create(file_size=len(data), folder_id="0", file_name="clash.bin")
    size = s.parts[0].size
    s.upload_part(0, data[:size])
    with pytest.raises(boxup.IntegrityError, match="different bytes at offset 0"):
        s.upload_part(0, bytes(size))


@pytest.mark.parametrize(
    ("offset", "length", "message"),
    [(1, None, "not on a part boundary"), (0, 10, "bytes; 10 were given"), (262144 * 10**6, None, "past the end")],
)
def test_bad_part_input_is_refused_with_nothing_sent(
    fakebox: FakeBox, box: boxup.Client, offset: int, length: int | None, message: str
) -> None:
    s = box.sessions.create(file_size=fakebox.min_chunked_size + 5, folder_id="0", file_name="bad.bin")
    fakebox.clear_requests()
    with pytest.raises(boxup.InputError, match=message):
        s.upload_part(offset, bytes(length if length is not None else s.part_size))
    assert fakebox.requests == []


def test_a_commit_whose_parts_do_not_cover_the_file_sends_nothing(fakebox: FakeBox, box: boxup.Client) -> None:
    data = os.urandom(fakebox.min_chunked_size + 5)
    s = box.sessions.create(file_size=len(data), folder_id="0", file_name="gap.bin")
    records = [s.upload_part(p.offset, data[p.offset : p.offset + p.size]) for p in s.parts]
    fakebox.clear_requests()
    with pytest.raises(boxup.InputError, match="do not cover the file"):
        s.commit(hashlib.sha1(data).hexdigest(), parts=records[:-1])
    with pytest.raises(boxup.InputError, match="40 hex digits"):
        s.commit("nope", parts=records)
    assert fakebox.requests == []


def test_commit_polls_a_202_then_returns_the_201_file(fakebox: FakeBox, box: boxup.Client) -> None:
    fakebox.configure(commit_processing_polls=2)
    data = os.urandom(fakebox.min_chunked_size + 3)
    s = box.sessions.create(file_size=len(data), folder_id="0", file_name="slow.bin")
    upload_all(s, data)
    f = s.commit(hashlib.sha1(data).hexdigest(), content_modified_at=dt.datetime(2024, 1, 2, tzinfo=dt.UTC))
    assert fakebox.count("commit_upload_session", 202) == 2
    assert fakebox.count("commit_upload_session", 201) == 1
    assert download(fakebox, f.id) == data


def test_a_foreign_host_in_session_endpoints_is_refused_and_the_session_aborted(
    fakebox: FakeBox, box: boxup.Client
) -> None:
    fakebox.configure(session_endpoints_base="https://evil.example.com/api/2.0")
    with pytest.raises(boxup.UnsafeEndpointError, match=r"evil\.example\.com"):
        box.sessions.create(file_size=fakebox.min_chunked_size + 1, folder_id="0", file_name="x.bin")
    assert fakebox.count("abort_upload_session") == 1
    assert all("evil" not in str(r.get("path")) for r in fakebox.requests)


def test_to_json_and_attach_continue_a_session_without_any_secret(fakebox: FakeBox, box: boxup.Client) -> None:
    data = os.urandom(fakebox.min_chunked_size + 11)
    s = box.sessions.create(file_size=len(data), folder_id="0", file_name="j.bin")
    text = s.to_json()
    assert fakebox.token not in text
    s2 = box.sessions.attach(text)
    assert (s2.id, s2.parts, s2.endpoints) == (s.id, s.parts, s.endpoints)
    upload_all(s2, data)
    f = s.commit(hashlib.sha1(data).hexdigest())
    assert download(fakebox, f.id) == data


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("not json", boxup.InputError),
        ('{"type": "something else"}', boxup.InputError),
        ("FOREIGN", boxup.UnsafeEndpointError),
    ],
)
def test_attach_refuses_text_that_is_not_a_session_or_names_a_foreign_host(
    fakebox: FakeBox, box: boxup.Client, text: str, error: type[Exception]
) -> None:
    if text == "FOREIGN":
        s = box.sessions.create(file_size=fakebox.min_chunked_size + 1, folder_id="0", file_name="f.bin")
        data: dict[str, Any] = json.loads(s.to_json())
        data["endpoints"]["upload_part"] = "https://evil.example.com/api/2.0/files/upload_sessions/" + s.id
        text = json.dumps(data)
    fakebox.clear_requests()
    with pytest.raises(error):
        box.sessions.attach(text)
    assert fakebox.requests == []


def test_open_status_and_abort_a_session_by_id(fakebox: FakeBox, box: boxup.Client) -> None:
    data = os.urandom(fakebox.min_chunked_size + 2)
    s = box.sessions.create(file_size=len(data), folder_id="0", file_name="o.bin")
    s.upload_part(0, data[: s.parts[0].size])
    opened = box.sessions.open(s.id)
    assert (opened.id, opened.part_size, opened.total_parts) == (s.id, s.part_size, s.total_parts)
    assert [p.offset for p in opened.list_parts()] == [0]
    with pytest.raises(boxup.InputError) as unknown:
        opened.upload_part(0, data[: s.parts[0].size])
    assert str(unknown.value) == f"the file size of session {s.id} is unknown here: pass file_size= to open()"
    opened.abort()
    with pytest.raises(boxup.ApiError) as caught:
        s.status()
    assert caught.value.status == 404


def test_the_old_aliases_get_parts_and_abort_still_work(fakebox: FakeBox, box: boxup.Client) -> None:
    data = os.urandom(fakebox.min_chunked_size + 2)
    s = box.sessions.create(file_size=len(data), folder_id="0", file_name="alias.bin")
    s.upload_part(0, data[: s.parts[0].size])
    status = box.sessions.get(s.id)
    assert (status.id, status.total_parts) == (s.id, s.total_parts)
    assert len(box.sessions.parts(s.id)) == 1
    box.sessions.abort(s.id)
    assert fakebox.count("abort_upload_session", 204) + fakebox.count("abort_upload_session", 200) == 1


def test_create_input_is_checked_before_anything_is_sent(fakebox: FakeBox, box: boxup.Client) -> None:
    fakebox.clear_requests()
    with pytest.raises(boxup.InputError, match="exactly one"):
        box.sessions.create(file_size=10, folder_id="0", file_id="1")
    with pytest.raises(boxup.InputError) as empty:
        box.sessions.create(file_size=0, folder_id="0", file_name="z")
    assert str(empty.value) == "file_size must be a positive number of bytes, got 0"
    with pytest.raises(boxup.InputError, match="file name"):
        box.sessions.create(file_size=10, folder_id="0")
    assert fakebox.requests == []


def test_as_user_is_sent_on_every_api_and_upload_request(fakebox: FakeBox, state_dir: Path) -> None:
    client = make_client(fakebox, state_dir)
    user = next(iter(fakebox.managed_users))  # As-User must name a managed user of the enterprise
    client = boxup.Client(auth=fakebox.token, endpoints=client.endpoints, settings=client.settings, as_user=user)
    with client:
        data = os.urandom(fakebox.min_chunked_size + 2)
        s = client.sessions.create(file_size=len(data), folder_id="0", file_name="u.bin")
        upload_all(s, data)
        s.commit(hashlib.sha1(data).hexdigest())
    logged = fakebox.requests
    assert logged
    assert all(r["headers"].get("as-user") == user for r in logged)


WORKER = """
import sys, boxup
from tests.integration.conftest import make_client
from tests.fakebox.handle import FakeBox
fakebox = FakeBox(sys.argv[1])
text, path, half = open(sys.argv[2]).read(), sys.argv[3], int(sys.argv[4])
with make_client(fakebox, __import__("pathlib").Path(sys.argv[5])) as client:
    s = client.sessions.attach(text)
    for part in s.parts[half::2]:
        s.upload_part(part.offset, path)
"""


def test_parts_from_two_worker_processes_commit_to_identical_bytes(
    fakebox: FakeBox, box: boxup.Client, tmp_path: Path, make_file: Callable[[int], Path]
) -> None:
    path = make_file(fakebox.min_chunked_size * 2 + 17)
    s = box.sessions.create(file_size=path.stat().st_size, folder_id="0", file_name="spread.bin")
    assert s.total_parts >= 4
    ticket = tmp_path / "session.json"
    ticket.write_text(s.to_json())
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, fakebox.base_url, str(ticket), str(path), str(half), str(tmp_path / "st")],
            cwd=Path(__file__).resolve().parents[2],
        )
        for half in (0, 1)
    ]
    assert [w.wait(timeout=120) for w in workers] == [0, 0]
    f = s.commit(hashlib.sha1(path.read_bytes()).hexdigest())
    assert download(fakebox, f.id) == path.read_bytes()
