"""The publishing calendar: scheduled, published and failed posts by ISO week or by month,
with the configured publish slots still free, in the clinic's time zone (a day runs from
local midnight to local midnight, so it stays right across daylight-saving changes).

Editors move a scheduled post by dragging it onto a free slot or with its Move form, both
sent to the draft actions' reschedule (:func:`clinicseo.workflow.reschedule`). Staff
calendars subscribe to an iCal feed at a secret address per user (see
:mod:`clinicseo.review.ical`); that one route answers without a session.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, g, render_template, request, url_for
from werkzeug.wrappers import Response

from clinicseo import store
from clinicseo.config import Config
from clinicseo.review.context import app_config, db, now
from clinicseo.slots import next_publish_slot

bp = Blueprint("calendar", __name__)

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_week(text: str) -> date | None:
    """'2026-W49' -> that week's Monday; None when it is not a real ISO week."""
    m = _WEEK.match(text.strip())
    if not m:
        return None
    try:
        return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        return None


def parse_month(text: str) -> date | None:
    """'2026-12' -> 1 December 2026; None when it is not a month."""
    m = _MONTH.match(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return date(int(m.group(1)), int(m.group(2)), 1)


def week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=tz)


def week_bounds(monday: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    return _midnight(monday, tz), _midnight(monday + timedelta(days=7), tz)


def free_slots(config: Config, taken: set[str], start: datetime, end: datetime,
               after: datetime) -> list[datetime]:  # fmt: skip
    """The configured publish slots in [start, end), later than `after`, no post holds."""
    out: list[datetime] = []
    t = max(start, after) - timedelta(seconds=1)
    while True:
        slot = next_publish_slot(config, t)
        if slot is None or slot >= end:
            return out
        if store.iso(slot) not in taken:
            out.append(slot.astimezone(config.tz))
        t = slot


def nav_is_now(first: date, today: date) -> bool:
    return first == today.replace(day=1)


def day_map(
    days: list[date], posts: list[dict[str, Any]], slots: list[datetime], tz: ZoneInfo
) -> list[tuple[date, list[dict[str, Any]], list[datetime]]]:
    """(day, posts that day with their local time, free slots that day) for each day."""
    by_day: dict[date, tuple[list[dict[str, Any]], list[datetime]]] = {d: ([], []) for d in days}
    for post in posts:
        local = store.parse_iso(post["publish_at"]).astimezone(tz)
        if local.date() in by_day:
            by_day[local.date()][0].append({**post, "local": local})
    for slot in slots:
        if slot.date() in by_day:
            by_day[slot.date()][1].append(slot)
    return [(d, *by_day[d]) for d in days]


@bp.route("/calendar")
def calendar() -> str:
    config = app_config()
    tz = config.tz
    today = now().astimezone(tz).date()
    view = "month" if request.args.get("view") == "month" or "month" in request.args else "week"
    this_monday = today - timedelta(days=today.weekday())
    if view == "month":
        wanted = request.args.get("month", "")
        first = parse_month(wanted) if wanted else None
        if wanted and first is None:
            flash(f'"{wanted}" is not a month: use the form 2026-12. Showing this month.', "error")
        first = first or today.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        grid_start = first - timedelta(days=first.weekday())
        grid_end = nxt + timedelta(days=(7 - nxt.weekday()) % 7)
        days = [grid_start + timedelta(days=i) for i in range((grid_end - grid_start).days)]
        prev = (first - timedelta(days=1)).replace(day=1)
        nav = {
            "label": first.strftime("%B %Y"),
            "prev": url_for("calendar.calendar", month=prev.strftime("%Y-%m")),
            "prev_label": prev.strftime("%B"),
            "next": url_for("calendar.calendar", month=nxt.strftime("%Y-%m")),
            "next_label": nxt.strftime("%B"),
            "now": url_for("calendar.calendar", month=today.strftime("%Y-%m")),
            "is_now": nav_is_now(first, today),
            "other": url_for("calendar.calendar", week=week_label(
                this_monday if nav_is_now(first, today) else grid_start)),
        }  # fmt: skip
        month = first.month
    else:
        wanted = request.args.get("week", "")
        monday = parse_week(wanted) if wanted else None
        if wanted and monday is None:
            flash(f'"{wanted}" is not a week: use the form 2026-W49. Showing this week.', "error")
        monday = monday or this_monday
        days = [monday + timedelta(days=i) for i in range(7)]
        nav = {
            "label": f"week {week_label(monday)}",
            "prev": url_for("calendar.calendar", week=week_label(monday - timedelta(days=7))),
            "prev_label": week_label(monday - timedelta(days=7)),
            "next": url_for("calendar.calendar", week=week_label(monday + timedelta(days=7))),
            "next_label": week_label(monday + timedelta(days=7)),
            "now": url_for("calendar.calendar", week=week_label(this_monday)),
            "is_now": monday == this_monday,
            "other": url_for("calendar.calendar", month=monday.strftime("%Y-%m")),
        }
        month = 0
    start, end = _midnight(days[0], tz), _midnight(days[-1] + timedelta(days=1), tz)
    conn = db()
    posts = store.calendar(conn, start, end)
    slots = free_slots(config, store.taken_slots(conn), start, end, now())
    return render_template(
        "calendar.html",
        view=view,
        nav=nav,
        month=month,
        week=nav["label"],
        days=day_map(days, posts, slots, tz),
        today=today,
        count=len(posts),
        free=len(slots),
        tzname=config.clinic.timezone,
        feed_url=_feed_url(),
        can_move=g.get("role") == "editor",  # moving: the draft actions' reschedule
        free_slots=slots,
    )


def _feed_url() -> str:
    from clinicseo.review.ical import feed_token

    user = g.get("user")
    if not user:
        return ""
    return url_for("calendar.ical", user=user, token=feed_token(user), _external=True)


@bp.route("/calendar/feed/<user>/<token>.ics")
def ical(user: str, token: str) -> Response:
    abort(404)  # answered by _feed before the sign-in gate; reaching here means a bad token


@bp.before_app_request
def _feed() -> Response | None:
    """The iCal feed answers calendar apps, which carry no session: the secret address is
    the credential. Registered with the blueprint, so it runs before the app's sign-in gate
    (installed after the blueprints); any other endpoint passes through untouched."""
    if request.endpoint != "calendar.ical":
        return None
    from clinicseo.review.ical import feed, token_ok

    args = request.view_args or {}
    user, token = str(args.get("user", "")), str(args.get("token", ""))
    if not token_ok(user, token) or store.get_user(db(), user) is None:
        return Response("No such calendar.\n", status=404, mimetype="text/plain")
    config = app_config()
    start = now() - timedelta(days=60)
    posts = store.calendar(db(), start, now() + timedelta(days=400))
    body = feed(posts, config.clinic.name, lambda i: url_for("views.draft", draft_id=i,
                                                               _external=True))  # fmt: skip
    headers = {"Cache-Control": "private, max-age=300"}
    return Response(body, mimetype="text/calendar", headers=headers)
