"""The benchmark runner: ``python -m tests.bench [--quick] [--rounds N] [--scenario NAME ...]``.

For each scenario: a fresh emulator subprocess (Box's real sizes: 20 MiB minimum, 8 MiB parts below 1 GiB and 32 MiB
from 1 GiB), the scenario's file generated once, and every client uploading it in its own process, alternating
A B C A B C over the rounds. Before each run the emulator is reset (so nothing from an earlier run can be deduplicated
and its counters start at zero); after it, the file the emulator stored is read back, hashed and compared with
the local file: a wrong upload invalidates the run, and the report says so.

Results go to ``tests/bench/results.json`` (raw runs) and, through ``report.py``, ``RESULTS.md`` and
``throughput.png``.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import fnmatch
import hashlib
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from tests.fakebox.handle import FakeBox, FakeBoxError
from tests.fakebox.settings import MiB
from tests.fakebox.state import SEED_FILE_NAME

from . import report
from .https import HttpsEmulator
from .scenarios import AUTO_CAP, BOXUP_DEFAULT_CONCURRENCY, SCENARIOS, Contender, Scenario

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
RUN_TIMEOUT = 900.0  # one client run; the SDK at 1 GiB on the WAN profile needs ~90 s
BLOCK = 8 * MiB


@dataclass
class Run:
    """One upload by one client, and everything measured about it."""

    scenario: str
    contender: str
    round: int
    ok: bool = False
    error: str | None = None
    wall_s: float = 0.0  # spawn to exit of the client's own program (in-process: the upload, after its imports)
    process_s: float = 0.0  # spawn to exit of the bench wrapper around it
    parts_s: float = 0.0  # from the first part's request to the last part's answer, by the emulator's log
    cpu_s: float = 0.0  # user + sys of the whole client process (wait4)
    upload_cpu_s: float = 0.0  # user + sys of the client program (in-process: of the upload only)
    peak_rss_bytes: int = 0  # VmHWM of the client process at its end (its own peak RSS)
    maxrss_wait4_bytes: int = 0  # ru_maxrss from wait4: includes the runner's RSS at fork, so only an upper bound
    server_cpu_s: float = 0.0  # the emulator's user + sys during the run
    size: int = 0
    bytes_sent: int = 0  # upload_part request bodies the emulator received
    bytes_in_total: int = 0  # every request body the emulator received
    bytes_verified: int = 0  # the stored file, hashed from the emulator's disk, equals the local file
    requests: dict[str, int] = field(default_factory=dict)  # per operation, as the emulator counted them
    max_parts_in_flight: int = 0
    violations: int = 0  # spec violations the emulator saw
    ideal_s: float | None = None

    @property
    def throughput(self) -> float:
        return self.size / MiB / self.wall_s if self.wall_s else 0.0


@dataclass
class SourceFile:
    path: Path
    size: int
    sha1: str


# --- files -------------------------------------------------------------------------------------------------------


def generate(path: Path, size: int, seed: int) -> SourceFile:
    """Incompressible bytes from a seeded generator (no two parts alike, so nothing deduplicates by accident)."""
    rng = random.Random(seed)
    sha1 = hashlib.sha1()
    with path.open("wb") as out:
        left = size
        while left:
            block = rng.randbytes(min(BLOCK, left))
            sha1.update(block)
            out.write(block)
            left -= len(block)
    return SourceFile(path, size, sha1.hexdigest())


def changed_copy(source: SourceFile, path: Path, part_size: int, parts: list[int], seed: int) -> SourceFile:
    """A copy of ``source`` with the given parts rewritten with fresh bytes: the dedup scenario's new version."""
    shutil.copyfile(source.path, path)
    rng = random.Random(seed)
    with path.open("r+b") as out:
        for index in parts:
            out.seek(index * part_size)
            out.write(rng.randbytes(min(part_size, source.size - index * part_size)))
    return SourceFile(path, source.size, sha1_of(path))


def sha1_of(path: Path) -> str:
    sha1 = hashlib.sha1()
    with path.open("rb") as handle:
        while block := handle.read(BLOCK):
            sha1.update(block)
    return sha1.hexdigest()


# --- the emulator ------------------------------------------------------------------------------------------------


