"""Checks on the derived spec, run by ``derive.py`` after the corrections and before anything is written.

Each check returns problems as (what broke, what to do) pairs. The status check reads the wrapper's one table of
accepted statuses, ``wrapper/boxup/statuses.py``, by path (never importing the ``boxup`` package), so a success
code Box adds or drops fails here instead of at run time.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

STATUSES = Path(__file__).resolve().parents[1] / "wrapper" / "boxup" / "statuses.py"
SCHEMA_REF = "#/components/schemas/"
Problem = tuple[str, str]


def load_accepted(path: Path = STATUSES) -> dict[str, frozenset[int]]:
    spec = importlib.util.spec_from_file_location("boxup_statuses", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    accepted: dict[str, frozenset[int]] = module.ACCEPTED
    return accepted


def operations(spec: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """operationId -> (METHOD, path, operation)."""
    return {
        op["operationId"]: (method.upper(), path, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
    }


def _walk(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _walk(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _walk(item, f"{where}[{index}]")


def unresolved_refs(spec: dict[str, Any]) -> list[Problem]:
    schemas = spec["components"]["schemas"]
    problems = []
    for where, node in _walk({"paths": spec["paths"], "schemas": schemas}, "spec"):
        ref = node.get("$ref")
        if isinstance(ref, str) and not (ref.startswith(SCHEMA_REF) and ref[len(SCHEMA_REF) :] in schemas):
            problems.append((f"{where} points at {ref}, which the derived spec does not define", _FIX_SCHEMA))
    return problems


def declared(schema: dict[str, Any], schemas: dict[str, Any], depth: int = 0) -> set[str]:
    """Every property name a schema declares, its own and its ``allOf`` pieces' (following ``$ref``)."""
    if depth > 20:
        return set()
    ref = schema.get("$ref")
    if isinstance(ref, str):
        target = schemas.get(ref[len(SCHEMA_REF) :])
        return declared(target, schemas, depth + 1) if isinstance(target, dict) else set()
    names = set(schema.get("properties", {}))
    for piece in schema.get("allOf", []):
        names |= declared(piece, schemas, depth + 1)
    return names


def dangling_required(spec: dict[str, Any]) -> list[Problem]:
    schemas = spec["components"]["schemas"]
    problems = []
    for where, node in _walk({"paths": spec["paths"], "schemas": schemas}, "spec"):
        required = node.get("required")
        if not isinstance(required, list) or not ("properties" in node or "allOf" in node):
            continue
        missing = sorted(set(required) - declared(node, schemas))
        if missing:
            problems.append(
                (
                    f"{where}.required names {', '.join(missing)}, which the schema does not declare",
                    "a correction deleted a property without pruning `required`, or Box declared it elsewhere: "
                    "fix the correction in openapi/corrections.py",
                )
            )
    return problems


def missing_operations(spec: dict[str, Any], accepted: dict[str, frozenset[int]]) -> list[Problem]:
    present = operations(spec)
    return [
        (
            f"the wrapper calls {op_id} (wrapper/boxup/statuses.py) but the derived spec has no such operation",
            "add it to OPERATIONS in openapi/derive.py, or drop it from the wrapper and its status table",
        )
        for op_id in sorted(accepted.keys() - present.keys())
    ]


def status_mismatches(spec: dict[str, Any], accepted: dict[str, frozenset[int]]) -> list[Problem]:
    problems = []
    for op_id, (method, path, op) in sorted(operations(spec).items()):
        if op_id not in accepted:
            continue
        declared_codes = {int(code) for code in op["responses"] if code.isdigit()}
        success = {code for code in declared_codes if 200 <= code < 300}
        for code in sorted(success - accepted[op_id]):
            problems.append(
                (
                    f"{op_id} ({method} {path}): Box's spec now answers {code}, which the wrapper does not accept "
                    f"(it accepts {', '.join(map(str, sorted(accepted[op_id])))})",
                    f"teach the wrapper what {code} means and add it to ACCEPTED in wrapper/boxup/statuses.py, or "
                    "add a correction if Box never sends it",
                )
            )
        for code in sorted(accepted[op_id] - declared_codes):
            problems.append(
                (
                    f"{op_id} ({method} {path}): the wrapper accepts {code} but the spec does not declare it, so "
                    "the generated client would parse that answer as an error",
                    f"drop {code} from ACCEPTED in wrapper/boxup/statuses.py, or add a correction declaring it if "
                    "Box still sends it",
                )
            )
    return problems


# The request-body fields the wrapper fills in (wrapper/boxup/auth.py, engine.py). A field Box stops declaring
# would vanish from the generated model and break the wrapper's typecheck; here it fails at derive time instead.
SENT_FIELDS: dict[str, frozenset[str]] = {
    "request_access_token": frozenset(
        {"grant_type", "client_id", "client_secret", "refresh_token", "box_subject_type", "box_subject_id"}
    ),
    "create_upload_session": frozenset({"folder_id", "file_size", "file_name"}),
    "create_version_upload_session": frozenset({"file_size", "file_name"}),
    "commit_upload_session": frozenset({"parts", "attributes"}),
    "upload_file": frozenset({"attributes", "file"}),
    "upload_file_version": frozenset({"attributes", "file"}),
}


def missing_sent_fields(spec: dict[str, Any]) -> list[Problem]:
    schemas = spec["components"]["schemas"]
    problems = []
    for op_id, (method, path, op) in sorted(operations(spec).items()):
        wanted = SENT_FIELDS.get(op_id)
        if not wanted:
            continue
        bodies = op.get("requestBody", {}).get("content", {}).values()
        fields = set().union(*(declared(body.get("schema", {}), schemas) for body in bodies)) if bodies else set()
        if gone := sorted(wanted - fields):
            problems.append(
                (
                    f"{op_id} ({method} {path}): the wrapper sends {', '.join(gone)}, which the request body in "
                    "Box's spec does not declare",
                    "check how Box now takes it and update the wrapper (or add a correction declaring it, with the "
                    "evidence that Box still reads it)",
                )
            )
    return problems


_FIX_SCHEMA = "a correction points at a schema Box renamed or removed: update it in openapi/corrections.py"


def run_checks(spec: dict[str, Any], accepted: dict[str, frozenset[int]]) -> list[Problem]:
    return [
        *unresolved_refs(spec),
        *dangling_required(spec),
        *missing_operations(spec, accepted),
        *missing_sent_fields(spec),
        *status_mismatches(spec, accepted),
    ]
