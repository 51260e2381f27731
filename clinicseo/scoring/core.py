"""score_document: one body in, the contract's score object out.

Runs readability, SEO and compliance checks on a parsed document, merges the checks
computed elsewhere (uniqueness, via ``extra_checks``), aggregates the overall scores as
Yoast does, and decides approvability.

The blocking rule (what stops approval):
  * every compliance check whose status is ``bad`` (a health-claims finding);
  * every extra check (uniqueness) whose status is ``bad``;
  * a too-thin text: ``text_presence`` (under 50 characters) or ``text_length`` under 100
    words — there is no real content to publish;
  * when ``thresholds`` is given: ``readability_score`` if the overall readability score is
    below ``min_readability``, and ``seo_score`` if the SEO score is below ``min_seo``.
``approvable`` is true exactly when ``blocking`` is empty. A reviewer's override of a
finding is recorded by the workflow, not here.

Failure modes: ``ValueError`` for an unknown ``fmt`` or jurisdiction; otherwise none —
any string scores (see :func:`clinicseo.scoring.files.score_file` for files).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from clinicseo.scoring import compliance, readability, seo
from clinicseo.scoring.document import Document, parse
from clinicseo.scoring.result import Check, readability_score, seo_score

if TYPE_CHECKING:
    from clinicseo.config import ScoringConfig

THIN_WORDS = 100


def score_document(
    body: str,
    *,
    fmt: str = "html",
    keyphrase: str | None = None,
    title: str | None = None,
    description: str | None = None,
    slug: str | None = None,
    site_url: str | None = None,
    jurisdiction: str = "AU",
    thresholds: ScoringConfig | None = None,
    extra_checks: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """Score one body (html, markdown or text); ``title`` is the SEO title.

    Returns ``{"words", "sentences", "readability", "checks", "scores", "approvable",
    "blocking"}`` as in the contract's ``score --format json`` (without ``"file"``).
    """
    return score_parsed(
        parse(body, fmt),
        keyphrase=keyphrase,
        title=title,
        description=description,
        slug=slug,
        site_url=site_url,
        jurisdiction=jurisdiction,
        thresholds=thresholds,
        extra_checks=extra_checks,
    )


def score_parsed(
    doc: Document,
    *,
    keyphrase: str | None = None,
    title: str | None = None,
    description: str | None = None,
    slug: str | None = None,
    site_url: str | None = None,
    jurisdiction: str = "AU",
    thresholds: ScoringConfig | None = None,
    extra_checks: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """:func:`score_document` for a body already parsed (``document.parse``), so a caller
    that also needs the plain text (uniqueness) parses it once. Does not change ``doc``."""
    grade_target = thresholds.grade_target if thresholds is not None else 8.0
    read_checks, figures = readability.run(doc, grade_target=grade_target)
    pack = compliance.load_pack(jurisdiction)
    claim_checks = compliance.run(doc, pack, title=title, description=description)
    taboo = compliance.keyphrase_note(keyphrase or "", pack)
    seo_checks = seo.run(
        doc,
        keyphrase=keyphrase,
        title=title,
        description=description,
        slug=slug,
        site_url=site_url,
        taboo=taboo,
    )
    result = {
        "words": len(doc.words),
        "sentences": len(doc.sentences),
        "readability": figures,
        "checks": [*read_checks, *seo_checks, *claim_checks],
        "scores": {},
        "approvable": True,
        "blocking": [],
    }
    return add_checks(result, extra_checks, thresholds)


def add_checks(
    result: dict[str, Any],
    extra_checks: Sequence[dict[str, Any]],
    thresholds: ScoringConfig | None,
) -> dict[str, Any]:
    """``result`` with ``extra_checks`` (uniqueness) appended to its checks, and the scores,
    ``blocking`` and ``approvable`` decided again: the same as scoring with those extra
    checks in the first place, for a caller that learns them after scoring."""
    checks: list[Check] = [*result["checks"], *(dict(c) for c in extra_checks)]
    scores = {"readability": readability_score(checks), "seo": seo_score(checks)}
    blocking = blocking_ids(checks, scores, result["words"], thresholds)
    return {
        **result,
        "checks": checks,
        "scores": scores,
        "approvable": not blocking,
        "blocking": blocking,
    }


def blocking_ids(
    checks: Sequence[Check],
    scores: dict[str, int],
    words: int,
    thresholds: ScoringConfig | None,
) -> list[str]:
    """The ids that stop approval (the rule is in the module docstring)."""
    out: list[str] = []
    for c in checks:
        bad_claim = c["kind"] in ("compliance", "uniqueness") and c["status"] == "bad"
        thin = c["id"] == "text_presence" or (c["id"] == "text_length" and words < THIN_WORDS)
        if bad_claim or thin:
            out.append(c["id"])
    if thresholds is not None:
        if scores["readability"] < thresholds.min_readability:
            out.append("readability_score")
        if scores["seo"] < thresholds.min_seo:
            out.append("seo_score")
    return list(dict.fromkeys(out))
