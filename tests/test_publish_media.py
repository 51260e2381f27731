"""The article image end to end against the real local WordPress: the template's image src
names a real asset; publishing uploads it once, points the post's <img> at the media item
(served with the image bytes) and features it; the draft's approved text never changes; a
second post and a crash after the upload reuse the same item."""

from __future__ import annotations

import json
import sqlite3
import tomllib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from clinicseo import store
from clinicseo.config import Config
from clinicseo.library import load_library
from publisher.jobs import publish_due
from publisher.media import ASSETS_DIR, asset_name, referenced_assets, rewrite_sources
from publisher.wordpress import RemoteMedia, connect
from scripts.local_wordpress import LocalWordPress
from tests.fixtures.wordpress import PassThroughAPI, scheduled_draft

REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
FAST = 0.01
ASSET = ASSETS_DIR / "microneedling-session.png"


def figure_html(config: Config) -> str:
    """The figure exactly as the templates write it into every draft."""
    image = tomllib.loads((REPO / "clinicseo" / "templates" / "material.toml").read_text())["image"]
    src = config.clinic.site_url.rstrip("/") + image["src"]  # render.py joins "/..." so
    figure = load_library().env.get_template("partials/figure.html.j2")
    alt = image["alt"].replace("{kp}", "microneedling inflammation")
    return figure.render(image={"src": src, "alt": alt, "caption": image["caption"]})


def image_draft(conn: sqlite3.Connection, config: Config, **overrides: Any) -> dict[str, Any]:
    body = f"{figure_html(config)}\n<h2>How it works</h2><p>Fine needles, tiny injuries.</p>"
    return scheduled_draft(conn, NOW - timedelta(minutes=1), html=body, **overrides)


def media_items(wp: LocalWordPress) -> list[dict[str, Any]]:
    r = wp.rest("GET", "/wp/v2/media", params={"per_page": 100, "context": "edit"})
    r.raise_for_status()
    return list(r.json())


def test_the_templates_image_is_a_real_asset_the_publisher_resolves() -> None:
    material = REPO / "clinicseo" / "templates" / "material.toml"
    src = tomllib.loads(material.read_text())["image"]["src"]
    name = asset_name("https://clinic.example" + src)
    assert name is not None and (ASSETS_DIR / name).is_file()
    data = (ASSETS_DIR / name).read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) < 150_000
    # unknown files, sub-folders and other addresses are left alone
    body = (
        '<img src="https://clinic.example/wp-content/uploads/clinicseo/microneedling-session.png">'
        '<img src="https://clinic.example/wp-content/uploads/clinicseo/missing.png">'
        '<img src="https://clinic.example/wp-content/uploads/clinicseo/../x/microneedling-session.png">'
        '<img src="https://cdn.example/microneedling-session.png">'
    )  # fmt: skip
    assert [a.path.name for a in referenced_assets(body)] == ["microneedling-session.png"]
    swapped = rewrite_sources(body, {referenced_assets(body)[0].src: "https://x.example/a.png"})
    assert swapped.count('src="https://x.example/a.png"') == 1
    assert swapped.count("cdn.example") == 1


@pytest.fixture
def conn(wp_config: Callable[..., Config]) -> Iterator[sqlite3.Connection]:
    c = store.connect(wp_config().database.path)
    yield c
    c.close()


