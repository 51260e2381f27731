"""The config is validated once, and every error names the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinicseo.config import load_config, parse_slot, read_secret
from clinicseo.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "clinic.toml"
    path.write_text(text)
    return path


MINIMAL = """
[clinic]
name = "Cosmos Clinic"
site_url = "https://clinic.example"
[wordpress]
url = "https://clinic.example"
username = "bot"
"""


def test_the_shipped_example_loads_with_paths_relative_to_it() -> None:
    config = load_config(REPO / "config" / "clinic.toml")
    assert config.clinic.jurisdiction == "AU"
    assert config.database.path == (REPO / "data" / "clinicseo.db").resolve()
    assert config.schedule.publish_slots == ("tue 09:00", "thu 09:00")
    assert config.competitors[0].name == "example-clinic"
    assert "clinic.example" in config.user_agent


def test_defaults_fill_what_is_left_out(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL))
    assert config.crawl.obey_robots is True
    assert config.crawl.allow_private_networks is False
    assert config.wordpress.api == "xmlrpc"
    assert config.database.path == (tmp_path / "data" / "clinicseo.db").resolve()


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("[crawl]\nmax_page = 3\n", "[crawl] unknown key 'max_page'"),
        ('[crawl]\nmax_pages = "ten"\n', '[crawl] max_pages: expected an integer, found "ten"'),
        ("[crawl]\nobey_robots = 1\n", "[crawl] obey_robots: expected true or false, found 1"),
        ('[schedule]\npublish_slots = ["someday 9"]\n', "[schedule] publish_slots[0]"),
        ('[wordpress2]\nurl = "x"\n', "unknown section [wordpress2]"),
        ('[[competitors]]\nname = "a"\n', "[[competitors]] #1 missing required key 'start_urls'"),
    ],
)
def test_bad_values_name_the_file_and_the_key(tmp_path: Path, extra: str, expected: str) -> None:
    path = write(tmp_path, MINIMAL + extra)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(path) in str(err.value)
    assert expected in str(err.value)


def test_missing_required_key_and_section(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="missing section \\[wordpress\\]"):
        load_config(write(tmp_path, '[clinic]\nname = "x"\nsite_url = "y"\n'))
    with pytest.raises(ConfigError, match="\\[clinic\\] missing required key 'site_url'"):
        load_config(write(tmp_path, MINIMAL.replace('site_url = "https://clinic.example"', "")))


def test_bad_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[clinic\nname="))
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")


def test_secret_errors_name_the_variable_never_a_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLINICSEO_TEST_SECRET", raising=False)
    with pytest.raises(ConfigError, match="CLINICSEO_TEST_SECRET is not set"):
        read_secret("CLINICSEO_TEST_SECRET", "[wordpress] password_env")
    monkeypatch.setenv("CLINICSEO_TEST_SECRET", "s3cret-value")
    assert read_secret("CLINICSEO_TEST_SECRET", "x") == "s3cret-value"


def test_slots_parse() -> None:
    assert parse_slot("tue 09:00") == (1, 9, 0)
    assert parse_slot("Thursday 17:30") == (3, 17, 30)
    assert parse_slot("tue 25:00") is None
    assert parse_slot("09:00") is None


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("timeout_s = 0", "[wordpress] timeout_s: must be more than 0"),
        ("timeout_s = 30\nlanding_window_s = 20", "[wordpress] landing_window_s: must be longer"),
        ("confirm_wait_s = 900", "[wordpress] confirm_wait_s: expected 0 to landing_window_s"),
        ("confirm_wait_s = -1", "[wordpress] confirm_wait_s"),
        ("retries = -1", "[wordpress] retries: must not be negative"),
    ],
)
def test_the_publishing_windows_are_checked(tmp_path: Path, keys: str, expected: str) -> None:
    path = write(tmp_path, MINIMAL.replace("[wordpress]\n", f"[wordpress]\n{keys}\n"))
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(path) in str(err.value) and expected in str(err.value)
    wp = load_config(write(tmp_path, MINIMAL)).wordpress
    assert (wp.timeout_s, wp.landing_window_s, wp.confirm_wait_s) == (30.0, 600.0, 60.0)
