"""Schemathesis against the emulator, to keep it honest about the spec it validates (openapi/box-uploads.json).

The spec puts each operation on its own server (api.box.com/2.0, upload.box.com/api/2.0, api.box.com); the emulator
serves all three under one address, so the paths are prefixed with their server's path and the schema gets one base
URL. Only schema-valid requests are generated (the emulator records invalid ones as violations, on purpose), with
the static token. The checks are those about answers: no 5xx, documented status codes, content types, headers and
bodies that match the schema.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fakebox.handle import FakeBox
from tests.reliability.profile import current
from tests.reliability.results import Results

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "box-uploads.json"
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
_NAMES = itertools.count(1)
SEEN: Counter[str] = Counter()
FAILURES: dict[str, str] = {}
DISAGREEMENTS: dict[str, str] = {}  # schema-valid to schemathesis, refused by the emulator's request validator


def one_server(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with every operation's server path folded into its path, under one placeholder server."""
    paths: dict[str, dict[str, Any]] = {}
    for path, item in spec["paths"].items():
        shared = {k: v for k, v in item.items() if k not in METHODS and k != "servers"}
        for method, operation in item.items():
            if method not in METHODS:
                continue
            server = (operation.get("servers") or item.get("servers") or spec["servers"])[0]["url"]
            prefixed = urlsplit(server).path.rstrip("/") + path
            paths.setdefault(prefixed, dict(shared))[method] = {k: v for k, v in operation.items() if k != "servers"}
    return {**spec, "paths": paths, "servers": [{"url": "http://127.0.0.1"}]}


schema = schemathesis.openapi.from_dict(one_server(json.loads(SPEC.read_text())))
schema.config.generation.update(modes=[GenerationMode.POSITIVE], max_examples=current().schemathesis_examples)


@pytest.fixture(scope="module")
def report(results: Results) -> Iterator[None]:
    yield
    lines = [
        f"Schemathesis {version('schemathesis')}, positive (schema-valid) requests only, "
        f"{current().schemathesis_examples} examples per operation, checks: "
        + ", ".join(c.__name__ for c in CHECKS)
        + ".",
        "",
        "| operation | requests | result |",
        "|---|---|---|",
        *(f"| {op} | {n} | {FAILURES.get(op, 'ok')} |" for op, n in sorted(SEEN.items())),
    ]
    lines += [
        "",
        "The spec declares `Content-Length` on `upload_part` as a plain integer (no `minimum`), so schemathesis forges "
        "any value, negative ones included; uvicorn refuses such a message with a text/plain 400 before the emulator "
        "sees it (found by the first full run). The test lets the HTTP client compute Content-Length.",
    ]
    if DISAGREEMENTS:
        lines += [
            "",
            "Requests schemathesis generated as schema-valid that the emulator's validator (openapi-core) refused; "
            "these are disagreements about the spec, not emulator answers:",
            "",
            *(f"- {op}: {text}" for op, text in sorted(DISAGREEMENTS.items())),
        ]
    results.add_section("Schemathesis against the emulator", lines)


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_the_emulator_answers_as_the_spec_says(case: Any, fakebox: FakeBox, report: None) -> None:
    operation = case.operation.definition.raw.get("operationId", case.operation.label)
    SEEN[operation] += 1
    auth = {"Authorization": f"Bearer {fakebox.token}"}
    # Real ids, so the emulator answers from its happy paths too, not only 404 for an id it never issued.
    params = case.path_parameters or {}
    if "upload_session_id" in params:
        params["upload_session_id"] = _open_session(fakebox, auth)
    if "file_id" in params:
        params["file_id"] = fakebox.seed_file_id
    # Content-Length frames the HTTP message: the spec lists it on upload_part as a plain integer, so schemathesis
    # forges any value (even negative) and the HTTP layer (uvicorn) refuses the message before the emulator sees it.
    # Let the HTTP client compute it from the body; the emulator's own length checks have their tests in tests/.
    for name in [h for h in (case.headers or {}) if h.lower() == "content-length"]:
        del case.headers[name]
    response = case.call(base_url=fakebox.base_url, headers=auth, timeout=30)
    try:
        case.validate_response(response, checks=CHECKS)
    except Exception as exc:
        FAILURES.setdefault(operation, " ".join(str(exc).split())[:300])
        raise
    finally:
        _sort_violations(fakebox, operation)


def _open_session(box: FakeBox, auth: dict[str, str]) -> str:
    body = {"folder_id": "0", "file_size": 2 * 1024 * 1024, "file_name": f"st-{next(_NAMES)}.bin"}
    answer = httpx.post(f"{box.upload_url}/files/upload_sessions", json=body, headers=auth, timeout=30)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def _sort_violations(box: FakeBox, operation: str) -> None:
    """Request-side complaints are recorded as disagreements; anything about the emulator's own answers (or an
    emulator crash) is left for the fixture, which fails the test with it."""
    found = box.violations
    requests = [v for v in found if v["direction"] == "request"]
    if requests and len(requests) == len(found):
        DISAGREEMENTS.setdefault(operation, requests[0]["text"])
        box.clear_violations()
