"""Publishing speed and scheduler idle cost, on the real local WordPress.

1. ``publish_due`` sends N posts (default 100) through each route (XML-RPC, REST). It prints
   posts/s and our overhead: wall time minus the time spent waiting for WordPress's answers
   (summed over ``http.client.HTTPConnection.getresponse``, which both xmlrpc.client and
   requests go through). Anchor: WordPress's own response time; goal overhead <= 10 %.
2. The scheduler runs idle in a subprocess for ``--idle-s`` seconds (default 10); its CPU
   time over that wall time is printed. Goal <= 0.5 %.

Run: ``.venv/bin/python -m benchmarks.publish [--posts 100] [--idle-s 10]``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from clinicseo import store
from clinicseo.config import load_config
from publisher.jobs import publish_due
from scripts.local_wordpress import LocalWordPress

REPO = Path(__file__).resolve().parents[1]
PASSWORD_ENV = "CLINICSEO_BENCH_WP_PASSWORD"
CONFIG = """
[clinic]
name = "Cosmos Clinic"
site_url = "https://clinic.example"
timezone = "Australia/Melbourne"
[database]
path = "clinicseo.db"
[wordpress]
url = "{url}"
username = "{user}"
password_env = "{env}"
api = "{api}"
[schedule]
publish_slots = ["tue 09:00", "thu 09:00"]
crawl = ""
watchdog_minutes = 15
"""

# Each post carries the template's figure: one upload for the run, a media lookup per post.
FIGURE = (
    '<figure><img src="https://clinic.example/wp-content/uploads/clinicseo/'
    'microneedling-session.png" alt="Diagram" width="1200" height="800"></figure>'
)
HTML = FIGURE + "<h2>How microneedling works</h2>" + "<p>Fine needles make tiny injuries. " * 40
HTML += "</p>"


class WaitClock:
    """Sums the time spent sending requests and waiting for the answers' headers: the
    transport and WordPress's own time, as opposed to ours."""

    METHODS = ("send", "getresponse")

    def __init__(self) -> None:
        self.waited = 0.0
        self._originals = {m: getattr(http.client.HTTPConnection, m) for m in self.METHODS}

    def __enter__(self) -> WaitClock:
        for name, original in self._originals.items():
            setattr(http.client.HTTPConnection, name, self._timed(original))
        return self

    def _timed(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.waited += time.perf_counter() - start

        return timed

    def __exit__(self, *exc: object) -> None:
        for name, original in self._originals.items():
            setattr(http.client.HTTPConnection, name, original)


def write_config(folder: Path, wp: LocalWordPress, api: str, name: str = "") -> Path:
    name = name or api
    path = folder / f"{name}.toml"
    text = CONFIG.format(url=wp.url, user=wp.admin_user, env=PASSWORD_ENV, api=api)
    path.write_text(text.replace('"clinicseo.db"', f'"{name}.db"'))
    return path


def bench_publish(wp: LocalWordPress, folder: Path, api: str, n: int) -> None:
    wp.reset()
    config = load_config(write_config(folder, wp, api))
    conn = store.connect(config.database.path)
    now = store.now_utc()
    drafts = [
        dict(topic="microneedling", title=f"Microneedling and inflammation {i}", html=HTML,
             slug=f"microneedling-{i}", keyphrase="microneedling", meta_description="About it.",
             excerpt="About it.", categories=["Skin Care"], tags=["microneedling", f"t{i % 5}"],
             jsonld=[{"@type": "Article"}], scores={}, checks=[], approvable=True, blocking=[])
        for i in range(n)
    ]  # fmt: skip
    for draft_id in store.insert_drafts(conn, drafts):
        d = store.get_draft(conn, draft_id)
        store.transition(conn, draft_id, store.APPROVED, by="b", action="approved",
                         approved_hash=d["text_hash"])  # fmt: skip
        store.transition(conn, draft_id, store.SCHEDULED, by="b", action="scheduled",
                         publish_at=store.iso(now - timedelta(minutes=1)))  # fmt: skip
    with WaitClock() as clock:
        start, cpu = time.perf_counter(), time.process_time()
        summary = publish_due(conn, config, now)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert len(summary.published) == n, summary.lines()[-1]
    ours = wall - clock.waited
    print(
        f"{api:7s} {n} posts in {wall:.2f} s = {n / wall:.1f} posts/s; WordPress answering "
        f"{clock.waited:.2f} s, ours {ours:.2f} s = {ours / clock.waited:.1%} of WordPress's "
        f"time (goal <= 10 %: {'met' if ours <= 0.10 * clock.waited else 'NOT met'}); "
        f"our CPU {cpu:.2f} s = {cpu / clock.waited:.1%} "
        "(the rest of ours is off-CPU: SQLite commits' fsyncs, scheduling)"
    )
    conn.close()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_idle(wp: LocalWordPress, folder: Path, seconds: float) -> None:
    wp.reset()
    path = write_config(folder, wp, "xmlrpc", "idle")
    env = {**os.environ, PASSWORD_ENV: wp.app_password}
    proc = subprocess.Popen(
        [sys.executable, "-m", "publisher.scheduler", "--config", str(path)],
        cwd=REPO, env=env, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stderr is not None
    seen = ""
    while "scheduler started" not in seen:
        line = proc.stderr.readline()
        if not line:
            raise SystemExit(f"the scheduler did not start (exit {proc.wait()}): {seen}")
        seen += line
    time.sleep(1.0)  # let the start-up catch-up round finish
    cpu0, t0 = cpu_seconds(proc.pid), time.monotonic()
    time.sleep(seconds)
    cpu1, t1 = cpu_seconds(proc.pid), time.monotonic()
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    share = (cpu1 - cpu0) / (t1 - t0)
    print(
        f"scheduler idle: {cpu1 - cpu0:.3f} s CPU over {t1 - t0:.1f} s = {share:.3%} "
        f"(goal <= 0.5 %: {'met' if share <= 0.005 else 'NOT met'})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100)
    parser.add_argument("--idle-s", type=float, default=10.0)
    args = parser.parse_args()
    with LocalWordPress() as wp, tempfile.TemporaryDirectory() as tmp:
        os.environ[PASSWORD_ENV] = wp.app_password
        for api in ("xmlrpc", "rest"):
            bench_publish(wp, Path(tmp), api, args.posts)
        bench_idle(wp, Path(tmp), args.idle_s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
