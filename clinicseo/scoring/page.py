"""A complete HTML page read as a person means it: the article, its title, its description.

:func:`read_page` takes a saved web page (or our own ``show --format html`` output) and
returns the main content as HTML, plus what the page says about itself: ``<title>`` (the
SEO title), ``<meta name="description">``, and the canonical URL (or ``og:url``), whose
last path segment is the slug and whose host is the site. The main content is the page's
``<main>`` (or ``role="main"``), else its largest ``<article>``, else all of it; navigation,
headers, footers, sidebars, forms and similar chrome are taken out of it either way.

:func:`is_page` tells a complete page from a fragment (a post body). lxml's HTML parser is
lenient (unclosed tags, stray bodies, no ``<body>`` at all: libxml2 then leaves the content
in ``<head>``, so elements are looked for in the whole tree, not under ``<body>`` only).

Failure modes: ``ValueError`` with a one-line cause (never the document's text) when the
markup cannot be read at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

_PAGE_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Page chrome: never the article, wherever it sits.
_CHROME_TAGS = ("nav", "header", "footer", "aside", "form", "button", "dialog", "menu",
                "noscript", "script", "style", "template", "svg", "iframe")  # fmt: skip
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog"}
_CHROME_WORDS = re.compile(
    r"(?:^|[\s_-])(?:cookie|consent|sidebar|breadcrumbs?|menu|navbar|site-header|site-footer|"
    r"share|sharing|social|newsletter|related|comments?|advert|ads|banner|skip-link)(?:$|[\s_-])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Page:
    body: str  # the main content, as HTML
    title: str | None
    description: str | None
    slug: str | None
    site_url: str | None


def is_page(html: str) -> bool:
    """Whether ``html`` is a complete document (doctype, ``<html>``, ``<head>`` or ``<body>``)."""
    return _PAGE_START.match(html[:4096]) is not None


def parse_document(html: str) -> Any:
    """The lxml root of a complete document; control characters (which lxml rejects) cleaned."""
    import lxml.etree
    import lxml.html

    try:
        return lxml.html.document_fromstring(_CONTROL.sub(" ", html))
    except (lxml.etree.ParserError, ValueError) as exc:
        cause = str(exc).splitlines()[0][:80] if str(exc) else type(exc).__name__
        raise ValueError(f"unreadable HTML ({cause})") from None


def _text(el: object) -> str:
    return " ".join("".join(el.itertext()).split())  # type: ignore[attr-defined]


def _is_chrome(el: object) -> bool:
    tag = getattr(el, "tag", None)
    if not isinstance(tag, str):
        return False
    get = el.get  # type: ignore[attr-defined]
    if tag.lower() in _CHROME_TAGS or (get("role") or "").lower() in _CHROME_ROLES:
        return True
    if get("hidden") is not None or (get("aria-hidden") or "").lower() == "true":
        return True
    names = f"{get('class') or ''} {get('id') or ''}"
    return bool(names.strip()) and _CHROME_WORDS.search(names) is not None


def _strip_chrome(el: object, keep_headers: bool) -> None:
    doomed = [
        e for e in el.iter()  # type: ignore[attr-defined]
        if e is not el and _is_chrome(e)
        and not (keep_headers and isinstance(e.tag, str) and e.tag.lower() == "header")
    ]  # fmt: skip
    for e in doomed:
        parent = e.getparent()
        if parent is not None:
            e.drop_tree()  # keeps the tail text


def _main(root: object) -> object:
    """The element holding the article."""
    it = list(root.iter())  # type: ignore[attr-defined]
    elements = [e for e in it if isinstance(e.tag, str)]
    mains = [e for e in elements if e.tag.lower() == "main" or (e.get("role") or "") == "main"]
    if mains:
        return max(mains, key=lambda e: len(_text(e)))
    articles = [e for e in elements if e.tag.lower() == "article"]
    if articles:
        return max(articles, key=lambda e: len(_text(e)))
    # The whole page: a sloppy one may have several bodies, or none (content left in head).
    return root


def _meta(root: object, *names: str) -> str | None:
    for el in root.iter("meta"):  # type: ignore[attr-defined]
        key = (el.get("name") or el.get("property") or "").lower()
        if key in names and (el.get("content") or "").strip():
            return " ".join(el.get("content").split())
    return None


def _canonical(root: object) -> str | None:
    for el in root.iter("link"):  # type: ignore[attr-defined]
        if "canonical" in (el.get("rel") or "").lower().split() and (el.get("href") or "").strip():
            return el.get("href").strip()
    return _meta(root, "og:url")


def slug_of(url: str) -> str | None:
    """The last path segment of ``url``, without an extension ("/blog/acne-scars/" → acne-scars)."""
    path = urlsplit(url).path
    segment = next((s for s in reversed(path.split("/")) if s), "")
    segment = re.sub(r"\.(?:html?|php|aspx?)$", "", segment, flags=re.IGNORECASE)
    return segment or None


def read_page(html: str) -> Page:
    """The main content and the self-description of a complete HTML page."""
    import lxml.html

    root = parse_document(html)
    titles = [_text(t) for t in root.iter("title")]
    title = next((t for t in titles if t), None)
    description = _meta(root, "description") or _meta(root, "og:description")
    canonical = _canonical(root)
    site_url = None
    if canonical:
        parts = urlsplit(canonical)
        if parts.scheme in ("http", "https") and parts.netloc:
            site_url = f"{parts.scheme}://{parts.netloc}"
    main = _main(root)
    # A header inside the article holds its title; a page's own header is chrome.
    _strip_chrome(main, keep_headers=main.tag.lower() in ("article", "main"))  # type: ignore[attr-defined]
    for el in list(main.iter("title", "meta", "link", "base")):  # type: ignore[attr-defined]
        el.drop_tree()
    if main.tag.lower() in ("html", "body", "head"):  # type: ignore[attr-defined]
        main.tag = "div"  # type: ignore[attr-defined]  # a fragment, for document.parse
    body = lxml.html.tostring(main, encoding="unicode", method="html")
    return Page(body, title, description, slug_of(canonical) if canonical else None, site_url)
