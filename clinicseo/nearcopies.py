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
# Near-copy pairs are stored from this similarity up: the publish gate compares them with
# `[scoring] max_similarity` (0.5 by default), so a limit configured below it sees no more
# pairs than these (the LSH bands already miss some below ~0.35, see above).
PAIR_FLOOR = 0.35
# A pair above the near-copy limit (0.5) shares ~5 of the 42 band keys on average; asking
# for 2 spares weighing most merely related texts, and misses a pair right at the limit
# about 3 % of the time (0.05 % at 0.6, never a near-exact copy).
PAIR_MIN_BANDS = 2
PAIR_BATCH = 500  # texts paired per round of queries (within SQLite's variable limit)
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
    return _similarity(_weighable(a), _weighable(b))


_EMPTY_BIN = array("q", [EMPTY]).tobytes()
_Weighable = tuple[int, bool, bytes]  # the signature as one integer, maybe empty bins, itself


def _weighable(signature: bytes) -> _Weighable:
    return int.from_bytes(signature, "little"), _EMPTY_BIN in signature, signature


def _similarity(a: _Weighable, b: _Weighable) -> float:
    """The share of bins where two signatures agree, bins empty in both left out. The bins
    that agree are the zero 8-byte words of a XOR b: one big-integer XOR and a C-level count
    instead of comparing bins one by one (storing a batch weighs ~10^5 pairs)."""
    if a[1] and b[1]:  # bins may be empty in both (short texts): compare them one by one
        xs, ys = array("q"), array("q")
        xs.frombytes(a[2])
        ys.frombytes(b[2])
        both = sum(x == y == EMPTY for x, y in zip(xs, ys, strict=True))
        same = sum(x == y for x, y in zip(xs, ys, strict=True)) - both
        used = len(xs) - both
        return same / used if used else 0.0
    diff = array("q")
    diff.frombytes((a[0] ^ b[0]).to_bytes(len(a[2]), "little"))
    return diff.count(0) / len(diff)


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
    one (older databases, other writers) and blog posts imported since, then store the
    near-copy pairs of every text not paired yet (`pair`). Returns how many texts were
    (re)fingerprinted; cheap when there is nothing to do."""
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
    pair(conn)
    return len(drafts) + len(posts)


def pair(conn: sqlite3.Connection) -> int:
    """Weigh each text fingerprinted since the last pairing against the stored texts that
    share at least PAIR_MIN_BANDS band keys with it, and store the pairs at least PAIR_FLOOR
    similar (a draft with any text; two blog posts are never paired: the gate judges only
    drafts). The publish gate reads these pairs instead of weighing signatures on every
    page. Returns how many texts were paired."""
    todo = store.unpaired_texts(conn)
    # A pair of two texts both unpaired is weighed once, when the first of them is paired.
    order = {key: i for i, key in enumerate(todo)}
    for kind in (store.DRAFT_TEXT, store.BLOG_TEXT):
        refs = [ref for k, ref in todo if k == kind]
        for start in range(0, len(refs), PAIR_BATCH):
            chunk = refs[start : start + PAIR_BATCH]
            found = store.band_neighbours(conn, kind, chunk, min_shared=PAIR_MIN_BANDS)
            wanted = {(kind, ref) for ref in chunk} | {o for near in found.values() for o in near}
            signatures = {key: _weighable(signature)
                          for key, signature in store.signatures(conn, sorted(wanted)).items()}
            pairs = []
            for ref, near in found.items():
                mine = signatures.get((kind, ref))
                first = order[kind, ref]
                for other_kind, other_ref in near:
                    other = signatures.get((other_kind, other_ref))
                    if mine is None or other is None or kind == other_kind == store.BLOG_TEXT:
                        continue
                    if order.get((other_kind, other_ref), len(order)) < first:
                        continue  # weighed (and stored) when that one was paired
                    similar = _similarity(mine, other)
                    if similar < PAIR_FLOOR:
                        continue
                    if kind == store.DRAFT_TEXT:
                        pairs.append((ref, other_kind, other_ref, similar))
                    if other_kind == store.DRAFT_TEXT:
                        pairs.append((other_ref, kind, ref, similar))
            store.save_near_pairs(conn, kind, chunk, pairs)
    return len(todo)


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
