"""score_file: score one file from disk; bad input becomes a per-file error, never an exception.

The format follows the extension (.html/.htm → html, .md/.markdown → markdown, anything
else → text). A complete HTML page (a saved web page, our own ``show --format html``) is
scored as a reader means it: its main content, with its ``<title>``, meta description and
canonical URL (slug, site) standing in for any the caller did not give
(:mod:`clinicseo.scoring.page`). A file that is missing, unreadable, empty, binary, not
UTF-8 text, larger than 5 MB or 2,000,000 characters (Markdown 200,000), not English, or
that the parser cannot read gives ``{"file": ..., "error": ...}``
with a one-line cause, so one bad file among many loses nothing for the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clinicseo.scoring.document import MAX_CHARS, MAX_MARKDOWN_CHARS
from clinicseo.scoring.english import looks_english
from clinicseo.scoring.page import is_page, read_page

if TYPE_CHECKING:
    from clinicseo.config import ScoringConfig

MAX_BYTES = 5 * 1024 * 1024
_FORMATS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}


def format_for(path: Path) -> str:
    return _FORMATS.get(path.suffix.lower(), "text")


def _read(path: Path) -> tuple[str | None, str | None]:
    """(text, None) or (None, cause)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, f"file is too large ({size / 1048576:.1f} MB; the limit is 5 MB)"
        raw = path.read_bytes()
    except IsADirectoryError:
        return None, "is a directory, not a file"
    except FileNotFoundError:
        return None, "no such file"
    except OSError as exc:
        return None, f"cannot read the file: {exc.strerror or exc}"
    if b"\x00" in raw[:8192]:
        return None, "binary file, not text"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (bad byte at offset {exc.start})"
    if not text.strip():
        return None, "empty file"
    return text, None


def score_file(
    path: Path,
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
    """The contract's score object with ``"file"``, or ``{"file", "error"}`` for bad input."""
    from clinicseo.scoring.core import score_parsed
    from clinicseo.scoring.document import parse

    path = Path(path)
    name = str(path)
    text, error = _read(path)
    if text is None:
        return {"file": name, "error": error}
    fmt = format_for(path)
    limit = MAX_MARKDOWN_CHARS if fmt == "markdown" else MAX_CHARS
    if len(text) > limit:
        return {"file": name, "error": f"too long to score ({len(text):,} characters; the "
                                       f"limit is {limit:,})"}  # fmt: skip
    if fmt == "html" and is_page(text):
        # A saved web page: score its article; its own title, description and URL fill in
        # what the command line did not give.
        try:
            page = read_page(text)
        except ValueError as exc:
            return {"file": name, "error": str(exc)}
        text = page.body
        title = title or page.title
        description = description or page.description
        slug = slug or page.slug
        site_url = site_url or page.site_url
    try:
        doc = parse(text, fmt)
    except Exception as exc:  # lxml or markdown choking: a per-file error, not a crash
        # The cause in one line, never the document (some parser messages quote it).
        return {"file": name, "error": f"cannot parse the {fmt} ({type(exc).__name__})"}
    if not doc.words:
        return {"file": name, "error": f"no text in the {fmt} (markup only)"}
    if not looks_english(doc.words):
        return {"file": name, "error": "not English text (the checks only judge English)"}
    result = score_parsed(
        doc,  # already parsed for the checks above: parse once
        keyphrase=keyphrase,
        title=title,
        description=description,
        slug=slug,
        site_url=site_url,
        jurisdiction=jurisdiction,
        thresholds=thresholds,
        extra_checks=extra_checks,
    )
    return {"file": name, **result}
