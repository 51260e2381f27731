"""The config file: TOML in, frozen dataclasses out, validated once at the edge.

Every error names the file and the key (``config/clinic.toml: [crawl] max_pages: expected an
integer, found "ten"``). Relative paths resolve against the config file's folder. Secrets never
live in the file: it names the environment variable that holds them, and only
:func:`read_secret` looks them up, so nothing downstream reads the environment on its own.
"""

from __future__ import annotations

import dataclasses
import math
import os
import tomllib
import typing
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clinicseo.config_rules import WEEKDAYS as WEEKDAYS  # re-exported: slots.py and others
from clinicseo.config_rules import check_keys, show
from clinicseo.config_rules import parse_slot as parse_slot
from clinicseo.errors import ConfigError

DEFAULT_CONFIG = Path("config/clinic.toml")


@dataclass(frozen=True)
class ServicePage:
    title: str
    url: str


@dataclass(frozen=True)
class ClinicConfig:
    name: str
    site_url: str
    timezone: str = "Australia/Melbourne"
    locale: str = "en_AU"
    jurisdiction: str = "AU"
    contact_url: str = ""  # shown in the crawler's user agent; default: site_url
    service_pages: tuple[ServicePage, ...] = ()


@dataclass(frozen=True)
class DatabaseConfig:
    path: Path = Path("data/clinicseo.db")


@dataclass(frozen=True)
class CrawlConfig:
    obey_robots: bool = True
    allow_private_networks: bool = False
    max_pages: int = 500
    max_requests: int = 0  # per site, every request counted; 0: 2 x max_pages + 50
    delay_s: float = 1.0
    max_depth: int = 5
    time_limit_s: int = 1800
    timeout_s: int = 30
    max_page_bytes: int = 5_000_000
    autothrottle: bool = True
    http_cache: bool = True
    cache_dir: Path = Path("data/httpcache")
    own_site_urls: tuple[str, ...] = ()  # our blog, for gaps; default: clinic.site_url


@dataclass(frozen=True)
class Competitor:
    name: str
    start_urls: tuple[str, ...]
    sitemap_urls: tuple[str, ...] = ()
    feed_urls: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    include: tuple[str, ...] = ()  # URL regexes; empty: everything on the site
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class WordPressConfig:
    url: str
    username: str
    password_env: str = "CLINICSEO_WP_PASSWORD"
    api: str = "xmlrpc"
    fallback_to_rest: bool = True
    timeout_s: float = 30.0  # the limit of one whole call to WordPress, not of one read
    retries: int = 4
    default_category: str = "Skin Care"
    # A create that got no answer (timed out, connection lost) may still land: nothing is
    # sent again until landing_window_s after it was sent; a run looks it up for at most
    # confirm_wait_s (with backoff) and then leaves the draft to a later run.
    landing_window_s: float = 600.0
    confirm_wait_s: float = 60.0
    seo_plugin: str = "auto"  # or yoast, rankmath, aioseo, seopress, none (publisher/seo_fields)
    content_format: str = "blocks"  # or "classic" (one Classic block)


@dataclass(frozen=True)
class ScheduleConfig:
    publish_slots: tuple[str, ...] = ("tue 09:00", "thu 09:00")
    crawl: str = "mon 03:00"
    catch_up: str = "publish"  # missed slots: "publish" at once, or "next_slot"
    draft_gaps: int = 0  # after each crawl, draft this many new gap topics (0: off)
    variants_per_topic: int = 3
    watchdog_minutes: int = 15
    blog_import_hours: int = 24  # refresh the blog's posts from WordPress this often (0: off)


@dataclass(frozen=True)
class ScoringConfig:
    grade_target: float = 8.0
    max_similarity: float = 0.5  # word-shingle Jaccard between drafts/published posts
    min_readability: int = 60
    min_seo: int = 60


@dataclass(frozen=True)
class GenerateConfig:
    seed: int = 2026
    categories: tuple[str, ...] = ("Skin Care",)
    author: str = "Cosmos Clinic"
    reviewer: str = ""
    # The clinic's own template library (`clinicseo library init DIR`); "" is the built-in one.
    # Relative to the config file; stored resolved.
    templates_dir: str = ""


