"""Serving the app with uvicorn: in the foreground for ``python -m tests.fakebox``, or on a background thread for
the pytest fixture. httptools and uvloop are used when installed, since benchmarks push hundreds of MiB/s through.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import uvicorn

from .app import build_app
from .state import State
from .storage import Storage
from .tls import TlsFiles


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # The owner decides what a signal means: uvicorn's own handling re-raises SIGTERM after shutdown, which
        # would turn a clean stop into a death by signal.
        yield


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    if importlib.util.find_spec("uvloop") is None:
        return None
    import uvloop

    return uvloop.new_event_loop


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def bind_unix(path: Path) -> socket.socket:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.set_inheritable(True)
    return sock


class FakeBoxServer:
    """One emulator: its storage, its state, its app and the uvicorn server around them."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        settings: dict[str, Any] | None = None,
        data_dir: Path | None = None,
        log_level: str = "warning",
        tls: TlsFiles | None = None,
        unix_socket: Path | None = None,
    ) -> None:
        """``tls``: serve HTTPS with that certificate (tls.py); ``unix_socket``: listen on that path as well, so
        a process outside the emulator's network namespace can still reach it (the same app, the same TLS)."""
        self.storage = Storage(data_dir)
        self.sockets: list[socket.socket] = []
        try:
            self.state = State(self.storage)
            self.state.reset(settings)
            self.sock = bind(host, port)
            self.sockets.append(self.sock)
            if unix_socket is not None:
                self.sockets.append(bind_unix(unix_socket))
        except BaseException:
            self.close()  # a bad setting or a busy port must not leave a temporary directory behind
            raise
        bound_host, bound_port = self.sock.getsockname()[:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        self.base_url = f"{'https' if tls else 'http'}://{shown}:{bound_port}"
        http = "httptools" if importlib.util.find_spec("httptools") else "h11"
        config = uvicorn.Config(
            build_app(self.state),
            http=http,
            lifespan="off",
            access_log=False,
            log_level=log_level,
            timeout_keep_alive=75,
            server_header=False,
            date_header=False,  # the operations send their own Date, from the emulated (possibly skewed) clock
            ssl_certfile=str(tls.cert) if tls else None,
            ssl_keyfile=str(tls.key) if tls else None,
        )
        self.server = _Server(config)
        self._thread: threading.Thread | None = None

    async def serve(self, on_ready: Callable[[], None] = lambda: None) -> None:
        task = asyncio.create_task(self.server.serve(sockets=self.sockets))
        while not self.server.started:
            if task.done():
                await task
                raise RuntimeError("the emulator stopped while starting")
            await asyncio.sleep(0.005)
        on_ready()
        await task

    def request_stop(self) -> None:
        self.server.should_exit = True

    def close(self) -> None:
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                if sock.family == socket.AF_UNIX:
                    os.unlink(sock.getsockname())
                sock.close()
        self.storage.close()

    # --- background thread (pytest) ---
    def start_in_thread(self, timeout: float = 15.0) -> FakeBoxServer:
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            try:
                with asyncio.Runner(loop_factory=loop_factory()) as runner:
                    runner.run(self.serve(ready.set))
            except BaseException as exc:
                failure.append(exc)
                ready.set()

        self._thread = threading.Thread(target=run, name="fakebox", daemon=True)
        self._thread.start()
        if not ready.wait(timeout) or failure:
            raise RuntimeError(f"the emulator did not start: {failure[0] if failure else 'timeout'}")
        return self

    def stop(self, timeout: float = 15.0) -> None:
        self.request_stop()
        if self._thread is not None:
            self._thread.join(timeout)
        self.close()
