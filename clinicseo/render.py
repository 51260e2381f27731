"""Render article variants for a topic from the template library (clinicseo/templates/).

    render_variants(topic, n, config=config, seed=None) -> list of draft dicts

Each dict has exactly the keys `store.insert_drafts` takes: topic, variant, title,
seo_title, slug, meta_description, keyphrase, excerpt, html, categories, tags, jsonld.

Guarantees and failure modes:
* Deterministic: the same topic, n, seed (default [generate] seed) and library give the
  same drafts.
* Safe output: Jinja2 runs with StrictUndefined and autoescape, so untrusted text (topic
  labels, competitor questions) is escaped; the body is then sanitised with nh3 against
  an explicit allow-list (no script, iframe, event attribute or javascript: URL).
* NoMaterial when the library has nothing genuine to say about the topic.
* TemplateFailure naming the template file and line when a template breaks; the whole
  batch fails, so the caller stores nothing.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import nh3
from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError
from markupsafe import escape

from clinicseo.config import Config
from clinicseo.errors import InputError, TemplateFailure
from clinicseo.headings import HEADING, balance
from clinicseo.library import Library, load_library
from clinicseo.variants import Plan, plan_batch, variant_key
from clinicseo.weaving import Weave, weave

ALLOWED_TAGS = {
    "p", "h2", "h3", "ul", "ol", "li", "strong", "em", "a", "figure", "figcaption", "img",
    "br", "blockquote",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height", "loading"}}
URL_SCHEMES = {"http", "https", "mailto"}
META_MIN, META_MAX = 121, 156  # Yoast's green band for meta descriptions
_BLOCK_END = re.compile(r"(</(?:p|h2|h3|ul|ol|figure)>)(?=<)")


@dataclass(frozen=True)
class TopicBrief:
    """A topic to write about: from `--topic TEXT` or a row of `store.list_topics`."""

    label: str
    keyphrase: str
    questions: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()

    @classmethod
    def from_text(cls, text: str) -> TopicBrief:
        label = " ".join(str(text).split())
        if not label:
            raise InputError("--topic: the topic text is empty")
        return cls(label=label, keyphrase=_keyphrase_from(label))

    @classmethod
    def from_topic(cls, row: Mapping[str, Any]) -> TopicBrief:
        brief = row.get("brief") or {}
        brief = brief if isinstance(brief, Mapping) else {}
        label = " ".join(str(row.get("label") or row.get("key") or "").split())
        if not label:
            raise InputError("topic row has no label")
        keyphrase = str(brief.get("keyphrase") or "") or _keyphrase_from(label)
        headings = brief.get("headings") or [*brief.get("h2", []), *brief.get("h3", [])]
        return cls(
            label=label,
            keyphrase=keyphrase,
            questions=tuple(_texts(row.get("questions") or brief.get("questions") or [])),
            headings=tuple(_texts(headings)),
        )


def render_variants(
    topic: TopicBrief,
    n: int,
    *,
    config: Config,
    seed: int | None = None,
    templates_dir: Path | str | None = None,
) -> list[dict[str, Any]]:
    """`n` distinct drafts for `topic`. Raises NoMaterial or TemplateFailure (nothing partial)."""
    planned = plan_variants(topic, n, config=config, seed=seed, templates_dir=templates_dir)
    return [render_planned(p, config) for p in planned]


@dataclass(frozen=True)
class PlannedVariant:
    """One variant of a batch, decided (its plan, key and title) but not yet written. What
    ties the variants of a batch together is decided here, in order; rendering each is then
    independent of the others, so a large batch renders in worker processes (drafting)."""

    topic: TopicBrief
    woven: Weave
    plan: Plan
    key: str
    title: str
    templates_dir: str | None

    @property
    def slug(self) -> str:
        """The slug the rendered draft carries (the keyphrase's)."""
        return _slug(self.woven.keyphrase)


def plan_variants(
    topic: TopicBrief,
    n: int,
    *,
    config: Config,
    seed: int | None = None,
    templates_dir: Path | str | None = None,
) -> list[PlannedVariant]:
    """The `n` variants `render_variants` writes, planned: the same plans, keys and titles,
    in order. Raises NoMaterial (the library has nothing genuine to say about the topic)."""
    if n < 1:
        raise InputError(f"--variants: expected at least 1, found {n}")
    where = templates_dir or config.generate.templates_dir or None
    library = load_library(where)
    woven = weave(
        library,
        label=topic.label,
        keyphrase=topic.keyphrase,
        questions=topic.questions,
        headings=topic.headings,
    )
    plans = plan_batch(library, woven, n, config.generate.seed if seed is None else seed)
    seen: dict[str, int] = {}
    titles: set[str] = set()
    out = []
    for plan in plans:
        title = _distinct_title(library, woven, plan, titles)
        titles.add(title)
        key = variant_key(plan, seen)
        out.append(PlannedVariant(topic, woven, plan, key, title, str(where) if where else None))
    return out


def render_planned(planned: PlannedVariant, config: Config) -> dict[str, Any]:
    """Write one planned variant: a draft dict (see the module docstring). Raises
    TemplateFailure naming the template file and line."""
    p = planned
    library = load_library(p.templates_dir)  # cached per process
    return _render_one(library, p.woven, p.plan, p.key, p.topic, config, p.title)


def _distinct_title(library: Library, woven: Weave, plan: Plan, used: set[str]) -> str:
    """The plan's headline, or, when an earlier variant of the batch already has it, the
    next unused pattern (its own style first): each variant of a topic gets its own title."""
    audience = {"id": plan.audience, **library.axes["audience"][plan.audience]}
    styles = library.axes["headline"]
    order = [(plan.headline, plan.headline_pattern)]
    order += [(plan.headline, i) for i in range(len(styles[plan.headline]))]
    order += [(style, i) for style in sorted(styles) for i in range(len(styles[style]))]
    for style, i in order:
        pattern = styles[style][i]
        if woven.audience and "{audience}" in pattern:
            continue  # the keyphrase names the audience already
        title = _sub(pattern, woven.keyphrase, audience)
        if title not in used:
            return title
    return _sub(styles[plan.headline][plan.headline_pattern], woven.keyphrase, audience)


def sanitize(html: str) -> str:
    """The body as WordPress may receive it: only allow-listed tags, attributes and URLs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def _render_one(
    library: Library,
    woven: Weave,
    plan: Plan,
    key: str,
    topic: TopicBrief,
    config: Config,
    title: str,
) -> dict[str, Any]:
    kp = woven.keyphrase
    audience = {"id": plan.audience, **library.axes["audience"][plan.audience]}
    kp_sections = [s for s in woven.lead_sections if s in plan.parts]
    # Keep the keyphrase in roughly a third to three quarters of the subheadings (Yoast).
    kp_sections, html = balance(
        library,
        plan,
        _order(library, woven, plan),
        kp_sections,
        _body(library, woven, plan, kp_sections, audience, config),
        keyphrase=kp,
        kp_heading=lambda section: _kp_heading(library, plan, section, kp, audience),
        as_html=_as_rendered,
        render=lambda sections: _body(library, woven, plan, sections, audience, config),
    )

    suffix = f" | {config.clinic.name}"
    meta = _meta(library, plan, kp)
    return {
        "topic": topic.label,
        "variant": key,
        "title": title,
        "seo_title": title + suffix if len(title + suffix) <= 65 else title,
        "slug": _slug(kp),
        "meta_description": meta,
        "keyphrase": kp,
        "excerpt": audience["excerpt"],
        "html": html,
        "categories": list(config.generate.categories),
        "tags": _unique(["microneedling", woven.angle.replace("-", " "), audience["tag"]]),
        "jsonld": _jsonld(library, plan, config, title, meta, kp, _cited_sources(library, html)),
    }


def _order(library: Library, woven: Weave, plan: Plan) -> list[str]:
    order = list(library.axes["structure"][plan.structure])
    lead = [s for s in woven.lead_sections if s in order]
    order = lead + [s for s in order if s not in lead]
    if "session" in plan.parts:
        order.insert(order.index("how_it_works") + 1, "session")
    return order


def _body(
    library: Library,
    woven: Weave,
    plan: Plan,
    kp_sections: Sequence[str],
    audience: Mapping[str, Any],
    config: Config,
) -> str:
    kp = woven.keyphrase

    def heading(section: str) -> str:
        return _kp_heading(library, plan, section, kp, audience) if section in kp_sections else ""

    faq_default = ("Common questions", "Questions people ask")[plan.headline_pattern % 2]
    image = library.material["image"]
    context = {
        "kp": kp,
        "Kp": kp[:1].upper() + kp[1:],
        "audience": audience,
        "length": plan.length,
        "detailed": bool(library.axes["length"][plan.length].get("detailed")),
        "tone": plan.tone,
        "intro": plan.parts["intro"],
        "sections": [
            {"template": plan.parts[s], "heading": heading(s)} for s in _order(library, woven, plan)
        ],
        "faq": _faq(library, plan),
        "faq_heading": heading("faq") or faq_default,
        "takeaway": {"template": plan.parts["takeaway"], "heading": ""},
        "cta": {"template": plan.parts["cta"], "heading": ""},
        "image": {
            "src": _absolute(str(image["src"]), config.clinic.site_url),
            "alt": _sub(str(image["alt"]), kp, audience),
            "caption": str(image.get("caption", "")),
        },
        "links": list(config.clinic.service_pages),
        "clinic_name": config.clinic.name,
        "angle_intro": _angle(library, woven.angle).get("intro", ""),
    }
    try:
        raw = library.env.get_template("layout.html.j2").render(context)
    except Exception as exc:  # any template error, with where it happened
        raise TemplateFailure(_where(exc, library.root)) from exc
    text = "\n".join(line.strip() for line in raw.splitlines() if line.strip())
    text = _BLOCK_END.sub("\\1\n", text)  # one block per line: readable goldens and diffs
    return sanitize(text)


def _where(exc: BaseException, root: Path) -> str:
    """'templates/x.html.j2:12: message', from Jinja's error or its rewritten traceback."""
    if isinstance(exc, TemplateSyntaxError):
        return f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}"
    if isinstance(exc, TemplateNotFound):
        return f"{root}: template not found: {exc.name}"
    place = ""
    tb: types.TracebackType | None = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            place = f"{filename}:{tb.tb_lineno}"  # keep the innermost template frame
        tb = tb.tb_next
    if not place and not isinstance(exc, TemplateError):
        raise exc.with_traceback(sys.exc_info()[2])  # a bug in this module, not a template
    return f"{place or root}: {type(exc).__name__}: {exc}"


