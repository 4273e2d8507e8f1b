"""The per-file result of a tree upload: its JSON Lines object and the end-of-run summary."""

from __future__ import annotations

import json

import pytest
from boxup.gateway.convert import uploaded_file as convert_file
from boxup.models import UploadedFile
from boxup.results import FileResult, summarize
from boxup_api.models import FileFull

RAW = {"type": "file", "id": "42", "name": "a.txt", "sha1": "ab" * 20, "size": 3}


def uploaded_file() -> UploadedFile:
    return convert_file(RAW, FileFull.from_dict(RAW))


def test_an_uploaded_file_serialises_with_boxs_json_unchanged() -> None:
    line = json.dumps(FileResult("shoot/a.txt", "uploaded", uploaded_file()).to_json())
    assert json.loads(line) == {"path": "shoot/a.txt", "status": "uploaded", "file": RAW, "error": None}


def test_a_failed_file_serialises_with_a_one_line_error_and_null_file() -> None:
    result = FileResult("shoot/ bad.txt", "failed", error="the name ' bad.txt' starts\nwith a space")
    assert result.to_json() == {
        "path": "shoot/ bad.txt",
        "status": "failed",
        "file": None,
        "error": "the name ' bad.txt' starts with a space",
    }
    assert not result.done


def test_a_failed_result_needs_an_error_and_only_a_failed_one_may_carry_one() -> None:
    with pytest.raises(ValueError, match="one-line error"):
        FileResult("a", "failed")
    with pytest.raises(ValueError, match="one-line error"):
        FileResult("a", "skipped", error="why")
    with pytest.raises(ValueError, match="unknown status"):
        FileResult("a", "done")  # type: ignore[arg-type]


def test_the_summary_counts_each_status_and_names_the_failed_files() -> None:
    results = [
        FileResult("t/a", "uploaded", uploaded_file()),
        FileResult("t/b", "identical", uploaded_file()),
        FileResult("t/c", "skipped"),
        FileResult("t/d", "failed", error="boom"),
        FileResult("t/e", "uploaded", uploaded_file()),
    ]
    summary = summarize(results)
    assert not summary.ok
    assert summary.line() == "5 files: 2 uploaded, 1 identical, 1 skipped, 1 failed; failed: t/d"
    assert summarize(results[:3]).ok


def test_an_empty_tree_summarises_as_nothing_to_do() -> None:
    assert summarize([]).line() == "0 files: nothing to do"
