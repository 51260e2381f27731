"""The publish gate (issue #11): 'ready' means 'can go out now', on every surface.

Real parts throughout: a real SQLite file, real renders and scores from the template library,
the real CLI (`python -m clinicseo`), the real review app through Flask's test client. The
clinic's existing blog is filled the way `wordpress import` fills it (store.replace_blog_posts).
"""

from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from clinicseo import drafting, fields, gate, nearcopies, store, workflow
from clinicseo.config import Config
from clinicseo.errors import StateError
from clinicseo.scoring import plain_text

REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2027, 3, 30, 0, 0, tzinfo=UTC)
TOPIC = "microneedling and inflammation"


@pytest.fixture
def config(make_config: Callable[..., Config]) -> Config:
    return make_config()


@pytest.fixture
def conn(config: Config) -> Iterator[sqlite3.Connection]:
    c = store.connect(config.database.path)
    yield c
    c.close()


@pytest.fixture
def variants(config: Config, conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Three generated variants of one topic, all ready before anything else happens."""
    ids = drafting.draft_topic(conn, config, TOPIC, 3)
    drafts = [store.get_draft(conn, i) for i in ids]
    verdicts = gate.evaluate_many(conn, config, drafts, now=NOW)
    assert all(v.ready for v in verdicts.values()), verdicts
    return drafts


def cli(config: Config, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clinicseo", "--config", str(config.path), *args],
        capture_output=True, text=True, cwd=REPO, env=dict(os.environ), timeout=300,
    )  # fmt: skip


def checks_of(verdict: gate.Verdict) -> set[str]:
    return {r.check for r in verdict.reasons}


def blog_post(wp_id: int, text: str, **kw: Any) -> dict[str, Any]:
    return {"wp_id": wp_id, "title": f"Post {wp_id}", "slug": f"post-{wp_id}",
            "url": f"https://clinic.example/post-{wp_id}/", "text": text, "status": "publish",
            "categories": ["Skin Care"], "keyphrase": None, **kw}  # fmt: skip


def test_a_draft_copying_a_blog_post_or_sharing_its_keyphrase_is_not_ready(
    config: Config, conn: sqlite3.Connection, variants: list[dict[str, Any]]
) -> None:
    first, second = variants[0], variants[1]
    other_words = " ".join(f"word{i} about skin care and sunscreen" for i in range(60))
    store.replace_blog_posts(conn, [
        blog_post(7, plain_text(first["html"]), title="Our microneedling guide"),
        blog_post(8, other_words, keyphrase=second["keyphrase"].upper()),
    ])  # fmt: skip
    verdicts = gate.evaluate_many(conn, config, variants, now=NOW)
    copied = verdicts[first["id"]]
    assert not copied.ready and "near_copy" in checks_of(copied)
    (near,) = [r for r in copied.reasons if r.check == "near_copy"]
    assert '"Our microneedling guide"' in near.reason and "near-copy" in near.reason
    assert near.fix  # a plain sentence saying what fixes it
    clash = verdicts[second["id"]]
    (key,) = [r for r in clash.reasons if r.check == "keyphrase"]
    assert "previously used keyphrase" in key.reason and "Post 8" in key.reason
    with pytest.raises(StateError, match="near-copy"):
        workflow.approve(conn, config, first["id"], by="mia", now=NOW)
    # The same answer in `drafts --format json`, in the contract's shape.
    out = cli(config, "drafts", "--format", "json")
    assert out.returncode == 0, out.stderr
    rows = {r["id"]: r for r in json.loads(out.stdout)}
    assert rows[first["id"]]["approvable"] is False
    assert {"check", "reason", "fix"} == set(rows[first["id"]]["reasons"][0])
    # The posts are trashed in WordPress: the next import releases the text and keyphrase.
    store.replace_blog_posts(conn, [])
    verdicts = gate.evaluate_many(conn, config, variants, now=NOW)
    assert verdicts[first["id"]].ready and verdicts[second["id"]].ready


def test_publishing_one_variant_turns_its_siblings_not_ready_everywhere(
    config: Config, conn: sqlite3.Connection, variants: list[dict[str, Any]], tmp_path: Path
) -> None:
    chosen, *siblings = variants
    workflow.approve(conn, config, chosen["id"], by="mia", now=NOW)
    store.transition(conn, chosen["id"], store.PUBLISHING, by="publisher", action="publishing")
    store.transition(conn, chosen["id"], store.PUBLISHED, by="publisher", action="published",
                     wordpress_id="99")  # fmt: skip

    out = cli(config, "drafts", "--format", "json")
    assert out.returncode == 0, out.stderr
    rows = {r["id"]: r for r in json.loads(out.stdout)}
    for s in siblings:
        assert rows[s["id"]]["approvable"] is False
        assert rows[s["id"]]["reasons"][0]["check"] == "sibling"
        assert f"Draft #{chosen['id']}" in rows[s["id"]]["reasons"][0]["reason"]
    assert rows[chosen["id"]]["approvable"] is False  # published: nothing more to do
    shown = json.loads(cli(config, "show", str(siblings[0]["id"])).stdout)
    assert shown["approvable"] is False and shown["reasons"][0]["check"] == "sibling"

    report = cli(config, "report", "--out", str(tmp_path / "r"))
    assert report.returncode == 0, report.stderr
    html = (tmp_path / "r" / "report.html").read_text()
    assert re.search(r"Approvable<b>0</b>", html)
    assert "one topic gets one post" in html
    with open(tmp_path / "r" / "drafts.csv", newline="") as fh:
        csv_rows = {int(r["id"]): r for r in csv.DictReader(fh)}
    assert all(csv_rows[s["id"]]["approvable"] == "no" for s in siblings)
    with pytest.raises(StateError, match="one topic gets one post"):
        workflow.approve(conn, config, siblings[0]["id"], by="mia", now=NOW)


def test_the_review_app_asks_the_gate_on_the_queue_and_the_draft_page(
    config: Config, conn: sqlite3.Connection, variants: list[dict[str, Any]]
) -> None:
    from clinicseo.review import create_app
    from clinicseo.review.auth import add_user

    add_user(conn, "ed", "correct horse", "editor")
    client = create_app(config).test_client()
    page = client.get("/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf
    client.post("/login", data={"name": "ed", "password": "correct horse",
                                "csrf_token": csrf.group(1)})  # fmt: skip
    queue = client.get("/").text
    assert queue.count(">ready<") == 3
    workflow.approve(conn, config, variants[0]["id"], by="mia", now=NOW)
    queue = client.get("/").text
    assert queue.count("not ready: sibling") == 2
    draft_page = client.get(f"/drafts/{variants[1]['id']}").text
    assert "Not ready" in draft_page and "one topic gets one post" in draft_page
    assert "Reject this variant" in draft_page  # the fix
    assert "Approve and schedule" not in draft_page  # no Approve button for a not-ready draft


def test_generate_twice_stores_nothing_the_second_time(config: Config) -> None:
    first = cli(config, "generate", "--topic", "microneedling aftercare", "--variants", "3")
    assert first.returncode == 0, first.stderr
    assert "3 drafts stored" in first.stdout
    second = cli(config, "generate", "--topic", "microneedling aftercare", "--variants", "3")
    assert second.returncode == 0, second.stderr
    assert "0 drafts stored, 0 approvable, 3 copies not stored" in second.stdout
    assert second.stderr.count("a copy of draft #") == 3
    conn = store.connect(config.database.path)
    assert store.count_drafts(conn) == 3
    slugs = [d["slug"] for d in store.list_drafts(conn)]
    assert len(set(slugs)) == 3  # variants of one topic never share a slug
    assert all(fields.SLUG.fullmatch(s) for s in slugs)


def test_a_near_copy_of_another_topics_draft_is_caught_the_older_one_stays_ready(
    config: Config, conn: sqlite3.Connection, variants: list[dict[str, Any]]
) -> None:
    original = variants[0]
    (copy_id,) = store.insert_drafts(conn, [{
        **{k: original[k] for k in store.DRAFT_TEXT_FIELDS}, "topic": "another topic",
        "keyphrase": "another topic", "slug": "another-topic", "blocking": [],
    }])  # fmt: skip
    copy = store.get_draft(conn, copy_id)
    verdicts = gate.evaluate_many(conn, config, [original, copy], now=NOW)
    assert verdicts[original["id"]].ready
    (near,) = [r for r in verdicts[copy_id].reasons if r.check == "near_copy"]
    assert f"draft #{original['id']} (draft)" in near.reason
    # Once the original is scheduled, a copy of it is never headed for the blog.
    workflow.approve(conn, config, original["id"], by="mia", now=NOW)
    assert "near_copy" in checks_of(gate.evaluate(conn, config, copy, now=NOW))


def test_fields_are_plain_text_and_validated(
    config: Config, conn: sqlite3.Connection, variants: list[dict[str, Any]]
) -> None:
    target = variants[0]["id"]
    edited = workflow.edit(conn, config, target, {
        "title": 'Microneedling <script>alert("x")</script>aftercare',
        "meta_description": "<b>Bold</b> &amp; plain", "slug": "Microneedling-Aftercare",
    }, by="mia")  # fmt: skip
    assert edited["title"] == "Microneedling aftercare"
    assert edited["meta_description"] == "Bold & plain"
    assert edited["slug"] == "microneedling-aftercare"
    blank = workflow.edit(conn, config, target, {"title": "  ", "slug": "not a slug!"}, by="mia")
    verdict = gate.evaluate(conn, config, blank, now=NOW)
    assert {"field_title", "field_slug"} <= checks_of(verdict)
    with pytest.raises(StateError, match="The title is blank"):
        workflow.approve(conn, config, target, by="mia", now=NOW)
    assert fields.for_wordpress("Dose < 5 ml & safe") == "Dose &lt; 5 ml &amp; safe"


def test_the_near_copy_index_estimates_jaccard_and_finds_copies_among_many(
    conn: sqlite3.Connection,
) -> None:
    base = [f"w{i}" for i in range(400)]
    texts = {i: " ".join(f"{w}t{i}" for w in base) for i in range(1, 200)}  # unrelated texts
    texts[500] = " ".join(base)
    texts[501] = " ".join(base[:360] + [f"x{i}" for i in range(40)])  # ~82% the same
    store.replace_blog_posts(conn, [blog_post(i, t) for i, t in texts.items()])
    assert nearcopies.sync(conn) == len(texts)
    assert nearcopies.sync(conn) == 0  # up to date: nothing to do
    probe = nearcopies.fingerprint_text(" ".join(base))
    found = nearcopies.matches(conn, probe, at_least=0.5)
    assert [m.ref for m in found] == [500, 501]
    assert found[0].similarity == 1.0 and 0.7 < found[1].similarity < 0.95


def test_a_whole_store_is_judged_in_rounds_within_sqlites_variable_limit(
    config: Config, conn: sqlite3.Connection
) -> None:
    rows = [{"topic": f"t{i}", "title": f"Post {i}", "html": "<p>Short.</p>",
             "keyphrase": "same", "slug": f"post-{i}"} for i in range(1_200)]  # fmt: skip
    store.insert_drafts(conn, rows)
    first = store.list_drafts(conn, sort="topic")[0]
    workflow.approve(conn, config, first["id"], by="mia", now=NOW)
    verdicts = gate.evaluate_many(conn, config, store.list_drafts(conn), now=NOW)
    assert len(verdicts) == 1_200
    taken = [v for v in verdicts.values() if any(r.check == "keyphrase" for r in v.reasons)]
    assert len(taken) == 1_199  # every round sees the one approved post's keyphrase
