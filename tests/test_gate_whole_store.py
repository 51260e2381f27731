"""The publish gate for a whole store at once (issue #11): the queue's readiness filter.

`gate.ready_set` answers "which drafts are ready" with one query over facts the store keeps
current by triggers (table draft_gate) and near-copy pairs stored with the texts. It is a
cache of `gate.evaluate_many`, the one decision: these tests hold the two to the same answer
on a real SQLite store after every kind of change the gate depends on — a sibling approved,
scheduled, published or withdrawn, blog posts imported and trashed, an override recorded, an
edit, a rejection, a reschedule — and through the queue's filters and sorts.
"""

from __future__ import annotations

import random
import sqlite3
from array import array
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from clinicseo import drafting, fields, gate, nearcopies, store, workflow
from clinicseo.config import Config
from clinicseo.scoring import plain_text

NOW = datetime(2027, 3, 30, 0, 0, tzinfo=UTC)
TOPIC = "microneedling and inflammation"
OTHER = "microneedling aftercare"


@pytest.fixture
def config(make_config: Callable[..., Config]) -> Config:
    return make_config()


@pytest.fixture
def conn(config: Config) -> Iterator[sqlite3.Connection]:
    c = store.connect(config.database.path)
    yield c
    c.close()


def agree(conn: sqlite3.Connection, config: Config, **filters: Any) -> set[int]:
    """Assert the whole-store filter and the per-draft gate give the same ready drafts, in
    the queue's order, for the queue's summaries and for full drafts. Returns them."""
    listed = store.list_drafts(conn, **filters)
    verdicts = gate.evaluate_many(conn, config, listed, now=NOW)
    expected = [d["id"] for d in listed if verdicts[d["id"]].ready]
    ready = gate.ready_set(conn, config)
    assert [i for i in store.draft_ids(conn, **filters) if i in ready] == expected
    full = [store.get_draft(conn, d["id"]) for d in listed]
    judged = gate.evaluate_many(conn, config, full, now=NOW)
    assert {i for i, v in judged.items() if v.ready} == set(expected)
    return set(expected)


def blog_post(wp_id: int, text: str, **kw: Any) -> dict[str, Any]:
    return {"wp_id": wp_id, "title": f"Post {wp_id}", "slug": f"post-{wp_id}",
            "url": f"https://clinic.example/post-{wp_id}/", "text": text, "status": "publish",
            "categories": ["Skin Care"], "keyphrase": None, **kw}  # fmt: skip


def test_siblings_scheduled_published_and_withdrawn_and_the_blog_imported_and_trashed(
    config: Config, conn: sqlite3.Connection
) -> None:
    ours = drafting.draft_topic(conn, config, TOPIC, 3)
    others = drafting.draft_topic(conn, config, OTHER, 2)
    assert agree(conn, config) == {*ours, *others}

    chosen, *siblings = ours
    workflow.approve(conn, config, chosen, by="mia", now=NOW)  # approved, then scheduled
    assert agree(conn, config) == {chosen, *others}

    store.transition(conn, chosen, store.PUBLISHING, by="publisher", action="publishing")
    store.transition(conn, chosen, store.PUBLISHED, by="publisher", action="published",
                     wordpress_id="99")  # fmt: skip
    assert agree(conn, config) == set(others)  # published: no longer moving forward

    # The import lists our own published post (it must not count against anything), a post
    # copying one draft's text and a post using another draft's keyphrase.
    first, second = (store.get_draft(conn, i) for i in others)
    published = store.get_draft(conn, chosen)
    store.replace_blog_posts(conn, [
        blog_post(99, plain_text(published["html"]), slug=published["slug"],
                  keyphrase=published["keyphrase"]),
        blog_post(7, plain_text(first["html"]), title="Our aftercare guide"),
        blog_post(8, "unrelated words " * 80, keyphrase=second["keyphrase"].upper()),
        blog_post(9, "other words " * 80, slug=second["slug"]),
    ])  # fmt: skip
    assert agree(conn, config) == set()

    store.replace_blog_posts(conn, [blog_post(99, plain_text(published["html"]))])  # trashed
    assert agree(conn, config) == set(others)

    # Taken down from WordPress: the topic is free again for its other variants.
    store.transition(conn, chosen, store.WITHDRAWN, by="mia", action="unpublished")
    assert agree(conn, config) == {*siblings, *others}


