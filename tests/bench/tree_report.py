"""The tree section of RESULTS.md and its chart, tree.png, from ``results["tree"]`` (written by tree.py)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.fakebox.settings import MiB

from .scenarios import WAN_BANDWIDTH, WAN_LATENCY

MB = 1e6


@dataclass(frozen=True)
class TreeSummary:
    """The medians of one client's valid runs (peak RSS: the largest of them)."""

    key: str
    label: str
    runs: int
    bad: int
    wall_s: float = 0.0
    wall_min: float = 0.0
    wall_max: float = 0.0
    cpu_s: float = 0.0
    rss_mb: float = 0.0
    requests: float = 0.0
    by_operation: tuple[tuple[str, float], ...] = ()
    in_flight: int = 0
    server_cpu_s: float = 0.0
    verified: int = 0


def summarize(outcome: dict[str, Any]) -> list[TreeSummary]:
    out = []
    for key in outcome["clients"]:
        runs = [r for r in outcome["runs"] if r["client"] == key]
        good = [r for r in runs if r["ok"]]
        label = outcome["labels"].get(key, key)
        if not good:
            out.append(TreeSummary(key, label, 0, len(runs)))
            continue
        walls = [r["wall_s"] for r in good]
        operations = sorted({op for r in good for op in r["requests"]})
        by_op = tuple((op, statistics.median(r["requests"].get(op, 0) for r in good)) for op in operations)
        out.append(
            TreeSummary(
                key,
                label,
                len(good),
                len(runs) - len(good),
                statistics.median(walls),
                min(walls),
                max(walls),
                statistics.median(r["cpu_s"] for r in good),
                max(r["peak_rss_bytes"] for r in good) / MB,
                statistics.median(r["requests_total"] for r in good),
                by_op,
                max(r["max_content_uploads"] for r in good),
                statistics.median(r["server_cpu_s"] for r in good),
                min(r["bytes_verified"] for r in good),
            )
        )
    return out


def _speedups(s: TreeSummary, by_key: dict[str, TreeSummary]) -> str:
    """How many times faster than boxsdk's serial script, and (boxup) than rclone at the same number in flight."""
    notes = []
    sdk = by_key.get("boxsdk")
    if sdk and sdk.runs and s.key != "boxsdk":
        notes.append(f"{sdk.wall_s / s.wall_s:.1f}x boxsdk")
    rival = by_key.get(s.key.replace("boxup-c", "rclone-t")) if s.key.startswith("boxup-c") else None
    if rival and rival.runs:
        notes.append(f"{rival.wall_s / s.wall_s:.2f}x {rival.key}")
    return "; ".join(notes) or "—"


