"""`boxup upload DIR ...` as a user runs it: real `boxup` processes against the emulator, counted on the emulator.

The emulator's chunked minimum is 1 MiB with 256 KiB parts (BOXUP_CHUNKED_THRESHOLD makes boxup use it), so
"big" files here are a few MiB. Bytes are checked by download from the emulator; --json output is JSON Lines.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fakebox import FakeBox
from tests.test_cli_e2e import Cli, MiB, Run, cli, make_file
from tests.test_cli_interrupt import wait_for

__all__ = ["cli"]  # the fixture, shared from test_cli_e2e

KiB = 1024
PART = 256 * KiB
BAD = "shoot/bad name "


def json_lines(stdout: str) -> dict[str, dict[str, Any]]:
    """stdout with --json: one JSON object per line and nothing else; by path."""
    lines = stdout.splitlines()
    assert stdout.endswith("\n"), stdout
    assert all(lines), stdout
    documents = [json.loads(line) for line in lines]
    assert all(set(d) == {"path", "status", "file", "error"} for d in documents), documents
    return {d["path"]: d for d in documents}


def build_tree(work: Path) -> Path:
    """Nested and empty directories, unicode names, an exact multiple of the part size, a chunked file with a short
    last part, small files below the chunked threshold, and a name Box refuses (a trailing space)."""
    root = work / "shoot"
    (root / "raw" / "deep").mkdir(parents=True)
    (root / "Café").mkdir()
    (root / "empty" / "emptier").mkdir(parents=True)
    make_file(root, "notes.txt", 3 * KiB, seed=1)
    make_file(root / "raw", "exact.bin", 8 * PART, seed=2)  # 2 MiB: chunked, exactly 8 parts
    make_file(root / "raw", "odd.bin", MiB + 12_345, seed=3)  # chunked, a short last part
    make_file(root / "raw" / "deep", "tiny.bin", 1, seed=4)
    make_file(root / "Café", "naïve résumé 日本.txt", 700, seed=5)
    make_file(root, "bad name ", 10, seed=6)
    return root


def folder_items(fakebox: FakeBox, folder_id: str) -> dict[str, str]:
    """Names and ids in a folder on the emulator, as Box's API lists them."""
    answer = httpx.get(
        f"{fakebox.api_url}/folders/{folder_id}/items",
        params={"limit": 1000},
        headers={"Authorization": f"Bearer {fakebox.token}"},
    )
    answer.raise_for_status()
    return {item["name"]: item["id"] for item in answer.json()["entries"]}


def uploads(fakebox: FakeBox) -> dict[str, int]:
    """Requests that put a file (or a version) on Box, as the emulator answered them."""
    return {
        "direct": fakebox.count("upload_file", 201) + fakebox.count("upload_file_version", 200),
        "sessions": fakebox.count("create_upload_session", 201) + fakebox.count("create_version_upload_session", 201),
        "commits": fakebox.count("commit_upload_session", 201),
    }


def assert_bytes_right(cli: Cli, root: Path, results: dict[str, dict[str, Any]]) -> None:
    for path, result in results.items():
        if result["status"] in ("uploaded", "version", "identical"):
            assert cli.fakebox.file_bytes(result["file"]["id"]) == (root.parent / path).read_bytes(), path


def test_a_tree_lands_as_folders_and_files_with_json_lines_and_a_refused_name_fails_alone(cli: Cli) -> None:
    root = build_tree(cli.work)
    result = cli.run("upload", str(root), "--folder", "0", "--json")
    assert result.code == 1, result.stderr  # one file failed; the others are uploaded
    results = json_lines(result.stdout)
    assert results[BAD]["status"] == "failed"
    assert results[BAD]["file"] is None
    assert "'bad name '" in results[BAD]["error"]
    good = {p: r for p, r in results.items() if p != BAD}
    assert sorted(good) == [
        "shoot/Café/naïve résumé 日本.txt",
        "shoot/notes.txt",
        "shoot/raw/deep/tiny.bin",
        "shoot/raw/exact.bin",
        "shoot/raw/odd.bin",
    ]
    assert {r["status"] for r in good.values()} == {"uploaded"}
    assert all(r["error"] is None for r in good.values())
    assert_bytes_right(cli, root, good)
    assert uploads(cli.fakebox) == {"direct": 3, "sessions": 2, "commits": 2}
    shoot = folder_items(cli.fakebox, "0")["shoot"]
    assert sorted(folder_items(cli.fakebox, shoot)) == ["Café", "empty", "notes.txt", "raw"]
    empty = folder_items(cli.fakebox, shoot)["empty"]
    assert list(folder_items(cli.fakebox, folder_items(cli.fakebox, empty)["emptier"])) == []  # mirrored, empty
    last = result.stderr.strip().splitlines()[-1]
    assert last == f"boxup: 6 files: 5 uploaded, 1 failed; failed: {BAD!r}"  # quoted: its trailing space shows
    assert f"boxup: failed: {BAD.rstrip()}" in result.stderr


