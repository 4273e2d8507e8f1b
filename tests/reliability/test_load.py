"""Load: several ``boxup upload`` processes at once against one emulator, sharing one BOXUP_STATE_DIR, with random
transient faults on every endpoint; some are SIGKILLed and finished by ``boxup resume PATH`` running side by side.
All must finish with identical bytes, and no process may touch another's resume record or session.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

from tests.reliability.harness import Cli, emulator, finish, leaks, open_sessions, state_texts, write_random
from tests.reliability.profile import Profile
from tests.reliability.results import Results

TIMEOUT = 600.0


def _records(state_dir: Path) -> list[Path]:
    """Resume records, not the temp files of interrupted writes (StateStore ignores those too)."""
    return sorted(p for p in state_dir.glob("*.json") if not p.name.startswith(".tmp-"))


def _faults(cli: Cli, probability: float) -> None:
    box = cli.box
    box.inject(operation="upload_part", action="status", status=503, probability=probability, seed=1)
    box.inject(operation="upload_part", action="reset", after_bytes=65536, probability=probability / 2, seed=2)
    box.inject(operation="upload_part", action="store_then_status", status=500, probability=probability / 2, seed=3)
    box.inject(operation="upload_part", action="status", status=429, retry_after=1, probability=probability / 4,
               seed=4)  # fmt: skip
    for op in ("create_upload_session", "commit_upload_session", "list_upload_parts", "get_upload_session"):
        box.inject(operation=op, action="status", status=503, probability=2 * probability, seed=5)
    box.inject(operation="commit_upload_session", action="store_then_status", status=502, probability=probability,
               seed=6)  # fmt: skip


def test_parallel_uploads_with_faults_and_kills(profile: Profile, results: Results, tmp_path: Path) -> None:
    sizes = [] if profile.real_sizes else ["--min-chunked-size", str(profile.min_chunked),
                                           "--part-size", str(profile.part_size)]  # fmt: skip
    rng = random.Random(7)
    started = time.monotonic()
    with emulator(tmp_path / "box", *sizes) as box:
        token = str(box.issue_token(lifetime=24 * 3600)["access_token"])
        cli = Cli(box, tmp_path / "state", token, threshold=None if profile.real_sizes else profile.min_chunked)
        files = []
        for i in range(profile.load_procs):
            path = tmp_path / f"load-{i}.bin"
            files.append((path, write_random(path, profile.load_size + i * 4099, rng)))
        _faults(cli, profile.load_fault_probability)
        procs = {path: cli.popen("upload", str(path), "--folder", "0", "--json", "--quiet") for path, _ in files}
        victims = set(rng.sample(sorted(procs), k=max(1, profile.load_procs // 4)))
        # Kill once the uploads are well under way (parts flowing), at a random moment after that.
        deadline = time.monotonic() + 60
        while box.counters["requests_started"].get("upload_part", 0) < 2 * profile.load_procs:
            if time.monotonic() > deadline or all(p.poll() is not None for p in procs.values()):
                break
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 1.0))
        for path in victims:
            procs[path].kill()
        first = {path: finish(proc, TIMEOUT) for path, proc in procs.items()}
        phase1 = time.monotonic() - started

        # No cross-talk: every record left belongs to one killed upload, names its own file and its own session.
        records = [json.loads(p.read_text()) for p in _records(cli.state_dir)]
        owners = [r["source"]["path"] for r in records]
        assert len(owners) == len(set(owners)), f"two records for one file: {owners}"
        for record in records:
            path = Path(record["source"]["path"])
            assert path in victims or first[path].code != 0, f"a record was left for {path}, which finished"
            session = box.session(record["session_id"])
            assert session["file_size"] == path.stat().st_size
            assert session["file_name"] == path.name

        # Finish the killed ones (and any that ran out of retries) side by side, each by its own path; one killed
        # before its record was written is uploaded again, as a user would (its first session is then orphaned:
        # the process died holding the only copy of its id).
        again = [path for path, run in first.items() if run.code != 0]
        recorded = {Path(r["source"]["path"]) for r in records}
        unrecorded = {s["id"] for s in open_sessions(box)} - {r["session_id"] for r in records}
        resumes = {
            path: cli.popen("resume", str(path), "--json", "--quiet")
            if path in recorded
            else cli.popen("upload", str(path), "--folder", "0", "--json", "--quiet")
            for path in again
        }
        second = {path: finish(proc, TIMEOUT) for path, proc in resumes.items()}
        took = time.monotonic() - started

        problems = []
        for path, sha1 in files:
            run = second.get(path, first[path])
            if run.code != 0:
                problems.append(f"{path.name}: exit {run.code}: {run.stderr.strip()[-300:]}")
                continue
            file = json.loads(run.stdout)
            if box.file_sha1(str(file["id"])) != sha1 or box.file_info(str(file["id"]))["name"] != path.name:
                problems.append(f"{path.name}: Box holds other bytes or another name under id {file['id']}")
        if _records(cli.state_dir):
            problems.append(f"records left: {[p.name for p in _records(cli.state_dir)]}")
        orphans = [s["id"] for s in open_sessions(box) if s["id"] not in unrecorded]
        if orphans:
            problems.append(f"open sessions left: {orphans}")
        outputs = {f"{p.name} {k}": v for p, r in [*first.items(), *second.items()]
                   for k, v in (("stdout", r.stdout), ("stderr", r.stderr))}  # fmt: skip
        leaked = leaks([token], outputs | state_texts(cli.state_dir))
        if leaked:
            problems.append("token in " + ", ".join(leaked))
        fired = sum(box.counters["faults_fired"].values())
        mib = profile.load_size / 1024 / 1024
        results.add_section(
            "Load (parallel boxup processes, shared state dir, random faults)",
            [
                f"{profile.load_procs} `boxup upload` processes x {mib:.0f} MiB at once against one emulator "
                f"({'Box real sizes' if profile.real_sizes else 'test sizes'}), sharing BOXUP_STATE_DIR, "
                f"~{profile.load_fault_probability:.0%} transient faults per part request (503, reset, "
                f"stored-then-500, 429) and on create/list/status/commit; {fired} faults fired.",
                f"{len(victims)} were SIGKILLed after {phase1:.1f} s at most; "
                f"{len(again)} processes in all were finished by concurrent `boxup resume PATH` "
                f"({len(again) - len(recorded & set(again))} killed before their record was written were uploaded "
                f"again; {len(unrecorded)} session(s) orphaned that way, unavoidably: they expire on Box).",
                f"Result: {len(files) - len(problems)} of {len(files)} files identical on Box, "
                f"{len(problems)} problem(s); {took:.0f} s in all. Records left: "
                f"{len(_records(cli.state_dir))}; open sessions left: {len(orphans)} (+{len(unrecorded)} unrecorded).",
                *(f"- {p}" for p in problems),
            ],
        )
        if problems:
            pytest.fail("\n".join(problems))


def test_resume_all_finishes_two_interrupted_uploads_of_one_file(tmp_path: Path) -> None:
    """The same file interrupted on its way to two places: `boxup resume` (all) must finish both (D8, fixed in
    c09b9dc: it used to finish one recorded upload per path)."""
    with emulator(tmp_path / "box", "--min-chunked-size", "1MiB", "--part-size", "256KiB") as box:
        cli = Cli(box, tmp_path / "state", box.token, threshold=1024 * 1024)
        path = tmp_path / "twice.bin"
        sha1 = write_random(path, 3 * 1024 * 1024 + 5, random.Random(3))
        env = cli.env(BOXUP_MAX_ATTEMPTS="1")
        for target in (["--folder", "0"], ["--file", box.seed_file_id]):
            box.inject(operation="upload_part", action="status", status=503, nth=3, times=1)
            run = cli.run("upload", str(path), *target, "--quiet", env=env)
            assert run.code == 1, run.stderr
            assert "kept" in run.stderr, run.stderr
            box.clear_faults()
        assert len(_records(cli.state_dir)) == 2
        run = cli.run("resume", "--json", "--quiet")
        assert run.code == 0, run.stderr
        left = [p.name for p in _records(cli.state_dir)]
        assert box.file_sha1(box.seed_file_id) == sha1, "the new version was not finished"
        assert left == [], f"`boxup resume` left a recorded upload unfinished: {left}"
