"""Weekly slots: "tue 09:00" in the clinic's zone, as instants; the next free publish slot,
and the refusal of a time another post already holds (with the nearest free slots offered).

Slot times are wall-clock times in ``[clinic] timezone``; each is turned into its instant day
by day, so a daylight-saving change moves nothing (09:00 stays 09:00 local). Results are
aware UTC datetimes, to compare with UTC ``now``. A bad slot spec raises ClinicSeoError
naming it (config loading normally rejects it first).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, time, timedelta

from clinicseo import store
from clinicseo.config import Config, parse_slot
from clinicseo.errors import ClinicSeoError, InputError, SlotTaken, StateError
from clinicseo.formats import clinic_time

FREE_SLOT_HORIZON_WEEKS = 104  # two years of slots is more than any queue needs
OFFER_DAYS = 21  # free slots offered instead of a taken time lie within three weeks of it


def _slot_instants(spec: str, config: Config, around: datetime, days: range) -> list[datetime]:
    """The UTC instants of weekly slot ``spec`` on the local days ``around`` + ``days``."""
    parsed = parse_slot(spec)
    if parsed is None:
        raise ClinicSeoError(f'bad slot "{spec}": expected "ddd HH:MM"')
    weekday, hh, mm = parsed
    today = around.astimezone(config.tz).date()
    out = []
    for offset in days:
        day = today + timedelta(days=offset)
        if day.weekday() == weekday:
            # A wall-clock time in the clinic's zone: its UTC instant follows DST.
            out.append(datetime.combine(day, time(hh, mm), tzinfo=config.tz).astimezone(UTC))
    return out


def next_slot(spec: str, config: Config, after: datetime) -> datetime:
    """The first time of slot ``spec`` ("tue 09:00", clinic time) strictly after ``after``."""
    return min(t for t in _slot_instants(spec, config, after, range(0, 9)) if t > after)


def previous_slot(spec: str, config: Config, now: datetime) -> datetime:
    """The latest time of slot ``spec`` at or before ``now``."""
    return max(t for t in _slot_instants(spec, config, now, range(-8, 1)) if t <= now)


def next_publish_slot(config: Config, after: datetime) -> datetime | None:
    """The first configured publish slot strictly after ``after`` (None: no slots)."""
    slots = [next_slot(s, config, after) for s in config.schedule.publish_slots]
    return min(slots) if slots else None


def next_free_slot(
    conn: sqlite3.Connection, config: Config, after: datetime, *, exclude_id: int | None = None
) -> datetime:
    """The first configured publish slot after ``after`` that no other post has taken, as an
    aware datetime in the clinic's zone (what staff are shown). `exclude_id`: a draft being
    moved, whose own slot counts as free."""
    taken = store.taken_slots(conn, exclude_id=exclude_id)
    slot = next_publish_slot(config, after)
    if slot is None:
        raise InputError(f"{config.path}: [schedule] publish_slots is empty: no slot to pick")
    for _ in range(FREE_SLOT_HORIZON_WEEKS * len(config.schedule.publish_slots)):
        if store.iso(slot) not in taken:
            return slot.astimezone(config.tz)
        slot = next_publish_slot(config, slot) or slot
    raise StateError("every publish slot for the next two years is taken")


def nearest_free_slots(
    conn: sqlite3.Connection,
    config: Config,
    around: datetime,
    *,
    now: datetime,
    exclude_id: int | None = None,
    count: int = 3,
) -> list[datetime]:
    """Up to `count` configured publish slots nearest to `around` (before or after it, never
    before `now`) that no other post holds, in time order, in the clinic's zone."""
    taken = store.taken_slots(conn, exclude_id=exclude_id)
    days = range(-OFFER_DAYS, OFFER_DAYS + 1)
    candidates = {
        t
        for spec in config.schedule.publish_slots
        for t in _slot_instants(spec, config, around, days)
        if t > now and store.iso(t) not in taken
    }
    nearest = sorted(candidates, key=lambda t: (abs((t - around).total_seconds()), t))[:count]
    return [t.astimezone(config.tz) for t in sorted(nearest)]


def check_free(
    conn: sqlite3.Connection, config: Config, when: datetime, *, now: datetime, draft_id: int
) -> None:
    """Refuse `when` when another post is booked into that minute: SlotTaken names the post
    and offers the nearest free configured slots. Call it inside the write transaction that
    books the slot, so the answer still holds when the booking is written."""
    holder = store.slot_holder(conn, when, exclude_id=draft_id)
    if holder is None:
        return
    free = nearest_free_slots(conn, config, when, now=now, exclude_id=draft_id)
    offer = (
        "nearest free slots: " + "; ".join(clinic_time(t, config.tz) for t in free)
        if free
        else "no configured slot near it is free: choose another time"
    )
    raise SlotTaken(
        f"{clinic_time(when, config.tz)} is taken by draft {holder} (two posts in one slot); "
        f"{offer}",
        [store.iso(t) for t in free],
    )
