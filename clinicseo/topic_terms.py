"""Phrase rules: how English text becomes candidate topic phrases.

Lexical and deterministic, shared by the crawler (keyphrases, :mod:`scrapers.extract`) and
the topic ranking (:mod:`clinicseo.topics`), so both cut text the same way.

* **Runs.** Text is cut into noun-phrase-like runs (:func:`phrases`): stopwords,
  punctuation, numbers, -ly adverbs, the verbs, adverbs and evaluative adjectives listed as
  ``breakers`` in ``topic_vocab.toml`` and a site's brand words end a run; a run never starts
  or ends with an -ing/-ed word unless it is a listed term ("peeling").
* **Candidates.** Every 1-3 word stretch of a run is a candidate (:func:`grams`,
  :func:`run_keys`), keyed by its folded words (:func:`stem`): lower case, plurals and -ing
  forms of listed terms folded (``Acne Scarring`` -> ``acne scar``), aliases mapped
  (``micro-needling``). A single word is a candidate only if not generic ("skin",
  "treatment") and at least 3 letters.
* **Boilerplate** headings ("Frequently asked questions", "Related posts") give nothing
  (:func:`is_boilerplate`).

* **Meanings.** Synonyms group under one key (``meanings`` in ``topic_vocab.toml``):
  "recovery" and "downtime" are "aftercare", "skin needling" is "microneedling".

The vocabulary (``terms``, ``aliases``, ``meanings``, ``phrases.breakers``,
``phrases.boilerplate``) is read from ``clinicseo/topic_vocab.toml`` at import; a missing
or malformed file raises RuntimeError naming the file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

MAX_WORDS = 3
STOPWORDS_TEXT = """a about above after again against all also am an and any are aren't as at be
    because been before being below between both but by can can't cannot could did do does
    doing don't
    down during each even ever every few for from further get gets getting got had has have
    having he her here hers how i if in into is isn't it it's its itself just let's like may
    me might more most much must my no nor not now of off on once one only or other our ours
    out over own per really same she should so some such than that that's the their theirs
    them then there these they this those through to too under until up upon us very was we
    were what what's when where which while who whom why will with within without would you
    your yours yourself actually always never often usually still well back way ways new
    vs versus help helps let lets know need needs make makes made use used using want
    things thing part day days week weeks first next last plain explained guide guides
    right best real really simple basics tips step steps look looks like feel feels common
    long many several two three four five six seven eight nine ten twenty thirty hundred
    hour hours minute minutes dos don'ts"""
STOPWORDS = frozenset(STOPWORDS_TEXT.split())
# Words too general to be a topic on their own (still fine inside a longer phrase).
GENERIC_TEXT = """skin treatment treatments clinic clinics care face facial session sessions result
    results option options type types people person patient patients doctor nurse home
    blog article articles journal page home question questions answer answers time times
    year years month months work works expect expectations consultation cost price fine
    sign signs thing checklist plan routine product products area areas"""
GENERIC = frozenset(GENERIC_TEXT.split())
WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")  # a lower-case word; inner - and ' kept
_BREAK = re.compile(r"[^\w\s'\-]+")  # punctuation ends a phrase
_DOUBLED = re.compile(r"([bdgklmnprt])\1$")


