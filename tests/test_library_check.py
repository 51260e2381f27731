"""The clinic's own template library: `library init` copies the built-in one, `library check`
catches template errors and non-compliant alternatives, and `generate` uses the copy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from clinicseo import drafting, store
from clinicseo.config import Config
from clinicseo.errors import InputError
from clinicseo.library_check import check_library, format_report, init_library


def test_the_built_in_library_passes_its_own_check(make_config: Callable[..., Config]) -> None:
    report = check_library(None, make_config())
    assert report.ok, format_report(report)
    assert len(report.templates) > 30


def test_check_catches_a_template_error_and_a_breach_in_a_copied_library(
    make_config: Callable[..., Config], tmp_path: Path,
) -> None:
    own = init_library(tmp_path / "library")
    risks = own / "sections" / "risks" / "b.html.j2"
    risks.write_text(risks.read_text() + "\n<p>{{ no_such_value }}</p>\n")
    benefits = own / "sections" / "benefits" / "c.html.j2"
    benefits.write_text(benefits.read_text()
                        + "\n<p>Results are guaranteed and your scars are gone for good.</p>\n")
    report = check_library(own, make_config())
    text = format_report(report)
    assert not report.ok
    assert f"{risks}:" in text and "no_such_value" in text  # the file (and line) named
    bad = next(t for t in report.templates if t.template.endswith("benefits/c.html.j2"))
    assert any(f.startswith("claims_guarantee") for f in bad.findings)


def test_check_flags_two_alternatives_that_read_alike(
    make_config: Callable[..., Config], tmp_path: Path,
) -> None:
    own = init_library(tmp_path / "library")
    folder = own / "sections" / "aftercare"
    (folder / "b.html.j2").write_text((folder / "a.html.j2").read_text())
    report = check_library(own, make_config())
    assert [(a, b) for a, b, _ in report.overlaps] == [
        ("sections/aftercare/a.html.j2", "sections/aftercare/b.html.j2")]


def test_generate_uses_the_configured_library(
    make_config: Callable[..., Config], tmp_path: Path,
) -> None:
    own = init_library(tmp_path / "library")
    marker = "Ask our nurses about your own skin before you book."
    for alt in (own / "sections" / "risks").glob("*.html.j2"):  # every article has one
        alt.write_text(alt.read_text() + f"\n<p>{marker}</p>\n")
    config = make_config(generate={"templates_dir": str(own)})
    assert config.generate.templates_dir == str(own)
    conn = store.connect(config.database.path)
    ids = drafting.draft_topic(conn, config, "microneedling and inflammation", 1)
    assert marker in store.get_draft(conn, ids[0])["html"]


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("mine")
    with pytest.raises(InputError, match="not an empty folder"):
        init_library(tmp_path)
