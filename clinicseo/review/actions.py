"""What editors do to a draft: approve (and schedule), reject, edit, override, retry,
unpublish (through :mod:`publisher.lifecycle`: it talks to WordPress).

POST only, editors only (the app-wide gate and :func:`editor_required`), CSRF-checked by
Flask-WTF. Every change goes through :mod:`clinicseo.workflow`, which records who did what
to which text. Its errors are translated here, once: ``NotFound`` becomes a 404, any other
``ClinicSeoError`` a flash message on the draft page, and nothing is changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from werkzeug.wrappers import Response

from clinicseo import workflow
from clinicseo.errors import ClinicSeoError, NotFound
from clinicseo.formats import clinic_time
from clinicseo.review.auth import editor_required
from clinicseo.review.context import app_config, db, now

bp = Blueprint("actions", __name__)

EDITABLE = ("title", "seo_title", "slug", "meta_description", "keyphrase", "html")


def _act(draft_id: int, do: Callable[[], Any], done: Callable[[dict[str, Any]], str]) -> Response:
    """Run one workflow call; flash its outcome or its error; back to the draft page."""
    try:
        result = do()
    except NotFound:
        abort(404)
    except ClinicSeoError as exc:
        flash(str(exc), "error")
    else:
        flash(done(result), "success")
    return redirect(url_for("views.draft", draft_id=draft_id))


@bp.route("/drafts/<int:draft_id>/approve", methods=["POST"])
@editor_required
def approve(draft_id: int) -> Response:
    config, conn = app_config(), db()
    text = request.form.get("publish_at", "").strip()

    def do() -> dict[str, Any]:
        when = workflow.parse_publish_at(text, config) if text else None
        return workflow.approve(conn, config, draft_id, by=g.user, now=now(), publish_at=when)

    def done(d: dict[str, Any]) -> str:
        return f"Approved and scheduled for {clinic_time(d['publish_at'], config.tz)}."

    return _act(draft_id, do, done)


@bp.route("/drafts/<int:draft_id>/reject", methods=["POST"])
@editor_required
def reject(draft_id: int) -> Response:
    reason = request.form.get("reason", "")
    return _act(
        draft_id,
        lambda: workflow.reject(db(), draft_id, by=g.user, reason=reason),
        lambda d: "Rejected.",
    )


@bp.route("/drafts/<int:draft_id>/override", methods=["POST"])
@editor_required
def override(draft_id: int) -> Response:
    reason = request.form.get("reason", "")
    return _act(
        draft_id,
        lambda: workflow.override(db(), draft_id, by=g.user, reason=reason),
        lambda d: "Override recorded: the draft can now be approved. An edit clears it.",
    )


@bp.route("/drafts/<int:draft_id>/retry", methods=["POST"])
@editor_required
def retry(draft_id: int) -> Response:
    return _act(
        draft_id,
        lambda: workflow.retry(db(), draft_id, by=g.user, now=now()),
        lambda d: "Queued again: the publisher sends it on its next run.",
    )


@bp.route("/drafts/<int:draft_id>/unpublish", methods=["POST"])
@editor_required
def unpublish(draft_id: int) -> Response:
    from publisher.lifecycle import unpublish as take_down

    reason, to = request.form.get("reason", ""), request.form.get("to", "draft")
    return _act(
        draft_id,
        lambda: take_down(db(), app_config(), draft_id, by=g.user, reason=reason, to=to,
                          now=now()),  # fmt: skip
        lambda d: f"Taken down: WordPress post {d['wordpress_id']} is now {to}.",
    )


@bp.route("/drafts/<int:draft_id>/edit", methods=["POST"])
@editor_required
def edit(draft_id: int) -> Response:
    from clinicseo import store

    config, conn = app_config(), db()
    changes = {k: request.form[k] for k in EDITABLE if k in request.form}
    # Browsers send textarea line breaks as CRLF; store what the editor saw, not the wire form.
    changes = {k: v.replace("\r\n", "\n") for k, v in changes.items()}
    before: dict[str, Any] = {}

    def do() -> dict[str, Any]:
        before.update(store.get_draft(conn, draft_id))
        return workflow.edit(conn, config, draft_id, changes, by=g.user)

    def done(d: dict[str, Any]) -> str:
        if d["text_hash"] == before.get("text_hash"):
            return "Nothing changed."
        message = "Saved and re-scored."
        if before.get("state") != d["state"] and d["state"] == store.DRAFT:
            message += (
                f" It was {before.get('state')}: the approval held for the old text only, "
                "so it is a draft again and needs a new approval."
            )
        return message

    return _act(draft_id, do, done)