class Emulator:
    """``python -m tests.fakebox`` as a subprocess, its log in the work directory, its data under it."""

    def __init__(self, work: Path, name: str) -> None:
        self.log = work / f"fakebox-{name}.log"
        self.data = Path(tempfile.mkdtemp(prefix=f"fakebox-{name}-", dir=work))
        data = self.data
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "tests.fakebox", "--port", "0", "--data-dir", str(data)],
                cwd=REPO,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.startswith("http://"):
            self.stop()
            raise RuntimeError(f"the emulator did not start: {line!r}; see {self.log}")
        self.base_url = line
        self.box = FakeBox(line, timeout=120.0)

    def cpu_seconds(self) -> float:
        """user + sys of the emulator process so far, from /proc (all its threads)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def spawn(self, cmd: list[str], *, cwd: Path, stdout: IO[Any], stderr: IO[Any]) -> subprocess.Popen[Any]:
        return subprocess.Popen(cmd, cwd=cwd, stdout=stdout, stderr=stderr)

    def stop(self) -> None:
        if hasattr(self, "box"):
            self.box.close()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.data, ignore_errors=True)


# --- one run -----------------------------------------------------------------------------------------------------


def client_command(
    contender: Contender, base: str, source: Path, target: dict[str, str], *, state: Path, result: Path
) -> list[str]:
    cmd = [sys.executable, "-m", "tests.bench.client", contender.kind, "--base", base, "--path", str(source)]
    if "file_id" in target:
        cmd += ["--file-id", target["file_id"]]
    else:
        cmd += ["--folder-id", target["folder_id"]]
    if "name" in target:
        cmd += ["--name", target["name"]]
    if contender.concurrency is not None:
        cmd += ["--concurrency", str(contender.concurrency)]
    return [*cmd, "--state-dir", str(state), "--result", str(result)]


def wait_with_rusage(proc: subprocess.Popen[bytes], timeout: float) -> tuple[int, Any]:
    """Reap the child with wait4, for its own peak RSS and CPU time; kill it if it outlives ``timeout``."""
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage


def run_one(
    emulator: Emulator | HttpsEmulator,
    scenario: Scenario,
    contender: Contender,
    round_: int,
    *,
    source: SourceFile,
    previous: SourceFile | None,
    work: Path,
) -> Run:
    box = emulator.box
    run = Run(scenario.name, contender.key, round_, size=source.size, ideal_s=scenario.ideal_seconds(contender))
    box.reset()  # the seed, Box's real sizes, zeroed counters: nothing of an earlier run is left to deduplicate
    if scenario.mode == "dedup":
        assert previous is not None
        target = {"file_id": box.add_file("previous.bin", previous.path)}  # the version to deduplicate against
    elif scenario.mode == "new":
        target = {"folder_id": "0", "name": f"bench-{contender.key}-{round_}.bin"}
    else:
        target = {"file_id": box.seed_file_id, "name": SEED_FILE_NAME}  # rclone names the file it replaces
    box.configure(**scenario.settings())
    scratch = Path(tempfile.mkdtemp(prefix="run-", dir=work))
    result_path = scratch / "result.json"
    cmd = client_command(contender, emulator.base_url, source.path, target, state=scratch / "state", result=result_path)
    cpu0 = emulator.cpu_seconds()
    started = time.perf_counter()
    with (scratch / "stdout").open("wb") as out, (scratch / "stderr").open("wb") as err:
        proc = emulator.spawn(cmd, cwd=REPO, stdout=out, stderr=err)
        code, usage = wait_with_rusage(proc, RUN_TIMEOUT)
    run.process_s = time.perf_counter() - started
    run.server_cpu_s = emulator.cpu_seconds() - cpu0
    run.cpu_s = usage.ru_utime + usage.ru_stime
    run.maxrss_wait4_bytes = usage.ru_maxrss * 1024  # Linux reports KiB
    result: dict[str, Any] = json.loads(result_path.read_text()) if result_path.exists() else {}
    run.wall_s = float(result.get("upload_s", 0.0))
    run.upload_cpu_s = float(result.get("upload_cpu_s", 0.0))
    run.peak_rss_bytes = int(result.get("peak_rss_bytes", 0))
    counters = box.counters
    run.bytes_sent = int(counters["bytes_in"].get("upload_part", 0))
    run.bytes_in_total = sum(int(v) for v in counters["bytes_in"].values())
    run.requests = {op: sum(int(n) for n in by.values()) for op, by in counters["requests"].items()}
    run.max_parts_in_flight = int(counters.get("max_concurrent_part_uploads", 0))
    run.parts_s = parts_seconds(box.requests_for("upload_part"))
    run.violations = int(counters.get("violations", 0))
    if code != 0 or not result.get("ok"):
        tail = (scratch / "stderr").read_text(errors="replace").strip().splitlines()[-3:]
        run.error = str(result.get("error") or f"exit {code}: {' | '.join(tail)}")
        return run
    run.error = verify(emulator, str(result["file_id"]), source)
    if run.error is None:
        run.bytes_verified = source.size
        run.ok = True
    shutil.rmtree(scratch, ignore_errors=True)
    return run


def parts_seconds(parts: list[dict[str, Any]]) -> float:
    """How long parts were being sent: the link's share of the run, without start-up, set-up and commit."""
    done = [r for r in parts if r["finished"] is not None]
    return max(r["finished"] for r in done) - min(r["started"] for r in done) if done else 0.0


