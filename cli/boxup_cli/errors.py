"""One place that turns every failure into one plain line and an exit code.

Exit codes are part of the command's contract (PRODUCT.md): 0 done, 1 the upload failed, 2 bad usage or bad input
(nothing was sent), 130 interrupted (session kept, resume command printed).
"""

from __future__ import annotations

import shlex
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import boxup
from boxup.text import RedirectRefused

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class Target:
    """What the command was working on, so a bare HTTP status can be said in the user's terms."""

    path: str | None = None
    folder_id: str | None = None
    file_id: str | None = None
    session_id: str | None = None
    name: str | None = None  # --name, when given
    as_user: str | None = None  # the As-User id this run sends, if any
    credentials: str | None = None  # the credentials in use and where they were set (environment.credentials_hint)
    # Flags the user gave that a follow-up command needs too (state dir, endpoints, token file), already quoted.
    carry_flags: Sequence[str] = field(default_factory=tuple)

    def resume_command(self, path: str | None = None) -> str:
        return " ".join(["boxup", "resume", shlex.quote(path or self.path or ""), *self.carry_flags]).strip()

    def abort_command(self, session_id: str) -> str:
        return " ".join(["boxup", "sessions", "abort", session_id, *self.carry_flags])


@dataclass(frozen=True)
class Failure:
    message: str
    exit_code: int


def _unauthorized(_: boxup.ApiError, target: Target) -> str:
    return f"token rejected — check {target.credentials or 'the credentials'}"


def _gone(exc: boxup.ApiError, _: Target) -> str:
    if exc.code == "upload_failed":
        return "Box gave up on this upload session (upload_failed); run the upload again to start afresh"
    return "the upload session expired on Box (sessions last 7 days); run the upload again to start afresh"


def _api_error(exc: boxup.ApiError, target: Target) -> str:
    """Box's status and code, said as what happened and what to do next."""
    by_status: dict[int, Callable[[boxup.ApiError, Target], str]] = {
        401: _unauthorized,
        403: _forbidden,
        413: _forbidden,
        404: _not_found,
        409: _conflict,
        410: _gone,
    }
    if exc.status in by_status:
        return by_status[exc.status](exc, target)
    if exc.status == 429 or exc.status >= 500:
        return f"Box is busy or failing ({_status(exc)}) and retries ran out; try again later"
    detail = f" - {exc.message}" if exc.message else ""
    return f"Box refused the request ({_status(exc)}{detail})"


def _status(exc: boxup.ApiError) -> str:
    return f"HTTP {exc.status} {exc.code}" if exc.code else f"HTTP {exc.status}"


def _forbidden(exc: boxup.ApiError, target: Target) -> str:
    code = exc.code or ""
    if code == "storage_limit_exceeded":
        return "the Box account is out of storage; free some space (the trash counts too) or ask for more"
    if code in ("file_size_limit_exceeded", "request_entity_too_large") or exc.status == 413:
        return "the file is larger than this Box account allows for one file (a per-plan limit)"
    if target.as_user and code in ("", "forbidden"):
        # Box's answer when the app lacks "Make API calls using the as-user header": a bare 403, no error code.
        return (
            f"Box refused to act as user {target.as_user} (As-User): this app may not use As-User; enable "
            "'Make API calls using the as-user header' for it in the Developer Console, then re-authorize it"
        )
    where = f"folder {target.folder_id}" if target.folder_id else f"file {target.file_id}" if target.file_id else "it"
    return f"access denied ({code or 'HTTP 403'}): this account may not upload to {where}; check its permissions"


def _not_found(_: boxup.ApiError, target: Target) -> str:
    if target.session_id:
        return f"session {target.session_id} is not known to Box (finished, aborted or expired)"
    if target.file_id:
        return f"file {target.file_id} not found, or this account cannot see it; check the --file id"
    if target.folder_id:
        return (
            f"folder {target.folder_id} not found, or this account cannot see it; check the --folder id "
            "(0 is the account's root folder)"
        )
    return "not found on Box, or this account cannot see it"


def _conflict(exc: boxup.ApiError, target: Target) -> str:
    if exc.code == "name_temporarily_reserved":
        return "another upload with this name is in progress in that folder; try again when it is done"
    if exc.code != "item_name_in_use":
        return f"Box reported a conflict ({exc.code or 'HTTP 409'}): {exc.message or 'no details'}"
    where = f" in folder {target.folder_id}" if target.folder_id else ""
    existing = exc.conflicting_file_id
    if target.file_id and existing != target.file_id:  # a new version renamed onto a name another file holds
        other = f"file {existing}" if existing else "another file"
        return (
            f"cannot rename file {target.file_id} to {target.name!r}: {other} in its folder already has that name; "
            "choose another --name, or drop --name"
        )
    if existing is None:
        return f"a file with this name already exists{where}; choose another --name, or upload with --file ID"
    path = shlex.quote(target.path) if target.path else "PATH"
    return (
        f"a file with this name already exists{where} (file id {existing}); to upload a new version of it run: "
        f"boxup upload {path} --file {existing}"
    )


