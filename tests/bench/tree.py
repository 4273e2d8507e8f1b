"""The tree scenario: a camera card's worth of files, 1,000 of 16-512 KiB plus four of 64 MiB, on the WAN profile.

``python -m tests.bench.tree [--quick] [--rounds 3] [--clients boxup-c8,...]`` races the clients of tree_clients.py
(boxup at --concurrency 8 and 16, rclone copy at --transfers 8 and 16, boxsdk one file after another) on one
emulator behind TLS on Box's host names, in the network namespace of tests/fakebox/netns.py (rclone reaches no
other host, so every client goes the same way: DNS name, TLS, certificate check), with Box's real sizes and the WAN
profile (40 ms per request, 12 MiB/s per connection). Clients alternate A B C A B C over the rounds.

Every run starts from a reset emulator (nothing left to find, counters at zero). Its wall time is spawn to exit
(imports included, for every client alike); CPU is user + sys from ``wait4``; peak RSS the client's own ``VmHWM``,
sampled every 10 ms. After the run, the folders under the root are listed through the Box API and every stored
file is read back and hashed here: the run is valid only when the folders and files are exactly the local tree's
and every file's bytes match. The emulator's counters give the requests each client made, by operation.

The outcome goes into ``tests/bench/results.json`` under ``"tree"`` (the other scenarios are kept) and report.py
redraws RESULTS.md (a tree section) and ``tree.png``. ``--quick``: 100 files and one 64 MiB clip, one round, three
clients. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import ssl
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.bench import report
from tests.bench.client import TOKEN, PeakSampler
from tests.bench.run import REPO, code_fingerprint, compile_code, machine_info, user_install, wait_with_rusage
from tests.bench.scenarios import WAN_BANDWIDTH, WAN_LATENCY
from tests.bench.tree_clients import CLIENTS, QUICK, TreeClient, by_key
from tests.fakebox.netns import BoxNet

KiB, MiB = 1024, 1024 * 1024
HERE = Path(__file__).resolve().parent
RUN_TIMEOUT = 1800.0  # one client run; the serial SDK needs a few minutes for the full tree on the WAN profile
FULL = {"small": 1000, "big": 4, "big_mib": 64}
QUICK_TREE = {"small": 100, "big": 1, "big_mib": 64}
FOLDERS = 5  # the small files are spread over DCIM/100CANON .. 104CANON


@dataclass(frozen=True)
class Tree:
    """The local tree under ``root/card``: relative path -> SHA-1 for every file, and every directory."""

    root: Path
    files: dict[str, str]
    sizes: dict[str, int]
    dirs: frozenset[str]

    @property
    def card(self) -> Path:
        return self.root / "card"

    @property
    def total_bytes(self) -> int:
        return sum(self.sizes.values())


def build_tree(root: Path, small: int, big: int, big_size: int = 64 * MiB) -> Tree:
    """The tree, seeded, so every round and every client uploads the same bytes."""
    rng = random.Random(16)
    files: dict[str, str] = {}
    sizes: dict[str, int] = {}
    layout = [(f"card/DCIM/{100 + i * FOLDERS // small:03d}CANON/IMG_{i:04d}.JPG", 0) for i in range(small)]
    layout += [(f"card/PRIVATE/M4ROOT/CLIP/C{i:04d}.MP4", big_size) for i in range(big)]
    for rel, size in layout:
        sizes[rel] = size or rng.randint(16 * KiB, 512 * KiB)
        files[rel] = _write(root / rel, sizes[rel], rng)
    dirs = frozenset(str(Path(rel).parents[i]) for rel in files for i in range(len(Path(rel).parents) - 1))
    return Tree(root, files, sizes, dirs)


def _write(path: Path, size: int, rng: random.Random) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    block = rng.randbytes(min(size, MiB))
    digest = hashlib.sha1(usedforsecurity=False)
    with path.open("wb") as f:
        left = size
        while left:
            chunk = block[: min(left, len(block))]
            f.write(chunk)
            digest.update(chunk)
            left -= len(chunk)
            block = hashlib.sha256(block[:64]).digest() + block[32:]  # every MiB differs from the last
    return digest.hexdigest()


# --- checking a run ----------------------------------------------------------------------------------------------


@contextlib.contextmanager
def box_api(net: BoxNet) -> Iterator[httpx.Client]:
    """The emulator's Box API from outside the namespace, over its Unix socket (TLS checked against its CA)."""
    verify = ssl.create_default_context(cafile=str(net.ca_file))
    transport = httpx.HTTPTransport(uds=str(net.root / "fakebox.sock"), verify=verify)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url="https://127.0.0.1/2.0", transport=transport, headers=headers, timeout=120) as http:
        yield http


