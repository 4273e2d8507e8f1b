"""What tests assert on: a bounded request log, counters per operation and status, and spec violations."""

from __future__ import annotations

import itertools
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Any

# Request headers worth keeping in the log; the Authorization value never is, only whether it was there.
LOGGED_HEADERS = (
    "as-user",
    "content-length",
    "content-range",
    "content-type",
    "digest",
    "if-match",
    "if-none-match",
    "content-md5",
    "transfer-encoding",
    "user-agent",
)


@dataclass
class RequestRecord:
    seq: int
    operation: str
    method: str
    path: str
    query: str
    authorization: bool
    headers: dict[str, str]
    started: float
    status: int | None = None
    finished: float | None = None
    bytes_in: int = 0
    faults: list[str] = field(default_factory=list)
    outcome: str = "pending"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Violation:
    seq: int
    operation: str
    direction: str
    method: str
    path: str
    status: int | None
    field: str
    message: str

    @property
    def text(self) -> str:
        where = f"{self.direction} (status {self.status})" if self.direction == "response" else self.direction
        return f"{self.operation} {where}: {self.field}: {self.message} [{self.method.upper()} {self.path}]"

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"text": self.text}


class Telemetry:
    def __init__(self) -> None:
        self.reset(20000)

    def reset(self, log_limit: int) -> None:
        self._seq = itertools.count(1)
        self._violation_seq = itertools.count(1)
        self.log: deque[RequestRecord] = deque(maxlen=log_limit)
        self.by_status: dict[str, dict[str, int]] = {}
        self.started: dict[str, int] = {}
        self.bytes_in: dict[str, int] = {}
        self.without_auth = 0
        self.part_uploads_now = 0
        self.max_part_uploads = 0
        self.content_uploads_now = 0  # requests carrying file bytes: parts and direct uploads (new files, versions)
        self.max_content_uploads = 0
        self.faults_fired: dict[str, int] = {}
        self.violations: list[Violation] = []

    def start(self, operation: str, method: str, path: str, query: str, headers: dict[str, str]) -> RequestRecord:
        kept = {name: headers[name] for name in LOGGED_HEADERS if name in headers}
        record = RequestRecord(
            next(self._seq), operation, method, path, query, "authorization" in headers, kept, time.time()
        )
        self.started[operation] = self.started.get(operation, 0) + 1
        if not record.authorization:
            self.without_auth += 1
        self.log.append(record)
        return record

    def finish(self, record: RequestRecord, status: int | None, outcome: str) -> None:
        record.status = status
        record.outcome = outcome
        record.finished = time.time()
        key = str(status) if status is not None else outcome
        per_op = self.by_status.setdefault(record.operation, {})
        per_op[key] = per_op.get(key, 0) + 1

    def count_bytes(self, record: RequestRecord, n: int) -> None:
        record.bytes_in += n
        self.bytes_in[record.operation] = self.bytes_in.get(record.operation, 0) + n

    def part_upload_started(self) -> None:
        self.part_uploads_now += 1
        self.max_part_uploads = max(self.max_part_uploads, self.part_uploads_now)

    def part_upload_ended(self) -> None:
        self.part_uploads_now -= 1

    def content_upload_started(self) -> None:
        self.content_uploads_now += 1
        self.max_content_uploads = max(self.max_content_uploads, self.content_uploads_now)

    def content_upload_ended(self) -> None:
        self.content_uploads_now -= 1

    def fault_fired(self, rule_id: str, record: RequestRecord) -> None:
        self.faults_fired[rule_id] = self.faults_fired.get(rule_id, 0) + 1
        record.faults.append(rule_id)

    def violation(
        self, operation: str, *, direction: str, method: str, path: str, status: int | None, where: str, message: str
    ) -> None:
        self.violations.append(
            Violation(next(self._violation_seq), operation, direction, method, path, status, where, message)
        )

    def counters(self) -> dict[str, Any]:
        return {
            "requests": {op: dict(statuses) for op, statuses in self.by_status.items()},
            "requests_started": dict(self.started),
            "bytes_in": dict(self.bytes_in),
            "requests_without_authorization": self.without_auth,
            "part_uploads_in_flight": self.part_uploads_now,
            "max_concurrent_part_uploads": self.max_part_uploads,
            "max_concurrent_content_uploads": self.max_content_uploads,
            "faults_fired": dict(self.faults_fired),
            "violations": len(self.violations),
        }
