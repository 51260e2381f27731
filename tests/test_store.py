"""The store: migrations, the batch guarantee, and the state machine's one table."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from clinicseo import store
from clinicseo.errors import ClinicSeoError, NotFound, StateError


def draft(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "topic": "microneedling and inflammation",
        "variant": "a",
        "title": "Microneedling and inflammation",
        "html": "<h2>How it works</h2><p>Fine needles make tiny injuries.</p>",
        "keyphrase": "microneedling inflammation",
        "slug": "microneedling-inflammation",
        "categories": ["Skin Care"],
        "tags": ["microneedling"],
        "scores": {"readability": 90, "seo": 70},
        "checks": [],
        "approvable": True,
        "blocking": [],
    }
    if "keyphrase" in overrides:
        # Another keyphrase is another article: its own topic and slug, so the publish gate
        # does not see two variants of one topic (issue #11) where a test means two posts.
        key = str(overrides["keyphrase"])
        base.update(topic=key, slug="-".join(key.lower().split()))
    base.update(overrides)
    return base


def test_init_is_safe_to_run_again(tmp_path: Path) -> None:
    path = tmp_path / "db" / "c.db"
    store.connect(path).close()
    conn = store.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"pages", "topics", "drafts", "history", "publications", "users"} <= tables


def test_a_database_from_a_newer_clinicseo_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(ClinicSeoError, match="newer than this clinicseo"):
        store.connect(path)


def test_a_batch_is_stored_whole_or_not_at_all(tmp_path: Path) -> None:
    conn = store.connect(tmp_path / "c.db")
    with pytest.raises(KeyError):
        store.insert_drafts(conn, [draft(), {"title": "no topic, no html"}])
    assert store.count_drafts(conn) == 0
    ids = store.insert_drafts(conn, [draft(), draft(variant="b")])
    assert store.count_drafts(conn) == 2
    d = store.get_draft(conn, ids[0])
    assert d["reference"].startswith(f"cseo{ids[0]}x")
    assert d["history"][0]["action"] == "created"
    assert d["categories"] == ["Skin Care"]


def test_transitions_follow_the_table(tmp_path: Path) -> None:
    conn = store.connect(tmp_path / "c.db")
    (i,) = store.insert_drafts(conn, [draft()])
    with pytest.raises(StateError, match="from 'draft' to 'published'"):
        store.transition(conn, i, store.PUBLISHED, by="t", action="x")
    store.transition(conn, i, store.REJECTED, by="t", action="rejected", note="off brand")
    with pytest.raises(StateError, match="from 'rejected' to 'approved'"):
        store.transition(conn, i, store.APPROVED, by="t", action="approved")
    with pytest.raises(NotFound):
        store.transition(conn, 999, store.APPROVED, by="t", action="approved")
    history = store.get_draft(conn, i)["history"]
    assert [h["action"] for h in history] == ["created", "rejected"]
    assert history[-1]["note"] == "off brand"


def test_editing_an_approved_draft_sends_it_back_to_draft(tmp_path: Path) -> None:
    conn = store.connect(tmp_path / "c.db")
    (i,) = store.insert_drafts(conn, [draft()])
    d = store.get_draft(conn, i)
    store.transition(
        conn, i, store.APPROVED, by="t", action="approved", approved_hash=d["text_hash"]
    )
    same = store.update_draft_text(conn, i, {"title": d["title"]}, {}, by="ed")
    assert same["state"] == store.APPROVED  # no change, approval stands
    edited = store.update_draft_text(
        conn, i, {"title": "A new title"}, {"scores": {"readability": 60}}, by="ed"
    )
    assert edited["state"] == store.DRAFT
    assert edited["approved_hash"] is None
    assert edited["text_hash"] != d["text_hash"]
    assert edited["history"][-1]["note"] == "approval withdrawn: text changed"


def test_due_drafts_are_never_early(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    conn = store.connect(tmp_path / "c.db")
    (i,) = store.insert_drafts(conn, [draft()])
    slot = datetime(2030, 1, 1, 9, 0, tzinfo=UTC)
    store.transition(conn, i, store.APPROVED, by="t", action="approved")
    store.transition(
        conn, i, store.SCHEDULED, by="t", action="scheduled", publish_at=store.iso(slot)
    )
    assert store.due_drafts(conn, slot - timedelta(seconds=1)) == []
    assert [d["id"] for d in store.due_drafts(conn, slot)] == [i]


def test_page_listings_name_every_column_and_can_leave_out_the_shingles(tmp_path: Path) -> None:
    conn = store.connect(tmp_path / "c.db")
    columns = {r[1] for r in conn.execute("PRAGMA table_info(pages)")}
    assert columns == set(store._PAGE_COLUMNS)  # a new column must be added to the listing
    store.save_page(conn, None, {"url": "https://a.example/x", "site": "a", "shingles": [1, 2]})
    (full,) = store.list_pages(conn)
    (outline,) = store.list_pages(conn, shingles=False)
    assert full["shingles"] == [1, 2]
    assert "shingles" not in outline
    assert {k: v for k, v in full.items() if k != "shingles"} == outline


def test_blog_posts_are_replaced_whole_and_a_vanished_post_releases_its_keyphrase(
    tmp_path: Path,
) -> None:
    conn = store.connect(tmp_path / "db.sqlite")
    post = {"wp_id": 7, "title": "Microneedling aftercare", "slug": "microneedling-aftercare",
            "url": "https://clinic.example/microneedling-aftercare/", "text": "Plain words.",
            "status": "publish", "categories": ["Skin"], "keyphrase": "microneedling aftercare",
            "modified": "2026-11-01T00:00:00+00:00"}
    other = {**post, "wp_id": 8, "slug": "peels", "keyphrase": None, "categories": []}
    assert store.replace_blog_posts(conn, [post, other]) == 2
    stored = store.blog_posts(conn)
    assert [p["wp_id"] for p in stored] == [8, 7]
    assert stored[1]["categories"] == ["Skin"]
    assert stored[1]["keyphrase"] == "microneedling aftercare"
    assert stored[0]["keyphrase"] is None
    store.replace_blog_posts(conn, [other])  # post 7 was trashed in WordPress
    assert [p["keyphrase"] for p in store.blog_posts(conn)] == [None]
