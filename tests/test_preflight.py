"""`clinicseo wordpress check` against the real local WordPress: a healthy site, a site
without the companion plugin, an Author account, XML-RPC disabled, a named SEO plugin that
is not there."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import CliRunner

from clinicseo.cli import cli
from clinicseo.config import Config
from clinicseo.errors import PublishError
from publisher.preflight import check_site, gate
from scripts.local_wordpress import LocalWordPress
from tests.fixtures.wordpress import WP_PASSWORD_ENV

pytestmark = pytest.mark.wordpress


def landed(check: object) -> dict[str, str]:
    return {ld.field: ld.key for ld in check.landings if not ld.lost}  # type: ignore[attr-defined]


def test_a_healthy_site_with_yoast_and_the_companion_plugin_loses_nothing(
    wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    clean_wordpress.pretend_seo_plugin("yoast")
    config = wp_config(wordpress={"seo_plugin": "yoast"})
    check = check_site(config)
    assert check.apis == {"XML-RPC": "works", "REST": "works"} and check.api == "xmlrpc"
    assert check.wordpress_version.startswith("6.")
    assert check.user == "admin" and check.roles == ["administrator"]
    assert all(check.can(c) for c in ("publish_posts", "upload_files", "unfiltered_html"))
    assert check.seo_detected == "yoast" and check.companion == "1.2.0"
    assert landed(check) == {
        "seo_title": "_yoast_wpseo_title", "meta_description": "_yoast_wpseo_metadesc",
        "keyphrase": "_yoast_wpseo_focuskw", "canonical": "_yoast_wpseo_canonical",
        "jsonld": "_clinicseo_jsonld", "image_alt": "_wp_attachment_image_alt",
    }  # fmt: skip
    assert check.losses == [] and check.stops == [] and not check.loses_anything
    assert gate(check) == []
    text = "\n".join(check.lines())
    assert "WordPress 6." in text and "verdict: every field will land" in text


def test_without_the_companion_plugin_yoast_fields_are_lost_and_rank_math_still_lands(
    wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    clean_wordpress.set_companion_plugin(False)
    clean_wordpress.pretend_seo_plugin("yoast")
    check = check_site(wp_config())
    assert check.companion == "" and check.seo_plugin == "yoast"
    assert set(check.lost_fields()) == {
        "SEO title", "meta description", "focus keyphrase", "canonical URL",
        "structured data (JSON-LD)", "image alt text",
    }  # fmt: skip
    assert check.loses_anything and not check.stops
    assert any("needs the companion plugin clinicseo-meta 1.2.0" in x for x in check.losses)
    # Rank Math's keys have no underscore: over XML-RPC they need no plugin at all.
    clean_wordpress.pretend_seo_plugin("rankmath")
    check = check_site(wp_config())
    assert landed(check) == {
        "seo_title": "rank_math_title", "meta_description": "rank_math_description",
        "keyphrase": "rank_math_focus_keyword", "canonical": "rank_math_canonical_url",
    }  # fmt: skip
    assert check.lost_fields() == ["image alt text", "structured data (JSON-LD)"]


def test_an_author_account_has_no_unfiltered_html_and_cannot_make_categories(
    wp_config: Callable[..., Config],
    clean_wordpress: LocalWordPress,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, password = clean_wordpress.add_user("writer", "author")
    monkeypatch.setenv(WP_PASSWORD_ENV, password)
    clean_wordpress.pretend_seo_plugin("rankmath")
    config = wp_config(wordpress={"username": "writer", "default_category": "Skin Care"})
    monkeypatch.setenv(WP_PASSWORD_ENV, password)  # wp_config set the admin's
    check = check_site(config)
    assert check.roles == ["author"] and check.capabilities_from == "REST"
    assert check.can("publish_posts") and check.can("upload_files")
    assert not check.can("unfiltered_html") and not check.can("manage_categories")
    assert check.stops == []  # nothing clinicseo sends needs unfiltered_html
    assert any('"Skin Care" does not exist' in x for x in check.losses)
    clean_wordpress.php("wp_insert_term('Skin Care', 'category');")
    check = check_site(config)
    assert check.losses == [] and "Skin Care" in check.categories


def test_xmlrpc_disabled_falls_back_to_rest_and_says_so(
    wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    clean_wordpress.set_xmlrpc_enabled(False)
    clean_wordpress.pretend_seo_plugin("rankmath")
    check = check_site(wp_config())
    assert check.apis["XML-RPC"].startswith("disabled") and "405" in check.apis["XML-RPC"]
    assert check.apis["REST"] == "works" and check.api == "rest"
    assert check.capabilities_from == "REST" and check.wordpress_version.startswith("6.")
    # over REST, Rank Math's keys land only because the companion plugin registers them
    assert {ld.route for ld in check.landings} == {
        "companion plugin", "companion plugin, printed in <head>", "REST media field"
    }
    no_fallback = check_site(wp_config(wordpress={"fallback_to_rest": False}))
    assert no_fallback.stops and "does not work" in no_fallback.stops[0]
    with pytest.raises(PublishError, match="preflight"):
        gate(no_fallback)


def test_a_named_plugin_that_is_not_active_stops_and_the_cli_exits_1(
    wp_config: Callable[..., Config], clean_wordpress: LocalWordPress
) -> None:
    config = wp_config(wordpress={"seo_plugin": "seopress"})
    check = check_site(config)
    assert check.stops == [
        f'[wordpress] seo_plugin = "seopress" but SEOPress is not active on {clean_wordpress.url}'
    ]
    result = CliRunner().invoke(cli, ["wordpress", "check", "--config", str(config.path)],
                                obj=None)  # fmt: skip
    assert "STOP:" in result.output and result.exit_code != 0
    as_json = CliRunner().invoke(
        cli, ["wordpress", "check", "--format", "json", "--config", str(config.path)]
    )
    data = json.loads(as_json.output)
    assert data["stops"] == check.stops and data["apis"]["REST"] == "works"
    assert {ld["field"] for ld in data["landings"]} >= {"seo_title", "jsonld", "image_alt"}


def test_the_byline_maps_to_a_wordpress_user_only_where_the_account_may_publish_as_them(
    wp_config: Callable[..., Config],
    clean_wordpress: LocalWordPress,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clean_wordpress.pretend_seo_plugin("yoast")
    config = wp_config(generate={"author": "Dr Jane Citizen"})
    check = check_site(config)
    assert check.author_id == "" and any("not a WordPress user" in x for x in check.losses)
    user_id, _ = clean_wordpress.add_user("jcitizen", "author")
    clean_wordpress.php(f"wp_update_user(array('ID' => {user_id}, "
                        "'display_name' => 'Dr Jane Citizen'));")  # fmt: skip
    check = check_site(config)
    assert check.author_id == str(user_id) and not check.losses
    assert check.byline == f"Dr Jane Citizen (WordPress user {user_id})"
    # an Author account may not publish as someone else
    _, password = clean_wordpress.add_user("writer", "author")
    other = wp_config(wordpress={"username": "writer"}, generate={"author": "Dr Jane Citizen"})
    monkeypatch.setenv(WP_PASSWORD_ENV, password)
    check = check_site(other)
    assert check.author_id == "" and any("edit_others_posts" in x for x in check.losses)


def test_refused_credentials_stop_the_check_and_the_password_never_shows(
    wp_config: Callable[..., Config],
    clean_wordpress: LocalWordPress,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = wp_config()
    monkeypatch.setenv(WP_PASSWORD_ENV, "wrong-secret-1234")
    check = check_site(config)
    assert check.api == "" and check.stops
    assert "refused the credentials" in check.stops[0]
    assert check.apis["REST"].startswith("fails")  # no fallback from a refused password
    text = "\n".join(check.lines())
    assert "wrong-secret-1234" not in text and check.loses_anything
