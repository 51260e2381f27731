"""The drafting flow: render → score → store, for one topic or for the top gaps.

A batch is stored all or nothing: a template error or a scoring failure stores no half-batch.
A large batch is scored in a small pool of worker processes (see `score_batch`); the results
are the same, in the same order, as scoring it in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from clinicseo import store
from clinicseo.config import Config
from clinicseo.errors import NoMaterial

POOL_MIN_DRAFTS = 200  # below this, starting workers (~0.5 s each) costs more than it saves
POOL_WORKERS = 2
POOL_CHUNK = 25  # drafts per task: few round trips, and still an even split


@dataclass
class GapDrafting:
    """What `draft_gaps` did: drafts made per topic, and topics skipped with the reason."""

    drafted: dict[str, list[int]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    copies: list[str] = field(default_factory=list)  # variants not stored: copies held already


def score_one(
    conn: sqlite3.Connection,
    config: Config,
    draft: dict[str, Any],
    *,
    siblings: Sequence[str] = (),
    exclude_id: int | None = None,
    competitor_shingles: set[int] | None = None,
) -> dict[str, Any]:
    """Score one draft-shaped dict: readability, SEO, compliance and uniqueness.

    Returns the fields the store keeps with a draft: scores, checks, approvable, blocking.
    """
    from clinicseo.scoring import score_document
    from clinicseo.scoring.uniqueness import uniqueness_checks

    published = [(i, html) for i, html in store.published_texts(conn) if i != exclude_id]
    if competitor_shingles is None:
        competitor_shingles = store.competitor_shingles(conn)
    unique = uniqueness_checks(
        draft["html"],
        siblings=siblings,
        published=published,
        competitor_shingles=competitor_shingles,
        threshold=config.scoring.max_similarity,
    )
    result = score_document(draft["html"], fmt="html", **_score_args(draft, config),
                            extra_checks=unique)  # fmt: skip
    return _kept(result)


def draft_topic(
    conn: sqlite3.Connection,
    config: Config,
    topic: str | dict[str, Any],
    variants: int,
    *,
    seed: int | None = None,
    on_variant: Callable[[], None] | None = None,
    skipped: list[str] | None = None,
) -> list[int]:
    """Render `variants` drafts for a topic (free text, or a row of `store.list_topics`),
    score each against its siblings, published posts and competitor text, store them as
    drafts. Returns the new draft ids. Raises NoMaterial / TemplateFailure, storing nothing.

    A variant that is an exact or near-exact copy (see `nearcopies.NEAR_EXACT`) of any text
    already held — a draft of any topic, a blog post, or an earlier variant of this batch —
    is not stored; why is appended to `skipped`. So the same run twice stores nothing new.
    Fields are stored as plain text, and each variant gets a slug no other post uses."""
    from clinicseo import fields, nearcopies
    from clinicseo.render import TopicBrief, plan_variants

    brief = TopicBrief.from_text(topic) if isinstance(topic, str) else TopicBrief.from_topic(topic)
    planned = plan_variants(brief, variants, config=config, seed=seed)
    # Slugs are settled here, in order (each distinct from the store's and the batch's), so
    # each variant can be rendered and scored on its own: in worker processes for a big batch.
    taken = store.taken_slugs(conn)
    slugs = []
    for p in planned:
        base = p.slug if p.slug not in taken else fields.slugify(p.title) or p.slug
        slugs.append(fields.distinct_slug(base, taken))
    rendered, texts, partial, prints = [], [], [], []
    jobs = [(p, slug, config) for p, slug in zip(planned, slugs, strict=True)]
    for v, text, result, fp in _in_pool(_render_and_analyse, jobs):
        rendered.append(v)
        texts.append(text)
        partial.append(result)
        prints.append(fp)
        if on_variant:
            on_variant()
    scored = _with_uniqueness(conn, config, texts, partial)
    nearcopies.sync(conn)
    keep: list[dict[str, Any]] = []
    in_batch: dict[int, list[int]] = {}  # band key -> indexes in `keep`
    for v, s, fp in zip(rendered, scored, prints, strict=True):
        copy = _held_copy(conn, fp, keep, in_batch)
        if copy:
            if skipped is not None:
                skipped.append(f"variant {v['variant']} not stored: {copy}")
            continue
        for band in fp.bands:
            in_batch.setdefault(band, []).append(len(keep))
        keep.append({**v, **s, "fingerprint": (fp.signature, fp.bands)})
    ids = store.insert_drafts(conn, keep)
    nearcopies.pair(conn)  # the publish gate reads the new drafts' near-copy pairs
    return ids


def _held_copy(
    conn: sqlite3.Connection,
    fp: Any,
    batch: Sequence[dict[str, Any]],
    in_batch: dict[int, list[int]],
) -> str:
    """How this text copies one already held (store, blog, or earlier in the batch), or ""."""
    from clinicseo import nearcopies

    for m in nearcopies.matches(conn, fp, at_least=nearcopies.NEAR_EXACT):
        what = f"draft #{m.ref}" if m.kind == store.DRAFT_TEXT else f"blog post #{m.ref}"
        return f"a copy of {what} ({m.similarity:.0%} of its 5-word phrases are the same)"
    shared = Counter(i for band in fp.bands for i in in_batch.get(band, ()))
    floor = nearcopies.min_shared_bands(nearcopies.NEAR_EXACT)
    for i in sorted(i for i, n in shared.items() if n >= floor):
        similar = nearcopies.estimate(fp.signature, batch[i]["fingerprint"][0])
        if similar >= nearcopies.NEAR_EXACT:
            return (f"a copy of variant {batch[i]['variant']} of this batch "
                    f"({similar:.0%} of its 5-word phrases are the same)")  # fmt: skip
    return ""


def score_batch(
    conn: sqlite3.Connection,
    config: Config,
    drafts: Sequence[dict[str, Any]],
    *,
    competitor_shingles: set[int] | None = None,
    on_variant: Callable[[], None] | None = None,
) -> list[dict[str, Any]]:
    """`score_one` for every draft of a batch, each against all the others as siblings:
    the same results, in order, but each body parsed once and each pair compared once."""
    return _score_batch(conn, config, drafts, competitor_shingles=competitor_shingles,
                        on_variant=on_variant)[0]  # fmt: skip


def _score_batch(
    conn: sqlite3.Connection,
    config: Config,
    drafts: Sequence[dict[str, Any]],
    *,
    competitor_shingles: set[int] | None = None,
    on_variant: Callable[[], None] | None = None,
) -> tuple[list[dict[str, Any]], list[Any]]:
    """`score_batch`, and each body's shingled text (for its near-copy fingerprint)."""
    texts, partial = [], []
    for text, result in _in_pool(_analyse, [(d["html"], _score_args(d, config)) for d in drafts]):
        texts.append(text)
        partial.append(result)
        if on_variant:
            on_variant()
    scored = _with_uniqueness(conn, config, texts, partial, competitor_shingles)
    return scored, texts


