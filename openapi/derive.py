"""Derive boxup's OpenAPI document from Box's published spec.

    python openapi/derive.py UPSTREAM.json[.gz] openapi/box-uploads.json [--ref COMMIT]
    python openapi/derive.py UPSTREAM.json[.gz] openapi/box-uploads.json --check     # drift report, writes nothing

Steps, in order: keep only the operations boxup calls (renamed, retagged, described in our own words); drop Box's
prose and vendor extensions; apply ``corrections.py``; normalise what openapi-python-client 0.29.1 cannot handle;
keep only the components still referenced; apply the policies; record where the upstream came from. Then the result
is checked (``checks.py``) and validated, and only then replaces the output file. The output is deterministic, so a
drift check is a plain comparison. Any failure is a ``SpecProblem``: at most three lines, no traceback, exit 1.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from checks import load_accepted, run_checks
from corrections import CORRECTIONS, POLICIES, Correction, Policy
from drift import drift_report
from failures import Missing, SpecProblem

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


def _moved_hint(upstream: dict[str, Any], op: Operation) -> str:
    """Where an operation may have gone: the same method on a path ending the same way."""
    tail = op.path.rsplit("/", 1)[-1]
    near = sorted(
        path
        for path, item in upstream.get("paths", {}).items()
        if isinstance(item, dict) and op.method in item and path.rsplit("/", 1)[-1] == tail and path != op.path
    )
    return f" (Box has {op.method.upper()} {', '.join(near[:3])})" if near else ""


def upstream_operation(upstream: dict[str, Any], op: Operation) -> dict[str, Any]:
    source = upstream.get("paths", {}).get(op.path, {}).get(op.method)
    if not isinstance(source, dict) or not isinstance(source.get("responses"), dict):
        raise SpecProblem(
            f"operation {op.operation_id} ({op.method.upper()} {op.path}) is not in Box's spec: Box removed or moved "
            f"it{_moved_hint(upstream, op)}",
            "what to do: find it in Box's spec and update its path in OPERATIONS (openapi/derive.py); if Box "
            "dropped it, the wrapper must stop calling it first",
        )
    return source


def select_operations(upstream: dict[str, Any]) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for op in OPERATIONS:
        source = copy.deepcopy(upstream_operation(upstream, op))
        source["parameters"] = [p for p in source.get("parameters", []) if p.get("name") not in op.drop_params]
        if not source["parameters"]:
            del source["parameters"]
        source = strip_prose(source)
        source.update(operationId=op.operation_id, tags=[op.tag], summary=op.summary, servers=op.servers)
        paths.setdefault(op.path, {})[op.method] = source
    return paths


# --- normalisations for openapi-python-client (OPENAPI-PYTHON-CLIENT.md 5-6) -------------------------------


# "A reference or null" in OpenAPI 3.0.3: ``nullable`` counts only next to a ``type`` in the same schema (so not on
# an allOf around the reference, which strict validators such as openapi-core then refuse for null); this branch
# admits null alone, and openapi-python-client reads the pair as ``Model | None``.
def null_schema() -> dict[str, Any]:
    return {"type": "object", "nullable": True, "enum": [None]}  # a fresh one each time: later passes edit in place


def merge_inline_allof(node: Any) -> Any:
    """``allOf`` made only of inline pieces becomes one schema; ``allOf: [$ref, {}]`` becomes the ``$ref``, or, when
    Box marks it ``nullable: true`` (Folder.parent is null for the root folder), the ``$ref`` or null."""
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
        ref = {"$ref": pieces[0]["$ref"]}
        return {"anyOf": [ref, null_schema()]} if node.get("nullable") is True else ref
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
    start: set[str] = set()
    referenced(spec["paths"], start)
    pending = {name: "an operation" for name in start}
    while pending:
        name, referrer = pending.popitem()
        if name in schemas:
            continue
        schema = spec["components"]["schemas"].get(name)
        if schema is None:
            if not isinstance(upstream_schemas.get(name), dict):
                raise Missing(f"schema {name}, referenced by {referrer}, is not in Box's spec")
            schema = strip_prose(copy.deepcopy(upstream_schemas[name]))
        schemas[name] = schema
        more: set[str] = set()
        referenced(schema, more)
        pending.update({other: f"schema {name}" for other in more - schemas.keys() if other not in pending})
    return dict(sorted(schemas.items()))


def _failed(correction: Correction | Policy, found: str) -> SpecProblem:
    return SpecProblem(
        f"correction {correction.name} no longer applies: {found}",
        f"why it exists: {correction.reason}",
        "what to do: Box changed that part of its spec; check whether Box fixed what the correction fixes (then "
        "delete it) or moved it (then update it) in openapi/corrections.py",
    )


def trimmed_schemas(spec: dict[str, Any], upstream_schemas: dict[str, Any]) -> dict[str, Any]:
    """The first closure, straight from the operations: a schema missing here is one an operation needs."""
    try:
        return closure(spec, upstream_schemas)
    except Missing as exc:
        raise SpecProblem(
            f"{exc.what}: Box renamed or removed it",
            "what to do: find its new name in Box's spec; if an operation in OPERATIONS (openapi/derive.py) no "
            "longer answers with it, check what the wrapper reads from that answer",
        ) from None


def apply_correction(correction: Correction, spec: dict[str, Any], upstream_schemas: dict[str, Any]) -> None:
    """One correction, then the schemas it newly points at, so the next correction finds them in place."""
    try:
        correction.apply(spec)
        spec["components"]["schemas"] = closure(spec, upstream_schemas)
    except Missing as exc:
        raise _failed(correction, exc.what) from None
    except (KeyError, IndexError, TypeError, AttributeError) as exc:
        raise _failed(correction, f"its lookup failed ({type(exc).__name__}: {exc})") from None


@dataclass(frozen=True)
class Source:
    """Where the upstream spec came from, recorded in the derived spec for reviewers."""

    sha256: str
    ref: str | None = None

    def record(self) -> dict[str, str]:
        return {"sha256": self.sha256, **({"ref": self.ref} if self.ref else {})}


def derive(upstream: dict[str, Any], source: Source | None = None) -> dict[str, Any]:
    if not isinstance(upstream.get("paths"), dict) or not isinstance(
        upstream.get("components", {}).get("schemas"), dict
    ):
        raise SpecProblem(
            "the upstream file is not an OpenAPI document with paths and components.schemas",
            "what to do: pass Box's openapi.json (box/box-openapi) as UPSTREAM",
        )
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
    spec["components"]["schemas"] = trimmed_schemas(spec, upstream["components"]["schemas"])
    normalise(spec)
    before = set(spec["components"]["schemas"])
    for correction in CORRECTIONS:
        apply_correction(correction, spec, upstream["components"]["schemas"])
    own = set(spec["components"]["schemas"]) - before | {"ConflictError"}
    spec["components"]["schemas"] = closure(spec, upstream["components"]["schemas"])
    normalise(spec)
    describe_responses(spec["paths"])
    spec["components"]["schemas"] = closure(spec, upstream["components"]["schemas"])
    for policy in POLICIES:
        try:
            policy.apply(spec, own)
        except (LookupError, TypeError, AttributeError) as exc:
            raise _failed(policy, f"{type(exc).__name__}: {exc}") from None
    if source is not None:
        spec["info"]["x-boxup-upstream"] = source.record()
    spec["components"]["securitySchemes"] = {
        "OAuth2Security": {
            "type": "oauth2",
            "flows": {"clientCredentials": {"tokenUrl": "https://api.box.com/oauth2/token", "scopes": {}}},
        }
    }
    return spec


def render(spec: dict[str, Any]) -> str:
    return json.dumps(spec, indent=2, sort_keys=True) + "\n"


def read_upstream(path: Path) -> tuple[dict[str, Any], Source]:
    """Box's spec, plain or gzipped, and its sha256 (of the uncompressed bytes)."""
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        upstream = json.loads(raw)
    except FileNotFoundError:
        raise SpecProblem(
            f"no upstream spec at {path}: pass Box's openapi.json, e.g. make spec UPSTREAM=path/to/openapi.json"
        ) from None
    except (OSError, ValueError) as exc:
        raise SpecProblem(f"cannot read {path} as JSON: {exc}", "what to do: pass Box's openapi.json") from None
    if not isinstance(upstream, dict):
        raise SpecProblem(f"{path} is JSON but not an OpenAPI document", "what to do: pass Box's openapi.json")
    return upstream, Source(hashlib.sha256(raw).hexdigest())


