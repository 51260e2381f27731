"""Exactly once on a slow or faulty WordPress, against the real local WordPress.

WordPress on loopback answers in milliseconds and never loses an answer, so the faults a
clinic's shared host shows (a create slower than our timeout, an answer lost after the post
was stored, a trickled answer, a maintenance page answered with 200) come from a small proxy
the test starts in front of it (tests/fixtures/wp_proxy.py). The proxy counts the creates
that reached WordPress: "once" means once there, not once in our logs.
"""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from clinicseo import store
from clinicseo.config import Config
from publisher.jobs import publish_draft, publish_due
from publisher.wp_types import looks_like_maintenance
from scripts.local_wordpress import LocalWordPress
from tests.fixtures.smtp import Inbox
from tests.fixtures.wordpress import WP_PASSWORD_ENV, scheduled_draft
from tests.fixtures.wp_proxy import MAINTENANCE_PAGE, OTHER_SITE_PAGE, FaultyProxy

pytestmark = pytest.mark.wordpress
REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
FAST = 0.01
# Small windows keep these tests short; the behaviour is the one the defaults give.
QUICK = {"timeout_s": 2.0, "landing_window_s": 10.0, "confirm_wait_s": 10.0}


@pytest.fixture
def proxy(clean_wordpress: LocalWordPress) -> Iterator[FaultyProxy]:
    with FaultyProxy(clean_wordpress.url) as p:
        yield p


def on_wordpress(wp: LocalWordPress, reference: str) -> list[dict]:
    return [p for p in wp.posts(search=reference) if reference in p["content"]]


def via_proxy(
    wp_config: Callable[..., Config], proxy: FaultyProxy, api: str, **wordpress: object
) -> tuple[Config, sqlite3.Connection]:
    config = wp_config(wordpress={"api": api, "url": proxy.url, **QUICK, **wordpress})
    return config, store.connect(config.database.path)


@pytest.mark.parametrize("api", ["xmlrpc", "rest"])
def test_a_create_slower_than_the_timeout_makes_one_post_per_draft(
    api: str, wp_config: Callable[..., Config], proxy: FaultyProxy, clean_wordpress: LocalWordPress
) -> None:
    config, conn = via_proxy(wp_config, proxy, api)
    drafts = [scheduled_draft(conn, NOW - timedelta(minutes=2 - i)) for i in range(2)]
    proxy.fault, proxy.seconds = "slow_create", 3.0  # WordPress stores each post 3 s late
    summary = publish_due(conn, config, NOW, retry_wait_s=FAST)
    assert [(r.outcome, r.found_existing) for r in summary.results] == [("published", True)] * 2
    for d in drafts:
        (post,) = on_wordpress(clean_wordpress, d["reference"])
        assert store.get_draft(conn, d["id"])["wordpress_id"] == str(post["id"])
    assert proxy.creates_forwarded == 2  # sent once each, though no answer came back


@pytest.mark.parametrize("api", ["xmlrpc", "rest"])
def test_an_answer_lost_after_the_create_is_not_sent_again(
    api: str, wp_config: Callable[..., Config], proxy: FaultyProxy, clean_wordpress: LocalWordPress
) -> None:
    config, conn = via_proxy(wp_config, proxy, api)
    drafts = [scheduled_draft(conn, NOW - timedelta(minutes=2 - i)) for i in range(2)]
    proxy.fault = "drop_after_create"  # WordPress made the post; the answer never arrives
    summary = publish_due(conn, config, NOW, retry_wait_s=FAST)
    assert [r.outcome for r in summary.results] == ["published"] * 2
    for d in drafts:
        assert len(on_wordpress(clean_wordpress, d["reference"])) == 1
    # neither the stdlib XML-RPC transport nor urllib3 re-sent the create by itself
    assert proxy.creates_seen == proxy.creates_forwarded == 2


