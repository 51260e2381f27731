"""The publishing calendar: scheduled, published and failed posts by ISO week, in the
clinic's time zone (a week runs Monday 00:00 to Monday 00:00 local time, so it stays
right across daylight-saving changes)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, render_template, request

from clinicseo import store
from clinicseo.review.context import app_config, db, now

bp = Blueprint("calendar", __name__)

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def parse_week(text: str) -> date | None:
    """'2026-W49' -> that week's Monday; None when it is not a real ISO week."""
    m = _WEEK.match(text.strip())
    if not m:
        return None
    try:
        return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        return None


def week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def week_bounds(monday: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime(monday.year, monday.month, monday.day, tzinfo=tz)
    nxt = monday + timedelta(days=7)
    return start, datetime(nxt.year, nxt.month, nxt.day, tzinfo=tz)


def week_days(
    posts: list[dict[str, Any]], monday: date, tz: ZoneInfo
) -> list[tuple[date, list[dict[str, Any]]]]:
    """Seven (day, posts that day) pairs, each post with its local time added."""
    days: dict[date, list[dict[str, Any]]] = {monday + timedelta(days=i): [] for i in range(7)}
    for post in posts:
        local = store.parse_iso(post["publish_at"]).astimezone(tz)
        days.setdefault(local.date(), []).append({**post, "local": local})
    return sorted(days.items())


@bp.route("/calendar")
def calendar() -> str:
    config = app_config()
    tz = config.tz
    today = now().astimezone(tz).date()
    wanted = request.args.get("week", "")
    monday = parse_week(wanted) if wanted else None
    if wanted and monday is None:
        flash(f'"{wanted}" is not a week: use the form 2026-W49. Showing this week.', "error")
    if monday is None:
        monday = today - timedelta(days=today.weekday())
    start, end = week_bounds(monday, tz)
    posts = store.calendar(db(), start, end)
    return render_template(
        "calendar.html",
        days=week_days(posts, monday, tz),
        week=week_label(monday),
        prev_week=week_label(monday - timedelta(days=7)),
        next_week=week_label(monday + timedelta(days=7)),
        this_week=week_label(today - timedelta(days=today.weekday())),
        today=today,
        count=len(posts),
        tzname=config.clinic.timezone,
    )
