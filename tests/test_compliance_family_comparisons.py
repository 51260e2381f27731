"""Families of meaning for R4 (superlatives and comparisons), R5 (testimonials), R6
(before/after photos) and R9 (indiscriminate use), written for wordings the outside writers
used: each family is caught in new paraphrases (not copied from the dev set) and cleared in
hard negatives, in every pack where the rule applies, patterns only."""

from __future__ import annotations

import pytest

from tests.compliance_sentences import rules_in

ALL = ("AU", "UK", "US")
NOT_US = ("AU", "UK")  # the FTC has no counterpart to R9 and R13


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


R9_CAUGHT = [
    "Buy a block of four peels and get the fifth one free.",
    "Three facials for the price of two, all spring.",
    "Stack and save: the more you book, the more you save.",
    "Why settle for a single session?",
    "Hydrafacials are ideal for pretty much everyone.",
    "Our LED mask is mild enough for anybody.",
    "Skin boosters suit clients aged 18 to 70.",
    "Make it a girls' day out with a round of peels.",
    "Bring your nan along for a glow session.",
    "Had a peel last week? Pop back next week, your skin can take another.",
    "The earlier you start, the fewer wrinkles you'll have.",
    "It's never too young to start anti-ageing.",
    "Peels whenever the mood takes you: walk in, walk out glowing.",
    "Come in as often as you please.",
    "Unlimited LED facials for one monthly price.",
    "Filler with no GP referral needed.",
    "We'll keep topping you up until you love it.",
]
R9_CLEARED = [
    "Sessions usually take 20 to 60 minutes, depending on the area.",
    "Stock up on sunscreen before summer.",
    "We never book back-to-back sessions; your skin needs four weeks to recover.",
    "Most people start with a consultation to see whether it suits them.",
    "Come back in six weeks so we can check how your skin has settled.",
    "Bring your questions and a list of medicines to your consultation.",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R9_CAUGHT, NOT_US))
def test_r9_indiscriminate_use_families_are_caught(jurisdiction: str, sentence: str) -> None:
    assert "R9" in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R9_CLEARED, NOT_US))
def test_r9_hard_negatives_are_cleared(jurisdiction: str, sentence: str) -> None:
    assert "R9" not in rules_in(sentence, jurisdiction)


def test_r9_does_not_apply_in_the_us() -> None:
    assert "R9" not in rules_in("Three facials for the price of two, all spring.", "US")


R6_CAUGHT = [
    "Our gallery shows a fourteen-year-old's acne journey, session by session.",
    "Check out these 16-year-olds' before-and-afters!",
    "Before aged 15, after aged 16: what a change.",
    "B&A from this month's peel clients 😍",
    "Watch our latest results video.",
    "Pictures slightly retouched so the glow shows on Instagram.",
    "We took the after shots in flattering ring light afterwards.",
    "Our photo gallery is hand-picked to show our most dramatic transformations.",
    "The results in these photos are totally typical.",
    "We smoothed the after photos a touch for the grid.",
]
R6_CLEARED = [
    "Before-and-after photos: unedited, same room, same camera. Your results may differ.",
    "Our before-and-after gallery uses no filters or retouching, and outcomes vary from "
    "person to person.",
    "We never show under-18s in our before-and-after photos.",
    "Take photos of your skin before treatment so you can compare later.",
    "Acne often starts in your teens and can leave scars that last into adulthood.",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R6_CAUGHT, ALL))
def test_r6_before_after_families_are_caught(jurisdiction: str, sentence: str) -> None:
    assert "R6" in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R6_CLEARED, ALL))
def test_r6_hard_negatives_are_cleared(jurisdiction: str, sentence: str) -> None:
    assert "R6" not in rules_in(sentence, jurisdiction)


# Bought, incentivised, staff-written, gated or undisclosed reviews: a breach everywhere.
R5_CAUGHT_EVERYWHERE = [
    "Drop us a 5-star Trustpilot review and we'll take $15 off your next facial.",
    "Share your post-peel selfie for 10% off your next visit.",
    "Clients who leave a review receive a bonus LED session.",
    "Our VIPs get a voucher for each review they write.",
    "We only email review requests to our happiest clients.",
    "Half the reviews on our page were posted by our receptionist.",
    "Our practice manager's Google review is pinned at the top.",
    "Our team has been writing reviews on Google to get us started.",
    "Not sponsored, I just adore this clinic's peels!",
    "Book with my code SKIN10 for a discount.",
]
R5_CLEARED_EVERYWHERE = [
    "We never post reviews written by our staff or their families.",
    "Sponsored by Glow Clinic #ad: use my code GLOW10.",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R5_CAUGHT_EVERYWHERE, ALL))
