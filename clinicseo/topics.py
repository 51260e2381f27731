"""Competitor topics: group headings and keyphrases across competitor pages, rank, find gaps.

Everything here is lexical and deterministic, so a marketer can check any number by hand.

* **Pages.** Competitor pages marked ``noindex`` (drafts, previews) are left out.
* **Terms.** Each page's title (site suffix dropped), h1/h2/h3, questions and YAKE keyphrases
  are cut at stopwords and punctuation; every run of 1-3 remaining words is a candidate.
  Words are lower-cased and plurals folded (``scars`` -> ``scar``), so "Acne Scars" and
  "acne scar" are one topic, keyed ``"acne scar"``. Generic one-word terms ("skin",
  "treatment") are dropped, and so is any term with a word found in the titles of at least
  half of that competitor's pages (its brand: "Glowhaven Journal").
* **Ranking.** ``score = 10 x competitors covering it + prominence``, where prominence adds,
  per page, the weight of the best place the term appears: title or h1 3, h2 or question 2,
  h3 1.5, body keyphrase 1. A topic needs prominence of at least 2 (one h2, or two pages).
  Ties: more competitors, then the key alphabetically. A shorter term found on exactly the
  same pages as a longer one containing it is dropped (the longer one says more).
* **Brief.** Over the topic's competitor pages: median and spread (25th-75th percentile,
  min, max) of main-text word count and of heading count (h2 + h3).
* **Gaps.** ``covered_by_us`` is true when the topic's words appear, in order, in a title,
  heading or keyphrase of one of our own pages.

``compute_topics`` returns the dicts ``store.replace_topics`` takes; ``refresh_topics`` reads
the pages from the database, computes and stores. ``format_topics`` renders table/json/csv.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from clinicseo import store

MAX_TOPICS = 200
MIN_PROMINENCE = 2.0
SITE_POINTS = 10.0
WEIGHTS = {"title": 3.0, "h1": 3.0, "h2": 2.0, "question": 2.0, "h3": 1.5, "keyphrase": 1.0}

STOPWORDS_TEXT = """a about above after again against all also am an and any are aren't as at be
    because been before being below between both but by can can't cannot could did do does
    doing don't
    down during each even ever every few for from further get gets getting got had has have
    having he her here hers how i if in into is isn't it it's its itself just let's like may
    me might more most much must my no nor not now of off on once one only or other our ours
    out over own per really same she should so some such than that that's the their theirs
    them then there these they this those through to too under until up upon us very was we
    were what what's when where which while who whom why will with within without would you
    your yours yourself actually always never often usually still well back way ways new
    vs versus help helps let lets know need needs make makes made use used using want
    things thing part day days week weeks first next last plain explained guide guides
    right best real really simple basics tips step steps look looks like feel feels common
    long many several two three four five six seven eight nine ten dos don'ts"""
STOPWORDS = frozenset(STOPWORDS_TEXT.split())
# Words too general to be a topic on their own (still fine inside a longer term).
GENERIC_TEXT = """skin treatment treatments clinic clinics care face facial session sessions result
    results option options type types people person patient patients doctor nurse home
    blog article articles journal page home question questions answer answers time times
    year years month months work works expect expectations consultation cost price"""
GENERIC = frozenset(GENERIC_TEXT.split())
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_BREAK = re.compile(r"[^\w\s'\-]+")  # punctuation ends a phrase
_SITE_SUFFIX = re.compile(r"\s+[|\u2013\u2014-]\s+[^|\u2013\u2014]+$")


def stem(word: str) -> str:
    """Fold plurals: scars -> scar, therapies -> therapy, glasses -> glass."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is", "'s")):
        return word[:-2] if word.endswith("'s") else word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def phrases(text: str) -> list[list[str]]:
    """Runs of content words (stopwords and punctuation cut), lower-cased, unstemmed."""
    out: list[list[str]] = []
    for chunk in _BREAK.split(text.lower().replace("\u2019", "'")):
        run: list[str] = []
        for word in _WORD.findall(chunk):
            if word in STOPWORDS or word.isdigit():
                if run:
                    out.append(run)
                run = []
            else:
                run.append(word)
        if run:
            out.append(run)
    return out


def candidates(text: str, max_words: int = 3) -> Iterable[tuple[str, str]]:
    """(key, surface form) for every 1..max_words run inside the text's phrases."""
    for run in phrases(text):
        for n in range(1, min(max_words, len(run)) + 1):
            for i in range(len(run) - n + 1):
                gram = run[i : i + n]
                if n == 1 and (gram[0] in GENERIC or len(gram[0]) < 3):
                    continue
                yield " ".join(stem(w) for w in gram), " ".join(gram)


