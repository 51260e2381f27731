"""Publishing that fits the clinic's real WordPress, against the real local WordPress: Rank
Math's fields with no plugin, a lost field turning the publish red, block markup WordPress's
own parse_blocks reads, the image's alt text, an Author account with no visible JSON, the
medical reviewer, an update in place and an unpublish."""

from __future__ import annotations

import html
import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from click.testing import CliRunner

from clinicseo import store, workflow
from clinicseo.cli import cli
from clinicseo.config import Config
from clinicseo.errors import PublishError
from clinicseo.review.auth import add_user
from publisher.jobs import publish_draft, publish_due
from publisher.lifecycle import unpublish
from publisher.wordpress import OutgoingPost, RemotePost, connect
from scripts.local_wordpress import LocalWordPress
from tests.fixtures.wordpress import WP_PASSWORD_ENV, PassThroughAPI, scheduled_draft
from tests.test_publish_media import figure_html

pytestmark = pytest.mark.wordpress
NOW = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
FAST = 0.01
BODY = (
    "<p>Microneedling inflammation settles within days.</p>\n"
    "<h2>How it works</h2><p>Fine needles make tiny, controlled injuries.</p>\n"
    "<h3>What you feel</h3>\n<ul><li>Warmth</li><li>Redness</li></ul>\n"
    "<ol><li>Cleanse</li><li>Treat</li></ol>\n"
    "<blockquote><p>Most redness fades in two days.</p></blockquote>\n"
    "<table><tr><td>Day 1</td><td>red</td></tr></table>"
)


@pytest.fixture
def conn(wp_config: Callable[..., Config]) -> Iterator[sqlite3.Connection]:
    c = store.connect(wp_config().database.path)
    yield c
    c.close()


def meta_of(wp: LocalWordPress, post_id: str | int) -> dict[str, str]:
    """Every meta value of the post as the database holds it (REST shows registered keys only)."""
    out = wp.php(
        f"$m = get_post_meta({int(post_id)}); echo json_encode(array_map(fn($v) => $v[0], $m));"
    )
    return dict(json.loads(out))


def published(conn: sqlite3.Connection, draft: dict[str, Any]) -> dict[str, Any]:
    return store.get_draft(conn, draft["id"])


