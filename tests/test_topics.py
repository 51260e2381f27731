"""Topic grouping, ranking, briefs and gaps: on page dicts, and on the test sites' real pages
(extracted from their saved HTML, no crawl needed)."""

from __future__ import annotations

import csv
import io
import json
import random
from typing import Any

import pytest
from click.testing import CliRunner

from clinicseo import store
from clinicseo.cli import cli
from clinicseo.topic_terms import grams, phrases, run_keys, stem
from clinicseo.topics import compute_topics, format_topics, refresh_topics
from scrapers.extract import page_from_html
from tests.fixtures.sites import SITES


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
        h3=["Chemical peel strengths"],
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


# --- the test sites' real pages ---------------------------------------------------------------


def site_pages(site: str) -> list[dict[str, Any]]:
    """Every page of a test site, extracted the way a crawl does (robots-disallowed /private/
    left out, as the crawl leaves it out)."""
    out = []
    for html in sorted((SITES / site).rglob("index.html")):
        rel = html.parent.relative_to(SITES / site).as_posix()
        if rel.startswith("private"):
            continue
        url = f"https://{site}.example/" + ("" if rel == "." else rel + "/")
        out.append(page_from_html(url, html.read_bytes(), site=site))
    return out


@pytest.fixture(scope="module")
def site_topics() -> dict[str, dict[str, Any]]:
    competitors = site_pages("competitor-a") + site_pages("competitor-b")
    return by_key(compute_topics(competitors, site_pages("ours")))


def test_real_pages_rank_the_topics_a_marketer_would_list(site_topics: Any) -> None:
    ranked = sorted(site_topics.values(), key=lambda t: -t["score"])
    top = [t["key"] for t in ranked[:8]]
    for key in ("microneedling", "rosacea", "chemical peel", "acne scar", "aftercare"):
        assert key in top
    for key in ("microneedling aftercare", "rosacea trigger", "sensitive skin"):
        assert key in site_topics
    assert site_topics["acne scar"]["label"] == "acne scars"
    assert site_topics["chemical peel"]["competitors"] == ["competitor-a", "competitor-b"]


def test_near_duplicates_are_one_topic(site_topics: Any) -> None:
    # "peel", "peeling", "chemical peels hurt" -> chemical peel; "scars", "acne scarring",
    # "scarring", "acne scar treatment" -> acne scar
    for key in ("peel", "peeling", "chemical peels hurt", "scar", "scarring", "acne scarring"):
        assert key not in site_topics
    assert "acne scar treatment" not in site_topics
    assert "acne scar treatments" in site_topics["acne scar"]["brief"]["variants"]
    peel = site_topics["chemical peel"]
    assert "How long does peeling last after a chemical peel?" in peel["questions"]
    assert "Do chemical peels hurt?" in peel["questions"]
    urls = {e["url"] for e in peel["evidence"]}
    assert "https://competitor-a.example/blog/chemical-peels/" in urls
    assert "https://competitor-b.example/articles/acne-scar-treatments/" in urls


JUNK = [
    "calm",
    "guesswork",
    "track",
    "call",
    "combine",
    "fine",
    "happens",
    "hours",
    "keeping",
    "rest",
    "suit",
    "testing",
    "treated",
    "twenty",
    "drinks",
    "signs",
    "food",
    "repair",
    "removed",
    "session",
]


def test_generic_words_taglines_and_site_furniture_are_not_topics(site_topics: Any) -> None:
    for word in JUNK:
        assert word not in site_topics, word
    for key in site_topics:
        for furniture in (
            "frequently asked",
            "skin studio",
            "clear skin",
            "glowhaven",
            "riverbend",
        ):
            assert furniture not in key, key
    # single words left are clinic terms or in two competitors' headings
    assert {k for k in site_topics if " " not in k} <= {
        "microneedling",
        "rosacea",
        "aftercare",
        "recovery",
        "redness",
        "downtime",
        "subcision",
    }


