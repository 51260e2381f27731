"""Approval rules the CLI and the review app share."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from clinicseo import store, workflow
from clinicseo.config import Config
from clinicseo.errors import InputError, StateError
from tests.test_store import draft

NOW = datetime(2027, 3, 30, 0, 0, tzinfo=UTC)  # Tue 30 Mar 2027, 11:00 in Melbourne (AEDT)


@pytest.fixture
def env(make_config: Callable[..., Config]) -> tuple[Config, Any]:
    config = make_config()
    return config, store.connect(config.database.path)


def test_next_free_slot_keeps_wall_clock_time_across_daylight_saving(env: Any) -> None:
    config, conn = env
    first = workflow.next_free_slot(conn, config, NOW)
    # Thu 1 Apr 09:00 AEDT (UTC+11); clocks go back on Sun 4 Apr; Tue 6 Apr 09:00 AEST (UTC+10)
    assert first.astimezone(UTC) == datetime(2027, 3, 31, 22, 0, tzinfo=UTC)
    (i,) = store.insert_drafts(conn, [draft()])
    workflow.approve(conn, config, i, by="mia", now=NOW)
    second = workflow.next_free_slot(conn, config, NOW)
    assert second.astimezone(UTC) == datetime(2027, 4, 5, 23, 0, tzinfo=UTC)
    assert second.astimezone(config.tz).hour == 9


def test_approve_schedules_the_next_free_slot_and_records_the_text(env: Any) -> None:
    config, conn = env
    # Two topics: the publish gate lets only one variant of a topic head for the blog.
    a, b = store.insert_drafts(
        conn,
        [draft(), draft(topic="microneedling", keyphrase="microneedling", slug="microneedling")],
    )
    first = workflow.approve(conn, config, a, by="mia", now=NOW)
    second = workflow.approve(conn, config, b, by="mia", now=NOW)
    assert first["state"] == second["state"] == store.SCHEDULED
    assert first["approved_hash"] == first["text_hash"]
    assert first["publish_at"] != second["publish_at"]
    assert [h["action"] for h in first["history"]] == ["created", "approved", "scheduled"]
    assert first["history"][-1]["by"] == "mia"


def test_blocking_findings_need_a_named_override(env: Any) -> None:
    config, conn = env
    (i,) = store.insert_drafts(conn, [draft(approvable=False, blocking=["claims_safety"])])
    with pytest.raises(StateError, match="claims_safety"):
        workflow.approve(conn, config, i, by="mia", now=NOW)
    with pytest.raises(InputError, match="reason"):
        workflow.override(conn, i, by="mia", reason="  ")
    workflow.override(conn, i, by="dr-lee", reason="qualified in the risks section")
    approved = workflow.approve(conn, config, i, by="mia", now=NOW)
    assert approved["override_by"] == "dr-lee"
    assert "claims_safety: qualified in the risks section" in [
        h["note"] for h in approved["history"]
    ]


def test_one_keyphrase_is_never_headed_for_the_blog_twice(env: Any) -> None:
    config, conn = env
    a, b = store.insert_drafts(conn, [draft(), draft(topic="another topic", slug="other")])
    workflow.approve(conn, config, a, by="mia", now=NOW)
    with pytest.raises(StateError, match=f"Draft #{a} \\(scheduled\\) already uses the keyphrase"):
        workflow.approve(conn, config, b, by="mia", now=NOW)


def test_nothing_is_scheduled_in_the_past_and_rejection_needs_a_reason(env: Any) -> None:
    config, conn = env
    (i,) = store.insert_drafts(conn, [draft()])
    with pytest.raises(InputError, match="in the past"):
        workflow.approve(conn, config, i, by="mia", now=NOW, publish_at=NOW - timedelta(hours=1))
    with pytest.raises(InputError, match="--by"):
        workflow.approve(conn, config, i, by=" ", now=NOW)
    with pytest.raises(InputError, match="reason"):
        workflow.reject(conn, i, by="mia", reason="")
    rejected = workflow.reject(conn, i, by="mia", reason="duplicate of last month's post")
    assert rejected["state"] == store.REJECTED


def test_publish_at_without_a_zone_is_read_in_the_clinics_zone(env: Any) -> None:
    config, _ = env
    when = workflow.parse_publish_at("2027-04-01T09:00", config)
    assert when.astimezone(UTC) == datetime(2027, 3, 31, 22, 0, tzinfo=UTC)
    with pytest.raises(InputError, match="ISO-8601"):
        workflow.parse_publish_at("next thursday", config)


def test_a_failed_publish_can_be_retried(env: Any) -> None:
    config, conn = env
    (i,) = store.insert_drafts(conn, [draft()])
    workflow.approve(conn, config, i, by="mia", now=NOW)
    store.transition(conn, i, store.PUBLISHING, by="publisher", action="publishing")
    store.transition(
        conn, i, store.FAILED, by="publisher", action="failed", last_error="WordPress is down"
    )
    retried = workflow.retry(conn, i, by="mia", now=NOW)
    assert retried["state"] == store.SCHEDULED
    assert retried["last_error"] is None
    assert [d["id"] for d in store.due_drafts(conn, NOW)] == [i]


def test_an_edited_body_is_sanitised_before_it_is_stored(env: Any) -> None:
    config, conn = env
    (i,) = store.insert_drafts(conn, [draft()])
    hostile = (
        '<h2 onclick="steal()">How it works</h2><script>alert(1)</script>'
        '<p>Fine needles. <a href="javascript:alert(2)">More</a></p><iframe src="x"></iframe>'
    )
    edited = workflow.edit(conn, config, i, {"html": hostile}, by="mia")
    for bad in ("<script", "onclick", "javascript:", "<iframe", "alert(1)"):
        assert bad not in edited["html"]
    assert "<h2>How it works</h2>" in edited["html"]
    assert "Fine needles." in edited["html"]


def test_an_edit_that_copies_a_sibling_variant_is_caught(env: Any) -> None:
    from clinicseo.render import TopicBrief, render_variants

    config, conn = env
    variants = render_variants(
        TopicBrief.from_text("microneedling and inflammation"), 2, config=config
    )
    a, b = store.insert_drafts(conn, variants)
    edited = workflow.edit(conn, config, b, {"html": variants[0]["html"]}, by="mia")
    checks = {c["id"]: c for c in edited["checks"]}
    assert checks["uniqueness_variants"]["status"] == "bad"
    assert "uniqueness_variants" in edited["blocking"]
