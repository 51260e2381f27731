"""The clinic's own template library: start one from the built-in library, and check one.

`init_library` copies the built-in library to a folder the clinic owns (`[generate]
templates_dir` then points at it), with a starter topic vocabulary (`[topics] vocabulary`).
`check_library` renders every section alternative on its own, as `generate` would inside an
article, and reports for each: template errors with the file and line, health-claims
findings of the clinic's jurisdiction, readability, and pairs of alternatives of one section
that share too much text (variants built from them would read alike). A marketer can add a
section or a new treatment and know it is safe before it is used.

Failure modes: a folder that cannot be loaded at all (missing data file, bad TOML) raises
TemplateFailure naming the file; every per-template problem is a line of the report instead.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clinicseo.config import Config
from clinicseo.errors import InputError
from clinicseo.library import TEMPLATES_DIR, Library, load_library
from clinicseo.topic_terms import starter_vocabulary

# The topic the built-in library grew from: sections are written around it.
SAMPLE_KEYPHRASE = "microneedling and inflammation"
# Below this Flesch calls a text "very difficult"; one section alone is noisier than an
# article, so only that is flagged here (the article's own check is stricter).
MIN_FLESCH = 30.0
WHOLE_ARTICLE_RULES = frozenset({"claims_risks_missing"})  # one section alone cannot meet R7


@dataclass
class TemplateReport:
    template: str
    error: str = ""
    findings: list[str] = field(default_factory=list)  # "R2 claims_permanence: 'erase'"
    flesch: float | None = None
    words: int = 0

    @property
    def ok(self) -> bool:
        return not self.error and not self.findings


@dataclass
class LibraryReport:
    root: Path
    templates: list[TemplateReport]
    overlaps: list[tuple[str, str, float]]  # two alternatives of one section, their Jaccard

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.templates) and not self.overlaps


VOCABULARY_NAME = "vocabulary.toml"


def init_library(target: Path) -> Path:
    """Copy the built-in library to `target` (which must not exist or be empty), with a
    starter of the clinic's topic vocabulary beside the templates (`[topics] vocabulary`)."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InputError(f"{target}: exists and is not an empty folder; choose a new one")
    if target.exists():
        target.rmdir()
    shutil.copytree(TEMPLATES_DIR, target)
    (target / VOCABULARY_NAME).write_text(starter_vocabulary(), encoding="utf-8")
    return target


def check_library(root: Path | None, config: Config) -> LibraryReport:
    library = load_library(root)  # TemplateFailure for a folder that cannot load at all
    reports: list[TemplateReport] = []
    rendered: dict[str, dict[str, str]] = {}  # section group -> template -> html
    for group, names in library.alternatives.items():
        for name in names:
            report, html = _check_one(library, config, group, name)
            reports.append(report)
            if html:
                rendered.setdefault(group, {})[name] = html
    return LibraryReport(library.root, reports, _overlaps(rendered, config))


def _context(library: Library, config: Config, group: str) -> dict[str, Any]:
    audiences = library.axes["audience"]
    audience_id = group.split("/", 1)[1] if group.startswith("audience/") else next(iter(audiences))
    kp = SAMPLE_KEYPHRASE
    return {
        "kp": kp, "Kp": kp.capitalize(), "audience": {"id": audience_id, **audiences[audience_id]},
        "detailed": True, "tone": next(iter(library.axes["tone"])), "links":
        list(config.clinic.service_pages), "clinic_name": config.clinic.name,
        "sec": {"heading": ""},
    }  # fmt: skip


def _check_one(library: Library, config: Config, group: str, name: str
               ) -> tuple[TemplateReport, str]:
    from clinicseo.render import _where, sanitize
    from clinicseo.scoring import score_document

    report = TemplateReport(name)
    try:
        html = sanitize(library.env.get_template(name).render(_context(library, config, group)))
    except Exception as exc:  # a template's own error, with its file and line
        try:
            report.error = _where(exc, library.root)
        except Exception:
            report.error = f"{library.root / name}: {type(exc).__name__}: {exc}"
        return report, ""
    result = score_document(html, fmt="html", jurisdiction=config.clinic.jurisdiction,
                            thresholds=config.scoring)
    report.words = int(result["words"])
    report.flesch = result["readability"]["flesch_reading_ease"]
    for check in result["checks"]:
        # R7 (a risks section) is a whole-article rule: one section alone cannot meet it.
        if check["kind"] == "compliance" and check["status"] == "bad" \
                and check["id"] not in WHOLE_ARTICLE_RULES:
            report.findings.append(f"{check['id']}: {check.get('message', '')}".strip())
    if report.flesch is not None and report.flesch < MIN_FLESCH and report.words >= 40:
        report.findings.append(f"hard to read: Flesch {report.flesch:.0f} (aim for "
                               f"{MIN_FLESCH:.0f} or more)")
    return report, html


def _overlaps(rendered: dict[str, dict[str, str]], config: Config) -> list[tuple[str, str, float]]:
    from clinicseo.scoring.uniqueness import similarity

    out = []
    for alternatives in rendered.values():
        names = sorted(alternatives)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                score = similarity(alternatives[a], alternatives[b])
                if score > config.scoring.max_similarity:
                    out.append((a, b, round(score, 3)))
    return out


def format_report(report: LibraryReport) -> str:
    lines = [f"library {report.root}:"]
    for t in report.templates:
        if t.error:
            lines.append(f"  ERROR {t.error}")
        for finding in t.findings:
            lines.append(f"  {t.template}: {finding}")
    for a, b, score in report.overlaps:
        lines.append(f"  {a} and {b} share too much text (Jaccard {score})")
    bad = sum(1 for t in report.templates if not t.ok)
    lines.append(f"{len(report.templates)} section alternatives checked, {bad} with problems, "
                 f"{len(report.overlaps)} overlapping pairs")
    return "\n".join(lines)

