"""The emulator's JWT grant refuses each bad assertion the way Box does (invalid_grant and Box's texts)."""

from __future__ import annotations

import secrets
import time
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from tests.fakebox.handle import FakeBox
from tests.fakebox.identity import ENTERPRISE_ID, JWT_GRANT, MANAGED_USERS

PASSPHRASE = "fakebox-pass"


def _assertion(fakebox: FakeBox, *, kid: str | None = None, **overrides: Any) -> tuple[dict[str, Any], str]:
    config = fakebox.jwt_config(passphrase=PASSPHRASE)["boxAppSettings"]
    key = serialization.load_pem_private_key(config["appAuth"]["privateKey"].encode(), PASSPHRASE.encode())
    claims: dict[str, Any] = {
        "iss": config["clientID"],
        "sub": ENTERPRISE_ID,
        "box_sub_type": "enterprise",
        "aud": fakebox.oauth_url,
        "jti": secrets.token_hex(16),
        "exp": int(time.time()) + 30,
    }
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid or config["appAuth"]["publicKeyID"]})
    return config, token


def _grant(fakebox: FakeBox, config: dict[str, Any], assertion: str) -> httpx.Response:
    form = {"grant_type": JWT_GRANT, "client_id": config["clientID"], "client_secret": config["clientSecret"],
            "assertion": assertion}  # fmt: skip
    return httpx.post(fakebox.oauth_url, data=form, headers={"As-User": MANAGED_USERS[0].id})


def test_a_good_assertion_gets_a_token_and_a_date_header(fakebox: FakeBox) -> None:
    answer = _grant(fakebox, *_assertion(fakebox))
    assert answer.status_code == 200  # As-User on the token request is ignored
    assert answer.json()["access_token"]
    assert answer.headers["date"].endswith("GMT")


@pytest.mark.parametrize(
    ("overrides", "text"),
    [
        ({"exp_in": 120}, "exceeds the maximum value of 60 seconds"),
        ({"exp_in": -5}, "MUST be before the expiration"),
        ({"aud": "https://api.box.com/oauth2/token"}, "'aud' claim"),
        ({"iss": "someone-else"}, "'iss' claim"),
        ({"jti": "short"}, "'jti' claim"),
        ({"sub": "123", "box_sub_type": "user"}, "'sub' claim"),
        ({"sub": "999", "box_sub_type": "enterprise"}, "'sub' claim"),
        ({"kid": "nokey"}, "'kid'"),
    ],
)
def test_a_bad_assertion_is_invalid_grant_with_boxs_text(
    fakebox: FakeBox, overrides: dict[str, Any], text: str
) -> None:
    overrides = dict(overrides)  # exp is relative: parametrize runs at collection, the test minutes later
    kid = overrides.pop("kid", None)
    if "exp_in" in overrides:
        overrides["exp"] = int(time.time()) + overrides.pop("exp_in")
    answer = _grant(fakebox, *_assertion(fakebox, kid=kid, **overrides))
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"
    assert text in answer.json()["error_description"]


def test_a_jti_is_accepted_once(fakebox: FakeBox) -> None:
    config, assertion = _assertion(fakebox)
    assert _grant(fakebox, config, assertion).status_code == 200
    again = _grant(fakebox, config, assertion)
    assert again.status_code == 400
    assert "'jti' claim" in again.json()["error_description"]


def test_a_skewed_server_clock_refuses_an_assertion_timed_by_ours_and_says_its_time(fakebox: FakeBox) -> None:
    fakebox.configure(clock_skew=600)
    answer = _grant(fakebox, *_assertion(fakebox))
    assert answer.status_code == 400
    server = httpx.Headers(answer.headers)["date"]
    assert abs(parsedate_to_datetime(server).timestamp() - (time.time() + 600)) < 5


def test_a_managed_user_subject_gets_a_token_acting_as_that_user(fakebox: FakeBox) -> None:
    alice = MANAGED_USERS[0].id
    answer = _grant(fakebox, *_assertion(fakebox, sub=alice, box_sub_type="user"))
    token = answer.json()["access_token"]
    hidden = httpx.get(f"{fakebox.api_url}/files/{fakebox.seed_file_id}", headers={"Authorization": f"Bearer {token}"})
    assert hidden.status_code == 404  # the seed file lives in the service account's tree
    forbidden = httpx.get(f"{fakebox.api_url}/files/{fakebox.seed_file_id}",
                          headers={"Authorization": f"Bearer {token}", "As-User": MANAGED_USERS[1].id})  # fmt: skip
    assert forbidden.status_code == 403  # a user token may not act as someone else
