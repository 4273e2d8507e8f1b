"""Where boxup's CPU goes on the HTTPS loopback run: ``python -m tests.bench.https_hotpath [--size MIB]``.

One boxup upload (a new version, Box's part sizes) inside the namespace of tests/fakebox/netns.py, sampled by
py-spy (native frames off, all threads, idle samples dropped), and one rclone upload of the same file for its CPU
time. Prints the share of samples per leaf function and per top-level activity (hashing, TLS, HTTP, the event
loop...), and CPU seconds per GiB of both clients (``wait4`` of the client process, imports included for boxup:
the upload-only figure is in the client's result).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from tests.fakebox.netns import BoxNet
from tests.fakebox.settings import MiB
from tests.fakebox.state import SEED_FILE_ID, SEED_FILE_NAME

from .run import REPO, generate
from .scenarios import GiB

# What a sample is doing, from its stack (leaf first): the first frame that matches names the activity.
ACTIVITIES = (
    ("imports (start-up)", ("_find_and_load",)),
    ("part digests (sha1, sha512)", ("digest_part",)),
    ("whole-file sha1", ("sha1_hex",)),
    ("TLS (ssl)", ("ssl.py", "sslproto.py")),
    ("file reads for the body", ("PartStream", "read_at")),
    ("HTTP (h11, httpcore, httpx)", ("h11/", "httpcore/", "httpx/")),
    ("event loop (asyncio)", ("asyncio/",)),
)


IDLE = ("Condition.wait", "select (selectors", "_worker (concurrent", "Event.wait", "Thread.join")


def activity(frames: list[str]) -> str:
    for frame in reversed(frames):
        for name, needles in ACTIVITIES:
            if any(n in frame for n in needles):
                return name
    return "other"


def profile(net: BoxNet, work: Path, source: Path) -> dict[str, object]:
    raw, result = work / "profile.txt", work / "result.json"
    client = [sys.executable, "-m", "tests.bench.client", "cli", "--base", "box", "--path", str(source),
              "--file-id", SEED_FILE_ID, "--name", SEED_FILE_NAME, "--state-dir", str(work / "state"),
              "--result", str(result), "--in-process"]  # fmt: skip
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or "py-spy"
    spy_args = ["record", "--threads", "--rate", "250", "--nonblocking", "--format", "raw", "--output", str(raw)]
    net.run([spy, *spy_args, "--", *client], cwd=REPO, timeout=600, check=True)
    leaves: collections.Counter[str] = collections.Counter()
    kinds: collections.Counter[str] = collections.Counter()
    shutil.copyfile(raw, Path(tempfile.gettempdir()) / "boxup-https-profile.txt")  # the raw stacks, to dig into
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [f for f in stack.split(";") if not f.startswith(("thread (", "process "))]
        if not frames or any(idle in frames[-1] for idle in IDLE):
            continue  # waiting for work, for the socket or for a lock
        leaves[frames[-1]] += int(count)
        kinds[activity(frames)] += int(count)
    return {"result": json.loads(result.read_text()), "leaves": leaves, "kinds": kinds}


def rclone_cpu(net: BoxNet, work: Path, source: Path) -> dict[str, object]:
    result = work / "rclone.json"
    net.run([sys.executable, "-m", "tests.bench.client", "rclone", "--base", "box", "--path", str(source),
             "--file-id", SEED_FILE_ID, "--name", SEED_FILE_NAME, "--concurrency", "8", "--state-dir",
             str(work / "state"), "--result", str(result)], cwd=REPO, timeout=600, check=True)  # fmt: skip
    return dict(json.loads(result.read_text()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.https_hotpath", description=__doc__)
    parser.add_argument("--size", type=int, default=256, help="MiB to upload (default 256)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="boxup-https-hotpath-"))
    try:
        source = generate(work / "source.bin", args.size * MiB, seed=args.size)
        with BoxNet.start() as net:
            net.box.reset()
            spied = profile(net, work, source.path)
            net.box.reset()
            theirs = rclone_cpu(net, work, source.path)
        report(spied, theirs, source.size, os.getloadavg()[0])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def report(spied: dict[str, object], theirs: dict[str, object], size: int, load: float) -> None:
    ours = spied["result"]
    assert isinstance(ours, dict)
    kinds = spied["kinds"]
    leaves = spied["leaves"]
    assert isinstance(kinds, collections.Counter)
    assert isinstance(leaves, collections.Counter)
    total = sum(kinds.values()) or 1
    per_gib = GiB / size
    print(f"1-minute load average {load:.1f}; boxup upload {ours['upload_s']:.2f} s (under py-spy)")
    print(f"CPU s per GiB, upload only: boxup {ours['upload_cpu_s'] * per_gib:.2f}, "
          f"rclone --transfers 8 {float(theirs['upload_cpu_s']) * per_gib:.2f}")  # fmt: skip
    print("busy samples by activity:")
    for name, count in kinds.most_common():
        print(f"  {count / total:6.1%}  {name}")
    print("top leaf functions:")
    for leaf, count in leaves.most_common(15):
        print(f"  {count / total:6.1%}  {leaf}")


if __name__ == "__main__":
    sys.exit(main())