@pytest.mark.wordpress
@pytest.mark.parametrize("api", ["xmlrpc", "rest"])
def test_the_image_is_uploaded_once_shown_in_the_post_and_featured(
    api: str, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config(wordpress={"api": api})
    conn = store.connect(config.database.path)
    first = image_draft(conn, config)
    second = image_draft(conn, config)
    summary = publish_due(conn, config, NOW, retry_wait_s=FAST)
    assert [r.outcome for r in summary.results] == ["published", "published"]

    (item,) = media_items(clean_wordpress)  # two posts, one upload
    posts = [clean_wordpress.post(store.get_draft(conn, d["id"])["wordpress_id"])
             for d in (first, second)]  # fmt: skip
    for post in posts:
        assert post["featured_media"] == item["id"]
        assert f'src="{item["source_url"]}"' in post["content"]
        assert "/wp-content/uploads/clinicseo/" not in post["content"]
        assert 'alt="Diagram of fine needles' in post["content"]
    served = requests.get(item["source_url"], timeout=10)
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/png"
    assert served.content == ASSET.read_bytes()

    for d in (first, second):
        done = store.get_draft(conn, d["id"])
        # the approved text is untouched: the rewrite lives only in what was sent
        assert done["html"] == d["html"] and store.text_hash(done) == done["approved_hash"]
        (publication,) = store.list_publications(conn, d["id"])
        (record,) = json.loads(publication["media"]).values()
        assert record["id"] == str(item["id"]) and record["file"] == ASSET.name
    uploaded = [json.loads(store.list_publications(conn, d["id"])[0]["media"]) for d in
                (first, second)]  # fmt: skip
    assert [next(iter(u.values()))["uploaded"] for u in uploaded] == [True, False]
    assert "microneedling-session.png as media" in done["history"][-1]["note"]


class StopsWordPressAfterUpload(PassThroughAPI):
    """The real API; WordPress goes down right after it stored the image (a crash there)."""

    def upload_media(self, path: Path, file_name: str) -> RemoteMedia:
        made = self.inner.upload_media(path, file_name)
        self.wp.stop_server()
        return made


@pytest.mark.wordpress
def test_a_failure_after_the_upload_does_not_upload_again(
    conn: sqlite3.Connection, wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config()
    draft = image_draft(conn, config)
    api = StopsWordPressAfterUpload(
        connect(config.wordpress, clean_wordpress.app_password), clean_wordpress
    )
    (result,) = publish_due(conn, config, NOW, api=api, retry_wait_s=FAST).results
    assert result.outcome == "failed"
    failed = store.get_draft(conn, draft["id"])
    assert failed["state"] == "failed" and failed["retry_at"]
    clean_wordpress.start_server()
    (item,) = media_items(clean_wordpress)  # the upload that got through

    later = store.parse_iso(failed["retry_at"])
    (result,) = publish_due(conn, config, later, retry_wait_s=FAST).results
    assert result.outcome == "published"
    assert [m["id"] for m in media_items(clean_wordpress)] == [item["id"]]
    post = clean_wordpress.post(store.get_draft(conn, draft["id"])["wordpress_id"])
    assert post["featured_media"] == item["id"]
    last = store.list_publications(conn, draft["id"])[-1]
    assert json.loads(last["media"])[next(iter(json.loads(last["media"])))]["uploaded"] is False


def test_the_review_apps_preview_shows_the_image_from_the_assets(
    make_config: Callable[..., Config],
) -> None:
    from clinicseo.review import create_app
    from clinicseo.review.auth import add_user

    config = make_config()
    conn = store.connect(config.database.path)
    add_user(conn, "ed", "correct horse", "editor")
    body = f"{figure_html(config)}\n<p>Fine needles, tiny injuries.</p>"
    (draft_id,) = store.insert_drafts(conn, [{"topic": "t", "title": "T", "html": body}])
    client = create_app(config).test_client()
    login_page = client.get("/login").text
    csrf = login_page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    client.post("/login", data={"name": "ed", "password": "correct horse", "csrf_token": csrf})
    page = client.get(f"/drafts/{draft_id}").text
    assert 'src="/assets/microneedling-session.png"' in page
    assert 'alt="Diagram of fine needles' in page
    image = client.get("/assets/microneedling-session.png")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert image.data == ASSET.read_bytes()
    assert client.get("/assets/..%2Fmaterial.toml").status_code == 404
    assert store.get_draft(conn, draft_id)["html"] == body  # the draft itself is untouched
