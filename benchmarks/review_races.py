"""Benchmark: people racing each other on drafts, in threads on one real SQLite file.

Prints, over N rounds each (two threads started together by a barrier, a connection each,
a random pause before one of them so every interleaving occurs):

- two editors saving from the same text, with the hash they opened (the app's forms) and
  without (a CLI edit with no --expect-hash: "change the current text"): saves reported
  done, refused, overwritten (done, then replaced by the other's later save) and lost (not
  even kept as a version to restore);
- approve racing an edit, with and without the approver's hash: how each round ended, and
  stale approvals (a draft approved or scheduled for a text other than the stored one, or
  than the one its approver read);
- the time an edit (re-scoring included) and an approval take under that contention.

Goal (issue #16): 0 lost edits, 0 stale approvals.

    .venv/bin/python benchmarks/review_races.py [--rounds 200]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
import tomllib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from clinicseo import store, workflow  # noqa: E402
from clinicseo.config import Config, load_config  # noqa: E402
from clinicseo.errors import StateError  # noqa: E402
from tests.fixtures.config import EXAMPLE, dump_toml  # noqa: E402
from tests.test_store import draft  # noqa: E402

TIMES: dict[str, list[float]] = {"edit": [], "approve": []}


def race(path: Path, *actions: Callable[[Any], Any]) -> list[tuple[str, Any]]:
    barrier = threading.Barrier(len(actions))
    out: list[tuple[str, Any]] = [("", None)] * len(actions)

    def run(k: int, action: Callable[[Any], Any]) -> None:
        conn = store.connect(path)
        barrier.wait()
        try:
            out[k] = ("ok", action(conn))
        except StateError as exc:
            out[k] = ("refused", exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=run, args=(k, a)) for k, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def timed(kind: str, call: Callable[[], Any], delay: float = 0.0) -> Any:
    time.sleep(delay)
    start = time.perf_counter()
    try:
        return call()
    finally:
        TIMES[kind].append(time.perf_counter() - start)


def editors(config: Config, rounds: int, with_hash: bool) -> Counter[str]:
    path = config.database.path
    main = store.connect(path)
    (i,) = store.insert_drafts(main, [draft()])
    tally: Counter[str] = Counter()
    for n in range(rounds):
        opened = store.get_draft(main, i)["text_hash"] if with_hash else None

        def save(conn: Any, who: str, delay: float, n: int = n, seen: Any = opened) -> Any:
            html = f"<p>{who} rewrote this paragraph in round {n}.</p>"
            return timed(
                "edit",
                lambda: workflow.edit(conn, config, i, {"html": html}, by=who, expect_hash=seen),
                delay,
            )

        results = race(
            path, lambda c: save(c, "ann", 0), lambda c: save(c, "ben", random.uniform(0, 0.02))
        )
        current = store.get_draft(main, i)["html"]
        kept = {v["html"] for v in store.draft_versions(main, i)}
        for kind, result in results:
            tally[kind] += 1
            if kind == "ok" and result["html"] != current:
                tally["overwritten"] += 1  # replaced by the other save...
                if result["html"] not in kept:
                    tally["lost"] += 1  # ...and not even kept as a version
    return tally


def approve_vs_edit(config: Config, rounds: int, with_hash: bool) -> Counter[str]:
    path = config.database.path
    main = store.connect(path)
    tally: Counter[str] = Counter()
    for n in range(rounds):
        (i,) = store.insert_drafts(main, [draft(keyphrase=f"race {n}", slug=f"race-{n}")])
        opened = store.get_draft(main, i)["text_hash"]
        seen = opened if with_hash else None

        def approve(conn: Any, i: int = i, seen: str | None = seen) -> Any:
            return timed(
                "approve",
                lambda: workflow.approve(
                    conn, config, i, by="mia", now=store.now_utc(), expect_hash=seen
                ),
                random.uniform(0, 0.012),
            )

        def edit(conn: Any, i: int = i, n: int = n, opened: str = opened) -> Any:
            return timed(
                "edit",
                lambda: workflow.edit(
                    conn,
                    config,
                    i,
                    {"html": f"<p>sam, round {n}</p>"},
                    by="sam",
                    expect_hash=opened,
                ),
            )

        (a, _), (e, _) = race(path, approve, edit)
        tally[f"approve {a} / edit {e}"] += 1
        d = store.get_draft(main, i)
        read = opened if with_hash else d["approved_hash"]
        if d["state"] in (store.APPROVED, store.SCHEDULED) and (
            d["approved_hash"] != d["text_hash"] or d["approved_hash"] != read
        ):
            tally["stale"] += 1
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = tomllib.loads(EXAMPLE.read_text())
        data["database"] = {"path": "races.db"}
        cfg = Path(tmp) / "clinic.toml"
        cfg.write_text(dump_toml(data))
        config = load_config(cfg)
        workflow.edit(
            store.connect(config.database.path),
            config,
            store.insert_drafts(store.connect(config.database.path), [draft()])[0],
            {"title": "warm up the scorer"},
            by="bench",
        )
        for with_hash in (True, False):
            label = "with the hash read" if with_hash else "without a hash"
            t = editors(config, args.rounds, with_hash)
            print(
                f"two editors, {label}, {args.rounds} rounds: saved {t['ok']}, refused "
                f"{t['refused']}, overwritten by the other save {t['overwritten']}, lost "
                f"(not kept as a version either) {t['lost']}"
            )
            t = approve_vs_edit(config, args.rounds, with_hash)
            stale = t.pop("stale", 0)
            print(
                f"approve racing edit, {label}, {args.rounds} rounds: stale approvals "
                f"{stale}; {dict(sorted(t.items()))}"
            )
    for kind, values in TIMES.items():
        ms = sorted(v * 1000 for v in values)
        print(
            f"{kind}: median {statistics.median(ms):.1f} ms, p95 "
            f"{ms[int(len(ms) * 0.95) - 1]:.1f} ms over {len(ms)} calls under contention"
        )


if __name__ == "__main__":
    main()
