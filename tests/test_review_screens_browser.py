"""The decision screens of issue 12 in real headless Chromium (Debian's), via Playwright.

Drafts are real: rendered and scored by clinicseo.drafting, one edited (and re-scored) to
carry advertising-rule breaches, long passive sentences and a short meta description.
Screenshots land in test-artifacts/ (gitignored) for a human look.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from clinicseo import drafting, store, workflow
from clinicseo.config import Config
from clinicseo.review import create_app
from clinicseo.review.auth import add_user
from clinicseo.scoring.widths import title_width_px
from tests.fixtures.chromium import ARGS, ARTIFACTS, CHROMIUM

TOPIC = "microneedling aftercare"
BAD = (
    "Results are guaranteed and the treatment is completely painless and totally safe for "
    "everyone who has ever been treated by our team of the best specialists in Melbourne, "
    "which is why patients who were treated last year were amazed by the results that were "
    "achieved. "
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's /usr/bin/chromium is absent"),
]


@pytest.fixture
def served(make_config: Callable[..., Config]) -> Iterator[tuple[str, Config, list[int]]]:
    from werkzeug.serving import make_server

    config = make_config(schedule={"publish_slots": ["mon 09:00", "thu 09:00"]})
    conn = store.connect(config.database.path)
    add_user(conn, "maria", "s3cret-pass", "editor")
    ids = drafting.draft_topic(conn, config, TOPIC, 4, seed=7)
    bad = store.get_draft(conn, ids[1])
    workflow.edit(
        conn,
        config,
        ids[1],
        {"html": bad["html"].replace("<p>", "<p>" + BAD, 1), "meta_description": "Short."},
        by="maria",
    )
    drafting.draft_topic(conn, config, "microneedling risks", 2, seed=3)
    conn.close()
    server = make_server("127.0.0.1", 0, create_app(config), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", config, ids
    finally:
        server.shutdown()
        thread.join(10)


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def signed_in(browser: Any, base: str, width: int = 1280, height: int = 800) -> Any:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: (errors.append(dialog.message), dialog.dismiss()))
    page.errors = errors
    page.goto(base + "/login")
    page.get_by_label("Name").fill("maria")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Sign in").click()
    return page


def db(config: Config) -> Any:
    return store.connect(config.database.path)


def test_draft_page_decides_first_marks_by_kind_and_previews_the_snippet(
    browser: Any, served: tuple[str, Config, list[int]]
) -> None:
    base, config, ids = served
    page = signed_in(browser, base, 1280, 800)
    page.goto(f"{base}/drafts/{ids[1]}")
    # The first screen: the verdict with its reasons and fixes, and the worst failing check.
    verdict = page.get_by_role("heading", name="Not ready to publish")
    first_check = page.locator(".readiness .checklist li").first
    for element in (verdict, page.locator(".reasons li").first, first_check):
        box = element.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 800
    assert "Fix: " in page.locator(".reasons").inner_text()
    assert first_check.get_attribute("class") == "check check-bad"
    assert "Advertising rules" in first_check.inner_text()
    assert page.locator("details.passing").get_attribute("open") is None  # the rest collapsed
    page.screenshot(path=str(ARTIFACTS / "decision-draft-first-screen.png"))

    # Highlights by kind, each with a count; unticking a kind takes its colour away.
    compliance = page.locator("mark.hl-compliance").first
    assert int(page.locator(".count[data-kind='compliance']").inner_text()) >= 4
    shown = compliance.evaluate("el => getComputedStyle(el).backgroundColor")
    assert shown not in ("rgba(0, 0, 0, 0)", "transparent")
    page.get_by_label("Compliance").uncheck()
    hidden = compliance.evaluate("el => getComputedStyle(el).backgroundColor")
    assert hidden == "rgba(0, 0, 0, 0)"
    assert page.locator("mark.hl-keyphrase").first.evaluate(
        "el => getComputedStyle(el).backgroundColor"
    ) not in ("rgba(0, 0, 0, 0)", "transparent")
    page.get_by_label("Compliance").check()

    # The snippet preview counts as you type, with the scorer's widths.
    assert "6 characters" in page.locator("#c-desc").inner_text()
    meta = "Microneedling aftercare in plain words: what is normal in the first days, " * 2
    page.get_by_label("Meta description").fill(meta[:140])
    assert page.locator("#c-desc").inner_text() == "140 characters (120–156)"
    assert page.locator("#c-desc").get_attribute("class") == "counter fine"
    assert page.locator(".serp-desktop .serp-desc").inner_text().startswith("Microneedling")
    page.get_by_label("SEO title").fill("Aftercare")
    px = round(title_width_px("Aftercare"))  # the scorer's own measure
    assert page.locator("#c-title").inner_text() == f"{px} / 600 px"
    page.locator(".snippet-box").screenshot(path=str(ARTIFACTS / "decision-snippet.png"))
    page.screenshot(path=str(ARTIFACTS / "decision-draft.png"), full_page=True)

    # An unclosed <h2> is refused with its line, and the page still has the old text.
    page.get_by_label("Body (HTML)").fill("<p>Intro.</p>\n<h2>Risks\n<p>Redness.</p>")
    page.get_by_role("button", name="Save and re-score").click()
    assert "line 2: <h2> is never closed" in page.locator(".flash-error").inner_text()
    conn = db(config)
    assert "<h2>Risks\n" not in store.get_draft(conn, ids[1])["html"]
    conn.close()
    assert page.errors == []


def test_approving_with_a_red_check_asks_first(
    browser: Any, served: tuple[str, Config, list[int]]
) -> None:
    base, config, ids = served
    conn = db(config)
    # A meta description without the keyphrase: a red SEO check that blocks nothing.
    workflow.edit(conn, config, ids[2], {"meta_description": "Short."}, by="maria")
    d = store.get_draft(conn, ids[2])
    assert any(c["status"] == "bad" for c in d["checks"]) and not d["blocking"]
    page = signed_in(browser, base)
    page.goto(f"{base}/drafts/{ids[2]}")
    page.get_by_role("button", name="Approve").click()  # the box is required: nothing sent
    assert store.get_draft(conn, ids[2])["state"] == "draft"
    page.get_by_label("I have read the").check()
    page.get_by_role("button", name="Approve").click()
    assert "Approved and scheduled for" in page.locator(".flash-success").inner_text()
    assert store.get_draft(conn, ids[2])["state"] == "scheduled"
    conn.close()


def test_compare_recommends_one_and_approves_it_rejecting_the_rest(
    browser: Any, served: tuple[str, Config, list[int]]
) -> None:
    base, config, ids = served
    page = signed_in(browser, base, 1366, 900)
    page.goto(f"{base}/drafts/{ids[0]}")
    page.get_by_role("link", name="Compare the 4 variants of this topic").click()
    recommended = page.locator(".ranking li.recommended")
    keep = int(recommended.get_attribute("data-id") or 0)
    assert keep != ids[1]  # the variant with advertising-rule breaches is not recommended
    assert "Recommended:" in page.locator(".recommend").inner_text()
    assert page.locator(".ranking li").last.get_attribute("data-id") == str(ids[1])
    # Two variants side by side, differences marked on each side.
    assert page.locator(".two-up article").count() == 2
    assert page.locator(".two-up del").count() > 0 and page.locator(".two-up ins").count() > 0
    page.screenshot(path=str(ARTIFACTS / "decision-compare.png"), full_page=True)
    assert page.locator(f"#keep-{keep}").is_checked()  # the recommended one is preselected
    page.get_by_role("button", name="Approve it and reject the others").click()
    assert f"#{keep} approved and scheduled" in page.locator(".flash-success").inner_text()
    conn = db(config)
    states = {i: store.get_draft(conn, i)["state"] for i in ids}
    conn.close()
    assert states.pop(keep) == "scheduled"
    assert set(states.values()) == {"rejected"}


def test_queue_search_filter_and_bulk_reject(
    browser: Any, served: tuple[str, Config, list[int]]
) -> None:
    base, config, ids = served
    page = signed_in(browser, base)
    page.get_by_label("Search titles and topics").fill("aftercare")
    page.get_by_role("button", name="Show").click()
    assert "4 drafts matching “aftercare”" in page.locator(".summary").inner_text()
    page.get_by_label("Readiness").select_option("ready")
    page.get_by_role("button", name="Show").click()
    assert "3 drafts ready to publish matching" in page.locator(".summary").inner_text()
    assert page.locator(f"#pick-{ids[1]}").count() == 0  # the blocked one is filtered out
    page.locator("#select-all").check()
    page.get_by_label("Reason to reject").fill("Too alike: keeping the risks article")
    page.screenshot(path=str(ARTIFACTS / "decision-queue-bulk.png"), full_page=True)
    page.get_by_role("button", name="Reject selected").click()
    assert "Rejected 3 draft(s)" in page.locator(".flash-success").inner_text()
    page.get_by_label("Readiness").select_option("")
    page.get_by_role("button", name="Show").click()
    assert page.locator(".counts [data-state='rejected']").inner_text() == "3"
    assert page.locator(".counts [data-state='draft']").inner_text() == "1"
    conn = db(config)
    rejected = [i for i in ids if store.get_draft(conn, i)["state"] == "rejected"]
    note = store.get_draft(conn, rejected[0])["history"][-1]["note"]
    conn.close()
    assert len(rejected) == 3 and note == "Too alike: keeping the risks article"


PAGES = [
    "/",
    "/?q=aftercare",
    "/drafts/{id}",
    "/drafts/{id}/versions/{hash}",
    "/compare?topic=microneedling+aftercare",
    "/calendar",
    "/calendar?view=month",
    "/status",
    "/report",
    "/report/document",
    "/gaps",
    "/brief?topic=microneedling+aftercare",
    "/import",
]


def test_no_page_scrolls_sideways_on_a_390px_phone(
    browser: Any, served: tuple[str, Config, list[int]]
) -> None:
    base, config, ids = served
    conn = db(config)
    first_hash = store.get_draft(conn, ids[1])["history"][0]["text_hash"]  # before the edit
    conn.close()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(base + "/login")
    widths = {"/login": page.evaluate("document.documentElement.scrollWidth")}
    page.get_by_label("Name").fill("maria")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Sign in").click()
    for path in PAGES:
        resp = page.goto(base + path.format(id=ids[1], hash=first_hash))
        assert resp is not None and resp.status == 200, path  # a real page, not an error
        widths[path] = page.evaluate(
            "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        )
        name = path.strip("/").replace("?", "-").replace("/", "-").replace("{id}", "n")
        name = name.replace("{hash}", "h").replace("+", "-").replace("=", "-") or "queue"
        page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)
    assert widths == {p: 390 for p in widths}, widths


def test_drag_a_scheduled_post_to_another_slot(
    browser: Any, served: tuple[str, Config, list[int]]
) -> None:
    base, config, ids = served
    conn = db(config)
    from datetime import UTC, datetime

    done = workflow.approve(conn, config, ids[0], by="maria", now=datetime.now(UTC))
    local = store.parse_iso(done["publish_at"]).astimezone(config.tz)
    page = signed_in(browser, base, 1366, 900)
    page.goto(f"{base}/calendar?month={local:%Y-%m}")
    post = page.locator(f"li.post[data-draft='{ids[0]}']")
    target = page.locator("li.slot-free").last
    slot = target.get_attribute("data-slot")
    page.screenshot(path=str(ARTIFACTS / "decision-calendar-month.png"), full_page=True)
    with page.expect_navigation():  # the drop sends the post's Move form
        post.drag_to(target)
    moved = store.parse_iso(store.get_draft(conn, ids[0])["publish_at"]).astimezone(config.tz)
    conn.close()
    assert moved.strftime("%Y-%m-%dT%H:%M") == slot
    assert page.errors == []