def test_overrides_edits_rejections_near_copies_and_the_calendar(
    config: Config, conn: sqlite3.Connection
) -> None:
    ours = drafting.draft_topic(conn, config, TOPIC, 2)
    original = store.get_draft(conn, ours[0])
    text = {k: original[k] for k in store.DRAFT_TEXT_FIELDS}
    # A near-copy of it under another topic, and a draft held back by a blocking finding.
    (copy,) = store.insert_drafts(conn, [{**text, "topic": "another topic",
                                          "keyphrase": "another topic",
                                          "slug": "another-topic"}])  # fmt: skip
    (blocked,) = store.insert_drafts(conn, [{
        **text, "topic": "a third topic", "keyphrase": "a third topic", "slug": "a-third-topic",
        "html": "<p>" + " ".join(f"word{i} and more about care" for i in range(80)) + "</p>",
        "blocking": ["claims_R1"],
    }])  # fmt: skip
    assert agree(conn, config) == {*ours}  # the copy is newer: the original stays ready

    workflow.override(conn, blocked, by="ana", reason="reviewed: quoted, not claimed")
    assert agree(conn, config) == {*ours, blocked}

    workflow.reject(conn, original["id"], by="mia", reason="not needed")
    assert agree(conn, config) == {ours[1], copy, blocked}  # a rejected text stops nothing

    workflow.edit(conn, config, original["id"], {"title": "Inflammation after microneedling"},
                  by="mia")  # its pairs are weighed again; it stays rejected  # fmt: skip
    assert agree(conn, config) == {ours[1], copy, blocked}
    store.transition(conn, original["id"], store.DRAFT, by="mia", action="reopened")
    assert agree(conn, config) == {*ours, blocked}

    workflow.edit(conn, config, copy, {"title": "  ", "slug": "Not A Slug"}, by="mia")
    assert copy not in agree(conn, config)
    # Markup written behind the editor's back (another tool, an old version) is caught too.
    for column, value in (("title", "<b>Bold</b> title"), ("tags", '["Dose &amp; care"]'),
                          ("excerpt", "Q&A: a dose &lt; 5 ml"), ("meta_description", "a<br>b"),
                          ("slug", "trailing-hyphen-"),
                          # the store's copy of fields.SLUG_MAX (frozen in migration 11)
                          ("slug", "a" * (fields.SLUG_MAX + 1))):  # fmt: skip
        (before,) = conn.execute(f"SELECT {column} FROM drafts WHERE id = ?", (ours[1],)).fetchone()
        conn.execute(f"UPDATE drafts SET {column} = ? WHERE id = ?", (value, ours[1]))
        assert ours[1] not in agree(conn, config)
        conn.execute(f"UPDATE drafts SET {column} = ? WHERE id = ?", (before, ours[1]))
    assert ours[1] in agree(conn, config)
    # Plain text with a "&" or a "<" in it is not markup: still ready, by both answers.
    (before,) = conn.execute("SELECT excerpt FROM drafts WHERE id = ?", (ours[1],)).fetchone()
    conn.execute("UPDATE drafts SET excerpt = 'Q&A: a dose < 5 ml, then care & rest'"
                 " WHERE id = ?", (ours[1],))  # fmt: skip
    assert ours[1] in agree(conn, config)
    conn.execute("UPDATE drafts SET excerpt = ? WHERE id = ?", (before, ours[1]))

    # An edit clears the override: the blocking finding is this text's again (re-scored).
    edited = workflow.edit(conn, config, blocked, {"title": "A new title for it"}, by="mia")
    ready = agree(conn, config)
    assert (blocked in ready) == (not edited["blocking"])

    scheduled = workflow.approve(conn, config, ours[1], by="mia", now=NOW)
    assert agree(conn, config) >= {ours[1]}
    assert ours[0] not in agree(conn, config)  # its sibling is scheduled
    later = store.parse_iso(scheduled["publish_at"]) + timedelta(days=3)
    workflow.reschedule(conn, config, ours[1], by="mia", publish_at=later, now=NOW)
    assert ours[1] in agree(conn, config)
    workflow.unschedule(conn, config, ours[1], by="mia")  # still approved: still ready
    assert ours[1] in agree(conn, config) and ours[0] not in agree(conn, config)
    # A text changed behind the approval is caught by both.
    conn.execute("UPDATE drafts SET approved_hash = 'old' WHERE id = ?", (ours[1],))
    assert ours[1] not in agree(conn, config)


