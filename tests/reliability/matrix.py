"""The fault matrix: every endpoint the engine calls x every fault class the emulator injects, one real upload per
cell, judged by what a user would see.

A cell is green when the outcome is the one PRODUCT.md promises ("Bars: faults"): a transient fault (injected once)
ends in identical bytes on Box; a fatal or persistent one in a ``boxup.BoxError`` with no orphan session and no
stale record, or in a resumable interruption whose ``resume`` then finishes with identical bytes. Every cell also
checks that no token or client secret reached an exception, the debug log, a progress message or a state file.
"""

from __future__ import annotations

import hashlib
import logging
import random
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boxup
import httpx
from boxup.gateway.tokens import TokenAnswer

from tests.fakebox.handle import FakeBox
from tests.reliability.harness import Hung, leaks, open_sessions, state_texts, within, write_random
from tests.reliability.results import Cell

KiB = 1024
PART = 256 * KiB  # the emulator's test part size (the fakebox fixture)
CHUNKED_SIZE = 7 * PART - 1000  # seven parts, the last one short
DIRECT_SIZE = 700 * KiB  # below the 1 MiB chunked minimum of the fixture
CELL_TIMEOUT = 60.0
READ_TIMEOUT = 1.0  # a 1.6 s stall is "past the read timeout"
CREATE_OPS = ("create_upload_session", "create_version_upload_session")


# --- fault classes (columns) -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    spec: dict[str, Any]
    transient: bool = True  # injected once: the upload must still finish with identical bytes
    ccg: bool = False  # needs a renewable token (Client Credentials Grant)
    stored: bool = False  # the server did the work, then the answer was lost


HTML = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
COLUMNS: dict[str, Fault] = {
    "500": Fault({"action": "status", "status": 500}),
    "502 html": Fault({"action": "status", "status": 502, "raw_body": HTML}),
    "503": Fault({"action": "status", "status": 503}),
    "503 +RA": Fault({"action": "status", "status": 503, "code": "unavailable", "retry_after": 1}),
    "429 +RA": Fault({"action": "status", "status": 429, "code": "rate_limit_exceeded", "retry_after": 1}),
    "reset mid-body": Fault({"action": "reset", "after_bytes": 1000}),
    "stall > timeout": Fault({"action": "delay", "delay": READ_TIMEOUT + 0.6}),
    "stored, 500": Fault({"action": "store_then_status", "status": 500}, stored=True),
    "stored, reset": Fault({"action": "store_then_reset"}, stored=True),
    "401 expired": Fault({"action": "status", "status": 401, "code": "unauthorized"}, ccg=True),
    "503 always": Fault({"action": "status", "status": 503, "code": "unavailable"}, transient=False),
    "403 fatal": Fault(
        {"action": "status", "status": 403, "code": "access_denied_insufficient_permissions"}, transient=False
    ),
}


# --- endpoints (rows) and how an upload reaches each ---------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    op: str
    # "chunked" | "resume" (interrupted first, the fault hits the resume) | "fatal" (a part is refused) | "direct"
    scenario: str
    destination: str = "folder"  # "folder": a new file; "version": a new version of file 12345
    nth: int = 1  # which matching request the fault hits
    ccg: bool = False


ROWS: list[Row] = [
    Row("create_upload_session", "chunked"),
    Row("create_version_upload_session", "chunked", "version"),
    Row("upload_part", "chunked", nth=2),
    Row("plan_upload_session", "chunked", "version"),
    Row("commit_upload_session", "chunked"),
    Row("get_upload_session", "resume"),
    Row("list_upload_parts", "resume"),
    Row("abort_upload_session", "fatal"),
    Row("upload_file", "direct"),
    Row("upload_file_version", "direct", "version"),
    Row("request_access_token", "chunked", ccg=True),
]


