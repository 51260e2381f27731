"""The SEO readability report and the scheduler status, inside the review app.

Both lean on modules owned elsewhere (clinicseo.report, publisher.scheduler), imported on
use. When the scheduler status cannot be read, the page says so plainly instead of failing
whole.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from clinicseo import store
from clinicseo.errors import ClinicSeoError
from clinicseo.review.context import app_config, db, now

bp = Blueprint("pages", __name__)


@bp.route("/report")
def report() -> str:
    # Only the frame: the report itself (every draft's body) is built once, by the
    # document route the frame loads.
    return render_template("report.html")


@bp.route("/report/document")
def report_document() -> Response:
    from clinicseo.report import render_report_html, site_comparison

    config, conn = app_config(), db()
    drafts = store.list_drafts(conn, with_body=True)
    html = render_report_html(
        drafts,
        clinic_name=config.clinic.name,
        generated_at=now(),
        compare=site_comparison(conn),
    )
    # The report is a standalone document; it is shown in a sandboxed frame (no scripts).
    return Response(html, mimetype="text/html")


@bp.route("/status")
def status() -> str:
    from clinicseo.review.status_text import sentences
    from publisher.scheduler import scheduler_status

    config, conn = app_config(), db()
    said: dict[str, list[str]] = {}
    problem = ""
    try:
        scheduler = scheduler_status(conn, config, now())
        upcoming = store.list_drafts(conn, state=store.SCHEDULED, sort="publish_at", limit=1)
        said = sentences(scheduler, config.tz, now(), upcoming[0] if upcoming else None)
    except ClinicSeoError as exc:
        problem = f"The scheduler status could not be read: {exc}"
    return render_template(
        "status.html",
        said=said,
        problem=problem,
        runs=store.last_job_runs(conn, 30),
        counts=store.count_by_state(conn),
    )
