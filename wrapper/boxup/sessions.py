"""The public, step-by-step session API: ``client.sessions.create / attach / open`` and ``UploadSession``.

For callers who schedule parts themselves (their own workers, several processes or machines, a source that is not
a local file). Each call has what ``upload()`` has — the retry policy, the session's shared 429 pause, the token-host
check, part-answer verification, 202 polling — because both are built on ``remote.RemoteSession``. Input is checked
before anything is sent; the caller never builds ``Digest`` or ``Content-Range``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import attrs

from . import gateway
from .errors import ApiError, InputError, UnsafeEndpointError
from .models import PartRecord, SessionInfo, UploadedFile
from .parts import Part, split
from .remote import RemoteSession, abort_session, create_session
from .retry import Pacer
from .source import PartStream, Source, check_source
from .state import Destination, UploadRecord
from .validate import check_session_id, is_session_id

if TYPE_CHECKING:
    from .client import Client

JSON_KIND = "boxup.upload_session"
JSON_VERSION = 1
SHA1_HEX = re.compile(r"[0-9a-f]{40}")


@attrs.frozen
class SessionEndpoints:
    """Box's ``session_endpoints``; every URL passed the token-host check."""

    upload_part: str | None = None
    commit: str | None = None
    abort: str | None = None
    list_parts: str | None = None
    status: str | None = None
    log_event: str | None = None
    plan: str | None = None

    @classmethod
    def of(cls, raw: dict[str, str]) -> SessionEndpoints:
        return cls(**{f.name: raw.get(f.name) for f in attrs.fields(cls)})


def _check_hosts(client: Client, endpoints: dict[str, str]) -> None:
    for name, url in endpoints.items():
        if not client.endpoints.allows(url):
            raise UnsafeEndpointError(
                f"session_endpoints.{name} names {urlsplit(url).hostname!r}, which is neither the configured upload "
                "host nor a Box host; refusing to send the token there"
            )


