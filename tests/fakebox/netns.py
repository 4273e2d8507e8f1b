"""Box's real HTTPS hosts on this machine, for unmodified clients: the emulator and the client in a private network
and mount namespace, where ``api.box.com`` and ``upload.box.com`` are 127.0.0.1 and port 443 is fakebox over TLS.

    with BoxNet.start(settings=TEST_SETTINGS) as net:
        result = net.run(["rclone", "copyto", "big.bin", "box:big.bin"], env={...}, timeout=120)
        net.box.find_file("big.bin")        # a FakeBox handle, reached over a Unix socket from outside

How: ``unshare --net --mount`` starts a holder process whose namespaces everything else joins with ``nsenter``. The
holder brings loopback up and bind-mounts a hosts file over ``/etc/hosts`` inside its own mount namespace (mount
propagation private), so nothing outside changes: the machine's ``/etc/hosts`` and network are never touched, and
the namespace has no route anywhere but loopback. The emulator serves TLS with a throw-away CA (tls.py) on
127.0.0.1:443 and on a Unix socket in a temporary directory, which the test process outside uses as its admin
channel. Clients get the CA through ``SSL_CERT_FILE`` (Go, OpenSSL, httpx) and ``REQUESTS_CA_BUNDLE`` (requests).

Needs root and util-linux's ``unshare``/``nsenter``/``setpriv`` plus iproute2's ``ip``; ``unavailable()`` says why not.
Every process is bounded: the holder sleeps at most an hour, every wait has a timeout, ``close`` ends what is
left, and each process gets SIGTERM if the thread that started it dies (so start a BoxNet from a thread that
outlives it, e.g. the main thread).
"""

from __future__ import annotations

import contextlib
import os
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import tls
from .handle import FakeBox
from .process import stop

REPO = Path(__file__).resolve().parents[2]
HOST_NAMES = ("api.box.com", "upload.box.com", "upload.app.box.com", "upload-las.app.box.com")
HOLDER_LIFETIME = 3600  # seconds: a holder orphaned by a crashed test process ends by itself
START_TIMEOUT = 30.0
# Variables that would send a client elsewhere than the emulator (a proxy, boxup's own URL overrides).
SCRUBBED = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy", "NO_PROXY",
            "no_proxy", "BOX_API_URL", "BOX_UPLOAD_URL", "BOX_OAUTH_URL")  # fmt: skip
# SIGTERM when the process that started it dies, so a test process killed with -9 leaves no emulator listening in an
# orphaned namespace (util-linux's setpriv; the death signal survives exec).
DIE_WITH_PARENT = ("setpriv", "--pdeathsig", "TERM", "--")
HOLDER_SCRIPT = 'ip link set lo up && mount --bind "$1" /etc/hosts && echo ready && exec sleep "$2"'


class NamespaceError(RuntimeError):
    """The namespace or the emulator in it could not be started."""


def unavailable() -> str | None:
    """Why this machine cannot make the namespace (not root, a tool missing), or None when it can."""
    if os.geteuid() != 0:
        return "needs root (unshare --net --mount)"
    missing = [tool for tool in ("unshare", "nsenter", "setpriv", "ip") if shutil.which(tool) is None]
    return f"needs {', '.join(missing)} on PATH" if missing else None


def _read_line(proc: subprocess.Popen[str], timeout: float, what: str) -> str:
    """The first line ``proc`` prints, waited for at most ``timeout`` seconds."""
    assert proc.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise NamespaceError(f"{what}: nothing printed within {timeout:.0f} s")
    line = proc.stdout.readline().strip()
    if not line:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(5)
        err = proc.stderr.read() if proc.poll() is not None and proc.stderr else ""
        raise NamespaceError(f"{what} did not start: {err.strip()[-2000:]}")
    return line