def verify(emulator: Emulator | HttpsEmulator, file_id: str, source: SourceFile) -> str | None:
    """None if the emulator's current version of ``file_id`` is byte for byte the local file (its content streamed
    and hashed here, not taken from its metadata); otherwise what is wrong."""
    info = emulator.box.file_info(file_id)
    if int(info["size"]) != source.size:
        return f"wrong upload: the emulator stored {info['size']} bytes, the file has {source.size}"
    sha1, size = hashlib.sha1(), 0
    try:
        for block in emulator.box.iter_file_bytes(file_id, BLOCK):
            sha1.update(block)
            size += len(block)
    except FakeBoxError as exc:
        return f"cannot read the stored file back: {exc}"
    if size != source.size or sha1.hexdigest() != source.sha1:
        return f"wrong upload: the stored bytes ({size}) hash to {sha1.hexdigest()}, the file to {source.sha1}"
    return None


# --- a scenario --------------------------------------------------------------------------------------------------


def run_scenario(
    scenario: Scenario,
    rounds: int,
    *,
    quick: bool,
    work: Path,
    files: dict[int, SourceFile],
    log: Any,
    only: list[str] | None = None,
) -> dict[str, Any]:
    contenders = scenario.contenders_for(quick)
    if only:
        contenders = tuple(c for c in contenders if any(fnmatch.fnmatchcase(c.key, p) for p in only))
    source = files.get(scenario.size)
    if source is None:
        print(f"  generating {scenario.size // MiB} MiB ...", file=log, flush=True)
        source = files[scenario.size] = generate(work / f"source-{scenario.size}.bin", scenario.size, scenario.size)
    previous: SourceFile | None = None
    if scenario.mode == "dedup":
        previous = source
        path = work / f"changed-{scenario.size}.bin"
        source = changed_copy(previous, path, scenario.part_size, scenario.changed_parts(), seed=7)
    started = dt.datetime.now(dt.UTC)
    code_before = code_fingerprint()
    load_before = os.getloadavg()[0]
    emulator = HttpsEmulator(work, scenario.name) if scenario.https else Emulator(work, scenario.name)
    runs: list[Run] = []
    try:
        for round_ in range(1, rounds + 1):
            for contender in contenders:
                run = run_one(emulator, scenario, contender, round_, source=source, previous=previous, work=work)
                runs.append(run)
                print(f"  {describe(run)}", file=log, flush=True)
    finally:
        emulator.stop()
    return {
        "name": scenario.name,
        "started": started.isoformat(timespec="seconds"),
        "rounds": rounds,
        "quick": quick,
        "size": scenario.size,
        "part_size": scenario.part_size,
        "total_parts": scenario.total_parts,
        "changed_parts": len(scenario.changed_parts()),
        "contenders": [c.key for c in contenders],
        "code": code_before,
        "code_changed_during": code_fingerprint() != code_before,
        "load_avg_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],  # before and after: other work here
        "runs": [asdict(r) for r in runs],
    }


def describe(run: Run) -> str:
    status = "ok " if run.ok else "BAD"
    ideal = f" ideal {run.ideal_s:.2f}s ({run.ideal_s / run.wall_s:.0%})" if run.ideal_s and run.wall_s else ""
    line = (
        f"{status} r{run.round} {run.contender:<10} {run.wall_s:7.2f}s {run.throughput:7.1f} MiB/s{ideal} "
        f"rss {run.peak_rss_bytes / 1e6:5.0f} MB cpu {run.cpu_s:5.2f}s sent {run.bytes_sent / MiB:6.0f} MiB"
    )
    return line if run.ok else f"{line}  {run.error}"


def code_fingerprint() -> str:
    """A short hash of the code under test (wrapper/, cli/, generated/): others may edit it while the suite runs,
    so each scenario records it before and after, and the report flags any change."""
    digest = hashlib.sha1()
    for root in ("wrapper", "cli", "generated"):
        for path in sorted((REPO / root).rglob("*.py")):
            digest.update(str(path.relative_to(REPO)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


# --- machine -----------------------------------------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "?"

    model = "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = "?"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:", 1)[1].split()[0])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    from importlib.metadata import PackageNotFoundError, version

    def package(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    dirty = git("status", "--porcelain", "--", "wrapper", "cli", "tests/fakebox")
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "cpu": model,
        "memory": memory,
        "load_avg_at_start": [round(x, 2) for x in os.getloadavg()],
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "boxsdk": package("boxsdk"),
        "httpx": package("httpx"),
        "commit": git("rev-parse", "--short", "HEAD") + (" + uncommitted changes" if dirty not in ("", "?") else ""),
    }


# --- main --------------------------------------------------------------------------------------------------------


