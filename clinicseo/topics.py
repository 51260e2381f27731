"""Competitor topics: group headings and keyphrases across competitor pages, rank, find gaps.

Everything here is lexical and deterministic, so a marketer can check any number by hand.

* **Pages.** Competitor pages marked ``noindex`` (drafts, previews) and each site's home page
  (its headings are taglines: "Calm, clear skin without the guesswork") are left out.
* **Phrases.** Each page's title (site name dropped), h1/h2/h3, questions and keyphrases are
  cut into candidate phrases by the rules in :mod:`clinicseo.topic_terms`; the site's brand
  words (in the titles of at least half its pages: "Glowhaven Journal") also end a run.
* **Single words** are topics only when listed as terms in ``topic_vocab.toml`` or found in
  headings of at least two competitors (and not generic: "skin", "treatment").
* **Grouping.** A shorter phrase every occurrence of which sits inside one longer phrase joins
  it ("peel" only ever in "chemical peel"). A longer phrase found on a subset of a shorter
  phrase's pages, by fewer competitors, joins the shorter one it contains, its head noun
  first ("microneedling recovery" -> "recovery", "acne scar treatment" -> "acne scar"). The
  group is ranked as one topic; the joined phrases are listed in ``brief["variants"]``.
* **Ranking.** ``score = 10 x competitors covering it + prominence``, where prominence adds,
  per page, the weight of the best place the topic appears: title or h1 3, h2 or question 2,
  h3 1.5, body keyphrase 1. A topic needs prominence of at least 2 (one h2, or two pages).
  Ties: more competitors, then the key alphabetically.
* **Brief.** Over the topic's competitor pages: median and spread (25th-75th percentile,
  min, max) of main-text word count and of heading count (h2 + h3).
* **Gaps.** ``covered_by_us`` is true when the topic's key, folded the same way, appears in a
  title, heading, question or keyphrase of one of our own pages.

``compute_topics`` returns the dicts ``store.replace_topics`` takes; ``refresh_topics`` reads
the pages from the database, computes and stores. ``format_topics`` renders table/json/csv.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from clinicseo import store
from clinicseo.topic_terms import BUILT_IN, GENERIC, STOPWORDS, WORD, Vocabulary
from clinicseo.untrusted import csv_cell, json_text, terminal_text

MAX_TOPICS = 200
TABLE_LIMIT = 25  # rows `clinicseo topics` shows by default
MIN_PROMINENCE = 2.0
SITE_POINTS = 10.0
WEIGHTS = {"title": 3.0, "h1": 3.0, "h2": 2.0, "question": 2.0, "h3": 1.5, "keyphrase": 1.0}
HEADINGS = frozenset({"title", "h1", "h2", "h3", "question"})
_SITE_SUFFIX = re.compile(r"\s+[|\u2013\u2014-]\s+[^|\u2013\u2014]+$")


def page_sources(
    page: dict[str, Any], vocab: Vocabulary = BUILT_IN
) -> list[tuple[str, str]]:
    """(where, text) for a page's title (site name dropped), headings, questions, keyphrases;
    boilerplate headings left out."""
    title = _SITE_SUFFIX.sub("", page.get("title") or "")
    sources: list[tuple[str, Sequence[str]]] = [
        ("title", [title] if title else []),
        ("h1", page.get("h1") or []),
        ("h2", page.get("h2") or []),
        ("h3", page.get("h3") or []),
        ("question", page.get("questions") or []),
        ("keyphrase", page.get("keyphrases") or []),
    ]
    return [(where, t) for where, texts in sources for t in texts
            if not vocab.is_boilerplate(t)]


def _left_out(page: dict[str, Any]) -> bool:
    """noindex pages (drafts, previews) and home pages (taglines, not topics)."""
    return "noindex" in (page.get("robots") or "").lower() or urlsplit(page["url"]).path in (
        "",
        "/",
    )


def brand_words(
    pages: list[dict[str, Any]], vocab: Vocabulary = BUILT_IN
) -> dict[str, frozenset[str]]:
    """{site: stemmed words of the site name after "|" or a dash in at least half its titles
    (3 or more)}: "Glowhaven Journal" says nothing about a topic. Generic words and listed
    terms never count as brand words ("Northside Skin Clinic" keeps "skin barrier")."""
    titles: dict[str, list[set[str]]] = defaultdict(list)
    for page in pages:
        suffix = _SITE_SUFFIX.search(page.get("title") or "")
        found = {vocab.stem(w) for w in WORD.findall(suffix.group(0).lower())} if suffix \
            else set()
        titles[page["site"]].append(found - STOPWORDS - GENERIC - vocab.terms)
    out: dict[str, frozenset[str]] = {}
    for site, sets in titles.items():
        if len(sets) < 3:
            continue
        counts = Counter(w for found in sets for w in found)
        out[site] = frozenset(w for w, n in counts.items() if n * 2 >= len(sets))
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


def _stemmed_runs(page: dict[str, Any], vocab: Vocabulary) -> list[list[str]]:
    return [[vocab.stem(w) for w in run] for _, text in page_sources(page, vocab)
            for run in vocab.phrases(text)]


def _folded(vocab: Vocabulary, text: str) -> list[str]:
    return [vocab.stem(w) for w in WORD.findall(text)]


def _contains(seq: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(seq[i : i + n] == part for i in range(len(seq) - n + 1))


class _Tally:
    """Where each candidate key was found, and which longer keys its occurrences sit in."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        # group key -> the multi-word synonyms seen for it ("skin needling"): the phrases
        # only ever see the key they were rewritten to
        self.wordings: dict[str, set[str]] = defaultdict(set)
        self.best: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)  # url -> w
        self.surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        self.heading_pages: dict[str, set[str]] = defaultdict(set)
        self.heading_sites: dict[str, set[str]] = defaultdict(set)
        self.sites: dict[str, set[str]] = defaultdict(set)

    def add_page(self, page: dict[str, Any], brand: frozenset[str]) -> None:
        vocab = self.vocab
        for where, text in page_sources(page, vocab):
            for wording, key in vocab.wordings(text):
                if _folded(vocab, wording) != _folded(vocab, key):  # not a mere inflection
                    self.wordings[key].add(wording)
            for run in vocab.phrases(text, brand):
                stems = [vocab.stem(w) for w in run]
                for i, n in vocab.grams(run):
                    key = " ".join(stems[i : i + n])
                    self._found(page, where, key, " ".join(run[i : i + n]))

    def _found(self, page: dict[str, Any], where: str, key: str, surface: str) -> None:
        self.surfaces[key][surface] += 1
        self.sites[key].add(page["site"])
        if where in HEADINGS:
            self.heading_sites[key].add(page["site"])
            self.heading_pages[key].add(page["url"])
        weight = WEIGHTS[where]
        if weight > self.best[key].get(page["url"], (0.0, ""))[0]:
            self.best[key][page["url"]] = (weight, where)

    def is_topic(self, key: str) -> bool:
        """Phrases are; a single word only when a listed term or in 2 competitors' headings."""
        return " " in key or key in self.vocab.terms or len(self.heading_sites[key]) >= 2

    def prominence(self, key: str) -> float:
        return sum(w for w, _ in self.best[key].values())


