"""A page's links, read in one pass over its parsed tree (lxml), in the extraction worker.

Scrapy's LinkExtractor and three XPath queries cost ~2 ms a page in the crawl process, the
bottleneck of a bulk crawl; the extraction worker parses the page anyway, so it reads the
links too and the crawl process never parses HTML. Assets are left out later by the spider's
``_follow`` (``urls.is_asset``: the LinkExtractor's extension list).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml.html import HtmlElement


@dataclass
class HeadLinks:
    """What a page's ``<link>``, ``<meta name=robots>`` and ``<base>`` say, and the ``href``
    of its links (``page_links``)."""

    canonical: str | None = None
    robots: str = ""
    base: str | None = None
    feeds: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def head_links(root: HtmlElement, url: str) -> HeadLinks:
    """The first canonical, robots meta (lower-cased) and base href; every RSS/Atom feed;
    the page's links, absolute (resolved against the page's ``<base>`` or `url`)."""
    out = HeadLinks()
    for el in root.iter("link", "meta", "base"):
        if el.tag == "link":
            rels = (el.get("rel") or "").lower().split()
            href = (el.get("href") or "").strip()
            if not href:
                continue
            if "canonical" in rels and out.canonical is None:
                out.canonical = href
            kind = el.get("type") or ""
            if "alternate" in rels and ("rss" in kind or "atom" in kind):
                out.feeds.append(href)
        elif el.tag == "meta":
            if (el.get("name") or "").lower() == "robots" and not out.robots:
                out.robots = (el.get("content") or "").lower()
        elif out.base is None and el.get("href"):
            out.base = (el.get("href") or "").strip()
    # links resolved here, in the worker: ~24 urljoin calls a page add up in the crawl process
    base = (_join(url, out.base) or url) if out.base else url
    out.links = [link for href in page_links(root) if (link := _join(base, href))]
    return out


def _join(base: str, href: str) -> str | None:
    """`href` made absolute; a link urljoin cannot parse (``http://[::1/``) is kept as it is
    when absolute, so the spider records it as an unusable URL, and dropped otherwise."""
    try:
        return urljoin(base, href)
    except ValueError:
        return href if href.lower().startswith(("http://", "https://")) else None


def page_links(root: HtmlElement) -> Iterator[str]:
    """The ``href`` of every ``<a>``/``<area>`` not marked ``rel=nofollow``, in page order,
    each once; ``javascript:``, ``mailto:``, ``tel:`` and in-page ``#`` links left out."""
    seen: set[str] = set()
    for el in root.iter("a", "area"):
        href = (el.get("href") or "").strip()
        if not href or href in seen or href.startswith("#"):
            continue
        if href.lower().startswith(("javascript:", "mailto:", "tel:", "data:")):
            continue
        if "nofollow" in (el.get("rel") or "").lower().split():
            continue
        seen.add(href)
        yield href