def compile_code() -> None:
    """Byte-compile every module a client or the emulator imports, as ``pip install`` does for a user: without it
    each client would compile from source whatever has no ``.pyc`` yet (and with PYTHONDONTWRITEBYTECODE set,
    every run again: ~0.2 s of boxup's start-up measured that is no user's)."""
    roots = [REPO / d for d in ("wrapper", "cli", "generated", "tests")]
    roots += [Path(p) for p in sysconfig.get_paths().values() if p.endswith("site-packages")]
    for root in dict.fromkeys(roots):
        compileall.compile_dir(root, quiet=1, workers=0)


def user_install(work: Path) -> Path:
    """This tree installed as a user installs it, ``pip install .`` into a venv of its own, and its ``boxup``: the
    dev venv is not what users run (it has click, say, and with click importable httpx imports its own CLI and Rich
    on every start: ~0.1 s no user pays). Built from the working tree every time, so it is never stale."""
    venv = work / "user-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(REPO)]
    done = subprocess.run(pip, cwd=work, capture_output=True, text=True, check=False)  # pip's index warnings: noise
    if done.returncode != 0:
        raise SystemExit(f"pip install of this tree failed:\n{done.stderr[-3000:]}")
    return venv / "bin" / "boxup"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    names = ", ".join(s.name for s in SCENARIOS)
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description="boxup against boxsdk 10.18.")
    parser.add_argument("--quick", action="store_true", help="the short profile (a few minutes): fewer runs")
    parser.add_argument("--rounds", type=int, help="rounds per scenario (default 3, loopback 5; --quick: 1)")
    parser.add_argument(
        "--scenario", action="append", default=[], metavar="NAME", help=f"run only these (globs allowed): {names}"
    )
    parser.add_argument(
        "--contender", action="append", default=[], metavar="KEY", help="run only these clients (globs allowed)"
    )
    parser.add_argument("--out", type=Path, default=HERE, help="where RESULTS.md, throughput.png, results.json go")
    parser.add_argument(
        "--merge", action="store_true", help="keep the scenarios of an earlier results.json that this run skips"
    )
    parser.add_argument("--work", type=Path, help="scratch directory (default: a temporary one, removed after)")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    return parser.parse_args(argv)


def select(args: argparse.Namespace) -> list[Scenario]:
    if args.scenario:
        chosen = [s for s in SCENARIOS if any(fnmatch.fnmatchcase(s.name, p) for p in args.scenario)]
        if not chosen:
            raise SystemExit(f"no scenario matches {args.scenario}; see --list")
        return chosen
    return [s for s in SCENARIOS if s.quick or not args.quick]


def check_defaults() -> None:
    import boxup

    default = boxup.TransferSettings().concurrency
    if default != BOXUP_DEFAULT_CONCURRENCY:
        raise SystemExit(f"scenarios.py assumes boxup's default concurrency is {BOXUP_DEFAULT_CONCURRENCY}: {default}")
    from boxup.autoconcurrency import DEFAULT_CAP

    if DEFAULT_CAP != AUTO_CAP:
        raise SystemExit(f"scenarios.py assumes auto's cap is {AUTO_CAP}: {DEFAULT_CAP}")
    try:
        import box_sdk_gen  # noqa: F401
    except ImportError:
        raise SystemExit("boxsdk is not installed: .venv/bin/pip install -e '.[bench]'") from None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list:
        for s in SCENARIOS:
            quick = " (quick)" if s.quick else ""
            print(f"{s.name:<20} {s.title}; {', '.join(c.key for c in s.contenders)}{quick}")
        return 0
    check_defaults()
    compile_code()
    scenarios = select(args)
    rounds = args.rounds or (1 if args.quick else 3)
    results_path = args.out / "results.json"
    results: dict[str, Any] = {"machine": machine_info(), "scenarios": {}}
    if args.merge and results_path.exists():
        results["scenarios"] = json.loads(results_path.read_text()).get("scenarios", {})
    work = args.work or Path(tempfile.mkdtemp(prefix="boxup-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["BENCH_BOXUP"] = str(user_install(work))  # client.py runs this boxup
    files: dict[int, SourceFile] = {}
    started = time.monotonic()
    try:
        for scenario in scenarios:
            print(f"{scenario.name}: {scenario.title}", flush=True)
            count = args.rounds or max(rounds, 1 if args.quick else scenario.min_rounds)
            outcome = run_scenario(
                scenario, count, quick=args.quick, work=work, files=files, log=sys.stdout, only=args.contender
            )
            outcome["machine"] = results["machine"]
            results["scenarios"][scenario.name] = outcome
            results_path.write_text(json.dumps(results, indent=1) + "\n")  # after each: a crash keeps the rest
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"done in {time.monotonic() - started:.0f}s", flush=True)
    bad = report.write(results, args.out)
    print(f"wrote {args.out / 'RESULTS.md'} and {args.out / 'throughput.png'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
