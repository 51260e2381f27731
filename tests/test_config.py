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
        ("timeout_s = 0", "[wordpress] timeout_s: expected a positive number"),
        ("timeout_s = 30\nlanding_window_s = 20", "[wordpress] landing_window_s: must be longer"),
        ("confirm_wait_s = 900", "[wordpress] confirm_wait_s: expected 0 to landing_window_s"),
        ("confirm_wait_s = -1", "[wordpress] confirm_wait_s"),
        ("retries = -1", "[wordpress] retries: expected a number from 0"),
    ],
)
def test_the_publishing_windows_are_checked(tmp_path: Path, keys: str, expected: str) -> None:
    path = write(tmp_path, MINIMAL.replace("[wordpress]\n", f"[wordpress]\n{keys}\n"))
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(path) in str(err.value) and expected in str(err.value)
    wp = load_config(write(tmp_path, MINIMAL)).wordpress
    assert (wp.timeout_s, wp.landing_window_s, wp.confirm_wait_s) == (30.0, 600.0, 60.0)


# A table of configs that load as TOML but are wrong: (extra TOML or a replacement of the
# minimal config's line, the key the message must name). Each exits 2 through the CLI.
BROKEN = [
    ("[crawl]\ndelay_s = -1.0\n", "[crawl] delay_s"),
    ("[crawl]\ndelay_s = nan\n", "[crawl] delay_s"),
    ("[crawl]\ndelay_s = inf\n", "[crawl] delay_s"),
    ("[crawl]\ntimeout_s = -5\n", "[crawl] timeout_s"),
    ("[crawl]\ntimeout_s = 0\n", "[crawl] timeout_s"),
    ("[crawl]\ntime_limit_s = -1\n", "[crawl] time_limit_s"),
    ("[crawl]\nmax_pages = 0\n", "[crawl] max_pages"),
    ("[crawl]\nmax_requests = -3\n", "[crawl] max_requests"),
    ("[crawl]\nmax_page_bytes = 0\n", "[crawl] max_page_bytes"),
    ('[crawl]\nown_site_urls = ["file:///etc/passwd"]\n', "[crawl] own_site_urls[0]"),
    ("[schedule]\npublish_slots = []\n", "[schedule] publish_slots"),
    ('[schedule]\npublish_slots = ["tue 0\u00b2:00"]\n', "[schedule] publish_slots[0]"),
    ('[schedule]\ncrawl = "someday"\n', "[schedule] crawl"),
    ("[schedule]\nvariants_per_topic = 0\n", "[schedule] variants_per_topic"),
    ("[schedule]\nwatchdog_minutes = -1\n", "[schedule] watchdog_minutes"),
    ("[clinic2]\nx = 1\n", "unknown section [clinic2]"),
    ("[scoring]\nmin_readability = 500\n", "[scoring] min_readability"),
    ("[scoring]\nmin_seo = -1\n", "[scoring] min_seo"),
    ("[scoring]\nmax_similarity = 0\n", "[scoring] max_similarity"),
    ("[scoring]\ngrade_target = nan\n", "[scoring] grade_target"),
    ("[review]\npage_size = 0\n", "[review] page_size"),
    ('[review]\ntrusted_proxies = ["the proxy"]\n', "[review] trusted_proxies[0]"),
    ('[review]\nsecret_key_env = "MY KEY"\n', "[review] secret_key_env"),
    ("[notify]\nsmtp_port = 99999\n", "[notify] smtp_port"),
    ("[notify]\nsmtp_port = 0\n", "[notify] smtp_port"),
    ('[notify]\nrecipients = ["not an address"]\n', "[notify] recipients[0]"),
    (
        '[[competitors]]\nname = "../evil"\nstart_urls = ["https://a.example/"]\n',
        "[[competitors]] #1 name",
    ),
    (
        '[[competitors]]\nname = "a/b"\nstart_urls = ["https://a.example/"]\n',
        "[[competitors]] #1 name",
    ),
    (
        '[[competitors]]\nname = "a"\nstart_urls = ["file:///etc/passwd"]\n',
        "[[competitors]] #1 start_urls[0]",
    ),
    (
        '[[competitors]]\nname = "a"\nstart_urls = ["javascript:alert(1)"]\n',
        "[[competitors]] #1 start_urls[0]",
    ),
    (
        '[[competitors]]\nname = "a"\nstart_urls = ["https://a.example/"]\ninclude = ["(blog"]\n',
        "[[competitors]] #1 include[0]",
    ),
    (
        '[[competitors]]\nname = "a"\nstart_urls = ["https://a.example/"]\n'
        'sitemap_urls = ["https://a.example:99999/s.xml"]\n',
        "[[competitors]] #1 sitemap_urls[0]",
    ),
    (
        '[[competitors]]\nname = "a"\nstart_urls = ["https://a.example/"]\n'
        'allowed_domains = ["https://a.example/"]\n',
        "[[competitors]] #1 allowed_domains[0]",
    ),
]
# Replacements of a line of MINIMAL (the WordPress URL, the clinic's site and zone).
WP_URL = '[wordpress]\nurl = "https://clinic.example"'
REPLACED = [
    (WP_URL, '[wordpress]\nurl = "clinic.example"', "[wordpress] url"),
    (WP_URL, '[wordpress]\nurl = "ftp://clinic.example"', "[wordpress] url"),
    (WP_URL, '[wordpress]\nurl = "javascript:alert(1)"', "[wordpress] url"),
    ('username = "bot"', 'username = "bot"\nretries = -1', "[wordpress] retries"),
    ('username = "bot"', 'username = "bot"\ntimeout_s = nan', "[wordpress] timeout_s"),
    ('username = "bot"', 'username = "bot"\ntimeout_s = -inf', "[wordpress] timeout_s"),
    ('site_url = "https://clinic.example"', 'site_url = "https://"', "[clinic] site_url"),
    ('name = "Cosmos Clinic"', 'name = "Cosmos"\ntimezone = "Australia"', "[clinic] timezone"),
    ('name = "Cosmos Clinic"', 'name = "Cosmos"\ntimezone = "Mars/Base"', "[clinic] timezone"),
    ('name = "Cosmos Clinic"', 'name = "  "', "[clinic] name"),
]


