"""Health-claims compliance: the seed article's findings, context, and AU/UK/US differences."""

from __future__ import annotations

import pytest

from clinicseo.scoring import plain_text, score_document
from clinicseo.scoring.compliance import load_pack, run
from clinicseo.scoring.document import parse
from tests.fixtures import SEED_ARTICLE

SEED = SEED_ARTICLE
RISKS = (
    "<h2>Risks and recovery</h2><p>Common side effects are redness, swelling and tenderness "
    "for one to three days; rarer risks are infection and pigment change. Recovery takes a "
    "few days.</p>"
)
CHECK_IDS = {
    "claims_guarantee", "claims_permanence", "claims_safety", "claims_superlative",
    "claims_testimonial", "claims_before_after", "claims_risks_missing", "claims_inducement",
    "claims_indiscriminate", "claims_prescription_only", "claims_titles", "claims_evidence",
    "claims_minors", "claims_approval",
}  # fmt: skip


def claims(html: str, jurisdiction: str = "AU", **kw: str) -> dict[str, dict]:
    doc = parse(html + RISKS)
    return {c["id"]: c for c in run(doc, load_pack(jurisdiction), **kw)}


def flagged(html: str, check_id: str, jurisdiction: str = "AU") -> list[str]:
    return [f["text"] for f in claims(html, jurisdiction)[check_id]["findings"]]


def test_seed_article_findings() -> None:
    text = SEED.read_text()
    result = score_document(text, fmt="text")
    checks = {c["id"]: c for c in result["checks"] if c["kind"] == "compliance"}
    assert set(checks) == CHECK_IDS
    plain = plain_text(text, "text")

    def spans(check_id: str) -> list[str]:
        return [plain[a:b] for a, b in checks[check_id]["spans"]]

    assert spans("claims_safety") == ["generally safe"]  # unqualified "safe"
    assert any("youthful" in s for s in spans("claims_guarantee"))
    # uncited; the model also reads the next sentence ("These studies provide insights into
    # ... its impact on inflammation and collagen production") as an efficacy claim that
    # leans on the same uncited studies, which a reviewer should see too.
    evidence = spans("claims_evidence")
    assert evidence[0] == "Numerous scientific studies support"
    assert all(s.startswith("studies") for s in evidence[1:])
    assert set(spans("claims_superlative")) == {"trusted expert", "premier"}
    # "leading to increased blood flow" is not a superlative; "safety" is not a safety claim.
    assert not any("leading" in s for s in spans("claims_superlative"))
    # The risks section names only redness and swelling: R7 wants more.
    assert checks["claims_risks_missing"]["status"] == "bad"
    assert set(result["blocking"]) >= {
        "claims_safety", "claims_guarantee", "claims_evidence", "claims_superlative",
        "claims_risks_missing",
    }  # fmt: skip
    assert result["approvable"] is False
    finding = checks["claims_safety"]["findings"][0]
    assert finding["rule"] == "R3"
    assert finding["source"].startswith("https://")
    assert "trained practitioner" in finding["suggestion"]
    assert (
        "R3" in checks["claims_safety"]["message"]
        and finding["source"] in checks["claims_safety"]["message"]
    )


def test_qualified_safety_passes_and_bare_safety_is_flagged() -> None:
    qualified = (
        "<p>Microneedling carries risks; it is considered safe when performed by a trained "
        "practitioner on suitable skin.</p>"
    )
    before = "<p>When performed by a trained practitioner, microneedling is safe for most skin.</p>"
    bare = "<p>Microneedling is generally safe.</p>"
    question = "<h2>Is microneedling safe?</h2>"
    negated = "<p>Home rollers are not safe.</p>"
    assert flagged(qualified, "claims_safety") == []
    assert flagged(before, "claims_safety") == []
    assert flagged(bare, "claims_safety") == ["generally safe"]
    assert flagged(question, "claims_safety") == []
    assert flagged(negated, "claims_safety") == []


@pytest.mark.parametrize(
    ("html", "check_id", "term"),
    [
        ("<p>Results guaranteed after one session.</p>", "claims_guarantee", "guaranteed"),
        ("<p>Microneedling will remove your scars.</p>", "claims_permanence", "remove your scars"),
        ("<p>The results are permanent.</p>", "claims_permanence", "permanent"),
        ("<p>It is painless with no downtime.</p>", "claims_safety", "painless"),
        ("<p>We are the best clinic in Melbourne.</p>", "claims_superlative", "best"),
        ("<p>Our clients say they love it.</p>", "claims_testimonial", "clients say"),
        ("<p>Get 20% off this month.</p>", "claims_inducement", "20% off"),
        ("<p>Book now, spots are limited-time.</p>", "claims_inducement", "Book now"),
        (
            "<p>It is suitable for all skin types.</p>",
            "claims_indiscriminate",
            "suitable for all skin types",
        ),
        ("<p>Combine it with PRP for a glow.</p>", "claims_prescription_only", "PRP"),
        (
            "<p>Ask about anti-wrinkle injections.</p>",
            "claims_prescription_only",
            "anti-wrinkle injections",
        ),
        ("<p>Our skin specialist will see you.</p>", "claims_titles", "specialist"),
        ("<p>It is clinically proven to work.</p>", "claims_evidence", "clinically proven"),
        ("<p>Perfect for teens before the school formal.</p>", "claims_minors", "teens"),
        ("<p>Our device is TGA approved.</p>", "claims_approval", "TGA approved"),
    ],
)
def test_each_rule_flags_its_terms(html: str, check_id: str, term: str) -> None:
    assert term in flagged(html, check_id)


