"""The preflight: what a publish to the configured WordPress would do, asked before sending.

:func:`check_site` probes the site once (a handful of requests, nothing written): its
WordPress version, which API answers (XML-RPC, REST), whether the credentials work, the
account's role and the capabilities publishing needs, the active SEO plugin (from the REST
index's namespaces, readable without admin rights), the companion plugin's version, where
each SEO field and the JSON-LD will land, the existing categories, the site's time zone
against the clinic's. :class:`SiteCheck` holds the answer:

* ``stops``: reasons a publish must not start (credentials refused, no API answers, the
  plugin named in ``[wordpress] seo_plugin`` is not active, a capability the post needs is
  missing). ``publish`` refuses the whole run before anything is sent.
* ``losses``: what would not reach WordPress (fields with nowhere to land). ``wordpress
  check`` exits 1 on any; ``publish`` goes ahead (``seo_plugin = "auto"`` on a site without
  an SEO plugin) and says which fields have nowhere to land.
* ``warnings``: worth knowing, nothing lost (the site's clock in another zone).

Failure modes: ConfigError when the password's variable is unset; every network or HTTP
problem is a line in the check, never an exception.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests

from clinicseo.config import Config, read_secret
from clinicseo.errors import PublishError
from publisher import seo_fields
from publisher.seo_fields import COMPANION_VERSION, Landing
from publisher.wp_rest import RestAPI
from publisher.wp_types import XmlRpcUnavailable
from publisher.wp_xmlrpc import XmlRpcAPI

log = logging.getLogger(__name__)

NEEDED = ("publish_posts", "upload_files", "unfiltered_html")
ALSO = ("manage_categories", "edit_others_posts")
# WordPress's default roles (single site), for when only XML-RPC answers: it gives the role,
# not the capabilities. A site that changed its roles is read exactly over REST.
ROLE_CAPS: dict[str, frozenset[str]] = {
    "administrator": frozenset(NEEDED + ALSO),
    "editor": frozenset(NEEDED + ALSO),
    "author": frozenset({"publish_posts", "upload_files"}),
    "contributor": frozenset(),
    "subscriber": frozenset(),
}
_GENERATOR = re.compile(r'<meta name="generator" content="WordPress ([0-9.]+)"')


@dataclass
class SiteCheck:
    url: str
    clinic_timezone: str
    api_configured: str
    api: str = ""  # the route publishing will use ("" when none works)
    apis: dict[str, str] = field(default_factory=dict)  # route -> "works" or why not
    wordpress_version: str = ""
    site_name: str = ""
    user: str = ""
    user_name: str = ""  # the account's display name
    roles: list[str] = field(default_factory=list)
    capabilities: dict[str, bool] = field(default_factory=dict)
    capabilities_from: str = ""  # "REST" (exact) or "role" (WordPress's defaults)
    seo_setting: str = "auto"
    seo_detected: str | None = None
    seo_plugin: str | None = None  # the one written for
    companion: str = ""  # its version, "" when absent
    landings: list[Landing] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)  # that exist on the site
    tags: list[str] = field(default_factory=list)  # read only when the account can't add any
    site_timezone: str = ""
    byline: str = ""  # [generate] author as it will show
    author_id: str = ""  # the WordPress user posts are attributed to ("": the account)
    unreachable: bool = False  # the site did not answer in time (or at all)
    stops: list[str] = field(default_factory=list)
    losses: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def loses_anything(self) -> bool:
        return bool(self.stops or self.losses)

    def can(self, capability: str) -> bool:
        return bool(self.capabilities.get(capability))

    def lost_fields(self) -> list[str]:
        return [seo_fields.LABELS[ld.field] for ld in self.landings if ld.lost]

    def lines(self) -> list[str]:
        """What ``clinicseo wordpress check`` prints."""
        caps = ", ".join(
            f"{c} {'yes' if self.can(c) else 'NO'}" for c in NEEDED + ALSO
        )
        plugin = seo_fields.PLUGINS.get(self.seo_detected or "")
        out = [
            f"site: {self.url} ({self.site_name or 'name unknown'}), "
            f"WordPress {self.wordpress_version or 'version unknown'}",
            "API: " + "; ".join(f"{k} {v}" for k, v in self.apis.items())
            + f" -> publishing uses {self.api or 'NONE'}",
            f"account: {self.user or '?'} (role {', '.join(self.roles) or 'unknown'})",
            f"byline: {self.byline or '?'}",
            f"capabilities (from {self.capabilities_from or '?'}): {caps}",
            f"SEO plugin: {plugin.label if plugin else 'none found'} "
            f"([wordpress] seo_plugin = \"{self.seo_setting}\")",
            f"companion plugin clinicseo-meta: {self.companion or 'not installed'}"
            f" (clinicseo expects {COMPANION_VERSION})",
            "fields:",
            *(f"  {ld.describe()}" for ld in self.landings),
            f"time zone: site {self.site_timezone or 'unknown'}, clinic {self.clinic_timezone}",
        ]
        out += [f"warning: {w}" for w in self.warnings]
        out += [f"would lose: {x}" for x in self.losses]
        out += [f"STOP: {x}" for x in self.stops]
        out.append(
            "verdict: a publish would lose something (see above)"
            if self.loses_anything
            else "verdict: every field will land"
        )
        return out

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["landings"] = [asdict(ld) for ld in self.landings]
        return data


def check_site(
    config: Config,
    password: str | None = None,
    *,
    stop: threading.Event | None = None,
    for_publish: bool = False,
) -> SiteCheck:
    """Probe ``[wordpress]``'s site and say what a publish would do. Sends nothing.

    Each call is bounded by ``timeout_s`` and ends once ``stop`` is set. A site that does not
    answer its REST index in time is not probed further (each probe would wait as long);
    ``for_publish`` also skips the home page's version tag, which only the check prints."""
    wp = config.wordpress
    password = password or read_secret(wp.password_env, "[wordpress] password_env")
    check = SiteCheck(
        wp.url.rstrip("/"), config.clinic.timezone, wp.api, seo_setting=wp.seo_plugin
    )
    hint = f"check [wordpress] username and the password in ${wp.password_env}"
    rest = RestAPI(wp.url, wp.username, password, timeout_s=wp.timeout_s, hint=hint, stop=stop)
    xml = XmlRpcAPI(wp.url, wp.username, password, timeout_s=wp.timeout_s, hint=hint, stop=stop)
    try:
        namespaces = _read_index(check, rest)
        if namespaces is None and check.unreachable:  # down or too slow: publishing fails (and
            check.stops.append(f"the site did not answer: {check.apis['REST index']}")
            return check  # retries) per draft anyway; every further probe would wait as long
        _probe_xmlrpc(check, xml)
        _probe_rest(check, rest)
        _choose_route(check, config)
        if not check.wordpress_version and not for_publish:
            check.wordpress_version = home_page_version(check.url, wp.timeout_s)
        if not check.api:
            return check
        _capabilities(check)
        _seo(check, namespaces, rest)
        _terms(check, config, rest if check.api == "rest" else xml)
        _author(check, config, rest)
        _timezone(check, config)
    finally:
        rest.close()
        xml.close()
    return check


