"""Our syllable counts (clinicseo/scoring/syllables.py) against Yoast 3.6.0's, word by word.

    .venv/bin/python benchmarks/yoast/syllables.py [--yoast DIR] [--words FILE] [--held]
                                                   [--dump COUNTS.json]

Runs yoastseo (Node, its own process) over the tuning parts of the calibration corpus (our
own articles and outside_tune.jsonl) and prints the share of word tokens whose count differs
from Yoast's, with the commonest differences. --held measures the held-back outside
articles too (to report, never to tune on). --words FILE (one word a line) also compares a
word list, type by type. --dump writes Yoast's counts on the tuning parts and the list
for learn_syllables.py, which learns the rules.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from benchmarks.yoast import run  # noqa: E402
from clinicseo.scoring import syllables  # noqa: E402


def yoast_word_counts(parts: list[str], yoast: Path) -> tuple[Counter[str], dict[str, int]]:
    """(how often each word occurs, Yoast's count for it) over the parts' articles."""
    tokens: Counter[str] = Counter()
    counts: dict[str, int] = {}
    for part in parts:
        for r in run.analyse(run.load_part(part), yoast, details=True):
            for word, n in r["syllables"]:
                tokens[word.lower()] += 1
                counts[word.lower()] = n
    return tokens, counts


def yoast_list_counts(words: list[str], yoast: Path) -> dict[str, int]:
    env = {**os.environ, "NODE_PATH": str(yoast / "node_modules")}
    out = subprocess.run(["node", str(Path(__file__).with_name("syllables.js"))],
                         input="\n".join(words) + "\n", env=env, capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    return {w: int(n) for w, n in (line.split("\t") for line in out.splitlines())}


def report(label: str, tokens: Counter[str], counts: dict[str, int]) -> None:
    wrong = {w: k for w, k in tokens.items() if syllables.count(w) != counts[w]}
    total = sum(tokens.values())
    print(f"{label}: {sum(wrong.values())}/{total} word tokens differ from Yoast "
          f"({100 * sum(wrong.values()) / total:.2f}%), {len(wrong)} distinct words")  # fmt: skip
    for w, k in sorted(wrong.items(), key=lambda x: -x[1])[:15]:
        print(f"  {w!r}: Yoast {counts[w]}, ours {syllables.count(w)} (×{k})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--yoast", type=Path, default=Path("/tmp/yoast-bench"))
    ap.add_argument("--words", type=Path, help="also compare this word list (one a line)")
    ap.add_argument("--held", action="store_true", help="also measure the held-back outside part")
    ap.add_argument("--dump", type=Path, help="write Yoast's counts here for learn_syllables.py")
    args = ap.parse_args()
    if not run.available(args.yoast):
        sys.exit(f"yoastseo not found: cd {args.yoast} && npm install yoastseo@3.6.0")
    tokens, counts = yoast_word_counts(["own", "outside-tune"], args.yoast)
    report("tuning parts", tokens, counts)
    if args.held:
        report("held-back outside articles", *yoast_word_counts(["outside"], args.yoast))
    listed: dict[str, int] = {}
    if args.words:
        words = [w for w in args.words.read_text().split() if w]
        listed = yoast_list_counts(words, args.yoast)
        report(f"word list {args.words.name}", Counter(words), listed)
    if args.dump:
        args.dump.write_text(json.dumps({"tokens": tokens, "counts": counts, "list": listed}))


if __name__ == "__main__":
    main()
