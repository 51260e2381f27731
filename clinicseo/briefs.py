"""Content briefs for human writers: what a gap topic needs, in one document.

`build_brief` gathers, from the store and the config, what a writer needs for one topic: the
focus keyphrase and its variants, what competitors cover (their headings and questions, with
the pages), a target length and heading count from the competitors' spread, a suggested
outline with the sections every article must have, the clinic's health-advertising rules in
plain words, internal links and sources worth citing. Competitor pages are described by their
headings and questions only, never their text. `render_brief` turns it into Markdown or HTML;
`write_docx` into a Word file.

Failure modes: an empty topic is an InputError; a topic the crawl has not seen still gets a
brief (the competitor parts say so), since a writer can start from the rules and outline.
"""

from __future__ import annotations

import html
import re
import sqlite3
import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from clinicseo import store
from clinicseo.config import Config
from clinicseo.errors import InputError
from clinicseo.library import load_library

# Sections every article carries, whatever competitors do: R7 asks for risks and recovery.
REQUIRED_SECTIONS = ("What it is and how it works", "Who it suits, and who it does not",
                     "Risks, side effects and recovery", "Questions people ask")
DEFAULT_WORDS, DEFAULT_HEADINGS = 900, 6  # when no competitor page covers the topic
MAX_HEADINGS, MAX_LINKS = 20, 8
# Words too general to tie a paper to a topic ("skin barrier" is not about "skin types").
GENERIC_WORDS = frozenset({"skin", "treatment", "treatments", "care", "face", "facial",
                           "clinic", "the", "and", "for", "your", "how", "what"})
# Competitor headings on these subjects are already in the required sections above.
COVERED_BY_REQUIRED = frozenset({"what", "recovery", "aftercare", "risk", "risks", "side",
                                 "downtime", "healing", "avoid", "suitable", "suits"})


@dataclass
class Brief:
    topic: str
    keyphrase: str
    variants: list[str]
    jurisdiction: str
    words: dict[str, Any]
    headings_count: dict[str, Any]
    competitor_pages: list[dict[str, Any]]  # url, site, title, headings
    questions: list[str]
    outline: list[str]
    rules: list[dict[str, str]]  # id, title, plain, avoid, instead, note, source
    internal_links: list[dict[str, str]]  # title, url, why
    sources: list[dict[str, str]] = field(default_factory=list)  # label, name, url


def build_brief(conn: sqlite3.Connection, config: Config, topic: str) -> Brief:
    label = " ".join(topic.split())
    if not label:
        raise InputError("brief: the topic text is empty")
    row = _topic_row(conn, config, label)
    facts = (row or {}).get("brief") or {}
    keyphrase = str(facts.get("keyphrase") or "") or _keyphrase(label)
    pages = _competitor_pages(conn, row)
    headings = [h for p in pages for h in p["headings"]]
    words = facts.get("word_count") or {}
    heads = facts.get("headings") or {}
    return Brief(
        topic=row["label"] if row else label,
        keyphrase=keyphrase,
        variants=list(facts.get("variants") or []),
        jurisdiction=config.clinic.jurisdiction,
        words={"target": _target(words, DEFAULT_WORDS), **words},
        headings_count={"target": _target(heads, DEFAULT_HEADINGS), **heads},
        competitor_pages=pages,
        questions=list((row or {}).get("questions") or []),
        outline=_outline(keyphrase, headings),
        rules=_rules(config.clinic.jurisdiction),
        internal_links=_internal_links(conn, config, keyphrase),
        sources=_sources(config, keyphrase),
    )


def _topic_row(conn: sqlite3.Connection, config: Config, label: str) -> dict[str, Any] | None:
    from clinicseo.topic_terms import load_vocabulary
    from clinicseo.topics import current_topics

    wanted = label.lower()
    for row in current_topics(conn, load_vocabulary(config.topics.vocabulary)):
        if wanted in (row["label"].lower(), row["key"].lower()):
            return row
    return None


