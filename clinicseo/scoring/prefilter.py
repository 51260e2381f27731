"""Exact, faster ``pattern.finditer(text)`` for the compliance detectors.

Most detector patterns start with ``\\b`` and an alternation, so Python's ``re`` has no
literal prefix to search for and tries every alternative at every character: scanning a
1,200-word article with all detectors took ~9 ms. Yet every match contains one of a few
fixed strings ("guarantee", "100", …), which ``str.find`` locates at memchr speed.

:func:`needles` reads a compiled pattern's parse tree and returns such strings, each with
how far after the start of a match it can begin (``\\b(?:more |a )?youthful`` gives
``("youthful", 0, 5)``). :func:`finditer` then tries ``pattern.match`` only at the start
positions those occurrences allow, in order, skipping past each match as ``finditer``
does, so it yields exactly the matches ``pattern.finditer(text)`` yields; with no
occurrence it is done at once (and when a string whose offset has no bound occurs, it
scans the whole text as before). Strings are compared case-blind through :func:`fold`,
which keeps every character's position.

When the tree holds anything this module does not understand, :func:`needles` returns
None and :func:`finditer` is the plain regex scan: a finding can never be lost to this
shortcut, only time saved.

Failure modes: none; unknown syntax means "scan the whole text", never an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from re import _constants as C  # type: ignore[attr-defined]  # sre's parse-tree opcodes
from re import _parser  # type: ignore[attr-defined]  # the same parser re.compile uses
from typing import Any

# (lower-case string, least and greatest offset of its start from the match's start)
Needle = tuple[str, int, int]
# A pattern's needles by string: string → its (least, greatest) offsets
Offsets = dict[str, tuple[tuple[int, int], ...]]
UNBOUNDED = 1 << 30
MAX_CANDIDATES = 4_000  # start positions to try before a plain scan is cheaper
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)
_ONE_WIDE = (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
# Under re.IGNORECASE these non-ASCII letters match ASCII ones ("ſ" matches "s"; "İ" lowers
# to "i" in sre but to "i̇", two characters, in str.lower): map them before lowering.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def fold(text: str) -> str:
    """Lower case with re's extra case equivalents; same length, so offsets carry over."""
    if "\u0130" in text or "\u0131" in text or "\u017f" in text:  # rare: translate is slow
        return text.translate(_FOLD).lower()
    return text.lower()


def needles(pattern: re.Pattern[str]) -> tuple[Needle, ...] | None:
    """Strings one of which every match of ``pattern`` contains, with their offsets from
    the match's start (``UNBOUNDED`` as the greatest when there is no limit); None when
    none can be derived."""
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # a parser change in a future Python: fall back to the full scan
        return None
    found = _sequence(list(tree))
    if not found or any(not s for s, _, _ in found):
        return None
    return tuple(sorted(found))


def by_string(found: tuple[Needle, ...]) -> Offsets:
    """``found`` (from :func:`needles`) keyed by string, for :func:`finditer`'s ``offsets``."""
    out: dict[str, list[tuple[int, int]]] = {}
    for string, lo, hi in found:
        out.setdefault(string, []).append((lo, hi))
    return {string: tuple(spans) for string, spans in out.items()}


