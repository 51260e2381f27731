"""Families of meaning for R4 (superlatives and comparisons), R5 (testimonials), R6
(before/after photos) and R9 (indiscriminate use), written for wordings the outside writers
used: each family is caught in new paraphrases (not copied from the dev set) and cleared in
hard negatives, in every pack where the rule applies, patterns only."""

from __future__ import annotations

import html

import pytest

from clinicseo.scoring.compliance import load_pack, run
from clinicseo.scoring.document import parse

ALL = ("AU", "UK", "US")
NOT_US = ("AU", "UK")  # the FTC has no counterpart to R9 and R13


def rules_in(sentence: str, jurisdiction: str, page: str = "") -> set[str]:
    """The rules whose findings fall inside this sentence, patterns only."""
    doc = parse(f"<p>{html.escape(sentence, quote=False)}</p>{page}")
    end = len(doc.text) if not page else len(sentence)
    return {
        f["rule"]
        for c in run(doc, load_pack(jurisdiction), use_model=False)
        for f in c["findings"]
        if f["where"] == "text" and f["span"] is not None and f["span"][1] <= end
    }


def _cases(sentences: list[str], packs: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(j, s) for s in sentences for j in packs]


R4_CAUGHT = [
    # better than another treatment, doctor or price
    "Our LED facial works three times as well as any serum.",
    "Specialist-grade skin at a fraction of the cost.",
    "Surgeon-level results from a thirty-minute appointment.",
    "Honestly, nothing compares to a course of RF needling for texture.",
    "Our chemical peel beats expensive lasers every single time.",
    "This pen is the Ferrari of skin needling.",
    "It lifts the jawline like a surgical facelift.",
    "Unlike traditional peels, our formula actually reaches the deeper layers.",
    "You get smoother skin in half the time.",
    # the safest / only … in town, on the market; above all others; nobody does it better
    "Ours is the gentlest, fastest laser in the city.",
    "Simply the strongest retinol peel money can buy.",
    "The quickest way to firmer skin.",
    "This is the last skin treatment you will ever want.",
    "The only microneedling pen in Brisbane with this certification.",
    "Our injectors stand above the rest.",
    "Nobody on the Gold Coast does lip filler quite like us.",
    "Our therapists are more experienced than anyone in the region.",
    "The highest-quality injectables in the country.",
]
R4_CLEARED = [
    "We won't claim our clinic is the safest in town; ask us about our training instead.",
    "Acne scars are best assessed in person before any plan is made.",
    "Patients often ask what the 'best' peel is; the answer depends on their skin.",
    "Other clinics call their device the holy grail of skin care; we'd rather show the data.",
    "Shortlisted, Best New Clinic, Regional Business Awards 2025.",
    "Older scars tend to respond more slowly than newer ones.",
    "A course usually takes three sessions, spaced four to six weeks apart.",
    "Microneedling is not a substitute for surgery, and it won't lift like a facelift.",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R4_CAUGHT, ALL))
def test_r4_comparison_families_are_caught(jurisdiction: str, sentence: str) -> None:
    assert "R4" in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R4_CLEARED, ALL))
def test_r4_hard_negatives_are_cleared(jurisdiction: str, sentence: str) -> None:
    assert "R4" not in rules_in(sentence, jurisdiction)
