"""The read-only pages: the queue, one draft, and a topic's variants side by side.

The queue reads summaries only (never bodies), one page at a time, so it stays fast with
10,000 drafts. The draft page shows the body as it will look on the blog, re-sanitized with
nh3 here although it was sanitized at render: draft text is treated as untrusted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import nh3
from flask import (
    Blueprint,
    Flask,
    abort,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from markupsafe import Markup
from werkzeug.wrappers import Response

from clinicseo import gate, store, workflow
from clinicseo.config import Config
from clinicseo.errors import ClinicSeoError, TextChanged
from clinicseo.formats import clinic_time
from clinicseo.review.context import app_config, db, now
from clinicseo.review.highlight import HIGHLIGHT_KINDS, kind_pieces, kind_spans, word_diff
from clinicseo.review.ranking import differing_checks, ranked, why
from clinicseo.review.snippet import DESC_MAX, DESC_MIN, TITLE_MAX_PX, snippet, widths_json
from clinicseo.review.versions import conflict_view
from clinicseo.scoring import plain_text
from clinicseo.scoring.uniqueness import similarity
from clinicseo.wording import plain, split_checks

bp = Blueprint("views", __name__)

SORT_LABELS = {
    "id": "Newest",
    "readability": "Readability score",
    "seo": "SEO score",
    "state": "State",
    "topic": "Topic",
    "publish_at": "Publish time",
}
MAX_COMPARE = 12
TOPIC_LIST_MAX = 300  # beyond this a topic <datalist> costs more than it helps


def install_filters(app: Flask, config: Config) -> None:
    """Template helpers: clinic-local times, traffic lights, the failed-publish banner."""

    @app.template_filter("local")
    def _local(value: str | datetime | None) -> str:
        return clinic_time(value, config.tz) if value else ""  # the CLI's format

    @app.template_global("light")
    def _light_global(score: Any, kind: str = "readability") -> str:
        return _light(score, kind, config)

    @app.context_processor
    def _globals() -> dict[str, Any]:
        from flask import g

        from publisher.scheduler import scheduler_running

        failed: list[dict[str, Any]] = []
        stopped = False
        if g.get("user"):
            failed = store.failed_drafts(db())
            stopped = not scheduler_running(config)
        return {
            "scheduler_stopped": stopped,
            "clinic_name": config.clinic.name,
            "clinic_tz": config.clinic.timezone,
            "lang": config.clinic.locale.replace("_", "-") or "en",
            "failed_drafts": failed,
        }


def _light(score: Any, kind: str, config: Config) -> str:
    """good / ok / bad for a 0-100 score: 'ok' from the configured approval bar up."""
    if not isinstance(score, int | float):
        return "none"
    bar = config.scoring.min_seo if kind == "seo" else config.scoring.min_readability
    if score >= max(70, bar):
        return "good"
    return "ok" if score >= bar else "bad"


def _int_arg(name: str, default: int) -> int:
    try:
        return max(1, int(request.args.get(name, default)))
    except ValueError:
        return default


READINESS = {"ready": "ready to publish", "not-ready": "not ready"}


@bp.route("/")
def queue() -> str:
    config, conn = app_config(), db()
    state = request.args.get("state", "")
    state = state if state in store.STATES else ""
    topic = request.args.get("topic", "").strip()
    search = " ".join(request.args.get("q", "").split())[:200]
    ready = request.args.get("ready", "")
    ready = ready if ready in READINESS else ""
    sort = request.args.get("sort", "id")
    sort = sort if sort in store.SORTS and sort in SORT_LABELS else "id"
    # Within one state, "by state" is plain newest-first; say so, and use that index.
    order = "id" if sort == "state" and state else sort
    size = max(1, config.review.page_size)
    filters: dict[str, Any] = {
        "state": state or None,
        "topic": topic or None,
        "search": search or None,
    }
    page = _int_arg("page", 1)
    ready_counts: dict[str, int] = {}
    if ready:
        # Readiness is the publish gate's verdict, not a column: the gate answers for the
        # whole store at once, then the page shown is judged draft by draft as ever.
        every = store.draft_ids(conn, sort=order, **filters)
        ready_now = gate.ready_set(conn, config)
        ready_ids = [i for i in every if i in ready_now]
        ready_counts = {"ready": len(ready_ids), "not-ready": len(every) - len(ready_ids)}
        matching = ready_ids if ready == "ready" else [i for i in every if i not in ready_now]
        total = len(matching)
        pages = max(1, -(-total // size))
        page = min(page, pages)
        rows = store.drafts_by_id(conn, matching[(page - 1) * size : page * size])
        verdicts = gate.evaluate_many(conn, config, rows, now=now())
    else:
        total = store.count_drafts(conn, **filters)
        pages = max(1, -(-total // size))
        page = min(page, pages)
        rows = store.list_drafts(conn, sort=order, limit=size, offset=(page - 1) * size, **filters)
        verdicts = gate.evaluate_many(conn, config, rows, now=now())
    topics = store.draft_topics(conn, TOPIC_LIST_MAX + 1)
    args = {"state": state, "topic": topic, "q": search, "ready": ready, "sort": sort}
    return render_template(
        "queue.html",
        rows=rows,
        verdicts=verdicts,
        total=total,
        page=page,
        pages=pages,
        args={k: v for k, v in args.items() if v},
        state=state,
        topic=topic,
        search=search,
        ready=ready,
        readiness=READINESS,
        ready_counts=ready_counts,
        sort=sort,
        states=store.STATES,
        sorts=SORT_LABELS,
        counts=store.count_by_state(conn, topic=topic or None, search=search or None),
        topics=topics if len(topics) <= TOPIC_LIST_MAX else [],
        lights={
            d["id"]: (
                _light(d["scores"].get("readability"), "readability", config),
                _light(d["scores"].get("seo"), "seo", config),
            )
            for d in rows
        },
    )


def safe_html(html: str) -> Markup:
    """The draft body re-sanitized (nh3's allow-list: no scripts, no handlers, safe URLs),
    its article images shown from this app (see ``asset`` below)."""
    return Markup(nh3.clean(_local_assets(html or "")))  # noqa: S704 - nh3 output is safe


# --- article images (owned by publisher/media.py) ---------------------------------------------
# Drafts name their image by its future blog address (/wp-content/uploads/clinicseo/<file>);
# the publisher uploads <file> from the asset folders (clinicseo/media_store.py) at send time.
# Until then that address does not exist, so the preview shows the same file from here.


def _local_assets(html: str) -> str:
    from clinicseo.media_store import asset_folders
    from publisher.media import asset_name, referenced_assets, rewrite_sources

    found = referenced_assets(html, asset_folders(app_config()))
    urls = {a.src: url_for("views.asset", name=asset_name(a.src)) for a in found}
    return rewrite_sources(html, urls)


@bp.route("/assets/<name>")
def asset(name: str) -> Response:
    from clinicseo.media_store import asset_folders, find_asset

    path = find_asset(name, asset_folders(app_config()))
    if path is None:
        abort(404)
    return send_from_directory(path.parent, path.name, max_age=3600)


def safe_url(url: Any) -> str | None:
    """Only http(s) links from check data: a `javascript:` source never becomes a link."""
    if isinstance(url, str) and url.lower().startswith(("https://", "http://")):
        return url
    return None


@bp.route("/drafts/<int:draft_id>")
def draft(draft_id: int) -> str:
    return render_draft(draft_id)


def render_draft(
    draft_id: int, conflict: tuple[TextChanged, dict[str, Any] | None] | None = None
) -> str:
    """The draft page; with `conflict` (the refusal of an action on text that has changed
    since the person opened it, and their unsaved edit if any) it leads with what changed."""
    config, conn = app_config(), db()
    d = store.get_draft(conn, draft_id)  # NotFound -> 404 (app error handler)
    text = plain_text(d["html"])
    next_slot: datetime | None = None
    slot_problem = ""
    if d["state"] in (store.DRAFT, store.APPROVED, store.SCHEDULED):
        try:
            next_slot = workflow.next_free_slot(conn, config, now(), exclude_id=d["id"])
        except ClinicSeoError as exc:
            slot_problem = str(exc)
    siblings = [
        s
        for s in store.list_drafts(conn, topic=d["topic"], limit=MAX_COMPARE)
        if s["id"] != d["id"]
    ]
    failing, passing = split_checks(d["checks"])
    pieces, counts = kind_pieces(text, kind_spans(d["checks"], text, d["keyphrase"]))
    return render_template(
        "draft.html",
        d=d,
        verdict=gate.evaluate(conn, config, d, now=now()),
        failing=failing,
        passing=passing,
        red=[c for c in failing if c.get("status") == "bad"],
        overridable=[b for b in d["blocking"] if b not in gate.LIVE_CHECKS],
        preview=safe_html(d["html"]),
        pieces=pieces,
        kinds=HIGHLIGHT_KINDS,
        kind_counts=counts,
        snip=snippet(d, config.wordpress.url or config.clinic.site_url),
        limits={"title_px": TITLE_MAX_PX, "desc_min": DESC_MIN, "desc_max": DESC_MAX},
        widths=widths_json(),
        next_slot=next_slot,
        slot_problem=slot_problem,
        siblings=siblings,
        safe_url=safe_url,
        min_local=now().astimezone(config.tz).strftime("%Y-%m-%dT%H:%M"),
        versions=store.version_hashes(conn, draft_id),
        two_person=config.review.two_person_override,
        conflict=conflict_view(conn, d, *conflict) if conflict else None,
    )


@bp.route("/topics/<path:topic>/compare")
def topic_compare(topic: str) -> Response:
    args: dict[str, Any] = {k: v for k, v in request.args.to_dict().items() if k != "topic"}
    return redirect(url_for("views.compare", topic=topic, **args))


@bp.route("/compare")
def compare() -> str:
    config, conn = app_config(), db()
    topic = request.args.get("topic", "").strip()
    ids_arg = request.args.get("ids", "")
    if ids_arg:
        try:
            ids = [int(x) for x in ids_arg.split(",") if x.strip()][:MAX_COMPARE]
        except ValueError:
            abort(404)
        variants = [store.get_draft(conn, i) for i in ids]
    elif topic:
        variants = store.list_drafts(conn, topic=topic, limit=MAX_COMPARE, with_body=True)
    else:
        abort(404)
    if not variants:
        abort(404)
    ranking = ranked(variants, gate.evaluate_many(conn, config, variants, now=now()))
    variants = [r.draft for r in ranking]
    by_id = {v["id"]: v for v in variants}
    a_id = _int_arg("a", variants[0]["id"])
    b_id = _int_arg("b", variants[min(1, len(variants) - 1)]["id"])
    a, b = by_id.get(a_id, variants[0]), by_id.get(b_id, variants[-1])
    if a is b and len(variants) > 1:
        b = next(v for v in variants if v is not a)
    diff = word_diff(plain_text(a["html"]), plain_text(b["html"])) if a is not b else []
    differing = differing_checks(variants)
    names = {c.get("id"): plain(c)[0] for v in variants for c in v["checks"]}
    open_states = (store.DRAFT, store.APPROVED, store.SCHEDULED)
    return render_template(
        "compare.html",
        topic=topic or variants[0]["topic"],
        ids=ids_arg,
        ranking=ranking,
        why=why(ranking),
        variants=variants,
        check_ids=differing,
        same_count=len(names) - len(differing),
        cells={v["id"]: {c.get("id"): c for c in v["checks"]} for v in variants},
        names=names,
        a=a,
        b=b,
        diff=diff,
        similarity=similarity(a["html"], b["html"]) if a is not b else None,
        choosable=[r for r in ranking if r.draft["state"] == store.DRAFT],
        open_states=open_states,
    )
