"""An edited body whose tags do not close is refused, naming the tag and its line."""

from __future__ import annotations

import pytest

from clinicseo.errors import InputError
from clinicseo.markup import check_balanced


@pytest.mark.parametrize(
    "html",
    [
        "<h2>Title</h2><p>Text<p>More text",  # <p> may be left open, as HTML allows
        "<ul><li>one<li>two</ul><p>Done <br> <img src='a.png' alt='x'></p>",
        "<p>A <a href='/x'>link</a> and <strong>bold <em>both</em></strong>.</p>",
        "",
    ],
)
def test_well_formed_bodies_pass(html: str) -> None:
    check_balanced(html)


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<p>Intro</p>\n<h2>Heading\n<p>Body</p>", "line 2: <h2> is never closed"),
        ("<h2>One <strong>two</h2></strong>", "line 1: </h2> comes before the <strong>"),
        ("<p>Text</p>\n\n</h3>", "line 3: </h3> closes nothing"),
    ],
)
def test_unbalanced_bodies_are_refused_with_the_place(html: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        check_balanced(html)
