"""Build the calibration corpus: tests/data/calibration/corpus.jsonl (fixed seed).

    .venv/bin/python benchmarks/yoast/make_corpus.py

Articles are put together from the hand-written text in tests/data/calibration/source.py
in many shapes — consumer health pages, encyclopedic prose, clinic marketing copy, FAQs,
list-heavy and heading-heavy pages, blog and news voices, short and long, American and
British spelling, with links, images, emphasis, quotes and tables — so the checks meet the
structures real posts have (also academic abstracts with citations, medicines leaflets,
interviews; glossaries as definition lists). Every third article is held back ("held") and
never used for tuning; the rest are the tuning part ("tune"). The held-back articles are
made from their own hand-written text (``source.HELD``…), never seen by the tuning.
Yoast's results on each article are kept beside it in yoast.jsonl (benchmarks/yoast/run.py).
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
OUT = REPO / "tests" / "data" / "calibration" / "corpus.jsonl"
ARTICLES = 198

from tests.data.calibration import source as src  # noqa: E402

BRITISH = {
    "color": "colour", "moisturizer": "moisturiser", "labeled": "labelled",
    "randomized": "randomised", "characterized": "characterised", "hemostasis": "haemostasis",
    "remodeling": "remodelling", "synthesized": "synthesised", "neighboring": "neighbouring",
    "center": "centre", "aging": "ageing", "photoaging": "photoageing", "behavior": "behaviour",
    "favorite": "favourite", "organize": "organise", "pediatric": "paediatric",
    "anesthetic": "anaesthetic", "fiber": "fibre", "gray": "grey", "tumor": "tumour",
}  # fmt: skip
VOICES = ["consumer", "encyclopedic", "marketing", "faq", "list", "headings", "blog", "news",
          "academic", "leaflet", "interview"]  # fmt: skip


def british(text: str) -> str:
    def swap(m: re.Match[str]) -> str:
        word = m.group()
        new = BRITISH.get(word.lower())
        if new is None:
            return word
        return new.capitalize() if word[0].isupper() else new

    return re.sub(r"[A-Za-z]+", swap, text)


def decorate(rng: random.Random, para: str, keyphrase: str) -> str:
    """Some inline markup: emphasis, a link, a keyphrase mention."""
    words = para.split(" ")
    r = rng.random()
    if r < 0.15 and len(words) > 8:
        i = rng.randrange(2, len(words) - 3)
        words[i] = f"<strong>{words[i]}"
        words[i + 1] = f"{words[i + 1]}</strong>"
    elif r < 0.3 and len(words) > 8:
        i = rng.randrange(1, len(words) - 2)
        href = rng.choice(
            [
                "/treatments/",
                "https://www.nhs.uk/conditions/",
                "https://clinic.example/book",
                "#faq",
                "https://doi.org/10.1000/182",
            ]
        )
        rel = ' rel="nofollow"' if rng.random() < 0.2 else ""
        words[i] = f'<a href="{href}"{rel}>{words[i]}'
        words[i + 1] = f"{words[i + 1]}</a>"
    elif r < 0.4 and len(words) > 5:
        words.insert(rng.randrange(1, len(words)), f"({keyphrase})")
    return " ".join(words)


def para_html(rng: random.Random, text: str, keyphrase: str) -> str:
    # Escaped as an editor escapes it: a bare "<" would open a tag ("p < 0.05").
    text = decorate(rng, text.replace("&", "&amp;").replace("<", "&lt;"), keyphrase)
    style = rng.random()
    if style < 0.07:
        return f"<blockquote><p>{text}</p></blockquote>"
    if style < 0.12:
        return f'<p class="lead">{text}</p>'
    if style < 0.16:  # a classic-editor post: paragraphs separated by blank lines only
        return f"{text}\n\n"
    return f"<p>{text}</p>"


def list_html(rng: random.Random, held: bool) -> str:
    pool = src.HELD_LIST_ITEMS if held else src.LIST_ITEMS
    items = rng.sample(pool, rng.randint(3, 7))
    tag = rng.choice(["ul", "ul", "ol"])
    return f"<{tag}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{tag}>"


def image_html(rng: random.Random, keyphrase: str) -> str:
    alt = rng.choice([f"{keyphrase} at the clinic", "A nurse talking to a client", "",
                      f"Before {keyphrase}", "Close-up of healthy skin"])  # fmt: skip
    img = f'<img src="/media/{rng.randint(1, 99)}.jpg" alt="{alt}">'
    if rng.random() < 0.3:
        return f"<figure>{img}<figcaption>Photo: Cosmos Clinic.</figcaption></figure>"
    return f"<p>{img}</p>"


def table_html() -> str:
    rows = [
        ("Treatment", "Sessions", "Recovery"),
        ("Microneedling", "3 to 6", "1 to 3 days"),
        ("Chemical peel", "1 to 3", "3 to 7 days"),
        ("LED therapy", "6 to 10", "None"),
    ]
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table>{cells}</table>"


def pool(voice: str, held: bool) -> list[str]:
    if held:
        h = {**src.HELD, **src.HELD_MORE}
        return {
            "faq": [a for _, a in src.HELD_FAQ], "list": h["consumer"] + h["marketing"],
            "headings": h["consumer"] + h["encyclopedic"],
        }.get(voice) or h[voice]  # fmt: skip
    return {
        "consumer": src.CONSUMER, "encyclopedic": src.ENCYCLOPEDIC,
        "marketing": src.MARKETING, "blog": src.BLOG, "news": src.NEWS,
        "academic": src.ACADEMIC, "leaflet": src.LEAFLET, "interview": src.INTERVIEW,
        "faq": [a for _, a in src.FAQ], "list": src.CONSUMER + src.MARKETING,
        "headings": src.CONSUMER + src.ENCYCLOPEDIC,
    }[voice]  # fmt: skip


def article(i: int) -> dict[str, str]:
    rng = random.Random(1000 + i)
    held = i % 3 == 2
    voice = VOICES[i % len(VOICES)]
    faq = src.HELD_FAQ if held else src.FAQ
    headings = src.HELD_HEADINGS if held else src.HEADINGS
    size = rng.choice(["short", "medium", "medium", "long"])
    bounds = {"short": (1, 3), "medium": (4, 8), "long": (10, 22)}[size]
    n_paras = rng.randint(*bounds)
    keyphrase, title, description = rng.choice(src.TOPICS)
    parts: list[str] = []
    if rng.random() < 0.3:
        parts.append(f"<h1>{title}</h1>")
    paras = pool(voice, held)
    since_heading = 0
    for k in range(n_paras):
        if voice == "faq":
            q, a = faq[(i + k) % len(faq)]
            level = rng.choice(["h2", "h3", "h3"])
            parts.append(f"<{level}>{q}</{level}>")
            parts.append(para_html(rng, a, keyphrase))
            continue
        if voice == "headings" or (since_heading >= rng.randint(2, 6) and voice != "marketing"):
            level = rng.choice(["h2", "h2", "h3", "h4"])
            parts.append(f"<{level}>{rng.choice(headings)}</{level}>")
            since_heading = 0
        text = paras[(i * 7 + k * 3) % len(paras)] if rng.random() < 0.8 else rng.choice(paras)
        parts.append(para_html(rng, text, keyphrase))
        since_heading += 1
        if voice == "list" or rng.random() < 0.12:
            parts.append(list_html(rng, held))
        if rng.random() < 0.05:
            terms = src.HELD_GLOSSARY if held else src.GLOSSARY
            parts.append("<dl>" + "".join(f"<dt>{t}</dt><dd>{d}</dd>" for t, d in terms) + "</dl>")
        if rng.random() < 0.1:
            parts.append(image_html(rng, keyphrase))
        if rng.random() < 0.03:
            parts.append(table_html())
    html = "".join(parts)
    spelling = "british" if rng.random() < 0.5 else "american"
    if spelling == "british":
        html, title, description = british(html), british(title), british(description)
    slug = rng.choice([keyphrase.replace(" ", "-"), "blog-post-" + str(i), "",
                       "-".join(title.lower().split()[:5])])  # fmt: skip
    return {
        "id": f"a{i:03d}", "split": "held" if held else "tune", "voice": voice,
        "size": size, "spelling": spelling, "keyphrase": keyphrase if rng.random() < 0.9 else "",
        "title": title if rng.random() < 0.9 else "", "description": description,
        "slug": re.sub(r"[^a-z0-9-]", "", slug), "html": html,
    }  # fmt: skip


def main() -> None:
    with OUT.open("w", encoding="utf-8") as fh:
        for i in range(ARTICLES):
            fh.write(json.dumps(article(i), ensure_ascii=False) + "\n")
    print(f"wrote {ARTICLES} articles to {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
