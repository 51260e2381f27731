"""Our verdicts against Yoast 3.6.0's on the calibration corpus (tests/data/calibration).

Yoast's results are stored beside the corpus (regenerate both with benchmarks/yoast/
make_corpus.py and run.py, which runs yoastseo in Node). The figures are asserted on the
held-back part only: the articles made from text that the counting was never tuned on.
"""

from __future__ import annotations

import statistics

import pytest

from benchmarks.yoast.agreement import our_lights, per_check, score_args, yoast_lights
from benchmarks.yoast.run import load_corpus, load_results
from clinicseo.scoring import score_document


@pytest.fixture(scope="module")
def held() -> list[tuple[dict, dict, dict]]:
    results = load_results()
    out = []
    for doc in load_corpus():
        if doc["split"] == "held":
            out.append((doc, score_document(doc["html"], **score_args(doc)), results[doc["id"]]))
    return out


def test_corpus_is_varied_and_has_yoasts_results() -> None:
    docs = load_corpus()
    results = load_results()
    assert len(docs) >= 150
    assert {d["id"] for d in docs} == set(results)
    assert {d["voice"] for d in docs} >= {"consumer", "encyclopedic", "marketing", "faq",
                                          "list", "headings"}  # fmt: skip
    assert {d["spelling"] for d in docs} == {"british", "american"}
    assert {d["size"] for d in docs} == {"short", "medium", "long"}
    assert 0.25 <= sum(d["split"] == "held" for d in docs) / len(docs) <= 0.4


def test_flesch_within_3_points_of_yoast_on_held_back_articles(held: list) -> None:
    diffs = [abs(ours["readability"]["flesch_reading_ease"] - max(0.0, theirs["flesch"]))
             for _, ours, theirs in held]  # fmt: skip
    # The goal is 95 %; on held-back text in the newer voices (academic abstracts,
    # leaflets, interviews) we reach 83 % (see the README): this guards against regressions.
    assert sum(d <= 3 for d in diffs) / len(diffs) >= 0.8, sorted(diffs)[-5:]
    assert statistics.median(diffs) <= 1.5


def test_traffic_lights_agree_with_yoast_on_held_back_articles(held: list) -> None:
    table = per_check([(our_lights(ours), yoast_lights(theirs)) for _, ours, theirs in held])
    agree = sum(a for a, _ in table.values())
    pairs = sum(n for _, n in table.values())
    assert agree / pairs >= 0.97, table
    for check_id, (a, n) in table.items():
        assert a / n >= 0.9, (check_id, a, n)


def test_overall_scores_match_yoast_on_most_held_back_articles(held: list) -> None:
    same = sum(ours["scores"]["readability"] == theirs["readability_score"]
               for _, ours, theirs in held)  # fmt: skip
    # Yoast's SEO aggregate goes below 0 without a keyphrase; WordPress shows that as 0.
    seo_close = sum(abs(ours["scores"]["seo"] - max(0, min(100, theirs["seo_score"]))) <= 3
                    for _, ours, theirs in held)  # fmt: skip
    assert same / len(held) >= 0.9
    assert seo_close / len(held) >= 0.9
