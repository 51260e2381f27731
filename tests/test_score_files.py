"""score_file on real files: good ones score, bad ones get a per-file error; never raises."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinicseo.scoring import plain_text, score_document, score_file
from clinicseo.scoring.files import MAX_BYTES
from tests.fixtures import SEED_ARTICLE

SEED = SEED_ARTICLE
ARTICLE = (
    "<h2>What microneedling does</h2><p>Microneedling makes tiny channels in the skin. "
    "The skin heals them and builds new collagen over the following weeks.</p>"
)


def test_good_and_bad_files_side_by_side(tmp_path: Path) -> None:
    files = {
        "good.html": ARTICLE.encode(),
        "good.md": b"## Aftercare\n\nKeep your skin clean and avoid the sun for a week after.\n",
        "seed.txt": SEED.read_bytes(),
        "empty.html": b"   \n",
        "binary.html": b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR",
        "latin1.txt": "Caf\xe9 cr\xe8me".encode("latin-1"),
        "markup.html": b"<div><img src='a.png'><script>var x = 1;</script></div>",
        "french.txt": (
            "La peau se renouvelle apr\u00e8s chaque s\u00e9ance. Les aiguilles cr\u00e9ent des "
            "micro-l\u00e9sions qui stimulent le collag\u00e8ne et la cicatrisation naturelle "
            "du visage pendant plusieurs semaines apr\u00e8s le traitement esth\u00e9tique."
        ).encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    results = {Path(r["file"]).name: r for r in (score_file(p) for p in sorted(tmp_path.iterdir()))}
    results["missing.txt"] = score_file(tmp_path / "missing.txt")
    for name in ("good.html", "good.md", "seed.txt"):
        assert "error" not in results[name], results[name]
        assert results[name]["words"] > 5 and results[name]["checks"]
    # A file scores exactly as its text does (the format follows the extension).
    for name, fmt in (("good.html", "html"), ("good.md", "markdown"), ("seed.txt", "text")):
        text = (tmp_path / name).read_text()
        assert results[name] == {"file": str(tmp_path / name), **score_document(text, fmt=fmt)}
    assert "empty" in results["empty.html"]["error"]
    assert "binary" in results["binary.html"]["error"]
    assert "UTF-8" in results["latin1.txt"]["error"]
    assert "no text" in results["markup.html"]["error"]
    assert "English" in results["french.txt"]["error"]
    assert "too large" in results["huge.txt"]["error"]
    assert "no such file" in results["missing.txt"]["error"]
    assert results["seed.txt"]["file"].endswith("seed.txt")


def test_markdown_headings_count_as_subheadings(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(
        "# Title\n\n" + "\n\n".join(f"## Part {i}\n\nSome words here." for i in range(3))
    )
    result = score_file(path, keyphrase="part")
    sub = next(c for c in result["checks"] if c["id"] == "keyphrase_in_subheadings")
    assert sub["value"] == 100.0  # all three H2s carry "part"


def test_directory_is_an_error(tmp_path: Path) -> None:
    assert "directory" in score_file(tmp_path)["error"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.one_of(
        st.text(max_size=400),
        st.lists(
            st.sampled_from(
                ["<p>", "</p>", "<h2>", "</h2>", "<a href='/x'>", "</a>", "<img alt='", "'>",
                 "<br>", "<script>", "safe", "best", " ", ".", "?", "Microneedling", "\u2019",
                 "\n\n", "<!--", "-->", "&amp;", "&#0;", "\x00", "<li>", "<h1>", "é"]
            ),
            max_size=60,
        ).map("".join),
    ),
    fmt=st.sampled_from(["html", "markdown", "text"]),
    keyphrase=st.one_of(st.none(), st.text(max_size=30)),
)  # fmt: skip
def test_scorer_never_raises_on_arbitrary_input(body: str, fmt: str, keyphrase: str | None) -> None:
    result = score_document(body, fmt=fmt, keyphrase=keyphrase, title=keyphrase)
    text = plain_text(body, fmt)
    for check in result["checks"]:
        assert check["status"] in ("good", "ok", "bad")
        for start, end in check["spans"]:
            assert 0 <= start <= end <= len(text)


SAVED_PAGE = """<!DOCTYPE html>
<html lang="en-AU">
<head>
  <meta charset="utf-8">
  <title>Microneedling aftercare: the first 48 hours | Cosmos Clinic</title>
  <meta name="description" content="What to do, and what to avoid, in the two days after
    microneedling, so your skin heals well and the results last.">
  <link rel="canonical" href="https://cosmos.example/blog/microneedling-aftercare/">
  <script>window.dataLayer = [];</script>
