"""A draft as the WordPress post it becomes on this site: :func:`compose`.

What goes where is decided here once, from the draft, the config and the preflight's
:class:`publisher.preflight.SiteCheck`:

* the body as Gutenberg blocks (``[wordpress] content_format = "blocks"``, the default) or
  plain HTML (one Classic block), never with JSON-LD in it: a ``<script>`` in the body is
  shown as text to readers when the account lacks ``unfiltered_html``;
* the SEO title, meta description, focus keyphrase and canonical under the keys of the SEO
  plugin the site runs (:mod:`publisher.seo_fields`); fields with nowhere to land are not
  sent, and the preflight has said so;
* the JSON-LD as the ``_clinicseo_jsonld`` meta the companion plugin prints in ``<head>``,
  with ``reviewedBy`` / ``lastReviewed`` when a clinician signed off this text (``clinicseo
  sign-off``): ``[generate] reviewer`` (name and credentials; else the clinician's account)
  on the day of the sign-off, also shown as a visible "Medically reviewed by … on …" line;
* categories and tags the account may not create (an Author: no ``manage_categories``)
  replaced by ``[wordpress] default_category`` or left out, each said in ``notes``.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from clinicseo import store
from clinicseo.config import Config
from clinicseo.fields import for_wordpress
from publisher import seo_fields
from publisher.preflight import SiteCheck
from publisher.wp_types import OutgoingPost


@dataclass
class Composed:
    post: OutgoingPost
    notes: list[str] = field(default_factory=list)  # what was changed to fit the site


def compose(config: Config, draft: dict[str, Any], site: SiteCheck | None = None) -> Composed:
    """The post for ``draft`` on the site ``site`` describes (None: not probed; the config's
    ``seo_plugin`` decides alone)."""
    notes: list[str] = []
    reviewed = review_date(config, draft)
    reviewer = config.generate.reviewer or str(draft.get("signoff_by") or "")
    body = draft["html"].rstrip()
    jsonld = [dict(obj) for obj in draft["jsonld"] or []]
    if reviewed:
        body += "\n" + reviewed_line(reviewer, reviewed)
        jsonld = with_review(jsonld, reviewer, reviewed)
    elif config.generate.reviewer:
        notes.append("no clinician sign-off of this text: no 'Medically reviewed' line")
    landings = site.landings if site else seo_fields.landing(
        seo_fields.chosen(config.wordpress.seo_plugin, None), api=config.wordpress.api,
        companion=True, setting=config.wordpress.seo_plugin,
    )  # fmt: skip
    nowhere = [seo_fields.LABELS[ld.field] for ld in landings if ld.lost and (
        ld.field not in seo_fields.FIELDS or config.wordpress.seo_plugin != "none")]  # fmt: skip
    if site is not None and nowhere:
        notes.append(f"nowhere to land on this site (see clinicseo wordpress check): "
                     f"{', '.join(nowhere)}")  # fmt: skip
    values = {
        "seo_title": draft.get("seo_title") or "",
        "meta_description": draft.get("meta_description") or "",
        "keyphrase": draft.get("keyphrase") or "",
        "canonical": draft.get("canonical") or "",
        "jsonld": json.dumps(jsonld, ensure_ascii=False) if jsonld else "",
    }
    categories = list(draft["categories"] or [config.wordpress.default_category])
    tags = list(draft["tags"] or [])
    if site is not None and site.api and not site.can("manage_categories"):
        categories, tags = _existing_terms(config, site, categories, tags, notes)
    post = OutgoingPost(
        title=for_wordpress(draft["title"]),  # WordPress reads these two as HTML
        html=body,
        reference=draft["reference"],
        excerpt=for_wordpress(draft["excerpt"]),
        seo_title=values["seo_title"],
        slug=draft["slug"],
        categories=tuple(categories),
        tags=tuple(tags),
        meta_description=values["meta_description"],
        keyphrase=values["keyphrase"],
        jsonld=(),  # never in the body: it travels as meta (values["jsonld"])
        status="publish",
        seo_meta=seo_fields.meta_for(landings, values),
        blocks=config.wordpress.content_format == "blocks",
        author_id=site.author_id if site else "",
    )
    return Composed(post, notes)


def _existing_terms(
    config: Config, site: SiteCheck, categories: list[str], tags: list[str], notes: list[str]
) -> tuple[list[str], list[str]]:
    have = {c.casefold() for c in site.categories}
    kept = [c for c in categories if c.casefold() in have]
    gone = [c for c in categories if c.casefold() not in have]
    if gone:
        default = config.wordpress.default_category
        if not kept and default.casefold() in have:
            kept = [default]
        notes.append(
            f"categor{'y' if len(gone) == 1 else 'ies'} {', '.join(gone)} not on the site and "
            f"{site.user} may not create {'it' if len(gone) == 1 else 'them'}: filed under "
            f"{', '.join(kept) or 'WordPress default'}"
        )
    tag_have = {t.casefold() for t in site.tags}
    kept_tags = [t for t in tags if t.casefold() in tag_have]
    dropped = [t for t in tags if t.casefold() not in tag_have]
    if dropped:
        notes.append(f"tags {', '.join(dropped)} not on the site and {site.user} may not create "
                     "them: left out")  # fmt: skip
    return kept, kept_tags


def review_date(config: Config, draft: dict[str, Any]) -> str:
    """The day (clinic time, ISO) a clinician signed off this very text (``clinicseo
    sign-off``); "" when no one did: "Medically reviewed" is never claimed without it."""
    if not draft.get("signoff_at") or draft.get("signoff_hash") != draft.get("text_hash"):
        return ""
    return store.parse_iso(draft["signoff_at"]).astimezone(config.tz).date().isoformat()


def reviewed_line(reviewer: str, day: str) -> str:
    shown = datetime.fromisoformat(day).strftime("%-d %B %Y")
    return (f'<p class="clinicseo-reviewed"><em>Medically reviewed by {html.escape(reviewer)} '
            f"on {shown}.</em></p>")  # fmt: skip


def with_review(jsonld: list[dict[str, Any]], reviewer: str, day: str) -> list[dict[str, Any]]:
    """The page objects with reviewedBy (the clinician, credentials as description) and
    lastReviewed; only the page types carry them."""
    name, _, credentials = reviewer.partition(",")
    person: dict[str, Any] = {"@type": "Person", "name": name.strip()}
    if credentials.strip():
        person["description"] = credentials.strip()
    out = []
    for obj in jsonld:
        if str(obj.get("@type", "")).endswith("WebPage"):
            obj = {**obj, "reviewedBy": person, "lastReviewed": day}
        out.append(obj)
    return out
