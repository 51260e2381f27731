"""Moving drafts whose slot was missed while the service was down to the next free slot.

The slot arithmetic itself ("tue 09:00" in the clinic's zone as UTC instants, DST-safe, and
the next free publish slot) is core: :mod:`clinicseo.slots`.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from clinicseo import store
from clinicseo.config import Config
from clinicseo.slots import next_free_slot

MISSED_AFTER = timedelta(minutes=15)  # with catch_up = "next_slot": later than this is missed


def move_missed(conn: sqlite3.Connection, config: Config, now: datetime) -> int:
    """With ``catch_up = "next_slot"``: move each scheduled draft whose slot passed more than
    MISSED_AFTER ago to the next free publish slot (recorded as 'rescheduled'). Returns how
    many moved; none when no publish slots are configured.

    Raises StateError (from :func:`clinicseo.slots.next_free_slot`) when every slot for the
    next two years is taken.
    """
    if not config.schedule.publish_slots:
        return 0
    moved = 0
    for d in store.due_drafts(conn, now):
        if d["state"] != store.SCHEDULED or store.parse_iso(d["publish_at"]) > now - MISSED_AFTER:
            continue
        slot = next_free_slot(conn, config, now)
        store.transition(
            conn, d["id"], store.SCHEDULED, by="scheduler", action="rescheduled",
            note=f"slot {d['publish_at']} was missed", publish_at=store.iso(slot),
        )  # fmt: skip
        moved += 1
    return moved
