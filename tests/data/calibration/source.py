# ruff: noqa: E501 - prose, kept as written
"""Hand-written source text for the calibration corpus (benchmarks/yoast/make_corpus.py).

Original prose written for this project, in several voices: consumer health pages,
encyclopedic and textbook prose, clinic marketing copy, FAQs, list items and headings.
Spelling is American here; the generator makes British variants. Data only.
"""

CONSUMER = [
    "Eczema is a common skin condition that makes your skin dry, itchy and sore. It often "
    "starts in childhood, but adults can get it too. There is no cure. However, treatments "
    "can help you control the symptoms and prevent flare-ups.",
    "You can usually treat mild sunburn at home. Cool the skin with a damp cloth, drink plenty "
    "of water and use a moisturizer that has aloe vera in it. Don't pop any blisters. If you feel "
    "dizzy, sick or very hot, get medical help straight away.",
    "Call your doctor if the rash spreads quickly, if you have a fever, or if the skin around it "
    "feels hot and swollen. These can be signs of an infection. Children under 2 should always "
    "be seen by a health professional.",
    "Acne affects about 8 in 10 people between the ages of 11 and 30. It is caused by blocked "
    "hair follicles. Hormones, some medicines and your genes can all play a part. It is not "
    "caused by poor hygiene, and washing more often will not clear it up.",
    "Most moles are harmless. Still, you should check your skin every month. Look for moles that "
    "change in size, shape or color, that bleed, or that look different from the others. Dr. "
    'Patel, a dermatologist, says: "If something looks new or odd, get it checked."',
    "Rosacea makes the face flush easily. Some people also get small bumps, visible blood "
    "vessels or sore eyes. Triggers vary from person to person. Common ones are hot drinks, "
    "alcohol, spicy food, stress and sunlight.",
    "Wash the area gently twice a day with warm water and a mild cleanser. Pat it dry; don't "
    "rub. Avoid makeup for 24 hours. After that, choose products labeled non-comedogenic, "
    "which means they are less likely to block pores.",
    "Psoriasis is not contagious. You can't catch it from someone else, and you can't pass it "
    "on by touching, swimming or sharing towels. It happens because the immune system speeds "
    "up the growth of skin cells.",
    "Why does my skin feel tight after washing? Harsh soaps strip away the natural oils that "
    "protect your skin. Try a soap-free wash instead. Apply moisturizer while your skin is "
    "still slightly damp to lock in water.",
    "Hives usually fade within a day. They may come back over a few days or weeks, though. "
    "Antihistamine tablets from a pharmacy can ease the itch. Go to an emergency department "
    "at once if your lips, tongue or throat start to swell.",
    "Sunscreen only works if you use enough of it. Most adults need about 6 teaspoons to cover "
    "the whole body. Put it on 20 minutes before you go out and reapply every 2 hours, or "
    "straight after swimming or sweating.",
    "Cold sores are caused by a virus called herpes simplex. Once you have the virus, it stays "
    "in your body. It can be triggered again by a cold, by stress, by strong sunlight or by "
    "your period. Tingling is often the first sign.",
]

