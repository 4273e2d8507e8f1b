"""Crash/resume soak: ``boxup upload`` is SIGKILLed at a random moment (or during a slow commit), then finished with
``boxup resume``; the bytes on Box must be the file's, and the resume must send only the parts Box did not hold.

Each round runs on a fresh emulator state (its own subprocess, Box's real sizes in the full profile) with a random
file size — a third of them exact multiples of the part size, some one byte either side of one.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.fakebox.handle import FakeBox
from tests.fakebox.settings import parse_size
from tests.reliability.harness import Cli, Run, emulator, finish, leaks, open_sessions, state_texts, write_random
from tests.reliability.profile import Profile
from tests.reliability.results import Results

KILL_WAIT = 180.0  # seconds to wait for the moment to kill before killing anyway
RESUME_TIMEOUT = 600.0


@dataclass
class Round:
    index: int
    size: int
    parts: int
    mode: str  # "parts" (killed while parts were in flight) or "commit" (killed while Box answered 202)
    destination: str
    stored_at_kill: int = 0  # parts Box held once the dead connections settled
    in_flight_at_kill: int = 0  # part requests the server was still receiving when the process died
    lost_in_flight: int = 0  # of those, the ones Box did not end up holding (the resume must send them again)
    sent_by_resume: int = 0
    resent_stored: int = 0  # parts Box already held that the resume sent again: must be 0
    missing_after: int = 0  # parts Box lacked that the resume did not send: must be 0 (else commit fails)
    killed: bool = True
    resume_kind: str = "resume"
    seconds: float = 0.0
    problem: str | None = None


def parse_rate(text: str) -> int:
    return parse_size(text)


def choose_size(rng: random.Random, profile: Profile) -> int:
    part = profile.part_size
    low, high = max(profile.soak_min, profile.min_chunked), profile.soak_max
    pick = rng.random()
    if pick < 1 / 3:
        return part * rng.randint(-(-low // part), high // part)  # an exact multiple: no short last part
    if pick < 1 / 2:
        return max(low, part * rng.randint(-(-low // part), high // part) + rng.choice([-1, 1]))
    return rng.randint(low, high)


def session_parts(box: FakeBox, session_id: str) -> set[int]:
    try:
        return {int(p["offset"]) for p in box.session(session_id)["parts"]}
    except Exception:
        return set()


def part_offsets(records: list[dict[str, Any]], session_id: str | None, outcomes: set[str] | None = None) -> set[int]:
    found = set()
    for record in records:
        if record["operation"] != "upload_part" or (session_id and session_id not in record["path"]):
            continue
        if outcomes is not None and record["outcome"] not in outcomes and str(record["status"]) not in outcomes:
            continue
        first = record["headers"].get("content-range", "bytes 0-0/0").split()[1].split("-")[0]
        found.add(int(first))
    return found


def one_round(box: FakeBox, work: Path, profile: Profile, rng: random.Random, index: int) -> Round:
    sizes = {} if profile.real_sizes else {"min_chunked_size": profile.min_chunked, "part_size": profile.part_size}
    box.reset(**sizes)
    token = str(box.issue_token(lifetime=24 * 3600)["access_token"])
    state = work / "state"
    cli = Cli(box, state, token, threshold=None if profile.real_sizes else profile.min_chunked)
    size = choose_size(rng, profile)
    path = work / f"round-{index:03d}.bin"
    sha1 = write_random(path, size, rng)
    parts = -(-size // profile.part_size)
    mode = "commit" if index % 5 == 4 else "parts"
    destination = "version" if index % 2 else "folder"
    result = Round(index, size, parts, mode, destination)
    target = ["--file", box.seed_file_id] if destination == "version" else ["--folder", "0"]
    if mode == "commit":
        box.configure(commit_processing_polls=3, commit_retry_after=1)
    box.configure(total_bandwidth=profile.soak_bandwidth)
    started = time.monotonic()
    proc = cli.popen("upload", str(path), *target, "--json", "--quiet")
    # The moment: a random time into the transfer of the parts (parts are then in flight), now and then during
    # start-up (before the session exists), or a random time into a slow commit.
    rate = parse_rate(profile.soak_bandwidth)
    early = index % 10 == 2  # killed during start-up: before, or just as, the session is created
    deadline = time.monotonic() + KILL_WAIT
    while proc.poll() is None and time.monotonic() < deadline:
        if early:
            time.sleep(rng.uniform(0.0, 0.8))
            break
        started_ops = box.counters["requests_started"]
        if mode == "commit" and started_ops.get("commit_upload_session", 0) >= 1:
            time.sleep(rng.uniform(0.0, 2.0))
            break
        if mode == "parts" and started_ops.get("upload_part", 0) >= 1:
            time.sleep(rng.uniform(0.0, size / rate))
            break
        time.sleep(0.01)
    if proc.poll() is None:
        proc.kill()
    at_kill = box.requests  # parts still pending now were in flight when the process died
    first = finish(proc, 30)
    result.killed = first.code == -9
    settle = time.monotonic() + 30  # the server finishes (or drops) what the dead connections had sent
    while box.counters["part_uploads_in_flight"] and time.monotonic() < settle:
        time.sleep(0.02)
    box.configure(total_bandwidth=None)

    records = sorted(p for p in state.glob("*.json") if not p.name.startswith(".tmp-")) if state.exists() else []
    session_id = json.loads(records[0].read_text())["session_id"] if records else None
    committed = [s for s in box.sessions if s.get("committed_file_id")]
    unrecorded: set[str] = set()
    stored = session_parts(box, session_id) if session_id else set()
    in_flight = part_offsets(at_kill, session_id, {"pending"})
    result.stored_at_kill = len(stored)
    result.in_flight_at_kill = len(in_flight)
    result.lost_in_flight = len(in_flight - stored)
    box.clear_requests()

    if not result.killed and first.code == 0:
        result.resume_kind = "finished before the kill"
        second = first
    elif not session_id and committed:
        # The kill landed after the commit and the record's removal, as the process was exiting.
        result.resume_kind = "committed before the kill landed"
        file_id = str(committed[0]["committed_file_id"])
        second = Run(0, json.dumps({"id": file_id, "sha1": box.file_sha1(file_id)}), "")
    elif session_id:
        second = cli.run("resume", str(path), "--json", "--quiet", timeout=RESUME_TIMEOUT)
    else:  # killed before a session was recorded: nothing to resume, the user runs the upload again
        result.resume_kind = "upload again (no record yet)"
        unrecorded = {s["id"] for s in open_sessions(box)}  # created, but the process died holding its id
        second = cli.run("upload", str(path), *target, "--json", "--quiet", timeout=RESUME_TIMEOUT)
    result.seconds = time.monotonic() - started

    sent = part_offsets(box.requests, session_id, {"200"}) if session_id else set()
    result.sent_by_resume = len(sent)
    result.resent_stored = len(sent & stored)
    all_offsets = {i * profile.part_size for i in range(parts)}
    if session_id and result.resume_kind == "resume":
        result.missing_after = len(all_offsets - stored - sent)
    problems = []
    if second.timed_out:
        problems.append(f"resume did not finish within {RESUME_TIMEOUT:.0f}s")
    if second.code != 0:
        problems.append(f"exit {second.code}: {second.stderr.strip()[-300:]}")
    else:
        file = json.loads(second.stdout)
        if file.get("sha1") != sha1 or box.file_sha1(str(file["id"])) != sha1:
            problems.append(f"BYTES DIFFER: Box has {box.file_sha1(str(file['id']))}, the file is {sha1}")
    if result.resent_stored:
        problems.append(f"{result.resent_stored} part(s) Box already held were sent again")
    if [p for p in state.glob("*.json") if not p.name.startswith(".tmp-")]:
        problems.append("a resume record was left behind")
    orphans = [s["id"] for s in open_sessions(box) if s["id"] not in unrecorded]
    if orphans:
        problems.append(f"open sessions left: {orphans}")
    if unrecorded:
        result.resume_kind += f" ({len(unrecorded)} session orphaned by the kill)"
    leaked = leaks([token], {"upload stdout": first.stdout, "upload stderr": first.stderr, "resume stdout":
                             second.stdout, "resume stderr": second.stderr, **state_texts(state)})  # fmt: skip
    if leaked:
        problems.append("token in " + ", ".join(leaked))
    result.problem = "; ".join(problems) or None
    path.unlink()
    return result


def summarise(rounds: list[Round], profile: Profile, took: float) -> list[str]:
    killed = [r for r in rounds if r.killed and r.resume_kind == "resume"]
    resent = [r.sent_by_resume - (r.parts - r.stored_at_kill) for r in killed]
    in_flight = [r.in_flight_at_kill for r in killed]
    lost = [r.lost_in_flight for r in killed]
    sizes = [r.size for r in rounds]
    mib = 1024 * 1024
    lines = [
        f"{len(rounds)} rounds in {took:.0f} s ({profile.name} profile: sizes {profile.soak_min // mib}-"
        f"{profile.soak_max // mib} MiB, part size {profile.part_size // 1024} KiB, "
        f"{'Box real sizes' if profile.real_sizes else 'emulator test sizes'}); "
        f"{sum(1 for r in rounds if r.size % profile.part_size == 0)} exact part multiples, "
        f"{sum(1 for r in rounds if r.mode == 'commit')} killed during commit (202 polls), "
        f"{len(killed)} resumed from a recorded session, "
        f"{sum(1 for r in rounds if r.resume_kind.startswith('upload again'))} killed before their record existed, "
        f"{sum(1 for r in rounds if r.resume_kind.startswith(('finished', 'committed')))} finished before the kill "
        "landed.",
        "",
        f"File sizes: min {min(sizes) / mib:.1f} MiB, median {statistics.median(sizes) / mib:.1f} MiB, "
        f"max {max(sizes) / mib:.1f} MiB.",
        "",
        "Parts per resume: the resume sends exactly the parts Box lacked (stored parts are never re-sent); of "
        "those, the ones that were in flight at the kill are the only ones sent twice.",
        "",
        f"- parts Box already held, sent again by a resume: {sum(r.resent_stored for r in rounds)} in all rounds",
        f"- part requests in flight at the kill: mean {statistics.mean(in_flight or [0]):.1f}, "
        f"max {max(in_flight or [0])} (concurrency 8); of these, lost with the process and so sent again by "
        f"the resume: mean {statistics.mean(lost or [0]):.1f}, max {max(lost or [0])} (the rest had reached the "
        "server's socket buffers and were stored anyway)",
        f"- parts sent per resume: mean {statistics.mean([r.sent_by_resume for r in killed] or [0]):.1f}, "
        f"max {max([r.sent_by_resume for r in killed] or [0])}; parts per file: mean "
        f"{statistics.mean([r.parts for r in rounds]):.1f}",
        f"- parts sent by a resume beyond those missing: {sum(max(0, x) for x in resent)}",
        f"- rounds with a problem: {sum(1 for r in rounds if r.problem)}",
        "",
        "| round | size | parts | killed | stored at kill | in flight (lost) | sent by resume | re-sent stored "
        "| time | result |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rounds:
        when = "commit" if r.mode == "commit" else ("yes" if r.killed else "no")
        lines.append(
            f"| {r.index} | {r.size} | {r.parts} | {when} | {r.stored_at_kill} | {r.in_flight_at_kill} "
            f"({r.lost_in_flight}) | "
            f"{r.sent_by_resume} | {r.resent_stored} | {r.seconds:.1f}s | {r.problem or r.resume_kind + ': ok'} |"
        )
    return lines


def test_kill_9_then_resume_soak(profile: Profile, results: Results, tmp_path: Path) -> None:
    rng = random.Random(20240611)
    rounds: list[Round] = []
    started = time.monotonic()
    with emulator(tmp_path / "box") as box:
        for index in range(profile.soak_rounds):
            rounds.append(one_round(box, tmp_path, profile, rng, index))
    took = time.monotonic() - started
    results.add_section("Crash/resume soak (SIGKILL, then boxup resume)", summarise(rounds, profile, took))
    bad = [f"round {r.index} ({r.size} bytes, {r.mode}): {r.problem}" for r in rounds if r.problem]
    if bad:
        pytest.fail("\n".join(bad))
