"""Run the maintainer's workflow the way a maintainer does: derive.py in its own process, then the generator and
``mypy --strict`` over the generated package together with the wrapper and the CLI that import it.

Derivation runs against a copy of ``openapi/`` (plus the status table it reads), so a test can assert that a failed
run left every file of it untouched without ever touching the real one.
"""

from __future__ import annotations

import copy
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
REFERENCE = ROOT.parent / "shared" / "reference" / "box-openapi.json"
HISTORY = ROOT.parent / "shared" / "reference" / "box-openapi-history"


def base_upstream() -> dict[str, Any]:
    """Box's spec when it is at hand; otherwise the committed spec, which derives to itself."""
    env = os.environ.get("BOX_OPENAPI_UPSTREAM")
    path = Path(env) if env else REFERENCE
    source = path if path.is_file() else ROOT / "openapi" / "box-uploads.json"
    data: dict[str, Any] = json.loads(source.read_bytes())
    return copy.deepcopy(data)


def history_snapshots() -> list[Path]:
    directory = Path(os.environ.get("BOX_OPENAPI_HISTORY") or HISTORY)
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.name.endswith((".json", ".json.gz")))


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    output: Path
    unchanged: bool

    @property
    def error_lines(self) -> list[str]:
        return self.stderr.splitlines()


def _tree_digest(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def workspace(tmp: Path) -> Path:
    """A copy of openapi/ and the status table it reads, laid out as in the repository."""
    shutil.copytree(ROOT / "openapi", tmp / "openapi", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp / "wrapper" / "boxup").mkdir(parents=True)
    shutil.copy(ROOT / "wrapper" / "boxup" / "statuses.py", tmp / "wrapper" / "boxup" / "statuses.py")
    return tmp


def write_upstream(tmp: Path, upstream: dict[str, Any] | bytes, name: str = "upstream.json") -> Path:
    path = tmp / name
    path.write_bytes(upstream if isinstance(upstream, bytes) else json.dumps(upstream).encode())
    return path


def derive(tmp: Path, upstream: Path, *extra: str) -> Run:
    """``python openapi/derive.py UPSTREAM openapi/box-uploads.json`` in a copy of the repository's openapi/."""
    root = tmp / "repo"
    if not root.exists():
        workspace(root)
    before = _tree_digest(root / "openapi")
    output = root / "openapi" / "box-uploads.json"
    done = subprocess.run(
        [sys.executable, str(root / "openapi" / "derive.py"), str(upstream), str(output), *extra],
        capture_output=True,
        check=False,
        text=True,
        timeout=120,
    )
    return Run(done.returncode, done.stdout, done.stderr, output, _tree_digest(root / "openapi") == before)


def generate_and_typecheck(spec: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    """Generate boxup_api from ``spec`` and run ``mypy --strict`` over it with the wrapper and the CLI (copied)."""
    tree = tmp / "typecheck"
    tree.mkdir()
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    for package in ("wrapper/boxup", "cli/boxup_cli"):
        shutil.copytree(ROOT / package, tree / package, ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / ".mypy_cache").is_dir():  # third-party modules are the same: reuse their cache entries
        shutil.copytree(ROOT / ".mypy_cache", tree / ".mypy_cache")
    generated = subprocess.run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(spec),
            "--config",
            str(ROOT / "openapi" / "oapc-config.yaml"),
            "--custom-template-path",
            str(ROOT / "openapi" / "templates"),
            "--meta",
            "none",
            "--output-path",
            str(tree / "generated" / "boxup_api"),
            "--fail-on-warning",
        ],
        capture_output=True,
        check=False,
        text=True,
        timeout=300,
        env={**os.environ, "PATH": f"{BIN}:{os.environ.get('PATH', '')}"},
    )
    if generated.returncode != 0:
        return generated
    return subprocess.run(
        [str(BIN / "mypy"), "wrapper/boxup", "cli/boxup_cli", "generated/boxup_api"],
        cwd=tree,
        capture_output=True,
        check=False,
        text=True,
        timeout=600,
    )


def read_any(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