def _kp_heading(
    library: Library, plan: Plan, section: str, kp: str, audience: Mapping[str, Any]
) -> str:
    """The section's keyphrase heading, as `_body` gives it ("" when it has none)."""
    options = library.material["kp_headings"].get(section)
    if not options:
        return ""
    return _sub(options[plan.headline_pattern % len(options)], kp, audience)


@lru_cache(maxsize=4096)
def _as_rendered(text: str) -> str:
    """A heading's text as it stands between <h2> and </h2> in a rendered, sanitised body."""
    found = HEADING.findall(sanitize(f"<h2>{escape(text)}</h2>"))
    return found[0] if len(found) == 1 else ""


def _meta(library: Library, plan: Plan, kp: str) -> str:
    options = [_sub(o, kp, {}) for o in library.material["meta_description"][plan.tone]]
    fits = [o for o in options if META_MIN <= len(o) <= META_MAX]
    if not fits:
        raise TemplateFailure(
            f"{library.root / 'material.toml'}: [meta_description] {plan.tone}: no candidate "
            f"is {META_MIN}-{META_MAX} characters long for the keyphrase {kp!r}"
        )
    return fits[plan.headline_pattern % len(fits)]


def _jsonld(
    library: Library,
    plan: Plan,
    config: Config,
    title: str,
    description: str,
    kp: str,
    cited: list[dict[str, str]],
) -> list[dict[str, Any]]:
    """MedicalWebPage (and FAQPage when there is an FAQ). Never reviewedBy/lastReviewed:
    those come only from a real clinical review in the workflow."""
    author = config.generate.author
    page: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "headline": title,
        "description": description,
        "inLanguage": config.clinic.locale.replace("_", "-"),
        "keywords": kp,
        "author": {
            "@type": "Organization" if author == config.clinic.name else "Person",
            "name": author,
        },
        "publisher": {
            "@type": "Organization",
            "name": config.clinic.name,
            "url": config.clinic.site_url,
        },
        "about": {"@type": "MedicalProcedure", "name": "Microneedling"},
        "citation": [
            {"@type": "ScholarlyArticle", "name": s["name"], "url": s["url"]} for s in cited
        ],
    }
    out = [page]
    faq = _faq(library, plan)
    if faq:
        out.append(
            {
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": item["question"],
                        "acceptedAnswer": {"@type": "Answer", "text": item["answer"]},
                    }
                    for item in faq
                ],
            }
        )
    return out


