"""Ids and session ids are ASCII: other scripts' digits and letters pass str.isdigit/isalnum but are refused here,
by the one check every caller uses (input, records on disk, the server's answers, credentials)."""

from __future__ import annotations

import pytest
from boxup.auth import ClientCredentials
from boxup.errors import InputError, ResponseError
from boxup.gateway.convert import session_info
from boxup.state import RecordError, UploadRecord
from boxup.validate import check_id, check_session_id, is_box_id, is_session_id
from boxup_api.models import UploadSession

from tests.unit.test_state import record

ARABIC_DIGITS = "١٢٣"
SUPERSCRIPT = "²"


@pytest.mark.parametrize("text", ["0", "12345", "9" * 32])
def test_ascii_digits_up_to_32_are_a_box_id(text: str) -> None:
    assert is_box_id(text)
    assert check_id("folder", text) == text


@pytest.mark.parametrize("text", ["", ARABIC_DIGITS, SUPERSCRIPT, "12a", " 1", "9" * 33, 12])
def test_anything_else_is_not_a_box_id_and_the_error_names_the_kind(text: object) -> None:
    assert not is_box_id(text)
    with pytest.raises(InputError) as caught:
        check_id("folder", text)
    assert str(caught.value) == f"folder id must be a string of digits, got {text!r}"


def test_a_session_id_is_ascii_letters_and_digits() -> None:
    assert is_session_id("F1E2D3C4")
    assert check_session_id("abc123") == "abc123"
    for text in ["", "é1", "../etc", "ab-cd", ARABIC_DIGITS, None]:
        assert not is_session_id(text)
    with pytest.raises(InputError) as caught:
        check_session_id("é1")
    assert str(caught.value) == "not a session id: 'é1'"


def test_a_record_with_a_non_ascii_as_user_or_session_id_is_refused() -> None:
    good = record().to_json()
    with pytest.raises(RecordError, match="'as_user' is not a user id"):
        UploadRecord.from_json(good | {"as_user": ARABIC_DIGITS})
    with pytest.raises(RecordError, match="'session_id' is not a session id"):
        UploadRecord.from_json(good | {"session_id": "é1"})


def test_a_server_session_id_with_non_ascii_letters_is_refused() -> None:
    answer = UploadSession.from_dict({"id": "é1", "part_size": 8, "total_parts": 1, "session_endpoints": {}})
    with pytest.raises(ResponseError, match="not alphanumeric"):
        session_info(answer, None)


def test_a_ccg_subject_in_arabic_digits_is_refused() -> None:
    with pytest.raises(InputError, match="BOX_SUBJECT_ID must be a numeric"):
        ClientCredentials("id", "secret", subject_type="user", subject_id=ARABIC_DIGITS)