def test_without_json_the_log_has_a_line_per_file_and_the_summary_is_on_stdout(cli: Cli) -> None:
    root = cli.work / "docs"
    root.mkdir()
    for i in range(3):
        make_file(root, f"d{i}.txt", 100 + i, seed=i)
    result = cli.run("upload", str(root), "--folder", "0")
    assert result.code == 0, result.stderr
    assert result.stdout == "3 files: 3 uploaded\n"
    assert "boxup: uploading 3 files" in result.stderr
    for i in range(3):
        assert f"uploaded: docs/d{i}.txt" in result.stderr


def test_each_if_exists_mode_on_a_second_run(cli: Cli) -> None:
    root = build_tree(cli.work)
    (root / "bad name ").unlink()
    first = json_lines(cli.run("upload", str(root), "--folder", "0", "--json").stdout)
    before = uploads(cli.fakebox)

    again = cli.run("upload", str(root), "--folder", "0", "--json")
    assert again.code == 0, again.stderr
    assert {r["status"] for r in json_lines(again.stdout).values()} == {"identical"}
    assert uploads(cli.fakebox) == before  # nothing sent twice

    make_file(root, "notes.txt", 4 * KiB, seed=99)  # other bytes under a name already on Box
    failing = cli.run("upload", str(root), "--folder", "0", "--json", "--if-exists", "fail")
    assert failing.code == 1
    failed = json_lines(failing.stdout)
    assert failed["shoot/notes.txt"]["status"] == "failed"
    assert "other bytes" in failed["shoot/notes.txt"]["error"]
    assert failed["shoot/raw/exact.bin"]["status"] == "identical"

    skipping = cli.run("upload", str(root), "--folder", "0", "--json", "--if-exists", "skip")
    assert skipping.code == 0
    assert {r["status"] for r in json_lines(skipping.stdout).values()} == {"skipped"}
    assert uploads(cli.fakebox) == before

    versioning = cli.run("upload", str(root), "--folder", "0", "--json", "--if-exists", "version")
    assert versioning.code == 0, versioning.stderr
    versioned = json_lines(versioning.stdout)
    assert versioned["shoot/notes.txt"]["status"] == "version"
    assert versioned["shoot/notes.txt"]["file"]["id"] == first["shoot/notes.txt"]["file"]["id"]
    assert {r["status"] for p, r in versioned.items() if p != "shoot/notes.txt"} == {"identical"}
    assert_bytes_right(cli, root, versioned)
    assert uploads(cli.fakebox) == before | {"direct": before["direct"] + 1}


def test_exclude_leaves_out_matching_paths_and_several_paths_go_side_by_side(cli: Cli) -> None:
    root = build_tree(cli.work)
    extra = make_file(cli.work, "readme.md", 50, seed=7)
    result = cli.run(
        "upload", str(root), str(extra), "--folder", "0", "--json", "--exclude", "raw", "--exclude", "bad *"
    )
    assert result.code == 0, result.stderr
    assert sorted(json_lines(result.stdout)) == ["readme.md", "shoot/Café/naïve résumé 日本.txt", "shoot/notes.txt"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing-dir", "--folder", "0"], "no such file"),
        (["shoot", "--file", "123"], "--file uploads a new version of one file"),
        (["shoot"], "need --folder FOLDER_ID"),
        (["shoot", "--folder", "0", "--name", "x"], "--name names one file"),
        (["shoot", "--folder", "0", "--if-exists", "replace"], "'replace' is not one of"),
        (["shoot", "/dev/null", "--folder", "0"], "/dev/null: not a regular file"),
        (["/", "--folder", "0"], "boxup: error: cannot upload '/': it has no name to give the folder on Box\n"),
    ],
)
def test_bad_tree_input_is_one_error_line_exit_2_and_nothing_sent(cli: Cli, args: list[str], message: str) -> None:
    build_tree(cli.work)
    cli.fakebox.clear_requests()
    result = cli.run("upload", *args)
    assert result.code == 2, result.stderr
    assert message in result.stderr
    assert result.stdout == ""
    assert cli.fakebox.requests == []


