"""Every rule in every pack, caught in a paraphrase and cleared in a hard negative; the
examples quoted in issue 10; the context that clears a flag; the labelled sets."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from clinicseo.scoring.claims import model as claims_model
from clinicseo.scoring.claims.patterns import expand, inflections
from clinicseo.scoring.compliance import load_pack, run
from clinicseo.scoring.document import parse
from clinicseo.scoring.files import score_file

DATA = Path(__file__).parent / "data" / "compliance"
PACKS = ("AU", "UK", "US")
# A page with a full risks section, so R7's page-level finding stays out of the way.
RISKS = (
    "<h2>Risks and recovery</h2><p>Common side effects are redness, swelling and tenderness "
    "for one to three days; rarer risks are infection and pigment change. Recovery takes a "
    "few days.</p>"
)

# rule: (a paraphrase that breaks it, a hard negative that does not), in every pack that
# has the rule.
TABLE = {
    "R1": ("Every client walks out with visibly firmer skin.",
           "Some people notice firmer skin after several sessions, but results vary."),
    "R2": ("Say goodbye to acne scars for good.",
           "Microneedling won't erase scars; it may soften how they look."),
    "R3": ("Microneedling is completely painless with zero downtime.",
           "Microneedling is considered safe when performed by a trained practitioner on "
           "suitable skin."),
    "R4": ("We're Melbourne's number one skin clinic.", "The best time to book is autumn."),
    "R5": ("Leave us a five-star review and we'll send you a free serum.",
           "We never pay for reviews."),
    "R6": ("Swipe to see our before-and-after photos.",
           "Before and after photos show one client; individual results vary."),
    "R7": ("The only side effect you might notice is a little redness.",
           "Redness is the most common side effect; swelling, bruising and, rarely, infection "
           "can also occur."),
    "R8": ("Book in the next 48 hours to lock in this month's price.",
           "20% off your first session until 30 June; new clients only, T&Cs apply."),
    "R9": ("Microneedling is suitable for all skin types.",
           "Microneedling is not suitable for everyone."),
    "R10": ("Wrinkle-relaxing injections are now available.",
            "We don't offer injectable treatments."),
    "R11": ("Book with our skin specialist.",
            "Dr Jane Lee, registered medical practitioner (MED0001234567), performs all "
            "treatments."),
    "R12": ("Studies show microneedling doubles collagen.",
            "Studies show (Alster & Graham, 2018, Dermatologic Surgery) that microneedling can "
            "improve acne scars."),
    "R13": ("Mums, treat your 15-year-old to a skin-needling session.",
            "We only treat clients aged 18 and over."),
    "R14": ("A government-approved skin treatment.",
            "The device is included in the ARTG (ARTG 123456) for skin needling."),
}  # fmt: skip
CASES = [(code, rule.id) for code in PACKS for rule in load_pack(code).rules]


def rules_in(sentence: str, jurisdiction: str) -> set[str]:
    """The rules whose findings fall inside this sentence (not the page-level R7 one)."""
    doc = parse(f"<p>{sentence}</p>{RISKS}")
    end = len(sentence)
    return {
        f["rule"]
        for c in run(doc, load_pack(jurisdiction))
        for f in c["findings"]
        if f["span"] is not None and f["span"][1] <= end
    }


@pytest.mark.parametrize(("jurisdiction", "rule"), CASES, ids=[f"{j}-{r}" for j, r in CASES])
def test_every_rule_catches_a_paraphrase_and_clears_a_hard_negative(
    jurisdiction: str, rule: str
) -> None:
    positive, negative = TABLE[rule]
    assert rule in rules_in(positive, jurisdiction)
    assert rule not in rules_in(negative, jurisdiction)


def test_every_rule_of_every_pack_is_in_the_table() -> None:
    assert {r for _, r in CASES} == set(TABLE)
    assert set(FAMILIES) == set(TABLE)


# Families of meaning: for each rule, wordings that share no trigger word with the table's
# example, and hard negatives that share its words but clear (negated, hedged, rejected,
# cited, with terms). Checked in every pack that has the rule.
FAMILIES = {
    "R1": (["Each and every patient leaves with noticeably smoother skin.",
            "You'll notice the difference in the mirror straight away.",
            "Results are assured with our signature protocol.",
            "Walk in tired, walk out glowing.",
            "Get the results you want, or your money back.",
            "Each treatment takes years off your face.",
            "Once the course is done, your skin will feel tighter."],
           ["Results vary, and no clinic can promise you'll see a difference.",
            "Some patients see modest improvement after several treatments.",
            "Be wary of any clinic that says results are guaranteed.",
            "Your skin may feel tighter after a few sessions, though results vary."]),
    "R2": (["Wipe out stretch marks with our new protocol.",
            "Your pigmentation will never come back.",
            "Put an end to breakouts once and for all.",
            "Say ta-ta to breakouts for keeps.",
            "Studies prove LED clears rosacea (Lee et al., 2020)."],
           ["Microneedling is not a permanent fix, and top-up sessions may be needed.",
            "Scars rarely disappear completely.",
            "LED can help clear mild acne in some people."]),
    "R3": (["It barely hurts at all, and there's no pain and no recovery.",
            "Recovery's a doddle.",
            "Honestly, a chemical peel is about as risky as a bubble bath.",
            "Pop in on your lunch break and head straight back to the office.",
            "There's honestly nothing to worry about with a peel.",
            "All the glow, none of the downtime."],
           ["Microneedling isn't safe for people with active infections.",
            "Most people go back to work the next day with some redness.",
            "The idea behind microneedling aftercare is simple at heart.",
            "Tell us anything you're worried about before treatment."]),
    "R4": (["Sydney's No. 1 skin clinic.", "Voted best clinic in Adelaide.",
            "Nobody in Brisbane does skin like our team.",
            "Our practitioners are of the highest calibre in the industry."],
           ["No clinic can honestly say its treatment is the best.",
            "Your reflection is about to become your new best friend."]),
    "R5": (["We'll give you 10% off your next visit for every review you post.",
            "We only publish our five-star reviews.",
            "Our reviews include several from staff members' relatives.",
            "Some of the reviews on our site were written by our reception staff.",
            "Share your results with our hashtag to win a free facial."],
           ["We only publish reviews as they are written, good or bad.",
            "Staff are never allowed to write reviews of the clinic."]),
    "R6": (["We gave the after pic a soft-glow filter so it pops on the grid.",
            "We lightly retouch our after photos to remove stray hairs."],
           ["Keep a record of how your skin looks before each session."]),
    "R7": (["Side effects are limited to a little redness, and that's your lot.",
            "A peel is basically a spa day: no risks, no recovery.",
            "Because side effects are so rare, we don't bother listing them.",
            "Expect nothing more than a touch of pinkness afterwards.",
            "Nothing more than a little tingling, and that is the whole story."],
           ["Redness, swelling and tenderness are common for one to three days.",
            "Most people have only mild redness, though bruising, infection and, rarely, "
            "scarring can occur.", "No treatment is without risks.",
            "Infection, pigment change and scarring are rare but possible."]),
    "R8": (["Only three appointments left this month.", "Offer ends at midnight.",
            "Spread the cost with our finance plans and don't pay a penny until spring."],
           ["Our offer: 15% off your first session, valid until 31 March, new clients only.",
            "Gift vouchers are valid for 3 years; terms and conditions apply."]),
    "R9": (["No consultation necessary, just book online.",
            "Book as many LED sessions as you fancy.",
            "Pop in every fortnight to keep your skin in top shape.",
            "We recommend a monthly session for every client, regardless of their skin.",
            "Book in whenever you feel like a refresh."],
           ["We will only book you after a consultation with a registered nurse.",
            "Sessions are spaced at least four weeks apart and follow a consultation.",
            "Sessions are usually four to six weeks apart."]),
    "R10": (["Ask about our frown-line softening injections.",
             "Tox and filler packages available.",
             "Ask about our 'tweakments' for forehead lines."],
            ["If you have recently taken isotretinoin, tell us at consultation."]),
    "R11": (["Our cosmetic surgeon performs every treatment.",
             "All of our registered nurses are specialists in acne scarring."],
            ["Our practitioner, Dr Amy Tran (MED0001234567), is a registered medical "
             "practitioner.", "Dermatologists recommend daily sunscreen."]),
    "R12": (["Research confirms microneedling triples collagen production.",
             "The data doesn't lie: our clients see 80% fewer breakouts.",
             "It's scientifically established that LED halves redness."],
            ["A small study (Alam et al., 2014) found modest improvements in acne "
             "scarring."]),
    "R13": (["Perfect for your year 12 formal.", "#teenskin #acne #microneedling",
             "Bring your daughter along for a mother-daughter glow session."],
            ["We do not treat anyone under 18, and we may ask for ID.",
             "The school holidays can be a busy time for the clinic.",
             "If you're worried about your teenager's acne, their GP is the place to start."]),
    "R14": (["TGA approved microneedling.", "The FDA has approved our device for acne scars.",
             "Our microneedling pen carries the FDA's stamp of approval.",
             "Bocouture is officially approved for every kind of facial wrinkle."],
            ["Ask your provider whether the device is FDA-cleared and for what use.",
             "SkinPen was cleared by the FDA to improve the appearance of facial acne scars "
             "in adults aged 22 and older."]),
}  # fmt: skip
FAMILY_CASES = [
    (code, rule, sentence, positive)
    for code, rule in CASES
    for positive, sentences in ((True, FAMILIES[rule][0]), (False, FAMILIES[rule][1]))
    for sentence in sentences
]


@pytest.mark.parametrize(
    ("jurisdiction", "rule", "sentence", "positive"),
    FAMILY_CASES,
    ids=[f"{j}-{r}-{'pos' if p else 'neg'}-{i}" for i, (j, r, _, p) in enumerate(FAMILY_CASES)],
)
def test_every_rule_catches_its_family_of_meaning_and_clears_its_hard_negatives(
    jurisdiction: str, rule: str, sentence: str, positive: bool
) -> None:
    assert (rule in rules_in(sentence, jurisdiction)) is positive


@pytest.mark.parametrize(
    "sentence",
    [
        "\"Best decision I ever made!\" - Sarah K.",
        "Jess told us her acne scars are barely visible now.",
        "Thousands of happy patients can't be wrong.",
        "Rated 4.9 stars on Google.",
        "Loved by influencers across Sydney.",
        "Emma swears her pores have halved since her first session.",
        "4.9⭐ from 800+ Google reviews.",
        "'My pigmentation has faded so much,' says Tara, 41.",
        "'I finally like my skin again.' – one client",
        "Our stories repost clips from patients showing off their results.",
    ],
)
def test_every_usual_testimonial_shape_is_banned_in_australia_only(sentence: str) -> None:
    assert "R5" in rules_in(sentence, "AU")
    assert "R5" not in rules_in(sentence, "US")


@pytest.mark.parametrize(
    "sentence",
    [
        'We ask one question first: "Is my skin suitable?" Then we decide together.',
        "Patients sometimes ask, 'Will I need more than one session?' Usually, yes.",
    ],
)
def test_a_quoted_question_in_the_first_person_is_not_a_testimonial(sentence: str) -> None:
    assert "R5" not in rules_in(sentence, "AU")


@pytest.mark.parametrize(
    ("rule", "sentence"),
    [
        ("R2", "Say goodbye to acne scars for good."),
        ("R8", "Book in the next 48 hours to lock in this month's price."),
        ("R5", "'My skin feels smoother than it has in years' – Hannah, 38"),
        ("R13", "Mums, treat your 15-year-old to a skin-needling session"),
        ("R10", "Wrinkle-relaxing injections are now available"),
        ("R14", "A government-approved skin treatment"),
        ("R7", "The only side effect you might notice is a little redness."),
        ("R1", "Every single client walks out with visibly tighter skin."),
        ("R2", "Microneedling permanently erases stretch marks."),
    ],
)
def test_issue_examples_are_caught(rule: str, sentence: str) -> None:
    assert rule in rules_in(sentence, "AU")


@pytest.mark.parametrize(
    "sentence",
    [
        "No treatment is risk-free.",
        "We won't tell you microneedling will erase your scars, because it won't.",
        "Microneedling is not suitable for everyone",
        "The best time to book is autumn",
        "Studies show (Alster & Graham, 2018, Dermatologic Surgery) that microneedling can "
        "improve the look of acne scars.",
    ],
)
def test_issue_false_alarms_are_cleared(sentence: str) -> None:
    assert rules_in(sentence, "AU") == set()


def test_testimonials_banned_in_australia_allowed_when_genuine_elsewhere() -> None:
    quote = "'My skin feels smoother than it has in years' – Hannah, 38"
    assert "R5" in rules_in(quote, "AU")
    assert "R5" not in rules_in(quote, "UK")
    assert "R5" not in rules_in(quote, "US")
    for told in ("Jess told us her skin had never looked better.", "Rated 4.9 stars on Google."):
        assert "R5" in rules_in(told, "AU") and "R5" not in rules_in(told, "US")


def test_own_plasma_is_a_biological_in_australia_only() -> None:
    sentence = "We use your own plasma to speed up healing."
    assert "R10" in rules_in(sentence, "AU")
    assert "R10" not in rules_in(sentence, "UK")


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        ("Myth: microneedling is completely painless.", "R3"),
        ("Be wary of any clinic that tells you results are guaranteed.", "R1"),
        ("You may have read that microneedling is risk-free; it is not.", "R3"),
        ("Permanent results are not something any clinic can offer.", "R2"),
        ("Is microneedling safe?", "R3"),
        ("Free consultation: terms and conditions apply, see our website.", "R8"),
    ],
)
def test_context_clears_rejected_negated_asked_or_termed_claims(sentence: str, rule: str) -> None:
    assert rule not in rules_in(sentence, "AU")


def test_a_citation_only_counts_in_the_same_paragraph() -> None:
    cited = "<p>Studies show it helps (Lee et al., 2021).</p>"
    apart = "<p>Studies show it helps.</p><p>See Lee et al., 2021.</p>"
    pack = load_pack("AU")
    evidence = {c["id"]: c for c in run(parse(cited + RISKS), pack)}["claims_evidence"]
    assert evidence["findings"] == []
    evidence = {c["id"]: c for c in run(parse(apart + RISKS), pack)}["claims_evidence"]
    assert [f["text"] for f in evidence["findings"]] == ["Studies show"]


def test_every_finding_carries_rule_source_span_and_suggestion() -> None:
    html = "<p>Microneedling permanently erases stretch marks.</p>"
    doc = parse(html + RISKS)
    checks = run(doc, load_pack("UK"))
    findings = [f for c in checks for f in c["findings"]]
    assert [f["text"] for f in findings] == ["permanently", "erases"]
    for finding in findings:
        assert finding["rule"] == "R2" and finding["source"].startswith("https://www.asa.org.uk/")
        a, b = finding["span"]
        assert doc.text[a:b] == finding["text"] and finding["suggestion"]
    assert {c["rule_pack"] for c in checks} == {load_pack("UK").version}
    assert load_pack("UK").version != load_pack("AU").version


def test_inflections_and_word_lists_expand_to_plain_regex() -> None:
    assert inflections("erase") == ["erasing", "erased", "erases", "erase"]
    assert set(inflections("stop")) == {"stop", "stops", "stopped", "stopping"}
    assert set(inflections("deny")) == {"deny", "denies", "denied", "denying"}
    assert (
        expand(r"\b~wipe {X}", {"X": "out|away"}) == r"\b(?:wiping|wiped|wipes|wipe) (?:out|away)"
    )
    with pytest.raises(KeyError, match="NOPE"):
        expand("{NOPE}", {})


@pytest.mark.parametrize("sentence", ["Microneedling permanently erases stretch marks.",
                                      "Botox smooths frown lines."])  # fmt: skip
def test_short_english_sentences_are_scored_not_refused(tmp_path: Path, sentence: str) -> None:
    path = tmp_path / "short.txt"
    path.write_text(sentence)
    result = score_file(path)
    assert "error" not in result
    assert any(c["status"] == "bad" for c in result["checks"] if c["kind"] == "compliance")


def test_short_foreign_text_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "de.txt"
    path.write_text("Die Haut ist nach der Behandlung nicht glatt und auch nicht rot.")
    assert "English" in score_file(path)["error"]


@pytest.mark.parametrize("split", ["dev", "test", "outside"])
def test_labelled_sets_load_with_valid_rules(split: str) -> None:
    rows = [json.loads(line) for line in (DATA / f"{split}.jsonl").read_text().splitlines()]
    assert len(rows) >= 300
    # dev rows name the batch they were written in (the model's thresholds are
    # cross-validated by holding out whole batches); outside rows name their writer.
    extra = {"dev": {"batch"}, "test": set(), "outside": {"writer"}}[split]
    for row in rows:
        keys = {"text", "jurisdiction", "rules"} | extra
        assert set(row) == keys and row["text"].strip()
        allowed = {r.id for r in load_pack(row["jurisdiction"]).rules}
        assert set(row["rules"]) <= allowed, row
    compliant = sum(1 for row in rows if not row["rules"])
    assert 0.35 < compliant / len(rows) < 0.6  # about half are hard negatives


def test_the_model_adds_a_paraphrase_the_patterns_miss_with_the_deciding_words_as_span() -> None:
    sentence = "Get ready for glowing, firmer skin."
    doc = parse(f"<p>{sentence}</p>{RISKS}")
    pack = load_pack("AU")
    assert not any(c["findings"] for c in run(doc, pack, use_model=False))
    (finding,) = [f for c in run(doc, pack) for f in c["findings"]]
    assert finding["rule"] == "R1" and finding["signal"] == "model"
    a, b = finding["span"]
    # the words that decided it, not the whole sentence
    assert 0 <= a < b <= len(sentence) and b - a < len(sentence.rstrip("."))
    assert finding["text"] == sentence[a:b] and "glow" in finding["text"]
    assert 0.2 <= finding["confidence"] <= 1
    assert finding["suggestion"] and finding["source"].startswith("https://")


def test_the_model_leaves_plain_information_and_headings_alone() -> None:
    html = (
        "<h2>Scientific studies and research</h2><p>Microneedling creates tiny channels in the "
        "skin. Collagen forms slowly over several weeks. Redness usually settles in two "
        f"days.</p>{RISKS}"
    )
    assert not [f for c in run(parse(html), load_pack("AU")) for f in c["findings"]]


def test_the_fast_features_are_the_located_ones_without_their_places() -> None:
    # The model scores with `features` and highlights with `located_features`: two ways to
    # the same set, so a feature added to one and not the other must fail here.
    sentences = [json.loads(line)["text"] for line in
                 (DATA / "dev.jsonl").read_text().splitlines() if line]  # fmt: skip
    sentences += ["Just a touch of pinkness — you’ll look younger, I promise!", "", "’s"]
    for s in sentences:
        assert claims_model.features(s) == set(claims_model.located_features(s)), s


def test_the_shipped_model_was_trained_on_the_current_dev_split_only() -> None:
    # scripts/train_claims_model.py records the dev file's hash; retrain after editing it.
    digest = hashlib.sha256((DATA / "dev.jsonl").read_bytes()).hexdigest()[:16]
    trained_on = claims_model.load().trained_on
    assert digest in trained_on and "test" not in trained_on


def test_the_held_back_splits_share_no_sentence_with_the_dev_split() -> None:
    # test.jsonl shares only the issue's quoted examples with dev; outside.jsonl (three outside
    # writers, never tuned on) shares nothing, so its figures measure unseen wording.
    def texts(name: str) -> set[str]:
        rows = (json.loads(line) for line in (DATA / name).read_text().splitlines() if line)
        return {" ".join(r["text"].lower().split()) for r in rows}

    dev = texts("dev.jsonl")
    assert not texts("outside.jsonl") & dev
    assert len(texts("outside.jsonl")) >= 500


def test_the_rule_pack_version_is_stored_with_the_findings_and_shown_in_history(
    tmp_path: Path,
) -> None:
    from clinicseo import store
    from clinicseo.scoring import score_document

    scored = score_document("<p>Microneedling permanently erases stretch marks.</p>")
    draft = {"topic": "t", "variant": "a", "title": "T", "keyphrase": "k", "slug": "s",
             "html": "<p>x</p>", **scored}  # fmt: skip
    conn = store.connect(tmp_path / "c.db")
    (i,) = store.insert_drafts(conn, [draft])
    saved = store.get_draft(conn, i)
    version = load_pack("AU").version
    claims = [c for c in saved["checks"] if c["kind"] == "compliance"]
    assert claims and {c["rule_pack"] for c in claims} == {version}
    assert saved["history"][0]["note"] == f"a; rule pack {version}"
