"""`clinicseo wordpress import`: the clinic's existing posts, read from WordPress into the store.

Read-only on WordPress. Every post in any status but trash (published, scheduled, drafts,
pending, private) is read a page at a time and the ``blog_posts`` table is replaced whole
(``store.replace_blog_posts``), so a post trashed in WordPress leaves the table and releases
its keyphrase. Each post keeps its title, slug, URL, plain text, status, categories and its
focus keyphrase from the SEO plugin's field (Yoast's, Rank Math's or SEOPress's, whichever
holds one: :data:`publisher.seo_fields.KEYPHRASE_KEYS`). The uniqueness and keyphrase gate
reads that table. The scheduler refreshes it every ``[schedule] blog_import_hours`` (24).

Rank Math's key is readable over XML-RPC with no plugin; the "_"-keys of Yoast and SEOPress
are readable only where the companion plugin registers them (else the keyphrase is None).
Failure modes: PublishError from the adapter (nothing is replaced then), ConfigError when
the password variable is unset.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from clinicseo import store
from clinicseo.config import Config
from clinicseo.scoring.document import plain_text
from publisher.seo_fields import KEYPHRASE_KEYS
from publisher.wordpress import RemotePost, WordPressAPI, open_api

PAGE = 100
MAX_POSTS = 20_000  # a clinic's blog is far smaller; a runaway pager stops here
JOB = "blog_import"


def remote_posts(api: WordPressAPI) -> Iterator[RemotePost]:
    """Every post the site lists (any status but trash), oldest id first."""
    for offset in range(0, MAX_POSTS, PAGE):
        page = api.list_posts(offset, PAGE)
        yield from page
        if len(page) < PAGE:
            return


def as_blog_post(post: RemotePost) -> dict[str, Any]:
    keyphrase = next((post.meta[k] for k in KEYPHRASE_KEYS if post.meta.get(k)), None)
    return {
        "wp_id": int(post.id),
        "title": post.title,
        "slug": post.slug,
        "url": post.link,
        "text": plain_text(post.content) if post.content.strip() else "",
        "status": post.status,
        "categories": list(post.categories),
        "keyphrase": keyphrase,
        "modified": None,
    }


def import_posts(
    conn: sqlite3.Connection, config: Config, *, api: WordPressAPI | None = None
) -> int:
    """Replace the stored blog posts with the site's; returns how many."""
    with open_api(config, api) as wp:
        posts = [as_blog_post(p) for p in remote_posts(wp)]  # all read before anything changes
    return store.replace_blog_posts(conn, posts)


def import_due(conn: sqlite3.Connection, config: Config, now: datetime) -> bool:
    """True when the last import began ``blog_import_hours`` or more ago (or there was none)."""
    hours = config.schedule.blog_import_hours
    run = store.last_job_run(conn, JOB)
    if hours <= 0:
        return False
    return run is None or store.parse_iso(run["started_at"]) <= now - timedelta(hours=hours)


def import_job(conn: sqlite3.Connection, config: Config, now: datetime) -> str | None:
    """The scheduler's refresh of the blog's posts (its JobSpec asks :func:`import_due`)."""
    return f"{import_posts(conn, config)} blog post(s) imported"