def page_terms(page: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(where, key, surface) for a page's title, headings, questions and keyphrases."""
    out: list[tuple[str, str, str]] = []
    title = _SITE_SUFFIX.sub("", page.get("title") or "")
    sources: list[tuple[str, Sequence[str]]] = [
        ("title", [title] if title else []),
        ("h1", page.get("h1") or []),
        ("h2", page.get("h2") or []),
        ("h3", page.get("h3") or []),
        ("question", page.get("questions") or []),
        ("keyphrase", page.get("keyphrases") or []),
    ]
    for where, texts in sources:
        for text in texts:
            out += [(where, key, surface) for key, surface in candidates(text)]
    return out


def _noindex(page: dict[str, Any]) -> bool:
    return "noindex" in (page.get("robots") or "").lower()


def brand_words(pages: list[dict[str, Any]]) -> dict[str, set[str]]:
    """{site: words in the titles of at least half its pages (3 or more)}: the site's name
    ("Glowhaven Journal"), which says nothing about a topic."""
    titles: dict[str, list[set[str]]] = defaultdict(list)
    for page in pages:
        words = {stem(w) for run in phrases(page.get("title") or "") for w in run}
        titles[page["site"]].append(words)
    out: dict[str, set[str]] = {}
    for site, sets in titles.items():
        if len(sets) < 3:
            continue
        counts = Counter(w for words in sets for w in words)
        out[site] = {w for w, n in counts.items() if n * 2 >= len(sets)}
    return out


def _spread(values: list[int]) -> dict[str, float | int | None]:
    if not values:
        return {"median": None, "p25": None, "p75": None, "min": None, "max": None}
    values = sorted(values)
    if len(values) >= 2:
        q1, _q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    else:
        q1 = q3 = values[0]
    return {
        "median": statistics.median(values),
        "p25": q1,
        "p75": q3,
        "min": values[0],
        "max": values[-1],
    }


def _covered_sequences(own_pages: list[dict[str, Any]]) -> list[list[str]]:
    seqs: list[list[str]] = []
    for page in own_pages:
        texts = [page.get("title") or ""] + [
            t for k in ("h1", "h2", "h3", "keyphrases", "questions") for t in page.get(k) or []
        ]
        for text in texts:
            seqs += [[stem(w) for w in run] for run in phrases(text)]
    return seqs


def _contains(seq: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(seq[i : i + n] == part for i in range(len(seq) - n + 1))


def compute_topics(
    competitor_pages: list[dict[str, Any]], own_pages: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Ranked topics (best first) in the shape ``store.replace_topics`` takes."""
    best: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)  # key -> url -> (w, where)
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    competitor_pages = [p for p in competitor_pages if not _noindex(p)]
    by_url = {p["url"]: p for p in competitor_pages}
    brands = brand_words(competitor_pages)
    for page in competitor_pages:
        for where, key, surface in page_terms(page):
            if brands.get(page["site"], set()) & set(key.split()):
                continue
            surfaces[key][surface] += 1
            weight = WEIGHTS[where]
            if weight > best[key].get(page["url"], (0.0, ""))[0]:
                best[key][page["url"]] = (weight, where)
    scored = []
    for key, pages in best.items():
        prominence = sum(w for w, _ in pages.values())
        if prominence < MIN_PROMINENCE:
            continue
        sites = sorted({by_url[u]["site"] for u in pages})
        scored.append((key, round(SITE_POINTS * len(sites) + prominence, 2), sites))
    keep = _drop_subsumed(scored, best)
    own = _covered_sequences(own_pages)
    topics = [
        _topic(key, score, sites, best[key], surfaces[key], by_url, own)
        for key, score, sites in keep
    ]
    topics.sort(key=lambda t: (-t["score"], -len(t["competitors"]), t["key"]))
    return topics[:MAX_TOPICS]


def _drop_subsumed(
    scored: list[tuple[str, float, list[str]]], best: dict[str, dict[str, tuple[float, str]]]
) -> list[tuple[str, float, list[str]]]:
    """Drop a term found on exactly the pages of a longer term that contains it."""
    keys = {k for k, _, _ in scored}
    kept = []
    for key, score, sites in scored:
        words = key.split()
        subsumed = any(
            other != key
            and len(other.split()) > len(words)
            and _contains(other.split(), words)
            and set(best[other]) == set(best[key])
            for other in keys
        )
        if not subsumed:
            kept.append((key, score, sites))
    return kept


def _topic(
    key: str,
    score: float,
    sites: list[str],
    pages: dict[str, tuple[float, str]],
    surfaces: Counter[str],
    by_url: dict[str, dict[str, Any]],
    own: list[list[str]],
) -> dict[str, Any]:
    label = sorted(surfaces.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0][0]
    ranked = sorted(pages.items(), key=lambda kv: (-kv[1][0], by_url[kv[0]]["site"], kv[0]))
    evidence = [{"url": u, "site": by_url[u]["site"], "where": where} for u, (_, where) in ranked]
    words = key.split()
    questions: Counter[str] = Counter()
    for url in pages:
        for q in by_url[url].get("questions") or []:
            stems = [stem(w) for run in phrases(q) for w in run]
            if all(w in stems for w in words):
                questions[q] += 1
    page_list = [by_url[u] for u in pages]
    brief = {
        "pages": len(page_list),
        "word_count": _spread([p["word_count"] for p in page_list if p.get("word_count")]),
        "headings": _spread([len(p.get("h2") or []) + len(p.get("h3") or []) for p in page_list]),
    }
    return {
        "key": key,
        "label": label,
        "score": score,
        "competitors": sites,
        "evidence": evidence,
        "questions": [q for q, _ in sorted(questions.items(), key=lambda kv: (-kv[1], kv[0]))][:8],
        "brief": brief,
        "covered_by_us": any(_contains(seq, words) for seq in own),
    }


def refresh_topics(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Recompute the ranking from every stored page and swap it in. Returns the topics."""
    competitor = [p for p in store.list_pages(conn, own=False) if p.get("status") in (200, None)]
    own = store.list_pages(conn, own=True)
    topics = compute_topics(competitor, own)
    store.replace_topics(conn, topics)
    return topics


# --- output ---------------------------------------------------------------------------------

CSV_FIELDS = (
    "rank",
    "key",
    "label",
    "score",
    "competitors",
    "pages",
    "covered_by_us",
    "word_count_median",
    "headings_median",
    "questions",
    "evidence",
)


def format_topics(topics: list[dict[str, Any]], fmt: str = "table", *, gaps: bool = False) -> str:
    """Render topics as ``table`` (with each topic's competitor pages when `gaps`), ``json``
    or ``csv``. Raises ValueError for another format."""
    if fmt == "json":
        return json.dumps(topics, indent=2, ensure_ascii=False)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(CSV_FIELDS)
        for rank, t in enumerate(topics, 1):
            brief = t.get("brief") or {}
            writer.writerow(
                [
                    rank,
                    t["key"],
                    t["label"],
                    t["score"],
                    ";".join(t.get("competitors", [])),
                    brief.get("pages", len(t.get("evidence", []))),
                    "yes" if t.get("covered_by_us") else "no",
                    (brief.get("word_count") or {}).get("median"),
                    (brief.get("headings") or {}).get("median"),
                    " | ".join(t.get("questions", [])),
                    " ".join(e["url"] for e in t.get("evidence", [])),
                ]
            )
        return buf.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown topics format {fmt!r}: expected table, json or csv")
    width = max([len(t["label"]) for t in topics] + [5])
    lines = [f"{'#':>3}  {'topic':<{width}}  {'score':>6}  sites  ours  words  headings"]
    for rank, t in enumerate(topics, 1):
        brief = t.get("brief") or {}
        words = (brief.get("word_count") or {}).get("median")
        heads = (brief.get("headings") or {}).get("median")
        lines.append(
            f"{rank:>3}  {t['label']:<{width}}  {t['score']:>6.1f}  {len(t['competitors']):>5}  "
            f"{'yes' if t.get('covered_by_us') else 'no':>4}  {_num(words):>5}  {_num(heads):>8}"
        )
        if gaps:
            for e in t.get("evidence", []):
                lines.append(f"       {e['site']}  {e['where']:<9} {e['url']}")
            for q in t.get("questions", []):
                lines.append(f"       asks: {q}")
    return "\n".join(lines)


def _num(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if isinstance(value, float) else str(value)
