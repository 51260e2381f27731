"""Every text a draft has had is kept, and people act only on the text they read.

Workflow and store against a real SQLite file: versions written on create, edit and restore;
a restore is an edit (re-scored, approval withdrawn); approve, override, reject and edit
carrying the hash read are refused when the text has changed since; the migration that adds
versions keeps existing drafts and accounts.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from clinicseo import store, workflow
from clinicseo.config import Config
from clinicseo.errors import InputError, NotFound, TextChanged
from tests.test_store import draft

NOW = datetime(2027, 3, 30, 0, 0, tzinfo=UTC)
BODY_2 = "<h2>How it works</h2><p>Fine needles make tiny channels in the skin.</p>"
BODY_3 = "<h2>How it works</h2><p>Very fine needles make small channels.</p>"


@pytest.fixture
def env(make_config: Callable[..., Config]) -> tuple[Config, sqlite3.Connection]:
    config = make_config()
    return config, store.connect(config.database.path)


def test_every_text_is_kept_and_an_earlier_one_can_be_restored(env: Any) -> None:
    config, conn = env
    (i,) = store.insert_drafts(conn, [draft()], by="generator")
    first = store.get_draft(conn, i)
    workflow.edit(conn, config, i, {"html": BODY_2}, by="mia")
    workflow.edit(conn, config, i, {"title": "Microneedling, step by step"}, by="sam")
    kept = store.draft_versions(conn, i)
    assert [v["by"] for v in kept] == ["generator", "mia", "sam"]
    assert kept[0]["html"] == first["html"] and kept[1]["html"] == BODY_2
    assert kept[2]["title"] == "Microneedling, step by step" and kept[2]["html"] == BODY_2
    assert kept[0]["categories"] == ["Skin Care"]  # JSON fields come back decoded
    # Each version is the text its hash names.
    assert all(store.text_hash(v) == v["text_hash"] for v in kept)

    # Approve the current text (its re-scored checks block it: a clinician overrides), then
    # restore the first: an edit like any other.
    workflow.override(conn, i, by="dr-lee", reason="short test text")
    workflow.approve(conn, config, i, by="mia", now=NOW)
    restored = workflow.restore(conn, config, i, first["text_hash"][:12], by="ann")
    assert restored["text_hash"] == first["text_hash"]
    assert (restored["html"], restored["title"]) == (first["html"], first["title"])
    assert restored["state"] == store.DRAFT and restored["approved_hash"] is None
    assert restored["publish_at"] is None
    last = restored["history"][-1]
    assert (last["action"], last["by"]) == ("restored", "ann")
    from clinicseo.scoring.compliance import load_pack

    assert last["note"] == (
        f"version {first['text_hash'][:12]}; approval withdrawn: text changed; "
        f"rule pack {load_pack(config.clinic.jurisdiction).version}"
    )
    # A text restored is that version again, not a fourth one.
    assert len(store.draft_versions(conn, i)) == 3


def test_a_restore_is_re_scored(env: Any) -> None:
    config, conn = env
    (i,) = store.insert_drafts(conn, [draft(scores={"readability": 1, "seo": 1})])
    original = store.get_draft(conn, i)
    workflow.edit(conn, config, i, {"html": BODY_2}, by="mia")
    restored = workflow.restore(conn, config, i, original["text_hash"], by="mia")
    # The stored figures were made up at insert; a restore scores the text for real.
    assert restored["scores"]["readability"] != 1
    assert restored["checks"]


def test_unknown_or_ambiguous_versions_are_refused(env: Any) -> None:
    config, conn = env
    (i,) = store.insert_drafts(conn, [draft()])
    with pytest.raises(NotFound, match=f"draft {i} has no version"):
        workflow.restore(conn, config, i, "0" * 64, by="mia")
    with pytest.raises(InputError, match="at least 12"):
        store.get_version(conn, i, "abc")
    with pytest.raises(NotFound):
        store.draft_versions(conn, 999)


def test_approve_override_reject_and_edit_refuse_text_nobody_read(env: Any) -> None:
    config, conn = env
    (i,) = store.insert_drafts(conn, [draft(approvable=False, blocking=["claims_safety"])])
    seen = store.get_draft(conn, i)["text_hash"]
    workflow.edit(conn, config, i, {"html": BODY_2}, by="sam")  # lands after A opened it
    now_hash = store.get_draft(conn, i)["text_hash"]
    before = store.get_draft(conn, i)
    with pytest.raises(TextChanged, match="the text changed since you opened it") as exc:
        workflow.override(conn, i, by="mia", reason="qualified", expect_hash=seen)
    assert (exc.value.seen, exc.value.current) == (seen, now_hash)
    with pytest.raises(TextChanged):
        workflow.reject(conn, i, by="mia", reason="no", expect_hash=seen)
    with pytest.raises(TextChanged):
        workflow.edit(conn, config, i, {"html": BODY_3}, by="mia", expect_hash=seen[:12])
    after = store.get_draft(conn, i)
    assert after == before  # nothing at all was written: not the text, not the history

    # With the hash of what is there now, each goes through.
    workflow.override(conn, i, by="dr-lee", reason="qualified", expect_hash=now_hash)
    with pytest.raises(TextChanged):
        workflow.approve(conn, config, i, by="mia", now=NOW, expect_hash=seen)
    approved = workflow.approve(conn, config, i, by="mia", now=NOW, expect_hash=now_hash[:12])
    assert approved["approved_hash"] == now_hash
    with pytest.raises(InputError, match="--expect-hash"):
        workflow.reject(conn, i, by="mia", reason="no", expect_hash="not-a-hash")


def test_an_approval_is_only_ever_written_for_the_stored_text(env: Any) -> None:
    """The store's own guard, under any caller: read, then an edit lands, then the approval
    is written with the hash read. It is refused in the write's transaction."""
    config, conn = env
    (i,) = store.insert_drafts(conn, [draft()])
    read = store.get_draft(conn, i)
    workflow.edit(conn, config, i, {"html": BODY_2}, by="sam")
    with pytest.raises(TextChanged):
        store.transition(
            conn, i, store.APPROVED, by="mia", action="approved", approved_hash=read["text_hash"]
        )
    d = store.get_draft(conn, i)
    assert d["state"] == store.DRAFT and d["approved_hash"] is None