def stored_tree(api: httpx.Client, folder_id: str = "0", prefix: str = "") -> tuple[dict[str, str], set[str]]:
    """Every file (relative path -> file id) and folder under ``folder_id``, by marker paging as a client lists."""
    files: dict[str, str] = {}
    folders: set[str] = set()
    marker: str | None = None
    while True:
        params: dict[str, Any] = {"usemarker": "true", "limit": 1000, "fields": "type,id,name"}
        page = api.get(f"/folders/{folder_id}/items", params=params | ({"marker": marker} if marker else {}))
        page.raise_for_status()
        body = page.json()
        for item in body["entries"]:
            rel = f"{prefix}{item['name']}"
            if item["type"] == "folder":
                folders.add(rel)
                deeper_files, deeper_folders = stored_tree(api, item["id"], rel + "/")
                files |= deeper_files
                folders |= deeper_folders
            else:
                files[rel] = item["id"]
        marker = body.get("next_marker")
        if not marker:
            return files, folders


def verify(net: BoxNet, tree: Tree, seeded: set[str]) -> tuple[str | None, int]:
    """(None, bytes checked) when the emulator holds exactly the tree (besides the ``seeded`` root items), every
    file's stored bytes hashing to the local file's SHA-1; otherwise (what is wrong, bytes checked)."""
    with box_api(net) as api:
        files, folders = stored_tree(api)
    files = {rel: fid for rel, fid in files.items() if rel not in seeded}
    problems = []
    local = set(tree.files)
    if folders != set(tree.dirs):
        problems.append(
            f"folders differ: missing {sorted(tree.dirs - folders)[:3]}, extra {sorted(folders - tree.dirs)[:3]}"
        )
    if set(files) != local:
        problems.append(
            f"files differ: missing {sorted(local - set(files))[:3]}, extra {sorted(set(files) - local)[:3]}"
        )
    checked, wrong = 0, []
    for rel, file_id in sorted(files.items()):
        if rel not in tree.files:
            continue  # reported above as extra
        digest = hashlib.sha1(usedforsecurity=False)
        for block in net.box.iter_file_bytes(file_id, 4 * MiB):
            digest.update(block)
            checked += len(block)
        if digest.hexdigest() != tree.files.get(rel):
            wrong.append(rel)
    if wrong:
        problems.append(f"{len(wrong)} stored files differ from the local ones, e.g. {wrong[:3]}")
    return ("; ".join(problems) or None), checked


# --- one run -----------------------------------------------------------------------------------------------------


@dataclass
class TreeRun:
    client: str
    round: int
    ok: bool = False
    error: str | None = None
    wall_s: float = 0.0  # spawn to exit, imports included
    cpu_s: float = 0.0  # user + sys of the client process (wait4)
    peak_rss_bytes: int = 0  # the client's own VmHWM
    server_cpu_s: float = 0.0
    requests: dict[str, int] = field(default_factory=dict)  # per operation, every status
    errors: dict[str, int] = field(default_factory=dict)  # per operation, answers of 400 and above
    max_content_uploads: int = 0  # the most uploads (parts and whole files) the emulator had in flight at once
    bytes_verified: int = 0
    violations: int = 0

    @property
    def requests_total(self) -> int:
        return sum(self.requests.values())


def run_one(net: BoxNet, client: TreeClient, round_: int, tree: Tree, *, wan: bool, work: Path) -> TreeRun:
    run = TreeRun(client.key, round_)
    box = net.box
    box.reset()  # the seed and Box's real sizes; counters at zero
    seeded = {e["name"] for e in box_listing(net)}
    if wan:
        box.configure(latency=WAN_LATENCY, bandwidth=WAN_BANDWIDTH)
    scratch = Path(tempfile.mkdtemp(prefix=f"{client.key}-", dir=work))
    argv, env = client.command(tree.card, scratch / "state")
    assert net.emulator is not None
    cpu0 = process_cpu(net.emulator.pid)
    started = time.perf_counter()
    with (scratch / "stdout").open("wb") as out, (scratch / "stderr").open("wb") as err:
        proc = net.popen(argv, env=env, cwd=REPO, stdout=out, stderr=err)
        sampler = PeakSampler(proc.pid)
        sampler.start()
        code, usage = wait_with_rusage(proc, RUN_TIMEOUT)  # type: ignore[arg-type]
    run.wall_s = time.perf_counter() - started
    sampler.join()
    run.server_cpu_s = process_cpu(net.emulator.pid) - cpu0
    run.cpu_s, run.peak_rss_bytes = usage.ru_utime + usage.ru_stime, sampler.peak
    box.configure(latency=0.0, bandwidth=None)
    counters = box.counters
    by_status = counters["requests"]
    run.requests = {op: sum(int(n) for n in statuses.values()) for op, statuses in by_status.items()}
    run.errors = {op: n for op, s in by_status.items() if (n := sum(int(c) for k, c in s.items() if int(k) >= 400))}
    run.max_content_uploads = int(counters.get("max_concurrent_content_uploads", 0))
    run.violations = int(counters.get("violations", 0))
    if code != 0:
        tail = (scratch / "stderr").read_text(errors="replace").strip().splitlines()[-3:]
        run.error = f"exit {code}: {' | '.join(tail)}"
        return run
    run.error, run.bytes_verified = verify(net, tree, seeded)
    run.ok = run.error is None
    shutil.rmtree(scratch, ignore_errors=True)
    return run


