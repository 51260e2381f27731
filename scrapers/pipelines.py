"""Extraction in worker processes, the item pipeline that stores pages, and the Recorder.

``extract_in_pool`` runs ``extract.extract_with_links`` in a pool of worker processes (the
spider awaits it for every page, so items arrive extracted, without a body).
``StorePipeline`` hands each page to the Recorder.
The Recorder writes pages and skips through ``clinicseo.store`` in small transactions (one
commit per page would cost an fsync per page) and counts them for the crawl summary.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing as mp
import sqlite3
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from clinicseo import store
from scrapers.extract import extract_with_links, warm_up
from scrapers.items import PageItem
from scrapers.links import HeadLinks

log = logging.getLogger(__name__)

BATCH = 50  # rows per transaction


class Recorder:
    """One site's writer: pages and skips into the crawl's rows, counted as they go.

    Skips are recorded once per (url, reason). `progress` prints a line to stderr now and
    then (the CLI turns it on for a terminal).
    """

    def __init__(self, db_path: str, crawl_id: int, site: str, *, progress: bool = False) -> None:
        self.conn: sqlite3.Connection = store.connect(db_path)
        self.crawl_id = crawl_id
        self.site = site
        self.progress = progress
        self.pages = 0
        self.skips: Counter[str] = Counter()
        self._pending: list[tuple[str, Any]] = []
        self._skipped: set[tuple[str, str]] = set()
        self._last_report = 0.0
        self.closed = False

    def page(self, page: dict[str, Any], *, is_own: bool) -> None:
        if self.closed:
            return
        self.pages += 1
        self._pending.append(("page", (page, is_own)))
        self._maybe_flush()

    def skip(self, url: str, reason: str, detail: str = "") -> None:
        if self.closed or (url, reason) in self._skipped:
            return
        self._skipped.add((url, reason))
        self.skips[reason] += 1
        self._pending.append(("skip", (url, reason, detail[:500])))
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        if len(self._pending) >= BATCH:
            self.flush()
        if self.progress and time.monotonic() - self._last_report > 1.0:
            self._last_report = time.monotonic()
            print(
                f"  {self.site}: {self.pages} pages, {sum(self.skips.values())} skipped",
                file=sys.stderr,
                flush=True,
            )

    def flush(self) -> None:
        if not self._pending:
            return
        with store.transaction(self.conn):
            for kind, args in self._pending:
                if kind == "page":
                    page, is_own = args
                    store.save_page(self.conn, self.crawl_id, page, is_own=is_own)
                else:
                    store.save_skip(self.conn, self.crawl_id, self.site, *args)
        self._pending.clear()

    def close(self) -> None:
        if self.closed:
            return
        self.flush()
        self.closed = True
        if self.progress:
            print(
                f"  {self.site}: done, {self.pages} pages, {sum(self.skips.values())} skipped",
                file=sys.stderr,
                flush=True,
            )
        self.conn.close()


_POOL: ProcessPoolExecutor | None = None


def extraction_pool(workers: int) -> ProcessPoolExecutor | None:
    """The process pool shared by every site's spider in this crawl (None: extract inline).

    Extraction (trafilatura, extruct, htmldate, keyphrases) is CPU-bound Python; in the reactor's
    process it would stall downloads and use one core. Workers are spawned (forking a process
    that runs a reactor and threads is unsafe) and warm up their imports while Scrapy starts.
    """
    global _POOL
    if workers > 0 and _POOL is None:
        _POOL = ProcessPoolExecutor(
            max_workers=workers, mp_context=mp.get_context("spawn"), initializer=warm_up
        )
    return _POOL


def shutdown_pool() -> None:
    global _POOL
    if _POOL is not None:
        _POOL.shutdown(wait=True, cancel_futures=True)
        _POOL = None


async def extract_in_pool(
    pool: ProcessPoolExecutor | None,
    url: str,
    body: bytes,
    encoding: str,
    status: int,
    site: str,
    depth: int | None,
) -> tuple[dict[str, Any], HeadLinks]:
    """``extract_with_links`` in the pool (inline without one, or when its worker died)."""
    args = (url, body, encoding, status, site, depth)
    if pool is not None:
        try:
            return await asyncio.wrap_future(pool.submit(extract_with_links, *args))
        except BrokenProcessPool as exc:
            log.warning("extraction worker failed (%s): extracting %s inline", exc, url)
    return extract_with_links(*args)


class StorePipeline:
    """Stores extracted pages through the spider's Recorder; stops at the page cap."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        spider: Any = self.crawler.spider
        if isinstance(item, PageItem):
            if spider.capped:
                raise DropItem(f"page cap reached: {item.url} not stored")
            spider.recorder.page(item.page, is_own=item.is_own)
            spider.page_stored()
        return item
