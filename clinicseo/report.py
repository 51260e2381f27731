"""The SEO readability report: one self-contained ``report.html`` and a ``drafts.csv``.

``report.html`` needs no network and no other file: styles are inline, the charts are
inline SVG drawn here (score distribution, the checks failing most, readability by topic
and variant), and every draft has its check list and its text with the flagged spans
highlighted. It prints cleanly to PDF (print CSS opens every draft). All draft text —
which may derive from competitor topics — is autoescaped by Jinja2; the SVG is built from
escaped labels only.

``drafts`` are dicts as ``store.get_draft`` returns them (``scores``, ``checks`` and
``blocking`` already decoded). Missing keys are tolerated: a draft never scored shows empty.

Failure modes: an unwritable ``out_dir`` raises ``OSError`` from the file system;
nothing is half-written (each file goes to a temporary name first, then is renamed).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import Any

from markupsafe import Markup

from clinicseo.scoring.document import plain_text
from clinicseo.untrusted import csv_cell

CSV_FIELDS = (
    "id", "topic", "variant", "state", "title", "seo_title", "slug", "keyphrase",
    "readability", "seo", "flesch_reading_ease", "words", "approvable", "blocking",
    "failing_checks", "publish_at", "wordpress_id",
)  # fmt: skip
COLOURS = {"readability": "#2b6cb0", "seo": "#2f855a", "bad": "#c53030", "ok": "#dd6b20"}


def _scores(d: dict[str, Any]) -> dict[str, Any]:
    return d.get("scores") or {}


def _check_value(d: dict[str, Any], check_id: str) -> Any:
    return next((c.get("value") for c in d.get("checks") or [] if c.get("id") == check_id), None)


def _bars(rows: Sequence[tuple[str, Sequence[tuple[float, str]]]], *, max_value: float,
          title: str, unit: str = "") -> Markup:  # fmt: skip
    """A horizontal bar chart: one row per label, one bar per (value, colour)."""
    label_w, bar_w, row_h = 260, 380, 22
    per_bar = max((len(bars) for _, bars in rows), default=1)
    height = 30 + len(rows) * (row_h * per_bar + 6)
    out = [
        f'<svg role="img" width="{label_w + bar_w + 70}" '
        f'height="{height}" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    y = 24
    for label, bars in rows:
        short = label if len(label) <= 38 else label[:37] + "…"
        mid = y + (row_h * len(bars)) / 2 + 4
        out.append(
            f'<text x="{label_w - 8}" y="{mid:.0f}" text-anchor="end">{escape(short)}</text>'
        )
        for value, colour in bars:
            if value == 0 and len(bars) > 1:  # an empty second bar only adds noise
                continue
            w = 0 if max_value <= 0 else max(0.0, min(1.0, value / max_value)) * bar_w
            out.append(
                f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{row_h - 4}" '
                f'fill="{colour}"/><text x="{label_w + w + 4:.1f}" y="{y + row_h - 8}">'
                f"{value:g}{escape(unit)}</text>"
            )
            y += row_h
        y += 6
    out.append("</svg>")
    return Markup("".join(out))


def _histogram(drafts: Sequence[dict[str, Any]]) -> Markup:
    """Score distribution: drafts per 10-point band, readability and SEO side by side."""
    bands = [f"{lo}–{lo + 9 if lo < 90 else 100}" for lo in range(0, 100, 10)]
    counts = {k: Counter[int]() for k in ("readability", "seo")}
    for d in drafts:
        for k in counts:
            v = _scores(d).get(k)
            if isinstance(v, int | float):
                counts[k][min(9, int(v) // 10)] += 1
    top = max([1, *counts["readability"].values(), *counts["seo"].values()])
    w, h, pad = 640, 220, 30
    col = (w - pad) / 10
    out = [
        f'<svg role="img" width="{w}" height="{h + 40}" '
        'aria-label="Score distribution"><title>Score distribution</title>'
    ]
    for i, band in enumerate(bands):
        x = pad + i * col
        for j, k in enumerate(("readability", "seo")):
            n = counts[k][i]
            bh = n / top * (h - 20)
            bx = x + 4 + j * (col / 2 - 4)
            out.append(
                f'<rect x="{bx:.1f}" y="{h - bh:.1f}" width="{col / 2 - 6:.1f}" '
                f'height="{bh:.1f}" fill="{COLOURS[k]}"><title>{k} {band}: {n}</title></rect>'
            )
            if n:
                out.append(f'<text x="{bx:.1f}" y="{h - bh - 3:.1f}">{n}</text>')
        out.append(f'<text x="{x + 6:.1f}" y="{h + 16}" font-size="11">{band}</text>')
    out.append(
        f'<text x="{pad}" y="{h + 34}" fill="{COLOURS["readability"]}">■ readability</text>'
        f'<text x="{pad + 120}" y="{h + 34}" fill="{COLOURS["seo"]}">■ SEO</text></svg>'
    )
    return Markup("".join(out))


def _failing(drafts: Sequence[dict[str, Any]]) -> list[tuple[str, int, int]]:
    """(check id, drafts where it is bad, where it is ok), most often bad first."""
    bad, ok = Counter[str](), Counter[str]()
    for d in drafts:
        for c in d.get("checks") or []:
            if c.get("status") == "bad":
                bad[c.get("id", "?")] += 1
            elif c.get("status") == "ok":
                ok[c.get("id", "?")] += 1
    ids = sorted(set(bad) | set(ok), key=lambda i: (-bad[i], -ok[i], i))
    return [(i, bad[i], ok[i]) for i in ids[:12]]


def _by_topic(drafts: Sequence[dict[str, Any]]) -> list[tuple[str, Sequence[tuple[float, str]]]]:
    rows: list[tuple[str, Sequence[tuple[float, str]]]] = []
    for d in sorted(drafts, key=lambda d: (str(d.get("topic", "")), str(d.get("variant", "")))):
        label = f"{d.get('topic', '')} · {d.get('variant') or '#' + str(d.get('id', ''))}"
        fre = _check_value(d, "flesch_reading_ease")
        bars = [(float(_scores(d).get("readability") or 0), COLOURS["readability"])]
        if isinstance(fre, int | float):
            bars.append((round(float(fre), 1), "#805ad5"))
        rows.append((label, bars))
    return rows


def _highlight(d: dict[str, Any]) -> Markup:
    """The draft's plain text with every check's spans marked (escaped, overlaps merged)."""
    try:
        text = plain_text(d.get("html") or "", "html")
    except Exception:  # a draft's HTML that cannot be read is shown without marks
        return Markup(escape(str(d.get("html") or "")))
    marks: list[tuple[int, int, str, str]] = []
    for c in d.get("checks") or []:
        if c.get("status") == "good":
            continue
        for span in c.get("spans") or []:
            a, b = int(span[0]), int(span[1])
            if 0 <= a < b <= len(text):
                marks.append((a, b, str(c.get("kind", "")), str(c.get("id", ""))))
    marks.sort()
    out, pos = [], 0
    for a, b, kind, cid in marks:
        if a < pos:  # overlapping span: extend nothing, the earlier mark already shows it
            a = pos
        if a >= b:
            continue
        out.append(escape(text[pos:a]))
        out.append(f'<mark class="{escape(kind)}" title="{escape(cid)}">{escape(text[a:b])}</mark>')
        pos = b
    out.append(escape(text[pos:]))
    return Markup("".join(out).replace("\n\n", "<br><br>"))


def _context(drafts: Sequence[dict[str, Any]], clinic_name: str, generated_at: datetime) -> dict:
    failing = _failing(drafts)
    states = Counter(str(d.get("state", "")) for d in drafts)

    def avg(k: str) -> float:
        vals = [_scores(d).get(k) for d in drafts]
        nums = [float(v) for v in vals if isinstance(v, int | float)]
        return round(sum(nums) / len(nums), 1) if nums else 0.0

    details = [{**d, "marked": _highlight(d), "scores": _scores(d)} for d in drafts]
    return {
        "clinic_name": clinic_name,
        "generated_at": generated_at.isoformat(timespec="minutes"),
        "drafts": details,
        "states": sorted(states.items()),
        "approvable": sum(1 for d in drafts if d.get("approvable")),
        "avg_readability": avg("readability"),
        "avg_seo": avg("seo"),
        "histogram": _histogram(drafts),
        "failing_count": len(failing),
        "failing_chart": _bars(
            [(i, [(b, COLOURS["bad"]), (o, COLOURS["ok"])]) for i, b, o in failing],
            max_value=max([1, *(b for _, b, _ in failing), *(o for _, _, o in failing)]),
            title="Checks failing most (red: bad, orange: ok)",
        ),
        "topic_chart": _bars(
            _by_topic(drafts),
            max_value=100,
            title="Readability by topic and variant (blue: score, purple: Flesch)",
        ),  # fmt: skip
    }


def render_report_html(
    drafts: Sequence[dict[str, Any]], *, clinic_name: str, generated_at: datetime
) -> str:
    """The report as one HTML string (the review app serves it as is)."""
    from jinja2 import Environment

    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    source = (files("clinicseo") / "report_template.html").read_text("utf-8")
    return env.from_string(source).render(**_context(drafts, clinic_name, generated_at))


def _cell(value: Any) -> Any:
    return csv_cell(" ".join(value) if isinstance(value, list) else value)


def render_csv(drafts: Sequence[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_FIELDS)
    for d in drafts:
        failing = [c.get("id") for c in d.get("checks") or [] if c.get("status") == "bad"]
        row = {
            **d,
            "readability": _scores(d).get("readability"),
            "seo": _scores(d).get("seo"),
            "flesch_reading_ease": _check_value(d, "flesch_reading_ease"),
            "words": _check_value(d, "text_length"),
            "failing_checks": failing,
            "approvable": "yes" if d.get("approvable") else "no",
        }  # fmt: skip
        writer.writerow([_cell(row.get(k)) for k in CSV_FIELDS])
    return buf.getvalue()


def _write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600; the report is for the whole team
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_report(
    drafts: list[dict[str, Any]], out_dir: Path, *, clinic_name: str, generated_at: datetime
) -> tuple[Path, Path]:
    """Write ``report.html`` and ``drafts.csv`` into ``out_dir`` (created if missing)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path, csv_path = out_dir / "report.html", out_dir / "drafts.csv"
    _write(
        html_path, render_report_html(drafts, clinic_name=clinic_name, generated_at=generated_at)
    )
    _write(csv_path, render_csv(drafts))
    return html_path, csv_path
