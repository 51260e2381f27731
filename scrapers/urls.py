"""URL rules shared by the spider and the middlewares: one normal form, host matching, assets.

``normalise_url`` gives every page one key: fragment dropped, query sorted, tracking
parameters (``utm_*``, ``gclid``, ``fbclid``...) removed, host lower-cased, default port
dropped (w3lib's ``canonicalize_url`` does most of it).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy.linkextractors import IGNORED_EXTENSIONS
from w3lib.url import canonicalize_url

_TRACKING = ("utm_", "gclid", "fbclid", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "ref_src")
_ASSET_EXTENSIONS = tuple(f".{e}" for e in IGNORED_EXTENSIONS) + (".xml", ".gz", ".rss", ".json")


@lru_cache(maxsize=32_768)  # a link is seen on many pages; this is pure and costs ~60 us
def normalise_url(url: str) -> str:
    """The one key a page is stored and deduplicated under. An IPv6 literal host keeps its
    brackets (``http://[2001:db8::1]:8080/``). Raises ValueError for a URL that cannot be
    one (an unclosed bracket, a port that is not a number from 0 to 65535)."""
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING)
    ]
    host = (parts.hostname or "").lower()
    netloc = f"[{host}]" if ":" in host else host
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80)
        or (parts.scheme == "https" and parts.port == 443)
    ):
        netloc += f":{parts.port}"
    path = parts.path or "/"
    return canonicalize_url(urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), "")))


def host_of(url: str) -> str:
    """The URL's host, lower-cased, IPv6 without brackets; "" when it has none or is broken."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def host_allowed(host: str, domains: set[str] | frozenset[str]) -> bool:
    """`host` is one of `domains` or a subdomain of one (ports never matter)."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains)


def is_asset(url: str) -> bool:
    """Images, scripts, documents, archives, feeds: never reported as pages."""
    path = urlsplit(url).path.lower()
    return path.endswith(_ASSET_EXTENSIONS)


def site_root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
