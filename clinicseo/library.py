"""The template library on disk: Jinja2 templates plus the TOML data beside them.

The built-in library is `clinicseo/templates/`: data, not a Python package, shipped inside
the package (package data), so an installed clinicseo has it too. The clinic's own library
(`[generate] templates_dir`, started by `clinicseo library init`) replaces it. Tests pass
their own folder.

Failure modes: a missing or malformed data file, or a data value of the wrong shape,
raises TemplateFailure naming the file (and the line or key); nothing is rendered.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from clinicseo.errors import TemplateFailure

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
SECTIONS = (
    "how_it_works",
    "inflammation",
    "benefits",
    "audience",
    "risks",
    "evidence",
    "aftercare",
)


@dataclass(frozen=True)
class Library:
    """Everything a render needs from `templates/`, loaded once per folder."""

    root: Path
    env: Environment
    axes: dict[str, Any]
    material: dict[str, Any]
    faq: tuple[dict[str, Any], ...]
    alternatives: dict[str, tuple[str, ...]]  # section (or "audience/<id>") -> template names

    def source(self, source_id: str) -> dict[str, str]:
        try:
            return dict(self.material["sources"][source_id])
        except KeyError:
            raise TemplateFailure(
                f"{self.root / 'material.toml'}: [sources] has no entry '{source_id}'"
            ) from None


def load_library(templates_dir: Path | str | None = None) -> Library:
    """The library in `templates_dir` (default: the built-in clinicseo/templates/), cached."""
    return _load(Path(templates_dir or TEMPLATES_DIR).resolve())


@lru_cache(maxsize=8)
def _load(root: Path) -> Library:
    if not root.is_dir():
        raise TemplateFailure(f"{root}: template folder not found")
    axes = _toml(root / "axes.toml")
    material = _toml(root / "material.toml")
    faq = tuple({"cite": "", **item} for item in _toml(root / "faq.toml").get("faq", []))
    for key in ("headline", "audience", "length", "tone", "structure"):
        if not isinstance(axes.get(key), dict) or not axes[key]:
            raise TemplateFailure(f"{root / 'axes.toml'}: missing or empty table [{key}]")
    for key in ("angle", "kp_headings", "meta_description", "image", "sources", "core"):
        if key not in material:
            raise TemplateFailure(f"{root / 'material.toml'}: missing key '{key}'")
    for i, item in enumerate(faq):
        for key in ("id", "question", "match", "answer"):
            if key not in item:
                raise TemplateFailure(f"{root / 'faq.toml'}: [[faq]] #{i + 1} has no '{key}'")
    env = Environment(
        loader=FileSystemLoader(str(root)),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    library = Library(root, env, axes, material, faq, _alternatives(root, axes))
    # A citation's markup depends only on the library, so each is built once (Markup.format
    # is slow, and every variant cites the same few sources many times).
    env.globals["cite"] = cache(lambda source_id: _cite(library, source_id))
    env.globals["link"] = _link
    return library


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TemplateFailure(f"{path}: data file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise TemplateFailure(f"{path}: not valid TOML: {exc}") from None


def _alternatives(root: Path, axes: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Section name -> its alternative template names, found on disk (sorted, so stable)."""
    out: dict[str, tuple[str, ...]] = {}
    groups = [s for s in SECTIONS if s != "audience"] + ["session", "intro", "takeaway", "cta"]
    groups += [f"audience/{a}" for a in axes["audience"]]
    for group in groups:
        folder = root / "sections" / group
        names = sorted(p.name for p in folder.glob("*.html.j2")) if folder.is_dir() else []
        if not names:
            raise TemplateFailure(f"{folder}: no alternatives (*.html.j2) for section '{group}'")
        out[group] = tuple(f"sections/{group}/{n}" for n in names)
    return out


def _cite(library: Library, source_id: str) -> Markup:
    src = library.source(source_id)
    return Markup('<a href="{}">{}</a>').format(src["url"], src["label"])


def _link(page: Any) -> Markup:
    """An internal link to a service page (ServicePage or dict with title and url)."""
    title = page["title"] if isinstance(page, dict) else page.title
    url = page["url"] if isinstance(page, dict) else page.url
    return Markup('<a href="{}">{}</a>').format(url, escape(title).lower())