def validate(spec: dict[str, Any]) -> None:
    from openapi_spec_validator import validate as validate_openapi
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    try:
        validate_openapi(spec)
    except OpenAPIValidationError as exc:
        where = "/".join(str(part) for part in exc.absolute_path) or "the document"
        raise SpecProblem(
            f"the derived spec is not valid OpenAPI at {where}: {exc.message[:200]}",
            "what to do: a correction or normalisation in openapi/ left this behind; fix it there",
        ) from None


def checked(upstream: dict[str, Any], source: Source) -> dict[str, Any]:
    """Derive, check and validate: a spec that may replace the committed one, or a ``SpecProblem``."""
    spec = derive(upstream, source)
    problems = run_checks(spec, load_accepted())
    if problems:
        (what, do), more = problems[0], len(problems) - 1
        raise SpecProblem(what + (f" (and {more} more problems)" if more else ""), f"what to do: {do}")
    validate(spec)
    return spec


def write_atomically(path: Path, text: str) -> None:
    """The output changes only as a whole, and only once everything passed."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def run(args: argparse.Namespace) -> int:
    upstream, source = read_upstream(Path(args.upstream))
    spec = checked(upstream, Source(source.sha256, args.ref))
    output = Path(args.output)
    if args.check:
        committed = json.loads(output.read_text()) if output.exists() else {"paths": {}, "components": {}}
        lines = drift_report(committed, spec)
        print("\n".join(lines) if lines else f"no drift: {args.upstream} derives to {output}")
        return 1 if lines else 0
    write_atomically(output, render(spec))
    print(f"derived {output} from {args.upstream} (sha256 {source.sha256[:12]})")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="derive.py", description="Derive boxup's spec from Box's.")
    parser.add_argument("upstream", help="Box's openapi.json (or .json.gz)")
    parser.add_argument("output", help="the derived spec (openapi/box-uploads.json)")
    parser.add_argument("--ref", default=None, help="the upstream's source commit, recorded in the output")
    parser.add_argument("--check", action="store_true", help="print the drift against OUTPUT; write nothing")
    args = parser.parse_args(argv[1:])
    try:
        return run(args)
    except SpecProblem as problem:
        print(f"derive: error: {problem}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
