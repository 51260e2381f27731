"""Gaps, briefs and imports in the review app: from a gap topic to a writer's brief, and the
writer's article back in as a draft (the same path as `clinicseo brief` and `import`).

Viewers may read gaps and briefs; only editors may upload (the app-wide gate). Uploaded files
are written to a private temporary folder only long enough to be converted; an import is all
or nothing, and its errors are flashed, never half-stored.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.utils import secure_filename
from werkzeug.wrappers import Response

from clinicseo.errors import ClinicSeoError
from clinicseo.review.context import app_config, db

bp = Blueprint("writers", __name__)

UPLOAD_LIMIT = 20_000_000  # a .docx with photos; the app's default limit is for form posts
BRIEF_TYPES = {"html": "text/html", "md": "text/markdown; charset=utf-8",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@bp.route("/gaps")
def gaps() -> str:
    from clinicseo.topic_terms import load_vocabulary
    from clinicseo.topics import current_topics, meaning_line

    vocab = load_vocabulary(app_config().topics.vocabulary)  # regrouped when it changed
    topics = [{**t, "meaning": meaning_line(t)} for t in current_topics(db(), vocab,
                                                                       gaps_only=True)]
    return render_template("gaps.html", topics=topics)


@bp.route("/brief")
def brief() -> ResponseReturnValue:
    from clinicseo.briefs import build_brief, render_brief, write_docx

    topic, fmt = request.args.get("topic", ""), request.args.get("format", "html")
    if fmt not in BRIEF_TYPES:
        abort(404)
    try:
        made = build_brief(db(), app_config(), topic)
    except ClinicSeoError as exc:
        flash(str(exc), "error")
        return redirect(url_for("writers.gaps"))
    name = secure_filename(f"brief-{made.keyphrase}") or "brief"
    if fmt == "docx":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "brief.docx"
            write_docx(made, path)
            body = path.read_bytes()
    else:
        body = render_brief(made, fmt).encode("utf-8")
    resp = Response(body, mimetype=BRIEF_TYPES[fmt])
    if fmt != "html":
        resp.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return resp


@bp.route("/import", methods=["GET", "POST"])
def import_article() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("import.html", topic=request.args.get("topic", ""))
    from clinicseo.importing import SUFFIXES, import_files

    topic = request.form.get("topic", "")
    uploads = [f for f in request.files.getlist("files") if f.filename]
    if not uploads:
        flash("Choose at least one .md, .html or .docx file.", "error")
        return render_template("import.html", topic=topic), 400
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, upload in enumerate(uploads):
            name = secure_filename(upload.filename or "") or f"article-{i}"
            if Path(name).suffix.lower() not in SUFFIXES:
                flash(f"{name}: expected a .md, .html, .docx or .txt file.", "error")
                return render_template("import.html", topic=topic), 400
            path = Path(tmp, str(i), name)  # a folder each: two uploads may share a name
            path.parent.mkdir()
            upload.save(path)
            paths.append(path)
        try:
            ids, notes = import_files(db(), app_config(), paths, topic=topic,
                                      keyphrase=request.form.get("keyphrase") or None, by=g.user)
        except ClinicSeoError as exc:
            # the file's name as uploaded, not our temporary folder
            flash(re.sub(re.escape(tmp) + r"/\d+/", "", str(exc)), "error")
            return render_template("import.html", topic=topic), 400
    for note in notes:
        flash(note, "info")
    flash(f"{len(ids)} article{'s' if len(ids) != 1 else ''} imported as drafts.", "success")
    return redirect(url_for("views.draft", draft_id=ids[0]))


@bp.before_request
def _bigger_uploads() -> None:
    # Flask >= 3.1 reads the limit per request: only the upload route takes large bodies.
    if request.endpoint == "writers.import_article":
        request.max_content_length = UPLOAD_LIMIT
