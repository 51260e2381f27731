"""What we keep from one crawled page: a pure function of the response, unit-testable offline.

:func:`extract_page` takes a Scrapy ``HtmlResponse`` and returns the page dict that
``clinicseo.store.save_page`` stores (see ``store.PAGE_FIELDS``): title, meta tags, headings,
main-text word count, published date, structured-data types, questions, keyphrases and the
*hashes* of the main text's word shingles. The competitor's text itself is never returned.

Quirks handled here (see /work/shared/notes/crawling.md):

* ``<br>`` and block tags inside a heading read as a space (``Acne Scars?<br>Let's Help``);
* pages without ``<h1>`` keep their topic in the title, ``<h2>`` and JSON-LD;
* one invalid JSON-LD block is skipped on its own, the others still count (extruct would
  drop them all, or raise with its default ``errors="strict"``);
* ``@graph`` containers are flattened;
* control characters and bidi overrides are dropped from every text kept (``norm``).

Failure modes: none raised for bad HTML. Every extractor that can fail on odd input
(trafilatura, extruct, htmldate) degrades to an empty value for that field.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

import lxml.html
from lxml.html import HtmlElement
from scrapy.http import HtmlResponse

from clinicseo.shingles import shingle_hashes, words
from clinicseo.topic_terms import phrases, run_keys, stem
from clinicseo.untrusted import strip_controls
from scrapers.links import HeadLinks, head_links

log = logging.getLogger(__name__)

MAX_KEYPHRASES = 10
# The first few thousand words say what a page is about.
KEYPHRASE_TEXT_CHARS = 20_000

# Tags that break a line when rendered: inside a heading they separate words.
_BREAK_TAGS = """br hr p div li ul ol dl dt dd section article header footer aside nav table tr td
th blockquote figure figcaption h1 h2 h3 h4 h5 h6 address pre main"""
_BREAKS = frozenset(_BREAK_TAGS.split())
_SKIP = frozenset({"script", "style", "noscript", "template"})
_SPACE = re.compile(r"\s+")
_ARTICLE_TYPES = frozenset(
    {
        "Article",
        "BlogPosting",
        "NewsArticle",
        "MedicalWebPage",
        "WebPage",
        "MedicalScholarlyArticle",
    }
)
_DATE_META = (
    ("property", "article:published_time"),
    ("property", "og:published_time"),
    ("name", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "date"),
    ("name", "dc.date"),
    ("name", "DC.date.issued"),
    ("name", "publish_date"),
    ("name", "pubdate"),
)


def norm(text: str | None) -> str:
    """Collapse runs of whitespace (incl. non-breaking spaces) to one space, strip the ends;
    control characters and bidi overrides are dropped (text from outside is data)."""
    return _SPACE.sub(" ", strip_controls(text or "").replace("\xa0", " ")).strip()


def element_text(el: HtmlElement) -> str:
    """An element's text as a reader sees it: line-breaking tags read as a space."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP:
            return
        if tag in _BREAKS:
            parts.append(" ")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BREAKS:
            parts.append(" ")

    if el.text:
        parts.append(el.text)
    for child in el:
        walk(child)
        if child.tail:
            parts.append(child.tail)
    return norm("".join(parts))


def headings(root: HtmlElement, level: int) -> list[str]:
    """The non-empty ``<hN>`` texts in document order, whitespace-normalised."""
    out = [element_text(h) for h in root.iter(f"h{level}")]
    return [h for h in out if h]


def meta_content(root: HtmlElement, attr: str, value: str) -> str | None:
    """The content of the first ``<meta attr=value>`` (attribute value case-insensitive)."""
    want = value.lower()
    for m in root.iter("meta"):
        if (m.get(attr) or "").strip().lower() == want:
            content = norm(m.get("content"))
            if content:
                return content
    return None


def canonical_url(response: HtmlResponse, root: HtmlElement) -> str | None:
    for link in root.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        if "canonical" in rels and link.get("href"):
            try:
                return strip_controls(response.urljoin(link.get("href", "").strip()))
            except ValueError:  # an unparsable URL ("http://[::1/"): no canonical
                return None
    return None


# --- structured data ----------------------------------------------------------------------