class UploadSession:
    """One upload session. Every method has an ``_async`` twin; the plain ones run on the client's loop thread."""

    def __init__(self, client: Client, info: SessionInfo, file_size: int | None, *, pacer: Pacer | None = None) -> None:
        _check_hosts(client, info.endpoints)
        self._client = client
        self._info = info
        self.file_size = file_size
        self._pacer = pacer or Pacer()  # shared by every call on this session object: a 429 slows them all

    def __repr__(self) -> str:
        return f"boxup.UploadSession(id={self.id!r}, part_size={self.part_size}, total_parts={self.total_parts})"

    @property
    def id(self) -> str:
        return self._info.id

    @property
    def part_size(self) -> int:
        return self._info.part_size

    @property
    def total_parts(self) -> int:
        return self._info.total_parts

    @property
    def num_parts_processed(self) -> int | None:
        return self._info.num_parts_processed

    @property
    def expires_at(self) -> dt.datetime | None:
        return dt.datetime.fromisoformat(self._info.expires_at) if self._info.expires_at else None

    @property
    def endpoints(self) -> SessionEndpoints:
        return SessionEndpoints.of(self._info.endpoints)

    @property
    def parts(self) -> tuple[Part, ...]:
        return tuple(split(self._size(), self.part_size))

    # --- checks made before anything is sent ---------------------------------------------------------------

    def _size(self) -> int:
        if self.file_size is None:
            raise InputError(f"the file size of session {self.id} is unknown here: pass file_size= to open()")
        return self.file_size

    def _part_at(self, offset: int) -> Part:
        if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0 or offset % self.part_size:
            raise InputError(f"offset {offset!r} is not on a part boundary (parts are {self.part_size} bytes)")
        index = offset // self.part_size
        parts = self.parts
        if index >= len(parts):
            raise InputError(f"offset {offset} is past the end of the {self.file_size}-byte file")
        return parts[index]

    def _covering(self, parts: list[PartRecord]) -> list[PartRecord]:
        ordered = sorted(parts, key=lambda p: p.offset)
        wanted = [(p.offset, p.size) for p in self.parts]
        if [(p.offset, p.size) for p in ordered] != wanted:
            raise InputError(
                f"the parts given do not cover the file: {len(ordered)} parts for {len(wanted)} expected, "
                "each at its part boundary with its part's size"
            )
        return ordered

    # --- the operations ------------------------------------------------------------------------------------

    def _remote(self) -> RemoteSession:
        return RemoteSession(
            self._client._api(), self._info, self._size_or_zero(), self._client.settings, pacer=self._pacer
        )

    def _size_or_zero(self) -> int:
        return self.file_size if self.file_size is not None else 0

    async def upload_part_async(
        self, offset: int, data: bytes | bytearray | memoryview | str | os.PathLike[str]
    ) -> PartRecord:
        """Send the part at ``offset``: ``data`` is its bytes, or a path whose bytes at ``offset`` are streamed."""
        part = self._part_at(offset)
        if isinstance(data, str | os.PathLike):
            return await self._upload_from_file(part, check_source(data))
        if not isinstance(data, bytes | bytearray | memoryview):
            raise InputError(f"part data must be bytes-like or a path, got {type(data).__name__}")
        payload = bytes(data)
        if len(payload) != part.size:
            raise InputError(f"the part at offset {offset} is {part.size} bytes; {len(payload)} were given")
        sha1 = hashlib.sha1(payload).digest()  # noqa: S324 - Box's part digest
        return await self._remote().send_part(part, payload, sha1)

    async def _upload_from_file(self, part: Part, path: Path) -> PartRecord:
        if path.stat().st_size != self.file_size:
            raise InputError(f"{path} is {path.stat().st_size} bytes; the session is for a {self.file_size}-byte file")
        with Source(path) as source:
            digest = await asyncio.to_thread(source.digest_part, part, False)
            stream = PartStream(source, part, lambda _: None)
            return await self._remote().send_part(part, stream, digest.sha1)

    async def list_parts_async(self) -> list[PartRecord]:
        """Every part Box holds (all pages), sorted by offset."""
        found = await self._remote().list_parts()
        return [found[k] for k in sorted(found)]

    async def status_async(self) -> UploadSession:
        """The session as Box describes it now (``num_parts_processed``, ``expires_at``)."""
        return UploadSession(self._client, await self._remote().status(), self.file_size, pacer=self._pacer)

    async def commit_async(
        self, sha1: str, parts: list[PartRecord] | None = None, content_modified_at: dt.datetime | None = None
    ) -> UploadedFile:
        """Commit with the whole file's SHA-1 (hex). ``parts=None``: the parts Box holds. 202s are polled within
        the commit budget (``CommitPending`` after it)."""
        if not isinstance(sha1, str) or not SHA1_HEX.fullmatch(sha1.lower()):
            raise InputError(f"sha1 must be the whole file's SHA-1 as 40 hex digits, got {sha1!r}")
        if content_modified_at is not None and content_modified_at.tzinfo is None:
            content_modified_at = content_modified_at.replace(tzinfo=dt.UTC)
        if parts is not None:
            parts = self._covering(parts)
        remote = self._remote()
        listed = parts if parts is not None else self._covering(list((await remote.list_parts()).values()))
        return await remote.commit(listed, bytes.fromhex(sha1), content_modified_at)

    async def abort_async(self) -> None:
        """Delete the session on Box (a session Box no longer knows counts as deleted) and any local record."""
        api = self._client._api()
        try:
            host = api.session_client(self._info.endpoints, self.id)
        except UnsafeEndpointError:
            host = api.upload
        await self._client.settings.retry.run(
            lambda _: _abort_once(api, host, self.id), pacer=self._pacer, deadline=self._remote().deadline
        )
        self._client.store.remove(self.id)

    def to_json(self) -> str:
        """The session as text another process or machine can ``attach`` to. It holds no token or secret."""
        return json.dumps(
            {
                "type": JSON_KIND,
                "version": JSON_VERSION,
                "id": self.id,
                "part_size": self.part_size,
                "total_parts": self.total_parts,
                "file_size": self.file_size,
                "expires_at": self._info.expires_at,
                "endpoints": self._info.endpoints,
            },
            sort_keys=True,
        )

    # --- sync twins ----------------------------------------------------------------------------------------

    def upload_part(self, offset: int, data: bytes | bytearray | memoryview | str | os.PathLike[str]) -> PartRecord:
        return self._client._run(self.upload_part_async(offset, data))

    def list_parts(self) -> list[PartRecord]:
        return self._client._run(self.list_parts_async())

    def status(self) -> UploadSession:
        return self._client._run(self.status_async())

    def commit(
        self, sha1: str, parts: list[PartRecord] | None = None, content_modified_at: dt.datetime | None = None
    ) -> UploadedFile:
        return self._client._run(self.commit_async(sha1, parts, content_modified_at))

    def abort(self) -> None:
        self._client._run(self.abort_async())


async def _abort_once(api: gateway.Api, host: gateway.HostClient, session_id: str) -> None:
    try:
        await gateway.abort(api, host, session_id)
    except ApiError as exc:
        if exc.status not in (404, 410):
            raise


