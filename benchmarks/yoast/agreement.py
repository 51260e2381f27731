"""Our verdicts beside Yoast's: the id map, the traffic lights, and the agreement figures.

Used by benchmarks/score.py (live, side by side with yoastseo) and by the calibration test
(against the stored yoast.jsonl). A traffic light is Yoast's rating of a result's score
(bad/ok/good), or "none" when the result is not shown (not applicable).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from clinicseo.scoring.result import rating

# Yoast 3.6.0 assessment id → our check id.
IDS = {
    "textSentenceLength": "sentence_length",
    "textParagraphTooLong": "paragraph_length",
    "subheadingsTooLong": "subheading_distribution",
    "passiveVoice": "passive_voice",
    "textTransitionWords": "transition_words",
    "sentenceBeginnings": "consecutive_sentences",
    "textPresence": "text_presence",
    "introductionKeyword": "keyphrase_in_introduction",
    "keyphraseLength": "keyphrase_length",
    "keyphraseDensity": "keyphrase_density",
    "metaDescriptionKeyword": "keyphrase_in_meta_description",
    "metaDescriptionLength": "meta_description_length",
    "subheadingsKeyword": "keyphrase_in_subheadings",
    "textCompetingLinks": "competing_links",
    "imageKeyphrase": "image_alt",
    "images": "images",
    "textLength": "text_length",
    "externalLinks": "outbound_links",
    "keyphraseInSEOTitle": "keyphrase_in_title",
    "internalLinks": "internal_links",
    "titleWidth": "title_width",
    "slugKeyword": "keyphrase_in_slug",
    "singleH1": "single_h1",
}
READABILITY = ("sentence_length", "paragraph_length", "subheading_distribution",
               "passive_voice", "transition_words", "consecutive_sentences",
               "flesch_reading_ease")  # fmt: skip
SEO = tuple(v for k, v in IDS.items() if v not in READABILITY and v != "text_presence")


def flesch_light(score: float) -> str:
    """The colour Yoast gives a Flesch figure (−1: not shown)."""
    if score < 0:
        return "none"
    return rating(9 if score >= 60 else 6 if score >= 50 else 3)


def yoast_lights(result: dict[str, Any]) -> dict[str, str]:
    lights = {ours: "none" for ours in (*READABILITY, *SEO)}
    for group in ("readability", "seo"):
        for yid, score in dict(result[group]).items():
            if yid in IDS:
                lights[IDS[yid]] = rating(score)
    flesch = result["flesch"]
    lights["flesch_reading_ease"] = flesch_light(flesch if isinstance(flesch, float | int)
                                                 else flesch["score"])  # fmt: skip
    return lights


def our_lights(result: dict[str, Any]) -> dict[str, str]:
    lights = {ours: "none" for ours in (*READABILITY, *SEO)}
    for c in result["checks"]:
        if c["id"] in lights and c.get("score") is not None:
            lights[c["id"]] = rating(c["score"])
    fre = result["readability"]["flesch_reading_ease"]
    lights["flesch_reading_ease"] = flesch_light(fre if result["words"] > 10 else -1)
    return lights


def per_check(pairs: list[tuple[dict[str, str], dict[str, str]]]) -> dict[str, tuple[int, int]]:
    """check id → (articles where the lights agree, articles)."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for ours, theirs in pairs:
        for cid in (*READABILITY, *SEO):
            out[cid][1] += 1
            out[cid][0] += ours[cid] == theirs[cid]
    return {k: (v[0], v[1]) for k, v in out.items()}


def score_args(doc: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of score_document for a corpus article (as Yoast's Paper)."""
    return {
        "keyphrase": doc.get("keyphrase") or None,
        "title": doc.get("title") or None,
        "description": doc.get("description") or None,
        "slug": doc.get("slug") or None,
        "site_url": "https://clinic.example",  # as benchmarks/yoast/run.py tells Yoast
    }
