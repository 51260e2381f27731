"""What editors do to a draft: approve (and schedule), reject, edit, override, retry,
restore an earlier text, reschedule or unschedule; a clinician's sign-off; unpublish (through
:mod:`publisher.lifecycle`: it talks to WordPress).

POST only, editors only (the app-wide gate and :func:`editor_required`; sign-off: clinicians
only), CSRF-checked by Flask-WTF. Every change goes through :mod:`clinicseo.workflow`, which
records who did what to which text. Each form carries the text hash the person read (hidden
field ``expect_hash``). Errors are translated here, once: ``NotFound`` becomes a 404,
``TextChanged`` the draft page again (409) saying "the text changed since you opened it" with
what changed and any unsaved edit, any other ``ClinicSeoError`` a flash message on the draft
page; in every case nothing is changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from werkzeug.wrappers import Response

from clinicseo import workflow
from clinicseo.errors import ClinicSeoError, InputError, NotFound, TextChanged
from clinicseo.formats import clinic_time
from clinicseo.review.auth import editor_required
from clinicseo.review.context import app_config, db, now

bp = Blueprint("actions", __name__)

EDITABLE = ("title", "seo_title", "slug", "meta_description", "keyphrase", "html")


def _act(
    draft_id: int,
    do: Callable[[], Any],
    done: Callable[[dict[str, Any]], str],
    unsaved: dict[str, Any] | None = None,
) -> Response | tuple[str, int]:
    """Run one workflow call; flash its outcome or its error; back to the draft page. When
    the text changed under the person, show the page again with what changed (and their
    `unsaved` edit, so it is not lost) instead."""
    from clinicseo.review.views import render_draft

    try:
        result = do()
    except NotFound:
        abort(404)
    except TextChanged as exc:
        return render_draft(draft_id, conflict=(exc, unsaved)), 409
    except ClinicSeoError as exc:
        flash(str(exc), "error")
    else:
        flash(done(result), "success")
    return redirect(url_for("views.draft", draft_id=draft_id))


def _seen(draft_id: int) -> str:
    """The text hash the form was rendered with: every form on the draft page carries it."""
    from clinicseo import store

    store.get_draft_state(db(), draft_id)  # a draft that does not exist is a 404 first
    seen = request.form.get("expect_hash", "").strip()
    if not seen:
        raise InputError(
            "The form did not say which version of the text you read: reload the page and "
            "try again."
        )
    return seen


@bp.route("/drafts/<int:draft_id>/approve", methods=["POST"])
@editor_required
def approve(draft_id: int) -> Response | tuple[str, int]:
    config, conn = app_config(), db()
    text = request.form.get("publish_at", "").strip()

    confirmed = request.form.get("confirm_red") == "1"

    def do() -> dict[str, Any]:
        from clinicseo import store

        seen = _seen(draft_id)
        current = store.get_draft(conn, draft_id)
        store.check_seen(draft_id, current["text_hash"], seen)  # a changed text is told first
        red = [c.get("id") for c in current["checks"] if c.get("status") == "bad"]
        if red and not confirmed:
            # The page asks for this box; a form sent without it (an old tab) is refused.
            raise InputError(
                f"not approved: {len(red)} check(s) are red ({', '.join(map(str, red))}); "
                "tick the box that says you have read them, then approve again"
            )
        when = workflow.parse_publish_at(text, config) if text else None
        return workflow.approve(
            conn, config, draft_id, by=g.user, now=now(), publish_at=when, expect_hash=seen
        )

    def done(d: dict[str, Any]) -> str:
        return f"Approved and scheduled for {clinic_time(d['publish_at'], config.tz)}."

    return _act(draft_id, do, done)


@bp.route("/drafts/<int:draft_id>/reject", methods=["POST"])
@editor_required
def reject(draft_id: int) -> Response | tuple[str, int]:
    reason = request.form.get("reason", "")

    def do() -> dict[str, Any]:
        seen = _seen(draft_id)
        return workflow.reject(db(), draft_id, by=g.user, reason=reason, expect_hash=seen)

    return _act(draft_id, do, lambda d: "Rejected.")


@bp.route("/drafts/<int:draft_id>/override", methods=["POST"])
@editor_required
def override(draft_id: int) -> Response | tuple[str, int]:
    reason = request.form.get("reason", "")
    who = "Someone else" if app_config().review.two_person_override else "An editor"
    def do() -> dict[str, Any]:
        seen = _seen(draft_id)
        return workflow.override(db(), draft_id, by=g.user, reason=reason, expect_hash=seen)

    return _act(
        draft_id, do, lambda d: f"Override recorded. {who} can now approve it. An edit clears it."
    )


@bp.route("/drafts/<int:draft_id>/sign-off", methods=["POST"])
def sign_off(draft_id: int) -> Response | tuple[str, int]:
    if g.get("role") != "clinician":
        abort(403)
    note = request.form.get("note", "")
    def do() -> dict[str, Any]:
        return workflow.sign_off(db(), draft_id, by=g.user, note=note, expect_hash=_seen(draft_id))

    return _act(
        draft_id, do, lambda d: "Medical content signed off for this text. An edit clears it."
    )


@bp.route("/drafts/<int:draft_id>/reschedule", methods=["POST"])
@editor_required
def reschedule(draft_id: int) -> Response | tuple[str, int]:
    config, conn = app_config(), db()
    text = request.form.get("publish_at", "").strip()

    def do() -> dict[str, Any]:
        when = workflow.parse_publish_at(text, config) if text else None
        return workflow.reschedule(
            conn, config, draft_id, by=g.user, now=now(), publish_at=when, next_slot=not text
        )

    def done(d: dict[str, Any]) -> str:
        return f"Moved to {clinic_time(d['publish_at'], config.tz)}. The approval holds."

    return _act(draft_id, do, done)


@bp.route("/drafts/<int:draft_id>/unschedule", methods=["POST"])
@editor_required
def unschedule(draft_id: int) -> Response | tuple[str, int]:
    return _act(
        draft_id,
        lambda: workflow.unschedule(db(), app_config(), draft_id, by=g.user),
        lambda d: "Taken off the calendar; still approved. Reschedule puts it back.",
    )


@bp.route("/drafts/<int:draft_id>/restore", methods=["POST"])
@editor_required
def restore(draft_id: int) -> Response | tuple[str, int]:
    version = request.form.get("version", "")

    def do() -> dict[str, Any]:
        return workflow.restore(
            db(), app_config(), draft_id, version, by=g.user, expect_hash=_seen(draft_id)
        )

    return _act(draft_id, do, lambda d: f"Restored: the text is version {d['text_hash'][:12]} "
                "again, re-scored. It needs a new approval.")


@bp.route("/drafts/<int:draft_id>/retry", methods=["POST"])
@editor_required
def retry(draft_id: int) -> Response | tuple[str, int]:
    return _act(
        draft_id,
        lambda: workflow.retry(db(), draft_id, by=g.user, now=now()),
        lambda d: "Queued again: the publisher sends it on its next run.",
    )


@bp.route("/drafts/<int:draft_id>/unpublish", methods=["POST"])
@editor_required
def unpublish(draft_id: int) -> Response | tuple[str, int]:
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
def edit(draft_id: int) -> Response | tuple[str, int]:
    from clinicseo import store

    config, conn = app_config(), db()
    changes = {k: request.form[k] for k in EDITABLE if k in request.form}
    # Browsers send textarea line breaks as CRLF; store what the editor saw, not the wire form.
    changes = {k: v.replace("\r\n", "\n") for k, v in changes.items()}
    before: dict[str, Any] = {}

    def do() -> dict[str, Any]:
        before.update(store.get_draft(conn, draft_id))
        seen = _seen(draft_id)
        return workflow.edit(conn, config, draft_id, changes, by=g.user, expect_hash=seen)

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

    return _act(draft_id, do, done, unsaved=changes)



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
            conn,
            config,
            keep,
            by=g.user,
            now=now(),
            reason=request.form.get("reason", ""),
            expect_hash=request.form.get(f"expect_hash_{keep}") or None,
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
