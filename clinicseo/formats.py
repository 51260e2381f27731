"""Plain-text tables, JSON and CSV for the CLI's output. No colours, no terminal tricks:
output is often piped into files and spreadsheets. Tables go through
``untrusted.terminal_text`` and CSV cells through ``untrusted.csv_cell``."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from clinicseo.untrusted import csv_cell, json_text, terminal_text


def clinic_time(when: datetime | str | None, tz: tzinfo) -> str:
    """A stored time (aware datetime or ISO text) as staff read it: "Thu 03 Dec 2026 09:00 AEDT"."""
    if not when:
        return "-"
    moment = datetime.fromisoformat(when) if isinstance(when, str) else when
    return moment.astimezone(tz).strftime("%a %d %b %Y %H:%M %Z")


def to_json(value: Any) -> str:
    return json_text(value, indent=2)


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """A left-aligned text table; long cells are cut with an ellipsis."""
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    for row in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([csv_cell(r.get(c)) for c in columns])
    return out.getvalue()


def _cell(value: Any, limit: int = 60) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = terminal_text(" ".join(str(value).split()))  # escaped before widths are measured
    return text if len(text) <= limit else text[: limit - 1] + "…"