def test_r5_bought_or_hidden_review_families_are_caught(jurisdiction: str, sentence: str) -> None:
    assert "R5" in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R5_CLEARED_EVERYWHERE, ALL))
def test_r5_hard_negatives_are_cleared_everywhere(jurisdiction: str, sentence: str) -> None:
    assert "R5" not in rules_in(sentence, jurisdiction)


# Australia bans every testimonial about clinical aspects.
R5_CAUGHT_AU = [
    '"I can\u2019t stop touching my cheeks, my skin is so soft!" Jade, Newtown',
    "Another sweet message from Zara after her third peel 💕",
    "Sharing Amelia's kind words about her laser course.",
    "This 45-year-old's pigmentation story will make you book today.",
    "Tom, one of our regular clients, says his acne marks have faded.",
    "A client told us her melasma is finally under control.",
    "Thank you for all the love after last week's filler day!",
    "Reposting a lovely story from a client about her rosacea.",
    "Hear it straight from our clients: watch the video.",
    "Adored by skincare editors across Sydney.",
]
R5_CLEARED_AU = [
    "Thanks for the five stars for our new parking and coffee machine!",
    "A 2021 review by Alster et al. found modest improvement in acne scars.",
    "'Is it painful?' — most people describe a scratching feeling.",
]


@pytest.mark.parametrize("sentence", R5_CAUGHT_AU)
def test_r5_testimonial_families_are_caught_in_australia(sentence: str) -> None:
    assert "R5" in rules_in(sentence, "AU")


@pytest.mark.parametrize("sentence", R5_CLEARED_AU)
def test_r5_hard_negatives_are_cleared_in_australia(sentence: str) -> None:
    assert "R5" not in rules_in(sentence, "AU")


# The UK and US allow genuine testimonials, but not one that makes a claim the advert could
# not substantiate.
R5_CAUGHT_UK_US = [
    "'My lines are totally gone after one treatment,' says Priya.",
    '"Ten years younger in a single visit!" Real client, Leeds',
    "\u201cMy pigmentation has completely disappeared\u201d \u2013 Grace " + "\u2b50" * 5,
]
R5_CLEARED_UK_US = [
    "'My skin feels a bit smoother,' says Priya, who had three sessions.",
    '"Friendly team and a clean clinic." Google review',
    "Sarah told us her skin feels softer.",
    "Please leave us an honest Google review if you have a moment.",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R5_CAUGHT_UK_US, ("UK", "US")))
def test_r5_testimonials_with_unprovable_claims_are_caught_in_uk_and_us(
    jurisdiction: str, sentence: str
) -> None:
    assert "R5" in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R5_CLEARED_UK_US, ("UK", "US")))
def test_r5_genuine_modest_testimonials_stay_allowed_in_uk_and_us(
    jurisdiction: str, sentence: str
) -> None:
    assert "R5" not in rules_in(sentence, jurisdiction)


# Round 2 (outside writers P-AA): rivals named in the comparison, nobody/nothing that beats
# it, the top / the leader / the only one, in every pack.
R4_CAUGHT_ROUND2 = [
    "Smoother-than-filler results, and no needles involved.",
    "Tighter results than surgery, without the scar.",
    "Our peel works 2x faster than retinol.",
    "Our RF device gives you a lift that creams just can't.",
    "Honestly, nothing else out there compares.",
    "Nobody in Leeds treats acne scars better than our nurses.",
    "She sorted my scarring where other clinics had failed.",
    "Our injectors rank among the leading names in the industry.",
    "Meet Sophie, the top skin needling clinician in Perth.",
    "The only place on the coast you can get this laser.",
    "This serum is the only product that really works on melasma.",
    "Honestly the safest, simplest option for pigmentation.",
    "It's the best thing you will ever do for your skin.",
    "Our therapists are just as skilled, at half the wait.",
]
R4_CLEARED_ROUND2 = [
    "Newer, pink stretch marks tend to respond better than older white ones.",
    "Deep scars are best handled by a dermatologist; we'll refer you.",
    "The best first step is a consultation where we look at your skin.",
    "A model appointment takes about twice as long as a standard one.",
    "Lasers may work better than peels for some scars, depending on skin type.",
    "Retinol works best alongside daily sunscreen.",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R4_CAUGHT_ROUND2, ALL))
