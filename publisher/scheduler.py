"""`clinicseo scheduler`: the long-running service. It only ticks; all state lives in SQLite.

Jobs (each a function of ``(conn, config, now)``, so tests drive them with a fixed clock):

* ``publish`` every 30 s: ``publish_due(now)``. Only what is due goes out, so a slot missed
  while the service was down is caught up on the next tick (``schedule.catch_up =
  "publish"``) or moved to the next free slot (``"next_slot"``).
* ``crawl`` at ``schedule.crawl`` (in ``clinic.timezone``): a child process
  (``python -m clinicseo crawl``; Twisted's reactor cannot restart in this process), then,
  with ``schedule.draft_gaps`` > 0, drafts for that many new gap topics. A crawl slot that
  passed while the service was down runs on start.
* ``watchdog`` every ``schedule.watchdog_minutes``: published posts must still be live on
  WordPress; a post that is not gets ``last_error`` set and an email goes out
  (:mod:`publisher.watchdog`).

Slot times are computed in the clinic's zone and compared in UTC, so DST changes move
nothing. One instance per database (an flock'd lock file beside it). SIGTERM/SIGINT set the
stop: a WordPress call in flight ends at once (each call also has an overall deadline,
``[wordpress] timeout_s``), the publish run starts no further draft, and the loop exits 0
within seconds. A failing job is logged and recorded in
``job_runs`` and never stops the loop.
"""

from __future__ import annotations

import argparse
import fcntl
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

import schedule

from clinicseo import store
from clinicseo.config import Config, load_config
from clinicseo.errors import ClinicSeoError, CrawlError, PublishError
from clinicseo.logs import LEVELS, setup_logging
from clinicseo.slots import next_publish_slot, next_slot, previous_slot
from publisher import blog_import, notify
from publisher.jobs import due_now, publish_due
from publisher.slots import move_missed
from publisher.watchdog import watchdog_job

log = logging.getLogger(__name__)

TICK_S = 30
CRAWL_CHECK_S = 60
IMPORT_CHECK_S = 3600
Job = Callable[[sqlite3.Connection, Config, datetime], str | None]
Due = Callable[[sqlite3.Connection, Config, datetime], bool]


# --- the jobs -----------------------------------------------------------------------------------


def publish_job(
    conn: sqlite3.Connection,
    config: Config,
    now: datetime,
    *,
    stop: threading.Event | None = None,
) -> str | None:
    """Publish what is due (and transient failures whose retry has come); None when nothing
    was (so quiet ticks leave no record). ``stop`` ends the run at once (SIGTERM)."""
    moved = move_missed(conn, config, now) if config.schedule.catch_up == "next_slot" else 0
    # publish_due itself returns at once when nothing is due
    summary = publish_due(conn, config, now, stop=stop)
    if not summary.results and not moved:
        return None
    detail = f"{len(summary.published)} published, {len(summary.failed)} failed"
    if moved:
        detail += f", {moved} missed slot(s) moved to the next slot"
    if summary.failed:
        causes = "; ".join(f"draft {r.draft_id}: {r.error}" for r in summary.failed)
        raise PublishError(f"{detail}: {causes}")
    return detail


def crawl_due(conn: sqlite3.Connection, config: Config, now: datetime) -> bool:
    """True when the latest crawl slot has passed since the last crawl began (or none ran)."""
    if not config.schedule.crawl:
        return False
    last = store.last_crawl_started(conn)
    run = store.last_job_run(conn, "crawl")
    started = max(filter(None, [last, run["started_at"] if run else None]), default=None)
    return started is None or store.parse_iso(started) < previous_slot(
        config.schedule.crawl, config, now
    )


def crawl_job(
    conn: sqlite3.Connection,
    config: Config,
    now: datetime,
    *,
    stop: threading.Event | None = None,
) -> str | None:
    """Crawl in a child process when a crawl slot is due; then draft new gaps if configured."""
    if not crawl_due(conn, config, now):
        return None
    cmd = [sys.executable, "-m", "clinicseo", "--config", str(config.path), "crawl"]
    log.info("crawl: starting %s", " ".join(cmd))
    child = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
    while True:
        try:
            code = child.wait(timeout=1.0)
            break
        except subprocess.TimeoutExpired:
            if stop is not None and stop.is_set():  # shutting down: let Scrapy stop cleanly
                child.send_signal(signal.SIGTERM)
                code = child.wait()
                break
    if code != 0:
        raise CrawlError(f"the crawl exited with status {code}")
    detail = "crawl finished"
    if config.schedule.draft_gaps > 0:
        from clinicseo.drafting import draft_gaps  # heavy: templates and scoring

        made = draft_gaps(conn, config, config.schedule.draft_gaps)
        ids = [i for group in made.drafted.values() for i in group]
        detail += f"; {len(ids)} draft(s) for {len(made.drafted)} new topic(s)"
        notify.drafts_awaiting_review(config, [store.get_draft(conn, i) for i in ids])
    return detail


