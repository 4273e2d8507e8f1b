"""Profile boxup's hot path at loopback speed: ``python -m tests.bench.hotpath [--size MiB] [--out FILE]``.

One upload of a new version (256 MiB by default) to a fresh emulator on loopback, three ways:

1. plain, with the emulator's request log turned into a timeline: when each part started and ended, how many were
   in flight, where the time went between the session's creation and the commit;
2. under ``py-spy record`` (sampling every thread, native frames off), aggregated by the line that was running
   (the source line is shown) and by thread;
3. with ``--instrument`` counters: TCP connections opened, file reads and socket writes (count and mean size);
4. once more on the WAN profile, as a timeline: how long the lanes take to fill, the parts, the commit.

Plus the cost of the hashes on this machine. Writes a markdown summary (default ``tests/bench/PROFILE.md``).
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import linecache
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.fakebox.settings import MiB

from .run import REPO, Emulator, SourceFile, client_command, generate, machine_info
from .scenarios import AUTO_START, BOXUP, WAN_BANDWIDTH, WAN_LATENCY, Contender, by_name

HERE = Path(__file__).resolve().parent
RATE = 250  # py-spy samples per second
LIBRARIES = ("boxup/", "boxup_api/", "boxup_cli/", "httpx/", "httpcore/", "h11/", "anyio/", "tenacity/")


def run_client(
    emulator: Emulator,
    contender: Contender,
    source: SourceFile,
    work: Path,
    *,
    prefix: list[str],
    instrument: bool,
    wan: bool = False,
) -> dict[str, Any]:
    emulator.box.reset()
    if wan:
        emulator.box.configure(latency=WAN_LATENCY, bandwidth=WAN_BANDWIDTH)
    scratch = Path(tempfile.mkdtemp(prefix="hot-", dir=work))
    result = scratch / "result.json"
    cmd = client_command(contender, emulator.base_url, source.path, {"file_id": "12345"}, state=scratch, result=result)
    cmd.append("--instrument" if instrument else "--in-process")  # profiled where py-spy can see it
    cpu0 = emulator.cpu_seconds()
    subprocess.run([*prefix, *cmd], cwd=REPO, check=True, capture_output=True)
    outcome: dict[str, Any] = json.loads(result.read_text())
    outcome["server_cpu_s"] = emulator.cpu_seconds() - cpu0
    outcome["requests"] = emulator.box.requests
    return outcome


def timeline(requests: list[dict[str, Any]], lanes: int = AUTO_START) -> dict[str, Any]:
    """What the emulator saw, in seconds from the create-session request."""
    t0 = requests[0]["started"]
    parts = [r for r in requests if r["operation"] == "upload_part"]
    plans = [r for r in requests if r["operation"] == "plan_upload_session"]
    commits = [r for r in requests if r["operation"] == "commit_upload_session"]
    events = sorted([(p["started"], 1) for p in parts] + [(p["finished"], -1) for p in parts])
    in_flight, busy_weighted, peak, last = 0, 0.0, 0, events[0][0]
    for when, delta in events:
        busy_weighted += in_flight * (when - last)
        last = when
        in_flight += delta
        peak = max(peak, in_flight)
    first, last_end = min(p["started"] for p in parts), max(p["finished"] for p in parts)
    starts = sorted(p["started"] for p in parts)
    create = next(r for r in requests if r["operation"].startswith("create"))
    durations = sorted(p["finished"] - p["started"] for p in parts)
    return {
        "parts": len(parts),
        "plans": len(plans),
        "first_part_start": first - t0,
        "last_part_end": last_end - t0,
        "mean_in_flight": busy_weighted / (last_end - first),
        "peak_in_flight": peak,
        "part_median_s": durations[len(durations) // 2],
        "part_max_s": durations[-1],
        "starts_per_s": len(parts) / (max(p["started"] for p in parts) - first),
        "commit_s": (max(c["finished"] for c in commits) - min(c["started"] for c in commits)) if commits else 0.0,
        "gap_before_commit": (min(c["started"] for c in commits) - last_end) if commits else 0.0,
        "end": max(r["finished"] for r in requests if r["finished"]) - t0,
        "create_end": create["finished"] - t0,
        "lanes_full_at": starts[min(lanes, len(starts)) - 1] - t0,  # when the last of the first N parts started
    }


def source_line(frame: str) -> str:
    """``func (pkg/mod.py:42)`` -> the text of that line, found on this interpreter's paths."""
    try:
        where = frame.rsplit("(", 1)[1].rstrip(")")
        path, line = where.rsplit(":", 1)
    except (IndexError, ValueError):
        return ""
    roots = [Path(p) for p in sys.path if p] + [Path(sysconfig.get_paths()["stdlib"]), REPO]
    for root in roots:
        candidate = root / path
        if candidate.is_file():
            return linecache.getline(str(candidate), int(line)).strip()
    return ""


