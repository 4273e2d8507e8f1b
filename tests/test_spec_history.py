"""The maintainer's workflow against Box's spec as it was and as it might become.

Every case is derived by derive.py in its own process, against a copy of openapi/. The outcome is one of two, and
the test asserts which: a valid spec (derive validates before writing) that generates and passes ``mypy --strict``
together with the wrapper, or exit 1 with at most three lines that name the correction or operation, no
traceback, and openapi/ untouched. Mutations are built here from Box's reference spec (or, without it, from the
committed spec, which derives to itself); history snapshots are used when present (BOX_OPENAPI_HISTORY or
../shared/reference/box-openapi-history). Generating and type-checking costs ~30 s a case, so ``make test`` does it
for one representative mutation; ``make spec-history`` (BOXUP_SPEC_HISTORY=1) does it for every case that derives.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.spec_support import Run, base_upstream, derive, generate_and_typecheck, history_snapshots, read_any
from tests.spec_support import write_upstream as write

FULL_MATRIX = os.environ.get("BOXUP_SPEC_HISTORY") == "1"
SESSION = "/files/upload_sessions/{upload_session_id}"
Upstream = dict[str, Any]


@pytest.fixture(scope="module")
def upstream() -> Upstream:
    return base_upstream()


def rename_schema(spec: Upstream, old: str, new: str) -> Upstream:
    spec["components"]["schemas"][new] = spec["components"]["schemas"].pop(old)
    text = json.dumps(spec).replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    renamed: Upstream = json.loads(text)
    return renamed


def move_path(spec: Upstream, old: str, new: str) -> Upstream:
    spec["paths"][new] = spec["paths"].pop(old)
    return spec


def drop_response(spec: Upstream, path: str, method: str, status: str) -> Upstream:
    del spec["paths"][path][method]["responses"][status]
    return spec


def add_response(spec: Upstream, path: str, method: str, status: str) -> Upstream:
    responses = spec["paths"][path][method]["responses"]
    responses[status] = next(r for code, r in responses.items() if code.startswith("2") and "content" in r)
    return spec


def remove_operation(spec: Upstream, path: str, method: str) -> Upstream:
    del spec["paths"][path][method]
    return spec


def make_required(spec: Upstream, schema: str, prop: str) -> Upstream:
    target = spec["components"]["schemas"][schema]
    pieces = [target, *target.get("allOf", [])]
    owner = next(piece for piece in pieces if prop in piece.get("properties", {}))
    owner["required"] = [*owner.get("required", []), prop]
    return spec


def remove_property(spec: Upstream, schema: str, prop: str) -> Upstream:
    del spec["components"]["schemas"][schema]["properties"][prop]
    return spec


def dangle_ref(spec: Upstream, path: str, method: str, target: str) -> Upstream:
    answer = spec["paths"][path][method]["responses"]["200"]["content"]["application/json"]
    answer["schema"] = {"$ref": f"#/components/schemas/{target}"}
    return spec


# (name, mutation, what the error must name); an empty tuple means the mutation must derive to a working client.
FAILING: list[tuple[str, Callable[[Upstream], Upstream], tuple[str, ...]]] = [
    ("schema UploadSession renamed", lambda s: rename_schema(s, "UploadSession", "Upload_Session"),
     ("plan_endpoint", "UploadSession")),
    ("schema ClientError renamed", lambda s: rename_schema(s, "ClientError", "Error"),
     ("conflicts_as_object", "ClientError")),
    ("commit path moved", lambda s: move_path(s, f"{SESSION}/commit", f"{SESSION}/finish"),
     ("commit_upload_session", f"POST {SESSION}/commit")),
    ("default response of get session dropped", lambda s: drop_response(s, SESSION, "get", "default"),
     ("plan_endpoint", "default")),
    ("success code 200 added to commit", lambda s: add_response(s, f"{SESSION}/commit", "post", "200"),
     ("commit_upload_session", "200", "statuses.py")),
    ("download operation removed", lambda s: remove_operation(s, "/files/{file_id}/content", "get"),
     ("download_file", "GET /files/{file_id}/content")),
    ("token request loses box_subject_type", lambda s: remove_property(s, "PostOAuth2Token", "box_subject_type"),
     ("request_access_token", "box_subject_type")),
    ("a $ref to a schema Box does not define", lambda s: dangle_ref(s, SESSION, "get", "NoSuchSession"),
     ("NoSuchSession",)),
]  # fmt: skip


def assert_loud_failure(run: Run, *names: str) -> None:
    assert run.returncode == 1, run.stdout + run.stderr
    assert 1 <= len(run.error_lines) <= 3, run.stderr
    assert "Traceback" not in run.stderr
    for name in names:
        assert name in run.stderr, (name, run.stderr)
    assert run.unchanged, "a failed derive changed openapi/"


def assert_working_client(run: Run, tmp_path: Path, *, typecheck: bool) -> dict[str, Any]:
    assert run.returncode == 0, run.stderr
    assert not run.unchanged  # the new spec replaced the old (its provenance alone differs)
    derived: dict[str, Any] = json.loads(run.output.read_text())
    if typecheck:
        checked = generate_and_typecheck(run.output, tmp_path)
        assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-3000:]
    return derived


@pytest.mark.parametrize(("mutation", "names"), [(m, n) for _, m, n in FAILING], ids=[c[0] for c in FAILING])
def test_a_mutated_spec_fails_in_at_most_three_lines_naming_what_broke(
    upstream: Upstream, tmp_path: Path, mutation: Callable[[Upstream], Upstream], names: tuple[str, ...]
) -> None:
    spec = mutation(json.loads(json.dumps(upstream)))
    assert_loud_failure(derive(tmp_path, write(tmp_path, spec)), *names)


def test_a_newly_required_answer_field_still_generates_a_client_that_typechecks(
    upstream: Upstream, tmp_path: Path
) -> None:
    """Box marking File--Full.tags required must not make the parser demand it: the response_required policy."""
    spec = make_required(json.loads(json.dumps(upstream)), "File--Full", "tags")
    derived = assert_working_client(derive(tmp_path, write(tmp_path, spec)), tmp_path, typecheck=True)
    full = derived["components"]["schemas"]["File--Full"]
    assert "required" not in json.dumps(full)


def test_a_missing_upstream_file_is_one_line(tmp_path: Path) -> None:
    run = derive(tmp_path, tmp_path / "nowhere" / "openapi.json")
    assert_loud_failure(run, "no upstream spec at", "UPSTREAM=")
    assert len(run.error_lines) == 1


def test_an_upstream_that_is_not_json_fails_without_a_traceback(tmp_path: Path) -> None:
    assert_loud_failure(derive(tmp_path, write(tmp_path, b"<html>rate limited</html>")), "cannot read")


def test_an_upstream_without_paths_is_refused(tmp_path: Path) -> None:
    assert_loud_failure(derive(tmp_path, write(tmp_path, {"openapi": "3.0.2"})), "paths")


def _history_ids() -> list[Path | None]:
    return [None, *history_snapshots()]  # None: the base spec itself, so the list is never empty


@pytest.mark.parametrize("snapshot", _history_ids(), ids=lambda p: "base" if p is None else p.name.split(".")[0])
def test_each_history_snapshot_derives_to_a_working_client_or_fails_loudly(
    upstream: Upstream, tmp_path: Path, snapshot: Path | None
) -> None:
    source = write(tmp_path, upstream) if snapshot is None else write(tmp_path, read_any(snapshot))
    run = derive(tmp_path, source)
    if run.returncode == 0:
        assert_working_client(run, tmp_path, typecheck=FULL_MATRIX)
    else:
        assert_loud_failure(run, "derive: error:")
        assert re.search(r"correction \w+|operation \w+ \(|schema \S+", run.stderr), run.stderr


def test_spec_check_reports_no_drift_for_the_committed_derivation(upstream: Upstream, tmp_path: Path) -> None:
    source = write(tmp_path, upstream)
    assert derive(tmp_path, source).returncode == 0
    run = derive(tmp_path, source, "--check")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("no drift")


def test_spec_check_lists_renames_added_properties_and_status_codes_and_exits_1(
    upstream: Upstream, tmp_path: Path
) -> None:
    assert derive(tmp_path, write(tmp_path, upstream)).returncode == 0
    spec = rename_schema(json.loads(json.dumps(upstream)), "UploadPart--Mini", "UploadPartMini")
    spec["components"]["schemas"]["UploadSession"]["properties"]["region"] = {"type": "string"}
    drop_response(spec, f"{SESSION}/commit", "post", "412")
    run = derive(tmp_path, write(tmp_path, spec, "changed.json"), "--check")
    assert run.returncode == 1, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert "schema renamed: UploadPart--Mini -> UploadPartMini" in lines
    assert "property added: UploadSession.region" in lines
    assert "status removed: commit_upload_session 412" in lines
    assert run.unchanged, "spec-check must write nothing"


def test_spec_check_reports_a_type_change(upstream: Upstream, tmp_path: Path) -> None:
    assert derive(tmp_path, write(tmp_path, upstream)).returncode == 0
    spec = json.loads(json.dumps(upstream))
    spec["components"]["schemas"]["UploadSession"]["properties"]["total_parts"] = {"type": "string"}
    run = derive(tmp_path, write(tmp_path, spec, "changed.json"), "--check")
    assert run.returncode == 1
    assert any(line.startswith("property changed: UploadSession.total_parts") for line in run.stdout.splitlines())


def test_the_derived_spec_records_the_upstream_sha256_and_ref(upstream: Upstream, tmp_path: Path) -> None:
    import hashlib

    source = write(tmp_path, upstream)
    run = derive(tmp_path, source, "--ref", "0123abc")
    assert run.returncode == 0, run.stderr
    recorded = json.loads(run.output.read_text())["info"]["x-boxup-upstream"]
    assert recorded == {"sha256": hashlib.sha256(source.read_bytes()).hexdigest(), "ref": "0123abc"}
