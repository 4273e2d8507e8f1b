"""The fault matrix as tests: one per cell and per scenario, each a real upload against the emulator.

Cells that show a defect still open in wrapper/ are marked ``xfail(strict=True)`` with the defect named; the
matrix prints them as RED (xfail), and fixing the defect turns the xfail into a failure until the mark goes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boxup
import pytest

from tests.fakebox.handle import FakeBox
from tests.reliability.matrix import (
    CHUNKED_SIZE,
    COLUMN_NOTES,
    COLUMNS,
    ROW_NOTES,
    ROWS,
    Plan,
    Row,
    applies,
    cell_plan,
    execute,
)
from tests.reliability.profile import current
from tests.reliability.results import Cell, Results

# Defects this matrix found, all fixed in c09b9dc (tests/reliability/DEFECTS.md); the cells that showed them are green.
FIXED = {
    "D1": "a failed abort was never retried: orphan session, not reported (row abort_upload_session)",
    "D2": "transient token-endpoint failures were not retried: upload failed, mid-upload the session was aborted "
    "(row request_access_token, scenario: token renewal fails once)",
    "D3": "a plan endpoint failing with 5xx stopped the upload instead of falling back (plan x 503 always)",
    "D4": "a direct upload whose answer was lost was retried into 409 item_name_in_use (upload_file x stored)",
    "D7": "foreign session_endpoints left an orphan session and a record that could never be resumed or aborted",
}
# Defects still open: (row, column) -> what is wrong; such cells are xfail(strict=True) and print as RED (xfail).
KNOWN: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module", autouse=True)
def legend(results: Results) -> Iterator[None]:
    yield
    results.add_section(
        "Matrix legend",
        [
            "Columns (fault classes, injected by the emulator):",
            "",
            *(f"- **{name}**: {note}" for name, note in COLUMN_NOTES.items()),
            "",
            "Rows (the endpoint the fault is injected on, and how the upload reaches it; files of 7 parts of "
            "256 KiB, the last one short, or 700 KiB for direct uploads; concurrency 3; 6 attempts per request):",
            "",
            *(f"- **{name}**: {note}" for name, note in ROW_NOTES.items()),
            "",
            "Defects the matrix found (details in tests/reliability/DEFECTS.md), all fixed in c09b9dc:",
            "",
            *(f"- {name}: {text}" for name, text in FIXED.items()),
            *(["", "Still open (xfail):", "", *(f"- {t}" for t in dict.fromkeys(KNOWN.values()))] if KNOWN else []),
        ],
    )


def _params() -> list[Any]:
    params = []
    for row in ROWS:
        for column in COLUMNS:
            if not applies(row, column):
                continue
            reason = KNOWN.get((row.op, column))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(row, column, id=f"{row.op}-{column}", marks=marks))
    return params


def _record(results: Results, cell: Cell, *, special: bool = False) -> None:
    cell.known_defect = KNOWN.get((cell.row, cell.column))
    (results.specials if special else results.cells).append(cell)
    assert cell.green, f"{cell.row} x {cell.column}: {cell.outcome}: {cell.detail}"


@pytest.mark.parametrize(("row", "column"), _params())
def test_cell(fakebox: FakeBox, tmp_path: Path, results: Results, row: Row, column: str) -> None:
    _record(results, execute(fakebox, tmp_path, cell_plan(row, column)))


# --- scenarios that are one cell each ------------------------------------------------------------------------------

EMPTY_LIST = '{"total_count": 0, "entries": [], "offset": 0, "limit": 1000}'


def _check_416(box: FakeBox) -> str | None:
    return None if box.count("upload_part", 416) >= 1 else "no 416 overlap happened: the scenario did not bite"


def _check_renewed(box: FakeBox) -> str | None:
    return None if box.count("request_access_token") >= 2 else "the token was never renewed"


def _expire_once(box: FakeBox, progress: boxup.Progress) -> None:
    if progress.event is boxup.Event.PART_DONE and progress.parts_done == 2:
        box.expire_tokens()


def _stale_list_after_a_lost_part(box: FakeBox) -> None:
    box.inject(operation="upload_part", action="store_then_reset", nth=2, times=1)
    box.inject(operation="list_upload_parts", action="status", status=200, raw_body=EMPTY_LIST, times=1)


def _renewal_fails_once(box: FakeBox) -> None:
    box.configure(token_lifetime=1, latency=0.15)
    box.inject(operation="request_access_token", action="status", status=503, nth=2, times=1)


def _chaos(seed: int) -> Plan:
    def setup(box: FakeBox) -> None:
        path = r"^/(api/)?2\.0/|^/oauth2/"
        box.inject(action="status", path=path, status=503, probability=0.08, seed=seed)
        box.inject(action="reset", path=path, after_bytes=2000, probability=0.05, seed=seed + 1000)
        box.inject(action="store_then_status", path=path, status=500, probability=0.05, seed=seed + 2000)
        box.inject(action="status", path=path, status=429, retry_after=1, probability=0.02, seed=seed + 3000)

    return Plan(
        row=f"chaos seed {seed}: ~20% of all requests fail (503, reset, stored-then-500, 429)",
        column="-",
        destination="version" if seed % 2 else "folder",
        size=12 * 256 * 1024 + 17,
        setup=setup,
        unknowable_orphans=True,
        must_fire=True,
        settings={"retry": boxup.RetryPolicy(max_attempts=10, backoff_base=0.01, backoff_max=0.2, max_retry_after=5)},
    )


SCENARIOS: list[Plan] = [
    Plan(
        row="416 overlap after an ambiguous failure (stored, reset; the next list is stale)",
        column="-",
        setup=_stale_list_after_a_lost_part,
        extra_check=_check_416,
    ),
    Plan(
        row="commit: 202 x 25, then 201",
        column="-",
        setup=lambda box: box.configure(commit_processing_polls=25, commit_retry_after=0) and None,
    ),
    Plan(
        row="commit: 202 past the commit budget (kept, then resumed)",
        column="-",
        setup=lambda box: box.configure(commit_processing_polls=10_000, commit_retry_after=1) and None,
        settings={"commit_timeout": 1.5},
        expect="error",
        after_kept=lambda box: box.configure(commit_processing_polls=0) and None,
    ),
    Plan(
        row="commit: transient parts_mismatch x 2",
        column="-",
        setup=lambda box: box.configure(transient_parts_mismatch=2) and None,
    ),
    Plan(
        row="CCG token with a 1 s lifetime (renewed mid-upload)",
        column="-",
        ccg=True,
        size=CHUNKED_SIZE * 2,
        setup=lambda box: box.configure(token_lifetime=1, latency=0.15) and None,
        extra_check=_check_renewed,
    ),
    Plan(
        row="expire_tokens() mid-upload (CCG: 401, renew, replay)",
        column="-",
        ccg=True,
        progress=_expire_once,
        extra_check=_check_renewed,
    ),
    Plan(
        row="token renewal fails once (503 on the 2nd token request)",
        column="-",
        ccg=True,
        size=CHUNKED_SIZE * 2,
        setup=_renewal_fails_once,
    ),
    Plan(
        row="session_endpoints on a foreign host (must be refused, nothing left behind)",
        column="-",
        setup=lambda box: box.configure(session_endpoints_base="https://upload.evil.example/api/2.0") and None,
        expect="error",
    ),
    Plan(
        row="session_endpoints on a foreign host, new version",
        column="-",
        destination="version",
        setup=lambda box: box.configure(session_endpoints_base="https://upload.evil.example/api/2.0") and None,
        expect="error",
    ),
]
SCENARIOS += [_chaos(seed) for seed in range(1, current().chaos_seeds + 1)]


def _scenario_params() -> list[Any]:
    params = []
    for plan in SCENARIOS:
        reason = KNOWN.get((plan.row, "-"))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(plan, id=plan.row.split(" (")[0], marks=marks))
    return params


@pytest.mark.parametrize("plan", _scenario_params())
def test_scenario(fakebox: FakeBox, tmp_path: Path, results: Results, plan: Plan) -> None:
    _record(results, execute(fakebox, tmp_path, plan), special=True)
