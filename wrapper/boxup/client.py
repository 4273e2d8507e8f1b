"""``boxup.Client``: the public entry point. Validates input, owns connections, and runs the engine.

The engine is asyncio; ``upload_async`` runs it on the caller's loop, and ``upload`` runs the same coroutine on a
private loop thread that lives as long as the client (so its connection pools are reused across calls). Ctrl-C in
``upload`` cancels the upload promptly, keeps the session for ``resume`` and raises ``UploadInterrupted``.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import signal
import threading
import time
import weakref
from collections.abc import Coroutine, Iterator, Mapping, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

import attrs
import httpx

from . import environment
from .auth import BearerToken
from .config import Endpoints, TransferSettings
from .engine import Engine
from .errors import InputError, Interrupted, UploadInterrupted
from .gateway import Api
from .models import UploadedFile
from .progress import ProgressCallback, ProgressTracker
from .results import FileResult
from .sessions import Sessions
from .slots import Slots
from .source import check_source, link_name
from .state import Destination, StateStore, UploadRecord
from .validate import check_id, check_name

T = TypeVar("T")
INTERRUPT_GRACE = 5.0  # seconds Ctrl-C waits for in-flight requests to be cancelled and the state to settle
POOL_CEILING = 64  # connections per host the pool allows at least; see Client._api
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)  # handled like SIGINT while a sync call runs


def _raise_signalled(signum: int, _: object) -> None:
    raise Interrupted(signum)


@contextlib.contextmanager
def _stop_signals_interrupt() -> Iterator[None]:
    """While a sync call runs, SIGTERM and SIGHUP interrupt it like Ctrl-C (main thread only: Python handles
    signals there), so a service manager's stop or a closed terminal keeps the session for resume."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, _raise_signalled) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _wait_through_interrupts(settled: threading.Event, seconds: float) -> None:
    """Wait up to ``seconds`` for ``settled``; a further Ctrl-C or stop signal meanwhile does not cut it short."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            settled.wait(max(0.0, deadline - time.monotonic()))
            return
        except KeyboardInterrupt:
            continue


class _LoopThread:
    """A private event loop on a daemon thread, for the synchronous API."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="boxup-loop", daemon=True)
        self._thread.start()

    def submit(self, coro: Coroutine[Any, Any, T]) -> tuple[Future[T], threading.Event]:
        settled = threading.Event()

        async def run() -> T:
            try:
                return await coro
            finally:
                settled.set()

        return asyncio.run_coroutine_threadsafe(run(), self.loop), settled

    def stop(self) -> None:
        # Join the loop's worker threads (file reads and hashing go through its default executor) before it stops:
        # closing the loop only asks them to end, and a process about to exit should find no thread left behind
        # (the CLI then skips the interpreter's teardown). A worker stuck in a read is waited for 5 s at most.
        joined = asyncio.run_coroutine_threadsafe(self.loop.shutdown_default_executor(), self.loop)
        with contextlib.suppress(TimeoutError):
            joined.result(timeout=5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)
        if not self._thread.is_alive():
            self.loop.close()


