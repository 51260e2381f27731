"""What a crash, a race in an older version, or a stopped scheduler can leave behind, and the
command that puts each right (`clinicseo doctor`).

Read-only: it finds and explains; the fix is always an ordinary command a person runs, so
every repair goes through the same rules and lands in the draft's history. Looks only at
drafts approved or beyond (a few hundred at most), so it is quick on any store.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from clinicseo import store
from clinicseo.config import Config
from clinicseo.formats import clinic_time

STUCK_PUBLISHING = timedelta(minutes=15)  # a publish takes seconds; this long means a crash
OVERDUE = timedelta(hours=1)  # the scheduler ticks every minute; an hour late means it is down


@dataclass(frozen=True)
class Problem:
    draft_id: int
    state: str
    problem: str
    fix: str


def examine(conn: sqlite3.Connection, config: Config, now: datetime) -> list[Problem]:
    """Every problem found, by draft id."""
    rows = store.drafts_past_approval(conn)
    found = [p for row in rows for p in _one(row, config, now)]
    found += _shared(rows, config)
    return sorted(found, key=lambda p: p.draft_id)


def as_dicts(problems: list[Problem]) -> list[dict[str, Any]]:
    return [asdict(p) for p in problems]


def _one(row: dict[str, Any], config: Config, now: datetime) -> list[Problem]:
    i, state = row["id"], row["state"]
    out = []
    deliberate = row["last_calendar_action"] == "unscheduled"  # taken off by a person
    if state == store.APPROVED and not row["publish_at"] and not deliberate:
        out.append(
            Problem(
                i,
                state,
                "approved but never scheduled (stopped between approving and scheduling): "
                "nothing will publish it",
                f"clinicseo reschedule {i} --by NAME --next-slot",
            )
        )
    if state in (store.APPROVED, store.SCHEDULED, store.FAILED) and (
        row["approved_hash"] != row["text_hash"]
    ):
        approved = (row["approved_hash"] or "")[: store.HASH_PREFIX] or "nothing"
        out.append(
            Problem(
                i,
                state,
                f"its approval is for text {approved}, not its current text "
                f"{row['text_hash'][: store.HASH_PREFIX]}: the publisher will refuse it",
                f"clinicseo versions {i}; then clinicseo restore {i} {approved} --by NAME (or "
                f"edit it) and approve it again",
            )
        )
    updated = store.parse_iso(row["updated_at"])
    if state == store.PUBLISHING and now - updated > STUCK_PUBLISHING:
        out.append(
            Problem(
                i,
                state,
                f"a publish started {clinic_time(updated, config.tz)} and never finished",
                "clinicseo publish --due (it looks the post up on WordPress before sending again)",
            )
        )
    if state == store.SCHEDULED and row["publish_at"]:
        when = store.parse_iso(row["publish_at"])
        if now - when > OVERDUE:
            out.append(
                Problem(
                    i,
                    state,
                    f"due since {clinic_time(when, config.tz)} and not published: is the "
                    "scheduler running?",
                    f"clinicseo publish --due, or clinicseo reschedule {i} --by NAME --next-slot",
                )
            )
    if state == store.PUBLISHED and row["last_error"]:  # a field did not land, or not live
        out.append(
            Problem(
                i,
                state,
                f"live on WordPress, but: {row['last_error']}",
                "clinicseo wordpress check; then fix it in WordPress, or edit the draft and "
                "approve it again (its publish updates the same post)",
            )
        )
    if state == store.FAILED:
        out.append(
            Problem(
                i,
                state,
                f"publishing failed: {row['last_error'] or 'no cause recorded'}",
                f"clinicseo publish --draft {i}",
            )
        )
    return out


def _shared(rows: list[dict[str, Any]], config: Config) -> list[Problem]:
    """Two posts in one minute, or two posts headed for one keyphrase: the later ones are
    the ones to move."""
    on_calendar = (store.SCHEDULED, store.PUBLISHING, store.PUBLISHED)
    slots: dict[str, list[dict[str, Any]]] = defaultdict(list)
    phrases: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["state"] in on_calendar and row["publish_at"]:
            slots[row["publish_at"][:16]].append(row)
        if row["state"] != store.FAILED and row["keyphrase"]:
            phrases[row["keyphrase"].strip().lower()].append(row)
    out = []
    for group in slots.values():
        for row in group[1:]:
            if row["state"] == store.SCHEDULED:
                out.append(
                    Problem(
                        row["id"],
                        row["state"],
                        f"shares its slot {clinic_time(row['publish_at'], config.tz)} with draft "
                        f"{group[0]['id']}",
                        f"clinicseo reschedule {row['id']} --by NAME --next-slot",
                    )
                )
    for group in phrases.values():
        for row in group[1:]:
            if row["state"] in (store.APPROVED, store.SCHEDULED):
                out.append(
                    Problem(
                        row["id"],
                        row["state"],
                        f'targets the keyphrase "{row["keyphrase"]}" that draft {group[0]["id"]} '
                        "also targets: the two posts would compete",
                        f"clinicseo reject {row['id']} --by NAME --reason TEXT (or edit its "
                        "keyphrase)",
                    )
                )
    return out