def _from_json(text: str) -> tuple[SessionInfo, int | None]:
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("type") != JSON_KIND or data.get("version") != JSON_VERSION:
            raise ValueError("not a boxup upload session")
        endpoints = data.get("endpoints") or {}
        if not isinstance(endpoints, dict) or not all(isinstance(v, str) for v in endpoints.values()):
            raise ValueError("endpoints")
        info = SessionInfo(
            str(data["id"]), int(data["part_size"]), int(data["total_parts"]), endpoints, data.get("expires_at")
        )
        size = data.get("file_size")
        size = None if size is None else int(size)
    except (ValueError, KeyError, TypeError, RecursionError):
        raise InputError("the text is not an upload session written by UploadSession.to_json()") from None
    if (
        not is_session_id(info.id)
        or info.part_size <= 0
        or (size is not None and info.total_parts != -(-size // info.part_size))
    ):
        raise InputError("the text is not a consistent upload session (id, part size, parts and file size)")
    return info, size


class Sessions:
    """``client.sessions``: create, attach to or open upload sessions; list the local resume records."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def local(self) -> list[UploadRecord]:
        return list(self._client.store.records())

    async def create_async(
        self,
        *,
        file_size: int,
        file_id: str | None = None,
        folder_id: str | None = None,
        file_name: str | None = None,
    ) -> UploadSession:
        """A session for a new file (``folder_id`` and ``file_name``) or a new version (``file_id``; ``file_name``
        renames)."""
        destination = self._client._destination(folder_id, file_id, file_name)
        if not isinstance(file_size, int) or isinstance(file_size, bool) or file_size <= 0:
            raise InputError(f"file_size must be a positive number of bytes, got {file_size!r}")
        api = self._client._api()
        pacer = Pacer()  # the new session's own: a 429 while creating it slows its later calls too
        info = await create_session(api, destination, file_size, self._client.settings, pacer)
        try:
            return UploadSession(self._client, info, file_size, pacer=pacer)
        except UnsafeEndpointError:
            await abort_session(api, api.upload, info.id, self._client.settings)
            raise

    def attach(self, text: str) -> UploadSession:
        """The session another process wrote with ``to_json()``; checked, and nothing is sent."""
        info, size = _from_json(text)
        return UploadSession(self._client, info, size)

    async def open_async(self, session_id: str, *, file_size: int | None = None) -> UploadSession:
        """A session from Box's status (and the local resume record, if this machine has one)."""
        check_session_id(session_id)
        record = self._client.store.load(session_id)
        size = file_size if file_size is not None else (record.source.size if record else None)
        endpoints = self._recorded_endpoints(record)
        seed = SessionInfo(session_id, 1, 1, endpoints, None)
        remote = RemoteSession(self._client._api(), seed, size or 0, self._client.settings)
        info = await remote.retrying(lambda: gateway.get_session(remote.api, remote.host, session_id, size))
        return UploadSession(self._client, info if info.endpoints else attrs.evolve(info, endpoints=endpoints), size)

    def _recorded_endpoints(self, record: UploadRecord | None) -> dict[str, str]:
        """The session hosts a local record names, unless refused: the configured host knows every session id."""
        endpoints = record.session_endpoints if record else {}
        try:
            _check_hosts(self._client, endpoints)
        except UnsafeEndpointError:
            return {}
        return endpoints

    def create(
        self,
        *,
        file_size: int,
        file_id: str | None = None,
        folder_id: str | None = None,
        file_name: str | None = None,
    ) -> UploadSession:
        return self._client._run(
            self.create_async(file_size=file_size, file_id=file_id, folder_id=folder_id, file_name=file_name)
        )

    def open(self, session_id: str, *, file_size: int | None = None) -> UploadSession:
        return self._client._run(self.open_async(session_id, file_size=file_size))

    # --- thin aliases kept for the CLI and existing callers --------------------------------------------------

    def get(self, session_id: str) -> SessionStatus:
        return self._client._run(self.get_async(session_id))

    async def get_async(self, session_id: str) -> SessionStatus:
        return SessionStatus.of(await self.open_async(session_id), self._client.store.load(session_id))

    def parts(self, session_id: str) -> list[PartRecord]:
        return self._client._run(self.parts_async(session_id))

    async def parts_async(self, session_id: str) -> list[PartRecord]:
        return await (await self.open_async(session_id)).list_parts_async()

    def abort(self, session_id: str) -> None:
        self._client._run(self.abort_async(session_id))

    async def abort_async(self, session_id: str) -> None:
        """Delete the session on Box and the local record; a session Box no longer knows only loses its record."""
        check_session_id(session_id)
        endpoints = self._recorded_endpoints(self._client.store.load(session_id))
        await UploadSession(self._client, SessionInfo(session_id, 1, 1, endpoints, None), None).abort_async()


@attrs.frozen
class SessionStatus:
    id: str
    part_size: int | None
    total_parts: int | None
    num_parts_processed: int | None
    expires_at: str | None
    record: UploadRecord | None  # the local resume record, if this machine started the upload

    @classmethod
    def of(cls, session: UploadSession, record: UploadRecord | None) -> SessionStatus:
        """A view of an opened session (no request of its own), with the local record if there is one."""
        info = session._info
        return cls(info.id, info.part_size, info.total_parts, session.num_parts_processed, info.expires_at, record)


__all__ = ["Destination", "SessionEndpoints", "SessionStatus", "Sessions", "UploadSession"]