def _load_vocab() -> tuple[
    frozenset[str], dict[str, str], frozenset[str], frozenset[str], dict[str, str]
]:
    path = Path(__file__).with_name("topic_vocab.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        terms = data["terms"].split()
        aliases = {str(k): str(v) for k, v in data["aliases"].items()}
        breakers = data["phrases"]["breakers"].split()
        boilerplate = [line.strip() for line in data["phrases"]["boilerplate"].splitlines()]
        meanings = {" ".join(str(same).lower().split()): " ".join(str(key).lower().split())
                    for key, group in data.get("meanings", {}).items() for same in group}
    except (OSError, tomllib.TOMLDecodeError, KeyError, AttributeError, TypeError) as exc:
        raise RuntimeError(f"{path}: cannot read the topic vocabulary: {exc}") from exc
    # A one-word synonym is an alias of its group's key; longer ones are rewritten in the text.
    for same, key in meanings.items():
        if " " not in same and " " not in key:
            aliases[same] = key
    phrases = {same: key for same, key in meanings.items() if " " in same or " " in key}
    return (frozenset(terms), aliases, frozenset(breakers),
            frozenset(b for b in boilerplate if b), phrases)


TERMS, ALIASES, BREAKERS, BOILERPLATE, SAME_MEANING = _load_vocab()
# Multi-word synonyms, longest first so "derma roller" wins over any shorter phrase in it.
_SAME_MEANING = re.compile(
    r"\b(" + "|".join(re.escape(p) for p in sorted(SAME_MEANING, key=len, reverse=True))
    + r")\b") if SAME_MEANING else None


def same_meaning(text: str) -> str:
    """Lower-cased text with multi-word synonyms replaced by their group's key
    ("skin needling" -> "microneedling"); one-word synonyms are folded by :func:`stem`."""
    text = text.lower().replace("\u2019", "'")
    return _SAME_MEANING.sub(lambda m: SAME_MEANING[m[1]], text) if _SAME_MEANING else text


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """Fold a word: aliases, plurals (scars -> scar, therapies -> therapy, glasses -> glass)
    and -ing forms of listed terms (scarring -> scar, peeling -> peel)."""
    word = ALIASES.get(word, word)
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        pass
    elif word.endswith("'s"):
        word = word[:-2]
    elif word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s"):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5 and word not in TERMS:
        base = word[:-3]
        for candidate in (base, base[:-1] if _DOUBLED.search(base) else "", base + "e"):
            if candidate in TERMS:
                return candidate
    return ALIASES.get(word, word)


@lru_cache(maxsize=100_000)
def _noun_edge(word: str) -> bool:
    """Can a topic phrase start or end with this word? Not with an -ing/-ed verb form
    ("keeping", "removed"), unless it is a listed term ("peeling", "led")."""
    if len(word) > 4 and word.endswith(("ing", "ed")):
        return word in TERMS or stem(word) in TERMS
    return True


def phrases(text: str, brand: frozenset[str] = frozenset()) -> list[list[str]]:
    """Noun-phrase-like runs of words (lower-cased, unstemmed): stopwords, breakers,
    punctuation, -ly adverbs, numbers and `brand` words (stemmed) end a run; -ing/-ed words
    are trimmed off its ends."""
    out: list[list[str]] = []

    def close(run: list[str]) -> None:
        while run and not _noun_edge(run[-1]):
            run.pop()
        while run and not _noun_edge(run[0]):
            run.pop(0)
        if run:
            out.append(run)

    for chunk in _BREAK.split(same_meaning(text)):
        run: list[str] = []
        for word in WORD.findall(chunk):
            if (
                word in STOPWORDS
                or word in BREAKERS
                or word.isdigit()
                or (word.endswith("ly") and len(word) > 4)
                or (brand and stem(word) in brand)
            ):
                close(run)
                run = []
            else:
                run.append(word)
        close(run)
    return out


def grams(run: list[str], max_words: int = MAX_WORDS) -> Iterable[tuple[int, int]]:
    """(start, length) of every stretch of a run that can be a topic phrase."""
    for n in range(1, min(max_words, len(run)) + 1):
        for i in range(len(run) - n + 1):
            if n > 1 and not (_noun_edge(run[i]) and _noun_edge(run[i + n - 1])):
                continue
            if n == 1 and (run[i] in GENERIC or len(run[i]) < 3):
                continue
            yield i, n


def run_keys(run: list[str]) -> list[str]:
    """The keys of ``grams(run)`` (same rules, same order within each length), built without
    the per-stretch overhead: keyphrase extraction calls this for every line of a page."""
    stems = [stem(w) for w in run]
    edge = [_noun_edge(w) for w in run]
    out = [s for w, s in zip(run, stems, strict=True) if w not in GENERIC and len(w) >= 3]
    size = len(run)
    for n in range(2, min(MAX_WORDS, size) + 1):
        out += [
            " ".join(stems[i : i + n]) for i in range(size - n + 1) if edge[i] and edge[i + n - 1]
        ]
    return out


def is_boilerplate(text: str) -> bool:
    """Is this heading site furniture ("Frequently asked questions"), not a topic?"""
    return " ".join(WORD.findall(text.lower().replace("\u2019", "'"))) in BOILERPLATE
