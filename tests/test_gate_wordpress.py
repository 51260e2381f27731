"""The publish gate against the real local WordPress (issue #11).

The clinic's existing posts are written to the real site first (as people wrote them before
clinicseo), then read back into the store the way `wordpress import` stores them
(store.replace_blog_posts; the import command itself is issue #15's).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from clinicseo import drafting, gate, store, workflow
from clinicseo.config import Config
from clinicseo.scoring import plain_text
from publisher.jobs import publish_draft, publish_due
from publisher.wordpress import OutgoingPost, connect
from scripts.local_wordpress import LocalWordPress
from tests.fixtures.wordpress import scheduled_draft

pytestmark = pytest.mark.wordpress
REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
TOPIC = "microneedling and inflammation"


def import_blog(conn: Any, wp: LocalWordPress) -> None:
    """The site's posts into the store, as `wordpress import` keeps them."""
    store.replace_blog_posts(conn, [
        {"wp_id": p["id"], "title": p["title"], "slug": p["slug"], "url": p["link"],
         "text": plain_text(p["content"]), "status": p["status"], "categories": p["categories"],
         "keyphrase": p["meta"].get("_yoast_wpseo_focuskw") or None, "modified": None}
        for p in wp.posts()
    ])  # fmt: skip


def cli(config: Config, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ}
    return subprocess.run(
        [sys.executable, "-m", "clinicseo", "--config", str(config.path), *args],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=300,
    )  # fmt: skip


def test_the_blog_counts_and_one_published_variant_closes_its_siblings(
    wp_config: Callable[..., Config], clean_wordpress: LocalWordPress, tmp_path: Path
) -> None:
    config = wp_config()
    conn = store.connect(config.database.path)
    ids = drafting.draft_topic(conn, config, TOPIC, 3)
    variants = [store.get_draft(conn, i) for i in ids]
    assert all(v.ready for v in gate.evaluate_many(conn, config, variants, now=NOW).values())

    # Before clinicseo, someone posted a copy of variant 1's text, and a post aimed at the
    # keyphrase "microneedling downtime".
    api = connect(config.wordpress, clean_wordpress.app_password)
    api.create_post(
        OutgoingPost(
            title="Our own microneedling notes",
            html=variants[0]["html"],
            reference="manual-1",
            slug="our-notes",
            keyphrase="",
            status="publish",
            categories=("Skin Care",),
        )
    )
    api.create_post(OutgoingPost(
        title="Downtime after microneedling", html="<p>" + "Rest and sunscreen. " * 40 + "</p>",
        reference="manual-2", slug="downtime", keyphrase="microneedling downtime",
        status="publish", categories=("Skin Care",)))  # fmt: skip
    import_blog(conn, clean_wordpress)
    assert len(store.blog_posts(conn)) == 2
    copied = gate.evaluate(conn, config, variants[0], now=NOW)
    assert not copied.ready
    assert any(r.check == "near_copy" and "Our own microneedling notes" in r.reason
               for r in copied.reasons)  # fmt: skip
    clash = workflow.edit(conn, config, variants[1]["id"],
                          {"keyphrase": "Microneedling downtime"}, by="mia")  # fmt: skip
    reasons = gate.evaluate(conn, config, clash, now=NOW).reasons
    assert any(r.check == "keyphrase" and "Downtime after microneedling" in r.reason
               for r in reasons)  # fmt: skip

    # Publish variant 3 for real: its siblings turn not-ready at once, everywhere.
    chosen = variants[2]
    workflow.approve(conn, config, chosen["id"], by="mia", now=NOW)
    summary = publish_draft(conn, config, chosen["id"], NOW, retry_wait_s=0.01)
    assert [r.outcome for r in summary.results] == ["published"]
    import_blog(conn, clean_wordpress)  # our own post comes back in: not a rival of itself
    rows = {r["id"]: r for r in json.loads(cli(config, "drafts", "--format", "json").stdout)}
    for sibling in variants[:2]:
        assert rows[sibling["id"]]["approvable"] is False
        assert any(r["check"] == "sibling" for r in rows[sibling["id"]]["reasons"])
    out = cli(config, "report", "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert "Approvable<b>0</b>" in (tmp_path / "report.html").read_text()
    published = gate.evaluate(conn, config, store.get_draft(conn, chosen["id"]), now=NOW)
    assert [r.check for r in published.reasons] == ["state"]  # only: it is already live


def test_a_script_title_reaches_wordpress_as_text(
    wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config()
    conn = store.connect(config.database.path)
    (draft_id,) = drafting.draft_topic(conn, config, TOPIC, 1)
    d = store.get_draft(conn, draft_id)
    typed = 'Dose < 5 ml <script>alert("owned")</script>& aftercare'
    edited = workflow.edit(conn, config, d["id"], {"title": typed}, by="mia")
    assert edited["title"] == "Dose < 5 ml & aftercare"  # tags stripped on input
    workflow.approve(conn, config, d["id"], by="mia", now=NOW)
    summary = publish_draft(conn, config, d["id"], NOW, retry_wait_s=0.01)
    assert [r.outcome for r in summary.results] == ["published"], summary.results
    (post,) = [
        p for p in clean_wordpress.posts() if p["id"] == int(summary.results[0].wordpress_id)
    ]
    assert post["title"] == "Dose &lt; 5 ml &amp; aftercare"  # escaped on output: text
    page = requests.get(post["link"], timeout=30).text
    assert "<script>alert" not in page and "owned" not in page
    assert re.search(r"Dose &lt; 5 ml &(amp;|#038;) aftercare", page)

    # A title holding markup that reached the store some other way is refused at send time.
    legacy = scheduled_draft(conn, NOW, title="<script>alert(1)</script>Legacy")
    result = publish_due(conn, config, NOW, retry_wait_s=0.01).results
    assert [(r.draft_id, r.outcome) for r in result] == [(legacy["id"], "failed")]
    assert "The title contains markup" in (store.get_draft(conn, legacy["id"])["last_error"])
    assert not [p for p in clean_wordpress.posts() if "Legacy" in p["title"]]
