"""Benchmark: compliance precision/recall on the held-out split, and full-analysis time.

    .venv/bin/python benchmarks/compliance.py [--split test|outside|dev | --file F.jsonl] [--errors]

Prints, for ``tests/data/compliance/<split>.jsonl`` (default: the held-back ``test``
split, never used for tuning): precision, recall and F1 per rule and overall, counted over
(sentence, rule) pairs, each sentence judged alone by its own jurisdiction's pack (only
findings inside the sentence count: R7's "no risks section" finding is about the page, not
the sentence). Then the warm time of the full analysis (readability + SEO + compliance +
uniqueness against three sibling variants) of a 1,200-word article, median of many runs,
and compliance alone. Each figure is printed with its ratio to the goal: P and R ≥ 0.9
overall, every rule's recall ≥ 0.8, ≤ 10 ms. ``--errors`` lists the misses and false
alarms (use it on ``dev`` only). ``--file`` scores any file of rows of the same shape (a
new batch before it is tuned on, or an outside split). Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import gc
import html
import json
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
DATA = REPO / "tests" / "data" / "compliance"
GOALS = {"precision": 0.9, "recall": 0.9, "rule_recall": 0.8, "ms": 10.0}


USE_MODEL = True


def predict(text: str, jurisdiction: str, *, use_model: bool | None = None) -> set[str]:
    """The rules the checks find inside this one sentence."""
    from clinicseo.scoring.compliance import load_pack, run
    from clinicseo.scoring.document import parse

    doc = parse(f"<p>{html.escape(text, quote=False)}</p>")
    end = len(doc.text)
    found = set()
    model = USE_MODEL if use_model is None else use_model
    for c in run(doc, load_pack(jurisdiction), use_model=model):
        for f in c["findings"]:
            if f["where"] == "text" and f["span"] is not None and f["span"][1] <= end:
                found.add(f["rule"])
    return found


def evaluate(
    split: str, show_errors: bool, path: Path | None = None, batch: str | None = None
) -> None:
    path = path or DATA / f"{split}.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    if batch:  # e.g. "outside-writer-": the rows of the batches whose name starts so
        rows = [row for row in rows if str(row.get("batch", "")).startswith(batch)]
    split = split if path.parent == DATA else str(path)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    errors = []
    found = [predict(row["text"], row["jurisdiction"]) for row in rows]  # once: slow
    for row, got in zip(rows, found, strict=True):
        want = set(row["rules"])
        for r in want & got:
            tp[r] += 1
        for r in got - want:
            fp[r] += 1
        for r in want - got:
            fn[r] += 1
        if want != got:
            missed, extra = sorted(want - got), sorted(got - want)
            errors.append((row["jurisdiction"], missed, extra, row["text"]))
    print(f"split: {split} ({len(rows)} sentences, "
          f"{sum(1 for r in rows if not r['rules'])} compliant)")  # fmt: skip
    print(f"{'rule':6} {'n':>4} {'P':>6} {'R':>6} {'F1':>6}  recall/goal")
    rules = sorted(set(tp) | set(fp) | set(fn), key=lambda r: int(r[1:]))
    for r in rules:
        p, rc, f1 = _prf(tp[r], fp[r], fn[r])
        n = tp[r] + fn[r]
        print(f"{r:6} {n:4d} {p:6.2f} {rc:6.2f} {f1:6.2f}  {rc / GOALS['rule_recall']:.2f}")
    p, rc, f1 = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    print(f"{'all':6} {sum(tp.values()) + sum(fn.values()):4d} {p:6.2f} {rc:6.2f} {f1:6.2f}")
    print(f"overall: precision {p:.3f} ({p / GOALS['precision']:.2f} of goal), "
          f"recall {rc:.3f} ({rc / GOALS['recall']:.2f} of goal)")  # fmt: skip
    _gate(rows, found)
    if split == "test":
        _unseen(rows)
    _per_writer(rows, found)
    low = [r for r in rules if tp[r] + fn[r] and tp[r] / (tp[r] + fn[r]) < GOALS["rule_recall"]]
    print(f"rules under 0.8 recall: {', '.join(low) or 'none'}")
    if show_errors:
        for j, missed, extra, text in errors:
            print(f"  {j} missed={','.join(missed) or '-'} extra={','.join(extra) or '-'}  {text}")


def _gate(rows: list[dict], found: list[set[str]]) -> None:
    """The gate's own question, sentence by sentence: does it breach anything at all? A
    breach flagged under a neighbouring rule (R1 for R2) still stops the draft."""
    tp = sum(1 for row, got in zip(rows, found, strict=True) if row["rules"] and got)
    fp = sum(1 for row, got in zip(rows, found, strict=True) if not row["rules"] and got)
    fn = sum(1 for row, got in zip(rows, found, strict=True) if row["rules"] and not got)
    p, r, _ = _prf(tp, fp, fn)
    print(f"sentences with any breach: precision {p:.3f}, recall {r:.3f} "
          f"({fn} breaching sentences with no finding, {fp} compliant ones flagged)")  # fmt: skip


def _per_writer(rows: list[dict], found: list[set[str]]) -> None:
    """Overall figures per outside writer (rows that name a ``writer``), from the rules
    already ``found`` in each row."""
    for writer in sorted({row["writer"] for row in rows if "writer" in row}):
        tp = fp = fn = 0
        mine = [(row, got) for row, got in zip(rows, found, strict=True)
                if row.get("writer") == writer]  # fmt: skip
        for row, got in mine:
            want = set(row["rules"])
            tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
        p, r, _ = _prf(tp, fp, fn)
        print(f"writer {writer} ({len(mine)} sentences): precision {p:.3f}, recall {r:.3f}")


def _unseen(rows: list[dict]) -> None:
    """Overall figures without the test sentences that also appear in dev (the issue's
    quoted examples, which both splits must hold)."""
    dev = {_key(line) for line in (DATA / "dev.jsonl").read_text().splitlines()}
    tp = fp = fn = 0
    kept = [row for row in rows if _key(json.dumps(row)) not in dev]
    for row in kept:
        want, got = set(row["rules"]), predict(row["text"], row["jurisdiction"])
        tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
    p, r, _ = _prf(tp, fp, fn)
    print(f"without the {len(rows) - len(kept)} sentences also in dev: precision {p:.3f}, "
          f"recall {r:.3f}")  # fmt: skip


def _key(line: str) -> str:
    return json.loads(line)["text"].strip().rstrip(".").lower()


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def timing() -> None:
    from benchmarks.score import article_of
    from benchmarks.yoast.run import load_corpus
    from clinicseo.scoring import score_document
    from clinicseo.scoring.compliance import load_pack, run
    from clinicseo.scoring.document import parse
    from clinicseo.scoring.uniqueness import uniqueness_checks

    # Four different 1,200-word articles from the calibration corpus's paragraphs.
    corpus = load_corpus()
    docs = [article_of(corpus[i * len(corpus) // 4:], 1200) for i in range(4)]
    body, siblings = docs[0], docs[1:]
    words = len(parse(body).words)

    def unique() -> list[dict]:
        return uniqueness_checks(body, siblings=siblings, published=[],
                                 competitor_shingles=set(), threshold=0.5)  # fmt: skip

    from clinicseo.scoring.claims import model

    def scored(extra: list[dict]) -> None:
        model.hits.cache_clear()  # a new article: no sentence judged before (the worst case)
        score_document(body, keyphrase="microneedling", title="Microneedling and inflammation",
                       description="What microneedling does, its risks and recovery.",
                       slug="microneedling", site_url="https://clinic.example",
                       extra_checks=extra)  # fmt: skip

    doc, pack = parse(body), load_pack("AU")
    extra = unique()
    # What the evaluation above left alive (every sentence's findings, the model's cache)
    # is not the scorer's: frozen, the garbage collector's passes skip it, as they would in
    # a process that only scores (a fresh `clinicseo score` reads the same as frozen here).
    gc.collect()
    gc.freeze()
    for _ in range(5):
        scored(unique())
    full_ms, full_fastest = _timings_ms(lambda: scored(unique()), 60)
    score_ms, _ = _timings_ms(lambda: scored(extra), 60)
    unique_ms, _ = _timings_ms(unique, 60)

    def uncached() -> None:
        model.hits.cache_clear()  # every sentence judged afresh: the worst case
        run(doc, pack)

    claims_ms, claims_fastest = _timings_ms(uncached, 100)
    patterns_ms, patterns_fastest = _timings_ms(lambda: run(doc, pack, use_model=False), 100)
    print(
        f"article: {words} words (HTML, as benchmarks/score.py generates them); CPU time, "
        f"median; load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"full analysis warm (readability + SEO + compliance + uniqueness vs 3 variants): "
        f"{full_ms:.2f} ms ({full_ms / GOALS['ms']:.2f} of the 10 ms goal); fastest run "
        f"{full_fastest:.2f} ms"
    )
    print(f"  score_document (readability + SEO + compliance): {score_ms:.2f} ms")
    print(f"  uniqueness against 3 sibling variants: {unique_ms:.2f} ms")
    print(f"  compliance alone: {claims_ms:.2f} ms with the model (no sentence cached), "
          f"{patterns_ms:.2f} ms patterns only (fastest runs {claims_fastest:.2f} and "
          f"{patterns_fastest:.2f} ms)")  # fmt: skip


def _timings_ms(fn: Callable[[], object], n: int) -> tuple[float, float]:
    """The median and the fastest CPU time of ``n`` runs: on a shared box the median of the
    same code moves by half from one minute to the next, the fastest run much less."""
    times = []
    for _ in range(n):
        t = time.process_time()
        fn()
        times.append((time.process_time() - t) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test", choices=["test", "outside", "dev"])
    ap.add_argument("--file", type=Path, help="score this .jsonl file instead of a split")
    ap.add_argument("--errors", action="store_true", help="list misses and false alarms")
    ap.add_argument("--no-timing", action="store_true")
    ap.add_argument("--no-model", action="store_true", help="patterns only (no second signal)")
    ap.add_argument("--batch", help="only the dev rows whose batch name starts with this")
    args = ap.parse_args()
    global USE_MODEL
    USE_MODEL = not args.no_model
    evaluate(args.split, args.errors, args.file, args.batch)
    if not args.no_timing:
        timing()


if __name__ == "__main__":
    main()
