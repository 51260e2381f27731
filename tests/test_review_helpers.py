"""Small pure pieces of the review app: plain wording and severity order, the status
sentences' relative times, iCal text escaping and line folding, the ranking's "why"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from clinicseo.gate import Reason, Verdict
from clinicseo.review.ical import _fold, _text
from clinicseo.review.ranking import ranked, why
from clinicseo.review.status_text import relative
from clinicseo.wording import PLAIN, split_checks

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def test_relative_times_read_like_speech() -> None:
    assert relative((NOW + timedelta(hours=3, minutes=5)).isoformat(), NOW) == "in 3 hours"
    assert relative((NOW - timedelta(days=2, hours=1)).isoformat(), NOW) == "2 days ago"
    assert relative((NOW + timedelta(minutes=1)).isoformat(), NOW) == "in 1 minute"
    assert relative(NOW.isoformat(), NOW) == "now" and relative(None, NOW) == ""


def test_ical_text_is_escaped_and_long_lines_fold_at_75_octets() -> None:
    assert _text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    line = "SUMMARY:" + "Mikronadelung – Nachsorge " * 10  # multi-byte characters
    folded = _fold(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line
    assert all(len(p.encode()) <= 75 for p in parts)


def test_every_yoast_check_has_plain_words_and_the_worst_come_first() -> None:
    checks: list[dict[str, Any]] = [
        {"id": "sentence_length", "kind": "readability", "status": "ok", "score": 6},
        {"id": "images", "kind": "seo", "status": "bad", "score": 3},
        {"id": "claims_guarantee", "kind": "compliance", "status": "bad", "score": None,
         "message": "R1 (outcome guarantee): x"},  # fmt: skip
        {"id": "text_length", "kind": "seo", "status": "good", "score": 9},
    ]
    failing, passing = split_checks(checks)
    assert [c["id"] for c in failing] == ["claims_guarantee", "images", "sentence_length"]
    assert [c["id"] for c in passing] == ["text_length"]
    assert failing[0]["name"] == "Advertising rules: R1 (outcome guarantee)"
    assert failing[1]["plain"] == "No images appear on this page. Add some!"
    for cid in ("keyphrase_in_subheadings", "passive_voice", "flesch_reading_ease"):
        name, sentence = PLAIN[cid]
        assert name and sentence.endswith((".", "!"))


def test_the_recommendation_names_what_sets_the_first_apart() -> None:
    def draft(i: int, red: int, flesch: float) -> dict[str, Any]:
        checks = [{"id": f"c{k}", "status": "bad"} for k in range(red)]
        checks.append({"id": "flesch_reading_ease", "status": "good", "value": flesch})
        return {"id": i, "scores": {"seo": 90}, "checks": checks}

    ready = Verdict(True, ())
    blocked = Verdict(False, (Reason("claims_x", "A claim.", "Reword it."),))
    drafts = [draft(1, 0, 60.0), draft(2, 0, 70.0), draft(3, 0, 80.0)]
    order = ranked(drafts, {1: ready, 2: ready, 3: blocked})
    assert [r.draft["id"] for r in order] == [2, 1, 3]  # ready first, then easier to read
    assert "easier to read (Flesch 70 against 60)" in why(order)
    only_ready = ranked(drafts[2:] + drafts[:1], {1: ready, 3: blocked})
    assert why(only_ready) == "It is ready to publish and the next best (#3) is not."
