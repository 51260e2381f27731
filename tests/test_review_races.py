"""People racing each other on one draft, in real threads on one real SQLite file.

Each thread has its own connection, as each web request and CLI run does. A barrier starts
both at once; a random pause before the quicker action moves where it lands inside the
slower one (an edit re-scores the text between reading and writing it), so both orders and
the interleavings in between occur across rounds. Counted over 50 rounds each (25 for
moves, each round two races):

- two editors saving from the same text: a lost edit is a save reported done whose text is
  not the draft's text afterwards (the other one silently replaced it);
- approve racing an edit: a stale approval is a draft left approved or scheduled for a text
  other than the one stored, or for a text the approver never read;
- two posts moved at once: to the same time, or each to the next free slot.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from clinicseo import store, workflow
from clinicseo.config import Config
from clinicseo.errors import SlotTaken, StateError, TextChanged
from tests.test_store import draft

ROUNDS = 50


def body(n: int, who: str) -> str:
    return (
        f"<h2>How microneedling works</h2><p>Fine needles make tiny channels, round {n}.</p>"
        f"<p>{who} wrote this paragraph about aftercare and gentle cleansing.</p>"
    )


def race(path: Path, *actions: Callable[[Any], Any]) -> list[tuple[str, Any]]:
    """Run the actions in threads started together, each with its own connection to `path`
    (as each request has); [("ok", result) | ("refused", StateError)] in the same order."""
    barrier = threading.Barrier(len(actions))
    out: list[tuple[str, Any]] = [("", None)] * len(actions)

    def run(k: int, action: Callable[[Any], Any]) -> None:
        conn = store.connect(path)
        barrier.wait()
        try:
            out[k] = ("ok", action(conn))
        except StateError as exc:  # TextChanged, or the text read now blocks an approval
            out[k] = ("refused", exc)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            out[k] = ("error", exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=run, args=(k, a)) for k, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert all(kind in ("ok", "refused") for kind, _ in out), out
    return out


def save(
    conn: Any, config: Config, draft_id: int, html: str, who: str, opened: str, delay: float
) -> dict[str, Any]:
    threading.Event().wait(delay)
    return workflow.edit(conn, config, draft_id, {"html": html}, by=who, expect_hash=opened)


def approve(
    conn: Any, config: Config, draft_id: int, opened: str | None, delay: float
) -> dict[str, Any]:
    threading.Event().wait(delay)
    return workflow.approve(
        conn, config, draft_id, by="mia", now=store.now_utc(), expect_hash=opened
    )


@pytest.fixture
def config(make_config: Callable[..., Config]) -> Config:
    return make_config()


def test_two_editors_saving_one_draft_never_lose_an_edit(config: Config) -> None:
    path = config.database.path
    main = store.connect(path)
    (i,) = store.insert_drafts(main, [draft()])
    lost = refused = 0
    for n in range(ROUNDS):
        opened = store.get_draft(main, i)["text_hash"]  # both editors opened this text
        results = race(
            path,
            partial(
                save,
                config=config,
                draft_id=i,
                html=body(n, "ann"),
                who="ann",
                opened=opened,
                delay=0,
            ),
            partial(
                save,
                config=config,
                draft_id=i,
                html=body(n, "ben"),
                who="ben",
                opened=opened,
                delay=random.uniform(0, 0.02),
            ),
        )
        assert all(isinstance(r, TextChanged) for kind, r in results if kind == "refused")
        saved = [r for kind, r in results if kind == "ok"]
        refused += sum(1 for kind, _ in results if kind == "refused")
        current = store.get_draft(main, i)
        lost += sum(1 for r in saved if r["html"] != current["html"])
        assert len(saved) == 1, f"round {n}: {len(saved)} saves from one text"
        # What was saved is kept as a version; what was refused was never written.
        hashes = {v["text_hash"] for v in store.draft_versions(main, i)}
        assert current["text_hash"] in hashes
    assert lost == 0
    assert refused == ROUNDS  # every second save was refused, not merged or overwritten
    assert len(store.draft_versions(main, i)) == ROUNDS + 1


@pytest.mark.parametrize("approver_sends_hash", [True, False], ids=["expect-hash", "no-hash"])
def test_approve_racing_an_edit_never_leaves_a_stale_approval(
    config: Config, approver_sends_hash: bool
) -> None:
    path = config.database.path
    main = store.connect(path)
    stale = lost = 0
    outcomes: dict[str, int] = {}
    for n in range(ROUNDS):
        (i,) = store.insert_drafts(main, [draft(keyphrase=f"race {n}", slug=f"race-{n}")])
        opened = store.get_draft(main, i)["text_hash"]
        (a_kind, _), (e_kind, edited) = race(
            path,
            partial(
                approve,
                config=config,
                draft_id=i,
                opened=opened if approver_sends_hash else None,
                delay=random.uniform(0, 0.012),
            ),
            partial(
                save,
                config=config,
                draft_id=i,
                html=body(n, "sam"),
                who="sam",
                opened=opened,
                delay=0,
            ),
        )
        key = f"approve {a_kind}, edit {e_kind}"
        outcomes[key] = outcomes.get(key, 0) + 1
        d = store.get_draft(main, i)
        # Without a hash the approver vouches for whatever text approve reads; with one, for
        # the text they opened only.
        read = opened if approver_sends_hash else d["approved_hash"]
        if d["state"] in (store.APPROVED, store.SCHEDULED) and (
            d["approved_hash"] != d["text_hash"] or d["approved_hash"] != read
        ):
            stale += 1
        if e_kind == "ok" and d["html"] != edited["html"]:
            lost += 1
        # Whatever the order, the draft ends in one of the two consistent outcomes.
        if e_kind == "ok":
            assert d["state"] == store.DRAFT and d["approved_hash"] is None, (n, outcomes)
        else:
            assert a_kind == "ok" and d["state"] == store.SCHEDULED
    print(f"\napprove racing edit ({ROUNDS} rounds): {outcomes}")
    assert stale == 0
    assert lost == 0


def move(conn: Any, config: Config, draft_id: int, when: Any, next_slot: bool) -> dict[str, Any]:
    return workflow.reschedule(
        conn, config, draft_id, by="sam", now=store.now_utc(), publish_at=when,
        next_slot=next_slot,
    )  # fmt: skip


def test_two_moves_never_take_one_slot(config: Config) -> None:
    """Two scheduled posts moved at once, to the same time or each to "the next free slot":
    the check and the booking are one transaction, so they never end up sharing a minute."""
    path = config.database.path
    main = store.connect(path)
    shared = 0
    for n in range(ROUNDS // 2):
        a, b = store.insert_drafts(
            main,
            [draft(keyphrase=f"a {n}", slug=f"a-{n}"), draft(keyphrase=f"b {n}", slug=f"b-{n}")],
        )
        for i in (a, b):
            workflow.approve(main, config, i, by="mia", now=store.now_utc())
        target = store.now_utc().replace(microsecond=0) + timedelta(days=400 + n)
        for when, next_slot in ((target, False), (None, True)):
            results = race(
                path,
                partial(move, config=config, draft_id=a, when=when, next_slot=next_slot),
                partial(move, config=config, draft_id=b, when=when, next_slot=next_slot),
            )
            if not next_slot:  # one gets the time asked for; the other is offered others
                kinds = sorted(kind for kind, _ in results)
                assert kinds == ["ok", "refused"], results
                assert all(isinstance(r, SlotTaken) for k, r in results if k == "refused")
        slots = [r["publish_at"][:16] for r in store.list_drafts(main, state=store.SCHEDULED)]
        shared += len(slots) - len(set(slots))
    assert shared == 0
