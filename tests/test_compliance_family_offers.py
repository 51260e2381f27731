"""R8 (inducements and urgency), R10 (prescription-only medicines and biologicals), R11
(protected titles), R12 (efficacy leaning on science without a citation), R13 (under-18s)
and R14 (approval claims): the families of meaning added for the outside writers' batches
E-H and AH-AM, each caught in wordings of our own and cleared in hard negatives, in every
pack that has the rule (the US pack has no R8, R10, R11 or R13)."""

from __future__ import annotations

import pytest

from clinicseo.scoring.compliance import load_pack, run
from clinicseo.scoring.document import parse
from tests.compliance_sentences import PACKS, RISKS, rules_in


def packs_with(rule: str) -> list[str]:
    return [code for code in PACKS if any(r.id == rule for r in load_pack(code).rules)]


# rule → family → (wordings that break the rule, hard negatives that do not)
FAMILIES: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    "R8": {
        "a multi-buy stated outright, a question after it": (
            [
                "Book four peels and get the fifth free, why wait?",
                "Buy two LED sessions and score a third half-price — who could say no?",
            ],
            [
                "Squeeze in a facial before Saturday brunch.",
                "Do you book two sessions or one? It depends on your skin.",
            ],
        ),
        "free by another name: on us, on the house, for the price of one": (
            [
                "Book a course and your third peel is on us.",
                "Bring a friend and her facial is on the house.",
                "Three LED sessions for the price of two this spring.",
                # A free consultation is a gift too: s133(1)(b) wants its terms beside it.
                "Book your free consultation with our nurse.",
            ],
            [
                "The consultation fee is payable on the day.",
                "Parking is on us: ask reception for a ticket.",
            ],
        ),
        "named promotions: X-and-save, back-to-school special, specials": (
            [
                "Ask about our mix-and-save menu.",
                "Our end-of-year special is back.",
                "Mid-week special: a peel and LED together.",
                "See this month's specials at reception.",
            ],
            [
                "We don't run specials on medical treatments.",
                "Microneedling needs a special kind of aftercare.",
            ],
        ),
        "a deadline counted in hours or days": (
            [
                "Filler prices on our stories for 48 hours only.",
                "Two days left to claim your spot.",
                "The bundle ends in three days.",
                # An expiry is a term of the offer, but a close one is still urgency.
                "Our peel voucher expires tonight, so grab one now.",
            ],
            ["Avoid make-up for 24 hours after treatment.", "Allow two days to recover."],
        ),
        "waiting made to feel costly": (
            [
                "Every month you put it off, those lines get deeper.",
                "The longer you leave it, the harder scars are to treat.",
            ],
            ["Every month you can take stock of how your skin is responding."],
        ),
        "freebies and credits by other names: thrown in, on me, a credit, knocked off": (
            [
                "Take a course of four and we'll throw in a bonus mask.",
                "Your numbing cream is on me this week.",
                "Post your glow and get a $15 credit towards your next facial.",
                "Share our page and I'll knock a fiver off your peel.",
                "Prosecco on arrival at our Friday glow evenings.",
            ],
            [
                "You can rely on us for honest advice.",
                "Makeup free for a day after treatment is best.",
                "The right plan depends on me seeing your skin first.",
            ],
        ),
        "a named price or special, and a price tied to a window": (
            [
                "Ask about our members' rate for peels.",
                "Check out the launch pricing for our new LED room.",
                "Ask about our Glow Friday price on peels.",
                "Our student special is back for peels.",
                "Peels are $149 this month, so book yours.",
                "A full-face peel for £90 throughout November.",
                "Save 25 percent on a course of three.",
                "Pair and save: a peel plus LED.",
                "Our spring offer is back.",
            ],
            [
                "A peel costs $149 and takes about 45 minutes.",
                "Prices are listed on our website.",
                "The weekday clinic is quieter than Saturdays.",
            ],
        ),
        "scarcity in new verbs": (
            [
                "Slots at this price are vanishing fast.",
                "Our Saturday appointments are flying out quickly.",
            ],
            [
                "Redness usually fades quickly.",
                "Our front desk sorted the booking quickly.",
            ],
        ),
        "idioms and terms that only look like offers": (
            [],
            [
                "Our laser is the real deal for tattoo removal support.",
                "The device is approved for sale in Australia.",
                "Online orders over $100 ship free.",
                "Gift cards are valid 2 years and redeemable on any service.",
                "Referral credit expires after 60 days and is not valid with other offers.",
                "If a fever or pus appears after treatment, act now and call us.",
                "Afterpay is available; late fees may apply and you must be 18 or older.",
                "Loyalty points are redeemable only on skincare, not treatments.",
                "20% off selected serums in June; excludes clinic treatments.",
                "A creator received a discounted peel in exchange for her honest review.",
                "That 'free peel' giveaway using our logo is a scam.",
            ],
        ),
        "a money-back promise or a refund held out as the prize": (
            [
                "Clearer skin in six weeks, or we hand your money back.",
                "Not thrilled after three sessions? Take your money back on the whole course.",
                "Every peel comes with our money-back guarantee.",
                "Post a video of your glow and we'll refund your next facial.",
                "Full refund if your pigmentation hasn't faded by March.",
            ],
            [
                "We don't offer money-back guarantees on any treatment.",
                "Your deposit is refunded in full if you cancel with 48 hours' notice.",
                "Unused sessions in a course are refunded at the single-session rate.",
            ],
        ),
        "extras given away: no extra charge, free of charge, won't cost a penny": (
            [
                "Upgrade to the deluxe mask at no additional cost this month.",
                "Add an LED session free of charge when you book a peel.",
                "The hydrating booster won't cost you a penny.",
            ],
            [
                "Your follow-up check at six weeks comes at no extra charge.",
                "Consultations are free of charge and there's no obligation to book.",
            ],
        ),
        "competitions: the best comment or the lucky winner gets a treatment": (
            [
                "Share this post; the funniest caption wins a free hydrafacial.",
                "Three lucky followers will win a glow facial each.",
                "The winner takes home a skincare hamper and an LED session.",
            ],
            [
                "Our clinic wins praise for its careful consent process.",
            ],
        ),
        "model-patient and trainee places sold on price": (
            [
                "Model clients needed for our peel training day, just £25.",
                "Trainee clinic slots this Thursday at cost price.",
            ],
            [
                "Model patient places cost £40, which covers the consumables.",
            ],
        ),
        "a result held out on condition of booking now": (
            [
                "You'll be wedding-ready if you book your course today.",
                "Summer skin is yours if you start this week.",
            ],
            [
                "If you start isotretinoin, tell us before any treatment.",
            ],
        ),
        "idioms and policies that only look like offers (new writers)": (
            [],
            [
                "Grab a coffee in our waiting room before your appointment.",
                "Gift vouchers are available at reception.",
                "Expect some redness for a day or two; that's the deal with needling.",
                "Our adverts follow the CAP Code rules for cosmetic interventions.",
                "Student clinic sessions are cheaper because a trainer checks every step.",
            ],
        ),
    },
    "R10": {
        "a muscle relaxer alluded to by what it does to frown lines": (
            [
                "We relax those 11s in a ten-minute appointment.",
                "Our injector relaxes the muscles between your brows for a softer look.",
                "Ask about our little secret to freeze those forehead lines.",
            ],
            [
                "A facial massage helps you relax before the peel.",
                "Frown lines can be softened with sun protection and a good retinoid routine.",
            ],
        ),
        "a product refused or weighed on thin evidence, a medication in a history": (
            [],
            [
                "Lots of clinics sell toxin parties; we won't offer them.",
                "Fillers are heavily advertised, but the evidence for them in scarring is limited.",
                "List your medicines, including isotretinoin, on the intake form.",
            ],
        ),
        "anti-wrinkle as a noun, without the word injection": (
            [
                "Add a little anti-wrinkle to your brow before the holidays.",
                "Half-price peels, anti-wrinkle excluded.",
                "Swipe through our favourite antiwrinkle transformations.",
            ],
            [
                "Retinol is the best-studied anti-wrinkle ingredient in skincare.",
                "We don't offer anti-wrinkle injections at this clinic.",
            ],
        ),
        "priced per unit, code names and the frozen look": (
            [
                "Brow lift from £7 per unit this month.",
                "Our nurses are trained in b0tox for the forehead.",
                "Curious about the B-word? Our injectors explain the options.",
                "Get that freeze-effect smoothness on your crow's feet.",
            ],
            ["Each LED unit is cleaned between clients.", "Freeze-dried serums travel well."],
        ),
        "coy allusions: you-know-what and a few units": (
            [
                "A little you-know-what between the brows works wonders.",
                "Just a couple of units and your forehead looks rested.",
            ],
            [
                "Read this so you know what to expect after a peel.",
                "Each LED unit is cleaned between clients.",
            ],
        ),
        "injectables offered, not in safety or consent information": (
            [
                "Injectables and peels, all under one roof.",
                "Our injectables menu has something for everyone.",
            ],
            [
                "Bruising and swelling can follow any injectable treatment.",
                "Injectables carry risks such as bruising, lumps and infection.",
                "Injectable treatments are only discussed after a face-to-face consultation.",
                "We don't offer PRP, injectables or anything prescription-only.",
            ],
        ),
        "prescription skincare offered as a service": (
            [
                "Our prescription-grade peel routine clears pigment.",
                "Start a prescription skincare plan with our nurse.",
            ],
            [
                "Tell us about any recent tretinoin use before microneedling.",
                "Prescription skincare is only ever discussed with a doctor.",
                "We ask about medicines such as isotretinoin before any needling.",
            ],
        ),
    },
    "R11": {
        "a title by slang or by a regulator's register, a doctor's level of treatment": (
            [
                "Our therapist is the best skin doc on the Gold Coast.",
                "Specialist-level procedures at a beauty salon price.",
                "All our injectors are TGA-certified nurses.",
                "Clients call me Dr Lou, and honestly I love it.",
                "Dr Sara Quinn (MSc, Cosmetic Science) designs your skin plan.",
            ],
            [
                "A plastic surgeon is a specialist medical doctor with years of surgical training.",
                "If your acne is severe, a dermatologist can advise on prescription options.",
            ],
        ),
        "a title the register disproves": (
            [
                "Led by a 'consultant surgeon' who is not on the specialist register.",
            ],
            [],
        ),
        "a specialist title the same sentence shows to be wrong": (
            [
                "Meet Dr Rao, our resident plastic surgeon (GP, general registration).",
                "Our skin specialist Amy, she's a beauty therapist, will map your pigment.",
                "Our cosmetic surgeon is registered as a general practitioner with Ahpra.",
            ],
            [
                "Dr Rao holds general registration and is not a plastic surgeon.",
                "Dr Tan, registered specialist dermatologist with Ahpra, leads the clinic.",
            ],
        ),
        "Dr from a non-medical degree, a nickname or a self-styled title": (
            [
                "Dr Ava (MSc Skin Science) runs our acne clinic.",
                "Meet our founder, Dr Tom, whose PhD is in biochemistry.",
                "Our lead therapist, fondly called 'Dr Glow', will see you.",
                "Book a chat with Dr Derm on our stories.",
                "She's not registered as a surgeon but calls herself one.",
                "Our nurse injectors are every bit as qualified as a dermatologist.",
                "Sam is our surgeon-level aesthetic therapist.",
            ],
            [
                "Dr Lee (registered medical practitioner, MED0001112223) treats every client.",
                "Our nurses are trained in skin needling and work under a doctor's protocols.",
            ],
        ),
        "a specialist title set beside a lesser qualification": (
            [
                "Our skin consultants are all beauty therapists with years of experience.",
                "Our in-house dermatologist (MBBS, no specialist registration) leads the team.",
            ],
            [
                "Our skin consultants will book your appointment.",
            ],
        ),
        "specialists as endorsers or a referral, not our staff's title": (
            [],
            [
                "Loved by Sydney's leading dermatologists.",
                "Dermatologist-tested and gentle on sensitive skin.",
                "If needed, we'll refer you for specialist advice.",
            ],
        ),
        "dermatology expertise claimed, not a product grade or a college": (
            [
                "Our in-house dermatology expert will diagnose your acne.",
                "Chat to our dermatology gurus about your melasma.",
            ],
            [
                "Dermatologist-grade sunscreen is sold at reception.",
                "Our doctors belong to the Cosmetic Physicians Society of Australasia.",
            ],
        ),
    },
    "R12": {
        "evidence called overwhelming, results clinically guaranteed": (
            [
                "The research is compelling: this peel beats every other option.",
                "Clinically guaranteed to brighten dull skin.",
            ],
            [
                "The evidence is limited, so we talk through what to expect.",
            ],
        ),
        "a claim closed with a tag question is still a claim": (
            [
                "Studies show LED clears acne, so it's a no-brainer, right?",
                "Science proves it works, yeah?",
            ],
            [
                "So is microneedling clinically proven?",
                "Clinically proven, or just clever marketing?",
                "Science-backed skincare: what does it actually mean?",
                "Wondering whether the research shows it works for darker skin?",
            ],
        ),
        "science invoked as settled or on one's side": (
            [
                "According to the latest research, LED clears breakouts.",
                "The science has spoken: peels rebuild collagen.",
                "Research left little doubt that needling thickens skin.",
                "Years of clinical research back our signature peel.",
                "Our facial has been clinically proven to lift tired skin.",
                "Proven on thousands of faces by independent studies.",
                "Dermatologists wholeheartedly agree that our peel works.",
                "Our glowing reviews prove how well it works.",
                "Our serum repairs skin at a cellular level.",
                "One study proves LED doubles collagen.",
            ],
            [
                "According to the research (Alam et al., JAMA Dermatology, 2014), needling "
                "modestly improved acne scars.",
                "The evidence for LED remains limited and mixed.",
                "A few small studies suggest LED may help mild acne.",
                "Research hasn't settled whether LED helps rosacea.",
            ],
        ),
        "success rates, expert endorsements and science as a slogan": (
            [
                "95% of our patients notice firmer skin.",
                "Eight in ten clients would recommend our peel.",
                "Our LED mask works for 99% of users.",
                "Recommended by leading London dermatologists.",
                "A doctor-formulated peel for dull skin.",
                "Medically engineered to lift and tighten.",
                "Our facials are evidence-based.",
                "Needling rebuilds collagen; that's just biology.",
                "Gentle. Effective. Proven.",
                "Backed by 15+ peer-reviewed studies.",
            ],
            [
                "About 10% of patients get mild bruising.",
                "Most people rate the pain 3 out of 10 with numbing cream.",
                "We follow evidence-based guidelines for aftercare.",
                "'Clinically proven' means little without the study behind it.",
                "Whether LED helps acne is not proven.",
            ],
        ),
        "one treatment for every concern": (
            [
                "Pigmentation, rosacea, wrinkles, sagging: our laser tackles them all.",
                "Acne scars, stretch marks, dark circles, cellulite, hair loss and more.",
                "One device for every skin concern.",
                "Our facial works on every skin concern you can name.",
            ],
            [
                "Microneedling may help acne scars, fine lines and enlarged pores.",
                "We treat all skin types after a consultation.",
            ],
        ),
        "efficacy given as a number": (
            [
                "Our peel reduces pigmentation by up to 80%.",
                "Needling boosts collagen production by 300%.",
                "LED heals breakouts three times faster.",
                "Clear skin in half the time with our combined protocol.",
                "Triple the collagen with our booster facial.",
                "All the glow with half the downtime.",
            ],
            [
                "Courses booked in March are reduced by 20% off the usual price.",
                "One trial found scars improved by 25% (Alam et al., JAMA Dermatology, 2014).",
                "Sessions are usually three times a year.",
            ],
        ),
    },
    "R14": {
        "an approval stated with its scope": (
            [],
            [
                "Most fillers are TGA-approved devices for particular areas of the face.",
            ],
        ),
        "a professional body's approval; a registration offered as proof": (
            [
                "Approved by the Royal College of Surgeons for facial rejuvenation.",
                "A JCCP-approved peel for glowing skin.",
                "Our laser is registered with the TGA, so you know it's safe.",
            ],
            [
                "Dr Ng is certified by the American Board of Dermatology.",
                "Our laser is registered with the TGA; ask us for its ARTG number.",
            ],
        ),
        "a regulator's blessing in other words": (
            [
                "Okayed by the national medicines regulator for acne scarring.",
                "Rubber-stamped by Britain's health watchdog.",
                "The MHRA has backed our new peel.",
                "The FDA has given the green light to our laser for every skin type.",
                "Our booster is NICE-approved for dull skin.",
            ],
            [
                "Our lasers are serviced by the manufacturer every year.",
                "Ask whether your practitioner's device is nice and new.",
            ],
        ),
        "a regulator said to vouch for it, and approvals by other bodies": (
            [
                "The MHRA says it's effective, and so do we.",
                "The TGA has basically approved our new pen.",
                "The FDA gave this laser, after years of testing, its seal of approval.",
                "Our peel is CE approved for lasting results.",
                "A CQC-approved clinic for every skin concern.",
                "Medically approved and gentle enough for anyone.",
                "ARTG-listed, which means it works.",
            ],
            [
                "The device is included on the ARTG; search the register for its entry.",
                "Our clinic is registered with the CQC.",
            ],
        ),
        "approval words quoted to question them, and a clearance's stated indication": (
            [],
            [
                "Ads that say 'TGA approved pen' are usually wrong.",
                "Our laser is FDA-cleared for specific dermatological procedures.",
                "Our pen is FDA-cleared; clearance covers its stated indications only.",
                "The filler is FDA-approved to improve the fullness of lips in adults.",
            ],
        ),
        "a conformity mark sold as proof it works": (
            [
                "The UKCA mark on our pen shows it is proven to shrink pores.",
                "Our device carries a CE mark, so you know it's safe and effective.",
            ],
            ["Our device is CE-marked, meaning it meets the rules for sale in Europe."],
        ),
        "explaining approval or quoting it, and the registered purpose": (
            [],
            [
                "Some salons say 'FDA approved' when a device is only cleared.",
                "Some salons say 'TGA approved' when a device is only listed.",
                "FDA clearance is not the same as FDA approval.",
                "Devices are often marketed as 'FDA approved' though most are cleared.",
                "Xeomin is FDA-approved for the temporary improvement of glabellar lines.",
            ],
        ),
    },
    "R13": {
        "an under-18 age called the right age; a school event not to be spoiled": (
            [
                "Fifteen is the ideal age to start a skin routine with us.",
                "Never let breakouts spoil your formal photos, book a peel today.",
                "Book a glow facial with Mum this weekend.",
            ],
            [
                "Spending time with Mum? Our café is next door.",
                "Don't let a busy week stop you from wearing sunscreen.",
            ],
        ),
        "qualification levels are not school exams": (
            [
                "Get glowing before your A-levels with a student facial.",
                "A level results day glow-up, sixth formers welcome.",
            ],
            [
                "Our therapist holds a Level 4 certificate in skin peels.",
                "Our nurse has a Level 7 qualification in aesthetics.",
            ],
        ),
        "an under-18 age in words or after at, from, aged, was": (
            [
                "Watch a fourteen-year-old's breakout journey on our reels.",
                "Throwing a sweet sixteen? Add a glow facial for the birthday girl.",
                "Seventeen and over your breakouts? Book a peel.",
                "Her skin at 15 versus now: what a change.",
                "Peels for the whole family, kids from 13.",
                "These photos were taken when he was 16.",
            ],
            [
                "Our Fitzroy clinic is at 16 Brunswick Street.",
                "Bookings open from 16 June.",
                "Numbing cream goes on at 15 minutes before the session.",
                "We close at 17:30 on Fridays.",
                "Results are reviewed from 12 weeks after the last session.",
                "We only treat adults: a fifteen-year-old should see their GP.",
            ],
        ),
        "school life and young audiences: school friends, school ID, Gen Alpha, kids' menus": (
            [
                "Bring your friends from school for a glow party.",
                "Flash your school ID for a cheeky discount.",
                "High-schoolers love our gentle blue-light facial.",
                "Our Junior Kids facial menu has landed.",
                "Made for Generation Alpha skin.",
                "Mums and daughters book together on Sundays.",
                "Find our latest offers on Snapchat.",
            ],
            [
                "Pop in after the school run for a quick peel.",
                "We only treat adults, so please don't book for your daughter.",
            ],
        ),
        "an under-18 age attached to a person": (
            [
                "Before-and-after of Maya (16) after a course of peels.",
                "Here's Noah, 15, after his third session.",
                "Our 14yo client's glow-up speaks for itself.",
                "Celebrate your fifteenth birthday with a glow facial.",
                "She's only 17 and her skin is glowing.",
                "Sixteen? Seventeen? Your first peel is waiting.",
            ],
            [
                "Doors open on Saturday, 14 March.",
                "Numbing takes just 15 minutes.",
                "Photos of anyone under 18 will never appear on our page.",
                "If you're under 18, this post isn't for you.",
            ],
        ),
        "leaving school and finishing exams": (
            [
                "School-leavers, celebrate with a fresh-faced peel.",
                "Treat yourself after your GCSEs with a glow facial.",
                "End of year 12? Time for a skin reset.",
            ],
            [
                "Avoid make-up after your session.",
                "Many clients book after work.",
            ],
        ),
    },
}