def test_a_create_that_never_landed_is_sent_again_after_the_window(
    wp_config: Callable[..., Config], proxy: FaultyProxy, clean_wordpress: LocalWordPress
) -> None:
    config, conn = via_proxy(wp_config, proxy, "xmlrpc", landing_window_s=3.0,
                             confirm_wait_s=3.0)  # fmt: skip
    draft = scheduled_draft(conn, NOW)
    proxy.fault, proxy.times = "lose_create", 1  # the first create is lost on the way
    started = time.monotonic()
    (result,) = publish_due(conn, config, NOW, retry_wait_s=FAST).results
    assert result.outcome == "published" and not result.found_existing
    assert time.monotonic() - started >= 3.0  # not before the landing window had passed
    assert proxy.creates_seen == 2 and proxy.creates_forwarded == 1
    assert len(on_wordpress(clean_wordpress, draft["reference"])) == 1


def test_after_a_crash_right_after_sending_nothing_is_resent_inside_the_window(
    wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    # A call may take a few seconds on a loaded machine; the window must outlast one.
    config = wp_config(wordpress={"timeout_s": 5.0, "landing_window_s": 6.0,
                                  "confirm_wait_s": 6.0})  # fmt: skip
    conn = store.connect(config.database.path)
    draft = scheduled_draft(conn, NOW)
    # A publisher marked it 'publishing', recorded its create as sent, and died before any
    # answer (here the create never reached WordPress, which the next run cannot know).
    store.transition(conn, draft["id"], store.PUBLISHING, by="publisher", action="publishing")
    crashed = store.start_publication(conn, draft["id"], "xmlrpc")
    store.mark_create_sent(conn, crashed, store.now_utc())
    started = time.monotonic()
    (result,) = publish_due(conn, config, NOW, retry_wait_s=FAST).results
    assert result.outcome == "published" and not result.found_existing
    # it looked until the window had passed (the send time is stored to the second: ≥ 5 s)
    assert time.monotonic() - started >= 4.5
    assert len(on_wordpress(clean_wordpress, draft["reference"])) == 1


def test_a_create_still_unconfirmed_waits_for_a_later_run_and_is_never_doubled(
    wp_config: Callable[..., Config], proxy: FaultyProxy, clean_wordpress: LocalWordPress
) -> None:
    config, conn = via_proxy(wp_config, proxy, "rest", landing_window_s=30.0,
                             confirm_wait_s=1.0)  # fmt: skip
    draft = scheduled_draft(conn, NOW)
    proxy.fault, proxy.seconds = "slow_create", 6.0  # longer than this run looks for it
    (result,) = publish_due(conn, config, NOW, retry_wait_s=FAST).results
    assert result.outcome == "failed" and "may still land" in (result.error or "")
    failed = store.get_draft(conn, draft["id"])
    assert failed["state"] == "failed" and failed["retry_at"]  # transient: retried later
    assert store.parse_iso(failed["retry_at"]) >= NOW + timedelta(minutes=5)
    # a person retrying at once does not resend inside the window either
    again = publish_draft(conn, config, draft["id"], NOW, retry_wait_s=FAST)
    assert again.results[0].outcome in ("published", "failed")
    deadline = time.monotonic() + 15
    while not on_wordpress(clean_wordpress, draft["reference"]):  # the slow create lands
        assert time.monotonic() < deadline
        time.sleep(0.2)
    if again.results[0].outcome == "failed":
        publish_draft(conn, config, draft["id"], NOW, retry_wait_s=FAST)
    done = store.get_draft(conn, draft["id"])
    assert done["state"] == "published"
    assert len(on_wordpress(clean_wordpress, draft["reference"])) == 1
    assert proxy.creates_seen == 1


@pytest.mark.parametrize("api", ["xmlrpc", "rest"])
def test_a_trickling_server_fails_the_call_at_its_deadline(
    api: str, wp_config: Callable[..., Config], proxy: FaultyProxy, clean_wordpress: LocalWordPress
) -> None:
    config, conn = via_proxy(wp_config, proxy, api, timeout_s=1.5)
    draft = scheduled_draft(conn, NOW)
    proxy.fault, proxy.seconds = "trickle", 0.3  # a byte every 0.3 s: no read ever times out
    started = time.monotonic()
    (result,) = publish_due(conn, config, NOW, retry_wait_s=FAST).results
    took = time.monotonic() - started
    assert result.outcome == "failed" and "within 1.5 s" in (result.error or "")
    assert took < 8  # two attempts of 1.5 s, not the minutes the trickle would last
    failed = store.get_draft(conn, draft["id"])
    assert failed["retry_at"] is not None  # transient: the scheduler tries again later
    assert clean_wordpress.posts() == []


@pytest.mark.parametrize("api", ["xmlrpc", "rest"])
def test_a_maintenance_page_answered_with_200_is_transient_and_one_line(
    api: str,
    wp_config: Callable[..., Config],
    proxy: FaultyProxy,
    clean_wordpress: LocalWordPress,
    caplog: pytest.LogCaptureFixture,
) -> None:
    config, conn = via_proxy(wp_config, proxy, api)
    drafts = [scheduled_draft(conn, NOW) for _ in range(2)]
    proxy.fault = "maintenance"
    with caplog.at_level(logging.INFO):
        summary = publish_due(conn, config, NOW, retry_wait_s=FAST)
    assert [r.outcome for r in summary.results] == ["failed", "failed"]
    for d in drafts:
        failed = store.get_draft(conn, d["id"])
        assert "maintenance page" in failed["last_error"]
        assert failed["retry_at"] == store.iso(NOW + timedelta(minutes=5))  # retried later
    assert not [r for r in caplog.records if r.exc_info]  # no traceback
    proxy.fault = None
    assert publish_due(conn, config, NOW + timedelta(minutes=5)).published
    assert all(len(on_wordpress(clean_wordpress, d["reference"])) == 1 for d in drafts)


@pytest.mark.parametrize("api", ["xmlrpc", "rest"])
def test_a_wrong_password_stops_the_run_at_the_first_draft_with_one_mail(
    api: str,
    wp_config: Callable[..., Config],
    clean_wordpress: LocalWordPress,
    smtp: tuple[Inbox, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    box, port = smtp
    config = wp_config(
        wordpress={"api": api},
        notify={"smtp_host": "127.0.0.1", "smtp_port": port, "recipients": ["m@clinic.example"]},
    )
    conn = store.connect(config.database.path)
    monkeypatch.setenv(WP_PASSWORD_ENV, "Wrong-Password-777")
    drafts = [scheduled_draft(conn, NOW - timedelta(minutes=3 - i)) for i in range(3)]
    summary = publish_due(conn, config, NOW, retry_wait_s=FAST)
    assert [r.outcome for r in summary.results] == ["failed"] * 3
    first, *rest = (store.get_draft(conn, d["id"]) for d in drafts)
    assert "refused the credentials" in first["last_error"]
    for d in rest:
        assert d["last_error"].startswith(f"not sent: publishing stopped at draft {first['id']}")
        assert d["retry_at"] is None
        assert store.list_publications(conn, d["id"]) == []  # never tried
    (mail,) = box.messages
    assert "Publishing stopped" in mail["Subject"]
    body = mail.get_payload()
    assert all(f"#{d['id']}" in body for d in drafts)
    assert "Wrong-Password-777" not in body
    # nothing is due any more: the next tick mails nobody again
    assert publish_due(conn, config, NOW + timedelta(minutes=1)).results == []
    assert len(box.messages) == 1


@pytest.mark.parametrize("api", ["xmlrpc", "rest"])
def test_a_bad_url_is_not_retried_as_transient(
    api: str, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config(wordpress={"url": "http://no-such-host.invalid", "api": api})
    conn = store.connect(config.database.path)
    drafts = [scheduled_draft(conn, NOW) for _ in range(2)]
    summary = publish_due(conn, config, NOW, retry_wait_s=FAST)
    assert [r.outcome for r in summary.results] == ["failed", "failed"]
    first = store.get_draft(conn, drafts[0]["id"])
    assert "no such host no-such-host.invalid" in first["last_error"]
    assert "[wordpress] url" in first["last_error"]
    assert first["retry_at"] is None  # not an hour of transient retries
    assert store.list_publications(conn, drafts[1]["id"]) == []


def test_sigterm_stops_the_scheduler_during_a_trickle_and_nothing_is_lost(
    wp_config: Callable[..., Config], proxy: FaultyProxy, clean_wordpress: LocalWordPress
) -> None:
    # timeout_s is long, so only the signal can end the trickled call within the test
    config = wp_config(
        wordpress={"url": proxy.url, "timeout_s": 120.0, "landing_window_s": 300.0},
        schedule={"crawl": "", "watchdog_minutes": 0, "blog_import_hours": 0},
    )
    conn = store.connect(config.database.path)
    draft = scheduled_draft(conn, store.now_utc() - timedelta(minutes=1))
    proxy.fault, proxy.seconds = "trickle", 0.5
    proc = subprocess.Popen(
        [sys.executable, "-m", "publisher.scheduler", "--config", str(config.path)],
        cwd=REPO, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proxy.trickling.wait(30), "the scheduler never called WordPress"
        time.sleep(1.0)  # well inside the trickled answer
        signalled = time.monotonic()
        proc.terminate()  # SIGTERM
        assert proc.wait(timeout=30) == 0
        took = time.monotonic() - signalled
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.stderr is not None
    log = proc.stderr.read()
    assert took < 5, log
    assert "scheduler stopped" in log and "Traceback" not in log
    # nothing lost, not even marked failed: the next run resumes it (looking it up first),
    # and the publish lock is free
    # (issue 15: the run's preflight asks the site first, so the signal may land there,
    # before the draft was marked 'publishing'; either way nothing was sent or lost)
    assert store.get_draft(conn, draft["id"])["state"] in ("scheduled", "publishing")
    proxy.fault = None
    later = store.now_utc() + timedelta(hours=1)
    assert [r.outcome for r in publish_due(conn, config, later).results] == ["published"]
    assert len(on_wordpress(clean_wordpress, draft["reference"])) == 1


@pytest.mark.parametrize("api", ["xmlrpc", "rest"])
def test_a_url_that_is_not_wordpress_stops_the_run(
    api: str, wp_config: Callable[..., Config], proxy: FaultyProxy, clean_wordpress: LocalWordPress
) -> None:
    config, conn = via_proxy(wp_config, proxy, api)  # XML-RPC falls back to REST first
    drafts = [scheduled_draft(conn, NOW) for _ in range(2)]
    proxy.fault = "not_wordpress"
    summary = publish_due(conn, config, NOW, retry_wait_s=FAST)
    assert [r.outcome for r in summary.results] == ["failed", "failed"]
    first = store.get_draft(conn, drafts[0]["id"])
    assert "did not answer with JSON" in first["last_error"] and first["retry_at"] is None
    assert store.list_publications(conn, drafts[1]["id"]) == []


@pytest.mark.parametrize(
    ("headers", "page", "maintenance"),
    [
        ({}, MAINTENANCE_PAGE.decode(), True),  # WordPress core's wording, in an <h1>
        ({"Retry-After": "120"}, "", True),
        ({}, "<title>Site under Maintenance</title>", True),
        ({}, OTHER_SITE_PAGE.decode(), False),
        ({}, "<title>Cosmos Clinic</title><p>Skin maintenance between visits</p>", False),
    ],
)
def test_what_counts_as_a_maintenance_page(
    headers: dict[str, str], page: str, maintenance: bool
) -> None:
    assert looks_like_maintenance(200, headers, page) is maintenance
