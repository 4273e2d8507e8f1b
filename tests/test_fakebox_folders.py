"""Folders in the emulator: create, read, list with offset and marker paging, one case-insensitive name space per
folder across files and folders, and Box's per-user rate limits (429 + Retry-After)."""

from __future__ import annotations

import contextlib
import hashlib
import time
from typing import Any

import httpx
import pytest
from boxup_api.api.direct_uploads import upload_file
from boxup_api.api.files import get_file
from boxup_api.api.folders import create_folder, get_folder, list_folder_items
from boxup_api.models import CreateFolderBody, CreateFolderBodyParent, FolderFull, Items
from boxup_api.types import UNSET

from tests.fakebox import FakeBox
from tests.fakebox.calls import api_client, body_of, upload_client
from tests.test_fakebox_direct import new_file_body


def make_folder(box: FakeBox, name: str, parent: str = "0", token: str | None = None) -> httpx.Response:
    with api_client(box, token) as client:
        body = CreateFolderBody(name=name, parent=CreateFolderBodyParent(id=parent))
        response = create_folder.sync_detailed(client=client, body=body)
    return httpx.Response(int(response.status_code), headers=dict(response.headers), content=response.content)


def test_create_folder_answers_201_with_the_folder_under_its_parent(fakebox: FakeBox) -> None:
    with api_client(fakebox) as client:
        body = CreateFolderBody(name="Photos", parent=CreateFolderBodyParent(id="0"))
        created = create_folder.sync_detailed(client=client, body=body)
        assert int(created.status_code) == 201
        assert isinstance(created.parsed, FolderFull)
        folder_id = created.parsed.id
        read = get_folder.sync_detailed(folder_id, client=client)
    info = body_of(read)
    assert (info["type"], info["id"], info["name"], info["parent"]["id"]) == ("folder", folder_id, "Photos", "0")
    assert [f["id"] for f in info["path_collection"]["entries"]] == ["0"]


def test_the_root_folder_answers_with_a_null_parent_that_the_spec_and_the_client_accept(fakebox: FakeBox) -> None:
    """Box answers ``"parent": null`` for folder 0; the spec used to drop Box's nullable there, so the emulator's
    validator flagged the answer and the generated parser raised on it."""
    with api_client(fakebox) as client:
        read = get_folder.sync_detailed("0", client=client)
    assert int(read.status_code) == 200
    assert body_of(read)["parent"] is None
    assert isinstance(read.parsed, FolderFull)
    assert (read.parsed.id, read.parsed.parent) == ("0", None)
    assert fakebox.violations == []


def test_get_folder_of_an_unknown_id_answers_404(fakebox: FakeBox) -> None:
    with api_client(fakebox) as client:
        response = get_folder.sync_detailed("999", client=client)
    assert (int(response.status_code), body_of(response)["code"]) == (404, "not_found")


def test_create_folder_in_an_unknown_parent_answers_404(fakebox: FakeBox) -> None:
    assert make_folder(fakebox, "x", parent="999").status_code == 404


def test_a_second_create_of_the_same_name_in_any_case_answers_409_naming_the_existing_folder(fakebox: FakeBox) -> None:
    first = make_folder(fakebox, "Photos").json()
    again = make_folder(fakebox, "PHOTOS")
    assert again.status_code == 409
    error = again.json()
    assert error["code"] == "item_name_in_use"
    [conflict] = error["context_info"]["conflicts"]
    assert (conflict["type"], conflict["id"], conflict["name"]) == ("folder", first["id"], "Photos")


def test_the_same_name_in_another_parent_is_allowed(fakebox: FakeBox) -> None:
    parent = make_folder(fakebox, "a").json()["id"]
    assert make_folder(fakebox, "a", parent=parent).status_code == 201


def test_a_folder_named_like_a_file_answers_409_naming_the_file(fakebox: FakeBox) -> None:
    file_id = fakebox.add_file("Report.PDF", b"x")
    response = make_folder(fakebox, "report.pdf")
    assert response.status_code == 409
    [conflict] = response.json()["context_info"]["conflicts"]
    assert (conflict["type"], conflict["id"]) == ("file", file_id)


def test_a_file_upload_named_like_a_folder_answers_409_naming_the_folder(fakebox: FakeBox) -> None:
    folder_id = make_folder(fakebox, "Data").json()["id"]
    with upload_client(fakebox) as client:
        response = upload_file.sync_detailed(client=client, body=new_file_body("data"))
    assert int(response.status_code) == 409
    error = body_of(response)
    assert error["code"] == "item_name_in_use"
    assert (error["context_info"]["conflicts"]["type"], error["context_info"]["conflicts"]["id"]) == (
        "folder",
        folder_id,
    )


@pytest.mark.parametrize(
    ("name", "code"),
    [("", "item_name_invalid"), ("a/b", "item_name_invalid"), ("a\\b", "item_name_invalid"),
     (" lead", "item_name_invalid"), ("trail ", "item_name_invalid"), ("..", "item_name_invalid"),
     ("x" * 256, "item_name_too_long")],
)  # fmt: skip
def test_create_folder_refuses_names_box_refuses(fakebox: FakeBox, name: str, code: str) -> None:
    # The spec itself forbids an empty or over-long name, so the emulator also logs those requests as violations.
    expected = ("create_folder request",) if name == "" or len(name) > 255 else ()
    with fakebox.expect_violations(*expected) if expected else contextlib.nullcontext():
        response = make_folder(fakebox, name)
    assert (response.status_code, response.json()["code"]) == (400, code)


