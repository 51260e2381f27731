"""The textstat-family readability formulas, computed from our own counts.

Every figure comes from the counts the checks already made (:mod:`clinicseo.scoring.document`
for words and sentences as Yoast counts them, :mod:`clinicseo.scoring.syllables` for
syllables), with the published formulas, so nothing here reaches into textstat's internals
(it used to patch textstat's private ``_count_syllables``, which any release could break)
and nothing can reach the network (textstat 0.7.9+ would try to download CMUdict through
NLTK). The one thing taken from textstat is data: the Dale–Chall list of easy words it ships
as a package file (``textstat/resources/en/easy_words.txt``), read once; no textstat code
runs. Formulas as textstat 0.7 computes them, from the same inputs:

* Flesch reading ease ``206.835 − 1.015·W/S − 84.6·Y/W`` and Flesch–Kincaid grade
  ``0.39·W/S + 11.8·Y/W − 15.59`` (numbers stripped from W and Y, as Yoast does);
* Gunning fog ``0.4·(W/S + 100·C/W)``, C = words of three syllables or more;
* SMOG ``1.043·√(30·P/S) + 3.1291``, P = words of three syllables or more (0 under three
  sentences, as textstat);
* Coleman–Liau ``0.0588·L − 0.296·S100 − 15.8``, L = letters per 100 words, S100 =
  sentences per 100 words;
* automated readability index ``4.71·characters/W + 0.5·W/S − 21.43``;
* Dale–Chall ``0.1579·D% + 0.0496·W/S (+ 3.6365 when D% > 5)``, D = words not on the list.

Failure modes: none for any counts; no words or no sentences give 0 everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from clinicseo.scoring import syllables


@dataclass(frozen=True)
class Counts:
    """What every formula needs, counted once per text."""

    words: int  # words for Flesch and Flesch-Kincaid (numbers stripped)
    sentences: int
    syllables: int  # in those words
    all_words: int = 0  # every word, numbers too (the other formulas)
    letters: int = 0  # letters and digits in all words
    polysyllables: int = 0  # words of three syllables or more
    hard: int = 0  # words not on the Dale-Chall list


@cache
def easy_words() -> frozenset[str]:
    """The Dale–Chall easy words (lower case), from the data file textstat ships."""
    from importlib.util import find_spec
    from pathlib import Path

    # Found, not imported: importing textstat would import NLTK (half a second).
    spec = find_spec("textstat")
    if spec is None or spec.origin is None:
        raise ImportError("textstat is not installed: its Dale-Chall word list is needed")
    path = Path(spec.origin).parent / "resources" / "en" / "easy_words.txt"
    text = path.read_text("utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip())


def count(
    tally: Mapping[str, int], *, flesch_words: int, sentences: int, syllable_count: int
) -> Counts:
    """Counts for the formulas: ``tally`` holds every word of the text (numbers too), each
    distinct word once with how often it occurs."""
    easy = easy_words()
    letters = poly = hard = total = 0
    for w, k in tally.items():
        total += k
        # Letters and digits only: words hold no other character than ' ’ and -.
        letters += k * (len(w) - w.count("'") - w.count("’") - w.count("-"))
        if syllables.count(w) >= 3:
            poly += k
        if w.lower().replace("’", "'") not in easy:
            hard += k
    return Counts(flesch_words, sentences, syllable_count, total, letters, poly, hard)


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


def readability(c: Counts) -> dict[str, float]:
    """The contract's ``readability`` figures but ``reading_time_s`` (:func:`reading_time_s`)."""
    out = {
        "flesch_reading_ease": max(0.0, min(100.0, flesch(c.words, c.sentences, c.syllables))),
        "flesch_kincaid_grade": grade(c.words, c.sentences, c.syllables),
        "gunning_fog": 0.0,
        "smog_index": 0.0,
        "coleman_liau_index": 0.0,
        "automated_readability_index": 0.0,
        "dale_chall": 0.0,
    }
    w, s = c.all_words, c.sentences
    if not w or not s:
        return out
    per_sentence = w / s
    out["gunning_fog"] = round(0.4 * (per_sentence + 100 * c.polysyllables / w), 1)
    if s >= 3:
        out["smog_index"] = round(1.043 * math.sqrt(30 * c.polysyllables / s) + 3.1291, 1)
    out["coleman_liau_index"] = round(
        0.0588 * (100 * c.letters / w) - 0.296 * (100 * s / w) - 15.8, 1
    )
    out["automated_readability_index"] = round(4.71 * c.letters / w + 0.5 * per_sentence - 21.43, 1)
    hard_pct = 100 * c.hard / w
    out["dale_chall"] = round(0.1579 * hard_pct + 0.0496 * per_sentence
                              + (3.6365 if hard_pct > 5 else 0.0), 1)  # fmt: skip
    return out
