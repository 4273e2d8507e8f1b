"""Short helpers over the generated client (boxup_api) for the emulator's own tests and the demo.

They send exactly what they are told, so a test can make any single header or field wrong.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from typing import Any

import httpx
from boxup_api import AuthenticatedClient, Client
from boxup_api.api.upload_sessions import (
    commit_upload_session,
    create_upload_session,
    create_version_upload_session,
    upload_part,
)
from boxup_api.models import (
    CommitUploadSessionBody,
    CreateUploadSessionBody,
    CreateVersionUploadSessionBody,
    UploadAttributes,
    UploadPart,
)
from boxup_api.types import UNSET, File, Response, Unset

from .handle import FakeBox

TIMEOUT = httpx.Timeout(30.0)


def upload_client(box: FakeBox, token: str | None = None) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=box.upload_url, token=token or box.token, timeout=TIMEOUT)


def api_client(box: FakeBox, token: str | None = None) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=box.api_url, token=token or box.token, timeout=TIMEOUT)


def anonymous_client(base_url: str) -> Client:
    return Client(base_url=base_url, timeout=TIMEOUT)


def sha_header(data: bytes) -> str:
    return "sha=" + base64.b64encode(hashlib.sha1(data).digest()).decode()


def sha512_hex(data: bytes) -> str:
    return hashlib.sha512(data).hexdigest()


def body_of(response: Response[Any]) -> Any:
    return json.loads(response.content) if response.content else None


def new_session(client: AuthenticatedClient, size: int, name: str = "big.bin", folder_id: str = "0") -> Response[Any]:
    body = CreateUploadSessionBody(folder_id=folder_id, file_size=size, file_name=name)
    return create_upload_session.sync_detailed(client=client, body=body)


def version_session(client: AuthenticatedClient, file_id: str, size: int, name: str | Unset = UNSET) -> Response[Any]:
    body = CreateVersionUploadSessionBody(file_size=size, file_name=name)
    return create_version_upload_session.sync_detailed(file_id, client=client, body=body)


def session_id_of(response: Response[Any]) -> str:
    assert int(response.status_code) == 201, response.content
    return str(body_of(response)["id"])


def put_part(
    client: AuthenticatedClient,
    session_id: str,
    data: bytes,
    offset: int,
    total: int,
    *,
    digest: str | None = None,
    content_range: str | None = None,
    content_length: int | None = None,
) -> Response[Any]:
    return upload_part.sync_detailed(
        session_id,
        client=client,
        body=File(payload=io.BytesIO(data)),
        digest=digest if digest is not None else sha_header(data),
        content_range=content_range or f"bytes {offset}-{offset + len(data) - 1}/{total}",
        content_length=len(data) if content_length is None else content_length,
    )


def put_all(
    client: AuthenticatedClient, session_id: str, data: bytes, part_size: int, *, skip: frozenset[int] = frozenset()
) -> list[dict[str, Any]]:
    """Upload every part in order (but those at the offsets in ``skip``); returns the server's part records."""
    records = []
    for offset in range(0, len(data), part_size):
        if offset in skip:
            continue
        response = put_part(client, session_id, data[offset : offset + part_size], offset, len(data))
        assert int(response.status_code) == 200, response.content
        records.append(body_of(response)["part"])
    return records


def commit(
    client: AuthenticatedClient,
    session_id: str,
    parts: list[dict[str, Any]],
    data: bytes,
    *,
    digest: str | None = None,
    attributes: dict[str, Any] | None = None,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any]:
    body = CommitUploadSessionBody(
        parts=[UploadPart.from_dict(p) for p in parts],
        attributes=UploadAttributes.from_dict(attributes) if attributes is not None else UNSET,
    )
    return commit_upload_session.sync_detailed(
        session_id,
        client=client,
        body=body,
        digest=digest if digest is not None else sha_header(data),
        if_match=if_match,
        if_none_match=if_none_match,
    )


def commit_until_done(client: AuthenticatedClient, session_id: str, parts: list[dict[str, Any]], data: bytes,
                      **kwargs: Any) -> Response[Any]:  # fmt: skip
    """Commit, repeating while the server answers 202 (the tests keep Retry-After at 0)."""
    for _ in range(10):
        response = commit(client, session_id, parts, data, **kwargs)
        if int(response.status_code) != 202:
            return response
    raise AssertionError("commit still 202 after 10 attempts")
