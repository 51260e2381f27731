"""Where each SEO plugin keeps a post's SEO title, meta description, focus keyphrase and
canonical, and which route can write them.

The keys come from the plugins' own code (read, not copied) and ``../shared/notes/wordpress.md``:

* Rank Math: ``rank_math_*``, no leading underscore, so WordPress accepts them as ordinary
  custom fields over XML-RPC with no plugin at all (measured here). REST ignores meta that no
  one registered, so over REST they need the companion plugin's registration.
* Yoast (``_yoast_wpseo_*``) and SEOPress (``_seopress_*``) start with "_": WordPress calls
  them protected and both APIs drop them **silently** unless a plugin registers them with an
  ``auth_callback``: ``publisher/wp-plugin/clinicseo-meta.php`` (the companion plugin).
* AIOSEO keeps its fields in its own table (``wp_aioseo_posts``), not in post meta: nothing
  clinicseo sends can reach them, so every field is reported lost.

:func:`landing` is the one answer to "where does each field go on this site, and does it get
there?"; the preflight prints it, the composer writes by it and the read-back checks it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

FIELDS = ("seo_title", "meta_description", "keyphrase", "canonical")
LABELS = {
    "seo_title": "SEO title",
    "meta_description": "meta description",
    "keyphrase": "focus keyphrase",
    "canonical": "canonical URL",
    "jsonld": "structured data (JSON-LD)",
    "image_alt": "image alt text",
}
COMPANION_VERSION = "1.2.0"  # publisher/wp-plugin/clinicseo-meta.php: what clinicseo expects
JSONLD_KEY = "_clinicseo_jsonld"  # printed into <head> by the companion plugin


@dataclass(frozen=True)
class SeoPlugin:
    name: str  # as in [wordpress] seo_plugin
    label: str
    namespace: str  # its REST namespace: listed in /wp-json/ when the plugin is active
    keys: Mapping[str, str]  # field -> post meta key; empty: it keeps them elsewhere

    def needs_companion(self, key: str) -> bool:
        return key.startswith("_")


PLUGINS: dict[str, SeoPlugin] = {
    "yoast": SeoPlugin("yoast", "Yoast SEO", "yoast/v1", {
        "seo_title": "_yoast_wpseo_title",
        "meta_description": "_yoast_wpseo_metadesc",
        "keyphrase": "_yoast_wpseo_focuskw",
        "canonical": "_yoast_wpseo_canonical",
    }),
    "rankmath": SeoPlugin("rankmath", "Rank Math", "rankmath/v1", {
        "seo_title": "rank_math_title",
        "meta_description": "rank_math_description",
        "keyphrase": "rank_math_focus_keyword",
        "canonical": "rank_math_canonical_url",
    }),
    "seopress": SeoPlugin("seopress", "SEOPress", "seopress/v1", {
        "seo_title": "_seopress_titles_title",
        "meta_description": "_seopress_titles_desc",
        "keyphrase": "_seopress_analysis_target_kw",
        "canonical": "_seopress_robots_canonical",
    }),
    "aioseo": SeoPlugin("aioseo", "All in One SEO", "aioseo/v1", {}),
}  # fmt: skip

# Every key any plugin reads the focus keyphrase from: `wordpress import` reads them all.
KEYPHRASE_KEYS = tuple(p.keys["keyphrase"] for p in PLUGINS.values() if "keyphrase" in p.keys)


def detect(namespaces: set[str]) -> str | None:
    """The SEO plugin whose REST namespace the site lists, or None (the first when several)."""
    for plugin in PLUGINS.values():
        if plugin.namespace in namespaces:
            return plugin.name
    return None


def chosen(setting: str, detected: str | None) -> str | None:
    """The plugin to write for: the configured one, or with "auto" the detected one; None
    when there is none to write for ("none", or "auto" on a site without one)."""
    if setting == "none":
        return None
    if setting == "auto":
        return detected
    return setting


@dataclass(frozen=True)
class Landing:
    """Where one field goes: the meta key, or why it cannot land (``lost``)."""

    field: str
    key: str = ""
    route: str = ""  # "custom field" (no plugin needed) or "companion plugin"
    lost: str = ""  # empty when it lands

    def describe(self) -> str:
        label = LABELS[self.field]
        if self.lost:
            return f"{label}: LOST ({self.lost})"
        return f"{label} -> {self.key} (via {self.route})"


def landing(
    plugin: str | None, *, api: str, companion: bool, setting: str = "auto"
) -> list[Landing]:
    """Where the SEO fields and the JSON-LD go on a site running ``plugin`` (None: no SEO
    plugin), written over ``api`` ("xmlrpc" or "rest"), with or without the companion plugin."""
    out: list[Landing] = []
    seo = PLUGINS.get(plugin or "")
    for field in FIELDS:
        if seo is None:
            why = "seo_plugin = none" if setting == "none" else "no SEO plugin on the site"
            out.append(Landing(field, lost=why))
        elif field not in seo.keys:
            out.append(Landing(field, lost=f"{seo.label} keeps it in its own table"))
        else:
            key = seo.keys[field]
            native = not seo.needs_companion(key) and api == "xmlrpc"
            if native:
                out.append(Landing(field, key, "custom field"))
            elif companion:
                out.append(Landing(field, key, "companion plugin"))
            else:
                needs = f"needs the companion plugin clinicseo-meta {COMPANION_VERSION}"
                out.append(Landing(field, key, lost=f"WordPress drops {key} silently; {needs}"))
    alt = "_wp_attachment_image_alt"
    if api == "rest":
        out.append(Landing("image_alt", "alt_text", "REST media field"))
    elif companion:
        out.append(Landing("image_alt", alt, "companion plugin"))
    else:
        out.append(Landing("image_alt", alt, lost=(
            f"XML-RPC cannot set it without the companion plugin clinicseo-meta "
            f"{COMPANION_VERSION}; api = \"rest\" can")))  # fmt: skip
    if companion:
        out.append(Landing("jsonld", JSONLD_KEY, "companion plugin, printed in <head>"))
    else:
        out.append(Landing("jsonld", JSONLD_KEY, lost=(
            f"only the companion plugin clinicseo-meta {COMPANION_VERSION} puts it in <head>; "
            "it is never put in the body")))  # fmt: skip
    return out


def meta_for(landings: list[Landing], values: Mapping[str, str]) -> dict[str, str]:
    """The post meta to send: each field that can land, under its key (empty values left out)."""
    return {
        ld.key: values[ld.field]
        for ld in landings
        if not ld.lost and ld.key and values.get(ld.field)
    }
