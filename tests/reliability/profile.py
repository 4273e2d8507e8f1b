"""The two profiles: ``quick`` (a few minutes, small sizes) and ``full`` (Box's real sizes, N=50 soak).

The profile and its overrides travel in environment variables, so ``python -m tests.reliability``, the Makefile
targets and a bare ``BOXUP_RELIABILITY=1 pytest tests/reliability`` all agree.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

KiB = 1024
MiB = 1024 * KiB

ENABLE_ENV = "BOXUP_RELIABILITY"
PROFILE_ENV = "BOXUP_RELIABILITY_PROFILE"
ROUNDS_ENV = "BOXUP_SOAK_ROUNDS"
WRITE_ENV = "BOXUP_RELIABILITY_WRITE"
EXAMPLES_ENV = "BOXUP_HOSTILE_EXAMPLES"  # hypothesis examples per hostile-server property (a longer hunt)


@dataclass(frozen=True)
class Profile:
    name: str
    # crash/resume soak: rounds, file sizes, and the emulator's sizes (None: Box's real ones)
    soak_rounds: int
    soak_min: int
    soak_max: int
    part_size: int  # the emulator's part size for these files (8 MiB with real sizes below 1 GiB)
    min_chunked: int
    real_sizes: bool
    soak_bandwidth: str  # total emulator bandwidth while a round runs, so a kill lands mid-upload
    # load: processes x bytes each
    load_procs: int
    load_size: int
    load_fault_probability: float
    # hostile server (hypothesis) and schemathesis
    hostile_examples: int
    schemathesis_examples: int
    # matrix: a few seeded chaos runs (random faults on every endpoint)
    chaos_seeds: int


QUICK = Profile(
    name="quick",
    soak_rounds=6,
    soak_min=1 * MiB,
    soak_max=6 * MiB,
    part_size=256 * KiB,
    min_chunked=1 * MiB,
    real_sizes=False,
    soak_bandwidth="4MiB",
    load_procs=4,
    load_size=8 * MiB,
    load_fault_probability=0.05,
    hostile_examples=40,
    schemathesis_examples=5,
    chaos_seeds=2,
)

FULL = Profile(
    name="full",
    soak_rounds=50,
    soak_min=20 * MiB,
    soak_max=300 * MiB,
    part_size=8 * MiB,
    min_chunked=20 * MiB,
    real_sizes=True,
    soak_bandwidth="150MiB",
    load_procs=8,
    load_size=64 * MiB,
    load_fault_probability=0.05,
    hostile_examples=300,
    schemathesis_examples=30,
    chaos_seeds=6,
)


def enabled() -> bool:
    return os.environ.get(ENABLE_ENV, "") not in ("", "0")


def current() -> Profile:
    profile = FULL if os.environ.get(PROFILE_ENV, "quick") == "full" else QUICK
    rounds = os.environ.get(ROUNDS_ENV)
    if rounds:
        profile = replace(profile, soak_rounds=max(1, int(rounds)))
    examples = os.environ.get(EXAMPLES_ENV)
    if examples:
        profile = replace(profile, hostile_examples=max(1, int(examples)))
    return profile