# The families added for the outside writers' batches AH-AM, in wordings of our own.
FAMILIES_AH_AM: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    "R8": {
        "a multi-buy priced as a saving, a question after it": (
            [
                "Prepay five LED sessions and save $150 — who wouldn't?",
                "Book three peels, save 20% on the lot.",
            ],
            ["Book three sessions about four weeks apart for the best chance of improvement."],
        ),
        "a giveaway put as a question that is the offer": (
            [
                "Want a free LED session? Book a peel this month.",
                "Who wants 20% off their next peel?",
                "Fancy yourself a complimentary brow tidy?",
            ],
            [
                "Do you want a free consultation first? It's up to you.",
                "Is the first review appointment free?",
            ],
        ),
        "no result, no charge: a refund promise in other words": (
            [
                "No results by your third session, no charge.",
                "No improvement after three sessions, no fee for the rest.",
            ],
            ["No results are guaranteed, and no treatment suits everyone."],
        ),
        "a price hook: a value, 'for only', bulk buys, a special running": (
            [
                "Our signature facial package, valued at $420, with every microneedling course.",
                "A hydrating mask worth £60 comes with your first peel.",
                "Brighten up with a glycolic peel for only £49.",
                "Buy in bulk and every fifth session costs less.",
                "Bulk-booking discounts for bridal parties.",
                "We're running a special on RF microneedling in March.",
            ],
            [
                "There's free street parking right outside the clinic.",
                "Free on-site parking for every appointment.",
                "Skin needling isn't a special treatment for everyone; ask at your consultation.",
            ],
        ),
        "urgency: a booking deadline by month, putting it off": (
            [
                "Book your course by the end of October to get in first.",
                "Stop putting off your skin goals — book in.",
                "Don't put your glow-up off any longer.",
                "Don't put off booking that peel any longer.",
            ],
            [
                "Don't put off booking your patch test if you're unsure about a reaction.",
                "Stop putting sunscreen off until summer: wear it daily.",
            ],
        ),
    },
    "R10": {
        "a muscle relaxer named by the jaw or lip treatment it is": (
            [
                "Jaw-slimming injections for a sharper profile.",
                "Masseter reduction with our nurse injector this month.",
                "Lip flips from our senior injector.",
            ],
            [],
        ),
        "a prescription medicine asked about in screening or said to need a prescriber": (
            [],
            [
                "Taking anything like isotretinoin? It affects whether we can needle.",
                "Bring your medication list: isotretinoin affects when we can treat.",
                "Tretinoin is prescription-only, so ask your GP about it.",
                "Prescription retinoids require a doctor's prescription, so we don't sell them.",
                "Injectables can't be advertised in Australia, so you won't see them on this page.",
            ],
        ),
    },
    "R11": {
        "a dermatologist implied by slang or a team's name, or a title training belies": (
            [
                "Pop in and meet Sam, our resident dermo.",
                "Our house dermatology team will plan your course.",
                "Nurse Amy, who trained as a beauty therapist, runs our injectables clinic.",
                "Dr Lewis (qualified as a dermal therapist) leads every consultation.",
            ],
            [
                "Our nurse Priya trained as a registered nurse before moving into aesthetics.",
                "Your GP can refer you to a hospital dermatology department if needed.",
            ],
        ),
    },
    "R12": {
        "evidence as a slogan: 'can't be wrong', 'solid evidence', experts who prefer ours": (
            [
                "Two hundred studies can't all be wrong about LED.",
                "The science can't be wrong: microneedling builds collagen.",
                "There's strong clinical evidence that our peel fades melasma.",
                "There's overwhelming proof that RF microneedling tightens skin.",
                "92% of our trial volunteers noticed smoother skin in a month.",
                "Nine out of ten testers said their pores looked smaller.",
                "Doctors everywhere swear by our LED protocol.",
                "Skin specialists prefer this peel to any other.",
            ],
            [
                "There isn't strong evidence that LED helps acne scars.",
                "There's no solid proof that at-home rollers do much.",
                "Our doctors recommend our patients avoid retinol before a peel.",
                "Most dermatologists recommend daily sunscreen.",
                "There's strong evidence that daily SPF slows photoageing (Hughes et al., 2013).",
            ],
        ),
    },
    "R13": {
        "a teen age that opens the sentence, primary-school events, learner drivers": (
            [
                "Fifteen and fed up with breakouts? Our clinic can help.",
                "Find our vouchers in the primary school raffle.",
                "Look for our stall at the school fete on Saturday!",
                "Just got your L-plates? Celebrate with a glow facial.",
                "Learner's permit in hand and spots on your chin? We've got you.",
            ],
            [
                "Fifteen years of experience in skin needling.",
                "Fourteen percent of clients report mild swelling.",
                "Our ads are set to exclude anyone under 18.",
                "We turn away anyone under 18, even with a parent's consent.",
                "If your teenager has acne, their GP is the right first stop.",
            ],
        ),
    },
    "R14": {
        "approval or endorsement claimed from a body that registers, never approves": (
            [
                "A GMC-endorsed skin-tightening programme.",
                "Recommended by the Care Quality Commission for results.",
                "Every device here is endorsed by the Medical Board.",
                "Our LED mask is TGA-licensed to clear acne.",
            ],
            [
                "Our clinic is registered with the Care Quality Commission.",
                "All our nurses are NMC-registered; you can check the register online.",
            ],
        ),
        "an approval stated with its indication, or clearance told apart from it": (
            [],
            [
                "Sculptra is FDA-approved for certain facial wrinkles; other uses are off-label.",
                "This laser is FDA-cleared, not FDA-approved, and the two mean different things.",
                "Botox is FDA-approved for temporary improvement in the look of frown lines.",
            ],
        ),
    },
}
for _rule, _families in FAMILIES_AH_AM.items():
    FAMILIES[_rule].update(_families)

