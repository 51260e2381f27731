"""The review app's rules, through Flask's test client against a real SQLite file.

Sign-in, slowed-down guessing, CSRF, roles, and every editor action going through the
workflow (and so into the draft's history).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from clinicseo import store, workflow
from clinicseo.config import Config
from clinicseo.review import create_app
from clinicseo.review.auth import account_key, add_user

SCRIPT = "<script>alert(1)</script>"
CHECKS = [
    {
        "id": "sentence_length",
        "kind": "readability",
        "status": "good",
        "value": 11.5,
        "message": "Sentences are short.",
        "spans": [[0, 4]],
    },
    {
        "id": "claims_cure",
        "kind": "compliance",
        "status": "bad",
        "value": 1,
        "message": "A health claim needs evidence.",
        "spans": [],
        "findings": [
            {
                "rule": "cure",
                "source": "https://www.tga.gov.au/advertising-code",
                "span": [5, 9],
                "text": "cures",
                "suggestion": "may help",
            }
        ],
    },
]


def draft_dict(**kw: Any) -> dict[str, Any]:
    d: dict[str, Any] = dict(
        topic="microneedling aftercare",
        variant="a",
        title="Microneedling aftercare",
        html="<h2>After your treatment</h2><p>Keep your skin clean. Use a gentle cleanser.</p>",
        keyphrase="microneedling aftercare",
        slug="microneedling-aftercare",
        meta_description="How to care for your skin after microneedling.",
        scores={"readability": 90, "seo": 70},
        checks=CHECKS[:1],
        approvable=True,
        blocking=[],
    )
    d.update(kw)
    return d


@pytest.fixture
def config(make_config: Callable[..., Config]) -> Config:
    return make_config(schedule={"publish_slots": ["thu 09:00"]}, review={"page_size": 2})


@pytest.fixture
def conn(config: Config) -> Iterator[sqlite3.Connection]:
    c = store.connect(config.database.path)
    add_user(c, "ed", "correct horse", "editor")
    add_user(c, "vi", "viewer pass", "viewer")
    yield c
    c.close()


@pytest.fixture
def app(config: Config, conn: sqlite3.Connection) -> Flask:
    return create_app(config)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def token(client: FlaskClient, path: str = "/login") -> str:
    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def login(client: FlaskClient, name: str = "ed", password: str = "correct horse") -> Any:
    return client.post(
        "/login", data={"name": name, "password": password, "csrf_token": token(client)}
    )


def post(client: FlaskClient, path: str, draft_id: int, **data: str) -> Any:
    """POST a draft page's form as a person would: with the CSRF token and the text hash of
    the page they read (unless the test gives its own)."""
    page = client.get(f"/drafts/{draft_id}").text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, f"no CSRF token on /drafts/{draft_id}"
    data["csrf_token"] = found.group(1)
    seen = re.search(r'name="expect_hash" value="([0-9a-f]+)"', page)
    if "expect_hash" not in data and seen:
        data["expect_hash"] = seen.group(1)
    return client.post(path, data=data, follow_redirects=True)


def add(conn: sqlite3.Connection, **kw: Any) -> int:
    return store.insert_drafts(conn, [draft_dict(**kw)])[0]


def test_every_page_needs_a_session(client: FlaskClient, conn: sqlite3.Connection) -> None:
    draft_id = add(conn)
    for path in ("/", f"/drafts/{draft_id}", "/calendar", "/report", "/status", "/compare?ids=1"):
        resp = client.get(path)
        assert resp.status_code == 302, path
        assert resp.location.startswith("/login?next="), path
    # A POST without a session changes nothing (refused by CSRF before the login gate).
    resp = client.post(f"/drafts/{draft_id}/approve", data={})
    assert resp.status_code in (302, 400)
    assert store.get_draft(conn, draft_id)["state"] == "draft"


def test_sign_in_and_out(client: FlaskClient) -> None:
    resp = login(client)
    assert resp.status_code == 302 and resp.location == "/"
    assert "ed (editor)" in client.get("/").text
    client.post("/logout", data={"csrf_token": token(client, "/")})
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused(client: FlaskClient) -> None:
    resp = login(client, password="wrong password")
    assert resp.status_code == 401
    assert "Wrong name or password." in resp.text
    assert client.get("/").status_code == 302
    # An unknown name reads exactly the same: the page does not say who has an account.
    assert "Wrong name or password." in login(client, name="nobody").text


def test_repeated_failures_are_slowed_down(
    app: Flask, client: FlaskClient, conn: sqlite3.Connection
) -> None:
    for name in ("ed", "nobody"):
        for _ in range(5):
            assert login(client, name=name, password="guess").status_code == 401
        # Past the free failures even the right password waits, with the same message
        # whether or not the account exists.
        resp = login(client, name=name, password="correct horse")
        assert resp.status_code == 401
        assert "Too many failed sign-ins for this name. Try again in" in resp.text
    assert client.get("/").status_code == 302
    # Counted per account under a hashed key; the refused attempt was not counted.
    key = account_key("ed")
    assert store.login_failures(conn, [key])[key][0] == 5
    # Once the delay has passed the right password works again and the count resets.
    later = datetime.now(UTC) + timedelta(hours=1)
    app.extensions["clinicseo_clock"] = lambda: later
    assert login(client).status_code == 302
    assert store.login_failures(conn, [key]) == {}


def test_post_without_csrf_token_is_rejected(client: FlaskClient, conn: sqlite3.Connection) -> None:
    draft_id = add(conn)
    login(client)
    resp = client.post(f"/drafts/{draft_id}/approve", data={"publish_at": ""})
    assert resp.status_code == 400
    assert "Form not accepted" in resp.text
    resp = client.post(f"/drafts/{draft_id}/approve", data={"csrf_token": "forged"})
    assert resp.status_code == 400
    assert store.get_draft(conn, draft_id)["state"] == "draft"


def test_viewer_reads_but_cannot_post(client: FlaskClient, conn: sqlite3.Connection) -> None:
    draft_id = add(conn)
    login(client, "vi", "viewer pass")
    page = client.get(f"/drafts/{draft_id}")
    assert page.status_code == 200
    assert "read-only access" in page.text
    assert f"/drafts/{draft_id}/approve" not in page.text
    csrf = token(client, f"/drafts/{draft_id}")
    for action, data in (("approve", {}), ("reject", {"reason": "no"}), ("edit", {"title": "x"})):
        resp = client.post(f"/drafts/{draft_id}/{action}", data={**data, "csrf_token": csrf})
        assert resp.status_code == 403, action
    assert store.get_draft(conn, draft_id)["state"] == "draft"


def test_editor_approves_into_the_next_free_slot(
    client: FlaskClient, conn: sqlite3.Connection, config: Config
) -> None:
    taken = add(conn, keyphrase="first", title="Already scheduled")
    draft_id = add(conn)
    first_slot = workflow.next_free_slot(conn, config, datetime.now(UTC))
    workflow.approve(conn, config, taken, by="someone", now=datetime.now(UTC))
    login(client)
    page = client.get(f"/drafts/{draft_id}").text
    expected = workflow.next_free_slot(conn, config, datetime.now(UTC))
    assert expected.strftime("%a %d %b %Y %H:%M") in page  # the default slot is shown
    resp = post(client, f"/drafts/{draft_id}/approve", draft_id, publish_at="")
    assert "Approved and scheduled for" in resp.text
    d = store.get_draft(conn, draft_id)
    assert d["state"] == "scheduled"
    when = store.parse_iso(d["publish_at"]).astimezone(config.tz)
    assert when == expected and when > first_slot  # the taken slot was skipped
    assert (when.weekday(), when.hour, when.minute) == (3, 9, 0)  # Thursday 09:00
    assert d["approved_hash"] == d["text_hash"]
    actions = [(h["by"], h["action"], h["text_hash"]) for h in d["history"]]
    assert ("ed", "approved", d["text_hash"]) in actions


def test_editor_approves_for_a_chosen_local_time(
    client: FlaskClient, conn: sqlite3.Connection, config: Config
) -> None:
    draft_id = add(conn)
    login(client)
    day = (datetime.now(config.tz) + timedelta(days=10)).date()
    post(client, f"/drafts/{draft_id}/approve", draft_id, publish_at=f"{day}T14:30")
    d = store.get_draft(conn, draft_id)
    assert d["state"] == "scheduled"
    local = store.parse_iso(d["publish_at"]).astimezone(config.tz)
    assert (local.date(), local.hour, local.minute) == (day, 14, 30)
    # A time in the past is refused with a message, and nothing changes.
    other = add(conn, keyphrase="other")
    resp = post(client, f"/drafts/{other}/approve", other, publish_at="2001-01-01T09:00")
    assert "in the past" in resp.text
    assert store.get_draft(conn, other)["state"] == "draft"


def test_reject_needs_a_reason(client: FlaskClient, conn: sqlite3.Connection) -> None:
    draft_id = add(conn)
    login(client)
    resp = post(client, f"/drafts/{draft_id}/reject", draft_id, reason="  ")
    assert "a rejection needs a reason" in resp.text
    assert store.get_draft(conn, draft_id)["state"] == "draft"
    post(client, f"/drafts/{draft_id}/reject", draft_id, reason="Too close to variant b")
    d = store.get_draft(conn, draft_id)
    assert d["state"] == "rejected"
    assert d["history"][-1]["note"] == "Too close to variant b"
    assert d["history"][-1]["by"] == "ed"


def test_edit_of_an_approved_draft_sends_it_back_to_draft(
    client: FlaskClient, conn: sqlite3.Connection, config: Config
) -> None:
    pytest.importorskip("clinicseo.scoring.uniqueness", reason="re-scoring needs clinicseo.scoring")
    draft_id = add(conn)
    workflow.approve(conn, config, draft_id, by="ed", now=datetime.now(UTC))
    login(client)
    html = "<h2>After your treatment</h2>\r\n<p>Keep your skin clean and cool.</p>"
    resp = post(
        client, f"/drafts/{draft_id}/edit", draft_id, title="Aftercare, step by step", html=html
    )
    assert "it is a draft again and needs a new approval" in resp.text
    d = store.get_draft(conn, draft_id)
    assert d["state"] == "draft" and d["publish_at"] is None
    assert d["title"] == "Aftercare, step by step"
    assert d["html"] == html.replace("\r\n", "\n")
    assert d["history"][-1]["action"] == "edited"


def test_override_is_recorded_and_unblocks_approval(
    client: FlaskClient, conn: sqlite3.Connection
) -> None:
    draft_id = add(conn, checks=CHECKS, approvable=False, blocking=["claims_cure"])
    login(client)
    page = client.get(f"/drafts/{draft_id}").text
    # The decision panel (issue 12) gives the publish gate's verdict with its fix.
    assert "Not ready to publish" in page and "claims_cure" in page and "Fix: " in page
    assert 'href="https://www.tga.gov.au/advertising-code"' in page  # the finding's source
    resp = post(client, f"/drafts/{draft_id}/approve", draft_id, confirm_red="1")
    assert "must be fixed, or overridden" in resp.text
    assert store.get_draft(conn, draft_id)["state"] == "draft"
    resp = post(client, f"/drafts/{draft_id}/override", draft_id, reason="")
    assert "an override needs a reason" in resp.text
    post(client, f"/drafts/{draft_id}/override", draft_id, reason="Quoted from the TGA itself")
    d = store.get_draft(conn, draft_id)
    assert (d["override_by"], d["override_reason"]) == ("ed", "Quoted from the TGA itself")
    assert d["history"][-1]["action"] == "override"
    # Two people decide ([review] two_person_override, the default): not the overrider...
    assert "another editor approves it" in client.get(f"/drafts/{draft_id}").text
    resp = post(client, f"/drafts/{draft_id}/approve", draft_id, confirm_red="1")
    assert "ed overrode its compliance findings, so someone else must approve it" in resp.text
    assert store.get_draft(conn, draft_id)["state"] == "draft"
    # ...but another editor.
    add_user(conn, "ann", "second editor", "editor")
    client.post("/logout", data={"csrf_token": token(client, "/")})
    login(client, "ann", "second editor")
    post(client, f"/drafts/{draft_id}/approve", draft_id, confirm_red="1")
    assert store.get_draft(conn, draft_id)["state"] == "scheduled"


def test_failed_publish_is_shown_everywhere_and_can_be_retried(
    client: FlaskClient, conn: sqlite3.Connection, config: Config
) -> None:
    draft_id = add(conn, title="Lost in transit")
    workflow.approve(conn, config, draft_id, by="ed", now=datetime.now(UTC))
    # Set-up only: the publisher's own moves, made here through the store's state machine.
    store.transition(conn, draft_id, "publishing", by="publisher", action="publishing")
    store.transition(
        conn, draft_id, "failed", by="publisher", action="failed", last_error="HTTP 502"
    )
    login(client)
    for path in ("/", "/calendar", "/status"):
        text = client.get(path).text
        assert "1 publish failed" in text and "Lost in transit" in text and "HTTP 502" in text
    post(client, f"/drafts/{draft_id}/retry", draft_id)
    d = store.get_draft(conn, draft_id)
    assert d["state"] == "scheduled" and d["history"][-1]["action"] == "retry"
    assert "publish failed" not in client.get("/").text


def test_missing_draft_is_404(client: FlaskClient) -> None:
    login(client)
    assert client.get("/drafts/4242").status_code == 404
    csrf = token(client, "/")
    resp = client.post("/drafts/4242/approve", data={"csrf_token": csrf})
    assert resp.status_code == 404
    assert client.get("/compare?ids=4242").status_code == 404


def test_script_in_titles_and_bodies_is_inert(
    client: FlaskClient, conn: sqlite3.Connection
) -> None:
    draft_id = add(
        conn,
        topic=SCRIPT,
        title=f"Best {SCRIPT} clinic",
        html='<p>Hello <script>alert(2)</script><img src="x.png" onerror="alert(3)"></p>',
    )
    add(conn, topic=SCRIPT, variant="b", keyphrase="b", title="Other")
    login(client)
    for path in ("/", f"/drafts/{draft_id}", f"/compare?ids={draft_id},{draft_id + 1}"):
        resp = client.get(path)
        assert resp.status_code == 200, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in resp.text, path
        # The only script is the app's own file (CSP: 'self', no inline script runs).
        assert resp.text.count("<script") == 1, path
        assert '<script src="/static/app.js" defer></script>' in resp.text, path
        # The body's handler survives only as escaped text (in the edit box), never as markup.
        assert 'onerror="' not in resp.text, path
        assert "script-src 'self';" in resp.headers["Content-Security-Policy"]


def test_queue_filters_sorts_and_pages(client: FlaskClient, conn: sqlite3.Connection) -> None:
    for i, score in enumerate((50, 95, 70)):
        add(
            conn,
            topic="peels",
            keyphrase=f"p{i}",
            title=f"Peel {score}",
            scores={"readability": score, "seo": 60},
        )
    add(conn, topic="acne", keyphrase="acne", title="Acne basics")
    login(client)
    page = client.get("/?topic=peels&sort=readability").text
    assert "3 drafts" in page and "page 1 of 2" in page  # page_size is 2
    assert page.index("Peel 95") < page.index("Peel 70")
    assert "Peel 50" not in page and "Acne basics" not in page
    assert "Peel 50" in client.get("/?topic=peels&sort=readability&page=2").text
    assert "No drafts match" in client.get("/?state=published").text


def test_calendar_shows_the_scheduled_week(
    client: FlaskClient, conn: sqlite3.Connection, config: Config
) -> None:
    draft_id = add(conn, title="Thursday post")
    d = workflow.approve(conn, config, draft_id, by="ed", now=datetime.now(UTC))
    local = store.parse_iso(d["publish_at"]).astimezone(config.tz)
    year, week, _ = local.isocalendar()
    login(client)
    page = client.get(f"/calendar?week={year}-W{week:02d}").text
    assert "Thursday post" in page and "09:00" in page
    assert "not a week" in client.get("/calendar?week=soon").text


def test_compare_shows_a_word_diff(client: FlaskClient, conn: sqlite3.Connection) -> None:
    a = add(conn, html="<p>Keep your skin clean after the treatment.</p>")
    b = add(
        conn, variant="b", keyphrase="x", html="<p>Keep your skin cool after the treatment.</p>"
    )
    login(client)
    page = client.get(f"/topics/microneedling aftercare/compare?a={a}&b={b}", follow_redirects=True)
    assert page.status_code == 200
    assert "<del>clean </del>" in page.text and "<ins>cool </ins>" in page.text
    # Issue 12: only the checks that differ are rows; a check equal for both is counted.
    assert "0 checks differ; 1 gives the same result for every variant" in page.text


def test_session_cookie_flags(app: Flask) -> None:
    local = app.test_client()
    resp = login(local)
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    # Off loopback a session cookie is only ever sent over HTTPS.
    remote = app.test_client()
    page = remote.get("/login", base_url="http://review.clinic.example")
    assert "Secure" in page.headers["Set-Cookie"]


def test_report_and_status_pages(client: FlaskClient, conn: sqlite3.Connection) -> None:
    add(conn, title=f"Report {SCRIPT} row")
    run = store.start_job(conn, "crawl")
    store.finish_job(conn, run, outcome="ok", detail="12 pages")
    login(client)
    page = client.get("/report")
    assert page.status_code == 200 and 'aria-current="page">Report' in page.text
    assert '<iframe class="report" src="/report/document"' in page.text
    document = client.get("/report/document")
    assert document.status_code == 200 and "Cosmos Clinic" in document.text
    assert "Report &lt;script&gt;alert(1)" in document.text  # the row, escaped
    assert "<script>alert(1)" not in document.text
    status = client.get("/status").text
    assert "crawl" in status and "12 pages" in status
