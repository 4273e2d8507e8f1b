"""A small in-memory Box behind httpx.MockTransport, for unit tests of the engine's policies.

It implements the happy path of each chunked-upload call; a test replaces any operation's answer with
``box.override(op, fn)`` to play a hostile or failing server. The real emulator (tests/fakebox) is for integration.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

import httpx

HOST = "https://upload.box.com/api/2.0"
API = "https://api.box.com/2.0"
Handler = Callable[[httpx.Request, re.Match[str]], httpx.Response]


def error(status: int, code: str, **context: Any) -> httpx.Response:
    body = {
        "type": "error",
        "status": status,
        "code": code,
        "message": code.replace("_", " "),
        "request_id": "req123",
        "context_info": context or None,
    }
    return httpx.Response(status, json=body)


class MockBox:
    def __init__(self, part_size: int = 1024, commit_202s: int = 0) -> None:
        self.part_size = part_size
        self.commit_202s = commit_202s
        self.sessions: dict[str, dict[str, Any]] = {}
        self.files: dict[str, bytes] = {"12345": b"old"}
        self.log: list[tuple[str, str, str | None]] = []  # method, url, authorization
        self.overrides: dict[str, Handler] = {}
        self.aborted: list[str] = []
        self.routes: list[tuple[str, str, str, Handler]] = [
            ("create", "POST", r"/api/2\.0/files/upload_sessions$", self.create),
            ("create_version", "POST", r"/api/2\.0/files/(?P<fid>\d+)/upload_sessions$", self.create),
            ("part", "PUT", r"/api/2\.0/files/upload_sessions/(?P<sid>\w+)$", self.part),
            ("status", "GET", r"/api/2\.0/files/upload_sessions/(?P<sid>\w+)$", self.status),
            ("abort", "DELETE", r"/api/2\.0/files/upload_sessions/(?P<sid>\w+)$", self.abort),
            ("list", "GET", r"/api/2\.0/files/upload_sessions/(?P<sid>\w+)/parts$", self.list_parts),
            ("plan", "POST", r"/api/2\.0/files/upload_sessions/(?P<sid>\w+)/plan$", self.plan),
            ("commit", "POST", r"/api/2\.0/files/upload_sessions/(?P<sid>\w+)/commit$", self.commit),
        ]

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def override(self, op: str, fn: Handler) -> None:
        self.overrides[op] = fn

    def count(self, op: str) -> int:
        return sum(1 for method, url, _ in self.log if self._op(method, httpx.URL(url).path) == op)

    def _op(self, method: str, path: str) -> str | None:
        for op, m, pattern, _ in self.routes:
            if m == method and re.search(pattern, path):
                return op
        return None

    async def handle(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self.log.append((request.method, str(request.url), request.headers.get("authorization")))
        for op, method, pattern, fn in self.routes:
            match = re.search(pattern, request.url.path)
            if method == request.method and match:
                return self.overrides.get(op, fn)(request, match)
        return error(404, "not_found")

    def session_json(self, sid: str) -> dict[str, Any]:
        s = self.sessions[sid]
        base = f"{HOST}/files/upload_sessions/{sid}"
        return {
            "type": "upload_session",
            "id": sid,
            "part_size": self.part_size,
            "total_parts": s["total"],
            "num_parts_processed": len(s["parts"]),
            "session_expires_at": "2099-01-01T00:00:00Z",
            "session_endpoints": {
                "upload_part": base,
                "status": base,
                "abort": base,
                "commit": base + "/commit",
                "list_parts": base + "/parts",
                "plan": base + "/plan",
            },
        }

    def create(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        body = json.loads(request.content)
        sid = f"S{len(self.sessions) + 1:031X}"
        size = body["file_size"]
        self.sessions[sid] = {
            "size": size,
            "total": -(-size // self.part_size),
            "parts": {},
            "commits": 0,
            "file_id": match.groupdict().get("fid"),
            "name": body.get("file_name"),
        }
        return httpx.Response(201, json=self.session_json(sid))

    def status(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        sid = match["sid"]
        return httpx.Response(200, json=self.session_json(sid)) if sid in self.sessions else error(404, "not_found")

    def abort(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        self.aborted.append(match["sid"])
        self.sessions.pop(match["sid"], None)
        return httpx.Response(204)

    def part(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        s = self.sessions[match["sid"]]
        first, last = map(int, re.match(r"bytes (\d+)-(\d+)/\d+", request.headers["content-range"]).groups())  # type: ignore[union-attr]
        data = request.content
        sha1 = hashlib.sha1(data)
        if request.headers["digest"] != "sha=" + base64.b64encode(sha1.digest()).decode():
            return error(400, "digest_mismatch")
        if first in s["parts"]:
            return error(416, "range_overlaps_existing_part", conflicting_part=s["parts"][first])
        record = {
            "part_id": f"{first // self.part_size:08X}",
            "offset": first,
            "size": last - first + 1,
            "sha1": sha1.hexdigest(),
        }
        s["parts"][first] = record
        s.setdefault("data", {})[first] = data
        return httpx.Response(200, json={"part": record})

    def list_parts(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        s = self.sessions[match["sid"]]
        entries = [s["parts"][k] for k in sorted(s["parts"])]
        return httpx.Response(200, json={"total_count": len(entries), "entries": entries, "offset": 0, "limit": 1000})

    def plan(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        asked = json.loads(request.content)["parts"]
        return httpx.Response(200, json={"upload_session_id": match["sid"], "hits": [], "misses": asked})

    def commit(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        s = self.sessions[match["sid"]]
        s["commits"] += 1
        if s["commits"] <= self.commit_202s:
            return httpx.Response(202, headers={"retry-after": "0"})
        data = b"".join(s["data"][k] for k in sorted(s["data"]))
        fid = s["file_id"] or "999"
        self.files[fid] = data
        entry = {
            "type": "file",
            "id": fid,
            "name": s["name"] or "x",
            "size": len(data),
            "etag": "1",
            "sha1": hashlib.sha1(data).hexdigest(),
            "file_version": {"type": "file_version", "id": "7"},
        }
        return httpx.Response(201, json={"total_count": 1, "entries": [entry]})
