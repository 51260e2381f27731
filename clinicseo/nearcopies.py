"""The near-copy index: is this text a copy, or a near-copy, of any text we hold?

Every stored draft body and every imported blog post gets a MinHash signature of its word
5-gram shingles (the same shingles as the uniqueness checks, clinicseo.shingles) and its LSH
band keys, kept in the store. A new or changed text is then compared with everything by
looking up its band keys — a few dozen indexed lookups — instead of reading 10,000 bodies.

The signature is one-permutation MinHash: the shingle hashes are already uniform 63-bit
hashes (blake2b), so SIGNATURE_SIZE bins by ``hash % SIGNATURE_SIZE`` and the smallest hash
in each bin stand in for SIGNATURE_SIZE independent permutations, in one pass, no numpy.
``estimate`` is the share of bins where two signatures agree: an unbiased estimate of the
Jaccard of the two shingle sets (standard error at most ~0.045 with 126 bins).

BANDS bands of BAND_ROWS bins: a pair at Jaccard 0.5 shares a band with probability
1 - (1 - 0.5**3)**42 > 0.99, at 0.3 with ~0.68, at 0.1 with ~0.04 — so candidates above the
default limit (0.5) are nearly never missed and the unrelated are rarely read. A configured
limit much below 0.35 would miss some pairs.
"""

from __future__ import annotations

import hashlib
import operator
import sqlite3
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from clinicseo import store

SIGNATURE_SIZE = 126
BAND_ROWS = 3
BANDS = SIGNATURE_SIZE // BAND_ROWS
EMPTY = (1 << 63) - 1  # a bin no shingle fell into
NEAR_EXACT = 0.9  # `generate` never stores a text this close to one already held
# Below this many distinct 5-word phrases (~40 words) a Jaccard says little: a text that
# short is not compared (and is blocked as too thin by the scoring anyway).
MIN_SHINGLES = 30


@dataclass(frozen=True)
class Fingerprint:
    signature: bytes  # SIGNATURE_SIZE signed 64-bit minimums, EMPTY for an empty bin
    bands: tuple[int, ...]  # BANDS keys (none for a text without shingles)


def fingerprint(shingle_hashes: Iterable[int]) -> Fingerprint:
    """The signature and band keys of a text, from its shingle hashes (duplicates are fine)."""
    mins = [EMPTY] * SIGNATURE_SIZE
    distinct = set(shingle_hashes)
    if len(distinct) < MIN_SHINGLES:
        return Fingerprint(array("q", mins).tobytes(), ())
    for h in distinct:
        b = h % SIGNATURE_SIZE
        if h < mins[b]:
            mins[b] = h
    signature = array("q", mins).tobytes()
    if all(m == EMPTY for m in mins):
        return Fingerprint(signature, ())
    width = BAND_ROWS * 8
    bands = tuple(
        int.from_bytes(
            hashlib.blake2b(bytes([i]) + signature[i * width : (i + 1) * width],
                            digest_size=8).digest(), "big") >> 1
        for i in range(BANDS)
    )  # fmt: skip
    return Fingerprint(signature, bands)


def fingerprint_html(html: str) -> Fingerprint:
    """A draft body's fingerprint: the shingles of its plain text, as scoring sees it."""
    from clinicseo.scoring.document import plain_text
    from clinicseo.scoring.uniqueness import shingle_text

    return fingerprint(shingle_text(plain_text(html)).hashes)


def fingerprint_text(text: str) -> Fingerprint:
    """A plain text's fingerprint (an imported blog post)."""
    from clinicseo.scoring.uniqueness import shingle_text

    return fingerprint(shingle_text(text).hashes)


def estimate(a: bytes, b: bytes) -> float:
    """Estimated Jaccard of two texts' shingle sets from their signatures (0.0-1.0)."""
    xs, ys = array("q"), array("q")
    xs.frombytes(a)
    ys.frombytes(b)
    same = sum(map(operator.eq, xs, ys))  # C-level: a queue page weighs thousands of pairs
    used = len(xs)
    if xs.count(EMPTY) and ys.count(EMPTY):  # bins empty in both say nothing
        both = sum(1 for x, y in zip(xs, ys, strict=True) if x == EMPTY and y == EMPTY)
        same, used = same - both, used - both
    return same / used if used else 0.0


def min_shared_bands(at_least: float) -> int:
    """How many band keys a pair at least `at_least` similar surely shares: a pair at
    Jaccard J shares each band with probability J**BAND_ROWS, so for a near-exact copy
    (J >= 0.9, ~31 of 42 expected) asking for a third of that drops the merely related
    (J ~ 0.5: ~5 expected) before any signature is read; the chance of missing a copy is
    below 1e-9. For lower limits every candidate is kept (1)."""
    expected = BANDS * at_least**BAND_ROWS
    return max(1, int(expected / 3)) if at_least >= NEAR_EXACT else 1


def sync(conn: sqlite3.Connection) -> int:
    """Bring the index up to date with the store: fingerprint drafts stored or edited without
    one (older databases, other writers) and blog posts imported since. Returns how many
    texts were (re)fingerprinted; cheap when there are none."""
    drafts, posts = store.stale_fingerprints(conn)
    if drafts:
        rows = []
        for draft_id, version, html in drafts:
            fp = fingerprint_html(html)
            rows.append((draft_id, version, fp.signature, fp.bands))
        store.save_fingerprints(conn, store.DRAFT_TEXT, rows)
    if posts:
        rows = []
        for wp_id, version, text in posts:
            fp = fingerprint_text(text)
            rows.append((wp_id, version, fp.signature, fp.bands))
        store.save_fingerprints(conn, store.BLOG_TEXT, rows)
    return len(drafts) + len(posts)


@dataclass(frozen=True)
class Match:
    kind: str  # store.DRAFT_TEXT or store.BLOG_TEXT
    ref: int  # draft id or WordPress post id
    similarity: float  # estimated Jaccard


def closest(
    candidates: Sequence[tuple[str, int, bytes]], signature: bytes, *, at_least: float
) -> list[Match]:
    """The candidates at least `at_least` similar to `signature`, most similar first."""
    found = [Match(kind, ref, estimate(signature, other)) for kind, ref, other in candidates]
    return sorted((m for m in found if m.similarity >= at_least),
                  key=lambda m: (-m.similarity, m.kind, m.ref))  # fmt: skip


def matches(conn: sqlite3.Connection, fp: Fingerprint, *, at_least: float) -> list[Match]:
    """Stored texts (drafts of any topic, blog posts) at least `at_least` similar to `fp`."""
    candidates = store.band_matches(conn, fp.bands, min_shared=min_shared_bands(at_least))
    return closest(candidates, fp.signature, at_least=at_least)