def box_listing(net: BoxNet) -> list[dict[str, Any]]:
    with box_api(net) as api:
        page = api.get("/folders/0/items", params={"limit": 1000})
        page.raise_for_status()
        return list(page.json()["entries"])


def process_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def describe(run: TreeRun) -> str:
    status = "ok " if run.ok else "BAD"
    line = (
        f"{status} r{run.round} {run.client:<10} {run.wall_s:7.2f}s cpu {run.cpu_s:6.2f}s "
        f"rss {run.peak_rss_bytes / 1e6:5.0f} MB requests {run.requests_total:5d} in flight {run.max_content_uploads}"
    )
    return line if run.ok else f"{line}  {run.error}"


# --- the scenario ------------------------------------------------------------------------------------------------


def run_tree(clients: list[TreeClient], rounds: int, shape: dict[str, int], *, wan: bool, work: Path) -> dict[str, Any]:
    print(f"building the tree: {shape}", flush=True)
    tree = build_tree(work, shape["small"], shape["big"], shape["big_mib"] * MiB)
    started = dt.datetime.now(dt.UTC)
    code_before, load_before = code_fingerprint(), os.getloadavg()[0]
    runs: list[TreeRun] = []
    with BoxNet.start() as net:
        for round_ in range(1, rounds + 1):
            for client in clients:
                run = run_one(net, client, round_, tree, wan=wan, work=work)
                print(f"  {describe(run)}", flush=True)
                runs.append(run)
    return {
        "started": started.isoformat(timespec="seconds"),
        "rounds": rounds,
        "wan": wan,
        **shape,
        "files": len(tree.files),
        "folders": len(tree.dirs),
        "total_bytes": tree.total_bytes,
        "clients": [c.key for c in clients],
        "labels": {c.key: c.label for c in clients},
        "code": code_before,
        "code_changed_during": code_fingerprint() != code_before,
        "load_avg_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "machine": machine_info(),
        "runs": [asdict(r) | {"requests_total": r.requests_total} for r in runs],
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.tree", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 files + one 64 MiB clip, 1 round, 3 clients")
    parser.add_argument("--rounds", type=int, help="rounds (default 3; --quick: 1)")
    parser.add_argument("--small", type=int, help="small files (default 1000; --quick: 100)")
    parser.add_argument("--big", type=int, help="64 MiB clips (default 4; --quick: 1)")
    parser.add_argument("--big-mib", type=int, help="size of a clip in MiB (default 64)")
    parser.add_argument("--clients", help=f"comma-separated, of {','.join(c.key for c in CLIENTS)}")
    parser.add_argument("--loopback", action="store_true", help="no WAN profile (latency, bandwidth cap)")
    parser.add_argument("--out", type=Path, default=HERE, help="where results.json, RESULTS.md and tree.png are")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    compile_code()
    shape = dict(QUICK_TREE if args.quick else FULL)
    shape |= {k: v for k in shape if (v := getattr(args, k)) is not None}
    clients = by_key(args.clients or ",".join(QUICK if args.quick else (c.key for c in CLIENTS)))
    rounds = args.rounds or (1 if args.quick else 3)
    work = Path(tempfile.mkdtemp(prefix="bench-tree-"))
    os.environ["BENCH_BOXUP"] = str(user_install(work))  # the boxup a user installs, built from this tree
    try:
        outcome = run_tree(clients, rounds, shape, wan=not args.loopback, work=work) | {"quick": args.quick}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results_path = args.out / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {"scenarios": {}}
    results.setdefault("machine", outcome["machine"])
    results["tree"] = outcome
    results_path.write_text(json.dumps(results, indent=1) + "\n")
    report.write(results, args.out)
    print(f"wrote {results_path}, {args.out / 'RESULTS.md'} and {args.out / 'tree.png'}")
    return 0 if all(r["ok"] for r in outcome["runs"]) else 1


if __name__ == "__main__":
    sys.exit(main())
