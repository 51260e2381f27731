"""What people do to drafts: approve (and schedule), reject, edit, override, retry.

The CLI and the review app call these and nothing deeper, so both enforce the same rules:
an approval holds for the exact text approved; compliance findings block approval unless a
named reviewer overrides them with a reason; two drafts aimed at one keyphrase are never
headed for the blog together; nothing is scheduled in the past.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from clinicseo import store
from clinicseo.config import Config
from clinicseo.errors import InputError, StateError
from clinicseo.formats import clinic_time
from clinicseo.slots import next_free_slot

__all__ = ["approve", "edit", "next_free_slot", "override", "parse_publish_at", "reject", "retry"]


def parse_publish_at(text: str, config: Config) -> datetime:
    """ISO-8601 from a person; a time without a zone is read in the clinic's zone."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f'--publish-at: expected an ISO-8601 date and time such as "2026-12-03T09:00", '
            f'found "{text}"'
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=config.tz)


def approve(
    conn: sqlite3.Connection,
    config: Config,
    draft_id: int,
    *,
    by: str,
    now: datetime,
    publish_at: datetime | None = None,
) -> dict[str, Any]:
    """Approve a draft for its current text and schedule it (the given time, or the next free
    configured slot). The publish gate (clinicseo/gate.py) decides whether it may be approved,
    and refuses a time in the past.

    One decision, one write transaction (BEGIN IMMEDIATE): the gate's checks, the slot
    choice, both transitions and their history rows commit together or not at all, so two
    approvals at once cannot take one slot or one keyphrase, and a crash leaves nothing
    half-done."""
    from clinicseo import gate

    by = _who(by)
    if publish_at is not None and publish_at <= now:
        raise InputError(f"--publish-at {publish_at.isoformat()} is in the past")
    with store.transaction(conn):
        draft = store.get_draft(conn, draft_id)
        if draft["state"] != store.DRAFT:
            raise StateError(
                f"draft {draft_id} is '{draft['state']}': only a draft can be approved"
            )
        verdict = gate.evaluate(conn, config, draft, now=now)
        if not verdict.ready:
            raise StateError(f"draft {draft_id} cannot be approved: {verdict.explain()}")
        when = publish_at or next_free_slot(conn, config, now)
        store.transition(
            conn,
            draft_id,
            store.APPROVED,
            by=by,
            action="approved",
            approved_hash=draft["text_hash"],
        )
        return store.transition(
            conn,
            draft_id,
            store.SCHEDULED,
            by=by,
            action="scheduled",
            note=clinic_time(when, config.tz),
            publish_at=store.iso(when),
        )


def reject(conn: sqlite3.Connection, draft_id: int, *, by: str, reason: str) -> dict[str, Any]:
    if not reason.strip():
        raise InputError("a rejection needs a reason (--reason)")
    return store.transition(
        conn,
        draft_id,
        store.REJECTED,
        by=_who(by),
        action="rejected",
        note=reason.strip(),
        expect=(store.DRAFT, store.APPROVED, store.SCHEDULED, store.FAILED),
        publish_at=None,
    )


def override(conn: sqlite3.Connection, draft_id: int, *, by: str, reason: str) -> dict[str, Any]:
    """A named reviewer accepts the draft's blocking findings, with a reason, on record.
    The override holds for this text only: an edit clears it."""
    if not reason.strip():
        raise InputError("an override needs a reason")
    draft = store.get_draft(conn, draft_id)
    if not draft["blocking"]:
        raise StateError(f"draft {draft_id} has no blocking findings to override")
    who = _who(by)
    return store.transition(
        conn,
        draft_id,
        store.DRAFT,
        by=who,
        action="override",
        note=f"{', '.join(draft['blocking'])}: {reason.strip()}",
        expect=(store.DRAFT,),
        override_by=who,
        override_reason=reason.strip(),
    )


def retry(
    conn: sqlite3.Connection, draft_id: int, *, by: str, now: datetime
) -> dict[str, Any]:
    """Put a failed publish back in the queue, due now."""
    return store.transition(
        conn,
        draft_id,
        store.SCHEDULED,
        by=_who(by),
        action="retry",
        expect=(store.FAILED,),
        publish_at=store.iso(now),
        last_error=None,
    )


def edit(
    conn: sqlite3.Connection,
    config: Config,
    draft_id: int,
    changes: dict[str, Any],
    *,
    by: str,
) -> dict[str, Any]:
    """Save edited text, re-scored (against the topic's other variants too, so an edit cannot
    turn a draft into a near-copy unnoticed). An approved or scheduled draft goes back to draft.

    An edited body passes the same sanitiser as a rendered one, so no script, iframe, event
    attribute or javascript: URL typed into an edit can reach WordPress."""
    from clinicseo import drafting, fields  # scoring is heavy: import on use
    from clinicseo.render import sanitize

    changes = fields.clean(changes)  # title, slug, meta…: plain text, never markup
    if "html" in changes:
        changes = {**changes, "html": sanitize(changes["html"])}
    draft = store.get_draft(conn, draft_id)
    updated = {**draft, **changes}
    siblings = store.sibling_texts(conn, draft_id)
    scored = drafting.score_one(conn, config, updated, siblings=siblings, exclude_id=draft_id)
    return store.update_draft_text(conn, draft_id, changes, scored, by=_who(by))


def _who(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InputError("say who you are (--by NAME)")
    return name
