"""One upload session on Box, as retried and verified operations: the primitives both ``upload()`` and the public
session API (``client.sessions``) are built on.

Every call goes through the retry policy with the session's shared ``Pacer`` (a 429 pauses every request of the
session together), to the host ``session_endpoints`` names once it passed the token-host check. Part answers are
verified against what was sent; a 416 ``range_overlaps_existing_part`` holding our bytes counts as success.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import attrs

from . import gateway
from .config import TransferSettings
from .errors import ApiError, BoxError, IntegrityError, ResponseError
from .gateway import Api, HostClient
from .models import PartRecord, SessionInfo, UploadedFile
from .parts import Part
from .retry import Deadline, Pacer, parse_retry_after
from .state import Destination

T = TypeVar("T")
log = logging.getLogger("boxup")
ABORT_TIMEOUT = 30.0
PARTS_MISMATCH_TOLERANCE = 3  # commit right after the last part may briefly not see it (rclone#97)
GONE = (404, 410)


class CommitPending(BoxError):
    """Box kept answering 202 past the commit budget; the session is still there and can be committed later."""


def verified(file: UploadedFile, size: int, sha1: str) -> UploadedFile:
    """Box's account of the committed file must be the bytes we sent."""
    if file.sha1 is not None and file.sha1 != sha1:
        raise IntegrityError(f"Box reports sha1 {file.sha1} for the file, but the bytes sent hash to {sha1}")
    if file.size is not None and file.size != size:
        raise IntegrityError(f"Box reports {file.size} bytes for the file, but {size} were sent")
    return file


def stored_part(exc: ApiError) -> PartRecord | None:
    """The part a 416 overlap names in its context_info, if it names one completely."""
    raw = (exc.context_info or {}).get("conflicting_part")
    if isinstance(raw, dict):
        with contextlib.suppress(KeyError, TypeError, ValueError, AttributeError):
            return PartRecord(str(raw["part_id"]), int(raw["offset"]), int(raw["size"]), str(raw["sha1"]).lower())
    return None


async def create_session(
    api: Api, destination: Destination, size: int, settings: TransferSettings, pacer: Pacer
) -> SessionInfo:
    """A new session for ``size`` bytes to ``destination``, retried under ``pacer`` (the caller's shared 429 pause)."""
    return await settings.retry.run(
        lambda _: gateway.create_session(api, destination, size),
        pacer=pacer,
        deadline=Deadline.after(settings.deadline),
    )


