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

A batch (:func:`batch_checks`) is profiled once per text from the plain text the caller
already has (no second parse), and its pairs are compared once: the same checks as
:func:`uniqueness_checks` for each text against all the others, in batch order. Profiles
are kept lean (interned words, arrays), since a 1,000-variant batch holds them all.
"""

from __future__ import annotations

import difflib
import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# The text the spans refer to: the same plain text every other check's spans index.
from clinicseo.scoring.document import plain_text
from clinicseo.shingles import SHINGLE_WORDS, shingle_hash

MIN_COMPETITOR_RUN = 8  # words in a row that count as copied wording
SWAP_MAX_WORDS = 3  # a swapped keyword or place name is at most this many words
SWAP_MAX_PAIRS = 6  # more distinct substitutions than this is rewriting, not swapping
# The same words as clinicseo.shingles.words, matched case-blind on the original text so
# that spans stay true character offsets.
_WORD = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?", re.I | re.A)
_VOCAB_LIMIT = 2_000_000
_HASH_LIMIT = 500_000  # cached shingle hashes (~130 bytes each)


class _Positions(dict[Any, int]):
    """Item -> its bit position in a shared vocabulary, the next free one on first lookup."""

    def __missing__(self, item: Any) -> int:
        position = self[item] = len(self)
        return position


_shingle_bits: dict[int, int] = _Positions()
_word_bits: dict[str, int] = _Positions()
# Texts of one topic share most of their wording: hashing each distinct 5-word run once
# (and keeping one copy of each word) saves most of the profiling time and memory.


class _HashCache(dict[tuple[str, ...], int]):
    """5-word run -> its shingle hash, computed on first lookup (so a C-level map can ask)."""

    def __missing__(self, words: tuple[str, ...]) -> int:
        value = self[words] = shingle_hash(words)
        return value


class _Interned(dict[str, str]):
    """One copy of each word: a batch's profiles share their words."""

    def __missing__(self, word: str) -> str:
        self[word] = word
        return word


_hash_of = _HashCache()
_interned = _Interned()


@dataclass(frozen=True)
class Shingled:
    """A plain text's words and shingle hashes: what a profile needs from the text itself.
    Picklable, and independent of the shared vocabulary, so a worker process can make it."""

    plain: str
    words: tuple[str, ...]
    starts: array  # character offset in `plain` where each word starts…
    ends: array  # …and ends
    hashes: array  # shingle hash at each word position (signed 64-bit; hashes are 63-bit)


@dataclass(frozen=True)
class _Profile:
    text: Shingled
    shingle_set: int  # bit set over the shared shingle vocabulary
    shingle_count: int
    word_set: int

    @property
    def plain(self) -> str:
        return self.text.plain

    @property
    def words(self) -> tuple[str, ...]:
        return self.text.words

    @property
    def hashes(self) -> array:
        return self.text.hashes


def similarity(a_html: str, b_html: str) -> float:
    """Jaccard similarity of the two texts' word 5-gram shingle sets (0.0-1.0)."""
    _make_room()
    return _jaccard_bits(_profile(a_html), _profile(b_html))


def overlap_spans(html: str, other_html: str) -> list[list[int]]:
    """Spans of `plain_text(html)` whose 5-word shingles also occur in `other_html`."""
    _make_room()
    return _overlap(_profile(html), _profile(other_html))


def _overlap(mine: _Profile, other: _Profile) -> list[list[int]]:
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
    _make_room()
    me = _profile(html)
    sibling_profiles = [_profile(s) for s in siblings]
    published_profiles = [(draft_id, _profile(text)) for draft_id, text in published]
    scores = [_jaccard_bits(me, s) for s in sibling_profiles]
    closest = None
    if scores:
        best = max(range(len(scores)), key=scores.__getitem__)  # the first of equals
        closest = (scores[best], sibling_profiles[best])
    return _four_checks(me, closest, sibling_profiles, published_profiles,
                        competitor_shingles, threshold)  # fmt: skip


def shingle_text(plain: str) -> Shingled:
    """The words and shingle hashes of a plain text (``Document.text``); see
    :func:`batch_checks`. Safe to call in a worker process."""
    found = list(_WORD.finditer(plain))
    words = tuple(map(_interned.__getitem__, [m[0].lower().replace("\u2019", "'") for m in found]))
    # Each 5-word run as a tuple; the shorter, later slices end the runs (hence not strict).
    runs = zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)
    return Shingled(
        plain=plain,
        words=words,
        starts=array("I", map(re.Match.start, found)),
        ends=array("I", map(re.Match.end, found)),
        hashes=array("q", map(_hash_of.__getitem__, runs)),
    )


