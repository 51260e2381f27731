"""One spider per site: sitemaps first, then feeds, then links breadth-first.

Discovery, in order of priority (higher first):

1. ``robots.txt``: its ``Sitemap:`` lines (else ``/sitemap.xml`` is tried);
2. sitemaps and sitemap indexes (plain or gzip), plus ``sitemap_urls`` from the config;
3. RSS/Atom feeds: ``feed_urls`` from the config and feeds a page links to;
4. the start URLs, then the links of every page, breadth-first (priority ``-depth``, FIFO
   queues), no deeper than ``max_depth`` clicks from a start URL.

Every page has one key (``urls.normalise_url``, then the page's canonical when it points
within the site): a URL already requested is never requested again, and a page whose key
was already stored is a ``duplicate`` skip. Assets (images, PDFs, scripts...) are never
requested as pages. Skips are recorded with their reason through ``self.recorder``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

from parsel import Selector
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.python.failure import Failure

from scrapers.extract import binary_kind
from scrapers.items import PageItem, SiteSpec
from scrapers.middlewares import Refused
from scrapers.pipelines import Recorder, extract_in_pool, extraction_pool
from scrapers.urls import host_allowed, host_of, is_asset, normalise_url, site_root

log = logging.getLogger(__name__)

PRIORITY_ROBOTS, PRIORITY_SITEMAP, PRIORITY_FEED = 300, 200, 100


class SiteSpider(Spider):
    """Crawls one ``SiteSpec``; ``name`` is the site's name (also the HTTP cache folder)."""

    name = "site"

    def __init__(self, spec: SiteSpec, recorder: Recorder, **kwargs: Any) -> None:
        super().__init__(name=spec.name, **kwargs)
        self.spec = spec
        self.recorder = recorder
        hosts = {host_of(u) for u in (*spec.start_urls, *spec.sitemap_urls, *spec.feed_urls)}
        self.allowed_domains = sorted({d.lower() for d in spec.allowed_domains} or hosts - {""})
        self._domains = frozenset(self.allowed_domains)
        self._include = [re.compile(p) for p in spec.include]
        self._exclude = [re.compile(p) for p in spec.exclude]
        self._starts = {normalise_url(u) for u in spec.start_urls}
        self._seen: set[str] = set()  # page URLs requested (normalised)
        self._stored: set[str] = set()  # page keys stored
        self._discovery: set[str] = set()  # robots/sitemap/feed URLs requested
        self.stored = 0
        self.capped = False
        self.requested = 0  # requests yielded (pages and discovery), against the budget
        self.over_budget = False
        self.pool: Any = None  # the extraction pool, set when the crawler is known

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.pool = extraction_pool(crawler.settings.getint("CLINICSEO_EXTRACT_WORKERS"))
        crawler.signals.connect(spider._dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        return spider

    # --- discovery ------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        roots = dict.fromkeys(
            site_root(u) for u in (*self.spec.start_urls, *self.spec.sitemap_urls)
        )
        for root in roots:
            yield self._discovery_request(f"{root}/robots.txt", self.parse_robots, PRIORITY_ROBOTS)
        for url in self.spec.sitemap_urls:
            yield self._discovery_request(url, self.parse_sitemap, PRIORITY_SITEMAP)
        for url in self.spec.feed_urls:
            yield self._discovery_request(url, self.parse_feed, PRIORITY_FEED)
        for url in self.spec.start_urls:
            for out in self._follow(url, depth=0, via="start URL"):
                yield out

    def _discovery_request(self, url: str, callback: Any, priority: int) -> Request:
        self._discovery.add(url)
        self.requested += 1
        return Request(
            url,
            callback=callback,
            errback=self._discovery_failed,
            priority=priority,
            meta={"dont_obey_robotstxt": url.endswith("/robots.txt")},
        )

    def parse_robots(self, response: Response) -> Iterator[Request]:
        found = (
            list(sitemap_urls_from_robots(response.body, base_url=response.url))
            if isinstance(response, TextResponse)
            else []
        )
        if not found and not self.spec.sitemap_urls:
            found = [response.urljoin("/sitemap.xml")]
        for url in found:
            if url not in self._discovery:
                yield self._discovery_request(url, self.parse_sitemap, PRIORITY_SITEMAP)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        body = self._sitemap_body(response)
        if body is None:
            log.info("%s: not a sitemap, ignored", response.url)
            return
        sitemap = Sitemap(body)
        for entry in sitemap:
            loc = response.urljoin(entry.get("loc", "").strip())
            if not loc:
                continue
            if sitemap.type == "sitemapindex":
                if loc not in self._discovery and host_allowed(host_of(loc), self._domains):
                    yield self._discovery_request(loc, self.parse_sitemap, PRIORITY_SITEMAP)
            else:
                yield from self._follow(loc, depth=1, via=f"sitemap {response.url}")

    def _sitemap_body(self, response: Response) -> bytes | None:
        if gzip_magic_number(response):
            try:
                return gunzip(response.body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
            except ValueError:  # Scrapy's (private) _DecompressionMaxSizeExceeded
                self.recorder.skip(response.url, "too_large", "sitemap larger than max_page_bytes")
                return None
        if response.body.lstrip()[:1] == b"<":
            return response.body
        return None

    def parse_feed(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            return
        sel = Selector(text=response.text, type="xml")
        sel.remove_namespaces()
        links = sel.xpath("//item/link/text() | //entry/link[not(@rel) or @rel='alternate']/@href")
        for link in links.getall():
            yield from self._follow(
                response.urljoin(link.strip()), depth=1, via=f"feed {response.url}"
            )

    def _discovery_failed(self, failure: Failure) -> None:
        # A missing sitemap or feed is normal; it says nothing about the site's pages.
        log.info("discovery URL failed: %s", failure.value)

    # --- pages ----------------------------------------------------------------------------

    def _follow(self, url: str, *, depth: int, via: str) -> Iterator[Any]:
        """A page Request for `url` unless it was seen, is an asset, or is refused (a skip).
        Past the site's request budget nothing more is followed (one ``budget`` skip says so)."""
        if self.capped or not url.startswith(("http://", "https://")):
            return
        try:
            key = normalise_url(url)
        except ValueError as exc:  # an unclosed IPv6 bracket, a port out of range...
            self.recorder.skip(url[:500], "error", f"not a usable URL ({exc}), linked from {via}")
            return
        if key in self._seen or is_asset(key):
            return
        self._seen.add(key)
        if self.requested >= self.spec.max_requests > 0:
            if not self.over_budget:
                self.over_budget = True
                log.info("%s: request budget of %d spent", self.name, self.spec.max_requests)
                self.recorder.skip(
                    key,
                    "budget",
                    f"request budget of {self.spec.max_requests} spent: this and later links "
                    "not followed",
                )
            return
        if not host_allowed(host_of(key), self._domains):
            self.recorder.skip(key, "offsite", f"linked from {via}")
            return
        if key not in self._starts and not self._wanted(key):
            self.recorder.skip(key, "excluded", "include/exclude patterns")
            return
        self.requested += 1
        yield Request(
            key,
            callback=self.parse_page,
            errback=self.page_failed,
            priority=-depth,
            meta={"page_depth": depth},
        )

    def _wanted(self, url: str) -> bool:
        if self._include and not any(p.search(url) for p in self._include):
            return False
        return not any(p.search(url) for p in self._exclude)

    async def parse_page(self, response: Response) -> AsyncIterator[Any]:
        """Extract the page (in the extraction pool: the crawl process never parses HTML),
        then yield it as a PageItem and follow its feeds and links."""
        if not isinstance(response, HtmlResponse):
            kind = (response.headers.get("Content-Type") or b"").decode("latin-1") or "unknown type"
            self.recorder.skip(normalise_url(response.url), "not_html", kind)
            return
        depth = int(response.meta.get("page_depth", 0))
        url = normalise_url(response.url)
        self._seen.add(url)
        binary = binary_kind(response.body, response.encoding)
        if binary:  # e.g. a PNG served as text/html: not a page of 15,000 "words"
            kind = (response.headers.get("Content-Type") or b"").decode("latin-1") or "HTML"
            self.recorder.skip(url, "not_html", f"{binary} served as {kind}"[:200])
            return
        args = (response.url, response.body, response.encoding, response.status)
        try:
            page, head = await extract_in_pool(self.pool, *args, self.spec.name, depth)
        except Exception as exc:  # noqa: BLE001 - one odd page is a recorded skip, not a loss
            log.warning("extraction failed on %s: %r", url, exc)
            self.recorder.skip(url, "error", f"extraction failed: {type(exc).__name__}: {exc}")
            return
        key = url
        if head.canonical:
            try:
                target = normalise_url(response.urljoin(head.canonical))
            except ValueError:
                target = url  # an unusable canonical: the page keeps its own URL
            if host_allowed(host_of(target), self._domains):
                key = target
                self._seen.add(target)  # the canonical page itself is this page
        if key in self._stored:
            self.recorder.skip(url, "duplicate", f"same page as {key}")
            return
        self._stored.add(key)
        page["url"] = key  # stored under the normalised, canonical-aware key
        yield PageItem(
            url=key, site=self.spec.name, depth=depth, is_own=self.spec.is_own, page=page
        )
        for feed in head.feeds:
            feed_url = response.urljoin(feed)
            if feed_url not in self._discovery and host_allowed(host_of(feed_url), self._domains):
                yield self._discovery_request(feed_url, self.parse_feed, PRIORITY_FEED)
        if "nofollow" in head.robots or depth >= self.spec.max_depth:
            return
        for link in head.links:
            for out in self._follow(link, depth=depth + 1, via=url):
                yield out

    def page_stored(self) -> None:
        """Called by the store pipeline; closes the spider at the page cap."""
        self.stored += 1
        if self.stored >= self.spec.max_pages > 0 and not self.capped:
            self.capped = True
            log.info("%s: page cap of %d reached", self.name, self.spec.max_pages)
            self._close("max_pages")

    def _close(self, reason: str) -> None:
        engine: Any = self.crawler.engine
        deferred_from_coro(engine.close_spider_async(reason=reason))

    def page_failed(self, failure: Failure) -> None:
        request: Request = failure.request  # type: ignore[attr-defined]
        url = normalise_url(request.url)
        reason, detail = classify_failure(failure)
        origin = request.meta.get("redirect_urls")
        if origin:
            detail += f" (redirected from {origin[0]})"
        self.recorder.skip(url, reason, detail)

    def _dropped(self, request: Request, spider: Spider) -> None:
        """The dupefilter dropped a request: a redirect loop, or a redirect to a known page."""
        if spider is not self or not request.meta.get("redirect_urls"):
            return
        chain = [normalise_url(u) for u in request.meta["redirect_urls"]]
        if normalise_url(request.url) in chain:
            self.recorder.skip(
                chain[0], "error", "redirect loop: " + " -> ".join(chain + [request.url])
            )
        else:
            self.recorder.skip(chain[0], "duplicate", f"redirects to {request.url}")

    def _closed(self, spider: Spider, reason: str) -> None:
        if spider is self:
            self.recorder.close()


def classify_failure(failure: Failure) -> tuple[str, str]:
    """(reason, detail) for a failed page request."""
    exc = failure.value
    if isinstance(exc, Refused):
        return exc.reason, exc.detail
    if isinstance(exc, HttpError):
        return "http_status", f"HTTP {exc.response.status}"
    if isinstance(exc, IgnoreRequest):
        text = str(exc)
        if "robots.txt" in text:
            return "robots", "disallowed by robots.txt"
        if "redirect" in text.lower():
            return "error", text
        return "error", text or type(exc).__name__
    text = str(exc)
    if "max size" in text or "maxsize" in text or "larger than download" in text:
        return "too_large", text[:200]
    return "error", f"{type(exc).__name__}: {text}"[:300]
