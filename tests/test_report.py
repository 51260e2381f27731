"""The report: self-contained HTML with HTML bar charts and escaped text, and a CSV."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clinicseo.report import render_report_html, write_report
from clinicseo.scoring import score_document
from tests.fixtures import SEED_ARTICLE

SEED = SEED_ARTICLE
WHEN = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def draft(id: int, title: str, html: str, variant: str = "a") -> dict:
    scored = score_document(html, keyphrase="microneedling", title=title, slug="microneedling")
    return {
        "id": id, "topic": "microneedling and inflammation", "variant": variant, "state": "draft",
        "title": title, "seo_title": title, "slug": "microneedling", "meta_description": "",
        "keyphrase": "microneedling", "html": html, "publish_at": None, "wordpress_id": None,
        **scored,
    }  # fmt: skip


def seed_html() -> str:
    paras = [p for p in SEED.read_text().split("\n\n") if p.strip()]
    return "".join(f"<p>{p}</p>" for p in paras)


def test_report_is_self_contained_with_charts(tmp_path: Path) -> None:
    drafts = [
        draft(1, "Microneedling and inflammation", seed_html()),
        draft(2, "<script>alert('x')</script>", "<p>Microneedling is generally safe.</p>", "b"),
    ]
    html_path, csv_path = write_report(drafts, tmp_path / "out", clinic_name="Cosmos Clinic",
                                       generated_at=WHEN)  # fmt: skip
    html = html_path.read_text()
    # No external assets: nothing loads from http(s), no <script>, <link> or @import.
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(" in html  # the hostile title is shown, escaped
    # Issue 12: charts are HTML bars with whole labels; the figures that tell drafts apart
    # (Flesch, grade, words, checks not green, overlap) replace the saturated score histogram.
    for label in ("Flesch reading ease", "Reading grade", "Words", "Checks not green",
                  "Overlap with the closest variant"):  # fmt: skip
        assert f"<h3>{label}</h3>" in html
    assert "Checks failing most" in html and "Score distribution" not in html
    assert "…</span>" not in html  # no label is cut short
    # Five spreads (overlap has no values here: these drafts were scored alone), failing, Flesch.
    assert html.count('<figure class="bars"') == 6 and "No draft has this figure yet" in html
    assert "@media print" in html
    # The flagged claim is highlighted in the draft's text.
    assert re.search(r'<mark class="compliance"[^>]*>generally safe</mark>', html)
    rows = list(csv.DictReader(csv_path.open()))
    assert [r["id"] for r in rows] == ["1", "2"]
    assert "claims_safety" in rows[1]["blocking"]
    assert rows[1]["title"] == "<script>alert('x')</script>"


def test_render_report_html_with_no_drafts_and_sparse_drafts() -> None:
    empty = render_report_html([], clinic_name="Cosmos <Clinic>", generated_at=WHEN)
    assert "Cosmos &lt;Clinic&gt;" in empty
    sparse = render_report_html(
        [{"id": 7, "title": "Unscored", "html": "<p>x</p>", "state": "draft"}],
        clinic_name="C", generated_at=WHEN,
    )  # fmt: skip
    assert "Unscored" in sparse


def test_csv_neutralises_formulas(tmp_path: Path) -> None:
    d = draft(3, '=HYPERLINK("http://evil")', "<p>Microneedling helps skin heal.</p>")
    _, csv_path = write_report([d], tmp_path, clinic_name="C", generated_at=WHEN)
    row = next(csv.DictReader(csv_path.open()))
    assert row["title"].startswith("'=")


def test_failing_checks_chart_or_a_plain_all_clear() -> None:
    seed = draft(1, "Microneedling and inflammation", seed_html())
    with_failures = render_report_html([seed], clinic_name="Cosmos Clinic", generated_at=WHEN)
    assert "Red: drafts where the check is bad" in with_failures
    assert "keyphrase_in_subheadings" not in with_failures.split("<h2>Drafts</h2>")[0]
    assert "No check is failing" not in with_failures
    all_green = {**seed, "checks": [{**c, "status": "good"} for c in seed["checks"]]}
    clear = render_report_html([all_green], clinic_name="Cosmos Clinic", generated_at=WHEN)
    assert "No check is failing" in clear


@pytest.mark.browser
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian's chromium is absent")
def test_printing_opens_every_draft() -> None:
    from playwright.sync_api import sync_playwright

    page_html = render_report_html(
        [draft(1, "Microneedling", "<p>Microneedling is generally safe. The skin heals.</p>")],
        clinic_name="Cosmos Clinic", generated_at=WHEN,
    )  # fmt: skip
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"], headless=True
        )
        try:
            page = browser.new_page()
            page.set_content(page_html)
            checks, text = page.locator("#draft-1 table"), page.locator("#draft-1 .text")
            # On screen a draft stays folded until clicked; printed (PDF), every draft is open.
            assert not checks.is_visible() and not text.is_visible()
            page.emulate_media(media="print")
            assert checks.is_visible() and text.is_visible()
        finally:
            browser.close()


def test_figures_tell_drafts_apart_and_the_blog_is_compared_with_competitors() -> None:
    from clinicseo.report import comparison, figures

    long = draft(1, "Microneedling and inflammation", seed_html())
    short = draft(2, "Short", "<p>Microneedling helps. It is quick. Skin heals.</p>", "b")
    a, b = figures(long), figures(short)
    assert a["words"] is not None and b["words"] is not None and a["words"] > b["words"]
    assert a["flesch"] != b["flesch"] and a["grade"] is not None
    blog = [{"title": "Peels", "text": "Peels renew skin. They take an hour. " * 40,
             "keyphrase": "chemical peels"}]  # fmt: skip
    pages = [
        {"site": "rival.example", "is_own": 0, "word_count": 900, "h2": ["a", "b"], "h3": ["c"],
         "keyphrases": ["microneedling cost", "downtime"]},
        {"site": "rival.example", "is_own": 0, "word_count": 1100, "h2": ["a"], "h3": [],
         "keyphrases": ["microneedling cost"]},
    ]  # fmt: skip
    compare = comparison(blog, pages, [{"label": "microneedling cost"}])
    you, rival = compare["groups"]
    assert (you["name"], you["count"], you["words"]) == ("Your blog", 1, 280.0)
    assert you["flesch"] is not None and you["flesch"] > 60
    assert (rival["name"], rival["words"], rival["headings"]) == ("rival.example", 1000.0, 2.0)
    assert rival["flesch"] is None and rival["phrases"][0] == "microneedling cost"
    html = render_report_html([long, short], clinic_name="C", generated_at=WHEN, compare=compare)
    assert "Your blog and the competitors" in html and "rival.example (2 pages)" in html
    assert "Topics competitors cover and your blog does not" in html