def medians_table(outcome: dict[str, Any]) -> list[str]:
    summaries = summarize(outcome)
    by_key = {s.key: s for s in summaries}
    size = outcome["total_bytes"]
    lines = [
        "| client | valid runs | wall s (median; min-max) | MiB/s | files/s | speed | CPU s | peak RSS MB "
        "| requests | most uploads in flight | server CPU s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in summaries:
        if not s.runs:
            lines.append(f"| {s.label} | 0 of {s.bad} | — | — | — | — | — | — | — | — | — |")
            continue
        lines.append(
            f"| {s.label} | {s.runs} of {s.runs + s.bad} | {s.wall_s:.1f} ({s.wall_min:.1f}-{s.wall_max:.1f}) "
            f"| {size / MiB / s.wall_s:.1f} | {outcome['files'] / s.wall_s:.0f} | {_speedups(s, by_key)} "
            f"| {s.cpu_s:.1f} | {s.rss_mb:.0f} | {s.requests:.0f} | {s.in_flight} | {s.server_cpu_s:.1f} |"
        )
    return lines


def operations_table(outcome: dict[str, Any]) -> list[str]:
    summaries = [s for s in summarize(outcome) if s.runs]
    operations = sorted({op for s in summaries for op, _ in s.by_operation})
    lines = ["| operation | " + " | ".join(s.key for s in summaries) + " |", "|---" * (len(summaries) + 1) + "|"]
    for op in operations:
        cells = [f"{dict(s.by_operation).get(op, 0):.0f}" for s in summaries]
        lines.append(f"| {op} | " + " | ".join(cells) + " |")
    return lines


def runs_table(outcome: dict[str, Any]) -> list[str]:
    lines = [
        "| round | client | ok | wall s | CPU s | peak RSS MB | requests | errors (4xx/5xx) | in flight | verified MiB "
        "| error |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in outcome["runs"]:
        errors = ", ".join(f"{op} {n}" for op, n in sorted(r["errors"].items())) or "none"
        lines.append(
            f"| {r['round']} | {r['client']} | {'yes' if r['ok'] else '**no**'} | {r['wall_s']:.1f} | {r['cpu_s']:.1f} "
            f"| {r['peak_rss_bytes'] / MB:.0f} | {r['requests_total']} | {errors} | {r['max_content_uploads']} "
            f"| {r['bytes_verified'] / MiB:.0f} | {r['error'] or ''} |"
        )
    return lines


def section(results: dict[str, Any]) -> list[str]:
    outcome = results.get("tree")
    if outcome is None:
        return []
    profile = (
        f"WAN profile ({WAN_LATENCY * 1000:.0f} ms per request, {WAN_BANDWIDTH // MiB} MiB/s per connection)"
        if outcome["wan"]
        else "loopback (no latency, no cap)"
    )
    machine = outcome["machine"]
    bad = [f"- round {r['round']} {r['client']}: {r['error']}" for r in outcome["runs"] if not r["ok"]]
    bad += [f"- round {r['round']} {r['client']}: {r['violations']} spec violations" for r in outcome["runs"]
            if r["violations"]]  # fmt: skip
    if outcome["code_changed_during"]:
        bad.append("- the code under test changed during the tree runs")
    return [
        f"## Tree: {outcome['small']} files of 16-512 KiB + {outcome['big']} of {outcome['big_mib']} MiB "
        f"(`{'make bench-quick' if outcome.get('quick') else 'make bench-tree'}`)",
        "",
        f"{outcome['files']} files in {outcome['folders']} folders ({outcome['total_bytes'] / MiB:.0f} MiB, seeded, "
        f"nested up to four levels), {profile}, Box's real sizes; the emulator behind TLS on Box's host names in the "
        "namespace of tests/fakebox/netns.py, every client started in it with its default URLs (rclone reaches no "
        f"other host). {outcome['rounds']} round{'s' if outcome['rounds'] > 1 else ''}, clients alternating, started "
        f"{outcome['started']} at commit {machine['commit']}, code {outcome['code']}; 1-minute load average "
        f"{outcome['load_avg_1m'][0]} before and {outcome['load_avg_1m'][1]} after, on {machine['cores']} cores "
        "shared with other work: compare the clients side by side, not with another day's numbers.",
        "",
        "Every run starts from a reset emulator. *wall s*: spawn to exit, imports included (every client alike); "
        "*CPU s*: user + sys of the client process (`wait4`); *peak RSS*: its own `VmHWM`, sampled every 10 ms; "
        "*requests*: every request the emulator answered, by operation below (medians); *most uploads in flight*: "
        "the emulator's high-water mark of parts and whole-file uploads being received at once. A run is valid only "
        "when the folders and files under the root are exactly the local tree's and every stored file, read back "
        "and hashed, has the local file's SHA-1.",
        "",
        *medians_table(outcome),
        "",
        "Requests by operation (median of the valid runs):",
        "",
        *operations_table(outcome),
        "",
        "![tree: wall time per client](tree.png)",
        "",
        "<details><summary>every run</summary>",
        "",
        *runs_table(outcome),
        "",
        "</details>",
        "",
        "Invalid tree runs and spec violations: " + ("none." if not bad else ""),
        *(["", *bad] if bad else []),
        "",
    ]


def chart(results: dict[str, Any], path: Path) -> bool:
    outcome = results.get("tree")
    if outcome is None:
        return False
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    summaries = [s for s in summarize(outcome) if s.runs]
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(summaries) + 1.6), dpi=120)
    ys = list(range(len(summaries)))[::-1]
    walls = [s.wall_s for s in summaries]
    spread = [[s.wall_s - s.wall_min for s in summaries], [s.wall_max - s.wall_s for s in summaries]]
    colours = [
        "#4393c3" if s.key.startswith("boxup") else "#d6604d" if "rclone" in s.key else "#999999" for s in summaries
    ]
    ax.barh(ys, walls, xerr=spread, color=colours, capsize=4)
    for y, s in zip(ys, summaries, strict=True):
        ax.annotate(f"{s.wall_s:.1f} s, {s.requests:.0f} requests, {s.rss_mb:.0f} MB", (s.wall_max, y),
                    textcoords="offset points", xytext=(6, -3), fontsize=8)  # fmt: skip
    ax.set_yticks(ys, labels=[s.label for s in summaries], fontsize=8)
    ax.set_xlabel("wall s (median, min-max): lower is better")
    ax.set_xlim(0, max(s.wall_max for s in summaries) * 1.45 if summaries else 1)
    ax.set_title(
        f"{outcome['files']} files, {outcome['total_bytes'] / MiB:.0f} MiB, "
        f"{'WAN profile' if outcome['wan'] else 'loopback'}, HTTPS",
        fontsize=10,
    )
    ax.grid(True, axis="x", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return True
