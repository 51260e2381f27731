"""Scrapy settings: the polite, bounded defaults, and the mapping from ``[crawl]`` config.

The module-level names are Scrapy's usual project settings. ``crawl_settings(config)`` adds
what comes from the clinic's config file (delay, caps, cache, user agent...). Only the crawl
child process (``scrapers.run``) uses them.
"""

from __future__ import annotations

from typing import Any

from clinicseo.config import Config

BOT_NAME = "clinicseo"
SPIDER_MODULES = ["scrapers.spiders"]
NEWSPIDER_MODULE = "scrapers.spiders"

ROBOTSTXT_OBEY = True
ROBOTSTXT_PARSER = "scrapy.robotstxt.ProtegoRobotParser"
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
RETRY_TIMES = 1
REDIRECT_MAX_TIMES = 10
METAREFRESH_ENABLED = True
DNSCACHE_ENABLED = True
# The default resolver (gethostbyname) is IPv4-only: an IPv6 literal host ("http://[::1]/")
# failed as "DNS lookup failed". This one resolves both families (getaddrinfo).
TWISTED_DNS_RESOLVER = "scrapy.resolver.CachingHostnameResolver"

# Breadth-first: the spider gives each page priority -depth, and the queues are FIFO
# (Scrapy's default is LIFO, i.e. depth-first). DEPTH_LIMIT stays 0: the spider counts clicks
# from the start URLs itself, so sitemap hops do not count as depth.
DEPTH_LIMIT = 0
DEPTH_PRIORITY = 0
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

HTTPCACHE_POLICY = (
    "scrapy.extensions.httpcache.RFC2616Policy"  # revalidates with ETag/Last-Modified
)
HTTPCACHE_STORAGE = "scrapy.extensions.httpcache.FilesystemCacheStorage"
HTTPCACHE_GZIP = True
# Re-crawls revalidate every cached page (ETag / Last-Modified), so only changed pages are
# transferred. RFC2616Policy skips the validators when a response said "no-cache" (it then
# refetches in full), so that directive is ignored on stored responses, and each request asks
# for revalidation with "max-age=0", as a browser's reload does.
HTTPCACHE_IGNORE_RESPONSE_CACHE_CONTROLS = ["no-cache"]
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en",
    "Cache-Control": "max-age=0",
}

DOWNLOADER_MIDDLEWARES = {
    "scrapers.middlewares.GuardMiddleware": 40,  # before robots.txt (100) and the cache
    # The guard does the offsite check itself and records why; Scrapy's own would drop
    # off-site redirects silently at scheduling time.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "scrapers.middlewares.CrawlDelayMiddleware": 110,  # after robots.txt is parsed
}
ITEM_PIPELINES = {"scrapers.pipelines.StorePipeline": 800}
# Extraction worker processes (0: extract in the crawl process). The worker parses each page
# once and also reads its links, so the crawl process never parses HTML. With one, a bulk
# crawl with no delay runs at ~100-145 pages/s on 2 cores in ~190 MB (crawl + worker,
# benchmarks/crawl.py); a second worker did not help there (the crawl process is the limit)
# and adds ~70 MB. A polite crawl (delay_s = 1) needs far less than one.
CLINICSEO_EXTRACT_WORKERS = 1
# Back-pressure: Scrapy stops downloading while this many response bytes wait for their
# callbacks and pipelines (extraction is the slow step; default 5 MB is ~800 pages waiting).
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 1_000_000
# A page callback yields one item and a few requests; Scrapy starts this many asyncio tasks
# per response to handle them (the default, 100, cost ~1.5 ms a page in task churn).
CONCURRENT_ITEMS = 8
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "WARNING"
LOG_INSTALL_ROOT_HANDLER = True


def crawl_settings(
    config: Config, *, trusted_hosts: list[str], progress: bool = False
) -> dict[str, Any]:
    """All settings for one crawl run: this module's defaults plus the config's ``[crawl]``."""
    crawl = config.crawl
    base = {k: v for k, v in globals().items() if k.isupper()}
    base.update(
        USER_AGENT=config.user_agent,
        ROBOTSTXT_OBEY=crawl.obey_robots,
        DOWNLOAD_DELAY=crawl.delay_s,
        AUTOTHROTTLE_ENABLED=crawl.autothrottle,
        AUTOTHROTTLE_START_DELAY=max(crawl.delay_s, 1.0),
        AUTOTHROTTLE_TARGET_CONCURRENCY=1.0,
        DOWNLOAD_TIMEOUT=crawl.timeout_s or 180,
        DOWNLOAD_MAXSIZE=crawl.max_page_bytes,
        DOWNLOAD_WARNSIZE=0,
        CLOSESPIDER_TIMEOUT=crawl.time_limit_s,
        HTTPCACHE_ENABLED=crawl.http_cache,
        HTTPCACHE_DIR=str(crawl.cache_dir),
        HTTPCACHE_EXPIRATION_SECS=0,
        CLINICSEO_ALLOW_PRIVATE=crawl.allow_private_networks,
        CLINICSEO_TRUSTED_HOSTS=trusted_hosts,
        LOG_LEVEL="WARNING" if progress else "ERROR",
    )
    return base
