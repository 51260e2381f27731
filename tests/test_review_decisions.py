"""Decisions around an approval: moving it on the calendar, two people for an override, a
clinician's sign-off. Workflow against a real SQLite file with a fixed clock."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from clinicseo import store, workflow
from clinicseo.config import Config
from clinicseo.errors import InputError, SlotTaken, StateError
from tests.test_store import draft

NOW = datetime(2027, 3, 30, 0, 0, tzinfo=UTC)  # Tue 30 Mar 2027, 11:00 in Melbourne
THU = datetime(2027, 3, 31, 22, 0, tzinfo=UTC)  # Thu 1 Apr 09:00 AEDT: the first free slot


@pytest.fixture
def env(make_config: Callable[..., Config]) -> tuple[Config, sqlite3.Connection]:
    config = make_config()
    return config, store.connect(config.database.path)


def two(conn: sqlite3.Connection) -> tuple[int, int]:
    a, b = store.insert_drafts(conn, [draft(), draft(variant="b", keyphrase="microneedling")])
    return a, b


def test_reschedule_moves_a_post_and_keeps_its_approval(env: Any) -> None:
    config, conn = env
    a, _ = two(conn)
    approved = workflow.approve(conn, config, a, by="mia", now=NOW)
    assert store.parse_iso(approved["publish_at"]) == THU
    later = NOW + timedelta(days=9)
    moved = workflow.reschedule(conn, config, a, by="sam", now=NOW, publish_at=later)
    assert moved["state"] == store.SCHEDULED
    assert store.parse_iso(moved["publish_at"]) == later
    assert moved["approved_hash"] == moved["text_hash"] == approved["approved_hash"]
    last = moved["history"][-1]
    assert (last["action"], last["by"]) == ("rescheduled", "sam")
    assert "Thu 01 Apr 2027 09:00" in last["note"]
    # --next-slot: the earliest slot no other post holds (its own old slot counts as free).
    back = workflow.reschedule(conn, config, a, by="sam", now=NOW, next_slot=True)
    assert store.parse_iso(back["publish_at"]) == THU
    assert back["approved_hash"] == approved["approved_hash"]


def test_a_slot_another_post_holds_is_refused_with_the_nearest_free_ones(env: Any) -> None:
    config, conn = env
    a, b = two(conn)
    workflow.approve(conn, config, a, by="mia", now=NOW)  # takes Thu 1 Apr 09:00
    workflow.approve(conn, config, b, by="mia", now=NOW)  # takes Tue 6 Apr 09:00
    with pytest.raises(SlotTaken, match=f"taken by draft {a}") as exc:
        workflow.reschedule(conn, config, b, by="sam", now=NOW, publish_at=THU)
    # Thu 1 Apr is taken; nearest free: Tue 30 Mar 09:00 is past, Thu 8 Apr, Tue 13 Apr...
    # and b's own Tue 6 Apr, which it may keep.
    offered = [store.parse_iso(t) for t in exc.value.free]
    assert offered == sorted(offered) and len(offered) == 3
    assert THU not in offered and all(t > NOW for t in offered)
    assert datetime(2027, 4, 5, 23, 0, tzinfo=UTC) in offered  # Tue 6 Apr 09:00 AEST
    assert "nearest free slots: " in str(exc.value)
    assert store.get_draft(conn, b)["history"][-1]["action"] == "scheduled"  # nothing moved
    # The same minute, not only the same second, is one slot.
    with pytest.raises(SlotTaken):
        workflow.reschedule(conn, config, b, by="sam", now=NOW, publish_at=THU.replace(second=30))
    # And approving into a taken slot is refused the same way.
    (c,) = store.insert_drafts(conn, [draft(variant="c", keyphrase="skin needling")])
    with pytest.raises(SlotTaken):
        workflow.approve(conn, config, c, by="mia", now=NOW, publish_at=THU)
    assert store.get_draft(conn, c)["state"] == store.DRAFT


def test_unschedule_keeps_the_approval_and_reschedule_puts_it_back(env: Any) -> None:
    config, conn = env
    a, _ = two(conn)
    approved = workflow.approve(conn, config, a, by="mia", now=NOW)
    off = workflow.unschedule(conn, config, a, by="sam")
    assert off["state"] == store.APPROVED and off["publish_at"] is None
    assert off["approved_hash"] == approved["approved_hash"]
    assert store.due_drafts(conn, NOW + timedelta(days=30)) == []  # nothing publishes it
    assert off["history"][-1]["action"] == "unscheduled"
    with pytest.raises(StateError, match="cannot unscheduled it"):
        workflow.unschedule(conn, config, a, by="sam")
    back = workflow.reschedule(conn, config, a, by="sam", now=NOW, next_slot=True)
    assert back["state"] == store.SCHEDULED and back["approved_hash"] == approved["approved_hash"]
    # Its keyphrase stayed taken while it was off the calendar.
    (c,) = store.insert_drafts(conn, [draft(variant="c")])
    with pytest.raises(StateError, match="already targets"):
        workflow.approve(conn, config, c, by="mia", now=NOW)


def test_reschedule_refuses_what_it_cannot_move(env: Any) -> None:
    config, conn = env
    a, _ = two(conn)
    with pytest.raises(StateError, match="only an approved or scheduled draft"):
        workflow.reschedule(conn, config, a, by="sam", now=NOW, next_slot=True)
    workflow.approve(conn, config, a, by="mia", now=NOW)
    with pytest.raises(InputError, match="exactly one"):
        workflow.reschedule(conn, config, a, by="sam", now=NOW)
    with pytest.raises(InputError, match="in the past"):
        workflow.reschedule(conn, config, a, by="sam", now=NOW, publish_at=NOW - timedelta(1))


def test_whoever_overrides_a_finding_cannot_approve_that_draft(env: Any) -> None:
    config, conn = env
    (i,) = store.insert_drafts(conn, [draft(approvable=False, blocking=["claims_safety"])])
    workflow.override(conn, i, by="Mia", reason="qualified in the risks section")
    with pytest.raises(StateError, match="someone else must approve it"):
        workflow.approve(conn, config, i, by=" mia ", now=NOW)
    assert store.get_draft(conn, i)["state"] == store.DRAFT
    approved = workflow.approve(conn, config, i, by="sam", now=NOW)
    assert approved["state"] == store.SCHEDULED and approved["override_by"] == "Mia"


def test_one_person_may_override_and_approve_when_the_clinic_says_so(
    make_config: Callable[..., Config],
) -> None:
    config = make_config(review={"two_person_override": False})
    conn = store.connect(config.database.path)
    (i,) = store.insert_drafts(conn, [draft(approvable=False, blocking=["claims_safety"])])
    workflow.override(conn, i, by="mia", reason="qualified")
    assert workflow.approve(conn, config, i, by="mia", now=NOW)["state"] == store.SCHEDULED


def test_a_clinician_signs_off_the_medical_content_of_one_text(env: Any) -> None:
    from clinicseo.review.auth import add_user

    config, conn = env
    add_user(conn, "dr-lee", "clinician pass", "clinician")
    add_user(conn, "mia", "editor pass", "editor")
    (i,) = store.insert_drafts(conn, [draft()])
    with pytest.raises(StateError, match="mia is not a clinician account"):
        workflow.sign_off(conn, i, by="mia")
    h = store.get_draft(conn, i)["text_hash"]
    signed = workflow.sign_off(conn, i, by="dr-lee", note="doses checked", expect_hash=h)
    assert (signed["signoff_by"], signed["signoff_hash"]) == ("dr-lee", h)
    assert signed["history"][-1]["action"] == "signed off"
    assert signed["history"][-1]["note"] == "doses checked"
    approved = workflow.approve(conn, config, i, by="mia", now=NOW)
    assert approved["signoff_hash"] == approved["approved_hash"]  # shown with the approval
    # An edit is a new text: the sign-off went with the old one.
    edited = workflow.edit(conn, config, i, {"title": "Microneedling, explained"}, by="mia")
    assert edited["signoff_by"] is None