# Australia's own R10 detector: blood products in any wording.
AU_ONLY = {
    "plasma in any wording": (
        [
            "Try our plasma-boosted glow facial.",
            "Finish with a little plasma for extra radiance.",
        ],
        [
            "Plasma pen treatments are not offered here.",
            "We use a plasma fibroblast device for skin tightening.",
            "We don't do PRP, exosomes or anything made from your blood.",
            "No PRP or exosomes here, ever.",
            "PRP facials are not something our nurses perform.",
        ],
    ),
    "a blood product offered past a negation that is about something else": (
        [
            "Lily now goes without any foundation after her PRP facial.",
            "Never miss a glow day again with our PRP microneedling.",
            "PRP facials aren't just for celebrities any more.",
        ],
        [],
    ),
}

CASES = [
    (rule, family, code, sentence, flagged)
    for rule, families in FAMILIES.items()
    for family, (positives, negatives) in families.items()
    for code in packs_with(rule)
    for sentence, flagged in [(s, True) for s in positives] + [(s, False) for s in negatives]
]


@pytest.mark.parametrize(
    ("rule", "family", "jurisdiction", "sentence", "flagged"),
    CASES,
    ids=[f"{c[2]}-{c[0]}-{'pos' if c[4] else 'neg'}-{c[3][:40]}" for c in CASES],
)
def test_family_is_caught_and_its_hard_negatives_clear(
    rule: str, family: str, jurisdiction: str, sentence: str, flagged: bool
) -> None:
    assert (rule in rules_in(sentence, jurisdiction)) == flagged, family