@dataclass
class BoxNet:
    """One namespace with the emulator in it. Build it with :meth:`start`; it is a context manager."""

    root: Path
    holder: subprocess.Popen[str]
    tls_files: tls.TlsFiles
    emulator: subprocess.Popen[str] | None = None
    box: FakeBox = field(init=False)

    @classmethod
    @contextlib.contextmanager
    def start(cls, *, settings: Mapping[str, Any] | None = None, extra_args: Sequence[str] = ()) -> Iterator[BoxNet]:
        """The namespace, and fakebox in it on https://api.box.com (port 443) with ``settings``."""
        reason = unavailable()
        if reason:
            raise NamespaceError(f"cannot make the namespace: {reason}")
        root = Path(tempfile.mkdtemp(prefix="boxnet-"))
        net: BoxNet | None = None
        try:
            net = cls._enter(root)
            net._start_emulator(settings or {}, extra_args)
            yield net
        finally:
            if net is not None:
                net.close()
            shutil.rmtree(root, ignore_errors=True)

    @classmethod
    def _enter(cls, root: Path) -> BoxNet:
        hosts = root / "hosts"
        hosts.write_text("127.0.0.1 localhost " + " ".join(HOST_NAMES) + "\n::1 localhost ip6-localhost\n")
        files = tls.make(root / "tls")
        holder = subprocess.Popen(
            [*DIE_WITH_PARENT, "unshare", "--net", "--mount", "--propagation", "private", "--",
             "sh", "-c", HOLDER_SCRIPT, "boxnet-holder", str(hosts), str(HOLDER_LIFETIME)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            if _read_line(holder, START_TIMEOUT, "the namespace holder") != "ready":
                raise NamespaceError("the namespace holder printed something unexpected")
        except BaseException:
            stop(holder)
            raise
        return cls(root, holder, files)

    def _start_emulator(self, settings: Mapping[str, Any], extra_args: Sequence[str]) -> None:
        import json

        sock = self.root / "fakebox.sock"
        sets = [f"--set={name}={json.dumps(value)}" for name, value in settings.items()]
        self.emulator = self.popen(
            [sys.executable, "-m", "tests.fakebox", "--host", "127.0.0.1", "--port", "443",
             "--tls", str(self.root / "tls"), "--unix-socket", str(sock), *sets, *extra_args],
            env={"PYTHONUNBUFFERED": "1"}, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        line = _read_line(self.emulator, START_TIMEOUT, "the emulator")
        if not line.startswith("https://"):
            raise NamespaceError(f"the emulator printed {line!r}")
        # The same certificate names 127.0.0.1, so the handle verifies it over the socket as a client would.
        self.box = FakeBox("https://127.0.0.1", uds=sock, verify=self.tls_files.ca)
        if not self.box.is_up():
            raise NamespaceError("the emulator does not answer on its Unix socket")

    # --- running clients inside ---
    @property
    def ca_file(self) -> Path:
        return self.tls_files.ca

    def client_env(self, env: Mapping[str, str] | None = None) -> dict[str, str]:
        """This process's environment with the CA trusted, no proxy and no boxup URL overrides, plus ``env``."""
        base = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
        ca = str(self.tls_files.ca)
        base |= {"SSL_CERT_FILE": ca, "REQUESTS_CA_BUNDLE": ca, "CURL_CA_BUNDLE": ca}
        return base | dict(env or {})

    def command(self, argv: Sequence[str], cwd: Path | None = None) -> list[str]:
        """``argv`` prefixed so it runs inside the namespace, in ``cwd`` (entering a mount namespace moves a
        process to its root, so nsenter is told where to go back to)."""
        where = cwd or self.root
        return [*DIE_WITH_PARENT, "nsenter", f"--target={self.holder.pid}", "--net", "--mount", f"--wd={where}", "--",
                *argv]  # fmt: skip

    def popen(
        self, argv: Sequence[str], *, env: Mapping[str, str] | None = None, cwd: Path | None = None, **kwargs: Any
    ) -> subprocess.Popen[str]:
        """Start ``argv`` inside the namespace (for a client to interrupt, or one a benchmark samples)."""
        kwargs.setdefault("stdin", subprocess.DEVNULL)
        return subprocess.Popen(self.command(argv, cwd), env=self.client_env(env), text=True, **kwargs)

    def run(
        self,
        argv: Sequence[str],
        *,
        timeout: float,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        check: bool = False,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``argv`` inside the namespace to its end (at most ``timeout`` s); stdout and stderr captured."""
        started = time.monotonic()
        result = subprocess.run(
            self.command(argv, cwd),
            env=self.client_env(env),
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        if check and result.returncode != 0:
            raise NamespaceError(
                f"{argv[0]} exited {result.returncode} after {time.monotonic() - started:.1f} s:\n"
                f"{result.stderr[-4000:]}"
            )
        return result

    def close(self) -> None:
        with contextlib.suppress(AttributeError):
            self.box.close()
        if self.emulator is not None:
            stop(self.emulator)
        stop(self.holder)
