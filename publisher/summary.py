"""What one publish run did, per draft: what ``publish_due`` / ``publish_draft`` return.

:meth:`PublishSummary.lines` is what ``clinicseo publish`` prints; :meth:`PublishSummary.to_dict`
is the same as plain JSON-ready data. Plain data: building or rendering it never fails.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class PublishResult:
    draft_id: int
    title: str
    # "published", "incomplete" (live, but a field did not land: `error` names it),
    # "failed", "skipped" or "would publish"
    outcome: str
    wordpress_id: str | None = None
    url: str | None = None
    error: str | None = None
    found_existing: bool = False  # WordPress already had it (a resumed publish)
    site_error: bool = False  # the site refused the run as a whole (credentials, URL)


@dataclass
class PublishSummary:
    results: list[PublishResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the preflight's, for the whole run

    @property
    def published(self) -> list[PublishResult]:
        return [r for r in self.results if r.outcome == "published"]

    @property
    def failed(self) -> list[PublishResult]:
        """Failed and incomplete ones: either way the post is not what was approved."""
        return [r for r in self.results if r.outcome in ("failed", "incomplete")]

    def lines(self) -> list[str]:
        """One line per draft, then the totals: what the CLI prints."""
        out = list(self.notes)
        for r in self.results:
            if r.outcome == "published":
                again = " (it was already there: recorded, not sent again)" * r.found_existing
                out.append(
                    f"published draft {r.draft_id} as WordPress post {r.wordpress_id}: "
                    f"{r.url or ''}{again}"
                )
            elif r.outcome == "incomplete":
                out.append(
                    f"INCOMPLETE draft {r.draft_id}: live as WordPress post {r.wordpress_id} "
                    f"({r.url or ''}), but {r.error}"
                )
            elif r.outcome == "would publish":
                out.append(f"would publish draft {r.draft_id}: {r.title}")
            else:
                out.append(f"{r.outcome} draft {r.draft_id}: {r.error}")
        if not self.results:
            out.append("nothing is due")
        out.append(f"{len(self.published)} published, {len(self.failed)} failed")
        if any(r.outcome == "incomplete" for r in self.results):
            out[-1] += " (incomplete ones are live but lack fields; see above)"
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"results": [asdict(r) for r in self.results], "notes": self.notes}
