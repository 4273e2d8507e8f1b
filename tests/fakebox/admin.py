"""The admin API under ``/_admin``: what a test, a benchmark or a person uses to steer and inspect the emulator.

No auth, no faults, no WAN, not logged: it is the control plane, not part of the emulated Box.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .files import segments_response
from .identity import config_json
from .oauth import issue
from .state import DEFAULT_USER, FileEntry, Folder, State, now
from .storage import write_stream


def _ok(body: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(body, status_code=status)


def _bad(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def _json(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw:
        return {}
    value = json.loads(raw)
    if not isinstance(value, dict):
        raise ValueError("the body must be a JSON object")
    return value


def routes(state: State) -> list[Route]:
    def guarded(fn: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            try:
                return await fn(request)
            except (ValueError, TypeError, KeyError) as exc:
                return _bad(str(exc))

        return endpoint

    async def health(request: Request) -> Response:
        return _ok({"ok": True, "generation": state.generation})

    async def reset(request: Request) -> Response:
        state.reset(await _json(request))
        return _ok({"settings": state.settings.to_json()})

    async def settings(request: Request) -> Response:
        if request.method == "PATCH":
            state.settings.update(await _json(request))
        return _ok(state.settings.to_json())

    async def faults(request: Request) -> Response:
        if request.method == "POST":
            return _ok(state.faults.add(await _json(request)).to_json(), 201)
        if request.method == "DELETE":
            state.faults.clear()
        return _ok([r.to_json() for r in state.faults.rules])

    async def requests(request: Request) -> Response:
        if request.method == "DELETE":
            state.telemetry.log.clear()
        return _ok([r.to_json() for r in state.telemetry.log])

    async def counters(request: Request) -> Response:
        return _ok(state.telemetry.counters())

    async def violations(request: Request) -> Response:
        telemetry = state.telemetry
        if request.method == "DELETE":
            after = int(request.query_params.get("after", "0"))
            telemetry.violations = [v for v in telemetry.violations if v.seq <= after]
        return _ok([v.to_json() for v in telemetry.violations])

    async def sessions(request: Request) -> Response:
        return _ok([s.summary() for s in state.sessions.values()])

    async def session(request: Request) -> Response:
        found = state.sessions.get(request.path_params["session_id"])
        return _ok(found.summary()) if found else _bad("no such session", 404)

    async def expire_session(request: Request) -> Response:
        found = state.sessions.get(request.path_params["session_id"])
        if found is None:
            return _bad("no such session", 404)
        found.expires_at = now() - 1
        return _ok(found.summary())

    def _file_info(entry: FileEntry) -> dict[str, Any]:
        return {
            "id": entry.id,
            "name": entry.name,
            "folder_id": entry.folder_id,
            "size": entry.current.size,
            "sha1": entry.current.sha1,
            "etag": str(entry.etag),
            "versions": [{"id": v.id, "sha1": v.sha1, "size": v.size} for v in entry.versions],
            "file": state.file_json(entry),
        }

    async def file(request: Request) -> Response:
        entry = state.files.get(request.path_params["file_id"])
        return _ok(_file_info(entry)) if entry else _bad("no such file", 404)

    async def file_content(request: Request) -> Response:
        entry = state.files.get(request.path_params["file_id"])
        if entry is None:
            return _bad("no such file", 404)
        return segments_response(entry.current.segments, entry.current.size)

    async def file_path(request: Request) -> Response:
        entry = state.files.get(request.path_params["file_id"])
        if entry is None:
            return _bad("no such file", 404)
        path = await asyncio.to_thread(state.materialize, entry.current)
        return _ok({"path": str(path)})

    async def files(request: Request) -> Response:
        if request.method == "POST":
            return await add_file(request)
        folder_id = request.query_params.get("folder_id", "0")
        found = state.find_by_name(folder_id, request.query_params["name"])
        return _ok(_file_info(found)) if found else _bad("no such file", 404)

    async def add_file(request: Request) -> Response:
        name = request.query_params["name"]
        folder_id = request.query_params.get("folder_id", "0")
        if folder_id not in state.folders:
            return _bad("no such folder", 404)
        if state.find_by_name(folder_id, name) is not None:
            return _bad("a file of that name exists", 409)
        path = state.storage.incoming()
        sha1 = hashlib.sha1()
        size = await write_stream(request.stream(), path, [sha1])
        t = now()
        version = state.version_from_file(path, sha1.hexdigest(), size)
        entry = FileEntry(state.new_file_id(), name, folder_id, DEFAULT_USER, t, t, t, t, [version])
        state.files[entry.id] = entry
        return _ok(_file_info(entry), 201)

    async def add_folder(request: Request) -> Response:
        body = await _json(request)
        parent = str(body.get("parent_id", "0"))
        if parent not in state.folders:
            return _bad("no such parent folder", 404)
        folder = Folder(state.new_folder_id(), str(body["name"]), parent, owner_id=state.folders[parent].owner_id)
        state.folders[folder.id] = folder
        return _ok({"id": folder.id, "name": folder.name, "parent_id": parent}, 201)

    async def tokens(request: Request) -> Response:
        body = await _json(request)
        lifetime = body.get("lifetime")
        return _ok(issue(state, DEFAULT_USER, refresh=bool(body.get("refresh")), lifetime=lifetime), 201)

    async def jwt_config(request: Request) -> Response:
        passphrase = request.query_params.get("passphrase") or None
        return _ok(config_json(request.path_params["client_id"], passphrase))

    async def users(request: Request) -> Response:
        return _ok([{**state.users[uid].mini(), "root_folder_id": root} for uid, root in state.roots.items()])

    async def expire_tokens(request: Request) -> Response:
        for token in state.tokens.values():
            token.expires_at = now() - 1
        return _ok({"expired": len(state.tokens)})

    table: list[tuple[str, Callable[[Request], Awaitable[Response]], list[str]]] = [
        ("/health", health, ["GET"]),
        ("/reset", reset, ["POST"]),
        ("/settings", settings, ["GET", "PATCH"]),
        ("/faults", faults, ["GET", "POST", "DELETE"]),
        ("/requests", requests, ["GET", "DELETE"]),
        ("/counters", counters, ["GET"]),
        ("/violations", violations, ["GET", "DELETE"]),
        ("/sessions", sessions, ["GET"]),
        ("/sessions/{session_id}", session, ["GET"]),
        ("/sessions/{session_id}/expire", expire_session, ["POST"]),
        ("/files", files, ["GET", "POST"]),
        ("/files/{file_id}", file, ["GET"]),
        ("/files/{file_id}/content", file_content, ["GET"]),
        ("/files/{file_id}/path", file_path, ["GET"]),
        ("/folders", add_folder, ["POST"]),
        ("/tokens", tokens, ["POST"]),
        ("/tokens/expire", expire_tokens, ["POST"]),
        ("/jwt/{client_id}/config", jwt_config, ["GET"]),
        ("/users", users, ["GET"]),
    ]
    return [Route(path, guarded(fn), methods=methods) for path, fn, methods in table]
