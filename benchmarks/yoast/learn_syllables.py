"""Learn the fragment rules of clinicseo/scoring/syllables.py from Yoast's per-word counts.

    .venv/bin/python benchmarks/yoast/syllables.py --words WORDS.txt --dump counts.json
    python3 benchmarks/yoast/learn_syllables.py counts.json > rules.txt

Needs numpy and scipy (a tuning tool, not a project dependency: any Python that has them).
Yoast's counts come from syllables.py --dump: yoastseo run over the tuning parts of the
calibration corpus (never the held-back parts) and over a word list (one word a line; we
used CMUdict's 117,000 plain words). Starting
from vowel groups, it adds greedily the rule that fixes the most words: a fragment of two
to five characters of the word, with ^/$ for its start/end and optionally a consonant
(C) or vowel (V) class as its first character, adding or taking away one syllable. A
corpus word weighs as often as it occurs; a list word weighs --list-weight. It stops when
no rule gains --min-gain. Prints the rules as syllables.py's _RULES lines.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np
from scipy import sparse

VOWEL_GROUPS = re.compile(r"[aeiouy]+")
PLAIN = re.compile(r"^[a-z'.-]+$")


def fragments(word: str) -> set[str]:
    s = f"^{word}$"
    out = set()
    for size in range(2, 6):
        for i in range(len(s) - size + 1):
            frag = s[i : i + size]
            if any(c.isalpha() for c in frag):
                out.add(frag)
                if frag[0].isalpha() and size >= 3:
                    out.add(("V" if frag[0] in "aeiouy" else "C") + frag[1:])
    return out


def as_regex(frag: str) -> str:
    return "".join({"V": "[aeiouy]", "C": "[b-df-hj-np-tv-xz]", ".": r"\."}.get(c, c)
                   for c in frag)  # fmt: skip


def learn(words: list[str], labels: list[int], weights: list[float], min_gain: float) -> list:
    index: dict[str, int] = {}
    rows, cols = [], []
    for r, w in enumerate(words):
        for f in fragments(w):
            rows.append(r)
            cols.append(index.setdefault(f, len(index)))
    names = sorted(index, key=index.__getitem__)
    by_rule = sparse.csr_matrix((np.ones(len(rows)), (cols, rows)), shape=(len(index), len(words)))
    y, wt = np.array(labels, float), np.array(weights, float)
    pred = np.array([len(VOWEL_GROUPS.findall(w)) for w in words], float)
    rules = []
    while True:
        r = y - pred
        gain_up = by_rule @ (wt * (np.abs(r) - np.abs(r - 1)))
        gain_down = by_rule @ (wt * (np.abs(r) - np.abs(r + 1)))
        up, down = int(gain_up.argmax()), int(gain_down.argmax())
        f, change, gain = (up, 1, gain_up[up]) if gain_up[up] >= gain_down[down] else \
            (down, -1, gain_down[down])  # fmt: skip
        if gain < min_gain:
            return rules
        pred[by_rule[f].indices] += change
        rules.append((names[f], change))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("counts", type=Path, help="syllables.py --dump output")
    ap.add_argument("--list-weight", type=float, default=0.3)
    ap.add_argument("--min-gain", type=float, default=8.0)
    args = ap.parse_args()
    dump = json.loads(args.counts.read_text())
    tokens, counts, listed = dump["tokens"], dump["counts"], dump["list"]
    words, labels, weights = [], [], []
    for w, k in tokens.items():
        w = w.replace("’", "'")
        if PLAIN.match(w):
            words.append(w)
            labels.append(counts[w] if w in counts else counts[w.replace("'", "’")])
            weights.append(float(k))
    for w, n in listed.items():
        if w not in tokens:
            words.append(w)
            labels.append(n)
            weights.append(args.list_weight)
    for frag, change in learn(words, labels, weights, args.min_gain):
        print(f'    ("{as_regex(frag)}", {change:+d}),')


if __name__ == "__main__":
    main()
