"""The SEO readability report and the scheduler status, inside the review app.

Both lean on modules owned elsewhere (clinicseo.report, publisher.scheduler), imported on
use: when one is missing or fails, the page says so plainly instead of failing whole.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, render_template

from clinicseo import store
from clinicseo.errors import ClinicSeoError
from clinicseo.review.context import app_config, db, now

bp = Blueprint("pages", __name__)
log = logging.getLogger(__name__)


@bp.route("/report")
def report() -> str:
    return render_template("report.html", available=_report_html() is not None)


@bp.route("/report/document")
def report_document() -> Response | tuple[str, int]:
    html = _report_html()
    if html is None:
        return render_template("error.html", code=503, message=_UNAVAILABLE), 503
    # The report is a standalone document; it is shown in a sandboxed frame (no scripts).
    return Response(html, mimetype="text/html")


_UNAVAILABLE = "The SEO readability report is not available in this installation yet."


def _report_html() -> str | None:
    try:
        from clinicseo.report import render_report_html
    except ImportError:
        return None
    config = app_config()
    drafts = store.list_drafts(db(), with_body=True)
    return str(render_report_html(drafts, clinic_name=config.clinic.name, generated_at=now()))


@bp.route("/status")
def status() -> str:
    config, conn = app_config(), db()
    scheduler: dict[str, Any] | None = None
    problem = ""
    try:
        import publisher.scheduler as sched

        scheduler_status = getattr(sched, "scheduler_status", None)
    except ImportError as exc:
        log.warning("the scheduler module cannot be imported: %s", exc)
        scheduler_status = None
    if scheduler_status is None:
        problem = "The scheduler status is not available in this installation yet."
    else:
        try:
            scheduler = dict(scheduler_status(conn, config, now()))
        except ClinicSeoError as exc:
            problem = f"The scheduler status could not be read: {exc}"
    return render_template(
        "status.html",
        scheduler=scheduler,
        problem=problem,
        runs=store.last_job_runs(conn, 30),
        counts=store.count_by_state(conn),
    )