def test_names_box_would_merge_or_refuse_fail_their_own_files_with_the_reason_and_nothing_is_sent_for_them(
    cli: Cli,
) -> None:
    root = cli.work / "album"
    (root / "late ").mkdir(parents=True)  # a folder name Box refuses: its files cannot go up either
    make_file(root / "late ", "inside.txt", 10, seed=1)
    make_file(root, "Photo.jpg", 20, seed=2)
    make_file(root, "photo.jpg", 30, seed=3)  # the same name as Photo.jpg to Box
    result = cli.run("upload", str(root), "--folder", "0", "--json")
    assert result.code == 1, result.stderr
    errors = {path: r["error"] for path, r in json_lines(result.stdout).items()}
    assert errors == {
        "album/Photo.jpg": None,
        "album/photo.jpg": "the name 'photo.jpg' is the same as 'Photo.jpg' to Box, which ignores case in names",
        "album/late /inside.txt": "its folder 'album/late ' cannot be created on Box: "
        "the name 'late ' starts or ends with a space, which Box does not allow",
    }
    assert uploads(cli.fakebox) == {"direct": 1, "sessions": 0, "commits": 0}
    assert (
        "boxup: failed: album/photo.jpg: the name 'photo.jpg' is the same as 'Photo.jpg' to Box, "
        "which ignores case in names"
    ) in result.stderr.splitlines()


def test_help_says_symlinked_directories_are_not_descended(cli: Cli) -> None:
    result = cli.run("upload", "--help", env=cli.env(COLUMNS="200"))
    assert result.code == 0
    assert "symlinked directories are not descended" in " ".join(result.stdout.split())


def test_one_regular_file_keeps_the_one_file_output(cli: Cli) -> None:
    source = make_file(cli.work, "one.bin", 2 * KiB, seed=8)
    result = cli.run("upload", str(source), "--folder", "0", "--json")
    assert result.code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["type"] == "file"  # Box's file object itself, not a tree result
    assert document["name"] == "one.bin"


def big_and_small(work: Path) -> tuple[Path, list[Path], list[Path]]:
    root = work / "card"
    (root / "thumbs").mkdir(parents=True)
    big = [make_file(root, f"clip{i}.mov", 2 * MiB + i * 1000, seed=10 + i) for i in range(3)]
    small = [make_file(root / "thumbs", f"t{i}.jpg", 4 * KiB + i, seed=20 + i) for i in range(6)]
    return root, big, small


