"""The clinic's own topic vocabulary: its meaning groups change the gaps at once, the gap list
and the app show the group each topic fell into, and a broken file is one line naming the
file, the line and the key."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from clinicseo import store
from clinicseo.cli import cli, main
from clinicseo.config import Config, load_config
from clinicseo.errors import ConfigError
from clinicseo.library_check import init_library
from clinicseo.starter import write_starter
from clinicseo.topic_terms import BUILT_IN, load_vocabulary, starter_vocabulary
from clinicseo.topics import current_topics, refresh_topics
from tests.test_topics import save_site_pages

# Our blog writes "Calming skin inflammation" and "The skin barrier"; competitors write
# "redness", "sensitive skin" and "rosacea triggers".
CLINIC_GROUPS = """
[meanings]
inflammation = ["redness"]
"skin barrier" = ["sensitive skin"]
rosacea = ["rosacea triggers"]
"""


def gap_keys(topics: list[dict[str, Any]]) -> set[str]:
    return {t["key"] for t in topics if not t["covered_by_us"]}


@pytest.fixture
def crawled(make_config: Callable[..., Config]) -> tuple[Config, sqlite3.Connection]:
    """The test sites' pages stored as a crawl stores them, topics ranked with the built-in
    vocabulary (as the last crawl left them)."""
    config = make_config()
    conn = store.connect(config.database.path)
    save_site_pages(conn)
    refresh_topics(conn)
    return config, conn


def test_the_clinics_groups_change_the_gaps_at_once(
    crawled: tuple[Config, sqlite3.Connection], tmp_path: Path,
    make_config: Callable[..., Config],
) -> None:
    _, conn = crawled
    before = store.list_topics(conn)
    assert {"redness", "sensitive skin", "rosacea trigger"} <= gap_keys(before)
    vocabulary = tmp_path / "vocabulary.toml"
    vocabulary.write_text(CLINIC_GROUPS)
    config = make_config(topics={"vocabulary": "vocabulary.toml"})  # relative to the config
    assert config.topics.vocabulary == str(vocabulary.resolve())

    after = {t["key"]: t for t in current_topics(conn, load_vocabulary(config.topics.vocabulary))}
    assert not {"redness", "sensitive skin", "rosacea trigger"} & gap_keys(list(after.values()))
    # "redness" on their pages is now covered by "inflammation" on ours, and says so
    assert after["inflammation"]["covered_by_us"] and after["skin barrier"]["covered_by_us"]
    for key, wording in (("inflammation", "redness"), ("skin barrier", "sensitive skin")):
        assert after[key]["brief"]["group"] == key
        assert wording in [after[key]["label"], *after[key]["brief"]["same_meaning"]]
    assert after["rosacea"]["brief"]["group"] == "rosacea"
    assert after["rosacea"]["brief"]["vocabulary"]["source"] == str(vocabulary.resolve())
    # the built-in groups still apply underneath
    assert after["aftercare"]["covered_by_us"] and not after["chemical peel"]["covered_by_us"]
    # stored, so the next reader gets them without regrouping
    assert {t["key"] for t in store.list_topics(conn)} == set(after)

    run = CliRunner().invoke(cli, ["topics", "--gaps", "--config", str(config.path)])
    assert run.exit_code == 0, run.output
    assert "redness" not in run.output.split("asks:")[0].split()
    assert f'meaning group "rosacea" ({vocabulary.resolve()}): rosacea triggers' in run.output
    assert 'meaning group "chemical peel" (the built-in vocabulary)' in run.output

    # an edit shows on the next look, with no crawl in between
    vocabulary.write_text(CLINIC_GROUPS.replace('rosacea = ["rosacea triggers"]\n', ""))
    again = current_topics(conn, load_vocabulary(config.topics.vocabulary), gaps_only=True)
    assert "rosacea trigger" in gap_keys(again)


def test_the_app_gaps_page_shows_the_group_each_topic_fell_into(
    crawled: tuple[Config, sqlite3.Connection], tmp_path: Path,
    make_config: Callable[..., Config],
) -> None:
    from clinicseo.review import create_app
    from clinicseo.review.auth import add_user

    (tmp_path / "vocabulary.toml").write_text(CLINIC_GROUPS)
    config = make_config(topics={"vocabulary": "vocabulary.toml"})
    _, conn = crawled
    add_user(conn, "viv", "correct horse", "viewer")
    client = create_app(config).test_client()
    login_page = client.get("/login").text
    csrf = login_page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    client.post("/login", data={"name": "viv", "password": "correct horse", "csrf_token": csrf})
    page = client.get("/gaps").text
    assert "Grouped by meaning" in page
    assert "meaning group &#34;rosacea&#34;" in page and "rosacea triggers</td>" in page
    assert "<td>sensitive skin</td>" not in page  # grouped into a topic we cover


def broken(tmp_path: Path, text: str, make_config: Callable[..., Config]) -> str:
    (tmp_path / "vocabulary.toml").write_text(text)
    with pytest.raises(ConfigError) as caught:
        make_config(topics={"vocabulary": "vocabulary.toml"})
    message = str(caught.value)
    assert "\n" not in message and str(tmp_path / "vocabulary.toml") in message
    return message


def test_a_broken_vocabulary_is_one_line_naming_file_line_and_key(
    tmp_path: Path, make_config: Callable[..., Config], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = '# mine\n[meanings]\naftercare = ["recovery"]\nredness = "flushing"\n'
    assert "line 4: [meanings] redness: expected a list of words or phrases, found " \
           '"flushing"' in broken(tmp_path, text, make_config)
    assert "line 2: [meaning]" in broken(tmp_path, '\n[meaning]\nx = ["y"]\n', make_config)
    assert "line 3: [meanings] rosacea: not valid TOML" in broken(
        tmp_path, '[meanings]\naftercare = ["recovery"]\nrosacea [\n', make_config)
    assert "line 2: [phrases] breakers: expected a text, found 3" in broken(
        tmp_path, "[phrases]\nbreakers = 3\n", make_config)
    (tmp_path / "vocabulary.toml").unlink()
    with pytest.raises(ConfigError, match=r"\[topics\] vocabulary: expected a file"):
        make_config(topics={"vocabulary": "vocabulary.toml"})
    (tmp_path / "vocabulary.toml").write_text("[meanings]\nredness = 'flushing'\n")
    monkeypatch.setattr(sys, "argv", ["clinicseo", "topics", "--config",
                                      str(tmp_path / "clinic.toml")])
    with pytest.raises(SystemExit) as exited:
        main()  # every command stops at once, with the one line
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert err == (f"clinicseo: {tmp_path / 'vocabulary.toml'}: line 2: [meanings] redness: "
                   "expected a list of words or phrases, found \"flushing\"\n")


def test_init_here_and_library_init_write_a_starter_that_loads(tmp_path: Path) -> None:
    config = load_config(write_starter(tmp_path / "setup"))
    assert config.topics.vocabulary == str((tmp_path / "setup" / "vocabulary.toml").resolve())
    vocab = load_vocabulary(config.topics.vocabulary)
    assert vocab.groups == BUILT_IN.groups  # a copy of the built-in groups, to edit
    assert vocab.source != "built-in" and vocab.digest != BUILT_IN.digest
    made = init_library(tmp_path / "library")
    assert (made / "vocabulary.toml").read_text() == starter_vocabulary()
    # the starter's commented examples are valid when uncommented
    lines = [line[2:] if line.startswith(("# terms", "# [aliases]", '# "micro')) else line
             for line in starter_vocabulary().splitlines()]
    (tmp_path / "edited.toml").write_text("\n".join(lines))
    edited = load_vocabulary(tmp_path / "edited.toml")
    assert "hydrafacial" in edited.terms and edited.stem("micro-needling") == "microneedling"


def test_the_clinics_file_is_laid_over_the_built_in_one(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text('terms = "lymphatic"\n[meanings]\nhyperpigmentation = []\n'
                    'downtime = ["time off work"]\n')
    vocab = load_vocabulary(mine)
    assert "hyperpigmentation" not in vocab.groups  # an empty list removes a group
    assert vocab.groups["downtime"] == ("time off work",)
    assert "downtime" not in vocab.groups["aftercare"]  # a wording the clinic groups moves
    assert vocab.stem("downtime") == "downtime" and vocab.stem("recovery") == "aftercare"
    assert "lymphatic" in vocab.terms and "acne" in vocab.terms
    assert vocab.phrases("Time off work after a peel") == [["downtime"], ["peel"]]
