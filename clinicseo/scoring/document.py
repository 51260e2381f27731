"""A body of HTML, Markdown or plain text, read once into what every check counts.

:func:`parse` turns the body into a :class:`Document`: its plain text (blocks joined by a
blank line), the blocks (paragraphs and headings, with offsets into the plain text), the
sentences (counted the way Yoast counts them: each heading is a sentence of its own), the
words, the links and the images. Every ``spans`` offset any check reports points into
``Document.text``, which :func:`plain_text` also returns, so a reviewer's screen and the
report can map them back to the words.

Failure modes: malformed HTML is read leniently (lxml recovers); an unknown ``fmt`` raises
``ValueError``. Nothing here touches the network or the disk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FORMATS = ("html", "markdown", "text")

# Elements whose text stands as a block of its own (a paragraph for Yoast's purposes).
_BLOCK_TAGS = {
    "p", "li", "blockquote", "td", "th", "dt", "dd", "figcaption", "pre", "caption",
    "h1", "h2", "h3", "h4", "h5", "h6", "div", "section", "article", "main", "header",
    "footer", "aside", "ul", "ol", "table", "tr", "tbody", "thead", "figure", "body",
    "dl", "nav", "form", "address",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "title", "svg", "iframe"}
_WS = re.compile(r"\s+")
WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# A sentence ends at . ! ? or … (plus closing quotes/brackets) followed by space and a
# capital, digit or opening quote. Common abbreviations are protected below.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|Dr|Mr|Mrs|Ms|Prof|St|approx|No|Fig|cf|al)\.|\b[A-Z]\.)$"
)


@dataclass(frozen=True)
class Block:
    kind: str  # "p" or "h"
    level: int  # heading level 1-6; 0 for paragraphs
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    block: int  # index into Document.blocks
    words: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    href: str
    rel: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Image:
    src: str
    alt: str
    offset: int


@dataclass
class Document:
    text: str
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        return [w for s in self.sentences for w in s.words]

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "p"]

    @property
    def subheadings(self) -> list[Block]:
        """H2 and H3: the subheadings Yoast's distribution and keyphrase checks count."""
        return [b for b in self.blocks if b.kind == "h" and b.level in (2, 3)]


def words_of(text: str) -> list[str]:
    return WORD_RE.findall(text)


class _Builder:
    """Collects blocks as text arrives, keeping offsets into the joined plain text."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.images: list[Image] = []
        self.current: list[str] = []
        self.kind = ("p", 0)
        self.pending_links: list[tuple[str, str, int, int, str]] = []

    def _current_len(self) -> int:
        return len(_WS.sub(" ", "".join(self.current)).lstrip())

    def flush(self) -> None:
        raw = "".join(self.current)
        self.current = []
        text = _WS.sub(" ", raw).strip()
        if not text:
            self.pending_links = []
            return
        if self.parts:
            self.parts.append("\n\n")
            self.length += 2
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        self.blocks.append(Block(self.kind[0], self.kind[1], text, start, self.length))
        for href, rel, a, b, anchor in self.pending_links:
            self.links.append(Link(href, rel, anchor, start + a, start + b))
        self.pending_links = []

    def add(self, text: str | None) -> None:
        if text:
            self.current.append(text)


def _walk(el: object, b: _Builder) -> None:
    tag = getattr(el, "tag", None)
    if not isinstance(tag, str):  # comments, processing instructions
        b.add(getattr(el, "tail", None))
        return
    tag = tag.lower()
    if tag in _SKIP_TAGS:
        b.add(getattr(el, "tail", None))
        return
    get = el.get  # type: ignore[attr-defined]
    if tag == "br":
        b.add(" ")
    elif tag == "img":
        b.images.append(Image(get("src") or "", (get("alt") or "").strip(), b.length))
    is_block = tag in _BLOCK_TAGS
    if is_block:
        b.flush()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            b.kind = ("h", int(tag[1]))
    link_start = b._current_len() if tag == "a" else 0
    b.add(el.text)  # type: ignore[attr-defined]
    for child in el:  # type: ignore[attr-defined]
        _walk(child, b)
    if tag == "a" and get("href") is not None:
        link_end = b._current_len()
        anchor = _WS.sub(" ", "".join(b.current)).lstrip()[link_start:link_end].strip()
        b.pending_links.append((get("href"), get("rel") or "", link_start, link_end, anchor))
    if is_block:
        b.flush()
        b.kind = ("p", 0)
    b.add(el.tail)  # type: ignore[attr-defined]


def _from_html(html: str) -> _Builder:
    import lxml.html  # lazy: keeps `clinicseo --help` fast

    b = _Builder()
    if not html.strip():
        return b
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml rejects some inputs outright (e.g. control characters)
        cleaned = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", " ", html)
        root = lxml.html.fragment_fromstring(cleaned, create_parent="div")
    _walk(root, b)
    b.flush()
    return b


def _looks_like_heading(block: str, is_last: bool) -> bool:
    """Plain text has no markup: a short single line without closing punctuation is a heading."""
    if is_last or "\n" in block.strip():
        return False
    line = block.strip()
    return 0 < len(words_of(line)) <= 12 and not re.search(r"[.!?:;,…]$", line)


def _from_text(text: str) -> _Builder:
    b = _Builder()
    chunks = [c for c in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if c.strip()]
    for i, chunk in enumerate(chunks):
        if _looks_like_heading(chunk, i == len(chunks) - 1):
            b.kind = ("h", 1 if i == 0 else 2)
        b.add(chunk)
        b.flush()
        b.kind = ("p", 0)
    return b


def _sentences(blocks: list[Block]) -> list[Sentence]:
    out: list[Sentence] = []
    for i, block in enumerate(blocks):
        pieces: list[tuple[int, int]] = []
        if block.kind == "h":
            pieces.append((0, len(block.text)))
        else:
            start = 0
            for m in _SENTENCE_END.finditer(block.text):
                if _ABBREVIATIONS.search(block.text[start : m.start() + 1]):
                    continue
                end = m.end() - (len(m.group()) - len(m.group().rstrip()))
                pieces.append((start, end))
                start = m.end()
            pieces.append((start, len(block.text)))
        for a, z in pieces:
            piece = block.text[a:z]
            ws = tuple(words_of(piece))
            if ws:
                out.append(Sentence(piece, block.start + a, block.start + z, i, ws))
    return out


def parse(body: str, fmt: str = "html") -> Document:
    """Read ``body`` (``fmt``: html, markdown or text) into a :class:`Document`."""
    if fmt == "markdown":
        import markdown  # lazy

        builder = _from_html(markdown.markdown(body, extensions=["extra"]))
    elif fmt == "html":
        builder = _from_html(body)
    elif fmt == "text":
        builder = _from_text(body)
    else:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    doc = Document("".join(builder.parts), builder.blocks, builder.links, builder.images)
    doc.sentences = _sentences(doc.blocks)
    return doc


def plain_text(body: str, fmt: str = "html") -> str:
    """The plain text every check's ``spans`` offsets point into."""
    return parse(body, fmt).text
