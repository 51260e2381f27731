"""Run yoastseo 3.6.0 (Node, a separate process) over the calibration corpus.

    .venv/bin/python benchmarks/yoast/run.py [--yoast DIR] [--part own|outside|outside-tune]
                                             [--details OUT.json]

Writes, beside each part of the corpus (tests/data/calibration), Yoast's results on it:
yoast.jsonl for our own writing (corpus.jsonl), outside_yoast.jsonl for the held-back
outside articles (outside.jsonl) and outside_tune_yoast.jsonl for the outside articles
tuned on (outside_tune.jsonl); every part unless --part. Per article: Yoast's Flesch
figure, word count, every readability and SEO result (score per assessment id) and both
overall scores. Needs Node and ``npm install yoastseo@3.6.0`` in DIR (default
/tmp/yoast-bench); yoastseo is GPL and is only ever run as its own process here, never
imported or shipped. ``--details`` also dumps what Yoast's researches saw (sentences,
syllables…) for tuning, not stored.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
DATA = REPO / "tests" / "data" / "calibration"
# part → (articles, Yoast's results on them). "own" is our writing; the outside parts are
# NHS pages we did not write (make_outside.py), one held back and one to tune on.
PARTS = {
    "own": ("corpus.jsonl", "yoast.jsonl"),
    "outside": ("outside.jsonl", "outside_yoast.jsonl"),
    "outside-tune": ("outside_tune.jsonl", "outside_tune_yoast.jsonl"),
}
ANALYZE = Path(__file__).with_name("analyze.js")
SITE = "https://clinic.example"  # the site every corpus article is posted on


def _rows(name: str) -> list[dict[str, Any]]:
    path = DATA / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def load_part(part: str) -> list[dict[str, Any]]:
    return _rows(PARTS[part][0])


def load_corpus(outside: bool = False) -> list[dict[str, Any]]:
    """Our own articles; with ``outside``, the outside articles after them (both parts:
    their ``split`` says which is held back)."""
    return [d for part in PARTS if outside or part == "own" for d in load_part(part)]


def load_results() -> dict[str, dict[str, Any]]:
    """Yoast's stored results on every part, by article id."""
    return {r["id"]: r for _, results in PARTS.values() for r in _rows(results)}


def available(yoast_dir: Path) -> bool:
    return (yoast_dir / "node_modules" / "yoastseo").is_dir() and shutil.which("node") is not None


def analyse(docs: list[dict[str, Any]], yoast_dir: Path, details: bool = False) -> list[dict]:
    """Yoast's raw results for ``docs`` ({"html", "keyphrase", "title", ...}), in order."""
    from clinicseo.scoring.widths import title_width_px

    # Yoast measures the title's width in the browser; the Paper takes it as a number. The
    # permalink tells it the site's host, for internal links (WordPress always passes it).
    payload = [
        {**d, "titleWidth": round(title_width_px(d.get("title") or "")),
         "permalink": f"{SITE}/{d.get('slug') or ''}"}
        for d in docs
    ]  # fmt: skip
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(payload, fh)
    try:
        env = {**os.environ, "NODE_PATH": str(yoast_dir / "node_modules")}
        cmd = ["node", str(ANALYZE), fh.name, *(["--details"] if details else [])]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    finally:
        os.unlink(fh.name)
    results: list[dict] = json.loads(out.stdout)
    return results


def summary(doc_id: str, r: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": doc_id,
        "flesch": r["flesch"]["score"],
        "words": r["words"],
        "readability": dict(r["readability"]),
        "readability_score": r["readability_score"],
        "seo": dict(r["seo"]),
        "seo_score": r["seo_score"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--yoast", type=Path, default=Path("/tmp/yoast-bench"))
    ap.add_argument(
        "--part",
        choices=list(PARTS),
        action="append",
        help="only this part of the corpus (repeatable; default: every part)",
    )
    ap.add_argument("--details", type=Path, help="also write Yoast's research details here")
    args = ap.parse_args()
    if not available(args.yoast):
        sys.exit(f"yoastseo not found: cd {args.yoast} && npm install yoastseo@3.6.0")
    details: dict[str, Any] = {}
    for part in args.part or list(PARTS):
        docs = load_part(part)
        raw = analyse(docs, args.yoast, details=args.details is not None)
        results = DATA / PARTS[part][1]
        with results.open("w", encoding="utf-8") as fh:
            for d, r in zip(docs, raw, strict=True):
                fh.write(json.dumps(summary(d["id"], r)) + "\n")
        details.update({d["id"]: r for d, r in zip(docs, raw, strict=True)})
        print(f"wrote Yoast's results on {len(docs)} articles to {results.relative_to(REPO)}")
    if args.details:
        args.details.write_text(json.dumps(details))


if __name__ == "__main__":
    main()
