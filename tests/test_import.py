"""`clinicseo import`: articles people wrote come in as drafts, checked like generated ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from clinicseo import store
from clinicseo.config import Config
from clinicseo.errors import InputError
from clinicseo.importing import import_files, read_article

BODY = (
    "Microneedling uses fine needles to make tiny channels in the skin. The skin repairs "
    "them, and that repair is what people come for. A short session takes about an hour."
)
RISKS = (
    "Risks and recovery: expect redness, swelling and dryness for a few days. Infection, "
    "pigment changes and scarring are rare but possible, so follow the aftercare advice."
)
MARKDOWN = f"""# Microneedling aftercare, step by step

{BODY}

## What to do after a session

- Keep the skin clean.
- Use a gentle moisturiser.
- Read [our aftercare page](https://clinic.example/aftercare/).

#### A detail heading

{RISKS}
"""


def add_hyperlink(paragraph, url: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """python-docx has no API for links; Google Docs writes them as this w:hyperlink run."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.shared import OxmlElement, qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def make_docx(path: Path, *, breach: bool = False) -> Path:
    from docx import Document

    doc = Document()
    doc.add_heading("Microneedling aftercare for busy people", level=0)  # the Title style
    doc.add_paragraph(BODY)
    doc.add_heading("The first two days", level=1)
    doc.add_paragraph("Skip make-up for a day.", style="List Bullet")
    doc.add_paragraph("Avoid the sun.", style="List Bullet")
    p = doc.add_paragraph("More on ")
    add_hyperlink(p, "https://clinic.example/aftercare/", "our aftercare page")
    doc.add_heading("Risks and recovery", level=1)
    doc.add_paragraph(RISKS)
    if breach:
        doc.add_paragraph("Results are guaranteed and your scars will be gone forever.")
    doc.save(str(path))
    return path


def test_a_docx_keeps_its_title_headings_lists_and_links(tmp_path: Path) -> None:
    article = read_article(make_docx(tmp_path / "aftercare.docx"))
    assert article.title == "Microneedling aftercare for busy people"
    assert "<h2>The first two days</h2>" in article.html
    assert "<li>Skip make-up for a day.</li>" in article.html
    assert 'href="https://clinic.example/aftercare/"' in article.html


def test_markdown_and_html_pages_keep_structure_and_lose_page_chrome(tmp_path: Path) -> None:
    md = tmp_path / "a.md"
    md.write_text(MARKDOWN)
    article = read_article(md)
    assert article.title == "Microneedling aftercare, step by step"
    assert "<h2>What to do after a session</h2>" in article.html
    assert "<h3>A detail heading</h3>" in article.html  # h4 becomes a level a post may carry
    assert '<a href="https://clinic.example/aftercare/">' in article.html
    page = tmp_path / "b.html"
    page.write_text(
        "<!doctype html><title>Site title | Clinic</title><nav><a href='/'>Home</a></nav>"
        f"<main><h1>Aftercare</h1><p>{BODY}</p><img src='https://clinic.example/a.jpg' alt='A'>"
        "</main><footer>© Clinic</footer>")
    article = read_article(page)
    assert article.title == "Aftercare"
    assert "Home" not in article.html and "©" not in article.html
    assert "https://clinic.example/a.jpg" in article.html
    page.write_text(f"<html><head><title>Aftercare  basics</title></head><p>{BODY}</p></html>")
    assert read_article(page).title == "Aftercare basics"  # no <h1>: the page's <title>


def test_imported_articles_are_sanitised_scored_and_stored_like_generated_ones(
    make_config: Callable[..., Config], tmp_path: Path,
) -> None:
    config = make_config()
    conn = store.connect(config.database.path)
    md = tmp_path / "a.md"
    md.write_text(MARKDOWN + "\n<script>alert(1)</script>\n")
    ids, notes = import_files(conn, config, [make_docx(tmp_path / "a.docx"), md],
                              topic="microneedling aftercare", keyphrase=None, by="Sam Writer")
    assert len(ids) == 2 and notes == []
    first = store.get_draft(conn, ids[0])
    assert first["keyphrase"] == "microneedling aftercare"
    assert first["history"][0]["by"] == "Sam Writer"
    check_ids = {c["id"] for c in first["checks"]}
    assert {"flesch_reading_ease", "keyphrase_in_title", "claims_guarantee"} <= check_ids
    assert any(c["kind"] == "uniqueness" for c in first["checks"])
    assert "<script>" not in store.get_draft(conn, ids[1])["html"]


def test_a_breach_in_an_imported_article_blocks_it(
    make_config: Callable[..., Config], tmp_path: Path,
) -> None:
    config = make_config()
    conn = store.connect(config.database.path)
    ids, _ = import_files(conn, config, [make_docx(tmp_path / "x.docx", breach=True)],
                          topic="microneedling aftercare", keyphrase=None, by="Sam")
    draft = store.get_draft(conn, ids[0])
    assert not draft["approvable"]
    assert {"claims_guarantee", "claims_permanence"} <= set(draft["blocking"])


def test_one_bad_file_stores_nothing_and_names_the_file(
    make_config: Callable[..., Config], tmp_path: Path,
) -> None:
    config = make_config()
    conn = store.connect(config.database.path)
    good = tmp_path / "good.md"
    good.write_text(MARKDOWN)
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip file")
    with pytest.raises(InputError, match="broken.docx"):
        import_files(conn, config, [good, bad], topic="t", keyphrase=None, by="Sam")
    assert store.list_drafts(conn) == []
    with pytest.raises(InputError, match="notes.pdf"):
        read_article(tmp_path / "notes.pdf")
