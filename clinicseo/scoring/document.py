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
from functools import cached_property

FORMATS = ("html", "markdown", "text")
# The longest body we score (characters). Scoring is linear in the text: about 1 s per MB
# of prose, 10 s per MB at worst (benchmarks/score_fuzz.py); the cap keeps any one score
# to seconds. Markdown's converter is slower (up to 40 s per MB), so its cap is lower.
MAX_CHARS = 2_000_000
MAX_MARKDOWN_CHARS = 200_000
# python-markdown re-reads a quote once per level: "> > > …" thousands deep crawls.
_DEEP_QUOTES = re.compile(r"^((?:[ \t]{0,3}+>[ \t]?+){8})(?:[ \t]{0,3}+>[ \t]?+)++", re.MULTILINE)

# Elements whose text stands as a block of its own (a paragraph for Yoast's purposes).
_BLOCK_TAGS = {
    "p", "li", "blockquote", "td", "th", "dt", "dd", "figcaption", "pre", "caption",
    "h1", "h2", "h3", "h4", "h5", "h6", "div", "section", "article", "main", "header",
    "footer", "aside", "ul", "ol", "table", "tr", "tbody", "thead", "figure", "body",
    "dl", "nav", "form", "address",
}  # fmt: skip
# Text Yoast leaves out of its checks (someone else's words, code, forms). It stays in the
# plain text, for reading and for the compliance rules, as "q" blocks; only the Flesch
# figure, which Yoast computes on the whole text, still counts it.
QUOTED_TAGS = {"blockquote", "pre", "textarea", "form", "output", "map"}
# Not text. (<head> itself is walked: libxml2 leaves a page's content there when the page
# has no <body> tag, as our own `show --format html` output.)
_SKIP_TAGS = {"script", "style", "noscript", "template", "title", "svg", "iframe", "meta",
              "link", "base"}  # fmt: skip
_WS = re.compile(r"\s+")
WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# Sentence splitting, after how Yoast's tokenizer behaves (see _split): a run of . ! ? …
# followed by closing quotes or brackets, then white space. The pattern only starts at the
# first mark of a run and never backtracks into it (possessive quantifiers), and the
# look-back for an abbreviation is bounded, so splitting is linear in the text.
_BOUNDARY = re.compile(r"(?<![.!?…])([.!?…]++)([\"'”’»)\]]*+)\s++")
# Abbreviations after which a full stop does not end the sentence (lower-cased, no dot).
ABBREVIATIONS = frozenset(
    """
    e.g i.e etc vs dr mr mrs ms prof st approx no fig figs cf al jr sr inc ltd co corp
    dept est ed eds vol vols p pp ch sec mt ft jan feb mar apr jun jul aug sep sept oct nov
    dec mon tue wed thu fri sat sun gen col lt sgt rev hon assn bros op ca misc incl
    """.split()  # noqa: SIM905 - a word list reads best as words
)
_ABBREV_LOOKBACK = 12  # characters: longer than any abbreviation above


@dataclass(frozen=True)
class Block:
    kind: str  # "p" paragraph, "h" heading, "q" quoted or code (see QUOTED_TAGS)
    level: int  # heading level 1-6; 0 for paragraphs
    text: str
    start: int
    end: int
    table: int = 0  # which table (1, 2, …) the block is a cell of; 0 outside tables
    in_list: bool = False  # a list item's text (or a block inside one)


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

    def text_sentence_count(self, *, quoted: bool) -> int:
        """Sentences as Yoast's text-based researches (Flesch, passive voice) count them: a
        table's cells run together as one block. ``quoted``: count quoted blocks too."""
        per_block = [0] * len(self.blocks)
        for s in self.sentences:
            per_block[s.block] += 1
        total = 0
        table_text: list[str] = []
        table = 0
        for i, block in enumerate(self.blocks):
            if block.kind == "q" and not quoted:
                continue
            if block.table and block.table == table:
                table_text.append(block.text)
                continue
            if table_text:
                total += _count_sentences(" ".join(table_text))
            table_text, table = [], block.table
            if block.table:
                table_text.append(block.text)
            else:
                total += per_block[i]
        if table_text:
            total += _count_sentences(" ".join(table_text))
        return total

    # Computed once, on first use, after parse() has set the sentences.
    @cached_property
    def block_words(self) -> list[int]:
        """Words in each block (index as ``blocks``), from its sentences."""
        counts = [0] * len(self.blocks)
        for s in self.sentences:
            counts[s.block] += len(s.words)
        return counts

    @cached_property
    def counted(self) -> list[Sentence]:
        """The sentences Yoast's checks count: all but those of quoted ("q") blocks."""
        return [s for s in self.sentences if self.blocks[s.block].kind != "q"]

    @cached_property
    def words(self) -> list[str]:
        """The words Yoast's checks count (quoted text left out)."""
        return [w for s in self.counted for w in s.words]

    @cached_property
    def counted_links(self) -> list[Link]:
        quoted = [(b.start, b.end) for b in self.blocks if b.kind == "q"]
        if not quoted:
            return self.links
        return [k for k in self.links if not any(a <= k.start < z for a, z in quoted)]

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "p"]

    @property
    def subheadings(self) -> list[Block]:
        """H2 and H3: the subheadings Yoast's distribution and keyphrase checks count."""
        return [b for b in self.blocks if b.kind == "h" and b.level in (2, 3)]