def test_r4_rival_and_top_families_are_caught(jurisdiction: str, sentence: str) -> None:
    assert "R4" in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R4_CLEARED_ROUND2, ALL))
def test_r4_round2_hard_negatives_are_cleared(jurisdiction: str, sentence: str) -> None:
    assert "R4" not in rules_in(sentence, jurisdiction)


# Round 2: a named client's before/after without the warning, and photos flattered by
# filters, edits, lighting or makeup, admitted in passing.
R6_CAUGHT_ROUND2 = [
    "Before vs after: Zoe's pigmentation, three peels apart.",
    "Swipe across to see Grace's glow-up 👉",
    "Same patient, eight weeks apart.",
    "Imagine these results on you by Christmas: picture it on you.",
    "Zero editing… okay, a teeny bit of brightening on the after.",
    "Posted with our beauty filter so the glow pops.",
    "The afters were shot in natural light with makeup on; befores under the fluorescent tubes.",
    "Photos of Ruby (16) after her course of peels.",
]
R6_CLEARED_ROUND2 = [
    "Wash your hands before and after touching the treated area.",
    "We don't post before vs after photos.",
    "Our before-and-after photos are unedited and taken in the same lighting; results vary.",
    "After your peel, skip makeup for 24 hours.",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R6_CAUGHT_ROUND2, ALL))
def test_r6_named_and_flattered_photo_families_are_caught(jurisdiction: str, sentence: str) -> None:
    assert "R6" in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R6_CLEARED_ROUND2, ALL))
def test_r6_round2_hard_negatives_are_cleared(jurisdiction: str, sentence: str) -> None:
    assert "R6" not in rules_in(sentence, jurisdiction)


# Round 2: as often as you like and for ever, everyone told they need it, more per visit,
# multi-buys, points and group outings, no consultation in casual words.
R9_CAUGHT_ROUND2 = [
    "Pop in every week if you fancy, your skin will love it.",
    "Monthly peels, forever: that's the secret.",
    "LED is so mild you could have it every week.",
    "Keep topping up the minute you notice it fading.",
    "Every bloke over 40 should be doing this.",
    "Any age, every skin, all concerns welcome.",
    "Tack a peel and LED onto each appointment.",
    "Buy three peels and we'll throw in a fourth for free.",
    "Triple points on every session booked in May.",
    "Bring your sister and you each get 15% off.",
    "Filler party for you and four girlfriends this Friday!",
    "Nope, you won't need a consult, just book online.",
    "Honestly there's no reason not to give it a go.",
]
R9_CLEARED_ROUND2 = [
    "Wear sunscreen every day, forever.",
    "Loyalty points are redeemable on skincare products only, not treatments.",
    "You can pay per session; there's no need to prepay a package.",
    "Bring a list of your medicines to your consultation.",
    "Our nurse reviews your medical history before every treatment, no exceptions.",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R9_CAUGHT_ROUND2, NOT_US))
def test_r9_round2_families_are_caught(jurisdiction: str, sentence: str) -> None:
    assert "R9" in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R9_CLEARED_ROUND2, NOT_US))
def test_r9_round2_hard_negatives_are_cleared(jurisdiction: str, sentence: str) -> None:
    assert "R9" not in rules_in(sentence, jurisdiction)


# Round 2: rewarded, staff-written, filtered and hidden reviews, in every pack.
R5_CAUGHT_EVERYWHERE_ROUND2 = [
    "Give us five stars on Trustpilot and your next LED session is on us.",
    "Change your 2-star review and we'll refund the peel.",
    "Our injectors write reviews on Google from their own accounts.",
    "Some of the testimonials here were penned by our practice manager.",
    "Friends and family, please drop us a glowing review before we open!",
    "Short on time? We'll write the review for you.",
    "We only feature the positive ones on our homepage.",
    "We only ask for reviews from clients who rated us 10 on our survey.",
    "This month I'm gifting two beauty creators a free peel.",
    "Voted Perth's favourite clinic by our own clients.",
]
R5_CLEARED_EVERYWHERE_ROUND2 = [
    "Staff are banned from leaving reviews of the clinic.",
    "Our nurses sometimes leave reviews, and they always say they work here.",
    "Disclosure: this creator received a free peel in exchange for an honest review. #ad",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R5_CAUGHT_EVERYWHERE_ROUND2, ALL))
