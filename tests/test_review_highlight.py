"""Check spans over plain text and word diffs: the pieces the review pages mark up."""

from __future__ import annotations

from typing import Any

from clinicseo.review.highlight import check_spans, segments, word_diff


def test_segments_mark_every_span_and_keep_all_text() -> None:
    text = "Microneedling cures acne. It is quick."
    checks: list[dict[str, Any]] = [
        {"id": "sentence_length", "spans": [[0, 25]]},
        {"id": "claims_cure", "spans": [], "findings": [{"span": [14, 19], "rule": "cure"}]},
        {"id": "broken", "spans": [[5, 2], "x", [32, 999]]},
    ]
    pieces = segments(text, check_spans(checks))
    assert "".join(p for p, _ in pieces) == text
    assert ("cures", "claims_cure, sentence_length") in pieces
    assert ("Microneedling ", "sentence_length") in pieces
    assert pieces[-1] == ("quick.", "broken")  # a span past the end is clamped, not fatal


def test_segments_without_spans_is_the_whole_text() -> None:
    assert segments("Plain.", []) == [("Plain.", "")]


def test_word_diff_shows_changed_words_within_paragraphs() -> None:
    a = "Keep your skin clean.\n\nAvoid the sun.\n\nCall us."
    b = "Keep your skin cool.\n\nAvoid the sun.\n\nBook online."
    ops = word_diff(a, b)
    assert ("del", "clean.\n\n") in ops and ("ins", "cool.\n\n") in ops
    assert ("same", "Avoid the sun.\n\n") in ops
    removed = "".join(t for op, t in ops if op != "ins")
    added = "".join(t for op, t in ops if op != "del")
    assert removed.split() == a.split() and added.split() == b.split()