def _keyphrase(label: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", label.lower()))


def _target(spread: dict[str, Any], default: int) -> int:
    """A little above the competitors' median, so the article covers at least as much."""
    median = spread.get("median")
    return default if not median else int(round(max(median, spread.get("p75") or 0)))


def _competitor_pages(conn: sqlite3.Connection, row: dict[str, Any] | None) -> list[dict]:
    if not row:
        return []
    wanted = [e["url"] for e in row.get("evidence") or []]
    by_url = {p["url"]: p for p in store.list_pages(conn, own=False, shingles=False)}
    out = []
    for url in wanted:
        page = by_url.get(url)
        if page:
            heads = [*(page.get("h2") or []), *(page.get("h3") or [])]
            out.append({"url": url, "site": page["site"], "title": page.get("title") or url,
                        "headings": heads[:MAX_HEADINGS]})
    return out


def _outline(keyphrase: str, competitor_headings: list[str]) -> list[str]:
    """The required sections, plus the competitors' most common other headings (deduplicated
    by their words, so "Aftercare" and "aftercare tips" are one line)."""
    seen: set[frozenset[str]] = set()
    extra: list[str] = []
    for heading in competitor_headings:
        words = frozenset(re.findall(r"[a-z]{3,}", heading.lower())) - {"the", "and", "for"}
        if words & COVERED_BY_REQUIRED:
            continue
        if words and not any(words <= s or s <= words for s in seen):
            seen.add(words)
            extra.append(heading)
    intro = f"Introduction: what the reader will learn about {keyphrase}, in two or three sentences"
    return [intro, *REQUIRED_SECTIONS[:2], *extra[:6], *REQUIRED_SECTIONS[2:],
            "When to book a consultation"]


def _rules(jurisdiction: str) -> list[dict[str, str]]:
    from clinicseo.scoring.compliance import load_pack

    guide = tomllib.loads((files("clinicseo") / "writing_rules.toml").read_text("utf-8"))
    out = []
    for rule in load_pack(jurisdiction).rules:
        words = guide.get(rule.id, {})
        out.append({
            "id": rule.id, "title": rule.title, "source": rule.source,
            "plain": words.get("plain", rule.title), "avoid": words.get("avoid", ""),
            "instead": words.get("instead", ""),
            "note": (words.get("note") or {}).get(jurisdiction.upper(), ""),
        })
    return out


def _internal_links(conn: sqlite3.Connection, config: Config, keyphrase: str) -> list[dict]:
    links = [{"title": s.title, "url": s.url, "why": "service page"}
             for s in config.clinic.service_pages]
    wanted = set(keyphrase.split())
    related = []
    for post in store.blog_posts(conn):
        if post["status"] != "publish" or not post["url"]:
            continue
        shared = wanted & set(re.findall(r"[a-z0-9-]+", post["title"].lower()))
        if shared:
            related.append((len(shared), post))
    related.sort(key=lambda item: -item[0])
    links += [{"title": p["title"], "url": p["url"], "why": "related post on our blog"}
              for _, p in related]
    return links[:MAX_LINKS]


def _sources(config: Config, keyphrase: str) -> list[dict[str, str]]:
    """The library's sources that name one of the keyphrase's words; a writer on another
    treatment gets none rather than microneedling papers."""
    library = load_library(config.generate.templates_dir or None)
    words = set(keyphrase.split()) - GENERIC_WORDS
    return [dict(s) for s in library.material.get("sources", {}).values()
            if words & set(re.findall(r"[a-z0-9-]+", f"{s.get('name')} {s.get('label')}".lower()))]


# --- output -----------------------------------------------------------------------------------


def render_brief(brief: Brief, fmt: str) -> str:
    """The brief as Markdown (`md`) or one self-contained HTML page (`html`)."""
    if fmt == "md":
        return "\n".join(_markdown(brief)) + "\n"
    if fmt == "html":
        return _html(brief)
    raise InputError(f"--format: expected md, html or docx, found {fmt!r}")


def _sections(brief: Brief) -> list[tuple[str, list[str]]]:
    """(heading, lines) pairs shared by every output format; lines are plain text."""
    w, h = brief.words, brief.headings_count
    spread = (f"competitors: median {_n(w['median'])}, middle half {_n(w.get('p25'))}-"
              f"{_n(w.get('p75'))}" if w.get("median") else "no competitor page covers this "
              "topic yet")
    pages = [f"{p['site']}: {p['title']} ({p['url']}) - headings: "
             + ("; ".join(p["headings"]) or "none") for p in brief.competitor_pages]
    rules = []
    for r in brief.rules:
        line = f"{r['id']} {r['plain']}"
        if r["avoid"]:
            line += f" Do not write: \"{r['avoid']}\" Write instead: \"{r['instead']}\""
        if r["note"]:
            line += f" ({brief.jurisdiction}: {r['note']})"
        rules.append(f"{line} Source: {r['source']}")
    return [
        ("Focus keyphrase", [brief.keyphrase, *(f"variant: {v}" for v in brief.variants)]),
        ("Target length", [f"about {w['target']} words ({spread})",
                           f"about {h['target']} subheadings (H2/H3)"]),
        ("Suggested outline", brief.outline),
        ("Questions to answer", brief.questions or ["none found on competitor pages"]),
        ("What competitors cover", pages or ["no competitor page covers this topic yet"]),
        (f"Rules for health advertising ({brief.jurisdiction})", rules),
        ("Internal links to include", [f"{link['title']}: {link['url']} ({link['why']})"
                                       for link in brief.internal_links] or ["none configured"]),
        ("Sources worth citing", [f"{s.get('label', '')}: {s.get('name', '')} ({s.get('url', '')})"
                                  for s in brief.sources]
         or ["none in the clinic's library fit this topic: cite peer-reviewed research"]),
    ]


def _n(value: Any) -> str:
    return "?" if value is None else str(int(round(float(value))))


def _markdown(brief: Brief) -> list[str]:
    out = [f"# Brief: {_md(brief.topic)}", ""]
    for heading, lines in _sections(brief):
        ordered = heading == "Suggested outline"
        out += [f"## {heading}", ""]
        out += [f"{i}. {_md(t)}" if ordered else f"- {_md(t)}" for i, t in enumerate(lines, 1)]
        out.append("")
    return out


def _md(text: str) -> str:
    # Competitor headings are data: keep them from becoming Markdown structure or HTML.
    return re.sub(r"([\\`*\[\]<>#|])", r"\\\1", " ".join(text.split()))


def _html(brief: Brief) -> str:
    body = [f"<h1>Brief: {html.escape(brief.topic)}</h1>"]
    for heading, lines in _sections(brief):
        tag = "ol" if heading == "Suggested outline" else "ul"
        items = "".join(f"<li>{html.escape(t)}</li>" for t in lines)
        body.append(f"<h2>{html.escape(heading)}</h2><{tag}>{items}</{tag}>")
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>Brief: {html.escape(brief.topic)}</title><style>body{{font:16px/1.5 "
            "system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
            "overflow-wrap:anywhere}}</style>"
            f"</head><body>{''.join(body)}</body></html>\n")


def write_docx(brief: Brief, out: Path) -> None:
    """The brief as a Word document a writer can fill in (python-docx)."""
    from docx import Document

    doc = Document()
    doc.add_heading(f"Brief: {brief.topic}", level=1)
    for heading, lines in _sections(brief):
        doc.add_heading(heading, level=2)
        style = "List Number" if heading == "Suggested outline" else "List Bullet"
        for line in lines:
            doc.add_paragraph(line, style=style)
    doc.save(str(out))