def _with_uniqueness(
    conn: sqlite3.Connection,
    config: Config,
    texts: Sequence[Any],
    partial: Sequence[dict[str, Any]],
    competitor_shingles: set[int] | None = None,
) -> list[dict[str, Any]]:
    """The batch's scores completed with uniqueness: each against the others as siblings,
    the posts on their way to the blog and competitor text."""
    from clinicseo.scoring.core import add_checks
    from clinicseo.scoring.uniqueness import batch_checks

    if competitor_shingles is None:
        competitor_shingles = store.competitor_shingles(conn)
    unique = batch_checks(
        list(texts),
        published=store.published_texts(conn),
        competitor_shingles=competitor_shingles,
        threshold=config.scoring.max_similarity,
    )
    return [
        _kept(add_checks(result, checks, config.scoring))
        for result, checks in zip(partial, unique, strict=True)
    ]


def _in_pool(work: Callable[[Any], Any], jobs: Sequence[Any]) -> Iterator[Any]:
    """`work(job)` for each job, in order: in worker processes when the batch is large and
    the machine has the cores (spawned, not forked: the caller may hold threads and an open
    database). A worker's exception propagates, so the batch fails whole."""
    workers = min(POOL_WORKERS, os.cpu_count() or 1)
    if len(jobs) < POOL_MIN_DRAFTS or workers < 2:
        yield from (work(job) for job in jobs)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(work, jobs, chunksize=POOL_CHUNK)


def _render_and_analyse(
    job: tuple[Any, str, Config],
) -> tuple[dict[str, Any], Any, dict[str, Any], Any]:
    """Write one planned variant with its settled slug, its fields as plain text, then
    `_analyse` it: (draft dict, shingled text, score without uniqueness, near-copy
    fingerprint)."""
    from clinicseo import fields, nearcopies
    from clinicseo.render import render_planned

    planned, slug, config = job
    v = render_planned(planned, config)
    v = {**v, **fields.clean(v), "slug": slug}
    text, result = _analyse((v["html"], _score_args(v, config)))
    return v, text, result, nearcopies.fingerprint(text.hashes)


def _analyse(job: tuple[str, dict[str, Any]]) -> tuple[Any, dict[str, Any]]:
    """Parse one body once: its shingled plain text, and its score without uniqueness."""
    from clinicseo.scoring.core import score_parsed
    from clinicseo.scoring.document import parse
    from clinicseo.scoring.uniqueness import shingle_text

    html, score_args = job
    doc = parse(html, "html")
    return shingle_text(doc.text), score_parsed(doc, **score_args)


def _score_args(draft: dict[str, Any], config: Config) -> dict[str, Any]:
    return {
        "keyphrase": draft.get("keyphrase") or None,
        "title": draft.get("seo_title") or draft.get("title"),
        "description": draft.get("meta_description"),
        "slug": draft.get("slug"),
        "site_url": config.clinic.site_url,
        "jurisdiction": config.clinic.jurisdiction,
        "thresholds": config.scoring,
    }


def _kept(result: dict[str, Any]) -> dict[str, Any]:
    """The fields the store keeps with a draft."""
    return {key: result[key] for key in ("scores", "checks", "approvable", "blocking")}


def draft_gaps(
    conn: sqlite3.Connection, config: Config, count: int, *, variants: int | None = None
) -> GapDrafting:
    """Draft the `count` highest-ranked gap topics that have no drafts yet. A topic the
    template library has no material for is skipped with the reason, not filled with filler."""
    per_topic = variants or config.schedule.variants_per_topic
    already = set(store.draft_topics(conn))
    outcome = GapDrafting()
    for topic in store.list_topics(conn, gaps_only=True):
        if len(outcome.drafted) >= count:
            break
        if topic["label"] in already:
            continue
        try:
            outcome.drafted[topic["label"]] = draft_topic(
                conn, config, topic, per_topic, skipped=outcome.copies
            )
        except NoMaterial as exc:
            outcome.skipped[topic["label"]] = str(exc)
    return outcome
