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

* **Meanings.** Synonyms group under one key (``meanings``): "recovery" and "downtime" are
  "aftercare", "skin needling" is "microneedling".

The vocabulary (``terms``, ``aliases``, ``meanings``, ``phrases.breakers``,
``phrases.boilerplate``) is the built-in ``clinicseo/topic_vocab.toml``, with the clinic's
own file (``[topics] vocabulary``, see :func:`load_vocabulary`) laid over it. A
:class:`Vocabulary` holds the lists and the rules that use them; the module-level
functions are the built-in one's (the crawler's keyphrases). A broken clinic file raises
ConfigError naming the file, the line and the key.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from clinicseo.config_rules import show
from clinicseo.errors import ConfigError

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


class Vocabulary:
    """The word lists and the rules that use them. Built from the built-in
    ``topic_vocab.toml``, with the clinic's own file (``[topics] vocabulary``) laid over it."""

    def __init__(self, data: dict[str, Any], source: str, digest: str) -> None:
        self.source, self.digest = source, digest  # digest: which lists a ranking was made with
        self.terms: frozenset[str] = frozenset(data["terms"])
        self.aliases: dict[str, str] = dict(data["aliases"])
        self.breakers: frozenset[str] = frozenset(data["breakers"])
        self.boilerplate: frozenset[str] = frozenset(w for w in data["boilerplate"] if w)
        # group key -> its other wordings (what the gap list shows)
        self.groups: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in
                                                   data["meanings"].items()}
        meanings = {same: key for key, group in self.groups.items() for same in group}
        # A one-word synonym is an alias of its group's key; longer ones are rewritten in text.
        for same, key in meanings.items():
            if " " not in same and " " not in key:
                self.aliases[same] = key
        self.phrase_meanings = {s: k for s, k in meanings.items() if " " in s or " " in k}
        # Multi-word synonyms, longest first so "derma roller" wins over any shorter phrase.
        self._rewrite = re.compile(
            r"\b(" + "|".join(re.escape(p) for p in sorted(self.phrase_meanings, key=len,
                                                              reverse=True)) + r")\b"
        ) if self.phrase_meanings else None
        self.stem = lru_cache(maxsize=100_000)(self._stem)
        self._noun_edge = lru_cache(maxsize=100_000)(self._edge)
        # where each group was written: the built-in file, or the clinic's (its path)
        self.group_source: dict[str, str] = {
            k: source if k in data.get("own_groups", ()) else "built-in" for k in self.groups}
        # a group's key as topics are keyed ("acne scars" -> "acne scar")
        self.group_keys = {" ".join(self.stem(w) for w in k.split()): k for k in self.groups}

    def same_meaning(self, text: str) -> str:
        """Lower-cased text with multi-word synonyms replaced by their group's key
        ("skin needling" -> "microneedling"); one-word synonyms are folded by :meth:`stem`."""
        text = text.lower().replace("\u2019", "'")
        if self._rewrite is None:
            return text
        return self._rewrite.sub(lambda m: self.phrase_meanings[m[1]], text)

    def wordings(self, text: str) -> list[tuple[str, str]]:
        """(wording as found, its group's key) for each multi-word synonym in the text: the
        rewrite hides them from the phrases, and the gap list shows what was grouped."""
        if self._rewrite is None:
            return []
        low = text.lower().replace("\u2019", "'")
        return [(m[1], self.phrase_meanings[m[1]]) for m in self._rewrite.finditer(low)]

    def _stem(self, word: str) -> str:
        """Fold a word: aliases, plurals (scars -> scar, therapies -> therapy, glasses ->
        glass) and -ing forms of listed terms (scarring -> scar, peeling -> peel)."""
        word = self.aliases.get(word, word)
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
        if word.endswith("ing") and len(word) > 5 and word not in self.terms:
            base = word[:-3]
            for candidate in (base, base[:-1] if _DOUBLED.search(base) else "", base + "e"):
                if candidate in self.terms:
                    return candidate
        return self.aliases.get(word, word)

    def _edge(self, word: str) -> bool:
        """Can a topic phrase start or end with this word? Not with an -ing/-ed verb form
        ("keeping", "removed"), unless it is a listed term ("peeling", "led")."""
        if len(word) > 4 and word.endswith(("ing", "ed")):
            return word in self.terms or self.stem(word) in self.terms
        return True

    def phrases(self, text: str, brand: frozenset[str] = frozenset()) -> list[list[str]]:
        """Noun-phrase-like runs of words (lower-cased, unstemmed): stopwords, breakers,
        punctuation, -ly adverbs, numbers and `brand` words (stemmed) end a run; -ing/-ed
        words are trimmed off its ends."""
        out: list[list[str]] = []
        edge = self._noun_edge

        def close(run: list[str]) -> None:
            while run and not edge(run[-1]):
                run.pop()
            while run and not edge(run[0]):
                run.pop(0)
            if run:
                out.append(run)

        for chunk in _BREAK.split(self.same_meaning(text)):
            run: list[str] = []
            for word in WORD.findall(chunk):
                if (
                    word in STOPWORDS
                    or word in self.breakers
                    or word.isdigit()
                    or (word.endswith("ly") and len(word) > 4)
                    or (brand and self.stem(word) in brand)
                ):
                    close(run)
                    run = []
                else:
                    run.append(word)
            close(run)
        return out

    def grams(self, run: list[str], max_words: int = MAX_WORDS) -> Iterable[tuple[int, int]]:
        """(start, length) of every stretch of a run that can be a topic phrase."""
        edge = self._noun_edge
        for n in range(1, min(max_words, len(run)) + 1):
            for i in range(len(run) - n + 1):
                if n > 1 and not (edge(run[i]) and edge(run[i + n - 1])):
                    continue
                if n == 1 and (run[i] in GENERIC or len(run[i]) < 3):
                    continue
                yield i, n

    def run_keys(self, run: list[str]) -> list[str]:
        """The keys of ``grams(run)`` (same rules, same order within each length), built
        without the per-stretch overhead: keyphrase extraction calls this for every line."""
        stems = [self.stem(w) for w in run]
        edge = [self._noun_edge(w) for w in run]
        out = [s for w, s in zip(run, stems, strict=True) if w not in GENERIC and len(w) >= 3]
        size = len(run)
        for n in range(2, min(MAX_WORDS, size) + 1):
            out += [" ".join(stems[i : i + n]) for i in range(size - n + 1)
                    if edge[i] and edge[i + n - 1]]
        return out

    def is_boilerplate(self, text: str) -> bool:
        """Is this heading site furniture ("Frequently asked questions"), not a topic?"""
        return " ".join(WORD.findall(text.lower().replace("\u2019", "'"))) in self.boilerplate


