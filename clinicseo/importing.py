"""Human-written articles in: Markdown, HTML or Word (.docx) files become drafts.

An imported article goes the same way as a generated one — the same nh3 sanitiser, the same
scoring (readability, SEO, compliance, uniqueness against its batch, the blog and competitor
text), the same store, review, approval and publishing — so a writer's article meets exactly
the gate a template's does. Its headings, lists, links and web images are kept: the first
`<h1>` (or the page's `<title>`) becomes the title, later `<h1>`s become `<h2>`, and `<h4>`-
`<h6>` become `<h3>`, the heading levels a post body may carry. Pictures embedded in a .docx
are kept (:mod:`clinicseo.import_images`): checked, written to the imported images folder and
named by the address the publisher uploads them from, with their alt text.

Failure modes: every file is read and converted before anything is stored, so one unreadable
file, an unknown extension, a hostile picture or an article with no text stores nothing and
raises InputError naming the file. A picture in a format that is no web image is left out
and the import says so.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

from clinicseo.config import Config
from clinicseo.errors import InputError
from clinicseo.import_images import Kept, keep_image, write_images

MAX_FILE_BYTES = 5_000_000  # a text article
MAX_DOCX_BYTES = 20_000_000  # a .docx with its photos (the app's upload limit)
META_MAX = 156  # Yoast's green band for meta descriptions ends here
DROPPED = ("nav", "header", "footer", "aside", "script", "style", "form", "noscript", "template")
_MAIN = ("//article", "//main", "//*[@role='main']")
SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
            ".docx": "docx", ".txt": "text"}  # fmt: skip


@dataclass
class Article:
    """One file, converted: its title and its body as (unsanitised) HTML."""

    path: Path
    title: str
    html: str
    notes: list[str] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)  # file name -> bytes, to keep


def read_article(path: Path, site_url: str = "") -> Article:
    """Convert one file; a .docx's pictures get addresses under `site_url`. Raises
    InputError naming the file on anything it cannot read."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputError(f"{path}: cannot import a {path.suffix or 'extensionless'} file: "
                         "expected .md, .html, .docx or .txt")
    try:
        limit = MAX_DOCX_BYTES if kind == "docx" else MAX_FILE_BYTES
        if path.stat().st_size > limit:
            raise InputError(f"{path}: larger than {limit // 1_000_000} MB")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    kept = Kept()
    if kind == "docx":
        body = _docx_html(path, raw, kept, site_url)
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"{path}: not a UTF-8 text file") from None
        body = {"markdown": _markdown_html, "html": lambda t: t, "text": _text_html}[kind](text)
    title, html = _outline(path, body)
    return Article(path, title, html, kept.notes, kept.files)


def _markdown_html(text: str) -> str:
    import markdown

    return markdown.markdown(text, extensions=["extra", "sane_lists"])


def _text_html(text: str) -> str:
    from html import escape

    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p)


def _docx_html(path: Path, raw: bytes, kept: Kept, site_url: str) -> str:
    import io
    import zipfile

    import mammoth

    def embedded_image(image: Any) -> dict[str, str]:
        def read(limit: int) -> bytes:
            with image.open() as stream:
                return bytes(stream.read(limit))

        return keep_image(path, kept, declared=image.content_type, alt=image.alt_text or "",
                          read=read, site_url=site_url)

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(raw),
            style_map="p[style-name='Title'] => h1:fresh\np[style-name='Subtitle'] => p:fresh",
            convert_image=mammoth.images.img_element(embedded_image),
        )
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"{path}: not a Word .docx file ({exc})") from None
    return str(result.value)


def _outline(path: Path, body: str) -> tuple[str, str]:
    """(title, body HTML) from a page or fragment: main content only, heading levels fixed."""
    if not body.strip():
        raise InputError(f"{path}: the article is empty")
    try:
        root = lxml.html.document_fromstring(body)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{path}: cannot parse the HTML: {exc}") from None
    page_title = " ".join((root.findtext(".//title") or "").split())
    for el in root.xpath("|".join(f"//{t}" for t in DROPPED) + "|//title|//meta|//link"):
        el.drop_tree()
    main = next((found[0] for xp in _MAIN if (found := root.xpath(xp))), None)
    if main is None:
        main = root.find("body")
    if main is None:
        main = root
    title = ""
    for h in main.xpath(".//h1"):
        if not title:
            title = " ".join(h.text_content().split())
            h.drop_tree()
        else:
            h.tag = "h2"
    for h in main.xpath(".//h4|.//h5|.//h6"):
        h.tag = "h3"
    for img in main.xpath(".//img[not(@src) or @src='']"):
        img.drop_tree()
    title = title or page_title
    if not title:
        raise InputError(f"{path}: no title: start the article with a top-level heading")
    inner = (main.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in main
    )
    return title, inner


def article_draft(article: Article, config: Config, *, topic: str, keyphrase: str) -> dict:
    """A draft-shaped dict for the store, its body through the publishing sanitiser."""
    from clinicseo.render import sanitize

    html = sanitize(article.html)
    text = " ".join(lxml.html.fragment_fromstring(html, create_parent="div").text_content()
                    .split()) if html.strip() else ""
    if len(text.split()) < 1:
        raise InputError(f"{article.path}: the article has no text")
    slug = re.sub(r"[^a-z0-9]+", "-", article.title.lower()).strip("-")
    return {
        "topic": topic,
        "variant": f"import:{article.path.name}",
        "title": article.title,
        "seo_title": article.title,
        "slug": slug,
        "meta_description": _first_words(text, META_MAX),
        "keyphrase": keyphrase,
        "excerpt": _first_words(text, META_MAX),
        "html": html,
        "categories": list(config.generate.categories),
        "tags": [],
        "jsonld": [],
    }


def _first_words(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def import_files(
    conn: sqlite3.Connection,
    config: Config,
    paths: Sequence[Path],
    *,
    topic: str,
    keyphrase: str | None,
    by: str,
) -> tuple[list[int], list[str]]:
    """Read, sanitise, score and store the files as drafts of `topic`, all or nothing.
    Returns the new draft ids and notes for the person importing."""
    from clinicseo import drafting, store
    from clinicseo.media_store import imported_media_dir

    topic = " ".join(topic.split())
    if not topic:
        raise InputError("--topic: the topic text is empty")
    who = " ".join(by.split())
    if not who:
        raise InputError("--by: name the person importing")
    kp = " ".join((keyphrase or "").lower().split()) or " ".join(
        re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", topic.lower()))
    articles = [read_article(Path(p), config.clinic.site_url) for p in paths]
    drafts = [article_draft(a, config, topic=topic, keyphrase=kp) for a in articles]
    scored = drafting.score_batch(conn, config, drafts)
    # the pictures go where the publisher and the review app look for them, before any
    # draft names them
    write_images({n: b for a in articles for n, b in a.images.items()},
                 imported_media_dir(config))
    ids = store.insert_drafts(conn, [{**d, **s} for d, s in zip(drafts, scored, strict=True)],
                              by=who)
    return ids, [n for a in articles for n in a.notes]
