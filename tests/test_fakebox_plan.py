"""The plan endpoint: which parts the server already holds (by size and SHA-512), and committing those unsent."""

from __future__ import annotations

import os
from typing import Any

from boxup_api.api.upload_sessions import plan_upload_session
from boxup_api.models import PlanUploadSessionBody, UploadPlanPart

from tests.fakebox import FakeBox
from tests.fakebox.calls import (
    body_of,
    commit_until_done,
    new_session,
    put_all,
    put_part,
    session_id_of,
    sha512_hex,
    upload_client,
    version_session,
)

KiB = 1024
PART = 256 * KiB


def plan(client: Any, sid: str, data: bytes, offsets: list[int]) -> Any:
    parts = [
        UploadPlanPart(offset=o, size=len(data[o : o + PART]), sha512=sha512_hex(data[o : o + PART])) for o in offsets
    ]
    return plan_upload_session.sync_detailed(sid, client=client, body=PlanUploadSessionBody(parts=parts))


def test_unchanged_parts_of_the_previous_version_are_hits(fakebox: FakeBox) -> None:
    old = fakebox.file_bytes("12345")  # the seed: 1 MiB, four parts
    new = old[:PART] + os.urandom(PART) + old[2 * PART :]
    with upload_client(fakebox) as client:
        sid = session_id_of(version_session(client, "12345", len(new)))
        response = plan(client, sid, new, [0, PART, 2 * PART, 3 * PART])
        body = body_of(response)
        assert int(response.status_code) == 200
        assert body["upload_session_id"] == sid
        assert [h["offset"] for h in body["hits"]] == [0, 2 * PART, 3 * PART]
        assert body["misses"] == [{"offset": PART, "size": PART, "sha512": sha512_hex(new[PART : 2 * PART])}]
        sent = put_part(client, sid, new[PART : 2 * PART], PART, len(new))
        parts = [{"part_id": h["part_id"], "offset": h["offset"], "size": h["size"]} for h in body["hits"]]
        parts.append(body_of(sent)["part"])
        parts.sort(key=lambda p: p["offset"])
        committed = commit_until_done(client, sid, parts, new)
    assert int(committed.status_code) == 201
    assert fakebox.file_bytes("12345") == new
    assert fakebox.counters["bytes_in"]["upload_part"] == PART


def test_chunks_of_other_files_of_the_user_are_hits_by_default(fakebox: FakeBox) -> None:
    data = os.urandom(4 * PART)
    with upload_client(fakebox) as client:
        first = session_id_of(new_session(client, len(data), name="first.bin"))
        commit_until_done(client, first, put_all(client, first, data, PART), data)
        second = session_id_of(new_session(client, len(data), name="second.bin"))
        body = body_of(plan(client, second, data[::-1][:PART] + data[PART:], [0, PART]))
        fakebox.configure(plan_scope="none")
        none = body_of(plan(client, second, data, [0, PART]))
    assert [h["offset"] for h in body["hits"]] == [PART]
    assert [m["offset"] for m in body["misses"]] == [0]
    assert none["hits"] == []


def test_same_offset_scope_only_looks_at_the_previous_version(fakebox: FakeBox) -> None:
    fakebox.configure(plan_scope="same_offset")
    old = fakebox.file_bytes("12345")
    swapped = old[PART : 2 * PART] + old[:PART] + old[2 * PART :]
    with upload_client(fakebox) as client:
        sid = session_id_of(version_session(client, "12345", len(swapped)))
        body = body_of(plan(client, sid, swapped, [0, PART, 2 * PART]))
    assert [h["offset"] for h in body["hits"]] == [2 * PART]


def test_a_plan_entry_must_be_a_part_of_the_session(fakebox: FakeBox) -> None:
    old = fakebox.file_bytes("12345")
    with upload_client(fakebox) as client:
        sid = session_id_of(version_session(client, "12345", len(old)))
        odd = UploadPlanPart(offset=1, size=PART, sha512=sha512_hex(old[1 : PART + 1]))
        response = plan_upload_session.sync_detailed(sid, client=client, body=PlanUploadSessionBody(parts=[odd]))
        bad_hash = UploadPlanPart(offset=0, size=PART, sha512="xyz")
        hashed = plan_upload_session.sync_detailed(sid, client=client, body=PlanUploadSessionBody(parts=[bad_hash]))
    assert (int(response.status_code), body_of(response)["code"]) == (400, "bad_request")
    assert (int(hashed.status_code), body_of(hashed)["code"]) == (400, "bad_request")


def test_a_hit_may_span_parts_of_a_chunked_previous_version(fakebox: FakeBox) -> None:
    first = os.urandom(4 * PART)
    with upload_client(fakebox) as client:
        sid = session_id_of(version_session(client, "12345", len(first)))
        commit_until_done(client, sid, put_all(client, sid, first, PART), first)
        fakebox.configure(part_size=2 * PART)  # the next version is cut differently
        second = first[: 2 * PART] + os.urandom(2 * PART)
        sid = session_id_of(version_session(client, "12345", len(second)))
        wanted = [
            UploadPlanPart(offset=o, size=2 * PART, sha512=sha512_hex(second[o : o + 2 * PART])) for o in (0, 2 * PART)
        ]
        body = body_of(plan_upload_session.sync_detailed(sid, client=client, body=PlanUploadSessionBody(parts=wanted)))
        assert [h["offset"] for h in body["hits"]] == [0]
        sent = body_of(put_part(client, sid, second[2 * PART :], 2 * PART, len(second)))["part"]
        hit = body["hits"][0]
        parts = [{"part_id": hit["part_id"], "offset": 0, "size": 2 * PART}, sent]
        assert int(commit_until_done(client, sid, parts, second).status_code) == 201
    assert fakebox.file_bytes("12345") == second
    assert fakebox.file_path("12345").read_bytes() == second