class Client:
    """Uploads files to Box. Use it as a context manager, or call ``close()`` when done."""

    def __init__(
        self,
        *,
        auth: httpx.Auth | str,
        endpoints: Endpoints | None = None,
        settings: TransferSettings | None = None,
        concurrency: int | Literal["auto"] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        as_user: str | None = None,
    ) -> None:
        self.endpoints = endpoints or Endpoints()
        self.as_user = check_id("As-User user", as_user) if as_user is not None else None
        settings = settings or TransferSettings()
        self.settings = attrs.evolve(settings, concurrency=concurrency) if concurrency is not None else settings
        self.auth = BearerToken(auth) if isinstance(auth, str) else auth
        self.store = StateStore(self.settings.state_dir)
        self.sessions = Sessions(self)
        self._transport = transport
        # One Api per loop and per As-User identity (resume may act as the user a record names).
        self._apis: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str | None, Api]] = (
            weakref.WeakKeyDictionary()
        )
        self._loop_thread: _LoopThread | None = None

    def __repr__(self) -> str:
        return f"boxup.Client(upload_url={self.endpoints.upload_url!r}, concurrency={self.settings.concurrency})"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, profile: str | None = None, **options: Any) -> Client:
        """Configure from the environment (``env``, default ``os.environ``) over a named profile (``profile`` or
        BOXUP_PROFILE): BOX_ACCESS_TOKEN, BOX_TOKEN_FILE, BOX_CONFIG_FILE (a JWT app, with BOX_JWT_USER_ID to act
        as that user), the BOX_CLIENT_* CCG variables; BOX_AS_USER, BOX_*_URL, BOXUP_STATE_DIR, BOXUP_CONCURRENCY,
        BOXUP_TIMEOUT, BOXUP_MAX_ATTEMPTS, BOXUP_COMMIT_TIMEOUT. ``options`` (auth, endpoints, settings, as_user,
        transport) win over all of them."""
        found = environment.settings_for(os.environ if env is None else env, profile=profile)
        endpoints = options.pop("endpoints", None) or environment.endpoints_from(found)
        auth = options.pop("auth", None) or environment.auth_from(found, endpoints)
        given = options.pop("settings", None)  # the caller's settings win whole; only a missing state dir is filled
        settings = environment.transfer_from(found) if given is None else environment.with_state_dir(found, given)
        options.setdefault("as_user", environment.value(found, "as_user"))
        return cls(auth=auth, endpoints=endpoints, settings=settings, **options)

    # --- uploads --------------------------------------------------------------------------------------------

    def upload(
        self,
        path: str | os.PathLike[str],
        *,
        folder_id: str | None = None,
        file_id: str | None = None,
        name: str | None = None,
        content_modified_at: dt.datetime | None = None,
        progress: ProgressCallback | None = None,
        resume: bool = True,
    ) -> UploadedFile:
        """Upload ``path`` as a new file in ``folder_id`` or a new version of ``file_id``; return the committed file.

        Files below 20 MiB go in one request; larger ones through an upload session, in parallel parts. With
        ``resume`` (the default) an interrupted upload of the same file to the same place is continued.
        """
        source, destination = self._validate(path, folder_id, file_id, name)
        tracker = ProgressTracker(progress, source.stat().st_size)
        coro = self._engine().upload(
            source, destination, progress=tracker, content_modified_at=content_modified_at, resume=resume
        )
        return self._run(coro, tracker=tracker, path=source, keep=resume)

    async def upload_async(
        self,
        path: str | os.PathLike[str],
        *,
        folder_id: str | None = None,
        file_id: str | None = None,
        name: str | None = None,
        content_modified_at: dt.datetime | None = None,
        progress: ProgressCallback | None = None,
        resume: bool = True,
        slots: Slots | None = None,
    ) -> UploadedFile:
        """``upload`` for asyncio. Cancelling the task keeps the session and its record for ``resume``.

        ``slots``: request slots shared with other uploads on this loop (their capacity may change while this
        runs); by default the upload has its own ``settings.concurrency`` slots."""
        source, destination = self._validate(path, folder_id, file_id, name)
        tracker = ProgressTracker(progress, source.stat().st_size)
        return await self._engine(slots).upload(
            source, destination, progress=tracker, content_modified_at=content_modified_at, resume=resume
        )

    def upload_tree(self, paths: Sequence[str | os.PathLike[str]], **options: Any) -> list[FileResult]:
        """Mirror files and directories under ``folder_id``: one result per file (``boxup.treeupload``). Ctrl-C
        keeps the half-sent big files' sessions; the same call again finishes the tree."""
        from .treeupload import upload_tree_async  # the tree module builds on this one

        return self._run(upload_tree_async(self, paths, **options))

    async def upload_tree_async(self, paths: Sequence[str | os.PathLike[str]], **options: Any) -> list[FileResult]:
        """``upload_tree`` for asyncio; options as ``treeupload.upload_tree_async``."""
        from .treeupload import upload_tree_async

        return await upload_tree_async(self, paths, **options)

    def resume(
        self, path: str | os.PathLike[str] | None = None, *, progress: ProgressCallback | None = None
    ) -> list[UploadedFile]:
        """Finish interrupted uploads: all of them, or the one for ``path``."""
        done = []
        for record in self._records_to_resume(path):
            tracker = ProgressTracker(progress, record.source.size)
            coro = self._engine(as_user=self._resume_user(record)).resume(record, progress=tracker)
            done.append(self._run(coro, tracker=tracker, path=Path(record.source.path)))
        return done

    async def resume_async(
        self, path: str | os.PathLike[str] | None = None, *, progress: ProgressCallback | None = None
    ) -> list[UploadedFile]:
        done = []
        for record in self._records_to_resume(path):
            tracker = ProgressTracker(progress, record.source.size)
            done.append(await self._engine(as_user=self._resume_user(record)).resume(record, progress=tracker))
        return done

    def _resume_user(self, record: UploadRecord) -> str | None:
        """Resume acts as the user the record was made as, unless this client names one (the engine then refuses
        a different one)."""
        return record.as_user if self.as_user is None else self.as_user

    def _records_to_resume(self, path: str | os.PathLike[str] | None) -> list[UploadRecord]:
        if path is None:
            return list(self.store.records())
        found = self.store.find_all(Path(path).expanduser().resolve())
        if not found:
            raise InputError(f"no interrupted upload of {path} is recorded in {self.store.directory}")
        return found

    # --- plumbing -------------------------------------------------------------------------------------------

    def _validate(
        self, path: str | os.PathLike[str], folder_id: str | None, file_id: str | None, name: str | None
    ) -> tuple[Path, Destination]:
        source = check_source(path)
        if name is None and folder_id is not None:
            name = link_name(path)  # a symlink's target is uploaded under the link's name
        return source, self._destination(folder_id, file_id, name)

    @staticmethod
    def _destination(folder_id: str | None, file_id: str | None, name: str | None) -> Destination:
        if (folder_id is None) == (file_id is None):
            raise InputError("give exactly one of folder_id (a new file) or file_id (a new version)")
        if folder_id is not None:
            if name is None:
                raise InputError("a new file needs a file name")
            return Destination(check_id("folder", folder_id), None, check_name(name))
        return Destination(None, check_id("file", cast(str, file_id)), check_name(name) if name is not None else None)

    def _api(self, as_user: str | None = None) -> Api:
        """This loop's Api acting as ``as_user`` (default: the client's own As-User, if any)."""
        user = as_user or self.as_user
        apis = self._apis.setdefault(asyncio.get_running_loop(), {})
        if user not in apis:
            apis[user] = self._new_api(user)
        return apis[user]

    def tree_api(self) -> Api:
        """A pool of its own for one tree run (closed when the run ends, whatever loop it ran on)."""
        return self._new_api(self.as_user)

    def _new_api(self, as_user: str | None) -> Api:
        return Api(
            self.endpoints,
            self.auth,
            timeout=self.settings.timeout,
            # The slots bound requests in flight; the pool is only a ceiling, high enough that shared slots
            # raised at run time (and auto's cap) are not silently capped by it (connections open lazily).
            max_connections=max(self.settings.start_concurrency, POOL_CEILING) + 4,
            transport=self._transport,
            as_user=as_user,
        )

    def _engine(self, slots: Slots | None = None, *, as_user: str | None = None) -> _LazyEngine:
        return _LazyEngine(self, slots, as_user)

    def _run(
        self,
        coro: Coroutine[Any, Any, T],
        *,
        tracker: ProgressTracker | None = None,
        path: Path | None = None,
        keep: bool = True,
    ) -> T:
        if self._loop_thread is None:
            self._loop_thread = _LoopThread()
        future, settled = self._loop_thread.submit(coro)
        # The stop signals stay handled until the state has settled: a second signal must not kill the process
        # (or, for SIGINT, escape as a bare KeyboardInterrupt) while the policy keeps or aborts the session.
        with _stop_signals_interrupt():
            try:
                return future.result()
            except KeyboardInterrupt as exc:
                # The engine's cancellation path applies the policy (keep, or abort when nothing could resume it).
                future.cancel()
                _wait_through_interrupts(settled, INTERRUPT_GRACE)
                session_id = tracker.session_id if tracker else None
                if session_id and path is not None:
                    signum = exc.signal if isinstance(exc, Interrupted) else signal.SIGINT
                    reason = f"interrupted by {signal.Signals(signum).name}" + ("" if keep else "; session aborted")
                    raise UploadInterrupted(
                        session_id,
                        str(path),
                        resumable=keep,
                        reason=reason,
                        cancelled=True,
                        signal=signum,
                        aborted=not keep,  # the policy aborts a session nobody could resume
                    ) from None
                if isinstance(exc, Interrupted):
                    raise
                raise Interrupted(signal.SIGINT) from None

    def close(self) -> None:
        if self._loop_thread is not None:
            loop_thread = self._loop_thread
            for api in self._apis.get(loop_thread.loop, {}).values():
                future, _ = loop_thread.submit(api.aclose())
                future.result(timeout=10)
            loop_thread.stop()
            self._loop_thread = None

    async def aclose(self) -> None:
        for api in self._apis.pop(asyncio.get_running_loop(), {}).values():
            await api.aclose()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class _LazyEngine:
    """Builds the engine on the loop that runs it, so each loop gets its own connection pools."""

    def __init__(self, client: Client, slots: Slots | None = None, as_user: str | None = None) -> None:
        self._client = client
        self._slots = slots
        self._as_user = as_user

    def _engine(self) -> Engine:
        return Engine(self._client._api(self._as_user), self._client.settings, self._client.store, self._slots)

    async def upload(self, path: Path, destination: Destination, **kwargs: Any) -> UploadedFile:
        return await self._engine().upload(path, destination, **kwargs)

    async def resume(self, record: UploadRecord, **kwargs: Any) -> UploadedFile:
        return await self._engine().resume(record, **kwargs)
