"""Topic weaving: map a competitor topic onto what the template library can say.

A topic (its label, competitor headings and questions) is matched against the keyword sets
in the library's material.toml and its FAQ bank, faq.toml (clinicseo/templates/). The result
decides the focus keyphrase, the sections that lead the article and carry the keyphrase in their
headings, the audience (when the topic names one) and the FAQ entries.

Untrusted text (topic labels, competitor headings and questions) is only *matched* here;
the article's words come from the library, so a competitor's phrasing (or a claim such as
"is it safe?") never reaches the published text. Failure mode: a topic the library has no
material for raises NoMaterial, saying what the library does cover.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from clinicseo.errors import NoMaterial
from clinicseo.library import Library

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LINKING = {"a", "an", "and", "the", "of", "for", "to", "in", "on", "with", "after"}
MAX_UNCOVERED_SHARE = 1 / 3  # more unknown words than this: the topic is about something else


@dataclass(frozen=True)
class Weave:
    """What the library will write for a topic."""

    angle: str
    keyphrase: str
    lead_sections: tuple[str, ...]  # move to the front, keyphrase in their headings
    audience: str | None  # fixed audience for the batch, or None to vary it
    faq_ids: tuple[str, ...]  # FAQ entries matched from competitor questions, in order


def fold(word: str) -> str:
    """Fold simple endings so 'scars'/'scar' and 'sessions'/'session' match."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    return [fold(w) for w in _WORD.findall(text.lower().replace("\u2019", "'"))]


def _folded(words: Iterable[str]) -> set[str]:
    return {fold(w.lower()) for w in words}


def weave(
    library: Library,
    *,
    label: str,
    keyphrase: str,
    questions: Sequence[str] = (),
    headings: Sequence[str] = (),
) -> Weave:
    """Match a topic to the library. Raises NoMaterial when the library cannot cover it."""
    m = library.material
    ignore = _folded(m.get("ignore", []))
    off = _folded(m.get("off_library", []))
    core = _folded(m["core"])
    angles: list[dict[str, Any]] = m["angle"]
    angle_words = {a["id"]: _folded(a["keywords"]) for a in angles}
    faq_words = {fold(w) for item in library.faq for group in item["match"] for w in group}
    known = core.union(*angle_words.values(), faq_words)

    words = [w for w in tokens(f"{label} {keyphrase}") if w not in ignore]
    outside = sorted({w for w in words if w in off})
    uncovered = sorted({w for w in words if w not in known and w not in off})
    covered = [w for w in words if w in known]
    if outside or not covered or len(uncovered) > MAX_UNCOVERED_SHARE * len(set(words)):
        raise NoMaterial(_no_material_message(library, label, outside or uncovered))
    if not core & set(words):
        # "rosacea" on its own is an article about the condition, which the library cannot
        # write; writing "microneedling for sensitive skin" instead would bend the topic.
        raise NoMaterial(_not_the_treatment_message(library, label, words))

    topic_words = set(words)
    heading_words = {w for h in headings for w in tokens(h)}
    scores = {
        a["id"]: 3 * len(topic_words & angle_words[a["id"]])
        + len(heading_words & angle_words[a["id"]])
        for a in angles
    }
    best = max(angles, key=lambda a: (len(topic_words & angle_words[a["id"]]), scores[a["id"]]))
    if not topic_words & angle_words[best["id"]]:
        best = angles[0]  # only core words ("microneedling"): the library's home angle

    lead = list(best["sections"])
    # Competitor headings pull one more section forward: the one they talk about most.
    by_heading = sorted(
        (a for a in angles if a["id"] != best["id"]),
        key=lambda a: -len(heading_words & angle_words[a["id"]]),
    )
    if by_heading and heading_words & angle_words[by_heading[0]["id"]]:
        extra = by_heading[0]["sections"][0]
        if extra not in lead:
            lead.append(extra)

    return Weave(
        angle=best["id"],
        keyphrase=_focus_keyphrase(best, keyphrase, str(m.get("home_keyphrase", ""))),
        lead_sections=tuple(lead),
        audience=best.get("audience"),
        faq_ids=tuple(match_faq(library, questions)),
    )


def _focus_keyphrase(angle: dict[str, Any], wanted: str, home: str) -> str:
    """The topic's own keyphrase when the library can carry it, else the angle's default.

    The templates put the keyphrase into sentences ("This guide to {kp}…"), so only noun
    phrases the library lists are used; anything else would make broken sentences.
    """
    wanted_norm = [w for w in tokens(wanted) if w not in _LINKING]
    for phrase in angle["keyphrases"]:
        if [w for w in tokens(phrase) if w not in _LINKING] == wanted_norm:
            return str(phrase)
    if angle.get("id") == "inflammation" and home:
        return home
    return str(angle["keyphrases"][0])


def match_faq(library: Library, questions: Sequence[str]) -> list[str]:
    """FAQ entry ids answering the competitor questions, in question order, no repeats.

    A question matches an entry when it has a word from every one of the entry's `match`
    groups. Questions with no matching entry are left out: no material, no answer.
    """
    out: list[str] = []
    for question in questions:
        words = set(tokens(question))
        for item in library.faq:
            groups = [_folded(g) for g in item["match"]]
            if all(words & g for g in groups) and item["id"] not in out:
                out.append(item["id"])
                break
    return out


def _no_material_message(library: Library, label: str, words: Sequence[str]) -> str:
    covers = ", ".join(a["id"].replace("-", " ") for a in library.material["angle"])
    what = ", ".join(f"'{w}'" for w in words) if words else "its subject"
    shown = label if len(label) <= 80 else label[:77] + "..."
    return (
        f"no material for topic {shown!r}: the template library has nothing on {what}. "
        f"It covers microneedling: {covers}. For an article on it, hand a writer a brief: "
        f"clinicseo brief {shown!r}"
    )


def _not_the_treatment_message(library: Library, label: str, words: Sequence[str]) -> str:
    shown = label if len(label) <= 80 else label[:77] + "..."
    nearest = [
        str(k)
        for a in library.material["angle"]
        for k in a["keyphrases"]
        if set(words) & set(tokens(str(k)))
    ]
    offer = f" The library can write {', '.join(repr(k) for k in nearest[:3])}." if nearest else ""
    return (
        f"no material for topic {shown!r}: it does not name the treatment the library writes "
        f"about (microneedling), so an article would be about something else.{offer} For "
        f"{shown!r} itself, hand a writer a brief: clinicseo brief {shown!r}"
    )
