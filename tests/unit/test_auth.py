"""Auth flows against a mock token endpoint: caching, renewal before expiry and after a 401, rotation."""

from __future__ import annotations

import asyncio
import urllib.parse

import httpx
import pytest
from boxup.auth import AuthError, BearerToken, ClientCredentials, RefreshToken
from boxup.errors import InputError
from boxup.gateway.tokens import TokenAnswer, TokenGrant

OAUTH = "https://api.box.com/oauth2/token"


class TokenServer:
    """A token endpoint plus an API that accepts only the latest token."""

    def __init__(self, lifetime: int = 3600) -> None:
        self.lifetime = lifetime
        self.grants: list[dict[str, str]] = []
        self.issued = 0
        self.valid: str | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth2/token":
            form = dict(urllib.parse.parse_qsl(request.content.decode()))
            self.grants.append(form)
            if form.get("client_secret") != "s3cret":
                return httpx.Response(400, json={"error": "invalid_client", "error_description": "bad secret"})
            self.issued += 1
            self.valid = f"token-{self.issued}"
            body = {"access_token": self.valid, "expires_in": self.lifetime, "token_type": "bearer"}
            if form["grant_type"] == "refresh_token":
                body["refresh_token"] = f"refresh-{self.issued}"
            return httpx.Response(200, json=body)
        if request.headers.get("authorization") != f"Bearer {self.valid}":
            return httpx.Response(401, json={"type": "error", "status": 401, "code": "unauthorized"})
        return httpx.Response(200, json={"ok": True})


def ccg(server: TokenServer, secret: str = "s3cret") -> ClientCredentials:
    return ClientCredentials(
        "cid",
        secret,
        subject_type="enterprise",
        subject_id="42",
        oauth_url=OAUTH,
        transport=httpx.MockTransport(server),
    )


async def get(auth: httpx.Auth, server: TokenServer, times: int = 1) -> list[int]:
    async with httpx.AsyncClient(auth=auth, transport=httpx.MockTransport(server)) as client:
        return [(await client.get("https://api.box.com/2.0/files/1")).status_code for _ in range(times)]


def test_ccg_fetches_once_and_caches() -> None:
    server = TokenServer()
    assert asyncio.run(get(ccg(server), server, times=3)) == [200, 200, 200]
    assert len(server.grants) == 1
    grant = server.grants[0]
    assert grant["grant_type"] == "client_credentials"
    assert grant["box_subject_type"] == "enterprise"
    assert grant["box_subject_id"] == "42"


def test_ccg_renews_a_token_that_is_about_to_expire() -> None:
    server = TokenServer(lifetime=0)  # every token is already inside the renewal margin
    asyncio.run(get(ccg(server), server, times=2))
    assert len(server.grants) == 2


def test_a_401_renews_the_token_once_and_replays() -> None:
    server = TokenServer()
    auth = ccg(server)
    asyncio.run(get(auth, server))
    server.valid = "revoked-by-box"  # Box invalidated the cached token early
    assert asyncio.run(get(auth, server)) == [200]  # renewed and replayed, invisible to the caller
    assert server.issued == 2


def test_bad_credentials_are_an_auth_error_without_the_secret() -> None:
    server = TokenServer()
    with pytest.raises(AuthError) as caught:
        asyncio.run(get(ccg(server, secret="wrong-secret-value"), server))
    assert "invalid_client" in str(caught.value)
    assert "wrong-secret-value" not in str(caught.value)


def test_refresh_token_rotates_and_reports_the_new_one() -> None:
    server = TokenServer(lifetime=0)
    seen: list[str] = []
    auth = RefreshToken(
        "cid", "s3cret", "refresh-0", on_refresh=seen.append, oauth_url=OAUTH, transport=httpx.MockTransport(server)
    )
    asyncio.run(get(auth, server, times=2))
    assert [g["refresh_token"] for g in server.grants] == ["refresh-0", "refresh-1"]
    assert seen == ["refresh-1", "refresh-2"]


def test_secrets_never_show_in_reprs() -> None:
    server = TokenServer()
    auth = ccg(server)
    asyncio.run(get(auth, server))
    assert "s3cret" not in repr(auth)
    assert "token-1" not in repr(auth)
    assert "abc" not in repr(BearerToken("abc"))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"subject_type": "admin", "subject_id": "1"}, "enterprise' or 'user"),
        ({"subject_type": "user", "subject_id": "me"}, "numeric"),
        ({"subject_type": "user", "subject_id": "1", "oauth_url": "https://api.box.com/token"}, "must end in"),
    ],
)
def test_ccg_settings_are_checked_up_front(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        ClientCredentials("cid", "secret", **kwargs)  # type: ignore[arg-type]


def test_bearer_token_refuses_whitespace() -> None:
    with pytest.raises(InputError):
        BearerToken("abc def")


def test_a_transient_token_endpoint_failure_is_retryable_not_an_auth_error() -> None:
    from boxup.errors import ApiError, TransportError
    from boxup.retry import RetryPolicy

    server = TokenServer()
    calls = {"n": 0}

    def flaky(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth2/token":
            calls["n"] += 1
            if calls["n"] == 1:
                return httpx.Response(503, text="<html>busy</html>", headers={"retry-after": "0"})
        return server(request)

    auth = ClientCredentials("cid", "s3cret", subject_type="enterprise", subject_id="42", oauth_url=OAUTH,
                             transport=httpx.MockTransport(flaky))  # fmt: skip
    with pytest.raises(ApiError) as caught:
        asyncio.run(get(auth, server))
    assert caught.value.status == 503
    assert RetryPolicy().is_retryable(caught.value)
    assert asyncio.run(get(auth, server)) == [200]  # the next attempt gets a token

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    offline = ClientCredentials("cid", "s3cret", subject_type="enterprise", subject_id="42", oauth_url=OAUTH,
                                transport=httpx.MockTransport(down))  # fmt: skip
    with pytest.raises(TransportError):
        asyncio.run(get(offline, server))


def test_the_token_request_and_its_answer_show_no_secret_in_their_reprs() -> None:
    grant = TokenGrant("refresh_token", "cid", "s3cret", refresh_token="refresh-0", assertion="signed")
    answer = TokenAnswer(200, {}, b'{"access_token": "token-1"}', access_token="token-1", refresh_token="refresh-1")
    shown = repr(grant) + repr(answer)
    for secret in ("s3cret", "refresh-0", "signed", "token-1", "refresh-1"):
        assert secret not in shown
    body = grant.body()
    assert (body.client_secret, body.refresh_token, body.assertion) == ("s3cret", "refresh-0", "signed")
