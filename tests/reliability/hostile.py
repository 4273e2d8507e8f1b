"""A scriptable in-memory Box behind httpx.MockTransport: honest by default, hostile where a test says so.

The honest part never crashes on odd requests (it answers 400 instead) and its commit checks every listed part
against the bytes it holds, so an upload that "succeeds" here really delivered the file. ``Hostile.mutations`` maps
an operation to a function that turns the honest answer into an adversarial one. Every request is recorded with
its host and whether it carried the Authorization header.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

UPLOAD = "https://upload.box.com/api/2.0"
API = "https://api.box.com/2.0"
Mutation = Callable[[httpx.Request, httpx.Response, int], httpx.Response]  # (request, honest answer, n-th call)


def error(status: int, code: str, **context: Any) -> httpx.Response:
    body = {"type": "error", "status": status, "code": code, "message": code, "request_id": "r1"}
    if context:
        body["context_info"] = context
    return httpx.Response(status, json=body)


@dataclass
class Seen:
    method: str
    url: str
    host: str
    authorization: str | None
    op: str | None


@dataclass
class Hostile:
    part_size: int = 1024
    mutations: dict[str, Mutation] = field(default_factory=dict)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=lambda: {"12345": b"old"})
    seen: list[Seen] = field(default_factory=list)
    calls: dict[str, int] = field(default_factory=dict)

    ROUTES = (
        ("create", "POST", r"/api/2\.0/files/upload_sessions$"),
        ("create_version", "POST", r"/api/2\.0/files/(?P<fid>\d+)/upload_sessions$"),
        ("part", "PUT", r"/files/upload_sessions/(?P<sid>[^/]+)$"),
        ("status", "GET", r"/files/upload_sessions/(?P<sid>[^/]+)$"),
        ("abort", "DELETE", r"/files/upload_sessions/(?P<sid>[^/]+)$"),
        ("list", "GET", r"/files/upload_sessions/(?P<sid>[^/]+)/parts$"),
        ("plan", "POST", r"/files/upload_sessions/(?P<sid>[^/]+)/plan$"),
        ("commit", "POST", r"/files/upload_sessions/(?P<sid>[^/]+)/commit$"),
        ("direct", "POST", r"/api/2\.0/files/content$"),
        ("direct_version", "POST", r"/api/2\.0/files/(?P<fid>\d+)/content$"),
    )

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def count(self, op: str) -> int:
        return self.calls.get(op, 0)

    async def handle(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        op, match = self._route(request)
        self.seen.append(
            Seen(request.method, str(request.url), request.url.host, request.headers.get("authorization"), op)
        )
        if op is None or match is None:
            return error(404, "not_found")
        self.calls[op] = self.calls.get(op, 0) + 1
        try:
            honest = getattr(self, f"_{op}")(request, match)
        except (KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
            honest = error(400, "bad_request", reason=f"{type(exc).__name__}")
        mutate = self.mutations.get(op)
        return mutate(request, honest, self.calls[op]) if mutate else honest

    def _route(self, request: httpx.Request) -> tuple[str | None, re.Match[str] | None]:
        for op, method, pattern in self.ROUTES:
            match = re.search(pattern, request.url.path)
            if match and method == request.method:
                return op, match
        return None, None

    # --- the honest server ---------------------------------------------------------------------------------------

    def session_json(self, sid: str) -> dict[str, Any]:
        s = self.sessions[sid]
        base = f"{UPLOAD}/files/upload_sessions/{sid}"
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
                "commit": f"{base}/commit",
                "list_parts": f"{base}/parts",
                "plan": f"{base}/plan",
            },
        }

    def _create(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        body = json.loads(request.content)
        size = int(body["file_size"])
        sid = f"S{len(self.sessions) + 1:031X}"
        self.sessions[sid] = {
            "size": size,
            "total": -(-size // self.part_size),
            "parts": {},
            "data": {},
            "file_id": match.groupdict().get("fid"),
            "name": body.get("file_name"),
            "committed": False,
        }
        return httpx.Response(201, json=self.session_json(sid))

    _create_version = _create

    def _session(self, match: re.Match[str]) -> dict[str, Any] | None:
        return self.sessions.get(match["sid"])

    def _status(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        return httpx.Response(200, json=self.session_json(match["sid"])) if self._session(match) else error(404, "nf")

    def _abort(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        self.sessions.pop(match["sid"], None)
        return httpx.Response(204)

    def _part(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        s = self._session(match)
        if s is None:
            return error(404, "not_found")
        found = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+)", request.headers.get("content-range", ""))
        if not found:
            return error(400, "bad_request")
        first, last, total = (int(g) for g in found.groups())
        data = request.content
        if total != s["size"] or len(data) != last - first + 1 or first % self.part_size:
            return error(416, "range_not_satisfiable")
        sha1 = hashlib.sha1(data)
        if request.headers.get("digest") != "sha=" + base64.b64encode(sha1.digest()).decode():
            return error(400, "digest_mismatch")
        if first in s["parts"]:
            return error(416, "range_overlaps_existing_part", conflicting_part=s["parts"][first])
        record = {"part_id": f"{first // self.part_size + 1:08X}", "offset": first, "size": len(data),
                  "sha1": sha1.hexdigest()}  # fmt: skip
        s["parts"][first] = record
        s["data"][first] = data
        return httpx.Response(200, json={"part": record})

    def _list(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        s = self._session(match)
        if s is None:
            return error(404, "not_found")
        entries = [s["parts"][k] for k in sorted(s["parts"])]
        return httpx.Response(200, json={"total_count": len(entries), "entries": entries, "offset": 0, "limit": 1000})

    def _plan(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        asked = json.loads(request.content)["parts"]
        return httpx.Response(200, json={"upload_session_id": match["sid"], "hits": [], "misses": asked})

    def _commit(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        s = self._session(match)
        if s is None:
            return error(404, "not_found")
        listed = json.loads(request.content)["parts"]
        position, chunks = 0, []
        for item in listed:
            stored = s["parts"].get(item["offset"])
            if stored is None or stored["part_id"] != item["part_id"] or item["offset"] != position:
                return error(400, "parts_mismatch")
            if item.get("sha1", stored["sha1"]) != stored["sha1"] or item["size"] != stored["size"]:
                return error(400, "parts_mismatch")
            chunks.append(s["data"][item["offset"]])
            position += stored["size"]
        data = b"".join(chunks)
        digest = "sha=" + base64.b64encode(hashlib.sha1(data).digest()).decode()
        if position != s["size"] or request.headers.get("digest") != digest:
            return error(400, "digest_mismatch")
        file_id = s["file_id"] or "999"
        self.files[file_id] = data
        s["committed"] = True
        return httpx.Response(201, json={"total_count": 1, "entries": [self._file(file_id, s["name"], data)]})

    @staticmethod
    def _file(file_id: str, name: str | None, data: bytes) -> dict[str, Any]:
        sha1 = hashlib.sha1(data).hexdigest()
        version = {"type": "file_version", "id": "7"}
        return {"type": "file", "id": file_id, "name": name or "x", "size": len(data), "etag": "1", "sha1": sha1,
                "file_version": version}  # fmt: skip

    def _direct(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        # The multipart body: the file is the last part; good enough to check the bytes arrived whole.
        boundary = request.headers["content-type"].split("boundary=")[1].encode()
        parts = request.content.split(b"--" + boundary)
        payload = parts[-2].split(b"\r\n\r\n", 1)[1][:-2]
        file_id = match.groupdict().get("fid") or "998"
        self.files[file_id] = payload
        return httpx.Response(201, json={"total_count": 1, "entries": [self._file(file_id, "x", payload)]})

    _direct_version = _direct


# --- building blocks for adversarial answers ----------------------------------------------------------------------


def body_of(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content) if response.content else None
    except ValueError:
        return None


def with_json(response: httpx.Response, body: Any, status: int | None = None) -> httpx.Response:
    return httpx.Response(status or response.status_code, content=json.dumps(body).encode(),
                          headers={"content-type": "application/json"})  # fmt: skip


class BrokenStream(httpx.AsyncByteStream):
    """A body that delivers some bytes, then fails as a dropped connection would."""

    def __init__(self, first: bytes) -> None:
        self.first = first

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.first
        raise httpx.ReadError("connection dropped mid-body")
