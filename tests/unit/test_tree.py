"""The tree planner on real temporary trees: what becomes a folder, a file, a skip or a failure, and in what order."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from boxup import InputError
from boxup.tree import PlannedFile, TreePlan, plan_tree
from boxup.validate import name_problem


def touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def files_of(plan: TreePlan) -> list[str]:
    return [f.path for f in plan.files]


def failed(plan: TreePlan) -> dict[str, str]:
    return {f.path: f.problem for f in plan.files if f.problem is not None}


@pytest.fixture
def shoot(tmp_path: Path) -> Path:
    root = tmp_path / "shoot"
    touch(root / "b.txt", b"bb")
    touch(root / "a.txt", b"a")
    touch(root / "raw" / "img1.cr2", b"1" * 10)
    touch(root / "raw" / "deep" / "img2.cr2", b"2" * 20)
    (root / "empty").mkdir()
    return root


def test_a_directory_becomes_folders_parents_first_and_files_in_name_order(shoot: Path) -> None:
    plan = plan_tree([shoot])
    assert [f.path for f in plan.folders] == ["shoot", "shoot/empty", "shoot/raw", "shoot/raw/deep"]
    assert files_of(plan) == ["shoot/a.txt", "shoot/b.txt", "shoot/raw/deep/img2.cr2", "shoot/raw/img1.cr2"]
    assert plan.total_bytes == 1 + 2 + 20 + 10
    assert plan.files[0] == PlannedFile(shoot / "a.txt", "shoot/a.txt", 1)
    assert (plan.folders[3].parent, plan.folders[3].name) == ("shoot/raw", "deep")


def test_the_plan_is_the_same_every_time(shoot: Path) -> None:
    assert plan_tree([shoot]) == plan_tree([shoot])


def test_empty_directories_are_planned_as_folders(tmp_path: Path) -> None:
    (tmp_path / "top" / "a" / "b").mkdir(parents=True)
    plan = plan_tree([tmp_path / "top"])
    assert [f.path for f in plan.folders] == ["top", "top/a", "top/a/b"]
    assert plan.files == ()


def test_a_file_path_is_uploaded_under_its_own_name_next_to_directory_paths(shoot: Path, tmp_path: Path) -> None:
    single = touch(tmp_path / "notes.md")
    plan = plan_tree([single, shoot])
    assert files_of(plan)[0] == "notes.md"
    assert plan.folders[0].path == "shoot"


def test_unicode_names_keep_their_exact_characters(tmp_path: Path) -> None:
    touch(tmp_path / "Café" / "naïve résumé.txt")
    touch(tmp_path / "Café" / "日本語" / "写真.jpg")
    plan = plan_tree([tmp_path / "Café"])
    assert files_of(plan) == ["Café/naïve résumé.txt", "Café/日本語/写真.jpg"]
    assert failed(plan) == {}


def test_a_symlink_to_a_file_is_followed_under_the_links_name(tmp_path: Path) -> None:
    target = touch(tmp_path / "elsewhere" / "real.bin", b"12345")
    touch(tmp_path / "top" / "kept.txt")
    os.symlink(target, tmp_path / "top" / "alias.bin")
    plan = plan_tree([tmp_path / "top"])
    alias = next(f for f in plan.files if f.name == "alias.bin")
    assert (alias.path, alias.size) == ("top/alias.bin", 5)


def test_a_symlinked_directory_is_not_descended_and_is_reported_skipped(tmp_path: Path) -> None:
    touch(tmp_path / "elsewhere" / "secret.txt")
    touch(tmp_path / "top" / "kept.txt")
    os.symlink(tmp_path / "elsewhere", tmp_path / "top" / "linked")
    plan = plan_tree([tmp_path / "top"])
    assert files_of(plan) == ["top/kept.txt"]
    assert [(s.path, s.reason) for s in plan.skipped] == [
        ("top/linked", "a symbolic link to a directory (not followed)")
    ]


def test_a_symlinked_directory_named_as_a_path_is_followed(tmp_path: Path) -> None:
    touch(tmp_path / "real" / "a.txt")
    os.symlink(tmp_path / "real", tmp_path / "link")
    assert files_of(plan_tree([tmp_path / "link"])) == ["link/a.txt"]


def test_broken_links_and_sockets_are_skipped_not_failed(tmp_path: Path) -> None:
    top = tmp_path / "top"
    top.mkdir()
    os.symlink(tmp_path / "missing", top / "dangling")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(top / "s.sock"))
        plan = plan_tree([top])
    finally:
        sock.close()
    assert {s.path: s.reason for s in plan.skipped} == {
        "top/dangling": "a broken symbolic link",
        "top/s.sock": "not a regular file or directory",
    }
    assert plan.files == ()


def test_exclude_matches_names_at_any_depth(shoot: Path) -> None:
    plan = plan_tree([shoot], excludes=["*.cr2"])
    assert files_of(plan) == ["shoot/a.txt", "shoot/b.txt"]
    assert "shoot/raw/deep" in [f.path for f in plan.folders]


def test_exclude_with_a_slash_matches_the_path_relative_to_the_path_argument(shoot: Path) -> None:
    plan = plan_tree([shoot], excludes=["raw/*.cr2"])
    # fnmatch's * also crosses "/", so raw/*.cr2 reaches raw/deep too; the relative path never has "shoot/".
    assert files_of(plan) == ["shoot/a.txt", "shoot/b.txt"]
    assert files_of(plan_tree([shoot], excludes=["shoot/*"])) == files_of(plan_tree([shoot]))


def test_exclude_matching_a_directory_prunes_it_and_everything_below(shoot: Path) -> None:
    plan = plan_tree([shoot], excludes=["raw"])
    assert [f.path for f in plan.folders] == ["shoot", "shoot/empty"]
    assert files_of(plan) == ["shoot/a.txt", "shoot/b.txt"]


def test_exclude_never_drops_a_path_named_on_the_command_line(tmp_path: Path) -> None:
    single = touch(tmp_path / "keep.tmp")
    assert files_of(plan_tree([single], excludes=["*.tmp"])) == ["keep.tmp"]


@pytest.mark.parametrize(
    ("name", "fragment"),
    [(" lead.txt", "starts or ends with a space"), ("trail.txt ", "starts or ends with a space"),
     ("back\\slash.txt", "contains a slash"),
     ("bell\x07.txt", "non-printable")],
)  # fmt: skip
def test_a_name_box_refuses_fails_that_file_with_a_message_naming_it(tmp_path: Path, name: str, fragment: str) -> None:
    touch(tmp_path / "top" / "fine.txt")
    touch(tmp_path / "top" / name)
    plan = plan_tree([tmp_path / "top"])
    problems = failed(plan)
    assert list(problems) == [f"top/{name}"]
    assert fragment in problems[f"top/{name}"]
    assert repr(name) in problems[f"top/{name}"]


def test_every_file_below_a_folder_with_a_refused_name_fails_naming_the_folder(tmp_path: Path) -> None:
    touch(tmp_path / "top" / "bad dir " / "a.txt")
    touch(tmp_path / "top" / "bad dir " / "sub" / "b.txt")
    touch(tmp_path / "top" / "ok.txt")
    plan = plan_tree([tmp_path / "top"])
    problems = failed(plan)
    assert sorted(problems) == ["top/bad dir /a.txt", "top/bad dir /sub/b.txt"]
    assert all("'top/bad dir '" in p for p in problems.values())
    assert [f.path for f in plan.folders if f.problem] == ["top/bad dir ", "top/bad dir /sub"]


def test_two_local_names_that_differ_only_in_case_fail_the_second(tmp_path: Path) -> None:
    touch(tmp_path / "top" / "Photo.JPG")
    touch(tmp_path / "top" / "photo.jpg")
    problems = failed(plan_tree([tmp_path / "top"]))
    assert list(problems) == ["top/photo.jpg"]
    assert "'Photo.JPG'" in problems["top/photo.jpg"]


def test_a_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        plan_tree([tmp_path / "nope"])


def test_a_path_that_is_neither_file_nor_directory_is_an_input_error(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        plan_tree([fifo])


def test_two_paths_landing_on_the_same_name_are_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "a" / "data").mkdir(parents=True)
    (tmp_path / "b" / "DATA").mkdir(parents=True)
    with pytest.raises(InputError, match="would both become"):
        plan_tree([tmp_path / "a" / "data", tmp_path / "b" / "DATA"])


def test_no_paths_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no PATH"):
        plan_tree([])


def test_an_unreadable_directory_fails_instead_of_vanishing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root (CI) reads every directory whatever its mode, so the refusal is simulated where the planner lists it.
    (tmp_path / "top" / "locked").mkdir(parents=True)
    real_scandir = os.scandir

    def scandir(path: Path) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    problems = failed(plan_tree([tmp_path / "top"]))
    assert list(problems) == ["top/locked"]
    assert "Permission denied" in problems["top/locked"]


def test_a_name_longer_than_255_characters_is_refused() -> None:
    # ext4 stops at 255 bytes, so such a name cannot be made on disk here; other filesystems allow more.
    assert "256 characters long" in str(name_problem("é" * 256))
    assert name_problem("é" * 255) is None


@pytest.mark.parametrize("name", ["", ".", "..", "a/b", "ok name.txt"])
def test_name_problem_follows_box_rules(name: str) -> None:
    assert (name_problem(name) is None) == (name == "ok name.txt")
