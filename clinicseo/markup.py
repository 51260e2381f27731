"""Refuse a draft body whose tags do not close: an unclosed ``<h2>`` would otherwise make
the rest of the article one heading once a browser (or the sanitiser) closes it at the end.

The check is strict only about elements that must be closed by hand (headings, links,
lists, emphasis, quotes, tables' outer parts); ``<p>``, ``<li>`` and table cells may be
left open, as HTML allows. The message names the tag and its line, so the editor can find it.
"""

from __future__ import annotations

from html.parser import HTMLParser

from clinicseo.errors import InputError

MUST_CLOSE = frozenset(
    ("h1", "h2", "h3", "h4", "h5", "h6", "a", "strong", "em", "b", "i", "u", "s", "blockquote",
     "ul", "ol", "table", "figure", "figcaption", "div", "span", "section", "code", "pre",
     "sup", "sub", "mark", "small")
)  # fmt: skip


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, int]] = []
        self.problem = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in MUST_CLOSE and not self.problem:
            self.open.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <br/>, <img/>: nothing to close

    def handle_endtag(self, tag: str) -> None:
        if tag not in MUST_CLOSE or self.problem:
            return
        line = self.getpos()[0]
        if self.open and self.open[-1][0] == tag:
            self.open.pop()
            return
        if any(t == tag for t, _ in self.open):
            inner, at = self.open[-1]
            self.problem = (
                f"line {line}: </{tag}> comes before the <{inner}> opened on line {at} is "
                f"closed; add </{inner}> where it ends"
            )
        else:
            self.problem = f"line {line}: </{tag}> closes nothing; remove it or add its <{tag}>"


def check_balanced(html: str) -> None:
    """Raise InputError naming the first tag that is not closed (or closed out of order)."""
    parser = _Balance()
    parser.feed(html or "")
    parser.close()
    problem = parser.problem
    if not problem and parser.open:
        tag, line = parser.open[-1]
        problem = f"line {line}: <{tag}> is never closed; add </{tag}> where it should end"
    if problem:
        raise InputError(f"the body was not saved: {problem}")
