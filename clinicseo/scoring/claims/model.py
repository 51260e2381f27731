"""The statistical second signal: a small per-rule logistic regression over a sentence's
word stems, adjacent stem pairs and families of meaning (``FAMILY``), trained only on
``tests/data/compliance/dev.jsonl`` by ``scripts/train_claims_model.py`` and shipped
as data (``rules/claims_model.json``).

Patterns find the wording they were written for; the model catches paraphrases they miss
("Reveal a younger, healthier you"). Stems ("promis" for promise, promised, promising)
let it generalise from one wording to its inflections. (Pairs one word apart were tried:
cross-validated across batches they found no more and cost a third of its time.) It only
adds findings (for a rule the sentence's patterns did not already flag) when its
probability reaches that rule's own threshold, chosen by cross-validation across the dev
split's batches of writing, so it can raise recall without a reviewer seeing the same
sentence twice. A finding's span is the deciding words (:func:`deciding_span`: the
features that pushed the score up most), not the whole sentence. Nothing is downloaded;
the weights are a few thousand numbers.

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

_TOKEN = re.compile(r"[a-z0-9']+|[%$£€#@★\"?]|[.,;:!()–—]")
# A word after a negator, up to the next punctuation, is a different feature ("~guarante" in
# "no clinic can guarantee results"): hard negatives are half of dev, and cross-validated
# across its batches this raised both precision and recall on new writers' wording.
# Not the pack's [context] negator cues: these words define the features the shipped
# weights were trained on, so they change only with a retrained model, not with a pack edit.
_NEGATORS = frozenset({"not", "no", "never", "nothing", "none", "cannot", "without", "nobody",
                       "neither", "nor"})  # fmt: skip
_BREAKS = frozenset(".,;:!()–—?")
MODEL_FILE = "claims_model.json"
# Longest first, so "ies" wins over "s"; what is left must keep three letters.
_SUFFIXES = ("ies", "ing", "est", "ed", "er", "ly", "es", "s")
_KEEP = frozenset({"less", "this", "was", "has", "is", "us", "yes", "bus", "its", "ss"})


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude but consistent stem: "erases", "erased", "erasing" and "erase" all give
    "eras"; "smoother" gives "smooth". Only sameness matters, not linguistics."""
    word = word.removesuffix("'s").strip("'")
    if len(word) <= 3 or word in _KEEP or word.endswith("ss"):
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]  # "stopped" → "stop"
    return word


def tokens(sentence: str) -> list[tuple[str, int, int]]:
    """Each word's stem (marked "~" inside a negator's reach) with its start and end in
    ``sentence``; "?" counts as a word, other punctuation only ends a negator's reach."""
    lowered = sentence.lower().replace("’", "'")  # same length: offsets stay valid
    out = []
    negated = False
    for m in _TOKEN.finditer(lowered):
        word = m.group()
        if word in _BREAKS:
            negated = False
            if word != "?":
                continue
        s = stem(word)
        if word in _NEGATORS or word.endswith("n't"):
            negated = True
        elif negated:
            s = "~" + s
        out.append((s, m.start(), m.end()))
    return out


def located_features(sentence: str) -> dict[str, tuple[int, int]]:
    """Every feature → where its words first occur: stems, adjacent pairs ("a b"),
    families ("@mild": its first word) and pairs of families (from one to the other)."""
    toks = tokens(sentence)
    out: dict[str, tuple[int, int]] = {}
    families: dict[str, tuple[int, int]] = {}
    for i, (s, a, b) in enumerate(toks):
        out.setdefault(s, (a, b))
        if i + 1 < len(toks):
            out.setdefault(f"{s} {toks[i + 1][0]}", (a, toks[i + 1][2]))
        if s in FAMILY:
            families.setdefault(FAMILY[s], (a, b))
    found = sorted(families)
    for i, f in enumerate(found):
        out["@" + f] = families[f]
        for g in found[i + 1 :]:
            (a, b), (c, d) = families[f], families[g]
            out[f"@{f}&@{g}"] = (min(a, c), max(b, d))
    return out


