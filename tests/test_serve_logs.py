"""`clinicseo serve` on waitress and the services' one log format (clinic time, no secrets),
run as real processes against a real config and database."""

from __future__ import annotations

import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from clinicseo.config import Config
from clinicseo.logs import ClinicFormatter

LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d AE[DS]T (DEBUG|INFO|WARNING|ERROR) \S+: ")
SECRET_KEY = "session-key-7d1f0c2a9b"
WP_PASSWORD = "wp-pass-5e8a2c"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "CLINICSEO_SECRET_KEY": SECRET_KEY,
        "CLINICSEO_WP_PASSWORD": WP_PASSWORD,
    }


def _clinicseo() -> list[str]:
    return [sys.executable, "-m", "clinicseo"]


def test_serve_runs_on_waitress_and_logs_each_request_in_clinic_time(
    make_config: Callable[..., Config], tmp_path: Path
) -> None:
    make_config()
    port = _free_port()
    cmd = [*_clinicseo(), "serve", "--config", str(tmp_path / "clinic.toml"), "--port", str(port)]
    proc = subprocess.Popen(cmd, env=_env(), stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as resp:
                    assert resp.status == 200
                    assert resp.headers["Server"] == "clinicseo"  # waitress's ident
                    break
            except OSError:
                assert time.monotonic() < deadline, "the app did not start"
                time.sleep(0.3)
    finally:
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=30)
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, err
    assert all(LINE.match(line) for line in lines), err
    assert any("(waitress, 8 threads)" in line for line in lines), err
    assert any(re.search(r"clinicseo.review.access: GET /login 200 \d+ ms -$", x) for x in lines)
    assert SECRET_KEY not in err and WP_PASSWORD not in err


def test_scheduler_logs_in_the_same_format_at_the_chosen_level(
    make_config: Callable[..., Config], tmp_path: Path
) -> None:
    make_config(schedule={"crawl": "", "watchdog_minutes": 0, "blog_import_hours": 0})
    base = [*_clinicseo(), "scheduler", "--once", "--config", str(tmp_path / "clinic.toml")]
    info = subprocess.run(base, env=_env(), capture_output=True, text=True, timeout=120)
    assert info.returncode == 0, info.stderr
    lines = info.stderr.splitlines()
    assert any("publisher.scheduler: one pass (--once): " in line for line in lines), info.stderr
    assert all(LINE.match(line) for line in lines), info.stderr
    quiet = subprocess.run(
        [*base, "--log-level", "warning"], env=_env(), capture_output=True, text=True, timeout=120
    )
    assert quiet.returncode == 0 and "one pass" not in quiet.stderr


def test_known_secret_values_are_masked_in_any_record() -> None:
    from zoneinfo import ZoneInfo

    formatter = ClinicFormatter(ZoneInfo("Australia/Melbourne"), (WP_PASSWORD, "abc"))
    record = logging.LogRecord(
        "publisher.wordpress", logging.ERROR, __file__, 1, "login failed with %s", (WP_PASSWORD,),
        None,
    )  # fmt: skip
    text = formatter.format(record)
    assert WP_PASSWORD not in text and "login failed with ***" in text
    assert LINE.match(text)
