"""SEO checks at Yoast's boundaries, the SEO aggregator, and the contract's shape."""

from __future__ import annotations

import json

import pytest

from clinicseo.config import ScoringConfig
from clinicseo.scoring import score_document
from clinicseo.scoring.document import Document, parse
from clinicseo.scoring.result import seo_score
from clinicseo.scoring.seo import (
    content_words,
    image_alt,
    keyphrase_density,
    keyphrase_in_introduction,
    keyphrase_in_meta_description,
    keyphrase_in_slug,
    keyphrase_in_subheadings,
    keyphrase_in_title,
    keyphrase_length,
    link_checks,
    meta_description_length,
    text_length,
    title_width,
)
from clinicseo.scoring.widths import title_width_px

KP = "microneedling aftercare"
KPW = content_words(KP)

CONTRACT_SEO_IDS = {
    "keyphrase_length", "keyphrase_in_title", "keyphrase_in_introduction",
    "keyphrase_in_meta_description", "keyphrase_in_slug", "keyphrase_in_subheadings",
    "keyphrase_density", "meta_description_length", "text_length", "title_width",
    "outbound_links", "internal_links", "images", "image_alt",
}  # fmt: skip
CONTRACT_READABILITY_IDS = {
    "sentence_length", "paragraph_length", "subheading_distribution", "passive_voice",
    "transition_words", "consecutive_sentences", "flesch_reading_ease",
}  # fmt: skip


def filler(n: int) -> str:
    return " ".join(f"word{i % 50}" for i in range(n))


def test_contract_shape_and_json() -> None:
    html = (
        "<h2>Microneedling aftercare</h2><p>Microneedling aftercare matters. "
        + filler(300)
        + "</p>"
    )
    result = score_document(html, keyphrase=KP, title="Microneedling aftercare guide", slug="x")
    json.dumps(result)  # serialisable as the CLI prints it
    assert set(result) == {
        "words", "sentences", "readability", "checks", "scores", "approvable", "blocking",
    }  # fmt: skip
    assert set(result["readability"]) == {
        "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
        "coleman_liau_index", "automated_readability_index", "dale_chall", "reading_time_s",
    }  # fmt: skip
    ids = {c["id"] for c in result["checks"]}
    assert ids >= CONTRACT_SEO_IDS and ids >= CONTRACT_READABILITY_IDS
    for c in result["checks"]:
        assert {"id", "kind", "status", "value", "message", "spans"} <= set(c)
        assert c["kind"] in ("readability", "seo", "compliance", "uniqueness")
        assert c["status"] in ("good", "ok", "bad")
    assert 0 <= result["scores"]["readability"] <= 100 and 0 <= result["scores"]["seo"] <= 100


@pytest.mark.parametrize(
    ("keyphrase", "status"),
    [(1, "good"), (4, "good"), (5, "ok"), (8, "ok"), (9, "bad")],
)
def test_keyphrase_length(keyphrase: int, status: str) -> None:
    words = ["skin", "face", "neck", "hand", "foot", "cheek", "brow", "chin", "lip"][:keyphrase]
    # Function words do not count: "the" and "of" are ignored.
    phrase = "the " + " of ".join(words)
    assert len(content_words(phrase)) == keyphrase
    assert keyphrase_length(content_words(phrase), "")["status"] == status


def test_no_keyphrase_scores_seo_zero_like_yoast() -> None:
    result = score_document("<p>" + filler(400) + "</p>", title="A title")
    check = next(c for c in result["checks"] if c["id"] == "keyphrase_length")
    assert check["score"] == -999 and check["status"] == "bad"
    assert result["scores"]["seo"] == 0


def test_keyphrase_in_title() -> None:
    assert keyphrase_in_title(KP, KPW, "Microneedling aftercare: a guide")["status"] == "good"
    assert keyphrase_in_title(KP, KPW, "The microneedling aftercare guide")["status"] == "good"
    assert keyphrase_in_title(KP, KPW, "A guide to microneedling aftercare")["status"] == "ok"
    assert keyphrase_in_title(KP, KPW, "Aftercare after microneedling")["status"] == "ok"
    assert keyphrase_in_title(KP, KPW, "Skin needling guide")["status"] == "bad"


def test_keyphrase_in_introduction() -> None:
    one = parse("<p>Microneedling aftercare is simple. More.</p><p>Second.</p>")
    split = parse("<p>Microneedling helps. Aftercare matters.</p>")
    none = parse("<p>Nothing here.</p><p>Microneedling aftercare later.</p>")
    assert keyphrase_in_introduction(one, KPW)["status"] == "good"
    assert keyphrase_in_introduction(split, KPW)["status"] == "ok"
    assert keyphrase_in_introduction(none, KPW)["status"] == "bad"