def words_of(text: str) -> list[str]:
    return WORD_RE.findall(text)


# Private-use characters mark where a link starts and ends in a block's raw text; flush()
# turns them into offsets while it normalises white space, in one pass (linear however
# many links a block holds). Text never carries them: add() drops any it brings.
_LINK_START, _LINK_END = "\ue000", "\ue001"
_FLUSH_TOKENS = re.compile(r"\s+|[\ue000\ue001]")
_NO_MARKERS = str.maketrans("", "", _LINK_START + _LINK_END)


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
        self.quoted = 0  # depth of QUOTED_TAGS elements we are in
        self.tables = 0  # tables seen so far
        self.table = 0  # the table we are in (0: none)
        self.items = 0  # depth of <li> elements we are in
        self.pending_links: list[tuple[str, str]] = []  # (href, rel), in link-start order

    @staticmethod
    def _normalise(raw: str) -> tuple[str, list[tuple[int, int]]]:
        """White space collapsed and trimmed; (start, end) of each link started in ``raw``.

        Links never nest, so markers alternate: an end before any start closes a link begun
        in an earlier block (skipped); a start without an end runs to the block's end.
        """
        out: list[str] = []
        size = 0
        space = False
        spans: list[tuple[int, int]] = []
        open_at: int | None = None
        pos = 0
        for m in _FLUSH_TOKENS.finditer(raw):
            if m.start() > pos:
                if space and size:
                    out.append(" ")
                    size += 1
                out.append(raw[pos : m.start()])
                size += m.start() - pos
                space = False
            token = m.group()
            if token == _LINK_START:
                open_at = size + (1 if space and size else 0)
            elif token == _LINK_END:
                if open_at is not None:
                    spans.append((open_at, size))
                open_at = None
            else:
                space = True
            pos = m.end()
        if pos < len(raw):
            if space and size:
                out.append(" ")
                size += 1
            out.append(raw[pos:])
            size += len(raw) - pos
        if open_at is not None:
            spans.append((open_at, size))
        return "".join(out), spans

    def flush(self) -> None:
        raw = "".join(self.current)
        self.current = []
        if _LINK_START in raw or _LINK_END in raw:
            text, spans = self._normalise(raw)
        else:  # no links: the same result at C speed
            text, spans = " ".join(raw.split()), []
        links, self.pending_links = self.pending_links, []
        if not text:
            if raw.rfind(_LINK_START) > raw.rfind(_LINK_END):
                # A link wrapping a block (a card): it counts with the block's text.
                self.pending_links = links[-1:]
                self.current.append(_LINK_START)
            return
        if self.parts:
            self.parts.append("\n\n")
            self.length += 2
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        kind = "q" if self.quoted and self.kind[0] == "p" else self.kind[0]
        self.blocks.append(
            Block(kind, self.kind[1], text, start, self.length, self.table, self.items > 0)
        )
        for (href, rel), (a, b) in zip(links, spans, strict=False):
            a, b = min(a, len(text)), min(max(a, b), len(text))
            self.links.append(Link(href, rel, text[a:b].strip(), start + a, start + b))

    def add(self, text: str | None) -> None:
        if text:
            if _LINK_START in text or _LINK_END in text:
                text = text.translate(_NO_MARKERS)
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
    is_block = tag in _BLOCK_TAGS or tag in QUOTED_TAGS
    quoted = tag in QUOTED_TAGS
    outer_table = b.table
    if is_block:
        b.flush()
        b.quoted += quoted
        b.items += tag == "li"
        if tag == "table":
            b.tables += 1
            b.table = b.tables
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            b.kind = ("h", int(tag[1]))
    is_link = tag == "a" and get("href") is not None
    if is_link:
        b.current.append(_LINK_START)
        b.pending_links.append((get("href"), get("rel") or ""))
    b.add(el.text)  # type: ignore[attr-defined]
    for child in el:  # type: ignore[attr-defined]
        _walk(child, b)
    if is_link:
        b.current.append(_LINK_END)
    if is_block:
        b.flush()
        b.quoted -= quoted
        b.items -= tag == "li"
        b.table = outer_table
        b.kind = ("p", 0)
    b.add(el.tail)  # type: ignore[attr-defined]


