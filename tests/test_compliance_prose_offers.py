"""Careful educational article prose raises nothing in R8-R14, by family of meaning (issue
10: the outside writers' batches outside-prose4/5/6 in dev), while a breach of the same rule
worded right beside it is still found. Sentences written for this file, not copied from dev."""

from __future__ import annotations

import pytest

from tests.compliance_sentences import rules_in
from tests.test_compliance_prose import _rules_with_model

# (rule, packs, compliant prose of the family that must raise nothing, a breach of the same
# rule that must still be found)
FAMILIES = [
    # R8: a public register the reader can search for free is not an offer of ours.
    (
        "R8",
        ("AU", "UK"),
        [
            "The GMC register is public, and you can search it for free.",
            "Ahpra's public register lets you look up any practitioner for free.",
        ],
        "Book this week and get a free LED session.",
    ),
    # R8: finance met with advice to read its agreement is consumer advice, not an inducement.
    (
        "R8",
        ("AU", "UK"),
        [
            "Before taking up a finance plan for treatment, read the small print on interest.",
            "Pay-later deals spread the cost, but read the agreement before you sign anything.",
        ],
        "Spread the cost with our interest-free finance plans.",
    ),
    # R10: the law on who regulates injectables and who may prescribe them.
    (
        "R10",
        ("AU", "UK"),
        [
            "Dermal fillers are regulated by the TGA, and some need a doctor's prescription.",
            "Injectables in the UK are controlled by law, and many can only be prescribed by a "
            "registered prescriber.",
        ],
        "Book your anti-wrinkle injections with our nurse this week.",
    ),
    # R10: a prescription skin medicine the reader has taken: medical history, not an offer.
    (
        "R10",
        ("AU", "UK"),
        [
            "Tell us if you have stopped a course of isotretinoin in the past six months.",
            "Anyone who has completed a course of isotretinoin should wait before resurfacing.",
        ],
        "We offer prescription-strength tretinoin at our clinic.",
    ),
    # R10: injectables withheld in pregnancy or breastfeeding, as a precaution.
    (
        "R10",
        ("AU", "UK"),
        [
            "Injectable treatments are postponed until after pregnancy and breastfeeding.",
            "Injectables are paused during pregnancy and breastfeeding as a precaution.",
        ],
        "Injectables are now available at our Leeds clinic.",
    ),
    # R11: the reader referred to a specialist, and the title discussed as a word.
    (
        "R11",
        ("AU", "UK"),
        [
            "For a changing mole, your GP or a specialist dermatologist should take a look.",
            "If a rash doesn't settle, ask your GP to refer you to a specialist dermatologist.",
            "The title 'surgeon' is protected in Australia, so check who will actually treat you.",
            "The word 'dermatologist' means a doctor with years of further training.",
        ],
        "Our specialist dermatologist leads every skin consultation.",
    ),
    # R12: the available evidence summarised tentatively.
    (
        "R12",
        ("AU", "UK", "US"),
        [
            "The current evidence suggests that daily sunscreen slows visible photoageing.",
            "Existing research indicates that microneedling may help some rolling acne scars.",
        ],
        "Research shows our peel clears pigmentation.",
    ),
]


@pytest.mark.parametrize(
    ("rule", "pack", "sentence"),
    [(r, j, s) for r, packs, prose, _ in FAMILIES for j in packs for s in prose],
)
def test_careful_prose_raises_nothing(rule: str, pack: str, sentence: str) -> None:
    assert rules_in(sentence, pack) == set(), rule


@pytest.mark.parametrize(
    ("rule", "pack", "sentence"),
    [(r, j, breach) for r, packs, _, breach in FAMILIES for j in packs],
)
def test_a_breach_beside_the_family_is_still_found(rule: str, pack: str, sentence: str) -> None:
    assert rule in rules_in(sentence, pack)


# Families the patterns never matched but the model's second signal flagged; they are cleared
# through a detector's unless_sentence, which the model's findings honour too.
MODEL_FAMILIES = [
    # R9: a practitioner fitting the treatment to the person is the opposite of indiscriminate.
    (
        "R9",
        ("AU", "UK"),
        [
            "That is why a skilled therapist sets the peel strength according to your skin type "
            "and the area being treated.",
            "A good clinician selects the light settings based on your skin tone and history.",
        ],
        "Microneedling is suitable for all skin types.",
    ),
    # R8: a price stated with the condition it applies on.
    (
        "R8",
        ("AU", "UK"),
        [
            "Our LED add-on costs £20, and the add-on price only applies when booked with "
            "another treatment.",
            "A brow tint costs £15 on its own, and the lower add-on rate only applies to "
            "same-day bookings.",
        ],
        "20% off all peels this month!",
    ),
]


@pytest.mark.parametrize(
    ("rule", "pack", "sentence"),
    [(r, j, s) for r, packs, prose, _ in MODEL_FAMILIES + FAMILIES for j in packs for s in prose],
)
def test_careful_prose_raises_nothing_with_the_model_either(
    rule: str, pack: str, sentence: str
) -> None:
    assert _rules_with_model(sentence, pack) == set(), rule


@pytest.mark.parametrize(
    ("rule", "pack", "sentence"),
    [(r, j, breach) for r, packs, _, breach in MODEL_FAMILIES for j in packs],
)
def test_a_breach_beside_a_family_the_model_clears_is_still_found(
    rule: str, pack: str, sentence: str
) -> None:
    assert rule in rules_in(sentence, pack)
