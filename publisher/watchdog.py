"""The scheduler's watchdog job: published posts must still be live on WordPress.

Every ``schedule.watchdog_minutes`` the latest WATCH_LIMIT published drafts are looked up
by their WordPress id. A post that is no longer 'publish' or 'future' (drafted, trashed,
deleted) gets ``last_error`` set on its draft and staff get one email; a post that is live
again has the flag cleared. Only a newly found problem is mailed (``store.flag_published``
says whether the flag changed).

Failure modes: WordPress unreachable or refusing the credentials raises ``PublishError``,
and ConfigError when the password variable is unset; the scheduler records the failed run.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from datetime import datetime

from clinicseo import store
from clinicseo.config import Config
from publisher import notify
from publisher.wordpress import PostMissing, WordPressAPI, open_api

log = logging.getLogger(__name__)

WATCH_LIMIT = 50  # the latest published posts the watchdog checks each round


def watchdog_job(
    conn: sqlite3.Connection,
    config: Config,
    now: datetime,
    *,
    api: WordPressAPI | None = None,
    stop: threading.Event | None = None,
) -> str | None:
    """Check the latest published posts are live; flag and mail the ones that are not.
    ``stop`` ends the call in flight (it raises PublishError) and the round."""
    published = [
        d
        for d in store.list_drafts(conn, state=store.PUBLISHED, limit=WATCH_LIMIT)
        if d["wordpress_id"]
    ]
    if not published:
        return None
    with open_api(config, api, stop=stop) as wp:
        problems = []
        for d in published:
            try:
                post = wp.get_post(d["wordpress_id"])
                status = post.status
            except PostMissing:
                status = "deleted"
            problem = None
            if status not in ("publish", "future"):
                problem = (
                    f"draft {d['id']} ({d['title']}): WordPress post {d['wordpress_id']} "
                    f"is {status}"
                )
            if store.flag_published(conn, d["id"], problem) and problem:
                problems.append(problem)
    if problems:
        log.warning("watchdog: %s", "; ".join(problems))
        notify.posts_not_live(config, problems)
    return f"{len(published)} checked, {len(problems)} newly not live"
