"""What goes to stdout: one JSON object with ``--json``, otherwise a short summary for a person.

Nothing else ever writes to stdout, so ``boxup upload ... --json | jq`` always sees exactly one object.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any

import attrs
import boxup
from boxup.profiles import Setting

UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")


def human_size(size: float) -> str:
    """Binary units, as Box counts part sizes: 5242880 -> '5.0 MiB'."""
    value = float(size)
    for unit in UNITS:
        if abs(value) < 1024 or unit == UNITS[-1]:
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


def human_duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m{secs:02d}s" if hours else f"{minutes}m{secs:02d}s"


def emit_json(document: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def emit_text(text: str) -> None:
    sys.stdout.write(text.rstrip("\n") + "\n")
    sys.stdout.flush()


def _rows(pairs: list[tuple[str, str]]) -> str:
    width = max(len(key) for key, _ in pairs)
    return "\n".join(f"{key.ljust(width)}  {value}" for key, value in pairs)


def upload_summary(file: boxup.UploadedFile, *, elapsed: float, parts_skipped: int = 0) -> str:
    size = file.size or 0
    rate = f", {human_size(size / elapsed)}/s average" if elapsed > 0 and size else ""
    resumed = f" (resumed: {parts_skipped} parts were already on Box)" if parts_skipped else ""
    version = f" (version {file.version_id})" if file.version_id else ""
    return _rows(
        [
            ("uploaded", file.name or "?"),
            ("file id", f"{file.id}{version}"),
            ("size", f"{human_size(size)} ({size} bytes)"),
            ("sha1", file.sha1 or "?"),
            ("time", f"{human_duration(elapsed)}{rate}{resumed}"),
        ]
    )


def records_table(records: list[boxup.UploadRecord]) -> str:
    header = ("SESSION", "SIZE", "DESTINATION", "EXPIRES", "FILE")
    return _table(
        header,
        [
            (r.session_id, human_size(r.source.size), r.destination.describe(), r.expires_at or "-", r.source.path)
            for r in records
        ],
    )


def settings_table(settings: Iterable[Setting]) -> str:
    """``config show``: one setting a line, its value (secrets masked) and where it came from."""
    return _table(("SETTING", "VALUE", "SOURCE"), [(s.name, s.shown, s.source) for s in settings])


def _table(header: tuple[str, ...], body: list[tuple[str, ...]]) -> str:
    rows = [header, *body]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows)


def session_json(status: boxup.SessionStatus, parts: list[boxup.PartRecord]) -> dict[str, Any]:
    return {
        "id": status.id,
        "part_size": status.part_size,
        "total_parts": status.total_parts,
        "num_parts_processed": status.num_parts_processed,
        "expires_at": status.expires_at,
        "parts": [attrs.asdict(p) for p in parts],
        "local": status.record.to_json() if status.record else None,
    }


def session_text(status: boxup.SessionStatus, parts: list[boxup.PartRecord]) -> str:
    held = sum(p.size for p in parts)
    pairs = [
        ("session", status.id),
        ("part size", human_size(status.part_size) if status.part_size else "?"),
        ("parts on Box", f"{len(parts)} of {status.total_parts or '?'} ({human_size(held)})"),
        ("expires", status.expires_at or "?"),
    ]
    if status.record is not None:
        pairs += [("file", status.record.source.path), ("destination", status.record.destination.describe())]
    else:
        pairs.append(("local record", "none (not started from this machine, or already settled)"))
    return _rows(pairs)
