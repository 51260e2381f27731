"""Uniqueness checks: variants of a batch, published posts, competitor wording, keyword swaps."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from clinicseo.config import Config
from clinicseo.render import TopicBrief, render_variants
from clinicseo.scoring import plain_text
from clinicseo.scoring.uniqueness import overlap_spans, similarity, uniqueness_checks
from clinicseo.shingles import shingle_hashes


@pytest.fixture(scope="module")
def batch() -> list[dict]:
    from clinicseo.config import load_config
    from tests.fixtures.config import EXAMPLE

    config = load_config(EXAMPLE)
    return render_variants(
        TopicBrief.from_text("microneedling and inflammation"), 20, config=config
    )


def _by_id(checks: list[dict]) -> dict[str, dict]:
    assert all(c["kind"] == "uniqueness" for c in checks)
    assert all(set(c) == {"id", "kind", "status", "value", "message", "spans"} for c in checks)
    return {c["id"]: c for c in checks}


def test_twenty_variants_stay_under_the_similarity_limit(
    batch: list[dict], make_config: Callable[..., Config]
) -> None:
    limit = make_config().scoring.max_similarity
    htmls = [d["html"] for d in batch]
    worst = max(similarity(a, b) for a, b in itertools.combinations(htmls, 2))
    assert worst <= limit
    for i, html in enumerate(htmls):
        checks = _by_id(
            uniqueness_checks(
                html,
                siblings=htmls[:i] + htmls[i + 1 :],
                published=[],
                competitor_shingles=set(),
                threshold=limit,
            )
        )
        assert checks["uniqueness_variants"]["status"] != "bad"
        assert checks["keyword_swap"]["status"] == "good"


def test_keyword_swapped_variant_is_caught(batch: list[dict]) -> None:
    original = batch[0]["html"]
    swapped = original.replace("acne scars", "rosacea").replace("Cosmos Clinic", "Geelong Skin")
    swapped = swapped.replace("sensitive skin", "rosacea").replace("ageing skin", "rosacea")
    assert swapped != original
    checks = _by_id(
        uniqueness_checks(
            swapped,
            siblings=[d["html"] for d in batch],
            published=[],
            competitor_shingles=set(),
            threshold=0.5,
        )
    )
    assert checks["keyword_swap"]["status"] == "bad"
    assert "rosacea" in checks["keyword_swap"]["message"]
    text = plain_text(swapped)
    swapped_words = {text[s:e].lower() for s, e in checks["keyword_swap"]["spans"]}
    assert swapped_words <= {"rosacea", "geelong skin"}
    assert checks["uniqueness_variants"]["status"] == "bad"


def test_published_overlap_names_the_draft_and_the_spans(batch: list[dict]) -> None:
    html = batch[1]["html"]
    checks = _by_id(
        uniqueness_checks(
            html,
            siblings=[],
            published=[(41, batch[5]["html"]), (42, html)],
            competitor_shingles=set(),
            threshold=0.5,
        )
    )
    published = checks["uniqueness_published"]
    assert published["status"] == "bad" and published["value"] == 1.0
    assert "#42" in published["message"]
    text = plain_text(html)
    (span,) = published["spans"]  # the whole text, first word to last
    assert span[0] == 0 and text[span[1] :].strip(" .!?)") == ""


def test_competitor_runs_of_eight_words_are_flagged_with_spans() -> None:
    ours = "<p>Our own words start here. The quick brown fox jumps over the lazy dog today.</p>"
    theirs = "Competitor text: the quick brown fox jumps over the lazy dog today, they said."
    checks = _by_id(
        uniqueness_checks(
            ours,
            siblings=[],
            published=[],
            competitor_shingles=set(shingle_hashes(theirs)),
            threshold=0.5,
        )
    )
    comp = checks["uniqueness_competitors"]
    assert comp["status"] == "bad"
    (span,) = comp["spans"]
    assert (
        plain_text(ours)[span[0] : span[1]] == "The quick brown fox jumps over the lazy dog today"
    )
    # Seven shared words in a row are a coincidence, not copying.
    seven = "Someone else wrote: brown fox jumps over the lazy dog. Nothing more."
    checks = _by_id(
        uniqueness_checks(
            ours,
            siblings=[],
            published=[],
            competitor_shingles=set(shingle_hashes(seven)),
            threshold=0.5,
        )
    )
    assert checks["uniqueness_competitors"]["status"] == "good"


def test_similarity_and_overlap_spans() -> None:
    a = "<p>One two three four five six seven. Eight nine ten eleven twelve.</p>"
    b = "<h2>Other</h2><p>Alpha beta. One two three four five six seven.</p>"
    assert similarity(a, a) == 1.0
    assert similarity(a, "<p>Nothing at all in common here, truly none.</p>") == 0.0
    assert 0 < similarity(a, b) < 1
    text = plain_text(a)
    (span,) = overlap_spans(a, b)
    assert text[span[0] : span[1]] == "One two three four five six seven"