def jsonld_nodes(root: HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, ``@graph`` flattened; invalid blocks skipped one by one.

    extruct parses all blocks in one go and loses every block when one is invalid, so each
    ``<script type="application/ld+json">`` goes through extruct on its own.
    """
    from extruct.jsonld import JsonLdExtractor

    extractor = JsonLdExtractor()
    nodes: list[dict[str, Any]] = []
    for script in root.xpath('//script[@type="application/ld+json"]'):
        doc = lxml.html.document_fromstring(
            b"<html><head>" + lxml.html.tostring(script) + b"</head></html>"
        )
        try:
            items = extractor.extract_items(doc)
        except Exception as exc:  # noqa: BLE001 - any parse error: skip this block only
            log.debug("invalid JSON-LD block skipped: %s", exc)
            continue
        nodes.extend(_flatten_graph(items))
    return nodes


def _flatten_graph(items: Iterable[Any]) -> Iterator[dict[str, Any]]:
    for item in items:
        if isinstance(item, list):
            yield from _flatten_graph(item)
        elif isinstance(item, dict):
            if "@graph" in item:
                yield from _flatten_graph(
                    item["@graph"] if isinstance(item["@graph"], list) else [item["@graph"]]
                )
            if "@type" in item:
                yield item


def _types(node: dict[str, Any]) -> list[str]:
    raw = node.get("@type") or node.get("type") or []
    values = raw if isinstance(raw, list) else [raw]
    # "http://schema.org/Article" (microdata) and "Article" (JSON-LD) name the same type
    return [norm(str(v).rstrip("/").rsplit("/", 1)[-1]) for v in values if v]


def microdata_types(root: HtmlElement, url: str) -> list[str]:
    """Top-level microdata item types, via extruct's microdata extractor (errors logged).

    Only this extractor is imported: ``import extruct`` would also load rdflib and the
    microformat/RDFa parsers (about 40 MB per extraction worker) for syntaxes not used here.
    """
    from extruct.w3cmicrodata import MicrodataExtractor

    try:
        items = MicrodataExtractor().extract_items(root, base_url=url)
    except Exception as exc:  # noqa: BLE001 - extruct on odd markup: no types from it
        log.debug("microdata extraction failed on %s: %s", url, exc)
        return []
    out: list[str] = []
    for item in items:
        if isinstance(item, dict):
            out += _types(item)
    return out


def _unique(values: Iterable[str]) -> list[str]:
    first: dict[str, str] = {}  # lower-cased -> the first spelling, in order
    for v in values:
        if v:
            first.setdefault(v.lower(), v)
    return list(first.values())


def faq_questions(nodes: list[dict[str, Any]]) -> list[str]:
    """Question names from FAQPage nodes (``mainEntity`` of ``Question``s)."""
    out: list[str] = []
    for node in nodes:
        if "FAQPage" not in _types(node):
            continue
        entities = node.get("mainEntity") or []
        for q in entities if isinstance(entities, list) else [entities]:
            if isinstance(q, dict) and q.get("name"):
                out.append(norm(str(q["name"])))
    return out


# --- dates ---------------------------------------------------------------------------------


def _iso_date(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    return None


def published_date(html: str, root: HtmlElement, nodes: list[dict[str, Any]]) -> str | None:
    """ISO date: JSON-LD ``datePublished`` first, then meta tags, then htmldate's guess."""
    for node in nodes:
        if set(_types(node)) & _ARTICLE_TYPES or "datePublished" in node:
            found = _iso_date(node.get("datePublished"))
            if found:
                return found
    for attr, value in _DATE_META:
        found = _iso_date(meta_content(root, attr, value))
        if found:
            return found
    try:
        from htmldate import find_date

        guessed = find_date(html, extensive_search=False, original_date=True)
    except Exception as exc:  # noqa: BLE001 - htmldate on odd markup: no date
        log.debug("htmldate failed: %s", exc)
        return None
    return _iso_date(guessed)


# --- main text and keyphrases --------------------------------------------------------------


def main_text(html: str, root: HtmlElement, url: str) -> str:
    """The page's main text via trafilatura; the ``<main>``/``<article>``/body text if it finds
    nothing (short service pages, FAQ accordions)."""
    import trafilatura

    try:
        text = trafilatura.extract(
            html, url=url, include_comments=False, include_tables=True, favor_recall=True, fast=True
        )
    except Exception as exc:  # noqa: BLE001 - trafilatura on odd markup: use the DOM
        log.debug("trafilatura failed on %s: %s", url, exc)
        text = None
    if text:
        return text
    for xpath in ("//main", "//article", "//body"):
        found = root.xpath(xpath)
        if found:
            return _visible_text(found[0])
    return ""


def _visible_text(el: HtmlElement) -> str:
    drop = {"nav", "header", "footer", "aside", "form"}
    parts = [
        t
        for node in el.iter()
        if isinstance(node.tag, str) and node.tag not in _SKIP | drop
        for t in (node.text,)
        if t and not any(a.tag in drop | _SKIP for a in node.iterancestors())
    ]
    return norm(" ".join(parts))


def keyphrases(text: str) -> list[str]:
    """Top keyphrases of a text, best first: the noun-phrase candidates of
    ``clinicseo.topic_terms`` (1-3 words, never across a stopword, verb or line end), folded the
    same way, scored by frequency with earlier lines weighing more and longer phrases
    preferred. A phrase must occur twice; a shorter phrase found (almost) only inside a
    longer one gives way to it. Pure Python: about 2 ms for a 700-word page (measured on
    benchmarks/crawl_site.py articles; YAKE took ~20).
    """
    if len(words(text)) < 20:
        return []
    counts: Counter[str] = Counter()
    scores: dict[str, float] = defaultdict(float)
    surface: dict[str, str] = {}  # stem -> the first word seen for it: deterministic
    lines = [line for line in text[:KEYPHRASE_TEXT_CHARS].splitlines() if line.strip()]
    for index, line in enumerate(lines):
        found: list[str] = []
        for run in phrases(line):
            for word in run:
                surface.setdefault(stem(word), word)
            found += run_keys(run)
        here = Counter(found)
        counts.update(here)
        position = 1.0 + 2.0 / (2 + index)  # the opening lines say what the page is about
        for key, n in here.items():
            scores[key] += position * n
    # for each phrase, the count of the commonest longer phrase containing it
    inside: Counter[str] = Counter()
    for key, n in counts.items():
        if n < 2 or " " not in key:
            continue
        parts = key.split()
        for size in range(1, len(parts)):
            for i in range(len(parts) - size + 1):
                part = " ".join(parts[i : i + size])
                inside[part] = max(inside[part], n)
    kept = [k for k, n in counts.items() if n >= 2 and 4 * inside[k] < 3 * n]
    # longer phrases say more: +50% per extra word
    kept.sort(key=lambda k: (-scores[k] * (1.0 + 0.5 * k.count(" ")), k))
    return [" ".join(surface[w] for w in k.split()) for k in kept[:MAX_KEYPHRASES]]


# --- the page ------------------------------------------------------------------------------

# File signatures of formats a server may mislabel as text/html.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"RIFF", "a RIFF file (WebP, WAV, AVI)"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a ZIP archive (or Office document)"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
    (b"\x00asm", "WebAssembly"),
    (b"wOFF", "a font"),
    (b"wOF2", "a font"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x1aE\xdf\xa3", "WebM/Matroska media"),
)
_TEXT_CONTROLS = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}


