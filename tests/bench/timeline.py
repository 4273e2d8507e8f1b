"""Where one upload's wall time goes, client by client: ``python -m tests.bench.timeline [--scenario NAME]
[--contender KEY ...] [--rounds N] [--size MIB]``.

Each client runs as the benchmark runs it (its own program, spawn to exit) against a fresh emulator of the
scenario; the emulator's request log (wall-clock start and end of every request) is laid against the client's spawn
time, and the run is cut into phases: start-up (spawn to the first request: interpreter, imports, credentials),
set-up (first request to the first part: lookups, the session, the first digest and plan), parts (first part to the
last part's answer), commit (to the last answer) and exit (last answer to the process's end). For the parts it
gives the mean part time and rate per connection, and how much of the lanes' time no part was in flight (the
``N x parts-phase`` lane-seconds minus the part-seconds); ``--requests`` lists every request. Printed, not written
anywhere: this explains a number in RESULTS.md, it is not one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
from pathlib import Path
from typing import Any

from tests.fakebox.settings import MiB
from tests.fakebox.state import SEED_FILE_NAME

from .https import HttpsEmulator
from .run import REPO, RUN_TIMEOUT, Emulator, client_command, compile_code, generate, user_install, wait_with_rusage
from .scenarios import Contender, Scenario, by_name


def phases(spawned: float, exited: float, requests: list[dict[str, Any]], lanes: int) -> dict[str, float]:
    parts = [r for r in requests if r["operation"] == "upload_part" and r["finished"]]
    first, last = requests[0]["started"], max(r["finished"] or r["started"] for r in requests)
    part_start, part_end = min(r["started"] for r in parts), max(r["finished"] for r in parts)
    part_seconds = [r["finished"] - r["started"] for r in parts]
    rates = [r["bytes_in"] / MiB / t for r, t in zip(parts, part_seconds, strict=True) if t > 0]
    return {
        "start-up": first - spawned,
        "set-up": part_start - first,
        "parts": part_end - part_start,
        "commit": last - part_end,
        "exit": exited - last,
        "total": exited - spawned,
        "mean part s": statistics.mean(part_seconds),
        "part MiB/s per connection": statistics.median(rates),
        "idle lane-s": lanes * (part_end - part_start) - sum(part_seconds),
    }


def run_once(emulator: Emulator | HttpsEmulator, scenario: Scenario, contender: Contender, source: Path,
             work: Path, show: bool) -> dict[str, float]:  # fmt: skip
    box = emulator.box
    box.reset()
    box.configure(**scenario.settings())
    scratch = Path(tempfile.mkdtemp(prefix="tl-", dir=work))
    result = scratch / "result.json"
    target = {"file_id": box.seed_file_id, "name": SEED_FILE_NAME}
    cmd = client_command(contender, emulator.base_url, source, target, state=scratch / "state", result=result)
    with (scratch / "out").open("wb") as out, (scratch / "err").open("wb") as err:
        code, _ = wait_with_rusage(emulator.spawn(cmd, cwd=REPO, stdout=out, stderr=err), RUN_TIMEOUT)
    outcome = json.loads(result.read_text())
    if code != 0 or not outcome["ok"]:
        raise SystemExit(f"{contender.key} failed: {outcome.get('error')}")
    spawned = outcome["spawned_at"]
    exited = spawned + outcome["upload_s"]
    lanes = min(contender.connections, scenario.total_parts)
    requests = sorted(box.requests, key=lambda r: r["started"])
    if show:
        for r in requests:
            start, end = r["started"] - spawned, r["finished"] - spawned
            print(f"  {contender.key:<10} {r['operation']:<32} {start:7.3f} {end:7.3f}")
    return phases(spawned, exited, requests, lanes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.timeline", description=__doc__)
    parser.add_argument("--scenario", default="https-wan-256m")
    parser.add_argument("--contender", action="append", default=[])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--requests", action="store_true", help="also print every request's start and end")
    args = parser.parse_args(argv)
    scenario = by_name(args.scenario)
    compile_code()
    chosen = [c for c in scenario.contenders if not args.contender or c.key in args.contender]
    work = Path(tempfile.mkdtemp(prefix="boxup-timeline-"))
    emulator: Emulator | HttpsEmulator | None = None
    try:
        os.environ["BENCH_BOXUP"] = str(user_install(work))
        source = generate(work / "source.bin", scenario.size, seed=1).path
        emulator = HttpsEmulator(work, scenario.name) if scenario.https else Emulator(work, scenario.name)
        rows: dict[str, list[dict[str, float]]] = {c.key: [] for c in chosen}
        for _ in range(args.rounds):
            for contender in chosen:
                rows[contender.key].append(run_once(emulator, scenario, contender, source, work, args.requests))
        keys = list(next(iter(rows.values()))[0])
        print(f"{scenario.name}: medians of {args.rounds} round(s), seconds unless named")
        print(f"{'client':<12}" + "".join(f"{k:>14}" for k in keys))
        for key, runs in rows.items():
            print(f"{key:<12}" + "".join(f"{statistics.median(r[k] for r in runs):>14.3f}" for k in keys))
    finally:
        if emulator is not None:
            emulator.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
