"""Uniqueness checks: is a draft its own page, or a near-copy of another?

Four checks, in the contract's shape ({"id", "kind": "uniqueness", "status", "value",
"message", "spans"}), spans being [start, end) character offsets in `plain_text(html)`,
the scoring package's plain text, so they line up with every other check's spans:

* uniqueness_variants    — the highest word 5-gram shingle Jaccard against the other
                           variants of the batch; bad above `threshold`.
* uniqueness_published   — the same against posts scheduled or published, naming the
                           draft id it overlaps most.
* uniqueness_competitors — any run of 8 or more consecutive words whose shingles match a
                           competitor page's shingle hashes (we keep hashes, never text).
* keyword_swap           — the draft differs from another only by swapped keywords or place
                           names (a doorway page in disguise).

Shingles come from clinicseo.shingles. For speed with large batches each text's shingle
set is kept as a bit set over a shared vocabulary, so a Jaccard is one AND and two popcounts.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from clinicseo.scoring.document import plain_text as document_text
from clinicseo.shingles import SHINGLE_WORDS, shingle_hash

MIN_COMPETITOR_RUN = 8  # words in a row that count as copied wording
SWAP_MAX_WORDS = 3  # a swapped keyword or place name is at most this many words
SWAP_MAX_PAIRS = 6  # more distinct substitutions than this is rewriting, not swapping
# The same words as clinicseo.shingles.words, matched case-blind on the original text so
# that spans stay true character offsets.
_WORD = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?", re.I | re.A)
_VOCAB_LIMIT = 2_000_000
_shingle_bits: dict[int, int] = {}
_word_bits: dict[str, int] = {}


@dataclass(frozen=True)
class _Profile:
    plain: str
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]  # character span of each word in `plain`
    hashes: tuple[int, ...]  # shingle hash at each word position
    shingle_set: int  # bit set over the shared shingle vocabulary
    shingle_count: int
    word_set: int


def plain_text(html: str) -> str:
    """The text the spans refer to: the same plain text every other check's spans index."""
    return document_text(html, "html")


def similarity(a_html: str, b_html: str) -> float:
    """Jaccard similarity of the two texts' word 5-gram shingle sets (0.0-1.0)."""
    return _jaccard_bits(_profile(a_html), _profile(b_html))


def overlap_spans(html: str, other_html: str) -> list[list[int]]:
    """Spans of `plain_text(html)` whose 5-word shingles also occur in `other_html`."""
    mine, other = _profile(html), _profile(other_html)
    theirs = set(other.hashes)
    return _runs(mine, [h in theirs for h in mine.hashes], min_words=SHINGLE_WORDS)


def uniqueness_checks(
    html: str,
    *,
    siblings: Sequence[str],
    published: Sequence[tuple[int, str]],
    competitor_shingles: set[int],
    threshold: float,
) -> list[dict[str, Any]]:
    """The four uniqueness checks for one draft. Never raises on odd HTML."""
    me = _profile(html)
    return [
        _variants_check(me, html, siblings, threshold),
        _published_check(me, html, published, threshold),
        _competitor_check(me, competitor_shingles),
        _swap_check(me, [*siblings, *(h for _, h in published)]),
    ]


def _variants_check(
    me: _Profile, html: str, siblings: Sequence[str], threshold: float
) -> dict[str, Any]:
    if not siblings:
        return _check("uniqueness_variants", "good", 0.0, "No other variants to compare.")
    scores = [_jaccard_bits(me, _profile(s)) for s in siblings]
    best = max(range(len(scores)), key=scores.__getitem__)
    value = round(scores[best], 3)
    status = _status(value, threshold)
    message = (
        f"Shares {value:.0%} of its 5-word phrases with the closest other variant "
        f"(limit {threshold:.0%})."
    )
    spans = overlap_spans(html, siblings[best]) if status != "good" else []
    return _check("uniqueness_variants", status, value, message, spans)


def _published_check(
    me: _Profile, html: str, published: Sequence[tuple[int, str]], threshold: float
) -> dict[str, Any]:
    if not published:
        return _check("uniqueness_published", "good", 0.0, "No scheduled or published posts.")
    scored = [(_jaccard_bits(me, _profile(text)), draft_id, text) for draft_id, text in published]
    value, draft_id, text = max(scored, key=lambda t: t[0])
    value = round(value, 3)
    status = _status(value, threshold)
    message = (
        f"Shares {value:.0%} of its 5-word phrases with draft #{draft_id}, which is "
        f"scheduled or published (limit {threshold:.0%})."
    )
    spans = overlap_spans(html, text) if status != "good" else []
    return _check("uniqueness_published", status, value, message, spans)


def _competitor_check(me: _Profile, competitor: set[int]) -> dict[str, Any]:
    hits = [h in competitor for h in me.hashes] if competitor else []
    spans = _runs(me, hits, min_words=MIN_COMPETITOR_RUN)
    if not spans:
        return _check("uniqueness_competitors", "good", 0, "No wording copied from competitors.")
    words = sum(len(_WORD.findall(me.plain[s:e].lower())) for s, e in spans)
    message = (
        f"{len(spans)} passage(s), {words} words, match a competitor page word for word "
        f"({MIN_COMPETITOR_RUN}+ words in a row). Rewrite them in our own words."
    )
    return _check("uniqueness_competitors", "bad", words, message, spans)


