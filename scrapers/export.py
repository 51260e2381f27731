"""``clinicseo pages`` output: the crawled pages as JSON Lines or CSV, the contract's fields only.

Fields (contract.md): url, site, status, title, meta_description, canonical, robots, h1, h2,
word_count, published, jsonld_types, questions, keyphrases. Lists stay lists in JSONL; in CSV
they are joined with `` | ``; every cell goes through ``untrusted.csv_cell`` (no formulas).
Shingle hashes, h3 and depth stay internal.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from clinicseo.untrusted import csv_cell, json_text

PAGE_EXPORT_FIELDS = (
    "url",
    "site",
    "status",
    "title",
    "meta_description",
    "canonical",
    "robots",
    "h1",
    "h2",
    "word_count",
    "published",
    "jsonld_types",
    "questions",
    "keyphrases",
)
_LISTS = ("h1", "h2", "jsonld_types", "questions", "keyphrases")


def page_row(page: dict[str, Any]) -> dict[str, Any]:
    """One page with exactly the contract's fields (lists default to [])."""
    row = {k: page.get(k) for k in PAGE_EXPORT_FIELDS}
    for key in _LISTS:
        row[key] = list(row[key] or [])
    return row


def pages_jsonl(pages: Iterable[dict[str, Any]]) -> str:
    """One JSON object per line, each line ending in a newline ("" for no pages)."""
    return "".join(json_text(page_row(p)) + "\n" for p in pages)


def pages_csv(pages: Iterable[dict[str, Any]]) -> str:
    """A header row, then one row per page; list fields joined with " | "."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=PAGE_EXPORT_FIELDS, lineterminator="\n")
    writer.writeheader()
    for page in pages:
        row = page_row(page)
        cells = {k: " | ".join(map(str, v)) if k in _LISTS else v for k, v in row.items()}
        writer.writerow({k: csv_cell(v) for k, v in cells.items()})
    return buf.getvalue()