def test_the_queue_filters_and_sorts_give_the_same_answer(
    config: Config, conn: sqlite3.Connection
) -> None:
    ours = drafting.draft_topic(conn, config, TOPIC, 3)
    drafting.draft_topic(conn, config, OTHER, 3)
    workflow.approve(conn, config, ours[0], by="mia", now=NOW)
    for filters in (
        {"state": store.DRAFT},
        {"state": store.SCHEDULED},
        {"topic": OTHER},
        {"search": "microneedling"},
        {"search": "no such words"},
        {"sort": "seo"},
        {"sort": "readability", "state": store.DRAFT},
        {"sort": "state"},
        {"sort": "topic"},
        {"sort": "publish_at"},
    ):
        agree(conn, config, **filters)


def test_a_store_made_before_the_cache_is_filled_when_it_migrates(
    config: Config, tmp_path: Path
) -> None:
    """Migration 11 computes every existing draft's facts and pairs its texts on first use."""
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path, isolation_level=None)
    for script in store.MIGRATIONS[:10]:
        for statement in store._statements(script):
            raw.execute(statement)
    raw.execute("PRAGMA user_version = 10")
    raw.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    rows = [{"topic": f"t{i % 2}", "title": f"Post {i}", "keyphrase": "same",
             "slug": f"post-{i}", "html": "<p>" + "one same text about skin care " * 20 + "</p>"}
            for i in range(4)]  # fmt: skip
    ids = store.insert_drafts(conn, rows)  # at schema 10: no cache, no triggers
    store.transition(conn, ids[0], store.APPROVED, by="mia", action="approved",
                     approved_hash=store.get_draft(conn, ids[0])["text_hash"])  # fmt: skip
    conn.close()

    conn = store.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM draft_gate").fetchone()[0] == 4
    # The approved one holds the keyphrase and the topic; the others are copies of it.
    assert agree(conn, config) == {ids[0]}
    conn.close()


def test_weighing_by_minimums_equals_comparing_bin_by_bin() -> None:
    """nearcopies.similarity (a set intersection) against the definition: the share of bins
    where two signatures agree, bins empty in both left out; long and short texts alike."""
    rng = random.Random(11)

    def by_bins(a: bytes, b: bytes) -> float:
        xs, ys = array("q"), array("q")
        xs.frombytes(a)
        ys.frombytes(b)
        both = sum(x == y == nearcopies.EMPTY for x, y in zip(xs, ys, strict=True))
        same = sum(x == y for x, y in zip(xs, ys, strict=True)) - both
        return same / (len(xs) - both) if len(xs) > both else 0.0

    for _ in range(500):
        size = rng.choice((30, 45, 80, 600))
        shared = [rng.getrandbits(63) for _ in range(rng.randrange(size))]
        a = nearcopies.fingerprint(shared + [rng.getrandbits(63) for _ in range(size)])
        b = nearcopies.fingerprint(shared + [rng.getrandbits(63) for _ in range(size)])
        assert nearcopies.estimate(a.signature, b.signature) == by_bins(a.signature, b.signature)