def test_r5_round2_review_families_are_caught(jurisdiction: str, sentence: str) -> None:
    assert "R5" in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R5_CLEARED_EVERYWHERE_ROUND2, ALL))
def test_r5_round2_hard_negatives_are_cleared(jurisdiction: str, sentence: str) -> None:
    assert "R5" not in rules_in(sentence, jurisdiction)


# Round 2, Australia: a client's words or results passed on, a quote after its source or
# signed "verified client", a first-person account of one's own treatment.
R5_CAUGHT_AU_ROUND2 = [
    "A sweet message from one of our patients after her second peel.",
    "Real client, real result: smoother skin in six weeks.",
    "My client Sophie came in with cystic acne last spring.",
    "Hear from Priya about her laser course.",
    "As one patient said, it was the best decision she's made.",
    '"My melasma has faded so much" \u2013 verified patient',
    "Patients keep telling us how much their scarring has softened.",
    "I get it done every month and my face has never looked better.",
    "Our Facebook reviews put it best: \u201cmy pores have shrunk!\u201d",
]
R5_CLEARED_AU_ROUND2 = [
    "Some patients describe a warm, prickly feeling for an hour afterwards.",
    "Patients often tell us they feel nervous before the first session, which is normal.",
    "A 2020 review by Smith and Jones found the evidence for LED modest.",
    "@sam_k good question, it depends on your skin, so book a consult first.",
]


@pytest.mark.parametrize("sentence", R5_CAUGHT_AU_ROUND2)
def test_r5_round2_testimonial_families_are_caught_in_australia(sentence: str) -> None:
    assert "R5" in rules_in(sentence, "AU")


@pytest.mark.parametrize("sentence", R5_CLEARED_AU_ROUND2)
def test_r5_round2_hard_negatives_are_cleared_in_australia(sentence: str) -> None:
    assert "R5" not in rules_in(sentence, "AU")


# Round 2, UK and US: a quote after its source, signed "verified client" or "actual review",
# or a client's claim reported without quotes, that no advert could substantiate.
R5_CAUGHT_UK_US_ROUND2 = [
    "Clients rave: 'the peel was painless and my acne cleared in a week!'",
    "\u201cMy scars are basically invisible now\u201d \u2014 verified patient",
    "Our clients say it's the best laser in Surrey.",
    "Women who've had it tell us it's painless.",
]
R5_CLEARED_UK_US_ROUND2 = [
    "'My acne scars are softer, not gone, and that's fine by me,' says Leah.",
    "Our patients say the nurses explain every step.",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R5_CAUGHT_UK_US_ROUND2, ("UK", "US")))
def test_r5_round2_unprovable_testimonials_are_caught_in_uk_and_us(
    jurisdiction: str, sentence: str
) -> None:
    assert "R5" in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(
    ("jurisdiction", "sentence"), _cases(R5_CLEARED_UK_US_ROUND2, ("UK", "US"))
)
def test_r5_round2_modest_testimonials_stay_allowed_in_uk_and_us(
    jurisdiction: str, sentence: str
) -> None:
    assert "R5" not in rules_in(sentence, jurisdiction)


# Round 3: content about one's results paid for or the payment hidden, testimonials written,
# edited or filtered by the clinic, reviews bought or left by the team's circle, a ranking
# put in the clients' mouths, a celebrity's face, a named case held up as the reader's.
R5_CAUGHT_EVERYWHERE_ROUND3 = [
    "Record a short clip about your skin journey and your next peel is free.",
    "Everyone who shares their glow-up reel gets 200 loyalty points.",
    "A complimentary LED facial for posting your before-and-after story.",
    "Leave us a review this week and you're in the prize draw.",
    "Five-star reviews earn bonus entries in our spring giveaway!",
    "You don't have to mention the free treatment when you post.",
    "Let's keep the freebie between us, okay?",
    "Some of our testimonials are lightly reworded by the clinic for length.",
    "Patient quotes on this page were ghost-written from chats at the front desk.",
    "Case studies here are composed by our social media agency.",
    "We display a curated selection of our happiest patients' feedback.",
    "Our widget screens out any ratings below four stars.",
    "If you're less than thrilled, email us privately rather than leaving a review.",
    "We purchased a batch of Google ratings to get the page going.",
    "Half our reviews come from our nurses' partners and mates.",
    "The most gentle injector in Leeds, according to our patients.",
    "As seen on the lips of two reality-TV stars.",
    "One very famous presenter credits our peel for her flawless skin.",
    "Case study: Priya cleared her melasma in a month.",
    "Thousands of reviews don't lie: this laser works.",
    "Our many glowing reviews from laser clients speak for themselves.",
    "Recommended by 8 out of 10 dermatologists we asked.",
    "Five stars from every patient we treated this year!",
]
R5_CLEARED_EVERYWHERE_ROUND3 = [
    "We never edit, filter or hide reviews, including the critical ones.",
    "The FTC's rule bans fake and bought reviews.",
    "Maya received a free peel in exchange for an honest review of it. #ad",
    "Post-treatment selfies: please wait until any redness settles.",
    "A case study published in 2019 described three patients with this reaction.",
    "If you're not happy with how your skin is settling, call us and we'll see you again.",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R5_CAUGHT_EVERYWHERE_ROUND3, ALL))