def _broken() -> list[tuple[str, str]]:
    cases = [(MINIMAL + extra, key) for extra, key in BROKEN]
    cases += [(MINIMAL.replace(old, new, 1), key) for old, new, key in REPLACED]
    return cases


@pytest.mark.parametrize(("text", "key"), _broken())
def test_broken_configs_exit_2_naming_the_key(
    tmp_path: Path,
    text: str,
    key: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import sys

    from clinicseo.cli import main

    path = write(tmp_path, text)
    monkeypatch.setattr(sys, "argv", ["clinicseo", "drafts", "--config", str(path)])
    with pytest.raises(SystemExit) as exited:
        main()
    err = capsys.readouterr().err
    assert exited.value.code == 2, err
    assert f"clinicseo: {path}: {key}" in err
    assert "unexpected error" not in err and "Traceback" not in err
    if "expected" in err:  # the type and meaning checks say what was expected and found
        assert "found" in err


def test_what_a_broken_key_message_says(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, MINIMAL + "[notify]\nsmtp_port = 99999\n"))
    assert str(err.value) == (
        f"{tmp_path / 'clinic.toml'}: [notify] smtp_port: expected a number from 1 to 65535, "
        "found 99999"
    )
    with pytest.raises(ConfigError, match=r'found "\\x1b\]0;pwned\\x07"'):
        load_config(
            write(tmp_path, MINIMAL + '[review]\nsecret_key_env = "\\u001b]0;pwned\\u0007"\n')
        )


def test_slots_with_non_ascii_digits_do_not_parse() -> None:
    assert parse_slot("tue 0\u00b2:00") is None
    assert parse_slot("tue \u0669:00") is None  # an Arabic-Indic nine