def batch_checks(
    texts: Sequence[Shingled],
    *,
    published: Sequence[tuple[int, str]],
    competitor_shingles: set[int],
    threshold: float,
) -> list[list[dict[str, Any]]]:
    """For each text of a batch, exactly ``uniqueness_checks(html, siblings=<the batch's
    other texts, in order>, published=published, …)``, with each pair compared once."""
    _make_room()
    batch = [_with_bits(t) for t in texts]
    pubs = [(draft_id, _profile(text)) for draft_id, text in published]
    n = len(batch)
    # Each pair once. Every text meets its siblings in batch order (lower indices as the
    # second of a pair, then higher ones), so a strict ">" keeps the first of equal scores,
    # as uniqueness_checks does.
    # (_jaccard_bits inlined: the same arithmetic, without a call per pair.)
    closest: list[tuple[float, int] | None] = [None] * n
    sets = [p.shingle_set for p in batch]
    counts = [p.shingle_count for p in batch]
    for i in range(n):
        set_i, count_i = sets[i], counts[i]
        for j in range(i + 1, n):
            if not count_i and not counts[j]:
                value = 0.0
            else:
                both = (set_i & sets[j]).bit_count()
                value = both / (count_i + counts[j] - both)
            best_i, best_j = closest[i], closest[j]
            if best_i is None or value > best_i[0]:
                closest[i] = (value, j)
            if best_j is None or value > best_j[0]:
                closest[j] = (value, i)
    return [
        _four_checks(me, None if found is None else (found[0], batch[found[1]]),
                     batch[:i] + batch[i + 1 :], pubs, competitor_shingles, threshold)
        for i, (me, found) in enumerate(zip(batch, closest, strict=True))
    ]  # fmt: skip


def _four_checks(
    me: _Profile,
    closest: tuple[float, _Profile] | None,
    siblings: Sequence[_Profile],
    published: Sequence[tuple[int, _Profile]],
    competitor_shingles: set[int],
    threshold: float,
) -> list[dict[str, Any]]:
    """The checks in contract order, once the closest sibling (and its Jaccard) is known."""
    return [
        _variants_check(me, closest, threshold),
        _published_check(me, published, threshold),
        _competitor_check(me, competitor_shingles),
        _swap_check(me, [*siblings, *(p for _, p in published)]),
    ]


def _variants_check(
    me: _Profile, closest: tuple[float, _Profile] | None, threshold: float
) -> dict[str, Any]:
    """``closest``: the Jaccard with the most similar sibling, and that sibling."""
    if closest is None:
        return _check("uniqueness_variants", "good", 0.0, "No other variants to compare.")
    value = round(closest[0], 3)
    status = _status(value, threshold)
    message = (
        f"Shares {value:.0%} of its 5-word phrases with the closest other variant "
        f"(limit {threshold:.0%})."
    )
    spans = _overlap(me, closest[1]) if status != "good" else []
    return _check("uniqueness_variants", status, value, message, spans)


def _published_check(
    me: _Profile, published: Sequence[tuple[int, _Profile]], threshold: float
) -> dict[str, Any]:
    if not published:
        return _check("uniqueness_published", "good", 0.0, "No scheduled or published posts.")
    scored = [(_jaccard_bits(me, other), draft_id, other) for draft_id, other in published]
    value, draft_id, other = max(scored, key=lambda t: t[0])
    value = round(value, 3)
    status = _status(value, threshold)
    message = (
        f"Shares {value:.0%} of its 5-word phrases with draft #{draft_id}, which is "
        f"scheduled or published (limit {threshold:.0%})."
    )
    spans = _overlap(me, other) if status != "good" else []
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


def _swap_check(me: _Profile, others: Sequence[_Profile]) -> dict[str, Any]:
    for other in others:
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
        [me.text.starts[i1], me.text.ends[i2 - 1]]
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
            start, end = me.text.starts[i], me.text.ends[last_word]
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


@lru_cache(maxsize=1024)
def _profile(html: str) -> _Profile:
    return _with_bits(shingle_text(plain_text(html)))


def _with_bits(text: Shingled) -> _Profile:
    """The text's shingle and word sets as bits over this process's shared vocabulary."""
    hashes = set(text.hashes)
    return _Profile(
        text=text,
        shingle_set=_bits(map(_shingle_bits.__getitem__, hashes)),
        shingle_count=len(hashes),
        word_set=_bits(map(_word_bits.__getitem__, set(text.words))),
    )


def _make_room() -> None:
    """Start the vocabularies afresh when they grow too large. Called before a comparison,
    never during one: bit positions restart, so cached profiles go too."""
    if len(_shingle_bits) > _VOCAB_LIMIT or len(_word_bits) > _VOCAB_LIMIT:
        _shingle_bits.clear()
        _word_bits.clear()
        _profile.cache_clear()
    if len(_hash_of) > _HASH_LIMIT or len(_interned) > _HASH_LIMIT:
        _hash_of.clear()
        _interned.clear()
