"""Batch scoring: `score_batch` gives exactly what `score_one` gives for each draft, the
worker-process pool exactly what one process gives, and a failed batch stores nothing.

Real parts throughout: a real SQLite file (the `make_config` fixture), real renders from
the template library, a real scheduled post and a real competitor page in the database.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest

from clinicseo import drafting, store, workflow
from clinicseo.config import Config
from clinicseo.render import TopicBrief, render_variants
from clinicseo.scoring import plain_text
from clinicseo.shingles import shingle_hashes, words

NOW = datetime(2027, 3, 30, 0, 0, tzinfo=UTC)
TOPIC = "microneedling and inflammation"
Env = tuple[Config, Any, list[dict[str, Any]]]


def _swapped(html: str) -> str:
    """The same article with its keywords and place swapped: a doorway page in disguise."""
    return (
        html.replace("acne scars", "rosacea")
        .replace("Cosmos Clinic", "Geelong Skin")
        .replace("sensitive skin", "rosacea")
        .replace("ageing skin", "rosacea")
    )


@pytest.fixture
def env(make_config: Callable[..., Config]) -> Env:
    """A database with one scheduled post and one competitor page, and a batch to score
    that overlaps the post, copies the competitor's wording and holds a keyword swap."""
    config = make_config()
    conn = store.connect(config.database.path)
    rendered = render_variants(TopicBrief.from_text(TOPIC), 5, config=config)
    (post,) = store.insert_drafts(conn, [rendered[0]])
    scheduled = workflow.approve(conn, config, post, by="mia", now=NOW)  # approve + schedule
    assert scheduled["state"] == store.SCHEDULED
    # A competitor page holding one stretch (words 40-120) of variant 2's wording, kept as
    # the crawler keeps it: shingle hashes only.
    copied = " ".join(words(plain_text(rendered[2]["html"]))[40:120])
    crawl = store.start_crawl(conn, ["https://rival.example"])
    store.save_page(
        conn,
        crawl,
        {"url": "https://rival.example/blog/a", "site": "rival.example", "status": 200,
         "shingles": shingle_hashes(copied)},
    )  # fmt: skip
    conn.commit()
    batch = [
        {**rendered[0], "variant": "reposted"},  # the scheduled post's text again
        *rendered[1:],
        {**rendered[1], "variant": "swapped", "html": _swapped(rendered[1]["html"])},
    ]
    return config, conn, batch


def _one_by_one(config: Config, conn: Any, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`score_one` per draft, each against all the others of the batch as siblings."""
    return [
        drafting.score_one(
            conn, config, d, siblings=[o["html"] for j, o in enumerate(batch) if j != i]
        )
        for i, d in enumerate(batch)
    ]


def _check(result: dict[str, Any], check_id: str) -> dict[str, Any]:
    (found,) = [c for c in result["checks"] if c["id"] == check_id]
    return found


def test_score_batch_equals_score_one_for_every_draft(env: Env) -> None:
    config, conn, batch = env
    expected = _one_by_one(config, conn, batch)
    assert drafting.score_batch(conn, config, batch) == expected
    # The batch really exercises each kind of overlap (else the equality proves little).
    published = _check(expected[0], "uniqueness_published")
    post = store.list_drafts(conn, state=store.SCHEDULED)[0]["id"]
    assert published["status"] == "bad" and f"#{post}" in published["message"]
    assert _check(expected[2], "uniqueness_competitors")["status"] == "bad"
    assert _check(expected[-1], "keyword_swap")["status"] == "bad"
    assert "keyword_swap" in expected[-1]["blocking"] and not expected[-1]["approvable"]
    assert _check(expected[3], "uniqueness_published")["status"] != "bad"


def test_score_batch_reports_each_draft_in_order(env: Env) -> None:
    config, conn, batch = env
    seen: list[int] = []
    scored = drafting.score_batch(conn, config, batch, on_variant=lambda: seen.append(1))
    assert len(scored) == len(seen) == len(batch)
    assert all(set(s) == {"scores", "checks", "approvable", "blocking"} for s in scored)


class _RecordingPool(ProcessPoolExecutor):
    """The real process pool, noting that it was started (spawned workers cannot report
    back through a monkeypatch, so this is how a test knows the pool path ran)."""

    started: list[int] = []

    def __init__(self, max_workers: int | None = None, **kwargs: Any) -> None:
        super().__init__(max_workers=max_workers, **kwargs)
        _RecordingPool.started.append(max_workers or 0)


def _use_pool(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Score batches of 4+ drafts in 2 spawned workers, one draft per task (so both get
    drafts, interleaved), even on a one-core machine. Returns the started pools' sizes."""
    monkeypatch.setattr(drafting, "POOL_MIN_DRAFTS", 4)
    monkeypatch.setattr(drafting, "POOL_WORKERS", 2)
    monkeypatch.setattr(drafting, "POOL_CHUNK", 1)
    monkeypatch.setattr(drafting.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(drafting, "ProcessPoolExecutor", _RecordingPool)
    monkeypatch.setattr(_RecordingPool, "started", [])
    return _RecordingPool.started


def test_the_worker_pool_gives_the_same_results_in_the_same_order(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, conn, batch = env
    single = drafting.score_batch(conn, config, batch)
    started = _use_pool(monkeypatch)
    pooled = drafting.score_batch(conn, config, batch)
    assert started == [2]
    assert pooled == single  # same checks, scores, blocking, in the same order
    assert [p["blocking"] for p in pooled] == [s["blocking"] for s in single]
    assert "uniqueness_published" in pooled[0]["blocking"]  # the reposted text, still caught


def test_a_worker_failure_fails_the_whole_batch(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    config, conn, batch = env
    started = _use_pool(monkeypatch)
    broken = [*batch[:3], {**batch[3], "html": None}, *batch[4:]]  # the parser cannot read it
    with pytest.raises(AttributeError):  # raised in a worker, re-raised here
        drafting.score_batch(conn, config, broken)
    assert started == [2]


@pytest.mark.parametrize("pool", [False, True], ids=["one process", "worker pool"])
def test_a_failure_inside_the_batch_stores_nothing(
    env: Env, monkeypatch: pytest.MonkeyPatch, pool: bool
) -> None:
    config, conn, _ = env
    started = _use_pool(monkeypatch) if pool else []
    before = store.count_drafts(conn)
    scored: list[int] = []

    def fail_on_the_third() -> None:  # a caller's progress hook that breaks mid-batch
        scored.append(1)
        if len(scored) == 3:
            raise RuntimeError("progress display went away")

    with pytest.raises(RuntimeError, match="went away"):
        drafting.draft_topic(conn, config, TOPIC, 5, on_variant=fail_on_the_third)
    assert len(scored) == 3
    assert store.count_drafts(conn) == before
    # The same batch without the failure is stored whole, but for the variant the fixture
    # already stored (and scheduled): a copy of a text held is never stored again.
    skipped: list[str] = []
    ids = drafting.draft_topic(conn, config, TOPIC, 5, skipped=skipped)
    assert len(ids) == 4 and store.count_drafts(conn) == before + 4
    assert len(skipped) == 1 and "a copy of draft #1 (100%" in skipped[0]
    assert started == ([2, 2] if pool else [])