def test_r5_round3_made_and_paid_testimonial_families_are_caught(
    jurisdiction: str, sentence: str
) -> None:
    assert "R5" in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R5_CLEARED_EVERYWHERE_ROUND3, ALL))
def test_r5_round3_hard_negatives_are_cleared(jurisdiction: str, sentence: str) -> None:
    assert "R5" not in rules_in(sentence, jurisdiction)


# Round 3, Australia: what a named client says or shows of her result, reported; a message
# introduced and quoted; thanks for the praise; praise asked for about the result.
R5_CAUGHT_AU_ROUND3 = [
    "Meg (a proud grandmother of six!) insists her crow's feet have softened.",
    "Our lovely Anita, who's had four sessions, reckons her scars are half what they were.",
    "Jo's sister says she looks like a new woman.",
    "He's hooked on his monthly LED facials.",
    "Here's what our regular clients have to say about RF needling.",
    "Watch the video testimonials from our peel clients.",
    "Kate is sharing her whole acne journey on our page this month.",
    "Read Ruby's treatment diary from session one to six.",
    "A text from a client this morning: 'my pigmentation has faded so much.'",
    "Thank you so much for the beautiful feedback about your skin, Mia!",
    "Loving the messages clients sent after their LED course.",
    "Tell your followers how your skin is going after your peel!",
    "Could you leave a review on how your results are looking?",
    "Our feedback says it all when it comes to acne scars.",
]
R5_CLEARED_AU_ROUND3 = [
    "Research says that microneedling may help with shallow scars.",
    "Dr Chen says the risks depend on your skin type, so book a consult.",
    "A question from a client by text: 'will my skin peel after this?'",
    "Thanks for the kind words about our new booking app, Jen!",
    "Thanks for your feedback, Sam; we've passed it on to the team.",
]


@pytest.mark.parametrize("sentence", R5_CAUGHT_AU_ROUND3)
def test_r5_round3_reported_testimonial_families_are_caught_in_australia(sentence: str) -> None:
    assert "R5" in rules_in(sentence, "AU")


@pytest.mark.parametrize("sentence", R5_CLEARED_AU_ROUND3)
def test_r5_round3_hard_negatives_are_cleared_in_australia(sentence: str) -> None:
    assert "R5" not in rules_in(sentence, "AU")


# Round 3, UK and US: superlatives, "no pain" and "the only" in a client's mouth.
R5_CAUGHT_UK_US_ROUND3 = [
    "'Hands down the nicest filler I've had' \u2014 verified patient",
    "'No pain at all, and my lines were smoother by Friday!' \u2014 Georgia, Leeds",
    "Reviewer: 'It didn't even hurt and it felt like a massage.'",
    "Our patients say it's the only peel that shifted their pigmentation.",
    "Patients regularly tell us the laser got rid of their sun spots for good.",
    "One patient came in with cystic acne, and after four sessions it was totally cleared.",
]
R5_CLEARED_UK_US_ROUND3 = [
    "'My pores look a little smaller, which is all I wanted,' says Hana.",
    "Our clients say the booking process is easy.",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R5_CAUGHT_UK_US_ROUND3, ("UK", "US")))
def test_r5_round3_unprovable_testimonials_are_caught_in_uk_and_us(
    jurisdiction: str, sentence: str
) -> None:
    assert "R5" in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(
    ("jurisdiction", "sentence"), _cases(R5_CLEARED_UK_US_ROUND3, ("UK", "US"))
)
def test_r5_round3_modest_testimonials_stay_allowed_in_uk_and_us(
    jurisdiction: str, sentence: str
) -> None:
    assert "R5" not in rules_in(sentence, jurisdiction)