COLUMN_NOTES = {
    "500": "HTTP 500 with a Box error body, once",
    "502 html": "HTTP 502 with an HTML page (not JSON), once",
    "503": "HTTP 503 without Retry-After, once",
    "503 +RA": "HTTP 503 with Retry-After: 1, once (the retry must wait >= 1 s)",
    "429 +RA": "HTTP 429 rate_limit_exceeded with Retry-After: 1, once (the retry must wait >= 1 s)",
    "reset mid-body": "the TCP connection is aborted after 1000 bytes of the request body (or before the answer)",
    "stall > timeout": f"the server sleeps {READ_TIMEOUT + 0.6:.1f} s before handling; the client's read timeout is "
    f"{READ_TIMEOUT:.0f} s",
    "stored, 500": "the server does the work (stores the part, commits, creates...), then answers 500",
    "stored, reset": "the server does the work, then aborts the connection instead of answering",
    "401 expired": "HTTP 401 once, as when a token expires mid-upload; Client Credentials, so boxup can renew",
    "503 always": "HTTP 503 on every request to the endpoint (retries run out)",
    "403 fatal": "HTTP 403 access_denied_insufficient_permissions on every request to the endpoint",
}
ROW_NOTES = {
    "create_upload_session": "a new file (folder 0), chunked",
    "create_version_upload_session": "a new version of file 12345, chunked",
    "upload_part": "a new file; the fault hits the 2nd part request",
    "plan_upload_session": "a new version (the engine asks plan which parts Box holds)",
    "commit_upload_session": "a new file",
    "get_upload_session": "a first attempt is interrupted (503, no retries), then `resume` meets the fault",
    "list_upload_parts": "as get_upload_session: resume lists the parts Box holds",
    "abort_upload_session": "a part is refused with 403 (fatal), so the engine aborts the session and meets the fault",
    "upload_file": "a new file below the chunked minimum (one multipart request)",
    "upload_file_version": "a new version below the chunked minimum",
    "request_access_token": "Client Credentials; the fault hits the first token request",
}


def applies(row: Row, column: str) -> bool:
    if row.op == "request_access_token" and column == "401 expired":
        return False  # a 401 from the token endpoint is refused credentials: that is the "403 fatal" column
    return not (row.op == "abort_upload_session" and column == "403 fatal")  # nothing left to clean up with


def expectation(row: Row, column: str) -> str:
    """What the cell must show. "bytes": identical bytes; "error": a clean documented error (or kept and
    resumed); "reported": an error that names the session it could not clean up."""
    fault = COLUMNS[column]
    if row.op == "plan_upload_session" and column == "503 always":
        return "bytes"  # dedup is an optimisation: a failing plan endpoint must not stop the upload
    if row.op == "abort_upload_session":
        return "reported" if column == "503 always" else "error"  # the part's 403 is the error either way
    return "bytes" if fault.transient else "error"


# --- running one upload and judging it ------------------------------------------------------------------------------


class RecordingCCG(boxup.ClientCredentials):
    """Client Credentials that remembers every token it was given, so the secret scan knows what to look for."""

    def __init__(self, box: FakeBox, timeout: httpx.Timeout) -> None:
        super().__init__(
            box.client_id, box.client_secret, subject_type="enterprise", subject_id="11446498",
            oauth_url=box.oauth_url, timeout=timeout,
        )  # fmt: skip
        self.issued: list[str] = []

    def _store(self, answer: TokenAnswer) -> str:
        token = super()._store(answer)
        self.issued.append(token)
        return token


@dataclass
class Plan:
    """One upload to run and judge (a matrix cell or a scenario)."""

    row: str
    column: str
    destination: str = "folder"
    size: int = CHUNKED_SIZE
    ccg: bool = False
    resume: bool = False  # interrupt a first attempt, then call resume under the fault
    setup: Callable[[FakeBox], object] = lambda box: None
    expect: str = "bytes"
    unknowable_orphans: bool = False  # a create answered after the session was made: the client never saw its id
    settings: dict[str, Any] = field(default_factory=dict)
    progress: Callable[[FakeBox, boxup.Progress], None] | None = None
    extra_check: Callable[[FakeBox], str | None] | None = None
    after_kept: Callable[[FakeBox], object] | None = None  # before the resume of a kept session
    must_fire: bool = False  # the injected fault must have fired, or the cell proves nothing


@dataclass
class Observed:
    file: boxup.UploadedFile | None = None
    error: BaseException | None = None
    texts: dict[str, str] = field(default_factory=dict)
    kept_then_resumed: bool = False
    fired: int = 0


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def client_for(box: FakeBox, state_dir: Path, auth: httpx.Auth | str, **overrides: Any) -> boxup.Client:
    settings: dict[str, Any] = {
        "chunked_threshold": box.min_chunked_size,
        "state_dir": state_dir,
        "concurrency": 3,
        "retry": boxup.RetryPolicy(max_attempts=6, backoff_base=0.01, backoff_max=0.2, max_retry_after=5),
        "timeout": httpx.Timeout(connect=5.0, read=READ_TIMEOUT, write=5.0, pool=None),
        "commit_default_wait": 0.05,
        "commit_timeout": 20.0,
    }
    settings |= overrides
    endpoints = boxup.Endpoints(box.api_url, box.upload_url, box.oauth_url)
    return boxup.Client(auth=auth, endpoints=endpoints, settings=boxup.TransferSettings(**settings))


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def execute(box: FakeBox, work: Path, plan: Plan) -> Cell:
    """Run the plan and turn what happened into a cell; never raises."""
    started = time.monotonic()
    try:
        outcome, detail = _execute(box, work, plan)
    except Exception as exc:  # the harness itself failed: show it as red, not as a crash of the whole matrix
        outcome, detail = "RED", f"harness: {describe(exc)}"
    return Cell(plan.row, plan.column, outcome, detail, time.monotonic() - started)


