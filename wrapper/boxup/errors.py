"""The exceptions boxup raises: one root, a few kinds a caller can act on.

``BoxError`` is the root. Every message is one line a person can act on, and none ever carries a token.
"""

from __future__ import annotations

from typing import Any

import attrs


class BoxError(Exception):
    """Root of every error boxup raises on purpose."""


class InputError(BoxError, ValueError):
    """Bad input caught before anything was sent: a path, an id, a name, a setting."""


class TransportError(BoxError):
    """The network failed (connection refused or reset, timeout) and retries did not get through."""


class AuthError(BoxError):
    """Box refused the credentials (bad client id or secret, subject not allowed, refresh token used up)."""


class UnsafeEndpointError(BoxError):
    """The server pointed us at a host we will not send a token to."""


class ResponseError(BoxError):
    """The server answered something we cannot accept: wrong shape, wrong part record, unparseable body."""


class IntegrityError(BoxError):
    """The bytes would not be the caller's file: the source changed, or a stored part does not match it."""


class RecordWriteError(BoxError):
    """The resume record of a new session could not be written; the session was aborted so none is orphaned."""


@attrs.frozen
class ApiErrorDetails:
    status: int
    code: str | None = None
    message: str | None = None
    request_id: str | None = None
    help_url: str | None = None
    context_info: dict[str, Any] | None = None
    retry_after: float | None = None


class ApiError(BoxError):
    """Box answered with an error status. ``code`` is Box's machine-readable reason, e.g. ``item_name_in_use``."""

    def __init__(self, operation: str, details: ApiErrorDetails) -> None:
        self.operation = operation
        self.details = details
        text = f"{operation}: HTTP {details.status}"
        if details.code:
            text += f" {details.code}"
        if details.message:
            text += f" - {details.message}"
        if details.request_id:
            text += f" (request id {details.request_id})"
        super().__init__(text)

    @property
    def status(self) -> int:
        return self.details.status

    @property
    def code(self) -> str | None:
        return self.details.code

    @property
    def message(self) -> str | None:
        return self.details.message

    @property
    def request_id(self) -> str | None:
        return self.details.request_id

    @property
    def context_info(self) -> dict[str, Any] | None:
        return self.details.context_info

    @property
    def retry_after(self) -> float | None:
        return self.details.retry_after

    @property
    def conflicting_file(self) -> dict[str, Any] | None:
        """For 409 item_name_in_use: the file already holding the name. Uploads get one object, folder creation a
        list; both are accepted."""
        conflicts = (self.context_info or {}).get("conflicts")
        if isinstance(conflicts, list):
            conflicts = conflicts[0] if conflicts else None
        return conflicts if isinstance(conflicts, dict) else None

    @property
    def conflicting_file_id(self) -> str | None:
        value = (self.conflicting_file or {}).get("id")
        return value if isinstance(value, str) else None

    @property
    def conflicting_sha1(self) -> str | None:
        value = (self.conflicting_file or {}).get("sha1")
        return value.lower() if isinstance(value, str) else None


class Interrupted(KeyboardInterrupt):
    """A sync call stopped by Ctrl-C, SIGTERM or SIGHUP when no single upload session was left to resume (before a
    session existed, or a tree run, whose rerun finishes it). Still a KeyboardInterrupt, so code that catches that
    keeps working; ``signal`` is the signal number (shells report 128 + it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signal = signum


class UploadInterrupted(BoxError):
    """The upload stopped before commit (Ctrl-C or another signal, cancellation, retries or commit budget used up).
    ``cancelled`` tells an interruption by the user from a failure that outlasted the retry policy; ``signal`` is the
    signal number (SIGINT, SIGTERM, SIGHUP) when one stopped it; ``aborted`` says the session was aborted on the
    way out (nothing is left to resume). The message says what happened; how to finish it
    (``client.resume(path)``, or a command) is the caller's to say."""

    def __init__(
        self,
        session_id: str,
        path: str,
        *,
        resumable: bool,
        reason: str,
        cancelled: bool = False,
        signal: int | None = None,
        aborted: bool = False,
    ) -> None:
        self.session_id = session_id
        self.aborted = aborted
        self.path = path
        self.resumable = resumable
        self.cancelled = cancelled
        self.reason = reason
        self.signal = signal
        outcome = "kept for resume" if resumable else "cannot be resumed"
        super().__init__(f"upload of {path} interrupted ({reason}); session {session_id} {outcome}")


class TokenRejected(UploadInterrupted):
    """Box rejected the token mid-upload (expired or revoked). The session and its record are kept, and no abort
    is tried with a token Box no longer takes: once it is renewed, ``resume`` finishes the upload."""

    def __init__(self, session_id: str, path: str) -> None:
        super().__init__(session_id, path, resumable=True, reason="the token was rejected or has expired")