# --- reading the files ----------------------------------------------------------------------

BUILT_IN_PATH = Path(__file__).with_name("topic_vocab.toml")
_KEYS = {"terms": str, "aliases": dict, "meanings": dict, "phrases": dict}


def _words(value: object) -> str:
    return " ".join(str(value).lower().split())


def _line_of(text: str, section: str, key: str) -> int | None:
    """The line (1-based) where `key` is set in [section] ("" for the top level)."""
    current = ""
    bare = re.compile(r"""^\s*["']?""" + re.escape(key) + r"""["']?\s*=""")
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"^\s*\[([^\[\]]+)\]", line)
        if header:
            current = header.group(1).strip()
            if current == key and not section:
                return number
        elif current == section and bare.match(line):
            return number
    return None


def _broken(path: Path, text: str, section: str, key: str, why: str) -> ConfigError:
    line = _line_of(text, section, key)
    where = f"[{section}] {key}" if section else key
    if not section and re.search(r"^\s*\[" + re.escape(key) + r"\]", text, re.M):
        where = f"[{key}]"  # a table
    return ConfigError(f"{path}:{f' line {line}:' if line else ''} {where}: {why}")


def _read(path: Path) -> tuple[dict[str, Any], str]:
    """The file's tables, checked for shape; ConfigError names file, line and key."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: topic vocabulary file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the topic vocabulary: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_syntax(path, text, exc)) from None
    for key, value in data.items():
        if key not in _KEYS:
            raise _broken(path, text, "", key, "unknown key: expected terms, [aliases], "
                          "[meanings] or [phrases]")
        if not isinstance(value, _KEYS[key]):
            kind = "a text of words" if _KEYS[key] is str else "a table"
            raise _broken(path, text, "", key, f"expected {kind}, found {show(value)}")
    for same, to in data.get("aliases", {}).items():
        if not isinstance(to, str) or not to.strip():
            raise _broken(path, text, "aliases", same, f"expected a word, found {show(to)}")
    for key, group in data.get("meanings", {}).items():
        if not isinstance(group, list) or not all(isinstance(w, str) and w.strip()
                                                  for w in group):
            raise _broken(path, text, "meanings", key,
                          f"expected a list of words or phrases, found {show(group)}")
    for key, value in data.get("phrases", {}).items():
        if key not in ("breakers", "boilerplate"):
            raise _broken(path, text, "phrases", key,
                          "unknown key: expected breakers or boilerplate")
        if not isinstance(value, str):
            raise _broken(path, text, "phrases", key, f"expected a text, found {show(value)}")
    return data, text


def _syntax(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> str:
    """One line: the file, the line, the key written there (and its table), what is wrong."""
    found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
    why = re.sub(r"\s*\(at line.*\)$", "", str(exc))
    lines = text.splitlines()
    if not found or not 0 < int(found.group(1)) <= len(lines):
        return f"{path}: not valid TOML: {why}"
    number = int(found.group(1))
    key = re.match(r"""\s*("[^"]*"|'[^']*'|[\w.-]+)""", lines[number - 1])
    tables = [m.group(1) for line in lines[: number - 1]
              if (m := re.match(r"\s*\[([^\[\]]+)\]", line))]
    name = key.group(1).strip("\"'") if key else "the line"
    where = f"[{tables[-1].strip()}] {name}" if tables and key else name
    return f"{path}: line {number}: {where}: not valid TOML: {why}"


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """The clinic's file over the built-in one: terms, breakers and boilerplate are added;
    an alias is added or replaced; a meaning group replaces the built-in group of the same
    key (an empty list removes it), and a wording the clinic groups leaves any other group."""
    phrases = over.get("phrases", {})
    groups = {_words(k): [_words(w) for w in v] for k, v in base["meanings"].items()}
    mine = {_words(k): [_words(w) for w in v] for k, v in over.get("meanings", {}).items()}
    claimed = {w for ws in mine.values() for w in ws} | set(mine)
    groups = {k: [w for w in ws if w not in claimed] for k, ws in groups.items()
              if k not in claimed}
    groups.update(mine)
    return {
        "terms": base["terms"] + _words(over.get("terms", "")).split(),
        "aliases": {**base["aliases"], **{_words(k): _words(v)
                                          for k, v in over.get("aliases", {}).items()}},
        "meanings": {k: tuple(ws) for k, ws in groups.items() if ws},
        "own_groups": frozenset(mine),
        "breakers": base["breakers"] + _words(phrases.get("breakers", "")).split(),
        "boilerplate": base["boilerplate"] + _lines(phrases.get("boilerplate", "")),
    }


