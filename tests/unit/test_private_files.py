"""One private-file check for every secret-holding file (token file, JWT config, profile) and the records: each
refusal is one line naming the file and why (we run as root in CI, so another owner is a real chown)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from boxup import environment
from boxup.errors import InputError
from boxup.private_files import check_private_file, read_token_file
from boxup.profiles import effective

OTHER_UID = 4242


def private(path: Path, text: str = "t0ken-value-123\n") -> Path:
    path.write_text(text)
    path.chmod(0o600)
    return path


def test_a_private_token_file_is_read_and_stripped(tmp_path: Path) -> None:
    assert read_token_file(private(tmp_path / "token")) == "t0ken-value-123"


def test_a_file_of_another_owner_is_refused_without_a_chmod_hint(tmp_path: Path) -> None:
    path = private(tmp_path / "token")
    if os.geteuid() != 0:
        pytest.skip("changing a file's owner needs root (CI runs as root)")
    os.chown(path, OTHER_UID, -1)
    with pytest.raises(InputError) as caught:
        read_token_file(path)
    assert str(caught.value) == f"--token-file {path} is not private: it is owned by uid {OTHER_UID}, not by this user"


def test_a_directory_or_a_missing_path_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        check_private_file(tmp_path, "the JWT config file")
    assert str(caught.value) == f"the JWT config file {tmp_path} is not a regular file"
    with pytest.raises(InputError) as missing:
        read_token_file(tmp_path / "absent")
    assert str(missing.value) == f"--token-file {tmp_path / 'absent'} does not exist"


def test_an_empty_token_file_is_refused(tmp_path: Path) -> None:
    path = private(tmp_path / "token", "  \n")
    with pytest.raises(InputError) as caught:
        read_token_file(path)
    assert str(caught.value) == f"--token-file {path} is empty"


def test_an_incomplete_client_credentials_grant_names_what_is_missing() -> None:
    found = effective({}, {"BOX_CLIENT_ID": "app", "BOX_CLIENT_SECRET": "s3cret-value"}, {})
    with pytest.raises(InputError) as caught:
        environment.auth_from(found, environment.endpoints_from(found))
    assert str(caught.value) == "Client Credentials Grant needs BOX_SUBJECT_TYPE, BOX_SUBJECT_ID as well"