@dataclass(frozen=True)
class TopicsConfig:
    # The clinic's own topic vocabulary (meaning groups, terms), laid over the built-in
    # clinicseo/topic_vocab.toml; "" is the built-in only. Relative to the config file;
    # stored resolved. `clinicseo init --here` and `library init` write a starter.
    vocabulary: str = ""


@dataclass(frozen=True)
class NotifyConfig:
    smtp_host: str = ""  # empty: no email
    smtp_port: int = 25
    starttls: bool = False
    username: str = ""
    password_env: str = ""
    sender: str = "clinicseo@localhost"
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewConfig:
    secret_key_env: str = "CLINICSEO_SECRET_KEY"
    page_size: int = 50
    # Who overrides a compliance finding cannot approve that draft: a second person decides.
    two_person_override: bool = True
    # Reverse proxies (addresses or networks) whose X-Forwarded-For/-Proto/-Host are trusted.
    trusted_proxies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    path: Path
    clinic: ClinicConfig
    database: DatabaseConfig
    crawl: CrawlConfig
    competitors: tuple[Competitor, ...]
    wordpress: WordPressConfig
    schedule: ScheduleConfig
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    generate: GenerateConfig = field(default_factory=GenerateConfig)
    topics: TopicsConfig = field(default_factory=TopicsConfig)
    notify: NotifyConfig = field(default_factory=NotifyConfig)
    review: ReviewConfig = field(default_factory=ReviewConfig)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.clinic.timezone)

    @property
    def user_agent(self) -> str:
        contact = self.clinic.contact_url or self.clinic.site_url
        return f"clinicseo/0.1 (+{contact}; topic research for {self.clinic.name})"


# Sections and the dataclass each one builds; `competitors` is an array of tables.
_SECTIONS: dict[str, type] = {
    "clinic": ClinicConfig,
    "database": DatabaseConfig,
    "crawl": CrawlConfig,
    "wordpress": WordPressConfig,
    "schedule": ScheduleConfig,
    "scoring": ScoringConfig,
    "generate": GenerateConfig,
    "topics": TopicsConfig,
    "notify": NotifyConfig,
    "review": ReviewConfig,
}
_REQUIRED_SECTIONS = ("clinic", "wordpress")


