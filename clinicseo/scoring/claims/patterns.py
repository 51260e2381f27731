"""Readable detector patterns → regular expressions (inflections and shared word lists).

A rule pack writes ``~erase`` for "erase, erases, erased, erasing" and ``{PERMANENT}`` for
the shared list of that name (``[lexicon]`` in ``common.toml``), so a rule covers the
paraphrases and inflections of a sentence without listing every form by hand. The result
is an ordinary regex, so ``prefilter`` still finds the fixed strings every match holds.

Failure modes: an unknown ``{NAME}`` raises ``KeyError`` naming it (a packaging error).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"~([a-z]+)")
_NAME = re.compile(r"\{([A-Z][A-Z_0-9]*)\}")
_VOWELS = "aeiou"


def inflections(word: str) -> list[str]:
    """The word and its regular inflections (-s, -ed, -ing); irregular forms are written out."""
    forms = {word}
    if word.endswith("ee"):
        forms |= {word + "s", word + "d", word + "ing"}
    elif word.endswith("e"):
        stem = word[:-1]
        forms |= {word + "s", word + "d", stem + "ing"}
    elif word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        stem = word[:-1]
        forms |= {stem + "ies", stem + "ied", word + "ing"}
    elif word.endswith(("s", "x", "z", "ch", "sh")):
        forms |= {word + "es", word + "ed", word + "ing"}
    elif (
        # One-syllable consonant-vowel-consonant words double the final letter (stopped).
        len(word) >= 3
        and word[-1] not in _VOWELS + "wxy"
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
        and sum(ch in _VOWELS for ch in word) == 1
    ):
        forms |= {word + "s", word + word[-1] + "ed", word + word[-1] + "ing"}
    else:
        forms |= {word + "s", word + "ed", word + "ing"}
    return sorted(forms, key=lambda f: (-len(f), f))


def _word_forms(m: re.Match[str]) -> str:
    forms = inflections(m.group(1))
    return "(?:" + "|".join(forms) + ")"


def expand(pattern: str, lexicon: dict[str, str], _depth: int = 0) -> str:
    """``pattern`` with ``{NAME}`` lists and ``~word`` inflections written out."""
    if _depth > 5:
        raise ValueError(f"lexicon entries nest too deeply in {pattern[:60]!r}")

    def name(m: re.Match[str]) -> str:
        key = m.group(1)
        if key not in lexicon:
            raise KeyError(f"unknown lexicon entry {{{key}}}")
        return "(?:" + expand(lexicon[key], lexicon, _depth + 1) + ")"

    return _WORD.sub(_word_forms, _NAME.sub(name, pattern))
