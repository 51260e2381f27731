"""What the preflight costs: ``clinicseo wordpress check`` (publisher.preflight.check_site)
against the real local WordPress, N times; prints the median and worst wall time and the
number of HTTP requests one check makes. Anchor: one publish run makes one check; a post's
create + read-back takes ~40–60 ms here, so a check should stay well under a second.

Run: ``.venv/bin/python -m benchmarks.preflight [--runs 10]``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.publish import CONFIG, PASSWORD_ENV
from clinicseo.config import load_config
from publisher.preflight import check_site
from scripts.local_wordpress import LocalWordPress


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    requests_made = 0
    original = http.client.HTTPConnection.putrequest

    def counted(self: http.client.HTTPConnection, *a: Any, **kw: Any) -> Any:
        nonlocal requests_made
        requests_made += 1
        return original(self, *a, **kw)

    with LocalWordPress() as wp, tempfile.TemporaryDirectory() as tmp:
        os.environ[PASSWORD_ENV] = wp.app_password
        path = Path(tmp) / "clinic.toml"
        path.write_text(CONFIG.format(url=wp.url, user=wp.admin_user, env=PASSWORD_ENV,
                                      api="xmlrpc"))  # fmt: skip
        config = load_config(path)
        http.client.HTTPConnection.putrequest = counted  # type: ignore[method-assign]
        times = []
        for _ in range(args.runs):
            requests_made = 0
            start = time.perf_counter()
            check = check_site(config)
            times.append(time.perf_counter() - start)
        http.client.HTTPConnection.putrequest = original  # type: ignore[method-assign]
    print(f"wordpress check: median {statistics.median(times) * 1000:.0f} ms, "
          f"worst {max(times) * 1000:.0f} ms over {args.runs} runs; "
          f"{requests_made} HTTP requests per check; verdict loses={check.loses_anything}")


if __name__ == "__main__":
    main()
