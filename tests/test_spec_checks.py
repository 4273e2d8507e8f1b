"""The checks derive.py runs after the corrections, and the response-required policy, on small specs (in-process)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

OPENAPI = Path(__file__).resolve().parents[1] / "openapi"


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(OPENAPI))
    try:
        spec = importlib.util.spec_from_file_location(name, OPENAPI / f"{name}.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(OPENAPI))


checks = _load("checks")
corrections = _load("corrections")


def _spec(schemas: dict[str, Any], responses: dict[str, Any] | None = None) -> dict[str, Any]:
    ok = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}}
    op = {"operationId": "get_upload_session", "responses": responses or {"200": ok, "default": {}}}
    return {"paths": {"/s": {"get": op}}, "components": {"schemas": schemas}}


SESSION = {"type": "object", "properties": {"id": {"type": "string"}, "type": {"type": "string"}}}


def test_the_status_table_is_read_without_importing_boxup() -> None:
    before = set(sys.modules)
    accepted = checks.load_accepted()
    assert accepted["commit_upload_session"] == frozenset({201, 202})
    assert not any(name == "boxup" or name.startswith("boxup.") for name in set(sys.modules) - before)


def test_a_required_name_the_schema_does_not_declare_is_reported() -> None:
    spec = _spec({"Session": {**SESSION, "required": ["id", "permissions"]}})
    [(what, _)] = checks.dangling_required(spec)
    assert "permissions" in what
    assert "Session" in what


def test_required_names_declared_in_an_allof_parent_are_fine() -> None:
    child = {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"x": {}}}], "required": ["id", "x"]}
    assert checks.dangling_required(_spec({"Session": child, "Base": SESSION})) == []


def test_a_ref_to_an_undefined_schema_is_reported() -> None:
    [(what, _)] = checks.unresolved_refs(_spec({}))
    assert "#/components/schemas/Session" in what


@pytest.mark.parametrize(
    ("codes", "expected"),
    [({"200", "default"}, []), ({"200", "201", "default"}, ["answers 201"]), ({"204"}, ["answers 204", "accepts 200"])],
)
def test_success_codes_must_match_the_wrappers_table(codes: set[str], expected: list[str]) -> None:
    spec = _spec({"Session": SESSION}, {code: {} for code in codes})
    found = checks.status_mismatches(spec, {"get_upload_session": frozenset({200})})
    assert [next(e for e in expected if e in what) for what, _ in found] == expected


def test_an_operation_the_wrapper_calls_must_exist() -> None:
    [(what, _)] = checks.missing_operations(_spec({}), {"commit_upload_session": frozenset({201})})
    assert "commit_upload_session" in what


def test_response_required_keeps_only_identity_on_base_schemas() -> None:
    base = {**SESSION, "required": ["type"]}
    session = {"allOf": [{"$ref": "#/components/schemas/Thing--Base"}, {"properties": {"n": {}}, "required": ["n"]}]}
    spec = _spec({"Session": session, "Thing--Base": base, "Own": {"required": ["a"], "properties": {"a": {}}}})
    corrections.response_required(spec, {"Own"})
    schemas = spec["components"]["schemas"]
    assert schemas["Thing--Base"]["required"] == ["id", "type"]
    assert "required" not in str(schemas["Session"])
    assert schemas["Own"]["required"] == ["a"]


def test_deleting_properties_prunes_them_from_required() -> None:
    full = {"allOf": [{"$ref": "#/components/schemas/File"}, {"properties": {"tags": {}, "lock": {}}}]}
    full["required"] = ["lock", "tags"]
    spec = _spec({"File--Full": full, "File": {"allOf": [{"properties": {"shared_link": {}}}]}})
    corrections.trim_file_full(spec)
    assert full["required"] == ["tags"]
    assert checks.dangling_required(spec) == []
