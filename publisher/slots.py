"""Weekly slot arithmetic: "tue 09:00" in the clinic's zone, as UTC instants; and moving
drafts whose slot was missed while the service was down to the next free slot.

Slot times are wall-clock times in ``[clinic] timezone``; each is turned into its UTC instant
day by day, so a DST change moves nothing (09:00 stays 09:00 local). Callers compare the
results with UTC ``now``. A bad slot spec raises ClinicSeoError naming it (config loading
normally rejects it first).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, time, timedelta

from clinicseo import store
from clinicseo.config import Config, parse_slot
from clinicseo.errors import ClinicSeoError

MISSED_AFTER = timedelta(minutes=15)  # with catch_up = "next_slot": later than this is missed


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
    slots = [next_slot(s, config, after) for s in config.schedule.publish_slots]
    return min(slots) if slots else None


def move_missed(conn: sqlite3.Connection, config: Config, now: datetime) -> int:
    """With ``catch_up = "next_slot"``: move each scheduled draft whose slot passed more than
    MISSED_AFTER ago to the next free publish slot (recorded as 'rescheduled'). Returns how
    many moved."""
    moved = 0
    for d in store.due_drafts(conn, now):
        if d["state"] != store.SCHEDULED or store.parse_iso(d["publish_at"]) > now - MISSED_AFTER:
            continue
        taken = store.taken_slots(conn)
        slot = next_publish_slot(config, now)
        while slot is not None and store.iso(slot) in taken:
            slot = next_publish_slot(config, slot)
        if slot is None:
            continue
        store.transition(
            conn, d["id"], store.SCHEDULED, by="scheduler", action="rescheduled",
            note=f"slot {d['publish_at']} was missed", publish_at=store.iso(slot),
        )  # fmt: skip
        moved += 1
    return moved