def interrupt_midway(cli: Cli, root: Path, sig: signal.Signals) -> Run:
    cli.fakebox.configure(bandwidth="256KiB")
    proc = cli.popen("upload", str(root), "--folder", "0", "--json", "--concurrency", "2")
    try:
        wait_for(lambda: cli.fakebox.count("upload_part", 200) >= 3, what="three parts on the emulator")
        assert proc.poll() is None, "the tree finished before it could be interrupted"
        proc.send_signal(sig)
        result = cli.finish(proc, timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    cli.fakebox.configure(bandwidth=None)
    return result


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_an_interrupted_tree_is_finished_by_the_same_command_without_sending_a_file_twice(
    cli: Cli, sig: signal.Signals
) -> None:
    root, big, small = big_and_small(cli.work)
    stopped = interrupt_midway(cli, root, sig)
    if sig is signal.SIGINT:
        cli.assert_clean(stopped)
        assert stopped.code == 130, stopped.stderr
        last = stopped.stderr.strip().splitlines()[-1]
        assert last.startswith("boxup: interrupted; to finish the tree run the same command again: boxup upload ")
    else:
        assert stopped.code == -signal.SIGKILL
    assert cli.fakebox.count("commit_upload_session", 201) < len(big)
    assert cli.records(), "the half-sent big files keep their resume records"

    finished = cli.run("upload", str(root), "--folder", "0", "--json")
    assert finished.code == 0, finished.stderr
    results = json_lines(finished.stdout)
    assert len(results) == len(big) + len(small)
    assert {r["status"] for r in results.values()} <= {"uploaded", "identical"}
    assert_bytes_right(cli, root, results)
    # One session per big file (half-sent ones resumed), one direct upload per small file, one commit each.
    assert uploads(cli.fakebox) == {"direct": len(small), "sessions": len(big), "commits": len(big)}
    assert cli.records() == []


def test_a_rate_limit_forcing_429s_is_paced_out_with_every_byte_right(cli: Cli) -> None:
    root = cli.work / "many"
    root.mkdir()
    files = [make_file(root, f"f{i:02d}.bin", 2 * KiB + i, seed=i) for i in range(16)]
    big = make_file(root, "big.bin", MiB + PART, seed=50)
    cli.fakebox.configure(rate_limit_uploads=5, rate_limit_window=1.0)
    # Two attempts per request: only pacing (429 with Retry-After never uses an attempt) can get every file up.
    result = cli.run("upload", str(root), "--folder", "0", "--json", "--concurrency", "4", "--max-attempts", "2")
    assert result.code == 0, result.stderr
    assert cli.fakebox.count("upload_file", 429) + cli.fakebox.count("upload_part", 429) >= 3
    results = json_lines(result.stdout)
    assert {r["status"] for r in results.values()} == {"uploaded"}
    assert len(results) == len(files) + 1
    assert_bytes_right(cli, root, results)
    assert big.name in {Path(p).name for p in results}


def test_concurrency_bounds_the_requests_in_flight_across_every_file(cli: Cli) -> None:
    root, _, _ = big_and_small(cli.work)
    cli.fakebox.configure(latency=0.05)
    result = cli.run("upload", str(root), "--folder", "0", "--json", "--concurrency", "3")
    assert result.code == 0, result.stderr
    # Parts of the big files and the small files' direct uploads share the same three slots.
    assert cli.fakebox.counters["max_concurrent_content_uploads"] <= 3
    assert cli.fakebox.counters["max_concurrent_content_uploads"] >= 2


RSS_PROBE = (  # boxup in-process; at exit, while everything the run kept is still alive: peak and current RSS, KiB
    "import atexit, resource, sys\n"
    "out = sys.argv.pop(1)\n"
    "def report():\n"
    "    current = next(l for l in open('/proc/self/status') if l.startswith('VmRSS:')).split()[1]\n"
    "    open(out, 'w').write(f'{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} {current}')\n"
    "atexit.register(report)\n"
    "sys.argv[0] = 'boxup'\n"
    "from boxup_cli.app import main\n"
    "main()\n"
)


def rss_kib(cli: Cli, root: Path, probe: Path) -> tuple[int, int]:
    """(peak, at exit) RSS of a real `boxup upload ROOT --json` process."""
    command = [sys.executable, "-c", RSS_PROBE, str(probe), "upload", str(root), "--folder", "0", "--json"]
    done = subprocess.run(command, capture_output=True, env=cli.env(), cwd=cli.work, timeout=300, check=False)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert len(done.stdout.decode().splitlines()) == len(list(root.iterdir()))
    peak, current = probe.read_text().split()
    return int(peak), int(current)


def test_memory_stays_bounded_for_a_tree_of_1000_files(cli: Cli, tmp_path: Path) -> None:
    """RSS of the real process for 10 and for 1,000 files of 64 KiB (62.5 MiB in all). The peak is set by start-up
    (imports, thread arenas) and must not grow by more than 24 MiB; the RSS at exit, while the run's results are
    still alive, catches a per-file leak the start-up peak would hide (keeping each file's bytes adds 62 MiB)."""
    rss = {}
    for count in (10, 1000):
        root = tmp_path / f"tree{count}"
        root.mkdir()
        for i in range(count):
            make_file(root, f"f{i:04d}.bin", 64 * KiB, seed=i % 7)
        rss[count] = rss_kib(cli, root, tmp_path / f"rss{count}")
    (peak10, end10), (peak1000, end1000) = rss[10], rss[1000]
    print(f"RSS peak/at exit, MiB: 10 files {peak10 >> 10}/{end10 >> 10}, 1000 files {peak1000 >> 10}/{end1000 >> 10}")
    assert peak1000 - peak10 < 24 * 1024, rss
    assert end1000 - end10 < 24 * 1024, rss
