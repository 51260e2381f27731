"""One transaction per decision (issues #11 and #16): `workflow.approve` runs the gate, the
slot choice, the transitions and the history rows in one BEGIN IMMEDIATE transaction.

Real threads, each with its own connection to one real SQLite file, race approvals; a real
process is killed with SIGKILL in the middle of an approval.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from clinicseo import store, workflow
from clinicseo.config import Config
from clinicseo.errors import StateError

REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2027, 3, 30, 0, 0, tzinfo=UTC)
ROUNDS = 50


def body(n: int) -> str:
    """A body of its own (no near-copy of any other), long enough to be fingerprinted."""
    return "<p>" + " ".join(f"term{n}x{i} and more words" for i in range(40)) + "</p>"


def a_draft(n: int, *, topic: str, keyphrase: str) -> dict[str, Any]:
    return {"topic": topic, "variant": "a", "title": f"Post {n}", "html": body(n),
            "keyphrase": keyphrase, "slug": f"post-{n}", "scores": {}, "checks": [],
            "approvable": True, "blocking": []}  # fmt: skip


def race(config: Config, ids: tuple[int, int]) -> list[Any]:
    """Approve both drafts at the same moment, from two threads with two connections."""
    start = threading.Barrier(2)
    results: list[Any] = [None, None]

    def approve(slot: int) -> None:
        conn = store.connect(config.database.path)
        try:
            start.wait()
            results[slot] = workflow.approve(conn, config, ids[slot], by=f"p{slot}", now=NOW)
        except StateError as exc:
            results[slot] = exc
        finally:
            conn.close()

    threads = [threading.Thread(target=approve, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_racing_approvals_never_share_a_slot_or_a_keyphrase(
    make_config: Callable[..., Config],
) -> None:
    config = make_config()
    conn = store.connect(config.database.path)
    same_slot = double_keyphrase = 0
    for r in range(ROUNDS):
        # Two different posts: both are approved, into two different slots.
        a, b = store.insert_drafts(conn, [
            a_draft(4 * r, topic=f"topic {4 * r}", keyphrase=f"key {4 * r}"),
            a_draft(4 * r + 1, topic=f"topic {4 * r + 1}", keyphrase=f"key {4 * r + 1}"),
        ])  # fmt: skip
        first, second = race(config, (a, b))
        assert isinstance(first, dict) and isinstance(second, dict), (first, second)
        same_slot += first["publish_at"] == second["publish_at"]
        # Two posts for one keyphrase: exactly one gets through.
        c, d = store.insert_drafts(conn, [
            a_draft(4 * r + 2, topic=f"topic {4 * r + 2}", keyphrase=f"shared {r}"),
            a_draft(4 * r + 3, topic=f"topic {4 * r + 3}", keyphrase=f"shared {r}"),
        ])  # fmt: skip
        outcomes = race(config, (c, d))
        approved = [o for o in outcomes if isinstance(o, dict)]
        refused = [o for o in outcomes if isinstance(o, StateError)]
        double_keyphrase += len(approved) > 1
        assert len(approved) == 1 and len(refused) == 1, outcomes
        assert "already uses the keyphrase" in str(refused[0])
    slots = [r[0] for r in conn.execute(
        "SELECT publish_at FROM drafts WHERE state = 'scheduled'")]  # fmt: skip
    assert (same_slot, double_keyphrase) == (0, 0)
    assert len(slots) == len(set(slots)) == 3 * ROUNDS


# The approving process dies (SIGKILL: no cleanup, no rollback of its own) right after one
# write of the approval, before the rest. `store.transition` is wrapped to do the killing.
KILLER = """
import os, signal, sys
from datetime import UTC, datetime
from clinicseo import store, workflow
from clinicseo.config import load_config

config = load_config(sys.argv[1])
draft_id, kill_after = int(sys.argv[2]), int(sys.argv[3])
real, calls = store.transition, []

def transition(*args, **kwargs):
    out = real(*args, **kwargs)
    calls.append(1)
    if len(calls) == kill_after:
        os.kill(os.getpid(), signal.SIGKILL)
    return out

store.transition = transition
conn = store.connect(config.database.path)
workflow.approve(conn, config, draft_id, by="mia", now=datetime(2027, 3, 30, tzinfo=UTC))
os.kill(os.getpid(), signal.SIGKILL)  # after the approval returned: it must all be there
"""


@pytest.mark.parametrize("kill_after", [1, 2, 99], ids=["after approved", "after scheduled",
                                                       "after return"])  # fmt: skip
def test_a_crash_during_an_approval_leaves_nothing_or_everything(
    make_config: Callable[..., Config], kill_after: int
) -> None:
    config = make_config()
    conn = store.connect(config.database.path)
    (draft_id,) = store.insert_drafts(conn, [a_draft(1, topic="t", keyphrase="k")])
    conn.close()
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, str(config.path), str(draft_id), str(kill_after)],
        cwd=REPO, env=dict(os.environ), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    conn = store.connect(config.database.path)
    d = store.get_draft(conn, draft_id)
    actions = [h["action"] for h in d["history"]]
    if kill_after == 99:  # the approval had committed: all of it is there
        assert d["state"] == store.SCHEDULED and d["publish_at"] and d["approved_hash"]
        assert actions == ["created", "approved", "scheduled"]
    else:  # killed inside the transaction: none of it is there
        assert d["state"] == store.DRAFT and d["publish_at"] is None
        assert d["approved_hash"] is None and actions == ["created"]
    check = sqlite3.connect(config.database.path).execute("PRAGMA integrity_check").fetchone()
    assert check == ("ok",)