def _execute(box: FakeBox, work: Path, plan: Plan) -> tuple[str, str]:
    work.mkdir(parents=True, exist_ok=True)
    state_dir = work / "state"
    path = work / "cell.bin"
    sha1 = write_random(path, plan.size, random.Random(f"{plan.row}/{plan.column}"))
    timeout = httpx.Timeout(connect=5.0, read=READ_TIMEOUT, write=5.0, pool=None)
    ccg = RecordingCCG(box, timeout) if plan.ccg else None
    token = None if ccg else str(box.issue_token(lifetime=3600)["access_token"])
    auth: httpx.Auth | str = ccg if ccg is not None else str(token)
    target: dict[str, Any] = {"file_id": box.seed_file_id} if plan.destination == "version" else {"folder_id": "0"}
    seen = _Capture()
    logger = logging.getLogger("boxup")
    logger.addHandler(seen)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    observed = Observed()
    notices: list[str] = []

    def on_progress(p: boxup.Progress) -> None:
        if p.message:
            notices.append(p.message)
        if plan.progress is not None:
            plan.progress(box, p)

    try:
        with client_for(box, state_dir, auth, **plan.settings) as client:
            if plan.resume:
                failure = _interrupt_first(box, state_dir, auth, path, target)
                if failure:
                    return "RED", f"setup: {failure}"
            fired_before = _fired(box)
            plan.setup(box)
            try:
                if plan.resume:
                    done = within(CELL_TIMEOUT, lambda: client.resume(path, progress=on_progress))
                    observed.file = done[0] if done else None
                else:
                    observed.file = within(CELL_TIMEOUT, lambda: client.upload(path, progress=on_progress, **target))
            except Hung as exc:
                return "RED", f"hang: {exc}"
            except BaseException as exc:
                observed.error = exc
            if observed.error is not None and list(state_dir.glob("*.json")):
                # Kept for resume: the promise is that resume then finishes the job.
                observed.texts["first error"] = "".join(traceback.format_exception(observed.error))
                box.clear_faults()
                if plan.after_kept is not None:
                    plan.after_kept(box)
                try:
                    done = within(CELL_TIMEOUT, lambda: client.resume(path, progress=on_progress))
                    observed.file = done[0] if done else None
                    observed.kept_then_resumed = True
                except Hung as exc:
                    return "RED", f"hang in the resume of a kept session: {exc}"
                except BaseException as exc:
                    return "RED", f"kept for resume, but resume failed: {describe(exc)}"
            observed.fired = _fired(box) - fired_before
    finally:
        logger.removeHandler(seen)
        logger.setLevel(old_level)
    return _judge(box, plan, observed, path, sha1, state_dir, seen.lines, notices, ccg, token)


def _fired(box: FakeBox) -> int:
    return sum(int(n) for n in box.counters["faults_fired"].values())


def _interrupt_first(
    box: FakeBox, state_dir: Path, auth: httpx.Auth | str, path: Path, target: dict[str, Any]
) -> str | None:
    """A first attempt that stops on a 503 with no retries left, keeping its session for resume."""
    box.inject(operation="upload_part", action="status", status=503, nth=3, times=1)
    with client_for(box, state_dir, auth, retry=boxup.RetryPolicy(max_attempts=1)) as first:
        try:
            within(CELL_TIMEOUT, lambda: first.upload(path, **target))
        except boxup.UploadInterrupted as exc:
            if not exc.resumable:
                return f"the first attempt was not resumable: {exc}"
        except BaseException as exc:
            return f"the first attempt failed otherwise: {describe(exc)}"
        else:
            return "the first attempt was not interrupted"
    box.clear_faults()
    return None


