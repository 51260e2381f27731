"""Figures: does the topic vocabulary group real competitor wordings that mean the same?

    .venv/bin/python benchmarks/meanings.py [--vocabulary FILE] [--part dev|held-out|all]

On the headings and questions of 74 public pages by other people
(benchmarks/data/competitor_headings.py, each labelled with the meaning groups it names),
every heading is cut into candidate topic keys exactly as `clinicseo topics` cuts
competitor headings. A heading groups correctly for a meaning group when one of its keys is
the group's key ("Typical Downtime and Healing Timeline" -> "aftercare"). Printed per group:
how many labelled headings found their group (recall), how many headings were put in a group
they do not name (false groupings), and the wordings missed.

The pages are split by site before anything is tuned: a site whose host hashes to 0 mod 3 is
held out (sha256 of the host name), the rest is the tuning part. Only the tuning part's
misses may be read to change the vocabulary; the held-out figures are the ones to report.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.data.competitor_headings import CONCEPTS, PAGES  # noqa: E402
from clinicseo.topic_terms import Vocabulary, load_vocabulary  # noqa: E402


def held_out(url: str) -> bool:
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return int(hashlib.sha256(host.encode()).hexdigest(), 16) % 3 == 0


def keys(vocab: Vocabulary, heading: str) -> set[str]:
    return {k for run in vocab.phrases(heading) for k in vocab.run_keys(run)}


def measure(vocab: Vocabulary, part: str) -> dict[str, Counter[str]]:
    wanted = {c: " ".join(vocab.stem(w) for w in c.split()) for c in CONCEPTS}
    out: dict[str, Counter[str]] = defaultdict(Counter)
    missed: dict[str, list[str]] = defaultdict(list)
    sites, headings = set(), 0
    for url, rows in PAGES.items():
        if part != "all" and held_out(url) != (part == "held-out"):
            continue
        sites.add(urlsplit(url).hostname)
        for heading, named in rows:
            headings += 1
            found = keys(vocab, heading)
            for concept in CONCEPTS:
                hit = wanted[concept] in found
                if concept in named:
                    out[concept]["named"] += 1
                    out[concept]["grouped"] += hit
                    if concept not in heading.lower():  # named in another wording
                        out[concept]["other"] += 1
                        out[concept]["other_grouped"] += hit
                    if not hit:
                        missed[concept].append(heading)
                elif hit:
                    out[concept]["wrong"] += 1
                    missed[concept].append(f"(wrongly) {heading}")
    named = sum(c["named"] for c in out.values())
    grouped = sum(c["grouped"] for c in out.values())
    wrong = sum(c["wrong"] for c in out.values())
    print(f"{part}: {len(sites)} sites, {len(PAGES) and headings} headings, vocabulary "
          f"{vocab.source}")
    other = sum(c["other"] for c in out.values())
    other_grouped = sum(c["other_grouped"] for c in out.values())
    print(f"  {'group':<18} {'named':>5} {'grouped':>7} {'wrong':>5}   in another wording")
    for concept in CONCEPTS:
        c = out[concept]
        print(f"  {concept:<18} {c['named']:>5} {c['grouped']:>7} {c['wrong']:>5}   "
              f"{c['other_grouped']:>3} of {c['other']}")
    print(f"  {'all':<18} {named:>5} {grouped:>7} {wrong:>5}   {other_grouped:>3} of {other}"
          f"   (recall {grouped / named:.0%}; in another wording {other_grouped / other:.0%})")
    for concept, lines in missed.items():
        for line in lines:
            print(f"    missed {concept}: {line}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vocabulary", default="", help="the clinic's file over the built-in")
    parser.add_argument("--part", choices=["dev", "held-out", "all"], default="held-out")
    args = parser.parse_args()
    measure(load_vocabulary(args.vocabulary or None), args.part)


if __name__ == "__main__":
    main()