ENCYCLOPEDIC = [
    "The epidermis is the outermost layer of the skin and is composed predominantly of "
    "keratinocytes, which are continuously generated in the basal layer and migrate toward the "
    "surface over approximately four weeks. During this migration the cells undergo a programmed "
    "sequence of differentiation, culminating in the formation of the stratum corneum.",
    "Collagen is the most abundant structural protein in the human body, accounting for roughly "
    "one third of total protein mass. At least 28 types have been described, although types I, "
    "II and III make up the great majority. In the dermis, type I collagen predominates and is "
    "responsible for the tensile strength of the tissue.",
    "Wound healing is conventionally divided into four overlapping phases: hemostasis, "
    "inflammation, proliferation and remodeling. The inflammatory phase is characterized by the "
    "recruitment of neutrophils and, subsequently, macrophages, which clear debris and release "
    "growth factors that stimulate fibroblast activity.",
    "The technique now known as microneedling was described in the 1990s, when Orentreich and "
    "Orentreich reported the use of a needle to release depressed scars (a procedure termed "
    "subcision). Later, Fernandes developed a drum-shaped device studded with fine needles, and "
    "the approach was subsequently adopted more widely in dermatology.",
    "Melanin is synthesized by melanocytes within organelles called melanosomes, which are then "
    "transferred to neighboring keratinocytes. Two principal forms exist: eumelanin, which is "
    "brown to black, and pheomelanin, which is yellow to red. The ratio between them is largely "
    "determined by genetic factors.",
    "Ultraviolet radiation is conventionally subdivided into UVA (315–400 nm), UVB (280–315 nm) "
    "and UVC (100–280 nm). UVC is absorbed almost entirely by atmospheric ozone. UVB is "
    "principally responsible for erythema, whereas UVA penetrates more deeply into the dermis "
    "and has been implicated in photoaging.",
    "Hyaluronic acid is a glycosaminoglycan that is found throughout connective, epithelial and "
    "neural tissues. It is capable of binding large quantities of water, a property that is "
    "exploited in dermal fillers. Its half-life in the skin is short, estimated at less than a day, "
    "because it is degraded by hyaluronidases.",
    "In a randomized trial of 60 participants, the treated group showed a mean improvement of "
    "3.2 points on a validated scar scale after six months, compared with 1.1 points in the "
    "control group (p < 0.05). The authors noted, however, that the assessors were not blinded "
    "to allocation, i.e. the results may have been biased.",
    "Atopic dermatitis is thought to result from an interaction between impaired barrier "
    "function and immune dysregulation. Loss-of-function mutations in the filaggrin gene were "
    "identified in 2006 as a major risk factor. Nevertheless, many affected individuals carry no "
    "such mutation, which suggests that other mechanisms are involved.",
    "The sebaceous glands are associated with hair follicles and secrete sebum, a complex "
    "mixture of triglycerides, wax esters and squalene. Their activity is regulated by androgens, "
    "which explains the increase in sebum production observed during puberty. Sebum is thought to "
    "contribute to the barrier function of the skin.",
    "Chemical peels are classified according to the depth of injury they produce. Superficial "
    "peels, such as those based on glycolic acid, affect only the epidermis. Medium-depth peels "
    "reach the papillary dermis, while deep peels, which were historically performed with phenol, "
    "extend into the reticular dermis and carry a correspondingly greater risk.",
    "Vitamin D is synthesized in the skin when 7-dehydrocholesterol is exposed to UVB radiation. "
    "It is subsequently hydroxylated in the liver and the kidney to form the active hormone. "
    "Deficiency has been associated with a wide range of conditions, although causal "
    "relationships have been difficult to establish.",
]

MARKETING = [
    "Ready for skin that glows? At Cosmos Clinic, our experienced team creates a treatment plan "
    "around you. No pressure. No jargon. Just honest advice and results you can see!",
    "We know choosing a clinic is a big decision. That's why every visit starts with a free, "
    "relaxed consultation. We'll listen to your goals, look closely at your skin and explain "
    "every option, including the costs, before you commit to anything.",
    "Our clinicians have performed thousands of treatments. They train every year to keep up "
    "with the latest techniques. You're in safe, skilled hands from the moment you walk in.",
    "Book online in under two minutes. Pick a time that suits you, including late evenings "
    "and Saturdays. Need to move your appointment? Simply call us or reply to your reminder text.",
    "Love your results? Tell a friend! When they book their first treatment, you'll both get "
    "a complimentary LED session. It's our way of saying thank you.",
    "Our spacious clinic is a two-minute walk from the station. There's free parking behind the "
    "building, step-free access and a quiet waiting room with fresh coffee. Come and say hello.",
    "Every skin is different. So is every plan we make. Some clients see a difference after one "
    "visit; others need a short course. We'll be honest about what to expect.",
    "Meet Sarah, our lead nurse. She has worked in aesthetics for over 12 years and loves helping "
    "nervous first-timers feel at ease. Outside the clinic you'll find her running along the "
    "river or baking for the team.",
    "Treatments from $199. Payment plans available. Gift vouchers make a thoughtful present, "
    "and they never expire.",
    "Don't just take our word for it. Our clients rate us 4.9 out of 5 across more than 800 "
    "reviews. We're proud of that, and we work hard to keep it that way.",
]