def group_keys(tally: _Tally) -> dict[str, list[str]]:
    """{root key: its member keys, root first} after the two joining rules (module doc)."""
    keys = sorted(k for k in tally.best if tally.is_topic(k))
    known = set(keys)
    parent: dict[str, str] = {}
    containing: dict[str, list[str]] = defaultdict(list)
    for long in keys:
        words = long.split()
        for n in range(1, len(words)):
            for i in range(len(words) - n + 1):
                part = " ".join(words[i : i + n])
                if part in known and long not in containing[part]:
                    containing[part].append(long)
    for short in keys:  # rule 1: its pages are all pages of one longer phrase
        pages = tally.heading_pages[short] or set(tally.best[short])
        whole = [k for k in containing[short] if pages <= set(tally.best[k])]
        if whole:
            parent[short] = min(whole, key=lambda k: (-len(tally.best[k]), k.count(" "), k))
    for long in keys:  # rule 2: a narrower phrase joins the broader one it contains
        if long in parent or " " not in long:
            continue
        pages = set(tally.best[long])
        fits = [
            k
            for k in keys
            if k not in parent
            and k != long
            and long in containing[k]
            and pages <= set(tally.best[k])
            and len(tally.sites[long]) < len(tally.sites[k])
        ]
        if fits:
            parent[long] = min(
                fits,
                key=lambda k: (
                    not long.endswith(" " + k),  # the head noun first
                    -k.count(" "),
                    -tally.prominence(k),
                    k,
                ),
            )
    groups: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        root, seen = key, {key}
        while root in parent and parent[root] not in seen:
            root = parent[root]
            seen.add(root)
        groups[root].append(key)
    return {root: sorted(members, key=lambda k: k != root) for root, members in groups.items()}