def _read_index(check: SiteCheck, rest: RestAPI) -> set[str] | None:
    try:
        index = rest.index()
    except PublishError as exc:
        check.apis["REST index"] = f"unreadable ({_short(exc)})"
        check.unreachable = exc.transient
        return None
    check.site_name = str(index.get("name") or "")
    tz = str(index.get("timezone_string") or "")
    if not tz and index.get("gmt_offset") not in (None, ""):
        tz = f"UTC{float(index['gmt_offset']):+g}"
    check.site_timezone = tz
    return {str(n) for n in index.get("namespaces") or []}


def _probe_xmlrpc(check: SiteCheck, xml: XmlRpcAPI) -> None:
    try:
        profile = xml.profile()
        check.user, check.roles = profile["username"], profile["roles"]
        check.apis["XML-RPC"] = "works"
        check.wordpress_version = xml.site_options().get("software_version", "")
    except XmlRpcUnavailable as exc:  # the only failure the publisher falls back from
        check.apis["XML-RPC"] = f"disabled or blocked ({_short(exc)})"
    except PublishError as exc:
        check.apis["XML-RPC"] = f"fails ({_short(exc)})"


def _probe_rest(check: SiteCheck, rest: RestAPI) -> None:
    try:
        me = rest.me()
    except PublishError as exc:
        check.apis["REST"] = f"fails ({_short(exc)})"
        return
    check.apis["REST"] = "works"
    check.user = check.user or str(me.get("username") or me.get("slug") or "")
    check.user_name = str(me.get("name") or "")
    check.roles = check.roles or [str(r) for r in me.get("roles") or []]
    caps = me.get("capabilities") or {}
    check.capabilities = {c: bool(caps.get(c)) for c in NEEDED + ALSO}
    check.capabilities_from = "REST"


