"""Benchmark: 1,000 variants for one topic, rendered, scored, checked for uniqueness against
everything already stored, and stored, in a real SQLite file.

    .venv/bin/python benchmarks/generate.py [--variants 1000] [--topic TEXT]
                                            [--stored 10000] [--blog 500]

Before the clock starts the store is filled with `--stored` drafts and `--blog` imported blog
posts, fingerprinted and paired for the near-copy index (issue #11): a fifth of each are real
renders of other topics (sharing the template library's wording, as real ones do), the rest
texts of their own. The fill runs in a process of its own, so neither its time nor its memory
is in the figures. The run is `drafting.draft_topic`, as `clinicseo generate` calls it: plan,
then render and score (in 2 worker processes from 200 variants on), compare every variant
with every stored draft and blog post through the index, store what is not a copy, and store
the new drafts' near-copy pairs for the publish gate.

Prints each stage's time, variants per second and peak memory (max RSS of this process,
and of the largest scoring worker). The anchor is the goal in issues #4 and #11: 1,000
variants in at most 15 s on the 2-core build machine, against 10,000 drafts and 500 blog
posts; the last line prints the ratio against it (below 1.0 meets the goal).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from clinicseo import drafting, nearcopies, store  # noqa: E402
from clinicseo.config import Config, load_config  # noqa: E402
from clinicseo.render import TopicBrief, render_variants  # noqa: E402
from clinicseo.scoring import plain_text  # noqa: E402

ANCHOR_S = 15.0  # issues #4 and #11: 1,000 variants in <= 15 s on this 2-core machine
EXAMPLE = Path(__file__).resolve().parent.parent / "config" / "clinic.toml"


OTHER_TOPICS = ("microneedling for acne scars", "microneedling aftercare",
                "microneedling for ageing skin", "microneedling for sensitive skin")  # fmt: skip


def fill(conn: object, config: Config, stored: int, blog: int) -> None:
    """`stored` drafts and `blog` blog posts, a fifth of each real renders of other topics."""
    rng = random.Random(11)
    vocab = [
        f"{a}{i}" for a in ("skin", "heal", "dose", "scar", "tone", "calm") for i in range(500)
    ]

    def own_text() -> str:
        return " ".join(rng.choice(vocab) for _ in range(600))

    real_n = (stored + blog) // 5
    real = []
    for k, topic in enumerate(OTHER_TOPICS):
        n = real_n // len(OTHER_TOPICS) + 1
        real += render_variants(TopicBrief.from_text(topic), n, config=config, seed=100 + k)
    drafts = [{**r, "variant": f"{r['variant']}/{i}", "slug": f"{r['slug']}-{i}"}
              for i, r in enumerate(real[: stored // 5])]  # fmt: skip
    drafts += [{"topic": f"topic {i}", "title": f"Post {i}", "html": f"<p>{own_text()}</p>",
                "keyphrase": f"key {i}", "slug": f"post-{i}"}
               for i in range(stored - len(drafts))]  # fmt: skip
    for start in range(0, len(drafts), 1000):
        store.insert_drafts(conn, drafts[start : start + 1000])  # type: ignore[arg-type]
    texts = [plain_text(r["html"]) for r in real[stored // 5 :][: blog // 5]]
    texts += [own_text() for _ in range(blog - len(texts))]
    store.replace_blog_posts(conn, [  # type: ignore[arg-type]
        {"wp_id": i + 1, "title": f"Blog post {i}", "slug": f"blog-{i}", "text": t,
         "status": "publish", "keyphrase": f"blog key {i}"}
        for i, t in enumerate(texts)
    ])  # fmt: skip
    nearcopies.sync(conn)  # type: ignore[arg-type]


def fill_file(cfg_path: str, stored: int, blog: int) -> None:
    """`fill` the store of the config at `cfg_path` (run in a process of its own)."""
    config = load_config(Path(cfg_path))
    conn = store.connect(config.database.path)
    fill(conn, config, stored, blog)
    conn.close()


def _timed(module: object, name: str, spent: dict[str, float], key: str) -> None:
    """Count the wall time spent in `module.name` into `spent[key]`."""
    inner = getattr(module, name)

    def timed(*args: object, **kwargs: object) -> object:
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[key] += time.perf_counter() - start

    setattr(module, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=1000)
    parser.add_argument("--topic", default="microneedling and inflammation")
    parser.add_argument("--stored", type=int, default=10_000)
    parser.add_argument("--blog", type=int, default=500)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        cfg_path = Path(tmp) / "clinic.toml"
        text = EXAMPLE.read_text().replace('path = "../data/clinicseo.db"', 'path = "bench.db"')
        cfg_path.write_text(text)
        config = load_config(cfg_path)
        t_fill = time.perf_counter()
        filler = multiprocessing.get_context("spawn").Process(
            target=fill_file, args=(str(cfg_path), args.stored, args.blog)
        )
        filler.start()
        filler.join()
        if filler.exitcode:
            raise SystemExit(f"filling the store failed (exit code {filler.exitcode})")
        filler_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        conn = store.connect(config.database.path)
        print(f"store:               {store.count_drafts(conn)} drafts, "
              f"{len(store.blog_posts(conn))} blog posts, fingerprinted "
              f"(filled in {time.perf_counter() - t_fill:.1f} s, not timed)")  # fmt: skip

        scored_at: list[float] = []
        skipped: list[str] = []
        # wall time in the near-copy index (lookups, then pairing the new drafts) and the insert
        spent = {"index": 0.0, "pair": 0.0, "insert": 0.0}
        _timed(drafting, "_held_copy", spent, "index")
        _timed(nearcopies, "sync", spent, "index")
        _timed(nearcopies, "pair", spent, "pair")
        _timed(store, "insert_drafts", spent, "insert")
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        ids = drafting.draft_topic(
            conn,
            config,
            args.topic,
            args.variants,
            skipped=skipped,
            on_variant=lambda: scored_at.append(time.perf_counter()),
        )
        t3 = time.perf_counter()
        cpu = time.process_time() - cpu0
        approvable = sum(bool(store.get_draft(conn, i)["approvable"]) for i in ids)
        conn.close()

    total = t3 - t0
    t2 = scored_at[-1] if scored_at else t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    n = args.variants
    print(f"variants:            {n} for {args.topic!r}: {len(ids)} stored, "
          f"{len(skipped)} skipped as copies of texts held")  # fmt: skip
    print(f"render + score:      {t2 - t0:7.2f} s  ({n / (t2 - t0):7.1f} variants/s)")
    print(f"uniqueness + store:  {t3 - t2:7.2f} s  (in the batch, then against everything held"
          f" through the near-copy index: {spent['index']:.2f} s; the insert: "
          f"{spent['insert']:.2f} s; pairing the new drafts for the gate: "
          f"{spent['pair']:.2f} s)")  # fmt: skip
    print(f"total:               {total:7.2f} s  ({n / total:7.1f} variants/s; "
          f"main process CPU {cpu:.2f} s)")  # fmt: skip
    workers = f"{worker_mb:.1f} MB" if worker_mb > filler_mb else f"at most {filler_mb:.1f} MB"
    print(f"peak memory (RSS):   {peak_mb:7.1f} MB  (largest worker: {workers}; the filler, "
          f"not timed: {filler_mb:.1f} MB)")  # fmt: skip
    print(f"scored approvable:   {approvable} of {len(ids)} (text checks only; the gate decides)")
    scaled = total * 1000 / n
    print(f"vs anchor {ANCHOR_S:.0f} s per 1,000 variants: {scaled / ANCHOR_S:.2f}x")


if __name__ == "__main__":
    main()
