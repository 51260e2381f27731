"""Run a crawl: ``run_crawl(config)`` in the caller, Scrapy in a child process.

The Twisted reactor cannot restart within a process, and a long-running service (the
scheduler) crawls every week, so each crawl runs ``[sys.executable, "-m", "scrapers.run",
...]`` (never a PATH lookup). The child records the crawl, its pages and skips through
``clinicseo.store`` and prints one JSON summary line on stdout; the parent reads it, then
refreshes the topic ranking.

Failure modes: an unknown ``--site`` name raises ``UsageError`` (naming it) before anything
starts (a bad include/exclude regex is a ``ConfigError`` when the config loads); a child that
fails or overruns ``time_limit_s`` by more than two minutes raises ``CrawlError`` with the
last lines of its log. Single bad pages are skips, never errors.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from clinicseo import store
from clinicseo.config import Config, load_config
from clinicseo.errors import ClinicSeoError, CrawlError, UsageError
from scrapers.items import OWN_SITE, SiteSpec
from scrapers.urls import host_of

SUMMARY_PREFIX = "CLINICSEO-CRAWL-SUMMARY "
_PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass
class CrawlSummary:
    """What one crawl did: pages stored per site, skips per reason (with example URLs)."""

    crawl_id: int
    fetched: dict[str, int]
    skipped: dict[str, int]
    examples: dict[str, list[str]] = field(default_factory=dict)
    duration_s: float = 0.0
    topics: int = 0

    def lines(self) -> list[str]:
        total = sum(self.fetched.values())
        out = [f"crawl {self.crawl_id}: {total} pages in {self.duration_s:.1f} s"]
        out += [f"  {site}: {n} pages" for site, n in sorted(self.fetched.items())]
        if self.skipped:
            out.append(f"skipped {sum(self.skipped.values())}:")
            for reason, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])):
                example = self.examples.get(reason, [])
                out.append(f"  {reason}: {n}" + (f" (e.g. {example[0]})" if example else ""))
        out.append(f"topics: {self.topics} ranked")
        return out


def site_specs(
    config: Config,
    sites: Sequence[str] | None = None,
    max_pages: int | None = None,
    include_own: bool = True,
) -> list[SiteSpec]:
    """The sites to crawl. Raises UsageError for an unknown site name (include/exclude regexes
    were checked when the config loaded)."""
    known = {c.name for c in config.competitors}
    wanted = set(sites or ())
    unknown = sorted(wanted - known - {OWN_SITE})
    if unknown:
        choices = ", ".join(sorted(known | {OWN_SITE}))
        raise UsageError(f"unknown site {', '.join(unknown)!s}: the config has {choices}")
    cap = config.crawl.max_pages if max_pages is None else max_pages
    # Requests, not only stored pages, are bounded: dead links and redirects cost requests.
    budget = config.crawl.max_requests or 2 * cap + 50
    specs = []
    for comp in config.competitors:
        if wanted and comp.name not in wanted:
            continue
        # a SiteSpec is the [[competitors]] table plus the crawl's caps
        specs.append(
            SiteSpec(
                **asdict(comp),
                max_pages=cap,
                max_depth=config.crawl.max_depth,
                max_requests=budget,
            )
        )
    if include_own and (not wanted or OWN_SITE in wanted):
        own = config.crawl.own_site_urls or (config.clinic.site_url,)
        specs.append(
            SiteSpec(
                name=OWN_SITE,
                start_urls=tuple(own),
                is_own=True,
                max_pages=cap,
                max_depth=config.crawl.max_depth,
                max_requests=budget,
            )
        )
    return specs


def trusted_hosts(specs: Sequence[SiteSpec]) -> list[str]:
    """The hosts named in the config: the only ones allow_private_networks lets be private."""
    hosts = {host_of(u) for s in specs for u in (*s.start_urls, *s.sitemap_urls, *s.feed_urls)}
    hosts |= {d.lower() for s in specs for d in s.allowed_domains}
    return sorted(hosts - {""})


def run_crawl(
    config: Config,
    *,
    sites: Sequence[str] | None = None,
    max_pages: int | None = None,
    include_own: bool = True,
    progress: bool = False,
) -> CrawlSummary:
    """Crawl the configured sites in a child process, then refresh the topics."""
    specs = site_specs(config, sites, max_pages, include_own)  # validate before starting
    if not specs:
        raise UsageError("nothing to crawl: the config has no [[competitors]]")
    cmd = [sys.executable, "-m", "scrapers.run", "--config", str(config.path)]
    for name in sites or ():
        cmd += ["--site", name]
    if max_pages is not None:
        cmd += ["--max-pages", str(max_pages)]
    if not include_own:
        cmd.append("--no-own")
    if progress:
        cmd.append("--progress")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(_PROJECT_ROOT), os.environ.get("PYTHONPATH", "")) if p
        ),
    }
    started = time.monotonic()
    with tempfile.TemporaryFile() as log:
        try:
            proc = subprocess.run(
                cmd,
                stdout=subprocess.PIPE,
                stderr=None if progress else log,
                env=env,
                timeout=config.crawl.time_limit_s + 120,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise CrawlError(
                f"the crawl overran its time limit ({config.crawl.time_limit_s} s)"
            ) from None
        log.seek(0)
        tail = log.read().decode("utf-8", "replace").strip().splitlines()[-5:]
    summary = _parse_summary(proc.stdout.decode("utf-8", "replace"))
    if proc.returncode != 0 or summary is None:
        cause = "; ".join(tail) or f"exit status {proc.returncode}"
        raise CrawlError(f"the crawl failed: {cause}")
    summary.duration_s = time.monotonic() - started
    from clinicseo.topic_terms import load_vocabulary
    from clinicseo.topics import refresh_topics

    conn = store.connect(config.database.path)
    try:
        summary.topics = len(refresh_topics(conn, load_vocabulary(config.topics.vocabulary)))
    finally:
        conn.close()
    return summary


def _parse_summary(stdout: str) -> CrawlSummary | None:
    for line in reversed(stdout.splitlines()):
        if line.startswith(SUMMARY_PREFIX):
            data = json.loads(line[len(SUMMARY_PREFIX) :])
            return CrawlSummary(**data)
    return None


# --- the child process ------------------------------------------------------------------------


def _crawl(config: Config, specs: list[SiteSpec], *, progress: bool) -> dict[str, Any]:
    from scrapy.crawler import CrawlerProcess

    from scrapers.pipelines import Recorder, shutdown_pool
    from scrapers.settings import crawl_settings
    from scrapers.spiders.site import SiteSpider

    conn = store.connect(config.database.path)
    crawl_id = store.start_crawl(conn, [s.name for s in specs])
    outcome = "failed"
    try:
        settings = crawl_settings(config, trusted_hosts=trusted_hosts(specs), progress=progress)
        process = CrawlerProcess(settings)
        for spec in specs:
            recorder = Recorder(str(config.database.path), crawl_id, spec.name, progress=progress)
            process.crawl(SiteSpider, spec=spec, recorder=recorder)
        process.start()
        outcome = "finished"
    finally:
        shutdown_pool()
        fetched = store.crawl_page_counts(conn, crawl_id)
        skips = store.list_skips(conn, crawl_id)
        store.finish_crawl(
            conn, crawl_id, fetched=sum(fetched.values()), skipped=len(skips), outcome=outcome
        )
        conn.close()
    skipped: dict[str, int] = {}
    examples: dict[str, list[str]] = {}
    for s in skips:
        skipped[s["reason"]] = skipped.get(s["reason"], 0) + 1
        if len(examples.setdefault(s["reason"], [])) < 3:
            examples[s["reason"]].append(s["url"])
    for spec in specs:
        fetched.setdefault(spec.name, 0)
    return {"crawl_id": crawl_id, "fetched": fetched, "skipped": skipped, "examples": examples}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scrapers.run",
        description="Crawl competitors (the child process of run_crawl).",
    )
    parser.add_argument("--config", required=True)
    parser.add_argument("--site", action="append", default=[])
    parser.add_argument("--max-pages", type=int)
    parser.add_argument("--no-own", action="store_true")
    parser.add_argument("--progress", action="store_true")
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
        specs = site_specs(config, args.site or None, args.max_pages, not args.no_own)
        result = _crawl(config, specs, progress=args.progress)
    except ClinicSeoError as exc:  # a bad config or site name: its message says which
        print(f"error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, UsageError) else 1
    except Exception as exc:  # noqa: BLE001 - the parent shows this line as the cause
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(SUMMARY_PREFIX + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
