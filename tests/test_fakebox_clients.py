"""What clients nobody here wrote send, and Box answers: rclone, the Box CLI and the legacy SDK (issue 13).

Each case is a request shaped as that client sends it, over real loopback HTTP, with the answer Box gives.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.fakebox import FakeBox
from tests.fakebox.calls import put_all, session_id_of, sha_header, upload_client, version_session

AUTH = {"Authorization": "Bearer fakebox-token"}


@pytest.fixture
def http(fakebox: FakeBox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fakebox.base_url, headers=AUTH, timeout=30) as client:
        yield client


def multipart(attributes: dict[str, Any], data: bytes, *, part: str, filename: str | None) -> tuple[bytes, str]:
    boundary = "clientboundary42"
    disposition = f'form-data; name="{part}"' + (f'; filename="{filename}"' if filename else "")
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="attributes"\r\n\r\n{json.dumps(attributes)}\r\n'
            f"--{boundary}\r\nContent-Disposition: {disposition}\r\nContent-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def chunks(body: bytes, size: int = 1000) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


# --- 1. preflight with a trailing slash; a request fakebox does not route is still logged ---
def test_preflight_with_a_trailing_slash_is_answered_like_without(fakebox: FakeBox, http: httpx.Client) -> None:
    response = http.request("OPTIONS", "/2.0/files/content/", json={"name": "new.bin", "parent": {"id": "0"}})
    assert response.status_code == 200
    assert response.json()["upload_url"].startswith(f"{fakebox.base_url}/api/2.0/files/content")
    (logged,) = fakebox.requests_for("preflight_upload")
    assert (logged["path"], logged["status"]) == ("/2.0/files/content/", 200)


def test_a_trailing_slash_preflight_names_a_conflict_like_box(fakebox: FakeBox, http: httpx.Client) -> None:
    response = http.request("OPTIONS", "/2.0/files/content/", json={"name": "Project.mov", "parent": {"id": "0"}})
    assert (response.status_code, response.json()["context_info"]["conflicts"]["id"]) == (409, "12345")


def test_a_request_fakebox_does_not_route_is_logged_with_its_status(fakebox: FakeBox, http: httpx.Client) -> None:
    slash = http.post("/api/2.0/files/upload_sessions/", json={})
    nowhere = http.get("/2.0/nowhere")
    wrong_method = http.delete("/2.0/files/content")
    assert (slash.status_code, nowhere.status_code, wrong_method.status_code) == (404, 404, 405)
    assert "location" not in slash.headers  # no redirect to a plain-http URL
    logged = [(r["method"], r["path"], r["status"]) for r in fakebox.requests_for("unknown")]
    assert logged == [
        ("POST", "/api/2.0/files/upload_sessions/", 404),
        ("GET", "/2.0/nowhere", 404),
        ("DELETE", "/2.0/files/content", 405),
    ]


# --- 2. folder listing, offset and marker paging ---
@pytest.fixture
def folder(fakebox: FakeBox) -> tuple[str, list[str]]:
    """A folder holding one sub-folder and four files, the files in id order."""
    folder_id = fakebox.add_folder("listing")
    sub = fakebox.add_folder("sub", parent_id=folder_id)
    files = [fakebox.add_file(f"f{i}.bin", bytes([i]) * (i + 1), folder_id=folder_id) for i in range(4)]
    return folder_id, [sub, *files]


def test_folder_items_pages_by_offset_folders_first(
    fakebox: FakeBox, http: httpx.Client, folder: tuple[str, list[str]]
) -> None:
    folder_id, expected = folder
    first = http.get(f"/2.0/folders/{folder_id}/items", params={"limit": 3}).json()
    second = http.get(f"/2.0/folders/{folder_id}/items", params={"limit": 3, "offset": 3}).json()
    assert (first["total_count"], first["offset"], first["limit"]) == (5, 0, 3)
    assert [e["id"] for e in first["entries"] + second["entries"]] == expected
    assert first["entries"][0] == {"type": "folder", "id": expected[0], "sequence_id": "0", "etag": "0", "name": "sub"}
    assert set(first["entries"][1]) == {"type", "id", "sequence_id", "etag", "sha1", "name", "file_version"}
    assert len(fakebox.requests_for("list_folder_items")) == 2


def test_folder_items_pages_by_marker_until_next_marker_is_null(
    http: httpx.Client, folder: tuple[str, list[str]]
) -> None:
    folder_id, expected = folder
    params: dict[str, Any] = {"usemarker": "true", "limit": 2, "fields": "type,id,name,size,modified_at,sha1"}
    seen: list[str] = []
    pages = 0
    while True:
        page = http.get(f"/2.0/folders/{folder_id}/items", params=params).json()
        pages += 1
        assert "total_count" not in page
        seen += [e["id"] for e in page["entries"]]
        if page["next_marker"] is None:
            break
        params["marker"] = page["next_marker"]
    assert (seen, pages) == (expected, 3)
    last = http.get(f"/2.0/folders/{folder_id}/items", params={"fields": "name,size", "offset": 4}).json()
    assert last["entries"] == [{"type": "file", "id": expected[-1], "etag": "0", "name": "f3.bin", "size": 4}]


@pytest.mark.parametrize(
    ("path", "params", "status", "code"),
    [
        ("/2.0/folders/4242/items", {}, 404, "not_found"),
        ("/2.0/folders/0/items", {"usemarker": "true", "marker": "garbage"}, 400, "invalid_parameter"),
        ("/2.0/folders/0/items", {"limit": 1001}, 400, "bad_request"),
        ("/2.0/folders/0/items", {"offset": 10001}, 400, "bad_request"),
    ],
)
def test_folder_items_refuses_what_box_refuses(
    fakebox: FakeBox, http: httpx.Client, path: str, params: dict[str, Any], status: int, code: str
) -> None:
    if params.get("limit", 0) > 1000:  # beyond the spec's maximum: the validator must notice too
        with fakebox.expect_violations("1001 is greater than the maximum"):
            response = http.get(path, params=params)
    else:
        response = http.get(path, params=params)
    assert (response.status_code, response.json()["code"]) == (status, code)


def test_folder_items_lists_the_root_with_the_seed_file(http: httpx.Client) -> None:
    page = http.get("/2.0/folders/0/items", params={"usemarker": "true", "limit": 1000}).json()
    assert [(e["type"], e["id"], e["name"]) for e in page["entries"]] == [("file", "12345", "Project.mov")]


def test_every_operation_is_in_the_spec_or_declared_outside_it(fakebox: FakeBox) -> None:
    from tests.fakebox.app import OPERATIONS, OUTSIDE_SPEC
    from tests.fakebox.validation import SpecValidator

    in_spec = set(SpecValidator().media_types)
    served = {op for _method, _path, op, *_rest in OPERATIONS}
    assert served - in_spec == OUTSIDE_SPEC
    assert not OUTSIDE_SPEC & in_spec


# --- 3. the direct upload's file part is the one with a filename ---
@pytest.mark.parametrize(
    ("part", "filename", "streamed"),
    [("content", "unused", False), ("contents", "x.bin", True), ("file", None, False)],
    ids=["box-cli", "rclone-chunked-encoding", "no-filename-named-file"],
)
def test_direct_upload_takes_the_part_with_a_filename_whatever_its_name(
    fakebox: FakeBox, http: httpx.Client, part: str, filename: str | None, streamed: bool
) -> None:
    data = bytes(range(256)) * 40
    body, content_type = multipart({"name": "cli.bin", "parent": {"id": "0"}}, data, part=part, filename=filename)
    content: Any = chunks(body) if streamed else body
    response = http.post("/api/2.0/files/content", content=content, headers={"Content-Type": content_type})
    assert response.status_code == 201, response.text
    file_id = response.json()["entries"][0]["id"]
    assert fakebox.file_bytes(file_id) == data
    (logged,) = fakebox.requests_for("upload_file")
    assert ("transfer-encoding" in logged["headers"]) is streamed


# --- 4. the direct-upload cap is a setting, off by default ---
def test_direct_upload_has_no_size_cap_unless_one_is_set(fakebox: FakeBox, http: httpx.Client) -> None:
    assert fakebox.settings["direct_upload_max_size"] is None
    fakebox.configure(direct_upload_max_size=1000)
    body, content_type = multipart({"name": "big.bin", "parent": {"id": "0"}}, b"x" * 1001, part="file", filename="b")
    refused = http.post("/api/2.0/files/content", content=body, headers={"Content-Type": content_type})
    assert (refused.status_code, refused.json()["code"]) == (413, "request_entity_too_large")


# --- 5. the preflight's upload_url names an upload host ---
def test_preflight_upload_url_names_the_upload_host_next_to_the_api_host(fakebox: FakeBox, http: httpx.Client) -> None:
    body = {"name": "n.bin", "parent": {"id": "0"}, "size": 10}
    on_api_host = http.request("OPTIONS", "/2.0/files/content", json=body, headers={"Host": "api.box.com"})
    assert on_api_host.json()["upload_url"].startswith("http://upload.box.com/api/2.0/files/content?")
    fakebox.configure(session_endpoints_base="https://upload.app.box.com/api/2.0")
    configured = http.request("OPTIONS", "/2.0/files/content", json=body)
    assert configured.json()["upload_url"].startswith("https://upload.app.box.com/api/2.0/files/content?")


# --- 6. nulls mean "not given"; a JSON body without Content-Type is JSON ---
def test_null_attributes_in_a_direct_upload_mean_not_given(fakebox: FakeBox, http: httpx.Client) -> None:
    attributes = {
        "name": "legacy.txt",
        "parent": {"id": "0"},
        "content_created_at": None,
        "content_modified_at": None,
        "description": None,
    }
    body, content_type = multipart(attributes, b"legacy bytes", part="file", filename="unused")
    response = http.post("/api/2.0/files/content", content=body, headers={"Content-Type": content_type})
    assert response.status_code == 201, response.text
    entry = response.json()["entries"][0]
    assert (entry["description"], entry["content_created_at"] is not None) == ("", True)
    assert fakebox.file_bytes(entry["id"]) == b"legacy bytes"


def test_a_create_session_without_content_type_is_read_as_json(fakebox: FakeBox, http: httpx.Client) -> None:
    raw = json.dumps({"folder_id": "0", "file_size": 2 * 1024 * 1024, "file_name": "legacy.bin"}).encode()
    response = http.post("/api/2.0/files/upload_sessions", content=raw)
    assert response.status_code == 201, response.text
    assert "content-type" not in fakebox.requests_for("create_upload_session")[0]["headers"]


# --- 7. commit attributes.description is stored ---
def test_commit_stores_the_description_and_ignores_null_attributes(fakebox: FakeBox, http: httpx.Client) -> None:
    data = bytes(range(256)) * 4096 * 2
    with upload_client(fakebox) as client:
        session_id = session_id_of(version_session(client, "12345", len(data)))
        parts = put_all(client, session_id, data, fakebox.part_size or 0)
    body = {"parts": parts, "attributes": {"description": "cut 3", "content_created_at": None}}
    url = f"/api/2.0/files/upload_sessions/{session_id}/commit"
    statuses = [http.post(url, json=body, headers={"Digest": sha_header(data)}).status_code for _ in range(2)]
    assert statuses == [202, 201]
    assert fakebox.file_info("12345")["file"]["description"] == "cut 3"
    assert fakebox.file_sha1("12345") == hashlib.sha1(data).hexdigest()
