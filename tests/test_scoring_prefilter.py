"""The compliance prefilter finds exactly what the plain regex scan finds, never less.

For every detector of every rule pack, `prefilter.finditer` (the literal-needle shortcut
compliance.py uses) must yield the same matches, spans and groups as `pattern.finditer`:
on the seed article, on texts seeded with each detector's flagged wording (case variants,
lookalike letters such as "ſ" and "İ", curly quotes, glued and repeated words), and on
arbitrary text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinicseo.scoring import compliance, prefilter
from clinicseo.scoring.claims.needles import NeedleIndex
from clinicseo.scoring.compliance import Detector
from tests.fixtures import SEED_ARTICLE

SEED = SEED_ARTICLE


def _detectors() -> list[tuple[str, Detector]]:
    """Every distinct detector of the AU, UK and US packs, loaded as compliance.py does."""
    found: dict[str, tuple[str, Detector]] = {}
    for code in ("AU", "UK", "US"):
        for rule in compliance.load_pack(code).rules:
            for i, det in enumerate(rule.detectors):
                found.setdefault(det.pattern.pattern, (f"{code}-{rule.id}-{i}", det))
    return list(found.values())


DETECTORS = _detectors()
IDS = [name for name, _ in DETECTORS]

# Wording each detector flags (every detector must match at least one: see the test).
FLAGGED = [
    # R1 guarantees and outcomes
    "Results guaranteed", "we guarantee it", "guarantees", "100% effective", "100 %",
    # the families of meaning added for the outside writers' second batch
    "your skin will look smoother", "nothing to worry about", "none of the downtime",
    "just a little redness", "reviews written by our own team", "regardless of your age",
    "whenever the mood strikes", "'I love my skin now,' says Kate", "five gold stars",
    "it always works", "will remove", "will get rid of", "will reverse", "a youthful glow",
    "a more youthful appearance", "younger-looking skin", "years younger",
    "turn back the clock", "flawless", "perfect skin", "anti-ageing results",
    "antiaging result", "instant results", "amazing result",
    "you'll see smoother skin", "every single client walks out with visibly tighter skin",
    "the only side effect is a little redness", "nothing more than a little redness",
    "firmer skin by the weekend",
    # R1 families for the outside writers AB-AG (vouched for, no cover-up, time frame first)
    "that's how sure we are it works", "you won't need foundation after your course",
    "by your third session those breakouts will have settled",
    # R2 permanence and cures
    "permanently", "forever", "cures", "eliminating", "erased", "getting rid of",
    "completely removes", "completely fixed", "scar removal", "removes wrinkles",
    "removing stretch marks", "those scars will be a distant memory",
    # R1/R2 families for the outside writers AH-AM (vouched for by a refund, total removal)
    "no results, no charge", "takes even deep scars down to nothing",
    # R3 safety
    "completely safe", "100% safe", "safe", "risk-free", "no risks", "without any risk",
    "painlessly", "pain free", "no downtime", "zero downtime", "no side-effects",
    "a quick and easy treatment", "quick microneedling", "the procedure is so quick",
    "Recovery is really gentle", "simple, gentle sessions",
    "gentle enough for anyone", "back at work the same day", "forget the aftercare",
    "Downtime? What downtime?", "as for side effects, there aren't any",
    # R3/R7 families for the outside writers P-AA (waved off, flippant "that's it")
    "a bit of pink for an hour, that's literally it", "not even worth mentioning",
    # R3/R7 families for the outside writers AB-AG (complications ruled out, pain asked and
    # brushed off, a mild sign and "that's about all")
    "zero chance of an allergic reaction", "Does it hurt? Nope",
    "a tiny tingle, and that's about all", "forget about pigmentation risk",
    # R4 superlatives
    "the best", "best practice", "market-leading", "leading clinic", "leading to", "No. 1",
    "no1", "number one", "most advanced", "world-class", "better than", "premier",
    "trusted experts", "unrivalled", "unparalleled", "unmatched", "cutting-edge",
    "state-of-the-art", "top-rated", "top results", "finest", "superior",
    # before/after
    "before and after", "before & after", "before/after", "before-after",
    # testimonials, reviews
    "testimonials", "our happy clients say", "said one of our patients", "Google reviews",
    "5-star review", "★", "4.5 stars", '"This treatment changed my life forever" — Jane',
    "“I love my skin now, truly amazing” - Sam", "in exchange for an honest review",
    "paid testimonials", "for a five-star review", "reviews written by staff",
    "testimonials drafted by our marketing team", "reviews hand-picked from our happiest clients",
    "what our clients had to say",
    # higher-risk and prescription-only
    "PRP", "platelet-rich plasma", "vampire facial", "exosomes", "polynucleotides",
    "Botox", "Dysport", "Xeomin", "Juvéderm", "Juvederm", "Restylane", "botulinum",
    "anti-wrinkle injections", "wrinkle-reducing injection", "dermal fillers", "lip filler",
    # approval
    "the TGA has approved it", "TGA-approved", "FDA cleared", "approved by the MHRA",
    # inducements and urgency
    "20% off", "free consultation", "bonus", "discounted", "special offers",
    "Buy one, get", "book 2 get", "gift vouchers", "limited-time", "act now",
    "don't delay", "book today", "hurry", "only 3 spots left", "while stocks last",
    "before it's too late",
    # indiscriminate
    "for everyone", "suitable for all skin types", "no consultation needed",
    "as often as you like", "unlimited sessions", "bundle", "package deals",
    "the more sessions",
    # titles, evidence, minors
    "cosmetic surgeon", "plastic surgeons", "specialist", "dermatologists",
    "a dermatologist (GP, general registration)",
    "numerous scientific studies show", "research proves", "clinically proven", "proven to",
    "boosts collagen by up to 400%",
    "teens", "teenagers", "under-18s", "schoolies", "back to school", "formal season", "prom",
    "high school", "school formal", "a fifteen-year-old",
    # cures, edited photos, prescription skin medicines (detectors added for issue 10)
    "clears rosacea", "we retouch our after photos", "tretinoin",
    # families for the outside writers E-H (R1 time frames, every problem, slang; R2 gone)
    "cures melasma in one visit", "treats the lot", "the closest thing to a time machine",
    "permanent results", "my pores vanished", "Acne scars? History.",
    "not one client who hasn't loved it", "improvement is a certainty",
    # comparisons, testimonials, photos and indiscriminate use by family (issue 10, round 3)
    "twice as well as retinol", "the safest pen on the market", "two for the price of one",
    "a gallery of 16-year-olds' transformations", "leave us a five-star Google review",
    "a review from Mia", "'my scars completely vanished,' says Hannah",
    # R1/R2 families for the outside writers P-AA (done deals, ironed out, sealed with a
    # promise, certainty, photos as what you'll get; R2 gone in a time frame, lasting: yes)
    "Wrinkles? Sorted.", "irons them right out", "it's gone, and that's a promise",
    "it simply works", "exactly what you can expect", "gone in three sessions",
    "A glow that lasts forever? Yes please", "results that really last",
    # rivals, the top, named before/afters and flattering photos (issue 10, outside writers P-AA)
    "a lift that creams just can't", "the top injector in Perth", "Mia's transformation",
    "a little smoothing on the after", "monthly peels, forever", "buy five and the sixth is on us",
    "leave us five stars and your next peel is on the house", "a message from a patient",
    "Patients rave: 'it was painless!'", "you'll feel only a little warmth",
    # offers, titles, evidence and minors for the outside writers P-AA (issue 10, round 4)
    "Dr Ava (PhD, skin science)", "I call myself one", "Liam (17)", "9 out of 10 clients see",
    "a $20 credit", "£99 this month", "injectables and peels",
    "acne, rosacea, melasma and more",
    # offers, allusions, titles, evidence, minors and approval for outside writers AB-AG
    "results or your money back", "an LED add-on at no extra charge",
    "the best comment wins a free facial", "model patients for £50", "if you book today",
    "a little something to relax them", "don't let spots ruin your formal",
    "buy three sessions, get the fourth half price",
    # reviews invented, borrowed, filtered or boosted, for outside writers AH-AM
    "a few sample reviews", "five-star reviews only, we hide the rest",
]  # fmt: skip

# Letters re.IGNORECASE treats as ASCII ones, and quote marks the detectors care about.
LOOKALIKES: dict[str, Callable[[str], str]] = {
    "long s": lambda t: t.replace("s", "ſ"),
    "dotted I": lambda t: t.replace("i", "İ").replace("I", "İ"),
    "dotless i": lambda t: t.replace("i", "ı"),
    "Kelvin sign": lambda t: t.replace("k", "\u212a"),
    "curly apostrophe": lambda t: t.replace("'", "\u2019"),
    "curly quotes": lambda t: t.replace('"', "\u201c", 1).replace('"', "\u201d", 1),
}
VARIANTS: dict[str, Callable[[str], str]] = {
    "as written": lambda t: t,
    "upper": str.upper,
    "lower": str.lower,
    "title": str.title,
    "swapcase": str.swapcase,
    **LOOKALIKES,
}


def _matches(matches: Iterable[re.Match[str]]) -> list[tuple[object, ...]]:
    """Everything a caller can read from each match: span, text, groups and their spans."""
    out: list[tuple[object, ...]] = []
    for m in matches:
        spans = tuple(m.span(g) for g in range(m.re.groups + 1))
        out.append((spans, m.group(), m.groups(), m.groupdict()))
    return out


def _assert_same(det: Detector, text: str) -> int:
    """The prefiltered and the plain scan agree on `text`; returns the number of matches."""
    plain = _matches(det.pattern.finditer(text))
    folded = prefilter.fold(text)
    fast = _matches(prefilter.finditer(det.pattern, det.needles, text, folded))
    assert fast == plain, f"{det.rule} {det.pattern.pattern!r} on {text[:200]!r}"
    # as compliance.run calls it: every string found beforehand by one index pass
    seen = _index(det).occurrences(folded)
    indexed = prefilter.finditer(det.pattern, det.needles, text, folded, seen, det.offsets)
    assert _matches(indexed) == plain, f"{det.rule} {det.pattern.pattern!r} (indexed)"
    return len(plain)


_INDEXES: dict[int, tuple[Detector, NeedleIndex]] = {}


def _index(det: Detector) -> NeedleIndex:
    """One index per detector (building one is the slow part), as a pack keeps one."""
    if id(det) not in _INDEXES:
        _INDEXES[id(det)] = (det, NeedleIndex(det.strings))
    return _INDEXES[id(det)][1]


def test_alternatives_are_cut_only_at_the_top_level() -> None:
    source = r"\ba|b(?:c|d)|[|\]]x|\|y|(e|f)"
    assert prefilter.split_alternatives(source) == [r"\ba", "b(?:c|d)", r"[|\]]x", r"\|y", "(e|f)"]
    assert prefilter.split_alternatives("[]|]z|w") == ["[]|]z", "w"]


def test_long_alternations_can_be_tried_alternative_by_alternative() -> None:
    # On text with thousands of candidate starts each start is tried with the few
    # alternatives whose own strings occur near it, which keeps time linear
    # (tests/test_scoring_linear.py); the same matches: the many-candidates test above.
    split = [name for name, det in DETECTORS if prefilter._alternatives(det.pattern) is not None]
    assert len(split) >= 0.8 * len(DETECTORS)


def test_every_detector_has_needles_so_the_shortcut_is_in_use() -> None:
    # A detector without needles still finds everything (plain scan), but slowly; this
    # keeps the fast path in use and keeps the equality tests below from being vacuous.
    missing = [name for name, det in DETECTORS if not det.needles]
    assert DETECTORS and missing == []


def test_no_needle_sends_its_detector_back_to_the_whole_text() -> None:
    # A needle with no limit on how far before it a match may start (`\w+'s favourite`)
    # makes the detector scan the whole text whenever the word occurs anywhere: "happy" and
    # "top" in ordinary template prose made two detectors 8 of a generated article's 12 ms.
    # Bound the quantifier (`\w{1,20}`) instead.
    unbounded = [(name, string) for name, det in DETECTORS for string, _, hi in det.needles or ()
                 if hi >= prefilter.UNBOUNDED]  # fmt: skip
    assert unbounded == []


@pytest.mark.parametrize(("name", "det"), DETECTORS, ids=IDS)
def test_seed_article_gives_the_same_matches(name: str, det: Detector) -> None:
    text = SEED.read_text(encoding="utf-8")
    _assert_same(det, text)
    _assert_same(det, text.replace("’", "'").replace("‘", "'"))  # as compliance.py scans it


def test_seed_article_findings_are_found_through_the_shortcut() -> None:
    text = SEED.read_text(encoding="utf-8")
    found = {
        m.group()
        for _, det in DETECTORS
        for m in prefilter.finditer(det.pattern, det.needles, text, prefilter.fold(text))
    }
    # The seed post's known problems (see tests/test_compliance.py).
    assert {"generally safe", "premier", "trusted expert"} <= found
    assert "Numerous scientific studies support" in found


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_flagged_wording_gives_the_same_matches(variant: str) -> None:
    change = VARIANTS[variant]
    document = " ".join(f"Our clinic offers {change(p)}. Ask us?" for p in FLAGGED)
    total = _assert_all(document)
    for phrase in map(change, FLAGGED):
        # Alone (matches at offset 0 and at the very end), glued to letters (word
        # boundaries), repeated (adjacent and overlapping candidate starts).
        for text in (phrase, f"x{phrase}x", phrase + phrase, f"{phrase} {phrase}"):
            total += _assert_all(text)
    assert total > 0


def _assert_all(text: str) -> int:
    return sum(_assert_same(det, text) for _, det in DETECTORS)


def test_every_detector_matches_some_flagged_wording() -> None:
    # Otherwise the flagged-wording test would prove nothing for that detector.
    document = " ".join(f"Our clinic offers {p}. " for p in FLAGGED)
    silent = [name for name, det in DETECTORS if not det.pattern.search(document)]
    assert silent == []


@pytest.mark.parametrize("lookalike", ["long s", "dotted I", "dotless i", "Kelvin sign"])
def test_lookalike_letters_are_still_found(lookalike: str) -> None:
    # re.IGNORECASE matches "ſafe" to "safe": a prefilter that compared raw lower case
    # would skip these matches, which the plain scan finds.
    change = LOOKALIKES[lookalike]
    document = change(" ".join(f"Our clinic offers {p}. " for p in FLAGGED))
    assert _assert_all(document) > 0
    assert document != " ".join(f"Our clinic offers {p}. " for p in FLAGGED)


def test_fold_maps_every_character_re_matches_to_a_needle_letter() -> None:
    # Exhaustive over Unicode: a character the regex engine matches (case-blind) to a
    # character of some needle must fold to exactly that character, or the shortcut
    # could skip a match the plain scan makes.
    letters = sorted({ch for _, det in DETECTORS for s, _, _ in det.needles or () for ch in s})
    any_letter = re.compile("[" + "".join(map(re.escape, letters)) + "]", re.I)
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        if any_letter.fullmatch(ch):
            same = [p for p in letters if re.fullmatch(re.escape(p), ch, re.I)]
            assert prefilter.fold(ch) in same, f"U+{cp:04X} {ch!r} folds to {prefilter.fold(ch)!r}"


def test_many_candidates_are_tried_by_alternative_with_the_same_matches() -> None:
    # Thousands of needle occurrences: each start is tried with the alternatives near it.
    text = "safe and safer, not safe; " * 2_000 + "100% safe forever."
    for _, det in DETECTORS:
        _assert_same(det, text)


FRAGMENTS = [
    *FLAGGED,
    *{s for _, det in DETECTORS for s, _, _ in det.needles or ()},
    " ", " ", ".", "?", ",", "-", "'", "’", '"', "“", "”", "ſ", "İ", "ı", "\u212a", "\n",
    "not ", "no ", "%", "1", "5", "é",
]  # fmt: skip
_piece = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4))
_text = st.lists(_piece, max_size=30).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_text, variant=st.sampled_from(list(VARIANTS)))
def test_any_text_gives_the_same_matches(text: str, variant: str) -> None:
    _assert_all(VARIANTS[variant](text))


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=200))
def test_arbitrary_unicode_gives_the_same_matches(text: str) -> None:
    _assert_all(text)


def test_trying_by_alternative_gives_the_same_matches_on_ordinary_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every start tried by alternative, not only on hostile text: the seed article and the
    # flagged wording, indexed and not.
    monkeypatch.setattr(prefilter, "MAX_CANDIDATES", 0)
    document = " ".join(f"Our clinic offers {p}. Ask us?" for p in FLAGGED)
    assert _assert_all(document) > 0
    assert _assert_all(SEED_ARTICLE.read_text()) > 0
