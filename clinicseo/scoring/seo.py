"""SEO checks with Yoast SEO's English thresholds and points (free version: exact word forms).

Keyphrase matching ignores case, curly apostrophes and English function words, as Yoast
does without Premium's word forms. :func:`run` returns every SEO check; without a keyphrase
``keyphrase_length`` scores −999 as in Yoast, so the SEO score is 0, and the keyphrase
checks say to set one. When the keyphrase itself holds wording a compliance rule flags,
the keyphrase checks advise changing the keyphrase instead of spreading it (``taboo``).

Failure modes: none; missing title, description or slug are results, not errors.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import urlsplit

from clinicseo.scoring.document import Document, parse, words_of
from clinicseo.scoring.english import FUNCTION_WORDS
from clinicseo.scoring.result import Check, check
from clinicseo.scoring.widths import title_width_px

KIND = "seo"


def norm(words: Sequence[str]) -> list[str]:
    """Lowercase, straight apostrophes, hyphenated words split and possessives dropped, so
    "Post-Microneedling" and "microneedling’s" both hold "microneedling" (as for Yoast)."""
    return list(_norm(tuple(words)))


@lru_cache(maxsize=4096)
def _norm(words: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for w in words:
        for part in w.lower().replace("’", "'").split("-"):
            part = part.removesuffix("'s")
            if part:
                out.append(part)
    return tuple(out)


def content_words(keyphrase: str) -> list[str]:
    words = norm(words_of(keyphrase.strip("\"'“”")))
    content = [w for w in words if w not in FUNCTION_WORDS]
    return content or words


def _has_all(kp: list[str], words: list[str]) -> bool:
    have = set(norm(words))
    return bool(kp) and all(w in have for w in kp)


def _exact_at(text: str, keyphrase: str) -> int:
    """Word position of the exact keyphrase in ``text`` (−1 when absent)."""
    hay, needle = norm(words_of(text)), norm(words_of(keyphrase))
    for i in range(len(hay) - len(needle) + 1):
        if needle and hay[i : i + len(needle)] == needle:
            return i
    return -1


def keyphrase_length(kp: list[str], taboo: str) -> Check:
    n = len(kp)
    if n == 0:
        return check("keyphrase_length", KIND, -999, 0, "No keyphrase set: set one to judge SEO.")
    score = 9 if n <= 4 else 6 if n <= 8 else 3
    msg = f"The keyphrase has {n} content word(s)" + (
        "." if score == 9 else "; keep it to 4 at most."
    )
    if taboo:
        return check("keyphrase_length", KIND, 3, n, f"{msg} {taboo}", status="bad")
    return check("keyphrase_length", KIND, score, n, msg)


def keyphrase_in_title(keyphrase: str, kp: list[str], title: str) -> Check:
    if not kp or not title:
        return check("keyphrase_in_title", KIND, 2, False, "Set an SEO title and a keyphrase.")
    pos = _exact_at(title, keyphrase)
    lead = 0
    for w in norm(words_of(title)):
        if w not in FUNCTION_WORDS:
            break
        lead += 1
    if pos == lead or pos == 0:
        return check(
            "keyphrase_in_title", KIND, 9, True, "The SEO title starts with the keyphrase."
        )
    if pos > 0 or _has_all(kp, words_of(title)):
        return check(
            "keyphrase_in_title", KIND, 6, True,
            "The SEO title has the keyphrase, but not at its start: move it to the front.",
        )  # fmt: skip
    return check("keyphrase_in_title", KIND, 2, False, "The SEO title lacks the keyphrase: add it.")


def keyphrase_in_introduction(doc: Document, kp: list[str]) -> Check:
    first = next((i for i, b in enumerate(doc.blocks) if b.kind == "p"), None)
    if not kp or first is None:
        return check("keyphrase_in_introduction", KIND, 3, False, "No introduction to check.")
    sentences = [s for s in doc.sentences if s.block == first]
    block = doc.blocks[first]
    if any(_has_all(kp, list(s.words)) for s in sentences):
        return check(
            "keyphrase_in_introduction", KIND, 9, True, "The first paragraph has the keyphrase.",
            [(block.start, block.end)],
        )  # fmt: skip
    if _has_all(kp, words_of(block.text)):
        return check(
            "keyphrase_in_introduction", KIND, 6, True,
            "The first paragraph has the keyphrase's words, but not in one sentence.",
            [(block.start, block.end)],
        )  # fmt: skip
    return check(
        "keyphrase_in_introduction", KIND, 3, False,
        "Use the keyphrase in the first paragraph, so readers see the topic at once.",
    )  # fmt: skip


def keyphrase_in_meta_description(kp: list[str], description: str) -> Check:
    if not description:
        return check(
            "keyphrase_in_meta_description", KIND, 3, 0,
            "No meta description: write one that uses the keyphrase once.",
        )  # fmt: skip
    count = sum(1 for s in parse(description, "text").sentences if _has_all(kp, list(s.words)))
    score = 9 if 1 <= count <= 2 else 3
    msg = (
        "The meta description has the keyphrase."
        if score == 9
        else "The meta description lacks the keyphrase: add it once."
        if count == 0
        else f"The meta description has the keyphrase {count} times: once or twice is enough."
    )
    return check("keyphrase_in_meta_description", KIND, score, count, msg)


def keyphrase_in_slug(kp: list[str], slug: str) -> Check:
    if not kp or not slug:
        return check("keyphrase_in_slug", KIND, 3, 0, "Set a slug and a keyphrase.")
    parts = set(norm(slug.replace("_", "-").replace("-", " ").split()))
    found = sum(1 for w in kp if w in parts)
    ok = found == len(kp) if len(kp) <= 2 else found / len(kp) > 0.5
    msg = "The slug has the keyphrase." if ok else "Put the keyphrase's words in the slug."
    return check("keyphrase_in_slug", KIND, 9 if ok else 6, found, msg)


def keyphrase_in_subheadings(doc: Document, kp: list[str]) -> Check:
    subs = doc.subheadings
    if not kp:
        return check("keyphrase_in_subheadings", KIND, 1, 0, "Set a keyphrase.")
    if not subs:
        if len(doc.words) >= 300:
            return check(
                "keyphrase_in_subheadings", KIND, 2, 0, "Add H2/H3 subheadings with the keyphrase."
            )
        return check("keyphrase_in_subheadings", KIND, 9, 0, "The text is short: no subheadings.")
    matching = []
    for h in subs:
        have = set(norm(words_of(h.text)))
        if sum(1 for w in kp if w in have) > len(kp) / 2:  # more than half, as Yoast
            matching.append(h)
    share = len(matching) / len(subs)
    good = 0.3 <= share <= 0.75 or (len(subs) == 1 and matching)
    value = round(100 * share, 1)
    if good:
        msg = f"{len(matching)} of {len(subs)} subheadings reflect the keyphrase."
    elif share < 0.3:
        msg = f"Only {len(matching)} of {len(subs)} subheadings reflect the keyphrase: use it more."
    else:
        msg = f"{len(matching)} of {len(subs)} subheadings repeat the keyphrase: vary some."
    spans = [(h.start, h.end) for h in matching]
    return check("keyphrase_in_subheadings", KIND, 9 if good else 3, value, msg, spans)


def keyphrase_count(doc: Document, kp: list[str]) -> int:
    """Per sentence, how many times all keyphrase words occur (the rarest word's count)."""
    total = 0
    for s in doc.counted:
        words = norm(list(s.words))
        total += min((words.count(w) for w in kp), default=0)
    return total


def keyphrase_density(doc: Document, kp: list[str]) -> Check:
    n_words = len(doc.words)
    if not kp or not n_words:
        return check("keyphrase_density", KIND, -50, 0, "Add a keyphrase and some text.")
    count = keyphrase_count(doc, kp)
    factor = 0.7 + len(kp) / 3
    density = round(count / n_words * 100 * factor, 2)
    short = n_words < 100

    def recommended(limit: float, how: str) -> int:
        r = limit * n_words / (100 * factor)
        if r < 2:
            return 2
        return math.ceil(r) if how == "min" else math.floor(r)

    low, high = recommended(0.5, "min"), recommended(3, "max")
    if count == 0 or (0 <= density < 0.5) or (count == 1 and not short):
        score = 4
    elif 0.5 <= density <= 3 or (count == 2 and low <= 2 and not short) or (short and count == 1):
        score = 9
    elif 3 < density <= 4:
        score = -10
    else:
        score = -50
    msg = f"The keyphrase appears {count} time(s) (adjusted density {density}%)" + (
        "."
        if score == 9
        else f": use it at least {low} times."
        if score == 4
        else f": that is more than {high}; don't over-optimise."
    )
    return check("keyphrase_density", KIND, score, density, msg, count=count)


def meta_description_length(description: str) -> Check:
    n = len(description.strip())
    if n == 0:
        return check("meta_description_length", KIND, 1, 0, "Write a meta description.")
    if n <= 120:
        return check(
            "meta_description_length", KIND, 6, n,
            f"The meta description has {n} characters: up to 156 are available.",
        )  # fmt: skip
    if n > 156:
        return check(
            "meta_description_length", KIND, 6, n,
            f"The meta description has {n} characters: shorten it to 156 at most.",
        )  # fmt: skip
    return check("meta_description_length", KIND, 9, n, f"Meta description length {n}: good.")


def text_length(doc: Document) -> Check:
    n = len(doc.words)
    score = 9 if n >= 300 else 6 if n >= 250 else 3 if n >= 200 else -10 if n >= 100 else -20
    msg = f"The text has {n} words" + ("." if score == 9 else "; write at least 300.")
    return check("text_length", KIND, score, n, msg)


def title_width(title: str) -> Check:
    px = round(title_width_px(title))
    if px == 0:
        return check("title_width", KIND, 1, 0, "Write an SEO title.")
    if px > 600:
        return check(
            "title_width", KIND, 3, px, f"The SEO title is {px}px wide: shorten it to 600px."
        )
    return check("title_width", KIND, 9, px, f"The SEO title is {px}px wide: it fits.")


def _links_check(id: str, links: list[tuple[str, str]], what: str) -> Check:
    if not links:
        return check(id, KIND, 3, 0, f"No {what} links: add some.")
    nofollow = sum(1 for _, rel in links if "nofollow" in rel.lower().split())
    n = len(links)
    score = 9 if nofollow == 0 else 7 if nofollow == n else 8
    msg = f"{n} {what} link(s)" + (f", {nofollow} nofollowed." if nofollow else ".")
    return check(id, KIND, score, n, msg)


def link_checks(doc: Document, site_url: str | None) -> list[Check]:
    site = (urlsplit(site_url).hostname or "").removeprefix("www.") if site_url else ""
    internal: list[tuple[str, str]] = []
    outbound: list[tuple[str, str]] = []
    for link in doc.counted_links:
        href = link.href.strip()
        parts = urlsplit(href)
        if parts.scheme in ("mailto", "tel", "javascript") or href.startswith("#") or not href:
            continue
        host = (parts.hostname or "").removeprefix("www.")
        if not parts.scheme and not parts.netloc or host and host == site:
            internal.append((href, link.rel))
        else:
            outbound.append((href, link.rel))
    return [
        _links_check("outbound_links", outbound, "outbound"),
        _links_check("internal_links", internal, "internal"),
    ]


def images(doc: Document) -> Check:
    n = len(doc.images)
    if n:
        return check("images", KIND, 9, n, f"{n} image(s).")
    return check("images", KIND, 3, 0, "No images: add one that helps the reader.")


def image_alt(doc: Document, kp: list[str]) -> Check:
    n = len(doc.images)
    if not n or not kp:
        return check("image_alt", KIND, 3, 0, "Add an image whose alt text has the keyphrase.")
    hits = 0
    for img in doc.images:
        have = set(norm(words_of(img.alt)))
        if sum(1 for w in kp if w in have) >= len(kp) / 2:
            hits += 1
    if hits == 0:
        return check(
            "image_alt", KIND, 6, 0, "No image alt text has the keyphrase: describe one with it."
        )
    if n < 5:
        return check("image_alt", KIND, 9, hits, f"{hits} image alt text(s) have the keyphrase.")
    share = hits / n
    score = 9 if 0.3 <= share <= 0.75 else 6
    msg = f"{hits} of {n} image alt texts have the keyphrase" + (
        "." if score == 9 else ": aim for 30–75% of them."
    )
    return check("image_alt", KIND, score, hits, msg)


def single_h1(doc: Document) -> Check:
    h1 = [b for b in doc.blocks if b.kind == "h" and b.level == 1]
    if len(h1) >= 2:
        return check(
            "single_h1", KIND, 1, len(h1), "The body has several H1s: keep one (the title).",
            [(b.start, b.end) for b in h1],
        )  # fmt: skip
    return check("single_h1", KIND, 8, len(h1), "At most one H1.")


def competing_links(doc: Document, keyphrase: str, kp: list[str]) -> Check:
    bad = [link for link in doc.counted_links if kp and _exact_at(link.text, keyphrase) == 0]
    bad = [link for link in bad if len(norm(words_of(link.text))) == len(norm(words_of(keyphrase)))]
    if bad:
        return check(
            "competing_links", KIND, 2, len(bad),
            "A link's text is the keyphrase itself: it competes with this post. Reword it.",
            [(link.start, link.end) for link in bad],
        )  # fmt: skip
    return check("competing_links", KIND, 8, 0, "No link competes for the keyphrase.")


def run(
    doc: Document,
    *,
    keyphrase: str | None,
    title: str | None,
    description: str | None,
    slug: str | None,
    site_url: str | None,
    taboo: str = "",
) -> list[Check]:
    """Every SEO check. ``taboo`` is the compliance note on the keyphrase ("" when clean)."""
    kp = content_words(keyphrase or "")
    keyphrase = keyphrase or ""
    title, description, slug = title or "", description or "", slug or ""
    checks = [
        keyphrase_length(kp, taboo),
        keyphrase_in_title(keyphrase, kp, title),
        keyphrase_in_introduction(doc, kp),
        keyphrase_in_meta_description(kp, description),
        keyphrase_in_slug(kp, slug),
        keyphrase_in_subheadings(doc, kp),
        keyphrase_density(doc, kp),
        meta_description_length(description),
        text_length(doc),
        title_width(title),
        *link_checks(doc, site_url),
        images(doc),
        image_alt(doc, kp),
        single_h1(doc),
        competing_links(doc, keyphrase, kp),
    ]
    if taboo:
        for c in checks:
            if c["id"].startswith("keyphrase_in") or c["id"] in ("keyphrase_density", "image_alt"):
                c["message"] = f"{c['message']} But: {taboo}"
    return checks
