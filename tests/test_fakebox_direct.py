"""Direct uploads (multipart, attributes first), new versions, preflight, and reading files back."""

from __future__ import annotations

import hashlib
import io

from boxup_api.api.direct_uploads import preflight_upload, upload_file, upload_file_version
from boxup_api.api.files import download_file, get_file
from boxup_api.models import (
    PreflightUploadBody,
    PreflightUploadBodyParent,
    UploadFileBody,
    UploadFileBodyAttributes,
    UploadFileBodyAttributesParent,
    UploadFileVersionBody,
    UploadFileVersionBodyAttributes,
)
from boxup_api.types import File

from tests.fakebox import FakeBox
from tests.fakebox.calls import api_client, body_of, upload_client

CONTENT = b"small file content\n" * 1000


def new_file_body(name: str = "notes.txt", parent: str = "0", data: bytes = CONTENT) -> UploadFileBody:
    attributes = UploadFileBodyAttributes(name=name, parent=UploadFileBodyAttributesParent(id=parent))
    return UploadFileBody(attributes=attributes, file=File(payload=io.BytesIO(data), file_name=name))


def test_direct_upload_creates_a_file(fakebox: FakeBox) -> None:
    with upload_client(fakebox) as client:
        response = upload_file.sync_detailed(
            client=client, body=new_file_body(), content_md5=hashlib.sha1(CONTENT).hexdigest()
        )
    assert int(response.status_code) == 201
    entry = body_of(response)["entries"][0]
    assert (entry["name"], entry["size"], entry["sha1"]) == (
        "notes.txt",
        len(CONTENT),
        hashlib.sha1(CONTENT).hexdigest(),
    )
    assert fakebox.file_bytes(entry["id"]) == CONTENT


def test_fields_limit_the_answer(fakebox: FakeBox) -> None:
    with upload_client(fakebox) as client:
        response = upload_file.sync_detailed(client=client, body=new_file_body(), fields=["name,size"])
        # The generated client sends a list as fields=a&fields=b, but the spec says explode: false.
        with fakebox.expect_violations("upload_file request", "query parameter 'fields'"):
            exploded = upload_file.sync_detailed(client=client, body=new_file_body("b.txt"), fields=["name", "size"])
    assert set(body_of(response)["entries"][0]) == {"type", "id", "etag", "name", "size"}
    assert set(body_of(exploded)["entries"][0]) == {"type", "id", "etag", "name", "size"}


def test_attributes_after_the_file_are_refused(fakebox: FakeBox) -> None:
    body = new_file_body()
    with upload_client(fakebox) as client:
        response = client.get_httpx_client().post("/files/content", files=body.to_multipart()[::-1])
    assert (response.status_code, response.json()["code"]) == (400, "metadata_after_file_contents")
    assert not [s for s in fakebox.requests if s["operation"] == "upload_file" and s["status"] == 201]


def test_a_wrong_content_md5_is_bad_digest(fakebox: FakeBox) -> None:
    with upload_client(fakebox) as client:
        response = upload_file.sync_detailed(client=client, body=new_file_body(), content_md5="0" * 40)
    assert (int(response.status_code), body_of(response)["code"]) == (400, "bad_digest")


def test_direct_upload_name_rules(fakebox: FakeBox) -> None:
    with upload_client(fakebox) as client:
        taken = upload_file.sync_detailed(client=client, body=new_file_body(name="project.MOV"))
        missing = upload_file.sync_detailed(client=client, body=new_file_body(parent="4242"))
        bad = upload_file.sync_detailed(client=client, body=new_file_body(name="a\\b"))
    assert (int(taken.status_code), body_of(taken)["code"]) == (409, "item_name_in_use")
    assert body_of(taken)["context_info"]["conflicts"]["id"] == "12345"
    assert (int(missing.status_code), body_of(missing)["code"]) == (404, "not_found")
    assert (int(bad.status_code), body_of(bad)["code"]) == (400, "item_name_invalid")


def test_a_spec_violating_attributes_part_is_noticed(fakebox: FakeBox) -> None:
    with upload_client(fakebox) as client, fakebox.expect_violations("upload_file request", "parent.id"):
        response = client.get_httpx_client().post(
            "/files/content",
            files=[
                ("attributes", (None, b'{"name": "x.txt", "parent": {"id": 0}}', "application/json")),
                ("file", ("x.txt", b"abc", "application/octet-stream")),
            ],
        )
    assert (response.status_code, response.json()["code"]) == (400, "bad_request")


def test_new_version_by_direct_upload(fakebox: FakeBox) -> None:
    etag = fakebox.file_info("12345")["etag"]

    def body() -> UploadFileVersionBody:
        return UploadFileVersionBody(
            attributes=UploadFileVersionBodyAttributes(), file=File(payload=io.BytesIO(CONTENT))
        )

    with upload_client(fakebox) as client:
        stale = upload_file_version.sync_detailed("12345", client=client, body=body(), if_match="99")
        fresh = upload_file_version.sync_detailed("12345", client=client, body=body(), if_match=etag)
    assert (int(stale.status_code), body_of(stale)["code"]) == (412, "precondition_failed")
    assert int(fresh.status_code) == 200
    entry = body_of(fresh)["entries"][0]
    assert (entry["id"], entry["name"], entry["size"]) == ("12345", "Project.mov", len(CONTENT))
    assert fakebox.file_bytes("12345") == CONTENT


def test_preflight(fakebox: FakeBox) -> None:
    def ask(name: str, folder: str = "0") -> tuple[int, dict[str, object]]:
        body = PreflightUploadBody(name=name, size=3 * 1024**3, parent=PreflightUploadBodyParent(id=folder))
        response = preflight_upload.sync_detailed(client=api, body=body)
        return int(response.status_code), body_of(response)

    with api_client(fakebox) as api:
        ok = ask("fresh.bin")
        conflict = ask("Project.mov")
        missing = ask("fresh.bin", "31337")
    assert ok[0] == 200
    assert str(ok[1]["upload_url"]).startswith(f"{fakebox.upload_url}/files/content")
    assert ok[1]["upload_token"]
    assert (conflict[0], conflict[1]["code"]) == (409, "item_name_in_use")
    assert (missing[0], missing[1]["code"]) == (404, "not_found")


def test_get_file_and_download(fakebox: FakeBox) -> None:
    with api_client(fakebox) as api:
        details = get_file.sync_detailed("12345", client=api)
        same = get_file.sync_detailed("12345", client=api, if_none_match=body_of(details)["etag"])
        content = download_file.sync_detailed("12345", client=api)
        missing = get_file.sync_detailed("404404", client=api)
    entry = body_of(details)
    assert int(details.status_code) == 200
    for field in ("id", "type", "name", "size", "sha1", "etag", "sequence_id", "file_version", "parent",
                  "content_modified_at", "created_at", "modified_at"):  # fmt: skip
        assert field in entry
    assert int(same.status_code) == 304
    assert int(content.status_code) == 200
    assert hashlib.sha1(content.content).hexdigest() == entry["sha1"] == fakebox.file_sha1("12345")
    assert (int(missing.status_code), body_of(missing)["code"]) == (404, "not_found")


def test_direct_uploads_are_limited_in_size(fakebox: FakeBox) -> None:
    fakebox.configure(direct_upload_max_size=len(CONTENT) - 1)
    with upload_client(fakebox) as client:
        response = upload_file.sync_detailed(client=client, body=new_file_body())
    assert (int(response.status_code), body_of(response)["code"]) == (413, "request_entity_too_large")