# --- running jobs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class JobSpec:
    name: str
    every_s: int
    run: Job
    # A cheap read-only "anything to do?", so an idle tick writes nothing (no run record made
    # and dropped again). The job still checks for itself: it may be called on its own.
    due: Due | None = None


def _publish_due(conn: sqlite3.Connection, config: Config, now: datetime) -> bool:
    return bool(due_now(conn, now))


def job_specs(config: Config, stop: threading.Event | None = None) -> list[JobSpec]:
    specs = [
        JobSpec(
            "publish",
            TICK_S,
            lambda c, cfg, now: publish_job(c, cfg, now, stop=stop),
            due=_publish_due,
        ),
        JobSpec(
            "crawl",
            CRAWL_CHECK_S,
            lambda c, cfg, now: crawl_job(c, cfg, now, stop=stop),
            due=crawl_due,
        ),
    ]
    if config.schedule.watchdog_minutes > 0:
        specs.append(
            JobSpec(
                "watchdog",
                config.schedule.watchdog_minutes * 60,
                lambda c, cfg, now: watchdog_job(c, cfg, now, stop=stop),
            )
        )
    if config.schedule.blog_import_hours > 0:  # the blog's posts, for the uniqueness gate
        specs.append(JobSpec(blog_import.JOB, IMPORT_CHECK_S, blog_import.import_job,
                             due=blog_import.import_due))  # fmt: skip
    return specs


def run_job(
    conn: sqlite3.Connection,
    config: Config,
    name: str,
    job: Job,
    now: datetime,
    *,
    due: Due | None = None,
) -> str | None:
    """Run one job; record it when it did something or failed. Never raises.

    When ``due`` says there is nothing to do, the job is not run and nothing is written.
    Returns "ok", "failed", or None when the job had nothing to do.
    """
    try:
        idle = due is not None and not due(conn, config, now)
    except Exception:  # noqa: BLE001 - the job meets the same error and it is recorded there
        idle = False
    if idle:
        return None
    run_id = store.start_job(conn, name)
    try:
        detail = job(conn, config, now)
    except Exception as exc:  # noqa: BLE001 - a failing job must not stop the loop
        if isinstance(exc, ClinicSeoError):
            log.error("job %s failed: %s", name, exc)
        else:
            log.exception("job %s failed unexpectedly", name)
        _finish(conn, run_id, "failed", str(exc) or type(exc).__name__)
        return "failed"
    if detail is None:  # nothing to do: leave no record of an idle tick
        _forget(conn, run_id)
        return None
    log.info("job %s: %s", name, detail)
    _finish(conn, run_id, "ok", detail)
    return "ok"


def _finish(conn: sqlite3.Connection, run_id: int, outcome: str, detail: str) -> None:
    try:
        store.finish_job(conn, run_id, outcome=outcome, detail=detail[:2000])
    except sqlite3.Error:
        log.exception("could not record a job run")


def _forget(conn: sqlite3.Connection, run_id: int) -> None:
    try:
        store.forget_job_run(conn, run_id)
    except sqlite3.Error:
        log.exception("could not drop an idle job run")


def tick(
    conn: sqlite3.Connection,
    config: Config,
    now: datetime,
    *,
    stop: threading.Event | None = None,
) -> dict[str, str | None]:
    """Run every job once at ``now`` (each decides whether it is due): {job: outcome}."""
    out: dict[str, str | None] = {}
    for spec in job_specs(config, stop):
        if stop is not None and stop.is_set():
            break
        out[spec.name] = run_job(conn, config, spec.name, spec.run, now, due=spec.due)
    return out


