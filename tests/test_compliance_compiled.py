"""How a rule pack's regexes are built for a short-lived process (claims/compiled.py): the
shipped needle table is current, every context pattern compiles, and a pattern the table
does not know still gets its needles."""

from __future__ import annotations

import re

import pytest

from clinicseo.scoring import prefilter
from clinicseo.scoring.claims import compiled
from clinicseo.scoring.compliance import load_pack


@pytest.mark.parametrize("code", ["AU", "UK", "US"])
def test_the_needle_table_holds_every_detector_as_derived_afresh(code: str) -> None:
    table = compiled._table()
    for rule in load_pack(code).rules:
        for det in rule.detectors:
            fresh = compiled.table_of([det.pattern])
            assert table.get(compiled.digest(det.pattern), "missing") == fresh.popitem()[1], (
                f"{rule.id}: the needle table is stale; run scripts/index_needles.py"
            )


@pytest.mark.parametrize("code", ["AU", "UK", "US"])
def test_every_context_pattern_compiles(code: str) -> None:
    # They compile on first use; a broken one must not wait for the text that needs it.
    for rule in load_pack(code).rules:
        for det in rule.detectors:
            for lazy in (det.unless_after, det.unless_before, det.unless_sentence,
                         det.unless_document):  # fmt: skip
                if lazy is not None:
                    assert isinstance(lazy.compiled(), re.Pattern), (rule.id, lazy.pattern)


def test_a_pattern_the_table_does_not_know_gets_its_needles_derived() -> None:
    pattern = re.compile(r"\bwe (?:promise|vow) (?:you )?(?:smooth|clear)er skin\b", re.I)
    assert compiled.digest(pattern) not in compiled._table()
    prepared = compiled.prepare(pattern)
    assert prepared.needles == prefilter.needles(pattern) and prepared.needles is not None
    assert prepared.alternatives is None  # never derived at load: too slow


def test_long_alternations_are_tried_by_alternative_with_their_strings_indexed() -> None:
    # The table lets every long alternation try each candidate start with only its likely
    # alternatives; the pack's index must then find those alternatives' strings too.
    pack = load_pack("AU")
    long = [d for r in pack.rules for d in r.detectors if compiled.prepare(d.pattern).alternatives]
    assert len(long) >= 5
    assert pack.needles is not None
    for det in long:
        assert set(det.strings) <= set(pack.needles.strings)


def test_a_lazy_pattern_searches_as_its_compiled_regex() -> None:
    lazy = compiled.LazyPattern(r"\bwhen performed by\b")
    assert lazy.search("Safe when performed by a nurse.") is not None
    assert lazy.search("Safe for everyone.") is None


def test_a_context_pattern_that_does_not_compile_names_where_it_is_written() -> None:
    lazy = compiled.LazyPattern(r"\b(?:unclosed", "common.toml: rule R3: unless_sentence")
    with pytest.raises(ValueError, match="common.toml: rule R3: unless_sentence: bad pattern"):
        lazy.search("Safe for everyone.")
