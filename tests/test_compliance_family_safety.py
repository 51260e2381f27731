"""R3 (unqualified safety or comfort, trivialising) and R7 (risks played down or denied):
the families of meaning added for the outside writers' batches E-H, AB-AG and AH-AM, each caught in
wordings of our own and cleared in hard negatives, in every pack (both rules are common to
all)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.compliance_sentences import PACKS, rules_in

# family: (wordings that break the rule, hard negatives that do not)
R3_FAMILIES = {
    "gentle or safe enough for anyone, the safest": (
        [
            "This peel is mild enough for even the touchiest skin.",
            "Our LED session is so relaxing that people doze off.",
            "It's the safest skin treatment you can book this winter.",
            "Laser toning is completely safe for everyone.",
        ],
        [
            "We'll check whether a peel is gentle enough for your skin.",
            "No peel is gentle enough for every skin type, so we patch test first.",
        ],
    ),
    "back to normal life the same day": (
        [
            "You'll be back at your desk the same afternoon.",
            "You're good to go the moment we finish.",
            "You'll be back on the school run the same morning.",
        ],
        [
            "Most people are back at work after two or three days of redness.",
            "It can take a few days before you are back to your usual skincare routine.",
            "Most people are back at work the same day, though redness can last three days.",
        ],
    ),
    "a quick lunchtime appointment": (
        [
            "A lunch-hour peel you can squeeze in between meetings.",
            "Smooth your skin in one quick, easy visit.",
            "Fit your needling session into your lunch break.",
            "Two quick jabs and you're done.",
        ],
        [
            "We don't offer lunchtime peels; skin needs time to heal.",
            "Your first visit includes a consultation and a patch test.",
        ],
    ),
    "aftercare waved away": (
        [
            "Skip the aftercare and get on with your day.",
            "Aftercare is a breeze with this one.",
            "No need for aftercare after a light peel.",
        ],
        [
            "Aftercare is simple, but keep out of direct sun for a week.",
            "Don't skip the aftercare: it lowers the risk of infection.",
        ],
    ),
    "a worry asked and brushed off": (
        [
            "Recovery? Nah, not really.",
            "Nervous about the needles? Don't be.",
            "Side effects may include a lot of compliments.",
            "Never let the horror stories put you off.",
        ],
        [
            "Side effects? Redness and swelling for two to three days, and rarely infection.",
            "Worried about side effects? Ask us and we'll go through every one.",
            "Don't let anyone rush you into a treatment.",
        ],
    ),
    "complications that never happen, nobody the wiser": (
        [
            "Reactions basically never happen at our clinic.",
            "We've never seen a single adverse reaction in our rooms.",
            "Nobody at work will be any the wiser.",
            "Honestly, I felt absolutely nothing.",
        ],
        [
            "Tell us if you have ever had a reaction to a peel.",
            "Complications are rare but do happen, including infection and scarring.",
        ],
    ),
    "comfort played down": (
        [
            "It barely stings.",
            "Ouch-free needling is here.",
            "Our nurses make it feel like nothing at all.",
            "It's basically a facial with a few tiny pricks.",
            "Downtime? Forget about it.",
            "Don't sweat the aftercare.",
            "Recovery time: none.",
            "Your skin heals overnight.",
        ],
        [
            "Numbing cream makes it more comfortable, but you will feel some prickling.",
            "Unlike a facial, microneedling breaks the skin.",
            "Ask us about aftercare before you book.",
            "Recovery time: two to three days of redness.",
            "Most skin heals within a week, though redness can linger.",
        ],
    ),
    "safe even if, which qualifies nothing": (
        ["Perfectly safe, even if you're on blood thinners."],
        [
            "It is considered safe if your skin is healthy and a trained nurse performs it.",
            "The safest approach is to patch test first.",
        ],
    ),
    "all the glow minus the risks": (
        ["All the glow, minus the downtime and the risks.", "A lift without the risks of surgery."],
        ["Needling is not without risks, and we explain each one."],
    ),
    # Families added for the outside writers' batches P-AA.
    "a mild sign waved off as the whole story": (
        [
            "Maybe a little flush for the afternoon, and that's really all.",
            "Expect some tingling; that's your lot.",
            "A touch of pink, gone before bedtime.",
            "A rosy flush for a couple of hours, max.",
            "Downtime? Maybe a day of pinkness.",
            "A little warmth afterwards, then you're sorted.",
        ],
        [
            "Redness usually settles by the next morning, but call us if you notice swelling.",
            "That's all you need to bring to your appointment.",
            "Recovery? Most people have redness for one to three days, and rarely infection.",
        ],
    ),
    "risks waved off as not worth a thought, or a myth": (
        [
            "Complications with our laser are too rare to be worth mentioning, honestly.",
            "Downtime is pretty much a myth with this peel.",
            "Honestly, it's not something you need to stress about.",
            "Reactions are so uncommon that we never bother listing them.",
        ],
        [
            "Some clinics claim side effects are a myth; that is misleading.",
            "Bruising is rare, but it is worth mentioning at your consultation.",
        ],
    ),
    "comfort played down in any wording": (
        [
            "Most clients say it feels like a soft hug for the face.",
            "I honestly never felt anything during the session.",
            "Pain-wise, it's zero.",
            "The comfiest treatment on our menu, by far.",
            "You'll sail through the healing phase.",
            "Pop in, get your boost, pop out.",
            "Treat yourself during your lunch hour.",
            "Nobody at work will know you've been.",
        ],
        [
            "Some clients feel nothing but a little warmth; others find it stings.",
            "The easiest way to book is through our website.",
            "Please don't book in your lunch break: you'll need time for numbing.",
        ],
    ),
    "risk denied with a qualifier, or a clean record": (
        [
            "Zero-risk lip hydration for the party season.",
            "Our sterile kit means nil infection risk.",
            "This peel carries no long-term risks.",
            "Our patients never get complications.",
            "LED is safer than a walk in the sun.",
            "It's perfectly okay during pregnancy.",
            "Tingling? Maybe. Anything else? Nah.",
            "Recovery time is pretty much nil.",
            "The biggest risk is looking too fresh at work on Monday.",
        ],
        [
            "LED is low risk but not zero risk.",
            "Tell us if you have ever had a reaction to a peel.",
            "We can't say it's okay during pregnancy, so we wait until after.",
        ],
    ),
    "pain or safety asked and brushed off": (
        [
            "Will it hurt? Not one bit!",
            "Is it safe while breastfeeding? Absolutely!",
            "Recovery? Pfft, you'll be fine.",
            "Downtime? Not with us.",
            "Don't let the thought of needles scare you.",
            "Worst case, you're a little pink at dinner.",
            "You'll feel nothing more than a faint buzz.",
        ],
        [
            "Is it safe? Absolutely, when a trained nurse treats suitable skin.",
            "Does it hurt? Nope, not for most people, though the forehead can sting.",
            "Downtime? Plan for two or three days of redness.",
            "Some people feel nothing more than warmth; others find it sore.",
        ],
    ),
    "a named complication ruled out, or likened to a chore": (
        [
            "There's zero chance of an infection with our sterile tips.",
            "Scarring only ever happens at discount salons.",
            "A peel is about as risky as washing your hair.",
            "It's your own plasma, so you can't be allergic to it.",
        ],
        [
            "There's a small chance of infection, which is why we use sterile tips.",
            "Deep peels can be as risky as surgery, so we don't offer them.",
            "No treatment has zero risk of scarring.",
        ],
    ),
    "no fuss, and quick writing that is not a quick procedure": (
        [
            "A walk-in peel with zero fuss.",
            "Minimal fuss, maximum glow.",
            "Needling without the faff: no-fuss and done in half an hour.",
        ],
        [
            "A quick guide to microneedling aftercare.",
            "Quick note: the clinic is closed on Monday.",
            "Quick answer: no, needling isn't painless, but numbing cream helps most people.",
        ],
    ),
    "a mild sign and nothing more, recovery that is nothing, nothing ever wrong": (
        [
            "You'll look a little rosy for the evening, and nothing more.",
            "Recovery is practically nothing.",
            "Anything else to fret about? Nope!",
            "With our team nothing ever goes wrong.",
        ],
        [
            "Recovery is nothing like a surgical facelift, but plan for a few days of redness.",
        ],
    ),
    "a glow as the only side effect, risks none or not worth a word, fear waved off": (
        [
            "The only side effect is a gorgeous glow!",
            "Risks? There really aren't any worth worrying about.",
            "Complications are practically non-existent here.",
            "Honestly, this facial has no real downside.",
            "Don't let worries about needles stop you booking.",
            "Slight pinkness till bedtime, and that's the whole aftercare.",
        ],
        [
            "Side effects can include redness, swelling and a warm glow for an hour; rarely, "
            "infection.",
            "Complications are rare, but they are not non-existent.",
            "If worries about needles stop you booking, ask us about numbing cream.",
            "Infection isn't worth risking, so keep your skin clean for two days.",
        ],
    ),
    "comfort played down, booking aside": (
        [
            "It feels more like a gentle massage than a treatment.",
            "Smoother skin without the sting.",
            "No need to stress, it's over in minutes.",
        ],
        [
            "We never treat without pain relief.",
            "Paying online is quick and easy.",
            "The new booking page is honestly painless.",
            "Our lounge chairs are so comfy you'll want to stay.",
            "No need to stress about parking: there's a car park next door.",
        ],
    ),
}

R7_FAMILIES = {
    "risk stated as none, nothing else, nothing ever wrong": (
        [
            "With our closed system there's simply no risk.",
            "Zero downsides, all glow.",
            "LED carries zero real risk for your skin.",
            "A little warmth, but there are no further side effects.",
            "Nothing ever goes wrong with our sterile tips.",
            "It's made from your own blood, so there's nothing in your body to react to.",
        ],
        [
            "No treatment is risk-free, and there is no risk we won't explain.",
            "There's no risk assessment we skip.",
            "No treatment is without downsides.",
            "There's no risk of missing out: the offer runs all year.",
            "If anything goes wrong, call us: nothing goes unanswered.",
        ],
    ),
    "one mild sign listed as the whole of the side effects": (
        [
            "Side effects: mild tingling.",
            "The risks and side effects are minimal!",
            "Possible side effects include slight redness.",
            "Expect mild pinkness afterwards.",
            "Expect some slight swelling for a day.",
            "A gentle flush is all most patients notice.",
            "All you'll feel afterwards is a little warmth.",
            "Your skin will be just a bit rosy for the evening.",
        ],
        [
            "Side effects include redness, swelling and, rarely, infection.",
            "Expect mild redness and swelling for one to three days; rarely, infection can occur.",
            "Risks: mild redness for a day, and rarely infection or scarring.",
        ],
    ),
    "a mild sign, then 'that's all' in a sentence of its own; the worst case made trivial": (
        [
            "You'll be slightly flushed tonight. That's all.",
            "A faint pinkness afterwards. That's it!",
            "Worst case scenario: minor pinkness for the evening.",
            "Worst case with a peel is you look like you've had a day at the beach.",
            "Swelling? Minimal.",
            "Anything else to stress about? Nah.",
            "Bumps settle within a few hours.",
            "Any redness settles overnight.",
        ],
        [
            "That's it for today's post.",
            "Book online and pay at reception. That's all.",
            "Worst case, an infection can scar, so call us if you see pus.",
            "Redness usually settles over two or three days.",
        ],
    ),
    "aftercare reduced to one small step": (
        [
            "Aftercare: just a good moisturiser.",
            "Aftercare is minimal, honestly.",
            "Aftercare? Skip your spin class tonight.",
        ],
        [
            "Aftercare: avoid make-up for 24 hours, wear SPF 50 daily and skip the gym for two "
            "days.",
            "Aftercare is just as important as the treatment: keep out of the sun for two weeks.",
        ],
    ),
    "a mild sign made everyday or nothing to fret about; risks and recovery said to be none": (
        [
            "You'll look like you've just come from the gym.",
            "The peel just leaves your skin a little pink.",
            "You'll be a bit flushed — honestly nothing to fret about.",
            "Slightly sunburnt for an evening, and that's it.",
            "Smoother skin without any of the risks of surgery.",
            "All the glow, minus the downtime and side effects.",
            "A laser-like result with none of the complications.",
            "There's no recovery time needed after this facial.",
            "It's so gentle there's nothing to recover from.",
        ],
        [
            "No treatment is without risk, including this one.",
            "Plan for two to three days of recovery.",
            "There's no recovery time we can promise; it varies with your skin.",
        ],
    ),
    "a clean record, said of the risk named before it": (
        [
            "As for complications, we've never seen one.",
            "We asked about complications, and there really weren't any.",
        ],
        ["We've never seen any reason to rush a second session."],
    ),
    "side effects denied outright": (
        [
            "Zero nasty side effects with our signature peel.",
            "No irritation, no peeling, no nothing.",
        ],
        [
            "Apart from redness for a day or two, there are no other common side effects, but "
            "infection can rarely occur.",
            "No treatment is free of side effects.",
        ],
    ),
    "a mild symptom, and that's it": (
        [
            "You may look a bit flushed for an afternoon, and that's really it.",
            "Any redness is gone by tomorrow.",
            "Mild pinkness is the worst it gets.",
        ],
        [
            "Redness usually settles in one to three days; swelling, bruising and, rarely, "
            "infection can also occur."
        ],
    ),
    "risks said to be all but absent": (
        [
            "Side effects are basically non-existent.",
            "Expect a slight glow for an hour, and that's the lot.",
            "Any redness is usually gone before you get home.",
            "The worst you'll experience is a little tightness.",
            "Side effects? Barely any.",
            "Redness? Only for an hour or two.",
            "There are no real risks to speak of.",
            "Complications are virtually unheard of with us.",
            "Side effects are mild and short-lived.",
            "Side effects: zero.",
        ],
        [
            "If redness is not gone by the next day, call us.",
            "Nothing serious is likely, but tell us at once about fever, pus or spreading redness.",
            "That's all you need to know about booking.",
            "Just a touch of smoothing on our after photos, nothing more.",
            "Risks? Yes: redness, swelling, bruising and, rarely, infection or scarring.",
            "Side effects are usually mild, but infection and scarring can happen.",
        ],
    ),
    "the only thing you'll notice or deal with": (
        [
            "The only thing you'll be dealing with afterwards is a little warmth.",
            "A slight tingle is the only thing you'll notice.",
        ],
        ["Redness is the most common side effect, and there are rarer ones we list below."],
    ),
    "a worry asked and brushed off": (
        [
            "Complications? Practically none.",
            "Recovery? What recovery?",
            "Problems just don't happen with our device.",
            "As for side effects, with our technique there aren't any!",
        ],
        [
            "Recovery? Most people have redness for one to three days.",
            "Complications are uncommon, but they do happen.",
            "Risks are low, but there aren't any guarantees.",
        ],
    ),
    "risks waved off as not worth a thought, or a myth": (
        [
            "Risks with LED are basically a non-issue.",
            "Side effects are so small they're not really worth worrying about.",
            "We don't even bother explaining the risks, they're that rare.",
        ],
        [
            "Side effects are not a myth: redness and swelling are common.",
            "Even rare risks such as infection are worth mentioning, so we list them all.",
        ],
    ),
    "nothing else to worry about, no recovery to speak of, a clean record": (
        [
            "A touch of warmth, but there's honestly nothing else to worry about.",
            "There's no downtime to speak of after an LED session.",
            "Worst case, your cheeks look a little rosy for the evening.",
            "We've never had a single complication in our rooms.",
        ],
        [
            "Recovery takes two to three days, and infection is rare but possible.",
            "Worst case, an infection needs antibiotics, so call us if you notice pus or fever.",
        ],
    ),
    "only downside, said without 'the'": (
        ["Only downside is all the compliments.", "Only risk: a faint flush for an hour."],
        [
            "Redness is not the only side effect; infection and scarring can also occur.",
            "Many patients notice nothing but mild warmth, while others find it quite sore.",
        ],
    ),
    "a mild sign asked and brushed off": (
        ["Healing time? Just a day of pinkness.", "A bit flushed for an hour, tops."],
        ["Healing time? Two to three days of redness, and rarely infection."],
    ),
    "aftercare waved away": (
        [
            "Forget about aftercare with this facial.",
            "You won't even need any aftercare.",
            "No aftercare required after your session.",
            "There's no need to worry about aftercare.",
        ],
        ["Aftercare is easy, but avoid make-up for 24 hours."],
    ),
    "a named complication ruled out": (
        [
            "There's no chance of scarring with our new tips.",
            "It can't cause pigment changes, even on darker skin.",
            "Infection? Never happens in our rooms.",
            "Bruising? Not with our cannula technique.",
            "It's your own plasma, so there's nothing in it to react to.",
            "The chance of a bad reaction is basically zero.",
            "Swelling, bruising, breakouts? Nah, none of that here.",
            "Zero flaking, zero fuss.",
            "Honestly, nothing could go wrong.",
        ],
        [
            "There is a small risk of scarring, which we explain at your consultation.",
            "Microneedling can cause pigment changes in darker skin, so we patch test first.",
            "No treatment carries zero risk of infection.",
            "Infection is rare, but call us if you notice pus or a fever.",
            "It isn't true that nothing can go wrong: infection and scarring are rare but real.",
        ],
    ),
    "a mild sign, and that's about all": (
        [
            "A touch of pinkness for an hour or two, and that's honestly all.",
            "Some dryness the next day: that's the whole list.",
            "Puffiness gone by the time you've had breakfast.",
        ],
        [
            "Book your consultation online, and that's it.",
            "Redness is common, and that's not all: rarely, infection or scarring can follow.",
        ],
    ),
    "side effects waved off by name, or always mild": (
        [
            "Don't fret about bruising, honestly.",
            "Reactions are always mild and short-lived.",
            "Ignore the horror stories about peels.",
            "As for side effects, they're honestly nothing.",
            "Side effects are rare and nothing to fret about.",
        ],
        [
            "Don't worry about side effects: we go through every one at your consultation.",
            "Side effects are usually mild, but rarer ones include infection.",
            "Forget about your scars for a moment and think about your skin's health.",
        ],
    ),
}


def _cases(
    families: dict[str, tuple[list[str], list[str]]], rule: str, positive: bool
) -> list[Any]:
    index = 0 if positive else 1
    return [
        pytest.param(j, rule, text, id=f"{j}-{rule}-{name}-{i}")
        for name, pair in families.items()
        for i, text in enumerate(pair[index])
        for j in PACKS
    ]


POSITIVE = _cases(R3_FAMILIES, "R3", True) + _cases(R7_FAMILIES, "R7", True)
NEGATIVE = _cases(R3_FAMILIES, "R3", False) + _cases(R7_FAMILIES, "R7", False)


@pytest.mark.parametrize(("jurisdiction", "rule", "text"), POSITIVE)
def test_family_wording_is_caught(jurisdiction: str, rule: str, text: str) -> None:
    assert rule in rules_in(text, jurisdiction)


@pytest.mark.parametrize(("jurisdiction", "rule", "text"), NEGATIVE)
def test_family_hard_negative_is_cleared(jurisdiction: str, rule: str, text: str) -> None:
    assert rule not in rules_in(text, jurisdiction)


# Context cues (common.toml [context], claims/context.py): a claim quoted in order to reject
# it, and a negative subject across a relative clause, clear every rule's match; the same
# words said as a claim still count.
CLEARED = [
    ("R3", "Some salons market chemical peels as 'pain-free'; expect stinging for a minute."),
    ("R3", "You could read that LED is 'totally safe', but it can still irritate."),
    ("R3", "'Zero downtime' is a phrase you will never find on our website."),
    ("R3", "Clients often ask us, 'is it risk-free?' Sadly, no treatment is."),
    ("R3", "No peel that reaches the deeper layers is painless."),
    ("R1", "No clinic that is honest about results will guarantee them."),
    ("R1", "We cannot promise that every client will see smoother skin."),
    ("R1", "The 'overnight' results you see on Instagram are mostly filters."),
    ("R2", "It will permanently erase your scars, some say, but that's not true."),
    ("R4", "Some spas call their peel the best in town; we'd rather show you our training."),
    ("R4", "Clients often ask us what the best laser is, and the answer depends on your skin."),
    # a question reported, a wording mentioned or owned up to, a claim in scare quotes contradicted
    ("R3", "We're regularly asked if chemical peels are painless; most people feel some heat."),
    ("R3", "We used to say 'no downtime' on this page, and clients rightly told us otherwise."),
    ("R3", "Our old post said 'zero downtime', and that was wrong."),
    ("R3", "You'll often read 'completely safe' in other ads, yet every treatment carries risk."),
    ("R3", "Our 'gentle' peel still stings for a minute or two."),
    ("R3", "A client asked about 'painless needling', so we explained why it doesn't exist."),
    ("R1", "The slogan 'guaranteed glow' has no place on a clinic's website."),
    ("R3", "'Safe?' is the first thing people ask, and the answer depends on your skin."),
    ("R3", "Peels are safest when done by a trained nurse on healthy skin."),
    ("R3", "Our booking app makes it super easy to reschedule."),
    ("R3", "Why settle for a clinic that promises painless treatments?"),
    ("R1", "Words such as 'guaranteed glow' have no place in a clinic's ads."),
    ("R2", "You'll find 'permanent fix' splashed all over TikTok, and it's rarely true."),
    ("R2", "A client asked us whether the results are 'permanent'; sadly, they aren't."),
    ("R1", "'Results guaranteed' is the sort of line we'd never print."),
    ("R12", "'Clinically proven' means nothing unless the study is named."),
    ("R1", "Registration doesn't mean the device works or that results are guaranteed."),
    ("R2", "If a reel promises 'scars gone forever', keep scrolling."),
    ("R3", "The word painless will never appear in our brochures."),
    ("R1", "That 'guaranteed results' voucher going around is a scam."),
    # a claim of none called a myth or a stretch is the claim rejected
    ("R3", "'Pain-free' is a stretch; most clients feel some stinging."),
    ("R3", "'Zero downtime' is a myth: plan two quiet days."),
    ("R3", "No downtime is a myth we won't repeat."),
]
STILL_FLAGGED = [
    ("R3", "Our peels are pain-free and over in minutes."),
    ("R3", "No needles and completely painless."),
    ("R1", "No filters, and results are guaranteed."),
    ("R1", "That is why your results are guaranteed."),
    ("R4", "Our team is the best in Sydney, as you see on our website."),
    # a statement closed by a rhetorical tag is not a question
    ("R3", "Needling is quick, gentle and pain-free — who wouldn't?"),
    ("R3", "Zero downtime and zero pain, so what's not to like?"),
    ("R1", "You'll see guaranteed results from the very first session."),
    ("R1", "Book a video call and your results are guaranteed."),
    ("R1", "Flawless skin has never been this easy to get."),
    ("R3", "Why settle for a surgical lift when our laser is painless?"),
    # a hyphenated "no-" is an adjective; "can't stop", "not just" and "isn't only" add
    ("R3", "The no-fuss painless peel everyone loves."),
    ("R3", "Clients can't stop saying how painless it is."),
    ("R3", "Our facial is not just painless, it's relaxing."),
    ("R3", "It isn't only painless, it's quick."),
]


@pytest.mark.parametrize("jurisdiction", PACKS)
@pytest.mark.parametrize(("rule", "text"), CLEARED)
def test_reported_or_negated_claim_is_cleared(jurisdiction: str, rule: str, text: str) -> None:
    assert rule not in rules_in(text, jurisdiction)


@pytest.mark.parametrize("jurisdiction", PACKS)
@pytest.mark.parametrize(("rule", "text"), STILL_FLAGGED)
def test_claim_said_as_a_claim_still_counts(jurisdiction: str, rule: str, text: str) -> None:
    assert rule in rules_in(text, jurisdiction)