def test_two_editors_from_one_text_the_second_is_refused_and_nothing_is_lost(env: Any) -> None:
    config, conn = env
    (i,) = store.insert_drafts(conn, [draft()])
    opened = store.get_draft(conn, i)["text_hash"]
    workflow.edit(conn, config, i, {"html": BODY_2}, by="a", expect_hash=opened)
    with pytest.raises(TextChanged):
        workflow.edit(conn, config, i, {"html": BODY_3}, by="b", expect_hash=opened)
    assert store.get_draft(conn, i)["html"] == BODY_2


def test_nested_transactions_commit_or_roll_back_as_one(tmp_path: Path) -> None:
    conn = store.connect(tmp_path / "c.db")
    (i,) = store.insert_drafts(conn, [draft()])
    with pytest.raises(RuntimeError), store.transaction(conn):
        store.transition(conn, i, store.REJECTED, by="x", action="rejected")
        raise RuntimeError("the decision fails after its first write")
    assert store.get_draft(conn, i)["state"] == store.DRAFT  # the inner write went too
    with store.transaction(conn):
        with pytest.raises(TextChanged), store.transaction(conn):
            store.transition(conn, i, store.APPROVED, by="x", action="a", approved_hash="0" * 64)
        store.transition(conn, i, store.REJECTED, by="x", action="rejected")
    assert store.get_draft(conn, i)["state"] == store.REJECTED  # the outer one carried on


def test_the_migration_keeps_drafts_and_accounts(tmp_path: Path) -> None:
    """A database made before versions and clinicians: its drafts gain their current text as
    their first version, and every account survives the users table's rebuild."""
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path, isolation_level=None)
    version = store.SCHEMA_VERSION
    index = next(n for n, m in enumerate(store.MIGRATIONS) if "draft_versions" in m)
    for script in store.MIGRATIONS[:index]:
        for statement in script.split(";"):
            if statement.strip():
                raw.execute(statement)
    raw.execute(f"PRAGMA user_version = {index}")
    raw.execute(
        "INSERT INTO users (name, password_hash, role, failed_logins, last_failed_at,"
        " created_at) VALUES ('ed', 'scrypt:x', 'editor', 3, '2026-01-01T00:00:00+00:00',"
        " '2025-01-01T00:00:00+00:00')"
    )
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute(
            "INSERT INTO users (name, password_hash, role, created_at)"
            " VALUES ('dr', 'h', 'clinician', 'now')"
        )
    d = draft()
    h = store.text_hash(d)
    raw.execute(
        "INSERT INTO drafts (topic, title, html, categories, text_hash, reference, created_at,"
        " updated_at, slug, keyphrase, tags) VALUES (?, ?, ?, ?, ?, 'r1', 't0', 't1', ?, ?, ?)",
        (
            d["topic"],
            d["title"],
            d["html"],
            '["Skin Care"]',
            h,
            d["slug"],
            d["keyphrase"],
            '["microneedling"]',
        ),
    )
    raw.execute(
        "INSERT INTO history (draft_id, at, by, action, text_hash) VALUES (1, 't0', 'gen',"
        " 'created', ?)",
        (h,),
    )
    raw.close()

    conn = store.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    (kept,) = store.draft_versions(conn, 1)
    assert (kept["text_hash"], kept["html"], kept["by"]) == (h, d["html"], "gen")
    assert store.text_hash(kept) == h
    user = store.get_user(conn, "ed")
    assert user is not None
    assert (user["password_hash"], user["role"], user["failed_logins"]) == ("scrypt:x", "editor", 3)
    assert user["created_at"] == "2025-01-01T00:00:00+00:00"
    store.add_user(conn, "dr-lee", "scrypt:y", "clinician")  # the widened CHECK
    with pytest.raises(sqlite3.IntegrityError):
        store.add_user(conn, "eve", "scrypt:z", "admin")
