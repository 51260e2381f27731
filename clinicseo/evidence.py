"""The regulator evidence pack: what a regulator or lawyer would ask about one published post.

:func:`pack` gathers, for one draft, from the store: each version of its text (the store
keeps every one) with its hash, who saved it and when, the compliance findings with the
rule-pack version that judged them, every override with who and why, who approved and
when, what was sent to WordPress (the approved text's hash, title, slug, each publish
attempt) and when it went live. :func:`write` puts it in a folder as machine-readable JSON
and a readable, self-contained HTML page.

Failure modes: an unknown draft raises ``NotFound``; an unwritable folder raises
``InputError`` naming it.
"""

from __future__ import annotations

import json
import sqlite3
from html import escape
from pathlib import Path
from typing import Any

from clinicseo import store
from clinicseo.errors import InputError

FORMAT = "clinicseo-evidence/1"
_APPROVAL_ACTIONS = ("approved", "scheduled")


def pack(conn: sqlite3.Connection, draft_id: int, *, generated_at: str) -> dict[str, Any]:
    """The evidence for one draft (``NotFound`` if there is none)."""
    d = store.get_draft(conn, draft_id)
    history = d["history"]
    claims = [c for c in d["checks"] if c.get("kind") == "compliance"]
    fields = ("text_hash", "at", "by", "title", "seo_title", "slug", "meta_description", "html")
    versions = [{k: v.get(k) for k in fields} for v in store.draft_versions(conn, draft_id)]
    publications = store.list_publications(conn, draft_id)
    live = [p for p in publications if p.get("outcome") == "published"]
    return {
        "format": FORMAT,
        "generated_at": generated_at,
        "draft": {k: d.get(k) for k in ("id", "topic", "variant", "state", "title",
                                         "seo_title", "slug", "keyphrase", "meta_description")},
        "text": {"text_hash": d["text_hash"], "html": d["html"]},
        "versions": versions,
        "compliance": {
            "rule_pack": sorted({c["rule_pack"] for c in claims if c.get("rule_pack")}),
            "checks": [
                {"id": c["id"], "rule": c.get("rule"), "status": c["status"],
                 "findings": c.get("findings", [])}
                for c in claims
            ],
            "blocking": d.get("blocking", []),
        },
        "overrides": [_event(h) for h in history if h["action"] == "override"],
        "approvals": [_event(h) for h in history if h["action"] in _APPROVAL_ACTIONS],
        "sent_to_wordpress": {
            "approved_hash": d.get("approved_hash"),
            "approved_text_is_current": d.get("approved_hash") == d["text_hash"],
            "reference": d.get("reference"),
            "wordpress_id": d.get("wordpress_id"),
            "wordpress_url": d.get("wordpress_url"),
            "attempts": publications,
        },
        "live_since": live[0].get("finished_at") if live else None,
        "history": history,
    }  # fmt: skip


def _event(h: dict[str, Any]) -> dict[str, Any]:
    return {"at": h["at"], "by": h["by"], "action": h["action"], "note": h["note"],
            "text_hash": h["text_hash"]}  # fmt: skip


def published_ids(conn: sqlite3.Connection) -> list[int]:
    return [int(d["id"]) for d in store.list_drafts(conn, state=store.PUBLISHED)]


def write(evidence: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    """``draft-<id>.json`` and ``draft-<id>.html`` in ``out_dir`` (created if missing)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        stem = out_dir / f"draft-{evidence['draft']['id']}"
        json_path, html_path = stem.with_suffix(".json"), stem.with_suffix(".html")
        json_path.write_text(json.dumps(evidence, indent=2, ensure_ascii=False) + "\n")
        html_path.write_text(render_html(evidence))
    except OSError as exc:
        raise InputError(f"cannot write the evidence pack to {out_dir}: {exc.strerror}") from exc
    return json_path, html_path


def render_html(e: dict[str, Any]) -> str:
    """A readable page with the same facts as the JSON (text escaped, never executed)."""
    d = e["draft"]

    def table(rows: list[dict[str, Any]], cols: tuple[str, ...]) -> str:
        if not rows:
            return "<p>None.</p>"
        head = "".join(f"<th>{escape(c)}</th>" for c in cols)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(str(r.get(c) or ''))}</td>" for c in cols) + "</tr>"
            for r in rows
        )
        return f"<table><tr>{head}</tr>{body}</table>"

    findings = [
        {"rule": f.get("rule"), "check": c["id"], "text": f.get("text"), "where": f.get("where"),
         "span": f.get("span"), "source": f.get("source"), "signal": f.get("signal", "pattern")}
        for c in e["compliance"]["checks"] for f in c["findings"]
    ]  # fmt: skip
    sent = e["sent_to_wordpress"]
    parts = [
        f"<h1>Evidence pack: draft {d['id']}, {escape(str(d['title']))}</h1>",
        f"<p>Generated {escape(e['generated_at'])}. State: {escape(str(d['state']))}. "
        f"Live since: {escape(str(e['live_since'] or 'not published'))}.</p>",
        "<h2>Text versions</h2>",
        table(e["versions"], ("at", "by", "text_hash", "title")),
        f"<p>Current text hash <code>{escape(e['text']['text_hash'])}</code>.</p>",
        "<h2>Compliance findings</h2>",
        f"<p>Rule pack: {escape(', '.join(e['compliance']['rule_pack']) or 'not recorded')}."
        f" Blocking: {escape(', '.join(e['compliance']['blocking']) or 'none')}.</p>",
        table(findings, ("rule", "check", "text", "where", "span", "source", "signal")),
        "<h2>Overrides</h2>",
        table(e["overrides"], ("at", "by", "note", "text_hash")),
        "<h2>Approvals</h2>",
        table(e["approvals"], ("at", "by", "action", "note", "text_hash")),
        "<h2>Sent to WordPress</h2>",
        f"<p>Approved text hash <code>{escape(str(sent['approved_hash']))}</code> "
        f"({'the current text' if sent['approved_text_is_current'] else 'not the current text'})"
        f"; WordPress post {escape(str(sent['wordpress_id']))} "
        f"{escape(str(sent['wordpress_url'] or ''))}.</p>",
        table(
            sent["attempts"],
            ("started_at", "finished_at", "api", "outcome", "wordpress_id", "error"),
        ),  # fmt: skip
        "<h2>The text</h2>",
        f"<pre>{escape(e['text']['html'])}</pre>",
    ]
    style = (
        "body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;"
        "padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid"
        " #ccc;padding:.3rem;vertical-align:top;text-align:left}pre{white-space:pre-wrap}"
    )
    return (
        f"<!doctype html><html lang='en'><meta charset='utf-8'><title>Evidence: draft "
        f"{d['id']}</title><style>{style}</style><body>{''.join(parts)}</body></html>\n"
    )
