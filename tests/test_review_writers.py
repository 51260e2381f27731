"""Gaps, briefs and imports in the review app (test client; the rules behind each action)."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

from flask.testing import FlaskClient

from clinicseo import store, topics
from tests.test_import import MARKDOWN, make_docx
from tests.test_review_rules import app, client, config, conn, login, token  # noqa: F401


def crawl_gap(conn: sqlite3.Connection) -> str:  # noqa: F811
    for site, url in (("alpha", "https://a.example/peel"), ("beta", "https://b.example/peel")):
        store.save_page(conn, None, {
            "url": url, "site": site, "status": 200, "title": "Chemical peels",
            "h1": ["Chemical peels"], "h2": ["Chemical peel types"], "h3": [],
            "word_count": 900, "questions": ["Does a chemical peel hurt?"],
            "keyphrases": ["chemical peel"], "shingles": []})
    return str(topics.refresh_topics(conn)[0]["label"])


def test_a_gap_leads_to_its_brief_in_every_format(
    client: FlaskClient, conn: sqlite3.Connection,  # noqa: F811
) -> None:
    label = crawl_gap(conn)
    login(client, "vi", "viewer pass")  # viewers may read gaps and briefs
    page = client.get("/gaps")
    assert page.status_code == 200 and label in page.text and "/brief?topic=" in page.text
    brief = client.get("/brief", query_string={"topic": label})
    assert brief.status_code == 200 and "Does a chemical peel hurt?" in brief.text
    assert "Risks, side effects and recovery" in brief.text
    word = client.get("/brief", query_string={"topic": label, "format": "docx"})
    assert word.status_code == 200 and word.data[:2] == b"PK"  # a zip: a Word file
    assert "attachment" in word.headers["Content-Disposition"]


def test_an_editor_uploads_articles_that_become_scored_drafts(
    client: FlaskClient, conn: sqlite3.Connection, tmp_path: Path,  # noqa: F811
) -> None:
    login(client)
    docx = make_docx(tmp_path / "peel.docx").read_bytes()
    resp = client.post("/import", data={
        "csrf_token": token(client, "/import"), "topic": "microneedling aftercare",
        "files": [(io.BytesIO(docx), "peel.docx"), (io.BytesIO(MARKDOWN.encode()), "a.md")],
    }, content_type="multipart/form-data", follow_redirects=True)
    assert resp.status_code == 200 and "2 articles imported as drafts" in resp.text
    drafts = store.list_drafts(conn)
    assert len(drafts) == 2 and {d["topic"] for d in drafts} == {"microneedling aftercare"}
    assert all(store.get_draft(conn, d["id"])["history"][0]["by"] == "ed" for d in drafts)


def test_a_bad_upload_stores_nothing_and_names_the_file(
    client: FlaskClient, conn: sqlite3.Connection,  # noqa: F811
) -> None:
    login(client)
    resp = client.post("/import", data={
        "csrf_token": token(client, "/import"), "topic": "t",
        "files": [(io.BytesIO(MARKDOWN.encode()), "good.md"),
                  (io.BytesIO(b"not a zip"), "broken.docx")],
    }, content_type="multipart/form-data")
    assert resp.status_code == 400 and "broken.docx" in resp.text and "/tmp" not in resp.text
    assert store.list_drafts(conn) == []


def test_a_viewer_cannot_import(client: FlaskClient, conn: sqlite3.Connection) -> None:  # noqa: F811
    login(client, "vi", "viewer pass")
    resp = client.post("/import", data={"csrf_token": token(client, "/import"), "topic": "t"})
    assert resp.status_code == 403
