"""`clinicseo doctor`: the states a crash (or a race in an older version) can leave, found and
named with the command that fixes each; running that command clears it.

The broken states are made the way a crash leaves them: the first of two writes done and
the second not, or rows as an older version wrote them (raw SQL, set-up only)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from clinicseo import doctor, store, workflow
from clinicseo.config import Config
from tests.test_cli import run
from tests.test_store import draft

NOW = datetime(2027, 3, 30, 0, 0, tzinfo=UTC)


@pytest.fixture
def env(make_config: Callable[..., Config]) -> tuple[Config, sqlite3.Connection]:
    config = make_config()
    return config, store.connect(config.database.path)


def problems(conn: sqlite3.Connection, config: Config, now: datetime = NOW) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for p in doctor.examine(conn, config, now):
        out.setdefault(p.draft_id, []).append(f"{p.problem} | {p.fix}")
    return out


def test_approved_without_a_slot_is_found_and_reschedule_fixes_it(env: Any) -> None:
    config, conn = env
    a, b = store.insert_drafts(conn, [draft(), draft(variant="b", keyphrase="other")])
    h = store.get_draft(conn, a)["text_hash"]
    # The crash: the approval was written, the scheduling was not.
    store.transition(conn, a, store.APPROVED, by="mia", action="approved", approved_hash=h)
    # Taken off the calendar on purpose: not a problem.
    workflow.approve(conn, config, b, by="mia", now=NOW)
    workflow.unschedule(conn, config, b, by="mia")
    store.record_signoff(conn, b, by="dr-lee", note="", expect_hash=None)  # a later entry
    found = problems(conn, config)
    assert list(found) == [a]
    assert "never scheduled" in found[a][0]
    assert f"clinicseo reschedule {a} --by NAME --next-slot" in found[a][0]
    workflow.reschedule(conn, config, a, by="mia", now=NOW, next_slot=True)
    assert problems(conn, config) == {}


def test_an_approval_for_another_text_is_found_and_restore_fixes_it(env: Any) -> None:
    config, conn = env
    (a,) = store.insert_drafts(conn, [draft()])
    approved = workflow.approve(conn, config, a, by="mia", now=NOW)
    # As an older version's approve-racing-edit left it: new text, the old approval kept.
    changed = {**approved, "html": "<p>Changed under the approval.</p>"}
    conn.execute(
        "UPDATE drafts SET html = ?, text_hash = ? WHERE id = ?",
        (changed["html"], store.text_hash(changed), a),
    )
    found = problems(conn, config)
    assert "the publisher will refuse it" in found[a][0]
    assert f"clinicseo restore {a} {approved['approved_hash'][:12]}" in found[a][0]
    workflow.restore(conn, config, a, approved["approved_hash"][:12], by="mia")
    assert problems(conn, config) == {}  # back to draft, the approved text: approve again


def test_stuck_overdue_shared_and_failed_publishes_are_found(env: Any) -> None:
    config, conn = env
    a, b, c, d = store.insert_drafts(
        conn, [draft(keyphrase=f"phrase {n}", variant=str(n)) for n in range(4)]
    )
    for i in (a, b, c, d):
        workflow.approve(conn, config, i, by="mia", now=NOW)
    store.transition(conn, a, store.PUBLISHING, by="publisher", action="publishing")
    conn.execute(
        "UPDATE drafts SET updated_at = ? WHERE id = ?", (store.iso(NOW - timedelta(hours=1)), a)
    )
    store.transition(conn, b, store.PUBLISHING, by="publisher", action="publishing")
    store.transition(
        conn, b, store.FAILED, by="publisher", action="failed", last_error="WordPress answered 500"
    )
    slot_c = store.get_draft(conn, c)["publish_at"]
    conn.execute("UPDATE drafts SET publish_at = ? WHERE id = ?", (slot_c, d))  # an old race
    later = store.parse_iso(slot_c) + timedelta(hours=2)
    found = problems(conn, config, now=later)
    assert "never finished" in found[a][0] and "clinicseo publish --due" in found[a][0]
    assert "WordPress answered 500" in found[b][0]
    assert f"clinicseo publish --draft {b}" in found[b][0]
    assert any("is the scheduler running?" in x for x in found[c])
    assert any("shares its slot" in x and f"draft {c}" in x for x in found[d])


def test_the_command_exits_1_with_the_fixes_and_0_when_all_is_well(env: Any) -> None:
    config, conn = env
    (a,) = store.insert_drafts(conn, [draft()])
    clean = run("doctor", "--config", str(config.path))
    assert clean.returncode == 0 and "nothing to fix" in clean.stdout
    h = store.get_draft(conn, a)["text_hash"]
    store.transition(conn, a, store.APPROVED, by="mia", action="approved", approved_hash=h)
    found = run("doctor", "--config", str(config.path))
    assert found.returncode == 1
    assert f"fix: clinicseo reschedule {a} --by NAME --next-slot" in found.stdout
    assert found.stderr.strip() == "clinicseo: 1 problem(s) need a person; each row names the fix"
