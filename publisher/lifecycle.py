"""A post's life on WordPress after the first send: read back, update in place, withdraw.

* :func:`verify` reads the post back after every create or update and compares each field
  sent (title, slug, status, content, excerpt, categories, tags, featured image and its alt
  text, every meta key: SEO fields, schema, reference). What did not land is returned, and
  the publisher turns it into a visible failure, never "0 failed".
* :func:`needs_update`: a published draft that was edited and approved again carries the
  WordPress id of its earlier life and a ``published_hash`` of the text that went out; its
  publish updates that post (same id and URL, WordPress keeps a revision). An update is
  safe to repeat, so a crash mid-update is simply sent again.
* :func:`unpublish` takes a live post down at once (to draft, or private), records who and
  why, and moves the draft to ``withdrawn``, which releases its keyphrase.

Failure modes: PublishError from the adapter; StateError for a draft that is not live.
"""

from __future__ import annotations

import html
import json
import logging
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from clinicseo import store
from clinicseo.config import Config
from clinicseo.errors import PublishError, StateError
from publisher import seo_fields
from publisher.media import ASSETS_DIR, attach_assets
from publisher.wordpress import META_REFERENCE, OutgoingPost, RemotePost, WordPressAPI, open_api

log = logging.getLogger(__name__)

BY = "publisher"
_KEY_LABELS = {
    key: seo_fields.LABELS[name]
    for plugin in seo_fields.PLUGINS.values()
    for name, key in plugin.keys.items()
} | {seo_fields.JSONLD_KEY: "schema (JSON-LD)"}


def _text(value: str) -> str:
    """For comparing: entities decoded, whitespace runs as one space, self-closing tags as
    "/>" (for an account without unfiltered_html WordPress re-encodes "&" in a title, writes
    `<img ... />` for `<img .../>`; none of that changes what a reader sees)."""
    text = re.sub(r"\s+", " ", html.unescape(value or "")).strip()
    return re.sub(r"\s*/>", "/>", text)


def verify(api: WordPressAPI, sent: OutgoingPost, post_id: str) -> list[str]:
    """The fields of ``sent`` that post ``post_id`` does not hold, each named ("" when all
    landed). Reads the post (and its featured image) back."""
    got = api.get_post(post_id)
    problems: list[str] = []

    def check(label: str, ok: bool, detail: str = "") -> None:
        if not ok:
            problems.append(f"{label}{f' ({detail})' if detail else ''}")

    check("title", _text(got.title) == _text(sent.title), f"WordPress has {got.title!r}")
    if sent.slug:
        check("slug", got.slug == sent.slug, f"WordPress made it {got.slug!r}")
    want = sent.status
    if sent.date is not None and sent.status == "publish" and sent.date > datetime.now(UTC):
        want = "future"
    check("status", got.status == want, f"{got.status!r}, not {want!r}")
    check("content", _text(got.content) == _text(sent.content()), "WordPress changed the body")
    check("excerpt", _text(got.excerpt) == _text(sent.excerpt))
    fold = lambda names: sorted(_text(n).casefold() for n in names)  # noqa: E731
    check("categories", fold(got.categories) == fold(sent.categories),
          f"WordPress has {', '.join(got.categories) or 'none'}")  # fmt: skip
    check("tags", fold(got.tags) == fold(sent.tags),
          f"WordPress has {', '.join(got.tags) or 'none'}")  # fmt: skip
    if sent.author_id:
        check("author", got.author_id == sent.author_id, f"WordPress has user {got.author_id}")
    if sent.featured_media:
        check("featured image", got.featured_media == sent.featured_media)
        if got.featured_media:
            check("featured image alt text", bool(api.get_media(got.featured_media).alt))
    for key, value in sent.meta().items():
        if not value or key == META_REFERENCE:  # the token in the content is what finds it
            continue
        held = got.meta.get(key)
        same = held == value or (key == seo_fields.JSONLD_KEY and _same_json(held, value))
        check(_KEY_LABELS.get(key, key), same, f"{key} {'missing' if held is None else 'differs'}")
    return problems


def _same_json(a: str | None, b: str) -> bool:
    try:
        return a is not None and json.loads(a) == json.loads(b)
    except ValueError:
        return False


def needs_update(draft: dict[str, Any]) -> bool:
    """True for a draft whose post is already on WordPress with an older text (edited and
    approved again after it went live, or withdrawn and approved again)."""
    return bool(
        draft.get("wordpress_id")
        and draft.get("published_hash")
        and draft["published_hash"] != draft["text_hash"]
    )


def read_back(api: WordPressAPI, sent: OutgoingPost, post_id: str) -> tuple[list[str], str]:
    """(fields that did not land, "") or ([], why the post could not be read back): the post
    exists and its id is stored, so an unreadable site does not fail an accepted post."""
    try:
        return verify(api, sent, post_id), ""
    except PublishError as exc:
        log.warning("post %s: could not read it back: %s", post_id, exc)
        return [], str(exc)


def update_in_place(
    api: WordPressAPI, post_id: str, post: OutgoingPost, media: dict[str, Any],
    folders: tuple[Path, ...] = (ASSETS_DIR,),
) -> tuple[RemotePost, list[str], str]:
    """Send every field of ``post`` (its images in the media library first, found in
    `folders`) to the existing post: its id and URL stay. Returns the post and
    :func:`read_back`'s answer; ``media`` is filled with what the images became."""
    ready, used = attach_assets(api, post, folders)
    media.update(used)
    remote = api.update_post(post_id, ready)
    return (remote, *read_back(api, ready, remote.id))


def unpublish(
    conn: sqlite3.Connection,
    config: Config,
    draft_id: int,
    *,
    by: str,
    reason: str,
    to: str = "draft",
    now: datetime,
    api: WordPressAPI | None = None,
) -> dict[str, Any]:
    """Take the live post of ``draft_id`` down (WordPress status ``to``: "draft" or
    "private"), at once, and record it: state ``withdrawn``, who, why. Raises StateError for a
    draft that is not published, PublishError when WordPress did not take it down."""
    if to not in ("draft", "private"):
        raise StateError(f"unpublish --to: expected draft or private, found {to!r}")
    if not reason.strip():
        raise StateError("unpublish needs a reason")
    draft = store.get_draft(conn, draft_id)
    if draft["state"] != store.PUBLISHED or not draft["wordpress_id"]:
        raise StateError(f"draft {draft_id} is '{draft['state']}': only a published draft can be "
                         "unpublished")  # fmt: skip
    with open_api(config, api) as wp:
        got = wp.set_status(draft["wordpress_id"], to)
    if got.status != to:
        raise PublishError(
            f"WordPress post {draft['wordpress_id']} is still '{got.status}' after asking for "
            f"'{to}'; it may still be live"
        )
    note = f"WordPress post {draft['wordpress_id']} set to {to} at {store.iso(now)}: {reason}"
    log.info("draft %s withdrawn by %s: %s", draft_id, by, note)
    return store.transition(
        conn, draft_id, store.WITHDRAWN, by=by, action="unpublished", note=note,
        expect=(store.PUBLISHED,), last_error=None,
    )  # fmt: skip
