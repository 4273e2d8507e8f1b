"""The test-side handle: steers and inspects one emulator through its admin API over HTTP.

Because it only speaks HTTP, the same handle drives an emulator on a pytest thread, in a subprocess started by a
CLI test or a benchmark, or one a person started by hand: ``FakeBox("http://127.0.0.1:PORT")``.
"""

from __future__ import annotations

import contextlib
import ssl
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from .settings import TEST_MIN_CHUNKED_SIZE, TEST_PART_SIZE
from .state import CLIENT_ID, CLIENT_SECRET, SEED_FILE_ID, STATIC_TOKEN

# What the per-test fixture resets to: small sizes so a multi-part upload takes a few MiB.
TEST_SETTINGS: dict[str, Any] = {"min_chunked_size": TEST_MIN_CHUNKED_SIZE, "part_size": TEST_PART_SIZE}


class FakeBoxError(RuntimeError):
    """The admin API refused a request (a bad setting, an unknown fault field...)."""


class FakeBox:
    token = STATIC_TOKEN
    client_id = CLIENT_ID
    client_secret = CLIENT_SECRET
    seed_file_id = SEED_FILE_ID
    root_folder_id = "0"

    def __init__(
        self, base_url: str, *, timeout: float = 30.0, uds: Path | None = None, verify: Path | bool = True
    ) -> None:
        """``uds``: reach the emulator through its Unix socket (one inside a network namespace); ``verify``: the
        CA file of an emulator serving TLS."""
        self.base_url = base_url.rstrip("/")
        self.api_url = f"{self.base_url}/2.0"
        self.upload_url = f"{self.base_url}/api/2.0"
        self.oauth_url = f"{self.base_url}/oauth2/token"
        ssl_verify = ssl.create_default_context(cafile=str(verify)) if isinstance(verify, Path) else verify
        transport = httpx.HTTPTransport(uds=str(uds), verify=ssl_verify) if uds is not None else None
        self._http = httpx.Client(
            base_url=f"{self.base_url}/_admin", timeout=timeout, transport=transport, verify=ssl_verify
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> FakeBox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._http.request(method, path, **kwargs)
        if response.status_code >= 400:
            raise FakeBoxError(f"{method} /_admin{path}: {response.status_code} {response.text}")
        return response.json()

    # --- settings ---
    def reset(self, **settings: Any) -> dict[str, Any]:
        """Back to the seed (folder 0, file 12345), no faults, empty logs, default settings plus ``settings``."""
        return dict(self._call("POST", "/reset", json=settings)["settings"])

    def configure(self, **settings: Any) -> dict[str, Any]:
        """Change settings (see tests/fakebox/settings.py); sizes may be strings like "8MiB"."""
        return dict(self._call("PATCH", "/settings", json=settings))

    @property
    def settings(self) -> dict[str, Any]:
        return dict(self._call("GET", "/settings"))

    @property
    def min_chunked_size(self) -> int:
        return int(self.settings["min_chunked_size"])

    @property
    def part_size(self) -> int | None:
        """The fixed part size, or None when Box's tiers pick it from the file size."""
        value = self.settings["part_size"]
        return None if value is None else int(value)

    def use_real_sizes(self) -> None:
        """Box's real 20 MiB chunked minimum and tiered part sizes (8 MiB below 1 GiB)."""
        self.configure(min_chunked_size=20 * 1024 * 1024, part_size=None)

    def wan(self, latency: float = 0.04, bandwidth: int | str | None = "12MiB", total: int | str | None = None) -> None:
        """The WAN profile by default: 40 ms per request, 12 MiB/s per connection."""
        self.configure(latency=latency, bandwidth=bandwidth, total_bandwidth=total)

    # --- faults ---
    def inject(
        self,
        action: str = "status",
        *,
        path: str = ".*",
        method: str | None = None,
        operation: str | None = None,
        status: int = 500,
        code: str | None = None,
        message: str | None = None,
        retry_after: int | str | None = None,
        delay: float = 0.0,
        after_bytes: int = 65536,
        raw_body: str | None = None,
        location: str | None = None,
        nth: int | None = None,
        every: int | None = None,
        probability: float | None = None,
        seed: int = 0,
        times: int | None = None,
    ) -> str:
        """Add a fault rule (see tests/fakebox/faults.py) and return its id; ``counters["faults_fired"][id]``."""
        spec = {
            "action": action,
            "path": path,
            "method": method,
            "operation": operation,
            "status": status,
            "code": code,
            "message": message,
            "retry_after": retry_after,
            "delay": delay,
            "after_bytes": after_bytes,
            "raw_body": raw_body,
            "location": location,
            "nth": nth,
            "every": every,
            "probability": probability,
            "seed": seed,
            "times": times,
        }
        return str(self._call("POST", "/faults", json=spec)["id"])

    def faults(self) -> list[dict[str, Any]]:
        return list(self._call("GET", "/faults"))

    def clear_faults(self) -> None:
        self._call("DELETE", "/faults")

    # --- what happened ---
    @property
    def requests(self) -> list[dict[str, Any]]:
        """The request log, oldest first: operation, method, path, status, authorization, bytes_in, headers..."""
        return list(self._call("GET", "/requests"))

    def requests_for(self, operation: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["operation"] == operation]

    def clear_requests(self) -> None:
        self._call("DELETE", "/requests")

    @property
    def counters(self) -> dict[str, Any]:
        """requests[op][status or outcome] (counted when answered), requests_started[op] (counted on arrival),
        bytes_in[op], max_concurrent_part_uploads, part_uploads_in_flight, faults_fired[id], ..."""
        return dict(self._call("GET", "/counters"))

    def count(self, operation: str, status: int | None = None) -> int:
        """Requests for an operation: all that arrived (in flight included), or those answered with ``status``."""
        counters = self.counters
        if status is None:
            return int(counters["requests_started"].get(operation, 0))
        return int(counters["requests"].get(operation, {}).get(str(status), 0))

    @property
    def violations(self) -> list[dict[str, Any]]:
        """Spec mismatches seen so far; the fixture fails the test if any are left at teardown."""
        return list(self._call("GET", "/violations"))

    def clear_violations(self) -> None:
        self._call("DELETE", "/violations", params={"after": 0})

    @contextlib.contextmanager
    def expect_violations(self, *fragments: str) -> Iterator[list[dict[str, Any]]]:
        """For a test that breaks the spec on purpose: the block must cause a violation matching every fragment,
        and the violations it caused are then forgiven."""
        before = self.violations
        mark = before[-1]["seq"] if before else 0
        caught: list[dict[str, Any]] = []
        yield caught
        caught.extend(v for v in self.violations if v["seq"] > mark)
        self._call("DELETE", "/violations", params={"after": mark})
        if not caught:
            raise AssertionError("expected a spec violation, saw none")
        texts = [v["text"] for v in caught]
        for fragment in fragments:
            if not any(fragment in text for text in texts):
                raise AssertionError(f"no violation mentions {fragment!r}: {texts}")

    # --- sessions, files, tokens ---
    @property
    def sessions(self) -> list[dict[str, Any]]:
        return list(self._call("GET", "/sessions"))

    def session(self, session_id: str) -> dict[str, Any]:
        return dict(self._call("GET", f"/sessions/{session_id}"))

    def settled_parts(self, session_id: str, timeout: float = 30.0) -> int:
        """How many parts the session holds once the emulator has stored whatever a dead client left in flight.

        A killed client's last part uploads can still be arriving (their bytes sit in socket buffers and the
        bandwidth cap keeps draining them), so wait until no part upload is in flight and the count holds twice,
        half a second apart: a request whose bytes had not yet reached the handler at the first look has had
        time to arrive."""
        deadline = time.monotonic() + timeout
        seen = -1
        while time.monotonic() < deadline:
            while self.counters["part_uploads_in_flight"] and time.monotonic() < deadline:
                time.sleep(0.1)
            held = len(self.session(session_id)["parts"])
            if held == seen:
                return held
            seen = held
            time.sleep(0.5)
        return seen

    def expire_session(self, session_id: str) -> None:
        self._call("POST", f"/sessions/{session_id}/expire")

    def file_info(self, file_id: str) -> dict[str, Any]:
        """id, name, folder_id, size, sha1, etag, versions and the Box JSON ("file") of a stored file."""
        return dict(self._call("GET", f"/files/{file_id}"))

    def find_file(self, name: str, folder_id: str = "0") -> dict[str, Any]:
        """Like ``file_info``, for the file of that name in the folder (FakeBoxError if there is none)."""
        return dict(self._call("GET", "/files", params={"name": name, "folder_id": folder_id}))

    def file_sha1(self, file_id: str) -> str:
        return str(self.file_info(file_id)["sha1"])

    def file_path(self, file_id: str) -> Path:
        """The current version as one file on disk (same machine only; assembled on first ask if need be)."""
        return Path(self._call("GET", f"/files/{file_id}/path")["path"])

    def file_bytes(self, file_id: str) -> bytes:
        response = self._http.get(f"/files/{file_id}/content")
        if response.status_code != 200:
            raise FakeBoxError(f"file {file_id}: {response.status_code} {response.text}")
        return response.content

    def iter_file_bytes(self, file_id: str, block: int) -> Iterator[bytes]:
        """The current version's bytes, streamed in blocks (a 1 GiB file is not held in memory to check it)."""
        with self._http.stream("GET", f"/files/{file_id}/content", timeout=120.0) as response:
            if response.status_code != 200:
                raise FakeBoxError(f"file {file_id}: {response.status_code} {response.read().decode(errors='replace')}")
            yield from response.iter_bytes(block)

    def add_file(self, name: str, data: bytes | Path, folder_id: str = "0") -> str:
        """Store a file directly (no upload rules), e.g. a big previous version to dedup against."""
        content: Any = data.open("rb") if isinstance(data, Path) else data
        try:
            info = self._call("POST", "/files", params={"name": name, "folder_id": folder_id}, content=content)
        finally:
            if isinstance(data, Path):
                content.close()
        return str(info["id"])

    def add_folder(self, name: str, parent_id: str = "0") -> str:
        return str(self._call("POST", "/folders", json={"name": name, "parent_id": parent_id})["id"])

    def issue_token(self, *, lifetime: float | None = None, refresh: bool = False) -> dict[str, Any]:
        """A token response as /oauth2/token would give (with a refresh token if asked)."""
        return dict(self._call("POST", "/tokens", json={"lifetime": lifetime, "refresh": refresh}))

    def expire_tokens(self) -> None:
        """Every issued access token expires now (the static fakebox-token never does)."""
        self._call("POST", "/tokens/expire")

    # --- enterprise identity (tests/fakebox/identity.py) ---
    def jwt_config(
        self, client_id: str = "fakebox-jwt-app", *, passphrase: str | None = "fakebox-pass"
    ) -> dict[str, Any]:
        """The Developer Console's config.json for a seeded JWT app (private key encrypted with ``passphrase``)."""
        return dict(self._call("GET", f"/jwt/{client_id}/config", params={"passphrase": passphrase or ""}))

    @property
    def managed_users(self) -> dict[str, str]:
        """Managed user id -> the id of their own root folder (what they call folder 0)."""
        return {u["id"]: u["root_folder_id"] for u in self._call("GET", "/users")}

    def is_up(self) -> bool:
        try:
            return bool(self._call("GET", "/health")["ok"])
        except (httpx.HTTPError, FakeBoxError):
            return False
