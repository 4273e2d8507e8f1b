"""Engine policies against a scripted in-memory Box: the paths a real server rarely takes on demand."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import ClassVar

import boxup
import httpx
import pytest
from boxup import RetryPolicy, TransferSettings
from boxup import sessions as boxup_sessions
from boxup.retry import Pacer

from tests.unit.mockbox import MockBox, error

PART = 1024
TOKEN = "unit-test-token-value"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "data.bin"
    path.write_bytes(os.urandom(PART * 5 + 100))
    return path


def client(box: MockBox, tmp_path: Path, **settings: object) -> boxup.Client:
    defaults: dict[str, object] = {
        "chunked_threshold": 1,
        "concurrency": 3,
        "state_dir": tmp_path / "state",
        "retry": RetryPolicy(backoff_base=0.001, max_attempts=4),
        "commit_default_wait": 0.0,
    }
    defaults.update(settings)
    return boxup.Client(auth=TOKEN, settings=TransferSettings(**defaults), transport=box.transport())  # type: ignore[arg-type]


def uploaded(box: MockBox, file_id: str, source: Path) -> bool:
    return box.files.get(file_id) == source.read_bytes()


def test_a_new_version_arrives_whole_with_parts_in_parallel(source: Path, tmp_path: Path) -> None:
    box = MockBox(PART)
    with client(box, tmp_path) as c:
        file = c.upload(source, file_id="12345")
    assert uploaded(box, "12345", source)
    assert file.sha1 == hashlib.sha1(source.read_bytes()).hexdigest()
    assert box.count("part") == 6
    assert box.count("plan") >= 1  # new versions ask which parts Box already holds
    assert list((tmp_path / "state").glob("*.json")) == []  # record gone after commit


def test_commit_polls_through_202s(source: Path, tmp_path: Path) -> None:
    box = MockBox(PART, commit_202s=5)
    with client(box, tmp_path) as c:
        c.upload(source, folder_id="0")
    assert box.count("commit") == 6
    assert uploaded(box, "999", source)


def test_commit_body_is_sorted_and_carries_the_mtime(source: Path, tmp_path: Path) -> None:
    box = MockBox(PART)
    os.utime(source, (1_700_000_000, 1_700_000_000))
    bodies: list[dict[str, object]] = []
    original = box.commit

    def spy(request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return original(request, match)

    box.override("commit", spy)
    with client(box, tmp_path) as c:
        c.upload(source, folder_id="0")
    parts = bodies[0]["parts"]
    assert [p["offset"] for p in parts] == sorted(p["offset"] for p in parts)  # type: ignore[index, union-attr]
    assert bodies[0]["attributes"] == {"content_modified_at": "2023-11-14T22:13:20+00:00"}


def test_a_part_lost_in_a_500_after_storing_is_found_not_resent(source: Path, tmp_path: Path) -> None:
    box = MockBox(PART)
    original = box.part
    failed: list[int] = []

    def store_then_fail(request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        response = original(request, match)
        if not failed:
            failed.append(1)
            return error(500, "internal_server_error")
        return response

    box.override("part", store_then_fail)
    with client(box, tmp_path) as c:
        c.upload(source, folder_id="0")
    assert uploaded(box, "999", source)
    assert box.count("list") >= 1  # asked before re-sending
    assert box.count("part") == 6  # the stored part was not sent twice


def test_a_416_overlap_with_our_bytes_counts_as_success(source: Path, tmp_path: Path) -> None:
    box = MockBox(PART)
    original = box.part
    seen: set[str] = set()

    def send_twice(request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        rng = request.headers["content-range"]
        if rng not in seen:  # store it, then pretend the connection died so the client re-sends
            seen.add(rng)
            original(request, match)
            return error(416, "range_overlaps_existing_part", conflicting_part=None)
        return original(request, match)

    box.override("part", send_twice)
    with client(box, tmp_path) as c:
        c.upload(source, folder_id="0")
    assert uploaded(box, "999", source)


def test_a_wrong_part_record_is_fatal_and_aborts_the_session(source: Path, tmp_path: Path) -> None:
    box = MockBox(PART)

    def lying(request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        return httpx.Response(200, json={"part": {"part_id": "1", "offset": 0, "size": 1, "sha1": "00" * 20}})

    box.override("part", lying)
    with client(box, tmp_path) as c, pytest.raises(boxup.ResponseError, match="Box recorded offset"):
        c.upload(source, folder_id="0")
    assert box.aborted  # no orphan session
    assert list((tmp_path / "state").glob("*.json")) == []


def test_a_foreign_session_host_never_receives_the_token(source: Path, tmp_path: Path) -> None:
    box = MockBox(PART)
    original = box.create

    def hijack(request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        body = json.loads(original(request, match).content)
        body["session_endpoints"]["upload_part"] = (
            "https://evil.example.com/api/2.0/files/upload_sessions/" + body["id"]
        )
        return httpx.Response(201, json=body)

    box.override("create", hijack)
    with client(box, tmp_path) as c, pytest.raises(boxup.UnsafeEndpointError, match=r"evil\.example\.com"):
        c.upload(source, folder_id="0")
    assert all("evil" not in url for _, url, _ in box.log)


@pytest.mark.parametrize(
    "session",
    [
        {"id": "S1", "part_size": 0, "total_parts": 1},
        {"id": "S1", "part_size": -5, "total_parts": 1},
        {"id": "S1", "part_size": 1024, "total_parts": 2},
        {"id": "S1", "part_size": "big", "total_parts": 6},
        {"part_size": 1024, "total_parts": 6},
    ],
)
def test_an_absurd_session_is_a_clear_error(source: Path, tmp_path: Path, session: dict[str, object]) -> None:
    box = MockBox(PART)
    box.override("create", lambda request, match: httpx.Response(201, json=session))
    with client(box, tmp_path) as c, pytest.raises(boxup.ResponseError):
        c.upload(source, folder_id="0")
    assert box.count("part") == 0


def test_a_non_json_502_is_retried_then_reported_plainly(source: Path, tmp_path: Path) -> None:
    box = MockBox(PART)
    page = httpx.Response(502, text="<html>Bad Gateway</html>", headers={"content-type": "text/html"})
    box.override("create", lambda request, match: page)
    with client(box, tmp_path) as c, pytest.raises(boxup.ApiError) as caught:
        c.upload(source, folder_id="0")
    assert caught.value.status == 502
    assert "Bad Gateway" in str(caught.value)
    assert box.count("create") == 4  # max_attempts


def test_a_conflict_names_the_existing_file(source: Path, tmp_path: Path) -> None:
    box = MockBox(PART)
    conflict = error(409, "item_name_in_use", conflicts={"type": "file", "id": "777", "name": "data.bin"})
    box.override("create", lambda request, match: conflict)
    with client(box, tmp_path) as c, pytest.raises(boxup.ApiError) as caught:
        c.upload(source, folder_id="0")
    assert caught.value.code == "item_name_in_use"
    assert caught.value.conflicting_file_id == "777"
    assert box.count("create") == 1


def test_commit_that_never_finishes_keeps_the_session_for_resume(source: Path, tmp_path: Path) -> None:
    box = MockBox(PART, commit_202s=10_000)
    with (
        client(box, tmp_path, commit_timeout=0.3, commit_default_wait=0.05) as c,
        pytest.raises(boxup.UploadInterrupted) as caught,
    ):
        c.upload(source, folder_id="0")
    assert caught.value.resumable
    assert not box.aborted
    assert len(list((tmp_path / "state").glob("*.json"))) == 1
    assert "kept for resume" in str(caught.value)
    assert "boxup resume" not in str(caught.value)  # the command to type is the CLI's to add


def test_the_token_only_travels_in_the_authorization_header(source: Path, tmp_path: Path) -> None:
    box = MockBox(PART)
    with client(box, tmp_path) as c:
        c.upload(source, folder_id="0")
    assert {auth for _, _, auth in box.log} == {f"Bearer {TOKEN}"}
    assert all(TOKEN not in url for _, url, _ in box.log)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"folder_id": "0", "file_id": "1"}, "exactly one"),
        ({}, "exactly one"),
        ({"folder_id": "abc"}, "digits"),
        ({"file_id": "12 34"}, "digits"),
        ({"folder_id": "0", "name": "a/b"}, "slash"),
        ({"folder_id": "0", "name": " lead"}, "space"),
        ({"folder_id": "0", "name": ".."}, "not a name Box accepts"),
        ({"folder_id": "0", "name": "x" * 256}, "255"),
        ({"folder_id": "0", "name": "tab\there"}, "non-printable"),
    ],
)
def test_bad_input_is_refused_before_any_request(
    source: Path, tmp_path: Path, kwargs: dict[str, str], message: str
) -> None:
    box = MockBox(PART)
    with client(box, tmp_path) as c, pytest.raises(boxup.InputError, match=message):
        c.upload(source, **kwargs)  # type: ignore[arg-type]
    assert box.log == []


def test_missing_and_non_regular_paths_are_refused(tmp_path: Path) -> None:
    box = MockBox(PART)
    with client(box, tmp_path) as c:
        with pytest.raises(boxup.InputError, match="no such file"):
            c.upload(tmp_path / "nope", folder_id="0")
        with pytest.raises(boxup.InputError, match="not a regular file"):
            c.upload(tmp_path, folder_id="0")
    assert box.log == []


def test_plain_http_to_a_remote_host_is_refused() -> None:
    with pytest.raises(boxup.InputError, match="plain http"):
        boxup.Endpoints(upload_url="http://upload.example.com/api/2.0")
    assert boxup.Endpoints(upload_url="http://127.0.0.1:8080/api/2.0").upload_url.startswith("http://127")


def test_async_cancel_keeps_the_session_and_resume_sends_only_the_rest(source: Path, tmp_path: Path) -> None:
    import asyncio

    box = MockBox(PART)

    async def main() -> None:
        c = client(box, tmp_path, concurrency=1)

        def on_progress(p: boxup.Progress) -> None:
            if p.event is boxup.Event.PART_DONE and p.parts_done == 2:
                task.cancel()

        task = asyncio.ensure_future(c.upload_async(source, folder_id="0", progress=on_progress))
        with pytest.raises(asyncio.CancelledError):
            await task
        assert len(list((tmp_path / "state").glob("*.json"))) == 1
        assert not box.aborted
        sent_before = box.count("part")
        assert sent_before < 6
        files = await c.resume_async(source)
        assert files[0].id == "999"
        assert box.count("part") == 6  # the resume sent only what was missing
        await c.aclose()

    asyncio.run(main())
    assert uploaded(box, "999", source)
    assert list((tmp_path / "state").glob("*.json")) == []


def test_without_resume_an_interrupted_session_is_aborted(source: Path, tmp_path: Path) -> None:
    import asyncio

    box = MockBox(PART)

    async def main() -> None:
        c = client(box, tmp_path, concurrency=1)

        def on_progress(p: boxup.Progress) -> None:
            if p.event is boxup.Event.PART_DONE:
                task.cancel()

        task = asyncio.ensure_future(c.upload_async(source, folder_id="0", progress=on_progress, resume=False))
        with pytest.raises(asyncio.CancelledError):
            await task
        await c.aclose()

    asyncio.run(main())
    assert box.aborted
    assert not (tmp_path / "state").exists() or list((tmp_path / "state").glob("*.json")) == []


def test_foreign_session_endpoints_abort_through_the_configured_host_and_leave_no_record(
    source: Path, tmp_path: Path
) -> None:
    box = MockBox(PART)
    original = box.create

    def hijack(request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        body = json.loads(original(request, match).content)
        for key in body["session_endpoints"]:
            body["session_endpoints"][key] = "https://evil.example.com/api/2.0/files/upload_sessions/" + body["id"]
        return httpx.Response(201, json=body)

    box.override("create", hijack)
    with client(box, tmp_path) as c, pytest.raises(boxup.UnsafeEndpointError):
        c.upload(source, folder_id="0")
    assert len(box.aborted) == 1  # through upload.box.com, the configured host
    assert not (tmp_path / "state").exists() or list((tmp_path / "state").glob("*.json")) == []
    assert all("evil" not in url for _, url, _ in box.log)


def test_a_deeply_nested_answer_is_a_response_error(source: Path, tmp_path: Path) -> None:
    box = MockBox(PART)
    nested = "[" * 100_000 + "]" * 100_000
    box.override("create", lambda request, match: httpx.Response(201, text=nested))
    with client(box, tmp_path) as c, pytest.raises(boxup.BoxError):
        c.upload(source, folder_id="0")


class _RecordingPacer(Pacer):
    made: ClassVar[list[_RecordingPacer]] = []

    def __init__(self) -> None:
        super().__init__()
        self.pauses: list[float] = []
        _RecordingPacer.made.append(self)

    def pause(self, seconds: float) -> None:
        self.pauses.append(seconds)
        super().pause(seconds)


def test_a_429_while_creating_a_session_and_later_on_it_pause_one_shared_pacer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``sessions.create`` and the session it returns are paced together: a 429 on either slows both."""
    box = MockBox(PART)
    _RecordingPacer.made.clear()
    monkeypatch.setattr(boxup_sessions, "Pacer", _RecordingPacer)
    for op, handler in (("create", box.create), ("status", box.status)):
        answers = iter([httpx.Response(429, headers={"Retry-After": "0"}, json={"type": "error", "status": 429})])
        box.override(op, lambda request, match, a=answers, h=handler: next(a, None) or h(request, match))
    with client(box, tmp_path) as c:
        session = c.sessions.create(file_size=PART * 3, folder_id="0", file_name="x.bin")
        session.status()
    assert [p.pauses for p in _RecordingPacer.made] == [[0.0, 0.0]]