def _choose_route(check: SiteCheck, config: Config) -> None:
    works = {"xmlrpc": check.apis.get("XML-RPC") == "works",
             "rest": check.apis.get("REST") == "works"}  # fmt: skip
    wanted = config.wordpress.api
    if works[wanted]:
        check.api = wanted
    elif (
        wanted == "xmlrpc"
        and config.wordpress.fallback_to_rest
        and works["rest"]
        and check.apis.get("XML-RPC", "").startswith("disabled")
    ):
        check.api = "rest"
        check.warnings.append("XML-RPC does not work here; publishing falls back to REST")
    else:
        why = check.apis.get("XML-RPC" if wanted == "xmlrpc" else "REST", "")
        check.stops.append(f"[wordpress] api = \"{wanted}\" does not work: {why}")


def _capabilities(check: SiteCheck) -> None:
    if check.capabilities_from != "REST":  # XML-RPC only: WordPress's defaults for the role
        have: set[str] = set()
        for role in check.roles:
            have |= ROLE_CAPS.get(role, frozenset())
        check.capabilities = {c: c in have for c in NEEDED + ALSO}
        check.capabilities_from = "role"
    if not check.can("publish_posts"):
        check.stops.append(f"the account {check.user} may not publish posts (publish_posts)")
    if not check.can("upload_files"):
        check.stops.append(
            f"the account {check.user} may not upload the articles' images (upload_files)"
        )
    if not check.can("unfiltered_html"):
        check.warnings.append(
            "no unfiltered_html: fine, clinicseo puts no <script> in the body (JSON-LD goes "
            "to the head through the companion plugin)"
        )


def _seo(check: SiteCheck, namespaces: set[str] | None, rest: RestAPI) -> None:
    known = namespaces is not None
    check.seo_detected = seo_fields.detect(namespaces or set())
    check.seo_plugin = seo_fields.chosen(check.seo_setting, check.seo_detected)
    named = check.seo_setting not in ("auto", "none")
    if named and known and check.seo_detected != check.seo_setting:
        label = seo_fields.PLUGINS[check.seo_setting].label
        check.stops.append(
            f"[wordpress] seo_plugin = \"{check.seo_setting}\" but {label} is not active on "
            f"{check.url}"
        )
    if known and "clinicseo/v1" in (namespaces or set()):
        check.companion = _companion_version(rest)
    check.landings = seo_fields.landing(
        check.seo_plugin, api=check.api, companion=bool(check.companion),
        setting=check.seo_setting,
    )  # fmt: skip
    for ld in check.landings:
        if ld.lost and not (check.seo_setting == "none" and ld.field in seo_fields.FIELDS):
            check.losses.append(ld.describe())
    if check.companion and check.companion != COMPANION_VERSION:
        check.warnings.append(
            f"companion plugin {check.companion} installed; clinicseo expects {COMPANION_VERSION}"
        )


def _companion_version(rest: RestAPI) -> str:
    try:
        return str(rest.companion_info().get("version") or "unknown version")
    except PublishError:
        return "unknown version"


