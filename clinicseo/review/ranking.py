"""A topic's variants ranked for the compare page: which one to keep, and why.

The order: ready to publish (the publish gate) first, then fewer red checks, fewer orange
checks, less overlap with the other variants, easier to read (Flesch), higher SEO score.
The "why" names what sets the first apart from the runner-up, in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clinicseo.gate import Verdict


@dataclass(frozen=True)
class Ranked:
    draft: dict[str, Any]
    verdict: Verdict
    red: int
    orange: int
    overlap: float
    flesch: float | None
    words: int | None
    findings: int

    def key(self) -> tuple[Any, ...]:
        return (
            not self.verdict.ready,
            self.red,
            self.orange,
            round(self.overlap, 3),
            -(self.flesch or 0.0),
            -float(self.draft["scores"].get("seo") or 0),
            self.draft["id"],
        )


def _value(d: dict[str, Any], check_id: str) -> Any:
    return next((c.get("value") for c in d["checks"] if c.get("id") == check_id), None)


def ranked(drafts: list[dict[str, Any]], verdicts: dict[int, Verdict]) -> list[Ranked]:
    out = []
    for d in drafts:
        checks = d["checks"]
        overlap = _value(d, "uniqueness_variants")
        flesch = _value(d, "flesch_reading_ease")
        words = _value(d, "text_length")
        out.append(
            Ranked(
                draft=d,
                verdict=verdicts[d["id"]],
                red=sum(1 for c in checks if c.get("status") == "bad"),
                orange=sum(1 for c in checks if c.get("status") == "ok"),
                overlap=float(overlap) if isinstance(overlap, int | float) else 0.0,
                flesch=float(flesch) if isinstance(flesch, int | float) else None,
                words=int(words) if isinstance(words, int | float) else None,
                findings=sum(len(c.get("findings") or []) for c in checks),
            )
        )
    return sorted(out, key=Ranked.key)


def why(ranking: list[Ranked]) -> str:
    """One sentence: why the first variant is recommended over the second."""
    if not ranking:
        return ""
    best = ranking[0]
    if len(ranking) == 1:
        return "It is the only variant."
    second = ranking[1]
    name = f"#{second.draft['id']}"
    if best.verdict.ready and not second.verdict.ready:
        return f"It is ready to publish and the next best ({name}) is not."
    if best.red != second.red:
        return f"It has the fewest red checks ({best.red}, against {second.red} for {name})."
    if best.orange != second.orange:
        return (
            f"It has the fewest orange checks ({best.orange}, against {second.orange} for {name})."
        )
    if round(best.overlap, 3) != round(second.overlap, 3):
        return (
            f"It repeats the least of the other variants ({best.overlap:.0%} overlap, "
            f"against {second.overlap:.0%} for {name})."
        )
    if (best.flesch or 0) != (second.flesch or 0):
        return (
            f"Its checks tie with {name}'s, and it is easier to read "
            f"(Flesch {best.flesch or 0:.0f} against {second.flesch or 0:.0f})."
        )
    return f"It ties with {name} on every check; it has the better SEO score or came first."


def differing_checks(drafts: list[dict[str, Any]]) -> list[str]:
    """The check ids whose result is not the same for every variant, in first-seen order."""
    ids: list[str] = []
    for d in drafts:
        for c in d["checks"]:
            if c.get("id") not in ids:
                ids.append(c.get("id"))
    cells = [{c.get("id"): c.get("status") for c in d["checks"]} for d in drafts]
    return [i for i in ids if len({cell.get(i) for cell in cells}) > 1]
