"""The publish gate: may this draft go forward now — and if not, why not, and what fixes it?

The one home of that decision. Everything that shows or acts on readiness asks here:
`workflow.approve` (inside the same write transaction that approves), the publisher right
before sending, `drafts`/`show`, the report and the review app. Nothing reads the
`approvable` stored at scoring time: it was true of the store as it was then.

"Forward" depends on the state: a draft may be *approved*; an approved, scheduled, failed
or publishing one may be *published* (its approval still holds for its exact text); a
rejected or published one cannot move forward. The answer comes from the current store:

* the text's own blocking checks (readability, SEO, compliance, thin text, competitor
  wording, keyword swaps), unless a reviewer recorded an override for this text;
* another variant of the topic already approved, scheduled or published;
* the focus keyphrase, or the slug, already used by one of our posts on its way to the blog
  or by a post on the clinic's blog (imported from WordPress);
* a near-copy (word-shingle Jaccard above ``[scoring] max_similarity``) of any stored draft
  of any topic or any blog post: the pairs the near-copy index (clinicseo/nearcopies.py)
  found and stored when each text was stored. Of two drafts that are near-copies and both
  still drafts, the older one stays ready;
* fields that are missing or invalid (clinicseo/fields.py).

Uniqueness against siblings and published posts as stored with the scores
(``uniqueness_variants``, ``uniqueness_published``) is ignored here: it is decided live.

For a whole store at once (the queue's readiness filter), `ready_set` asks the same rules
of the store in one query: the store keeps the facts above that SQL can state per draft,
current through triggers (store migration 11). That is a cache of this module's decision;
a test holds the two to the same answer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from clinicseo import fields, nearcopies, store
from clinicseo.config import Config

# Decided live here, not read from the scores stored at generation.
LIVE_CHECKS = frozenset({"uniqueness_variants", "uniqueness_published"})
PUBLISHABLE = (store.APPROVED, store.SCHEDULED, store.FAILED, store.PUBLISHING)
BATCH = 500  # drafts judged per round of queries
ON_THE_BLOG = (store.PUBLISHING, store.PUBLISHED)


@dataclass(frozen=True)
class Reason:
    """Why a draft cannot go forward, and what would fix it: plain sentences."""

    check: str
    reason: str
    fix: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Verdict:
    ready: bool
    reasons: tuple[Reason, ...]

    def explain(self) -> str:
        """The reasons as one line (for an error message)."""
        return " ".join(f"{r.reason} Fix: {r.fix}" for r in self.reasons)


def evaluate(conn: sqlite3.Connection, config: Config, draft: dict[str, Any], *,
             now: datetime) -> Verdict:  # fmt: skip
    """The gate's answer for one stored draft (a dict from `store.get_draft` or
    `store.list_drafts`). `now` is the moment the answer is for."""
    return evaluate_many(conn, config, [draft], now=now)[int(draft["id"])]


def evaluate_many(
    conn: sqlite3.Connection, config: Config, drafts: list[dict[str, Any]], *, now: datetime
) -> dict[int, Verdict]:
    """The gate's answer for each draft of a page, in a few indexed queries (the review
    queue asks this for every page it shows). Keys are draft ids."""
    if not drafts:
        return {}
    if len(drafts) > BATCH:  # a whole-store filter: in pages, within SQLite's variable limit
        out: dict[int, Verdict] = {}
        for start in range(0, len(drafts), BATCH):
            out.update(evaluate_many(conn, config, drafts[start : start + BATCH], now=now))
        return out
    nearcopies.sync(conn)  # texts stored or imported without a fingerprint get one now
    del now  # the rules today do not depend on the hour; the callers still say when they ask
    ids = [int(d["id"]) for d in drafts]
    facts = store.gate_facts(
        conn,
        [d["topic"] for d in drafts],
        [(d.get("keyphrase") or "").lower() for d in drafts],
        [d.get("slug") or "" for d in drafts],
    )
    limit = config.scoring.max_similarity
    near = store.near_pairs(conn, ids, above=limit)  # found when each text was stored
    states = store.draft_states(conn, [ref for c in near.values() for k, ref, _ in c if k == "d"])
    posts = store.blog_post_refs(conn, [ref for c in near.values() for k, ref, _ in c if k == "b"])
    out = {}
    for d in drafts:
        found = _near_copy(d, near.get(int(d["id"]), []), limit, states, posts)
        reasons = _reasons(config, d, facts, found)
        out[int(d["id"])] = Verdict(ready=not reasons, reasons=tuple(reasons))
    return out


def _reasons(
    config: Config, d: dict[str, Any], facts: dict[str, Any], near_copy: Reason | None
) -> list[Reason]:
    state = d["state"]
    if state != store.DRAFT and state not in PUBLISHABLE:
        return [_state_reason(state)]
    reasons: list[Reason] = []
    if state != store.DRAFT and not d.get("approved_hash"):
        reasons.append(Reason("approval", "It was never approved.", "Approve it first."))
    elif state != store.DRAFT and d.get("approved_hash") != _current_hash(d):
        reasons.append(Reason(
            "approval", "Its text changed after it was approved: the approval held for the "
            "old text only.", "Review the current text and approve it again."))  # fmt: skip
    reasons += _text_reasons(config, d)
    reasons += [Reason(*p) for p in fields.problems(d)]
    named: set[int] = set()
    reasons += _sibling_reasons(d, facts["topic"], named)
    reasons += _taken_reasons(d, "keyphrase", (d.get("keyphrase") or "").lower(), facts, named)
    reasons += _taken_reasons(d, "slug", d.get("slug") or "", facts, named)
    if near_copy is not None:
        reasons.append(near_copy)
    return reasons


def _current_hash(d: dict[str, Any]) -> str | None:
    """The hash of the text as it is (recomputed when the full draft is at hand, so a change
    made behind the store's back is still caught), else the stored one (queue summaries)."""
    return store.text_hash(d) if "html" in d and "jsonld" in d else d.get("text_hash")


def _state_reason(state: str) -> Reason:
    if state == store.REJECTED:
        return Reason("state", "It was rejected.",
                      "Edit it to bring it back as a draft, then approve it.")  # fmt: skip
    if state == store.PUBLISHED:
        return Reason("state", "It is already published.",
                      "Nothing to do: it is live. Edit it and approve it again to update "
                      "the post.")  # fmt: skip
    return Reason("state", f"It is '{state}'.", "Nothing can be done to it in this state.")


def _text_reasons(config: Config, d: dict[str, Any]) -> list[Reason]:
    blocking = [b for b in d.get("blocking") or [] if b not in LIVE_CHECKS]
    if not blocking or d.get("override_reason"):
        return []
    messages = {c.get("id"): c.get("message", "") for c in d.get("checks") or []}
    scores = d.get("scores") or {}
    # The compliance findings are one reason (the checks list below them names each finding,
    # its words and its source): a reason is a sentence, not the findings again.
    claims = [b for b in blocking if b.startswith("claims_")]
    out = []
    if claims:
        out.append(Reason(
            claims[0],
            f"The text breaks {len(claims)} health-advertising rule"
            f"{'s' if len(claims) > 1 else ''} ({', '.join(claims)}).",
            "Rewrite the marked sentences (the checks say how), or have a reviewer record "
            "an override with a reason.",
        ))  # fmt: skip
    others = [b for b in blocking if not b.startswith("claims_")]
    return out + [_text_reason(b, messages.get(b, ""), scores, config) for b in others]


def _text_reason(check: str, message: str, scores: dict[str, Any], config: Config) -> Reason:
    override = " or have a reviewer record an override with a reason"
    if check == "readability_score":
        return Reason(check, f"The readability score {scores.get('readability')} is below the "
                      f"minimum {config.scoring.min_readability}.",
                      "Shorten long sentences and paragraphs and add subheadings, then save "
                      "to re-score" + override + ".")  # fmt: skip
    if check == "seo_score":
        return Reason(check, f"The SEO score {scores.get('seo')} is below the minimum "
                      f"{config.scoring.min_seo}.",
                      "Work through the SEO checks marked bad (keyphrase in the title, "
                      "introduction, meta description and slug), then save to re-score"
                      + override + ".")  # fmt: skip
    if check in ("text_presence", "text_length"):
        return Reason(check, "The text is too short to publish (under 100 words).",
                      "Write more, or reject it.")  # fmt: skip
    if check == "uniqueness_competitors":
        return Reason(
            check,
            "Passages match a competitor page word for word.",
            "Rewrite the marked passages in our own words" + override + ".",
        )
    if check == "keyword_swap":
        return Reason(check, "It differs from another draft only by swapped keywords or place "
                      "names: a doorway page, not a new article.",
                      "Reject it, or rewrite it as an article of its own.")  # fmt: skip
    return Reason(
        check,
        f"The check {check} fails. {message}".strip(),
        "Fix what the check reports, then save to re-score" + override + ".",
    )


def _sibling_reasons(d: dict[str, Any], rows: Sequence[Any], named: set[int]) -> list[Reason]:
    """Another variant of the topic already headed for (or on) the blog."""
    out = []
    for r in rows:
        if r["topic"] != d["topic"] or r["id"] == d["id"]:
            continue
        if d["state"] != store.DRAFT and r["state"] not in ON_THE_BLOG:
            continue
        named.add(r["id"])
        out.append(Reason(
            "sibling", f"Draft #{r['id']}, another variant of \"{d['topic']}\", is "
            f"{r['state']}: one topic gets one post.",
            "Reject this variant, or take the other one off the calendar first."))  # fmt: skip
    return out


def _taken_reasons(
    d: dict[str, Any], what: str, value: str, facts: dict[str, Any], named: set[int]
) -> list[Reason]:
    """The keyphrase or slug already used by one of our posts or by one on the blog."""
    if not value:
        return []
    key = "key" if what == "keyphrase" else "slug"
    fix = ("Choose another focus keyphrase (and rewrite the title and introduction around it), "
           "or reject this draft." if what == "keyphrase" else
           "Change the slug to one no other post uses.")  # fmt: skip
    out = []
    for r in facts[what]:
        if r[key] != value or r["id"] == d["id"] or r["id"] in named:
            continue
        if d["state"] != store.DRAFT and r["state"] not in ON_THE_BLOG:
            continue
        named.add(r["id"])
        out.append(
            Reason(
                what,
                f"Draft #{r['id']} ({r['state']}) already uses the {what} "
                f'"{value}": two posts for one {what} compete with each other.',
                fix,
            )
        )
    for r in facts[f"blog_{what}"]:
        if r[key] != value:
            continue
        where = r["url"] or f"#{r['wp_id']}"
        out.append(
            Reason(
                what,
                f'The blog post "{r["title"]}" ({where}) already uses the '
                f'{what} "{value}" (a previously used {what}).',
                fix,
            )
        )
    return out


def _near_copy(
    d: dict[str, Any],
    pairs: Sequence[tuple[str, int, float]],
    limit: float,
    states: dict[int, str],
    posts: dict[int, dict[str, Any]],
) -> Reason | None:
    """The most similar stored text above the limit that stops `d`, as a reason, or None.
    The pairs were weighed when the texts were stored (nearcopies.pair); rejected drafts
    never stop another, and of two drafts that are near-copies the older one stays ready."""
    for kind, ref, similar in pairs:
        what = _rival(d, kind, ref, states, posts)
        if what is not None:
            return Reason(
                "near_copy",
                f"It shares about {similar:.0%} of its 5-word phrases with {what} "
                f"(limit {limit:.0%}): a near-copy.",
                "Rewrite it so it says something of its own, or reject it.",
            )
    return None


def _rival(
    d: dict[str, Any], kind: str, ref: int, states: dict[int, str], posts: dict[int, dict[str, Any]]
) -> str | None:
    """How to name this text when a near-copy of it stops `d`, else None."""
    if kind == store.BLOG_TEXT:
        post = posts.get(ref)
        if post is None:  # one of our own published drafts, as WordPress lists it
            return None
        return f'the blog post "{post["title"]}" ({post["url"] or "#" + str(ref)})'
    other = states.get(ref)
    if other is None or other == store.REJECTED:
        return None
    if other == store.DRAFT and (d["state"] != store.DRAFT or ref > d["id"]):
        return None  # of two drafts, the older one stays ready
    return f"draft #{ref} ({other})"


def ready_set(conn: sqlite3.Connection, config: Config) -> set[int]:
    """The ids of the drafts that are ready now, in the whole store: the queue's "show me
    the ready drafts" (the queue keeps the ones its filters list, in its order).

    The same decision as `evaluate_many`, made without judging each draft in Python: the
    store keeps each draft's gate facts current (table draft_gate, by triggers on every
    change of a draft or a blog post) and the near-copy pairs found when texts were stored,
    so one query finds the drafts those clear; the fields, checked in Python
    (clinicseo/fields.py) where the store cannot vouch for them, finish it.
    tests/test_gate_whole_store.py holds the two to the same answer after every kind of
    change."""
    nearcopies.sync(conn)  # texts stored or imported without a fingerprint or pairs get them
    clear = store.gate_clear_drafts(conn, near_limit=config.scoring.max_similarity)
    unsure = [draft_id for draft_id, plain in clear if not plain]
    bad = {d["id"] for d in store.drafts_by_id(conn, unsure) if fields.problems(d)}
    return {draft_id for draft_id, _ in clear if draft_id not in bad}


def annotate(
    conn: sqlite3.Connection, config: Config, drafts: list[dict[str, Any]], *, now: datetime
) -> list[dict[str, Any]]:
    """The drafts with the gate's answer in the contract's shape: ``approvable`` (ready now)
    and ``reasons`` ([{check, reason, fix}]), replacing the ``approvable`` stored at scoring
    time. What every surface (CLI, report, review app) shows."""
    verdicts = evaluate_many(conn, config, drafts, now=now)
    return [
        {**d, "approvable": verdicts[int(d["id"])].ready,
         "reasons": [r.as_dict() for r in verdicts[int(d["id"])].reasons]}
        for d in drafts
    ]  # fmt: skip
