"""`clinicseo wordpress import` against the real local WordPress: the site's posts (any
status but trash) into blog_posts, with the focus keyphrase from Yoast's or Rank Math's
field; a trashed post leaves on the next import; the scheduler refreshes it daily."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from click.testing import CliRunner

from clinicseo import store
from clinicseo.cli import cli
from clinicseo.config import Config
from publisher.blog_import import import_due, import_posts
from publisher.scheduler import tick
from scripts.local_wordpress import LocalWordPress

pytestmark = pytest.mark.wordpress


def make_post(wp: LocalWordPress, title: str, status: str, meta: dict[str, str]) -> int:
    r = wp.rest("POST", "/wp/v2/posts", json={
        "title": title, "status": status, "meta": meta,
        "content": f"<!-- wp:paragraph -->\n<p>{title} &amp; its aftercare.</p>\n"
                   "<!-- /wp:paragraph -->",
    })  # fmt: skip
    r.raise_for_status()
    return int(r.json()["id"])


@pytest.mark.parametrize("api", ["xmlrpc", "rest"])
def test_import_reads_posts_with_their_keyphrase_and_drops_trashed_ones(
    api: str, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config(wordpress={"api": api})
    conn = store.connect(config.database.path)
    yoast = make_post(clean_wordpress, "Laser hair removal", "publish",
                      {"_yoast_wpseo_focuskw": "laser hair removal"})  # fmt: skip
    rank = make_post(clean_wordpress, "Chemical peels", "draft",
                     {"rank_math_focus_keyword": "chemical peel"})  # fmt: skip
    plain = make_post(clean_wordpress, "Clinic news", "publish", {})
    assert import_posts(conn, config) == 3
    got = {p["wp_id"]: p for p in store.blog_posts(conn)}
    assert got[yoast]["keyphrase"] == "laser hair removal"
    assert got[yoast]["status"] == "publish" and got[yoast]["url"].endswith("/laser-hair-removal/")
    assert got[yoast]["text"] == "Laser hair removal & its aftercare."
    assert got[rank]["keyphrase"] == "chemical peel" and got[rank]["status"] == "draft"
    assert got[plain]["keyphrase"] is None
    assert got[plain]["categories"] == ["Uncategorized"]
    clean_wordpress.rest("DELETE", f"/wp/v2/posts/{rank}").raise_for_status()  # to the trash
    assert import_posts(conn, config) == 2
    assert {p["wp_id"] for p in store.blog_posts(conn)} == {yoast, plain}


def test_the_cli_imports_and_the_scheduler_refreshes_daily(
    wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config(schedule={"crawl": "", "watchdog_minutes": 0})
    make_post(clean_wordpress, "Laser hair removal", "publish", {})
    out = CliRunner().invoke(cli, ["wordpress", "import", "--config", str(config.path)])
    assert out.exit_code == 0 and "imported 1 post(s)" in out.output
    conn = store.connect(config.database.path)
    now = store.now_utc()  # the job's record carries the real clock
    assert import_due(conn, config, now)  # the CLI's import is not the scheduler's
    assert tick(conn, config, now)["blog_import"] == "ok"
    assert tick(conn, config, now)["blog_import"] is None
    assert not import_due(conn, config, now + timedelta(hours=23))
    assert import_due(conn, config, now + timedelta(hours=24, minutes=1))
