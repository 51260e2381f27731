"""A rule pack's regular expressions, built cheaply for a short-lived process.

``clinicseo score FILE`` loads a pack, scores one file and exits, so loading the pack is most
of its time. Two things made loading take ~0.9 s: compiling the ~150 context patterns
(``unless_*``), most of which no text ever needs, and deriving each detector's needles
(``prefilter.needles`` parses a pattern of up to 8,000 characters again, after
``re.compile`` already did). So context patterns compile on first use (:class:`LazyPattern`)
and needles come from ``rules/needles.json``, a table keyed by a digest of each pattern that
``scripts/index_needles.py`` writes (a test checks it is current). The table also holds a
long alternation's alternatives' needles, which lets the prefilter try each candidate start
with only the alternatives that could match there (deriving them compiles every
alternative, ~0.9 s). A pattern missing from the table has its needles derived as before
and is tried whole: a stale table costs time, never a finding.

Failure modes: a context pattern that does not compile raises ``ValueError`` naming its
file, rule and key on first use (the shipped packs are compiled in full by the tests); an
unreadable table is a packaging error and raises.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from clinicseo.scoring import prefilter

NEEDLE_TABLE = "needles.json"


class LazyPattern:
    """A regular expression compiled the first time it is searched; ``where`` names its
    file, rule and key, so a pattern that does not compile says where it is written."""

    __slots__ = ("pattern", "where", "_compiled")

    def __init__(self, pattern: str, where: str = "") -> None:
        self.pattern = pattern
        self.where = where
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            try:
                self._compiled = re.compile(self.pattern, re.I)
            except re.error as exc:
                raise ValueError(f"{self.where}: bad pattern: {exc}") from exc
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled().search(text)


def digest(pattern: re.Pattern[str]) -> str:
    """The key of a pattern in the needle table: its flags and source."""
    return hashlib.sha256(f"{pattern.flags}\0{pattern.pattern}".encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Prepared:
    """What the prefilter needs of a detector's pattern."""

    needles: tuple[prefilter.Needle, ...] | None
    # each alternative's own needles, for a long alternation the table knows (else None)
    alternatives: tuple[tuple[prefilter.Needle, ...], ...] | None = None

    def strings(self) -> list[str]:
        """Every string the pack's index must find for this pattern."""
        out = [s for s, _, _ in self.needles or ()]
        out += [s for found in self.alternatives or () for s, _, _ in found]
        return out


def prepare(pattern: re.Pattern[str]) -> Prepared:
    """The pattern's needles, read from the shipped table when it holds the pattern (else
    derived), and for a long alternation its alternatives' needles, registered with the
    prefilter so each candidate start is tried with only its likely alternatives (only from
    the table: deriving them compiles every alternative, too slow for a load)."""
    entry = _table().get(digest(pattern))
    if not isinstance(entry, dict):  # not in the table (or a table of an older format)
        return Prepared(prefilter.needles(pattern))
    per = entry["alternatives"]
    prepared = Prepared(
        _needles(entry["needles"]), None if per is None else tuple(map(_needles_of, per))
    )
    if prepared.alternatives is not None:
        prefilter.know_alternatives(pattern, prepared.alternatives)
    return prepared


def table_of(patterns: list[re.Pattern[str]]) -> dict[str, dict[str, Any]]:
    """The needle table for these patterns, derived afresh (what the script writes)."""
    out: dict[str, dict[str, Any]] = {}
    for pattern in patterns:
        found = prefilter.needles(pattern)
        per = prefilter.alternative_needles(pattern)
        out[digest(pattern)] = {
            "needles": None if found is None else [list(n) for n in found],
            "alternatives": None if per is None else [[list(n) for n in a] for a in per],
        }
    return dict(sorted(out.items()))


def _needles(found: list[list[Any]] | None) -> tuple[prefilter.Needle, ...] | None:
    return None if found is None else _needles_of(found)


def _needles_of(found: list[list[Any]]) -> tuple[prefilter.Needle, ...]:
    return tuple((str(s), int(lo), int(hi)) for s, lo, hi in found)


@cache
def _table() -> dict[str, dict[str, Any]]:
    path = files("clinicseo.scoring") / "rules" / NEEDLE_TABLE
    if not path.is_file():
        return {}
    table: dict[str, dict[str, Any]] = json.loads(path.read_text("utf-8"))
    return table
