"""Fuzz benchmark: 10,000 hostile documents through the scorer, none may crash or crawl.

    .venv/bin/python benchmarks/score_fuzz.py [--documents 10000] [--seed 17]

Each document is made from a fixed seed: random Unicode, HTML tag soup, Markdown specials,
and long repeats of what once made the sentence splitter quadratic (dots, abbreviations,
initials, quotes after stops, links in one paragraph, deep nesting, one huge word), from a
few bytes up to 400 KB, in html, markdown and text. Every document is scored with a
keyphrase and a title. A document "crashes" when ``score_document`` raises anything but
the size cap's ``InputError``; it is "too slow" when its CPU time exceeds the budget its
size allows: 50 ms + 10 µs per character (10 s per MB; the scorer runs at roughly 1 s per
MB on prose; Markdown, whose converter is slower, 40 µs). Prints the counts, the slowest
documents per character, and exits 1 if any document crashed or went over budget.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

BASE_S = 0.05
PER_CHAR_S = {"html": 10e-6, "text": 10e-6, "markdown": 40e-6}  # python-markdown is slower

PIECES = [
    "<p>", "</p>", "<h2>", "</h2>", "<h1>", "<li>", "<ul>", "</ul>", "<ol>", "<table><tr><td>",
    "</td><td>", "</table>", "<blockquote>", "</blockquote>", "<pre>", "<a href='https://x.io/'>",
    "</a>", "<a href='/in' rel='nofollow'>", "<img src=x alt='skin care'>", "<br>", "<!--", "-->",
    "<!doctype html>", "<html>", "<head>", "<title>T</title>", "<body>", "</body>", "<main>",
    "<nav>menu</nav>", "<article>", "<script>x</script>", "<style>p{}</style>", "&amp;", "&#0;",
    "&lt;", "\x00", "\x0b", "\u202e", "\ue000", "\ue001", " ", ". ", "? ", "! ", "… ", "Dr. ",
    "e.g. ", "J. ", '"', "“", "’", "(", ")", "3.5 ", "Skin care", "is treated", "However,", "é",
    "\n", "\n\n", "# ", "## ", "- ", "* ", "`", "```", "> ", "[x](y)", "|", "---", "<svg><g>",
    "<math>", "<select><option>", "<iframe>", "<template>", "<q>", "</q>",
]  # fmt: skip
REPEATS = [
    ".", ". ", "Dr. e.g. etc. Mr. ", "Dr.e.g.etc.", "A. B. C. ", "?! ", ".\"' ", "a", "a-",
    "<a href='/x'>a b</a> ", "<div>", "<p><b><i>", "<", "( ", "[x](y) ", "> ", "*", "_a_ ",
    "The skin heals well. However, it is treated by Dr. Lee! ", "\n", "\n\n# h\n\n",
]  # fmt: skip


def soup(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 400)))


def unicode_text(rng: random.Random) -> str:
    return "".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(0, 2000)))


def repeated(rng: random.Random) -> str:
    unit = rng.choice(REPEATS)
    # Mostly small, a few large: so that 10,000 of them run in minutes.
    sizes, weights = [100, 1_000, 10_000, 50_000, 200_000, 400_000], [35, 35, 22, 6, 1.5, 0.5]
    size = rng.choices(sizes, weights)[0]
    return (unit * (size // len(unit) + 1))[:size]


def mixed(rng: random.Random) -> str:
    return soup(rng) + repeated(rng) + soup(rng)


MAKERS: list[Callable[[random.Random], str]] = [soup, unicode_text, repeated, mixed]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args()

    from clinicseo.errors import InputError
    from clinicseo.scoring import score_document

    score_document("<p>Warm up: load the dictionaries once.</p>")
    score_document("Warm *up*: import the Markdown converter.", fmt="markdown")
    rng = random.Random(args.seed)
    crashes: list[str] = []
    slow: list[str] = []
    refused = 0
    chars = 0
    worst: list[tuple[float, int, str, str]] = []  # (seconds per char, size, fmt, sample)
    started = time.perf_counter()
    for i in range(args.documents):
        body = rng.choice(MAKERS)(rng)
        fmt = rng.choice(["html", "html", "markdown", "text"])
        keyphrase = rng.choice([None, "skin care", "Dr.", "a", body[:20]])
        chars += len(body)
        t = time.process_time()
        try:
            score_document(body, fmt=fmt, keyphrase=keyphrase, title=keyphrase)
        except InputError:
            refused += 1
        except Exception as exc:  # noqa: BLE001 - a crash is what this run looks for
            crashes.append(f"#{i} {fmt} {len(body)} chars: {type(exc).__name__}: {exc}"[:200])
        spent = time.process_time() - t
        if spent > BASE_S + PER_CHAR_S[fmt] * len(body):
            slow.append(f"#{i} {fmt} {len(body):,} chars: {spent:.2f} s ({body[:30]!r}…)")
        worst.append((spent / max(len(body), 1000), len(body), fmt, repr(body[:24])))
        worst = sorted(worst, reverse=True)[:5]
    wall = time.perf_counter() - started
    print(f"{args.documents:,} hostile documents, {chars / 1e6:.1f} M characters, "
          f"{wall:.0f} s wall: {len(crashes)} crashed, {len(slow)} over budget "
          f"(50 ms + 10 µs/char; Markdown 40), {refused} refused by the size cap")  # fmt: skip
    print("slowest per character:")
    for rate, size, fmt, sample in worst:
        print(f"  {rate * 1e6:6.2f} µs/char  {size:>8,} chars  {fmt:8s} {sample}")
    for line in crashes[:10] + slow[:10]:
        print("  ", line)
    sys.exit(1 if crashes or slow else 0)


if __name__ == "__main__":
    main()
