"""Folder ensuring and file lookup (boxup.folders) against the emulator over real loopback sockets."""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import boxup
import pytest
from boxup.folders import FolderApi, FolderInTheWay, ensure_folder, ensure_folders, find_item, list_items
from boxup.gateway import Api
from boxup.tree import plan_tree

from tests.fakebox.handle import FakeBox

T = TypeVar("T")


def run(box: FakeBox, work: Callable[[FolderApi], Awaitable[T]]) -> T:
    """``work`` against the emulator through the gateway, with the retry policy the tree upload uses."""

    async def main() -> T:
        endpoints = boxup.Endpoints(box.api_url, box.upload_url, box.oauth_url)
        api = Api(endpoints, boxup.BearerToken(box.token), timeout=boxup.TransferSettings().timeout, max_connections=4)
        try:
            return await work(FolderApi(api, boxup.RetryPolicy(backoff_base=0.01, backoff_max=0.1)))
        finally:
            await api.aclose()

    return asyncio.run(main())


def folder_names(box: FakeBox, parent: str) -> list[tuple[str, str]]:
    async def listing(client: FolderApi) -> list[tuple[str, str]]:
        return [(i.type, i.name) async for i in list_items(client, parent)]

    return run(box, listing)


def test_ensure_folder_creates_a_missing_folder(fakebox: FakeBox) -> None:
    folder_id = run(fakebox, lambda c: ensure_folder(c, "0", "Shoot"))
    assert ("folder", "Shoot") in folder_names(fakebox, "0")
    assert fakebox.count("create_folder", 201) == 1
    assert folder_id.isdigit()


def test_ensure_folder_reuses_a_folder_of_the_same_name_in_any_case(fakebox: FakeBox) -> None:
    existing = fakebox.add_folder("Shoot")
    assert run(fakebox, lambda c: ensure_folder(c, "0", "SHOOT")) == existing
    assert [n for t, n in folder_names(fakebox, "0") if t == "folder"] == ["Shoot"]


def test_two_concurrent_creators_both_end_up_with_the_one_folder_box_kept(fakebox: FakeBox) -> None:
    results: list[str] = []
    start = threading.Barrier(4)

    def racer() -> None:
        start.wait()
        results.append(run(fakebox, lambda c: ensure_folder(c, "0", "race")))

    threads = [threading.Thread(target=racer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4
    assert len(set(results)) == 1
    assert fakebox.count("create_folder", 201) == 1
    assert fakebox.count("create_folder", 409) == 3


def test_a_file_in_the_way_of_a_folder_is_an_error_naming_it(fakebox: FakeBox) -> None:
    fakebox.add_file("shoot", b"not a folder")
    with pytest.raises(FolderInTheWay, match="a file named 'shoot' is in the way"):
        run(fakebox, lambda c: ensure_folder(c, "0", "shoot"))


def test_ensure_folders_builds_the_planned_tree_and_a_second_run_reuses_every_folder(
    fakebox: FakeBox, tmp_path: Path
) -> None:
    (tmp_path / "top" / "a" / "b").mkdir(parents=True)
    (tmp_path / "top" / "empty").mkdir()
    (tmp_path / "top" / "bad " / "c").mkdir(parents=True)
    plan = plan_tree([tmp_path / "top"])
    first = run(fakebox, lambda c: ensure_folders(c, "0", plan.folders))
    assert set(first.ids) == {"", "top", "top/a", "top/a/b", "top/empty"}
    assert folder_names(fakebox, first.ids["top/a"]) == [("folder", "b")]
    second = run(fakebox, lambda c: ensure_folders(c, "0", plan.folders))
    assert second == first
    assert fakebox.count("create_folder", 201) == 4


def test_find_item_gives_the_id_and_sha1_of_an_existing_file_across_pages(fakebox: FakeBox) -> None:
    parent = fakebox.add_folder("many")
    for i in range(5):
        fakebox.add_folder(f"sub{i}", parent)
    wanted = fakebox.add_file("Z-last.bin", b"payload", parent)

    async def paged(client: FolderApi) -> int:
        return len([i async for i in list_items(client, parent, page_size=2)])

    assert run(fakebox, paged) == 6
    found = run(fakebox, lambda c: find_item(c, parent, "z-LAST.bin"))
    assert found is not None
    assert (found.id, found.sha1, found.size) == (wanted, hashlib.sha1(b"payload").hexdigest(), 7)


def test_find_item_names_a_folder_as_a_folder_and_a_missing_name_as_none(fakebox: FakeBox) -> None:
    fakebox.add_folder("data")
    found = run(fakebox, lambda c: find_item(c, "0", "DATA"))
    assert found is not None
    assert found.type == "folder"
    assert run(fakebox, lambda c: find_item(c, "0", "nothing-here")) is None


def test_a_folder_box_refuses_is_recorded_and_files_below_it_name_it(fakebox: FakeBox, tmp_path: Path) -> None:
    fakebox.add_file("a", b"a file where a folder should be")
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "c").mkdir()
    plan = plan_tree([tmp_path / "a", tmp_path / "c"])
    ensured = run(fakebox, lambda c: ensure_folders(c, "0", plan.folders))
    assert set(ensured.ids) == {"", "c"}
    assert "item_name_in_use" in ensured.errors["a"]
    problem = ensured.problem_for("a/b")
    assert problem is not None
    assert problem.startswith("the folder 'a' could not be had on Box")
    assert ensured.problem_for("c") is None
