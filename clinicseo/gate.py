"""The publish gate: can this draft go to the blog, and if not, why and how to fix it.

PLACEHOLDER for the review app's branch (issue-12). The real gate is written on branch
issue-11 with exactly this API; the integrator replaces this file with that one at merge.
This stand-in only reads what scoring already stored on the draft (``approvable``,
``blocking``, the override), so the review app can show a verdict today.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from clinicseo.config import Config


@dataclass(frozen=True)
class Reason:
    check: str
    reason: str
    fix: str


@dataclass(frozen=True)
class Verdict:
    ready: bool
    reasons: tuple[Reason, ...]


def evaluate(
    conn: sqlite3.Connection, config: Config, draft: dict[str, Any], *, now: datetime
) -> Verdict:
    """The verdict for one draft (dict as ``store.get_draft``/``list_drafts`` give it)."""
    reasons: list[Reason] = []
    blocking = [str(b) for b in draft.get("blocking") or []]
    if blocking and not draft.get("override_reason"):
        reasons.append(
            Reason(
                check=blocking[0],
                reason="The advertising-rules checks found wording a regulator objects to "
                f"({', '.join(blocking)}).",
                fix="Reword the passages marked red in the text, or record an override with a "
                "reason.",
            )
        )
    if not reasons and not draft.get("approvable"):
        reasons.append(
            Reason(
                check="scores",
                reason="The readability or SEO score is under the clinic's approval bar.",
                fix="Fix the failing checks listed below, then save to re-score.",
            )
        )
    return Verdict(ready=not reasons, reasons=tuple(reasons))


def evaluate_many(
    conn: sqlite3.Connection, config: Config, drafts: list[dict[str, Any]], *, now: datetime
) -> dict[int, Verdict]:
    """Verdicts for many drafts at once, keyed by draft id."""
    return {int(d["id"]): evaluate(conn, config, d, now=now) for d in drafts}
