"""Variant plans: which axis values and section alternatives each variant of a batch uses.

The axes are data (clinicseo/templates/axes.toml); this module only picks. Picks are deterministic
for a given seed and keyphrase, and spread out: each new variant is the candidate that
shares the fewest parts with the variants already chosen, so a batch differs in several
axes and in its section alternatives, never in a swapped word alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from clinicseo.library import SECTIONS, Library
from clinicseo.weaving import Weave

CANDIDATES_SMALL = 24  # candidates weighed per pick in normal batches
CANDIDATES_LARGE = 3  # in very large batches (benchmarks), where spreading cannot help much
COMPARE_LAST = 60  # compare a candidate with at most this many earlier picks


@dataclass
class Plan:
    """One variant: its axis values and the template chosen for every part."""

    headline: str
    headline_pattern: int
    audience: str
    length: str
    tone: str
    structure: str
    headline_has_audience: bool = False
    parts: dict[str, str] = field(default_factory=dict)  # role -> template name
    faq_ids: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return "/".join((self.headline, self.audience, self.length, self.tone, self.structure))

    def overlap(self, other: Plan) -> float:
        """How much two plans share: equal parts count 1, an equal title pattern 1.5,
        equal axes 0.5, equal FAQs 0.3."""
        # Roles are unique, so this counts the roles with the same template (as a float,
        # exactly as summing 1.0 per role did: candidates tie-break on these values).
        same = float(len(self.parts.items() & other.parts.items()))
        same += 1.5 * (
            self.headline == other.headline
            and self.headline_pattern == other.headline_pattern
            and (self.audience == other.audience or not self.headline_has_audience)
        )
        same += 0.5 * sum(
            (
                self.headline == other.headline,
                self.length == other.length,
                self.structure == other.structure,
            )
        )
        same += 0.3 * len(set(self.faq_ids) & set(other.faq_ids))
        return same


def plan_batch(library: Library, woven: Weave, n: int, seed: int) -> list[Plan]:
    """`n` plans for one topic, the same for the same library, topic and seed."""
    rng = random.Random(f"{seed}:{woven.keyphrase}:{woven.angle}")
    chosen: list[Plan] = []
    keys: dict[str, int] = {}
    tries = CANDIDATES_SMALL if n <= 100 else CANDIDATES_LARGE
    for _ in range(n):
        best: Plan | None = None
        best_score = float("inf")
        for _ in range(tries):
            cand = _random_plan(library, woven, rng)
            score = 100.0 * keys.get(cand.key, 0)  # a repeated key only when all are used
            score += max((cand.overlap(p) for p in chosen[-COMPARE_LAST:]), default=0.0)
            if score < best_score:
                best, best_score = cand, score
        assert best is not None
        keys[best.key] = keys.get(best.key, 0) + 1
        chosen.append(best)
    return chosen


def variant_key(plan: Plan, seen: dict[str, int]) -> str:
    """The readable key, with '#2', '#3'… when a batch has to reuse an axes combination."""
    seen[plan.key] = seen.get(plan.key, 0) + 1
    return plan.key if seen[plan.key] == 1 else f"{plan.key}#{seen[plan.key]}"


def _random_plan(library: Library, woven: Weave, rng: random.Random) -> Plan:
    axes = library.axes
    headline = rng.choice(sorted(axes["headline"]))
    audience = woven.audience or rng.choice(sorted(axes["audience"]))
    length = rng.choice(sorted(axes["length"]))
    tone = rng.choice(sorted(axes["tone"]))
    plan = Plan(
        headline=headline,
        headline_pattern=rng.choice(_patterns(axes["headline"][headline], woven)),
        audience=audience,
        length=length,
        tone=tone,
        structure=rng.choice(sorted(axes["structure"])),
    )
    plan.headline_has_audience = "{audience}" in axes["headline"][headline][plan.headline_pattern]
    alts = library.alternatives
    for section in SECTIONS:
        group = f"audience/{audience}" if section == "audience" else section
        plan.parts[section] = rng.choice(alts[group])
    for role in ("intro", "takeaway", "cta"):
        toned = [t for t in alts[role] if t.rsplit("/", 1)[1].startswith(tone)]
        plan.parts[role] = rng.choice(toned or list(alts[role]))
    if axes["length"][length].get("session"):
        plan.parts["session"] = rng.choice(alts["session"])
    plan.faq_ids = _pick_faq(library, woven, plan, rng)
    return plan


def _patterns(patterns: list[str], woven: Weave) -> list[int]:
    """Headline patterns to use: none naming the audience when the keyphrase already does."""
    usable = [i for i, p in enumerate(patterns) if not (woven.audience and "{audience}" in p)]
    return usable or list(range(len(patterns)))


def _pick_faq(library: Library, woven: Weave, plan: Plan, rng: random.Random) -> tuple[str, ...]:
    """Matched competitor questions first, then this audience's questions, then others."""
    size = int(library.axes["length"][plan.length].get("faq", 3))
    known = [item["id"] for item in library.faq]
    preferred = [i for i in library.axes["audience"][plan.audience].get("faq", []) if i in known]
    rng.shuffle(preferred)
    rest = [i for i in known if i not in preferred]
    rng.shuffle(rest)
    out: list[str] = []
    for faq_id in [*woven.faq_ids, *preferred, *rest]:
        if faq_id not in out:
            out.append(faq_id)
    return tuple(out[: max(size, min(len(woven.faq_ids), size + 2))])