FAQ = [
    (
        "Does microneedling hurt?",
        "Most people feel only mild discomfort. We apply a numbing cream 30 minutes beforehand, "
        "so the treatment itself feels like light scratching. Some areas, such as the upper lip, "
        "can be more sensitive.",
    ),
    (
        "How long is the recovery?",
        "Your skin will look pink, a bit like mild sunburn, for 1 to 3 days. You can go back to "
        "work the next day if you're comfortable. Avoid the gym, swimming and saunas for 48 hours.",
    ),
    (
        "How many sessions will I need?",
        "It depends on your skin and your goals. For fine lines, 3 sessions about 4 weeks apart "
        "usually work well. Acne scars often need 4 to 6. We'll suggest a plan at your consultation.",
    ),
    (
        "Can I wear makeup afterwards?",
        "Please wait at least 24 hours. The tiny channels in your skin stay open for a while, and "
        "makeup could irritate them or cause spots.",
    ),
    (
        "Is it safe for darker skin?",
        "Yes. Because microneedling doesn't use heat or light, the risk of pigmentation changes is "
        "lower than with some lasers. That said, we always do a careful assessment first.",
    ),
    (
        "Who shouldn't have the treatment?",
        "We don't treat anyone who is pregnant, who has an active skin infection or who has used "
        "isotretinoin in the last 6 months. Tell us about any medicines you take.",
    ),
    (
        "When will I see results?",
        "Some people notice brighter skin within a week. Collagen takes time to build, though, so "
        "the full effect usually shows after 3 months.",
    ),
    (
        "What is the difference between a cleanser and a toner?",
        "A cleanser removes dirt, oil and makeup. A toner is applied after cleansing; it may "
        "hydrate, soothe or gently exfoliate, depending on its ingredients. Not everyone needs one.",
    ),
    (
        "Should I use sunscreen in winter?",
        "Yes, if you're outdoors for long. UVA rays reach the skin all year round, even on cloudy "
        "days. A moisturizer with SPF 30 is enough for most everyday winter errands.",
    ),
    (
        "Can children get eczema?",
        "Very often. Around 1 in 5 children has eczema at some point. Many grow out of it by their "
        "teens, but some carry it into adulthood.",
    ),
    (
        "Is my data kept private?",
        "Absolutely. We store your records securely and never share them without your consent, "
        "except where the law requires it.",
    ),
]

LIST_ITEMS = [
    "itchy, dry or cracked skin",
    "red or brown patches",
    "small raised bumps that may leak fluid",
    "Avoid hot showers and baths.",
    "Use a fragrance-free moisturizer at least twice a day.",
    "Wear loose cotton clothing.",
    "Keep your nails short to limit damage from scratching.",
    "Apply sunscreen with SPF 30 or higher every morning",
    "Drink plenty of water",
    "Don't pick or squeeze spots; it can leave scars.",
    "a fever of 38°C or above",
    "pus or crusting around the rash",
    "pain that is getting worse",
    "Step 1: Cleanse your face with lukewarm water.",
    "Step 2: Apply the serum to damp skin.",
    "Step 3: Finish with moisturizer and, in the morning, sunscreen.",
    "Retinoids (vitamin A creams) help skin cells renew faster.",
    "Azelaic acid calms redness and is safe in pregnancy.",
    "Benzoyl peroxide kills bacteria but can bleach fabrics.",
    "Free consultation with a senior clinician",
    "Clear prices, with no hidden extras",
    "Late appointments on Tuesdays and Thursdays",
    "Aftercare kit included with every treatment",
    "A follow-up call 2 weeks after your visit",
]

HEADINGS = [
    "What is eczema?",
    "Symptoms",
    "Causes",
    "When to see a doctor",
    "Treatment",
    "How to look after your skin",
    "Things you can do yourself",
    "Overview",
    "Structure",
    "Function",
    "History",
    "Mechanism of action",
    "Clinical evidence",
    "Risks and side effects",
    "Why choose us",
    "Meet the team",
    "Prices",
    "Book your consultation",
    "What to expect",
    "Aftercare",
    "Frequently asked questions",
    "Summary",
    "Further reading",
    "Our approach",
    "How microneedling works",
    "Who it suits",
    "Getting ready for your appointment",
]