class RemoteSession:
    """The operations on one live session. Raises ``UnsafeEndpointError`` at construction when Box named a host
    we will not send the token to."""

    def __init__(
        self,
        api: Api,
        info: SessionInfo,
        file_size: int,
        settings: TransferSettings,
        *,
        pacer: Pacer | None = None,
    ) -> None:
        self.api = api
        self.info = info
        self.file_size = file_size
        self.settings = settings
        self.pacer = pacer or Pacer()
        self.deadline = Deadline.after(settings.deadline)
        self.host: HostClient = api.session_client(info.endpoints, info.id)

    @property
    def id(self) -> str:
        return self.info.id

    async def retrying(self, call: Callable[[], Awaitable[T]], deadline: Deadline | None = None) -> T:
        return await self.settings.retry.run(lambda _: call(), pacer=self.pacer, deadline=deadline or self.deadline)

    async def status(self) -> SessionInfo:
        info = await self.retrying(lambda: gateway.get_session(self.api, self.host, self.id, self.file_size))
        return info if info.endpoints else attrs.evolve(info, endpoints=self.info.endpoints)

    async def list_parts(self) -> dict[int, PartRecord]:
        """Every part Box holds, by offset (pages of 1000; bounded by total_parts)."""
        found: dict[int, PartRecord] = {}
        for page in range(self.info.total_parts // gateway.LIST_PAGE + 1):
            entries = await self.retrying(
                lambda page=page: gateway.list_parts_page(  # type: ignore[misc]
                    self.api, self.host, self.id, page * gateway.LIST_PAGE
                )
            )
            found.update((r.offset, r) for r in entries)
            if len(entries) < gateway.LIST_PAGE:
                break
        return found

    async def send_part(
        self,
        part: Part,
        payload: Any,
        sha1: bytes,
        *,
        on_failure: Callable[[], None] | None = None,
        on_retry: Callable[[BaseException, float], None] | None = None,
    ) -> PartRecord:
        """Upload one part, at most once in effect: after an ambiguous failure, ask Box before sending again.
        ``payload`` must be re-sendable (bytes, or a stream that restarts on each iteration)."""
        ambiguous = False

        async def attempt(_: int) -> PartRecord:
            nonlocal ambiguous
            if ambiguous and (stored := (await self.list_parts()).get(part.offset)) is not None:
                return self.accept_stored(stored, part, sha1)
            try:
                return await self._put(part, payload, sha1)
            except BoxError as exc:
                if on_failure is not None:
                    on_failure()
                ambiguous = self.settings.retry.is_retryable(exc)
                raise

        return await self.settings.retry.run(attempt, pacer=self.pacer, deadline=self.deadline, on_retry=on_retry)

    async def _put(self, part: Part, payload: Any, sha1: bytes) -> PartRecord:
        try:
            record = await gateway.put_part(
                self.api, self.host, self.id, part, file_size=self.file_size, payload=payload, sha1=sha1
            )
        except ApiError as exc:
            if exc.status == 416 and exc.code == "range_overlaps_existing_part":
                return await self._overlap(part, sha1, exc)
            raise
        if not record.matches(part, sha1.hex()):
            raise ResponseError(
                f"upload part: Box recorded offset {record.offset}, size {record.size}, sha1 {record.sha1} for the "
                f"part sent at offset {part.offset}, size {part.size}, sha1 {sha1.hex()}"
            )
        return record

    async def _overlap(self, part: Part, sha1: bytes, exc: ApiError) -> PartRecord:
        """416 overlap: an earlier attempt (ours, or another process's) landed. Same bytes: success."""
        stored = stored_part(exc)
        if stored is None or stored.offset != part.offset:
            stored = (await self.list_parts()).get(part.offset)
        if stored is None:
            raise exc
        return self.accept_stored(stored, part, sha1)

    @staticmethod
    def accept_stored(stored: PartRecord, part: Part, sha1: bytes) -> PartRecord:
        if not stored.matches(part, sha1.hex()):
            raise IntegrityError(
                f"Box holds different bytes at offset {part.offset} (sha1 {stored.sha1}, ours {sha1.hex()}); "
                "the upload cannot continue in this session"
            )
        return stored

    async def commit(
        self, parts: list[PartRecord], sha1: bytes, content_modified_at: dt.datetime | None
    ) -> UploadedFile:
        """Commit, polling 202 answers within the commit budget; ``CommitPending`` when the budget runs out."""
        budget = Deadline.after(self.settings.commit_timeout)
        mismatches = 0
        while True:
            try:
                answer = await self.retrying(
                    lambda: gateway.commit(
                        self.api, self.host, self.id, parts, sha1=sha1, content_modified_at=content_modified_at
                    ),
                    budget,
                )
            except ApiError as exc:
                mismatches += 1
                if exc.code != "parts_mismatch" or mismatches > PARTS_MISMATCH_TOLERANCE:
                    raise
                answer = gateway.Commit(None)
            if answer.file is not None:
                return verified(answer.file, self.file_size, sha1.hex())
            await self._wait_for_processing(answer.retry_after, budget)

    async def _wait_for_processing(self, retry_after: str | None, budget: Deadline) -> None:
        wait = parse_retry_after(retry_after)
        wait = self.settings.commit_default_wait if wait is None else min(wait, self.settings.retry.max_retry_after)
        if wait >= budget.remaining():
            raise CommitPending(f"Box was still processing the parts of session {self.id} after the commit budget")
        await asyncio.sleep(wait)

    async def abort(self) -> bool:
        """Delete the session: retried within ``ABORT_TIMEOUT`` and shielded from a cancellation that may be
        tearing the upload down. True when Box no longer holds it."""
        return await abort_session(self.api, self.host, self.id, self.settings)


async def abort_session(api: Api, host: HostClient, session_id: str, settings: TransferSettings) -> bool:
    async def attempt(_: int) -> None:
        try:
            await gateway.abort(api, host, session_id)
        except ApiError as exc:
            if exc.status not in GONE:  # gone already is what we wanted
                raise

    retried = settings.retry.run(attempt, pacer=Pacer(), deadline=Deadline.after(ABORT_TIMEOUT))
    try:
        await asyncio.shield(asyncio.wait_for(retried, ABORT_TIMEOUT))
    except (BoxError, TimeoutError):
        return False
    return True
