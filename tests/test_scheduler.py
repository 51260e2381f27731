"""The scheduler: slots in the clinic's zone across DST, fixed-clock ticks that publish what is
due and nothing early, failing jobs recorded without stopping the loop, one instance per
database, and a clean exit on SIGTERM (a real subprocess)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from clinicseo import store
from clinicseo.config import Config
from clinicseo.errors import ClinicSeoError
from clinicseo.slots import next_publish_slot, next_slot, previous_slot
from publisher.scheduler import (
    crawl_due,
    run_job,
    run_scheduler,
    scheduler_status,
    tick,
)
from scripts.local_wordpress import LocalWordPress
from tests.fixtures.wordpress import scheduled_draft

REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
QUIET = {"crawl": "", "watchdog_minutes": 0, "blog_import_hours": 0}


def test_slots_follow_the_clinics_wall_clock_across_dst(make_config: Callable[..., Config]) -> None:
    config = make_config(clinic={"timezone": "Australia/Melbourne"})
    # Melbourne leaves daylight saving on Sunday 5 April 2026 (UTC+11 -> UTC+10).
    before = next_slot("tue 09:00", config, datetime(2026, 3, 30, tzinfo=UTC))
    after = next_slot("tue 09:00", config, before)
    assert before == datetime(2026, 3, 30, 22, 0, tzinfo=UTC)  # 09:00 AEDT
    assert after == datetime(2026, 4, 6, 23, 0, tzinfo=UTC)  # 09:00 AEST
    assert previous_slot("tue 09:00", config, after) == after
    assert previous_slot("tue 09:00", config, after - timedelta(seconds=1)) == before
    config = make_config(schedule={"publish_slots": ["tue 09:00", "thu 09:00"]})
    assert next_publish_slot(config, before) == datetime(2026, 4, 1, 22, 0, tzinfo=UTC)


def test_crawl_is_due_once_per_slot_and_after_a_missed_one(
    make_config: Callable[..., Config],
) -> None:
    config = make_config(schedule={"crawl": "mon 03:00"})
    conn = store.connect(config.database.path)
    monday = datetime(2026, 3, 1, 16, 0, tzinfo=UTC)  # Mon 2 March 03:00 AEDT
    assert crawl_due(conn, config, monday)  # never crawled
    run = store.start_job(conn, "crawl")
    store.finish_job(conn, run, outcome="ok", detail="")
    assert not crawl_due(conn, config, store.now_utc())
    assert crawl_due(conn, config, store.now_utc() + timedelta(days=8))  # a slot was missed
    assert not crawl_due(conn, make_config(schedule={"crawl": ""}), monday)


def test_a_missed_slot_moves_to_the_next_one_when_asked(
    make_config: Callable[..., Config],
) -> None:
    config = make_config(schedule={**QUIET, "catch_up": "next_slot"})
    conn = store.connect(config.database.path)
    missed = scheduled_draft(conn, NOW - timedelta(days=2))
    assert tick(conn, config, NOW) == {"publish": "ok", "crawl": None}
    moved = store.get_draft(conn, missed["id"])
    assert moved["state"] == "scheduled"
    assert moved["publish_at"] == store.iso(next_publish_slot(config, NOW) or NOW)
    assert moved["history"][-1]["action"] == "rescheduled"


def test_an_idle_tick_writes_nothing(make_config: Callable[..., Config]) -> None:
    config = make_config(schedule=QUIET)
    conn = store.connect(config.database.path)
    scheduled_draft(conn, NOW + timedelta(hours=1))  # scheduled, not yet due
    before = conn.total_changes
    assert tick(conn, config, NOW) == {"publish": None, "crawl": None}
    assert conn.total_changes == before  # not even a job record made and dropped again
    assert store.last_job_runs(conn) == []


@pytest.mark.wordpress
def test_a_fixed_clock_tick_publishes_what_is_due_and_nothing_early(
    wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config(schedule={**QUIET, "watchdog_minutes": 15})
    conn = store.connect(config.database.path)
    due = scheduled_draft(conn, NOW - timedelta(minutes=1))
    early = scheduled_draft(conn, NOW + timedelta(minutes=1))
    assert tick(conn, config, NOW) == {"publish": "ok", "crawl": None, "watchdog": "ok"}
    assert store.get_draft(conn, due["id"])["state"] == "published"
    assert store.get_draft(conn, early["id"])["state"] == "scheduled"
    assert [p["title"] for p in clean_wordpress.posts()] == [due["title"]]
    assert last_run(conn, "publish")["detail"] == "1 published, 0 failed"
    # the next minute the second one goes, and only it
    assert tick(conn, config, NOW + timedelta(minutes=1))["publish"] == "ok"
    assert sorted(p["title"] for p in clean_wordpress.posts()) == sorted(
        [due["title"], early["title"]]
    )
    # an idle tick leaves no record
    runs = len(store.last_job_runs(conn, 100))
    assert tick(conn, config, NOW + timedelta(minutes=2))["publish"] is None
    assert len(store.last_job_runs(conn, 100)) == runs + 1  # only the watchdog's round


@pytest.mark.wordpress
def test_the_watchdog_flags_a_post_that_is_no_longer_live(
    wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config(schedule=QUIET | {"watchdog_minutes": 15})
    conn = store.connect(config.database.path)
    draft = scheduled_draft(conn, NOW)
    tick(conn, config, NOW)
    post_id = store.get_draft(conn, draft["id"])["wordpress_id"]
    assert clean_wordpress.rest("DELETE", f"/wp/v2/posts/{post_id}").status_code == 200  # trash
    assert tick(conn, config, NOW)["watchdog"] == "ok"
    flagged = store.get_draft(conn, draft["id"])
    assert flagged["state"] == "published" and "is trash" in flagged["last_error"]
    assert flagged["history"][-1]["action"] == "not live"


def test_a_failing_job_is_recorded_and_the_others_still_run(
    make_config: Callable[..., Config], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_config(schedule=QUIET)
    conn = store.connect(config.database.path)

    def broken(c: sqlite3.Connection, cfg: Config, now: datetime) -> str:
        raise RuntimeError("disk on fire")

    assert run_job(conn, config, "broken", broken, NOW) == "failed"
    assert last_run(conn, "broken")["detail"] == "disk on fire"
    # a due draft but no password: the publish job fails, is recorded, the crawl job runs
    monkeypatch.delenv("CLINICSEO_WP_PASSWORD", raising=False)
    scheduled_draft(conn, NOW)
    assert tick(conn, config, NOW) == {"publish": "failed", "crawl": None}
    assert "CLINICSEO_WP_PASSWORD" in last_run(conn, "publish")["detail"]
    assert store.due_drafts(conn, NOW)  # nothing lost: still scheduled, still due


def last_run(conn: sqlite3.Connection, job: str) -> dict[str, Any]:
    run = store.last_job_run(conn, job)
    assert run is not None, f"no {job} run recorded"
    return run


def wait_for(predicate: Callable[[], object], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def test_the_loop_survives_a_failing_job_and_refuses_a_second_instance(
    make_config: Callable[..., Config], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_config(schedule=QUIET)
    conn = store.connect(config.database.path)
    monkeypatch.delenv("CLINICSEO_WP_PASSWORD", raising=False)
    scheduled_draft(conn, NOW)  # due; publishing it fails (no password)
    stop = threading.Event()
    codes: list[int] = []
    loop = threading.Thread(target=lambda: codes.append(run_scheduler(config, stop=stop)))
    loop.start()
    try:
        wait_for(lambda: store.last_job_run(conn, "publish"))
        assert last_run(conn, "publish")["outcome"] == "failed"
        assert loop.is_alive()
        with pytest.raises(ClinicSeoError, match="already running"):
            run_scheduler(config, once=True)
        status = scheduler_status(conn, config, store.now_utc())
        assert status["running"] and status["jobs"]["publish"]["last"]["outcome"] == "failed"
    finally:
        stop.set()
        loop.join(timeout=30)
    assert codes == [0]
    assert not scheduler_status(conn, config, store.now_utc())["running"]
    assert run_scheduler(config, once=True) == 1  # the lock is free again; publish still fails


def test_sigterm_stops_the_service_cleanly(make_config: Callable[..., Config]) -> None:
    config = make_config(schedule=QUIET)
    proc = subprocess.Popen(
        [sys.executable, "-m", "publisher.scheduler", "--config", str(config.path)],
        cwd=REPO, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stderr is not None
        lines: list[str] = []
        while not any("scheduler started" in line for line in lines):
            line = proc.stderr.readline()
            assert line, f"the scheduler exited early: {''.join(lines)}"
            lines.append(line)
        proc.terminate()  # SIGTERM
        rest = proc.stderr.read()
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "scheduler stopped" in rest
    conn = store.connect(config.database.path)
    assert not scheduler_status(conn, config, store.now_utc())["running"]


def test_status_names_the_next_runs(make_config: Callable[..., Config]) -> None:
    config = make_config(schedule={"crawl": "mon 03:00", "watchdog_minutes": 15})
    conn = store.connect(config.database.path)
    draft = scheduled_draft(conn, NOW + timedelta(days=1))
    status = scheduler_status(conn, config, NOW)
    assert status["running"] is False and status["due_now"] == 0
    assert status["jobs"]["publish"]["next_post_at"] == draft["publish_at"]
    assert status["jobs"]["publish"]["next_slot"] == store.iso(
        next_publish_slot(config, NOW) or NOW
    )
    assert status["jobs"]["crawl"]["next_run"] == store.iso(next_slot("mon 03:00", config, NOW))
    assert status["jobs"]["watchdog"]["next_run"] == store.iso(NOW)