def _terms(check: SiteCheck, config: Config, api: RestAPI | XmlRpcAPI) -> None:
    try:
        check.categories = sorted(api.term_names("category"))
    except PublishError as exc:
        check.warnings.append(f"could not list the categories: {_short(exc)}")
        return
    if check.can("manage_categories"):
        return
    try:
        check.tags = sorted(api.term_names("post_tag"))
    except PublishError as exc:
        check.warnings.append(f"could not list the tags: {_short(exc)}")
    have = {c.casefold() for c in check.categories}
    default = config.wordpress.default_category
    missing = [c for c in config.generate.categories
               if c.casefold() not in have and c.casefold() != default.casefold()]  # fmt: skip
    if default.casefold() not in have:
        check.losses.append(
            f"category: [wordpress] default_category \"{default}\" does not exist and "
            f"{check.user} may not create it (manage_categories); create it in WordPress"
        )
    if missing:
        check.warnings.append(
            f"categories {', '.join(missing)} do not exist and {check.user} may not create "
            f"them: posts go under \"{default}\" instead; tags that do not exist are left out"
        )


def _author(check: SiteCheck, config: Config, rest: RestAPI) -> None:
    """Map ``[generate] author`` to a WordPress user: the clinic's own name is an organisation
    byline (the account's posts), the account itself needs nothing, anyone else must exist
    and the account must be allowed to publish as another user (edit_others_posts)."""
    author = config.generate.author.strip()
    own = {check.user.casefold(), check.user_name.casefold()}
    if not author or author == config.clinic.name or author.casefold() in own:
        check.byline = f"{author or config.clinic.name} (posts by the account {check.user})"
        return
    check.byline = f"{check.user} (the account)"
    if not check.can("edit_others_posts"):
        check.losses.append(
            f"byline: [generate] author \"{author}\" is not the account {check.user}, which "
            "may not publish as another user (edit_others_posts): use that person's account"
        )
        return
    if check.apis.get("REST") != "works":
        check.warnings.append(f"byline: cannot look up the WordPress user \"{author}\" without "
                              "REST; posts are by the account")  # fmt: skip
        return
    try:
        user = rest.find_user(author)
    except PublishError as exc:
        check.warnings.append(f"byline: could not list users: {_short(exc)}")
        return
    if user is None:
        check.losses.append(f"byline: [generate] author \"{author}\" is not a WordPress user "
                            "here; posts would show the account instead")  # fmt: skip
    else:
        check.author_id = str(user["id"])
        check.byline = f"{author} (WordPress user {user['id']})"


def _timezone(check: SiteCheck, config: Config) -> None:
    if not check.site_timezone:
        return
    now = datetime.now(config.tz)
    clinic = now.utcoffset()
    try:
        site = now.astimezone(ZoneInfo(check.site_timezone)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        m = re.fullmatch(r"UTC([+-]?[0-9.]+)", check.site_timezone)
        site = timedelta(hours=float(m.group(1))) if m else None
    if site is not None and site != clinic:
        check.warnings.append(
            f"the site's clock is {check.site_timezone}, the clinic's {config.clinic.timezone}: "
            "posts go live at the right moment (clinicseo sends UTC), but WordPress's screens "
            "show other times; set Settings > General > Timezone to match"
        )


def home_page_version(url: str, timeout_s: float) -> str:
    """The version in the home page's generator tag, "" when hidden (many sites hide it)."""
    try:
        m = _GENERATOR.search(requests.get(url, timeout=timeout_s).text)
    except requests.RequestException:
        return ""
    return m.group(1) if m else ""


def _short(exc: Exception) -> str:
    text = str(exc)
    return text.split(": ", 1)[1] if text.startswith("WordPress ") and ": " in text else text


def for_publish(config: Config, stop: threading.Event | None = None) -> SiteCheck | None:
    """The check a publish run starts with; None when the site could not be asked (down, no
    route works): then each draft's send fails, and is retried, as it would anyway."""
    check = check_site(config, stop=stop, for_publish=True)
    if not check.api:
        log.warning("WordPress preflight could not reach %s: %s", check.url, "; ".join(check.stops))
        return None
    return check


def gate(check: SiteCheck) -> list[str]:
    """What a publish run says before sending, or PublishError (nothing sent) when it must
    not start."""
    if check.stops:
        raise PublishError("WordPress preflight: " + "; ".join(check.stops), transient=False)
    return [f"will not land: {x}" for x in check.losses]