def aggregate(raw: Path) -> dict[str, Any]:
    """py-spy's raw (collapsed) stacks: samples per leaf line, per function (inclusive) and per thread."""
    leaves: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    threads: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        n = int(count)
        frames = stack.split(";")
        total += n
        leaves[frames[-1]] += n
        for frame in {f.rsplit(":", 1)[0] + ")" for f in frames[1:] if f.split("(", 1)[-1].startswith(LIBRARIES)}:
            inclusive[frame] += n
        threads[role(frames)] += n
    return {"total": total, "leaves": leaves, "inclusive": inclusive, "threads": threads}


def role(frames: list[str]) -> str:
    """The thread's kind, and the innermost boxup function it was in (or what it was doing outside boxup)."""
    text = ";".join(frames)
    if "run_forever" in text or "_run_once" in text:
        kind = "event loop thread"
    elif "concurrent/futures/thread.py" in text:
        kind = "worker thread"
    elif "_run_module_as_main" in text or "MainThread" in frames[0]:
        kind = "main thread"
    else:
        kind = "other thread"
    for frame in reversed(frames):
        if frame.split("(", 1)[-1].startswith("boxup/") and not frame.startswith("<module>"):
            return f"{kind}: in {frame.split(' (', 1)[0]}"
    if kind == "worker thread":
        return f"{kind}: waiting for a job"
    if kind == "event loop thread" and frames[-1].startswith("EpollSelector.select"):
        return f"{kind}: waiting in select"
    if "importlib" in text:
        return f"{kind}: importing"
    return f"{kind}: elsewhere"


