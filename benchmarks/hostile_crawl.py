"""How many requests a hostile competitor draws: one page linking 50,000 dead URLs (plus a
PNG served as text/html, formula and escape-sequence headings, IPv6 literals), crawled with
the default caps (max_pages 500, so a budget of 2 x 500 + 50 requests). Before the budget
this drew 40,124 requests; prints what the server saw now.

    .venv/bin/python -m benchmarks.hostile_crawl [--dead-links N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tomllib
from pathlib import Path

from clinicseo.config import load_config
from scrapers.run import run_crawl
from scripts.serve_site import serve
from tests import test_crawl_hostile as hostile
from tests.fixtures.config import EXAMPLE, dump_toml


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dead-links", type=int, default=50_000)
    args = parser.parse_args()
    hostile.DEAD_LINKS = args.dead_links
    with tempfile.TemporaryDirectory() as tmp:
        root, folder = Path(tmp) / "site", Path(tmp) / "run"
        root.mkdir()
        folder.mkdir()
        hostile.write_site(root, None)
        site = serve(root)
        data = tomllib.loads(EXAMPLE.read_text())
        data["database"] = {"path": "clinicseo.db"}
        data["crawl"].update(
            {
                "allow_private_networks": True,
                "delay_s": 0.0,
                "autothrottle": False,
                "http_cache": False,
            }
        )
        data["competitors"] = [{"name": "hostile", "start_urls": [site.url + "/"]}]
        (folder / "clinic.toml").write_text(dump_toml(data))
        config = load_config(folder / "clinic.toml")
        budget = config.crawl.max_requests or 2 * config.crawl.max_pages + 50
        started = time.monotonic()
        summary = run_crawl(config, include_own=False)
        took = time.monotonic() - started
        site.close()
    print(f"dead links on the page: {args.dead_links:,}")
    print(f"request budget: {budget:,}; requests the server saw: {len(site.requested):,}")
    print(f"crawl time: {took:.1f} s")
    for line in summary.lines():
        print(line)


if __name__ == "__main__":
    main()
