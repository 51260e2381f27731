"""Crawl benchmark: our crawler (full extraction) against advertools' crawl, same site, same run.

    .venv/bin/python -m benchmarks.crawl [--pages 2000] [--venv /tmp/bench-venv]

Generates a 2,000-article synthetic clinic blog (benchmarks/crawl_site.py), serves it on
127.0.0.1, then crawls it with no delay:

* ours: ``scrapers.run.run_crawl`` (child process; robots.txt, BFS, trafilatura, extruct,
  htmldate, keyphrases, shingle hashes, SQLite), time from launch to summary;
* advertools: ``advertools.crawl(follow_links=True)`` (its own ``scrapy runspider`` child),
  installed only in a throwaway venv this script creates (never a project dependency).

Both get the same concurrency (16 requests, 4 per domain) and obey robots.txt. Prints pages/s
and the crawl child's peak RSS (``RUSAGE_CHILDREN``) for each, and the ratio.
Goal: ours >= advertools' pages/s, ours <= 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.crawl_site import generate  # noqa: E402
from scripts.serve_site import serve  # noqa: E402

ADVERTOOLS_RUN = textwrap.dedent(
    """
    import json, resource, sys, time
    import advertools as adv
    url, out = sys.argv[1], sys.argv[2]
    started = time.monotonic()
    adv.crawl(url, out, follow_links=True, allowed_domains=["127.0.0.1"], custom_settings={
        "LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": True, "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 4, "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
    })
    seconds = time.monotonic() - started
    pages = sum(1 for line in open(out) if '"status": 200' in line or '"status":200' in line)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "pages": pages, "peak_kb": peak_kb}))
    """
)


class TreeMemory:
    """Samples the summed RSS of this process's descendants (the crawl child and its
    extraction workers) every 0.1 s; `peak_kb` is the largest sum seen."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(0.1):
            parents: dict[int, int] = {}
            rss: dict[int, int] = {}
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    status = (entry / "status").read_text()
                except OSError:
                    continue
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                parents[int(entry.name)] = int(fields.get("PPid", "0").strip())
                rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
            total = 0
            for pid in rss:
                p = parents.get(pid, 0)
                while p and p != me:
                    p = parents.get(p, 0)
                if p == me:
                    total += rss[pid]
            self.peak_kb = max(self.peak_kb, total)


def ensure_advertools(venv: Path) -> Path:
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    probe = subprocess.run([str(python), "-c", "import advertools"], capture_output=True)
    if probe.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "-q", "advertools"], check=True)
    return python


def run_ours(folder: Path, url: str, pages: int) -> dict[str, float]:
    from clinicseo.config import load_config
    from scrapers.run import run_crawl

    (folder / "clinic.toml").write_text(
        textwrap.dedent(
            f"""
            [clinic]
            name = "Benchmark Clinic"
            site_url = "{url}/"
            [database]
            path = "bench.db"
            [crawl]
            allow_private_networks = true
            delay_s = 0.0
            autothrottle = false
            http_cache = false
            max_pages = {pages * 2}
            max_depth = 10
            time_limit_s = 3600
            [[competitors]]
            name = "bench"
            start_urls = ["{url}/"]
            [wordpress]
            url = "https://clinic.example"
            username = "bench"
            """
        )
    )
    config = load_config(folder / "clinic.toml")
    started = time.monotonic()
    with TreeMemory() as tree:
        summary = run_crawl(config, include_own=False)
    seconds = summary.duration_s or (time.monotonic() - started)
    # the largest single process among our descendants (the crawl child or a worker)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "seconds": seconds,
        "pages": summary.fetched.get("bench", 0),
        "peak_kb": peak_kb,
        "tree_kb": tree.peak_kb,
    }


def run_advertools(python: Path, folder: Path, url: str) -> dict[str, float]:
    out = folder / "advertools.jl"
    proc = subprocess.run(
        [str(python), "-c", ADVERTOOLS_RUN, url + "/", str(out)],
        capture_output=True,
        text=True,
        cwd=folder,
        # advertools runs `scrapy runspider` through a PATH lookup: put its venv first
        env={
            **os.environ,
            "PYTHONPATH": "",
            "PATH": f"{python.parent}{os.pathsep}{os.environ['PATH']}",
        },
    )
    if proc.returncode != 0:
        raise SystemExit(f"advertools failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--venv", type=Path, default=Path("/tmp/bench-venv"))
    parser.add_argument("--skip-advertools", action="store_true")
    args = parser.parse_args(argv)
    python = None if args.skip_advertools else ensure_advertools(args.venv)
    with tempfile.TemporaryDirectory(prefix="crawl-bench-") as tmp:
        folder = Path(tmp)
        total = generate(folder / "site", args.pages)
        print(f"site: {total} HTML pages ({args.pages} articles) in {folder / 'site'}")
        with serve(folder / "site") as site:
            ours = run_ours(folder, site.url, args.pages)
            theirs = run_advertools(python, folder, site.url) if python else None
    rate = ours["pages"] / ours["seconds"]
    print(
        f"ours:       {ours['pages']:>5} pages in {ours['seconds']:6.1f} s = {rate:6.1f} pages/s,"
        f" peak RSS {ours['peak_kb'] / 1024:6.1f} MB (largest process; crawl + workers"
        f" together {ours['tree_kb'] / 1024:.1f} MB) (full extraction, SQLite)"
    )
    if theirs:
        their_rate = theirs["pages"] / theirs["seconds"]
        print(
            f"advertools: {theirs['pages']:>5} pages in {theirs['seconds']:6.1f} s = "
            f"{their_rate:6.1f} pages/s, peak RSS {theirs['peak_kb'] / 1024:6.1f} MB (JSONL)"
        )
        print(
            f"ratio ours/advertools: {rate / their_rate:.2f}x pages/s "
            f"(goal >= 1.0), memory {ours['peak_kb'] / theirs['peak_kb']:.2f}x"
        )
    print(
        f"memory goal <= 300 MB (crawl + workers): "
        f"{'met' if ours['tree_kb'] <= 300 * 1024 else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