def hash_costs(size: int) -> dict[str, float]:
    """Seconds to hash ``size`` bytes with each digest the engine computes, on this machine (1 MiB blocks)."""
    block = os.urandom(MiB)
    costs = {}
    for name in ("sha1", "sha512"):
        h = hashlib.new(name)
        started = time.perf_counter()
        for _ in range(size // MiB):
            h.update(block)
        costs[name] = time.perf_counter() - started
    return costs


def markdown(
    size: int, plain: dict[str, Any], spied: dict[str, Any], counted: dict[str, Any], prof: dict[str, Any]
) -> str:
    t = timeline(plain["requests"])
    hashes = hash_costs(size)
    m = machine_info()
    total = prof["total"] or 1
    mib = size / MiB
    ins = counted["instruments"]
    out = [
        "# boxup hot path at loopback speed",
        "",
        f"`python -m tests.bench.hotpath` on {m['date']} (commit {m['commit']}): {m['cores']} cores ({m['cpu']}), "
        f"Python {m['python']}. One new version of {mib:.0f} MiB, boxup CLI with default settings, against a fresh "
        "emulator on loopback with Box's real sizes; the client and the emulator share the cores.",
        "",
        "## Timing (plain run)",
        "",
        f"- upload {plain['upload_s']:.2f} s ({mib / plain['upload_s']:.0f} MiB/s); client CPU during the upload "
        f"{plain['upload_cpu_s']:.2f} s; emulator CPU {plain['server_cpu_s']:.2f} s; peak RSS "
        f"{plain['peak_rss_bytes'] / 1e6:.0f} MB",
        f"- timeline from the emulator's log (s from the create-session request): first part starts at "
        f"{t['first_part_start']:.3f}, last part ends at {t['last_part_end']:.3f}; {t['parts']} parts and "
        f"{t['plans']} plan calls; parts in flight: mean {t['mean_in_flight']:.1f}, peak {t['peak_in_flight']} "
        f"(8 allowed); one part takes {t['part_median_s'] * 1000:.0f} ms (median), {t['part_max_s'] * 1000:.0f} ms "
        f"(max); parts start at {t['starts_per_s']:.0f}/s ({mib / t['parts'] * t['starts_per_s']:.0f} MiB/s); "
        f"{t['gap_before_commit'] * 1000:.0f} ms from the last part to the commit; commit (202, then 201) "
        f"{t['commit_s'] * 1000:.0f} ms",
        f"- the digests on this machine, one thread, for {mib:.0f} MiB: SHA-1 {hashes['sha1']:.2f} s, SHA-512 "
        f"{hashes['sha512']:.2f} s. The hasher computes per part SHA-1 + SHA-512 (for the plan) and feeds the "
        f"whole-file SHA-1: {2 * hashes['sha1'] + hashes['sha512']:.2f} s of CPU in one thread, in order, before "
        "a part can be planned and sent.",
        "",
        "## Counters (instrumented run)",
        "",
        f"- TCP connections opened: {ins['connections']}",
        f"- file reads (`os.pread`): {ins['preads']}, {ins['pread_bytes'] / MiB:.0f} MiB in all, mean "
        f"{ins['pread_bytes'] / max(1, ins['preads']) / 1024:.0f} KiB (the file is read "
        f"{ins['pread_bytes'] / size:.1f} times)",
        f"- socket writes (asyncio transport): {ins['socket_writes']}, mean "
        f"{ins['socket_write_bytes'] / max(1, ins['socket_writes']) / 1024:.0f} KiB",
        f"- client CPU during the upload: {counted['upload_cpu_s']:.2f} s, of which inside the source's methods "
        "(thread CPU time, outermost call): "
        + "; ".join(
            f"`{name}` {cpu:.2f} s ({counted['instruments']['method_calls'][name]} calls)"
            for name, cpu in sorted(ins["method_cpu"].items(), key=lambda kv: -kv[1])
        ),
        "- CPU by thread (whole process, from /proc): "
        + "; ".join(f"{name} {cpu:.2f} s" for name, cpu in sorted(ins["thread_cpu"].items(), key=lambda kv: -kv[1]))
        + " (`asyncio` = the default executor's threads, which run the hashes and the reads; `boxup-loop` = the "
        "event loop: HTTP, the engine's logic; MainThread = imports and the CLI)",
        "",
        f"## py-spy ({RATE} Hz, every thread; a sample is a thread not idle)",
        "",
        f"Upload under the profiler: {spied['upload_s']:.2f} s. {prof['total']} samples.",
        "",
        "| thread | samples | share |",
        "|---|---|---|",
        *[f"| {k} | {v} | {v / total:.0%} |" for k, v in prof["threads"].most_common()],
        "",
        "Where the samples end (the running line):",
        "",
        "| samples | share | frame | line |",
        "|---|---|---|---|",
        *[
            f"| {v} | {v / total:.1%} | `{k}` | `{source_line(k)}` |".replace("|  |", "| |")
            for k, v in prof["leaves"].most_common(20)
        ],
        "",
        "Inclusive, by function of boxup and its HTTP stack (top 25):",
        "",
        "| samples | share | function |",
        "|---|---|---|",
        *[f"| {v} | {v / total:.0%} | `{k}` |" for k, v in prof["inclusive"].most_common(25)],
        "",
    ]
    return "\n".join(out)


def wan_section(size: int, run: dict[str, Any]) -> str:
    """Where a WAN upload loses against the ideal: filling the lanes, the parts themselves, the commit."""
    t = timeline(run["requests"])
    mib = size / MiB
    scenario = by_name("wan-256m") if size == 256 * MiB else None
    ideal = scenario.ideal_seconds(BOXUP) if scenario else None
    part = scenario.part_size if scenario else 8 * MiB
    wire = part / WAN_BANDWIDTH + WAN_LATENCY
    rounds = -(-t["parts"] // AUTO_START)
    lines = [
        "",
        "## The same upload on the WAN profile (timeline)",
        "",
        f"- upload {run['upload_s']:.2f} s ({mib / run['upload_s']:.0f} MiB/s)"
        + (f"; ideal {ideal:.2f} s ({ideal / run['upload_s']:.0%})" if ideal else ""),
        f"- create session done at {t['create_end']:.3f} s; first part starts at {t['first_part_start']:.3f} s; "
        f"all {AUTO_START} lanes busy at {t['lanes_full_at']:.3f} s (the ideal has them all start at "
        f"{t['create_end']:.3f} s): the ramp-up costs {t['lanes_full_at'] - t['create_end']:.3f} s on the critical "
        "path, since the last lane to start is the last to finish",
        f"- a part takes {t['part_median_s']:.3f} s median on the wire (S/B + L = {wire:.3f} s); {rounds} rounds "
        f"= {rounds * wire:.2f} s; last part ends at {t['last_part_end']:.3f} s",
        f"- {t['gap_before_commit'] * 1000:.0f} ms from the last part to the commit; the commit (202, then 201) takes "
        f"{t['commit_s'] * 1000:.0f} ms (ideal: {2 * WAN_LATENCY * 1000:.0f} ms; the rest is the emulator "
        "assembling and hashing the file); emulator's last answer at "
        f"{t['end']:.3f} s; the client measured {run['upload_s']:.3f} s (its own start-up and teardown included)",
        f"- {t['plans']} plan calls for {t['parts']} parts",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.hotpath", description=__doc__)
    parser.add_argument("--size", type=int, default=256, help="MiB (default 256)")
    parser.add_argument("--out", type=Path, default=HERE / "PROFILE.md")
    args = parser.parse_args(argv)
    py_spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if py_spy is None:
        raise SystemExit("py-spy is not installed: .venv/bin/pip install -e '.[bench]'")
    size = args.size * MiB
    work = Path(tempfile.mkdtemp(prefix="boxup-hotpath-"))
    try:
        source = generate(work / "source.bin", size, size)
        emulator = Emulator(work, "hotpath")
        try:
            plain = run_client(emulator, BOXUP, source, work, prefix=[], instrument=False)
            raw = work / "py-spy.txt"
            spy = [py_spy, "record", "--format", "raw", "--threads", "--nonblocking", "--rate", str(RATE)]
            spied = run_client(emulator, BOXUP, source, work, prefix=[*spy, "-o", str(raw), "--"], instrument=False)
            counted = run_client(emulator, BOXUP, source, work, prefix=[], instrument=True)
            wan = run_client(emulator, BOXUP, source, work, prefix=[], instrument=False, wan=True)
        finally:
            emulator.stop()
        text = markdown(size, plain, spied, counted, aggregate(raw)) + wan_section(size, wan)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
