"""What the spider hands to the pipelines, and what each site's crawl is told to do.

``SiteSpec`` is one site's crawl brief (built from a ``[[competitors]]`` table or from our
own blog's URLs); ``PageItem`` is an extracted HTML page on its way to storage.
Skips are not items: the spider records them straight away (see ``pipelines.Recorder``),
because some of them (robots, private addresses, redirect loops) never reach a callback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OWN_SITE = "ours"  # the site name our own blog's pages are stored under

# Why a URL was not stored as a page. The CLI summary and the skips table use these words.
SKIP_REASONS = (
    "robots",  # disallowed by robots.txt: never requested
    "offsite",  # outside the site's allowed domains
    "private_address",  # resolves to a private, loopback or link-local address
    "not_html",  # a PDF, image or other non-HTML response (also one served as text/html)
    "error",  # network error, timeout, redirect loop
    "http_status",  # 4xx/5xx
    "too_large",  # over crawl.max_page_bytes
    "duplicate",  # same normalised/canonical URL as a page already stored
    "excluded",  # does not match the site's include/exclude patterns
    "budget",  # the site's request budget (crawl.max_requests) was spent: not requested
)


@dataclass(frozen=True)
class SiteSpec:
    """One site to crawl. Hosts in `allowed_domains` match themselves and their subdomains."""

    name: str
    start_urls: tuple[str, ...]
    sitemap_urls: tuple[str, ...] = ()
    feed_urls: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    is_own: bool = False
    max_pages: int = 500
    max_depth: int = 5
    max_requests: int = 0  # every request counted; 0: no budget (run.site_specs sets one)


@dataclass
class PageItem:
    """An extracted HTML page on its way to storage, keyed by its normalised (canonical-aware)
    URL, which is also ``page["url"]``. It carries no body: only what ``store.save_page``
    keeps."""

    url: str
    site: str
    depth: int
    is_own: bool
    page: dict[str, Any] = field(repr=False)