def _lines(text: str) -> list[str]:
    return [" ".join(WORD.findall(line.lower())) for line in text.splitlines() if line.strip()]


def _built_in() -> dict[str, Any]:
    data, _ = _read(BUILT_IN_PATH)
    try:
        return {
            "terms": _words(data["terms"]).split(),
            "aliases": {_words(k): _words(v) for k, v in data["aliases"].items()},
            "meanings": {_words(k): [_words(w) for w in v] for k, v in data["meanings"].items()},
            "breakers": _words(data["phrases"]["breakers"]).split(),
            "boilerplate": _lines(data["phrases"]["boilerplate"]),
        }
    except KeyError as exc:  # the shipped file is part of the program: a bug, loudly
        raise RuntimeError(f"{BUILT_IN_PATH}: missing {exc}") from None


def load_vocabulary(path: Path | str | None = None) -> Vocabulary:
    """The built-in vocabulary, with the clinic's file at `path` laid over it when given.
    Re-read when the file changes; raises ConfigError naming the file, line and key."""
    if not path:
        return BUILT_IN
    file = Path(path)
    try:
        stat = file.stat()
    except OSError:
        raise ConfigError(f"{file}: topic vocabulary file not found") from None
    return _load_file(file.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load_file(path: Path, _mtime_ns: int, _size: int) -> Vocabulary:
    data, text = _read(path)
    digest = hashlib.sha256((_BUILT_IN_TEXT + text).encode("utf-8")).hexdigest()[:16]
    return Vocabulary(_merge(_built_in(), data), str(path), digest)


def starter_vocabulary() -> str:
    """A commented starter for the clinic's own file: the built-in meaning groups to edit,
    and how to add terms, aliases and phrase breakers."""
    groups = _BUILT_IN_TEXT.split("[meanings]", 1)[1].split("\n[", 1)[0].strip("\n")
    return _STARTER.replace("{groups}", groups)


_STARTER = """\
# The clinic's topic vocabulary, laid over clinicseo's built-in one ([topics] vocabulary in
# the config). `clinicseo topics --gaps` and the app's Gaps page show which group each topic
# fell into; they regroup the stored topics as soon as this file changes.
#
# [meanings]: wordings that mean the same topic, grouped under the key before the "=", so a
# competitor's "recovery" counts as covered by our "aftercare". A group here replaces the
# built-in group of the same key; `key = []` removes it; a wording listed here leaves any
# other group. One group per line, lower case; phrases match as whole words.

# Clinic words that are topics on their own, added to the built-in list (this line must
# stay above the first [table]):
# terms = "hydrafacial lymphatic"

[meanings]
{groups}

# Other spellings of one word -> the spelling topics are keyed under (added or replaced):
# [aliases]
# "micro-needling" = "microneedling"

# [phrases]
# breakers = "soothe soothes"          # words that end a topic phrase, like a stopword
# boilerplate = \"\"\"
# our clinic news
# \"\"\"                                   # whole headings that are site furniture
"""

_BUILT_IN_TEXT = BUILT_IN_PATH.read_text(encoding="utf-8")
BUILT_IN = Vocabulary(_built_in(), "built-in", hashlib.sha256(
    _BUILT_IN_TEXT.encode("utf-8")).hexdigest()[:16])

# The built-in vocabulary's lists and rules, for callers that take no clinic file (the
# crawler's keyphrases, tests).
TERMS, ALIASES, BREAKERS, BOILERPLATE = (
    BUILT_IN.terms, BUILT_IN.aliases, BUILT_IN.breakers, BUILT_IN.boilerplate)
stem = BUILT_IN.stem
same_meaning = BUILT_IN.same_meaning
phrases = BUILT_IN.phrases
grams = BUILT_IN.grams
run_keys = BUILT_IN.run_keys
is_boilerplate = BUILT_IN.is_boilerplate
