"""``make demo``: start the emulator, upload a 64 MiB new version of file 12345 with the real ``boxup`` command
(progress bar on the terminal, JSON result on stdout), read the file back and compare SHA-1s, stop the emulator.

The emulator runs with Box's real sizes (20 MiB minimum, 8 MiB parts) and the WAN profile (40 ms per request,
12 MiB/s per connection), so the bar has something to show and the parallel parts are visible in the numbers.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .process import running

SIZE = 64 * 1024 * 1024
FILE_ID = "12345"


def make_file(directory: Path) -> tuple[Path, str]:
    path = directory / "demo.bin"
    sha1 = hashlib.sha1()
    with path.open("wb") as out:
        for _ in range(SIZE // (1 << 20)):
            block = os.urandom(1 << 20)
            sha1.update(block)
            out.write(block)
    return path, sha1.hexdigest()


def boxup_command() -> list[str]:
    installed = shutil.which("boxup", path=str(Path(sys.executable).parent))
    return [installed] if installed else [sys.executable, "-m", "boxup_cli"]


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="boxup-demo-") as tmp, running("--wan") as (_proc, box):
        box.use_real_sizes()
        print(f"emulator at {box.base_url} (WAN profile: 40 ms per request, 12 MiB/s per connection)")
        path, sha1_hex = make_file(Path(tmp))
        print(f"made {path.name}: {SIZE // (1 << 20)} MiB, sha1 {sha1_hex}")
        env = {
            **os.environ,
            "BOX_ACCESS_TOKEN": box.token,
            "BOX_API_URL": box.api_url,
            "BOX_UPLOAD_URL": box.upload_url,
            "BOX_OAUTH_URL": box.oauth_url,
            "BOXUP_STATE_DIR": str(Path(tmp) / "state"),
        }
        command = [*boxup_command(), "upload", str(path), "--file", FILE_ID, "--json"]
        print("$ boxup upload demo.bin --file 12345 --json", flush=True)
        result = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=False)
        if result.returncode != 0:
            print(f"boxup exited {result.returncode}", file=sys.stderr)
            return 1
        committed = json.loads(result.stdout)
        print(json.dumps(committed, indent=2))
        got = hashlib.sha1(box.file_bytes(FILE_ID)).hexdigest()
        if got != sha1_hex or committed.get("sha1") != sha1_hex:
            print(f"MISMATCH: Box holds sha1 {got}, boxup reported {committed.get('sha1')}, expected {sha1_hex}")
            return 1
        print(f"downloaded file {FILE_ID} back: {SIZE} bytes, sha1 matches")
        print(f"parts sent: {box.count('upload_part')}, most at once: {box.counters['max_concurrent_part_uploads']}")
        if box.violations:
            print("spec violations:\n" + "\n".join(v["text"] for v in box.violations), file=sys.stderr)
            return 1
    print(f"demo ok in {time.monotonic() - started:.1f}s; emulator stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
