"""What each config key must hold: one table, key -> checks, walked over the loaded config.

:mod:`clinicseo.config` checks types (TOML -> dataclass fields); this module checks meaning:
URLs with an http(s) scheme and a host, regexes that compile, time zones that exist, slots
that parse, positive finite durations, ports in range, names safe as file names, sane
bounds. A failure raises ``ConfigError`` naming the file, the key, what was expected and
what was found. A new key gets its checks by adding one line to :data:`CHECKS`
(``"section.key": (check, ...)``; ``each(check)`` checks every item of a list).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import math
import re
import zoneinfo
from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from clinicseo.errors import ConfigError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# A check returns None when the value is fine, else what was expected ("an http(s) URL").
Check = Callable[[Any], str | None]


@dataclasses.dataclass(frozen=True)
class each:  # noqa: N801 - reads as a function in the table
    """Apply `check` to every item of a list; the message names the item's index."""

    check: Check


def parse_slot(text: str) -> tuple[int, int, int] | None:
    """'tue 09:00' -> (weekday 1, 9, 0); None when it is not of that form."""
    parts = text.strip().lower().split()
    if len(parts) != 2 or parts[0][:3] not in WEEKDAYS:
        return None
    found = re.fullmatch(r"([0-9]{1,2}):([0-9]{2})", parts[1])  # ASCII digits only
    if not found:
        return None
    hh, mm = int(found.group(1)), int(found.group(2))
    if not (0 <= hh < 24 and 0 <= mm < 60):
        return None
    return WEEKDAYS.index(parts[0][:3]), hh, mm


# --- the checks -----------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]")
_CONTROL_ONLY = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_HOST_LABEL = r"[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
_HOST = re.compile(rf"{_HOST_LABEL}(\.{_HOST_LABEL})*\.?")
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+")
_LOCALE = re.compile(r"[a-z]{2,3}([_-][A-Za-z]{2,4})?")


def http_url(value: str) -> str | None:
    expected = "an http:// or https:// URL with a host"
    if _CONTROL.search(value):
        return expected + " (no spaces or control characters)"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return expected
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return expected
    return None


def optional_http_url(value: str) -> str | None:
    return None if value == "" else http_url(value)


def host_name(value: str) -> str | None:
    try:
        ipaddress.ip_address(value)
        return None
    except ValueError:
        pass
    return None if _HOST.fullmatch(value) else "a host name such as blog.example.com"


def optional_host(value: str) -> str | None:
    return None if value == "" else host_name(value)


def regex(value: str) -> str | None:
    try:
        re.compile(value)
    except re.error as exc:
        return f"a regular expression ({exc})"
    return None


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def time_zone(value: str) -> str | None:
    if value in _zones() or value == "UTC":
        return None
    return 'an IANA time zone such as "Australia/Melbourne"'


def slot(value: str) -> str | None:
    return None if parse_slot(value) is not None else '"ddd HH:MM" (e.g. "tue 09:00")'


def optional_slot(value: str) -> str | None:
    return None if value == "" else slot(value)


def not_empty(value: Any) -> str | None:
    if isinstance(value, str):
        return "a non-empty text" if not value.strip() else None
    return "at least one item" if not value else None


def file_name(value: str) -> str | None:
    if _FILE_NAME.fullmatch(value) and not value.endswith("."):
        return None
    return "a name of letters, digits, '.', '_' or '-' (up to 64, safe as a file name)"


def env_name(value: str) -> str | None:
    return None if _ENV_NAME.fullmatch(value) else "an environment variable name"


def optional_env_name(value: str) -> str | None:
    return None if value == "" else env_name(value)


def email(value: str) -> str | None:
    return None if _EMAIL.fullmatch(value) else "an email address"


def locale(value: str) -> str | None:
    return None if _LOCALE.fullmatch(value) else 'a locale such as "en_AU"'


def ip_network(value: str) -> str | None:
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        return "an IP address or network such as 127.0.0.1 or 10.0.0.0/8"
    return None


def one_of(*choices: str) -> Check:
    def check(value: str) -> str | None:
        return None if value in choices else "one of " + ", ".join(f'"{c}"' for c in choices)

    return check


def between(low: float, high: float) -> Check:
    """low <= value <= high (finite)."""

    def check(value: float) -> str | None:
        if math.isfinite(value) and low <= value <= high:
            return None
        return f"a number from {low:g} to {high:g}"

    return check


def at_least(low: float) -> Check:
    def check(value: float) -> str | None:
        return None if math.isfinite(value) and value >= low else f"a number of at least {low:g}"

    return check


def positive(value: float) -> str | None:
    return None if math.isfinite(value) and value > 0 else "a positive number"


