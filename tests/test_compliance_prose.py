"""Careful educational article prose raises nothing, by family of meaning (issue 10: the
outside writers' batches outside-prose1/2/4/5/6 and 8-11 in dev), while a breach of the same
rule worded right beside it is still found. Sentences written for this file, not copied from dev."""

from __future__ import annotations

import pytest

from tests.compliance_sentences import rules_in
from tests.test_compliance_prose_offers import FAMILIES as OFFER_FAMILIES
from tests.test_compliance_prose_offers import MODEL_FAMILIES as OFFER_MODEL_FAMILIES

# (rule, packs, compliant prose of the family that must raise nothing, a breach of the same
# rule that must still be found)
FAMILIES = [
    # R12: the science behind a treatment explained, not invoked as proof.
    (
        "R12",
        ("AU", "UK", "US"),
        [
            "This guide explains the science behind skin needling, step by step.",
            "Let's dig into the science of how wounds heal after treatment.",
        ],
        "Science proves our peel works on every scar.",
    ),
    # R4: a superlative about where to begin or whom to ask, not about us.
    (
        "R4",
        ("AU", "UK", "US"),
        [
            "For hormonal acne, your GP is usually the best first port of call.",
            "If you're unsure which peel suits you, a skin assessment is the best place to begin.",
            "A pharmacist is often the best person to ask about what you already use at home.",
        ],
        "Our clinic is the best place for skin needling in Perth.",
    ),
    # ...but the same advice about us is the claim itself.
    (
        "R4",
        ("AU", "UK", "US"),
        ["A consultation with your GP is usually the best starting point for hormonal acne."],
        "Our clinic is the best place to start your skin journey.",
    ),
    # R4: sun protection praised as health advice.
    (
        "R4",
        ("AU", "UK", "US"),
        [
            "Broad-spectrum sunscreen remains the gold standard for preventing new pigmentation.",
            "Whatever else you do, daily SPF is the best habit to build after resurfacing.",
        ],
        "Our sunscreen facial is the gold standard in Sydney.",
    ),
    # R9: sun protection for everyone is health advice, not a treatment sold to all comers.
    (
        "R9",
        ("AU", "UK"),
        ["Most skin-cancer charities recommend sunscreen for everyone who spends time outdoors."],
        "Skin needling is perfect for all skin types.",
    ),
    # R10 (Australia): the body's own platelets and plasma at work in a wound.
    (
        "R10",
        ("AU",),
        [
            "Within minutes, platelets clump together at each channel and the bleeding stops.",
            "Plasma and white cells then move into the area to clear away debris.",
        ],
        "Our glow facial uses your own platelets to boost healing.",
    ),
    # R10: injectables named to state the law, advise on a safe practitioner or define a term.
    (
        "R10",
        ("AU", "UK"),
        [
            "It is illegal to give cosmetic filler injections to anyone under 18 in England.",
            "If you are thinking about fillers, check that the person injecting is a medically "
            "qualified practitioner.",
            "Tweakments is a catch-all term for injectables and other small cosmetic procedures.",
        ],
        "Our anti-wrinkle injections are carried out by a qualified nurse.",
    ),
    # R10: a prescription skin medicine left with the reader's own doctor, or stopped first.
    (
        "R10",
        ("AU", "UK"),
        [
            "Hydroquinone is a prescription medicine, and your doctor can tell you whether it "
            "suits you.",
            "Tretinoin creams are prescribed by your GP, so raise them at your next appointment.",
            "Isotretinoin usually needs to be stopped for several months before any resurfacing.",
        ],
        "We offer prescription-strength retinoid creams in clinic.",
    ),
    # R11: the profession in general, not a title we claim.
    (
        "R11",
        ("AU", "UK"),
        [
            "Dermatologists usually classify melasma as epidermal, dermal or mixed.",
            "A dermatologist can confirm whether a changing mole needs a biopsy.",
            "Plastic surgeons use the Glogau scale to describe sun damage.",
        ],
        "Our dermatologists use the latest lasers.",
    ),
    # R6: advice on judging anyone's before-and-after photos.
    (
        "R6",
        ("AU", "UK", "US"),
        [
            "Before-and-after pictures are more useful when both were taken at the same distance.",
            "Ask whether the before-and-after cases you are shown are typical for the provider.",
            "When you're looking at before-and-after photos, check that the angle and lighting "
            "are the same in both.",
        ],
        "Check out our before-and-after photos from last month.",
    ),
    # A mild sensation described with what can still hurt; played down alone it trivialises
    # the treatment (R3; R7 is for side effects).
    (
        "R3",
        ("AU", "UK", "US"),
        [
            "Most people notice only slight redness, but deeper settings can cause swelling for a "
            "few days.",
            "Many people feel just a little warmth, although the forehead can feel more sensitive.",
        ],
        "You'll feel only a little warmth.",
    ),
    # R1: "no question is too small" invites questions; it promises nothing.
    (
        "R1",
        ("AU", "UK", "US"),
        [
            "Write your questions down before you come in, because no question is too small.",
            "No question is off-limits when you are deciding on a treatment.",
        ],
        "Our peel works, no question.",
    ),
    # R1 and R2: someone else's promise held up as a reason for caution.
    (
        "R1",
        ("AU", "UK", "US"),
        [
            "If a clinic guarantees your wrinkles will vanish, take that as a red flag.",
            "If anyone tells you your pigmentation will disappear for good, walk away.",
        ],
        "Your acne scars will disappear after our three-session course.",
    ),
    (
        "R2",
        ("AU", "UK", "US"),
        ["If a clinic guarantees your wrinkles will vanish, take that as a red flag."],
        "Our laser will erase your acne scars for good.",
    ),
    # R2: "permanent" naming a risk, not a result.
    (
        "R2",
        ("AU", "UK", "US"),
        [
            "Permanent loss of pigment is an uncommon but known side effect of deep peels.",
            "Permanently darker patches can be a risk of laser on deeper skin tones.",
        ],
        "Our laser hair removal gives you permanently smooth skin.",
    ),
    # R3: "as safe as possible" is an effort, not a claim of safety.
    (
        "R3",
        ("AU", "UK", "US"),
        [
            "Our nurses clean and prepare the skin to keep each session as safe as possible.",
            "Good aftercare keeps healing as safe as humanly possible.",
        ],
        "Microneedling is as safe as a facial.",
    ),
    # R4: "best" as how to read a study, or the best approach depending on the condition.
    (
        "R4",
        ("AU", "UK", "US"),
        [
            "A single case report is best read as a hint, not as proof.",
            "The best treatment for rolling scars is quite different from the one for ice-pick "
            "scars.",
            "The best approach for pigmentation depends on what is causing it.",
        ],
        "We offer the best approach for acne scars in Leeds.",
    ),
    # R5: what we never do with reviews, or what the law bans, informs.
    (
        "R5",
        ("AU", "UK", "US"),
        [
            "We never buy reviews or ask our team to write reviews for us.",
            "Consumer law bans fake and purchased reviews, so read online ratings with care.",
        ],
        "Our staff write reviews for us every week.",
    ),
    # R5 (Australia): a published review cited with its journal and year is not a testimonial.
    (
        "R5",
        ("AU",),
        [
            "Smith and Lee's review (J Cosmet Dermatol, 2021) found microneedling helped some "
            "atrophic scars.",
        ],
        "Read the review from Chloe about her peel.",
    ),
    # R6: how fair before-and-after photos are made (same lighting, unedited, consented).
    (
        "R6",
        ("AU", "UK", "US"),
        [
            "We photograph every client in the same lighting before and after each course.",
            "Before-and-after pictures on our site are unretouched and shared with written "
            "consent.",
        ],
        "Check out this before and after from last week!",
    ),
    # R7: a mild sensation told as what some or most people feel, not as the whole story.
    (
        "R7",
        ("AU", "UK", "US"),
        [
            "Most clients feel little more than warmth during LED, and a few find the light too "
            "bright.",
            "Some people notice nothing more than slight flaking for a day or two.",
        ],
        "You'll feel nothing more than a little warmth.",
    ),
    # Families cleared for outside-prose8..11 (issue 10, fifth round):
    # R4: advice on how to choose ("the best injector for you is the one who…", "works best
    # when…", "one of the most effective things you can do", "best-practice") and gentle
    # products praised for home care: neither says anything of us.
    (
        "R4",
        ("AU", "UK", "US"),
        [
            "The best clinic for you is the one that talks you through the risks before the price.",
            "Aftercare products work best when they are simple and applied gently.",
            "Wearing a hat outdoors is one of the most effective things you can do for "
            "pigmentation.",
            "A bland cleanser and a basic moisturiser are usually the safest choice in the first "
            "week.",
            "The best results usually start with an honest talk about what you want.",
            "Following best-practice infection control, needles are single use.",
        ],
        "Our clinic is the best in Adelaide for skin needling.",
    ),
    # ...but the same advice about us, or results said to be permanent beside rare side
    # effects, is the claim itself.
    (
        "R4",
        ("AU", "UK", "US"),
        ["Antiviral treatment works best when it is started at the first tingle."],
        "Our team is the best choice for you and works best when you trust us.",
    ),
    (
        "R2",
        ("AU", "UK", "US"),
        [
            "Burns are a rare risk of laser hair removal, and occasionally the marks they leave "
            "can be permanent."
        ],
        "Side effects are rare and results can be permanent.",
    ),
    # R2: permanence named as a rare risk, not promised as a result.
    (
        "R2",
        ("AU", "UK", "US"),
        [
            "Possible side effects include burns and temporary or permanent lightening of the "
            "skin.",
            "Pigment changes after a laser usually settle, though in rare cases they can be "
            "permanent.",
        ],
        "Our laser permanently removes pigmentation.",
    ),
    # R3: a lesion that merely looks harmless; a sensation few would call painless; a gentle,
    # low-energy setting offered with a hedge.
    (
        "R3",
        ("AU", "UK", "US"),
        [
            "Some early skin cancers can look like a harmless freckle, so get new spots checked.",
            "Most people feel stinging during the peel, and few would describe it as painless.",
            "Gentle, low-energy treatments may help some people with rosacea.",
        ],
        "The peel is completely painless.",
    ),
    # R5 (AU): a scholarly review cited by its authors and journal, not a client's review.
    (
        "R5",
        ("AU",),
        [
            "A review by Patel and Wong (Dermatol Surg, 2019) summarised the evidence on skin "
            "needling.",
        ],
        "Read the review from Chloe about her peel.",
    ),
    # R6: "before and after" as timing, and advice on judging anyone's photos.
    (
        "R6",
        ("AU", "UK", "US"),
        [
            "Stop using exfoliating acids for a few days before and after procedures.",
            "When you look at anyone's before and after photos, check the lighting matches.",
        ],
        "Check out this before and after from last week!",
    ),
    # R1: a treatment described as not working for everyone denies the promise.
    (
        "R1",
        ("AU", "UK", "US"),
        [
            "Be honest with yourself: a light peel is not a treatment that works for every client.",
        ],
        "This peel works for everyone.",
    ),
]


