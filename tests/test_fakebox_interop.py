"""The official Box SDK (boxsdk 10.18, package box_sdk_gen), unchanged, against the emulator.

Runs only where boxsdk is installed (``pip install -e '.[bench]'``); its success is the evidence that the
emulator behaves like Box for a client nobody here wrote.
"""

from __future__ import annotations

import hashlib
import io
import os

import pytest

from tests.fakebox import FakeBox

box_sdk_gen = pytest.importorskip("box_sdk_gen")

pytestmark = pytest.mark.interop

MiB = 1024 * 1024
KiB = 1024


def sdk_client(box: FakeBox, auth: object | None = None) -> object:
    urls = box_sdk_gen.BaseUrls(
        base_url=box.base_url, upload_url=f"{box.base_url}/api", oauth_2_url=f"{box.base_url}/oauth2"
    )
    session = box_sdk_gen.NetworkSession(base_urls=urls)
    return box_sdk_gen.BoxClient(
        auth=auth or box_sdk_gen.BoxDeveloperTokenAuth(token=box.token), network_session=session
    )


def test_upload_big_file(fakebox: FakeBox) -> None:
    data = os.urandom(5 * 256 * KiB + 123)
    client = sdk_client(fakebox)
    entry = client.chunked_uploads.upload_big_file(io.BytesIO(data), "from-sdk.bin", len(data), "0")  # type: ignore[attr-defined]
    assert entry.name == "from-sdk.bin"
    assert entry.size == len(data)
    assert fakebox.file_sha1(entry.id) == hashlib.sha1(data).hexdigest()
    assert fakebox.count("commit_upload_session", 202) == 1


def test_upload_big_file_version_skips_what_the_server_holds(fakebox: FakeBox) -> None:
    old = fakebox.file_bytes("12345")
    new = old[: 2 * 256 * KiB] + os.urandom(256 * KiB) + old[3 * 256 * KiB :]
    client = sdk_client(fakebox)
    entry = client.chunked_uploads.upload_big_file_version("12345", io.BytesIO(new), len(new))  # type: ignore[attr-defined]
    assert entry is not None
    assert entry.id == "12345"
    assert fakebox.file_bytes("12345") == new
    assert fakebox.counters["bytes_in"]["upload_part"] == 256 * KiB
    assert fakebox.count("plan_upload_session", 200) == 4


def test_client_credentials_auth(fakebox: FakeBox) -> None:
    config = box_sdk_gen.CCGConfig(
        client_id=fakebox.client_id, client_secret=fakebox.client_secret, enterprise_id="1234"
    )
    client = sdk_client(fakebox, box_sdk_gen.BoxCCGAuth(config=config))
    data = os.urandom(MiB)
    entry = client.chunked_uploads.upload_big_file(io.BytesIO(data), "ccg.bin", len(data), "0")  # type: ignore[attr-defined]
    assert fakebox.file_sha1(entry.id) == hashlib.sha1(data).hexdigest()
    assert fakebox.count("request_access_token", 200) == 1


def test_direct_upload_and_new_version(fakebox: FakeBox) -> None:
    client = sdk_client(fakebox)
    data = b"direct bytes\n" * 100
    attributes = box_sdk_gen.UploadFileAttributes(
        name="direct.txt", parent=box_sdk_gen.UploadFileAttributesParentField(id="0")
    )
    files = client.uploads.upload_file(  # type: ignore[attr-defined]
        attributes, io.BytesIO(data), content_md_5=hashlib.sha1(data).hexdigest()
    )
    file_id = files.entries[0].id
    version = client.uploads.upload_file_version(  # type: ignore[attr-defined]
        file_id, box_sdk_gen.UploadFileVersionAttributes(name="direct.txt"), io.BytesIO(data[::-1])
    )
    assert version.entries[0].id == file_id
    assert fakebox.file_bytes(file_id) == data[::-1]
