"""Real Scrapy crawls (run_crawl -> child process) of the fictional sites served on 127.0.0.1."""

from __future__ import annotations

import sqlite3
import tomllib
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from clinicseo import store
from clinicseo.config import load_config
from clinicseo.errors import ConfigError, UsageError
from clinicseo.topics import format_topics
from scrapers.run import run_crawl
from scripts.serve_site import serve
from tests.fixtures.config import EXAMPLE, dump_toml
from tests.fixtures.sites import SITES

LOCAL = {"allow_private_networks": True, "delay_s": 0.0, "autothrottle": False}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """One full crawl of both competitors and our blog, shared by the read-only tests below."""
    a, b, ours = (serve(SITES / n) for n in ("competitor-a", "competitor-b", "ours"))
    folder = tmp_path_factory.mktemp("crawl")
    data = tomllib.loads(EXAMPLE.read_text())
    data["database"] = {"path": "clinicseo.db"}
    data["clinic"]["site_url"] = ours.url + "/blog/"
    data["crawl"].update(LOCAL)
    data["competitors"] = [
        {"name": "competitor-a", "start_urls": [a.url + "/"]},
        {"name": "competitor-b", "start_urls": [b.url]},
    ]
    (folder / "clinic.toml").write_text(dump_toml(data))
    config = load_config(folder / "clinic.toml")
    summary = run_crawl(config)
    conn = store.connect(config.database.path)
    pages = store.list_pages(conn)
    ns = SimpleNamespace(
        config=config,
        summary=summary,
        conn=conn,
        a=a,
        b=b,
        ours=ours,
        pages={p["url"]: p for p in pages},
        skips=store.list_skips(conn, summary.crawl_id),
    )
    try:
        yield ns
    finally:
        conn.close()
        for site in (a, b, ours):
            site.close()


def paths(crawl: SimpleNamespace, site: str) -> set[str]:
    server = {"competitor-a": crawl.a, "competitor-b": crawl.b, "ours": crawl.ours}[site]
    return {u[len(server.url) :] for u, p in crawl.pages.items() if p["site"] == site}


def skip(crawl: SimpleNamespace, reason: str) -> list[dict[str, Any]]:
    return [s for s in crawl.skips if s["reason"] == reason]


def test_pages_come_from_links_sitemaps_and_feeds_once_each(crawl: SimpleNamespace) -> None:
    assert paths(crawl, "competitor-a") == {
        "/",
        "/blog/",
        "/blog/acne-scars/",
        "/blog/chemical-peels/",
        "/blog/draft-preview/",  # noindex: recorded, with its robots value
        "/blog/led-light-therapy/",  # only in the RSS feed
        "/blog/microneedling-aftercare/",  # only in the gzip sitemap (an island)
        "/blog/microneedling-guide/",
        "/blog/rosacea-triggers/",
        "/blog/skin-barrier/",
        "/treatments/microneedling/",  # only in the gzip sitemap
    }
    assert paths(crawl, "competitor-b") == {
        "/",
        "/articles/",
        "/articles/acne-scar-treatments/",
        "/articles/faq/",
        "/articles/microneedling-recovery/",
        "/articles/rosacea-and-diet/",
    }
    assert paths(crawl, "ours") == {
        "/blog/",
        "/blog/calming-inflammation/",
        "/blog/microneedling-explained/",
    }
    # linked plainly, with utm parameters and a fragment, via a redirect, in the feed and in
    # the sitemap: fetched once
    assert crawl.a.requested.count("/blog/microneedling-guide/") == 1
    assert crawl.a.requested.count("/") == 1  # the start URL, linked again from every page
    assert crawl.pages[crawl.a.url + "/blog/draft-preview/"]["robots"] == "noindex, nofollow"
    assert "/blog/secret-campaign/" not in crawl.a.requested  # only linked from a nofollow page
    assert crawl.summary.fetched == {"competitor-a": 11, "competitor-b": 6, "ours": 3}
    own = {u for u, p in crawl.pages.items() if p["is_own"]}
    assert own == {u for u, p in crawl.pages.items() if p["site"] == "ours"}


def test_robots_txt_disallowed_pages_are_never_requested(crawl: SimpleNamespace) -> None:
    assert not any(p.startswith("/private/") for p in crawl.a.requested)
    assert [s["url"] for s in skip(crawl, "robots")] == [crawl.a.url + "/private/staff-notes/"]
    agents = {r["user_agent"] for r in crawl.a.requests}
    assert agents == {crawl.config.user_agent}


