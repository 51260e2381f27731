"""A post's fields other than its body: plain text in, validated, escaped on the way out.

Title, SEO title, slug, meta description, excerpt, tags and categories are plain text
everywhere. On input (`clean`) tags are stripped and entities decoded, until nothing that
looks like markup is left, so a ``<script>`` typed into a title is never stored as markup.
On output to WordPress (`for_wordpress`) the title and excerpt are HTML-escaped: WordPress
treats them as HTML, so escaping is what makes them arrive as text. `problems` names what
stops a post from going out (a blank title, a slug that is not lowercase ASCII words, markup
left in a field by an older writer); `lengths` shows the lengths against Yoast's limits.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import nh3

TEXT_FIELDS = ("title", "seo_title", "slug", "meta_description", "excerpt", "keyphrase")
LIST_FIELDS = ("tags", "categories")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX = 75  # characters; Yoast suggests a short slug
_MARKUP = re.compile(r"<[^>]*>|&[#a-z0-9]+;", re.I)
_SPACE = re.compile(r"\s+")
# Yoast's limits, shown beside each field (characters; the SEO title is really ~600 px).
LIMITS = {"seo_title": 60, "meta_description": 156, "slug": SLUG_MAX}


def plain(value: Any) -> str:
    """`value` as one line of plain text: tags (and a script's or style's content) removed,
    entities decoded, whitespace collapsed. Repeated until stable, so an escaped tag
    (``&lt;script&gt;``) cannot come back as a real one."""
    text = "" if value is None else str(value)
    for _ in range(5):
        stripped = html.unescape(
            nh3.clean(text, tags=set(), clean_content_tags={"script", "style"})
        )
        stripped = _SPACE.sub(" ", stripped).strip()
        if stripped == text:
            break
        text = stripped
    return text  # a "<" left now is text ("dose < 5 ml"): escaped on the way out


def clean(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Field changes as stored: the text fields plain, tags and categories plain and
    without blanks or repeats; the slug lowercased. Other keys pass through unchanged."""
    out = dict(changes)
    for key in TEXT_FIELDS:
        if key in out:
            out[key] = plain(out[key])
    if "slug" in out:
        out["slug"] = out["slug"].lower()
    for key in LIST_FIELDS:
        if key in out:
            out[key] = list(dict.fromkeys(p for p in (plain(v) for v in out[key] or []) if p))
    return out


def slugify(text: str, *, max_len: int = SLUG_MAX) -> str:
    """Lowercase ASCII words joined by hyphens, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", plain(text)).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for w in words:
        if len(out) + len(w) + 1 > max_len and out:
            break
        out = f"{out}-{w}" if out else w
    return out


def distinct_slug(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… : the first not in `taken` (which it is added to)."""
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def problems(draft: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(check, reason, fix) for each field that stops the post from going out."""
    out: list[tuple[str, str, str]] = []
    title = str(draft.get("title") or "")
    if not title.strip():
        out.append(("field_title", "The title is blank.", "Give the post a title."))
    slug = str(draft.get("slug") or "")
    if not slug:
        out.append(("field_slug", "The slug is blank.",
                    "Set a slug of lowercase words joined by hyphens."))  # fmt: skip
    elif not SLUG.fullmatch(slug) or len(slug) > SLUG_MAX:
        out.append(("field_slug",
                    f'The slug "{slug}" is not lowercase ASCII words joined by hyphens '
                    f"(at most {SLUG_MAX} characters).",
                    f'Use "{slugify(slug) or slugify(title)}" instead.'))  # fmt: skip
    for key in ("title", "seo_title", "meta_description", "excerpt"):
        if _MARKUP.search(str(draft.get(key) or "")):
            out.append((f"field_{key}",
                        f"The {key.replace('_', ' ')} contains markup; it must be plain text.",
                        "Save it again from the editor: tags are removed on saving."))  # fmt: skip
    for key in LIST_FIELDS:
        if any(_MARKUP.search(str(v)) for v in _items(draft.get(key))):
            out.append((f"field_{key}", f"A {key[:-1]} contains markup; it must be plain text.",
                        "Save it again from the editor: tags are removed on saving."))  # fmt: skip
    return out


def lengths(draft: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    """{field: (length, Yoast's limit)} for the fields Yoast measures."""
    return {k: (len(str(draft.get(k) or "")), limit) for k, limit in LIMITS.items()}


def for_wordpress(value: str) -> str:
    """A title or excerpt as WordPress must receive it to show it as text: escaped (WordPress
    reads these fields as HTML, so ``<`` must arrive as ``&lt;`` to be shown, not run)."""
    return html.escape(str(value or ""), quote=False)


def _items(value: Any) -> Iterable[Any]:
    return value if isinstance(value, list | tuple) else []