def config_path(given: str | os.PathLike[str] | None) -> Path:
    """The config file to use: the one given, else $CLINICSEO_CONFIG, else the default."""
    if given:
        return Path(given)
    return Path(os.environ.get("CLINICSEO_CONFIG") or DEFAULT_CONFIG)


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Read and validate the config file. Raises ConfigError naming the file and key."""
    cfg_path = config_path(path)
    try:
        raw = tomllib.loads(cfg_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{cfg_path}: config file not found") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{cfg_path}: not a UTF-8 text file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{cfg_path}: not valid TOML: {exc}") from None
    return parse_config(raw, cfg_path)


def parse_config(raw: dict[str, Any], cfg_path: Path) -> Config:
    where = str(cfg_path)
    for key in raw:
        if key not in _SECTIONS and key != "competitors":
            raise ConfigError(f"{where}: unknown section [{key}]")
    for key in _REQUIRED_SECTIONS:
        if key not in raw:
            raise ConfigError(f"{where}: missing section [{key}]")
    built: dict[str, Any] = {}
    for name, cls in _SECTIONS.items():
        table = raw.get(name, {})
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: [{name}] must be a table")
        built[name] = _build(cls, table, f"{where}: [{name}]")
    competitors = raw.get("competitors", [])
    if not isinstance(competitors, list):
        raise ConfigError(f"{where}: [[competitors]] must be an array of tables")
    built_competitors = []
    for i, c in enumerate(competitors, 1):
        if not isinstance(c, dict):
            raise ConfigError(f"{where}: [[competitors]] #{i} must be a table")
        built_competitors.append(_build(Competitor, c, f"{where}: [[competitors]] #{i}"))
    built["competitors"] = tuple(built_competitors)
    config = Config(path=cfg_path, **built)
    _check_values(config, where)
    config = _resolve_paths(config, cfg_path.parent)
    _check_vocabulary(config.topics, where)
    return config


def read_secret(env_name: str, what: str) -> str:
    """The secret held in environment variable `env_name`. The error names the variable only."""
    value = os.environ.get(env_name, "") if env_name else ""
    if not value:
        raise ConfigError(f"{what}: the environment variable {env_name or '(unnamed)'} is not set")
    return value


def _build(cls: type, table: dict[str, Any], where: str) -> Any:
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for key in table:
        if key not in fields:
            raise ConfigError(f"{where} unknown key '{key}'")
    values: dict[str, Any] = {}
    for name, f in fields.items():
        has_default = (
            f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        )
        if name not in table:
            if not has_default:
                raise ConfigError(f"{where} missing required key '{name}'")
            continue
        values[name] = _coerce(hints[name], table[name], f"{where} {name}")
    return cls(**values)


def _coerce(hint: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin is tuple:
        (item_hint, _ellipsis) = typing.get_args(hint)
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list, found {_show(value)}")
        return tuple(_coerce(item_hint, v, f"{where}[{i}]") for i, v in enumerate(value))
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a table, found {_show(value)}")
        return _build(typing.cast(type, hint), value, where)
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false, found {_show(value)}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: expected an integer, found {_show(value)}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{where}: expected a number, found {_show(value)}")
        if not math.isfinite(value):  # TOML allows nan and inf; no setting means them
            raise ConfigError(f"{where}: expected a finite number, found {_show(value)}")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a string, found {_show(value)}")
        return value
    if hint is Path:
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{where}: expected a path string, found {_show(value)}")
        return Path(value)
    raise TypeError(f"unsupported config type {hint!r}")  # a bug in this module, not input


_show = show


def _check_values(config: Config, where: str) -> None:
    """Every key's meaning (config_rules.CHECKS), then the rules that span keys."""
    check_keys({name: getattr(config, name) for name in _SECTIONS}, config.competitors, where)
    _check_wordpress(config.wordpress, where)
    names = [c.name for c in config.competitors]
    for i, comp in enumerate(config.competitors):
        if not comp.start_urls and not comp.sitemap_urls:
            raise ConfigError(
                f"{where}: [[competitors]] #{i + 1} ({comp.name}): needs start_urls or sitemap_urls"
            )
        if names.count(comp.name) > 1:
            raise ConfigError(f'{where}: [[competitors]] name "{comp.name}" is used twice')
        if comp.name == "ours":  # scrapers.items.OWN_SITE: our own blog's pages
            raise ConfigError(
                f'{where}: [[competitors]] #{i + 1} name: expected a name other than "ours" '
                "(our own blog's pages are stored under it)"
            )


def _check_wordpress(wp: WordPressConfig, where: str) -> None:
    """The publishing windows against the call limit (rules that span keys)."""
    if wp.landing_window_s <= wp.timeout_s:
        raise ConfigError(
            f"{where}: [wordpress] landing_window_s: must be longer than timeout_s "
            f"({wp.timeout_s:g}): a create may still be running on the server when the call "
            f"gives up; found {wp.landing_window_s:g}"
        )
    if wp.confirm_wait_s > wp.landing_window_s:
        raise ConfigError(
            f"{where}: [wordpress] confirm_wait_s: expected 0 to landing_window_s "
            f"({wp.landing_window_s:g}), found {wp.confirm_wait_s:g}"
        )


def _check_vocabulary(topics: TopicsConfig, where: str) -> None:
    """The clinic's vocabulary file is read now, so a broken one stops every command with one
    line naming its file, line and key (not a crawl hours later)."""
    if not topics.vocabulary:
        return
    from clinicseo.topic_terms import load_vocabulary

    if not Path(topics.vocabulary).is_file():
        raise ConfigError(f"{where}: [topics] vocabulary: expected a file, found none at "
                          f"{topics.vocabulary} (`clinicseo library init DIR` writes one)")
    load_vocabulary(topics.vocabulary)


def _resolve_paths(config: Config, base: Path) -> Config:
    def resolve(p: Path) -> Path:
        return p if p.is_absolute() else (base / p).resolve()

    return dataclasses.replace(
        config,
        database=dataclasses.replace(config.database, path=resolve(config.database.path)),
        crawl=dataclasses.replace(config.crawl, cache_dir=resolve(config.crawl.cache_dir)),
        generate=dataclasses.replace(
            config.generate,
            templates_dir=str(resolve(Path(config.generate.templates_dir)))
            if config.generate.templates_dir else "",
        ),
        topics=dataclasses.replace(
            config.topics,
            vocabulary=str(resolve(Path(config.topics.vocabulary)))
            if config.topics.vocabulary else "",
        ),
    )