# Round 3, R4: the one that finally works, the only one that ever helped, the only one of its
# kind or in a named place, top injectors in a named place, like nothing else, "only at the
# cheap places", dermatologist-level expertise; an award named with its year, "they say it
# best" and "better than average" are no superlative claims.
R4_CAUGHT_ROUND3 = [
    "Sick of products that fail you? This is the treatment that actually works.",
    "Clients say it's the only peel that has ever cleared their melasma.",
    "Our new RF device is the only one of its kind in the state.",
    "The only medical-grade LED bed in Geelong.",
    "Top skin therapists in Leeds, no contest.",
    "Polynucleotides hydrate like nothing else.",
    "Burns like that only happen at the cheap clinics.",
    "Surgeon-level expertise without the surgery waiting list.",
]
R4_CLEARED_ROUND3 = [
    "Winner, Best Skin Clinic (Northern Region), Regional Health Awards 2024.",
    "Our clients say it best in their own words on the reviews page.",
    "Her scarring responded better than average for a first course.",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R4_CAUGHT_ROUND3, ALL))
def test_r4_round3_only_and_top_families_are_caught(jurisdiction: str, sentence: str) -> None:
    assert "R4" in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R4_CLEARED_ROUND3, ALL))
def test_r4_round3_hard_negatives_are_cleared(jurisdiction: str, sentence: str) -> None:
    assert "R4" not in rules_in(sentence, jurisdiction)


# Round 3, R6: photos sold as typical ("the results below are typical of what every patient
# can expect"), and befores and afters captioned with the lighting or make-up that flatters
# ("After: full glam under studio lights", "the 'after' taken in soft daylight", "same
# client, better lighting"). Reviews "lightly edited" are words, not photos.
R6_CAUGHT_ROUND3 = [
    "The pictures in our gallery are typical of what each patient will see.",
    "Scroll the before-and-afters: exactly what you can look forward to.",
    "After (studio lighting, full make-up): six weeks on.",
    "Before: taken under harsh fluorescent office lights.",
    'Our "after" photos are taken in soft daylight by the window.',
    "Same patient, softer lighting, and what a difference!",
]
R6_CLEARED_ROUND3 = [
    "Quotes on this page are lightly edited for length.",
    "Individual results vary; the photos are of patients who had four sessions, unretouched.",
    "Before: a consultation. After: a written plan and a quote.",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R6_CAUGHT_ROUND3, ALL))
def test_r6_round3_typical_and_lighting_families_are_caught(
    jurisdiction: str, sentence: str
) -> None:
    assert "R6" in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R6_CLEARED_ROUND3, ALL))
def test_r6_round3_hard_negatives_are_cleared(jurisdiction: str, sentence: str) -> None:
    assert "R6" not in rules_in(sentence, jurisdiction)


# Round 3, R9: a treatment before every event, "even your nan could have it", "even if your
# skin's already perfect", why pick one when together saves, everyone with no exceptions, all
# skins and all scars in one breath, whole groups without their own consultations, walk-in
# days; "pain is different for everyone" is honest, not indiscriminate.
R9_CAUGHT_ROUND3 = [
    "Three parties this month? Get a glow facial before every one!",
    "It's so easy even your grandma can have it done on her lunch break.",
    "Even if you're already happy with your skin, book in monthly to keep it that way.",
    "Why choose one? Have the peel and the booster combined and save.",
    "It firms every client, no exceptions.",
    "Works on any skin tone and any scar.",
    "Bring the whole crew in for RF needling; no need for separate consultations.",
    "Walk-in needling nights every Thursday, no booking or consultation required.",
]
R9_CLEARED_ROUND3 = [
    "Pain is different for everyone, so tell your practitioner how it feels.",
    "You don't need a treatment before every event; a good routine does most of the work.",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R9_CAUGHT_ROUND3, NOT_US))
def test_r9_round3_every_occasion_and_everyone_families_are_caught(
    jurisdiction: str, sentence: str
) -> None:
    assert "R9" in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R9_CLEARED_ROUND3, NOT_US))
def test_r9_round3_hard_negatives_are_cleared(jurisdiction: str, sentence: str) -> None:
    assert "R9" not in rules_in(sentence, jurisdiction)


