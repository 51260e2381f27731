"""Article HTML as Gutenberg block markup, so a post opens in the block editor ready to edit.

The block editor stores blocks as HTML comments around their HTML in ``post_content``
(``<!-- wp:paragraph --><p>…</p><!-- /wp:paragraph -->``); PHP's ``parse_blocks()`` reads
them, and content without them opens as one Classic block that staff must convert by hand.
Each top-level element of the article becomes one block, in the markup WordPress 6.1's
editor itself saves (so it validates without "unexpected content"):

* ``<p>`` -> paragraph; ``<h1>``–``<h6>`` -> heading (``{"level":N}`` unless 2);
* ``<ul>`` / ``<ol>`` -> list with one list-item block per ``<li>``;
* ``<figure>`` with an ``<img>`` (or a bare ``<img>``) -> image, with the media library id
  (``{"id":N}`` and ``class="wp-image-N"``) when the image was uploaded, and its caption;
* ``<blockquote>`` -> quote, its paragraphs as inner paragraph blocks;
* anything else (a table, a section, loose text) -> a Custom HTML block, kept byte for byte.

Text is never re-escaped or re-flowed: each element's source slice is copied as it is.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from html.parser import HTMLParser

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})  # fmt: skip
_HEADING = re.compile(r"h([1-6])")


def split_top_level(fragment: str) -> list[tuple[str, str]]:
    """[(tag, source)] for each top-level element of ``fragment`` in order; loose text that is
    not only whitespace comes as ("#text", text). Comments at the top level are dropped."""
    parser = _Splitter(fragment)
    parser.feed(fragment)
    parser.close()
    return parser.finish()


class _Splitter(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        starts = [0]
        for line in source.splitlines(keepends=True):
            starts.append(starts[-1] + len(line))
        self._line_starts = starts
        self.parts: list[tuple[str, str]] = []
        self._stack: list[str] = []
        self._start = 0
        self._tag = ""
        self._cursor = 0  # where the last top-level part ended

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def _text_until(self, end: int) -> None:
        text = self.source[self._cursor:end]
        if text.strip():
            self.parts.append(("#text", text.strip()))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        at = self._offset()
        if not self._stack:
            self._text_until(at)
            self._start, self._tag = at, tag
        if tag in VOID:
            if not self._stack:
                self._close_part(at + len(self.get_starttag_text() or ""))
            return
        self._stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        at = self._offset()
        if not self._stack:
            self._text_until(at)
            self._start, self._tag = at, tag
            self._close_part(at + len(self.get_starttag_text() or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._stack:
            return  # a stray end tag: leave it inside whatever holds it
        while self._stack and self._stack.pop() != tag:
            pass  # implied ends (e.g. an unclosed <li>)
        if not self._stack:
            at = self._offset()
            self._close_part(self.source.index(">", at) + 1)

    def handle_comment(self, data: str) -> None:
        if not self._stack:
            self._text_until(self._offset())
            self._cursor = self.source.index("-->", self._offset()) + 3

    def _close_part(self, end: int) -> None:
        self.parts.append((self._tag, self.source[self._start:end]))
        self._cursor = end

    def finish(self) -> list[tuple[str, str]]:
        if self._stack:  # unclosed at the end: keep the rest as it is
            self.parts.append((self._tag, self.source[self._start:]))
        else:
            self._text_until(len(self.source))
        return self.parts


def _inner(source: str) -> str:
    """The HTML between an element's start tag and its end tag."""
    return source[source.index(">") + 1 : source.rindex("<")]


def _block(name: str, body: str, attrs: Mapping[str, object] | None = None) -> str:
    head = f"<!-- wp:{name} {json.dumps(attrs, separators=(',', ':'))} -->" if attrs else (
        f"<!-- wp:{name} -->")  # fmt: skip
    return f"{head}\n{body}\n<!-- /wp:{name} -->"


class _Img(HTMLParser):
    """The first <img>'s attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.img: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img" and not self.img:
            self.img = {k: v or "" for k, v in attrs}


def _image(source: str, media_ids: Mapping[str, str]) -> str:
    parser = _Img()
    parser.feed(source)
    img = parser.img
    m = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", source, re.DOTALL | re.IGNORECASE)
    caption = m.group(1).strip() if m else ""
    src = img.get("src", "")
    media_id = media_ids.get(src, "")
    attrs: dict[str, object] = {}
    if media_id:
        attrs["id"] = int(media_id)
    attrs |= {"sizeSlug": "full", "linkDestination": "none"}
    tag = f'<img src="{html.escape(src)}" alt="{html.escape(img.get("alt", ""))}"'
    if media_id:
        tag += f' class="wp-image-{media_id}"'
    tag += "/>"
    figcaption = f'<figcaption class="wp-element-caption">{caption}</figcaption>' if caption else ""
    return _block("image", f'<figure class="wp-block-image size-full">{tag}{figcaption}</figure>',
                  attrs)  # fmt: skip


def _list(tag: str, source: str) -> str:
    items = [
        _block("list-item", part) if t == "li" else part
        for t, part in split_top_level(_inner(source))
    ]
    open_tag = source[: source.index(">") + 1]
    body = f"{open_tag}{''.join(items)}</{tag}>"
    return _block("list", body, {"ordered": True} if tag == "ol" else None)


def _quote(source: str) -> str:
    inner = [
        _block("paragraph", part) if t == "p" else _block("paragraph", f"<p>{part}</p>")
        if t == "#text" else _block("html", part)
        for t, part in split_top_level(_inner(source))
    ]  # fmt: skip
    return _block("quote", f'<blockquote class="wp-block-quote">{"".join(inner)}</blockquote>')


def to_blocks(fragment: str, media_ids: Mapping[str, str] | None = None) -> str:
    """``fragment`` (article HTML) as block markup; ``media_ids`` maps an image URL to its
    media library id."""
    ids = media_ids or {}
    out = []
    for tag, source in split_top_level(fragment):
        heading = _HEADING.fullmatch(tag)
        if tag == "p":
            out.append(_block("paragraph", source))
        elif heading:
            level = int(heading.group(1))
            out.append(_block("heading", source, {"level": level} if level != 2 else None))
        elif tag in ("ul", "ol"):
            out.append(_list(tag, source))
        elif tag == "img" or (tag == "figure" and "<img" in source.lower()):
            out.append(_image(source, ids))
        elif tag == "blockquote":
            out.append(_quote(source))
        elif tag == "#text":
            out.append(_block("paragraph", f"<p>{source}</p>"))
        else:
            out.append(_block("html", source))
    return "\n\n".join(out)