def binary_kind(body: bytes, encoding: str = "utf-8") -> str | None:
    """What a body served as HTML really is when it is not text ("a PNG image", "binary
    data"), else None. Sniffed from the first 4 kB: a known file signature, or (for a
    single-byte or UTF-8 encoding) NUL bytes or more than 10% control bytes."""
    head = body[:4096]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    if encoding.lower().replace("-", "").startswith(("utf16", "utf32")):
        return None  # NULs are normal there
    if b"\x00" in head:
        return "binary data"
    controls = sum(1 for b in head if b in _TEXT_CONTROLS)
    return "binary data" if head and controls * 10 > len(head) else None



def extract_page(
    response: HtmlResponse, *, site: str = "", depth: int | None = None
) -> dict[str, Any]:
    """The page dict for ``store.save_page`` (no body text: only counts, terms and hashes)."""
    html = response.text
    root: HtmlElement = response.selector.root
    nodes = jsonld_nodes(root)
    title_el = root.find(".//title")
    h1, h2, h3 = (headings(root, n) for n in (1, 2, 3))
    text = strip_controls(main_text(html, root, response.url))
    questions = faq_questions(nodes) + [
        h for h in h1 + h2 + h3 + _accordion_labels(root) if h.endswith("?")
    ]
    return {
        "url": response.url,
        "site": site,
        "status": response.status,
        "title": element_text(title_el) if title_el is not None else None,
        "meta_description": meta_content(root, "name", "description"),
        "canonical": canonical_url(response, root),
        "robots": meta_content(root, "name", "robots"),
        "h1": h1,
        "h2": h2,
        "h3": h3,
        "word_count": len(words(text)),
        "published": published_date(html, root, nodes),
        "jsonld_types": _unique(
            [t for n in nodes for t in _types(n)] + microdata_types(root, response.url)
        ),
        "questions": _unique(questions),
        "keyphrases": keyphrases(text),
        "depth": depth,
        "shingles": shingle_hashes(text),
    }


def _accordion_labels(root: HtmlElement) -> list[str]:
    """FAQ accordions: ``<summary>`` and ``<dt>`` labels."""
    return [t for el in root.xpath("//summary | //dt") if (t := element_text(el))]


def extract_with_links(
    url: str, body: bytes, encoding: str, status: int, site: str, depth: int | None
) -> tuple[dict[str, Any], HeadLinks]:
    """``extract_page`` plus the page's canonical, robots, base, feeds and links, from one
    parse of the response's raw parts (a Response does not pickle cheaply): what the spider
    awaits from the extraction pool."""
    response = HtmlResponse(url=url, body=body, encoding=encoding, status=status)
    page = extract_page(response, site=site, depth=depth)
    return page, head_links(response.selector.root, url)


def warm_up() -> None:
    """Import and initialise the extractors (a worker does this once, while Scrapy starts)."""
    page_from_html("https://warm.example/", "<html><body><h1>Warm up</h1>" + "<p>word</p>" * 30)


def page_from_html(
    url: str, body: bytes | str, *, status: int = 200, site: str = ""
) -> dict[str, Any]:
    """Convenience for tests and benchmarks: extract from saved HTML."""
    raw = body.encode() if isinstance(body, str) else body
    return extract_page(HtmlResponse(url=url, body=raw, status=status, encoding="utf-8"), site=site)
