"""RESULTS.md and throughput.png from results.json: ``python -m tests.bench.report [--out DIR]`` redraws them."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.fakebox.settings import MiB

from . import tree_report
from .scenarios import IDEAL_FORMULA, SCENARIOS, WAN_BANDWIDTH, WAN_LATENCY, by_name, label_of

HERE = Path(__file__).resolve().parent
MB = 1e6
BARS = {
    "wan_ratio": 6.0,  # x boxsdk, WAN 256 MiB (plain http and HTTPS)
    "loopback_ratio": 2.0,  # x boxsdk, loopback 256 MiB
    "rss_mb": 150.0,  # peak RSS at 1 GiB, default settings
    "dedup_share": 0.15,  # bytes sent for a 10%-changed new version
}


@dataclass
class Summary:
    """The medians of one client's valid runs in one scenario."""

    key: str
    label: str
    runs: int
    bad: int
    wall_s: float
    throughput: float
    wall_min: float
    wall_max: float
    ideal_s: float | None
    cpu_s: float
    upload_cpu_s: float
    rss_mb: float  # the largest peak RSS of its runs
    bytes_sent: float
    bytes_verified: int
    size: int
    server_cpu_s: float
    max_parts_in_flight: int
    process_s: float
    parts_s: float = 0.0  # first part sent to last part answered (0: not recorded by an older run)

    @property
    def ideal_share(self) -> float | None:
        return self.ideal_s / self.wall_s if self.ideal_s and self.wall_s else None