</head>
<body>
  <header class="site-header"><a href="/">Cosmos Clinic</a>
    <nav><ul><li><a href="/treatments/">Treatments</a></li>
      <li><a href="/book">Book now</a></li></ul></nav>
  </header>
  <div class="cookie-banner">We use cookies. Accept all cookies?</div>
  <main>
    <article>
      <h1>Microneedling aftercare</h1>
      <p>Microneedling aftercare starts the moment you leave the clinic. Keep your skin clean
      and leave it alone: no makeup, no gym and no sun for two days.</p>
      <h2>The first night</h2>
      <p>Wash with lukewarm water and pat dry. Apply the <a href="/shop/balm">healing balm</a>
      we gave you. Sleep on a fresh pillowcase.</p>
      <aside class="related">Related posts: Laser hair removal myths</aside>
    </article>
  </main>
  <footer><p>Cosmos Clinic, 1 Example St, Melbourne. Privacy policy.</p></footer>
</body>
</html>"""


def test_a_saved_web_page_scores_its_article_with_its_own_title_and_description(
    tmp_path: Path,
) -> None:
    path = tmp_path / "page.html"
    path.write_text(SAVED_PAGE)
    result = score_file(path, keyphrase="microneedling aftercare")
    assert "error" not in result, result
    checks = {c["id"]: c for c in result["checks"]}
    # The page's own title, description and canonical URL stand in for the options.
    assert checks["keyphrase_in_title"]["status"] == "good"
    assert checks["meta_description_length"]["value"] > 100
    assert checks["keyphrase_in_slug"]["status"] == "good"
    # Only the article counts: no menu, cookie banner, related posts or footer words.
    assert 30 < result["words"] < 70
    assert checks["internal_links"]["value"] == 1  # the balm link; not the menu's
    # Options given on the command line win over the page's own.
    titled = score_file(path, keyphrase="microneedling aftercare", title="Aftercare tips")
    assert {c["id"]: c for c in titled["checks"]}["keyphrase_in_title"]["status"] == "bad"


def test_a_page_without_body_tag_and_sloppy_html_score(tmp_path: Path) -> None:
    pages = {
        # Our own `show --format html` shape: no <body>, an article and a scores section.
        "own.html": "<!doctype html><html lang='en'><meta charset='utf-8'><title>Aftercare"
        "</title><article><h1>Aftercare</h1>" + ARTICLE + "</article><section><h2>Scores"
        "</h2><p>readability 90, SEO 70</p><ul><li>sentence_length: good</li></ul></section>"
        "</html>",
        "bodies.html": "<html><body><p>Microneedling makes tiny channels in the skin.</p>"
        "</body><body><p>The skin heals them and builds new collagen.</p></body></html>",
        "sloppy.html": "<!DOCTYPE html><title>Skin</title><p>Microneedling makes tiny channels"
        " in the skin<p>The skin heals them <b>and <i>builds</b> new collagen</i><div>",
    }
    for name, html in pages.items():
        (tmp_path / name).write_text(html)
        result = score_file(tmp_path / name, keyphrase="microneedling")
        assert "error" not in result, (name, result)
        assert result["words"] >= 10, name
    own = score_file(tmp_path / "own.html")
    assert own["words"] == score_document(ARTICLE)["words"] + 1  # the article and its H1


def test_a_page_error_names_the_cause_in_one_line_without_the_document(tmp_path: Path) -> None:
    path = tmp_path / "empty-page.html"
    secret = "UNIQUE-DOCUMENT-TEXT " * 50
    path.write_text(f"<!DOCTYPE html><html><head><title>x</title></head><!-- {secret} --></html>")
    result = score_file(path)
    assert "error" in result
    assert "\n" not in result["error"] and "UNIQUE-DOCUMENT-TEXT" not in result["error"]
