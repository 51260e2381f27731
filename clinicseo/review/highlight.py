"""Check spans over a draft's plain text, and word diffs between two variants.

The plain text is the scorer's (:func:`clinicseo.scoring.plain_text`): check spans are
offsets into it.

Both return plain (text, label) pieces; the templates escape and mark them up, so nothing
here builds HTML and no draft text can inject any.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any


def check_spans(checks: Iterable[dict[str, Any]]) -> list[tuple[int, int, str]]:
    """(start, end, check id) for every span of every check, and every compliance finding."""
    out: list[tuple[int, int, str]] = []
    for check in checks:
        cid = str(check.get("id", "?"))
        for span in check.get("spans") or []:
            out.extend(_span(span, cid))
        for finding in check.get("findings") or []:
            out.extend(_span(finding.get("span"), cid))
    return out


def _span(span: Any, cid: str) -> list[tuple[int, int, str]]:
    if isinstance(span, list | tuple) and len(span) == 2:
        start, end = span
        if isinstance(start, int) and isinstance(end, int) and end > start >= 0:
            return [(start, end, cid)]
    return []  # a malformed span is skipped, never fatal to the page


def segments(text: str, spans: Iterable[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """Split `text` at every span edge: [(piece, "check ids covering it" or "")].

    Overlapping spans simply list every check id covering the piece."""
    clamped = [(max(0, s), min(len(text), e), cid) for s, e, cid in spans]
    clamped = [(s, e, cid) for s, e, cid in clamped if e > s]
    cuts = sorted({0, len(text), *(s for s, _, _ in clamped), *(e for _, e, _ in clamped)})
    pieces: list[tuple[str, str]] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        ids = sorted({cid for s, e, cid in clamped if s <= start and end <= e})
        piece = text[start:end]
        if pieces and pieces[-1][1] == ", ".join(ids):
            pieces[-1] = (pieces[-1][0] + piece, pieces[-1][1])
        else:
            pieces.append((piece, ", ".join(ids)))
    return pieces


# The kinds a reviewer can switch on and off, outermost mark first: the last kind listed
# is drawn innermost, so a compliance finding stays visible inside a long sentence.
HIGHLIGHT_KINDS: dict[str, str] = {
    "keyphrase": "Keyphrase",
    "long": "Long sentence",
    "passive": "Passive voice",
    "overlap": "Overlap",
    "compliance": "Compliance",
}


def kind_of(check: dict[str, Any]) -> str | None:
    """Which highlight kind a check's spans belong to (None: not highlighted)."""
    cid, kind = str(check.get("id", "")), str(check.get("kind", ""))
    if kind == "compliance":
        return "compliance"
    if kind == "uniqueness" or cid == "keyword_swap":
        return "overlap"
    return {"sentence_length": "long", "passive_voice": "passive"}.get(cid)


def kind_spans(
    checks: Iterable[dict[str, Any]], text: str, keyphrase: str | None
) -> list[tuple[int, int, str]]:
    """(start, end, kind) over the plain text: each check's spans under its kind, plus every
    use of the keyphrase (found here: no check stores them all)."""
    out: list[tuple[int, int, str]] = []
    for check in checks:
        kind = kind_of(check)
        if kind is None:
            continue
        for start, end, _cid in check_spans([check]):
            out.append((start, end, kind))
    phrase = (keyphrase or "").strip()
    if phrase:
        pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, phrase.split())) + r"\b", re.I)
        out.extend((m.start(), m.end(), "keyphrase") for m in pattern.finditer(text))
    return out


def kind_pieces(
    text: str, spans: Iterable[tuple[int, int, str]]
) -> tuple[list[tuple[str, list[str]]], dict[str, int]]:
    """([(piece, kinds covering it, outermost first)], {kind: number of marked passages})."""
    spans = list(spans)
    order = list(HIGHLIGHT_KINDS)
    pieces = [
        (piece, sorted(label.split(", "), key=order.index) if label else [])
        for piece, label in segments(text, spans)
    ]
    counts = {kind: 0 for kind in HIGHLIGHT_KINDS}
    for kind in HIGHLIGHT_KINDS:
        merged_end = -1
        for start, end, _ in sorted(s for s in spans if s[2] == kind):
            if start >= merged_end:
                counts[kind] += 1
            merged_end = max(merged_end, end)
    return pieces, counts


_WORDS = re.compile(r"\S+\s*")


def word_diff(a: str, b: str) -> list[tuple[str, str]]:
    """[(op, text)] with op "same", "del" (only in a) or "ins" (only in b), word by word
    within paragraphs that changed (difflib), so a reviewer sees exactly what differs."""
    out: list[tuple[str, str]] = []
    pa, pb = _paragraphs(a), _paragraphs(b)
    matcher = difflib.SequenceMatcher(a=pa, b=pb, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(("same", p) for p in pa[i1:i2])
        elif op == "replace":
            for x, y in zip(pa[i1:i2], pb[j1:j2], strict=False):
                out.extend(_words_diff(x, y))
            out.extend(("del", p) for p in pa[i1 + (j2 - j1) : i2])
            out.extend(("ins", p) for p in pb[j1 + (i2 - i1) : j2])
        elif op == "delete":
            out.extend(("del", p) for p in pa[i1:i2])
        else:
            out.extend(("ins", p) for p in pb[j1:j2])
    return out


def _paragraphs(text: str) -> list[str]:
    return [p.strip() + "\n\n" for p in re.split(r"\n\s*\n", text) if p.strip()]


def _words_diff(x: str, y: str) -> list[tuple[str, str]]:
    wx, wy = _WORDS.findall(x), _WORDS.findall(y)
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=wx, b=wy, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("same", "".join(wx[i1:i2])))
            continue
        if i2 > i1:
            out.append(("del", "".join(wx[i1:i2])))
        if j2 > j1:
            out.append(("ins", "".join(wy[j1:j2])))
    return out
