"""The review app end to end in real headless Chromium (Debian's), driven by Playwright.

A person signs in, filters the queue, opens a draft, approves it into the next Thursday
09:00 slot and finds it on the calendar; titles and topics carrying <script> stay inert.
Screenshots land in test-artifacts/ (gitignored) for a human look.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from clinicseo import store
from clinicseo.config import Config
from clinicseo.review import create_app
from clinicseo.review.auth import add_user
from tests.fixtures.chromium import ARGS, ARTIFACTS, CHROMIUM

SCRIPT = "<script>alert(1)</script>"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's /usr/bin/chromium is absent"),
]


def _draft(**kw: Any) -> dict[str, Any]:
    d: dict[str, Any] = dict(
        topic="microneedling aftercare",
        variant="a",
        title="Microneedling aftercare: the first 48 hours",
        html=(
            "<h2>After your treatment</h2><p>Keep your skin clean. Use a gentle cleanser "
            "and skip make-up for a day.</p><h2>When to call us</h2><p>Call the clinic if "
            "redness lasts more than three days.</p>"
        ),
        keyphrase="microneedling aftercare",
        slug="microneedling-aftercare",
        meta_description="How to care for your skin in the first two days after microneedling.",
        scores={"readability": 88, "seo": 64},
        checks=[
            {
                "id": "sentence_length",
                "kind": "readability",
                "status": "good",
                "value": 9.5,
                "message": "Sentences are short enough.",
                "spans": [[0, 24]],
            },
            {
                "id": "keyphrase_density",
                "kind": "seo",
                "status": "ok",
                "value": 0.4,
                "message": "Use the keyphrase a little more.",
                "spans": [],
            },
        ],
        approvable=True,
        blocking=[],
    )
    d.update(kw)
    return d


@pytest.fixture
def served(make_config: Callable[..., Config]) -> Iterator[tuple[str, Config, Path]]:
    from werkzeug.serving import make_server

    config = make_config(schedule={"publish_slots": ["thu 09:00"]})
    conn = store.connect(config.database.path)
    add_user(conn, "maria", "s3cret-pass", "editor")
    store.insert_drafts(
        conn,
        [
            _draft(),
            _draft(variant="b", keyphrase="aftercare tips", title="Aftercare tips", slug="b"),
            _draft(topic="chemical peels", keyphrase="peels", title="Peels explained"),
            _draft(topic=SCRIPT, keyphrase="x", title=f"Top {SCRIPT} clinic", slug="x"),
            _draft(topic=SCRIPT, variant="b", keyphrase="y", title="Another", slug="y"),
        ],
    )
    conn.close()
    server = make_server("127.0.0.1", 0, create_app(config), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", config, config.database.path
    finally:
        server.shutdown()
        thread.join(10)


@pytest.fixture
def page(served: tuple[str, Config, Path]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            yield context.new_page()
        finally:
            browser.close()


def _record(dialogs: list[str], dialog: Any) -> None:
    """Any alert() that runs is an injection that got through: note it, close it."""
    dialogs.append(dialog.message)
    dialog.dismiss()


def next_thursday_nine(config: Config, after: datetime) -> datetime:
    """The slot worked out independently of the app: the next Thursday 09:00, clinic time."""
    local = after.astimezone(config.tz)
    for day in range(8):
        date = local.date() + timedelta(days=day)
        slot = datetime(date.year, date.month, date.day, 9, 0, tzinfo=config.tz)
        if date.weekday() == 3 and slot > after:
            return slot
    raise AssertionError("no Thursday within a week")


def test_sign_in_filter_approve_and_see_it_on_the_calendar(
    page: Any, served: tuple[str, Config, Path]
) -> None:
    base, config, db_path = served
    ARTIFACTS.mkdir(exist_ok=True)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: _record(dialogs, dialog))

    page.goto(base + "/")
    assert "/login" in page.url
    page.get_by_label("Name").fill("maria")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("heading", name="Drafts").is_visible()
    page.keyboard.press("Tab")  # keyboard users land on the skip link first
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"

    # Filter the queue to one topic's drafts, highest readability first.
    page.get_by_label("State", exact=True).select_option("draft")
    page.get_by_label("Topic", exact=True).fill("microneedling aftercare")
    page.get_by_label("Sort by").select_option("readability")
    page.get_by_role("button", name="Show").click()
    assert "2 drafts" in page.locator(".summary").inner_text()
    assert page.get_by_role("link", name="Peels explained").count() == 0
    page.screenshot(path=str(ARTIFACTS / "review-queue.png"), full_page=True)

    page.get_by_role("link", name="Microneedling aftercare: the first 48 hours").click()
    assert page.get_by_role("heading", level=1).first.inner_text().startswith("Microneedling")
    assert page.locator("mark.hl-long").count() == 1  # marked by kind (issue 12)
    slot = next_thursday_nine(config, datetime.now(config.tz))
    assert slot.strftime("%a %d %b %Y %H:%M") in page.locator("#slot-hint").inner_text()
    page.screenshot(path=str(ARTIFACTS / "review-draft.png"), full_page=True)

    page.get_by_role("button", name="Approve").click()  # empty time: the next free slot
    flash = page.locator(".flash-success").inner_text()
    assert f"Approved and scheduled for {slot.strftime('%a %d %b %Y %H:%M')}" in flash
    conn = store.connect(db_path)
    approved = store.get_draft(conn, 1)
    conn.close()
    assert approved["state"] == "scheduled" and store.parse_iso(approved["publish_at"]) == slot

    year, week, _ = slot.isocalendar()
    page.get_by_role("link", name="Calendar").click()
    page.get_by_label("Week (e.g. 2026-W49)").fill(f"{year}-W{week:02d}")
    page.get_by_role("button", name="Go").click()
    thursday = page.locator("li.day", has_text=slot.strftime("Thu %d %b"))
    assert "Microneedling aftercare: the first 48 hours" in thursday.inner_text()
    assert "09:00" in thursday.inner_text()
    page.screenshot(path=str(ARTIFACTS / "review-calendar.png"), full_page=True)
    assert dialogs == []


def test_script_in_topics_and_titles_stays_inert(
    page: Any, served: tuple[str, Config, Path]
) -> None:
    base, _config, _db = served
    ARTIFACTS.mkdir(exist_ok=True)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: _record(dialogs, dialog))
    page.goto(base + "/login")
    page.get_by_label("Name").fill("maria")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Sign in").click()

    # The hostile topic is shown as text in the queue, and clicking through it filters.
    page.get_by_role("link", name=SCRIPT).first.click()
    assert "2 drafts" in page.locator(".summary").inner_text()
    page.get_by_role("link", name=f"Top {SCRIPT} clinic").click()
    assert page.get_by_role("heading", level=1).first.inner_text() == f"Top {SCRIPT} clinic"
    page.get_by_role("link", name="Compare the 2 variants of this topic").click()
    assert SCRIPT in page.get_by_role("heading", level=1).inner_text()
    page.screenshot(path=str(ARTIFACTS / "review-compare.png"), full_page=True)
    # The only script element is the app's own file (issue 12: counters, drag); none came
    # from the hostile topic or title.
    assert page.locator("script").count() == 1
    assert page.locator("script").get_attribute("src") == "/static/app.js"
    assert dialogs == []
