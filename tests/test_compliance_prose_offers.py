"""Careful educational article prose raises nothing in R8-R14, by family of meaning (issue
10: the outside writers' batches outside-prose4/5/6 in dev), while a breach of the same rule
worded right beside it is still found. Sentences written for this file, not copied from dev."""

from __future__ import annotations

import pytest

from tests.compliance_sentences import rules_in

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
    # R10: how prescription medicines reach people (on prescription, from a doctor, on the
    # NHS) and how injectables are defined or regulated: information, not an offer
    # (outside-prose8/9/11).
    (
        "R10",
        ("AU", "UK"),
        [
            "Tretinoin is only available on prescription, usually from a GP.",
            "Stronger retinoids are prescribed by a doctor, and some are available on the NHS.",
            "If you are on isotretinoin, check with your prescribing doctor before any peel.",
            "Skin boosters are injectable treatments made mostly of hyaluronic acid.",
            "In Britain, most dermal fillers are regulated as medical devices, not medicines.",
            "It has been illegal since 2021 to give fillers to anyone under 18 in England.",
        ],
        "Our skin boosters are the injectable treatment everyone is booking this spring.",
    ),
    # R13: the law on minors stated with the date it began.
    (
        "R13",
        ("AU", "UK"),
        ["It has been illegal since 2021 to give fillers to anyone under 18 in England."],
        "Treat your 16-year-old to a glow facial before the school formal.",
    ),
    # R11: referring to, or working alongside, doctors and dermatologists claims no title.
    (
        "R11",
        ("AU", "UK"),
        [
            "We work alongside local GPs and dermatologists when a mole needs checking.",
            "Deep scars may need a referral to a consultant dermatologist.",
            "We refer to GPs and specialist dermatologists whenever a rash is outside our scope.",
        ],
        "Our consultant dermatologist performs every peel herself.",
    ),
    # R8: "sale", "free" and "last-minute" in their everyday senses (withdrawn from sale, free
    # fatty acids, a last-minute rush advised against).
    (
        "R8",
        ("AU", "UK"),
        [
            "Some home peel kits have been withdrawn from sale after safety warnings.",
            "Free fatty acids help the skin barrier hold on to water.",
            "A last-minute rush of treatments before a holiday rarely helps your skin.",
        ],
        "Last-minute appointments available this week, book now!",
    ),
    # R9: "every skin treatment" (the treatment's kind, not every person), a group invited to
    # consultations of their own, and universality denied.
    (
        "R9",
        ("AU", "UK"),
        [
            "Good aftercare matters for every skin treatment, however gentle it seems.",
            "The whole family is welcome to book consultations, as long as each person is 18 "
            "or over.",
            "We see LED as a gentle option, not something for everyone.",
        ],
        "Our LED facial is for everyone, whatever your age!",
    ),
    # R12: the evidence summarised tentatively, and evidence-based home-care ingredients.
    (
        "R12",
        ("AU", "UK", "US"),
        [
            "The evidence suggests that LED may help some people with mild acne.",
            "A simple routine with one or two evidence-based actives is usually enough.",
        ],
        "Clinically proven to fade acne scars.",
    ),
    # R14: what regulatory approval applies to, explained.
    (
        "R14",
        ("AU", "UK", "US"),
        ["FDA approval generally applies to higher-risk devices, while many lasers are cleared."],
        "Our laser is FDA-approved and safe for you.",
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
    # R9: planning around the reader's date or budget, and no obligation after a
    # consultation (outside-prose11).
    (
        "R9",
        ("AU", "UK"),
        [
            "Whatever your budget, we'll help you plan a sensible routine.",
            "There's no obligation to go ahead with treatment after your consultation.",
        ],
        "Whatever your age, microneedling is for you.",
    ),
    # R8: what a price includes and leaves out, stated plainly (outside-prose11).
    (
        "R8",
        ("AU", "UK"),
        ["Our fees include an aftercare call, but they don't include take-home products."],
        "50% off all facials this week!",
    ),
    # R12: a technique's history given with its author and year (outside-prose11).
    (
        "R12",
        ("AU", "UK", "US"),
        ["Subcision was described by Orentreich in 1995, and has been refined ever since."],
        "Science has proven that our peel works.",
    ),
]
