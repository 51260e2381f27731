"""Families of meaning for R1 (outcome promises) and R2 (permanence, total removal) written
for the outside writers' wording (dev batches outside-writer-E..H and P..AM): each family caught in
paraphrases of our own and cleared in hard negatives, in every pack (both rules are common
to AU, UK and US and read the same there)."""

from __future__ import annotations

import pytest

from tests.compliance_sentences import PACKS, rules_in

# family: (rule, sentences that break it, hard negatives that share its words but do not)
FAMILIES = {
    "an outcome within a time frame": ("R1", [
        "Our laser banishes sun spots in just two visits.",
        "Expect those frown lines smoothed out within days of your appointment.",
        "Two peels later and your complexion is clearer than ever.",
        "Your dark circles will be gone by the weekend.",
        "Melasma cleared up after only one session.",
        "Permanent results with just three appointments.",
        "See a difference after one treatment.",
        "Pores shrink instantly.",
        "Pigmentation is removed completely in one session.",
        "Our facial fixes dull skin in an hour.",
        "Expect brighter skin after every single session.",
        "Our most popular peel gives smoother skin in one session.",
        "You can expect smoother skin after just one session.",
    ], [
        "Swelling is usually gone within 48 hours.",
        "Most people see results in three to six sessions.",
        "We can't promise that acne scars will be gone in three sessions.",
        "This offer disappears in 24 hours.",
        "Some clinics advertise scars erased in one session; we don't.",
        "We talk about sunscreen from day one.",
        "Remove makeup instantly with micellar water.",
        "We fix a review date with you after the first session.",
        "Lines may look softer within two weeks as swelling settles.",
        "Most people notice a difference after three sessions.",
        "We clean the device after every session.",
    ]),
    "one treatment for every problem": ("R1", [
        "Our signature peel tackles everything, from acne to ageing.",
        "Pigment, redness, scarring: this laser sorts them all.",
        "Meet the serum that does it all.",
        "Our LED mask works on every skin concern you can name.",
        "Stick with us and we'll keep treating until you love the result.",
        "Thin skin, thick skin, oily skin: our facial perfects every skin type.",
    ], [
        "No single treatment fixes everything.",
        "Microneedling doesn't work on every skin concern, so we assess you first.",
        "We can't promise one treatment will fix them all.",
    ]),
    "before/after photos sold as typical": ("R1", [
        "These after photos are totally typical for our clients.",
        "Our before-and-after photos show exactly what you will get.",
        "The gallery is typical of what every client achieves.",
    ], [
        "No before-and-after photo shows exactly what you will get.",
        "We guarantee you'll see a registered nurse at every visit.",
    ]),
    "the promise in slang and imagery": ("R1", [
        "Think of it as a fountain of youth in a bottle.",
        "Fall in love with your reflection all over again.",
        "Get back the glow you had in your twenties.",
        "Beach-ready skin in time for your holiday.",
        "Try it once and you'll never look back.",
        "You will love what you see.",
        "Say hello to smooth, younger skin.",
        "Arrive with blotchy skin, leave glowing.",
        "Pigmentation won't know what hit it.",
        "The scar solution you've been searching for.",
        "An instant facelift in your lunch hour.",
    ], [
        "There's no magic wand for acne scars.",
        "Microneedling isn't a time machine, and we won't pretend it is.",
        "Plan on two days of redness before you feel ready for photos.",
        "Come in with questions and leave with a clear plan for your skin.",
    ]),
    "the result stated as certain": ("R1", [
        "With us you're assured of visible results.",
        "Improvement is a certainty after a full course.",
        "It's impossible not to love the results.",
        "Results you can bank on, session after session.",
        "A facial that never disappoints.",
        "Your skin will never have looked better.",
        "Your dream complexion awaits.",
        "Smoother skin, or we'll make it right.",
    ], [
        "You can be assured of complete discretion.",
        "Improvement is not a given, and results vary.",
        "Results depend on your skin type and your aftercare.",
        "'My skin has never looked better,' one client told us.",
        "Our reception team never disappoints.",
    ]),
    "every client delighted, by double negation": ("R1", [
        "Not one patient has walked out without a smile.",
        "There isn't a single client who didn't love the change.",
        "No way you won't love the change.",
    ], [
        "No client leaves without an aftercare sheet.",
        "Not every patient who tries it sees a change.",
        "There's no chance you'll be rushed.",
    ]),
    "the question answered with its end": ("R2", [
        "Sun spots? Gone.",
        "Stretch marks? Not anymore.",
        "Melasma? Banished.",
        "Rosacea, healed.",
        "Dark spots? Deleted.",
        "Pores? What pores?",
    ], [
        "Acne scars? They can soften with treatment, but rarely disappear.",
        "Are acne scars gone for good after treatment? No.",
    ]),
    "the blemish gone or going for good": ("R2", [
        "My melasma has completely vanished.",
        "Your fine lines will disappear.",
        "Not a wrinkle in sight after my first session.",
        "I still can't believe my pores are gone!",
        "Age spots simply don't come back after our laser.",
        "The only peel you'll ever need.",
        "Melasma melts away, and stays away.",
        "One peel and you'll never need another.",
        "Acne scars, be gone!",
        "Adios, acne scars.",
        "Your stretch marks are about to be history.",
        "Never see a breakout again.",
        "Fully resolves melasma.",
        "Remove all traces of scarring.",
        "It's like your scars were never there.",
        "Wrinkle-free for years to come.",
    ], [
        "Scars don't disappear, but they can look softer.",
        "No one can promise your acne scars will vanish.",
        "Stay away from the sun for two weeks after a peel.",
        "It is unlikely that your pigmentation will disappear completely.",
        "Keep treated skin out of the sun so pigment stays away.",
        "The only thing you'll ever need to bring is a list of your medications.",
        "Pigmentation was gone for a few months, then slowly returned.",
        "Remove all traces of makeup before your appointment.",
        "Our clinic is a fragrance-free, latex-free space.",
        "We can't promise scar-free skin.",
        "Wait until the treated area has fully healed before exfoliating.",
        "Another clinic promised her scars would vanish in one session.",
    ]),
    "permanent as a result, not as the problem": ("R2", [
        "Permanently smoother skin from our signature course.",
        "Results that are permanent, from one course.",
    ], [
        "Deep acne scars are permanent, so we aim to soften them.",
        "A rare risk is permanent scarring.",
        "Some websites promise permanent results, so ask for the evidence.",
        "Microneedling may soften acne scars, but it is unlikely to remove them entirely.",
    ]),
    # families for the outside writers P-AA
    "the concern dealt with in one word": ("R1", [
        "Melasma? Fixed.",
        "Sun damage — sorted.",
        "Thinning hair, handled.",
        "Jowls? Taken care of.",
    ], [
        "Pigmentation: what causes it and how we treat it.",
        "Scars? We'll talk you through realistic options.",
        "No honest clinic would write 'melasma, sorted'.",
    ]),
    "removal promised with will": ("R1", [
        "We'll get rid of those sun spots.",
        "This laser will knock out your redness.",
        "Our nurses will sort those breakouts.",
        "The next peel will clear it up.",
    ], [
        "Microneedling won't get rid of deep scars.",
        "A single peel will not wipe them out.",
        "We'll sort your aftercare kit before you leave.",
    ]),
    "the concern ironed or smoothed right out": ("R1", [
        "Our laser smooths those lines right out.",
        "This peel buffs your dark spots away.",
        "RF needling tightens everything right up.",
        "Two sessions and we blast them away.",
    ], [
        "Smooth it out evenly over the treated area.",
        "Wipe the gel off after ten minutes.",
        "Microneedling can help smooth them away over several sessions.",
    ]),
    "a result sealed with a tag of certainty": ("R1", [
        "Your melasma disappears, no ifs or buts.",
        "Results in a week, and that's a promise.",
        "This peel clears acne scars, end of story.",
        "It works, simple as that.",
    ], [
        "Results vary from person to person, full stop.",
        "We don't promise results, period.",
        "Our clinic is the best in town, full stop.",
    ]),
    "certainty in other words": ("R1", [
        "Honestly, it just works.",
        "The fastest way to get rid of sun spots.",
        "Works on 95% of skin types.",
        "Rewind a whole decade in one lunch hour.",
        "This facial resets your face to your twenties.",
        "People will think you've just had a fortnight in Bali.",
        "Hello, glowing new skin.",
        "Ditch the foundation and show off your skin.",
        "Our PRP protocol regrows thinning hair.",
    ], [
        "Here's how it just works behind the scenes.",
        "Years of sun damage can't be erased in one session.",
        "In one trial (Lee et al., 2021) it works for 90% of patients.",
        "Skip makeup for 24 hours after your peel.",
        "PRP may help regrow hair in some people.",
    ]),
    "before/after photos as what you will get": ("R1", [
        "These before-and-afters are exactly what you'll get.",
        "Love Mia's results? Expect the same.",
        "Every single patient got results like these.",
        "That's what three sessions of needling can do.",
    ], [
        "These photos aren't exactly what you'll get; results vary.",
        "Here's what you can expect on the day.",
        "Expect the same warm welcome at both clinics.",
    ]),
    "a claim quoted or disowned in order to reject it": ("R1", [
        "Results guaranteed, every single time.",
    ], [
        "'Results guaranteed' is a phrase you'll never hear from us.",
        "Words like 'guaranteed' have no place in skin care.",
        "Inclusion on the register doesn't mean results are guaranteed.",
        "Some reviewers call it life-changing, but most people see subtle changes.",
    ]),
    "the concern gone within a time frame": ("R2", [
        "Sun spots zapped in a single visit.",
        "Melasma gone within three weeks.",
        "Acne scars erased within weeks.",
    ], [
        "Swelling is gone in a few days.",
        "Some pigmentation may be gone in two sessions, but it often returns.",
        "Four sessions later my scars are softer, not gone.",
    ]),
    "the concern ironed, wiped or knocked out": ("R2", [
        "Our laser irons those lines right out.",
        "We knock out the redness.",
        "The peel smooths them away completely.",
        "Stretch mark removal in three visits.",
        "Our LED heals acne.",
    ], [
        "Smooth it out evenly over the treated area.",
        "Laser hair removal is booked separately.",
        "Our LED can help heal acne.",
    ]),
    "a lasting result asked for and answered yes": ("R2", [
        "Smooth skin for good? Yes, really.",
        "Results that last forever? Now you can.",
        "Sun spots erased by summer? Definitely.",
    ], [
        "Do results last forever? No.",
        "Results that last forever? Not with any treatment we know.",
        "Acne scars gone after one session? Unlikely.",
    ]),
    "results that simply last": ("R2", [
        "Our peel results really last.",
        "Laser results that last for decades.",
        "Not one freckle left after our pigment course.",
    ], [
        "Results typically last three to six months.",
        "Regular top-ups help results last.",
        "Results don't last forever, so plan on maintenance.",
    ]),
    "permanence reported in order to question it": ("R2", [
        "Permanent results, from one course.",
    ], [
        "If a video promises 'scar-free skin forever', keep scrolling.",
        "You'll see 'permanent results' all over TikTok; be sceptical.",
        "You asked me if it's 'permanent', and the honest answer is no.",
    ]),
    # Families added for the outside writers AB-AG.
    "the result vouched for by the clinic's confidence": ("R1", [
        "We're so confident in this peel that if you don't love it, your next one is on us.",
        "Glow or your next facial's free — that's how sure we are.",
        "Your glow is locked in from session one.",
        "Clearer skin with us? It's a certainty.",
        "Those stubborn sunspots have finally met their match.",
        "This is the serum that finally delivers.",
        "Our laser lifts every jawline, no exceptions.",
        "Loved Mia's transformation? Your complexion can do the same.",
        "Book the package and you're assured a brighter complexion.",
        "Our laser is regulator-cleared, so you know it'll work for you.",
        "A peel that works on every kind of pigmentation.",
        "Her after photo is exactly the sort of result you will get.",
    ], [
        "Registration doesn't mean it will work for you; a consult tells us whether it might.",
        "We'll talk through whether this treatment will work for you.",
        "We patch test every new client, no exceptions.",
        "Improvement isn't a certainty, and any change takes time.",
        "Skip the fancy serums that promise the earth; no product works on everyone.",
        "I can't guarantee a result, but I can guarantee we'll always be upfront with you.",
        "A fresh sterile cartridge is used every time, without fail.",
        "Loved by our regulars: 100% would recommend, says Tom.",
    ]),
    "no more cover-up needed": ("R1", [
        "After this course you'll never need concealer again.",
        "You won't need any make-up after your final session.",
    ], [
        "You won't need make-up for the first 24 hours, so plan a quiet day.",
        "Avoid make-up straight after the peel; you won't need foundation on the day anyway.",
    ]),
    "a time frame first, then what will have changed": ("R1", [
        "By your second visit, that pigmentation will have faded right back.",
        "Within a fortnight your pores will have shrunk noticeably.",
        "Those acne scars will look smoother after treatment one, full stop.",
    ], [
        "Within two days the redness will have settled.",
        "By your third session most people will have noticed some softening.",
    ]),
    "every client we've treated, delighted": ("R1", [
        "Every patient we've treated for melasma has gone home with a more even complexion.",
        "Six jabs of the good stuff and those frown lines are history.",
        "Open pores? Consider them taken care of.",
    ], [
        "Our Glass Skin Facial menu lists every step and its price.",
        "The glass skin trend owes a lot to ring lights.",
        "Our gallery shows only our most dramatic transformations, so ask to see typical ones too.",
    ]),
    "results by a time frame, and loving them": ("R1", [
        "Visible results in just two sessions.",
        "By your fourth skin booster session, those fine lines will have softened.",
        "Stick with the plan and your skin will never look better.",
        "You'll be loving your new complexion by spring.",
        "This laser works on any skin type and every scar.",
    ], [
        "Results in one session are rare; most people need three to six.",
    ]),
    "a client's result in her own words is a testimonial (R5), not a promise": ("R1", [
        "'My pores vanished overnight' — what all our clients tell us after one peel.",
    ], [
        "'Honestly the best my skin has ever looked,' says Rachel, 36.",
        "Five stars from Dana: 'my pigmentation faded in a fortnight.'",
    ]),
    "the concern gone, in slang": ("R2", [
        "Rosacea? Consider it gone for good.",
        "Sun spots? Deleted.",
        "Book in and watch those age spots disappear.",
        "Three peels and they're history.",
        "Never stress about blemishes before a big event again.",
        "Kicked acne to the kerb, forever.",
        "Our blue light cleared his acne.",
    ], [
        "We turned the claim down, and for good reason.",
        "Someone on Instagram said needling cures scars for good; it doesn't.",
        "Claims doing the rounds that PRP cures hair loss for good are not backed by trials.",
        "If a salon promises to erase your scars, ask for the evidence first.",
        "Watch for swelling that doesn't fade away after a few days.",
    ]),
    "a result vouched for by a refund or a double negative": ("R1", [
        "No difference after four peels? Then no fee.",
        "If you don't notice any improvement after your course, the next session is free.",
        "We have never had a single patient leave without a visible glow.",
        "There's no such thing as a disappointing result in our chair.",
        "There isn't a wrinkle this laser can't soften.",
        "Zero change by week six? That won't happen here.",
    ], [
        "We've never had a client who didn't get a full consultation first.",
        "No results are guaranteed, and there is no charge for your review appointment.",
        "There's no such thing as a risk-free treatment.",
        "If you don't see the change you hoped for, we'll talk through other options.",
    ]),
    "certainty in everyday words": ("R1", [
        "A foolproof fix for open pores.",
        "Our peel is the sure fire route to brighter skin.",
        "Bank on it: your melasma lifts after the course.",
        "Those sun spots are going to vanish.",
        "Your melasma improves with every session, and that's the Glow Lab promise.",
        "Three sessions and your pigmentation is handled.",
    ], [
        "The bruise is going to fade within a week.",
        "Any redness is going to fade by the next morning.",
        "Our online booking is foolproof.",
        "Here is a foolproof aftercare checklist.",
    ]),
    "a guarantee of the service, not of the skin": ("R1", [
        "We guarantee smoother skin, not just a nicer afternoon.",
    ], [
        "The only thing we can guarantee is a warm welcome and an honest answer.",
        "Our only guarantee is that we'll listen.",
        "Your booking is guaranteed once the deposit is paid.",
        "Our price-match guarantee covers products, not treatment results.",
        "We'd love to promise you flawless skin, but nobody honestly can.",
        "We check your medical history first, every single time.",
        "We are 100% locally owned and run.",
        "With numbing cream the treatment is 100% painless for most people.",
        "Your slot is held for a week, or we'll refund the deposit.",
        "A follower had heard that LED 'fixes everything', so we set the record straight.",
    ]),
    "ageing turned back, in stock images": ("R1", [
        "Rewind the clock on tired skin with our peel.",
        "Our booster turns back time on dull skin.",
        "Skin boosters are the fountain of youth.",
    ], [
        "Research shows LED turns back the clock on sun damage.",
        "The secret to good aftercare is sunscreen.",
        "Turn back the clock for good with our skin booster.",
    ]),
    "reviews quoted and side effects settling are not promises": ("R1", [
        "Wake up to flawless skin overnight.",
    ], [
        "Our Google reviews say it best: 'gentle, kind and amazing results'.",
        "'Best facial in town!' is one of our many reviews.",
        "Any pinpoint bleeding settles overnight.",
        "The tiny bumps subside overnight.",
    ]),
    "results that last forever are permanence": ("R2", [
        "Results that last forever with our booster.",
        "Permanent results after a single session.",
        "Turn back the clock for good with our skin booster.",
    ], [
        "Results last around nine to twelve months before a top-up.",
    ]),
    "the results-vary line denied, and photos sold as your future": ("R1", [
        "'Results may vary'? Nope, not at our clinic.",
        "We dropped the 'results vary' small print, because ours don't.",
        "Swipe through the gallery: here's what your skin will look like after the course.",
        "Open pores, meet your match.",
    ], [
        "We never drop the 'results vary' line from our posts.",
        "Results vary from person to person, and we'll say so at your consult.",
        "This is what your skin will look like on day two: pink and a little tight.",
    ]),
    "total removal in other words": ("R2", [
        "This laser brings sun spots down to nothing.",
        "After the course your lines stay that way: smooth.",
        "Those pigment patches will soon be a distant memory.",
    ], [
        "Wear SPF every day so your results stay that way for longer.",
        "Numbing cream takes the sting down to nothing.",
        "A leaflet in the letterbox promised scars gone forever; if only.",
    ]),
}  # fmt: skip

CASES = [
    (family, code, rule, sentence, expected)
    for family, (rule, positives, negatives) in FAMILIES.items()
    for code in PACKS
    for sentences, expected in ((positives, True), (negatives, False))
    for sentence in sentences
]


@pytest.mark.parametrize(
    ("family", "jurisdiction", "rule", "sentence", "expected"),
    CASES,
    ids=[f"{c[1]}-{c[2]}-{'pos' if c[4] else 'neg'}-{c[3][:40]}" for c in CASES],
)
def test_family_is_caught_in_paraphrase_and_cleared_in_hard_negative(
    family: str, jurisdiction: str, rule: str, sentence: str, expected: bool
) -> None:
    assert (rule in rules_in(sentence, jurisdiction)) is expected, family
