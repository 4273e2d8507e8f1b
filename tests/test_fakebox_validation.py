"""Spec validation: mismatches name the operation and the field, and the fixture turns them into failures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from boxup_api.api.files import get_file

from tests.fakebox import FakeBox
from tests.fakebox.calls import api_client, body_of
from tests.fakebox.process import REPO
from tests.fakebox.state import State
from tests.fakebox.validation import SpecValidator

INNER_TEST = """
from boxup_api.api.upload_sessions import list_upload_parts

from tests.fakebox.calls import new_session, session_id_of, upload_client


def test_sends_a_limit_the_spec_forbids(fakebox):
    with upload_client(fakebox) as client:
        sid = session_id_of(new_session(client, 2 * 1024 * 1024))
        assert int(list_upload_parts.sync_detailed(sid, client=client, limit=5000).status_code) == 200
"""


def test_a_violation_fails_the_test_at_teardown(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text("from tests.fakebox.fixtures import fakebox, fakebox_base_url\n")
    (tmp_path / "test_inner.py").write_text(textwrap.dedent(INNER_TEST))
    env = {k: v for k, v in os.environ.items() if k != "FAKEBOX_URL"} | {"PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path), str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 passed, 1 error" in done.stdout
    assert "list_upload_parts request: query parameter 'limit'" in done.stdout
    assert "greater than the maximum of 1000" in done.stdout


def test_response_problems_name_the_field() -> None:
    validator = SpecValidator()
    body = {"total_count": 1, "entries": [{"id": "1", "type": "file", "size": "big"}]}
    problems = validator.check_response(
        method="POST",
        path="/api/2.0/files/upload_sessions/" + "A" * 32 + "/commit",
        query=[],
        request_headers={"authorization": "Bearer x", "digest": "sha=x"},
        status=201,
        headers={"content-type": "application/json"},
        body=json.dumps(body).encode(),
    )
    assert [(p.field, p.message) for p in problems] == [
        ("body entries.0.size", "entries.0.size: 'big' is not of type 'integer'")
    ]


@pytest.mark.skipif(bool(os.environ.get("FAKEBOX_URL")), reason="needs the emulator in this process")
def test_an_emulator_bug_fails_the_test_instead_of_looking_like_a_retryable_500(
    fakebox: FakeBox, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> dict[str, object]:
        raise KeyError("oops")

    monkeypatch.setattr(State, "file_json", broken)
    with api_client(fakebox) as api, fakebox.expect_violations("get_file emulator", "KeyError"):
        response = get_file.sync_detailed("12345", client=api)
    assert (int(response.status_code), body_of(response)["code"]) == (500, "internal_server_error")
