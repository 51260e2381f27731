"""Health-advertising compliance: rules R1–R14 as ``claims_*`` checks, from data rule packs.

The rules and their detectors live in ``rules/common.toml``; ``rules/au.toml``,
``uk.toml`` and ``us.toml`` say which rules apply in that jurisdiction, give each its
public source and add the detectors that differ (testimonials are banned in Australia but
allowed when genuine in the UK and US; PRP is higher-risk in Australia). Each finding is
for a human reviewer: ``{"rule", "source", "span", "text", "suggestion", "where"}`` where
``span`` is ``[start, end]`` in the document's plain text (None for the SEO title, meta
description or an image's alt text, named by ``where``). A check with any finding is
``bad`` and blocks approval until a reviewer resolves it.

Context matters (``claims/context.py``, cue words in ``common.toml`` ``[context]``):
detectors skip terms inside a negated clause ("No treatment is risk-free", "We won't tell
you it will erase your scars"), claims reported in order to reject them ("Myth: it's
painless"), questions ("Is microneedling safe?"), qualified claims ("safe when performed
by a trained practitioner…"), cited evidence and offers stated with their terms, as each
detector's options say. Patterns are written with inflections (``~erase``) and shared
word lists (``{BLEMISH}``) that ``claims/patterns.py`` expands. A second signal
(``claims/model.py``, a small logistic regression trained on the dev split) flags sentences
the patterns did not match, with the deciding words as the span, ``"signal": "model"`` and
a ``confidence``.

The pack's version (``common.toml``'s ``version``, the jurisdiction, and a digest of the
model's weights, e.g. ``2026.12.8-au.1+m1a2b3c4d``) is reported with every check as
``rule_pack``, so a stored result says exactly which rules judged it.

Failure modes: an unknown jurisdiction raises ``ValueError`` naming it; a broken pack
raises ``ValueError`` naming the file and rule (a packaging error, caught by the tests).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from clinicseo.scoring import prefilter
from clinicseo.scoring.claims import compiled
from clinicseo.scoring.claims import model as claims_model
from clinicseo.scoring.claims.compiled import LazyPattern
from clinicseo.scoring.claims.context import Cues, is_question
from clinicseo.scoring.claims.needles import NeedleIndex
from clinicseo.scoring.claims.patterns import expand
from clinicseo.scoring.document import Document
from clinicseo.scoring.result import Check, check

KIND = "compliance"


@dataclass(frozen=True)
class Detector:
    rule: str
    pattern: re.Pattern[str]
    suggestion: str
    negatable: bool = True
    rejectable: bool = True
    skip_questions: bool = True
    unless_after: LazyPattern | None = None
    unless_before: LazyPattern | None = None
    unless_sentence: LazyPattern | None = None
    unless_document: LazyPattern | None = None
    cited_ok: bool = False
    terms_ok: bool = False
    images: bool = False
    # Strings one of which every match contains, with offsets (None: plain scan).
    needles: tuple[prefilter.Needle, ...] | None = None
    offsets: prefilter.Offsets | None = None  # the needles by string
    strings: tuple[str, ...] = ()  # every string the pack's index must find for it


@dataclass(frozen=True)
class Rule:
    id: str
    check: str
    title: str
    source: str
    detectors: tuple[Detector, ...]
    spec: dict[str, Any]  # the raw table, for structural rules (R7)


@dataclass(frozen=True)
class Pack:
    jurisdiction: str
    name: str
    rules: tuple[Rule, ...]
    version: str = ""
    cues: Cues | None = None
    needles: NeedleIndex | None = None  # every detector's fixed strings, found in one pass


def _detector(rule: str, d: dict[str, Any], where: str, lexicon: dict[str, str]) -> Detector:
    def rx(key: str) -> LazyPattern | None:
        value = d.get(key)
        return (
            LazyPattern(expand(value, lexicon), f"{where}: rule {rule}: {key}") if value else None
        )

    try:
        pattern = re.compile(expand(d["pattern"], lexicon), re.I)
        prepared = compiled.prepare(pattern)
        needles = prepared.needles
        return Detector(
            rule=rule,
            pattern=pattern,
            suggestion=d["suggestion"],
            negatable=bool(d.get("negatable", True)),
            rejectable=bool(d.get("rejectable", True)),
            skip_questions=bool(d.get("skip_questions", True)),
            unless_after=rx("unless_after"),
            unless_before=rx("unless_before"),
            unless_sentence=rx("unless_sentence"),
            unless_document=rx("unless_document"),
            cited_ok=bool(d.get("cited_ok", False)),
            terms_ok=bool(d.get("terms_ok", False)),
            images=bool(d.get("images", False)),
            needles=needles,
            offsets=prefilter.by_string(needles) if needles is not None else None,
            strings=tuple(prepared.strings()),
        )
    except (KeyError, re.error) as exc:
        raise ValueError(f"{where}: rule {rule}: bad detector: {exc}") from exc


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads((files("clinicseo.scoring") / "rules" / name).read_text("utf-8"))


@cache
def load_pack(jurisdiction: str) -> Pack:
    """The rule pack for AU, UK or US (case-insensitive)."""
    code = jurisdiction.strip().upper()
    if code not in ("AU", "UK", "US"):
        raise ValueError(f"unknown jurisdiction {jurisdiction!r}: expected AU, UK or US")
    common, local = _read("common.toml"), _read(f"{code.lower()}.toml")
    lexicon = {**common.get("lexicon", {}), **local.get("lexicon", {})}
    extra: dict[str, list[Detector]] = {}
    for d in local.get("detectors", []):
        det = _detector(d["rule"], d, f"{code.lower()}.toml", lexicon)
        extra.setdefault(d["rule"], []).append(det)
    rules = []
    for rid in local["rules"]:
        spec = common["rules"][rid]
        dets = [_detector(rid, d, "common.toml", lexicon) for d in spec.get("detectors", [])]
        if rid in local.get("replace", []):
            dets = []  # the jurisdiction's own detectors stand in for the common ones
        rules.append(
            Rule(rid, spec["check"], spec["title"], local["sources"][rid],
                 tuple(dets + extra.get(rid, [])), spec)
        )  # fmt: skip
    # The model's weights change findings too: its digest is part of the version.
    weights = (files("clinicseo.scoring") / "rules" / claims_model.MODEL_FILE).read_bytes()
    model_tag = hashlib.sha256(weights).hexdigest()[:8]
    version = f"{common['version']}-{code.lower()}.{local.get('version', 1)}+m{model_tag}"
    strings = [s for r in rules for d in r.detectors for s in d.strings]
    cues = Cues.from_table(common["context"])
    return Pack(code, local["name"], tuple(rules), version, cues, NeedleIndex(strings))


def _straight(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")  # same length: offsets stay valid


def _skip(det: Detector, cues: Cues, a: int, b: int, sentence: str, context: str,
          doc_text: str) -> bool:  # fmt: skip
    """Whether the match at ``sentence[a:b]`` is cleared by its context (``context`` is the
    paragraph, where citations and an offer's terms count)."""
    if det.skip_questions and is_question(sentence):
        return True
    if det.negatable and cues.negated(sentence, a, b):
        return True
    if det.rejectable and cues.rejected(sentence):
        return True
    if det.unless_after and det.unless_after.search(sentence[b:]):
        return True
    if det.unless_before and det.unless_before.search(sentence[:a]):
        return True
    if det.unless_sentence and det.unless_sentence.search(sentence):
        return True
    if det.unless_document and det.unless_document.search(doc_text):
        return True
    if det.terms_ok and cues.has_terms(context):
        return True
    return det.cited_ok and cues.cited(context)


def _finding(rule: Rule, det: Detector, span: list[int] | None, text: str, where: str) -> dict:
    return {"rule": rule.id, "source": rule.source, "span": span, "text": text,
            "suggestion": det.suggestion, "where": where}  # fmt: skip


def _block_context(doc: Document, block_index: int) -> str:
    """A paragraph's text plus "[1]" when it carries a link: a cited source counts as evidence."""
    block = doc.blocks[block_index]
    linked = any(block.start <= link.start < block.end for link in doc.links)
    return block.text + (" [1]" if linked else "")


class _Field:
    """A text prepared once for every detector: straight quotes, folded, and where each
    detector's fixed strings occur in it (found for all detectors in one pass)."""

    def __init__(self, where: str, text: str, needles: NeedleIndex | None) -> None:
        self.where = where
        self.original = text
        self.text = _straight(text)
        self.folded = prefilter.fold(self.text)
        self.seen = needles.occurrences(self.folded) if needles is not None else {}

    def matches(self, det: Detector) -> Iterator[re.Match[str]]:
        """The detector's matches in this text, as ``det.pattern.finditer`` finds them."""
        return prefilter.finditer(
            det.pattern, det.needles, self.text, self.folded, self.seen, det.offsets
        )


class _Text(_Field):
    """The document's text prepared for every detector (with its sentence index), and
    the fields checked beside it: SEO title, meta description, images' alt text."""

    def __init__(
        self, doc: Document, needles: NeedleIndex | None, title: str = "", description: str = ""
    ) -> None:
        super().__init__("text", doc.text, needles)
        self.doc = doc
        self.starts = [s.start for s in doc.sentences]
        self.fields = [
            _Field(where, text, needles)
            for where, text in (("title", title), ("meta_description", description))
            if text
        ]
        self.alts = [_Field("image_alt", img.alt, needles) for img in doc.images if img.alt]


def _detect(
    det: Detector,
    rule: Rule,
    cues: Cues,
    t: _Text,
    touched: set[int] | None = None,
) -> list[dict]:
    """The detector's findings; ``touched`` collects the sentences it matched in, cleared
    or not (the model leaves those to the patterns)."""
    # One regex pass over the whole text, then context only around the (rare) matches: far
    # faster than running every detector over every sentence.
    found: list[dict[str, Any]] = []
    for m in t.matches(det):
        i = bisect_right(t.starts, m.start()) - 1
        if i < 0 or m.start() >= t.doc.sentences[i].end:
            continue
        s = t.doc.sentences[i]
        if touched is not None:
            touched.add(i)
        sentence = t.text[s.start : s.end]
        a, b = m.start() - s.start, min(m.end(), s.end) - s.start
        if not _skip(det, cues, a, b, sentence, _block_context(t.doc, s.block), t.text):
            found.append(_finding(rule, det, [m.start(), s.start + b], s.text[a:b], "text"))
    for field in t.fields + t.alts if det.images else t.fields:
        for m in field.matches(det):
            if not _skip(det, cues, m.start(), m.end(), field.text, field.text, t.text):
                text = field.original[m.start() : m.end()]
                found.append(_finding(rule, det, None, text, field.where))
    return found


def _risks_section(rule: Rule, doc: Document) -> list[dict[str, Any]]:
    """R7: a section on risks that names enough of them, and recovery information."""
    spec = rule.spec
    heading_rx, recovery_rx = re.compile(spec["heading"], re.I), re.compile(spec["recovery"], re.I)
    finding = {"rule": rule.id, "source": rule.source, "suggestion": spec["suggestion"]}
    heads = [i for i, b in enumerate(doc.blocks) if b.kind == "h" and heading_rx.search(b.text)]
    if not heads:
        return [{**finding, "span": None, "text": "", "where": "text"}]
    best: tuple[int, int, list[str]] | None = None
    for i in heads:
        body = []
        for b in doc.blocks[i + 1 :]:
            if b.kind == "h" and b.level <= doc.blocks[i].level:
                break
            body.append(b.text.lower())
        section = " ".join(body)
        named = [t for t in spec["risk_terms"] if t in section]
        if best is None or len(named) > len(best[2]):
            best = (i, len(section), named)
    assert best is not None
    head = doc.blocks[best[0]]
    problems = []
    if len(best[2]) < int(spec["min_terms"]):
        listed = ", ".join(best[2]) or "none"
        problems.append(f"names too few risks ({listed})")
    if not recovery_rx.search(doc.text):
        problems.append("says nothing about recovery or aftercare")
    if not problems:
        return []
    return [{**finding, "span": [head.start, head.end], "text": head.text, "where": "text",
             "problem": "; ".join(problems)}]  # fmt: skip


def _message(rule: Rule, findings: list[dict[str, Any]]) -> str:
    if not findings:
        return f"{rule.id} ({rule.title}): nothing found."
    if rule.spec.get("type") == "risks_section":
        what = findings[0].get("problem") or 'no "Risks and recovery" section'
        return (
            f"{rule.id} ({rule.title}): {what}. {findings[0]['suggestion']} Source: {rule.source}"
        )
    quoted = ", ".join(dict.fromkeys(f'"{f["text"]}"' for f in findings))
    return (
        f"{rule.id} ({rule.title}): {quoted}. Suggestion: {findings[0]['suggestion']} "
        f"Source: {rule.source}"
    )


def _model_findings(
    rule: Rule, cues: Cues, t: _Text, hits: list[dict[str, float]], touched: set[int]
) -> list[dict[str, Any]]:
    """The second signal: sentences the model gives this rule where none of the rule's
    patterns matched (a pattern's match, flagged or cleared by its context, is the
    patterns' call) and that no context clears: a question, a rejected claim, the rule's
    own clearing words (a registration number, a citation, an offer's terms). A question or
    a rejected claim clears it if it clears any of the rule's detectors: the model has no
    options of its own, and the order of detectors in a pack must not decide them."""
    if not rule.detectors:
        return []
    det = rule.detectors[0]
    skip_questions = any(d.skip_questions for d in rule.detectors)
    rejectable = any(d.rejectable for d in rule.detectors)
    found = []
    for i, (s, hit) in enumerate(zip(t.doc.sentences, hits, strict=True)):
        p = hit.get(rule.id)
        if p is None or i in touched:
            continue
        sentence = t.text[s.start : s.end]
        paragraph = _block_context(t.doc, s.block)
        if (
            (skip_questions and is_question(sentence))
            or (rejectable and cues.rejected(sentence))
            or any(d.unless_sentence and d.unless_sentence.search(sentence) for d in rule.detectors)
            or any(d.cited_ok for d in rule.detectors)
            and cues.cited(paragraph)
            or any(d.terms_ok for d in rule.detectors)
            and cues.has_terms(paragraph)
        ):
            continue
        # The span is the words that decided it, so the reviewer sees what to reword.
        a, b = claims_model.load().deciding_span(sentence, rule.id)
        finding = _finding(rule, det, [s.start + a, s.start + b], s.text[a:b], "text")
        found.append({**finding, "signal": "model", "confidence": round(p, 2)})
    return found


def run(
    doc: Document,
    pack: Pack,
    *,
    title: str | None = None,
    description: str | None = None,
    use_model: bool = True,
) -> list[Check]:
    """One ``claims_*`` check per rule of the pack (``use_model=False``: patterns only)."""
    prepared = _Text(doc, pack.needles, title or "", description or "")
    cues = pack.cues
    assert cues is not None  # load_pack always sets them
    model = claims_model.load() if use_model else None
    # Headings and fragments are too short for the model to judge: patterns only there.
    hits = [
        claims_model.hits(s.text, pack.jurisdiction)
        if model is not None and doc.blocks[s.block].kind != "h" and len(s.words) >= 4
        else {}
        for s in doc.sentences
    ]
    hit_rules = {rule for hit in hits for rule in hit}
    checks = []
    for rule in pack.rules:
        # R7 judges the page's risks section, and its detectors the sentences that play
        # risks down ("the only side effect…").
        findings = _risks_section(rule, doc) if rule.spec.get("type") == "risks_section" else []
        touched: set[int] = set()
        for det in rule.detectors:
            findings += _detect(det, rule, cues, prepared, touched)
        if rule.id in hit_rules:
            findings += _model_findings(rule, cues, prepared, hits, touched)
        findings.sort(key=lambda f: f["span"] or [-1, -1])
        spans = [f["span"] for f in findings if f["span"] is not None]
        checks.append(
            check(rule.check, KIND, None, len(findings), _message(rule, findings), spans,
                  status="bad" if findings else "good", rule=rule.id, findings=findings,
                  rule_pack=pack.version)
        )  # fmt: skip
    return checks


def keyphrase_note(keyphrase: str, pack: Pack) -> str:
    """Why a keyphrase must not be spread through the text ("" when no rule flags it)."""
    if not keyphrase.strip():
        return ""
    for rule in pack.rules:
        for det in rule.detectors:
            m = det.pattern.search(keyphrase.replace("’", "'"))
            if m:
                return (
                    f'the keyphrase contains "{m.group()}", which rule {rule.id} ({rule.title}) '
                    "flags: choose a keyphrase without it rather than repeating it."
                )
    return ""
