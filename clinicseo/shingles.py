"""Word shingles: the one way clinicseo compares texts.

The crawler keeps only the *hashes* of competitor pages' shingles (never their text), and the
uniqueness checks hash drafts the same way, so a run of competitor wording in a draft is found
without storing what competitors wrote.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

SHINGLE_WORDS = 5
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_TAG = re.compile(r"<[^>]+>")


def words(text: str) -> list[str]:
    """Lower-cased words of plain text or HTML (tags dropped, punctuation ignored)."""
    return _WORD.findall(_TAG.sub(" ", text).lower().replace("\u2019", "'"))


def shingle_hash(words_: Iterable[str]) -> int:
    digest = hashlib.blake2b(" ".join(words_).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1  # 63 bits: fits an SQLite INTEGER / JSON number


def shingle_hashes(text: str, size: int = SHINGLE_WORDS) -> list[int]:
    """Hashes of every run of `size` consecutive words, in order (duplicates kept)."""
    w = words(text)
    return [shingle_hash(w[i : i + size]) for i in range(len(w) - size + 1)]


def jaccard(a: set[int], b: set[int]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)