# Round 6: reviews rewarded in any tense and any reward, asked only of the happy, edited,
# invented or borrowed, the rest deleted, ratings pushed up by a paid service, and the freebie
# or the #ad kept quiet, in every pack.
R5_CAUGHT_EVERYWHERE_ROUND6 = [
    "Rate us on Google and you'll go into the draw for a free facial.",
    "Leave a comment saying why you love us and get a free LED add-on.",
    "Post your review and we'll put a $15 credit on your account.",
    "Everyone who reviewed us last month got a free brow tint.",
    "Tag us in a rave story about your results.",
    "We only list the five-star reviews on our site.",
    "Our review requests go only to clients who scored us 9 or above.",
    "Our Google page shows five stars because we delete the rest.",
    "A reputation agency helped us push our star rating up.",
    "We tweak client reviews a little before they go live.",
    "These are sample testimonials written to show the kind of feedback we get.",
    "Our Perth reviews were copied from our Sydney clinic.",
    "These testimonials were polished by our social media team.",
    "The creator got her peel for free, but keep it quiet.",
    "Our ambassadors get free filler, but we drop the #ad to keep it authentic.",
    "Obsessed with my gifted lip filler from @glowlab.studio, book in with them!",
]
R5_CLEARED_EVERYWHERE_ROUND6 = [
    "We never edit or polish client reviews; they go up word for word.",
    "@sam.skin shared her gifted peel with a clear #ad on every post.",
    "Boosting your skin barrier takes about six weeks of gentle care.",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R5_CAUGHT_EVERYWHERE_ROUND6, ALL))
def test_r5_round6_review_families_are_caught(jurisdiction: str, sentence: str) -> None:
    assert "R5" in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R5_CLEARED_EVERYWHERE_ROUND6, ALL))
def test_r5_round6_hard_negatives_are_cleared(jurisdiction: str, sentence: str) -> None:
    assert "R5" not in rules_in(sentence, jurisdiction)


def test_an_incentive_disclosed_and_not_tied_to_the_rating_is_allowed_in_the_us() -> None:
    sentence = "A patient received a free LED add-on in exchange for an honest review, good or bad."
    assert "R5" not in rules_in(sentence, "US")


# Round 6, Australia: regulars and readers as sources, what clients tell us with an adverb, a
# client's message passed on.
R5_CAUGHT_AU_ROUND6 = [
    "'Best decision of the year,' say our Tuesday regulars.",
    "Lots of patients tell us they now feel confident without foundation.",
    "One of our regulars emailed last night to say her pigmentation had faded.",
    "A client texted us this afternoon saying the peel didn't sting at all.",
    "Our readers reckon the peel works wonders.",
]
R5_CLEARED_AU_ROUND6 = [
    "My sister suggested I see a GP first, which was good advice.",
    "A client messaged to move her appointment to Friday.",
    "Our regulars know to bring their sunscreen.",
]


@pytest.mark.parametrize("sentence", R5_CAUGHT_AU_ROUND6)
def test_r5_round6_testimonial_families_are_caught_in_australia(sentence: str) -> None:
    assert "R5" in rules_in(sentence, "AU")


@pytest.mark.parametrize("sentence", R5_CLEARED_AU_ROUND6)
def test_r5_round6_hard_negatives_are_cleared_in_australia(sentence: str) -> None:
    assert "R5" not in rules_in(sentence, "AU")


# Round 6, UK and US: a quote signed by a reader, a subscriber or everyone at once, a claim
# reported by a named client or a reader, a fix "in one session" quoted.
R5_CAUGHT_UK_US_ROUND6 = [
    "'My rosacea vanished after two peels' \u2014 one very grateful subscriber.",
    "'Not a single wrinkle left!' writes a loyal reader.",
    "Jasmine swears the laser erased her sun spots for good.",
    "One of our readers told us her melasma disappeared after a single session.",
    "'Amazing, 11/10' \u2014 basically everyone who's tried it.",
    "Our Facebook fan says it best: 'it fixed my scars in one session'.",
]
R5_CLEARED_UK_US_ROUND6 = [
    "Sarah says her scars are not completely gone, and she's happy with the softer texture.",
    "In our audit, 90% of clients say redness was gone within two days.",
    "Research says deep scars rarely vanish completely.",
    "Kate says the aftercare sheet was easy to follow.",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R5_CAUGHT_UK_US_ROUND6, ("UK", "US")))
