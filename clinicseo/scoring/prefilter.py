"""A cheap, exact test that lets the compliance scan skip a regex that cannot match.

Most detector patterns start with ``\\b`` and an alternation, so Python's ``re`` has no
literal prefix to search for and tries every alternative at every character: scanning a
1,200-word article with all detectors took ~9 ms. Nearly every article lacks every
flagged word, though, and a substring test (``"guarantee" in text``) runs at memchr speed.

:func:`needles` reads a compiled pattern's parse tree and returns strings one of which
*every* match must contain (for ``\\bguarantee[sd]?\\b|\\b100\\s?%`` that is
``{"guarantee", "100"}``); :func:`fold` prepares a text so that ``needle in fold(text)``
is a sound necessary condition for a case-insensitive match. When the tree holds anything
this module does not understand, :func:`needles` returns None and the caller always runs
the regex, so a finding can never be lost to the prefilter, only time saved.

Failure modes: none; unknown syntax means "no prefilter", never an error.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]  # sre's parse-tree opcodes
from re import _parser  # type: ignore[attr-defined]  # the same parser re.compile uses
from typing import Any

Needles = frozenset[str]

# Under re.IGNORECASE these non-ASCII letters match ASCII ones ("ſ" matches "s"; "İ" lowers
# to "i" in sre but to "i̇", two characters, in str.lower): map them before lowering.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def fold(text: str) -> str:
    """The text a needle is searched in: lower case, with re's extra case equivalents."""
    return text.translate(_FOLD).lower()


def needles(pattern: re.Pattern[str]) -> Needles | None:
    """Lower-case strings one of which every match of ``pattern`` contains, or None."""
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # a parser change in a future Python: fall back to the full scan
        return None
    found = _sequence(list(tree))
    if not found or any(not n for n in found):
        return None
    return found


def _plain(ch: str) -> bool:
    """A character whose case-insensitive matches are exactly what ``fold`` maps to it."""
    return ch.isascii() or (ch.lower() == ch == ch.upper())


def _sequence(items: list[tuple[Any, Any]]) -> Needles | None:
    """Items matched one after another: the most selective requirement of any of them."""
    options: list[Needles] = []
    run: list[str] = []
    for op, av in items:
        if op is C.LITERAL and _plain(chr(av)):
            run.append(chr(av).lower())
            continue
        if run:
            options.append(frozenset({"".join(run)}))
            run = []
        need = _item(op, av)
        if need is not None:
            options.append(need)
    if run:
        options.append(frozenset({"".join(run)}))
    # The set whose shortest string is longest is the rarest to find by chance.
    return max(options, key=lambda s: min(map(len, s)), default=None)


def _item(op: Any, av: Any) -> Needles | None:
    if op is C.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is C.BRANCH:
        branches = [_sequence(list(b)) for b in av[1]]
        if any(b is None for b in branches):
            return None
        return frozenset().union(*branches)  # type: ignore[arg-type]
    if op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:
        return _sequence(list(av[2]))
    if op is C.IN and all(o is C.LITERAL and _plain(chr(v)) for o, v in av):
        return frozenset(chr(v).lower() for _, v in av) or None
    return None  # \b, lookarounds, classes, any character, optional parts: no requirement