def interrupted_by(signum: int | None) -> str:
    """How a signal is said: "interrupted" for Ctrl-C (or none known), "interrupted by SIGTERM" otherwise."""
    return "interrupted" if signum in (None, signal.SIGINT) else f"interrupted by {signal.Signals(signum).name}"


def signal_exit_code(signum: int | None) -> int:
    """128 + the signal, as shells report it: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP."""
    return EXIT_INTERRUPTED if signum is None else 128 + signum


def _why(exc: boxup.UploadInterrupted) -> str:
    """The reason alone: str(exc) carries boxup's own resume hint, which lacks the flags this run was given."""
    if exc.reason:
        return exc.reason
    return str(exc.__cause__) if exc.__cause__ is not None else "it did not finish"


def _lead(exc: boxup.UploadInterrupted) -> str:
    return interrupted_by(exc.signal) if exc.cancelled else f"upload stopped: {_why(exc)}"


def _interrupted(exc: boxup.UploadInterrupted, target: Target) -> Failure:
    lead = _lead(exc)
    if exc.resumable:
        text = (
            f"{lead}; session {exc.session_id} kept. To finish the upload run: {target.resume_command(exc.path)}"
            f" (or discard it: {target.abort_command(exc.session_id)})"
        )
    else:
        text = f"{lead}; session {exc.session_id} cannot be resumed, run the upload again"
        if exc.aborted:
            text = f"{lead}; session {exc.session_id} aborted, nothing is left to resume: run the upload again"
    return Failure(text, signal_exit_code(exc.signal) if exc.cancelled else EXIT_FAILED)


def _token_rejected(exc: boxup.TokenRejected, target: Target) -> Failure:
    return Failure(
        f"the token was rejected or has expired; after renewing it run: {target.resume_command(exc.path)}",
        EXIT_FAILED,
    )


def _input(exc: boxup.InputError, _: Target) -> Failure:
    return Failure(str(exc), EXIT_USAGE)


def _api(exc: boxup.ApiError, target: Target) -> Failure:
    text = _api_error(exc, target)
    return Failure(f"{text} (request id {exc.request_id})" if exc.request_id else text, EXIT_FAILED)


def _auth(exc: boxup.AuthError, target: Target) -> Failure:
    """Box refused a JWT or CCG grant: boxup's text says what to check, the target says where it was set."""
    return Failure(f"{exc} ({target.credentials})" if target.credentials else str(exc), EXIT_FAILED)


def _transport(exc: boxup.TransportError, _: Target) -> Failure:
    return Failure(
        f"cannot reach Box: {exc}; check the network connection, and BOX_API_URL / BOX_UPLOAD_URL if set", EXIT_FAILED
    )


def _integrity(exc: boxup.IntegrityError, _: Target) -> Failure:
    return Failure(f"{exc}; run the upload again once the file is stable", EXIT_FAILED)


def _response(exc: boxup.ResponseError, _: Target) -> Failure:
    return Failure(f"Box answered something boxup cannot accept: {exc}", EXIT_FAILED)


def _own_words(exc: BaseException, _: Target) -> Failure:
    """UnsafeEndpointError and any later kind of BoxError: boxup's message says it already."""
    return Failure(str(exc), EXIT_FAILED)


def _os(exc: OSError, _: Target) -> Failure:
    where = f"{exc.filename}: " if exc.filename else ""
    return Failure(f"{where}{exc.strerror or exc}", EXIT_FAILED)


# Most specific first: the first matching type explains the exception.
_EXPLAINERS: tuple[tuple[type[BaseException], Callable[[Any, Target], Failure]], ...] = (
    (boxup.TokenRejected, _token_rejected),
    (boxup.UploadInterrupted, _interrupted),
    (boxup.InputError, _input),
    (boxup.ApiError, _api),
    (boxup.AuthError, _auth),
    (boxup.TransportError, _transport),
    (boxup.IntegrityError, _integrity),
    (RedirectRefused, _own_words),
    (boxup.ResponseError, _response),
    (boxup.BoxError, _own_words),
    (OSError, _os),
)


def explain(exc: BaseException, target: Target) -> Failure:
    """The one line and exit code for an exception; anything unforeseen is called a bug, still in one line."""
    for kind, describe in _EXPLAINERS:
        if isinstance(exc, kind):
            return describe(exc, target)
    return Failure(f"unexpected {type(exc).__name__}: {exc} (a bug in boxup; run with -v for details)", EXIT_FAILED)