def test_rank_math_fields_are_written_and_read_back_with_no_plugin_at_all(
    conn: sqlite3.Connection, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    clean_wordpress.set_companion_plugin(False)
    clean_wordpress.pretend_seo_plugin("rankmath")
    config = wp_config(wordpress={"api": "xmlrpc"})
    draft = scheduled_draft(conn, NOW, seo_title="Microneedling redness | Cosmos")
    summary = publish_due(conn, config, NOW, retry_wait_s=FAST)
    assert [r.outcome for r in summary.results] == ["published"]  # every field sent landed
    # said up front: without the companion plugin the schema has nowhere to go
    assert any("structured data (JSON-LD): LOST" in n for n in summary.notes)
    note = published(conn, draft)["history"][-1]["note"]  # and each post's record says so
    assert "nowhere to land on this site" in note and "structured data (JSON-LD)" in note
    meta = meta_of(clean_wordpress, published(conn, draft)["wordpress_id"])
    assert meta["rank_math_title"] == "Microneedling redness | Cosmos"
    assert meta["rank_math_description"] == draft["meta_description"]
    assert meta["rank_math_focus_keyword"] == draft["keyphrase"]
    assert not any(k.startswith("_yoast") for k in meta)
    post = clean_wordpress.post(published(conn, draft)["wordpress_id"])
    assert "ld+json" not in post["content"] and "@context" not in post["content"]


class CompanionVanishes(PassThroughAPI):
    """The companion plugin is removed between the preflight and the send (an update, a
    security plugin): WordPress then drops the Yoast keys without a word."""

    def create_post(self, post: OutgoingPost) -> RemotePost:
        self.wp.set_companion_plugin(False)
        return self.inner.create_post(post)


def test_a_field_that_did_not_land_turns_the_publish_red(
    conn: sqlite3.Connection, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    clean_wordpress.pretend_seo_plugin("yoast")
    config = wp_config(wordpress={"seo_plugin": "yoast"})
    draft = scheduled_draft(conn, NOW)
    api = CompanionVanishes(connect(config.wordpress, clean_wordpress.app_password),
                            clean_wordpress)  # fmt: skip
    summary = publish_due(conn, config, NOW, api=api, retry_wait_s=FAST)
    (result,) = summary.results
    assert result.outcome == "incomplete" and summary.failed == [result]
    assert "meta description" in (result.error or "") and "focus keyphrase" in (result.error or "")
    lines = summary.lines()
    assert any(line.startswith("INCOMPLETE draft") for line in lines)
    assert lines[-1].startswith("0 published, 1 failed")
    done = published(conn, draft)
    assert done["state"] == "published" and "did not land" in done["last_error"]
    (publication,) = store.list_publications(conn, draft["id"])
    assert publication["outcome"] == "incomplete"
    from clinicseo.doctor import examine

    (problem,) = examine(conn, config, NOW)
    assert problem.draft_id == draft["id"] and "did not land" in problem.problem


def test_block_markup_is_parsed_by_wordpress_parse_blocks_with_the_image_media_id(
    conn: sqlite3.Connection, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config()
    scheduled_draft(conn, NOW, html=figure_html(config) + "\n" + BODY)
    (result,) = publish_due(conn, config, NOW, retry_wait_s=FAST).results
    assert result.outcome == "published"
    post_id = int(result.wordpress_id or 0)
    blocks = json.loads(clean_wordpress.php(
        f"echo json_encode(parse_blocks(get_post({post_id})->post_content));"))  # fmt: skip
    named = [b for b in blocks if b["blockName"]]
    # nothing left for a Classic block: between blocks only whitespace
    assert all(not b["innerHTML"].strip() for b in blocks if not b["blockName"])
    assert [b["blockName"] for b in named] == [
        "core/image", "core/paragraph", "core/heading", "core/paragraph", "core/heading",
        "core/list", "core/list", "core/quote", "core/html", "core/html",
    ]  # fmt: skip
    image = named[0]
    featured = clean_wordpress.post(post_id)["featured_media"]
    assert image["attrs"]["id"] == featured and f"wp-image-{featured}" in image["innerHTML"]
    assert "wp-element-caption" in image["innerHTML"]
    assert named[4]["attrs"] == {"level": 3}
    assert [b["blockName"] for b in named[5]["innerBlocks"]] == ["core/list-item"] * 2
    assert named[6]["attrs"] == {"ordered": True}
    assert [b["blockName"] for b in named[7]["innerBlocks"]] == ["core/paragraph"]
    assert "clinicseo:" in named[-1]["innerHTML"]  # the reference, in a Custom HTML block


def test_classic_format_stays_a_config_choice(
    conn: sqlite3.Connection, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config(wordpress={"content_format": "classic"})
    draft = scheduled_draft(conn, NOW)
    (result,) = publish_due(conn, config, NOW, retry_wait_s=FAST).results
    content = clean_wordpress.post(result.wordpress_id or 0)["content"]
    assert content.startswith(draft["html"]) and "<!-- wp:" not in content
    assert "ld+json" not in content


@pytest.mark.parametrize("api", ["xmlrpc", "rest"])
def test_the_image_is_uploaded_once_with_alt_text_title_and_caption(
    api: str,
    conn: sqlite3.Connection,
    wp_config: Callable[..., Config],
    clean_wordpress: LocalWordPress,
) -> None:
    config = wp_config(wordpress={"api": api})
    first = scheduled_draft(conn, NOW, html=figure_html(config) + "\n" + BODY)
    second = scheduled_draft(conn, NOW, html=figure_html(config) + "\n<p>Other text.</p>",
                             keyphrase="microneedling downtime")  # fmt: skip
    results = publish_due(conn, config, NOW, retry_wait_s=FAST).results
    assert [r.outcome for r in results] == ["published", "published"]
    r = clean_wordpress.rest("GET", "/wp/v2/media", params={"context": "edit"})
    (item,) = r.json()  # uploaded once for both posts
    alt = html.unescape(re.search(r'alt="([^"]+)"', first["html"]).group(1))  # type: ignore[union-attr]
    assert item["alt_text"] == alt and item["title"]["raw"] == alt
    assert item["caption"]["raw"] and item["caption"]["raw"] in first["html"]
    assert not item["title"]["raw"].endswith(".png")
    assert published(conn, second)["state"] == "published"


def test_an_author_account_publishes_with_no_visible_json_and_the_reviewer_shown(
    wp_config: Callable[..., Config],
    clean_wordpress: LocalWordPress,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clean_wordpress.php("wp_insert_term('Skin Care', 'category');")
    _, password = clean_wordpress.add_user("writer", "author")
    reviewer = "Dr Jane Citizen, MBBS FACD (AHPRA MED0001234567)"
    config = wp_config(wordpress={"username": "writer"}, generate={"reviewer": reviewer})
    monkeypatch.setenv(WP_PASSWORD_ENV, password)
    conn = store.connect(config.database.path)
    page_ld = {"@context": "https://schema.org", "@type": "MedicalWebPage", "headline": "M"}
    draft = scheduled_draft(conn, NOW, categories=["Laser Clinic"], jsonld=[page_ld])
    add_user(conn, "drjane", "clinician pass", "clinician")
    workflow.sign_off(conn, draft["id"], by="drjane")
    summary = publish_due(conn, config, NOW, retry_wait_s=FAST)
    (result,) = summary.results
    assert result.outcome == "published", result.error
    done = published(conn, draft)
    note = done["history"][-1]["note"]
    assert "Laser Clinic not on the site" in note and "filed under Skin Care" in note
    assert "tags microneedling, inflammation not on the site" in note
    post = clean_wordpress.post(result.wordpress_id or 0)
    assert post["categories"] == ["Skin Care"] and post["tags"] == []
    page = requests.get(post["link"], timeout=10).text
    head, _, body = page.partition("</head>")
    assert "@context" not in body and "application/ld+json" not in body  # nothing visible
    (graph,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head)
    (article,) = json.loads(graph)["@graph"]
    assert article["reviewedBy"] == {"@type": "Person", "name": "Dr Jane Citizen",
                                     "description": "MBBS FACD (AHPRA MED0001234567)"}
    signed = [h for h in done["history"] if h["action"] == "signed off"][-1]["at"]
    day = store.parse_iso(signed).astimezone(config.tz).date()
    assert article["lastReviewed"] == day.isoformat()
    assert f"Medically reviewed by {reviewer} on {day.day} {day:%B %Y}" in body


def test_the_post_carries_the_configured_author(
    wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    user_id, _ = clean_wordpress.add_user("jcitizen", "author")
    clean_wordpress.php(f"wp_update_user(array('ID' => {user_id}, "
                        "'display_name' => 'Dr Jane Citizen'));")  # fmt: skip
    config = wp_config(generate={"author": "Dr Jane Citizen"})
    conn = store.connect(config.database.path)
    scheduled_draft(conn, NOW)
    (result,) = publish_due(conn, config, NOW, retry_wait_s=FAST).results
    assert result.outcome == "published", result.error
    r = clean_wordpress.rest("GET", f"/wp/v2/posts/{result.wordpress_id}",
                             params={"context": "edit"})  # fmt: skip
    assert r.json()["author"] == user_id


def test_no_sign_off_no_medically_reviewed_claim(
    conn: sqlite3.Connection, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config(generate={"reviewer": "Dr Jane Citizen, MBBS"})
    page_ld = {"@context": "https://schema.org", "@type": "MedicalWebPage", "headline": "M"}
    draft = scheduled_draft(conn, NOW, jsonld=[page_ld])
    (result,) = publish_due(conn, config, NOW, retry_wait_s=FAST).results
    post = clean_wordpress.post(result.wordpress_id or 0)
    assert "Medically reviewed" not in post["content"]
    assert json.loads(post["meta"]["_clinicseo_jsonld"]) == [page_ld]
    assert "no clinician sign-off" in published(conn, draft)["history"][-1]["note"]


def test_a_capability_the_post_needs_stops_the_run_before_anything_is_sent(
    wp_config: Callable[..., Config],
    clean_wordpress: LocalWordPress,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, password = clean_wordpress.add_user("helper", "contributor")  # may not publish
    config = wp_config(wordpress={"username": "helper"})
    monkeypatch.setenv(WP_PASSWORD_ENV, password)
    conn = store.connect(config.database.path)
    draft = scheduled_draft(conn, NOW)
    with pytest.raises(PublishError, match="may not publish posts"):
        publish_due(conn, config, NOW, retry_wait_s=FAST)
    assert published(conn, draft)["state"] == "scheduled"
    assert clean_wordpress.posts() == []


def test_an_edited_and_reapproved_published_draft_updates_the_same_post(
    conn: sqlite3.Connection, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config()
    draft = scheduled_draft(conn, NOW)
    (first,) = publish_due(conn, config, NOW, retry_wait_s=FAST).results
    before = clean_wordpress.post(first.wordpress_id or 0)
    workflow.edit(conn, config, draft["id"], {"title": "Microneedling redness, day by day"},
                  by="editor")  # fmt: skip
    assert published(conn, draft)["state"] == "draft"
    later = NOW + timedelta(days=1)
    # this short test text trips the compliance checks once re-scored: a reviewer accepts them
    workflow.override(conn, draft["id"], by="Dr Lee", reason="test text")
    text_hash = published(conn, draft)["text_hash"]  # approved again, as the gate would
    store.transition(conn, draft["id"], store.APPROVED, by="approver", action="approved",
                     approved_hash=text_hash)  # fmt: skip
    store.transition(conn, draft["id"], store.SCHEDULED, by="approver", action="scheduled",
                     publish_at=store.iso(later))  # fmt: skip
    summary = publish_due(conn, config, later, retry_wait_s=FAST)
    (second,) = summary.results
    assert second.outcome == "published" and second.wordpress_id == first.wordpress_id
    after = clean_wordpress.post(first.wordpress_id or 0)
    assert after["link"] == before["link"] and after["title"] == "Microneedling redness, day by day"
    assert len(clean_wordpress.posts()) == 1
    revisions = clean_wordpress.rest("GET", f"/wp/v2/posts/{first.wordpress_id}/revisions")
    assert len(revisions.json()) >= 2  # WordPress kept the earlier text
    done = published(conn, draft)
    assert [h["action"] for h in done["history"]].count("updated") == 1
    assert done["published_hash"] == done["text_hash"]
    assert publish_due(conn, config, later + timedelta(hours=1)).results == []  # exactly once


def test_unpublish_takes_the_post_down_and_releases_the_keyphrase(
    conn: sqlite3.Connection, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config()
    draft = scheduled_draft(conn, NOW)
    (result,) = publish_due(conn, config, NOW, retry_wait_s=FAST).results
    assert store.scheduled_keyphrases(conn, exclude_id=0) == {draft["keyphrase"]: draft["id"]}
    done = unpublish(conn, config, draft["id"], by="Dr Lee", reason="claims breach", now=NOW)
    assert done["state"] == "withdrawn"
    assert clean_wordpress.post(result.wordpress_id or 0)["status"] == "draft"
    assert requests.get(result.url or "", timeout=10).status_code == 404
    last = done["history"][-1]
    assert last["by"] == "Dr Lee" and last["action"] == "unpublished"
    assert "claims breach" in last["note"]
    assert store.scheduled_keyphrases(conn, exclude_id=0) == {}
    with pytest.raises(Exception, match="only a published draft"):
        unpublish(conn, config, draft["id"], by="Dr Lee", reason="again", now=NOW)


def test_unpublish_from_the_cli_to_private(
    conn: sqlite3.Connection, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config()
    draft = scheduled_draft(conn, NOW)
    (result,) = publish_draft(conn, config, draft["id"], NOW, retry_wait_s=FAST).results
    out = CliRunner().invoke(cli, [
        "unpublish", str(draft["id"]), "--by", "Dr Lee", "--reason", "outdated price",
        "--to", "private", "--config", str(config.path),
    ])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert clean_wordpress.post(result.wordpress_id or 0)["status"] == "private"
    assert published(conn, draft)["state"] == "withdrawn"


def test_the_review_app_takes_a_live_post_down(
    conn: sqlite3.Connection,
    wp_config: Callable[..., Config],
    clean_wordpress: LocalWordPress,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from clinicseo.review import create_app
    from tests.test_review_rules import login, post

    monkeypatch.setenv("CLINICSEO_SECRET_KEY", "test-secret-key-for-the-review-app")
    config = wp_config()
    draft = scheduled_draft(conn, NOW)
    (result,) = publish_due(conn, config, NOW, retry_wait_s=FAST).results
    add_user(conn, "ed", "correct horse", "editor")
    client = create_app(config).test_client()
    login(client)
    page = client.get(f"/drafts/{draft['id']}").text
    assert "Unpublish now" in page
    resp = post(client, f"/drafts/{draft['id']}/unpublish", draft["id"], reason="wrong price",
                to="private")  # fmt: skip
    assert f"WordPress post {result.wordpress_id} is now private" in resp.text
    assert clean_wordpress.post(result.wordpress_id or 0)["status"] == "private"
    done = published(conn, draft)
    assert done["state"] == "withdrawn" and done["history"][-1]["by"] == "ed"


def test_the_companion_plugin_merges_our_page_into_the_seo_plugins_webpage(
    clean_wordpress: LocalWordPress,
) -> None:
    """One page entity, not two contradicting graphs: the companion plugin's merge, run in
    WordPress's PHP (Yoast itself is not installed here; its WebPage node is given)."""
    yoast_node = {"@type": "WebPage", "@id": "https://c/p/#webpage", "url": "https://c/p/",
                  "name": "Yoast's name"}  # fmt: skip
    ours = {"@type": "MedicalWebPage", "@id": "ignored", "name": "ours",
            "reviewedBy": {"@type": "Person", "name": "Dr Jane Citizen"},
            "lastReviewed": "2026-03-03"}  # fmt: skip
    out = clean_wordpress.php(
        f"echo json_encode(clinicseo_merge_page(json_decode({json.dumps(json.dumps(yoast_node))}, "
        f"true), json_decode({json.dumps(json.dumps(ours))}, true)));"
    )
    merged = json.loads(out)
    assert merged["@type"] == ["WebPage", "MedicalWebPage"]
    assert merged["@id"] == yoast_node["@id"] and merged["name"] == "Yoast's name"
    assert merged["reviewedBy"]["name"] == "Dr Jane Citizen"
    assert merged["lastReviewed"] == "2026-03-03"


@pytest.mark.parametrize(("api", "fmt"), [("xmlrpc", "blocks"), ("rest", "blocks"),
                                          ("xmlrpc", "classic")])  # fmt: skip
def test_a_rendered_article_published_by_an_author_lands_every_field(
    api: str,
    fmt: str,
    wp_config: Callable[..., Config],
    clean_wordpress: LocalWordPress,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A real article from the templates (figure, lists, FAQ, links), as blocks, by an
    account WordPress filters (kses): the read-back finds every field as sent."""
    from clinicseo.render import TopicBrief, render_variants

    clean_wordpress.php("wp_insert_term('Skin Care', 'category');")
    clean_wordpress.pretend_seo_plugin("yoast")
    _, password = clean_wordpress.add_user("writer", "author")
    config = wp_config(wordpress={"username": "writer", "api": api, "content_format": fmt})
    monkeypatch.setenv(WP_PASSWORD_ENV, password)
    conn = store.connect(config.database.path)
    (article,) = render_variants(TopicBrief.from_text("microneedling and inflammation"), 1,
                                 config=config)  # fmt: skip
    keys = ("title", "html", "slug", "keyphrase", "meta_description", "excerpt", "seo_title",
            "jsonld")  # fmt: skip
    fields = {k: article[k] for k in keys if k in article}
    draft = scheduled_draft(conn, NOW, categories=["Skin Care"], tags=[], **fields)
    (result,) = publish_due(conn, config, NOW, retry_wait_s=FAST).results
    assert result.outcome == "published", result.error
    post = clean_wordpress.post(result.wordpress_id or 0)
    assert post["meta"]["_yoast_wpseo_focuskw"] == draft["keyphrase"]
    assert ("<!-- wp:image" in post["content"]) == (fmt == "blocks")
    assert "ld+json" not in post["content"]