def test_context_clears_findings() -> None:
    assert flagged("<p>The results are not permanent.</p>", "claims_permanence") == []
    assert flagged("<p>Follow best practice for aftercare.</p>", "claims_superlative") == []
    cited = '<p>Studies show it helps (<a href="https://doi.org/10.1/x">Lee 2021</a>).</p>'
    assert flagged(cited, "claims_evidence") == []
    assert flagged("<p>Studies show it helps.</p>", "claims_evidence") == ["Studies show"]
    offer = "<p>Get 20% off. Terms and conditions apply.</p>"
    assert flagged(offer, "claims_inducement") == []
    registered = "<p>Dr Lee is a registered specialist dermatologist (AHPRA MED0001234567).</p>"
    assert flagged(registered, "claims_titles") == []


def test_before_after_images_need_a_results_vary_warning() -> None:
    img = '<p>See our work.</p><img src="a.jpg" alt="Before and after microneedling">'
    assert flagged(img, "claims_before_after") == ["Before and after"]
    warned = img + "<p>Individual results vary.</p>"
    assert flagged(warned, "claims_before_after") == []


def test_risks_section_is_required() -> None:
    pack = load_pack("AU")
    missing = {c["id"]: c for c in run(parse("<p>Microneedling helps skin.</p>"), pack)}
    assert missing["claims_risks_missing"]["status"] == "bad"
    thin = "<h2>Risks</h2><p>Only minor redness.</p><p>Recovery is fast.</p>"
    assert {c["id"]: c for c in run(parse(thin), pack)}["claims_risks_missing"]["status"] == "bad"
    full = {c["id"]: c for c in run(parse(RISKS), pack)}
    assert full["claims_risks_missing"]["status"] == "good"


def test_title_and_description_are_checked_too() -> None:
    result = claims("<p>Plain text.</p>", title="The best microneedling", description="Painless.")
    wheres = {(f["text"], f["where"]) for c in result.values() for f in c["findings"]}
    assert ("best", "title") in wheres and ("Painless", "meta_description") in wheres


def test_packs_differ_where_the_rules_differ() -> None:
    au, uk, us = load_pack("AU"), load_pack("uk"), load_pack("US")
    assert {r.id for r in au.rules} == {f"R{i}" for i in range(1, 15)}
    assert {"R8", "R9", "R10", "R11", "R13"}.isdisjoint({r.id for r in us.rules})
    # Testimonials: banned in Australia, allowed when genuine in the UK and US.
    review = "<p>Our clients say it changed their lives.</p>"
    assert flagged(review, "claims_testimonial", "AU")
    assert flagged(review, "claims_testimonial", "UK") == []
    assert flagged(review, "claims_testimonial", "US") == []
    bought = "<p>Get a free mask in exchange for a review.</p>"
    assert flagged(bought, "claims_testimonial", "US")
    # PRP is higher-risk cosmetic advertising in Australia; not a POM in the UK.
    assert flagged("<p>Try PRP.</p>", "claims_prescription_only", "AU") == ["PRP"]
    assert flagged("<p>Try PRP.</p>", "claims_prescription_only", "UK") == []
    assert "claims_prescription_only" not in claims("<p>Try Botox.</p>", "US")
    # Each pack cites its own regulator.
    assert "ahpra" in au.rules[0].source or "medicalboard" in au.rules[0].source
    assert "asa.org.uk" in uk.rules[0].source and "ftc.gov" in us.rules[0].source


def test_unknown_jurisdiction_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="NZ"):
        load_pack("NZ")


@pytest.mark.parametrize(
    "sentence",
    [
        "Our clinic guarantees results in three sessions.",
        "My clinic guarantees you will see results.",
        "This clinic promises results that last forever.",
    ],
)
def test_our_own_clinic_making_the_claim_is_not_a_claim_reported_to_reject_it(
    sentence: str,
) -> None:
    # "Clinics that promise…" reports someone else's claim; "our clinic promises…" is ours.
    assert flagged(f"<p>{sentence}</p>", "claims_guarantee")


def test_other_clinics_claims_reported_to_reject_them_still_clear() -> None:
    for sentence in ("Be wary of clinics that guarantee results.",
                     "Other clinics guarantee results, but we never would."):  # fmt: skip
        assert not flagged(f"<p>{sentence}</p>", "claims_guarantee"), sentence


def test_a_claim_said_to_be_inaccurate_and_an_offer_subject_to_availability_clear() -> None:
    assert not claims("<p>It is not accurate to say microneedling works for everyone.</p>",
                      "UK")["claims_indiscriminate"]["findings"]  # fmt: skip
    offer = "<p>Loyalty card: £20 off your fifth peel{}</p>"
    assert not flagged(offer.format(", subject to availability."), "claims_inducement", "UK")
    assert flagged(offer.format("!"), "claims_inducement", "UK")
