"""Corrections to Box's published spec, applied by ``derive.py`` after trimming.

Each correction fixes a place where Box's spec disagrees with how Box really behaves, or leaves out something the
upload engine must send or read. The facts come from ``shared/reference/BOX-UPLOADS.md`` (section numbers below).
A correction is a small function over the trimmed spec plus the reason it exists; ``derive.py`` applies them in
order and fails loudly if the place a correction expects has moved upstream.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Spec = dict[str, Any]

SESSION = "/files/upload_sessions/{upload_session_id}"


@dataclass(frozen=True)
class Correction:
    name: str
    reason: str
    apply: Callable[[Spec], None]


def _op(spec: Spec, path: str, method: str) -> dict[str, Any]:
    try:
        op: dict[str, Any] = spec["paths"][path][method]
    except KeyError as exc:
        raise SystemExit(f"correction target {method.upper()} {path} is missing: upstream changed") from exc
    return op


def _json_body(spec: Spec, path: str, method: str) -> dict[str, Any]:
    schema: dict[str, Any] = _op(spec, path, method)["requestBody"]["content"]["application/json"]["schema"]
    return schema


def _schema(spec: Spec, name: str) -> dict[str, Any]:
    schema: dict[str, Any] = spec["components"]["schemas"][name]
    return schema


def _props(schema: dict[str, Any]) -> dict[str, Any]:
    """The properties of a schema, whether declared flat or in its last allOf piece."""
    if "properties" in schema:
        props: dict[str, Any] = schema["properties"]
        return props
    props = schema["allOf"][-1].setdefault("properties", {})
    return props


def commit_attributes(spec: Spec) -> None:
    _json_body(spec, f"{SESSION}/commit", "post")["properties"]["attributes"] = {
        "$ref": "#/components/schemas/UploadAttributes"
    }
    spec["components"]["schemas"]["UploadAttributes"] = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "content_created_at": {"type": "string", "format": "date-time"},
            "content_modified_at": {"type": "string", "format": "date-time"},
        },
    }


def int64_sizes(spec: Spec) -> None:
    preflight = _json_body(spec, "/files/content", "options")
    preflight["properties"]["size"] = {"type": "integer", "format": "int64"}
    _props(_schema(spec, "File"))["size"] = {"type": "integer", "format": "int64"}


def plan_endpoint(spec: Spec) -> None:
    schemas = spec["components"]["schemas"]
    chunk = {
        "offset": {"type": "integer", "format": "int64"},
        "size": {"type": "integer", "format": "int64"},
        "sha512": {"type": "string"},
    }
    schemas["UploadPlanPart"] = {"type": "object", "required": ["offset", "size", "sha512"], "properties": chunk}
    schemas["UploadPlanHit"] = {
        "type": "object",
        "required": ["offset", "size", "sha512", "part_id"],
        "properties": {**chunk, "part_id": {"type": "string"}},
    }
    schemas["UploadPlan"] = {
        "type": "object",
        "required": ["hits", "misses"],
        "properties": {
            "upload_session_id": {"type": "string"},
            "hits": {"type": "array", "items": {"$ref": "#/components/schemas/UploadPlanHit"}},
            "misses": {"type": "array", "items": {"$ref": "#/components/schemas/UploadPlanPart"}},
        },
    }
    get_session = _op(spec, SESSION, "get")
    spec["paths"][f"{SESSION}/plan"] = {
        "post": {
            "operationId": "plan_upload_session",
            "tags": get_session["tags"],
            "servers": get_session.get("servers", []),
            "parameters": [p for p in get_session["parameters"] if p["name"] == "upload_session_id"],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["parts"],
                            "properties": {
                                "parts": {"type": "array", "items": {"$ref": "#/components/schemas/UploadPlanPart"}}
                            },
                        }
                    }
                },
            },
            "responses": {
                "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/UploadPlan"}}}},
                "default": get_session["responses"]["default"],
            },
        }
    }
    endpoints = _props(_schema(spec, "UploadSession"))["session_endpoints"]
    endpoints["properties"]["plan"] = {"type": "string"}


def _error_with_context(spec: Spec, context: dict[str, Any]) -> dict[str, Any]:
    """A ClientError whose context_info has a known shape (flat: the generator cannot merge the nullable one)."""
    props = dict(_schema(spec, "ClientError")["properties"])
    props["context_info"] = {"type": "object", "properties": context}
    return {"type": "object", "properties": props}


def conflicts_as_object(spec: Spec) -> None:
    spec["components"]["schemas"]["ConflictError"] = _error_with_context(
        spec, {"conflicts": {"$ref": "#/components/schemas/FileConflict"}}
    )
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConflictError"}}}}
    for path, method in [
        ("/files/upload_sessions", "post"),
        ("/files/{file_id}/upload_sessions", "post"),
        (f"{SESSION}/commit", "post"),
        ("/files/content", "post"),
    ]:
        _op(spec, path, method)["responses"]["409"] = ref


def version_name_optional(spec: Spec) -> None:
    body = _op(spec, "/files/{file_id}/content", "post")["requestBody"]["content"]["multipart/form-data"]["schema"]
    body["properties"]["attributes"].pop("required", None)


def part_content_length(spec: Spec) -> None:
    _op(spec, SESSION, "put")["parameters"].append(
        {
            "name": "content-length",
            "in": "header",
            "required": True,
            "schema": {"type": "integer", "format": "int64", "minimum": 1},
        }
    )


def part_overlap_context(spec: Spec) -> None:
    _op(spec, SESSION, "put")["responses"]["416"] = {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PartConflictError"}}}
    }
    spec["components"]["schemas"]["PartConflictError"] = _error_with_context(
        spec, {"conflicting_part": {"$ref": "#/components/schemas/UploadPart"}}
    )


def commit_accepted_retry_after(spec: Spec) -> None:
    accepted = _op(spec, f"{SESSION}/commit", "post")["responses"]["202"]
    accepted["headers"] = {"Retry-After": {"required": False, "schema": {"type": "integer"}}}
    accepted.pop("content", None)


def trim_file_full(spec: Spec) -> None:
    keep = {"version_number", "comment_count", "extension", "is_package", "tags", "uploader_display_name"}
    full = _props(_schema(spec, "File--Full"))
    for name in list(full):
        if name not in keep:
            del full[name]
    _props(_schema(spec, "File")).pop("shared_link", None)


def item_by_type(spec: Spec) -> None:
    _schema(spec, "Item")["discriminator"] = {
        "propertyName": "type",
        "mapping": {
            "file": "#/components/schemas/File--Full",
            "folder": "#/components/schemas/Folder--Mini",
            "web_link": "#/components/schemas/WebLink",
        },
    }


CORRECTIONS: list[Correction] = [
    Correction(
        "commit_attributes",
        "Commit accepts an `attributes` object (content_modified_at, name...) that Box's spec leaves out; the guide, "
        "its reference sample and every older SDK send it (BOX-UPLOADS.md 2.6).",
        commit_attributes,
    ),
    Correction(
        "int64_sizes",
        "Preflight `size` is int32 and File `size` has no format, so files above 2 GiB would overflow a strict "
        "client; sizes are 64-bit (BOX-UPLOADS.md 2.8, 5).",
        int64_sizes,
    ),
    Correction(
        "plan_endpoint",
        "The plan endpoint (which chunks the server already holds, by SHA-512) is newer than the spec snapshot; "
        "its shape is the one boxsdk 10.18 uses, and session_endpoints gains its URL (BOX-UPLOADS.md 2.11).",
        plan_endpoint,
    ),
    Correction(
        "conflicts_as_object",
        "For uploads, a 409's `context_info.conflicts` is one file object, not the array the spec declares for "
        "folder creation (BOX-UPLOADS.md 4.12).",
        conflicts_as_object,
    ),
    Correction(
        "version_name_optional",
        "A new-version direct upload may leave `attributes.name` out (it only renames), though the spec marks it "
        "required (BOX-UPLOADS.md 2.9).",
        version_name_optional,
    ),
    Correction(
        "part_content_length",
        "Box answers 411 length_required when a part has no Content-Length; declaring it lets the generated call "
        "stream a part from disk with its exact length instead of chunked encoding (BOX-UPLOADS.md 2.4).",
        part_content_length,
    ),
    Correction(
        "part_overlap_context",
        "A 416 range_overlaps_existing_part carries the stored part in `context_info.conflicting_part`, which a "
        "client needs to recognise its own earlier success (BOX-UPLOADS.md 2.4, 4.7).",
        part_overlap_context,
    ),
    Correction(
        "commit_accepted_retry_after",
        "A 202 from commit has an empty body and a Retry-After header in seconds (BOX-UPLOADS.md 2.6).",
        commit_accepted_retry_after,
    ),
    Correction(
        "trim_file_full",
        "An upload only needs the file's identity, size, hashes, version and dates; the enterprise-only fields "
        "(permissions, metadata, representations, shared links...) pull in dozens of models. Fields not declared "
        "still arrive, untyped, in each model's additional_properties.",
        trim_file_full,
    ),
    Correction(
        "item_by_type",
        "A folder's items are a oneOf of file, folder and web link with no discriminator; every field is optional, "
        "so each real entry matches all three and a strict validator refuses it. Box tells them apart by `type`, "
        "so the union says so (openapi-python-client 0.29.1 ignores it and tries File--Full first: read `type`).",
        item_by_type,
    ),
]