def fill_folder(box: FakeBox, folders: int, files: int) -> tuple[str, set[str]]:
    parent = box.add_folder("many")
    made = {box.add_folder(f"sub{i:02d}", parent) for i in range(folders)}
    made |= {box.add_file(f"f{i:02d}.txt", f"{i}".encode(), parent) for i in range(files)}
    return parent, made


def test_offset_paging_lists_every_child_once_folders_first(fakebox: FakeBox) -> None:
    parent, made = fill_folder(fakebox, 3, 8)
    seen: list[dict[str, Any]] = []
    with api_client(fakebox) as client:
        while True:
            page = list_folder_items.sync_detailed(parent, client=client, offset=len(seen), limit=4)
            assert isinstance(page.parsed, Items)
            body = body_of(page)
            assert body["total_count"] == 11
            seen += body["entries"]
            if len(seen) >= body["total_count"]:
                break
    assert {e["id"] for e in seen} == made
    assert len(seen) == 11
    assert [e["type"] for e in seen] == ["folder"] * 3 + ["file"] * 8
    assert seen[3]["sha1"] == hashlib.sha1(b"0").hexdigest()


def test_marker_paging_lists_every_child_once(fakebox: FakeBox) -> None:
    parent, made = fill_folder(fakebox, 2, 5)
    seen: list[dict[str, Any]] = []
    marker: str | None = None
    with api_client(fakebox) as client:
        for _ in range(10):
            page = list_folder_items.sync_detailed(
                parent, client=client, usemarker=True, marker=marker or UNSET, offset=UNSET, limit=3
            )
            body = body_of(page)
            assert "total_count" not in body
            seen += body["entries"]
            marker = body["next_marker"]
            if marker is None:
                break
    assert sorted(e["id"] for e in seen) == sorted(made)


def test_a_forged_marker_answers_400(fakebox: FakeBox) -> None:
    with api_client(fakebox) as client:
        page = list_folder_items.sync_detailed("0", client=client, usemarker=True, marker="nonsense", offset=UNSET)
    assert int(page.status_code) == 400


def test_listing_an_unknown_folder_answers_404(fakebox: FakeBox) -> None:
    with api_client(fakebox) as client:
        assert int(list_folder_items.sync_detailed("999", client=client).status_code) == 404


# --- rate limits ---


def user_token(box: FakeBox, user_id: str) -> str:
    form = {
        "grant_type": "client_credentials",
        "client_id": box.client_id,
        "client_secret": box.client_secret,
        "box_subject_type": "user",
        "box_subject_id": user_id,
    }
    return str(httpx.post(box.oauth_url, data=form).json()["access_token"])


def get_seed(box: FakeBox, token: str | None = None) -> httpx.Response:
    with api_client(box, token) as client:
        response = get_file.sync_detailed(box.seed_file_id, client=client)
    return httpx.Response(int(response.status_code), headers=dict(response.headers), content=response.content)


def test_the_api_rate_limit_answers_429_with_retry_after_once_a_user_has_used_it_up(fakebox: FakeBox) -> None:
    fakebox.configure(rate_limit_api=3, rate_limit_window=2.0)
    assert [get_seed(fakebox).status_code for _ in range(3)] == [200, 200, 200]
    refused = get_seed(fakebox)
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limit_exceeded"
    assert 1 <= int(refused.headers["retry-after"]) <= 2


def test_the_rate_limit_window_reopens_after_retry_after(fakebox: FakeBox) -> None:
    fakebox.configure(rate_limit_api=2, rate_limit_window=1.0)
    get_seed(fakebox), get_seed(fakebox)
    refused = get_seed(fakebox)
    assert refused.status_code == 429
    time.sleep(int(refused.headers["retry-after"]))
    assert get_seed(fakebox).status_code == 200


def test_rate_limits_are_per_user(fakebox: FakeBox) -> None:
    other = user_token(fakebox, "777")
    fakebox.configure(rate_limit_api=2, rate_limit_window=30.0)
    get_seed(fakebox), get_seed(fakebox)
    assert get_seed(fakebox).status_code == 429
    assert get_seed(fakebox, other).status_code != 429


def test_uploads_and_api_calls_are_limited_separately(fakebox: FakeBox) -> None:
    fakebox.configure(rate_limit_uploads=2, rate_limit_window=30.0)
    with upload_client(fakebox) as client:
        statuses = [
            int(upload_file.sync_detailed(client=client, body=new_file_body(f"n{i}.txt")).status_code) for i in range(3)
        ]
    assert statuses == [201, 201, 429]
    assert get_seed(fakebox).status_code == 200
    assert make_folder(fakebox, "still-fine").status_code == 201


def test_rate_limits_are_off_by_default(fakebox: FakeBox) -> None:
    assert {get_seed(fakebox).status_code for _ in range(30)} == {200}


def test_a_rate_limit_that_is_not_a_positive_integer_is_refused(fakebox: FakeBox) -> None:
    with pytest.raises(Exception, match="rate limits must be positive"):
        fakebox.configure(rate_limit_api=0)