def _judge(  # noqa: PLR0911 - one return per verdict reads best
    box: FakeBox,
    plan: Plan,
    observed: Observed,
    path: Path,
    sha1: str,
    state_dir: Path,
    log_lines: list[str],
    notices: list[str],
    ccg: RecordingCCG | None,
    token: str | None,
) -> tuple[str, str]:
    error = observed.error
    problems: list[str] = []
    # Secrets: tokens the client held and the CCG secret, anywhere we can see.
    secrets = [*(ccg.issued if ccg else []), box.client_secret, *([token] if token else [])]
    texts = dict(observed.texts)
    if error is not None:
        texts["exception"] = "".join(traceback.format_exception(error)) + repr(error)
    texts["debug log"] = "\n".join(log_lines)
    texts["progress messages"] = "\n".join(notices)
    texts |= state_texts(state_dir)
    leaked = leaks(secrets, texts)
    if leaked:
        problems.append("token leaked into " + ", ".join(leaked))
    # Orphans: open sessions no local record stands for.
    recorded = {p.stem for p in state_dir.glob("*.json")} if state_dir.exists() else set()
    referenced = " ".join(r["path"] for r in box.requests)
    orphans, unknowable = [], []
    for session in open_sessions(box):
        if session["id"] in recorded:
            continue
        if plan.unknowable_orphans and session["id"] not in referenced:
            unknowable.append(session["id"])
        else:
            orphans.append(session["id"])
    if recorded and error is None:
        problems.append(f"stale resume record left: {sorted(recorded)}")
    # Bytes.
    if observed.file is not None:
        stored = box.file_sha1(observed.file.id)
        if stored != sha1 or box.file_info(observed.file.id)["size"] != path.stat().st_size:
            return "RED", f"SILENT CORRUPTION: Box holds sha1 {stored}, the file is {sha1}"
        if observed.file.sha1 not in (None, sha1):
            problems.append(f"the returned file says sha1 {observed.file.sha1}")
    if plan.extra_check is not None and observed.file is not None:
        extra = plan.extra_check(box)
        if extra:
            problems.append(extra)
    note = f"; {len(unknowable)} session(s) made by a create whose answer was lost (the client never saw them)"
    note = note if unknowable else ""
    if plan.must_fire and observed.fired == 0:
        problems.append("the injected fault never fired: the cell proves nothing")
    if observed.fired:
        note += f"; faults fired: {observed.fired}"
    if problems:
        return "RED", "; ".join(problems)
    if plan.expect == "bytes":
        if observed.file is None or observed.kept_then_resumed:
            why = describe(error) if error is not None else "no file"
            return "RED", f"a transient fault ended the upload: {why}" + (
                f"; orphan sessions {orphans}" * bool(orphans)
            )
        if orphans:
            return "RED", f"orphan sessions left: {orphans}"
        return "ok", "identical bytes" + note
    # "error" / "reported": a clean, documented failure (or kept and resumed).
    if error is not None and not isinstance(error, boxup.BoxError):
        return "RED", f"not a BoxError: {describe(error)}"
    if orphans:
        if plan.expect == "reported" and error is not None and all(o in str(error) for o in orphans):
            return "ok:err", f"{describe(error)}; the session it could not abort is named"
        return "RED", f"orphan session(s) left on Box, not reported: {orphans}" + (
            f" (error: {describe(error)})" if error else ""
        )
    if observed.kept_then_resumed:
        return "ok:kept", f"kept ({describe(error) if error else '-'}), resumed to identical bytes" + note
    if observed.file is not None:
        return "ok", "identical bytes" + note
    assert error is not None
    return "ok:err", describe(error) + note


def cell_plan(row: Row, column: str) -> Plan:
    fault = COLUMNS[column]
    spec = dict(fault.spec)
    if fault.transient:  # once, on the row's n-th request; a persistent fault hits every request
        spec["times"] = 1
        if row.scenario != "fatal":
            spec["nth"] = row.nth

    def setup(box: FakeBox) -> None:
        if row.scenario == "fatal":
            box.inject(
                operation="upload_part", action="status", status=403, code="access_denied_insufficient_permissions"
            )
        box.inject(operation=row.op, **spec)

    size = DIRECT_SIZE if row.scenario == "direct" else CHUNKED_SIZE
    check = _honours_retry_after(row.op, float(spec["retry_after"])) if spec.get("retry_after") else None
    return Plan(
        row=row.op,
        column=column,
        destination=row.destination,
        size=size,
        ccg=row.ccg or fault.ccg,
        resume=row.scenario == "resume",
        setup=setup,
        expect=expectation(row, column),
        unknowable_orphans=fault.stored and row.op in CREATE_OPS,
        must_fire=True,
        extra_check=check,
    )


def _honours_retry_after(op: str, seconds: float) -> Callable[[FakeBox], str | None]:
    """The request that met ``Retry-After: N`` is not tried again before N seconds have passed."""

    def check(box: FakeBox) -> str | None:
        log = box.requests
        faulted = [r for r in log if r["operation"] == op and r["faults"] and r["status"] in (429, 503)]
        if not faulted:
            return None
        first = faulted[-1]
        key = first["headers"].get("content-range")
        again = [r for r in log if r["seq"] > first["seq"] and r["operation"] == op
                 and r["headers"].get("content-range") == key]  # fmt: skip
        if again and again[0]["started"] - first["finished"] < seconds * 0.9:
            return f"retried {again[0]['started'] - first['finished']:.2f}s after a Retry-After of {seconds:.0f}s"
        return None

    return check


def sha1_hex(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()
