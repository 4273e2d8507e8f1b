"""The failure policy of one chunked upload: created with its session, it alone decides what an ending leaves behind.

Like s3transfer's ``add_failure_cleanup`` registered when a multipart upload is created: the policy owns the resume
record (written when the session is created, removed when it is settled) and, when the upload stops, decides
between keeping the session (something can resume it) and aborting it, and raises ``UploadInterrupted`` — the one
place that does. A signal (SIGINT, SIGTERM, SIGHUP) reaches the engine as a cancellation and is handled here too.
"""

from __future__ import annotations

import asyncio
from typing import NoReturn

from .config import TransferSettings
from .errors import ApiError, BoxError, IntegrityError, RecordWriteError, TokenRejected, UploadInterrupted
from .progress import Event, ProgressTracker
from .remote import CommitPending, RemoteSession
from .state import StateStore, UploadRecord

# Box's answer when a part's bytes do not match the Digest sent with them: the file changed after it was hashed.
# (At commit the same code is left as Box's error: there it may also mean a wrong part list.)
SOURCE_CHANGED_CODES = frozenset({"digest_mismatch"})


class FailurePolicy:
    """``keep``: a resume record exists (or is written now), so an interruption keeps the session."""

    def __init__(
        self,
        remote: RemoteSession,
        store: StateStore,
        settings: TransferSettings,
        progress: ProgressTracker,
        path: str,
        *,
        keep: bool,
    ) -> None:
        self.remote = remote
        self.store = store
        self.settings = settings
        self.progress = progress
        self.path = path
        self.keep = keep

    async def record(self, record: UploadRecord) -> None:
        """Write the resume record of a fresh session (only when it may be resumed). A session nobody could
        resume is an orphan: when the record cannot be written, abort the session and say why."""
        if not self.keep:
            return
        try:
            self.store.save(record)
        except OSError as exc:
            aborted = await self.remote.abort()
            outcome = "aborted" if aborted else "could not be aborted either (Box drops it within 7 days)"
            raise RecordWriteError(
                f"cannot write the resume record in {self.store.directory} ({exc.strerror or exc}); "
                f"session {self.remote.id} {outcome}"
            ) from exc

    def settled(self) -> None:
        """The upload is committed: nothing is left to resume. A record that cannot be removed is only a warning:
        the file is on Box, and saying otherwise would make a script upload it again."""
        try:
            self.store.remove(self.remote.id)
        except OSError as exc:
            self.progress.emit(
                Event.NOTICE,
                message=f"the upload is committed, but its resume record in {self.store.directory} could not be "
                f"removed ({exc.strerror or exc}); delete {self.remote.id}.json there by hand",
            )

    async def failed(self, exc: BaseException) -> NoReturn:
        """Apply the policy to the error that stopped the upload, then raise what the caller should see."""
        if isinstance(exc, asyncio.CancelledError):
            if not self.keep:  # nobody could resume it: do not leave an orphan behind
                await self.remote.abort()
            raise exc  # keep session and record: the caller (or Client._run) reports the interruption
        if isinstance(exc, CommitPending):
            if not self.keep:
                await self.remote.abort()
                self._interrupted(
                    False,
                    f"Box was still processing after {self.settings.commit_timeout:.0f}s; session aborted",
                    aborted=True,
                )
            self._interrupted(True, "Box is still processing the parts")
        if isinstance(exc, ApiError) and exc.status == 401 and self.keep:
            raise TokenRejected(self.remote.id, self.path) from exc  # an abort with this token would fail too
        if isinstance(exc, ApiError) and exc.operation == "upload part" and exc.code in SOURCE_CHANGED_CODES:
            await self._abort_and_forget()
            raise IntegrityError(f"{self.path} changed during the upload; nothing was committed") from exc
        if isinstance(exc, BoxError):
            if self.keep and self.settings.retry.is_retryable(exc):
                raise UploadInterrupted(self.remote.id, self.path, resumable=True, reason=str(exc)) from exc
            await self._abort_and_forget()
        raise exc

    def _interrupted(self, resumable: bool, reason: str, *, aborted: bool = False) -> NoReturn:
        raise UploadInterrupted(
            self.remote.id, self.path, resumable=resumable, reason=reason, aborted=aborted
        ) from None

    async def _abort_and_forget(self) -> None:
        """After a fatal error: abort the session; keep its record only if Box may still hold it."""
        if await self.remote.abort():
            self.store.remove(self.remote.id)
        elif self.keep:
            self.progress.emit(
                Event.NOTICE,
                message=f"session {self.remote.id} could not be aborted; it stays recorded so it can be aborted later",
            )