def finditer(
    pattern: re.Pattern[str],
    found: tuple[Needle, ...] | None,
    text: str,
    folded: str,
    seen: dict[str, list[int]] | None = None,
    offsets: Offsets | None = None,
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, found faster when ``found`` (from
    :func:`needles`) is given. ``folded`` is ``fold(text)``. ``seen`` caches where each
    needle occurs in ``folded`` across calls on the same text (many detectors share
    needles, and ``str.find`` over the text is most of the cost). ``offsets`` (``found``
    by :func:`by_string`) says ``seen`` already holds every needle that occurs, so an
    absent one occurs nowhere: only the few that occur are visited, not a detector's
    hundreds of needles (an article holds ~100 of a pack's ~2,000)."""
    if found is None or len(folded) != len(text):
        yield from pattern.finditer(text)
        return
    if seen is None:
        seen = {}
    if offsets is not None:
        known = _ALTERNATIVES.get(id(pattern))
        if known is not None and known[1] is not None and known[1].indexed:
            # A long alternation whose every alternative's strings ``seen`` holds: each
            # candidate start tried with only the alternatives that could match there.
            yield from _finditer_by_alternative(pattern, known[1], text, folded, seen, True)
            return
        present = seen.keys() & offsets.keys()
        found = tuple((s, lo, hi) for s in present for lo, hi in offsets[s])
    starts: set[int] = set()
    for string, lo, hi in found:
        places = seen.get(string)
        if places is None:
            places = seen[string] = _occurrences(folded, string)
        if places and hi >= UNBOUNDED:  # a match may start anywhere before it
            yield from pattern.finditer(text)
            return
        for at in places:
            starts.update(range(max(0, at - hi), at - lo + 1))
        if len(starts) > MAX_CANDIDATES:  # hostile text, or a page of one phrase repeated
            alternatives = _alternatives(pattern)
            if alternatives is None:
                yield from pattern.finditer(text)
            else:
                yield from _finditer_by_alternative(pattern, alternatives, text, folded, seen)
            return
    # Every match starts at one of these positions, and a match holds a needle so it is
    # never empty: trying them in order and skipping past each match is finditer exactly.
    after = 0
    for start in sorted(starts):
        if start < after:
            continue
        m = pattern.match(text, start)
        if m is not None:
            yield m
            after = m.end()


# A detector's long alternation ("guarantee|rest assured|…", a hundred of them) costs a
# microsecond or more at every candidate start under re.IGNORECASE, which enters every
# alternative; with thousands of candidate starts (a page of one phrase repeated) it also
# costs several times more per character than on ordinary prose, so time stopped growing
# linearly. Instead each start is tried with only the alternatives whose own strings occur
# near it, in their order: the same match as the whole pattern, whose match there is its
# first alternative that matches (the others cannot). The alternatives' strings come from
# the caller (:func:`know_alternatives`, from a table written beforehand) or are derived
# lazily, on the first hostile text (compiling every alternative costs ~0.9 s for all packs:
# `clinicseo score` would pay it).
BIG_ALTERNATION = 16  # alternatives from which trying only the likely ones is faster


@dataclass(frozen=True)
class _Alternatives:
    sources: tuple[str, ...]
    needles: tuple[tuple[Needle, ...], ...]  # each alternative's own strings
    compiled: dict[int, re.Pattern[str]]  # by bit mask of the alternatives chosen
    # string → (alternative, least and greatest offset) for each alternative holding it
    by_string: dict[str, tuple[tuple[int, int, int], ...]]
    indexed: bool  # the caller's ``seen`` holds every string of every alternative


def _alternatives_of(
    sources: list[str], per: list[tuple[Needle, ...]], indexed: bool
) -> _Alternatives:
    by_string: dict[str, list[tuple[int, int, int]]] = {}
    for index, found in enumerate(per):
        for string, lo, hi in found:
            by_string.setdefault(string, []).append((index, lo, hi))
    frozen = {string: tuple(spans) for string, spans in by_string.items()}
    return _Alternatives(tuple(sources), tuple(per), {}, frozen, indexed)


def alternative_needles(pattern: re.Pattern[str]) -> tuple[tuple[Needle, ...], ...] | None:
    """Each top-level alternative's own needles (:func:`needles` of it alone), for a pattern
    of at least ``BIG_ALTERNATION`` alternatives; None for a shorter one or one that cannot
    be split. Slow (compiles every alternative): for tables written beforehand."""
    if len(split_alternatives(pattern.pattern)) < BIG_ALTERNATION:
        return None
    split = _split(pattern)
    return None if split is None else split.needles


def know_alternatives(pattern: re.Pattern[str], per: tuple[tuple[Needle, ...], ...]) -> None:
    """Use the by-alternative search for ``pattern`` on every text, with ``per`` (from
    :func:`alternative_needles`) as its alternatives' strings; the caller promises that the
    ``seen`` it passes to :func:`finditer` with ``offsets`` holds all of them."""
    sources = split_alternatives(pattern.pattern)
    if len(sources) != len(per):
        raise ValueError("alternatives do not match the pattern")
    _ALTERNATIVES[id(pattern)] = (pattern, _alternatives_of(sources, list(per), indexed=True))


# id(pattern) → (pattern, its alternatives or None): keyed by id because hashing a compiled
# pattern hashes its whole program; the pattern is kept so its id is never reused.
_ALTERNATIVES: dict[int, tuple[re.Pattern[str], _Alternatives | None]] = {}
_MAX_COMPILED = 256  # sets of alternatives kept per pattern; beyond, the whole pattern


def _alternatives(pattern: re.Pattern[str]) -> _Alternatives | None:
    known = _ALTERNATIVES.get(id(pattern))
    if known is None:
        known = _ALTERNATIVES[id(pattern)] = (pattern, _split(pattern))
    return known[1]


def _split(pattern: re.Pattern[str]) -> _Alternatives | None:
    if pattern.flags & re.VERBOSE:
        return None
    sources = split_alternatives(pattern.pattern)
    per: list[tuple[Needle, ...]] = []
    for source in sources:
        try:
            found = needles(re.compile(source, pattern.flags))
        except re.error:  # an alternative that needs the others (a back reference)
            return None
        if found is None or any(hi >= UNBOUNDED for _, _, hi in found):
            return None
        per.append(found)
    return _alternatives_of(sources, per, indexed=False)


def split_alternatives(source: str) -> list[str]:
    """``source`` cut at its top-level ``|`` (not inside a group or a class, not escaped)."""
    parts, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            # a "]" first in the class (after an optional "^") is a literal
            if source[i + 1 : i + 2] == "^":
                i += 1
            if source[i + 1 : i + 2] == "]":
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    return parts


def _finditer_by_alternative(
    pattern: re.Pattern[str],
    alts: _Alternatives,
    text: str,
    folded: str,
    seen: dict[str, list[int]],
    complete: bool = False,
) -> Iterator[re.Match[str]]:
    """:func:`finditer`'s candidate starts, each tried with only the alternatives that
    could match there (see :class:`_Alternatives`); ``complete``: ``seen`` holds every
    alternative's strings that occur, so only those are visited."""
    # start → bit mask of the alternatives that could match there. Ints, not sets: a page
    # of candidates made as many sets, and the garbage collector's passes over them (and
    # over everything else alive in the process) made time grow faster than the text.
    candidates: dict[int, int] = {}
    known = alts.by_string.keys()
    strings = seen.keys() & known if complete else known
    for string in strings:
        places = seen.get(string)  # an alternative's own string may not be indexed
        if places is None:
            places = seen[string] = _occurrences(folded, string)
        for index, lo, hi in alts.by_string[string]:
            bit = 1 << index
            for at in places:
                for start in range(max(0, at - hi), at - lo + 1):
                    candidates[start] = candidates.get(start, 0) | bit
    after = 0
    for start in sorted(candidates):
        if start < after:
            continue
        mask = candidates[start]
        sub = alts.compiled.get(mask)
        if sub is None:
            if len(alts.compiled) >= _MAX_COMPILED:  # hostile text: no more compiling
                sub = pattern
            else:
                chosen = "|".join(s for i, s in enumerate(alts.sources) if mask >> i & 1)
                sub = alts.compiled[mask] = re.compile(chosen, pattern.flags)
        m = sub.match(text, start)
        if m is not None:
            yield m
            after = m.end()


def _occurrences(folded: str, string: str) -> list[int]:
    out = []
    at = folded.find(string)
    while at >= 0:
        out.append(at)
        at = folded.find(string, at + 1)
    return out


def _plain(ch: str) -> bool:
    """A character whose case-insensitive matches are exactly what ``fold`` maps to it."""
    return ch.isascii() or (ch.lower() == ch == ch.upper())


def _sequence(items: list[tuple[Any, Any]]) -> list[Needle] | None:
    """Items matched one after another: the most selective requirement of any of them,
    with offsets counted from the start of the sequence."""
    options: list[list[Needle]] = []
    lo = hi = 0  # offset range of the current item
    run: list[str] = []
    run_at = (0, 0)
    for op, av in items:
        if op is C.LITERAL and _plain(chr(av)):
            if not run:
                run_at = (lo, hi)
            run.append(chr(av).lower())
        else:
            if run:
                options.append([("".join(run), *run_at)])
                run = []
            inner = _item(op, av)
            if inner is not None:
                options.append([(s, lo + a, hi + b) for s, a, b in inner])
        w_lo, w_hi = _width(op, av)
        lo, hi = lo + w_lo, min(UNBOUNDED, hi + w_hi)
    if run:
        options.append([("".join(run), *run_at)])
    # Bounded offsets first, then the set whose shortest string is longest (rarest).
    return min(options, key=_rank, default=None)


def _rank(option: list[Needle]) -> tuple[bool, int, int]:
    return (
        any(hi >= UNBOUNDED for _, _, hi in option),
        -min(len(s) for s, _, _ in option),
        max(hi - lo for _, lo, hi in option),
    )


def _item(op: Any, av: Any) -> list[Needle] | None:
    if op is C.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is C.BRANCH:
        out: list[Needle] = []
        for alternative in av[1]:
            inner = _sequence(list(alternative))
            if inner is None:
                return None
            out += inner
        return out
    if op in _REPEATS and av[0] >= 1:
        return _sequence(list(av[2]))  # the first repetition starts with the item
    if op is C.IN and all(o is C.LITERAL and _plain(chr(v)) for o, v in av):
        return [(chr(v).lower(), 0, 0) for _, v in av] or None
    return None  # \b, lookarounds, classes, any character, optional parts: no requirement


def _width(op: Any, av: Any) -> tuple[int, int]:
    """Least and greatest number of characters the item matches."""
    if op in _ZERO_WIDTH:
        return (0, 0)
    if op in _ONE_WIDE:
        return (1, 1)
    if op is C.SUBPATTERN:
        return _widths(list(av[-1]))
    if op is C.BRANCH:
        spans = [_widths(list(alternative)) for alternative in av[1]]
        return (min(a for a, _ in spans), max(b for _, b in spans))
    if op in _REPEATS:
        a, b = _widths(list(av[2]))
        return (a * av[0], UNBOUNDED if av[1] >= C.MAXREPEAT else min(UNBOUNDED, b * av[1]))
    return (0, UNBOUNDED)  # anything else: no bound known


def _widths(items: list[tuple[Any, Any]]) -> tuple[int, int]:
    lo = hi = 0
    for op, av in items:
        a, b = _width(op, av)
        lo, hi = lo + a, min(UNBOUNDED, hi + b)
    return (lo, hi)