def test_keyphrase_in_meta_description() -> None:
    assert keyphrase_in_meta_description(KPW, "Microneedling aftercare tips.")["status"] == "good"
    three = "Microneedling aftercare. Microneedling aftercare. Microneedling aftercare."
    assert keyphrase_in_meta_description(KPW, three)["status"] == "bad"
    assert keyphrase_in_meta_description(KPW, "Skin tips.")["status"] == "bad"


@pytest.mark.parametrize(
    ("n", "status"), [(0, "bad"), (120, "ok"), (121, "good"), (156, "good"), (157, "ok")]
)
def test_meta_description_length(n: int, status: str) -> None:
    assert meta_description_length("x" * n)["status"] == status


def test_keyphrase_in_slug() -> None:
    assert keyphrase_in_slug(KPW, "microneedling-aftercare-tips")["status"] == "good"
    assert keyphrase_in_slug(KPW, "microneedling-tips")["status"] == "ok"
    three = content_words("microneedling acne scars")
    assert keyphrase_in_slug(three, "microneedling-acne")["status"] == "good"  # > 50%
    assert keyphrase_in_slug(three, "microneedling-guide")["status"] == "ok"


def test_keyphrase_in_subheadings_share() -> None:
    def doc(matching: int, other: int) -> Document:
        heads = ["<h2>Microneedling aftercare step</h2>"] * matching + ["<h2>Other</h2>"] * other
        return parse("".join(h + "<p>Text.</p>" for h in heads))

    assert keyphrase_in_subheadings(doc(1, 2), KPW)["status"] == "good"  # 33%
    assert keyphrase_in_subheadings(doc(3, 1), KPW)["status"] == "good"  # 75%
    assert keyphrase_in_subheadings(doc(4, 1), KPW)["status"] == "bad"  # 80%
    assert keyphrase_in_subheadings(doc(1, 3), KPW)["status"] == "bad"  # 25%
    assert keyphrase_in_subheadings(doc(1, 0), KPW)["status"] == "good"  # the only one


def test_a_subheading_reflects_the_keyphrase_with_more_than_half_its_words() -> None:
    # As yoastseo 3.6.0 judges it (checked live): half is not enough, and word forms differ.
    def status(keyphrase: str, heading: str) -> str:
        body = "<p>Some text for the reader.</p>"
        doc = parse(f"<h2>{heading}</h2>{body}<h2>Other things</h2>{body}<h2>More</h2>{body}")
        return keyphrase_in_subheadings(doc, content_words(keyphrase))["status"]

    assert status("blood tests", "About blood tests") == "good"
    assert status("blood tests", "About blood test") == "bad"  # "blood" alone: half
    assert status("laser hair removal", "Laser removal") == "good"  # two of three
    assert status("patterns of inheritance", "Theory of inheritance") == "bad"


def density_doc(count: int, words: int) -> Document:
    sentences = ["Microneedling aftercare helps."] * count
    rest = words - 3 * count
    return parse("<p>" + " ".join(sentences) + " " + filler(rest) + "</p>")


@pytest.mark.parametrize(
    ("count", "words", "score"),
    [
        (0, 400, 4),
        (1, 400, 4),  # a single match in a long text is too few
        (2, 400, 9),  # at least 2 is the minimum recommended count
        (7, 400, 9),  # 7/400·100·(0.7+2/3) = 2.39
        (9, 400, 9),  # 3.08 → > 3: too many
        (12, 400, -10),  # 4.1 → > 4: way too many
        (1, 90, 9),  # short text: once is right
    ],
)
def test_keyphrase_density_is_length_adjusted(count: int, words: int, score: int) -> None:
    check = keyphrase_density(density_doc(count, words), KPW)
    factor = 0.7 + 2 / 3
    density = count / words * 100 * factor
    expected = score
    if count == 9:
        expected = -10 if density <= 4 else -50
        assert density > 3
    if count == 12:
        expected = -50 if density > 4 else -10
    assert check["score"] == expected
    assert check["count"] == count


@pytest.mark.parametrize(
    ("n", "score"),
    [(300, 9), (299, 6), (250, 6), (249, 3), (200, 3), (199, -10), (100, -10), (99, -20)],
)
def test_text_length(n: int, score: int) -> None:
    assert text_length(parse("<p>" + filler(n) + "</p>"))["score"] == score


