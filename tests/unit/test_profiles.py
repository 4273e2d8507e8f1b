"""Profiles: reading config.toml, the flag > env > profile > default rule with sources, masking, private files."""

from __future__ import annotations

from pathlib import Path

import pytest
from boxup import InputError
from boxup.profiles import auth_method, config_path, effective, load_profile, mask, profile_name

SECRET = "s3cr3t-client-secret-value"


def write(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    path.chmod(mode)
    return path


def test_a_profile_table_is_read_with_its_numbers_as_text(tmp_path: Path) -> None:
    path = write(tmp_path, '[profiles.prod]\nconfig_file = "/etc/box.json"\nas_user = "30000001"\nconcurrency = 16\n')
    assert load_profile("prod", path) == {"config_file": "/etc/box.json", "as_user": "30000001", "concurrency": "16"}


def test_no_profile_asked_for_reads_nothing(tmp_path: Path) -> None:
    assert load_profile(None, tmp_path / "absent.toml") == {}


def test_the_flag_beats_the_environment_which_beats_the_profile_which_beats_the_default() -> None:
    settings = effective(
        {"as_user": "1", "concurrency": None},
        {"BOX_AS_USER": "2", "BOX_API_URL": "http://env/2.0", "BOXUP_CONCURRENCY": ""},
        {"as_user": "3", "api_url": "http://profile/2.0", "concurrency": "16", "upload_url": "http://p/api/2.0"},
        "profile prod",
    )
    assert (settings["as_user"].value, settings["as_user"].source) == ("1", "flag")
    assert (settings["api_url"].value, settings["api_url"].source) == ("http://env/2.0", "env BOX_API_URL")
    assert (settings["concurrency"].value, settings["concurrency"].source) == ("16", "profile prod")  # empty env
    assert (settings["upload_url"].value, settings["upload_url"].source) == ("http://p/api/2.0", "profile prod")
    assert (settings["oauth_url"].value, settings["oauth_url"].source) == ("https://api.box.com/oauth2/token",
                                                                            "default")  # fmt: skip
    assert (settings["state_dir"].value, settings["state_dir"].shown) == (None, "-")


def test_secrets_are_masked_in_what_config_show_prints_and_in_reprs() -> None:
    settings = effective({}, {"BOX_CLIENT_ID": "cid", "BOX_CLIENT_SECRET": SECRET}, {})
    assert settings["client_secret"].shown == "****alue"
    assert SECRET not in repr(settings)
    assert settings["client_id"].shown == "cid"
    assert mask("short") == "****"


@pytest.mark.parametrize(
    ("env", "method"),
    [
        ({"BOX_ACCESS_TOKEN": "t"}, "token"),
        ({"BOX_CONFIG_FILE": "c.json"}, "jwt"),
        ({"BOX_CLIENT_ID": "c", "BOX_CLIENT_SECRET": "s"}, "ccg"),
        ({}, None),
    ],
)
def test_the_auth_method_follows_the_credentials_present(env: dict[str, str], method: str | None) -> None:
    assert auth_method(effective({}, env, {})) == method


def test_the_profile_flag_beats_boxup_profile() -> None:
    assert profile_name("a", {"BOXUP_PROFILE": "b"}) == "a"
    assert profile_name(None, {"BOXUP_PROFILE": "b"}) == "b"
    assert profile_name(None, {}) is None


def test_a_profile_holding_a_secret_in_a_file_others_can_read_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, f'[profiles.ccg]\nclient_id = "c"\nclient_secret = "{SECRET}"\n', 0o644)
    with pytest.raises(InputError, match=r"holds a secret.*chmod 600") as caught:
        load_profile("ccg", path)
    assert SECRET not in str(caught.value)


def test_a_profile_without_secrets_may_be_readable_by_others(tmp_path: Path) -> None:
    path = write(tmp_path, '[profiles.jwt]\nconfig_file = "/etc/box.json"\n', 0o644)
    assert load_profile("jwt", path) == {"config_file": "/etc/box.json"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[profiles.other]\n", "no profile 'prod' in"),
        ("not = [toml", "is not valid TOML"),
        ('[profiles.prod]\ncolour = "red"\n', "unknown setting 'colour'"),
        ("[profiles.prod]\nas_user = 30000001\n", "as_user must be a string"),
        ('[profiles.prod]\nconcurrency = "many"\n', "concurrency must be a number"),
    ],
)
def test_a_bad_profile_is_a_one_line_input_error(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        load_profile("prod", write(tmp_path, text))
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


def test_asking_for_a_profile_without_a_config_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="there is no"):
        load_profile("prod", tmp_path / "config.toml")


def test_the_config_file_lives_in_the_platform_user_config_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert config_path() == tmp_path / "boxup" / "config.toml"