def test_topics_that_mean_the_same_are_one_topic(site_topics: Any) -> None:
    # competitors write "recovery" and "downtime"; our blog writes "aftercare": one topic,
    # covered, with the wordings it grouped shown (topic_vocab.toml [meanings])
    for key in ("recovery", "downtime", "microneedling recovery"):
        assert key not in site_topics
    aftercare = site_topics["aftercare"]
    assert aftercare["label"] == "recovery"  # the wording competitors use most
    assert {"aftercare", "downtime"} <= set(aftercare["brief"]["same_meaning"])
    assert aftercare["covered_by_us"] is True
    assert site_topics["microneedling aftercare"]["label"] == "microneedling recovery"
    assert site_topics["acne scar"]["brief"]["same_meaning"] == []  # a plural is not a meaning
    assert phrases("Skin needling, or collagen induction therapy") == [
        ["microneedling"], ["microneedling"]]


def test_gaps_use_the_same_folding_on_our_pages(site_topics: Any) -> None:
    # ours: "Microneedling for acne scars", "Microneedling aftercare", "The skin barrier"
    assert site_topics["acne scar"]["covered_by_us"] is True
    assert site_topics["microneedling aftercare"]["covered_by_us"] is True
    assert site_topics["chemical peel"]["covered_by_us"] is False
    assert site_topics["rosacea"]["covered_by_us"] is False


def test_folding_and_noun_phrases() -> None:
    assert stem("scarring") == "scar" and stem("peeling") == "peel"
    assert stem("microneedling") == "microneedling" and stem("micro-needling") == "microneedling"
    assert phrases("Do chemical peels hurt?") == [["chemical", "peels"]]
    assert phrases("Treatments that calm redness") == [["treatments"], ["redness"]]
    assert phrases("Can acne scars be removed completely?") == [["acne", "scars"]]
    assert phrases("Keeping a trigger diary") == [["trigger", "diary"]]


def test_the_table_shows_the_top_n_and_says_how_many_more(site_topics: Any) -> None:
    topics = sorted(site_topics.values(), key=lambda t: -t["score"])
    table = format_topics(topics, "table", limit=3)
    assert len(table.splitlines()) == 1 + 3 + 1
    assert (
        table.splitlines()[-1]
        == f"... and {len(topics) - 3} more topics (--limit 0 shows them all)"
    )
    assert "more topics" not in format_topics(topics, "table", limit=len(topics))
    assert len(json.loads(format_topics(topics, "json"))) == len(topics)


def save_site_pages(conn: Any) -> None:
    """The test sites' pages stored as a crawl stores them: both competitors and our blog."""
    for p in site_pages("competitor-a") + site_pages("competitor-b"):
        store.save_page(conn, None, p)
    for p in site_pages("ours"):
        store.save_page(conn, None, p, is_own=True)


def test_cli_topics_limit(tmp_path: Any, make_config: Any) -> None:
    config = make_config()
    conn = store.connect(config.database.path)
    save_site_pages(conn)
    total = len(refresh_topics(conn))
    conn.close()
    path = str(tmp_path / "clinic.toml")
    run = CliRunner().invoke
    table = run(cli, ["topics", "--config", path, "--limit", "2"]).output.splitlines()
    assert len(table) == 4 and table[-1].startswith(f"... and {total - 2} more")
    rows = json.loads(run(cli, ["topics", "--config", path, "--format", "json"]).output)
    assert len(rows) == total  # json and csv: all unless --limit is given
    assert (
        len(run(cli, ["topics", "--config", path, "--limit", "0"]).output.splitlines()) == total + 1
    )


def test_keyphrase_keys_follow_the_topic_rules() -> None:
    text = "Keeping calm: acne scarring after chemical peels, the damaged skin barrier and LED"
    for run in phrases(text):
        slow = [" ".join(stem(w) for w in run[i : i + n]) for i, n in grams(run)]
        assert run_keys(run) == slow