def test_title_width_uses_arial_widths() -> None:
    assert title_width_px("iiii") < title_width_px("WWWW")
    assert title_width_px("a") == pytest.approx(556 * 20 / 1000)
    assert title_width("")["status"] == "bad"
    assert title_width("Microneedling aftercare: what to expect")["status"] == "good"
    long = "Microneedling aftercare: everything you need to know about healing well after"
    assert title_width_px(long) > 600 and title_width(long)["status"] == "bad"


def test_links_are_sorted_into_internal_and_outbound() -> None:
    doc = parse(
        '<p><a href="/blog/x">ours</a> <a href="https://clinic.example/y">ours too</a> '
        '<a href="https://pubmed.ncbi.nlm.nih.gov/1" rel="nofollow">study</a> '
        '<a href="https://doi.org/10.1/x">doi</a> <a href="mailto:a@b.c">mail</a></p>'
    )
    outbound, internal = link_checks(doc, "https://www.clinic.example")
    assert (internal["value"], internal["score"]) == (2, 9)
    assert (outbound["value"], outbound["score"]) == (2, 8)  # one nofollowed: mixed
    none_out, _ = link_checks(parse("<p>No links.</p>"), "https://clinic.example")
    assert none_out["score"] == 3
    all_nofollow, _ = link_checks(
        parse('<p><a rel="nofollow" href="https://x.example">x</a></p>'), "https://clinic.example"
    )
    assert all_nofollow["score"] == 7


def test_image_alt() -> None:
    with_alt = parse('<p>x</p><img src="a.jpg" alt="Microneedling aftercare at home">')
    without = parse('<p>x</p><img src="a.jpg" alt="a face">')
    assert image_alt(with_alt, KPW)["status"] == "good"
    assert image_alt(without, KPW)["status"] == "ok"
    assert image_alt(parse("<p>x</p>"), KPW)["status"] == "bad"


def test_seo_aggregator_matches_yoast_rounding() -> None:
    checks = [
        {"kind": "seo", "score": s} for s in (9, 9, -50, 3, 1, 9, 8, 3, 3, 9, 3, 9, 3, 1, 9, 8)
    ]
    assert seo_score(checks) == 26  # Yoast's own figure for the seed article
    assert seo_score([{"kind": "seo", "score": 9}] * 3) == 100


def test_keyphrase_that_a_rule_flags_is_not_recommended() -> None:
    html = "<p>Painless microneedling is here. " + filler(300) + "</p>"
    result = score_document(
        html, keyphrase="painless microneedling", title="Painless microneedling"
    )
    length = next(c for c in result["checks"] if c["id"] == "keyphrase_length")
    assert length["status"] == "bad" and "R3" in length["message"]
    intro = next(c for c in result["checks"] if c["id"] == "keyphrase_in_introduction")
    assert "R3" in intro["message"]


def test_thresholds_add_score_ids_to_blocking() -> None:
    html = (
        "<h2>Microneedling aftercare</h2><p>Microneedling aftercare matters. "
        + filler(300)
        + "</p>"
    )
    strict = score_document(
        html, keyphrase=KP, thresholds=ScoringConfig(min_readability=95, min_seo=99)
    )
    assert {"readability_score", "seo_score"} <= set(strict["blocking"])
    assert strict["approvable"] is False
    lax = score_document(html, keyphrase=KP, thresholds=ScoringConfig(min_readability=0, min_seo=0))
    assert "seo_score" not in lax["blocking"] and "readability_score" not in lax["blocking"]


def test_extra_checks_merge_and_block_when_bad() -> None:
    html = "<p>" + filler(320) + "</p>"
    bad = {"id": "uniqueness_variants", "kind": "uniqueness", "status": "bad", "value": 0.8,
           "message": "too similar", "spans": [[0, 10]]}  # fmt: skip
    good = {**bad, "id": "uniqueness_published", "status": "good"}
    result = score_document(html, extra_checks=[bad, good])
    ids = [c["id"] for c in result["checks"]]
    assert "uniqueness_variants" in ids and "uniqueness_published" in ids
    assert "uniqueness_variants" in result["blocking"]
    assert "uniqueness_published" not in result["blocking"]


def test_thin_text_blocks() -> None:
    assert "text_presence" in score_document("<p>Hi.</p>")["blocking"]
    assert "text_length" in score_document("<p>" + filler(60) + "</p>")["blocking"]
    assert "text_length" not in score_document("<p>" + filler(150) + "</p>")["blocking"]