TOPICS = [
    (
        "eczema",
        "Eczema: symptoms, causes and treatment",
        "Find out what eczema is, what causes it and how you can manage flare-ups at home and "
        "with help from your doctor or pharmacist.",
    ),
    (
        "microneedling",
        "Microneedling for acne scars and fine lines",
        "Microneedling uses fine needles to trigger the skin's own repair. Learn how it works, how "
        "long recovery takes and who it suits best.",
    ),
    (
        "sunscreen",
        "How to choose and use sunscreen",
        "How much sunscreen to use, when to reapply it and what SPF means.",
    ),
    ("collagen", "Collagen in the skin", ""),
    (
        "acne treatment",
        "Acne treatment options that work",
        "From gentle cleansers to prescription creams: an honest guide to acne treatment, what to "
        "expect and when you should see a doctor about your skin.",
    ),
    (
        "skin clinic",
        "Cosmos Clinic | Skin clinic in the city centre",
        "Friendly, experienced skin clinic offering honest advice, free consultations and "
        "treatments tailored to you. Book online today.",
    ),
    ("rosacea", "Rosacea", "Rosacea causes facial redness and flushing. Here is what helps."),
    (
        "chemical peel",
        "Chemical peels explained: types, depth and recovery time for every skin",
        "Superficial, medium and deep chemical peels compared, with what each one treats and how "
        "long the skin takes to heal afterwards, plus the main risks to know about.",
    ),
]

BLOG = [
    "I'll be honest: I ignored my skin for years. Soap, water, done. Then I turned 40 and "
    "noticed the lines around my eyes had settled in for good. So I did what everyone does. I "
    "bought far too many creams.",
    "Here's the thing nobody tells you about retinol. It works, but it takes patience. For the "
    "first few weeks my skin peeled, stung and looked worse than before. By week eight, though? "
    "Smoother, brighter, and honestly a bit of a revelation.",
    "So, what actually helped? Three things. A gentle cleanser, a decent sunscreen and sleep. "
    "Boring, I know. But the fancy serums only started to make a difference once the basics were "
    "in place.",
    'My nurse, Jo, put it nicely. "Think of your skin like a garden," she said. "You can\'t '
    "plant anything new until you've cleared the weeds.\" Fair enough, Jo.",
    "A quick word on cost. Clinic treatments aren't cheap, and they aren't magic either. Ask "
    "what's included, how many sessions you'll need and what happens if you don't see a change. "
    "A good clinic won't mind the questions.",
    "Last month we asked 500 readers about their skincare habits. Almost half said they never "
    "wear sunscreen on cloudy days. One in three had tried a treatment they'd seen on social "
    "media... and regretted it.",
]

NEWS = [
    "Regulators have warned clinics not to advertise injectable treatments directly to the "
    "public. The guidance, published on Monday, follows a rise in complaints about misleading "
    "social media posts. Clinics that break the rules could face fines.",
    "A new study suggests that daily sunscreen use may slow visible skin aging. Researchers "
    "followed 900 adults for four and a half years. Those who applied sunscreen every day were "
    "24% less likely to show increased signs of aging than those who used it at their discretion.",
    "Prof. Hannah Lee, who led the research at St. Mary's Hospital, said the findings were "
    'encouraging. "We were surprised by how large the effect was," she said. "But more work is '
    'needed before we can make firm recommendations."',
    "The number of cosmetic procedures performed in the U.S. rose again last year, according to "
    "figures released by a professional body. Non-surgical treatments, e.g. injectables and "
    "laser resurfacing, made up the bulk of the increase.",
]

