"""Every request and response checked against openapi/box-uploads.json with openapi-core.

The spec is loaded once and adapted in memory: its servers are rewritten to one fake host, so the paths the
emulator serves (``/api/2.0``, ``/2.0``, ``/oauth2``) line up with the operations, and its OAuth2 scheme (which
openapi-core cannot check) becomes the bearer scheme it can. Binary bodies are never buffered for validation:
part uploads get their parameters and security checked, multipart uploads a small stand-in body with the real
attributes, downloads their status and headers.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema_path import SchemaPath
from openapi_core import V30RequestValidator, V30ResponseValidator
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.media_types.exceptions import MediaTypeNotFound
from openapi_core.validation.request.exceptions import (
    MissingRequiredParameter,
    ParameterValidationError,
    SecurityValidationError,
)
from openapi_core.validation.request.validators import V30RequestParametersValidator, V30RequestSecurityValidator
from openapi_core.validation.response.validators import V30ResponseHeadersValidator
from werkzeug.datastructures import Headers, ImmutableMultiDict

SPEC_PATH = Path(__file__).resolve().parents[2] / "openapi" / "box-uploads.json"
HOST = "http://fakebox"
SERVER_MAP = {
    "https://upload.box.com/api/2.0": f"{HOST}/api/2.0",
    "https://api.box.com/2.0": f"{HOST}/2.0",
    "https://api.box.com": HOST,
}


@dataclass
class _Request:
    path: str
    method: str
    body: bytes | None
    content_type: str
    parameters: RequestParameters
    host_url: str = HOST


@dataclass
class _Response:
    status_code: int
    content_type: str
    headers: Headers
    data: bytes | None


@dataclass
class Problem:
    field: str
    message: str


@dataclass
class SpecValidator:
    spec_path: Path = SPEC_PATH
    media_types: dict[str, list[str]] = field(init=False)

    def __post_init__(self) -> None:
        raw = json.loads(self.spec_path.read_text())
        spec = _adapt(raw)
        schema = SchemaPath.from_dict(spec)
        self._request = V30RequestValidator(schema)
        self._params = V30RequestParametersValidator(schema)
        self._security = V30RequestSecurityValidator(schema)
        self._response = V30ResponseValidator(schema)
        self._response_headers = V30ResponseHeadersValidator(schema)
        operations = [op for item in spec["paths"].values() for op in item.values()]
        self.media_types = {op["operationId"]: list(op.get("requestBody", {}).get("content", {})) for op in operations}
        # openapi-core reads only the first of repeated values, so it cannot see a list sent exploded
        # (name=a&name=b) where the spec wants one comma-separated value (explode: false).
        self.unexploded = {
            op["operationId"]: {
                p["name"]
                for p in op.get("parameters", [])
                if p.get("in") == "query" and p.get("explode") is False and p.get("schema", {}).get("type") == "array"
            }
            for op in operations
        }

    def check_request(
        self,
        operation: str,
        *,
        method: str,
        path: str,
        query: Iterable[tuple[str, str]],
        headers: Mapping[str, str],
        content_type: str,
        body: bytes | None,
        binary: bool = False,
    ) -> list[Problem]:
        query = list(query)
        request = _Request(path, method.lower(), body, content_type, _parameters(query, headers))
        problems: list[Problem] = []
        if binary:
            errors: list[Exception] = [*self._security.iter_errors(request), *self._params.iter_errors(request)]
            declared = self.media_types.get(operation, [])
            if declared and content_type.split(";", maxsplit=1)[0].strip().lower() not in declared:
                problems.append(Problem("header Content-Type", f"{content_type!r} is not one of {declared}"))
        else:
            errors = list(self._request.iter_errors(request))
        problems.extend(_explain(exc) for exc in errors)
        names = [name for name, _value in query]
        for name in sorted(self.unexploded.get(operation, set())):
            if names.count(name) > 1:
                problems.append(
                    Problem(f"query parameter {name!r}", "sent repeated; the spec wants one comma-separated value")
                )
        return problems

    def check_response(
        self,
        *,
        method: str,
        path: str,
        query: Iterable[tuple[str, str]],
        request_headers: Mapping[str, str],
        status: int,
        headers: Mapping[str, str],
        body: bytes | None,
        binary: bool = False,
    ) -> list[Problem]:
        request = _Request(path, method.lower(), None, "", _parameters(query, request_headers))
        content_type = headers.get("content-type", "")
        response = _Response(status, content_type, Headers(list(headers.items())), body)
        validator = self._response_headers if binary else self._response
        return [_explain(exc) for exc in validator.iter_errors(request, response)]


def nulls_dropped(raw: bytes, within: str | None = None) -> bytes:
    """A JSON object as Box reads file attributes: a null member is one not given (the legacy SDK sends
    ``"content_created_at": null``, real Box accepts it), so the spec is checked without them. ``within``: drop
    them from that member object only (a commit's ``attributes``)."""
    try:
        value = json.loads(raw)
    except ValueError:
        return raw
    target = value.get(within) if within is not None and isinstance(value, dict) else value
    if not isinstance(target, dict) or None not in target.values():
        return raw
    kept = {k: v for k, v in target.items() if v is not None}
    return json.dumps(value | {within: kept} if within is not None else kept).encode()


def _adapt(raw: dict[str, Any]) -> dict[str, Any]:
    spec = copy.deepcopy(raw)
    spec["servers"] = [{"url": SERVER_MAP[s["url"]]} for s in spec.get("servers", [])]
    for item in spec["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and "servers" in op:
                op["servers"] = [{"url": SERVER_MAP[s["url"]]} for s in op["servers"]]
    spec["components"]["securitySchemes"] = {"OAuth2Security": {"type": "http", "scheme": "bearer"}}
    return spec


def _parameters(query: Iterable[tuple[str, str]], headers: Mapping[str, str]) -> RequestParameters:
    return RequestParameters(query=ImmutableMultiDict(list(query)), header=Headers(list(headers.items())))


_FIXED = {
    "MissingRequiredRequestBody": ("body", "required but missing"),
    "MissingData": ("body", "the declared response body is missing"),
}


def _explain(exc: Exception) -> Problem:
    """Turn an openapi-core error into the field it concerns and a one-line reason."""
    name = type(exc).__name__
    cause = exc.__cause__
    schema_errors = getattr(cause, "schema_errors", None)
    if isinstance(exc, ParameterValidationError):
        where = f"{exc.location} parameter {exc.name!r}"
        reason = "required but missing" if isinstance(exc, MissingRequiredParameter) else None
        problem = Problem(where, reason or _schema_text(schema_errors) or str(cause or exc))
    elif schema_errors:
        fields = ", ".join(sorted({_path(e) for e in schema_errors}))
        problem = Problem(f"body {fields}", _schema_text(schema_errors))
    elif isinstance(cause, MediaTypeNotFound) or isinstance(exc, MediaTypeNotFound):
        problem = Problem("header Content-Type", str(cause or exc))
    elif isinstance(exc, SecurityValidationError):
        problem = Problem("header Authorization", "no bearer credentials (the spec requires OAuth2Security)")
    elif name in _FIXED:
        problem = Problem(*_FIXED[name])
    elif name == "ResponseNotFound":
        problem = Problem("status", str(exc))
    else:
        header = getattr(exc, "name", None)
        problem = Problem(f"header {header!r}" if "Header" in name and header else name, str(cause or exc))
    return problem


def _path(error: Any) -> str:
    parts = [str(p) for p in getattr(error, "absolute_path", [])]
    if getattr(error, "validator", None) == "required":
        missing = str(error.message).split("'")[1] if "'" in str(error.message) else "?"
        parts.append(missing)
    return ".".join(parts) or "(root)"


def _schema_text(errors: Any) -> str:
    if not errors:
        return ""
    return "; ".join(f"{_path(e)}: {e.message}" for e in errors)
