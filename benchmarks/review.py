"""Benchmark: the review app's queue page with 10,000 drafts in a real SQLite file.

Server time per request through Flask's test client (routing, the login gate, the store
queries, Jinja rendering), median and p95 over N requests for each queue view a person
uses: newest first, sorted by readability / SEO / state / topic, filtered by state and
topic, a deep page; and (issue #12) text search, the readiness filter, a draft page and a
compare page. Goal (issue #6): p95 <= 50 ms.

    .venv/bin/python benchmarks/review.py [--drafts 10000] [--requests 200]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from clinicseo import store  # noqa: E402
from clinicseo.config import load_config  # noqa: E402
from clinicseo.review import create_app  # noqa: E402
from clinicseo.review.auth import add_user  # noqa: E402

GOAL_MS = 50.0
KINDS = ("readability", "seo", "compliance", "uniqueness")
# Legal paths through the state machine to the states a tenth of the drafts are moved to.
PATHS = (
    ("approved",),
    ("approved", "scheduled"),
    ("approved", "scheduled", "publishing", "published"),
    ("rejected",),
)


def make_drafts(n: int, rng: random.Random) -> list[dict[str, object]]:
    """Draft rows the size of real ones: a ~6 kB body and ~25 checks each."""
    paragraph = "<p>" + "Microneedling helps the skin renew itself over some weeks. " * 12 + "</p>"
    drafts = []
    for i in range(n):
        topic = f"topic {i // 3:04d}"
        checks = [
            {
                "id": f"check_{k}",
                "kind": KINDS[k % 4],
                "status": rng.choice(("good", "ok", "bad")),
                "value": rng.random(),
                "message": "A message of ordinary length explaining the result.",
                "spans": [[rng.randrange(500), rng.randrange(500, 900)]],
            }
            for k in range(25)
        ]
        drafts.append(
            dict(
                topic=topic,
                variant="abc"[i % 3],
                title=f"Article {i} about {topic}",
                html="<h2>Heading</h2>" + paragraph * 8,
                keyphrase=f"key {i}",
                slug=f"article-{i}",
                meta_description="A meta description of typical length for a blog post.",
                scores={"readability": rng.randrange(30, 100), "seo": rng.randrange(30, 100)},
                checks=checks,
                approvable=True,
                blocking=[],
            )
        )
    return drafts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(6)
    with tempfile.TemporaryDirectory() as tmp:
        cfg_text = (REPO / "config" / "clinic.toml").read_text()
        cfg_text = re.sub(r'(?m)^path = ".*"$', 'path = "bench.db"', cfg_text)
        (Path(tmp) / "clinic.toml").write_text(cfg_text)
        config = load_config(Path(tmp) / "clinic.toml")
        conn = store.connect(config.database.path)
        t0 = time.perf_counter()
        ids = store.insert_drafts(conn, make_drafts(args.drafts, rng))
        for draft_id in ids[: len(ids) // 10]:  # a tenth moved on, so state filters bite
            for target in rng.choice(PATHS):
                store.transition(conn, draft_id, target, by="bench", action=target)
        add_user(conn, "bench", "bench-password", "editor")
        size_mb = config.database.path.stat().st_size / 1e6
        print(
            f"{args.drafts} drafts, {size_mb:.0f} MB database, "
            f"built in {time.perf_counter() - t0:.1f} s"
        )
        conn.close()

        app = create_app(config)
        client = app.test_client()
        page = client.get("/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token, "no CSRF token on the login page"
        client.post(
            "/login",
            data={"name": "bench", "password": "bench-password", "csrf_token": token.group(1)},
        )
        views = {
            "newest": "/",
            "readability": "/?sort=readability",
            "seo": "/?sort=seo",
            "state sort": "/?sort=state",
            "topic sort": "/?sort=topic",
            "publish time": "/?sort=publish_at",
            "drafts only": "/?state=draft",
            "drafts by SEO": "/?state=draft&sort=seo",
            "scheduled": "/?state=scheduled&sort=publish_at",
            "topic filter": "/?topic=topic+1234",
            "page 150": "/?page=150&sort=seo",
            # issue 12: text search, the publish gate's readiness filter (judges every
            # match), a draft page and a topic's compare page
            "search": "/?q=topic+12",
            "ready filter": "/?ready=ready",
            "not ready+q": "/?ready=not-ready&q=topic+1",
            "draft page": f"/drafts/{ids[len(ids) // 2]}",
            "compare": "/compare?topic=topic+1234",
        }
        worst = 0.0
        print(f"{'view':<14} {'median ms':>10} {'p95 ms':>8}   (n={args.requests})")
        for name, url in views.items():
            assert client.get(url).status_code == 200, url  # warm up, and check it works
            times = []
            for _ in range(args.requests):
                start = time.perf_counter()
                resp = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
                assert resp.status_code == 200
            times.sort()
            p95 = times[int(0.95 * (len(times) - 1))]
            worst = max(worst, p95)
            print(f"{name:<14} {statistics.median(times):>10.1f} {p95:>8.1f}")
        print(
            f"worst p95 {worst:.1f} ms; goal {GOAL_MS:.0f} ms "
            f"(ratio {worst / GOAL_MS:.2f} of the goal)"
        )
        return 0 if worst <= GOAL_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