# Text used only by the held-back articles: never seen while the counting was tuned.
HELD = {
    "consumer": [
        "Hair loss is very common. Most people lose 50 to 100 hairs a day without noticing. "
        "See a GP if you're losing hair suddenly, if it comes out in clumps, or if your scalp "
        "is itchy or burning.",
        "Fungal nail infections are not usually serious, but they can take a long time to treat. "
        "The nail may turn white, yellow or brown. It can become thick and brittle, and pieces "
        "may break off.",
        "Keep insect bites clean and try not to scratch them. A cold compress can reduce "
        "swelling. If the bite becomes red, warm and painful after a day or two, it may be "
        "infected, so speak to a pharmacist.",
        "Stretch marks are very common in pregnancy. They're not harmful and often fade over "
        "time, although they rarely disappear completely. Creams sold to prevent them have "
        "little good evidence behind them.",
    ],
    "encyclopedic": [
        "Laser resurfacing removes or heats thin layers of skin in a controlled manner. Ablative "
        "lasers, such as the carbon dioxide and erbium:YAG lasers, vaporize the epidermis, "
        "whereas non-ablative devices heat the dermis while leaving the surface intact. Recovery "
        "after ablative treatment typically takes one to two weeks.",
        "Contact dermatitis may be irritant or allergic. Irritant reactions are caused by direct "
        "damage to the skin barrier and account for the majority of occupational cases. Allergic "
        "reactions, by contrast, are delayed hypersensitivity responses mediated by T cells and "
        "require prior sensitization to the allergen.",
        "The nail plate is produced by the nail matrix and grows at an average rate of about 3 mm "
        "per month in fingernails. Toenails grow considerably more slowly. Changes in the color, "
        "shape or thickness of the nail may reflect local disease or, less often, systemic illness.",
        "Botulinum toxin acts at the neuromuscular junction, where it prevents the release of "
        "acetylcholine. The resulting muscle relaxation is temporary; nerve terminals gradually "
        "recover over three to four months. Cosmetic use was first approved in 2002 for frown "
        "lines between the eyebrows.",
    ],
    "marketing": [
        "Say goodbye to razors! Our laser hair removal packages are quick, comfortable and "
        "designed around your skin type. Most clients need six to eight sessions. Book a patch "
        "test today.",
        "New to the clinic? Welcome. Your first visit includes a full skin assessment, photos "
        "to track your progress and a plan written just for you. There's no obligation to go "
        "ahead.",
        "We're open seven days a week, with early starts from 7.30 a.m. on weekdays. Can't make "
        "it in? Try a video consultation with one of our nurses from the comfort of home.",
    ],
    "blog": [
        "Confession time: I was a serial picker. Every spot, every bump, I'd be at it in the "
        "mirror. It took a very patient dermatologist and a lot of hydrocolloid patches to break "
        "the habit. Honestly? Best thing I've done for my skin.",
        "People ask me all the time whether expensive serums are worth it. My answer is always "
        "the same. Sometimes! But the price tag tells you almost nothing about what's inside the "
        "bottle.",
    ],
    "news": [
        "Health officials have urged parents to check sunscreen labels after tests found that "
        "several children's products offered less protection than claimed. The findings were "
        "published on Thursday by a consumer group. Manufacturers said they would review the "
        "results.",
        "A clinic in Leeds has been fined £20,000 for advertising prescription-only medicines "
        "on social media, the U.K. regulator said yesterday. It is the largest penalty of its "
        "kind so far this year.",
    ],
}
HELD_FAQ = [
    (
        "Is laser hair removal permanent?",
        "It gives a long-term reduction rather than permanent removal. Most people need top-up "
        "sessions once or twice a year to keep the results.",
    ),
    (
        "Can I exercise after a chemical peel?",
        "Give it 48 hours. Sweat and heat can irritate freshly peeled skin, and you'll want to "
        "avoid rubbing the area with a towel.",
    ),
    (
        "Do you treat teenagers?",
        "We see patients aged 16 and over for acne treatments, with a parent or guardian present "
        "at the first appointment. We don't offer injectables to anyone under 18.",
    ),
    (
        "What should I bring to my appointment?",
        "Just a list of any medicines or supplements you take, and details of any skin treatments "
        "you've had in the past year. Please arrive without makeup if you can.",
    ),
]
HELD_LIST_ITEMS = [
    "thinning on the top of the head",
    "a receding hairline at the temples",
    "Wear gloves when gardening or cleaning.",
    "Dry between your toes carefully after a shower.",
    "Change your socks every day",
    "Don't share nail clippers or towels.",
    "Patch test 48 hours before your first session",
    "Shave the area the day before, but don't wax or pluck",
    "Avoid fake tan for 2 weeks",
    "redness that lasts more than 3 days",
]
HELD_HEADINGS = [
    "Signs to look out for",
    "Why it happens",
    "Getting help",
    "Preventing it",
    "How the treatment works",
    "Is it right for me?",
    "Recovery time",
    "Costs and packages",
    "Background",
    "Evidence",
    "My verdict",
    "Latest news",
]

