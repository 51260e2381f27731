"""Generate a synthetic clinic blog of N article pages for the crawl benchmark.

Deterministic (seeded): an index page links to category pages, each category links to its
articles, and each article links to six others. Articles have a title, meta description,
JSON-LD BlogPosting, an h1, four h2 sections with two to three paragraphs each (about 450
words), a question heading and nav/footer boilerplate, like the real clinic pages in
/work/shared/notes/crawling.md.
"""

from __future__ import annotations

import random
from pathlib import Path

TOPICS = [
    "microneedling",
    "acne scars",
    "rosacea",
    "chemical peels",
    "skin barrier",
    "pigmentation",
    "LED therapy",
    "sun damage",
    "fine lines",
    "enlarged pores",
    "redness",
    "aftercare",
]
_WORD_TEXT = (
    "skin collagen gentle routine sunscreen treatment session recovery redness texture tone "
    "barrier moisturiser cleanser nurse consultation results weeks healing layer pores "
    "inflammation sensitive daily course plan improvement calm fine lines scarring peel acid "
    "serum pigment patch clinic evening morning light depth needle studio comfortable"
)
WORDS = _WORD_TEXT.split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(9, 18))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 5)))


def article(i: int, n: int, rng: random.Random) -> str:
    topic = TOPICS[i % len(TOPICS)]
    links = "".join(
        f'<li><a href="/post-{j}/">Related article {j}</a></li>' for j in rng.sample(range(n), 6)
    )
    sections = "".join(
        f"<h2>{topic.title()} {heading}</h2>"
        + "".join(f"<p>{_paragraph(rng)}</p>" for _ in range(rng.randint(2, 3)))
        for heading in ("basics", "what to expect", "aftercare tips", "results over time")
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{topic.title()} guide {i} | Benchmark Clinic</title>
<meta name="description" content="Article {i} about {topic} for the crawl benchmark.">
<link rel="canonical" href="/post-{i}/">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "BlogPosting",
"headline": "{topic} guide {i}", "datePublished": "2025-0{1 + i % 9}-1{i % 10}"}}</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/cat-{i % 40}/">Category</a>
<a href="/about/">About</a></nav></header>
<main><article><h1>{topic.title()}: guide number {i}</h1>
<p>{_paragraph(rng)}</p>{sections}
<h2>How long does {topic} take?</h2><p>{_paragraph(rng)}</p>
</article><aside><ul>{links}</ul></aside></main>
<footer><p>Benchmark Clinic, 1 Example Street. <a href="/privacy/">Privacy</a></p></footer>
</body></html>
"""


def generate(root: Path, pages: int = 2000, categories: int = 40, seed: int = 2026) -> int:
    """Write the site under `root`; returns the number of HTML pages (articles + hubs)."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    per_cat = -(-pages // categories)
    cats = "".join(f'<li><a href="/cat-{c}/">Category {c}</a></li>' for c in range(categories))
    (root / "index.html").write_text(
        f"<html><head><title>Benchmark Clinic</title></head><body><h1>Blog</h1><ul>{cats}</ul>"
        '<a href="/about/">About</a></body></html>'
    )
    for extra in ("about", "privacy"):
        (root / extra).mkdir(exist_ok=True)
        (root / extra / "index.html").write_text(
            f"<html><head><title>{extra}</title></head><body><h1>{extra}</h1>"
            f"<p>{_paragraph(rng)}</p></body></html>"
        )
    for c in range(categories):
        items = "".join(
            f'<li><a href="/post-{i}/">Post {i}</a></li>'
            for i in range(c * per_cat, min(pages, (c + 1) * per_cat))
        )
        (root / f"cat-{c}").mkdir(exist_ok=True)
        (root / f"cat-{c}" / "index.html").write_text(
            f"<html><head><title>Category {c}</title></head><body><h1>Category {c}</h1>"
            f"<ul>{items}</ul></body></html>"
        )
    for i in range(pages):
        (root / f"post-{i}").mkdir(exist_ok=True)
        (root / f"post-{i}" / "index.html").write_text(article(i, pages, rng))
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /nothing-here/\n")
    return pages + categories + 3
