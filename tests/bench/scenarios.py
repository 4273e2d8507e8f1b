"""What is measured: the clients (contenders), the scenarios they race in, and the WAN ideal each run is held to."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from tests.fakebox.settings import MiB, Settings

GiB = 1024 * MiB
WAN_LATENCY = 0.04  # seconds added to every request
WAN_BANDWIDTH = 12 * MiB  # bytes/s per connection
COMMIT_POLLS = Settings().commit_processing_polls  # commit answers 202 this many times before the 201
BOXUP_DEFAULT_CONCURRENCY: Literal["auto"] = "auto"  # boxup.TransferSettings().concurrency, checked in run.py
RCLONE_DEFAULT_TRANSFERS = 4  # rclone's --transfers default: its Box backend sends that many parts at a time
AUTO_START = 8  # boxup.autoconcurrency.DEFAULT_START: the default run starts with this many parts in flight
AUTO_CAP = 32  # boxup.autoconcurrency.DEFAULT_CAP, checked in run.py
SHARED_TOTAL = 64 * MiB  # bytes/s for all connections together on the shared-link profile
DEDUP_CHANGED = 0.10  # share of the parts a dedup scenario's new version changes

Mode = Literal["version", "new", "dedup"]


@dataclass(frozen=True)
class Contender:
    key: str
    label: str
    kind: Literal["cli", "sdk", "rclone"]
    concurrency: int | Literal["auto"] | None = None  # None: the client's default (rclone: its --transfers)

    @property
    def connections(self) -> int:
        """Parts in flight: boxup's --concurrency (default auto, counted at its cap); rclone's --transfers (default
        4); the SDK sends one part at a time."""
        if self.kind == "sdk":
            return 1
        if self.kind == "rclone":
            return int(self.concurrency or RCLONE_DEFAULT_TRANSFERS)
        chosen = self.concurrency or BOXUP_DEFAULT_CONCURRENCY
        return AUTO_CAP if chosen == "auto" else chosen  # auto's ideal: at its cap

    @property
    def is_baseline(self) -> bool:
        return self.kind == "sdk"


BOXUP = Contender("boxup", "boxup CLI (default: auto)", "cli")
BOXUP_C1 = Contender("boxup-c1", "boxup CLI --concurrency 1", "cli", 1)
BOXSDK = Contender("boxsdk", "boxsdk 10.18", "sdk")
SWEEP = tuple(Contender(f"boxup-c{n}", f"boxup CLI --concurrency {n}", "cli", n) for n in (1, 2, 4, 8, 16))


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    size: int
    wan: bool
    mode: Mode
    contenders: tuple[Contender, ...]
    quick: bool = False  # part of --quick
    quick_contenders: tuple[str, ...] | None = None  # the keys run under --quick (None: all)
    sweep: bool = False  # the concurrency sweep: its medians make the chart
    min_rounds: int = 1  # at least this many rounds unless --rounds says otherwise (short, noisy scenarios)
    https: bool = False  # the emulator behind TLS on Box's host names, clients in its network namespace
    total_bandwidth: int | None = None  # a link shared by all connections (bytes/s), on top of the WAN profile
    latency: float = WAN_LATENCY  # seconds added to every request when ``wan``
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def part_size(self) -> int:
        return Settings().part_size_for(self.size)

    @property
    def total_parts(self) -> int:
        return math.ceil(self.size / self.part_size)

    def changed_parts(self) -> list[int]:
        """The parts a dedup scenario's new version rewrites: 10% of them, spread evenly over the file."""
        if self.mode != "dedup":
            return list(range(self.total_parts))
        count = max(1, round(self.total_parts * DEDUP_CHANGED))
        return sorted({int((i + 0.5) * self.total_parts / count) for i in range(count)})

    def settings(self) -> dict[str, object]:
        """The emulator's settings for every run: Box's real sizes (the defaults) plus the WAN profile if asked."""
        if self.wan:
            return {"latency": self.latency, "bandwidth": WAN_BANDWIDTH, "total_bandwidth": self.total_bandwidth}
        return {}

    def contenders_for(self, quick: bool) -> tuple[Contender, ...]:
        if quick and self.quick_contenders is not None:
            return tuple(c for c in self.contenders if c.key in self.quick_contenders)
        return self.contenders

    def ideal_seconds(self, contender: Contender) -> float | None:
        """The WAN limit for this upload by this many connections (None on loopback): see IDEAL_FORMULA."""
        if not self.wan:
            return None
        sizes = [min(self.part_size, self.size - i * self.part_size) for i in self.changed_parts()]
        ideal = ideal_seconds(sizes, contender.connections, self.latency, WAN_BANDWIDTH, COMMIT_POLLS)
        if self.total_bandwidth:  # the shared link: no faster than all the bytes at its total rate
            ideal = max(ideal, sum(sizes) / self.total_bandwidth + (3 + COMMIT_POLLS) * self.latency)
        return ideal


def ideal_seconds(part_sizes: list[int], connections: int, latency: float, bandwidth: float, polls: int) -> float:
    """Parts go out ``connections`` at a time, biggest first, each taking size/bandwidth + latency; then the fixed
    round trips: create session, and commit (``polls`` answers of 202, then the 201)."""
    lanes = [0.0] * max(1, connections)
    for size in sorted(part_sizes, reverse=True):
        lane = lanes.index(min(lanes))
        lanes[lane] += size / bandwidth + latency
    return max(lanes) + (2 + polls) * latency


