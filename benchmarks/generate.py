"""Benchmark: 1,000 variants for one topic, rendered, scored and stored in a real SQLite file.

    .venv/bin/python benchmarks/generate.py [--variants 1000] [--topic TEXT]

Prints each stage's time, variants per second and peak memory (max RSS of this process,
and of the largest scoring worker: batches of 200 or more are scored in 2 worker
processes, as drafting.draft_topic does). The anchor is the
goal in issue #4: 1,000 variants in at most 15 s on the 2-core build machine; the last line
prints the ratio against it (below 1.0 meets the goal).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from clinicseo import store  # noqa: E402
from clinicseo.config import load_config  # noqa: E402
from clinicseo.drafting import score_batch  # noqa: E402
from clinicseo.render import TopicBrief, render_variants  # noqa: E402

ANCHOR_S = 15.0  # issue #4: 1,000 variants in <= 15 s on this 2-core machine
EXAMPLE = Path(__file__).resolve().parent.parent / "config" / "clinic.toml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=1000)
    parser.add_argument("--topic", default="microneedling and inflammation")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        cfg_path = Path(tmp) / "clinic.toml"
        text = EXAMPLE.read_text().replace('path = "../data/clinicseo.db"', 'path = "bench.db"')
        cfg_path.write_text(text)
        config = load_config(cfg_path)
        conn = store.connect(config.database.path)
        store.migrate(conn)

        t0 = time.perf_counter()
        drafts = render_variants(TopicBrief.from_text(args.topic), args.variants, config=config)
        t1 = time.perf_counter()
        # As drafting.draft_topic does: each variant against all the others of the batch.
        results = score_batch(conn, config, drafts)
        scored = [{**draft, **result} for draft, result in zip(drafts, results, strict=True)]
        t2 = time.perf_counter()
        ids = store.insert_drafts(conn, scored)
        t3 = time.perf_counter()
        conn.close()

    total = t3 - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    n = len(ids)
    print(f"variants:            {n} for {args.topic!r}")
    print(f"render:              {t1 - t0:7.2f} s  ({n / (t1 - t0):7.1f} variants/s)")
    print(f"score + uniqueness:  {t2 - t1:7.2f} s  ({n / (t2 - t1):7.1f} variants/s)")
    print(f"store (one batch):   {t3 - t2:7.2f} s")
    print(f"total:               {total:7.2f} s  ({n / total:7.1f} variants/s)")
    print(f"peak memory (RSS):   {peak_mb:7.1f} MB  (largest worker: {worker_mb:.1f} MB)")
    print(f"approvable:          {sum(bool(d['approvable']) for d in scored)} of {n}")
    scaled = total * 1000 / n
    print(f"vs anchor {ANCHOR_S:.0f} s per 1,000 variants: {scaled / ANCHOR_S:.2f}x")


if __name__ == "__main__":
    main()
