"""What people do to drafts: approve (and schedule), reject, edit, override, retry, restore
an earlier text, reschedule or unschedule, and a clinician's sign-off.

The CLI and the review app call these and nothing deeper, so both enforce the same rules:
an approval holds for the exact text approved; compliance findings block approval unless a
named reviewer overrides them with a reason (and, with ``[review] two_person_override``,
someone else approves); two drafts aimed at one keyphrase are never headed for the blog
together; nothing is scheduled in the past, and no two posts share a slot.

Every action taken on what a person read carries ``expect_hash``, the text hash they saw
(the app's hidden field, the CLI's ``--expect-hash``): when the stored text is another, the
action is refused (TextChanged) in the same transaction that would have written it, so an
approval never lands on text nobody read and a second editor never overwrites the first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from clinicseo import store
from clinicseo.config import Config
from clinicseo.errors import ClinicSeoError, InputError, StateError
from clinicseo.formats import clinic_time
from clinicseo.slots import check_free, next_free_slot

__all__ = [
    "Outcome",
    "approve",
    "approve_many",
    "check_approver",
    "choose_variant",
    "edit",
    "next_free_slot",
    "override",
    "parse_publish_at",
    "reject",
    "reject_many",
    "reschedule",
    "restore",
    "retry",
    "sign_off",
    "unschedule",
]


@dataclass
class Outcome:
    """What a many-draft action did: the drafts it changed, and why it left the others."""

    done: list[dict[str, Any]] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)


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
    expect_hash: str | None = None,
) -> dict[str, Any]:
    """Approve a draft for its current text and schedule it (the given time, or the next free
    configured slot). Refuses drafts with unresolved blocking findings, a keyphrase another
    approved post already targets, times in the past, and what check_approver refuses."""
    by = _who(by)
    draft = store.get_draft(conn, draft_id)
    check_approver(conn, config, draft, by=by, expect_hash=expect_hash, publish_at=publish_at,
                   now=now)
    if draft["state"] != store.DRAFT:
        raise StateError(f"draft {draft_id} is '{draft['state']}': only a draft can be approved")
    if draft["blocking"] and not draft["override_reason"]:
        raise StateError(
            f"draft {draft_id} cannot be approved: {', '.join(draft['blocking'])} "
            "must be fixed, or overridden by a reviewer with a reason"
        )
    keyphrase = (draft["keyphrase"] or "").lower()
    rival = store.scheduled_keyphrases(conn, exclude_id=draft_id).get(keyphrase)
    if keyphrase and rival is not None:
        raise StateError(
            f'draft {draft_id} targets the keyphrase "{draft["keyphrase"]}" that draft {rival} '
            "already targets: two posts for one keyphrase compete with each other"
        )
    if publish_at is not None and publish_at <= now:
        raise InputError(f"--publish-at {publish_at.isoformat()} is in the past")
    when = publish_at or next_free_slot(conn, config, now)
    # One transaction: an edit can no longer land between "approved" and "scheduled".
    with store.transaction(conn):
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


def approve_many(
    conn: sqlite3.Connection,
    config: Config,
    draft_ids: Iterable[int],
    *,
    by: str,
    now: datetime,
    allow_red: bool = False,
) -> Outcome:
    """Approve each draft into the next free slot, in the order given (so they take
    successive slots). Each goes through :func:`approve` and its rules; a draft with a red
    check is left alone unless `allow_red` (a person said they read them)."""
    out = Outcome()
    for draft_id in dict.fromkeys(draft_ids):
        try:
            if not allow_red:
                red = [c.get("id") for c in store.get_draft(conn, draft_id)["checks"]
                       if c.get("status") == "bad"]  # fmt: skip
                if red:
                    raise StateError(f"draft {draft_id} has red checks: {', '.join(red)}")
            out.done.append(approve(conn, config, draft_id, by=by, now=now))
        except ClinicSeoError as exc:
            out.refused.append((draft_id, str(exc)))
    return out


def reject_many(
    conn: sqlite3.Connection, draft_ids: Iterable[int], *, by: str, reason: str
) -> Outcome:
    """Reject each draft with the one reason; drafts already past rejecting are reported."""
    if not reason.strip():
        raise InputError("a rejection needs a reason (--reason)")
    out = Outcome()
    for draft_id in dict.fromkeys(draft_ids):
        try:
            out.done.append(reject(conn, draft_id, by=by, reason=reason))
        except ClinicSeoError as exc:
            out.refused.append((draft_id, str(exc)))
    return out


def choose_variant(
    conn: sqlite3.Connection,
    config: Config,
    keep_id: int,
    *,
    by: str,
    now: datetime,
    reason: str = "",
    expect_hash: str | None = None,
) -> Outcome:
    """Approve one variant of a topic into the next free slot and reject its other open
    variants ("another variant was chosen"). Nothing is rejected when the approval fails.
    `expect_hash`: the text of the kept variant the person compared (as for approve)."""
    keep = store.get_draft(conn, keep_id)
    approved = approve(conn, config, keep_id, by=by, now=now, expect_hash=expect_hash)
    why = reason.strip() or f"variant #{keep_id} of this topic was chosen instead"
    others = sorted(
        d["id"]
        for d in store.list_drafts(conn, topic=keep["topic"])
        if d["id"] != keep_id and d["state"] in (store.DRAFT, store.APPROVED, store.SCHEDULED)
    )
    out = reject_many(conn, others, by=by, reason=why)
    out.done.insert(0, approved)
    return out


def check_approver(
    conn: sqlite3.Connection,
    config: Config,
    draft: dict[str, Any],
    *,
    by: str,
    expect_hash: str | None,
    publish_at: datetime | None,
    now: datetime,
) -> None:
    """The person-side rules of an approval, for every surface: the approver read the stored
    text (`expect_hash`); with ``[review] two_person_override`` whoever overrode the draft's
    compliance findings is not the one who approves it; a chosen time is not another post's
    slot. The approval itself is bound to the text in its own write (store.transition)."""
    store.check_seen(draft["id"], draft["text_hash"], expect_hash)
    overrider = (draft.get("override_by") or "").strip().lower()
    if config.review.two_person_override and draft.get("override_reason") and (
        overrider == by.strip().lower()
    ):
        raise StateError(
            f"draft {draft['id']}: {by} overrode its compliance findings, so someone else "
            "must approve it ([review] two_person_override)"
        )
    if publish_at is not None and publish_at > now:
        check_free(conn, config, publish_at, now=now, draft_id=draft["id"])


def reject(
    conn: sqlite3.Connection,
    draft_id: int,
    *,
    by: str,
    reason: str,
    expect_hash: str | None = None,
) -> dict[str, Any]:
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
        expect_hash=expect_hash,
        publish_at=None,
    )


def override(
    conn: sqlite3.Connection,
    draft_id: int,
    *,
    by: str,
    reason: str,
    expect_hash: str | None = None,
) -> dict[str, Any]:
    """A named reviewer accepts the draft's blocking findings, with a reason, on record.
    The override holds for this text only (the one whose findings were read): an edit
    clears it."""
    if not reason.strip():
        raise InputError("an override needs a reason")
    draft = store.get_draft(conn, draft_id)
    store.check_seen(draft_id, draft["text_hash"], expect_hash)
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
        expect_hash=draft["text_hash"],  # the findings named in the note are this text's
        override_by=who,
        override_reason=reason.strip(),
    )


def sign_off(
    conn: sqlite3.Connection,
    draft_id: int,
    *,
    by: str,
    note: str = "",
    expect_hash: str | None = None,
) -> dict[str, Any]:
    """A clinician signs off the medical content of the draft's current text. Recorded in
    its history and shown with the approval; an edit clears it. Only an account with the
    `clinician` role may sign off."""
    who = _who(by)
    user = store.get_user(conn, who)
    if user is None or user["role"] != "clinician":
        raise StateError(
            f"{who} is not a clinician account: medical content is signed off by a clinician "
            "(clinicseo users add NAME --role clinician)"
        )
    return store.record_signoff(
        conn, draft_id, by=who, note=note.strip(), expect_hash=expect_hash
    )


def reschedule(
    conn: sqlite3.Connection,
    config: Config,
    draft_id: int,
    *,
    by: str,
    now: datetime,
    publish_at: datetime | None = None,
    next_slot: bool = False,
) -> dict[str, Any]:
    """Move a scheduled draft (or put an approved one without a slot on the calendar): at
    `publish_at`, or the first configured slot no other post holds. The approval holds: the
    text does not change. A slot another post holds is refused (SlotTaken, with the nearest
    free slots). Read, check and write are one transaction, so two moves cannot take one
    slot."""
    who = _who(by)
    if (publish_at is None) == (not next_slot):
        raise InputError("give exactly one of --publish-at ISO-8601 or --next-slot")
    if publish_at is not None and publish_at <= now:
        raise InputError(f"--publish-at {publish_at.isoformat()} is in the past")
    with store.transaction(conn):
        draft = store.get_draft(conn, draft_id)
        if draft["state"] not in (store.APPROVED, store.SCHEDULED):
            raise StateError(
                f"draft {draft_id} is '{draft['state']}': only an approved or scheduled draft "
                "can be rescheduled"
            )
        when = publish_at or next_free_slot(conn, config, now, exclude_id=draft_id)
        check_free(conn, config, when, now=now, draft_id=draft_id)
        before = clinic_time(draft["publish_at"], config.tz) if draft["publish_at"] else "no slot"
        return store.transition(
            conn,
            draft_id,
            store.SCHEDULED,
            by=who,
            action="rescheduled",
            note=f"{before} -> {clinic_time(when, config.tz)}",
            expect=(store.APPROVED, store.SCHEDULED),
            expect_hash=draft["text_hash"],
            publish_at=store.iso(when),
        )


def unschedule(
    conn: sqlite3.Connection, config: Config, draft_id: int, *, by: str
) -> dict[str, Any]:
    """Take a scheduled draft off the calendar. It stays approved for its text: reschedule
    puts it back, and nothing publishes it meanwhile."""
    who = _who(by)
    with store.transaction(conn):
        draft = store.get_draft(conn, draft_id)
        return store.transition(
            conn,
            draft_id,
            store.APPROVED,
            by=who,
            action="unscheduled",
            note=f"was {clinic_time(draft['publish_at'], config.tz)}",
            expect=(store.SCHEDULED,),
            publish_at=None,
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
    expect_hash: str | None = None,
    action: str = "edited",
    note: str = "",
) -> dict[str, Any]:
    """Save edited text, re-scored (against the topic's other variants too, so an edit cannot
    turn a draft into a near-copy unnoticed). An approved or scheduled draft goes back to draft.

    An edited body passes the same sanitiser as a rendered one, so no script, iframe, event
    attribute or javascript: URL typed into an edit can reach WordPress. A body whose tags
    do not close (an unclosed ``<h2>``) is refused with InputError naming the tag and line.
    `expect_hash`: the text the editor started from; when another save landed since, this one
    is refused (TextChanged) and the other editor's text stays. Without it the edit applies to
    the text read here, and is refused the same way if a save lands while it is being scored.
    `action` and `note` name the change in the history (restore says "restored")."""
    from clinicseo import drafting  # scoring is heavy: import on use
    from clinicseo.markup import check_balanced
    from clinicseo.render import sanitize

    if "html" in changes:
        check_balanced(changes["html"])  # never save a body a browser would misread
        changes = {**changes, "html": sanitize(changes["html"])}
    draft = store.get_draft(conn, draft_id)
    store.check_seen(draft_id, draft["text_hash"], expect_hash)  # refuse before scoring
    updated = {**draft, **changes}
    siblings = store.sibling_texts(conn, draft_id)
    scored = drafting.score_one(conn, config, updated, siblings=siblings, exclude_id=draft_id)
    # The scores are for the text read above: it is the one the write must still find.
    return store.update_draft_text(
        conn, draft_id, changes, scored, by=_who(by), expect_hash=draft["text_hash"],
        action=action, note=note,
    )  # fmt: skip


def restore(
    conn: sqlite3.Connection,
    config: Config,
    draft_id: int,
    version: str,
    *,
    by: str,
    expect_hash: str | None = None,
) -> dict[str, Any]:
    """Bring back an earlier text of the draft (`version`: its text hash, or a prefix), as an
    edit: re-scored, and an approval of the current text withdrawn."""
    old = store.get_version(conn, draft_id, version)
    return edit(
        conn,
        config,
        draft_id,
        {k: old[k] for k in store.DRAFT_TEXT_FIELDS},
        by=by,
        expect_hash=expect_hash,
        action="restored",
        note=f"version {old['text_hash'][: store.HASH_PREFIX]}",
    )


def _who(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InputError("say who you are (--by NAME)")
    return name