def test_families_are_checked_in_the_packs_that_have_the_rule() -> None:
    assert packs_with("R8") == ["AU", "UK"]
    assert packs_with("R12") == ["AU", "UK", "US"]


@pytest.mark.parametrize(
    ("family", "sentence", "flagged"),
    [(f, s, True) for f, (pos, _) in AU_ONLY.items() for s in pos]
    + [(f, s, False) for f, (_, neg) in AU_ONLY.items() for s in neg],
)
def test_australia_flags_blood_products_the_uk_pack_leaves_to_its_common_detectors(
    family: str, sentence: str, flagged: bool
) -> None:
    assert ("R10" in rules_in(sentence, "AU")) == flagged, family
    assert "R10" not in rules_in(sentence, "UK")


def test_an_age_in_figures_is_flagged_once_not_by_both_age_detectors() -> None:
    doc = parse(f"<p>Peels for clients aged 16 and their mums.</p>{RISKS}")
    r13 = [c for c in run(doc, load_pack("AU"), use_model=False) if c["rule"] == "R13"]
    assert [f["text"] for f in r13[0]["findings"]] == ["aged 16"]


@pytest.mark.parametrize("code", packs_with("R8"))
def test_an_offer_is_cleared_by_its_terms_in_the_next_sentence(code: str) -> None:
    # Terms are read from the offer's paragraph: "once per person" and "excludes other
    # offers" are terms as much as "T&Cs apply" is.
    offer = "Take 15% off your first LED session this spring."
    terms_said = [
        "Once per person; excludes other offers.",
        "Once per client, excluding other deals.",
    ]
    for terms in terms_said:
        doc = parse(f"<p>{offer} {terms}</p>")
        found = {f["rule"] for c in run(doc, load_pack(code)) for f in c["findings"] if f["span"]}
        assert "R8" not in found, terms
    doc = parse(f"<p>{offer} Book online today.</p>")
    found = {f["rule"] for c in run(doc, load_pack(code)) for f in c["findings"] if f["span"]}
    assert "R8" in found
