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

from failures import Missing, at

Spec = dict[str, Any]

SESSION = "/files/upload_sessions/{upload_session_id}"


@dataclass(frozen=True)
class Correction:
    name: str
    reason: str
    apply: Callable[[Spec], None]


def _op(spec: Spec, path: str, method: str) -> dict[str, Any]:
    op: dict[str, Any] = at(spec["paths"], path, method, where="paths")
    return op


def _json_body(spec: Spec, path: str, method: str, media: str = "application/json") -> dict[str, Any]:
    where = f"{method.upper()} {path}"
    schema: dict[str, Any] = at(_op(spec, path, method), "requestBody", "content", media, "schema", where=where)
    return schema


def _response(spec: Spec, path: str, method: str, status: str) -> dict[str, Any]:
    response: dict[str, Any] = at(_op(spec, path, method), "responses", status, where=f"{method.upper()} {path}")
    return response


def _schema(spec: Spec, name: str) -> dict[str, Any]:
    schemas = spec["components"]["schemas"]
    if name not in schemas:
        raise Missing(f"schema {name} is not among the schemas the operations reach")
    schema: dict[str, Any] = schemas[name]
    return schema


def _props(schema: dict[str, Any], name: str) -> dict[str, Any]:
    """The properties of a schema, whether declared flat or in its last allOf piece."""
    if "properties" in schema:
        props: dict[str, Any] = schema["properties"]
        return props
    pieces = schema.get("allOf")
    if not pieces or not isinstance(pieces[-1], dict) or "$ref" in pieces[-1]:
        raise Missing(f"schema {name} declares no properties of its own")
    props = pieces[-1].setdefault("properties", {})
    return props


def _drop_properties(schema: dict[str, Any], name: str, drop: set[str]) -> None:
    """Delete properties and prune them from every ``required`` list of the schema, so none dangles."""
    props = _props(schema, name)
    for prop in drop & set(props):
        del props[prop]
    for part in [schema, *schema.get("allOf", [])]:
        if isinstance(part.get("required"), list):
            part["required"] = [item for item in part["required"] if item not in drop]
            if not part["required"]:
                del part["required"]


def commit_attributes(spec: Spec) -> None:
    body = _json_body(spec, f"{SESSION}/commit", "post")
    at(body, "properties", where=f"POST {SESSION}/commit body")["attributes"] = {
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
    at(preflight, "properties", where="OPTIONS /files/content body")["size"] = {"type": "integer", "format": "int64"}
    _props(_schema(spec, "File"), "File")["size"] = {"type": "integer", "format": "int64"}


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
            "parameters": [p for p in get_session.get("parameters", []) if p.get("name") == "upload_session_id"],
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
                "default": _response(spec, SESSION, "get", "default"),
            },
        }
    }
    endpoints = at(
        _props(_schema(spec, "UploadSession"), "UploadSession"),
        "session_endpoints",
        "properties",
        where="UploadSession.properties",
    )
    endpoints["plan"] = {"type": "string"}


def _error_with_context(spec: Spec, context: dict[str, Any]) -> dict[str, Any]:
    """A ClientError whose context_info has a known shape (flat: the generator cannot merge the nullable one)."""
    props = dict(_props(_schema(spec, "ClientError"), "ClientError"))
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
    body = _json_body(spec, "/files/{file_id}/content", "post", "multipart/form-data")
    at(body, "properties", "attributes", where="POST /files/{file_id}/content body").pop("required", None)


