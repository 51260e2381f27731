"""publish_due / publish_draft against the real local WordPress: exactly once, never lost,
never early, and a failure recorded with its cause (never the password)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from clinicseo import store
from clinicseo.config import Config
from clinicseo.errors import StateError
from publisher.jobs import outgoing_post, publish_draft, publish_due
from publisher.wordpress import OutgoingPost, RemotePost, connect
from scripts.local_wordpress import LocalWordPress
from tests.fixtures.wordpress import WP_PASSWORD_ENV, PassThroughAPI, scheduled_draft

pytestmark = pytest.mark.wordpress
NOW = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
FAST = 0.01  # retry backoff in tests: the behaviour is the same, only shorter


@pytest.fixture
def conn(wp_config: Callable[..., Config]) -> Iterator[sqlite3.Connection]:
    config = wp_config()
    c = store.connect(config.database.path)
    yield c
    c.close()


def on_wordpress(wp: LocalWordPress, reference: str) -> list[dict]:
    return [p for p in wp.posts(search=reference) if reference in p["content"]]


@pytest.mark.parametrize("api", ["xmlrpc", "rest"])
def test_a_due_draft_is_published_and_reads_back_as_sent(
    api: str, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    # Issue 15 changed what is sent: the body as blocks, the JSON-LD as meta (never in the
    # body), the SEO fields under the keys of the plugin the site runs (Yoast here).
    clean_wordpress.pretend_seo_plugin("yoast")
    config = wp_config(wordpress={"api": api})
    conn = store.connect(config.database.path)
    draft = scheduled_draft(conn, NOW - timedelta(minutes=1), seo_title="Microneedling | Cosmos")
    summary = publish_due(conn, config, NOW, retry_wait_s=FAST)
    assert [r.outcome for r in summary.results] == ["published"]
    done = store.get_draft(conn, draft["id"])
    assert done["state"] == "published" and done["last_error"] is None
    (post,) = on_wordpress(clean_wordpress, draft["reference"])
    assert str(post["id"]) == done["wordpress_id"] and post["link"] == done["wordpress_url"]
    assert post["title"] == draft["title"]
    assert "<!-- wp:heading -->\n<h2>How it works</h2>\n<!-- /wp:heading -->" in post["content"]
    assert "ld+json" not in post["content"]
    assert json.loads(post["meta"]["_clinicseo_jsonld"]) == draft["jsonld"]
    assert post["status"] == "publish"
    assert post["categories"] == ["Skin Care"]
    assert post["tags"] == ["inflammation", "microneedling"]
    assert post["meta"]["_yoast_wpseo_metadesc"] == draft["meta_description"]
    assert post["meta"]["_yoast_wpseo_focuskw"] == draft["keyphrase"]
    assert post["meta"]["_yoast_wpseo_title"] == "Microneedling | Cosmos"
    assert [h["action"] for h in done["history"]].count("published") == 1
    (publication,) = store.list_publications(conn, draft["id"])
    assert publication["api"] == api and publication["outcome"] == "published"
    # a second run sends nothing
    assert publish_due(conn, config, NOW + timedelta(hours=1)).results == []
    assert len(on_wordpress(clean_wordpress, draft["reference"])) == 1


def test_a_future_slot_waits_for_its_time(
    conn: sqlite3.Connection, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config()
    slot = NOW + timedelta(hours=2)
    draft = scheduled_draft(conn, slot)
    for early in (NOW, slot - timedelta(seconds=1)):
        assert publish_due(conn, config, early).results == []
        assert store.get_draft(conn, draft["id"])["state"] == "scheduled"
        assert on_wordpress(clean_wordpress, draft["reference"]) == []
    summary = publish_due(conn, config, slot)
    assert [r.outcome for r in summary.results] == ["published"]
    assert len(on_wordpress(clean_wordpress, draft["reference"])) == 1


def test_a_crash_after_wordpress_accepted_the_post_does_not_double_it(
    conn: sqlite3.Connection, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config()
    draft = scheduled_draft(conn, NOW - timedelta(minutes=5))
    # The publisher marked it 'publishing', WordPress accepted the post, then the process
    # died before record_wordpress_id: the draft is left in 'publishing' with no id.
    store.transition(conn, draft["id"], store.PUBLISHING, by="publisher", action="publishing")
    api = connect(config.wordpress, clean_wordpress.app_password)
    created = api.create_post(outgoing_post(config, draft))
    assert store.get_draft(conn, draft["id"])["wordpress_id"] is None

    summary = publish_due(conn, config, NOW, retry_wait_s=FAST)
    (result,) = summary.results
    assert result.outcome == "published" and result.found_existing
    done = store.get_draft(conn, draft["id"])
    assert done["state"] == "published" and done["wordpress_id"] == created.id
    assert [p["id"] for p in on_wordpress(clean_wordpress, draft["reference"])] == [int(created.id)]


def test_a_crash_after_the_id_was_stored_finishes_without_sending(
    conn: sqlite3.Connection, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config()
    draft = scheduled_draft(conn, NOW - timedelta(minutes=5))
    store.transition(conn, draft["id"], store.PUBLISHING, by="publisher", action="publishing")
    created = connect(config.wordpress, clean_wordpress.app_password).create_post(
        outgoing_post(config, draft)
    )
    store.record_wordpress_id(conn, draft["id"], created.id, created.link)
    clean_wordpress.stop_server()  # nothing needs sending: WordPress is not even asked
    publish_due(conn, config, NOW, retry_wait_s=FAST)
    assert store.get_draft(conn, draft["id"])["state"] == "published"
    clean_wordpress.start_server()
    assert len(on_wordpress(clean_wordpress, draft["reference"])) == 1


class StopsWordPressAfterFirstPost(PassThroughAPI):
    """The real API; WordPress goes down right after it accepted the first post."""

    def create_post(self, post: OutgoingPost) -> RemotePost:
        made = self.inner.create_post(post)
        self.wp.stop_server()
        return made


def test_wordpress_down_mid_run_fails_with_the_cause_then_a_retry_publishes_once(
    conn: sqlite3.Connection, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config(wordpress={"retries": 2})
    first = scheduled_draft(conn, NOW - timedelta(minutes=2))
    second = scheduled_draft(conn, NOW - timedelta(minutes=1))
    api = StopsWordPressAfterFirstPost(
        connect(config.wordpress, clean_wordpress.app_password), clean_wordpress
    )
    summary = publish_due(conn, config, NOW, api=api, retry_wait_s=FAST)
    assert [r.outcome for r in summary.results] == ["published", "failed"]
    failed = store.get_draft(conn, second["id"])
    assert failed["state"] == "failed"
    assert "Connection refused" in failed["last_error"]
    # transient: the scheduler will try again by itself in 5 minutes (tests/test_scheduler_retries)
    assert failed["retry_at"] == store.iso(NOW + timedelta(minutes=5))
    assert "automatic retry 1 of 2" in failed["history"][-1]["note"]
    assert store.list_publications(conn, second["id"])[-1]["outcome"] == "failed"
    assert any("Connection refused" in line for line in summary.lines())

    clean_wordpress.start_server()
    # before its retry time the next tick does not touch it; a person may retry at once
    assert publish_due(conn, config, NOW + timedelta(minutes=1)).results == []
    retried = publish_draft(conn, config, second["id"], NOW + timedelta(minutes=2))
    assert [r.outcome for r in retried.results] == ["published"]
    done = store.get_draft(conn, second["id"])
    assert done["state"] == "published" and done["retry_at"] is None
    for d in (first, second):
        assert len(on_wordpress(clean_wordpress, d["reference"])) == 1


def test_server_errors_are_retried_then_recorded(
    conn: sqlite3.Connection, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config(wordpress={"retries": 1})
    draft = scheduled_draft(conn, NOW)
    clean_wordpress.set_server_error(True)
    publish_due(conn, config, NOW, retry_wait_s=FAST)
    assert "HTTP 500" in store.get_draft(conn, draft["id"])["last_error"]
    clean_wordpress.set_server_error(False)
    publish_draft(conn, config, draft["id"], NOW)
    assert len(on_wordpress(clean_wordpress, draft["reference"])) == 1


@pytest.mark.parametrize("api", ["xmlrpc", "rest"])
def test_a_wrong_password_fails_without_storing_or_showing_it(
    api: str,
    wp_config: Callable[..., Config],
    clean_wordpress: LocalWordPress,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = wp_config(wordpress={"api": api})
    conn = store.connect(config.database.path)
    secret = "Not-The-Password-4242"
    monkeypatch.setenv(WP_PASSWORD_ENV, secret)
    draft = scheduled_draft(conn, NOW)
    (result,) = publish_due(conn, config, NOW, retry_wait_s=FAST).results
    assert result.outcome == "failed"
    failed = store.get_draft(conn, draft["id"])
    assert failed["state"] == "failed"
    assert "refused the credentials" in failed["last_error"]
    assert failed["retry_at"] is None  # not transient: it waits for a person
    assert WP_PASSWORD_ENV in failed["last_error"]  # says where to fix it
    assert secret not in failed["last_error"]
    conn.close()
    for path in config.database.path.parent.glob(config.database.path.name + "*"):
        assert secret.encode() not in path.read_bytes(), path
    assert clean_wordpress.posts() == []


def test_xmlrpc_disabled_falls_back_to_rest(
    conn: sqlite3.Connection, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    clean_wordpress.set_xmlrpc_enabled(False)
    clean_wordpress.pretend_seo_plugin("yoast")  # SEO fields go where the site's plugin reads
    strict = wp_config(wordpress={"api": "xmlrpc", "fallback_to_rest": False})
    blocked = scheduled_draft(conn, NOW)
    publish_due(conn, strict, NOW, retry_wait_s=FAST)
    assert "405" in store.get_draft(conn, blocked["id"])["last_error"]

    config = wp_config(wordpress={"api": "xmlrpc", "fallback_to_rest": True})
    draft = scheduled_draft(conn, NOW)
    (result,) = publish_due(conn, config, NOW, retry_wait_s=FAST).results
    assert result.outcome == "published"
    (post,) = on_wordpress(clean_wordpress, draft["reference"])
    assert post["meta"]["_yoast_wpseo_metadesc"] == draft["meta_description"]
    # the record names the route that really carried the post
    assert [p["api"] for p in store.list_publications(conn, draft["id"])] == ["rest"]


def test_changed_text_and_compliance_blocks_are_refused_at_send_time(
    conn: sqlite3.Connection, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config()
    edited = scheduled_draft(conn, NOW)
    # text changed behind the approval's back (the store's edit path would un-approve it)
    conn.execute("UPDATE drafts SET html = '<p>cures acne forever</p>' WHERE id = ?",
                 (edited["id"],))  # fmt: skip
    blocked = scheduled_draft(conn, NOW, blocking=["claims_cure", "sentence_length"])
    overridden = scheduled_draft(conn, NOW, blocking=["claims_cure"])
    conn.execute(
        "UPDATE drafts SET override_by = 'dr', override_reason = 'reviewed by the doctor'"
        " WHERE id = ?", (overridden["id"],),
    )  # fmt: skip
    summary = publish_due(conn, config, NOW, retry_wait_s=FAST)
    outcomes = {r.draft_id: r.outcome for r in summary.results}
    assert outcomes == {edited["id"]: "failed", blocked["id"]: "failed",
                        overridden["id"]: "published"}  # fmt: skip
    assert "changed after it was approved" in store.get_draft(conn, edited["id"])["last_error"]
    assert "claims_cure" in store.get_draft(conn, blocked["id"])["last_error"]
    for d in (edited, blocked):
        assert on_wordpress(clean_wordpress, d["reference"]) == []


def test_publish_draft_checks_state_and_dry_run_sends_nothing(
    conn: sqlite3.Connection, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config()
    draft = scheduled_draft(conn, NOW + timedelta(days=3))
    dry = publish_draft(conn, config, draft["id"], NOW, dry_run=True)
    assert [r.outcome for r in dry.results] == ["would publish"]
    assert store.get_draft(conn, draft["id"])["state"] == "scheduled"
    assert clean_wordpress.posts() == []
    publish_draft(conn, config, draft["id"], NOW)  # a person asked: now, not at the slot
    assert store.get_draft(conn, draft["id"])["state"] == "published"
    with pytest.raises(StateError, match="published"):
        publish_draft(conn, config, draft["id"], NOW)
