"""The tree scenario: a camera card's worth of files, 1,000 of 16-512 KiB plus four of 64 MiB, on the WAN profile.

``python -m tests.bench.tree [--rounds N] [--small 1000] [--transfers 8]`` races, on one emulator subprocess with
Box's real sizes and the WAN profile (40 ms per request, 12 MiB/s per connection):

- boxup: ``boxup upload TREE --folder 0 --json --quiet --concurrency N`` (one transfer manager, N requests in flight);
- boxsdk 10.18 one file after another (``uploads.upload_file`` below 20 MiB, ``chunked_uploads.upload_big_file``
  from 20 MiB, as its docs show), no parallelism across files: what a script over the SDK does;
- rclone ``copy --transfers N`` when issue 14's hook exists (``tests/bench/rclone.py`` with
  ``tree_command(tree, transfers, base_url) -> (argv, env)``), through the HTTPS harness; otherwise reported as not
  run, never guessed.

Every run starts from a reset emulator; after it, every file is checked on the emulator by SHA-1 (count and bytes),
and the emulator's counters give the requests each client made, by operation. Medians over the rounds go to
``tests/bench/TREE.md`` and the runs to ``tests/bench/tree.json``. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench.client import TOKEN
from tests.bench.run import REPO, Emulator
from tests.bench.scenarios import WAN_BANDWIDTH, WAN_LATENCY

KiB, MiB = 1024, 1024 * 1024
HERE = Path(__file__).resolve().parent
RUN_TIMEOUT = 3600.0


def build_tree(root: Path, small: int, big: int, big_size: int = 64 * MiB) -> dict[str, str]:
    """The tree (seeded, so every round uploads the same bytes); relative path -> SHA-1."""
    rng = random.Random(16)
    files: dict[str, str] = {}
    for i in range(small):
        rel = f"card/DCIM/{100 + i // 200:03d}CANON/IMG_{i:04d}.JPG"
        files[rel] = _write(root / rel, rng.randint(16 * KiB, 512 * KiB), rng)
    for i in range(big):
        rel = f"card/PRIVATE/CLIP{i:02d}.MP4"
        files[rel] = _write(root / rel, big_size, rng)
    return files


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


# --- the clients (each in its own process) -------------------------------------------------------------------------


def boxup_command(tree: Path, base: str, transfers: int, state: Path) -> tuple[list[str], dict[str, str]]:
    env = {
        "BOX_ACCESS_TOKEN": TOKEN,
        "BOX_API_URL": f"{base}/2.0",
        "BOX_UPLOAD_URL": f"{base}/api/2.0",
        "BOX_OAUTH_URL": f"{base}/oauth2/token",
        "BOXUP_STATE_DIR": str(state),
    }
    argv = [sys.executable, "-m", "boxup_cli", "upload", str(tree / "card"), "--folder", "0", "--json", "--quiet"]
    return [*argv, "--concurrency", str(transfers)], env


def boxsdk_command(tree: Path, base: str, _: int, __: Path) -> tuple[list[str], dict[str, str]]:
    return [sys.executable, "-m", "tests.bench.tree", "--sdk-serial", str(tree / "card"), "--base", base], {}


def sdk_serial(card: Path, base: str) -> int:
    """boxsdk one file at a time: folders created as met, small files in one request, big ones chunked."""
    from box_sdk_gen import BaseUrls, BoxClient, BoxDeveloperTokenAuth, NetworkSession
    from box_sdk_gen.managers.folders import CreateFolderParent
    from box_sdk_gen.managers.uploads import UploadFileAttributes, UploadFileAttributesParentField

    urls = BaseUrls(base_url=base, upload_url=f"{base}/api", oauth_2_url=f"{base}/oauth2")
    client = BoxClient(auth=BoxDeveloperTokenAuth(token=TOKEN), network_session=NetworkSession(base_urls=urls))
    ids = {card.parent: "0"}
    for directory in sorted(p for p in [card, *card.rglob("*")] if p.is_dir()):
        folder = client.folders.create_folder(directory.name, CreateFolderParent(id=ids[directory.parent]))
        ids[directory] = folder.id
    for path in sorted(p for p in card.rglob("*") if p.is_file()):
        size = path.stat().st_size
        with path.open("rb") as stream:
            if size < 20 * MiB:
                attributes = UploadFileAttributes(path.name, UploadFileAttributesParentField(id=ids[path.parent]))
                client.uploads.upload_file(attributes, stream)
            else:
                client.chunked_uploads.upload_big_file(stream, path.name, size, ids[path.parent])
    return 0


def rclone_command(tree: Path, base: str, transfers: int, state: Path) -> tuple[list[str], dict[str, str]] | None:
    """Issue 14's hook, if it is there: rclone copy at equal --transfers through the HTTPS harness."""
    try:
        from tests.bench import rclone  # type: ignore[attr-defined]
    except ImportError:
        return None
    hook = getattr(rclone, "tree_command", None)
    return None if hook is None else hook(tree / "card", transfers, base)  # type: ignore[no-any-return]


CLIENTS = {"boxup": boxup_command, "boxsdk-serial": boxsdk_command, "rclone": rclone_command}


# --- one run -------------------------------------------------------------------------------------------------------


