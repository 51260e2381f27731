"""Topic grouping, ranking, briefs and gaps on page dicts (no crawl needed)."""

from __future__ import annotations

import csv
import io
import json
import random
from typing import Any

import pytest

from clinicseo import store
from clinicseo.topics import compute_topics, format_topics, phrases, refresh_topics, stem


def page(site: str, url: str, **fields: Any) -> dict[str, Any]:
    base = {
        "site": site,
        "url": url,
        "status": 200,
        "title": "",
        "h1": [],
        "h2": [],
        "h3": [],
        "questions": [],
        "keyphrases": [],
        "word_count": 500,
    }
    return {**base, **fields}


PAGES = [
    page(
        "alpha",
        "https://alpha.example/peels/",
        title="Chemical Peels | Alpha Clinic",
        h2=["Chemical peel aftercare", "Do chemical peels hurt?"],
        word_count=800,
        questions=["Do chemical peels hurt?"],
        keyphrases=["lactic acid"],
    ),
    page(
        "beta",
        "https://beta.example/peel-guide/",
        h1=["A chemical peel guide"],
        h2=["Recovery"],
        h3=["Chemical peel downtime"],
        word_count=1200,
        questions=["How long does a chemical peel last?"],
    ),
    page(
        "beta",
        "https://beta.example/rosacea/",
        h1=["Rosacea triggers"],
        h2=["Diet"],
        word_count=600,
        keyphrases=["rosacea triggers", "red wine"],
    ),
    page("alpha", "https://alpha.example/led/", keyphrases=["led therapy"], word_count=300),
    page("alpha", "https://alpha.example/led-2/", keyphrases=["led therapy"], word_count=300),
]
OURS = [page("ours", "https://clinic.example/rosacea/", title="Rosacea triggers explained")]


def by_key(topics: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {t["key"]: t for t in topics}


def test_plurals_and_case_fold_into_one_key() -> None:
    assert stem("scars") == "scar" and stem("therapies") == "therapy" and stem("glass") == "glass"
    assert phrases("Acne Scars? Let's Help") == [["acne", "scars"]]
    topics = by_key(compute_topics(PAGES, []))
    assert topics["chemical peel"]["label"] == "chemical peel"  # the commonest surface form
    assert topics["chemical peel"]["competitors"] == ["alpha", "beta"]


def test_ranking_counts_competitors_first_then_prominence() -> None:
    topics = compute_topics(PAGES, [])
    keys = [t["key"] for t in topics]
    assert keys[0] == "chemical peel"
    peel = topics[0]
    # 2 competitors x 10 + title 3 (alpha) + h1 3 (beta)
    assert peel["score"] == 26.0
    rosacea = by_key(topics)["rosacea trigger"]
    assert rosacea["score"] == 10 + 3  # one competitor, in an h1
    led = by_key(topics)["led therapy"]
    assert led["score"] == 10 + 1 + 1  # body keyphrase on two pages
    assert "red wine" not in keys  # one keyphrase on one page: below MIN_PROMINENCE
    assert keys.index("chemical peel") < keys.index("rosacea trigger") < keys.index("led therapy")


def test_evidence_questions_and_brief() -> None:
    peel = by_key(compute_topics(PAGES, []))["chemical peel"]
    assert peel["evidence"] == [
        {"url": "https://alpha.example/peels/", "site": "alpha", "where": "title"},
        {"url": "https://beta.example/peel-guide/", "site": "beta", "where": "h1"},
    ]
    assert peel["questions"] == [
        "Do chemical peels hurt?",
        "How long does a chemical peel last?",
    ]
    assert peel["brief"]["pages"] == 2
    assert peel["brief"]["word_count"]["median"] == 1000
    assert peel["brief"]["word_count"]["min"] == 800
    assert peel["brief"]["headings"]["median"] == 2


def test_covered_by_us_is_a_lexical_match_on_our_titles_and_headings() -> None:
    topics = by_key(compute_topics(PAGES, OURS))
    assert topics["rosacea trigger"]["covered_by_us"] is True
    assert "rosacea" not in topics  # only ever inside "rosacea triggers" here
    assert topics["chemical peel"]["covered_by_us"] is False


def test_ranking_is_deterministic_whatever_the_page_order() -> None:
    first = compute_topics(PAGES, OURS)
    shuffled = PAGES[:]
    random.Random(7).shuffle(shuffled)
    assert compute_topics(shuffled, OURS) == first


def test_a_shorter_term_on_exactly_the_same_pages_is_dropped() -> None:
    keys = set(by_key(compute_topics(PAGES, [])))
    assert "led therapy" in keys
    assert "led" not in keys and "therapy" not in keys  # only ever inside "led therapy"


def test_noindex_pages_and_brand_words_are_left_out() -> None:
    pages = [
        page("gamma", f"https://gamma.example/{i}/", title=f"{t} | Gamma Skin Journal")
        for i, t in enumerate(["Peel basics", "Rosacea triggers", "Laser facts", "Acne scars"])
    ]
    pages.append(
        page(
            "gamma",
            "https://gamma.example/draft/",
            h1=["Secret launch plans"],
            robots="noindex, nofollow",
        )
    )
    keys = set(by_key(compute_topics(pages + PAGES, [])))
    assert "rosacea trigger" in keys
    assert not any("gamma" in k or "journal" in k for k in keys)
    assert "secret launch plan" not in keys and "launch" not in keys


def test_refresh_topics_stores_the_ranking(tmp_path: Any) -> None:
    conn = store.connect(tmp_path / "t.db")
    for p in PAGES:
        store.save_page(conn, None, p)
    store.save_page(conn, None, OURS[0], is_own=True)
    topics = refresh_topics(conn)
    stored = store.list_topics(conn)
    assert [t["key"] for t in stored] == [t["key"] for t in topics]
    gaps = {t["key"] for t in store.list_topics(conn, gaps_only=True)}
    assert "chemical peel" in gaps and "rosacea trigger" not in gaps


def test_formats() -> None:
    topics = compute_topics(PAGES, OURS)
    assert json.loads(format_topics(topics, "json")) == topics
    rows = list(csv.DictReader(io.StringIO(format_topics(topics, "csv"))))
    assert rows[0]["key"] == "chemical peel" and rows[0]["competitors"] == "alpha;beta"
    assert rows[0]["covered_by_us"] == "no"
    table = format_topics(topics, "table")
    assert "chemical peel" in table and "https://alpha.example/peels/" not in table
    gaps = format_topics(topics, "table", gaps=True)
    assert "https://alpha.example/peels/" in gaps and "asks: Do chemical peels hurt?" in gaps
    with pytest.raises(ValueError, match="xml"):
        format_topics(topics, "xml")
