"""The generated low-level client (generated/boxup_api) against httpx.MockTransport.

Every operation is called through its ``*_detailed`` entry point and checked for what goes over the wire (method,
URL, query, headers, body) and for how Box's documented responses come back. Where the generated code has a sharp
edge the wrapper must handle (non-JSON error bodies, non-IANA status codes, ``fields`` not joined by commas, a fixed
multipart boundary, redirects not followed), the test pins that behaviour so a generator upgrade that changes it
is noticed.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import io
import json
import random
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, cast
from urllib.parse import parse_qs

import httpx
import pytest
from boxup_api import Client
from boxup_api.api.auth import request_access_token
from boxup_api.api.direct_uploads import preflight_upload, upload_file, upload_file_version
from boxup_api.api.files import download_file, get_file
from boxup_api.api.folders import create_folder, get_folder, list_folder_items
from boxup_api.api.upload_sessions import (
    abort_upload_session,
    commit_upload_session,
    create_upload_session,
    create_version_upload_session,
    get_upload_session,
    list_upload_parts,
    plan_upload_session,
    upload_part,
)
from boxup_api.models import (
    AccessToken,
    ClientError,
    CommitUploadSessionBody,
    ConflictError,
    CreateFolderBody,
    CreateFolderBodyParent,
    CreateUploadSessionBody,
    CreateVersionUploadSessionBody,
    FileConflict,
    FileFull,
    Files,
    FileVersionMini,
    FolderMini,
    OAuth2Error,
    PartConflictError,
    PlanUploadSessionBody,
    PostOAuth2Token,
    PreflightUploadBody,
    PreflightUploadBodyParent,
    UploadAttributes,
    UploadedPart,
    UploadFileBody,
    UploadFileBodyAttributes,
    UploadFileBodyAttributesParent,
    UploadFileVersionBody,
    UploadFileVersionBodyAttributes,
    UploadPart,
    UploadParts,
    UploadPlan,
    UploadPlanPart,
    UploadSession,
    UploadUrl,
)
from boxup_api.types import UNSET, File, Response

from tests.generated_support import API, OAUTH, UPLOAD, PartSlice, Recorder, parse_multipart

SID = "F971964745A5CD0C001BBE4E58196BFD"
FILE_SIZE = 5_000_000_000  # beyond 2**32: sizes must stay 64-bit end to end
PART_SIZE = 8_388_608
PART = bytes(range(256)) * 40 + b"\r\n--not-a-boundary\r\n\x00\xff"  # binary, with CR/LF and NUL bytes
PART_OFFSET = 2 * PART_SIZE
PART_RANGE = f"bytes {PART_OFFSET}-{PART_OFFSET + len(PART) - 1}/{FILE_SIZE}"
PART_DIGEST = "sha=" + base64.b64encode(hashlib.sha1(PART).digest()).decode()
FILE_DIGEST = "sha=fpRyg5eVQletdZqEKaFlqwBXJzM="
SMALL_FILE = b"hello box\n" * 100
MODIFIED = dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC)
SHA1 = "85136c79cbf9fe36bb9d05d0639c70c265c18d37"

SESSION_JSON = {
    "type": "upload_session",
    "id": SID,
    "session_expires_at": "2024-05-08T12:30:00Z",
    "part_size": PART_SIZE,
    "total_parts": 597,
    "num_parts_processed": 0,
    "session_endpoints": {
        "upload_part": f"{UPLOAD}/files/upload_sessions/{SID}",
        "commit": f"{UPLOAD}/files/upload_sessions/{SID}/commit",
        "abort": f"{UPLOAD}/files/upload_sessions/{SID}",
        "list_parts": f"{UPLOAD}/files/upload_sessions/{SID}/parts",
        "status": f"{UPLOAD}/files/upload_sessions/{SID}",
        "log_event": f"{UPLOAD}/files/upload_sessions/{SID}/log",
        "plan": f"{UPLOAD}/files/upload_sessions/{SID}/plan",
    },
}
PART_JSON = {"part_id": "6F2D3486", "offset": PART_OFFSET, "size": len(PART), "sha1": hashlib.sha1(PART).hexdigest()}
COMMIT_PARTS = [
    UploadPart(part_id="BFDF5379", offset=0, size=PART_SIZE, sha1="a" * 40),
    UploadPart(part_id="6F2D3486", offset=PART_SIZE, size=PART_SIZE, sha1="b" * 40),
    UploadPart(part_id="00000001", offset=2 * PART_SIZE, size=1234, sha1="c" * 40),
]
FILE_FULL_JSON = {
    "type": "file",
    "id": "1234567890",
    "etag": "1",
    "sequence_id": "1",
    "name": "big.bin",
    "sha1": SHA1,
    "size": FILE_SIZE,
    "file_version": {"type": "file_version", "id": "987654321", "sha1": SHA1},
    "parent": {"type": "folder", "id": "0", "etag": None, "sequence_id": None, "name": "All Files"},
    "content_modified_at": "2024-05-01T05:30:00-07:00",
    "created_at": "2024-05-02T08:00:00Z",
    "item_status": "active",
    "version_number": "2",
    "extension": "bin",
    "permissions": {"can_download": True},  # trimmed from the spec: must survive untyped
}
FILES_JSON = {"total_count": 1, "entries": [FILE_FULL_JSON]}
HTML_502 = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"


# One call per operation, with every argument a user would pass. Each builds fresh payloads, so a call can be
# repeated (a BinaryIO payload is consumed by the request).


def call_create_session(client: Client) -> Response[Any]:
    body = CreateUploadSessionBody(folder_id="0", file_size=FILE_SIZE, file_name="big.bin")
    return create_upload_session.sync_detailed(client=client, body=body)


def call_create_version_session(client: Client) -> Response[Any]:
    body = CreateVersionUploadSessionBody(file_size=FILE_SIZE, file_name="renamed.bin")
    return create_version_upload_session.sync_detailed("1234567890", client=client, body=body)


def call_get_session(client: Client) -> Response[Any]:
    return get_upload_session.sync_detailed(SID, client=client)


def call_upload_part(client: Client) -> Response[Any]:
    return upload_part.sync_detailed(
        SID,
        client=client,
        body=File(payload=io.BytesIO(PART)),
        digest=PART_DIGEST,
        content_range=PART_RANGE,
        content_length=len(PART),
    )


def call_list_parts(client: Client) -> Response[Any]:
    return list_upload_parts.sync_detailed(SID, client=client, offset=1000, limit=1000)


def call_list_parts_defaults(client: Client) -> Response[Any]:
    return list_upload_parts.sync_detailed(SID, client=client)


def call_plan(client: Client) -> Response[Any]:
    parts = [
        UploadPlanPart(offset=0, size=PART_SIZE, sha512="a" * 128),
        UploadPlanPart(offset=PART_SIZE, size=PART_SIZE, sha512="b" * 128),
    ]
    return plan_upload_session.sync_detailed(SID, client=client, body=PlanUploadSessionBody(parts=parts))


def commit_body() -> CommitUploadSessionBody:
    return CommitUploadSessionBody(parts=list(COMMIT_PARTS), attributes=UploadAttributes(content_modified_at=MODIFIED))


def call_commit(client: Client) -> Response[Any]:
    return commit_upload_session.sync_detailed(SID, client=client, body=commit_body(), digest=FILE_DIGEST, if_match="7")


def call_commit_no_precondition(client: Client) -> Response[Any]:
    return commit_upload_session.sync_detailed(SID, client=client, body=commit_body(), digest=FILE_DIGEST)


def call_abort(client: Client) -> Response[Any]:
    return abort_upload_session.sync_detailed(SID, client=client)


def call_preflight(client: Client) -> Response[Any]:
    body = PreflightUploadBody(name="big.bin", size=FILE_SIZE, parent=PreflightUploadBodyParent(id="0"))
    return preflight_upload.sync_detailed(client=client, body=body)


def call_upload_file(client: Client) -> Response[Any]:
    attributes = UploadFileBodyAttributes(
        name="small.txt", parent=UploadFileBodyAttributesParent(id="0"), content_modified_at=MODIFIED
    )
    body = UploadFileBody(attributes=attributes, file=File(payload=io.BytesIO(SMALL_FILE), file_name="small.txt"))
    return upload_file.sync_detailed(client=client, body=body, content_md5=hashlib.sha1(SMALL_FILE).hexdigest())


def call_upload_file_version(client: Client) -> Response[Any]:
    attributes = UploadFileVersionBodyAttributes(content_modified_at=MODIFIED)
    body = UploadFileVersionBody(attributes=attributes, file=File(payload=io.BytesIO(SMALL_FILE), file_name="x"))
    return upload_file_version.sync_detailed(
        "1234567890", client=client, body=body, if_match="3", content_md5=hashlib.sha1(SMALL_FILE).hexdigest()
    )


def call_get_file(client: Client) -> Response[Any]:
    # `fields` is comma-separated on the wire (explode: false), but the generated code sends a list as repeated
    # parameters (see test_fields_list_is_sent_as_repeated_parameters), so the caller joins the names.
    return get_file.sync_detailed("1234567890", client=client, fields=["id,name,sha1,size"], if_none_match="5")


def call_download(client: Client) -> Response[Any]:
    return download_file.sync_detailed("1234567890", client=client, version="987654321", range_="bytes=0-99")


def call_create_folder(client: Client) -> Response[Any]:
    body = CreateFolderBody(name="photos", parent=CreateFolderBodyParent(id="0"))
    return create_folder.sync_detailed(client=client, body=body, fields=["id,name"])


def call_get_folder(client: Client) -> Response[Any]:
    return get_folder.sync_detailed("42", client=client, fields=["id,name"])


def call_list_folder_items_by_marker(client: Client) -> Response[Any]:
    # The generated default offset=0 goes out unless the caller unsets it; with markers it must not.
    return list_folder_items.sync_detailed(
        "42", client=client, fields=["id,name,sha1"], usemarker=True, marker="m1", offset=UNSET, limit=1000
    )


def call_token_client_credentials(client: Client) -> Response[Any]:
    body = PostOAuth2Token(
        grant_type="client_credentials",
        client_id="cid",
        client_secret="csecret",
        box_subject_type="enterprise",
        box_subject_id="424242",
    )
    return request_access_token.sync_detailed(client=client, body=body)


def call_token_refresh(client: Client) -> Response[Any]:
    body = PostOAuth2Token(grant_type="refresh_token", refresh_token="r1", client_id="cid", client_secret="csecret")
    return request_access_token.sync_detailed(client=client, body=body)


@dataclass(frozen=True)
class Operation:
    """What one call must put on the wire. ``json``/``form``/``raw`` is the body; multipart is checked separately."""

    call: Callable[[Client], Response[Any]]
    base_url: str
    method: str
    path: str
    query: list[tuple[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    absent_headers: tuple[str, ...] = ()
    json: Any = None
    form: dict[str, str] | None = None
    raw: bytes | None = None
    multipart: bool = False


SESSION_PATH = f"/files/upload_sessions/{SID}"
OPERATIONS: dict[str, Operation] = {
    "create_upload_session": Operation(
        call_create_session,
        UPLOAD,
        "POST",
        "/files/upload_sessions",
        headers={"content-type": "application/json"},
        json={"folder_id": "0", "file_size": FILE_SIZE, "file_name": "big.bin"},
    ),
    "create_version_upload_session": Operation(
        call_create_version_session,
        UPLOAD,
        "POST",
        "/files/1234567890/upload_sessions",
        headers={"content-type": "application/json"},
        json={"file_size": FILE_SIZE, "file_name": "renamed.bin"},
    ),
    "get_upload_session": Operation(call_get_session, UPLOAD, "GET", SESSION_PATH, raw=b""),
    "upload_part": Operation(
        call_upload_part,
        UPLOAD,
        "PUT",
        SESSION_PATH,
        headers={
            "digest": PART_DIGEST,
            "content-range": PART_RANGE,
            "content-length": str(len(PART)),
            "content-type": "application/octet-stream",
        },
        absent_headers=("transfer-encoding",),
        raw=PART,
    ),
    "list_upload_parts": Operation(
        call_list_parts, UPLOAD, "GET", f"{SESSION_PATH}/parts", query=[("offset", "1000"), ("limit", "1000")], raw=b""
    ),
    "list_upload_parts (defaults)": Operation(
        call_list_parts_defaults, UPLOAD, "GET", f"{SESSION_PATH}/parts", query=[("offset", "0")], raw=b""
    ),
    "plan_upload_session": Operation(
        call_plan,
        UPLOAD,
        "POST",
        f"{SESSION_PATH}/plan",
        headers={"content-type": "application/json"},
        json={
            "parts": [
                {"offset": 0, "size": PART_SIZE, "sha512": "a" * 128},
                {"offset": PART_SIZE, "size": PART_SIZE, "sha512": "b" * 128},
            ]
        },
    ),
    "commit_upload_session": Operation(
        call_commit,
        UPLOAD,
        "POST",
        f"{SESSION_PATH}/commit",
        headers={"digest": FILE_DIGEST, "if-match": "7", "content-type": "application/json"},
        absent_headers=("if-none-match",),
        json={
            "parts": [
                {"part_id": "BFDF5379", "offset": 0, "size": PART_SIZE, "sha1": "a" * 40},
                {"part_id": "6F2D3486", "offset": PART_SIZE, "size": PART_SIZE, "sha1": "b" * 40},
                {"part_id": "00000001", "offset": 2 * PART_SIZE, "size": 1234, "sha1": "c" * 40},
            ],
            "attributes": {"content_modified_at": "2024-05-01T12:30:00+00:00"},
        },
    ),
    "commit_upload_session (no precondition)": Operation(
        call_commit_no_precondition,
        UPLOAD,
        "POST",
        f"{SESSION_PATH}/commit",
        headers={"digest": FILE_DIGEST},
        absent_headers=("if-match", "if-none-match"),
        json=commit_body().to_dict(),
    ),
    "abort_upload_session": Operation(call_abort, UPLOAD, "DELETE", SESSION_PATH, raw=b""),
    "preflight_upload": Operation(
        call_preflight,
        API,
        "OPTIONS",
        "/files/content",
        headers={"content-type": "application/json"},
        json={"name": "big.bin", "size": FILE_SIZE, "parent": {"id": "0"}},
    ),
    "upload_file": Operation(
        call_upload_file,
        UPLOAD,
        "POST",
        "/files/content",
        headers={"content-md5": hashlib.sha1(SMALL_FILE).hexdigest()},
        multipart=True,
    ),
    "upload_file_version": Operation(
        call_upload_file_version,
        UPLOAD,
        "POST",
        "/files/1234567890/content",
        headers={"if-match": "3", "content-md5": hashlib.sha1(SMALL_FILE).hexdigest()},
        multipart=True,
    ),
    "get_file": Operation(
        call_get_file,
        API,
        "GET",
        "/files/1234567890",
        query=[("fields", "id,name,sha1,size")],
        headers={"if-none-match": "5"},
        raw=b"",
    ),
    "download_file": Operation(
        call_download,
        API,
        "GET",
        "/files/1234567890/content",
        query=[("version", "987654321")],
        headers={"range": "bytes=0-99"},
        raw=b"",
    ),
    "create_folder": Operation(
        call_create_folder,
        API,
        "POST",
        "/folders",
        query=[("fields", "id,name")],
        headers={"content-type": "application/json"},
        json={"name": "photos", "parent": {"id": "0"}},
    ),
    "get_folder": Operation(call_get_folder, API, "GET", "/folders/42", query=[("fields", "id,name")], raw=b""),
    "list_folder_items": Operation(
        call_list_folder_items_by_marker,
        API,
        "GET",
        "/folders/42/items",
        query=[("fields", "id,name,sha1"), ("usemarker", "true"), ("marker", "m1"), ("limit", "1000")],
        raw=b"",
    ),
    "request_access_token (client credentials)": Operation(
        call_token_client_credentials,
        OAUTH,
        "POST",
        "/oauth2/token",
        headers={"content-type": "application/x-www-form-urlencoded"},
        absent_headers=("authorization",),
        form={
            "grant_type": "client_credentials",
            "client_id": "cid",
            "client_secret": "csecret",
            "box_subject_type": "enterprise",
            "box_subject_id": "424242",
        },
    ),
    "request_access_token (refresh)": Operation(
        call_token_refresh,
        OAUTH,
        "POST",
        "/oauth2/token",
        headers={"content-type": "application/x-www-form-urlencoded"},
        form={"grant_type": "refresh_token", "refresh_token": "r1", "client_id": "cid", "client_secret": "csecret"},
    ),
}


def test_the_table_covers_every_generated_operation() -> None:
    api_dir = Path(create_upload_session.__file__).parents[1]
    generated = {p.stem for p in api_dir.glob("*/*.py") if p.stem != "__init__"}
    assert len(generated) == 17
    assert {name.split(" ")[0] for name in OPERATIONS} == generated


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_request_on_the_wire(name: str) -> None:
    op = OPERATIONS[name]
    recorder = Recorder(status=400, json={"type": "error", "status": 400, "code": "bad_request"})
    op.call(recorder.client(op.base_url))
    request = recorder.request

    assert request.method == op.method
    assert str(request.url.copy_with(query=None)) == op.base_url + op.path
    assert request.url.params.multi_items() == op.query
    for header, value in op.headers.items():
        assert request.headers.get(header) == value, header
    for header in op.absent_headers:
        assert header not in request.headers
    if op.json is not None:
        assert json.loads(request.content) == op.json
    if op.form is not None:
        assert {k: v for k, [v] in parse_qs(request.content.decode(), strict_parsing=True).items()} == op.form
    if op.raw is not None:
        assert request.content == op.raw
        assert int(request.headers.get("content-length", "0")) == len(op.raw)
    if op.multipart:
        assert request.headers["content-type"].startswith("multipart/form-data; boundary=")


def test_fields_list_is_sent_as_repeated_parameters() -> None:
    """The spec says `fields` is comma-separated (explode: false); the generated code ignores that.

    Box reads one comma-separated value, so the wrapper must pass ``fields=[",".join(names)]``.
    """
    recorder = Recorder(json=FILE_FULL_JSON)
    get_file.sync_detailed("1234567890", client=recorder.client(API), fields=["id", "name"])
    assert recorder.request.url.params.multi_items() == [("fields", "id"), ("fields", "name")]


# --- upload_part: the body is exactly the part, with a declared length and no chunked encoding ---


def assert_part_request(request: httpx.Request, expected: bytes) -> None:
    assert request.method == "PUT"
    assert request.content == expected
    assert request.headers["content-length"] == str(len(expected))
    assert "transfer-encoding" not in request.headers
    assert request.headers["content-type"] == "application/octet-stream"


def test_upload_part_streams_a_slice_of_a_file_with_its_declared_length(tmp_path: Path) -> None:
    data = random.Random(7).randbytes(400_000)
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    offset, size = 65_536 + 7, 150_001  # not aligned, and larger than httpx's 64 KiB read size
    expected = data[offset : offset + size]
    recorder = Recorder(json={"part": {**PART_JSON, "offset": offset, "size": size}})

    part = PartSlice(path, offset, size)
    try:
        response = upload_part.sync_detailed(
            SID,
            client=recorder.client(),
            body=File(payload=cast(BinaryIO, part)),
            digest="sha=" + base64.b64encode(hashlib.sha1(expected).digest()).decode(),
            content_range=f"bytes {offset}-{offset + size - 1}/{len(data)}",
            content_length=size,
        )
    finally:
        part.close()

    assert_part_request(recorder.request, expected)
    assert recorder.request.headers["content-range"] == f"bytes {offset}-{offset + size - 1}/{len(data)}"
    assert isinstance(response.parsed, UploadedPart)


def test_upload_part_with_a_plain_file_seeked_to_the_offset_sends_the_rest_of_the_file(tmp_path: Path) -> None:
    """Why the engine needs a slice: the declared Content-Length wins, but httpx reads a real file to EOF.

    A real connection would fail (h11 refuses more data than declared); the mock shows the oversized body.
    """
    data = random.Random(8).randbytes(100_000)
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    recorder = Recorder(json={"part": PART_JSON})
    with path.open("rb") as f:
        f.seek(30_000)
        upload_part.sync_detailed(
            SID,
            client=recorder.client(),
            body=File(payload=f),
            digest=PART_DIGEST,
            content_range=f"bytes 30000-39999/{len(data)}",
            content_length=10_000,
        )
    assert recorder.request.headers["content-length"] == "10000"
    assert recorder.request.content == data[30_000:]


def test_upload_part_async_streams_an_async_iterator_with_its_declared_length() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(PART), 1000):
            yield PART[start : start + 1000]

    async def run() -> tuple[Recorder, Response[Any]]:
        recorder = Recorder(json={"part": PART_JSON})
        async with recorder.client() as client:
            response = await upload_part.asyncio_detailed(
                SID,
                client=client,
                body=File(payload=cast(BinaryIO, chunks())),
                digest=PART_DIGEST,
                content_range=PART_RANGE,
                content_length=len(PART),
            )
        return recorder, response

    recorder, response = asyncio.run(run())
    assert_part_request(recorder.request, PART)
    assert recorder.request.headers["digest"] == PART_DIGEST
    assert recorder.request.headers["content-range"] == PART_RANGE
    assert isinstance(response.parsed, UploadedPart)
    assert response.parsed.part.to_dict() == PART_JSON


def test_commit_async_sends_the_same_request_and_parses_the_file() -> None:
    async def run() -> tuple[Recorder, Response[Any]]:
        recorder = Recorder(status=201, json=FILES_JSON)
        async with recorder.client() as client:
            response = await commit_upload_session.asyncio_detailed(
                SID, client=client, body=commit_body(), digest=FILE_DIGEST, if_match="7"
            )
        return recorder, response

    recorder, response = asyncio.run(run())
    request = recorder.request
    expected = OPERATIONS["commit_upload_session"]
    assert request.method == "POST"
    assert str(request.url) == f"{UPLOAD}/files/upload_sessions/{SID}/commit"
    assert request.headers["digest"] == FILE_DIGEST
    assert request.headers["if-match"] == "7"
    assert json.loads(request.content) == expected.json
    assert response.status_code == 201
    assert isinstance(response.parsed, Files)
    assert isinstance(response.parsed.entries[0], FileFull)
    assert response.parsed.entries[0].size == FILE_SIZE


# --- direct uploads: multipart/form-data with `attributes` before `file` ---


@pytest.mark.parametrize(
    ("name", "attributes", "file_name"),
    [
        (
            "upload_file",
            {"name": "small.txt", "parent": {"id": "0"}, "content_modified_at": MODIFIED.isoformat()},
            "small.txt",
        ),
        ("upload_file_version", {"content_modified_at": MODIFIED.isoformat()}, "x"),
    ],
)
def test_direct_upload_sends_attributes_then_file(name: str, attributes: dict[str, Any], file_name: str) -> None:
    recorder = Recorder(status=201 if name == "upload_file" else 200, json=FILES_JSON)
    response = OPERATIONS[name].call(recorder.client())
    request = recorder.request

    parts = parse_multipart(request.headers["content-type"], request.content)
    assert [p.name for p in parts] == ["attributes", "file"]
    assert json.loads(parts[0].data) == attributes
    assert parts[1].data == SMALL_FILE
    assert parts[0].headers["content-type"] == "application/json"
    assert f'filename="{file_name}"' in parts[1].headers["content-disposition"]
    assert request.headers["content-length"] == str(len(request.content))
    assert isinstance(response.parsed, Files)


def test_direct_upload_boundary_is_random_so_file_bytes_cannot_forge_a_part() -> None:
    """openapi-python-client's template pins `boundary=+++`; our post-hook removes that header so httpx picks a
    random boundary. A file whose bytes contain a CRLF--+++ line must arrive whole, as one part."""
    forged = b'head\r\n--+++\r\nContent-Disposition: form-data; name="evil"\r\n\r\ntail'
    recorder = Recorder(status=201, json=FILES_JSON)
    attributes = UploadFileBodyAttributes(name="a.txt", parent=UploadFileBodyAttributesParent(id="0"))
    body = UploadFileBody(attributes=attributes, file=File(payload=io.BytesIO(forged), file_name="a.txt"))
    upload_file.sync_detailed(client=recorder.client(), body=body)

    content_type = recorder.request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    assert content_type != "multipart/form-data; boundary=+++"
    parts = parse_multipart(content_type, recorder.request.content)
    assert [(p.name, p.data) for p in parts] == [("attributes", parts[0].data), ("file", forged)]


# --- responses: what the documented answers parse to ---


def test_create_session_201_is_an_upload_session_with_its_endpoints() -> None:
    for call in (call_create_session, call_create_version_session):
        response = call(Recorder(status=201, json=SESSION_JSON).client())
        session = response.parsed
        assert response.status_code == 201
        assert isinstance(session, UploadSession)
        assert session.id == SID
        assert session.part_size == PART_SIZE
        assert session.total_parts == 597
        assert session.num_parts_processed == 0
        assert session.session_expires_at == dt.datetime(2024, 5, 8, 12, 30, tzinfo=dt.UTC)
        endpoints = session.session_endpoints
        assert endpoints.to_dict() == SESSION_JSON["session_endpoints"]
        assert endpoints.plan == f"{UPLOAD}/files/upload_sessions/{SID}/plan"
        assert endpoints.upload_part == f"{UPLOAD}/files/upload_sessions/{SID}"


def test_get_session_200_reports_parts_processed() -> None:
    response = call_get_session(Recorder(json={**SESSION_JSON, "num_parts_processed": 596}).client())
    assert isinstance(response.parsed, UploadSession)
    assert response.parsed.num_parts_processed == 596


def test_upload_part_200_is_an_uploaded_part() -> None:
    response = call_upload_part(Recorder(json={"part": PART_JSON}).client())
    assert response.status_code == 200
    assert isinstance(response.parsed, UploadedPart)
    part = response.parsed.part
    assert (part.part_id, part.offset, part.size, part.sha1) == (
        "6F2D3486",
        PART_OFFSET,
        len(PART),
        hashlib.sha1(PART).hexdigest(),
    )


def test_upload_part_416_carries_the_conflicting_part() -> None:
    body = {
        "type": "error",
        "status": 416,
        "code": "range_overlaps_existing_part",
        "message": "Part overlaps with previously uploaded part",
        "context_info": {"conflicting_part": PART_JSON},
        "request_id": "req-416",
    }
    response = call_upload_part(Recorder(status=416, json=body).client())
    error = response.parsed
    assert response.status_code == 416
    assert isinstance(error, PartConflictError)
    assert error.code == "range_overlaps_existing_part"
    assert isinstance(error.context_info.conflicting_part, UploadPart)
    assert error.context_info.conflicting_part.to_dict() == PART_JSON


def test_list_parts_200_is_upload_parts() -> None:
    body = {
        "total_count": 597,
        "limit": 1000,
        "offset": 0,
        "order": [{"by": "part_id", "direction": "ASC"}],
        "entries": [PART_JSON, {**PART_JSON, "part_id": "6F2D3487", "offset": PART_OFFSET + PART_SIZE}],
    }
    response = call_list_parts(Recorder(json=body).client())
    parts = response.parsed
    assert isinstance(parts, UploadParts)
    assert (parts.total_count, parts.limit, parts.offset) == (597, 1000, 0)
    assert [type(e) for e in parts.entries] == [UploadPart, UploadPart]
    assert [e.part_id for e in parts.entries] == ["6F2D3486", "6F2D3487"]
    assert parts.order[0].direction == "ASC"


def test_plan_200_is_hits_and_misses() -> None:
    body = {
        "upload_session_id": SID,
        "hits": [{"offset": 0, "size": PART_SIZE, "sha512": "a" * 128, "part_id": "BFDF5379"}],
        "misses": [{"offset": PART_SIZE, "size": PART_SIZE, "sha512": "b" * 128}],
    }
    response = call_plan(Recorder(json=body).client())
    plan = response.parsed
    assert isinstance(plan, UploadPlan)
    assert plan.upload_session_id == SID
    assert [(h.offset, h.part_id) for h in plan.hits] == [(0, "BFDF5379")]
    assert [(m.offset, m.size, m.sha512) for m in plan.misses] == [(PART_SIZE, PART_SIZE, "b" * 128)]


def test_commit_201_is_the_new_file() -> None:
    response = call_commit(Recorder(status=201, json=FILES_JSON).client())
    assert response.status_code == 201
    files = response.parsed
    assert isinstance(files, Files)
    assert files.total_count == 1
    file = files.entries[0]
    assert isinstance(file, FileFull)
    assert (file.id, file.type_, file.name, file.etag, file.sequence_id) == ("1234567890", "file", "big.bin", "1", "1")
    assert file.size == FILE_SIZE
    assert file.sha1 == SHA1
    assert file.file_version == FileVersionMini(id="987654321", type_="file_version", sha1=SHA1)
    assert isinstance(file.parent, FolderMini)
    assert (file.parent.id, file.parent.name, file.parent.etag) == ("0", "All Files", None)
    assert file.content_modified_at == MODIFIED
    assert file.content_modified_at.utcoffset() == dt.timedelta(hours=-7)
    assert file.created_at.tzinfo is not None
    assert file.version_number == "2"
    assert file.additional_properties == {"permissions": {"can_download": True}}


def test_commit_202_parses_to_none_with_a_readable_retry_after() -> None:
    response = call_commit(Recorder(status=202, headers={"Retry-After": "5"}).client())
    assert response.status_code == 202
    assert response.parsed is None
    assert response.content == b""
    assert response.headers["retry-after"] == "5"


CONFLICT_JSON = {
    "type": "error",
    "status": 409,
    "code": "item_name_in_use",
    "message": "Item with the same name already exists",
    "context_info": {
        "conflicts": {
            "type": "file",
            "id": "1234567890",
            "etag": "1",
            "sha1": SHA1,
            "name": "big.bin",
            "file_version": {"type": "file_version", "id": "987654321", "sha1": SHA1},
        }
    },
    "help_url": "http://developers.box.com/docs/#errors",
    "request_id": "abcdef123456",
}


@pytest.mark.parametrize(
    ("name", "status", "body", "headers", "model"),
    [
        ("create_upload_session", 409, CONFLICT_JSON, {}, ConflictError),
        ("commit_upload_session", 409, CONFLICT_JSON, {}, ConflictError),
        ("upload_file", 409, CONFLICT_JSON, {}, ConflictError),
        (
            "create_upload_session",
            400,
            {"type": "error", "status": 400, "code": "file_size_too_small", "message": "File size is too small"},
            {},
            ClientError,
        ),
        (
            "upload_part",
            400,
            {
                "type": "error",
                "status": 400,
                "code": "some_new_code",
                "message": "A code Box added after the spec",
                "context_info": {"detail": {"anything": [1, 2]}},
                "request_id": "r1",
            },
            {},
            ClientError,
        ),
        (
            "upload_part",
            410,
            {"type": "error", "status": 410, "code": "session_expired", "message": "Session expired"},
            {},
            ClientError,
        ),
        (
            "commit_upload_session",
            412,
            {"type": "error", "status": 412, "code": "precondition_failed", "message": "etag mismatch"},
            {},
            ClientError,
        ),
        (
            "upload_part",
            429,
            {"type": "error", "status": 429, "code": "rate_limit_exceeded", "message": "Request rate limit exceeded"},
            {"Retry-After": "3"},
            ClientError,
        ),
        (
            "get_upload_session",
            404,
            {"type": "error", "status": 404, "code": "not_found", "message": "Not Found"},
            {},
            ClientError,
        ),
    ],
)
def test_box_errors_parse_with_their_code_and_body_intact(
    name: str, status: int, body: dict[str, Any], headers: dict[str, str], model: type
) -> None:
    op = OPERATIONS[name]
    response = op.call(Recorder(status=status, json=body, headers=headers).client(op.base_url))
    assert response.status_code == status
    assert type(response.parsed) is model
    assert response.parsed.code == body["code"]
    assert response.parsed.to_dict() == body  # nothing dropped, nothing invented
    for header, value in headers.items():
        assert response.headers[header] == value


def test_conflict_carries_the_existing_file_as_an_object() -> None:
    response = call_commit(Recorder(status=409, json=CONFLICT_JSON).client())
    assert isinstance(response.parsed, ConflictError)
    conflict = response.parsed.context_info.conflicts
    assert isinstance(conflict, FileConflict)
    assert (conflict.id, conflict.etag, conflict.sha1) == ("1234567890", "1", SHA1)


@pytest.mark.parametrize(
    ("conflict", "exception"),
    [(CONFLICT_JSON["context_info"]["conflicts"], ValueError), ({"type": "file", "id": "1"}, KeyError)],
    ids=["full-entry", "two-key-entry"],
)
def test_conflicts_as_an_array_raise_instead_of_parsing(conflict: dict[str, Any], exception: type) -> None:
    """The spec's folder-style shape (an array) does not fit the corrected model: ``FileConflict.from_dict`` calls
    ``dict()`` on the list, which raises ValueError, or KeyError when the entry happens to have two keys."""
    body = {**CONFLICT_JSON, "context_info": {"conflicts": [conflict]}}
    with pytest.raises(exception):
        call_commit(Recorder(status=409, json=body).client())


def test_abort_204_is_empty() -> None:
    response = call_abort(Recorder(status=204).client())
    assert response.status_code == 204
    assert response.parsed is None
    assert response.content == b""


def test_preflight_200_is_an_upload_url() -> None:
    body = {
        "upload_url": "https://upload-las.app.box.com/api/2.0/files/content?upload_session_id=1234",
        "upload_token": "Pc3FIOG9vSGV4VHJpZGRsZSBFVmFsdWU=",
    }
    response = call_preflight(Recorder(json=body).client(API))
    assert isinstance(response.parsed, UploadUrl)
    assert response.parsed.upload_url == body["upload_url"]
    assert response.parsed.upload_token == body["upload_token"]


def test_token_200_is_an_access_token() -> None:
    body = {
        "access_token": "T9cE5asGnuyYCCqIZFoWjFHvNbvVqHjl",
        "expires_in": 4123,
        "token_type": "bearer",
        "restricted_to": [],
        "issued_token_type": "urn:ietf:params:oauth:token-type:access_token",
    }
    response = call_token_client_credentials(Recorder(json=body).client(OAUTH))
    token = response.parsed
    assert isinstance(token, AccessToken)
    assert (token.access_token, token.expires_in, token.token_type) == (body["access_token"], 4123, "bearer")
    assert token.restricted_to == []


def test_token_400_is_an_oauth2_error() -> None:
    body = {"error": "invalid_grant", "error_description": "Grant credentials are invalid"}
    response = call_token_refresh(Recorder(status=400, json=body).client(OAUTH))
    assert response.status_code == 400
    assert isinstance(response.parsed, OAuth2Error)
    assert (response.parsed.error, response.parsed.error_description) == ("invalid_grant", body["error_description"])


def test_get_file_200_is_a_file_full() -> None:
    response = call_get_file(Recorder(json=FILE_FULL_JSON).client(API))
    assert isinstance(response.parsed, FileFull)
    assert (response.parsed.id, response.parsed.size, response.parsed.sha1) == ("1234567890", FILE_SIZE, SHA1)


def test_download_200_returns_the_bytes() -> None:
    data = random.Random(9).randbytes(5000)
    response = call_download(Recorder(content=data, headers={"content-type": "application/octet-stream"}).client(API))
    assert response.status_code == 200
    assert response.content == data
    assert response.parsed.payload.read() == data


def test_download_302_is_not_followed() -> None:
    """Box answers a download with a redirect to its CDN; the generated client does not follow it by default."""
    location = "https://dl.boxcloud.com/d/1/abc/download"
    recorder = Recorder(status=302, headers={"Location": location})
    response = call_download(recorder.client(API))
    assert len(recorder.requests) == 1
    assert response.status_code == 302
    assert response.parsed is None
    assert response.headers["location"] == location


# --- what the generated parser does with answers it cannot parse (the wrapper must catch these) ---


@pytest.mark.parametrize("name", list(OPERATIONS))
@pytest.mark.parametrize(
    ("status", "content", "headers"),
    [(502, HTML_502, {"content-type": "text/html"}), (503, b"", {"Retry-After": "10"})],
    ids=["html-502", "empty-503"],
)
def test_a_non_json_error_body_raises_json_decode_error(
    name: str, status: int, content: bytes, headers: dict[str, str]
) -> None:
    op = OPERATIONS[name]
    with pytest.raises(json.JSONDecodeError):
        op.call(Recorder(status=status, content=content, headers=headers).client(op.base_url))


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_a_non_iana_status_raises_value_error(name: str) -> None:
    op = OPERATIONS[name]
    body = {"type": "error", "status": 520, "code": "unknown"}
    with pytest.raises(ValueError, match="520 is not a valid HTTPStatus"):
        op.call(Recorder(status=520, json=body).client(op.base_url))


def test_commit_keeps_the_callers_part_order() -> None:
    """The client sends parts exactly as given; sorting them by offset is the engine's job."""
    shuffled = [COMMIT_PARTS[2], COMMIT_PARTS[0], COMMIT_PARTS[1]]
    recorder = Recorder(status=201, json=FILES_JSON)
    commit_upload_session.sync_detailed(
        SID, client=recorder.client(), body=CommitUploadSessionBody(parts=shuffled), digest=FILE_DIGEST
    )
    sent = json.loads(recorder.request.content)
    assert [p["offset"] for p in sent["parts"]] == [2 * PART_SIZE, 0, PART_SIZE]
    assert "attributes" not in sent