def compute_topics(
    competitor_pages: list[dict[str, Any]],
    own_pages: list[dict[str, Any]],
    vocab: Vocabulary = BUILT_IN,
) -> list[dict[str, Any]]:
    """Ranked topics (best first) in the shape ``store.replace_topics`` takes."""
    pages = sorted((p for p in competitor_pages if not _left_out(p)), key=lambda p: p["url"])
    by_url = {p["url"]: p for p in pages}
    brands = brand_words(pages, vocab)
    tally = _Tally(vocab)
    for page in pages:
        tally.add_page(page, brands.get(page["site"], frozenset()))
    own = [run for page in own_pages for run in _stemmed_runs(page, vocab)]
    topics = []
    for root, members in group_keys(tally).items():
        best: dict[str, tuple[float, str]] = {}
        for key in members:
            for url, found in tally.best[key].items():
                if found[0] > best.get(url, (0.0, ""))[0]:
                    best[url] = found
        prominence = sum(w for w, _ in best.values())
        if prominence < MIN_PROMINENCE:
            continue
        topics.append(_topic(root, members, best, tally, by_url, own))
    topics.sort(key=lambda t: (-t["score"], -len(t["competitors"]), t["key"]))
    return topics[:MAX_TOPICS]


def _same_meaning(surfaces: Counter[str], wordings: set[str]) -> list[str]:
    """The wordings of a topic other than its label (and the multi-word synonyms seen for
    it), leaving out mere plurals."""
    def plain(text: str) -> str:
        return " ".join(w[:-1] if w.endswith("s") else w for w in text.split())

    label = plain(_label(surfaces))
    return sorted({s for s in [*surfaces, *wordings] if plain(s) != label})


def _label(surfaces: Counter[str]) -> str:
    return sorted(surfaces.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0][0]


def _topic(
    key: str,
    members: list[str],
    pages: dict[str, tuple[float, str]],
    tally: _Tally,
    by_url: dict[str, dict[str, Any]],
    own: list[list[str]],
) -> dict[str, Any]:
    sites = sorted({by_url[u]["site"] for u in pages})
    score = round(SITE_POINTS * len(sites) + sum(w for w, _ in pages.values()), 2)
    ranked = sorted(pages.items(), key=lambda kv: (-kv[1][0], by_url[kv[0]]["site"], kv[0]))
    evidence = [{"url": u, "site": by_url[u]["site"], "where": where} for u, (_, where) in ranked]
    wanted = [k.split() for k in members]
    vocab = tally.vocab
    group = vocab.group_keys.get(key, "")
    questions: Counter[str] = Counter()
    for url in pages:
        for q in by_url[url].get("questions") or []:
            stems = {vocab.stem(w) for run in vocab.phrases(q) for w in run}
            if any(all(w in stems for w in words) for words in wanted):
                questions[q] += 1
    page_list = [by_url[u] for u in pages]
    # a variant inside another listed one says nothing more ("peel results", "chemical peel
    # results"): list the longer only
    longer = [f" {k} " for k in members]
    variants = sorted(
        (k for k in members[1:] if not any(f" {k} " in o and o != f" {k} " for o in longer)),
        key=lambda k: (-tally.prominence(k), k),
    )
    brief = {
        "pages": len(page_list),
        "word_count": _spread([p["word_count"] for p in page_list if p.get("word_count")]),
        "headings": _spread([len(p.get("h2") or []) + len(p.get("h3") or []) for p in page_list]),
        "variants": [_label(tally.surfaces[k]) for k in variants],
        # the other wordings grouped into this topic by meaning ([meanings] of the vocabulary)
        "same_meaning": _same_meaning(tally.surfaces[key], tally.wordings.get(group, set())),
        # the meaning group the topic is (its key in [meanings]), and which lists made it
        "group": group,
        "group_source": vocab.group_source.get(group, "") if group else "",
        "vocabulary": {"source": vocab.source, "digest": vocab.digest},
    }
    return {
        "key": key,
        "label": _label(tally.surfaces[key]),
        "score": score,
        "competitors": sites,
        "evidence": evidence,
        "questions": [q for q, _ in sorted(questions.items(), key=lambda kv: (-kv[1], kv[0]))][:8],
        "brief": brief,
        "covered_by_us": any(_contains(seq, key.split()) for seq in own),
    }


