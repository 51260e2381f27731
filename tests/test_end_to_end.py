"""The whole path on real parts: a competitor site served on 127.0.0.1 is crawled with Scrapy,
drafts are generated and scored, one is approved and published to a real local WordPress,
read back from WordPress, and a second publish run posts nothing twice.

The user-facing steps go through the `clinicseo` command exactly as staff type them; the
publish at the slot goes through `publish_due(now)` with a fixed clock, as the scheduler
calls it, so the test does not wait for Thursday.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from clinicseo import store
from clinicseo.config import Config

REPO = Path(__file__).resolve().parents[1]
PASSWORD_ENV = "CLINICSEO_E2E_WP_PASSWORD"

pytestmark = pytest.mark.wordpress


def clinicseo(config: Config, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "clinicseo", "--config", str(config.path), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **env},
        timeout=300,
    )
    assert result.returncode == 0, f"clinicseo {' '.join(args)} failed:\n{result.stderr}"
    return result


def wp_get(wordpress: Any, route: str, **params: Any) -> Any:
    """Read WordPress's own view over REST (authenticated, edit context: drafts included)."""
    response = requests.get(
        wordpress.url.rstrip("/") + "/",
        params={"rest_route": route, "context": "edit", **params},
        auth=(wordpress.admin_user, wordpress.app_password),
        timeout=30,
    )
    response.raise_for_status()
    return response.json()


def test_competitor_page_to_wordpress_post_exactly_once(
    make_config: Callable[..., Config],
    competitor_site: Any,
    own_blog_site: Any,
    clean_wordpress: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wordpress = clean_wordpress
    config = make_config(
        clinic={"site_url": own_blog_site.url},
        crawl={
            "allow_private_networks": True,
            "delay_s": 0.0,
            "autothrottle": False,
            "http_cache": False,
            "max_pages": 50,
        },
        competitors=[{"name": "competitor-a", "start_urls": [competitor_site.url]}],
        wordpress={
            "url": wordpress.url,
            "username": wordpress.admin_user,
            "password_env": PASSWORD_ENV,
            "api": "xmlrpc",
        },
    )
    env = {PASSWORD_ENV: wordpress.admin_password}

    # 1. crawl the competitor (and our blog, for gaps); pages and topics come out
    crawl = clinicseo(config, "crawl", env=env)
    assert "competitor-a" in crawl.stdout
    pages = [json.loads(line) for line in clinicseo(config, "pages", env=env).stdout.splitlines()]
    competitor_pages = [p for p in pages if p["site"] == "competitor-a"]
    assert len(competitor_pages) >= 3
    assert all(p["url"].startswith(competitor_site.url) for p in competitor_pages)
    topics = json.loads(clinicseo(config, "topics", "--format", "json", env=env).stdout)
    assert topics, "a crawl of a clinic blog yields topics"

    # 2. generate scored drafts for a topic
    clinicseo(
        config, "generate", "--topic", "microneedling and inflammation", "--variants", "3", env=env
    )
    drafts = json.loads(clinicseo(config, "drafts", "--format", "json", env=env).stdout)
    assert len(drafts) == 3
    assert all(d["state"] == "draft" for d in drafts)
    assert all(
        0 < d["scores"]["readability"] <= 100 and 0 < d["scores"]["seo"] <= 100 for d in drafts
    )

    # 3. approve one for the next slot; nothing goes out before its time
    chosen = max(drafts, key=lambda d: (d["approvable"], d["scores"]["seo"]))
    if not chosen["approvable"]:  # one person overrides, another approves (two_person_override)
        clinicseo(config, "override", str(chosen["id"]), "--by", "dr-lee", "--reason",
                  "end-to-end test: reviewed by a person", env=env)
    clinicseo(config, "approve", str(chosen["id"]), "--by", "mia", env=env)
    detail = json.loads(clinicseo(config, "show", str(chosen["id"]), env=env).stdout)
    assert detail["state"] == "scheduled"
    slot = datetime.fromisoformat(detail["publish_at"])
    early = clinicseo(config, "publish", "--due", env=env)
    assert "0 published, 0 failed" in early.stdout
    assert (
        json.loads(clinicseo(config, "show", str(chosen["id"]), env=env).stdout)["wordpress_id"]
        is None
    )

    # 4. at the slot the publisher sends it (the scheduler's job, driven with a fixed clock)
    from publisher.jobs import publish_due

    monkeypatch.setenv(PASSWORD_ENV, wordpress.admin_password)
    conn = store.connect(config.database.path)
    try:
        publish_due(conn, config, slot + timedelta(minutes=1))
        published = store.get_draft(conn, chosen["id"])
        assert published["state"] == "published", published["last_error"]
        post_id = published["wordpress_id"]
        assert post_id

        # 5. WordPress has it: title, content, status, categories and tags
        post = wp_get(wordpress, f"/wp/v2/posts/{post_id}")
        assert post["title"]["raw"] == detail["title"]
        assert post["status"] == "publish"
        assert post["slug"] == detail["slug"]
        first_heading = detail["html"].split("</h2>")[0].split(">")[-1]
        assert first_heading and first_heading in post["content"]["raw"]
        categories = {
            c["name"]
            for c in wp_get(wordpress, "/wp/v2/categories", per_page=100)
            if c["id"] in post["categories"]
        }
        tags = {
            t["name"]
            for t in wp_get(wordpress, "/wp/v2/tags", per_page=100)
            if t["id"] in post["tags"]
        }
        assert set(detail["categories"]) <= categories
        assert set(detail["tags"]) <= tags

        # 6. running publish again posts nothing twice
        publish_due(conn, config, slot + timedelta(minutes=5))
    finally:
        conn.close()
    again = clinicseo(config, "publish", "--due", env=env)
    assert "0 published, 0 failed" in again.stdout
    every_post = wp_get(wordpress, "/wp/v2/posts", status="any", per_page=100)
    same_title = [p["id"] for p in every_post if p["title"]["raw"] == detail["title"]]
    assert same_title == [int(post_id)]  # a duplicate would show up as "slug-2", same title
    history = json.loads(clinicseo(config, "show", str(chosen["id"]), env=env).stdout)["history"]
    assert [h["action"] for h in history].count("published") == 1
