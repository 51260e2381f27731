"""Block markup and the SEO field map without a server (WordPress's own parse_blocks reads
the markup in tests/test_publish_site.py)."""

from __future__ import annotations

from publisher import seo_fields
from publisher.blocks import split_top_level, to_blocks


def test_top_level_elements_are_split_byte_for_byte() -> None:
    body = ('<p>A &amp; B <a href="/x">link</a></p>\n<h2 id="h">Two</h2>loose'
            '<img src="a.png" alt="A"><!-- gone --><div><p>in</p></div>')  # fmt: skip
    assert split_top_level(body) == [
        ("p", '<p>A &amp; B <a href="/x">link</a></p>'),
        ("h2", '<h2 id="h">Two</h2>'),
        ("#text", "loose"),
        ("img", '<img src="a.png" alt="A">'),
        ("div", "<div><p>in</p></div>"),
    ]


def test_unclosed_and_stray_tags_keep_every_character() -> None:
    assert split_top_level("<ul><li>a<li>b</ul></span><p>x") == [
        ("ul", "<ul><li>a<li>b</ul>"), ("#text", "</span>"), ("p", "<p>x"),
    ]  # fmt: skip


def test_each_element_becomes_its_block() -> None:
    out = to_blocks(
        '<h3>Sub</h3><ol><li>one</li></ol>'
        '<figure><img src="https://c/a.png" alt="Say &quot;hi&quot;">'
        "<figcaption>Cap</figcaption></figure><blockquote>quoted</blockquote><table></table>",
        {"https://c/a.png": "12"},
    )
    assert '<!-- wp:heading {"level":3} -->\n<h3>Sub</h3>\n<!-- /wp:heading -->' in out
    assert '<!-- wp:list {"ordered":true} -->\n<ol><!-- wp:list-item -->\n<li>one</li>' in out
    assert '<!-- wp:image {"id":12,"sizeSlug":"full","linkDestination":"none"} -->' in out
    assert ('<img src="https://c/a.png" alt="Say &quot;hi&quot;" class="wp-image-12"/>'
            '<figcaption class="wp-element-caption">Cap</figcaption>') in out  # fmt: skip
    assert "<!-- wp:paragraph -->\n<p>quoted</p>\n<!-- /wp:paragraph --></blockquote>" in out
    assert "<!-- wp:html -->\n<table></table>\n<!-- /wp:html -->" in out


def test_an_image_not_in_the_media_library_has_no_id() -> None:
    out = to_blocks('<img src="https://elsewhere/b.png" alt="B">')
    assert out.startswith('<!-- wp:image {"sizeSlug":"full","linkDestination":"none"} -->')
    assert "wp-image-" not in out


def test_where_fields_land_by_plugin_route_and_companion() -> None:
    def lost(plugin: str | None, api: str, companion: bool, setting: str = "auto") -> set[str]:
        return {ld.field for ld in seo_fields.landing(plugin, api=api, companion=companion,
                                                       setting=setting) if ld.lost}  # fmt: skip

    everything = set(seo_fields.FIELDS) | {"jsonld", "image_alt"}
    assert lost("rankmath", "xmlrpc", companion=False) == {"jsonld", "image_alt"}
    assert lost("rankmath", "rest", companion=False) == set(seo_fields.FIELDS) | {"jsonld"}
    assert lost("yoast", "xmlrpc", companion=False) == everything
    assert lost("yoast", "xmlrpc", companion=True) == set()
    assert lost("seopress", "rest", companion=True) == set()
    assert lost("aioseo", "rest", companion=True) == set(seo_fields.FIELDS)
    assert lost(None, "rest", companion=True) == set(seo_fields.FIELDS)


def test_the_plugin_written_for() -> None:
    assert seo_fields.detect({"wp/v2", "rankmath/v1"}) == "rankmath"
    assert seo_fields.detect({"wp/v2"}) is None
    assert seo_fields.chosen("auto", "yoast") == "yoast"
    assert seo_fields.chosen("auto", None) is None
    assert seo_fields.chosen("none", "yoast") is None
    assert seo_fields.chosen("seopress", None) == "seopress"
    landings = seo_fields.landing("rankmath", api="xmlrpc", companion=False)
    sent = seo_fields.meta_for(landings, {"seo_title": "T", "meta_description": "",
                                          "keyphrase": "k", "jsonld": "[]"})  # fmt: skip
    assert sent == {"rank_math_title": "T", "rank_math_focus_keyword": "k"}
