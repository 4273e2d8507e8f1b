"""Derive boxup's OpenAPI document from Box's published spec.

    python openapi/derive.py UPSTREAM.json openapi/box-uploads.json

Steps, in order: keep only the operations boxup calls (renamed, retagged, described in our own words); drop Box's
prose and vendor extensions; apply ``corrections.py``; normalise what openapi-python-client 0.29.1 cannot handle;
keep only the components still referenced. The output is deterministic, so a drift check is a plain comparison.
"""

from __future__ import annotations

import copy
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corrections import CORRECTIONS

UPLOAD_HOST = [{"url": "https://upload.box.com/api/2.0"}]
API_HOST = [{"url": "https://api.box.com/2.0"}]
OAUTH_HOST = [{"url": "https://api.box.com"}]
PROSE = {"description", "summary", "example", "examples", "externalDocs", "title"}


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    operation_id: str
    tag: str
    summary: str
    servers: list[dict[str, str]]
    drop_params: frozenset[str] = field(default_factory=frozenset)


SESSION = "/files/upload_sessions/{upload_session_id}"
OPERATIONS = [
    Operation(
        "/files/upload_sessions",
        "post",
        "create_upload_session",
        "upload_sessions",
        "Open a chunked upload session for a new file in a folder.",
        UPLOAD_HOST,
    ),
    Operation(
        "/files/{file_id}/upload_sessions",
        "post",
        "create_version_upload_session",
        "upload_sessions",
        "Open a chunked upload session for a new version of an existing file.",
        UPLOAD_HOST,
    ),
    Operation(
        SESSION,
        "get",
        "get_upload_session",
        "upload_sessions",
        "Read a session's state, including how many parts the server has processed.",
        UPLOAD_HOST,
    ),
    Operation(
        SESSION,
        "put",
        "upload_part",
        "upload_sessions",
        "Send one part: its byte range, its SHA-1 digest and exactly its bytes.",
        UPLOAD_HOST,
    ),
    Operation(
        SESSION,
        "delete",
        "abort_upload_session",
        "upload_sessions",
        "Discard a session and every part stored in it.",
        UPLOAD_HOST,
    ),
    Operation(
        f"{SESSION}/parts",
        "get",
        "list_upload_parts",
        "upload_sessions",
        "Page through the parts the server holds for a session.",
        UPLOAD_HOST,
    ),
    Operation(
        f"{SESSION}/commit",
        "post",
        "commit_upload_session",
        "upload_sessions",
        "Assemble the parts into the file; 202 means try again after Retry-After.",
        UPLOAD_HOST,
    ),
    Operation(
        "/files/content",
        "options",
        "preflight_upload",
        "direct_uploads",
        "Ask whether an upload of this name and size into a folder would be accepted.",
        API_HOST,
    ),
    Operation(
        "/files/content",
        "post",
        "upload_file",
        "direct_uploads",
        "Upload a small new file in one multipart request (attributes first, then the file).",
        UPLOAD_HOST,
    ),
    Operation(
        "/files/{file_id}/content",
        "post",
        "upload_file_version",
        "direct_uploads",
        "Upload a small new version of a file in one multipart request.",
        UPLOAD_HOST,
    ),
    Operation(
        "/files/{file_id}",
        "get",
        "get_file",
        "files",
        "Read a file's details.",
        API_HOST,
        frozenset({"boxapi", "x-rep-hints"}),
    ),
    Operation(
        "/files/{file_id}/content",
        "get",
        "download_file",
        "files",
        "Read a file's bytes.",
        API_HOST,
        frozenset({"boxapi", "access_token"}),
    ),
    Operation("/folders", "post", "create_folder", "folders", "Create a folder inside a parent folder.", API_HOST),
    Operation(
        "/folders/{folder_id}",
        "get",
        "get_folder",
        "folders",
        "Read a folder's details.",
        API_HOST,
        frozenset({"boxapi", "sort", "direction", "offset", "limit"}),
    ),
    Operation(
        "/folders/{folder_id}/items",
        "get",
        "list_folder_items",
        "folders",
        "Page through a folder's files and subfolders, by offset or by marker.",
        API_HOST,
        frozenset({"boxapi", "sort", "direction"}),
    ),
    Operation(
        "/oauth2/token",
        "post",
        "request_access_token",
        "auth",
        "Exchange client credentials or a refresh token for an access token.",
        OAUTH_HOST,
    ),
]