def test_crawl_delay_is_honoured(crawl: SimpleNamespace) -> None:
    # robots.txt says Crawl-delay: 0.2; once it is read, requests to the host are spaced by
    # it (measured on arrival, so connection set-up blurs each gap by some milliseconds).
    times = [r["at"] for r in crawl.a.requests if r["path"] != "/robots.txt"]
    gaps = sorted(later - earlier for earlier, later in zip(times, times[1:], strict=False))
    assert len(gaps) > 10
    assert gaps[0] >= 0.1
    assert gaps[len(gaps) // 2] >= 0.18


def test_assets_are_never_pages(crawl: SimpleNamespace) -> None:
    asset = (".pdf", ".png", ".jpg", ".xml", ".gz")
    assert not any(u.endswith(asset) for u in crawl.pages)
    assert not any(p.startswith(("/files/", "/images/")) for p in crawl.a.requested)


def test_offsite_private_redirects_errors_and_loops_are_refused_with_a_reason(
    crawl: SimpleNamespace,
) -> None:
    (private,) = skip(crawl, "private_address")
    assert private["url"] == "http://169.254.169.254/latest/meta-data/"
    assert crawl.a.url + "/go/partner-offer" in private["detail"]
    offsite = {s["url"] for s in skip(crawl, "offsite")}
    assert offsite == {
        "https://socialnetwork.example/glowhaven",
        "https://dermatology-association.example/rosacea",
    }
    statuses = {s["url"]: s["detail"] for s in skip(crawl, "http_status")}
    assert statuses == {
        crawl.a.url + "/blog/retired-post/": "HTTP 404",
        crawl.a.url + "/blog/booking-error/": "HTTP 500",
    }
    (loop,) = [s for s in skip(crawl, "error") if "loop" in s["detail"]]
    assert loop["url"] == crawl.a.url + "/loop-a"
    duplicates = {s["url"] for s in skip(crawl, "duplicate")}
    assert crawl.a.url + "/old-journal/microneedling" in duplicates
    lines = "\n".join(crawl.summary.lines())
    assert "private_address: 1" in lines and "competitor-a: 11 pages" in lines


def test_extracted_fields_reach_the_database(crawl: SimpleNamespace) -> None:
    acne = crawl.pages[crawl.a.url + "/blog/acne-scars/"]
    assert acne["h1"] == []
    assert acne["h2"][0] == "Acne Scars? Let's Help"
    assert acne["published"] == "2025-01-20"
    assert acne["status"] == 200
    assert acne["depth"] in (1, 2)  # from the sitemap or from /blog/, whichever came first
    assert crawl.pages[crawl.a.url + "/"]["depth"] == 0
    rosacea = crawl.pages[crawl.a.url + "/blog/rosacea-triggers/"]
    assert rosacea["jsonld_types"] == ["MedicalWebPage"]  # the invalid block did not lose it
    peels = crawl.pages[crawl.a.url + "/blog/chemical-peels/"]
    assert "Do chemical peels hurt?" in peels["questions"]
    assert peels["keyphrases"] and peels["word_count"] > 100 and peels["shingles"]
    recovery = crawl.pages[crawl.b.url + "/articles/microneedling-recovery/"]
    assert recovery["h2"][0] == "Microneedling recovery, day by day"


def test_competitor_body_text_is_nowhere_in_the_database(crawl: SimpleNamespace) -> None:
    dump = "\n".join(sqlite3.connect(crawl.config.database.path).iterdump())
    assert "The three common types of acne scars" in dump  # headings are kept...
    for sentence in (  # ...the prose is not
        "repair process thickens the collagen layer",
        "Patterns usually appear sooner than people expect",
        "Subcision releases the bands that pull rolling scars down",
        "Most people feel warmth or tingling for a few minutes",  # an FAQ answer
    ):
        assert sentence not in dump


def test_topics_rank_shared_competitor_topics_and_find_our_gaps(crawl: SimpleNamespace) -> None:
    topics = {t["key"]: t for t in store.list_topics(crawl.conn)}
    assert crawl.summary.topics == len(topics) > 10
    ranked = [t["key"] for t in store.list_topics(crawl.conn)]
    for key in ("acne scar", "rosacea trigger", "microneedling", "chemical peel"):
        assert topics[key]["competitors"] == ["competitor-a", "competitor-b"], key
        assert ranked.index(key) < 15, key
    assert topics["microneedling"]["covered_by_us"] is True  # "Microneedling explained"
    assert topics["microneedling aftercare"]["covered_by_us"] is True
    assert topics["rosacea trigger"]["covered_by_us"] is False
    gaps = store.list_topics(crawl.conn, gaps_only=True)
    assert "rosacea trigger" in {t["key"] for t in gaps}
    assert "microneedling" not in {t["key"] for t in gaps}
    evidence = {e["url"] for e in topics["rosacea trigger"]["evidence"]}
    assert crawl.a.url + "/blog/rosacea-triggers/" in evidence
    assert crawl.b.url + "/articles/rosacea-and-diet/" in evidence
    assert topics["rosacea trigger"]["brief"]["word_count"]["median"] > 100
    table = format_topics(gaps, "table", gaps=True)
    assert crawl.b.url + "/articles/rosacea-and-diet/" in table


def test_recrawl_revalidates_with_conditional_requests(
    make_config: Any, second_competitor_site: Any
) -> None:
    site = second_competitor_site
    config = make_config(
        crawl=LOCAL, competitors=[{"name": "riverbend", "start_urls": [site.url + "/"]}]
    )
    first = run_crawl(config, include_own=False)
    before = len(site.requests)
    second = run_crawl(config, include_own=False)
    again = [r for r in site.requests[before:] if r["path"].endswith("/")]
    assert first.fetched == second.fetched == {"riverbend": 6}
    assert len(again) == 6
    assert all(r["if_none_match"] and r["status"] == 304 for r in again)
    conn = store.connect(config.database.path)
    assert store.crawl_page_counts(conn, second.crawl_id) == {"riverbend": 6}


def test_a_loopback_site_is_refused_unless_private_networks_are_allowed(
    make_config: Any, second_competitor_site: Any
) -> None:
    site = second_competitor_site
    config = make_config(
        crawl={**LOCAL, "allow_private_networks": False, "http_cache": False},
        competitors=[{"name": "riverbend", "start_urls": [site.url + "/"]}],
    )
    summary = run_crawl(config, include_own=False)
    assert summary.fetched == {"riverbend": 0}
    assert site.requested == []
    conn = store.connect(config.database.path)
    refused = store.list_skips(conn, summary.crawl_id)
    assert {(s["url"], s["reason"]) for s in refused} == {(site.url + "/", "private_address")}


def test_caps_patterns_and_size_limit(make_config: Any, competitor_site: Any) -> None:
    site = competitor_site
    config = make_config(
        crawl={**LOCAL, "http_cache": False, "max_page_bytes": 2400},
        competitors=[
            {
                "name": "glowhaven",
                "start_urls": [site.url + "/blog/"],
                "include": ["/blog/"],
                "exclude": ["/blog/draft", "/blog/skin-barrier/"],
            }
        ],
    )
    summary = run_crawl(config, include_own=False, max_pages=4)
    assert summary.fetched == {"glowhaven": 4}
    conn = store.connect(config.database.path)
    stored = [p["url"] for p in store.list_pages(conn)]
    assert all("/blog/" in u and "draft" not in u for u in stored)
    reasons = {
        (s["url"][len(site.url) :], s["reason"]) for s in store.list_skips(conn, summary.crawl_id)
    }
    assert ("/blog/draft-preview/", "excluded") in reasons
    assert ("/", "excluded") in reasons  # linked, but outside include
    assert ("/blog/microneedling-guide/", "too_large") in reasons  # 2,495 bytes
    assert "/blog/draft-preview/" not in site.requested


def test_unknown_site_and_bad_patterns_are_usage_errors(make_config: Any) -> None:
    config = make_config(competitors=[{"name": "a", "start_urls": ["https://a.example/"]}])
    with pytest.raises(UsageError, match="nope"):
        run_crawl(config, sites=["nope"])
    # A bad pattern is refused when the config loads (config_rules), before any crawl.
    with pytest.raises(ConfigError, match=r"include\[0\]: expected a regular expression"):
        make_config(
            competitors=[{"name": "a", "start_urls": ["https://a.example/"], "include": ["(blog"]}]
        )


def test_serve_site_answers_conditional_requests_and_scripted_routes(tmp_path: Path) -> None:
    import urllib.error
    import urllib.request

    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text("<html><body>hi</body></html>")
    (tmp_path / "routes.json").write_text('{"/gone": {"status": 410}}')
    with serve(tmp_path) as site:
        first = urllib.request.urlopen(site.url + "/page/")
        etag = first.headers["ETag"]
        request = urllib.request.Request(site.url + "/page/", headers={"If-None-Match": etag})
        with pytest.raises(urllib.error.HTTPError) as not_modified:
            urllib.request.urlopen(request)
        with pytest.raises(urllib.error.HTTPError) as gone:
            urllib.request.urlopen(site.url + "/gone")
    assert not_modified.value.code == 304 and gone.value.code == 410
    assert site.requested == ["/page/", "/page/", "/gone"]
