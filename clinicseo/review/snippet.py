"""The Google result a draft would make: SEO title, address and meta description, cut
where Google cuts them, with the lengths the SEO checks judge.

Title width uses the scorer's own Arial table (:mod:`clinicseo.scoring.widths`), handed to
the page as JSON so the live counters in app.js measure exactly as the check does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from clinicseo.scoring.widths import DEFAULT, WIDTHS, title_width_px

TITLE_MAX_PX = 600  # Yoast's title_width limit, and about where Google cuts on desktop
DESC_MIN, DESC_MAX = 120, 156  # Yoast's meta description band
DESC_MOBILE = 120  # Google shows about 120 characters on a phone


@dataclass(frozen=True)
class Snippet:
    title: str
    title_px: int
    title_cut: str
    site: str
    path: str
    description: str
    desc_len: int
    desc_cut: str
    desc_cut_mobile: str


def _cut_px(text: str, limit: float) -> str:
    if title_width_px(text) <= limit:
        return text
    ellipsis = title_width_px(" …")
    out = ""
    for ch in text:
        if title_width_px(out + ch) + ellipsis > limit:
            break
        out += ch
    return out.rstrip() + " …"


def _cut_chars(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:") + " …"


def snippet(draft: dict[str, Any], site_url: str) -> Snippet:
    title = str(draft.get("seo_title") or draft.get("title") or "").strip()
    desc = " ".join(str(draft.get("meta_description") or "").split())
    site = urlsplit(site_url).netloc or site_url
    return Snippet(
        title=title,
        title_px=round(title_width_px(title)),
        title_cut=_cut_px(title, TITLE_MAX_PX),
        site=site,
        path=str(draft.get("slug") or ""),
        description=desc,
        desc_len=len(desc),
        desc_cut=_cut_chars(desc, DESC_MAX),
        desc_cut_mobile=_cut_chars(desc, DESC_MOBILE),
    )


def widths_json() -> str:
    """The width table for app.js: {"default": n, "chars": {ch: units}}."""
    return json.dumps({"default": DEFAULT, "chars": WIDTHS}, ensure_ascii=False)
