"""Headings and questions of public clinic and skin-care pages (their titles, section headings
and FAQ questions only, never their text), collected with the `search` tool (corpus `pages`)
on 2 December 2026 for topics competitors write about: microneedling and its recovery,
chemical peels, acne scars, at-home rollers, dark spots, sunscreen after treatment, skin
needling, rosacea, the skin barrier, side effects.

Each heading is labelled with the meaning groups it names, in any wording ("Typical Downtime
and Healing Timeline" names aftercare; "What Is Your Skin's Moisture Barrier?" names skin
barrier), judged from the heading alone (a short form clear on its page counts: "peel" on a
chemical peel page). The labels were written before the vocabulary was run on them; the
same person labelled both the tuning and the held-out part.
"""

from __future__ import annotations

# The meaning groups measured: each has several wordings on real pages. Rosacea and the
# like (one wording everywhere) are in the data as headings that must not be grouped.
CONCEPTS = ("aftercare", "microneedling", "chemical peel", "hyperpigmentation", "acne scar",
            "sunscreen", "skin barrier")

A, M, P, H, S, U, B = CONCEPTS[0], CONCEPTS[1], CONCEPTS[2], CONCEPTS[3], CONCEPTS[4], \
    CONCEPTS[5], CONCEPTS[6]

# url -> [(heading or question, {meaning groups it names})]
PAGES: dict[str, list[tuple[str, set[str]]]] = {
    "https://drpen.ca/blogs/news/what-to-expect-after-microneedling": [
        ("What to Expect After Microneedling: Downtime, Aftercare, and Results", {M, A}),
        ("Is microneedling invasive?", {M}),
        ("Is microneedling painful?", {M}),
        ("What will the skin look like after microneedling?", {M}),
        ("What will the skin feel like after microneedling?", {M}),
    ],
    "https://skinovamedspa.com/microneedling-prep-recovery-and-results": [
        ("Microneedling: Prep, Recovery, and Results", {M, A}),
        ("What Is Microneedling?", {M}),
        ("What Conditions Can Microneedling Improve?", {M}),
        ("How Should I Prepare for My Appointment?", set()),
    ],
    "https://hob-aesthetics.com/microneedling-downtime/": [
        ("Microneedling Downtime: What to Expect After Treatment", {M, A}),
        ("What Is Microneedling Downtime?", {M, A}),
        ("Microneedling Downtime: Factors and Duration", {M, A}),
    ],
    "https://botoxnearme.pro/microneedling-downtime-explained-benefits-risks": [
        ("Understanding Microneedling", {M}),
        ("How Microneedling Works", {M}),
        ("Microneedling Downtime: What to Expect", {M, A}),
        ("Immediate Post-Procedure", {A}),
    ],
    "https://bhskin.com/blog/microneedling-recovery/": [
        ("Microneedling Aftercare and Recovery: Recommendations that Will Get You the Best "
         "Results", {M, A}),
        ("What Is Microneedling and How Does It Work?", {M}),
        ("What Happens During a Microneedling Procedure?", {M}),
    ],
    "https://bhskin.com/blog/microneedling-side-effects/": [
        ("Microneedling Side Effects: A Complete Guide", {M}),
        ("Overview of Microneedling – What is It and What are Its Benefits", {M}),
    ],
    "https://ddooks.com/what-does-recovery-from-a-microneedling-treatment-really-look-like": [
        ("Immediate Effects After Microneedling", {M}),
        ("Typical Downtime and Healing Timeline", {A}),
    ],
    "https://www.infiniskin.com/blog/microneedling-recovery-time-heal/": [
        ("Microneedling Recovery Time: How Long to Heal?", {M, A}),
        ("Key Takeaways", set()),
        ("Understanding Microneedling", {M}),
    ],
    "https://sites.google.com/view/royal-arabic/the-science-behind-microneedling-why-it-works": [
        ("The Science Behind Microneedling: Why It Works", {M}),
    ],
    "https://injectskincare.com/author/will/": [
        ("How Does Microneedling Work?", {M}),
    ],
    "https://elitechicagofacials.com/collagen-induction-therapy-a-comprehensive-guide/": [
        ("Collagen Induction Therapy: A Comprehensive Guide", {M}),
        ("Step 1: Consultation", set()),
        ("Understanding Your Skin's Needs", set()),
        ("Step 2: Preparation", set()),
        ("Getting Your Skin Ready for Treatment", set()),
        ("Step 3: The Microneedling Procedure", {M}),
        ("Stimulating Collagen Production", set()),
        ("Step 4: Aftercare", {A}),
        ("Post-Treatment Care and Results", {A}),
        ("Is microneedling painful?", {M}),
    ],
    "https://www.tamaraesthetics.com/microneedling": [
        ("Collagen Induction Therapy", {M}),
        ("What happens during the treatment?", set()),
        ("How to prepare for microneedling?", {M}),
    ],
    "https://bohochicclinique.com/faq/how-long-does-it-take-to-recover-from-a-chemical-peel/": [
        ("How long does it take to recover from a chemical peel?", {P, A}),
    ],
    "https://thebeautyfoodie.com/chemical-peel-process-day-by-day": [
        ("Chemical Peel Process Day by Day: What to Expect", {P}),
        ("What Is a Chemical Peel?", {P}),
        ("Chemical Peel Recovery Timeline: Day by Day", {P, A}),
        ("Day 1: Immediately After Treatment", set()),
    ],
    "https://eatsip365.com/the-chemical-peel-recovery-process-day-by-day": [
        ("The Chemical Peel Recovery Process Day by Day", {P, A}),
        ("Client & Friend Testimonials", set()),
    ],
    "https://eatsip365.com/your-chemical-peel-recovery-timeline-explained": [
        ("First, What Kind of Peel Are We Talking About?", {P}),
    ],
    "https://eatsip365.com/are-there-risks-to-microneedling-treatment": [
        ("Are There Risks to Microneedling Treatment?", {M}),
        ("What is Microneedling? A 60-Second Refresher", {M}),
    ],
    "https://www.pmuhub.com/chemical-peel/day-by-day-chemical-peel-recovery/": [
        ("Day by Day Chemical Peel Recovery", {P, A}),
        ("What's Chemical Peel Recovery Like?", {P, A}),
    ],
    "https://www.chicagohaircolorsalon.com/blogs/what-to-expect-after-a-chemical-peel-recovery-amp-results": [  # noqa: E501
        ("What to Expect After a Chemical Peel: Recovery & Results", {P, A}),
        ("What Happens During a Chemical Peel Treatment", {P}),
        ("Types of Chemical Peels: Light, Medium, and Deep", {P}),
        ("Light chemical peel:", {P}),
        ("Medium chemical peel:", {P}),
    ],
    "https://www.siloamsmedicalspa.com/post/chemical-peel-recovery-what-to-expect-day-by-day": [
        ("Chemical Peel Recovery: What To Expect Day By Day", {P, A}),
        ("Day 1: Initial Reaction", set()),
        ("Day 2: Increased Sensitivity", set()),
        ("Day 3: Beginning of Peeling", set()),
    ],
    "https://www.refinederm.com/a-day-by-day-guide-to-your-chemical-peel-what-to-expect-from-start-to-finish": [  # noqa: E501
        ("A Day-by-Day Guide to Your Chemical Peel: What to Expect from Start to Finish", {P}),
        ("Before Your Peel: How to Prepare for the Best Results", {P}),
        ("The Day of Your Chemical Peel", {P}),
    ],
    "https://www.fortunefavorsthebravenyc.com/beauty/acne/how-many-microneedling-sessions-for-acne-scars/": [  # noqa: E501
        ("How Many Microneedling Sessions for Acne Scars: The Ultimate Guide", {M, S}),
        ("The Science Behind Microneedling", {M}),
        ("The Process:", set()),
    ],
    "https://www.malkaspa.com/how-many-microneedling-sessions-for-acne-scars": [
        ("How Many Microneedling Sessions for Acne Scars?", {M, S}),
        ("What Is Microneedling and How Does It Work?", {M}),
        ("How Many Microneedling Sessions Are Needed for Acne Scars?", {M, S}),
    ],
    "https://digitalwomanaward.com/?p=1462": [
        ("How Many Microneedling Sessions Are Needed to Effectively Treat Acne Scars?", {M, S}),
        ("Determining the Number of Microneedling Sessions Needed", {M}),
    ],
    "https://beauticlassy.com/how-many-microneedling-sessions-for-acne-scars/": [
        ("How Many Microneedling Sessions For Acne Scars?", {M, S}),
        ("Understanding Acne Scars", {S}),
    ],
    "https://oliveskintherapy.com/post/how-many-microneedling-sessions-for-acne-scars": [
        ("How Many Microneedling Sessions for Acne Scars? Find Out Now", {M, S}),
        ("Your Guide to Microneedling Sessions for Acne Scars", {M, S}),
        ("Matching Sessions to Scar Severity", {S}),
    ],
    "https://666how.com/topics/depressions": [
        ("How Many Microneedling Sessions For Acne Scars", {M, S}),
    ],
    "https://www.medspaclt.com/how-many-microneedling-sessions-do-you-need-for-acne-scars/": [
        ("How Many Microneedling Sessions Do You Need for Acne Scars?", {M, S}),
        ("How Microneedling Helps Treat Acne Scars", {M, S}),
        ("The Science Behind Microneedling", {M}),
        ("Why Microneedling Is Effective for Acne Scars", {M, S}),
    ],
    "https://diaminy.com/how-many-microneedling-sessions-for-scars/": [
        ("How Many Microneedling Sessions Are Needed for Effective Scar Treatment?", {M}),
        ("What Is Microneedling and How Does It Help with Scars?", {M}),
        ("Understanding Microneedling", {M}),
        ("How Microneedling Works to Improve Scars", {M}),
        ("Types of Scars Treated with Microneedling", {M}),
        ("What to Expect During and After Treatment", set()),
    ],
    "https://torontodermatologycentre.com/professional-microneedling-vs-do-it-yourself-diy/": [
        ("Professional Microneedling vs. Do-It-Yourself (DIY)", {M}),
    ],
    "https://saffronsageliving.com/blog/why-microneedling-is-better-than-dermarolling": [
        ("Why Microneedling is Better than Dermarolling", {M}),
        ("Understanding Microneedling:", {M}),
        ("At-Home Dermarollers:", {M}),
        ("Lack of Professional Supervision:", set()),
        ("Risk of Infection and Cross-Contamination:", set()),
        ("Variable Needle Depth and Pressure:", set()),
    ],
    "https://saffronsageliving.com/blog/diy-dermaroller-v-clinical-microneedling": [
        ("DIY Dermaroller v. Clinical Microneedling", {M}),
        ("DIY Dermarollers:", {M}),
        ("Risk of Infection:", set()),
        ("Injury Risk:", set()),
        ("Variable Treatment Results:", set()),
        ("Clinical Microneedling:", {M}),
    ],
    "https://tressless.com/learn/microneedling/is-at-home-microneedling-safe-or-should-it-be-done-by-a-dermatologist-jXK9e": [  # noqa: E501
        ("Is At-Home Microneedling Safe, or Should It Be Done by a Dermatologist?", {M}),
    ],
    "https://www.droracle.ai/articles/717513/how-does-professional-micro-needling-compare-to-home-micro": [  # noqa: E501
        ("Professional vs. Home Microneedling for Fine Lines and Wrinkles", {M}),
        ("Key Differences in Efficacy", set()),
        ("Needle Depth and Tissue Penetration", set()),
        ("Technical Execution and Safety", set()),
        ("Combination Therapy Advantage", set()),
    ],
    "https://blog.crazykudi.in/content/at_home_dermarolling_dermatologist_guide_potential_benefits_risks_safe_practices": [  # noqa: E501
        ("The Theory: How is Dermarolling Supposed to Work?", {M}),
    ],
    "https://www.beautologie.com/blog/is-microneedling-done-at-home-the-same-as-done-in-medical-offices": [  # noqa: E501
        ("Is microneedling done at home the same as done in medical offices?", {M}),
        ("At-Home Microneedling", {M}),
    ],
    "https://bellagance.com/blog/at-home-vs-medical-microneedling-key-differences-explained": [
        ("What is Microneedling?", {M}),
        ("At-Home Microneedling: The Convenience of DIY", {M}),
        ("How It Works", set()),
        ("Benefits", set()),
        ("Risks and Limitations", set()),
    ],
    "https://www.puredermoc.com/dark-spots-dermatologist-newport-beach-orange-county/": [
        ("What are Dark Spots on the Skin?", {H}),
        ("What Causes Dark Spots on the Skin?", {H}),
        ("Indication for Treatment of Dark Spots on the Skin", {H}),
        ("Treatment Options", set()),
    ],
    "https://www.louisiana-dermatology.com/dark-spots-and-skin-pigmentation": [
        ("Dark Spots and Skin Pigmentation", {H}),
    ],
    "https://thedlgstore.com/pages/dark-spots": [
        ("Dark Spots", {H}),
    ],
    "https://carrutherscosmetic.com/condition/hyperpigmentation/": [
        ("Recommended Treatments", set()),
    ],
    "https://lookglambox.com/?p=6054": [
        ("Uncovering the Truth: Can You Really Wear Sunscreen After Microneedling?", {U, M}),
        ("The Importance of Sunscreen After Microneedling", {U, M}),
        ("How Microneedling Affects UV Protection", {M, U}),
    ],
    "https://bepetal.com/blogs/skincare/can-you-wear-sunscreen-after-microneedling": [
        ("Understanding Why Sunscreen Matters After Microneedling", {U, M}),
        ("Sunscreen After Microneedling: When and How to Apply It", {U, M}),
        ("Step 1: Wait 24–48 Hours Before Applying", set()),
        ("Step 2: Choose a Mineral Sunscreen", {U}),
        ("Step 3: Be Gentle When Applying", set()),
        ("Step 4: Reapply as Needed", set()),
    ],
    "https://swmphs.com/how-soon-can-i-wear-makeup-after-microneedling/": [
        ("How Soon Can I Wear Makeup After Microneedling?", {M}),
        ("Why This Time Frame?", set()),
    ],
    "https://necolebitchie.com/what-sunscreen-should-i-use-after-microneedling": [
        ("What Sunscreen Should I Use After Microneedling?", {U, M}),
        ("The Critical Role of Sunscreen After Microneedling", {U, M}),
        ("Why Mineral Sunscreens Are Preferred", {U}),
        ("Understanding Broad-Spectrum Protection", {U}),
    ],
    "https://necolebitchie.com/can-you-use-spf-after-microneedling": [
        ("Can You Use SPF After Microneedling?", {U, M}),
        ("The Imperative of Sun Protection After Microneedling", {U, M}),
        ("Why Sunscreen is Non-Negotiable", {U}),
    ],
    "https://necolebitchie.com/can-you-use-sunscreen-the-day-after-microneedling": [
        ("Can You Use Sunscreen the Day After Microneedling?", {U, M}),
        ("Understanding Microneedling and its Impact on the Skin", {M}),
        ("The Importance of Sun Protection Post-Microneedling", {U, M}),
    ],
    "https://proneedling.com/sunscreen-after-microneedling/": [
        ("Use Of Sunscreen After Microneedling", {U, M}),
        ("Can I Use Sunscreen After Microneedling?", {U, M}),
        ("How Long After Microneedling Can I Use Sunscreen?", {U, M}),
        ("Why is Sunscreen Important After Microneedling?", {U, M}),
    ],
    "https://mdpen.co/answers-to-your-burning-questions-about-sunscreen/": [
        ("Answers to Your Burning Questions About Sunscreen", {U}),
        ("What is Sunscreen and How Does it Work?", {U}),
        ("What is SPF and How Do I Choose the Right One?", {U}),
        ("What is The Best Way to Apply Sunscreen?", {U}),
        ("What Are The Best Serums to Use After Microneedling?", {M}),
    ],
    "https://melissajeanskintherapy.com/blog/skin-needling": [
        ("What is Skin Needling?", {M}),
        ("How does skin needling work?", {M}),
        ("Targeted Conditions & Treatment Spacing", set()),
    ],
    "https://www.skinbydermalnursehanna.com/post/skin-needling-is-it-worth-the-hype": [
        ("Skin Needling - is it worth the hype?", {M}),
        ("What is skin needling?", {M}),
        ("How does skin needling work?", {M}),
        ("What to expect?", set()),
    ],
    "https://www.buzzslash.com/everything-you-need-to-know-about-micro-needling-in-melbourne/": [
        ("Everything You Need to Know About Micro-Needling in Melbourne", {M}),
        ("What is Micro-Needling?", {M}),
        ("How Does Micro-Needling Work?", {M}),
        ("Benefits of Micro-Needling", {M}),
        ("Improved Skin Texture and Tone", set()),
        ("Reduced Appearance of Scars", set()),
        ("Minimised Pore Size", set()),
        ("Enhanced Absorption of Skincare Products", set()),
    ],
    "https://southaustralianstyle.com/2021/06/23/what-is-skin-needling/": [
        ("What is skin needling?", {M}),
        ("What happens during the treatment?", set()),
        ("Does it hurt?", set()),
        ("What are the benefits?", set()),
        ("How many treatments are needed to see results?", set()),
    ],
    "https://www.buzzrx.com/blog/rosacea-triggers-and-treatments": [
        ("Rosacea Triggers & Treatments", set()),
        ("What is rosacea?", set()),
        ("What causes rosacea?", set()),
    ],
    "https://www.azealderm.com/rosacea-treatment/": [
        ("What triggers rosacea?", set()),
        ("How can I treat my rosacea?", set()),
    ],
    "https://prdapp3-as2.qualityhealth.com/skin-care-beauty-articles/rosacea-causes-symptoms-treatments": [  # noqa: E501
        ("What Does Rosacea Look Like?", set()),
        ("What Causes Rosacea?", set()),
        ("What Triggers Rosacea Symptoms?", set()),
    ],
    "https://www.lewisburgplastic.com/dermatology/dermatological-skin-conditions/rosacea/page.aspx?id=1356": [  # noqa: E501
        ("Possible Signs and Symptoms", set()),
    ],
    "https://scienceaccess.blog/fix-damaged-moisture-barrier": [
        ("Fix Damaged Moisture Barrier: Repair Guide!", {B}),
        ("Understanding Your Skin's Moisture Barrier: The Foundation of Healthy Skin", {B}),
        ("What Exactly is the Skin's Moisture Barrier?", {B}),
        ("Why a Healthy Moisture Barrier Matters", {B}),
    ],
    "https://www.skincare.com/expert-advice/ask-the-expert/what-is-the-skins-moisture-barrier": [
        ("What Is Your Skin's Moisture Barrier? Plus, How to Repair It", {B}),
        ("What Is a Skin Barrier?", {B}),
        ("Why Is Your Skin Barrier Important?", {B}),
    ],
    "https://www.jayceline.com/signs-your-skins-moisture-barrier-has-been-damaged-and-how-to-fix-it/": [  # noqa: E501
        ("Signs your skin's moisture barrier has been damaged and how to fix it.", {B}),
        ("what is the moisture barrier?", {B}),
        ("Signs your moisture barrier has been damaged", {B}),
    ],
    "https://imeanbeauty.com/blogs/skin-barrier/how-to-know-if-your-skin-barrier-is-damaged-and-how-to-repair-it": [  # noqa: E501
        ("How to Know if Your Skin Barrier Is Damaged — And How to Repair It", {B}),
        ("What Is the Skin Barrier?", {B}),
        ("How to Tell If It's Damaged", set()),
        ("How to Repair a Damaged Barrier", {B}),
    ],
    "https://www.clinique.co.uk/how-to-repair-skin-barrier": [
        ("How to repair a damaged skin barrier", {B}),
        ("What is the skin barrier?", {B}),
        ("Damaged skin barrier causes", {B}),
        ("Damaged skin barrier symptoms", {B}),
    ],
    "https://www.beautysparkreview.com/damaged-skin-barrier-repair/": [
        ("How To Repair A Damaged Skin Barrier – The Comprehensive Guide", {B}),
        ("What Is The Skin Barrier?", {B}),
        ("What Causes Damaged Skin Barrier?", {B}),
    ],
    "https://clarins.co.uk/beauty-expert-guide-uk/damaged-skin-barrier.html": [
        ("How To Tell If You Have Damaged Skin Barrier And Ways To Fix It", {B}),
        ("What is the skin barrier?", {B}),
        ("What causes a damaged skin barrier?", {B}),
        ("What does a damaged skin barrier look like?", {B}),
    ],
    "https://pi17ki.wixsite.com/ellobeaute/copy-of-dermaplaning-aftercare": [
        ("aftercare", {A}),
        ("MICRONEEDLING", {M}),
        ("Maintenance & Long-Term Care", set()),
    ],
    "https://moonaesthetics.co.uk/microneedling-dermapen-treatments-essex": [
        ("Microneedling aftercare", {M, A}),
    ],
    "https://www.fifthelementesthetics.com/pages/microneedling-aftercare": [
        ("Microneedling Aftercare", {M, A}),
        ("HEALING TIMELINE:", {A}),
        ("Post-Treatment Tips:", {A}),
    ],
    "https://monolith.getcloudapp.com/how-long-after-microneedling-can-i-wear-makeup": [
        ("Immediate Redness", set()),
    ],
    "https://www.drpenskincare.com/blog/what-are-the-post-care-instructions-for-microneedling": [
        ("What are the post care instructions for microneedling?", {A, M}),
        ("Immediate Post-Treatment (First 24-48 Hours)", {A}),
        ("First Week of Recovery", {A}),
    ],
    "https://edutous.com/link/162856/The-Importance-of-Aftercare:-Why-Post-Treatment-Matters-in-Microneedling": [  # noqa: E501
        ("The Importance of Aftercare: Why Post-Treatment Matters in Microneedling", {A, M}),
    ],
    "https://freshskin.com.au/microneedling-safety-and-risks": [
        ("What are the risks of microneedling?", {M}),
    ],
    "https://visualfoodie.com/understanding-the-risks-of-microneedling": [
        ("Understanding the Risks of Microneedling", {M}),
        ("First, What Exactly Is Microneedling? A Quick Refresher", {M}),
    ],
    "https://visualfoodie.com/what-are-the-risks-if-microneedling-works": [
        ("What Are the Risks if Microneedling Works?", {M}),
        ("First, Let's Be Clear: How Microneedling Should Work", {M}),
    ],
    "https://mailash.com/post/contraindications-of-microneedling": [
        ("1. Active Skin Infections & Conditions", set()),
        ("2. Medical Conditions & Health Risks", set()),
    ],
}
