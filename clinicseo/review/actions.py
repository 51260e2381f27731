"""What editors do to a draft: approve (and schedule), reject, edit, override, retry.

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
from clinicseo.errors import ClinicSeoError, InputError, NotFound
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

    confirmed = request.form.get("confirm_red") == "1"

    def do() -> dict[str, Any]:
        from clinicseo import store

        red = [c.get("id") for c in store.get_draft(conn, draft_id)["checks"]
               if c.get("status") == "bad"]  # fmt: skip
        if red and not confirmed:
            # The page asks for this box; a form sent without it (an old tab) is refused.
            raise InputError(
                f"not approved: {len(red)} check(s) are red ({', '.join(map(str, red))}); "
                "tick the box that says you have read them, then approve again"
            )
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


@bp.route("/drafts/bulk", methods=["POST"])
@editor_required
def bulk() -> Response:
    """The queue's multi-select: approve the chosen drafts into the next free slots, or
    reject them all with one reason. Each draft goes through the workflow's own rules; the
    ones it refuses are listed, the others are done."""
    config, conn = app_config(), db()
    back = _queue_path(request.form.get("back", ""))
    try:
        ids = [int(x) for x in request.form.getlist("ids")]
    except ValueError:
        abort(400)
    action = request.form.get("action", "")
    if not ids:
        flash("Select at least one draft first.", "error")
        return redirect(back)
    try:
        if action == "approve":
            allow_red = request.form.get("confirm_red") == "1"
            outcome = workflow.approve_many(
                conn, config, ids, by=g.user, now=now(), allow_red=allow_red
            )
            verb = "Approved and scheduled"
        elif action == "reject":
            reason = request.form.get("reason", "")
            outcome = workflow.reject_many(conn, ids, by=g.user, reason=reason)
            verb = "Rejected"
        else:
            abort(400)
    except ClinicSeoError as exc:
        flash(str(exc), "error")
        return redirect(back)
    if outcome.done:
        flash(f"{verb} {len(outcome.done)} draft(s): "
              + ", ".join(f"#{d['id']}" for d in outcome.done) + ".", "success")  # fmt: skip
    for draft_id, why in outcome.refused:
        flash(f"#{draft_id} left as it was: {why}", "error")
    return redirect(back)


def _queue_path(target: str) -> str:
    # Only this app's queue: never bounce to another host.
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("views.queue")


@bp.route("/compare/choose", methods=["POST"])
@editor_required
def choose() -> Response:
    """Compare's one step: approve the chosen variant, reject the topic's other variants."""
    from clinicseo import store

    config, conn = app_config(), db()
    back = _queue_path(request.form.get("back", ""))
    try:
        keep = int(request.form.get("keep", ""))
    except ValueError:
        flash("Choose the variant to keep.", "error")
        return redirect(back)
    try:
        red = [c.get("id") for c in store.get_draft(conn, keep)["checks"]
               if c.get("status") == "bad"]  # fmt: skip
        if red and request.form.get("confirm_red") != "1":
            raise InputError(
                f"nothing changed: #{keep} has {len(red)} red check(s) "
                f"({', '.join(map(str, red))}); tick the box that says you have read them"
            )
        outcome = workflow.choose_variant(
            conn, config, keep, by=g.user, now=now(), reason=request.form.get("reason", "")
        )
    except NotFound:
        abort(404)
    except ClinicSeoError as exc:
        flash(str(exc), "error")
        return redirect(back)
    kept, rejected = outcome.done[0], outcome.done[1:]
    flash(
        f"#{keep} approved and scheduled for {clinic_time(kept['publish_at'], config.tz)}; "
        f"rejected {len(rejected)} other variant(s)"
        + (": " + ", ".join(f"#{d['id']}" for d in rejected) if rejected else "") + ".",
        "success",
    )
    for draft_id, why in outcome.refused:
        flash(f"#{draft_id} left as it was: {why}", "error")
    return redirect(back)
