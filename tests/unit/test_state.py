"""Resume records: private, atomic, free of secrets, tolerant of junk in the directory."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
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