IDEAL_FORMULA = (
    "ideal = ceil(P / N) x (S / B + L) + (2 + polls) x L, where P = parts to send, N = parts in flight "
    "(boxup: --concurrency, default auto, counted at its cap of 32; boxsdk: 1), S = part size, "
    "B = 12 MiB/s per connection, L = 40 ms per "
    "request, and 2 + polls = the create-session request plus the commit's answers (polls = 1 answer of 202, then "
    "the 201). Plan calls and the SDK's serial per-part plan calls are not in it (overhead the ideal does not need), "
    "nor is the hashing a new version needs before its plan (SHA-512 of every part: the dedup scenario's client must "
    "hash the whole file to send a tenth of it, so its % of ideal measures that too)."
)


def _wan(size: int, label: str, *, quick: bool, quick_contenders: tuple[str, ...] | None = None) -> Scenario:
    return Scenario(
        f"wan-{label}",
        f"new version of a {label_of(size)} file, WAN profile (40 ms per request, 12 MiB/s per connection)",
        size,
        True,
        "version",
        (BOXUP, BOXUP_C1, BOXSDK),
        quick=quick,
        quick_contenders=quick_contenders,
    )


def _loopback(size: int, label: str, *, quick: bool) -> Scenario:
    return Scenario(
        f"loopback-{label}",
        f"new version of a {label_of(size)} file, raw loopback (no latency, no bandwidth cap)",
        size,
        False,
        "version",
        (BOXUP, BOXUP_C1, BOXSDK),
        quick=quick,
        min_rounds=5,  # a few seconds each, and the most sensitive to a busy machine: more runs for the median
    )


def label_of(size: int) -> str:
    return f"{size // GiB} GiB" if size >= GiB and size % GiB == 0 else f"{size // MiB} MiB"


SCENARIOS: tuple[Scenario, ...] = (
    _loopback(64 * MiB, "64m", quick=False),
    _loopback(256 * MiB, "256m", quick=True),
    _loopback(1 * GiB, "1g", quick=True),
    _wan(64 * MiB, "64m", quick=False),
    _wan(256 * MiB, "256m", quick=True, quick_contenders=("boxup", "boxsdk")),
    # The SDK needs ~90 s here and boxup at concurrency 1 as long: --quick keeps only boxup's default (for its RSS).
    _wan(1 * GiB, "1g", quick=True, quick_contenders=("boxup",)),
    Scenario(
        "wan-256m-new-file",
        "new 256 MiB file (upload_big_file), WAN profile",
        256 * MiB,
        True,
        "new",
        (BOXUP, BOXUP_C1, BOXSDK),
    ),
    Scenario(
        "wan-256m-dedup",
        "new version of a 256 MiB file with 10% of its parts changed (dedup via the plan endpoint), WAN profile",
        256 * MiB,
        True,
        "dedup",
        (BOXUP, BOXUP_C1, BOXSDK),
        quick=True,
        quick_contenders=("boxup", "boxsdk"),
    ),
    Scenario(
        "wan-256m-sweep",
        "concurrency sweep: new version of a 256 MiB file, WAN profile",
        256 * MiB,
        True,
        "version",
        (*SWEEP, BOXSDK),
        quick=True,
        sweep=True,
    ),
)


RCLONE_SWEEP = tuple(
    Contender(f"rclone-t{n}", f"rclone 1.75 --transfers {n}" + (" (default)" if n == 4 else ""), "rclone", n)
    for n in (4, 8, 16)
)
BOXUP_C4 = Contender("boxup-c4", "boxup CLI --concurrency 4", "cli", 4)
BOXUP_C8 = Contender("boxup-c8", "boxup CLI --concurrency 8", "cli", 8)
BOXUP_C16 = Contender("boxup-c16", "boxup CLI --concurrency 16", "cli", 16)
BOXUP_AUTO = Contender("boxup-auto", "boxup CLI --concurrency auto", "cli", "auto")
HTTPS_CONTENDERS = (*RCLONE_SWEEP, BOXUP_C4, BOXUP, BOXUP_C8, BOXUP_C16, BOXUP_AUTO, BOXSDK)
# the SDK needs ~25 s per WAN run
HTTPS_QUICK = ("rclone-t4", "rclone-t8", "rclone-t16", "boxup-c4", "boxup", "boxup-c8", "boxup-c16", "boxup-auto")


def _https(profile: str, title: str, *, wan: bool, total: int | None = None, latency: float = WAN_LATENCY) -> Scenario:
    return Scenario(
        f"https-{profile}-256m",
        f"new version of a 256 MiB file over HTTPS on Box's host names, {title}",
        256 * MiB,
        wan,
        "version",
        HTTPS_CONTENDERS,
        quick=True,
        quick_contenders=HTTPS_QUICK if wan else None,
        min_rounds=1 if wan else 5,
        https=True,
        total_bandwidth=total,
        latency=latency,
    )


SCENARIOS += (
    _https("loopback", "loopback (no latency, no bandwidth cap)", wan=False),
    _https("wan", "WAN profile (40 ms per request, 12 MiB/s per connection: more connections keep helping)", wan=True),
    _https("shared", "shared link (64 MiB/s in total, 12 MiB/s per connection, 40 ms)", wan=True, total=SHARED_TOTAL),
    _https(
        "perconn",
        "per-connection limit only (12 MiB/s per connection, no added latency, no total cap)",
        wan=True,
        latency=0.0,
    ),
)


def by_name(name: str) -> Scenario:
    for scenario in SCENARIOS:
        if scenario.name == name:
            return scenario
    raise KeyError(name)
