"""Readability checks at Yoast's boundaries, the counting rules, and offline textstat."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from clinicseo.config import ScoringConfig
from clinicseo.scoring import plain_text, score_document
from clinicseo.scoring import syllables as syl
from clinicseo.scoring.document import parse
from clinicseo.scoring.readability import (
    consecutive_sentences,
    flesch_counts,
    has_transition,
    is_passive,
    paragraph_length,
    passive_voice,
    sentence_length,
    subheading_distribution,
    transition_words,
)
from clinicseo.scoring.result import readability_score
from tests.fixtures import SEED_ARTICLE

SEED = SEED_ARTICLE
REPO = Path(__file__).resolve().parents[1]


def sentences(n_long: int, n_short: int) -> str:
    long = (
        "This sentence has many more words than twenty so that Yoast counts it "
        "as a long one in the text today."
    )
    short = "Short sentences are easy."
    assert len(long.split()) == 21
    return "<p>" + " ".join([long] * n_long + [short] * n_short) + "</p>"


def by_id(result: dict, id: str) -> dict:
    return next(c for c in result["checks"] if c["id"] == id)


@pytest.mark.parametrize(
    ("n_long", "n_short", "status", "share"),
    [
        (0, 5, "good", 0.0),
        (1, 3, "good", 25.0),  # 25% is still green
        (7, 19, "ok", 26.9),
        (3, 7, "ok", 30.0),  # 30% is still orange
        (31, 69, "bad", 31.0),
        (1, 2, "bad", 33.3),
    ],
)
def test_sentence_length_boundaries(n_long: int, n_short: int, status: str, share: float) -> None:
    check = sentence_length(parse(sentences(n_long, n_short)))
    assert (check["value"], check["status"]) == (share, status)


def test_long_sentence_spans_point_at_the_sentence() -> None:
    html = sentences(1, 4)
    check = sentence_length(parse(html))
    (start, end), *_ = check["spans"]
    assert plain_text(html)[start:end].startswith("This sentence has many more words")
    assert plain_text(html)[start:end].endswith("today.")


@pytest.mark.parametrize(
    ("words", "status"), [(150, "good"), (151, "ok"), (200, "ok"), (201, "bad")]
)
def test_paragraph_length_boundaries(words: int, status: str) -> None:
    check = paragraph_length(parse("<p>" + "word " * words + "</p><p>Short one.</p>"))
    assert (check["value"], check["status"]) == (words, status)


def test_headings_are_sentences_and_not_paragraphs() -> None:
    doc = parse("<h2>A heading without a stop</h2><p>One sentence here. Another one there.</p>")
    assert [s.text for s in doc.sentences] == [
        "A heading without a stop",
        "One sentence here.",
        "Another one there.",
    ]
    assert [p.text for p in doc.paragraphs] == ["One sentence here. Another one there."]


def section(words: int) -> str:
    return "<p>" + "word " * words + "</p>"


@pytest.mark.parametrize(
    ("html", "status"),
    [
        (section(300), "good"),  # short enough without subheadings
        (section(301), "bad"),  # long and no subheadings (Yoast: 2)
        ("<h2>A</h2>" + section(300) + "<h2>B</h2>" + section(100), "good"),
        ("<h2>A</h2>" + section(301) + "<h2>B</h2>" + section(100), "ok"),
        ("<h2>A</h2>" + section(350) + "<h2>B</h2>" + section(100), "ok"),
        ("<h2>A</h2>" + section(351) + "<h2>B</h2>" + section(100), "bad"),
        (section(351) + "<h2>B</h2>" + section(100), "bad"),  # text before the 1st subheading
    ],
)
def test_subheading_distribution_boundaries(html: str, status: str) -> None:
    assert subheading_distribution(parse(html))["status"] == status


def test_passive_voice_detection() -> None:
    doc = parse(
        "<p>The skin is punctured by fine needles. Collagen was often produced. "
        "The clinic treats patients. Results were seen. We need rest.</p>"
    )
    flags = [is_passive(s) for s in doc.sentences]
    assert flags == [True, True, False, True, False]


@pytest.mark.parametrize(
    ("passive", "active", "status"), [(1, 9, "good"), (3, 17, "ok"), (16, 84, "bad")]
)
def test_passive_voice_boundaries(passive: int, active: int, status: str) -> None:
    # 10% green, 15% orange, 16% red.
    html = "<p>" + "The skin was treated. " * passive + "We treat the skin. " * active + "</p>"
    assert passive_voice(parse(html))["status"] == status


def tw_text(with_tw: int, without: int) -> str:
    # Vary the beginnings so the consecutive-sentence check stays out of the way.
    a = ["However the skin heals well today.", "Therefore the skin heals well today."]
    b = ["Skin heals well over some days.", "Needles make small channels in skin."]
    parts = [a[i % 2] for i in range(with_tw)] + [b[i % 2] for i in range(without)]
    return "<p>" + " ".join(parts) + "</p>"


@pytest.mark.parametrize(
    ("tw", "other", "status"), [(15, 35, "good"), (10, 40, "ok"), (9, 41, "bad")]
)
def test_transition_words_boundaries(tw: int, other: int, status: str) -> None:
    # 30% green; 20% orange; 18% red (texts of 300+ words).
    check = transition_words(parse(tw_text(tw, other)))
    assert check["status"] == status


def test_transition_words_not_judged_under_200_words() -> None:
    check = transition_words(parse(tw_text(0, 10)))
    # Yoast 3.6.0 gives a short text a green light (score 9), counted in its aggregate.
    assert (check["score"], check["status"]) == (9, "good")
    assert "not judged" in check["message"]


def test_three_sentences_with_the_same_beginning_are_flagged() -> None:
    two = consecutive_sentences(parse("<p>Needles help. Needles heal. Skin glows.</p>"))
    three = consecutive_sentences(
        parse("<p>Needles help. Needles heal. Needles hurt. Skin glows.</p>")
    )
    assert two["status"] == "good"
    assert three["status"] == "bad" and three["value"] == 3
    # "The" is skipped: "The skin…", "The needles…" start differently.
    articles = consecutive_sentences(
        parse("<p>The skin heals. The needles help. The skin glows.</p>")
    )
    assert articles["status"] == "good"


def test_list_items_are_left_out_of_consecutive_sentences() -> None:
    # As yoastseo 3.6.0 judges it (checked live): bullets starting alike are not flagged,
    # and a run of paragraphs goes on across a list between them.
    bullets = "<ul><li>do not scratch</li><li>do not share towels</li><li>do not walk</li></ul>"
    assert consecutive_sentences(parse(bullets))["status"] == "good"
    around = "<p>Do this. Do that.</p><ul><li>Do more.</li></ul><p>Do it again.</p>"
    assert consecutive_sentences(parse(around))["status"] == "bad"


def test_transitions_and_passives_as_yoast_judges_them() -> None:
    # Each checked live against yoastseo 3.6.0.
    def transition(text: str) -> bool:
        return has_transition(parse(f"<p>{text}</p>").counted[0])

    def passive(text: str) -> bool:
        return is_passive(parse(f"<p>{text}</p>").counted[0])

    assert transition("It is either red or blue.") and not transition("Take either one.")
    assert transition("It is both red and blue.") and not transition("Both of them came.")
    assert transition("It shows whether it works.") and transition("It is red, of course.")
    assert not transition("This means it is red.")
    assert passive("Water loss (TEWL) was measured with a device.")
    assert not passive("It was verified.") and passive("It was identified.")


def test_syllables_come_from_the_spelling_as_yoast_counts_them() -> None:
    assert syl.count("area") == 2 and syl.count("acne") == 1  # Yoast's, not the dictionary's
    assert syl.count("make") == 1 and syl.count("needle") == 2 and syl.count("visible") == 3
    assert syl.count("formed") == 1 and syl.count("stated") == 2 and syl.count("nurses") == 2
    assert syl.count("bacteria") == 4 and syl.count("likely") == 2
    assert syl.count("flare-ups") == 3  # a hyphenated word is one word
    assert syl.count("SPF") == 0 and syl.count("1990s") == 0


def test_clinical_words_count_like_yoast() -> None:
    assert syl.count("microneedling") == 4  # pyphen's fallback says 2
    assert syl.count("collagen") == 3
    assert syl.count("inflammation") == 4
    assert syl.count("dermaroller") == 4
    assert syl.count("post-microneedling") == 5


def test_flesch_strips_numbers() -> None:
    doc = parse("<p>Wait 24 hours before 2 sessions.</p>")
    words, sentences, _ = flesch_counts(doc)
    assert (words, sentences) == (4, 1)


def test_flesch_reading_ease_bands() -> None:
    easy = score_document("<p>" + "The cat sat on the mat. " * 10 + "</p>")
    hard = score_document(
        "<p>" + "Microneedling induces controlled inflammatory responses, "
        "stimulating collagen biosynthesis. " * 4 + "</p>"
    )
    assert by_id(easy, "flesch_reading_ease")["status"] == "good"
    assert by_id(hard, "flesch_reading_ease")["status"] == "bad"
    assert easy["readability"]["flesch_reading_ease"] > 90


def test_grade_level_uses_the_configured_target() -> None:
    html = "<p>" + "Microneedling makes tiny wounds that help the skin heal itself. " * 8 + "</p>"
    strict = score_document(html, thresholds=ScoringConfig(grade_target=3))
    lenient = score_document(html, thresholds=ScoringConfig(grade_target=14))
    assert by_id(strict, "grade_level")["status"] == "bad"
    assert by_id(lenient, "grade_level")["status"] == "good"


def test_readability_aggregator_follows_yoast() -> None:
    def results(*statuses_scores: int) -> list[dict]:
        return [{"kind": "readability", "score": s} for s in statuses_scores]

    assert readability_score(results(9, 9, 9, 9)) == 90
    assert readability_score(results(9, 6, 6)) == 90  # penalty 4 is not > 4
    assert readability_score(results(3, 6, 9)) == 60  # penalty 5
    assert readability_score(results(3, 3, 9)) == 60  # penalty 6
    assert readability_score(results(3, 3, 6)) == 30  # penalty 8
    assert readability_score(results(9)) == 0  # one valid result: not available


def test_seed_article_readability_matches_yoast() -> None:
    # Yoast 3.6.0 on the seed (benchmarks/yoast): every readability result as below, and
    # Flesch 18.5; overall 90.
    result = score_document(SEED.read_text(), fmt="text")
    statuses = {c["id"]: c["status"] for c in result["checks"] if c["kind"] == "readability"}
    assert statuses["sentence_length"] == "good"
    assert statuses["transition_words"] == "ok"
    assert statuses["passive_voice"] == "good"
    assert result["scores"]["readability"] == 90
    assert abs(result["readability"]["flesch_reading_ease"] - 18.5) < 2


def test_scoring_works_offline_without_nltk() -> None:
    # A fresh interpreter with NLTK pointed at an empty data dir and every proxy pointed at a
    # closed port: textstat 0.7.13 would try nltk.download() and raise LookupError.
    code = (
        "import sys, socket\n"
        "def no_net(*a, **k): raise OSError('network used')\n"
        "socket.socket.connect = no_net\n"
        "socket.create_connection = no_net\n"
        "from clinicseo.scoring import score_document\n"
        "r = score_document('<p>Microneedling makes tiny wounds. The skin heals and grows "
        "collagen over several weeks.</p>')\n"
        "assert r['readability']['smog_index'] >= 0 and r['readability']['dale_chall'] > 0\n"
        "assert 'nltk' not in sys.modules, 'nltk imported'\n"
        "print('ok')\n"
    )
    env = {**os.environ, "NLTK_DATA": "/nonexistent", "HTTPS_PROXY": "http://127.0.0.1:9"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_real_nltk_import_still_works_after_scoring() -> None:
    code = (
        "from clinicseo.scoring import score_document\n"
        "score_document('<p>Hello there, this is a sentence.</p>')\n"
        "import nltk\n"
        "assert hasattr(nltk, 'download')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
