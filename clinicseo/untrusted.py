"""Text from outside is data: the one place that makes it safe for where it goes next.

Competitor pages, WordPress posts and typed-in titles end up in spreadsheets and terminals.
Three functions, each the only one of its kind:

* :func:`strip_controls` at extraction: control characters (C0 but tab and newline, DEL,
  C1) and bidirectional overrides are dropped, so they never reach the database;
* :func:`csv_cell` for every CSV writer: a cell starting with ``= + - @``, tab, CR or LF
  would run as a formula in Excel, LibreOffice or Google Sheets, so it gets a leading ``'``
  (OWASP's advice: the cell then reads as text, and the value stays visible);
* :func:`terminal_text` for every table and text the CLI prints: escape sequences (window
  titles, OSC-8 links, cursor moves, colour) and other controls are shown as ``\\x1b``-style
  escapes instead of being obeyed by the terminal; :func:`json_text` does the same for JSON
  output, as valid JSON escapes.
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 controls except tab and newline, DEL, C1 controls, and the bidi embeddings, overrides
# and isolates (which reorder what a reader sees: "Trojan Source").
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def strip_controls(text: str) -> str:
    """`text` without control characters (tab and newline kept) or bidi overrides."""
    return _CONTROLS.sub("", text)


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: None -> "", lists and tables as JSON, numbers as they are,
    and text that a spreadsheet would run as a formula prefixed with ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def terminal_text(text: str) -> str:
    """`text` with every control character but newline and tab shown as an escape."""
    return _CONTROLS.sub(_escape, text)


def json_text(value: Any, *, indent: int | None = None) -> str:
    """JSON for output: non-ASCII text stays readable, but DEL, C1 controls and bidi
    overrides are written as ``\\u`` escapes like the C0 ones (json escapes those itself),
    so JSON printed to a terminal cannot drive it and still parses to the same value."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
