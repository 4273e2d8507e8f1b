"""Resume records: private, atomic, free of secrets, tolerant of junk in the directory."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from boxup.errors import InputError
from boxup.source import SourceIdentity
from boxup.state import Destination, StateStore, UploadRecord


def record(session_id: str = "ABC123", path: str = "/data/big.mov") -> UploadRecord:
    return UploadRecord(
        session_id=session_id,
        session_endpoints={"upload_part": f"https://upload.box.com/api/2.0/files/upload_sessions/{session_id}"},
        part_size=8 * 1024 * 1024,
        total_parts=3,
        expires_at="2026-12-01T00:00:00+00:00",
        destination=Destination(folder_id="0", file_id=None, name="big.mov"),
        source=SourceIdentity(path, 20 * 1024 * 1024, 123456789, 42),
        upload_url="https://upload.box.com/api/2.0",
        content_modified_at="2026-11-25T10:00:00+00:00",
    )


def test_round_trip_and_find_by_path(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state")
    store.save(record())
    assert store.load("ABC123") == record()
    assert store.find(Path("/data/big.mov")) == record()
    assert store.find(Path("/data/other.mov")) is None
    assert store.find(Path("/data/big.mov"), Destination(None, "5", None)) is None


def test_records_are_private_and_the_dir_too(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state")
    store.save(record())
    file_mode = stat.S_IMODE((tmp_path / "state" / "ABC123.json").stat().st_mode)
    dir_mode = stat.S_IMODE((tmp_path / "state").stat().st_mode)
    assert file_mode == 0o600
    assert dir_mode == 0o700


def test_a_failed_write_leaves_the_old_record_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = StateStore(tmp_path)
    store.save(record())

    def crash(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        store.save(record(path="/data/changed.mov"))
    monkeypatch.undo()
    assert store.load("ABC123") == record()
    assert [p.name for p in tmp_path.iterdir()] == ["ABC123.json"]  # no temp file left behind


def test_junk_and_foreign_versions_are_ignored(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.save(record())
    (tmp_path / "BROKEN.json").write_text("{not json")
    (tmp_path / "FUTURE.json").write_text(json.dumps({"version": 99}))
    assert [r.session_id for r in store.records()] == ["ABC123"]


def test_remove_is_idempotent_and_ids_cannot_escape_the_dir(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.save(record())
    store.remove("ABC123")
    store.remove("ABC123")
    assert list(store.records()) == []
    with pytest.raises(ValueError, match="not a session id"):
        store.save(record(session_id="../../etc"))


def test_state_dir_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOXUP_STATE_DIR", str(tmp_path / "mine"))
    assert StateStore().directory == tmp_path / "mine"


def test_temp_files_left_by_a_killed_writer_are_swept_once_stale(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.save(record())
    stale = tmp_path / ".tmp-dead.json"
    fresh = tmp_path / ".tmp-writing.json"
    stale.write_text("{")
    fresh.write_text("{")
    os.utime(stale, (0, 0))
    assert [r.session_id for r in store.records()] == ["ABC123"]
    assert not stale.exists()
    assert fresh.exists()  # another process may be writing it right now


# --- bad records never block good ones (issue 11, item 4) -----------------------------------------------------------


def good_json(session_id: str = "BAD1") -> dict[str, object]:
    return record(session_id).to_json()


def with_field(key: str, value: object, *, inside: str | None = None) -> dict[str, object]:
    data = good_json()
    target = data if inside is None else data[inside]
    assert isinstance(target, dict)
    target[key] = value
    return data


BAD_RECORDS = {
    "a-list": [1, 2, 3],
    "a-string": "hello",
    "null": None,
    "size-is-text": with_field("size", "big", inside="source"),
    "part-size-is-a-bool": with_field("part_size", True),
    "negative-parts": with_field("total_parts", -1),
    "destination-is-a-list": with_field("destination", [1]),
    "destination-names-both": with_field("file_id", "5", inside="destination"),
    "endpoints-hold-numbers": with_field("session_endpoints", {"upload_part": 7}),
    "bad-expiry": with_field("expires_at", "next tuesday"),
    "bad-modified-at": with_field("content_modified_at", 12),
    "session-id-is-a-number": with_field("session_id", 42),
    "other-session-id": with_field("session_id", "SOMEONEELSE"),
}


@pytest.mark.parametrize("content", BAD_RECORDS.values(), ids=BAD_RECORDS.keys())
def test_a_malformed_record_is_skipped_with_one_warning_naming_the_file(
    tmp_path: Path, content: object, caplog: pytest.LogCaptureFixture
) -> None:
    store = StateStore(tmp_path)
    store.save(record("GOOD1"))
    bad = tmp_path / "BAD1.json"
    bad.write_text(json.dumps(content))
    bad.chmod(0o600)
    with caplog.at_level("WARNING", logger="boxup"):
        assert [r.session_id for r in store.records()] == ["GOOD1"]
        assert store.find(Path("/data/big.mov")) == record("GOOD1")  # a second pass warns no more
        assert store.load("BAD1") is None
    warnings = [r.getMessage() for r in caplog.records if r.name == "boxup"]
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"ignoring resume record {bad}: ")
    assert "\n" not in warnings[0]
    assert list(store.skipped) == [str(bad)]


def test_a_huge_or_deeply_nested_file_is_skipped_without_reading_it_whole(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    (tmp_path / "HUGE.json").write_text(" " * (10 * 1024 * 1024) + "{}")
    (tmp_path / "DEEP.json").write_text("[" * 100_000 + "]" * 100_000)
    for path in tmp_path.iterdir():
        path.chmod(0o600)
    assert list(store.records()) == []
    assert "too large" in store.skipped[str(tmp_path / "HUGE.json")]
    assert str(tmp_path / "DEEP.json") in store.skipped


# --- only the user's own records are trusted (issue 11, item 5) ------------------------------------------------------

OTHER_UID = 4242


def test_a_record_owned_by_another_user_is_refused(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.save(record("PLANTED"))
    os.chown(tmp_path / "PLANTED.json", OTHER_UID, -1)
    assert list(store.records()) == []
    assert store.load("PLANTED") is None
    assert f"owned by uid {OTHER_UID}" in store.skipped[str(tmp_path / "PLANTED.json")]


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620, 0o660, 0o602])
def test_a_record_others_may_read_or_write_is_refused(tmp_path: Path, mode: int) -> None:
    store = StateStore(tmp_path)
    store.save(record("LOOSE"))
    (tmp_path / "LOOSE.json").chmod(mode)
    assert list(store.records()) == []
    assert f"mode {mode:04o}" in store.skipped[str(tmp_path / "LOOSE.json")]


@pytest.mark.parametrize("mode", [0o770, 0o702, 0o1777])
def test_a_state_dir_others_may_write_is_refused_whole(tmp_path: Path, mode: int) -> None:
    state = tmp_path / "state"
    store = StateStore(state)
    store.save(record("INSIDE"))
    state.chmod(mode)
    assert list(store.records()) == []
    assert store.load("INSIDE") is None
    assert f"mode {mode:04o}" in store.skipped[str(state)]
    with pytest.raises(InputError, match="chmod go-w"):
        store.check_writable()


def test_a_state_dir_owned_by_another_user_is_refused(tmp_path: Path) -> None:
    state = tmp_path / "state"
    store = StateStore(state)
    store.save(record("INSIDE"))
    os.chown(state, OTHER_UID, -1)
    assert list(store.records()) == []
    assert f"owned by uid {OTHER_UID}" in store.skipped[str(state)]


def test_a_readable_state_dir_is_fine_like_ssh(tmp_path: Path) -> None:
    state = tmp_path / "state"
    store = StateStore(state)
    store.save(record("INSIDE"))
    state.chmod(0o755)
    assert [r.session_id for r in store.records()] == ["INSIDE"]
    assert store.skipped == {}


def test_a_symlinked_record_is_refused_even_to_a_private_file(tmp_path: Path) -> None:
    elsewhere = StateStore(tmp_path / "elsewhere")
    elsewhere.save(record("REAL"))
    store = StateStore(tmp_path / "state")
    store.save(record("GOOD1"))
    (tmp_path / "state" / "REAL.json").symlink_to(tmp_path / "elsewhere" / "REAL.json")
    assert [r.session_id for r in store.records()] == ["GOOD1"]
    assert "symbolic link" in store.skipped[str(tmp_path / "state" / "REAL.json")]


# --- can a record be written here? (issue 11, item 3) ---------------------------------------------------------------


def test_check_writable_creates_a_private_dir_and_leaves_nothing(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "a" / "state")
    store.check_writable()
    assert stat.S_IMODE((tmp_path / "a" / "state").stat().st_mode) == 0o700
    assert list((tmp_path / "a" / "state").iterdir()) == []


def test_check_writable_refuses_a_file_where_the_dir_should_be(tmp_path: Path) -> None:
    (tmp_path / "state").write_text("not a dir")
    with pytest.raises(InputError, match=r"state directory .*/state is not a directory; choose another"):
        StateStore(tmp_path / "state").check_writable()


def test_check_writable_refuses_a_file_in_the_dirs_path(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(InputError, match=r"cannot write resume records .*something in its path is not a directory"):
        StateStore(tmp_path / "file" / "state").check_writable()
