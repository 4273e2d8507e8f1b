"""The committed spec: valid OpenAPI, reproducible from Box's spec, carrying every correction."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parents[1]
SPEC_PATH = ROOT / "openapi" / "box-uploads.json"


def _load_derive() -> ModuleType:
    spec = importlib.util.spec_from_file_location("derive", ROOT / "openapi" / "derive.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["derive"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def spec() -> dict:
    return json.loads(SPEC_PATH.read_text())


def test_committed_spec_is_valid_openapi(spec: dict) -> None:
    validate(spec)


def test_every_operation_the_product_needs_is_present(spec: dict) -> None:
    ids = {op["operationId"] for item in spec["paths"].values() for op in item.values()}
    assert ids == {
        "create_upload_session",
        "create_version_upload_session",
        "get_upload_session",
        "upload_part",
        "abort_upload_session",
        "list_upload_parts",
        "plan_upload_session",
        "commit_upload_session",
        "preflight_upload",
        "upload_file",
        "upload_file_version",
        "get_file",
        "download_file",
        "request_access_token",
        "create_folder",
        "get_folder",
        "list_folder_items",
    }


def test_corrections_are_in_the_committed_spec(spec: dict) -> None:
    schemas = spec["components"]["schemas"]
    commit = spec["paths"]["/files/upload_sessions/{upload_session_id}/commit"]["post"]
    body = commit["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["attributes"] == {"$ref": "#/components/schemas/UploadAttributes"}
    assert "Retry-After" in commit["responses"]["202"]["headers"]
    assert schemas["ConflictError"]["properties"]["context_info"]["properties"]["conflicts"] == {
        "$ref": "#/components/schemas/FileConflict"
    }
    assert "/files/upload_sessions/{upload_session_id}/plan" in spec["paths"]
    assert schemas["Item"]["discriminator"]["propertyName"] == "type"
    preflight = spec["paths"]["/files/content"]["options"]["requestBody"]["content"]["application/json"]["schema"]
    assert preflight["properties"]["size"]["format"] == "int64"
    part = spec["paths"]["/files/upload_sessions/{upload_session_id}"]["put"]
    headers = {p["name"] for p in part["parameters"] if p["in"] == "header"}
    assert headers == {"digest", "content-range", "content-length"}


def _enums(node: object) -> list[object]:
    if isinstance(node, list):
        return [found for item in node for found in _enums(item)]
    if not isinstance(node, dict):
        return []
    return ([node] if "enum" in node else []) + [found for value in node.values() for found in _enums(value)]


def test_no_closed_string_enums_and_every_body_required(spec: dict) -> None:
    # The one enum left is the null branch of a nullable reference (``[None]``), which closes nothing Box may add to.
    assert [e for e in _enums(spec) if e != _load_derive().null_schema()] == []
    for item in spec["paths"].values():
        for op in item.values():
            if "requestBody" in op:
                assert op["requestBody"]["required"] is True


def _without_discriminators(node: object) -> object:
    if isinstance(node, list):
        return [_without_discriminators(item) for item in node]
    if isinstance(node, dict):
        return {key: _without_discriminators(value) for key, value in node.items() if key != "discriminator"}
    return node


def _errors(spec: dict, schema: str, instance: object) -> list[str]:
    validator = OAS30Validator({"$ref": f"#/components/schemas/{schema}", "components": spec["components"]})
    return [error.message[:200] for error in validator.iter_errors(instance)]


LISTED_FILE = {"type": "file", "id": "12345", "sequence_id": "0", "etag": "0", "name": "a.bin", "sha1": "ab" * 20}
LISTED_FOLDER = {"type": "folder", "id": "100", "sequence_id": "0", "etag": "0", "name": "Photos"}


@pytest.mark.parametrize("entry", [LISTED_FILE, LISTED_FOLDER], ids=["file", "folder"])
def test_a_listed_item_matches_the_item_union_even_for_a_validator_that_ignores_discriminators(
    spec: dict, entry: dict
) -> None:
    """Every Item field is optional, so a real entry fits file, folder and web link alike: a oneOf (exactly one)
    refused every entry for plain JSON Schema validators such as schemathesis's."""
    assert _errors(_without_discriminators(spec), "Item", entry) == []  # type: ignore[arg-type]
    assert _errors(spec, "Item", entry) == []


def test_a_null_parent_is_valid_under_openapi_3_0_3_nullable_rules(spec: dict) -> None:
    """Box's root folder has ``"parent": null``; a strict 3.0.3 validator (openapi-core) needs the null branch,
    ``nullable`` on an allOf around the reference does not admit it."""
    root = {"type": "folder", "id": "0", "name": "All Files", "parent": None}
    assert _errors(spec, "Folder", root) == []
    assert _errors(spec, "Folder", {**root, "parent": {"type": "folder", "id": "0"}}) == []
    assert _errors(spec, "Folder", {**root, "parent": "0"}) != []  # the reference still types a present parent


def test_every_correction_has_a_reason() -> None:
    corrections = _load_derive().CORRECTIONS
    assert len(corrections) >= 8
    for correction in corrections:
        assert len(correction.reason) > 40, correction.name


@pytest.mark.skipif(not os.environ.get("BOX_OPENAPI_UPSTREAM"), reason="BOX_OPENAPI_UPSTREAM not set (drift check)")
def test_spec_matches_a_fresh_derivation_from_upstream() -> None:
    derive = _load_derive()
    upstream, source = derive.read_upstream(Path(os.environ["BOX_OPENAPI_UPSTREAM"]))
    recorded = json.loads(SPEC_PATH.read_text())["info"]["x-boxup-upstream"]
    assert recorded["sha256"] == source.sha256, "Box's spec changed: run `make spec-check`, then `make spec`"
    fresh = derive.render(derive.checked(upstream, derive.Source(source.sha256, recorded.get("ref"))))
    assert fresh == SPEC_PATH.read_text(), "Box's spec drifted: run `make spec UPSTREAM=...` and review the diff"
