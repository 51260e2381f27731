"""The review app acts on the text the person read, keeps every text, moves posts on the
calendar and takes a clinician's sign-off. Flask's test client, a real SQLite file."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient

from clinicseo import store, workflow
from clinicseo.config import Config
from clinicseo.review import create_app
from clinicseo.review.auth import add_user
from tests.test_review_rules import add, login, post, token


@pytest.fixture
def config(make_config: Callable[..., Config]) -> Config:
    return make_config(schedule={"publish_slots": ["thu 09:00"]})


@pytest.fixture
def conn(config: Config) -> Iterator[sqlite3.Connection]:
    c = store.connect(config.database.path)
    add_user(c, "ed", "correct horse", "editor")
    add_user(c, "dr", "clinician pass", "clinician")
    yield c
    c.close()


@pytest.fixture
def client(config: Config, conn: sqlite3.Connection) -> FlaskClient:
    return create_app(config).test_client()


def hash_on(page: str) -> str:
    found = re.search(r'name="expect_hash" value="([0-9a-f]{64})"', page)
    assert found, "the page's forms carry no text hash"
    return found.group(1)


def test_a_save_on_a_text_that_changed_is_refused_with_the_diff_and_keeps_the_edit(
    client: FlaskClient, conn: sqlite3.Connection, config: Config
) -> None:
    draft_id = add(conn)
    login(client)
    opened = hash_on(client.get(f"/drafts/{draft_id}").text)  # A opens the draft
    workflow.edit(  # B saves first
        conn, config, draft_id, {"html": "<p>Keep your skin clean with cool water.</p>"}, by="bo"
    )
    mine = "<p>Keep your skin clean. Use a gentle cleanser twice a day.</p>"
    resp = post(
        client,
        f"/drafts/{draft_id}/edit",
        draft_id,
        html=mine,
        title="Microneedling aftercare",
        expect_hash=opened,
    )
    assert resp.status_code == 409
    page = resp.text
    assert "The text changed since you opened it" in page
    assert f"You acted on version <code>{opened[:12]}</code>" in page
    assert "<ins>skin clean with cool water." in page  # what B changed, word by word
    assert "Your changes, not saved" in page and "twice a day" in page  # A's text is not lost
    assert "<label>Title" not in page  # a field A left as it was is not offered as a change
    assert store.get_draft(conn, draft_id)["html"] != mine
    # The page now carries the current hash: acting again acts on what is shown.
    assert hash_on(page) == store.get_draft(conn, draft_id)["text_hash"]
    # Approve and reject from the old page are refused the same way.
    for action, data in (("approve", {}), ("reject", {"reason": "no"})):
        resp = post(client, f"/drafts/{draft_id}/{action}", draft_id, expect_hash=opened, **data)
        assert resp.status_code == 409, action
    assert store.get_draft(conn, draft_id)["state"] == store.DRAFT
    # A form without a hash (a page from before the upgrade) is refused too.
    resp = client.post(
        f"/drafts/{draft_id}/reject",
        data={"reason": "x", "csrf_token": token(client, f"/drafts/{draft_id}")},
        follow_redirects=True,
    )
    assert "reload the page" in resp.text
    assert store.get_draft(conn, draft_id)["state"] == store.DRAFT


def test_history_shows_every_version_and_restores_one(
    client: FlaskClient, conn: sqlite3.Connection, config: Config
) -> None:
    draft_id = add(conn)
    first = store.get_draft(conn, draft_id)
    workflow.edit(conn, config, draft_id, {"title": "Aftercare, step by step"}, by="bo")
    login(client)
    page = client.get(f"/drafts/{draft_id}").text
    link = f"/drafts/{draft_id}/versions/{first['text_hash']}"
    assert link in page
    version = client.get(link)
    assert version.status_code == 200
    assert "<del>Microneedling aftercare</del>" in version.text  # the title, then and now
    assert "Restore this version" in version.text
    for bad in ("0" * 64, "abc", "not-a-hash-at-all"):
        assert client.get(f"/drafts/{draft_id}/versions/{bad}").status_code == 404
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', version.text)
    assert csrf
    resp = client.post(
        f"/drafts/{draft_id}/restore",
        data={
            "csrf_token": csrf.group(1),
            "version": first["text_hash"],
            "expect_hash": hash_on(version.text),
        },
        follow_redirects=True,
    )
    assert "Restored" in resp.text
    d = store.get_draft(conn, draft_id)
    assert d["text_hash"] == first["text_hash"] and d["history"][-1]["action"] == "restored"


def test_move_and_unschedule_keep_the_approval(
    client: FlaskClient, conn: sqlite3.Connection, config: Config
) -> None:
    other = add(conn, keyphrase="first")
    draft_id = add(conn)
    workflow.approve(conn, config, other, by="someone", now=datetime.now(UTC))
    workflow.approve(conn, config, draft_id, by="ed", now=datetime.now(UTC))
    approved = store.get_draft(conn, draft_id)
    login(client)
    page = client.get(f"/drafts/{draft_id}").text
    assert "Move on the calendar" in page and "Unschedule" in page
    taken = store.parse_iso(store.get_draft(conn, other)["publish_at"]).astimezone(config.tz)
    resp = post(
        client,
        f"/drafts/{draft_id}/reschedule",
        draft_id,
        publish_at=taken.strftime("%Y-%m-%dT%H:%M"),
    )
    assert f"is taken by draft {other}" in resp.text and "nearest free slots" in resp.text
    day = (datetime.now(config.tz) + timedelta(days=20)).date()
    resp = post(client, f"/drafts/{draft_id}/reschedule", draft_id, publish_at=f"{day}T10:15")
    assert "The approval holds" in resp.text
    d = store.get_draft(conn, draft_id)
    local = store.parse_iso(d["publish_at"]).astimezone(config.tz)
    assert (local.date(), local.hour, local.minute) == (day, 10, 15)
    assert d["approved_hash"] == approved["approved_hash"]
    post(client, f"/drafts/{draft_id}/unschedule", draft_id)
    d = store.get_draft(conn, draft_id)
    assert d["state"] == store.APPROVED and d["approved_hash"] == approved["approved_hash"]
    resp = post(client, f"/drafts/{draft_id}/reschedule", draft_id, publish_at="")
    assert store.get_draft(conn, draft_id)["state"] == store.SCHEDULED


def test_a_clinician_signs_off_and_may_do_nothing_else(
    client: FlaskClient, conn: sqlite3.Connection, config: Config
) -> None:
    draft_id = add(conn)
    login(client, "dr", "clinician pass")
    page = client.get(f"/drafts/{draft_id}").text
    assert "Sign off the medical content" in page
    assert f"/drafts/{draft_id}/approve" not in page
    resp = post(client, f"/drafts/{draft_id}/sign-off", draft_id, note="dosages checked")
    assert "signed off" in resp.text
    d = store.get_draft(conn, draft_id)
    assert d["signoff_by"] == "dr" and d["signoff_hash"] == d["text_hash"]
    assert "Medical content signed off by dr" in client.get(f"/drafts/{draft_id}").text
    csrf = token(client, f"/drafts/{draft_id}")
    for action in ("approve", "edit", "reject", "override", "reschedule", "restore"):
        resp = client.post(f"/drafts/{draft_id}/{action}", data={"csrf_token": csrf})
        assert resp.status_code == 403, action
    # An editor cannot sign off.
    client.post("/logout", data={"csrf_token": csrf})
    login(client)
    resp = client.post(
        f"/drafts/{draft_id}/sign-off", data={"csrf_token": token(client, f"/drafts/{draft_id}")}
    )
    assert resp.status_code == 403
