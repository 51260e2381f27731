"""Keyphrase headings: which sections of a variant get a keyphrase heading (Yoast's rule).

Yoast wants the keyphrase in roughly a third to three quarters of the subheadings. A
section of the body is a *keyphrase section* when its H2 is its keyphrase heading rather
than its template's default heading. :func:`balance` adds or drops keyphrase sections until
the share of H2/H3 with the keyphrase is in that band, the same way for the same plan.

    balance(library, plan, order, kp_sections, html, keyphrase=..., kp_heading=...,
            as_html=..., render=...) -> (keyphrase sections, body html)

The reference procedure re-renders the body after each step. The shortcut (``_settle``)
works the steps out from the first render's headings, since a step only swaps one
section's default heading for its keyphrase heading, then renders once and checks that the
shares came out as predicted; when a template has another shape, or the check fails, the
re-rendering loop runs instead, so the outcome is always the loop's.

Failure modes: whatever ``render`` raises (TemplateFailure), unchanged.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from clinicseo.library import Library
from clinicseo.variants import Plan
from clinicseo.weaving import tokens

HEADING = re.compile(r"<h[23][^>]*>(.*?)</h[23]>", re.S)  # an H2/H3's inner html
FUNCTION_WORDS = {"a", "an", "and", "the", "of", "for", "to", "in", "on", "with", "after", "how"}
MIN_SHARE, MAX_SHARE = 0.3, 0.75
_TAGS = re.compile(r"<[^>]+>")
_DEFAULTS: dict[tuple[Path, str], str | None] = {}  # (library root, template) -> heading
_DEFAULT_HEADING = re.compile(r'<h2>\{\{ sec\.heading or "([^"\\{}<>&]*)" \}\}</h2>')

Shares = tuple[float, float]


def balance(
    library: Library,
    plan: Plan,
    order: Sequence[str],
    kp_sections: Sequence[str],
    html: str,
    *,
    keyphrase: str,
    kp_heading: Callable[[str], str],
    as_html: Callable[[str], str],
    render: Callable[[Sequence[str]], str],
) -> tuple[list[str], str]:
    """The keyphrase sections and body once the keyphrase-heading shares are balanced.

    ``order`` is the body's sections in order; ``html`` the body rendered with
    ``kp_sections``; ``kp_heading(section)`` that section's keyphrase heading text as the
    body gives it ("" when it has none); ``as_html(text)`` a heading text as it stands
    between ``<h2>`` and ``</h2>`` in a rendered body ("" when it would not survive);
    ``render(sections)`` the body with those keyphrase sections.
    """
    sections = list(kp_sections)
    settled = _settle(library, plan, order, sections, html, keyphrase, kp_heading, as_html)
    if settled is not None:
        chosen, expected = settled
        final = html if chosen == sections else render(chosen)
        if heading_shares(final, keyphrase) == expected:
            return chosen, final
    # The reference procedure, for a template the shortcut cannot vouch for.
    spare = [s for s in order if s not in sections]
    while spare and min(heading_shares(html, keyphrase)) < MIN_SHARE:
        sections.append(spare.pop(plan.headline_pattern % len(spare)))
        html = render(sections)
    while len(sections) > 1 and heading_shares(html, keyphrase)[1] > MAX_SHARE:
        sections.pop()
        html = render(sections)
    return sections, html


def heading_shares(html: str, kp: str) -> Shares:
    """Share of H2/H3 with all, and with at least half, of the keyphrase's content words."""
    words = _content_words(kp)
    heads = HEADING.findall(html)
    if not heads or not words:
        return (0.0, 0.0)
    hits = [_hits(h, words) for h in heads]
    return (sum(f for f, _ in hits) / len(heads), sum(h for _, h in hits) / len(heads))


def _hits(heading_html: str, words: Sequence[str]) -> tuple[int, int]:
    """(1 if the heading has all the keyphrase's content words, 1 if at least half)."""
    count = sum(w in _heading_words(heading_html) for w in words)
    return int(count == len(words)), int(count >= math.ceil(len(words) / 2))


def _settle(
    library: Library,
    plan: Plan,
    order: Sequence[str],
    kp_sections: Sequence[str],
    html: str,
    kp: str,
    kp_heading: Callable[[str], str],
    as_html: Callable[[str], str],
) -> tuple[list[str], Shares] | None:
    """The keyphrase sections the re-rendering loop in `balance` ends with, and the
    heading shares of that render, worked out from `html` (rendered with `kp_sections`).

    Making a section a keyphrase section only swaps its one heading, the template's
    `<h2>{{ sec.heading or "Default" }}</h2>`, for its keyphrase heading, so the shares
    after each step follow from the two headings' words. None (use the loop) when a
    template has another shape, or `html` lacks a heading this model says it has.
    """
    if any(s not in order for s in kp_sections):
        return None
    swaps: dict[str, tuple[str, str]] = {}  # section -> (default, keyphrase heading) as html
    for section in order:
        kp_text = kp_heading(section)
        if not kp_text:
            continue  # its heading never changes
        default = _template_default(library, plan.parts[section])
        pair = (as_html(default or ""), as_html(kp_text))
        if default is None or not pair[0] or not pair[1]:
            return None
        swaps[section] = pair
    heads = HEADING.findall(html)
    shown = [swaps[s][1] if s in kp_sections else swaps[s][0] for s in swaps]
    if Counter(shown) - Counter(heads):
        return None
    words = _content_words(kp)
    # Counted heading by heading as heading_shares counts them (_hits), so the totals agree.
    full = sum(_hits(h, words)[0] for h in heads)
    half = sum(_hits(h, words)[1] for h in heads)

    def shares() -> Shares:
        return (full / len(heads), half / len(heads)) if heads and words else (0.0, 0.0)

    def swap(section: str, to_kp: bool) -> None:
        nonlocal full, half
        if section in swaps:
            old, new = swaps[section] if to_kp else swaps[section][::-1]
            full += _hits(new, words)[0] - _hits(old, words)[0]
            half += _hits(new, words)[1] - _hits(old, words)[1]

    sections = list(kp_sections)
    spare = [s for s in order if s not in sections]
    while spare and min(shares()) < MIN_SHARE:  # the same steps as the loop in balance
        sections.append(spare.pop(plan.headline_pattern % len(spare)))
        swap(sections[-1], True)
    while len(sections) > 1 and shares()[1] > MAX_SHARE:
        swap(sections.pop(), False)
    return sections, shares()


def _template_default(library: Library, name: str) -> str | None:
    """The default heading of a section template of the one expected shape, else None."""
    key = (library.root, name)
    if key not in _DEFAULTS:
        try:
            source = library.env.loader.get_source(library.env, name)[0]  # type: ignore[union-attr]
        except Exception:
            source = ""
        found = _DEFAULT_HEADING.findall(source)
        one = len(found) == 1 and source.count("sec.heading") == 1
        _DEFAULTS[key] = found[0] if one else None
    return _DEFAULTS[key]


def _content_words(kp: str) -> list[str]:
    return [w for w in tokens(kp) if w not in FUNCTION_WORDS] or tokens(kp)


@lru_cache(maxsize=4096)
def _heading_words(heading_html: str) -> frozenset[str]:
    """The words of one heading (headings recur across a batch's variants)."""
    return frozenset(tokens(_TAGS.sub(" ", heading_html)))