def test_r5_round6_claims_in_testimonials_are_caught_in_uk_and_us(
    jurisdiction: str, sentence: str
) -> None:
    assert "R5" in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(
    ("jurisdiction", "sentence"), _cases(R5_CLEARED_UK_US_ROUND6, ("UK", "US"))
)
def test_r5_round6_hard_negatives_are_cleared_in_uk_and_us(
    jurisdiction: str, sentence: str
) -> None:
    assert "R5" not in rules_in(sentence, jurisdiction)


# Round 6, R4 cleared: a well-known cause, a "Best for:" label, the best photo of a contest or
# a gallery, the best first stop, a claim we say we won't make, and someone's "says it best".
R4_CLEARED_ROUND6 = [
    "Heat and sun are the best-documented rosacea triggers.",
    "Best for: oily skin with enlarged pores.",
    "The best selfie of the month wins a free LED session.",
    "Here are our best-ever afters, chosen from last year's clients.",
    "For a new mole, your GP is the best first stop.",
    "I'd rather show you our training than claim we're the best in the state.",
    "Our nurse Jo says it best: ask questions before you book.",
]
R4_CAUGHT_ROUND6 = [
    "The best before-and-afters in the country, right here.",
    "Our clients say it's the best peel in Adelaide.",
    "The most comfortable laser session in Hobart, hands down.",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R4_CLEARED_ROUND6, ALL))
def test_r4_round6_hard_negatives_are_cleared(jurisdiction: str, sentence: str) -> None:
    assert "R4" not in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R4_CAUGHT_ROUND6, ALL))
def test_r4_round6_superlatives_still_caught(jurisdiction: str, sentence: str) -> None:
    assert "R4" in rules_in(sentence, jurisdiction)


# Round 6, R9: a routine in any wording, whatever the concern, anyone can fit it in, any excuse
# will do, a minutes-long online chat in place of an assessment, needling every week or
# fortnight, a consultation skipped with an adjective, re-treatment for free until it works.
R9_CAUGHT_ROUND6 = [
    "Make it your weekly ritual, like Friday drinks.",
    "Whatever your concern, LED is the answer.",
    "Anyone can fit one in on a lunch break.",
    "Who needs a reason? Book a facial today.",
    "Tretinoin prescribed after a five-minute video call.",
    "Peels every week keep you glowing.",
    "Book online: no lengthy consultation needed.",
    "We'll keep treating you at no extra cost until you're happy.",
]
R9_CLEARED_ROUND6 = [
    "Our prices stay the same all year round.",
    "There's no initial consultation fee.",
    "Make sunscreen a daily habit.",
    "We asked the whole team to read the new reviews policy.",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R9_CAUGHT_ROUND6, NOT_US))
def test_r9_round6_families_are_caught(jurisdiction: str, sentence: str) -> None:
    assert "R9" in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R9_CLEARED_ROUND6, NOT_US))
def test_r9_round6_hard_negatives_are_cleared(jurisdiction: str, sentence: str) -> None:
    assert "R9" not in rules_in(sentence, jurisdiction)


# Round 6, R6: photos brightened or relit, a transformation shown off
# or a client's glow-up shared on our page, afters from the single best patient, and the
# "results vary" warning dropped or waved away; cleared: a warning about other people's
# photos, and "results vary" said in other words.
R6_CAUGHT_ROUND6 = [
    "We added a small contrast boost to the after shot.",
    "After photo: exposure slightly brightened.",
    "Photographed under our flattering beauty lamps.",
    "Wow, check out this acne transformation!",
    "We'll repost your after selfie on our feed.",
    "All the afters here come from our star patient.",
    "Before (no make-up, overhead lights) / After (soft daylight).",
    "We dropped the 'results may vary' disclaimer: these speak for themselves.",
]
R6_CLEARED_ROUND6 = [
    "Most before and after photos on social media are edited, so be sceptical.",
    "These before-and-afters show typical cases; some patients see less change than pictured.",
]


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R6_CAUGHT_ROUND6, ALL))
def test_r6_round6_families_are_caught(jurisdiction: str, sentence: str) -> None:
    assert "R6" in rules_in(sentence, jurisdiction)


@pytest.mark.parametrize(("jurisdiction", "sentence"), _cases(R6_CLEARED_ROUND6, ALL))
def test_r6_round6_hard_negatives_are_cleared(jurisdiction: str, sentence: str) -> None:
    assert "R6" not in rules_in(sentence, jurisdiction)