def _faq(library: Library, plan: Plan) -> list[dict[str, Any]]:
    """The plan's FAQ entries, in its order (the article's FAQ and its FAQPage agree)."""
    by_id = {item["id"]: item for item in library.faq}
    return [by_id[i] for i in plan.faq_ids if i in by_id]


def _angle(library: Library, angle_id: str) -> Mapping[str, Any]:
    return next((a for a in library.material["angle"] if a["id"] == angle_id), {})


def _cited_sources(library: Library, html: str) -> list[dict[str, str]]:
    sources: Mapping[str, Mapping[str, str]] = library.material["sources"]
    return [dict(s) for s in sources.values() if f'href="{s["url"]}"' in html]


def _sub(pattern: str, kp: str, audience: Mapping[str, Any]) -> str:
    return (
        pattern.replace("{Kp}", kp[:1].upper() + kp[1:])
        .replace("{kp}", kp)
        .replace("{audience}", str(audience.get("phrase", "")))
    )


def _slug(kp: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", kp.lower()).strip("-")


def _absolute(src: str, site_url: str) -> str:
    return site_url.rstrip("/") + src if src.startswith("/") else src


def _keyphrase_from(label: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", label.lower()))


def _texts(values: Sequence[Any]) -> list[str]:
    """Strings from a list of strings or of dicts with 'text'/'question'/'heading'."""
    out = []
    for v in values:
        if isinstance(v, Mapping):
            v = v.get("text") or v.get("question") or v.get("heading") or ""
        text = " ".join(str(v).split())
        if text:
            out.append(text)
    return out


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))
