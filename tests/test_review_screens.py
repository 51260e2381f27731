"""The rules behind the review app's decision screens (issue 12), through Flask's test
client against a real SQLite file: readiness and failing checks first, the red-check
confirmation, malformed edits refused, queue search / readiness / bulk actions, and
compare's ranking and one-step choice."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from clinicseo import store
from clinicseo.config import Config
from clinicseo.review import create_app
from clinicseo.review.auth import add_user
from tests.test_review_rules import login

RED_CLAIM = {
    "id": "claims_guarantee",
    "kind": "compliance",
    "status": "bad",
    "value": 1,
    "message": 'R1 (outcome guarantee): "guaranteed". Suggestion: say results vary.',
    "spans": [[0, 10]],
    "findings": [
        {"rule": "R1", "span": [0, 10], "text": "guaranteed", "suggestion": "say results vary"}
    ],
}
ORANGE_SEO = {
    "id": "keyphrase_density",
    "kind": "seo",
    "status": "ok",
    "value": 0.4,
    "message": "The keyphrase was found 1 time.",
    "spans": [],
    "score": 6,
}
RED_SEO = {
    "id": "keyphrase_in_subheadings",
    "kind": "seo",
    "status": "bad",
    "value": 0,
    "message": "No subheading has the keyphrase.",
    "spans": [],
    "score": 3,
}
GREEN = {
    "id": "sentence_length",
    "kind": "readability",
    "status": "good",
    "value": 9.5,
    "message": "Sentences are short enough.",
    "spans": [[0, 10]],
    "score": 9,
}
FLESCH = {
    "id": "flesch_reading_ease",
    "kind": "readability",
    "status": "good",
    "value": 70.0,
    "message": "Reads easily.",
    "spans": [],
}


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
        checks=[GREEN],
        approvable=True,
        blocking=[],
    )
    d.update(kw)
    return d


@pytest.fixture
def config(make_config: Callable[..., Config]) -> Config:
    return make_config(schedule={"publish_slots": ["mon 09:00", "thu 09:00"]},
                       review={"page_size": 50})  # fmt: skip


@pytest.fixture
def conn(config: Config) -> Iterator[sqlite3.Connection]:
    c = store.connect(config.database.path)
    add_user(c, "ed", "correct horse", "editor")
    add_user(c, "vi", "viewer pass", "viewer")
    yield c
    c.close()


@pytest.fixture
def client(config: Config, conn: sqlite3.Connection) -> FlaskClient:
    """Signed in as the editor, the way test_review_rules signs in."""
    client = create_app(config).test_client()
    login(client)
    return client


def add(conn: sqlite3.Connection, **kw: Any) -> int:
    return store.insert_drafts(conn, [draft_dict(**kw)])[0]


def post(client: FlaskClient, path: str, data: dict[str, Any], page: str = "/") -> Any:
    """POST as a person would from `page`: with its CSRF token and, from a draft page, the
    text hash of the text they read."""
    text = client.get(page).text
    found = re.search(r'name="csrf_token" value="([^"]+)"', text)
    assert found
    seen = re.search(r'name="expect_hash" value="([0-9a-f]+)"', text)
    if seen and "expect_hash" not in data:
        data = {**data, "expect_hash": seen.group(1)}
    return client.post(path, data={**data, "csrf_token": found.group(1)}, follow_redirects=True)


def test_draft_page_puts_readiness_then_failing_checks_worst_first(
    client: FlaskClient, conn: sqlite3.Connection
) -> None:
    draft_id = add(conn, checks=[GREEN, ORANGE_SEO, RED_SEO, RED_CLAIM],
                   blocking=["claims_guarantee"], approvable=False)  # fmt: skip
    page = client.get(f"/drafts/{draft_id}").text
    ready_at = page.index("Not ready to publish")
    fix_at = page.index("Fix: ")
    # Failing checks in plain words (Yoast's wording), the compliance one first, then red SEO,
    # then orange; the green check only in the collapsed "Passing checks".
    claim = page.index("Advertising rules: R1 (outcome guarantee)")
    red_seo = page.index("Use more keyphrases or synonyms in your higher-level subheadings!")
    orange = page.index("Keyphrase density")
    passing = page.index("<summary>Passing checks (1)</summary>")
    green = page.index("Sentence length", passing)
    assert ready_at < fix_at < claim < red_seo < orange < passing < green
    assert "keyphrase_in_subheadings</" not in page  # no code names as headings


def test_highlights_are_grouped_by_kind_with_counts(
    client: FlaskClient, conn: sqlite3.Connection
) -> None:
    passive = {"id": "passive_voice", "kind": "readability", "status": "ok", "value": 20,
               "message": "Passive.", "spans": [[11, 30]], "score": 6}  # fmt: skip
    draft_id = add(
        conn,
        checks=[RED_CLAIM, passive, GREEN],
        html="<p>Guaranteed results were achieved by microneedling aftercare.</p>",
    )
    page = client.get(f"/drafts/{draft_id}").text
    for kind in ("compliance", "long", "passive", "keyphrase", "overlap"):
        assert f'id="show-{kind}" checked' in page
    counts = dict(re.findall(r'class="count" data-kind="(\w+)">(\d+)<', page))
    assert counts == {"keyphrase": "1", "long": "1", "passive": "1", "overlap": "0",
                      "compliance": "1"}  # fmt: skip
    assert '<mark class="hl hl-long" title="Long sentence"><mark class="hl hl-compliance"' in page


def test_approving_with_a_red_check_needs_the_confirmation(
    client: FlaskClient, conn: sqlite3.Connection
) -> None:
    draft_id = add(conn, checks=[GREEN, RED_SEO])
    page = client.get(f"/drafts/{draft_id}").text
    assert 'name="confirm_red"' in page and "I have read the 1 red check" in page
    resp = post(client, f"/drafts/{draft_id}/approve", {}, f"/drafts/{draft_id}")
    assert "not approved: 1 check(s) are red (keyphrase_in_subheadings)" in resp.text
    assert store.get_draft(conn, draft_id)["state"] == "draft"
    post(client, f"/drafts/{draft_id}/approve", {"confirm_red": "1"}, f"/drafts/{draft_id}")
    assert store.get_draft(conn, draft_id)["state"] == "scheduled"
    # A draft whose checks are all green needs no box.
    green_id = add(conn, topic="other", keyphrase="other phrase", slug="other")  # gate: #11
    assert 'name="confirm_red"' not in client.get(f"/drafts/{green_id}").text
    post(client, f"/drafts/{green_id}/approve", {}, f"/drafts/{green_id}")
    assert store.get_draft(conn, green_id)["state"] == "scheduled"


def test_an_unclosed_heading_is_refused_and_nothing_is_saved(
    client: FlaskClient, conn: sqlite3.Connection
) -> None:
    draft_id = add(conn)
    before = store.get_draft(conn, draft_id)
    broken = "<p>Intro.</p>\n<h2>After your treatment\n<p>Keep your skin clean.</p>"
    resp = post(client, f"/drafts/{draft_id}/edit",
                {"title": "New title", "html": broken}, f"/drafts/{draft_id}")  # fmt: skip
    assert "the body was not saved: line 2: &lt;h2&gt; is never closed" in resp.text
    after = store.get_draft(conn, draft_id)
    assert (after["html"], after["title"], after["text_hash"]) == (
        before["html"], before["title"], before["text_hash"])  # fmt: skip
    resp = post(client, f"/drafts/{draft_id}/edit",
                {"html": "<h2>Fine</h2>\n<p>Text</em></p>"}, f"/drafts/{draft_id}")  # fmt: skip
    assert "line 2: &lt;/em&gt; closes nothing" in resp.text


def test_snippet_preview_shows_counters_from_the_scorers_widths(
    client: FlaskClient, conn: sqlite3.Connection
) -> None:
    from clinicseo.scoring.widths import title_width_px

    seo_title = "Microneedling aftercare | Cosmos Clinic"
    draft_id = add(conn, seo_title=seo_title)
    page = client.get(f"/drafts/{draft_id}").text
    px = round(title_width_px(seo_title))
    assert f'id="c-title" class="counter fine">{px} / 600 px<' in page
    n = len("How to care for your skin after microneedling.")
    assert f'id="c-desc" class="counter over">{n} characters (120–156)<' in page
    assert page.count('class="serp-path">microneedling-aftercare<') == 2  # desktop and mobile


def test_queue_search_readiness_filter_and_counts(
    client: FlaskClient, conn: sqlite3.Connection
) -> None:
    add(conn, title="Aftercare basics", keyphrase="k1")
    add(conn, title="Blocked aftercare", keyphrase="k2", approvable=False,
        blocking=["claims_guarantee"], checks=[RED_CLAIM])  # fmt: skip
    add(conn, topic="chemical peels", title="Peels explained", keyphrase="k3")
    add(conn, topic="chemical peels", title="100%_sure", keyphrase="k4")
    page = client.get("/?q=AFTERCARE").text
    assert "2 drafts matching “AFTERCARE”" in page  # titles, any case
    page = client.get("/?q=peels").text
    assert "2 drafts matching “peels”" in page  # topics too
    assert "1 draft matching “%_”" in client.get("/?q=%25_").text  # % and _ are literal
    page = client.get("/?q=aftercare&ready=ready").text
    assert "1 draft ready to publish matching" in page and "Aftercare basics" in page
    assert "Blocked aftercare" not in page
    page = client.get("/?ready=not-ready").text
    assert "Blocked aftercare" in page and "not ready: claims_guarantee" in page
    # The per-state counts follow the search.
    page = client.get("/?q=peels").text
    assert 'data-state="draft">2<' in page


def test_bulk_reject_needs_a_reason_and_bulk_approve_takes_successive_slots(
    client: FlaskClient, conn: sqlite3.Connection
) -> None:
    # Each its own topic: the publish gate (#11) lets one variant of a topic be scheduled.
    ids = [add(conn, topic=f"t{i}", keyphrase=f"k{i}", slug=f"s{i}") for i in range(3)]
    red = add(conn, topic="tr", keyphrase="kr", slug="sr", checks=[RED_SEO])
    resp = post(client, "/drafts/bulk", {"action": "reject", "ids": ids[:2], "reason": " "})
    assert "a rejection needs a reason" in resp.text
    assert {store.get_draft(conn, i)["state"] for i in ids} == {"draft"}
    resp = post(
        client,
        "/drafts/bulk",
        {"action": "reject", "ids": ids[:2], "reason": "near-duplicates", "back": "/?q=x"},
    )
    assert f"Rejected 2 draft(s): #{ids[0]}, #{ids[1]}." in resp.text
    for i in ids[:2]:
        d = store.get_draft(conn, i)
        assert d["state"] == "rejected" and d["history"][-1]["note"] == "near-duplicates"
    # Approve: the green one is scheduled, the red one left alone without the confirmation.
    resp = post(client, "/drafts/bulk", {"action": "approve", "ids": [ids[2], red]})
    assert "Approved and scheduled 1 draft(s)" in resp.text
    assert f"#{red} left as it was: draft {red} has red checks" in resp.text
    post(client, "/drafts/bulk", {"action": "approve", "ids": [red], "confirm_red": "1"})
    first, second = (store.parse_iso(store.get_draft(conn, i)["publish_at"]) for i in (ids[2], red))
    assert first < second  # successive free slots, not the same one
    assert 'data-state="scheduled">2<' in client.get("/").text


def test_viewers_get_no_bulk_form_and_cannot_post_it(
    config: Config, conn: sqlite3.Connection
) -> None:
    draft_id = add(conn)
    client = create_app(config).test_client()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert csrf
    client.post("/login", data={"name": "vi", "password": "viewer pass",
                                "csrf_token": csrf.group(1)})  # fmt: skip
    assert 'id="bulk"' not in client.get("/").text
    resp = post(client, "/drafts/bulk", {"action": "reject", "ids": [draft_id], "reason": "x"})
    assert resp.status_code == 403
    assert store.get_draft(conn, draft_id)["state"] == "draft"


def test_compare_ranks_variants_and_shows_only_differing_rows(
    client: FlaskClient, conn: sqlite3.Connection
) -> None:
    worse = add(conn, variant="a", keyphrase="k1", checks=[GREEN, RED_SEO, FLESCH])
    best = add(conn, variant="b", keyphrase="k2", checks=[GREEN, ORANGE_SEO, FLESCH])
    blocked = add(conn, variant="c", keyphrase="k3", approvable=False,
                  blocking=["claims_guarantee"], checks=[GREEN, RED_CLAIM, FLESCH])  # fmt: skip
    page = client.get("/compare?topic=microneedling+aftercare").text
    assert f'<strong>Recommended: <a href="/drafts/{best}">#{best}' in page
    assert f"It has the fewest red checks (0, against 1 for #{worse})." in page
    order = [int(x) for x in re.findall(r'<li class="[^"]*" data-id="(\d+)">', page)]
    assert order == [best, worse, blocked]
    # Sentence length and Flesch are the same everywhere: left out, and counted as such.
    assert "3 checks differ; 2 give the same result" in page
    assert ">Sentence length</th>" not in page and ">Keyphrase density</th>" in page


def test_choose_one_variant_approves_it_and_rejects_the_others(
    client: FlaskClient, conn: sqlite3.Connection
) -> None:
    a = add(conn, variant="a", keyphrase="k1")
    b = add(conn, variant="b", keyphrase="k2", checks=[GREEN, RED_SEO])
    c = add(conn, variant="c", keyphrase="k3")
    other_topic = add(conn, topic="peels", keyphrase="k4")
    page = "/compare?topic=microneedling+aftercare"
    resp = post(client, "/compare/choose", {"keep": b, "back": page}, page)
    assert f"nothing changed: #{b} has 1 red check(s)" in resp.text
    assert {store.get_draft(conn, i)["state"] for i in (a, b, c)} == {"draft"}
    resp = post(client, "/compare/choose", {"keep": a, "back": page}, page)
    assert f"#{a} approved and scheduled for" in resp.text
    assert f"rejected 2 other variant(s): #{b}, #{c}." in resp.text
    assert store.get_draft(conn, a)["state"] == "scheduled"
    for i in (b, c):
        d = store.get_draft(conn, i)
        assert d["state"] == "rejected"
        assert d["history"][-1]["note"] == f"variant #{a} of this topic was chosen instead"
    assert store.get_draft(conn, other_topic)["state"] == "draft"


def test_a_failed_choice_rejects_nothing(client: FlaskClient, conn: sqlite3.Connection) -> None:
    a = add(conn, variant="a", approvable=False, blocking=["claims_guarantee"],
            checks=[RED_CLAIM])  # fmt: skip
    b = add(conn, variant="b", keyphrase="k2")
    page = "/compare?topic=microneedling+aftercare"
    resp = post(client, "/compare/choose", {"keep": a, "confirm_red": "1", "back": page}, page)
    assert "cannot be approved" in resp.text and "claims_guarantee" in resp.text  # the gate
    assert store.get_draft(conn, b)["state"] == "draft"


def test_status_speaks_in_sentences_and_every_page_warns_when_the_scheduler_is_down(
    client: FlaskClient, conn: sqlite3.Connection, config: Config
) -> None:
    from datetime import UTC, datetime

    from clinicseo import workflow
    from clinicseo.formats import clinic_time
    from publisher.scheduler import _instance_lock

    draft_id = add(conn, title="Aftercare basics")
    done = workflow.approve(conn, config, draft_id, by="ed", now=datetime.now(UTC))
    page = client.get("/status").text
    assert "The scheduler is not running: nothing is published" in page
    when = clinic_time(done["publish_at"], config.tz)
    assert f"The next post, #{draft_id} “Aftercare basics”, goes out {when} (in " in page
    assert "No publish run yet." in page and "No publish has failed." in page
    assert "Australia/Melbourne" in page and "+00:00" not in page  # clinic time, not UTC ISO
    for path in ("/", f"/drafts/{draft_id}", "/calendar", "/report", "/status"):
        assert "The scheduler is not running: approved posts will not" in client.get(path).text
    with _instance_lock(config):  # what a running scheduler holds
        assert "The scheduler is running" in client.get("/status").text
        assert "The scheduler is not running" not in client.get("/").text


def test_calendar_month_and_week_show_posts_and_free_slots(
    client: FlaskClient, conn: sqlite3.Connection, config: Config
) -> None:
    from datetime import UTC, datetime

    from clinicseo import workflow

    draft_id = add(conn, title="Thursday post")
    done = workflow.approve(conn, config, draft_id, by="ed", now=datetime.now(UTC))
    local = store.parse_iso(done["publish_at"]).astimezone(config.tz)
    page = client.get(f"/calendar?month={local:%Y-%m}").text
    assert f"Publishing calendar, {local:%B %Y}" in page and "Thursday post" in page
    # Every Monday and Thursday 09:00 in the grid after now is a free slot but the taken one.
    assert f'data-slot="{local:%Y-%m-%dT%H:%M}"' not in page
    assert re.search(r'data-slot="\d{4}-\d\d-\d\dT09:00"><time[^>]*>09:00</time> free slot', page)
    year, week, _ = local.isocalendar()
    page = client.get(f"/calendar?week={year}-W{week:02d}").text
    assert "1 post and " in page and "Thursday post" in page
    assert "not a month" in client.get("/calendar?month=2026-13").text


def test_ical_feed_is_a_secret_address_per_user(
    client: FlaskClient, conn: sqlite3.Connection, config: Config, caplog: Any
) -> None:
    from datetime import UTC, datetime

    from clinicseo import workflow

    caplog.set_level("INFO")
    draft_id = add(conn, title="Peels, explained; simply")
    done = workflow.approve(conn, config, draft_id, by="ed", now=datetime.now(UTC))
    page = client.get("/calendar").text
    found = re.search(r'id="feed-url" value="(http://localhost/calendar/feed/ed/(\w+)\.ics)"', page)
    assert found
    url, token = found.group(1), found.group(2)
    anonymous = client.application.test_client()  # calendar apps carry no session
    resp = anonymous.get(url)
    assert resp.status_code == 200 and resp.mimetype == "text/calendar"
    body = resp.text
    start = store.parse_iso(done["publish_at"]).strftime("%Y%m%dT%H%M%SZ")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert f"DTSTART:{start}\r\n" in body
    assert "SUMMARY:Blog post goes out: Peels\\, explained\\; simply\r\n" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    # Another user's token, a guessed token, or a token for someone else's name: nothing.
    assert anonymous.get(url.replace("/ed/", "/vi/")).status_code == 404
    assert anonymous.get(url.replace(token, "0" * 32)).status_code == 404
    assert anonymous.get("/calendar").status_code == 302  # the rest still needs a session
    assert token not in caplog.text  # the access log masks the secret part


def test_calendar_move_form_without_javascript(
    client: FlaskClient, conn: sqlite3.Connection, config: Config
) -> None:
    """Each scheduled post on the calendar has a Move form listing the free slots (the draft
    actions' reschedule); sending it moves the post and keeps its approval."""
    from datetime import UTC, datetime

    from clinicseo import workflow

    draft_id = add(conn, title="Thursday post")
    done = workflow.approve(conn, config, draft_id, by="ed", now=datetime.now(UTC))
    local = store.parse_iso(done["publish_at"]).astimezone(config.tz)
    page = client.get(f"/calendar?month={local:%Y-%m}").text
    assert f'draggable="true" data-draft="{draft_id}"' in page
    free = re.findall(rf'id="move-at-{draft_id}" name="publish_at">(.*?)</select>', page, re.S)
    target = re.findall(r'<option value="([^"]+)">', free[0])[-1]  # the month's last free slot
    post(client, f"/drafts/{draft_id}/reschedule", {"publish_at": target}, "/calendar")
    moved = store.parse_iso(store.get_draft(conn, draft_id)["publish_at"]).astimezone(config.tz)
    assert moved.strftime("%Y-%m-%dT%H:%M") == target
    d = store.get_draft(conn, draft_id)
    assert d["state"] == "scheduled" and d["approved_hash"] == d["text_hash"]