def _swap_check(me: _Profile, others: Sequence[str]) -> dict[str, Any]:
    for other_html in others:
        other = _profile(other_html)
        # A swap adds at most SWAP_MAX_PAIRS * SWAP_MAX_WORDS new words on either side:
        # a cheap bit-set test that spares difflib for nearly every pair.
        limit = SWAP_MAX_PAIRS * SWAP_MAX_WORDS
        if (me.word_set & ~other.word_set).bit_count() > limit:
            continue
        if (other.word_set & ~me.word_set).bit_count() > limit:
            continue
        swaps = _swaps(me.words, other.words)
        if swaps:
            pairs = ", ".join(f"'{a}' for '{b}'" for a, b in sorted(swaps)[:3])
            spans = _swap_spans(me, other)
            message = (
                f"Differs from another draft only by swapping words ({pairs}): a keyword "
                "or place-name swap, not a new article."
            )
            return _check("keyword_swap", "bad", len(swaps), message, spans)
    return _check("keyword_swap", "good", 0, "Not a keyword or place-name swap of another draft.")


def _swaps(a: Sequence[str], b: Sequence[str]) -> set[tuple[str, str]]:
    """Distinct substitutions that turn `b` into `a`, if that is all that differs; else empty."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    pairs: set[tuple[str, str]] = set()
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op != "replace" or i2 - i1 > SWAP_MAX_WORDS or j2 - j1 > SWAP_MAX_WORDS:
            return set()
        pairs.add((" ".join(a[i1:i2]), " ".join(b[j1:j2])))
    return pairs if 0 < len(pairs) <= SWAP_MAX_PAIRS else set()


def _swap_spans(me: _Profile, other: _Profile) -> list[list[int]]:
    matcher = difflib.SequenceMatcher(None, me.words, other.words, autojunk=False)
    return [
        [me.spans[i1][0], me.spans[i2 - 1][1]]
        for op, i1, i2, _, _ in matcher.get_opcodes()
        if op == "replace"
    ]


def _runs(me: _Profile, hits: Sequence[bool], *, min_words: int) -> list[list[int]]:
    """Merge consecutive matching shingles into word runs of at least `min_words` words."""
    spans: list[list[int]] = []
    i, n = 0, len(hits)
    while i < n:
        if not hits[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and hits[j + 1]:
            j += 1
        last_word = j + SHINGLE_WORDS - 1
        if last_word - i + 1 >= min_words:
            start, end = me.spans[i][0], me.spans[last_word][1]
            if spans and start <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], end)
            else:
                spans.append([start, end])
        i = j + 1
    return spans


def _status(value: float, threshold: float) -> str:
    if value > threshold:
        return "bad"
    return "ok" if value > 0.8 * threshold else "good"


def _check(
    check_id: str, status: str, value: float, message: str, spans: list[list[int]] | None = None
) -> dict[str, Any]:
    return {
        "id": check_id,
        "kind": "uniqueness",
        "status": status,
        "value": value,
        "message": message,
        "spans": spans or [],
    }


def _jaccard_bits(a: _Profile, b: _Profile) -> float:
    if not a.shingle_count and not b.shingle_count:
        return 0.0
    both = (a.shingle_set & b.shingle_set).bit_count()
    return both / (a.shingle_count + b.shingle_count - both)


def _bits(positions: Iterable[int]) -> int:
    """An int with the given bits set, built in one pass (not one big-int copy per bit)."""
    marks = sorted(positions)
    if not marks:
        return 0
    buf = bytearray(marks[-1] // 8 + 1)
    for pos in marks:
        buf[pos >> 3] |= 1 << (pos & 7)
    return int.from_bytes(buf, "little")


@lru_cache(maxsize=4096)
def _profile(html: str) -> _Profile:
    if len(_shingle_bits) > _VOCAB_LIMIT or len(_word_bits) > _VOCAB_LIMIT:
        _shingle_bits.clear()  # bit positions restart: cached profiles are stale too
        _word_bits.clear()
        _profile.cache_clear()
    plain = plain_text(html)
    found = list(_WORD.finditer(plain))
    words = tuple(m.group().lower().replace("\u2019", "'") for m in found)
    hashes = tuple(
        shingle_hash(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)
    )
    shingle_set = _bits(_shingle_bits.setdefault(h, len(_shingle_bits)) for h in set(hashes))
    word_set = _bits(_word_bits.setdefault(w, len(_word_bits)) for w in set(words))
    return _Profile(
        plain=plain,
        words=words,
        spans=tuple((m.start(), m.end()) for m in found),
        hashes=hashes,
        shingle_set=shingle_set,
        shingle_count=len(set(hashes)),
        word_set=word_set,
    )
