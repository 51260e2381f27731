"""The scheduler's status in sentences, in the clinic's time, for the status page.

Reads the dict :func:`publisher.scheduler.scheduler_status` returns (the CLI's
``scheduler --status`` shows the same dict as JSON) and says it the way staff would.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from clinicseo.formats import clinic_time


def relative(when: str | None, now: datetime) -> str:
    """ "in 3 hours", "2 days ago", "now"."""
    if not when:
        return ""
    seconds = (datetime.fromisoformat(when) - now).total_seconds()
    ahead, left = seconds >= 0, abs(seconds)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if left >= size:
            n = int(left // size)
            text = f"{n} {unit}{'s' if n != 1 else ''}"
            return f"in {text}" if ahead else f"{text} ago"
    return "now"


def _at(when: str | None, tz: tzinfo, now: datetime) -> str:
    return f"{clinic_time(when, tz)} ({relative(when, now)})"


def _last(run: dict[str, Any] | None, what: str, tz: tzinfo, now: datetime) -> str:
    if not run:
        return f"No {what} yet."
    outcome = run.get("outcome")
    detail = f": {run['detail']}" if run.get("detail") else "."
    if outcome is None:
        return f"A {what} started {_at(run['started_at'], tz, now)} and is still running."
    verb = "succeeded" if outcome == "ok" else f"ended with “{outcome}”"
    return f"The last {what} started {_at(run['started_at'], tz, now)} and {verb}{detail}"


def sentences(
    status: dict[str, Any], tz: tzinfo, now: datetime, next_post: dict[str, Any] | None
) -> dict[str, list[str]]:
    """{"Scheduler": [...], "Publishing": [...], "Crawling": [...], "Watchdog": [...]}"""
    jobs = status["jobs"]
    out: dict[str, list[str]] = {}
    if status["running"]:
        pid = f" (process {status['pid']})" if status.get("pid") else ""
        out["Scheduler"] = [f"The scheduler is running{pid}."]
    else:
        out["Scheduler"] = [
            "The scheduler is not running: nothing is published or crawled until it is "
            "started (systemctl start clinicseo-scheduler, or clinicseo scheduler)."
        ]
    out["Scheduler"].append(f"Times are the clinic's ({status['timezone']}).")

    pub = jobs["publish"]
    lines = []
    if next_post:
        lines.append(
            f"The next post, #{next_post['id']} “{next_post['title']}”, goes out "
            f"{_at(next_post['publish_at'], tz, now)}."
        )
    else:
        lines.append("No post is scheduled.")
    if pub.get("next_slot"):
        lines.append(f"The next free publish slot is {_at(pub['next_slot'], tz, now)}.")
    if status["due_now"]:
        lines.append(f"{status['due_now']} post(s) are due now and wait for the scheduler.")
    if status["failed"]:
        lines.append(f"{status['failed']} publish(es) failed: see the red banner above.")
    else:
        lines.append("No publish has failed.")
    lines.append(_last(pub.get("last"), "publish run", tz, now))
    out["Publishing"] = lines

    crawl = jobs["crawl"]
    if crawl.get("slot"):
        lines = [f"Competitor sites are crawled at “{crawl['slot']}”."]
        if crawl.get("next_run"):
            lines.append(f"The next crawl is {_at(crawl['next_run'], tz, now)}.")
        if crawl.get("due_now"):
            lines.append("A crawl is due now.")
    else:
        lines = ["No crawl is scheduled ([schedule] crawl is empty)."]
    lines.append(_last(crawl.get("last"), "crawl", tz, now))
    out["Crawling"] = lines

    watch = jobs["watchdog"]
    if watch.get("every_minutes"):
        lines = [
            f"Every {watch['every_minutes']} minutes the watchdog checks that published "
            "posts are still live on WordPress."
        ]
        if watch.get("next_run"):
            lines.append(f"The next check is {_at(watch['next_run'], tz, now)}.")
    else:
        lines = ["The watchdog is off."]
    lines.append(_last(watch.get("last"), "watchdog check", tz, now))
    out["Watchdog"] = lines
    return out
