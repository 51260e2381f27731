"""The context that clears a detector's match: negation, rejection, questions, citations, terms.

Each cue is a regex list in ``common.toml`` ``[context]``; this module owns how far each
reaches:

* **negation** reaches over the clause the match sits in: from the last clause break
  (comma, semicolon, colon, dash, bracket, "but", "because"…) up to the match ("We won't
  tell you microneedling will erase…", "No treatment is risk-free"), and a copula with
  "not" just after it ("Permanent results are not something we offer"); a sentence that
  opens with a negative subject reaches across a relative clause ("No procedure that breaks
  the skin is without risk");
* **rejection** reaches over the sentence: a claim quoted or reported in order to reject it
  ("Myth: …", "Be wary of clinics that promise…", "…; it isn't.");
* **a question** is a sentence ending in "?", unless the "?" only closes a rhetorical tag
  after a statement ("…pain-free — what's not to love?") or the question is a rhetorical
  "why settle for…";
* **a citation** counts when it is in the same paragraph (author–year in brackets, a
  numbered reference, a DOI or PMID, or a link);
* **terms** of an offer count when they are in the same paragraph.

Failure modes: none at run time; a bad regex in the pack raises ``ValueError`` at load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


def _join(items: list[str] | str) -> re.Pattern[str]:
    if isinstance(items, str):
        items = [items]
    return re.compile("|".join(f"(?:{i})" for i in items), re.I)


@dataclass(frozen=True)
class Cues:
    clause_break: re.Pattern[str]
    negator: re.Pattern[str]
    negated_after: re.Pattern[str]
    negated_subject: re.Pattern[str]
    rejection: re.Pattern[str]
    citation: re.Pattern[str]
    terms: re.Pattern[str]

    @classmethod
    def from_table(cls, table: dict[str, Any]) -> Cues:
        try:
            return cls(**{name: _join(table[name]) for name in cls.__dataclass_fields__})
        except (KeyError, re.error) as exc:
            raise ValueError(f"common.toml: [context]: {exc}") from exc

    def negated(self, sentence: str, a: int, b: int) -> bool:
        """Whether the match at ``sentence[a:b]`` is inside a negated clause."""
        before = sentence[:a]
        breaks = [m.end() for m in self.clause_break.finditer(before)]
        clause = before[breaks[-1] :] if breaks else before
        if self.negator.search(clause) or self.negated_subject.search(before):
            return True
        after = sentence[b:]
        cut = self.clause_break.search(after)
        return bool(self.negated_after.match(after[: cut.start()] if cut else after))

    def rejected(self, sentence: str) -> bool:
        """Whether the sentence reports a claim in order to reject it."""
        return bool(self.rejection.search(sentence))

    def cited(self, paragraph: str) -> bool:
        return bool(self.citation.search(paragraph))

    def has_terms(self, paragraph: str) -> bool:
        return bool(self.terms.search(paragraph))


# A statement that closes on a rhetorical tag ("Quick, easy and pain-free — what's not to
# love?") makes its claim all the same: the "?" belongs to the tag, not to the claim.
_RHETORICAL_TAG = re.compile(
    r"(?:[,;:–—]|\s-)\s*(?:so |honestly,? |seriously,? )?"
    r"(?:what's not to (?:love|like)|what more could (?:you|anyone) (?:want|ask for|need)"
    r"|who wouldn't|why not|why wait|what are you waiting for)\W*$",
    re.I,
)


# ...and so does one that asks why anyone would settle for less ("Why settle for laser when…?").
_RHETORICAL_OPENING = re.compile(r"^\W*why (?:settle for|put up with|pay more for)\b", re.I)


def is_question(sentence: str) -> bool:
    text = sentence.rstrip().rstrip("\"'”’)")
    return (
        text.endswith("?")
        and not _RHETORICAL_TAG.search(text)
        and not _RHETORICAL_OPENING.search(text)
    )