def verify(emulator: Emulator, files: dict[str, str]) -> str | None:
    """None when every local file is on the emulator, under its path, with its SHA-1."""
    stored: dict[str, str] = {}

    def walk(folder_id: str, prefix: str) -> None:
        marker = None
        while True:
            params: dict[str, Any] = {"usemarker": "true", "limit": 1000, "fields": "type,id,name,sha1"}
            if marker:
                params["marker"] = marker
            page = box_http(emulator, f"/2.0/folders/{folder_id}/items", params)
            for item in page["entries"]:
                rel = f"{prefix}{item['name']}"
                if item["type"] == "folder":
                    walk(item["id"], rel + "/")
                else:
                    stored[rel] = item["sha1"]
            marker = page.get("next_marker")
            if not marker:
                return

    walk("0", "")
    missing = [p for p in files if stored.get(p) != files[p]]
    return f"{len(missing)} files missing or different, e.g. {missing[:3]}" if missing else None


def box_http(emulator: Emulator, path: str, params: dict[str, Any]) -> dict[str, Any]:
    import httpx

    answer = httpx.get(
        f"{emulator.base_url}{path}", params=params, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60
    )
    answer.raise_for_status()
    return dict(answer.json())


def run_one(emulator: Emulator, name: str, tree: Path, files: dict[str, str], transfers: int) -> dict[str, Any]:
    command = CLIENTS[name](tree, emulator.base_url, transfers, Path(tempfile.mkdtemp(prefix="state-")))
    if command is None:
        return {"client": name, "ok": False, "error": "not run: no rclone hook (tests/bench/rclone.py tree_command)"}
    argv, env = command
    emulator.box.reset()
    emulator.box.configure(latency=WAN_LATENCY, bandwidth=WAN_BANDWIDTH)
    started = time.perf_counter()
    done = subprocess.run(
        argv, cwd=REPO, env={**os.environ, **env}, capture_output=True, timeout=RUN_TIMEOUT, check=False
    )
    seconds = time.perf_counter() - started
    emulator.box.configure(latency=0.0, bandwidth=None)
    counters = emulator.box.counters
    requests = {op: sum(int(n) for n in by.values()) for op, by in counters["requests"].items()}
    error = None if done.returncode == 0 else f"exit {done.returncode}: {done.stderr.decode()[-300:]}"
    error = error or verify(emulator, files)
    return {
        "client": name,
        "ok": error is None,
        "error": error,
        "seconds": seconds,
        "requests": requests,
        "requests_total": sum(requests.values()),
        "max_content_uploads": counters.get("max_concurrent_content_uploads"),
    }


def markdown(runs: list[dict[str, Any]], small: int, big: str, transfers: int) -> str:
    lines = [
        "# Tree scenario",
        "",
        f"{small} files of 16-512 KiB + {big}, WAN profile ({WAN_LATENCY * 1000:.0f} ms per request, "
        f"{WAN_BANDWIDTH // MiB} MiB/s per connection), --transfers/--concurrency {transfers}. "
        "Produced by `python -m tests.bench.tree`.",
        "",
        "| client | runs ok | median s | requests (median) | most content uploads at once |",
        "|---|---|---|---|---|",
    ]
    for name in CLIENTS:
        mine = [r for r in runs if r["client"] == name]
        good = [r for r in mine if r["ok"]]
        if not good:
            reason = mine[0]["error"] if mine else "not run"
            lines.append(f"| {name} | 0/{len(mine)} | — | — | {reason} |")
            continue
        median_s = statistics.median(r["seconds"] for r in good)
        median_requests = statistics.median(r["requests_total"] for r in good)
        peak = max(int(r["max_content_uploads"] or 0) for r in good)
        lines.append(f"| {name} | {len(good)}/{len(mine)} | {median_s:.1f} | {median_requests:.0f} | {peak} |")
    lines += ["", "Requests by operation (first good run of each):", ""]
    for name in CLIENTS:
        good = [r for r in runs if r["client"] == name and r["ok"]]
        if good:
            by_op = ", ".join(f"{op} {n}" for op, n in sorted(good[0]["requests"].items()))
            lines.append(f"- {name}: {by_op}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.tree")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--big", type=int, default=4)
    parser.add_argument("--big-mib", type=int, default=64)
    parser.add_argument("--transfers", type=int, default=8)
    parser.add_argument("--clients", default=",".join(CLIENTS))
    parser.add_argument("--sdk-serial", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sdk_serial is not None:
        return sdk_serial(args.sdk_serial, args.base)
    work = Path(tempfile.mkdtemp(prefix="bench-tree-"))
    files = build_tree(work, args.small, args.big, args.big_mib * MiB)
    emulator = Emulator(work, "tree")
    runs: list[dict[str, Any]] = []
    try:
        for round_ in range(args.rounds):
            for name in args.clients.split(","):
                run = run_one(emulator, name, work, files, args.transfers) | {"round": round_}
                print(json.dumps({k: v for k, v in run.items() if k != "requests"}), flush=True)
                runs.append(run)
    finally:
        emulator.stop()
    (HERE / "tree.json").write_text(json.dumps(runs, indent=1) + "\n")
    report = markdown(runs, args.small, f"{args.big} of {args.big_mib} MiB", args.transfers)
    (HERE / "TREE.md").write_text(report)
    print(report)
    return 0 if all(r["ok"] for r in runs if r["client"] != "rclone") else 1


if __name__ == "__main__":
    sys.exit(main())
