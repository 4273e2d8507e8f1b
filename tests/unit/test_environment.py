"""boxup.environment: effective settings to a client's parts (no network)."""

from __future__ import annotations

from pathlib import Path

import boxup
import httpx
import pytest
from boxup import environment
from boxup.profiles import effective


def test_given_waits_become_the_transfer_settings_and_unset_ones_keep_the_defaults() -> None:
    found = effective({"timeout": "7.5"}, {"BOXUP_MAX_ATTEMPTS": "2"}, {"commit_timeout": "30"})
    transfer = environment.transfer_from(found)
    assert transfer.timeout.read == transfer.timeout.write == transfer.timeout.connect == 7.5
    assert transfer.retry.max_attempts == 2
    assert transfer.commit_timeout == 30.0
    untouched = environment.transfer_from(effective({}, {}, {}))
    assert untouched == boxup.TransferSettings()


@pytest.mark.parametrize("text", ["0", "-3", "nan", "inf", "soon"])
def test_a_timeout_that_is_not_a_positive_number_names_where_it_came_from(text: str) -> None:
    with pytest.raises(boxup.InputError, match="timeout \\(env BOXUP_TIMEOUT\\) must be a positive number"):
        environment.transfer_from(effective({}, {"BOXUP_TIMEOUT": text}, {}))


def test_a_token_file_flag_wins_over_a_token_in_the_environment(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("from-the-file-0123456789\n")
    token_file.chmod(0o600)
    found = effective({"token_file": str(token_file)}, {"BOX_ACCESS_TOKEN": "from-env-0123456789"}, {})
    auth = environment.auth_from(found, boxup.Endpoints())
    request = next(auth.auth_flow(httpx.Request("GET", "https://api.box.com/2.0/x")))
    assert request.headers["Authorization"] == "Bearer from-the-file-0123456789"
    assert "from-the-file-0123456789" in environment.known_secrets(found)


def test_no_credentials_names_every_method() -> None:
    with pytest.raises(boxup.InputError, match="BOX_ACCESS_TOKEN, BOX_CONFIG_FILE"):
        environment.auth_from(effective({}, {}, {}), boxup.Endpoints())
