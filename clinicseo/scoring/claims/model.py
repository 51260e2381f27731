"""The statistical second signal: a small per-rule logistic regression over a sentence's
words and word pairs, trained only on ``tests/data/compliance/dev.jsonl`` by
``scripts/train_claims_model.py`` and shipped as data (``rules/claims_model.json``).

Patterns find the wording they were written for; the model catches paraphrases they miss
("Reveal a younger, healthier you"). It only adds findings (for a rule the sentence's
patterns did not already flag, with the whole sentence as the span) when its probability
is at least the model's threshold, so it can raise recall without a reviewer seeing the
same sentence twice. Nothing is downloaded; the weights are a few thousand numbers.

Failure modes: a missing or malformed model file raises ``ValueError`` naming it (a
packaging error, caught by the tests).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

_TOKEN = re.compile(r"[a-z0-9']+|[%$£€#@★\"?]")
MODEL_FILE = "claims_model.json"


def features(sentence: str) -> set[str]:
    """Lower-cased words, and adjacent word pairs joined by a space."""
    words = _TOKEN.findall(sentence.lower().replace("’", "'"))
    out = set(words)
    out.update(map(" ".join, zip(words, words[1:], strict=False)))
    return out


@dataclass(frozen=True)
class Model:
    rules: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[tuple[int, float], ...]]  # feature → (rule index, weight)
    scope: dict[str, frozenset[str]]  # rule → jurisdictions it was trained for
    threshold: float
    trained_on: str
    known: frozenset[str] = frozenset()  # the features with a weight

    def hits(self, sentence: str, jurisdiction: str) -> dict[str, float]:
        """The rules in scope for this jurisdiction whose probability reaches the
        threshold, with that probability (usually none: the logit is compared first)."""
        z = list(self.bias)
        weights = self.weights
        for f in features(sentence) & self.known:  # in C: only the weighted features
            for i, w in weights[f]:
                z[i] += w
        cut = math.log(self.threshold / (1.0 - self.threshold))
        return {
            rule: 1.0 / (1.0 + math.exp(-min(30.0, z[i])))
            for i, rule in enumerate(self.rules)
            if z[i] >= cut and jurisdiction in self.scope[rule]
        }


@lru_cache(maxsize=16384)
def hits(sentence: str, jurisdiction: str) -> dict[str, float]:
    """:meth:`Model.hits` of the shipped model, remembered per sentence: drafts rendered
    from the same templates share most of their sentences, so most are judged once. The
    result is shared; do not change it."""
    return load().hits(sentence, jurisdiction)


@cache
def load() -> Model:
    path = files("clinicseo.scoring") / "rules" / MODEL_FILE
    try:
        data = json.loads(path.read_text("utf-8"))
        rules = tuple(data["rules"])
        index = {r: i for i, r in enumerate(rules)}
        weights: dict[str, list[tuple[int, float]]] = {}
        for rule, table in data["weights"].items():
            for feature, w in table.items():
                weights.setdefault(feature, []).append((index[rule], float(w)))
        return Model(
            rules=rules,
            bias=tuple(float(data["bias"][r]) for r in rules),
            weights={f: tuple(v) for f, v in weights.items()},
            scope={r: frozenset(data["scope"][r]) for r in rules},
            threshold=float(data["threshold"]),
            trained_on=str(data["trained_on"]),
            known=frozenset(weights),
        )
    except (OSError, KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"rules/{MODEL_FILE}: cannot load the claims model: {exc}") from exc