def _cases(compliant: bool) -> list[tuple[str, str, str]]:
    cases = []
    for rule, packs, prose, breach in FAMILIES:
        for pack in packs:
            if compliant:
                cases.extend((rule, pack, sentence) for sentence in prose)
            else:
                cases.append((rule, pack, breach))
    return cases


@pytest.mark.parametrize(("rule", "pack", "sentence"), _cases(compliant=True))
def test_careful_prose_raises_nothing(rule: str, pack: str, sentence: str) -> None:
    assert rules_in(sentence, pack) == set(), (rule, sentence)


@pytest.mark.parametrize(("rule", "pack", "sentence"), _cases(compliant=False))
def test_a_breach_beside_the_cleared_family_is_still_found(
    rule: str, pack: str, sentence: str
) -> None:
    assert rule in rules_in(sentence, pack)


# Families the patterns never matched but the model's second signal flagged; they are cleared
# through a detector's unless_sentence, which the model's findings honour too.
MODEL_FAMILIES = [
    # R4: a superlative about a cause, a rate, a step or a season, not about us.
    (
        "R4",
        ("AU", "UK", "US"),
        [
            "Sun exposure is the most common trigger of melasma flares, so shade matters too.",
            "New Zealand has one of the highest rates of melanoma in the world.",
            "Patch testing is the single most important step before starting any new acid.",
            "Late autumn is usually the best time to start a course of peels.",
        ],
        "We're the most trusted skin clinic in the country.",
    ),
    # R12: research described critically is the honest statement the rule asks for.
    (
        "R12",
        ("AU", "UK", "US"),
        [
            "Many of the published trials are small and industry-funded, so read them with care.",
            "Most of the microneedling studies lack a control group.",
        ],
        "Studies show our peel clears acne for good.",
    ),
    # R3: an easy habit of keeping track, not an easy procedure.
    (
        "R3",
        ("AU", "UK", "US"),
        [
            "A photo diary is a simple way to track how your skin changes between sessions.",
            "Writing down what you ate is an easy, cheap way to spot food triggers.",
        ],
        "It's a quick and easy treatment you'll barely notice.",
    ),
    # R4: sun protection as the foundation, a mechanism "leading to" a change, and the most
    # realistic or sustainable progress: advice and explanation, not a claim of being best.
    (
        "R4",
        ("AU", "UK", "US"),
        [
            "Here in Perth, broad-spectrum sunscreen is the foundation of any plan for dark spots.",
            "A laser heats tiny columns of skin, leading to controlled injury and new collagen.",
            "Combining clinic treatments with a sensible home routine is where I see the most "
            "sustainable progress in my work.",
        ],
        "We're the most trusted skin clinic in the country.",
    ),
]


# The R8-R14 file's families, pattern and model alike, are held here to the model too.
MODEL_CLEARED = MODEL_FAMILIES + OFFER_MODEL_FAMILIES + OFFER_FAMILIES
MODEL_BREACHES = MODEL_FAMILIES + OFFER_MODEL_FAMILIES


@pytest.mark.parametrize(
    ("rule", "pack", "sentence"),
    [(r, j, s) for r, packs, prose, _ in MODEL_CLEARED for j in packs for s in prose],
)
def test_careful_prose_raises_nothing_with_the_model_either(
    rule: str, pack: str, sentence: str
) -> None:
    assert rules_in(sentence, pack, use_model=True) == set(), rule


@pytest.mark.parametrize(
    ("rule", "pack", "sentence"),
    [(r, j, breach) for r, packs, _, breach in MODEL_BREACHES for j in packs],
)
def test_a_breach_beside_a_family_the_model_clears_is_still_found(
    rule: str, pack: str, sentence: str
) -> None:
    assert rule in rules_in(sentence, pack)
