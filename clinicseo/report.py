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
import sqlite3
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


def _bar_rows(rows: Sequence[tuple[str, float, str]], *, max_value: float, unit: str = "",
              title: str, note: str = "") -> Markup:  # fmt: skip
    """A horizontal bar chart in HTML: the whole label (it wraps, never cut), a bar, the
    value. Prints as drawn (print-color-adjust) and shrinks to a phone's width."""
    out = [f'<figure class="bars" aria-label="{escape(title)}">']
    for label, value, colour in rows:
        share = 0.0 if max_value <= 0 else max(0.0, min(1.0, value / max_value)) * 100
        out.append(
            f'<div class="row"><span class="label">{escape(label)}</span>'
            f'<span class="track"><span class="bar" style="width:{share:.1f}%;'
            f'background:{colour}"></span></span><span class="val">{value:g}{escape(unit)}'
            "</span></div>"
        )
    if note:
        out.append(f"<figcaption>{escape(note)}</figcaption>")
    out.append("</figure>")
    return Markup("".join(out))


FIGURES = (
    # key, label, unit, what a reader should know
    ("flesch", "Flesch reading ease", "", "higher reads easier; 60 and above is plain English"),
    ("grade", "Reading grade", "", "years of school needed; 8 or lower suits patients"),
    ("words", "Words", "", "Yoast wants 300 or more; long articles need subheadings"),
    ("problems", "Checks not green", "", "red and orange checks of each draft"),
    ("overlap", "Overlap with the closest variant", "%",
     "5-word phrases shared; high means near-copies"),
)  # fmt: skip


def figures(d: dict[str, Any]) -> dict[str, float | None]:
    """The figures that tell drafts apart (the scores saturate: most drafts get 90/99)."""
    checks = d.get("checks") or []

    def num(check_id: str) -> float | None:
        v = _check_value(d, check_id)
        return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None

    overlap = num("uniqueness_variants")
    return {
        "flesch": num("flesch_reading_ease"),
        "grade": num("grade_level"),
        "words": num("text_length"),
        "problems": float(sum(1 for c in checks if c.get("status") in ("bad", "ok"))),
        "findings": float(sum(len(c.get("findings") or []) for c in checks)),
        "overlap": round(overlap * 100, 1) if overlap is not None else None,
    }


def _spread(values: Sequence[float], *, unit: str, title: str, note: str) -> Markup:
    """How many drafts fall in each of up to 8 equal bands over the values' own range."""
    if not values:
        return Markup("<p>No draft has this figure yet.</p>")
    lo, hi = min(values), max(values)
    if hi - lo < 1e-9:
        rows = [(f"{lo:g}{unit}", float(len(values)), COLOURS["readability"])]
        return _bar_rows(rows, max_value=len(values), title=title, note=note)
    n = min(8, len(set(values)))
    width = (hi - lo) / n
    counts = Counter(min(n - 1, int((v - lo) / width)) for v in values)
    digits = 0 if width >= 2 else 1 if width >= 0.2 else 2  # bands stay distinct when narrow
    rows = []
    for i in range(n):
        a, b = lo + i * width, lo + (i + 1) * width
        band = f"{a:.{digits}f}–{b:.{digits}f}{unit}"
        rows.append((band, float(counts[i]), COLOURS["readability"]))
    return _bar_rows(rows, max_value=max(counts.values()), title=title, note=note)


def _failing(drafts: Sequence[dict[str, Any]]) -> list[tuple[str, int, int]]:
    """(check name in plain words, drafts where it is bad, where it is ok), most often bad
    first."""
    from clinicseo.wording import plain

    bad, ok = Counter[str](), Counter[str]()
    for d in drafts:
        for c in d.get("checks") or []:
            if c.get("status") == "bad":
                bad[plain(c)[0]] += 1
            elif c.get("status") == "ok":
                ok[plain(c)[0]] += 1
    ids = sorted(set(bad) | set(ok), key=lambda i: (-bad[i], -ok[i], i))
    return [(i, bad[i], ok[i]) for i in ids[:12]]


def _by_topic(drafts: Sequence[dict[str, Any]]) -> list[tuple[str, float, str]]:
    rows = []
    for d in sorted(drafts, key=lambda d: (str(d.get("topic", "")), str(d.get("variant", "")))):
        fre = figures(d)["flesch"]
        if fre is None:
            continue
        label = f"#{d.get('id', '')} {d.get('title', '')} ({d.get('topic', '')})"
        rows.append((label, round(fre, 1), "#805ad5"))
    return rows