def strip_prose(node: Any) -> Any:
    """Drop Box's wording and vendor extensions, recursively; keep property maps intact."""
    if isinstance(node, list):
        return [strip_prose(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: strip_prose(schema) for name, schema in value.items()}
        elif key not in PROSE and not key.startswith("x-"):
            out[key] = strip_prose(value)
    return out


RESPONSE_WORDS = {
    "200": "Success.",
    "201": "Created.",
    "202": "Accepted, not finished: repeat the request after Retry-After seconds.",
    "204": "Done; no body.",
    "302": "The bytes are at the Location given.",
    "304": "Unchanged since the etag given.",
    "default": "A Box error.",
}


def describe_responses(paths: dict[str, Any]) -> None:
    """OpenAPI requires a description on every response; these are ours, by status."""
    for item in paths.values():
        for op in item.values():
            for status, response in op["responses"].items():
                response["description"] = RESPONSE_WORDS.get(status, f"A Box error with status {status}.")


def select_operations(upstream: dict[str, Any]) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for op in OPERATIONS:
        source = copy.deepcopy(upstream["paths"][op.path][op.method])
        source["parameters"] = [p for p in source.get("parameters", []) if p["name"] not in op.drop_params]
        if not source["parameters"]:
            del source["parameters"]
        source = strip_prose(source)
        source.update(operationId=op.operation_id, tags=[op.tag], summary=op.summary, servers=op.servers)
        paths.setdefault(op.path, {})[op.method] = source
    return paths


# --- normalisations for openapi-python-client (OPENAPI-PYTHON-CLIENT.md 5-6) -------------------------------


def merge_inline_allof(node: Any) -> Any:
    """``allOf`` made only of inline pieces becomes one schema; ``allOf: [$ref, {}]`` becomes the ``$ref``."""
    if isinstance(node, list):
        return [merge_inline_allof(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: merge_inline_allof(value) for key, value in node.items()}
    pieces = [piece for piece in node.get("allOf", []) if piece and set(piece) != {"nullable"}]
    if "allOf" not in node:
        return node
    rest = {key: value for key, value in node.items() if key not in ("allOf", "nullable")}
    if len(pieces) == 1 and "$ref" in pieces[0] and not rest:
        return {"$ref": pieces[0]["$ref"]}
    if all("$ref" not in piece for piece in pieces):
        merged: dict[str, Any] = dict(rest)
        for piece in pieces:
            for key, value in piece.items():
                if key == "properties":
                    merged.setdefault("properties", {}).update(value)
                elif key == "required":
                    merged["required"] = sorted(set(merged.get("required", [])) | set(value))
                else:
                    merged[key] = value
        merged.pop("nullable", None) if merged.get("nullable") is False else None
        return merged
    node["allOf"] = pieces
    return node


def drop_string_enums(node: Any) -> Any:
    """Box adds codes and types over time; a closed enum would turn a new value into a parse failure."""
    if isinstance(node, list):
        return [drop_string_enums(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: drop_string_enums(value) for key, value in node.items()}
    if out.get("type") == "string":
        out.pop("enum", None)
    return out


def drop_false_nullable(node: Any) -> Any:
    if isinstance(node, list):
        return [drop_false_nullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: drop_false_nullable(value) for key, value in node.items()}
    if out.get("nullable") is False:
        del out["nullable"]
    return out


def normalise(spec: dict[str, Any]) -> None:
    for item in spec["paths"].values():
        for op in item.values():
            if "requestBody" in op:
                op["requestBody"]["required"] = True
    for schema in spec["components"]["schemas"].values():
        schema.pop("nullable", None)  # component-level nullable breaks allOf users (#1066)
    spec["paths"] = drop_false_nullable(drop_string_enums(merge_inline_allof(spec["paths"])))
    spec["components"]["schemas"] = drop_false_nullable(
        drop_string_enums(merge_inline_allof(spec["components"]["schemas"]))
    )


def referenced(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            found.add(ref.rsplit("/", 1)[-1])
        for value in node.values():
            referenced(value, found)
    elif isinstance(node, list):
        for item in node:
            referenced(item, found)


def closure(spec: dict[str, Any], upstream_schemas: dict[str, Any]) -> dict[str, Any]:
    """Every schema reachable from the paths, taken from ``spec`` first (corrected) and upstream otherwise."""
    schemas: dict[str, Any] = {}
    pending: set[str] = set()
    referenced(spec["paths"], pending)
    while pending:
        name = pending.pop()
        if name in schemas:
            continue
        schema = spec["components"]["schemas"].get(name) or strip_prose(copy.deepcopy(upstream_schemas[name]))
        schemas[name] = schema
        more: set[str] = set()
        referenced(schema, more)
        pending |= more - schemas.keys()
    return dict(sorted(schemas.items()))


def derive(upstream: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {
            "title": "boxup Box uploads API",
            "version": str(upstream.get("info", {}).get("version", "unknown")),
            "description": "The Box endpoints boxup uses, derived from Box's published spec by openapi/derive.py "
            "with the corrections listed in openapi/corrections.py.",
        },
        "servers": API_HOST,
        "security": [{"OAuth2Security": []}],
        "paths": select_operations(upstream),
        "components": {"schemas": {}, "securitySchemes": {}},
    }
    spec["components"]["schemas"] = closure(spec, upstream["components"]["schemas"])
    normalise(spec)
    for correction in CORRECTIONS:
        correction.apply(spec)
    spec["components"]["schemas"] = closure(spec, upstream["components"]["schemas"])
    normalise(spec)
    describe_responses(spec["paths"])
    spec["components"]["schemas"] = closure(spec, upstream["components"]["schemas"])
    spec["components"]["securitySchemes"] = {
        "OAuth2Security": {
            "type": "oauth2",
            "flows": {"clientCredentials": {"tokenUrl": "https://api.box.com/oauth2/token", "scopes": {}}},
        }
    }
    return spec


def render(spec: dict[str, Any]) -> str:
    return json.dumps(spec, indent=2, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: derive.py UPSTREAM.json OUTPUT.json", file=sys.stderr)
        return 2
    upstream = json.loads(Path(argv[1]).read_text())
    Path(argv[2]).write_text(render(derive(upstream)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
