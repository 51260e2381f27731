"""Automatic retries of transient publish failures, driven by the scheduler's tick with a
fixed clock against the real local WordPress (stopped, then restarted), with staff mail
caught by a real SMTP server (aiosmtpd): mailed on the final failure only."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from clinicseo import store
from clinicseo.config import Config
from publisher.scheduler import tick
from scripts.local_wordpress import LocalWordPress
from tests.fixtures.smtp import Inbox
from tests.fixtures.wordpress import WP_PASSWORD_ENV, scheduled_draft

pytestmark = pytest.mark.wordpress
NOW = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
QUIET = {"crawl": "", "watchdog_minutes": 0}
MINUTE = timedelta(minutes=1)


@pytest.fixture
def setup(
    wp_config: Callable[..., Config],
    smtp: tuple[Inbox, int],
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[Config, sqlite3.Connection, Inbox]:
    monkeypatch.setattr("publisher.jobs.RETRY_WAIT_S", 0.01)  # the in-run blip retry
    box, port = smtp
    config = wp_config(
        wordpress={"retries": 2},
        schedule=QUIET,
        notify={"smtp_host": "127.0.0.1", "smtp_port": port, "recipients": ["m@clinic.example"]},
    )
    return config, store.connect(config.database.path), box


def actions(conn: sqlite3.Connection, draft_id: int) -> list[str]:
    return [h["action"] for h in store.get_draft(conn, draft_id)["history"]]


def test_wordpress_down_then_back_is_retried_later_and_published_once(
    setup: tuple[Config, sqlite3.Connection, Inbox], clean_wordpress: LocalWordPress
) -> None:
    config, conn, box = setup
    draft = scheduled_draft(conn, NOW)
    clean_wordpress.stop_server()
    assert tick(conn, config, NOW)["publish"] == "failed"
    failed = store.get_draft(conn, draft["id"])
    assert failed["state"] == "failed" and failed["retry_at"] == store.iso(NOW + 5 * MINUTE)
    assert "automatic retry 1 of 2" in failed["history"][-1]["note"]
    assert box.messages == []  # not final: nobody is mailed yet

    assert tick(conn, config, NOW + 4 * MINUTE)["publish"] is None  # not yet
    clean_wordpress.start_server()
    assert tick(conn, config, NOW + 5 * MINUTE)["publish"] == "ok"
    done = store.get_draft(conn, draft["id"])
    assert done["state"] == "published" and done["retry_at"] is None
    assert done["retry_count"] == 0
    assert actions(conn, draft["id"])[-3:] == ["publish failed", "retrying", "published"]
    assert len(clean_wordpress.posts(search=draft["reference"])) == 1
    pubs = store.list_publications(conn, draft["id"])
    assert [(p["outcome"], p["transient"]) for p in pubs] == [("failed", 1), ("published", None)]
    assert box.subjects() == [f"[Cosmos Clinic] Published: {draft['title']}"]


def test_a_transient_failure_gives_up_after_the_configured_retries_and_mails_once(
    setup: tuple[Config, sqlite3.Connection, Inbox], clean_wordpress: LocalWordPress
) -> None:
    config, conn, box = setup
    draft = scheduled_draft(conn, NOW)
    clean_wordpress.set_server_error(True)  # HTTP 500 on every request: transient
    clock = NOW
    delays = []
    for _ in range(3):  # the first try and two automatic retries
        assert tick(conn, config, clock)["publish"] == "failed"
        retry_at = store.get_draft(conn, draft["id"])["retry_at"]
        if retry_at is None:
            break
        delays.append(store.parse_iso(retry_at) - clock)
        clock = store.parse_iso(retry_at)
    assert delays == [5 * MINUTE, 15 * MINUTE]  # growing
    final = store.get_draft(conn, draft["id"])
    assert final["state"] == "failed" and final["retry_at"] is None
    assert "gave up after 2 automatic retries" in final["history"][-1]["note"]
    assert actions(conn, draft["id"]).count("retrying") == 2
    (mail,) = box.messages  # one mail, on the final failure
    assert "Publishing failed" in mail["Subject"] and "HTTP 500" in mail.get_payload()
    # nothing more happens on its own, even when WordPress is fine again
    clean_wordpress.set_server_error(False)
    assert tick(conn, config, clock + timedelta(days=1))["publish"] is None
    assert clean_wordpress.posts() == []


def test_a_permanent_failure_is_not_retried_and_is_mailed_at_once(
    setup: tuple[Config, sqlite3.Connection, Inbox],
    clean_wordpress: LocalWordPress,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config, conn, box = setup
    monkeypatch.setenv(WP_PASSWORD_ENV, "Wrong-Password-777")
    draft = scheduled_draft(conn, NOW)
    assert tick(conn, config, NOW)["publish"] == "failed"
    failed = store.get_draft(conn, draft["id"])
    assert failed["retry_at"] is None and "refused the credentials" in failed["last_error"]
    assert len(box.messages) == 1
    assert tick(conn, config, NOW + timedelta(hours=2))["publish"] is None
    assert store.list_publications(conn, draft["id"])[-1]["transient"] == 0
