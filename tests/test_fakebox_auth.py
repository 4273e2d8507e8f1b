"""Bearer tokens on every call, client-credentials tokens that expire, and single-use rotating refresh tokens."""

from __future__ import annotations

import time

import pytest
from boxup_api.api.auth import request_access_token
from boxup_api.api.files import get_file
from boxup_api.models import PostOAuth2Token

from tests.fakebox import FakeBox
from tests.fakebox.calls import anonymous_client, api_client, body_of


def grant(box: FakeBox, **form: str) -> tuple[int, dict[str, object]]:
    with anonymous_client(box.base_url) as client:
        response = request_access_token.sync_detailed(client=client, body=PostOAuth2Token(**form))
    return int(response.status_code), body_of(response)


def ccg(box: FakeBox, **extra: str) -> tuple[int, dict[str, object]]:
    form = {
        "grant_type": "client_credentials",
        "client_id": box.client_id,
        "client_secret": box.client_secret,
        "box_subject_type": "enterprise",
        "box_subject_id": "1234",
    }
    return grant(box, **{**form, **extra})


def file_status(box: FakeBox, token: str) -> int:
    with api_client(box, token=token) as api:
        return int(get_file.sync_detailed("12345", client=api).status_code)


def test_client_credentials_issue_a_working_token(fakebox: FakeBox) -> None:
    status, body = ccg(fakebox)
    assert status == 200
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert "refresh_token" not in body
    assert file_status(fakebox, str(body["access_token"])) == 200


def test_a_token_expires_after_its_lifetime(fakebox: FakeBox) -> None:
    fakebox.configure(token_lifetime=0.5)
    _status, body = ccg(fakebox)
    token = str(body["access_token"])
    assert body["expires_in"] == 1
    assert file_status(fakebox, token) == 200
    time.sleep(0.6)
    with api_client(fakebox, token=token) as api:
        response = get_file.sync_detailed("12345", client=api)
    assert (int(response.status_code), body_of(response)["code"]) == (401, "unauthorized")
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_expire_tokens_through_the_handle(fakebox: FakeBox) -> None:
    token = str(ccg(fakebox)[1]["access_token"])
    fakebox.expire_tokens()
    assert file_status(fakebox, token) == 401
    assert file_status(fakebox, fakebox.token) == 200


def test_the_empty_401_body_box_sends_is_a_setting(fakebox: FakeBox) -> None:
    fakebox.configure(unauthorized_body="empty")
    with api_client(fakebox, token="nope") as api:
        response = api.get_httpx_client().get("/files/12345")
    assert (response.status_code, response.content) == (401, b"")


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"client_secret": "wrong"}, "invalid_grant"),
        ({"client_id": "someone"}, "invalid_grant"),
        ({"box_subject_type": "group"}, "invalid_request"),
        ({"box_subject_id": "me"}, "invalid_grant"),
        ({"grant_type": "password"}, "unsupported_grant_type"),
    ],
)
def test_bad_grants(fakebox: FakeBox, change: dict[str, str], error: str) -> None:
    status, body = ccg(fakebox, **change)
    assert (status, body["error"]) == (400, error)
    assert body["error_description"]


def test_refresh_tokens_rotate_and_are_single_use(fakebox: FakeBox) -> None:
    status, first = grant(
        fakebox,
        grant_type="authorization_code",
        code="fakebox-code",
        client_id=fakebox.client_id,
        client_secret=fakebox.client_secret,
    )
    assert status == 200
    refresh = {"grant_type": "refresh_token", "client_id": fakebox.client_id, "client_secret": fakebox.client_secret}
    status, second = grant(fakebox, **refresh, refresh_token=str(first["refresh_token"]))
    assert status == 200
    assert second["refresh_token"] != first["refresh_token"]
    assert file_status(fakebox, str(second["access_token"])) == 200
    status, reused = grant(fakebox, **refresh, refresh_token=str(first["refresh_token"]))
    assert (status, reused["error"]) == (400, "invalid_grant")


def test_every_api_call_needs_a_bearer_token(fakebox: FakeBox) -> None:
    with anonymous_client(fakebox.api_url) as client, fakebox.expect_violations("get_file request", "Authorization"):
        response = get_file.sync_detailed("12345", client=client)
    assert (int(response.status_code), body_of(response)["code"]) == (401, "unauthorized")
    assert fakebox.requests[-1]["authorization"] is False
    assert fakebox.counters["requests_without_authorization"] == 1
    assert file_status(fakebox, "not-a-token") == 401
