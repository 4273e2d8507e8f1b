"""The `boxup` command with enterprise identity and its settings: JWT apps, As-User, profiles, `config show`, and the
bounded waits (--timeout, --max-attempts, --commit-timeout). Real subprocesses against the emulator; bytes are
checked by SHA-1 and every bad input must exit 2 with nothing sent (the emulator's request log stays empty)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.fakebox.identity import MANAGED_USERS
from tests.test_cli_e2e import Cli, MiB, Run, cli, make_file, one_json_object, sha1_of

ALICE, BOB = MANAGED_USERS[0].id, MANAGED_USERS[1].id
PASSPHRASE = "fakebox-pass"

__all__ = ["cli"]  # the fixture, shared from test_cli_e2e


def write_private(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text)
    path.chmod(mode)
    return path


def jwt_config(cli: Cli, client_id: str = "fakebox-jwt-app", **changes: Any) -> dict[str, Any]:
    config = cli.fakebox.jwt_config(client_id, passphrase=PASSPHRASE)
    config["boxAppSettings"]["appAuth"].update(changes)
    return config


def config_path(cli: Cli, config: dict[str, Any] | None = None, mode: int = 0o600) -> Path:
    return write_private(cli.work.parent / "config.json", json.dumps(config or jwt_config(cli)), mode)


def jwt_env(cli: Cli, **extra: str) -> dict[str, str]:
    """No token in the environment: the JWT app is the only credential (plus a private config dir for profiles)."""
    env = cli.env(XDG_CONFIG_HOME=str(cli.work.parent / "xdg"))
    del env["BOX_ACCESS_TOKEN"]
    return env | extra


def assert_no_secret(cli: Cli, result: Run, config: dict[str, Any]) -> None:
    """The client secret, the passphrase and the private key appear in no output and no state file."""
    settings = config["boxAppSettings"]
    secrets = [settings["clientSecret"], PASSPHRASE, *settings["appAuth"]["privateKey"].splitlines()[1:-1]]
    files = [p.read_text(errors="replace") for p in cli.state_dir.rglob("*") if p.is_file()]
    for secret in secrets:
        for text in (result.stdout, result.stderr, *files):
            assert secret not in text


def assert_nothing_sent(cli: Cli, result: Run, *fragments: str) -> None:
    assert result.code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert cli.fakebox.requests == []


def upload_json(cli: Cli, *args: str, env: dict[str, str]) -> dict[str, Any]:
    result = cli.run("upload", *args, "--json", env=env)
    assert result.code == 0, result.stderr
    return one_json_object(result.stdout)


# --- JWT through the command ----------------------------------------------------------------------------------


def test_a_jwt_service_account_uploads_a_new_file_and_a_version_with_no_secret_in_any_output(cli: Cli) -> None:
    config = jwt_config(cli)
    path = config_path(cli, config)
    big = make_file(cli.work, "big.bin", 2 * MiB, seed=1)
    result = cli.run("upload", str(big), "--folder", "0", "--config-file", str(path), "--json", "-v", env=jwt_env(cli))
    assert result.code == 0, result.stderr
    assert_no_secret(cli, result, config)
    file_id = str(one_json_object(result.stdout)["id"])
    newer = make_file(cli.work, "newer.bin", 2 * MiB + 7, seed=2)
    again = cli.run(
        "upload", str(newer), "--file", file_id, "--json", "-v", env=jwt_env(cli, BOX_CONFIG_FILE=str(path))
    )
    assert again.code == 0, again.stderr
    assert_no_secret(cli, again, config)
    assert cli.fakebox.file_sha1(file_id) == sha1_of(newer)
    assert len(cli.fakebox.file_info(file_id)["versions"]) == 2
    assert cli.fakebox.file_info(file_id)["file"]["owned_by"]["login"] == "fakebox@example.com"


def test_a_jwt_user_subject_uploads_a_file_and_a_version_into_that_users_own_root(cli: Cli) -> None:
    env = jwt_env(cli, BOX_CONFIG_FILE=str(config_path(cli)), BOX_JWT_USER_ID=ALICE)
    source = make_file(cli.work, "alice.bin", 2 * MiB, seed=3)
    file_id = str(upload_json(cli, str(source), "--folder", "0", env=env)["id"])
    newer = make_file(cli.work, "alice2.bin", 1000, seed=4)
    upload_json(cli, str(newer), "--file", file_id, env=env)
    info = cli.fakebox.file_info(file_id)
    assert info["folder_id"] == cli.fakebox.managed_users[ALICE]
    assert info["file"]["owned_by"]["id"] == ALICE
    assert cli.fakebox.file_sha1(file_id) == sha1_of(newer)
    assert not any("as-user" in {k.lower() for k in r.get("headers", {})} for r in cli.fakebox.requests)


def test_a_jwt_token_expiring_mid_upload_is_renewed_silently(cli: Cli) -> None:
    cli.fakebox.configure(token_lifetime=1, latency=0.2)
    source = make_file(cli.work, "long.bin", 3 * MiB, seed=5)
    env = jwt_env(cli, BOX_CONFIG_FILE=str(config_path(cli)))
    result = cli.run("upload", str(source), "--folder", "0", "--concurrency", "2", "--json", env=env)
    assert result.code == 0, result.stderr
    assert cli.fakebox.file_sha1(str(one_json_object(result.stdout)["id"])) == sha1_of(source)
    assert cli.fakebox.count("request_access_token", 200) >= 2
    assert "token" not in result.stderr.lower()  # silently: nothing said about it


@pytest.mark.parametrize("skew", [-300.0, 300.0])
def test_a_skewed_clock_is_recovered_by_the_command(cli: Cli, skew: float) -> None:
    cli.fakebox.configure(clock_skew=skew)
    source = make_file(cli.work, "skew.bin", 1000, seed=6)
    env = jwt_env(cli, BOX_CONFIG_FILE=str(config_path(cli)))
    document = upload_json(cli, str(source), "--folder", "0", env=env)
    assert cli.fakebox.file_sha1(str(document["id"])) == sha1_of(source)
    assert cli.fakebox.count("request_access_token", 400) == 1


# --- As-User ----------------------------------------------------------------------------------------------------


def test_as_user_lands_the_upload_in_that_users_folder(cli: Cli) -> None:
    env = jwt_env(cli, BOX_CONFIG_FILE=str(config_path(cli)))
    source = make_file(cli.work, "for-bob.bin", 2 * MiB, seed=7)
    document = upload_json(cli, str(source), "--folder", "0", "--as-user", BOB, env=env)
    info = cli.fakebox.file_info(str(document["id"]))
    assert info["folder_id"] == cli.fakebox.managed_users[BOB]
    assert info["file"]["owned_by"]["id"] == BOB
    assert cli.fakebox.file_sha1(str(document["id"])) == sha1_of(source)


def interrupted_as(cli: Cli, env: dict[str, str], user: str) -> Path:
    """An upload acting as ``user`` stopped by a persistent 503: a live session and a record."""
    rule = cli.fakebox.inject(operation="upload_part", status=503, nth=4)
    source = make_file(cli.work, "kept.bin", 2 * MiB, seed=8)
    result = cli.run("upload", str(source), "--folder", "0", "--as-user", user, "--max-attempts", "1", env=env)
    assert result.code == 1, result.stderr
    assert cli.fakebox.counters["faults_fired"].get(rule) == 1
    cli.fakebox.clear_faults()
    (record,) = cli.records()
    assert json.loads(record.read_text())["as_user"] == user
    return source


def test_resume_acts_as_the_recorded_user_and_refuses_another(cli: Cli) -> None:
    env = jwt_env(cli, BOX_CONFIG_FILE=str(config_path(cli)))
    source = interrupted_as(cli, env, ALICE)
    cli.fakebox.clear_requests()
    refused = cli.run("resume", str(source), "--as-user", BOB, env=env)
    assert_nothing_sent(
        cli,
        refused,
        f"boxup: error: the interrupted upload of {source} was made as user {ALICE} (As-User), but this run acts "
        f"as user {BOB}; resume it with --as-user {ALICE}, or start afresh with --no-resume",
    )
    resumed = cli.run("resume", str(source), "--json", env=env)  # no --as-user: the recorded one
    assert resumed.code == 0, resumed.stderr
    info = cli.fakebox.file_info(str(one_json_object(resumed.stdout)["id"]))
    assert info["folder_id"] == cli.fakebox.managed_users[ALICE]
    assert cli.fakebox.file_sha1(info["file"]["id"]) == sha1_of(source)
    assert cli.fakebox.count("create_upload_session") == 1  # the interrupted session finished, no second one
    assert cli.records() == []


def test_an_app_not_allowed_to_use_as_user_is_told_so_in_one_line(cli: Cli) -> None:
    config = cli.fakebox.jwt_config("fakebox-jwt-plain", passphrase=PASSPHRASE)
    env = jwt_env(cli, BOX_CONFIG_FILE=str(config_path(cli, config)))
    source = make_file(cli.work, "denied.bin", 1000, seed=9)
    result = cli.run("upload", str(source), "--folder", "0", "--as-user", ALICE, env=env)
    assert result.code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("boxup: error:")]
    assert len(errors) == 1, result.stderr
    line = errors[0]
    assert f"Box refused to act as user {ALICE} (As-User): this app may not use As-User" in line


def test_as_user_from_a_profile_gets_the_as_user_refusal_too(cli: Cli) -> None:
    config = cli.fakebox.jwt_config("fakebox-jwt-plain", passphrase=PASSPHRASE)
    write_profiles(cli, f'[profiles.work]\nconfig_file = "{config_path(cli, config)}"\nas_user = "{ALICE}"\n')
    source = make_file(cli.work, "denied.bin", 1000, seed=9)
    result = cli.run("upload", str(source), "--folder", "0", "--profile", "work", env=jwt_env(cli))
    assert result.code == 1
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("boxup: error:")]
    assert line.startswith(f"boxup: error: Box refused to act as user {ALICE} (As-User): this app may not use As-User")


def test_a_refused_jwt_app_is_named_by_its_config_file(cli: Cli) -> None:
    config = jwt_config(cli)
    config["boxAppSettings"]["clientSecret"] = "not-the-secret"
    path = config_path(cli, config)
    source = make_file(cli.work, "refused.bin", 1000, seed=9)
    result = cli.run("upload", str(source), "--folder", "0", env=jwt_env(cli, BOX_CONFIG_FILE=str(path)))
    assert result.code == 1
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("boxup: error:")]
    assert line.startswith("boxup: error: token request refused by Box (")
    assert line.endswith(f"check the client id, secret and subject (the JWT app in {path} (env BOX_CONFIG_FILE))")


# --- bad input: exit 2, nothing sent ----------------------------------------------------------------------------


BAD_CONFIGS: dict[str, tuple[dict[str, Any], int, tuple[str, ...]]] = {
    "open_to_others": ({}, 0o644, ("is not private: its mode 0644 lets group or others in; run: chmod 600",)),
    "no_passphrase": ({"passphrase": ""}, 0o600, ("encrypted but no passphrase",)),
    "wrong_passphrase": ({"passphrase": "not-it"}, 0o600, ("wrong passphrase",)),
    "missing_key_id": ({"publicKeyID": None}, 0o600, ("lacks boxAppSettings.appAuth.publicKeyID",)),
    "not_a_pem_key": (
        {"privateKey": "not a key"},
        0o600,
        ("boxup: error: the JWT private key is not a PEM private key",),
    ),
}


@pytest.mark.parametrize("case", BAD_CONFIGS, ids=list(BAD_CONFIGS))
def test_a_bad_jwt_config_is_one_line_exit_2_and_nothing_sent(cli: Cli, case: str) -> None:
    changes, mode, fragments = BAD_CONFIGS[case]
    config = jwt_config(cli)
    for key, value in changes.items():
        if value is None:
            del config["boxAppSettings"]["appAuth"][key]
        else:
            config["boxAppSettings"]["appAuth"][key] = value
    path = config_path(cli, config, mode)
    source = make_file(cli.work, "x.bin", 1000)
    cli.fakebox.clear_requests()
    result = cli.run("upload", str(source), "--folder", "0", "--config-file", str(path), env=jwt_env(cli))
    assert_nothing_sent(cli, result, *fragments)
    assert PASSPHRASE not in result.stderr


BAD_FLAGS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "as_user_not_digits": (("--as-user", "alice"), ("As-User user id must be a string of digits",)),
    "timeout_zero": (("--timeout", "0"), ("timeout (--timeout) must be a positive number of seconds",)),
    "commit_timeout_negative": (("--commit-timeout", "-1"), ("commit_timeout",)),
    "max_attempts_zero": (("--max-attempts", "0"), ("--max-attempts",)),
    "unknown_profile": (("--profile", "nope"), ("profile 'nope' asked for",)),
}


@pytest.mark.parametrize("case", BAD_FLAGS, ids=list(BAD_FLAGS))
def test_a_bad_setting_is_one_line_exit_2_and_nothing_sent(cli: Cli, case: str) -> None:
    flags, fragments = BAD_FLAGS[case]
    source = make_file(cli.work, "x.bin", 1000)
    cli.fakebox.clear_requests()
    result = cli.run(
        "upload", str(source), "--folder", "0", *flags, env=jwt_env(cli, BOX_ACCESS_TOKEN=cli.fakebox.token)
    )
    assert_nothing_sent(cli, result, *fragments)


# --- profiles and config show -----------------------------------------------------------------------------------


def write_profiles(cli: Cli, text: str, mode: int = 0o600) -> Path:
    directory = cli.work.parent / "xdg" / "boxup"
    directory.mkdir(parents=True, exist_ok=True)
    return write_private(directory / "config.toml", text, mode)


def shown(cli: Cli, *args: str, env: dict[str, str]) -> dict[str, dict[str, str]]:
    result = cli.run("config", "show", "--json", *args, env=env)
    assert result.code == 0, result.stderr
    settings: dict[str, dict[str, str]] = one_json_object(result.stdout)["settings"]
    return settings


def test_profile_precedence_is_flag_then_environment_then_profile_then_default(cli: Cli) -> None:
    write_profiles(cli, f'[profiles.work]\nconfig_file = "{config_path(cli)}"\nas_user = "{ALICE}"\nconcurrency = 3\n')
    env = jwt_env(cli, BOXUP_PROFILE="work")
    settings = shown(cli, env=env)
    assert settings["as_user"] == {"value": ALICE, "source": "profile:work"}
    assert settings["concurrency"] == {"value": "3", "source": "profile:work"}
    assert settings["commit_timeout"]["source"] == "default"
    with_env = shown(cli, env=env | {"BOX_AS_USER": BOB})
    assert with_env["as_user"] == {"value": BOB, "source": "env BOX_AS_USER"}
    with_flag = shown(cli, "--as-user", ALICE, "--profile", "work", env=env | {"BOX_AS_USER": BOB})
    assert with_flag["as_user"] == {"value": ALICE, "source": "flag"}
    # and the profile really drives an upload: its JWT app, acting as its user
    source = make_file(cli.work, "profiled.bin", 2 * MiB, seed=10)
    info = cli.fakebox.file_info(str(upload_json(cli, str(source), "--folder", "0", env=env)["id"]))
    assert info["folder_id"] == cli.fakebox.managed_users[ALICE]


def test_a_profile_setting_below_one_is_refused_naming_the_profile(cli: Cli) -> None:
    write_profiles(cli, "[profiles.work]\nmax_attempts = 0\n")
    source = make_file(cli.work, "x.bin", 1000)
    cli.fakebox.clear_requests()
    env = jwt_env(cli, BOX_ACCESS_TOKEN=cli.fakebox.token, BOXUP_PROFILE="work")
    result = cli.run("upload", str(source), "--folder", "0", env=env)
    assert_nothing_sent(
        cli, result, "boxup: error: max_attempts (profile:work) must be a whole number of at least 1, not '0'"
    )


def test_config_show_masks_secrets_and_a_profile_holding_one_must_be_private(cli: Cli) -> None:
    secret = "profile-client-secret-0123456789"
    path = write_profiles(cli, f'[profiles.ccg]\nclient_id = "app"\nclient_secret = "{secret}"\n', mode=0o644)
    env = jwt_env(cli)
    cli.fakebox.clear_requests()
    refused = cli.run("config", "show", "--profile", "ccg", env=env)
    assert refused.code == 2
    assert "chmod 600" in refused.stderr
    assert secret not in refused.stderr
    path.chmod(0o600)
    result = cli.run("config", "show", "--profile", "ccg", env=env)
    assert result.code == 0, result.stderr
    assert secret not in result.stdout
    assert "****6789" in result.stdout
    assert "profile:ccg" in result.stdout


# --- bounded waits ----------------------------------------------------------------------------------------------


def test_a_server_delay_beyond_timeout_fails_as_a_timeout(cli: Cli) -> None:
    cli.fakebox.inject(action="delay", operation="upload_file", delay=5.0)
    source = make_file(cli.work, "slow.bin", 1000)
    result = cli.run("upload", str(source), "--folder", "0", "--timeout", "0.5", "--max-attempts", "1")
    assert result.code == 1, result.stderr
    assert "timed out" in result.stderr.lower() or "timeout" in result.stderr.lower(), result.stderr


def test_max_attempts_1_against_an_injected_500_fails_at_once(cli: Cli) -> None:
    cli.fakebox.inject(operation="upload_file", status=500, code="internal_server_error")
    source = make_file(cli.work, "once.bin", 1000)
    result = cli.run("upload", str(source), "--folder", "0", "--max-attempts", "1")
    assert result.code == 1
    assert cli.fakebox.count("upload_file") == 1


def test_a_commit_stuck_at_202_past_commit_timeout_keeps_the_session(cli: Cli) -> None:
    cli.fakebox.configure(commit_processing_polls=1000, commit_retry_after=1)
    source = make_file(cli.work, "stuck.bin", 2 * MiB, seed=11)
    result = cli.run("upload", str(source), "--folder", "0", "--commit-timeout", "2")
    assert result.code == 1, result.stderr
    assert "boxup resume" in result.stderr
    (record,) = cli.records()
    session_id = record.stem
    assert cli.fakebox.session(session_id)["committed_file_id"] is None
    assert cli.fakebox.count("commit_upload_session", 202) >= 2