def _from_html(html: str) -> _Builder:
    import lxml.html  # lazy: keeps `clinicseo --help` fast

    from clinicseo.scoring.page import is_page, parse_document

    b = _Builder()
    if not html.strip():
        return b
    if is_page(html):  # a whole document: its text, head and body (see clinicseo.scoring.page)
        try:
            root = parse_document(html)
        except ValueError:  # nothing lxml can read ("<!DOCTYPE" alone): no text
            return b
    else:
        try:
            root = lxml.html.fragment_fromstring(html, create_parent="div")
        except Exception:  # noqa: BLE001 - lxml refuses control characters, stray <body>s…
            try:  # …which its document parser reads
                root = parse_document(html)
            except ValueError:
                return b
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


def _ends_with_abbreviation(text: str, dot: int) -> bool:
    """Whether the word before the full stop at ``dot`` is an abbreviation."""
    lo = max(0, dot - _ABBREV_LOOKBACK)
    start = max(text.rfind(" ", lo, dot), text.rfind("(", lo, dot)) + 1
    if start == 0 and lo > 0:
        return False  # a "word" longer than any abbreviation
    return text[start:dot].lower() in ABBREVIATIONS


def _is_initial(text: str, dot: int, after: int) -> bool:
    """ "J. K. Rowling": a lone letter before the dot and a lone letter and dot after it."""
    before = text[dot - 2 : dot] if dot >= 2 else " " + text[:dot]
    return (
        len(before) == 2 and before[1].isalpha() and not before[0].isalnum()
        and after + 1 < len(text) and text[after].isalpha() and text[after + 1] == "."
    )  # fmt: skip


def _split(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in one paragraph's text.

    A sentence ends at a run of ``. ! ? …`` (with any closing quotes or brackets) followed
    by white space. After ``!`` or ``?`` that is enough, as for Yoast — unless a quotation
    mark closes the run (``"Why?" she asked`` goes on). After a full stop or an ellipsis the
    next sentence must start like one: a capital, a digit, an opening quote or bracket,
    ``¿ ¡ <``; and a full stop after an abbreviation or an initial ends nothing.
    """
    pieces: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _BOUNDARY.finditer(text):
        after = m.end()
        if after >= n:
            break
        run, closers = m.group(1), m.group(2)
        if run[-1] in "!?" and "." not in run:
            if closers and any(q in closers for q in "\"'”’»"):
                continue
        else:
            nxt = text[after]
            if not (nxt.isupper() or nxt.isdigit() or nxt in "\"'“‘«¿¡<(["):
                continue
            if run == "." and (
                _ends_with_abbreviation(text, m.start()) or _is_initial(text, m.start(), after)
            ):
                continue
        pieces.append((start, m.start(2) + len(closers)))
        start = after
    pieces.append((start, n))
    return pieces


def _count_sentences(text: str) -> int:
    return sum(1 for a, z in _split(text) if WORD_RE.search(text, a, z))


def _sentences(blocks: list[Block]) -> list[Sentence]:
    out: list[Sentence] = []
    for i, block in enumerate(blocks):
        pieces = [(0, len(block.text))] if block.kind == "h" else _split(block.text)
        for a, z in pieces:
            piece = block.text[a:z]
            ws = tuple(words_of(piece))
            if ws:
                out.append(Sentence(piece, block.start + a, block.start + z, i, ws))
    return out


def parse(body: str, fmt: str = "html") -> Document:
    """Read ``body`` (``fmt``: html, markdown or text) into a :class:`Document`.

    Raises :class:`~clinicseo.errors.InputError` for a body over :data:`MAX_CHARS`
    (:data:`MAX_MARKDOWN_CHARS` for Markdown)."""
    builder = _build(body, fmt)
    doc = Document("".join(builder.parts), builder.blocks, builder.links, builder.images)
    doc.sentences = _sentences(doc.blocks)
    return doc


def plain_text(body: str, fmt: str = "html") -> str:
    """The plain text every check's ``spans`` offsets point into: ``parse(body).text``,
    without splitting it into sentences (uniqueness needs only the text; the split was a
    tenth of a full analysis)."""
    return "".join(_build(body, fmt).parts)


def _build(body: str, fmt: str) -> _Builder:
    limit = MAX_MARKDOWN_CHARS if fmt == "markdown" else MAX_CHARS
    size = len(body.strip())
    if size > limit:
        from clinicseo.errors import InputError

        raise InputError(f"{fmt} too long to score: {size:,} characters (the limit is {limit:,})")
    if fmt == "markdown":
        import markdown  # lazy

        body = _DEEP_QUOTES.sub(r"\1", body)  # no article quotes eight deep
        return _from_html(markdown.markdown(body, extensions=["extra"]))
    if fmt == "html":
        return _from_html(body)
    if fmt == "text":
        return _from_text(body)
    raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
