"""Downloader middlewares: the safety guard and the Crawl-delay floor.

``GuardMiddleware`` (priority 40, before robots.txt, offsite and the cache) refuses a
request whose host resolves to a private, loopback, link-local, multicast or reserved
address, and a request outside the site's allowed domains. Redirects go back through the
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


def private_address(host: str) -> str | None:
    """The first private/loopback/link-local/reserved address `host` resolves to, else None.

    An IP literal is checked as is. A host that does not resolve returns None: the download
    then fails with a DNS error, recorded as an ordinary error.
    """
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return None
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if (
            ip.is_private
            or ip.is_loopback
            or ip.is_link_local
            or ip.is_multicast
            or ip.is_reserved
            or ip.is_unspecified
        ):
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

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
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
        host = urlparse_cached(request).hostname or ""
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
        self._apply(urlparse_cached(request).hostname or "")
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