def _median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def comparison(
    blog_posts: Sequence[dict[str, Any]],
    pages: Sequence[dict[str, Any]],
    gap_topics: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    """The clinic's blog beside each competitor, from what the blog import and the crawl
    hold. Competitor text is never stored (only hashed phrases), so their readability is not
    known; their length, headings and key phrases are."""
    from clinicseo.scoring import score_document

    groups: list[dict[str, Any]] = []
    posts = [p for p in blog_posts if (p.get("text") or "").strip()]
    if posts or any(p.get("is_own") for p in pages):
        fre, words = [], []
        for p in posts:
            scored = score_document(p["text"], fmt="text")
            words.append(float(scored["words"]))
            fre.append(float(scored["readability"]["flesch_reading_ease"]))
        own_pages = [p for p in pages if p.get("is_own")]
        groups.append(_group("Your blog", len(posts) or len(own_pages), words
                             or [float(p.get("word_count") or 0) for p in own_pages],
                             fre, own_pages, [p.get("keyphrase") or p.get("title") or ""
                                              for p in posts]))  # fmt: skip
    by_site: dict[str, list[dict[str, Any]]] = {}
    for p in pages:
        if not p.get("is_own"):
            by_site.setdefault(str(p.get("site", "")), []).append(p)
    for site, site_pages in sorted(by_site.items()):
        phrases = [k for p in site_pages for k in (p.get("keyphrases") or [])[:3]]
        words = [float(p.get("word_count") or 0) for p in site_pages if p.get("word_count")]
        groups.append(_group(site, len(site_pages), words, [], site_pages, phrases))
    return {"groups": groups, "gaps": [t.get("label", "") for t in gap_topics][:12]}


def site_comparison(conn: sqlite3.Connection) -> dict[str, Any]:
    """:func:`comparison` over what the database holds (blog import, crawl, topic gaps)."""
    from clinicseo import store

    return comparison(
        store.blog_posts(conn),
        store.list_pages(conn, shingles=False),
        store.list_topics(conn, gaps_only=True),
    )


def _group(name: str, count: int, words: list[float], fre: list[float],
           pages: Sequence[dict[str, Any]], phrases: Sequence[Any]) -> dict[str, Any]:  # fmt: skip
    headings = [float(len(p.get("h2") or []) + len(p.get("h3") or [])) for p in pages]
    common = Counter(str(x).lower() for x in phrases if x).most_common(5)
    return {
        "name": name,
        "count": count,
        "words": _median(words),
        "flesch": _median(fre),
        "headings": _median(headings),
        "phrases": [k for k, _ in common],
    }


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


def _context(
    drafts: Sequence[dict[str, Any]],
    clinic_name: str,
    generated_at: datetime,
    compare: dict[str, Any] | None = None,
) -> dict[str, Any]:
    failing = _failing(drafts)
    states = Counter(str(d.get("state", "")) for d in drafts)
    details = [
        {**d, "marked": _highlight(d), "scores": _scores(d), "fig": figures(d)} for d in drafts
    ]
    spreads = []
    for key, label, unit, note in FIGURES:
        values = [v for d in details if (v := d["fig"][key]) is not None]
        spreads.append((label, note, _spread(values, unit=unit, title=label, note=note)))
    words_chart = [
        (f"{g['name']} ({g['count']} pages)", round(g["words"] or 0), COLOURS["seo"])
        for g in (compare or {}).get("groups", [])
        if g["words"] is not None
    ]
    return {
        "clinic_name": clinic_name,
        "generated_at": generated_at.isoformat(timespec="minutes"),
        "drafts": details,
        "states": sorted(states.items()),
        "approvable": sum(1 for d in drafts if d.get("approvable")),
        "spreads": spreads,
        "failing_count": len(failing),
        "failing_chart": _bar_rows(
            [(name, float(b), COLOURS["bad"]) for name, b, _ in failing if b]
            + [(f"{name} (orange)", float(o), COLOURS["ok"]) for name, b, o in failing if not b],
            max_value=max([1, *(b for _, b, _ in failing), *(o for _, _, o in failing)]),
            title="Checks failing most",
        ),
        "topic_chart": _bar_rows(
            _by_topic(drafts), max_value=100, title="Flesch reading ease by draft",
            note="Higher reads easier; 60 and above is plain English.",
        ),  # fmt: skip
        "compare": compare,
        "words_chart": _bar_rows(
            words_chart,
            max_value=max([1.0, *(w for _, w, _ in words_chart)]),
            title="Median words per page",
        ),
    }


def render_report_html(
    drafts: Sequence[dict[str, Any]],
    *,
    clinic_name: str,
    generated_at: datetime,
    compare: dict[str, Any] | None = None,
) -> str:
    """The report as one HTML string (the review app serves it as is). ``compare``: the
    blog-versus-competitors figures from :func:`comparison` (the section is left out
    without it)."""
    from jinja2 import Environment

    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    source = (files("clinicseo") / "report_template.html").read_text("utf-8")
    return env.from_string(source).render(**_context(drafts, clinic_name, generated_at, compare))


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
    drafts: list[dict[str, Any]],
    out_dir: Path,
    *,
    clinic_name: str,
    generated_at: datetime,
    compare: dict[str, Any] | None = None,
) -> tuple[Path, Path]:
    """Write ``report.html`` and ``drafts.csv`` into ``out_dir`` (created if missing)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path, csv_path = out_dir / "report.html", out_dir / "drafts.csv"
    html = render_report_html(
        drafts, clinic_name=clinic_name, generated_at=generated_at, compare=compare
    )
    _write(html_path, html)
    _write(csv_path, render_csv(drafts))
    return html_path, csv_path