def refresh_topics(
    conn: sqlite3.Connection, vocab: Vocabulary = BUILT_IN
) -> list[dict[str, Any]]:
    """Recompute the ranking from every stored page and swap it in. Returns the topics."""
    pages = store.list_pages(conn, own=False, shingles=False)  # the outline only
    competitor = [p for p in pages if p.get("status") in (200, None)]
    own = store.list_pages(conn, own=True, shingles=False)
    topics = compute_topics(competitor, own, vocab)
    store.replace_topics(conn, topics)
    return topics


def current_topics(
    conn: sqlite3.Connection, vocab: Vocabulary = BUILT_IN, *, gaps_only: bool = False
) -> list[dict[str, Any]]:
    """The stored topics, regrouped first when they were ranked with other word lists (the
    clinic edited its vocabulary file since the last crawl): an edit shows at once."""
    rows = store.list_topics(conn)
    if any((t.get("brief") or {}).get("vocabulary", {}).get("digest") != vocab.digest
           for t in rows):
        refresh_topics(conn, vocab)
        rows = store.list_topics(conn)
    return [t for t in rows if not (gaps_only and t["covered_by_us"])]


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


def format_topics(
    topics: list[dict[str, Any]], fmt: str = "table", *, gaps: bool = False, limit: int = 0
) -> str:
    """Render topics as ``table`` (with each topic's competitor pages when `gaps`), ``json``
    or ``csv``; only the first `limit` when it is above 0 (the table then says how many more
    there are). Raises ValueError for another format."""
    more = max(0, len(topics) - limit) if limit > 0 else 0
    topics = topics[:limit] if limit > 0 else topics
    if fmt == "json":
        return json_text(topics, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(CSV_FIELDS)
        for rank, t in enumerate(topics, 1):
            brief = t.get("brief") or {}
            writer.writerow(
                csv_cell(v)
                for v in [
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
    site_width = max([len(e["site"]) for t in topics for e in t.get("evidence", [])] + [4])
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
                lines.append(f"       {e['site']:<{site_width}}  {e['where']:<9} {e['url']}")
            for q in t.get("questions", []):
                lines.append(f"       asks: {q}")
            if grouped := meaning_line(t):
                lines.append(f"       {grouped}")
    if more:
        lines.append(f"... and {more} more topics (--limit 0 shows them all)")
    return terminal_text("\n".join(lines))  # labels, questions and URLs come from competitors


def meaning_line(topic: dict[str, Any]) -> str:
    """Which meaning group a topic fell into and the wordings grouped in it, in words
    ("" when none): the gap list and the app show it, so a grouping can be checked."""
    brief = topic.get("brief") or {}
    group, same = brief.get("group", ""), brief.get("same_meaning") or []
    if not group and not same:
        return ""
    source = brief.get("group_source") or "built-in"
    where = "the built-in vocabulary" if source == "built-in" else source
    found = f": {', '.join(same)}" if same else ""
    return f'meaning group "{group or topic["key"]}" ({where}){found}'


def _num(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if isinstance(value, float) else str(value)