def summarize(outcome: dict[str, Any]) -> list[Summary]:
    scenario = by_name(outcome["name"])
    labels = {c.key: c.label for c in scenario.contenders}
    summaries = []
    for key in outcome["contenders"]:
        runs = [r for r in outcome["runs"] if r["contender"] == key]
        good = [r for r in runs if r["ok"]]
        if not good:
            summaries.append(
                Summary(key, labels.get(key, key), 0, len(runs), 0, 0, 0, 0, None, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            )
            continue
        walls = [r["wall_s"] for r in good]
        wall = statistics.median(walls)
        size = int(good[0]["size"])
        summaries.append(
            Summary(
                key=key,
                label=labels.get(key, key),
                runs=len(good),
                bad=len(runs) - len(good),
                wall_s=wall,
                throughput=size / MiB / wall,
                wall_min=min(walls),
                wall_max=max(walls),
                ideal_s=good[0]["ideal_s"],
                cpu_s=statistics.median(r["cpu_s"] for r in good),
                upload_cpu_s=statistics.median(r["upload_cpu_s"] for r in good),
                rss_mb=max(r["peak_rss_bytes"] for r in good) / MB,
                bytes_sent=statistics.median(r["bytes_sent"] for r in good),
                bytes_verified=min(r["bytes_verified"] for r in good),
                size=size,
                server_cpu_s=statistics.median(r["server_cpu_s"] for r in good),
                max_parts_in_flight=max(r["max_parts_in_flight"] for r in good),
                process_s=statistics.median(r["process_s"] for r in good),
                parts_s=statistics.median(r.get("parts_s", 0.0) for r in good),
            )
        )
    return summaries


def baseline(summaries: list[Summary]) -> Summary | None:
    return next((s for s in summaries if s.key == "boxsdk" and s.runs), None)


def ratio(summary: Summary, base: Summary | None) -> float | None:
    if base is None or not summary.runs or summary.key == base.key:
        return None
    return base.wall_s / summary.wall_s


def fmt(value: float | None, pattern: str, missing: str = "—") -> str:
    return missing if value is None else format(value, pattern)


# --- markdown ----------------------------------------------------------------------------------------------------


def scenario_table(outcome: dict[str, Any]) -> list[str]:
    summaries = summarize(outcome)
    base = baseline(summaries)
    lines = [
        "| client | valid runs | wall s (median; min-max) | MiB/s | ideal s | % of ideal | speed vs boxsdk "
        "| peak RSS MB | CPU s (process; upload) | sent on the wire | bytes verified | server CPU s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in summaries:
        if not s.runs:
            lines.append(f"| {s.label} | 0 of {s.bad} | — | — | — | — | — | — | — | — | — | — |")
            continue
        speed = ratio(s, base)
        sent = f"{s.bytes_sent / MiB:.0f} MiB ({s.bytes_sent / s.size:.1%})"
        lines.append(
            f"| {s.label} | {s.runs} of {s.runs + s.bad} | {s.wall_s:.2f} ({s.wall_min:.2f}-{s.wall_max:.2f}) "
            f"| {s.throughput:.1f} | {fmt(s.ideal_s, '.2f')} | {fmt(s.ideal_share, '.0%')} "
            f"| {fmt(speed, '.2f')}{'x' if speed else ''} | {s.rss_mb:.0f} | {s.cpu_s:.2f}; {s.upload_cpu_s:.2f} "
            f"| {sent} | {s.bytes_verified / MiB:.0f} MiB | {s.server_cpu_s:.2f} |"
        )
    return lines


def runs_table(outcome: dict[str, Any]) -> list[str]:
    lines = [
        "| round | client | ok | wall s | process s | MiB/s | ideal s | peak RSS MB | CPU s | sent MiB "
        "| verified MiB | parts in flight | requests | error |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in outcome["runs"]:
        mibs = r["size"] / MiB / r["wall_s"] if r["wall_s"] else 0.0
        requests = ", ".join(f"{op} {n}" for op, n in sorted(r["requests"].items()))
        lines.append(
            f"| {r['round']} | {r['contender']} | {'yes' if r['ok'] else '**no**'} | {r['wall_s']:.2f} "
            f"| {r['process_s']:.2f} | {mibs:.1f} | {fmt(r['ideal_s'], '.2f')} | {r['peak_rss_bytes'] / MB:.0f} "
            f"| {r['cpu_s']:.2f} | {r['bytes_sent'] / MiB:.0f} | {r['bytes_verified'] / MiB:.0f} "
            f"| {r['max_parts_in_flight']} | {requests} "
            f"| {r['error'] or ''} |"
        )
    return lines


def find(results: dict[str, Any], name: str, key: str) -> Summary | None:
    outcome = results["scenarios"].get(name)
    if outcome is None:
        return None
    return next((s for s in summarize(outcome) if s.key == key and s.runs), None)


def bars(results: dict[str, Any]) -> list[str]:
    """PRODUCT.md's bars, each against the scenario that measures it."""

    def verdict(ok: bool | None) -> str:
        return "—" if ok is None else ("met" if ok else "**missed**")

    rows = []
    wan, wan_sdk = find(results, "wan-256m", "boxup"), find(results, "wan-256m", "boxsdk")
    speed = ratio(wan, wan_sdk) if wan else None
    rows.append(
        (
            "WAN 256 MiB new version: speed vs boxsdk `upload_big_file_version`",
            f"≥ {BARS['wan_ratio']:.0f}x",
            fmt(speed, ".2f") + ("x" if speed else ""),
            verdict(None if speed is None else speed >= BARS["wan_ratio"]),
        )
    )
    tls, tls_sdk = find(results, "https-wan-256m", "boxup"), find(results, "https-wan-256m", "boxsdk")
    speed = ratio(tls, tls_sdk) if tls else None
    rows.append(
        (
            "HTTPS WAN 256 MiB new version: speed vs boxsdk",
            f"≥ {BARS['wan_ratio']:.0f}x",
            fmt(speed, ".2f") + ("x" if speed else ""),
            verdict(None if speed is None else speed >= BARS["wan_ratio"]),
        )
    )
    loop, loop_sdk = find(results, "loopback-256m", "boxup"), find(results, "loopback-256m", "boxsdk")
    speed = ratio(loop, loop_sdk) if loop else None
    rows.append(
        (
            "loopback 256 MiB: speed vs boxsdk",
            f"≥ {BARS['loopback_ratio']:.0f}x",
            fmt(speed, ".2f") + ("x" if speed else ""),
            verdict(None if speed is None else speed >= BARS["loopback_ratio"]),
        )
    )
    big = [s for s in (find(results, "loopback-1g", "boxup"), find(results, "wan-1g", "boxup")) if s]
    rss = max((s.rss_mb for s in big), default=None)
    rows.append(
        (
            "1 GiB upload, default settings: peak RSS (the larger of loopback and WAN)",
            f"≤ {BARS['rss_mb']:.0f} MB",
            fmt(rss, ".0f") + (" MB" if rss else ""),
            verdict(None if rss is None else rss <= BARS["rss_mb"]),
        )
    )
    dedup = find(results, "wan-256m-dedup", "boxup")
    sent = dedup.bytes_sent / dedup.size if dedup else None
    rows.append(
        (
            "new version with 10% of the parts changed: bytes sent",
            f"≤ {BARS['dedup_share']:.0%}",
            fmt(sent, ".1%"),
            verdict(None if sent is None else sent <= BARS["dedup_share"]),
        )
    )
    lines = ["| bar (PRODUCT.md) | target | measured (boxup CLI, default settings) | |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return lines


def machine_lines(results: dict[str, Any]) -> list[str]:
    m = results["machine"]
    starts = sorted(o["started"] for o in [*results["scenarios"].values(), *filter(None, [results.get("tree")])])
    span = f"scenarios started from {starts[0]} to {starts[-1]}" if len(starts) > 1 else f"started {m['date']}"
    return [
        f"- {span} (`--merge` keeps scenarios of earlier invocations); last invocation at commit {m['commit']}",
        f"- machine: {m['cores']} cores ({m['cpu']}), {m['memory']} RAM, {m['os']}; load average at start "
        f"{', '.join(str(x) for x in m['load_avg_at_start'])}",
        f"- Python {m['python']}; boxsdk {m['boxsdk']}; httpx {m['httpx']}",
    ]


def markdown(results: dict[str, Any]) -> str:
    order = [s.name for s in SCENARIOS]
    outcomes = sorted(results["scenarios"].values(), key=lambda o: order.index(o["name"]))
    quick = any(o["quick"] for o in outcomes)
    out = [
        "# boxup benchmarks",
        "",
        f"Written by `{'make bench-quick' if quick else 'make bench'}` (`python -m tests.bench"
        f"{' --quick' if quick else ''}`) from a real run; the raw runs are in `results.json`. "
        "Redraw with `python -m tests.bench.report`.",
        "",
        *machine_lines(results),
        "",
        "Every client runs in its own process against a fresh emulator (`tests/fakebox`, one subprocess per scenario, "
        "reset before every run) with Box's real sizes: 20 MiB minimum, 8 MiB parts below 1 GiB, 32 MiB parts at "
        "1 GiB. The clients alternate (A B C A B C ...). After every run the file the emulator stored is read back "
        "through its admin API, hashed here and compared with the local file (size and SHA-1); a run whose bytes "
        "differ is invalid and listed below.",
        "",
        "The client and the emulator share the machine's cores, so on loopback both compete for CPU (the emulator "
        "hashes every part it receives), and a shared machine adds noise: compare medians, and read min-max.",
        "",
        "Columns: *wall s*: spawn to exit of the client's own program, as `time` would show it: boxup's console "
        "script, rclone's binary, a Python process that imports boxsdk and uploads (interpreter start and imports "
        "included; the per-run tables add the bench wrapper's own spawn to exit); *MiB/s*: file size / wall; "
        "*peak RSS*: the client program's own high-water mark (`VmHWM`, sampled every 10 ms; 1 MB = 10^6 bytes); "
        "*CPU s*: user + sys of the bench wrapper with the client (`wait4`), then of the client program alone; "
        "*sent on the wire*: `upload_part` request bodies the emulator received; *bytes verified*: the stored file "
        "equals the local file; *server CPU s*: the emulator's user + sys during the run.",
        "",
        f"WAN profile: {WAN_LATENCY * 1000:.0f} ms added to every request, {WAN_BANDWIDTH / MiB:.0f} MiB/s per "
        "connection. " + IDEAL_FORMULA,
        "",
        "## Bars",
        "",
        *bars(results),
        "",
        *https_report().section(results),
        *tree_report.section(results),
    ]
    if "wan-256m-sweep" in results["scenarios"]:
        out += ["## Throughput vs concurrency (WAN, 256 MiB)", "", "![throughput vs concurrency](throughput.png)", ""]
    bad: list[str] = []
    for outcome in outcomes:
        scenario = by_name(outcome["name"])
        parts = f"{outcome['total_parts']} parts of {label_of(outcome['part_size'])}"
        if scenario.mode == "dedup":
            parts += f", {outcome['changed_parts']} of them changed"
        out += [
            f"## {scenario.name}",
            "",
            f"{scenario.title[0].upper()}{scenario.title[1:]}; {parts}; {outcome['rounds']} round"
            f"{'s' if outcome['rounds'] > 1 else ''}, started {outcome['started']}, code {outcome.get('code', '?')}"
            + (
                f", 1-minute load average {outcome['load_avg_1m'][0]} before and {outcome['load_avg_1m'][1]} after."
                if "load_avg_1m" in outcome
                else "."
            ),
            "",
            *scenario_table(outcome),
            "",
            "<details><summary>every run</summary>",
            "",
            *runs_table(outcome),
            "",
            "</details>",
            "",
        ]
        bad += [
            f"- {outcome['name']} round {r['round']} {r['contender']}: {r['error']}"
            for r in outcome["runs"]
            if not r["ok"]
        ]
        bad += [
            f"- {outcome['name']} round {r['round']} {r['contender']}: {r['violations']} spec violations (valid bytes)"
            for r in outcome["runs"]
            if r["violations"]
        ]
    codes = sorted({o.get("code", "?") for o in outcomes})
    changed = [o["name"] for o in outcomes if o.get("code_changed_during")]
    if len(codes) > 1 or changed:
        bad.append(
            f"- the code under test (wrapper/, cli/, generated/) changed during the suite: fingerprints "
            f"{', '.join(codes)}" + (f"; it changed in the middle of {', '.join(changed)}" if changed else "")
        )
    out += ["## Invalid runs, spec violations, code changes", "", *(bad or ["None."]), ""]
    return "\n".join(out)


def https_report() -> Any:
    """The HTTPS section's module (it builds on this one, so it is imported when used)."""
    from . import https_report as module

    return module


# --- chart -------------------------------------------------------------------------------------------------------


def chart(results: dict[str, Any], path: Path) -> bool:
    outcome = results["scenarios"].get("wan-256m-sweep")
    if outcome is None:
        return False
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scenario = by_name("wan-256m-sweep")
    summaries = {s.key: s for s in summarize(outcome) if s.runs}
    points = [(c.connections, summaries[c.key]) for c in scenario.contenders if c.kind == "cli" and c.key in summaries]
    fig, ax = plt.subplots(figsize=(8, 5), dpi=120)
    if points:
        xs = [n for n, _ in points]
        ys = [s.throughput for _, s in points]
        low = [y - outcome["size"] / MiB / s.wall_max for y, (_, s) in zip(ys, points, strict=True)]
        high = [outcome["size"] / MiB / s.wall_min - y for y, (_, s) in zip(ys, points, strict=True)]
        ax.errorbar(
            xs, ys, yerr=[low, high], marker="o", capsize=4, label="boxup CLI --concurrency N (median, min-max)"
        )
        ideal = [outcome["size"] / MiB / s.ideal_s for _, s in points if s.ideal_s]
        ax.plot(xs, ideal, linestyle=":", color="gray", marker=".", label="ideal (see RESULTS.md)")
        for x, y, (_, s) in zip(xs, ys, points, strict=True):
            share = f" ({s.ideal_share:.0%})" if s.ideal_share else ""
            ax.annotate(f"{y:.0f}{share}", (x, y), textcoords="offset points", xytext=(6, -12), fontsize=8)
    sdk = summaries.get("boxsdk")
    if sdk is not None:
        ax.axhline(sdk.throughput, color="tab:red", linestyle="--", label=f"boxsdk 10.18 ({sdk.throughput:.1f} MiB/s)")
    ax.set_xscale("log", base=2)
    ax.set_xticks([1, 2, 4, 8, 16], labels=["1", "2", "4", "8", "16"])
    ax.set_xlabel("parts in flight (--concurrency)")
    ax.set_ylabel("MiB/s")
    ax.set_ylim(bottom=0)
    ax.set_title("256 MiB new version, WAN profile (40 ms/request, 12 MiB/s per connection)")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return True


def write(results: dict[str, Any], out: Path) -> int:
    """Write RESULTS.md and the chart; return how many runs were invalid."""
    (out / "RESULTS.md").write_text(markdown(results))
    chart(results, out / "throughput.png")
    https_report().chart(results, out / "https.png")
    tree_report.chart(results, out / "tree.png")
    tree_runs = results.get("tree", {}).get("runs", [])
    return sum(not r["ok"] for o in results["scenarios"].values() for r in o["runs"]) + sum(
        not r["ok"] for r in tree_runs
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.report", description=__doc__)
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    results = json.loads((args.out / "results.json").read_text())
    bad = write(results, args.out)
    print(f"wrote {args.out / 'RESULTS.md'}" + (f"; {bad} invalid runs" if bad else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
