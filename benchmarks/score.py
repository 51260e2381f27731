"""Benchmark: scoring speed on a generated corpus, side by side with Yoast's own analysis.

    .venv/bin/python benchmarks/score.py [--articles 120] [--yoast /tmp/yoast-bench]

Generates ≥ 100 articles of 300–2,000 words (fixed seed), then prints:
  * warm: per-article median and total of ``score_document`` in one process (every
    article a distinct text, so textstat's per-text cache never helps);
  * cold: a fresh interpreter importing the scorer and scoring one article, and
    ``clinicseo score FILE`` end to end (median of 5 runs);
  * Yoast: the same articles through the npm package ``yoastseo`` 3.6.0 in Node
    (benchmarks/yoast/analyze.js), if installed under --yoast (``cd /tmp/yoast-bench &&
    npm install yoastseo@3.6.0``), with the ratio of medians and the agreement of scores;
  * the Flesch figure for the seed article, ours against Yoast's.
Anchors: our goal is ≤ 10 ms warm per 1,200-word article (Yoast ~175 ms) and ≤ 1.0 s for
``clinicseo score`` on one file. Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SEED = REPO / "tests" / "data" / "seed" / "microneedling-and-inflammation.txt"

SUBJECTS = [
    "Microneedling",
    "Collagen induction",
    "The treatment",
    "Your skin",
    "Inflammation",
    "A trained practitioner",
    "Aftercare",
    "Each session",
    "The healing response",
]
VERBS = [
    "creates",
    "supports",
    "triggers",
    "reduces",
    "improves",
    "involves",
    "needs",
    "changes",
    "follows",
    "depends on",
]
OBJECTS = [
    "tiny channels in the skin",
    "new collagen over several weeks",
    "redness for a day or two",
    "the look of acne scars",
    "a careful consultation first",
    "gentle cleansing at home",
    "sun protection every morning",
    "controlled micro-injuries",
    "growth factors",
    "the skin's natural repair process",
    "fine lines around the eyes",
]
TAILS = [
    "",
    "",
    " because the skin repairs itself",
    ", however results vary from person to person",
    " for example after three sessions",
    " and this takes time",
    ", so patience helps",
    " when the skin is not inflamed",
    " as the dermis rebuilds its structure slowly",
]
HEADINGS = ["How microneedling works", "What to expect", "Risks and recovery", "Aftercare tips",
            "Who should avoid it", "How many sessions", "The science of inflammation"]  # fmt: skip


def article(rng: random.Random, words: int) -> str:
    parts, count, since_heading = ["<h1>Microneedling and inflammation</h1>"], 0, 0
    para: list[str] = []
    while count < words:
        s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(TAILS)}."
        if rng.random() < 0.05:
            s = s[:-1] + ' (see <a href="https://doi.org/10.1000/x">Lee 2021</a>).'
        para.append(s)
        n = len(s.split())
        count, since_heading = count + n, since_heading + n
        if len(para) >= rng.randint(3, 6):
            parts.append("<p>" + " ".join(para) + "</p>")
            para = []
            if since_heading > rng.randint(150, 280):
                parts.append(f"<h2>{rng.choice(HEADINGS)}</h2>")
                since_heading = 0
            if rng.random() < 0.1:
                parts.append('<p><img src="/img/skin.jpg" alt="Microneedling session"></p>')
    if para:
        parts.append("<p>" + " ".join(para) + ' <a href="/book">Book a consultation</a>.</p>')
    return "".join(parts)


def corpus(n: int) -> list[dict[str, str]]:
    rng = random.Random(2026)
    docs = []
    for i in range(n):
        words = 300 + (i * 1700) // max(1, n - 1)  # evenly 300 … 2,000 words
        docs.append({
            "html": article(rng, words), "keyphrase": "microneedling",
            "title": "Microneedling and inflammation: what to expect",
            "description": "How microneedling uses controlled inflammation to renew skin, what "
                           "recovery looks like, and how to care for your skin afterwards.",
            "slug": "microneedling-and-inflammation",
        })  # fmt: skip
    return docs


def warm(docs: list[dict[str, str]]) -> tuple[list[float], list[float], list[dict]]:
    from clinicseo.scoring import score_document

    score_document(SEED.read_text(), fmt="text")  # load CMUdict and textstat once
    times, cpu, results = [], [], []
    for d in docs:
        t, c = time.perf_counter(), time.process_time()
        r = score_document(d["html"], keyphrase=d["keyphrase"], title=d["title"],
                           description=d["description"], slug=d["slug"],
                           site_url="https://clinic.example")  # fmt: skip
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        results.append(r)
    return times, cpu, results


def cold(doc: dict[str, str]) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.html"
        path.write_text(doc["html"])
        code = ("import time; t = time.perf_counter(); from clinicseo.scoring import score_file; "
                f"score_file(__import__('pathlib').Path({str(path)!r}), keyphrase='x'); "
                "print((time.perf_counter() - t) * 1000)")  # fmt: skip
        in_process = [float(subprocess.check_output([sys.executable, "-c", code], cwd=REPO))
                      for _ in range(5)]  # fmt: skip
        cli = shutil.which("clinicseo", path=str(Path(sys.executable).parent)) or "clinicseo"
        end_to_end = []
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run([cli, "score", str(path), "--keyphrase", "microneedling",
                            "--format", "json"], cwd=REPO, check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
            end_to_end.append((time.perf_counter() - t) * 1000)
    return statistics.median(in_process), statistics.median(end_to_end)


def yoast(docs: list[dict[str, str]], yoast_dir: Path) -> list[dict] | None:
    if not (yoast_dir / "node_modules" / "yoastseo").is_dir() or not shutil.which("node"):
        return None
    from clinicseo.scoring.widths import title_width_px

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump([{**d, "titleWidth": round(title_width_px(d["title"]))} for d in docs], fh)
    env = {**os.environ, "NODE_PATH": str(yoast_dir / "node_modules")}
    out = subprocess.run(["node", str(REPO / "benchmarks/yoast/analyze.js"), fh.name],
                         env=env, capture_output=True, text=True, check=False)  # fmt: skip
    os.unlink(fh.name)
    if out.returncode != 0:
        print("Yoast run failed:", out.stderr.strip().splitlines()[-1:] or out.returncode)
        return None
    return json.loads(out.stdout)


def seed_doc() -> dict[str, str]:
    from clinicseo.scoring.document import parse

    doc = parse(SEED.read_text(), "text")
    html = "".join(f"<h{b.level}>{b.text}</h{b.level}>" if b.kind == "h" else f"<p>{b.text}</p>"
                   for b in doc.blocks)  # fmt: skip
    return {"html": html, "keyphrase": "microneedling", "title": doc.blocks[0].text,
            "description": "", "slug": "microneedling-and-inflammation"}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=120)
    ap.add_argument("--yoast", type=Path, default=Path("/tmp/yoast-bench"))
    args = ap.parse_args()
    docs = corpus(max(100, args.articles))
    words = [len(d["html"].split()) for d in docs]
    print(f"corpus: {len(docs)} articles, ~{min(words)}–{max(words)} words each")

    print(f"load average before: {os.getloadavg()[0]:.2f} (other work on the box slows wall time)")
    times, cpu, ours = warm(docs)
    med, total = statistics.median(times), sum(times)
    near = [(t, c) for t, c, r in zip(times, cpu, ours, strict=True) if 1000 <= r["words"] <= 1400]
    near_wall = statistics.median(t for t, _ in near)
    near_cpu = statistics.median(c for _, c in near)
    print(f"ours warm: median {med:.2f} ms/article (CPU {statistics.median(cpu):.2f} ms), total "
          f"{total:.0f} ms; 1,000–1,400-word articles median {near_wall:.2f} ms wall, "
          f"{near_cpu:.2f} ms CPU (goal ≤ 10 ms: ratio {near_cpu / 10:.2f})")  # fmt: skip
    cold_in, cold_cli = cold(docs[len(docs) // 2])
    print(f"ours cold: import + first score {cold_in:.0f} ms; `clinicseo score FILE` end to end "
          f"{cold_cli:.0f} ms (goal ≤ 1,000 ms: {cold_cli / 1000:.2f} of budget)")  # fmt: skip

    seed = seed_doc()
    ys = yoast([*docs, seed], args.yoast)
    from clinicseo.scoring import score_document

    our_seed = score_document(seed["html"], keyphrase="microneedling", title=seed["title"],
                              slug=seed["slug"])  # fmt: skip
    if ys is None:
        print("Yoast: not installed (cd /tmp/yoast-bench && npm install yoastseo@3.6.0); skipped")
        print(f"seed Flesch: ours {our_seed['readability']['flesch_reading_ease']}")
        return
    y_docs, y_seed = ys[:-1], ys[-1]
    y_times = [y["ms"] for y in y_docs]
    y_med = statistics.median(y_times)
    print(
        f"Yoast warm: median {y_med:.2f} ms/article, total {sum(y_times):.0f} ms → ours is "
        f"{y_med / med:.1f}× faster per article (median), {sum(y_times) / total:.1f}× in total"
    )
    same_r = sum(1 for o, y in zip(ours, y_docs, strict=True)
                 if o["scores"]["readability"] == y["readability_score"])  # fmt: skip
    seo_diff = [abs(o["scores"]["seo"] - y["seo_score"]) for o, y in zip(ours, y_docs, strict=True)]
    fre_diff = [abs(o["readability"]["flesch_reading_ease"] - y["flesch"]["score"])
                for o, y in zip(ours, y_docs, strict=True)]  # fmt: skip
    print(f"agreement: readability score equal on {same_r}/{len(docs)}; SEO score |diff| median "
          f"{statistics.median(seo_diff):.0f}, max {max(seo_diff)}; Flesch |diff| median "
          f"{statistics.median(fre_diff):.1f}, max {max(fre_diff):.1f}")  # fmt: skip
    print(f"seed Flesch: ours {our_seed['readability']['flesch_reading_ease']}, "
          f"Yoast {y_seed['flesch']['score']}; "
          f"readability ours {our_seed['scores']['readability']} "
          f"/ Yoast {y_seed['readability_score']}; SEO ours {our_seed['scores']['seo']} / Yoast "
          f"{y_seed['seo_score']}")  # fmt: skip


if __name__ == "__main__":
    main()
