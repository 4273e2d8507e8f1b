"""The dedup probe's decision (``dedup.planner``), with the plan call replaced: when the hasher may go on, and
whether it goes on with SHA-512."""

from __future__ import annotations

import asyncio
import types
from typing import Any, cast

import boxup.dedup
import pytest
from boxup import TransferSettings
from boxup.job import Job
from boxup.models import PartRecord
from boxup.parts import Part
from boxup.source import PartDigest

PART = 1024


def digest(index: int) -> PartDigest:
    return PartDigest(Part(index, index * PART, PART), b"\0" * 20, f"{index:0128x}")


def fake_job(probe: int) -> Any:
    progress = types.SimpleNamespace(emit=lambda *args, **kwargs: None)
    return types.SimpleNamespace(
        settings=TransferSettings(dedup_probe=probe), want_sha512=True, sha512_decided=asyncio.Event(), done={},
        progress=progress,
    )  # fmt: skip


def decide(monkeypatch: pytest.MonkeyPatch, probe: int, hit_offsets: set[int], parts: int) -> tuple[Any, list[int]]:
    """Feed ``parts`` digests one plan call each; return the job and, per call, whether the decision was made."""
    decided_after: list[int] = []

    async def plan(job: Any, batch: list[PartDigest]) -> dict[int, PartRecord]:
        decided_after.append(job.sha512_decided.is_set())
        hits = [d.part.offset for d in batch if d.part.offset in hit_offsets]
        return {offset: PartRecord("p", offset, PART, "00") for offset in hits}

    monkeypatch.setattr(boxup.dedup, "_plan", plan)

    async def main() -> Any:
        job = fake_job(probe)
        plans: asyncio.Queue[PartDigest | None] = asyncio.Queue()
        uploads: asyncio.Queue[PartDigest | None] = asyncio.Queue()
        planner = asyncio.create_task(boxup.dedup.planner(cast(Job, job), plans, uploads))
        for index in range(parts):
            await plans.put(digest(index))
            for _ in range(5):  # one batch per part: let the planner take it before the next arrives
                await asyncio.sleep(0)
        await plans.put(None)
        await planner
        return job

    return asyncio.run(main()), decided_after


def test_a_hit_in_the_first_batch_decides_at_once_and_keeps_sha512_on(monkeypatch: pytest.MonkeyPatch) -> None:
    job, decided_before_call = decide(monkeypatch, probe=8, hit_offsets={0}, parts=4)
    assert decided_before_call == [False, True, True, True]  # the hasher did not wait for the other 7 probe parts
    assert job.want_sha512 is True


def test_a_probe_without_a_hit_decides_after_its_last_part_and_turns_sha512_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    job, decided_before_call = decide(monkeypatch, probe=2, hit_offsets={2 * PART}, parts=4)
    assert decided_before_call == [False, False]  # no plan call after the probe: part 2's hit is never asked for
    assert job.want_sha512 is False
    assert job.sha512_decided.is_set()
