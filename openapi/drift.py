"""A readable report of what a fresh derivation changes against the committed spec (``make spec-check``).

Only the API surface counts as drift: operations, their status codes, schemas and their properties, ``required``,
types and formats. Provenance (``info``) does not: two upstream files that derive to the same API are no drift.
"""

from __future__ import annotations

from typing import Any

Spec = dict[str, Any]


def _operations(spec: Spec) -> dict[str, tuple[str, dict[str, Any]]]:
    return {
        op["operationId"]: (f"{method.upper()} {path}", op)
        for path, item in spec.get("paths", {}).items()
        for method, op in item.items()
    }


def _schemas(spec: Spec) -> dict[str, Any]:
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    return schemas


def _flat(schema: Any, prefix: str = "") -> dict[str, dict[str, Any]]:
    """Property path -> its type facts, through inline objects, arrays and allOf pieces (not through $ref)."""
    out: dict[str, dict[str, Any]] = {}
    if not isinstance(schema, dict):
        return out
    for piece in schema.get("allOf", []):
        out.update(_flat(piece, prefix))
    if "items" in schema:
        out.update(_flat(schema["items"], f"{prefix}[]"))
    for name, prop in schema.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        facts = {key: prop.get(key) for key in ("type", "format", "$ref") if isinstance(prop, dict) and key in prop}
        if isinstance(prop, dict) and isinstance(prop.get("items"), dict) and "$ref" in prop["items"]:
            facts["items"] = prop["items"]["$ref"]
        out[path] = facts
        out.update(_flat(prop, path))
    return out


def _required(schema: Any) -> set[str]:
    if not isinstance(schema, dict):
        return set()
    names = set(schema.get("required", []))
    for piece in schema.get("allOf", []):
        names |= _required(piece)
    return names


def _operation_lines(old: Spec, new: Spec) -> list[str]:
    before, after = _operations(old), _operations(new)
    lines = [f"operation added: {op_id} ({after[op_id][0]})" for op_id in sorted(after.keys() - before.keys())]
    lines += [f"operation removed: {op_id} ({before[op_id][0]})" for op_id in sorted(before.keys() - after.keys())]
    for op_id in sorted(before.keys() & after.keys()):
        (was, old_op), (now, new_op) = before[op_id], after[op_id]
        if was != now:
            lines.append(f"operation moved: {op_id} {was} -> {now}")
        old_codes, new_codes = set(old_op.get("responses", {})), set(new_op.get("responses", {}))
        for code in sorted(new_codes - old_codes):
            lines.append(f"status added: {op_id} {code}")
        for code in sorted(old_codes - new_codes):
            lines.append(f"status removed: {op_id} {code}")
        if old_op != new_op and was == now and old_codes == new_codes:
            lines.append(f"operation changed: {op_id} (parameters, bodies or response schemas; see the diff)")
    return lines


def _renames(old: dict[str, Any], new: dict[str, Any]) -> dict[str, str]:
    """A removed schema whose properties equal an added one's was renamed."""
    added = {name: _flat(new[name]) for name in new.keys() - old.keys()}
    renames = {}
    for name in sorted(old.keys() - new.keys()):
        shape = _flat(old[name])
        match = [other for other, other_shape in sorted(added.items()) if other_shape == shape]
        if match:
            renames[name] = match[0]
            del added[match[0]]
    return renames


def _schema_lines(old: Spec, new: Spec) -> list[str]:
    before, after = _schemas(old), _schemas(new)
    renames = _renames(before, after)
    lines = [f"schema renamed: {was} -> {now}" for was, now in renames.items()]
    lines += [f"schema added: {name}" for name in sorted(after.keys() - before.keys() - set(renames.values()))]
    lines += [f"schema removed: {name}" for name in sorted(before.keys() - after.keys() - renames.keys())]
    for name in sorted(before.keys() & after.keys()):
        was, now = _flat(before[name]), _flat(after[name])
        lines += [f"property added: {name}.{prop}" for prop in sorted(now.keys() - was.keys())]
        lines += [f"property removed: {name}.{prop}" for prop in sorted(was.keys() - now.keys())]
        for prop in sorted(was.keys() & now.keys()):
            if was[prop] != now[prop]:
                lines.append(f"property changed: {name}.{prop} {_facts(was[prop])} -> {_facts(now[prop])}")
        old_req, new_req = _required(before[name]), _required(after[name])
        if old_req != new_req:
            lines.append(f"required changed: {name} {sorted(old_req)} -> {sorted(new_req)}")
        if was == now and old_req == new_req and before[name] != after[name]:
            lines.append(f"schema changed: {name} (constraints or structure; see the diff)")
    return lines


def _facts(facts: dict[str, Any]) -> str:
    return ",".join(f"{key}={value}" for key, value in sorted(facts.items())) or "untyped"


def drift_report(old: Spec, new: Spec) -> list[str]:
    """One line per change, operations first; empty when the API surface is unchanged."""
    return _operation_lines(old, new) + _schema_lines(old, new)