def fraction(value: float) -> str | None:
    return None if 0 < value <= 1 else "a number in (0, 1]"


port = between(1, 65535)

# Every key with a meaning to check. Keys not listed are checked for their type only.
CHECKS: dict[str, tuple[Check | each, ...]] = {
    "clinic.name": (not_empty,),
    "clinic.site_url": (http_url,),
    "clinic.timezone": (time_zone,),
    "clinic.locale": (locale,),
    "clinic.jurisdiction": (one_of("AU", "UK", "US"),),
    "clinic.contact_url": (optional_http_url,),
    "clinic.service_pages.title": (not_empty,),
    "clinic.service_pages.url": (http_url,),
    "crawl.max_pages": (at_least(1),),
    "crawl.max_requests": (at_least(0),),
    "crawl.delay_s": (between(0, 3600),),
    "crawl.max_depth": (between(0, 100),),
    "crawl.time_limit_s": (positive,),
    "crawl.timeout_s": (positive,),
    "crawl.max_page_bytes": (at_least(1024),),
    "crawl.own_site_urls": (each(http_url),),
    "competitors.name": (file_name,),
    "competitors.start_urls": (each(http_url),),
    "competitors.sitemap_urls": (each(http_url),),
    "competitors.feed_urls": (each(http_url),),
    "competitors.allowed_domains": (each(host_name),),
    "competitors.include": (each(regex),),
    "competitors.exclude": (each(regex),),
    "wordpress.url": (http_url,),
    "wordpress.username": (not_empty,),
    "wordpress.password_env": (env_name,),
    "wordpress.api": (one_of("xmlrpc", "rest"),),
    "wordpress.timeout_s": (positive, at_least(0.1)),
    "wordpress.retries": (between(0, 100),),
    "wordpress.landing_window_s": (positive,),
    "wordpress.confirm_wait_s": (between(0, 24 * 3600),),
    "wordpress.seo_plugin": (one_of("auto", "yoast", "rankmath", "aioseo", "seopress", "none"),),
    "wordpress.content_format": (one_of("blocks", "classic"),),
    "schedule.publish_slots": (not_empty, each(slot)),
    "schedule.crawl": (optional_slot,),
    "schedule.catch_up": (one_of("publish", "next_slot"),),
    "schedule.draft_gaps": (between(0, 1000),),
    "schedule.variants_per_topic": (between(1, 1000),),
    "schedule.watchdog_minutes": (between(0, 24 * 60),),  # 0: off
    "schedule.blog_import_hours": (between(0, 24 * 365),),  # 0: off
    "scoring.grade_target": (between(1, 20),),
    "scoring.max_similarity": (fraction,),
    "scoring.min_readability": (between(0, 100),),
    "scoring.min_seo": (between(0, 100),),
    "generate.categories": (each(not_empty),),
    "notify.smtp_host": (optional_host,),
    "notify.smtp_port": (port,),
    "notify.password_env": (optional_env_name,),
    "notify.sender": (email,),
    "notify.recipients": (each(email),),
    "review.secret_key_env": (env_name,),
    "review.page_size": (between(1, 1000),),
    "review.trusted_proxies": (each(ip_network),),
}


def check_keys(sections: dict[str, Any], competitors: tuple[Any, ...], where: str) -> None:
    """Walk every section (and each competitor) through :data:`CHECKS`."""
    for name, section in sections.items():
        _walk(section, name, f"[{name}]", where)
    for i, comp in enumerate(competitors, 1):
        _walk(comp, "competitors", f"[[competitors]] #{i}", where)


def _walk(obj: Any, prefix: str, label: str, where: str) -> None:
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        key = f"{prefix}.{f.name}"
        for check in CHECKS.get(key, ()):
            if isinstance(check, each):
                for i, item in enumerate(value):
                    _fail(check.check(item), item, f"{label} {f.name}[{i}]", where)
            else:
                _fail(check(value), value, f"{label} {f.name}", where)
        if isinstance(value, tuple):
            for i, item in enumerate(value):
                if dataclasses.is_dataclass(item):
                    _walk(item, key, f"{label} {f.name}[{i}]", where)


def _fail(expected: str | None, found: Any, key: str, where: str) -> None:
    if expected is not None:
        raise ConfigError(f"{where}: {key}: expected {expected}, found {show(found)}")


def show(value: Any) -> str:
    """A found value as the message shows it (strings quoted, lists and tables named)."""
    if isinstance(value, str):
        return '"' + _CONTROL_ONLY.sub(lambda m: f"\\x{ord(m.group()):02x}", value) + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list | tuple):
        return "an empty list" if not value else "a list"
    return repr(value)