def run_scheduler(
    config: Config, *, once: bool = False, stop: threading.Event | None = None
) -> int:
    """The service loop. Returns 0 on a clean stop (or a clean --once), 1 when --once failed.

    Raises ClinicSeoError when another scheduler holds the lock for this database.
    """
    stop = stop or threading.Event()
    with _instance_lock(config), _stop_on_signals(stop):
        conn = store.connect(config.database.path)
        try:
            if once:
                outcomes = tick(conn, config, store.now_utc(), stop=stop)
                done = ", ".join(f"{job}: {res or 'not due'}" for job, res in outcomes.items())
                log.info("one pass (--once): %s", done or "no jobs")
                return 1 if "failed" in outcomes.values() else 0
            runner = schedule.Scheduler()
            for spec in job_specs(config, stop):
                runner.every(spec.every_s).seconds.do(
                    lambda s=spec: (
                        None
                        if stop.is_set()  # stopping: no job starts after the signal
                        else run_job(conn, config, s.name, s.run, store.now_utc(), due=s.due)
                    )
                )
            log.info("scheduler started (pid %s, database %s)", os.getpid(), config.database.path)
            runner.run_all()  # catch up at once: a missed slot is not left for the next tick
            while not stop.is_set():
                runner.run_pending()
                stop.wait(max(0.2, min(5.0, runner.idle_seconds or 1.0)))
            log.info("scheduler stopped")
            return 0
        finally:
            conn.close()


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach the main thread only; the caller stops us through `stop`
        return

    def on_signal(signum: int, frame: object) -> None:
        # The WordPress call in flight (if any) ends at once: publisher.deadline watches stop.
        log.info("signal %s: stopping (a WordPress call in flight ends now)", signum)
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def lock_path(config: Config) -> Path:
    db = config.database.path
    return db.with_name(db.name + ".scheduler.lock")


@contextmanager
def _instance_lock(config: Config) -> Iterator[IO[str]]:
    path = lock_path(config)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            pid = fh.read().strip() or "?"
            raise ClinicSeoError(
                f"another scheduler is already running for this database (pid {pid}, lock {path})"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        try:
            yield fh
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


def _running_pid(config: Config) -> int | None:
    """The pid of the scheduler holding the lock, or None when none does."""
    path = lock_path(config)
    if not path.exists():
        return None
    with open(path) as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            text = fh.read().strip()
            return int(text) if text.isdigit() else -1
        fcntl.flock(fh, fcntl.LOCK_UN)
    return None


# --- status -------------------------------------------------------------------------------------


def scheduler_running(config: Config) -> bool:
    """Whether a scheduler holds this database's lock (cheap: one flock probe)."""
    return _running_pid(config) is not None


def scheduler_status(conn: sqlite3.Connection, config: Config, now: datetime) -> dict[str, Any]:
    """Whether the service runs, each job's next run and last result (CLI and review app)."""
    sched = config.schedule
    scheduled = store.list_drafts(conn, state=store.SCHEDULED, sort="publish_at", limit=1)
    pid = _running_pid(config)

    def last(job: str) -> dict[str, Any] | None:
        run = store.last_job_run(conn, job)
        return (
            {k: run[k] for k in ("started_at", "finished_at", "outcome", "detail")} if run else None
        )

    watch = store.last_job_run(conn, "watchdog")
    watch_next = None
    if sched.watchdog_minutes > 0:
        after = now
        if watch:
            after = store.parse_iso(watch["started_at"]) + timedelta(minutes=sched.watchdog_minutes)
        watch_next = store.iso(max(now, after))
    slot = next_publish_slot(config, now)
    return {
        "now": store.iso(now),
        "running": pid is not None,
        "pid": pid if pid and pid > 0 else None,
        "timezone": config.clinic.timezone,
        "due_now": len(due_now(conn, now)),
        "failed": len(store.failed_drafts(conn)),
        "jobs": {
            "publish": {
                "every_s": TICK_S,
                "next_post_at": scheduled[0]["publish_at"] if scheduled else None,
                "next_slot": store.iso(slot) if slot else None,
                "catch_up": sched.catch_up,
                "last": last("publish"),
            },
            "crawl": {
                "slot": sched.crawl or None,
                "due_now": crawl_due(conn, config, now),
                "next_run": store.iso(next_slot(sched.crawl, config, now)) if sched.crawl else None,
                "draft_gaps": sched.draft_gaps,
                "last": last("crawl"),
            },
            "watchdog": {
                "every_minutes": sched.watchdog_minutes,
                "next_run": watch_next,
                "last": last("watchdog"),
            },
        },
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m publisher.scheduler --config F [--once]``: as `clinicseo scheduler`."""
    parser = argparse.ArgumentParser(prog="python -m publisher.scheduler")
    parser.add_argument("--config", default=None)
    parser.add_argument("--once", action="store_true")
    parser.add_argument("--log-level", default="info", choices=LEVELS)
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
        setup_logging(config, args.log_level)
        return run_scheduler(config, once=args.once)
    except ClinicSeoError as exc:
        print(f"clinicseo scheduler: {exc}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
