"""Every text a draft has had: one version's page (its fields, the post as it would look,
what differs from the current text, a restore form for editors), and the "the text changed
since you opened it" panel the draft page shows when an action is refused for that reason.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from flask import Blueprint, abort, render_template

from clinicseo import store
from clinicseo.errors import ClinicSeoError, TextChanged
from clinicseo.review.context import db
from clinicseo.review.highlight import word_diff
from clinicseo.scoring import plain_text

bp = Blueprint("versions", __name__)


TEXT_LABELS = {
    "title": "Title",
    "seo_title": "SEO title",
    "slug": "Slug",
    "meta_description": "Meta description",
    "keyphrase": "Keyphrase",
    "excerpt": "Excerpt",
    "categories": "Categories",
    "tags": "Tags",
    "jsonld": "Structured data",
}


def text_changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What differs between two texts of a draft: the fields that changed (label, old, new)
    and a word diff of the bodies."""
    fields = [
        (label, old.get(k), new.get(k))
        for k, label in TEXT_LABELS.items()
        if (old.get(k) or "") != (new.get(k) or "")
    ]
    body = word_diff(plain_text(old.get("html") or ""), plain_text(new.get("html") or ""))
    return {"fields": fields, "diff": body if any(op != "same" for op, _ in body) else []}


def conflict_view(
    conn: sqlite3.Connection, d: dict[str, Any], exc: TextChanged, unsaved: dict[str, Any] | None
) -> dict[str, Any]:
    """What the draft page shows when `exc` refused an action: the version the person read
    and the current one, what changed between them, and the person's `unsaved` edit."""
    try:
        seen = store.get_version(conn, d["id"], exc.seen)
    except ClinicSeoError:
        seen = None  # a hash this draft never had: there is nothing to compare with
    return {
        "seen": exc.seen,
        "current": exc.current,
        "changes": text_changes(seen, d) if seen else None,
        # What the person typed and lost the race with: the fields they changed, to copy.
        "unsaved": {
            TEXT_LABELS.get(k, "Body (HTML)"): v
            for k, v in (unsaved or {}).items()
            if seen is None or (seen.get(k) or "") != v
        },
    }


@bp.route("/drafts/<int:draft_id>/versions/<text_hash>")
def version(draft_id: int, text_hash: str) -> str:
    """One earlier (or the current) text of a draft, what differs from the current text, and
    (for editors) a form to restore it."""
    from clinicseo.review.views import safe_html  # the draft page's own preview

    conn = db()
    d = store.get_draft(conn, draft_id)
    try:
        v = store.get_version(conn, draft_id, text_hash)
    except ClinicSeoError:  # no such version, or not a hash at all
        abort(404)
    return render_template(
        "version.html",
        d=d,
        v=v,
        preview=safe_html(v["html"]),
        changes=text_changes(v, d),
        versions=store.draft_versions(conn, draft_id),
    )
