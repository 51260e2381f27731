"""Hostile topic text never breaks out of its element or reaches the output unescaped.

Topic labels, competitor questions and headings are untrusted. The renderer escapes them
(Jinja2 autoescape) and sanitises the body with nh3; these properties check both.
"""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinicseo.config import Config, load_config
from clinicseo.errors import NoMaterial
from clinicseo.render import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, TopicBrief, render_variants, sanitize
from tests.fixtures.config import EXAMPLE

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}",
    "{% include 'layout.html.j2' %}",
    "javascript:alert(1)",
    "</p><iframe src=//evil.example></iframe>",
    "' onmouseover='steal()",
    '<a href="javascript:alert(1)">x</a>',
    "\u202eevil\u202c ünïcödé 💉",
    "&lt;b&gt; &amp;",
    "<svg/onload=alert(1)>",
]
COVERED = (
    "microneedling redness swelling healing inflammation aftercare recovery sunscreen risks "
    "scars collagen needles session results texture"
)
CONFIG: Config = load_config(EXAMPLE)


class _Audit(HTMLParser):
    """Collects every tag and attribute of the output, and the text of each <p>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.paragraphs: list[str] = []
        self._in_p = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag == "p":
            self._in_p += 1
            self.paragraphs.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._in_p -= 1

    def handle_data(self, data: str) -> None:
        if self._in_p:
            self.paragraphs[-1] += data


def _assert_safe(html: str) -> _Audit:
    audit = _Audit()
    audit.feed(html)
    for tag, attrs in audit.tags:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs:
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()), (tag, name)
            scheme = re.match(r"\s*([a-z][a-z0-9+.-]*):", value or "", re.I)
            if name in ("href", "src") and scheme:
                assert scheme.group(1).lower() in ("http", "https", "mailto"), value
    lowered = html.lower()
    assert "<script" not in lowered and "<iframe" not in lowered  # as tags, never raw
    return audit


def _render(label: str, questions: list[str], headings: list[str]) -> list[dict] | None:
    topic = TopicBrief(label=label, keyphrase=label.lower(), questions=tuple(questions),
                       headings=tuple(headings))  # fmt: skip
    try:
        return render_variants(topic, 1, config=CONFIG)
    except NoMaterial:
        return None  # refusing a topic is a safe outcome too


@pytest.mark.parametrize("hostile", HOSTILE)
def test_each_hostile_string_never_reaches_the_output(hostile: str) -> None:
    label = f"{COVERED} {hostile}?"
    (draft,) = render_variants(
        TopicBrief(label=label, keyphrase=label, questions=(hostile,), headings=(hostile,)),
        1,
        config=CONFIG,
    )
    _assert_safe(draft["html"])
    for field in ("html", "title", "seo_title", "meta_description", "excerpt", "slug"):
        assert hostile not in draft[field]
        assert html_lib.escape(hostile) not in draft[field]
    assert "49" not in draft["html"]  # "{{ 7*7 }}" is never evaluated as a template
    assert draft["topic"] == label  # kept as data for the store, never printed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    fragment=st.sampled_from(HOSTILE),
    noise=st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
    questions=st.lists(st.sampled_from(HOSTILE) | st.text(max_size=30), max_size=3),
)
def test_hostile_topics_never_break_out(fragment: str, noise: str, questions: list[str]) -> None:
    label = f"{COVERED} {fragment} {noise}?"
    drafts = _render(label, questions, questions)
    if drafts is None:
        return
    for draft in drafts:
        _assert_safe(draft["html"])
        assert fragment not in draft["html"] and html_lib.escape(fragment) not in draft["html"]
        for text in (draft["title"], draft["meta_description"], draft["excerpt"]):
            assert "<" not in text and fragment not in text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200) | st.sampled_from(HOSTILE).map(lambda h: f"<p>{h}</p>"))
def test_sanitize_allows_only_the_allow_list(raw: str) -> None:
    out = sanitize(raw)
    _assert_safe(out)
    assert sanitize(out) == out  # stable: sanitising twice changes nothing


def test_escaped_text_round_trips() -> None:
    assert html_lib.unescape(sanitize("<p>&lt;script&gt;</p>")) == "<p><script></p>"
    assert "<script>" not in sanitize("<p>&lt;script&gt;</p>")
