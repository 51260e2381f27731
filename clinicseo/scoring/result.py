"""One check result in the contract's shape, and Yoast's traffic lights and aggregators.

A check is ``{"id", "kind", "status", "value", "message", "spans"}`` plus ``"score"``: the
Yoast points (−999…9) behind the status, or None when the check is not one Yoast counts
(then it stays out of the overall score). Compliance checks add ``"findings"``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

Check = dict[str, Any]


def rating(score: float) -> str:
    """Yoast's ``scoreToRating``: ≤ 4 bad (red), 5–7 ok (orange), > 7 good (green)."""
    if score <= 4:
        return "bad"
    if score <= 7:
        return "ok"
    return "good"


def check(
    id: str,
    kind: str,
    score: float | None,
    value: Any,
    message: str,
    spans: Iterable[Sequence[int]] = (),
    *,
    status: str | None = None,
    **extra: Any,
) -> Check:
    """Build a check; ``status`` defaults to the rating of ``score``."""
    if status is None:
        status = rating(score) if score is not None else "good"
    out: Check = {
        "id": id,
        "kind": kind,
        "status": status,
        "value": value,
        "message": message,
        "spans": [[int(a), int(b)] for a, b in spans],
        "score": score,
    }
    out.update(extra)
    return out


def counted(c: Check) -> bool:
    """Whether Yoast's aggregator counts this result (applicable, and a Yoast assessment)."""
    return c.get("score") is not None and c.get("counted", True)


def readability_score(checks: Sequence[Check]) -> int:
    """Yoast's ReadabilityScoreAggregator over the checks Yoast counts (score not None).

    Penalty per result: bad 3, ok 2, good 0. Penalty > 6 → 30; > 4 → 60; else 90. With one
    valid result or none the score is 0 ("not available").
    """
    valid = [c for c in checks if c["kind"] == "readability" and counted(c)]
    if len(valid) <= 1:
        return 0
    penalty = sum({"bad": 3, "ok": 2}.get(rating(c["score"]), 0) for c in valid)
    if penalty > 6:
        return 30
    if penalty > 4:
        return 60
    return 90


def seo_score(checks: Sequence[Check]) -> int:
    """Yoast's SEOScoreAggregator: round(Σ scores × 100 / (n × 9)), clamped to 0–100.

    Negative scores count (no keyphrase: −999), which is why a missing keyphrase gives 0.
    """
    valid = [c["score"] for c in checks if c["kind"] == "seo" and counted(c)]
    if not valid:
        return 0
    # Math.round, not Python's banker's rounding.
    return max(0, min(100, math.floor(sum(valid) * 100 / (len(valid) * 9) + 0.5)))