def part_content_length(spec: Spec) -> None:
    op = _op(spec, SESSION, "put")
    op["parameters"] = [p for p in op.get("parameters", []) if str(p.get("name", "")).lower() != "content-length"]
    op["parameters"].append(
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
    accepted = _response(spec, f"{SESSION}/commit", "post", "202")
    accepted["headers"] = {"Retry-After": {"required": False, "schema": {"type": "integer"}}}
    accepted.pop("content", None)


def trim_file_full(spec: Spec) -> None:
    keep = {"version_number", "comment_count", "extension", "is_package", "tags", "uploader_display_name"}
    full = _schema(spec, "File--Full")
    _drop_properties(full, "File--Full", set(_props(full, "File--Full")) - keep)
    _drop_properties(_schema(spec, "File"), "File", {"shared_link"})


def files_entries_full(spec: Spec) -> None:
    entries = at(_props(_schema(spec, "Files"), "Files"), "entries", where="Files.properties")
    entries["items"] = {"$ref": "#/components/schemas/File--Full"}


RESPONSE_IDENTITY = ["id", "type"]


def response_required(spec: Spec, own: set[str]) -> None:
    """Every schema Box defines that an answer reaches: ``required`` becomes id and type on the ``--Base`` identity
    schemas and nothing elsewhere, whatever Box marks (corrections' own schemas keep theirs)."""
    schemas = spec["components"]["schemas"]
    for name in sorted(_reached_by_answers(spec) - own):
        schema = schemas[name]
        _strip_required(schema)
        if name.endswith("--Base") and set(RESPONSE_IDENTITY) <= set(schema.get("properties", {})):
            schema["required"] = list(RESPONSE_IDENTITY)


def _strip_required(node: Any) -> None:
    """Drop ``required`` from a schema and the inline schemas inside it; a ``$ref`` is another schema's business."""
    if isinstance(node, list):
        for item in node:
            _strip_required(item)
    elif isinstance(node, dict) and "$ref" not in node:
        node.pop("required", None)
        for key, value in node.items():
            if key == "properties":
                for prop in value.values():
                    _strip_required(prop)
            elif key in ("items", "allOf", "anyOf", "oneOf", "additionalProperties", "not"):
                _strip_required(value)


def _refs(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*(_refs(item) for item in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = {node["$ref"].rsplit("/", 1)[-1]} if isinstance(node.get("$ref"), str) else set()
    return found.union(*(_refs(value) for value in node.values()))


def _reached_by_answers(spec: Spec) -> set[str]:
    schemas = spec["components"]["schemas"]
    pending = _refs([op.get("responses", {}) for item in spec["paths"].values() for op in item.values()])
    reached: set[str] = set()
    while pending:
        name = pending.pop()
        if name in reached or name not in schemas:
            continue
        reached.add(name)
        pending |= _refs(schemas[name]) - reached
    return reached


def item_by_type(spec: Spec) -> None:
    item = _schema(spec, "Item")
    item["anyOf"] = item.pop("oneOf")
    item["discriminator"] = {
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
        "files_entries_full",
        "Upload and commit answers are typed as File--Full (trimmed above) whatever Box's spec of the day says: Box "
        "moved Files.entries between File and File--Full over the years (File until 2023-09), and the wrapper's "
        "models must not change with it.",
        files_entries_full,
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
        "A folder's items are a oneOf of file, folder and web link with no discriminator; every field is optional "
        "(and the trimmed spec drops `type`'s one-value enums), so each real entry matches all three and a strict "
        "validator refuses it. Box tells them apart by `type`, so the union says so with a discriminator, and is an "
        "anyOf: JSON Schema validators (schemathesis) ignore discriminators, and a oneOf still wants exactly one "
        "match (openapi-python-client 0.29.1 treats both alike and tries File--Full first: read `type`).",
        item_by_type,
    ),
]


@dataclass(frozen=True)
class Policy:
    """A correction applied last, to every schema the derived spec keeps; ``own`` names the schemas corrections made."""

    name: str
    reason: str
    apply: Callable[[Spec, set[str]], None]


POLICIES: list[Policy] = [
    Policy(
        "response_required",
        "Box adds and removes `required` on answer fields over time (User--Base lost `id` in 2023-09, File--Full "
        "listed enterprise-only fields), and a required field that a real answer lacks makes the generated parser "
        "fail. Answers therefore require only `id` and `type`, on the --Base identity schemas every Box object "
        "carries; the wrapper checks every other field it relies on itself (boxup/models.py).",
        response_required,
    ),
]