# Families of meaning: a stem's family is a feature too ("@mild"), and so is every pair of
# families found anywhere in the sentence ("@mild&@only"), so what the model learns from one
# writer's "just a touch of pinkness" carries over to another's "only mild flushing", and
# "you'll + will + firmer" to "your skin will look smoother" without either wording in dev.
_FAMILIES = {
    "you": "you your you'll you're yourself you've",
    "will": "will 'll going gonna",
    "better": "smooth firm tight bright clear young youthful radiant glow plump soft fresh lift "
              "improve transform flawless perfect renew refresh rejuvenate luminous dewy "
              "sculpt contour vibrant healthy healthier",
    "certain": "guarantee promise always certain sure definitely assured inevitable",
    "hedge": "may might can could some most vary varies typical usual individual depend help "
             "possible likely",
    "only": "only just mere merely nothing little bit slight touch tiny minor mild barely",
    "symptom": "red redness pink pinkness swelling swollen tingling flushing sting warm warmth "
               "bruising flaking peeling itch tender sensitive dry dryness",
    "safe": "safe gentle risk worry pain painless hurt comfort discomfort downtime harm easy "
            "relax",
    "all": "everyone everybody anyone anybody all any whatever matter type tone",
    "use": "often whenever anytime regular maintenance frequent",
    "i": "i my me i'm i've i'd myself",
    "said": "said say told tell rave wrote review star",
    "time": "day week hour minute overnight instant immediate tonight weekend",
    "gone": "forever permanent gone never again away vanish disappear erase banish",
}  # fmt: skip
FAMILY = {s: name for name, words in _FAMILIES.items() for s in map(stem, words.split())}
_FAMILY_FEATURE = {s: "@" + name for s, name in FAMILY.items()}
_PAIR_FEATURE = {(f"@{a}", f"@{b}"): f"@{a}&@{b}" for a in _FAMILIES for b in _FAMILIES if a < b}


def features(sentence: str) -> set[str]:
    """The features of :func:`located_features` (stems, adjacent pairs, families and pairs
    of families), without their places: the fast path the score takes. A test holds the
    two to the same set."""
    stems = [s for s, _, _ in tokens(sentence)]
    out = set(stems)
    out.update([f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)])
    found = sorted({_FAMILY_FEATURE[s] for s in stems if s in _FAMILY_FEATURE})
    out.update(found)
    out.update([_PAIR_FEATURE[a, b] for i, a in enumerate(found) for b in found[i + 1 :]])
    return out


@dataclass(frozen=True)
class Model:
    rules: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[tuple[int, float], ...]]  # feature → (rule index, weight)
    scope: dict[str, frozenset[str]]  # rule → jurisdictions it was trained for
    thresholds: tuple[float, ...]  # per rule, chosen by cross-validation across batches
    trained_on: str
    known: frozenset[str] = frozenset()  # the features with a weight
    cuts: tuple[float, ...] = ()  # the thresholds as logits, compared with the score

    def hits(self, sentence: str, jurisdiction: str) -> dict[str, float]:
        """The rules in scope for this jurisdiction whose probability reaches their
        threshold, with that probability (usually none: the logit is compared first)."""
        z = list(self.bias)
        weights = self.weights
        for f in features(sentence) & self.known:  # in C: only the weighted features
            for i, w in weights[f]:
                z[i] += w
        return {
            rule: 1.0 / (1.0 + math.exp(-min(30.0, z[i])))
            for i, rule in enumerate(self.rules)
            if z[i] >= self.cuts[i] and jurisdiction in self.scope[rule]
        }

    def deciding_span(self, sentence: str, rule: str) -> tuple[int, int]:
        """Where in ``sentence`` the words that decided ``rule`` are: from the first to the
        last of the features that pushed the score up most (the strongest, and any at
        least a third as strong, up to four)."""
        i = self.rules.index(rule)
        pushes = []
        for f, at in located_features(sentence).items():
            w = dict(self.weights.get(f, ())).get(i, 0.0)
            if w > 0:
                pushes.append((w, at))
        if not pushes:
            return (0, len(sentence.rstrip()))
        pushes.sort(key=lambda p: -p[0])
        chosen = [at for w, at in pushes[:4] if w >= pushes[0][0] / 3]
        return (min(a for a, _ in chosen), max(b for _, b in chosen))


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


@lru_cache(maxsize=16384)
def hits(sentence: str, jurisdiction: str) -> dict[str, float]:
    """:meth:`Model.hits` of the shipped model, remembered per sentence: drafts rendered
    from the same templates share most of their sentences, so most are judged once. The
    result is shared; do not change it."""
    return load().hits(sentence, jurisdiction)


def from_data(data: dict) -> Model:
    """A model from its JSON form (what the training script writes)."""
    rules = tuple(data["rules"])
    index = {r: i for i, r in enumerate(rules)}
    weights: dict[str, list[tuple[int, float]]] = {}
    for rule, table in data["weights"].items():
        for feature, w in table.items():
            weights.setdefault(feature, []).append((index[rule], float(w)))
    thresholds = tuple(float(data["thresholds"][r]) for r in rules)
    return Model(
        rules=rules,
        bias=tuple(float(data["bias"][r]) for r in rules),
        weights={f: tuple(v) for f, v in weights.items()},
        scope={r: frozenset(data["scope"][r]) for r in rules},
        thresholds=thresholds,
        trained_on=str(data["trained_on"]),
        known=frozenset(weights),
        cuts=tuple(_logit(t) for t in thresholds),
    )


@cache
def load() -> Model:
    path = files("clinicseo.scoring") / "rules" / MODEL_FILE
    try:
        return from_data(json.loads(path.read_text("utf-8")))
    except (OSError, KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"rules/{MODEL_FILE}: cannot load the claims model: {exc}") from exc
