"""A rule pack's regular expressions, built cheaply for a short-lived process.

``clinicseo score FILE`` loads a pack, scores one file and exits, so loading the pack is most
of its time. Two things made loading take ~0.9 s: compiling the ~150 context patterns
(``unless_*``), most of which no text ever needs, and deriving each detector's needles
(``prefilter.needles`` parses a pattern of up to 8,000 characters again, after
``re.compile`` already did). So context patterns compile on first use (:class:`LazyPattern`)
and needles come from ``rules/needles.json``, a table keyed by a digest of each pattern that
``scripts/index_needles.py`` writes (a test checks it is current). A pattern missing from
the table has its needles derived as before: a stale table costs time, never a finding.

Failure modes: a context pattern that does not compile raises ``re.error`` on first use
(the shipped packs are compiled in full by the tests); an unreadable table is a packaging
error and raises.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from importlib.resources import files
from typing import Any

from clinicseo.scoring import prefilter

NEEDLE_TABLE = "needles.json"


class LazyPattern:
    """A regular expression compiled the first time it is searched."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int = re.I) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled().search(text)


def digest(pattern: re.Pattern[str]) -> str:
    """The key of a pattern in the needle table: its flags and source."""
    return hashlib.sha256(f"{pattern.flags}\0{pattern.pattern}".encode()).hexdigest()[:20]


def needles(pattern: re.Pattern[str]) -> tuple[prefilter.Needle, ...] | None:
    """``prefilter.needles(pattern)``, read from the shipped table when it holds the pattern."""
    table = _table()
    key = digest(pattern)
    if key not in table:
        return prefilter.needles(pattern)
    found = table[key]
    return None if found is None else tuple((str(s), int(lo), int(hi)) for s, lo, hi in found)


def table_of(patterns: list[re.Pattern[str]]) -> dict[str, list[list[Any]] | None]:
    """The needle table for these patterns, derived afresh (what the script writes)."""
    out: dict[str, list[list[Any]] | None] = {}
    for pattern in patterns:
        found = prefilter.needles(pattern)
        out[digest(pattern)] = None if found is None else [list(n) for n in found]
    return dict(sorted(out.items()))


@cache
def _table() -> dict[str, list[list[Any]] | None]:
    path = files("clinicseo.scoring") / "rules" / NEEDLE_TABLE
    if not path.is_file():
        return {}
    table: dict[str, list[list[Any]] | None] = json.loads(path.read_text("utf-8"))
    return table
