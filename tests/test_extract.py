"""Page extraction on saved HTML (Scrapy HtmlResponse built from the test sites' files)."""

from __future__ import annotations

from scrapy.http import HtmlResponse

from clinicseo.shingles import shingle_hashes
from scrapers.export import PAGE_EXPORT_FIELDS, pages_csv, pages_jsonl
from scrapers.extract import extract_page, keyphrases, main_text, page_from_html
from tests.fixtures.sites import SITES


def page(path: str, site: str = "competitor-a") -> dict:
    html = (SITES / site / path / "index.html").read_bytes()
    response = HtmlResponse(url=f"https://glowhaven.example/{path}/", body=html, encoding="utf-8")
    return extract_page(response, site=site, depth=1)


def test_br_in_a_heading_reads_as_a_space_and_a_page_without_h1_keeps_its_topic() -> None:
    p = page("blog/acne-scars")
    assert p["h1"] == []
    assert p["h2"][0] == "Acne Scars? Let's Help"
    assert p["title"] == "What actually helps acne scars | Glowhaven Journal"
    assert "Marks versus scars" in p["h3"]
    guide = page("blog/microneedling-guide")
    assert guide["h1"] == ["Microneedling: a plain guide"]
    assert "Needle depth and why it matters" in guide["h3"]
    assert "Recovery and downtime" in guide["h2"]  # inline <em> joins without a space


def test_inline_tags_do_not_split_words_but_block_tags_do() -> None:
    p = page_from_html(
        "https://x.example/",
        "<html><body><h2>micro<em>needling</em> aftercare</h2>"
        "<h2><span>Rosacea</span><div>triggers</div></h2><h2>  </h2></body></html>",
    )
    assert p["h2"] == ["microneedling aftercare", "Rosacea triggers"]


def test_an_invalid_json_ld_block_is_skipped_and_the_valid_one_still_counts() -> None:
    p = page("blog/rosacea-triggers")
    assert p["jsonld_types"] == ["MedicalWebPage"]
    assert p["published"] == "2024-11-12"
    assert p["h1"] == ["Rosacea triggers and how to track them"]


def test_graph_is_flattened() -> None:
    p = page("treatments/microneedling")
    assert p["jsonld_types"] == ["MedicalProcedure", "MedicalClinic"]


def test_microdata_types_are_read() -> None:
    html = (
        '<html><body><div itemscope itemtype="http://schema.org/Article">'
        '<h1 itemprop="headline">Peels</h1></div></body></html>'
    )
    assert page_from_html("https://x.example/", html)["jsonld_types"] == ["Article"]


def test_faq_questions_come_from_json_ld_headings_and_accordions() -> None:
    p = page("blog/chemical-peels")
    assert p["jsonld_types"] == ["FAQPage"]
    assert p["questions"] == [
        "Do chemical peels hurt?",
        "How long does peeling last after a chemical peel?",
        "Which chemical peel is right for me?",
        "Can I combine a peel with microneedling?",
    ]
    faq = page("articles/faq", site="competitor-b")
    assert "Can rosacea be treated?" in faq["questions"]  # a <dt> accordion label
    assert faq["questions"].count("Is microneedling painful?") == 1  # JSON-LD + <dt>, once


def test_published_date_prefers_json_ld_then_meta_then_the_page() -> None:
    assert page("blog/microneedling-guide")["published"] == "2025-03-04"  # JSON-LD
    assert page("blog/acne-scars")["published"] == "2025-01-20"  # article:published_time
    assert page("blog/microneedling-aftercare")["published"] == "2025-03-18"  # <meta name=date>
    assert page("blog/skin-barrier")["published"] == "2024-09-02"  # htmldate: <time>
    assert page("blog/chemical-peels")["published"] is None


def test_meta_fields_canonical_and_robots() -> None:
    guide = page("blog/microneedling-guide")
    assert guide["canonical"] == "https://glowhaven.example/blog/microneedling-guide/"
    assert guide["meta_description"].startswith("How microneedling works")
    assert guide["robots"] is None
    assert page("blog/draft-preview")["robots"] == "noindex, nofollow"


def test_word_count_keyphrases_and_shingles_come_from_the_main_text_only() -> None:
    html = (SITES / "competitor-a/blog/microneedling-guide/index.html").read_text()
    response = HtmlResponse(url="https://g.example/", body=html.encode(), encoding="utf-8")
    text = main_text(html, response.selector.root, response.url)
    assert "Who is microneedling for?" in text
    assert "Journal" not in text.split("\n")[0]  # the nav is boilerplate, not main text
    p = extract_page(response)
    assert 200 < p["word_count"] < 400
    assert p["shingles"] == shingle_hashes(text)
    assert "microneedling" in p["keyphrases"]
    assert 3 <= len(p["keyphrases"]) <= 10
    # no body text leaves extraction: only short fields, lists of headings/terms and hashes
    body_sentence = "the skin's own repair process thickens the collagen layer"
    assert body_sentence not in repr(p)


def test_keyphrases_are_empty_for_tiny_texts_and_free_of_inner_stopwords() -> None:
    assert keyphrases("Book now.") == []
    found = keyphrases((SITES / "competitor-a/blog/rosacea-triggers/index.html").read_text())
    assert found
    assert not any(" of " in k or " the " in k for k in found)


# contract.md, "pages --format jsonl": written out here, so the test fails if the export drifts
CONTRACT_PAGE_FIELDS = [
    "url",
    "site",
    "status",
    "title",
    "meta_description",
    "canonical",
    "robots",
    "h1",
    "h2",
    "word_count",
    "published",
    "jsonld_types",
    "questions",
    "keyphrases",
]


def test_exports_have_exactly_the_contract_fields() -> None:
    p = page("blog/chemical-peels")
    assert "h3" in p and "depth" in p and "shingles" in p  # extracted, but internal
    line = pages_jsonl([p]).splitlines()[0]
    import json

    row = json.loads(line)
    assert list(row) == CONTRACT_PAGE_FIELDS == list(PAGE_EXPORT_FIELDS)
    assert row["questions"][0] == "Do chemical peels hurt?"
    assert row["h2"] == p["h2"] and row["word_count"] == p["word_count"]
    csv_text = pages_csv([p])
    header, first = csv_text.splitlines()[:2]
    assert header.split(",") == CONTRACT_PAGE_FIELDS
    assert "Do chemical peels hurt? | How long" in first
    assert pages_jsonl([]) == ""


def test_links_are_read_in_the_worker_absolute_and_without_nofollow() -> None:
    from scrapers.extract import extract_with_links

    html = (
        "<html><head><base href='/blog/'>"
        "<link rel='Canonical' href='/blog/peels/'><meta name='ROBOTS' content='NoFollow'>"
        "<link rel='alternate' type='application/rss+xml' href='/feed.xml'></head><body>"
        "<a href='peels/'>x</a><a href='peels/'>again</a><a href='#top'>top</a>"
        "<a href='mailto:a@b.example'>mail</a><a rel='nofollow ugc' href='/login/'>in</a>"
        "<a href='https://other.example/x'>out</a><h1>Peels</h1></body></html>"
    )
    page, head = extract_with_links(
        "https://g.example/blog/peels/?a=1", html.encode(), "utf-8", 200, "a", 0
    )
    assert page["h1"] == ["Peels"]
    assert head.canonical == "/blog/peels/" and head.robots == "nofollow"
    assert head.feeds == ["/feed.xml"]
    assert head.links == ["https://g.example/blog/peels/", "https://other.example/x"]
