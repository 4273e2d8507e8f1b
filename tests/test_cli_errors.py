"""Each kind of failure becomes one line in plain words, with the next step, and the contract's exit code."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import boxup
import pytest
from boxup.errors import ApiErrorDetails
from boxup.text import one_line
from boxup_cli.errors import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, Failure, Target, explain
from boxup_cli.logs import redact, register_secrets


def api_error(status: int, code: str | None = None, **extra: Any) -> boxup.ApiError:
    return boxup.ApiError("create upload session", ApiErrorDetails(status=status, code=code, **extra))


NEW_FILE = Target(path="/data/big file.bin", folder_id="77")
NEW_VERSION = Target(path="/data/big.bin", file_id="12345")


@pytest.mark.parametrize(
    ("exc", "target", "phrases"),
    [
        (api_error(401, "unauthorized"), NEW_FILE, ["token rejected — check the credentials"]),
        (
            api_error(401),
            replace(NEW_FILE, credentials="the token in /t (--token-file)"),
            ["check the token in /t"],
        ),
        (api_error(403, "storage_limit_exceeded"), NEW_FILE, ["out of storage"]),
        (api_error(403, "file_size_limit_exceeded"), NEW_FILE, ["larger than this Box account allows"]),
        (api_error(413, "request_entity_too_large"), NEW_FILE, ["larger than this Box account allows"]),
        (api_error(403, "access_denied_insufficient_permissions"), NEW_FILE, ["access denied", "folder 77"]),
        (api_error(404, "not_found"), NEW_FILE, ["folder 77 not found", "--folder"]),
        (api_error(404, "not_found"), NEW_VERSION, ["file 12345 not found", "--file"]),
        (api_error(404, "not_found"), Target(session_id="S1"), ["session S1 is not known to Box"]),
        (api_error(410, "session_expired"), NEW_FILE, ["expired", "start afresh"]),
        (api_error(410, "upload_failed"), NEW_FILE, ["gave up", "start afresh"]),
        (api_error(503, "unavailable"), NEW_FILE, ["busy or failing", "HTTP 503 unavailable", "try again later"]),
        (api_error(400, "bad_request", message="what"), NEW_FILE, ["Box refused the request", "bad_request - what"]),
        (api_error(409, "name_temporarily_reserved"), NEW_FILE, ["another upload with this name"]),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_api_errors(exc: boxup.ApiError, target: Target, phrases: list[str]) -> None:
    failure = explain(exc, target)
    assert failure.exit_code == EXIT_FAILED
    for phrase in phrases:
        assert phrase in failure.message


def test_request_id_is_kept_for_support() -> None:
    assert "(request id abc123)" in explain(api_error(404, request_id="abc123"), NEW_FILE).message


@pytest.mark.parametrize("shape", ["object", "list"])
def test_name_in_use_names_the_existing_file_and_the_file_flag(shape: str) -> None:
    conflict: dict[str, Any] = {"type": "file", "id": "9001", "name": "big file.bin"}
    context = {"conflicts": conflict if shape == "object" else [conflict]}
    failure = explain(api_error(409, "item_name_in_use", context_info=context), NEW_FILE)
    assert failure.exit_code == EXIT_FAILED
    assert "already exists in folder 77 (file id 9001)" in failure.message
    assert "boxup upload '/data/big file.bin' --file 9001" in failure.message


def test_name_in_use_without_the_existing_id_still_says_what_to_do() -> None:
    failure = explain(api_error(409, "item_name_in_use"), NEW_FILE)
    assert "--name" in failure.message
    assert "--file" in failure.message


def test_interrupted_by_the_user_is_130_with_the_resume_command() -> None:
    target = Target(path="big.bin", carry_flags=("--state-dir", "/tmp/s"))
    exc = boxup.UploadInterrupted("S9", "/abs/big.bin", resumable=True, reason="interrupted", cancelled=True)
    failure = explain(exc, target)
    assert failure.exit_code == EXIT_INTERRUPTED
    assert "boxup resume /abs/big.bin --state-dir /tmp/s" in failure.message
    assert "boxup sessions abort S9 --state-dir /tmp/s" in failure.message


def test_retries_used_up_is_exit_1_and_still_resumable() -> None:
    cause = boxup.TransportError("upload part: network error")
    exc = boxup.UploadInterrupted("S9", "/abs/my file.bin", resumable=True, reason=str(cause))
    exc.__cause__ = cause
    failure = explain(exc, Target())
    assert failure.exit_code == EXIT_FAILED
    assert "upload stopped: upload part: network error" in failure.message
    assert "boxup resume '/abs/my file.bin'" in failure.message


@pytest.mark.parametrize(
    ("exc", "code", "phrase"),
    [
        (boxup.InputError("folder id must be digits"), EXIT_USAGE, "folder id must be digits"),
        (boxup.TransportError("timed out"), EXIT_FAILED, "cannot reach Box: timed out"),
        (boxup.AuthError("token request refused"), EXIT_FAILED, "token request refused"),
        (boxup.IntegrityError("big.bin changed during the upload"), EXIT_FAILED, "once the file is stable"),
        (boxup.ResponseError("no part record"), EXIT_FAILED, "cannot accept: no part record"),
        (boxup.UnsafeEndpointError("refusing evil.example"), EXIT_FAILED, "refusing evil.example"),
        (PermissionError(13, "Permission denied", "/x"), EXIT_FAILED, "/x: Permission denied"),
        (RuntimeError("boom"), EXIT_FAILED, "a bug in boxup"),
    ],
    ids=["input", "transport", "auth", "integrity", "response", "unsafe", "oserror", "unexpected"],
)
def test_other_failures(exc: BaseException, code: int, phrase: str) -> None:
    failure = explain(exc, Target())
    assert failure.exit_code == code
    assert phrase in failure.message


def test_one_line_and_redaction() -> None:
    register_secrets(["s3cr3t-value"])
    assert one_line("a\n  b\tc") == "a b c"
    assert redact("token s3cr3t-value leaked") == "token <redacted> leaked"
    assert redact("Authorization: Bearer abc.def") == "Authorization: Bearer <redacted>"
    assert redact('{"access_token": "xyz", "client_secret":"q"}') == (
        '{"access_token": "<redacted>", "client_secret":"<redacted>"}'
    )


def test_interruption_without_a_cause_does_not_repeat_boxups_own_hint() -> None:
    exc = boxup.UploadInterrupted("S9", "/abs/x.bin", resumable=True, reason="Box is still processing the parts")
    failure = explain(exc, Target())
    assert failure.exit_code == EXIT_FAILED
    assert failure.message.count("boxup resume") == 1
    assert "`" not in failure.message


def test_a_progress_notice_naming_a_file_with_a_newline_is_still_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from boxup_cli.progress import Reporter

    register_secrets(["n0tice-secret"])
    Reporter("x.bin").say("note: /data/odd\nname.bin no longer exists (n0tice-secret)")
    assert capsys.readouterr().err == "note: /data/odd name.bin no longer exists (<redacted>)\n"


@pytest.mark.parametrize(
    ("signum", "lead", "code"),
    [
        (None, "interrupted", 130),
        (2, "interrupted", 130),
        (15, "interrupted by SIGTERM", 143),
        (1, "interrupted by SIGHUP", 129),
    ],
)
def test_an_aborted_interruption_says_so_from_the_flag_and_exits_with_its_signal(
    signum: int | None, lead: str, code: int
) -> None:
    exc = boxup.UploadInterrupted(
        "S9", "/data/x.bin", resumable=False, reason="stopped", cancelled=True, signal=signum, aborted=True
    )
    failure = explain(exc, Target())
    assert failure == Failure(f"{lead}; session S9 aborted, nothing is left to resume: run the upload again", code)
    kept = boxup.UploadInterrupted("S9", "/data/x.bin", resumable=False, reason="stopped", cancelled=True)
    assert explain(kept, Target()).message == "interrupted; session S9 cannot be resumed, run the upload again"
