"""JWTAuth against the emulator's JWT grant over real sockets: uploads as the service account and as a user,
renewal, a skewed clock, and every bad config refused before anything is sent."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boxup
import httpx
import pytest

from tests.fakebox.handle import FakeBox
from tests.fakebox.identity import ENTERPRISE_ID, MANAGED_USERS

from .conftest import make_client

PASSPHRASE = "fakebox-pass"
ALICE = MANAGED_USERS[0].id
BOB = MANAGED_USERS[1].id


def write_config(tmp_path: Path, config: dict[str, Any], mode: int = 0o600, name: str = "config.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(config))
    path.chmod(mode)
    return path


@pytest.fixture
def config_file(fakebox: FakeBox, tmp_path: Path) -> Path:
    return write_config(tmp_path, fakebox.jwt_config(passphrase=PASSPHRASE))


def jwt_auth(fakebox: FakeBox, config_file: Path, user_id: str | None = None) -> boxup.JWTAuth:
    return boxup.JWTAuth.from_config_file(config_file, user_id=user_id, oauth_url=fakebox.oauth_url)


def test_a_jwt_service_account_uploads_a_small_and_a_chunked_file_and_a_version(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path], config_file: Path
) -> None:
    small = make_file(1000, "small.bin")
    big = make_file(fakebox.min_chunked_size + 3 * fakebox.part_size, "big.bin")  # type: ignore[operator]
    with make_client(fakebox, state_dir, auth=jwt_auth(fakebox, config_file)) as client:
        first = client.upload(small, folder_id="0")
        chunked = client.upload(big, folder_id="0")
        again = make_file(fakebox.min_chunked_size + 5, "small.bin")
        version = client.upload(again, file_id=first.id)
    assert fakebox.file_bytes(first.id) == again.read_bytes()
    assert fakebox.file_bytes(chunked.id) == big.read_bytes()
    assert version.id == first.id
    assert fakebox.file_info(chunked.id)["file"]["owned_by"]["login"] == "fakebox@example.com"
    assert fakebox.count("request_access_token", 200) == 1  # one token served every call


def test_a_jwt_user_subject_uploads_a_file_and_a_version_into_that_users_own_root(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path], config_file: Path
) -> None:
    path = make_file(fakebox.min_chunked_size + 10)
    with make_client(fakebox, state_dir, auth=jwt_auth(fakebox, config_file, user_id=ALICE)) as client:
        file = client.upload(path, folder_id="0")
        newer = make_file(2000, "newer.bin")
        version = client.upload(newer, file_id=file.id)
    info = fakebox.file_info(file.id)
    assert info["folder_id"] == fakebox.managed_users[ALICE]  # Alice's folder 0, not the service account's
    assert info["file"]["owned_by"]["id"] == ALICE
    assert version.id == file.id
    assert len(info["versions"]) == 2
    assert fakebox.file_bytes(file.id) == newer.read_bytes()


def test_an_expiring_jwt_token_is_renewed_mid_upload(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path], config_file: Path
) -> None:
    fakebox.configure(token_lifetime=1, latency=0.2)
    path = make_file(fakebox.min_chunked_size + 6 * fakebox.part_size)  # type: ignore[operator]
    with make_client(fakebox, state_dir, auth=jwt_auth(fakebox, config_file), concurrency=2) as client:
        file = client.upload(path, folder_id="0")
    assert fakebox.file_bytes(file.id) == path.read_bytes()
    assert fakebox.count("request_access_token", 200) >= 2
    assert fakebox.count("request_access_token", 400) == 0  # every renewal used a fresh jti


@pytest.mark.parametrize("skew", [-300.0, 300.0])
def test_a_skewed_clock_is_recovered_with_the_date_box_answered(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path], config_file: Path, skew: float
) -> None:
    fakebox.configure(clock_skew=skew)
    path = make_file(1000)
    with make_client(fakebox, state_dir, auth=jwt_auth(fakebox, config_file)) as client:
        file = client.upload(path, folder_id="0")
    assert fakebox.file_bytes(file.id) == path.read_bytes()
    assert fakebox.count("request_access_token", 400) == 1
    assert fakebox.count("request_access_token", 200) == 1


def test_a_key_the_app_did_not_register_is_refused_with_boxs_signature_error(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path], tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    config = fakebox.jwt_config(passphrase=None)
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = other.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()).decode()  # fmt: skip
    config["boxAppSettings"]["appAuth"]["privateKey"] = pem
    path = make_file(1000)
    auth = jwt_auth(fakebox, write_config(tmp_path, config))
    with make_client(fakebox, state_dir, auth=auth) as client, pytest.raises(boxup.AuthError) as caught:
        client.upload(path, folder_id="0")
    assert "Signature verification error" in str(caught.value)
    assert fakebox.count("create_upload_session") + fakebox.count("upload_file") == 0


def test_a_user_the_app_may_not_use_is_refused(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path], config_file: Path
) -> None:
    path = make_file(1000)
    auth = jwt_auth(fakebox, config_file, user_id="123")
    with make_client(fakebox, state_dir, auth=auth) as client, pytest.raises(boxup.AuthError, match="'sub' claim"):
        client.upload(path, folder_id="0")
    assert fakebox.count("upload_file") == 0


def _bad_configs(good: dict[str, Any]) -> dict[str, tuple[dict[str, Any] | str, str]]:
    def without(*keys: str) -> dict[str, Any]:
        copy = json.loads(json.dumps(good))
        node = copy
        for key in keys[:-1]:
            node = node[key]
        del node[keys[-1]]
        return copy

    no_pass = json.loads(json.dumps(good))
    no_pass["boxAppSettings"]["appAuth"]["passphrase"] = ""
    wrong = json.loads(json.dumps(good))
    wrong["boxAppSettings"]["appAuth"]["passphrase"] = "not-the-passphrase"
    return {
        "missing client id": (without("boxAppSettings", "clientID"), "lacks boxAppSettings.clientID"),
        "missing key id": (without("boxAppSettings", "appAuth", "publicKeyID"), "lacks boxAppSettings.appAuth"),
        "missing private key": (without("boxAppSettings", "appAuth", "privateKey"), "appAuth.privateKey"),
        "missing enterprise": (without("enterpriseID"), "enterprise id must be numeric"),
        "no passphrase": (no_pass, "encrypted but no passphrase"),
        "wrong passphrase": (wrong, "wrong passphrase"),
        "not json": ("{not json", "is not JSON"),
    }


BAD_CONFIG_CASES = ["missing client id", "missing key id", "missing private key", "missing enterprise",
                    "no passphrase", "wrong passphrase", "not json"]  # fmt: skip


@pytest.mark.parametrize("case", BAD_CONFIG_CASES)
def test_a_bad_jwt_config_is_a_one_line_input_error_without_secrets(
    fakebox: FakeBox, tmp_path: Path, case: str
) -> None:
    good = fakebox.jwt_config(passphrase=PASSPHRASE)
    config, expected = _bad_configs(good)[case]
    path = tmp_path / "config.json"
    path.write_text(config if isinstance(config, str) else json.dumps(config))
    path.chmod(0o600)
    with pytest.raises(boxup.InputError) as caught:
        jwt_auth(fakebox, path)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message
    assert PASSPHRASE not in message
    assert "PRIVATE KEY" not in message
    assert fakebox.count("request_access_token") == 0


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660])
def test_a_jwt_config_readable_by_others_is_refused(fakebox: FakeBox, tmp_path: Path, mode: int) -> None:
    path = write_config(tmp_path, fakebox.jwt_config(passphrase=PASSPHRASE), mode)
    with pytest.raises(boxup.InputError, match=r"group or others.*chmod 600"):
        jwt_auth(fakebox, path)
    assert fakebox.count("request_access_token") == 0


def test_jwt_auth_never_shows_its_key_or_passphrase(fakebox: FakeBox, config_file: Path) -> None:
    auth = jwt_auth(fakebox, config_file)
    secret = fakebox.jwt_config(passphrase=PASSPHRASE)["boxAppSettings"]["clientSecret"]
    shown = repr(auth) + str(auth)
    for hidden in (PASSPHRASE, secret, "PRIVATE KEY"):
        assert hidden not in shown
    kept = repr(vars(auth))  # the PEM text and the passphrase are not even kept once the key is loaded
    assert PASSPHRASE not in kept
    assert "PRIVATE KEY" not in kept
    assert auth.subject == ("enterprise", ENTERPRISE_ID)


def test_the_assertion_carries_exactly_boxs_claims(fakebox: FakeBox, config_file: Path) -> None:
    import jwt

    auth = jwt_auth(fakebox, config_file)
    first, second = auth.assertion(), auth.assertion()
    header = jwt.get_unverified_header(first)
    claims = jwt.decode(first, options={"verify_signature": False})
    assert header["alg"] == "RS256"
    assert header["kid"] == fakebox.jwt_config()["boxAppSettings"]["appAuth"]["publicKeyID"]
    assert set(claims) == {"iss", "sub", "box_sub_type", "aud", "jti", "exp"}
    assert (claims["iss"], claims["sub"], claims["box_sub_type"]) == ("fakebox-jwt-app", ENTERPRISE_ID, "enterprise")
    assert claims["aud"] == fakebox.oauth_url
    assert claims["jti"] != jwt.decode(second, options={"verify_signature": False})["jti"]


def test_without_the_jwt_extra_jwtauth_names_the_extra_and_boxup_still_imports(config_file: Path) -> None:
    blocker = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('jwt', 'cryptography'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import boxup\n"
        "assert 'jwt' not in sys.modules\n"
        "try:\n"
        f"    boxup.JWTAuth.from_config_file({str(config_file)!r}, oauth_url='http://127.0.0.1:9/oauth2/token')\n"
        "except boxup.InputError as e:\n"
        "    print(e)\n"
    )
    done = subprocess.run([sys.executable, "-c", blocker], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "JWT apps need the jwt extra: pip install 'boxup[jwt]'"


def test_as_user_acts_in_that_users_folders_and_is_ignored_on_the_token_request(
    fakebox: FakeBox, config_file: Path
) -> None:
    auth = jwt_auth(fakebox, config_file)
    alice_root = fakebox.managed_users[ALICE]
    mine = fakebox.add_folder("alice-projects", alice_root)
    theirs = fakebox.add_file("sa.bin", b"service account bytes")
    with httpx.Client(auth=auth, headers={"As-User": ALICE}) as http:
        session = http.post(f"{fakebox.upload_url}/files/upload_sessions",
                            json={"folder_id": mine, "file_size": 2 * 1024 * 1024, "file_name": "a.bin"})  # fmt: skip
        hidden = http.get(f"{fakebox.api_url}/files/{theirs}")
    assert session.status_code == 201
    assert fakebox.session(session.json()["id"])["owner_id"] == ALICE
    assert hidden.status_code == 404  # the service account's file is not Alice's to see
    token_calls = fakebox.requests_for("request_access_token")
    assert token_calls
    assert all(r["status"] == 200 for r in token_calls)


def test_as_user_from_an_app_without_the_capability_is_403(fakebox: FakeBox, tmp_path: Path) -> None:
    path = write_config(tmp_path, fakebox.jwt_config("fakebox-jwt-plain", passphrase=PASSPHRASE))
    with httpx.Client(auth=jwt_auth(fakebox, path), headers={"As-User": ALICE}) as http:
        answer = http.get(f"{fakebox.api_url}/files/{fakebox.seed_file_id}")
    assert answer.status_code == 403
    assert 'error="insufficient_scope"' in answer.headers["www-authenticate"]


def test_as_user_naming_someone_outside_the_enterprise_is_403(fakebox: FakeBox, config_file: Path) -> None:
    with httpx.Client(auth=jwt_auth(fakebox, config_file), headers={"As-User": "777"}) as http:
        answer = http.get(f"{fakebox.api_url}/files/{fakebox.seed_file_id}")
    assert answer.status_code == 403
    assert answer.json()["code"] == "access_denied_insufficient_permissions"


def test_no_log_line_of_a_jwt_upload_shows_the_secret_the_key_or_an_assertion(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path], config_file: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    fakebox.configure(token_lifetime=1, clock_skew=120)  # renewals and a clock retry, so every path logs
    path = make_file(fakebox.min_chunked_size + 10)
    with caplog.at_level(logging.DEBUG), make_client(fakebox, state_dir, auth=jwt_auth(fakebox, config_file)) as c:
        c.upload(path, folder_id="0")
    text = caplog.text
    assert text  # httpx and boxup did log
    secret = json.loads(config_file.read_text())["boxAppSettings"]["clientSecret"]
    for hidden in (secret, PASSPHRASE, "PRIVATE KEY", "eyJ"):  # eyJ: how every JWT (assertion) starts
        assert hidden not in text


def test_the_config_file_is_not_changed_and_no_state_file_holds_a_secret(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path], config_file: Path
) -> None:
    before = config_file.read_bytes()
    fakebox.inject(operation="commit_upload_session", action="status", status=500, times=99)
    path = make_file(fakebox.min_chunked_size + 10)
    auth = jwt_auth(fakebox, config_file)
    with make_client(fakebox, state_dir, auth=auth) as client, pytest.raises(boxup.BoxError):
        client.upload(path, folder_id="0")
    assert config_file.read_bytes() == before
    secret = json.loads(before)["boxAppSettings"]["clientSecret"]
    for leftover in state_dir.rglob("*"):
        if leftover.is_file():
            text = leftover.read_text(errors="replace")
            assert secret not in text
            assert PASSPHRASE not in text
            assert "PRIVATE KEY" not in text
    assert os.stat(config_file).st_mode & 0o777 == 0o600


# --- Client.from_env and As-User in the library --------------------------------------------------------------


def jwt_env(fakebox: FakeBox, config_file: Path, state_dir: Path, **extra: str) -> dict[str, str]:
    return {
        "BOX_CONFIG_FILE": str(config_file),
        "BOX_API_URL": fakebox.api_url,
        "BOX_UPLOAD_URL": fakebox.upload_url,
        "BOX_OAUTH_URL": fakebox.oauth_url,
        "BOXUP_STATE_DIR": str(state_dir),
        **extra,
    }


def settings_for(fakebox: FakeBox, state_dir: Path, attempts: int = 6) -> boxup.TransferSettings:
    retry = boxup.RetryPolicy(backoff_base=0.01, backoff_max=0.2, max_attempts=attempts)
    return boxup.TransferSettings(chunked_threshold=fakebox.min_chunked_size, state_dir=state_dir, retry=retry)


def test_from_env_builds_a_jwt_client_that_acts_as_box_as_user(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path], config_file: Path
) -> None:
    env = jwt_env(fakebox, config_file, state_dir, BOX_AS_USER=ALICE)
    path = make_file(fakebox.min_chunked_size + 10)
    with boxup.Client.from_env(env, settings=settings_for(fakebox, state_dir)) as client:
        assert isinstance(client.auth, boxup.JWTAuth)
        file = client.upload(path, folder_id="0")
    assert fakebox.file_info(file.id)["folder_id"] == fakebox.managed_users[ALICE]
    assert fakebox.file_bytes(file.id) == path.read_bytes()


def test_from_env_jwt_user_id_makes_the_token_that_users_own_without_as_user(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path], config_file: Path
) -> None:
    env = jwt_env(fakebox, config_file, state_dir, BOX_JWT_USER_ID=ALICE)
    path = make_file(1000)
    with boxup.Client.from_env(env, settings=settings_for(fakebox, state_dir)) as client:
        assert client.auth.subject == ("user", ALICE)  # type: ignore[attr-defined]
        assert client.as_user is None
        file = client.upload(path, folder_id="0")
    assert fakebox.file_info(file.id)["folder_id"] == fakebox.managed_users[ALICE]


def test_library_resume_acts_as_the_recorded_user_and_refuses_another(
    fakebox: FakeBox, state_dir: Path, make_file: Callable[..., Path], config_file: Path
) -> None:
    env = jwt_env(fakebox, config_file, state_dir)
    path = make_file(fakebox.min_chunked_size + 3 * fakebox.part_size)  # type: ignore[operator]
    fakebox.inject(operation="upload_part", status=503, nth=2)
    with boxup.Client.from_env(env, settings=settings_for(fakebox, state_dir, 1), as_user=ALICE) as client:
        with pytest.raises(boxup.BoxError):
            client.upload(path, folder_id="0")
        (record,) = client.store.records()
    assert record.as_user == ALICE
    fakebox.clear_faults()
    fakebox.clear_requests()
    other = boxup.Client.from_env(env, settings=settings_for(fakebox, state_dir), as_user=BOB)
    with other, pytest.raises(boxup.InputError, match=f"made as user {ALICE}"):
        other.resume(path)
    assert fakebox.requests == []
    with boxup.Client.from_env(env, settings=settings_for(fakebox, state_dir)) as plain:
        (file,) = plain.resume(path)
    assert fakebox.file_info(file.id)["folder_id"] == fakebox.managed_users[ALICE]
    assert fakebox.file_bytes(file.id) == path.read_bytes()
    assert all(r["headers"].get("as-user") == ALICE for r in fakebox.requests if "oauth2" not in r.get("path", ""))
