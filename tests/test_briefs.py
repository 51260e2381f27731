"""`clinicseo brief`: what a human writer gets for a gap topic, in Markdown, HTML and Word."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from clinicseo import store, topics
from clinicseo.briefs import build_brief, render_brief, write_docx
from clinicseo.config import Config
from clinicseo.errors import InputError

HOSTILE = '=HYPERLINK("http://evil.example") <script>alert(1)</script> peel costs'


def page(url: str, site: str, h2: list[str], questions: list[str], words: int) -> dict:
    return {"url": url, "site": site, "status": 200, "title": f"{site} on chemical peels",
            "h1": ["Chemical peels"], "h2": h2, "h3": [], "word_count": words,
            "questions": questions, "keyphrases": ["chemical peel"], "shingles": []}


@pytest.fixture
def crawled(make_config: Callable[..., Config]) -> tuple[sqlite3.Connection, Config, str]:
    """A store holding two competitors' pages on chemical peels and the topics from them."""
    config = make_config(clinic={"jurisdiction": "UK"})
    conn = store.connect(config.database.path)
    store.save_page(conn, None, page(
        "https://a.example/peels", "alpha",
        ["What is a chemical peel?", "Chemical peel recovery", "Chemical peel strengths"],
        ["How long does a chemical peel take to heal?"], 1200))
    store.save_page(conn, None, page(
        "https://b.example/blog/peel", "beta", ["Chemical peel types", HOSTILE],
        ["Does a chemical peel hurt?"], 800))
    store.replace_blog_posts(conn, [{
        "wp_id": 3, "title": "Chemical peel or microneedling?", "slug": "peel-or-needling",
        "url": "https://clinic.example/peel-or-needling/", "text": "…", "status": "publish",
        "categories": [], "keyphrase": None, "modified": None}])
    label = topics.refresh_topics(conn)[0]["label"]
    return conn, config, label


def test_a_brief_carries_competitor_coverage_rules_links_and_the_required_sections(
    crawled: tuple[sqlite3.Connection, Config, str],
) -> None:
    conn, config, label = crawled
    brief = build_brief(conn, config, label)
    md = render_brief(brief, "md")
    assert brief.keyphrase == "chemical peel"
    # what competitors cover: their headings and questions, with the pages
    assert "Chemical peel strengths" in md and "https://a.example/peels" in md
    assert "Does a chemical peel hurt?" in md
    assert "How long does a chemical peel take to heal?" in md
    # target length from the competitors' spread (medians of 800 and 1200 words)
    assert "median 1000" in md
    # the sections every article needs, and the jurisdiction's rules in plain words
    assert "Risks, side effects and recovery" in brief.outline
    assert [r["id"] for r in brief.rules] == [f"R{i}" for i in range(1, 15)]
    assert "Do not write:" in md and "asa.org.uk" in md
    assert "Testimonials are allowed if genuine" in md  # a UK difference, said in UK briefs
    # internal links: the configured service pages and the related post on our blog
    urls = [link["url"] for link in brief.internal_links]
    assert "https://clinic.example/peel-or-needling/" in urls
    assert any(link["why"] == "service page" for link in brief.internal_links)


def test_competitor_headings_stay_data_in_every_format(
    crawled: tuple[sqlite3.Connection, Config, str], tmp_path: Path,
) -> None:
    conn, config, label = crawled
    brief = build_brief(conn, config, label)
    md, page_html = render_brief(brief, "md"), render_brief(brief, "html")
    assert "<script>" not in md and "\\<script\\>" in md
    assert "<script>" not in page_html and "&lt;script&gt;" in page_html
    out = tmp_path / "brief.docx"
    write_docx(brief, out)
    from docx import Document

    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Brief: chemical peel" in text and "Does a chemical peel hurt?" in text
    assert "Risks, side effects and recovery" in text


def test_a_topic_no_competitor_covers_still_gets_rules_and_an_outline(
    crawled: tuple[sqlite3.Connection, Config, str],
) -> None:
    conn, config, _ = crawled
    brief = build_brief(conn, config, "skin barrier")
    md = render_brief(brief, "md")
    assert brief.competitor_pages == [] and "no competitor page covers this topic" in md
    assert brief.words["target"] > 0 and len(brief.rules) == 14
    assert "none in the clinic's library fit this topic" in md  # no microneedling papers


def test_an_empty_topic_is_refused(crawled: tuple[sqlite3.Connection, Config, str]) -> None:
    conn, config, _ = crawled
    with pytest.raises(InputError, match="topic text is empty"):
        build_brief(conn, config, "  ")
