"""Downloader middlewares: the safety guard and the Crawl-delay floor.

``GuardMiddleware`` (priority 40, before robots.txt, offsite and the cache) refuses a
request whose host resolves to any address that is not globally routable (an allow-list:
``ip.is_global`` plus the special-purpose ranges Python misses, and IPv6 forms that embed a
non-global IPv4 address), a request outside the site's allowed domains, and any request
past the site's request budget. Redirects go back through the
downloader middlewares, so a redirect to ``169.254.169.254`` is refused like a link to it.
``crawl.allow_private_networks = true`` lets the *configured* sites' own hosts be private
(local test sites, an intranet mirror); any other private host is still refused.
Limitation: the host is resolved here and again when connecting, so a DNS server that
answers differently the second time (DNS rebinding) is not caught.

``CrawlDelayMiddleware`` (priority 110, after robots.txt) reads ``Crawl-delay`` from the
robots.txt Scrapy already parsed and makes it a floor under that host's download delay
(AutoThrottle may raise the delay, never lower it below the floor).
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

from scrapers.urls import host_allowed

log = logging.getLogger(__name__)


class Refused(IgnoreRequest):
    """A request we refuse to send; `reason` is one of items.SKIP_REASONS."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


# Special-purpose ranges that Python 3.11's ``is_global`` still calls global (or that only
# a newer Python knows), from IANA's special-purpose address registries: never crawled.
_NOT_GLOBAL = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "100.64.0.0/10",  # shared address space (CGNAT); 100.100.100.200 is a cloud metadata IP
        "192.0.0.0/24",  # IETF protocol assignments, incl. 192.0.0.192 (Oracle Cloud metadata)
        "192.0.2.0/24",
        "192.88.99.0/24",  # the 6to4 relay anycast
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",
        "::/96",  # IPv4-compatible (deprecated), and :: and ::1
        "64:ff9b:1::/48",  # local-use NAT64
        "100::/64",
        "2001::/23",  # IETF protocol assignments, incl. Teredo 2001::/32
        "2001:db8::/32",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",  # multicast
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def non_global(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True unless `ip` is a globally routable unicast address. An IPv6 address that embeds
    an IPv4 one (IPv4-mapped ``::ffff:a.b.c.d``, 6to4 ``2002:AABB:CCDD::``, NAT64
    ``64:ff9b::a.b.c.d``) is judged by the IPv4 address it reaches."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return non_global(embedded)
    if not ip.is_global or ip.is_multicast:
        return True
    return any(ip.version == net.version and ip in net for net in _NOT_GLOBAL)


def private_address(host: str) -> str | None:
    """The first address `host` resolves to that is not globally routable, else None.

    An allow-list: only global unicast addresses pass (``non_global``). An IP literal is
    checked as is. A host that does not resolve returns None: the download then fails with
    a DNS error, recorded as an ordinary error.
    """
    if "%" in host:  # an IPv6 zone ("fe80::1%eth0"): scoped to a local link by definition
        return host
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError, ValueError):
        return None
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if non_global(ip):
            return str(ip)
    return None


class GuardMiddleware:
    """Refuse private addresses and off-site hosts before anything is sent."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.allow_private = settings.getbool("CLINICSEO_ALLOW_PRIVATE")
        self.trusted = frozenset(h.lower() for h in settings.getlist("CLINICSEO_TRUSTED_HOSTS"))
        self._verdicts: dict[str, str | None] = {}  # host -> private address found (cache)
        self.sent = 0  # requests let through or refused, for the budget

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        # Every request this site's crawl sends counts (pages, robots.txt, sitemaps, feeds,
        # each redirect hop and retry), so the budget bounds what the server really sees.
        spider_budget = getattr(getattr(self.crawler.spider, "spec", None), "max_requests", 0)
        self.sent += 1
        if spider_budget and self.sent > spider_budget:
            raise Refused("budget", f"the site's request budget of {spider_budget} is spent")
        host = (urlparse_cached(request).hostname or "").lower()
        if not (self.allow_private and host_allowed(host, self.trusted)):
            if host not in self._verdicts:
                self._verdicts[host] = private_address(host)
            address = self._verdicts[host]
            if address:
                raise Refused("private_address", f"{host} resolves to {address}")
        spider: Spider | None = self.crawler.spider
        domains = frozenset(getattr(spider, "allowed_domains", None) or ())
        if domains and not host_allowed(host, domains):
            raise Refused("offsite", f"{host} is not one of {', '.join(sorted(domains))}")


class CrawlDelayMiddleware:
    """Honour robots.txt ``Crawl-delay`` as a per-host floor under the download delay."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.enabled = crawler.settings.getbool("ROBOTSTXT_OBEY")
        self.user_agent = crawler.settings.get("USER_AGENT") or ""
        self._robots: RobotsTxtMiddleware | None = None
        self._floors: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelayMiddleware:
        return cls(crawler)

    def _robots_middleware(self) -> RobotsTxtMiddleware | None:
        if self._robots is None:
            engine: Any = self.crawler.engine
            for mw in engine.downloader.middleware.middlewares:
                if isinstance(mw, RobotsTxtMiddleware):
                    self._robots = mw
        return self._robots

    async def process_request(self, request: Request) -> None:
        if not self.enabled or request.meta.get("dont_obey_robotstxt"):
            return
        # robots.txt belongs to the scheme, host and port (RFC 9309), so the floor does too,
        # and so does the download slot it is applied to: Scrapy's slots are per host name,
        # and two sites on one host with different ports would share whichever floor was
        # read first (seen: two test sites on 127.0.0.1, one without a Crawl-delay).
        host = request.meta.setdefault("download_slot", _authority(request))
        if host not in self._floors:
            robots = self._robots_middleware()
            parser = await robots.robot_parser(request) if robots else None
            delay = parser.crawl_delay(self.user_agent) if parser is not None else None
            self._floors[host] = float(delay or 0.0)
            if delay:
                log.info("%s asks for a Crawl-delay of %ss: honoured", host, delay)
        self._apply(host)

    def process_response(self, request: Request, response: Response) -> Response:
        # AutoThrottle adjusts the slot on response_downloaded, before this runs: re-apply.
        self._apply(request.meta.get("download_slot", ""))
        return response

    def _apply(self, host: str) -> None:
        floor = self._floors.get(host, 0.0)
        if not floor:
            return
        engine: Any = self.crawler.engine
        downloader = engine.downloader
        # New slots for this host start at the floor; an existing one is raised to it.
        downloader.per_slot_settings.setdefault(host, {}).update(delay=floor, jitter=0.0)
        slot = downloader.slots.get(host)
        if slot is not None and slot.delay < floor:
            slot.delay = floor
            slot.jitter = 0.0


def _authority(request: Request) -> str:
    """``scheme://host:port`` of the request, the scope of its robots.txt."""
    parts = urlparse_cached(request)
    return f"{parts.scheme}://{parts.hostname or ''}:{parts.port or ''}"