# More voices: an academic abstract with citations, a medicines leaflet, an interview.
ACADEMIC = [
    "Background: Post-inflammatory hyperpigmentation (PIH) is a frequent sequela of acne in "
    "patients with skin of color (Davis & Callender, 2010). Methods: We conducted a "
    "retrospective review of 212 charts at a single academic center between 2015 and 2020. "
    "Results: PIH was documented in 47.2% of cases; topical retinoids were associated with "
    "faster resolution (HR 1.8, 95% CI 1.2–2.6).",
    "These findings are consistent with earlier reports (Kim et al., 2018; Okafor, 2019). "
    "However, the retrospective design precludes causal inference, and adherence could not be "
    "verified. Prospective, adequately powered trials are warranted.",
    "Transepidermal water loss (TEWL) was measured with an open-chamber device at baseline and "
    "at weeks 2, 4 and 8. Measurements were taken in a climate-controlled room (21 °C, 45% "
    "relative humidity) after 20 min of acclimatization, as recommended by the European "
    "Group on Efficacy Measurement of Cosmetics.",
    "Limitations of the present study include its small sample, the absence of a sham arm and "
    "the reliance on photographic assessment. Nonetheless, the effect sizes observed (d = 0.62) "
    "suggest a clinically meaningful benefit.",
]
LEAFLET = [
    "Read all of this leaflet carefully before you start using this medicine. Keep this "
    "leaflet. You may need to read it again. If you have any further questions, ask your "
    "doctor or pharmacist.",
    "Apply a thin layer to the affected area once a day, in the evening. Wash your hands "
    "after use. Do not apply to broken skin, the eyes, the lips or the inside of the nose. "
    "If you forget a dose, do not apply a double dose to make up for it.",
    "Like all medicines, this cream can cause side effects, although not everybody gets them. "
    "Very common (may affect more than 1 in 10 people): dryness, redness and peeling. Stop "
    "using it and see a doctor at once if you notice swelling of the face or difficulty "
    "breathing.",
    "Store below 25 °C. Do not use after the expiry date (EXP) stated on the tube. The expiry "
    "date refers to the last day of that month. Do not throw away medicines via wastewater.",
]
INTERVIEW = [
    '"When did you first notice the change?" I asked. "Honestly, about a year ago," she '
    'said. "My skin just stopped bouncing back. I\'d sleep badly and it showed for days."',
    "Q: What do you tell people who are nervous about their first treatment? A: Ask "
    "questions. Lots of them. A good practitioner will be happy to explain what's happening at "
    "every step, and you can stop at any time.",
    'He laughs when I mention the price. "People think it\'s all about the machine," he says. '
    "\"It isn't. It's about knowing when not to treat.\" It's a line he's clearly used before, "
    "but he means it.",
    "By the end of our conversation, the waiting room has filled up. Mrs. Ahmed, 72, is here "
    'for a skin check; a student is waiting for her acne review. "Everyone\'s different," the '
    'receptionist says. "That\'s what keeps it interesting."',
]
GLOSSARY = [
    (
        "Dermis",
        "The thick layer of living tissue below the epidermis. It holds blood vessels, "
        "nerves and collagen.",
    ),
    ("SPF", "Sun protection factor: a measure of how well a sunscreen protects against UVB."),
    ("Comedone", "A blocked pore. Open ones are blackheads; closed ones are whiteheads."),
    ("Erythema", "Redness of the skin, e.g. after sun exposure or a peel."),
]
HELD_MORE = {
    "academic": [
        "Objective: To compare the efficacy of 0.05% tretinoin and 4% hydroquinone in the "
        "treatment of melasma. Design: Randomized, investigator-blinded trial. Participants: 84 "
        "women aged 25–55 years. Main outcome: change in the modified Melasma Area and Severity "
        "Index (mMASI) at 12 weeks.",
        "Both regimens reduced mMASI scores significantly (p < 0.001). The between-group "
        "difference, however, did not reach significance. Irritation was reported more often "
        "with tretinoin (31% vs. 12%), which may limit its acceptability in routine practice "
        "(cf. Lee et al., 2021).",
    ],
    "leaflet": [
        "Take one tablet twice a day with food. Swallow the tablet whole with a glass of water. "
        "Do not crush or chew it. Keep taking this medicine even if you feel better, unless "
        "your doctor tells you to stop.",
        "Tell your doctor or pharmacist if you are taking, have recently taken or might take any "
        "other medicines. This includes medicines obtained without a prescription and herbal "
        "medicines, such as St John's wort.",
    ],
    "interview": [
        '"Would I do it again?" She pauses. "Probably. But I\'d ask more questions first, and '
        'I wouldn\'t book anything I\'d seen on an advert." Then she smiles. "Live and learn."',
        "Q: How long have you been a nurse? A: Nineteen years, eleven of them in dermatology. "
        "Q: And the hardest part? A: Telling someone a treatment won't help them. It happens "
        "more than you'd think.",
    ],
}
HELD_GLOSSARY = [
    ("Melasma", "Patches of darker skin, usually on the face, often linked to hormones and sun."),
    ("Retinoid", "A vitamin A medicine that speeds up skin cell turnover."),
    ("Patch test", "A small test application, 48 hours before treatment, to check for a reaction."),
]
