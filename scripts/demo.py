"""The main job on the embedded defaults, end to end on real local parts.

Brings up a throwaway WordPress and a sample competitor clinic site on 127.0.0.1, writes a
config for them in demo/, and runs clinicseo exactly as staff would: crawl, topics and gaps,
generate scored drafts, approve the best, publish it at its (near) slot, write the report.
Each step prints the command it runs. On a terminal it then keeps WordPress and the review
app running until Ctrl-C; otherwise it stops everything and exits.

Run it with `bash scripts/demo.sh` (which sets everything up first).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shlex
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SITES = REPO / "tests" / "data" / "sites"
PASSWORD_ENV = "CLINICSEO_DEMO_WP_PASSWORD"
TOPIC = "microneedling and inflammation"

CONFIG = """\
# Written by scripts/demo.py for the local demo sites. No secrets: the WordPress password is
# in the environment variable named below.
[clinic]
name = "Cosmos Clinic"
site_url = "{ours}"
timezone = "Australia/Melbourne"
jurisdiction = "AU"
service_pages = [
  {{ title = "Microneedling", url = "{ours}treatments/microneedling/" }},
  {{ title = "Book a skin consultation", url = "{ours}consultation/" }},
]

[database]
path = "clinicseo.db"

[crawl]
allow_private_networks = true   # the demo sites are on 127.0.0.1
delay_s = 0.0
autothrottle = false
max_pages = 100
cache_dir = "httpcache"

[[competitors]]
name = "glowhaven-skin"
start_urls = ["{competitor}"]

[[competitors]]
name = "riverbend-dermal"
start_urls = ["{competitor_b}"]

[wordpress]
url = "{wordpress}"
username = "{wp_user}"
password_env = "{password_env}"
api = "xmlrpc"

[schedule]
publish_slots = ["tue 09:00", "thu 09:00"]
crawl = "mon 03:00"
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "demo", help="where results go")
    parser.add_argument("--variants", type=int, default=5)
    parser.add_argument("--port", type=int, default=8000, help="review app port")
    keep = parser.add_mutually_exclusive_group()
    keep.add_argument(
        "--keep",
        dest="keep",
        action="store_true",
        default=None,
        help="keep WordPress and the review app running until Ctrl-C",
    )
    keep.add_argument("--no-keep", dest="keep", action="store_false")
    args = parser.parse_args(argv)
    keep_running = sys.stdin.isatty() if args.keep is None else args.keep

    from scripts.local_wordpress import LocalWordPress, WordPressUnavailable
    from scripts.serve_site import serve

    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    (out / "clinicseo.db").unlink(missing_ok=True)

    step("starting a throwaway WordPress and the sample sites on 127.0.0.1")
    wordpress = LocalWordPress()
    try:
        wordpress.start()
    except WordPressUnavailable as exc:  # it names the missing packages and the fix
        print(f"demo stopped: {exc}", file=sys.stderr)
        return 1
    competitor = serve(SITES / "competitor-a")
    competitor_b = serve(SITES / "competitor-b")
    ours = serve(SITES / "ours")
    app: subprocess.Popen[bytes] | None = None
    try:
        config_path = out / "clinic.toml"
        config_path.write_text(
            CONFIG.format(
                ours=ours.url.rstrip("/") + "/",
                competitor=competitor.url,
                competitor_b=competitor_b.url,
                wordpress=wordpress.url,
                wp_user=wordpress.admin_user,
                password_env=PASSWORD_ENV,
            )
        )
        env = {**os.environ, PASSWORD_ENV: wordpress.app_password}
        print(
            f"  WordPress:  {wordpress.url}\n  competitors: {competitor.url} {competitor_b.url}\n"
            f"  our blog:   {ours.url}\n  config:     {config_path}"
        )

        run(config_path, env, "init")
        run(config_path, env, "crawl")
        run(config_path, env, "topics", "--gaps")
        run(config_path, env, "generate", "--topic", TOPIC, "--variants", str(args.variants))
        drafts = json.loads(run(config_path, env, "drafts", "--format", "json", echo=False))
        best = max(
            drafts, key=lambda d: (d["approvable"], d["scores"]["seo"], d["scores"]["readability"])
        )
        draft_page = out / f"draft-{best['id']}.html"
        run(
            config_path,
            env,
            "show",
            str(best["id"]),
            "--format",
            "html",
            echo=False,
            save=draft_page,
        )

        # Approve for a slot a few seconds away, so the demo shows "never early" and then
        # the publish at the slot, without waiting for Thursday.
        slot = datetime.now().astimezone() + timedelta(seconds=6)
        approve = [
            "approve",
            str(best["id"]),
            "--by",
            "demo",
            "--publish-at",
            slot.isoformat(timespec="seconds"),
        ]
        if not best["approvable"]:
            approve += ["--override", "demo: reviewed by a person"]
        run(config_path, env, *approve)
        run(config_path, env, "publish", "--due")  # not yet: its slot has not come
        time.sleep(max(0.0, (slot - datetime.now().astimezone()).total_seconds()) + 1)
        run(config_path, env, "publish", "--due")
        shown = json.loads(run(config_path, env, "show", str(best["id"]), echo=False))
        run(config_path, env, "report", "--out", str(out / "report"))

        reviewer_password = secrets.token_urlsafe(9)
        run(
            config_path,
            env,
            "users",
            "add",
            "demo",
            "--role",
            "editor",
            stdin=reviewer_password + "\n",
        )

        step("done: where to look")
        print(
            f"  the published post:  {shown.get('wordpress_url') or wordpress.url} "
            f"(WordPress id {shown['wordpress_id']}, state {shown['state']})"
        )
        print(f"  the SEO report:      {out / 'report' / 'report.html'}")
        print(f"  the drafts as CSV:   {out / 'report' / 'drafts.csv'}")
        print(f"  the chosen draft:    {draft_page}")
        print(f"  everything else:     .venv/bin/clinicseo --config {config_path} drafts")
        if not keep_running:
            return 0 if shown["state"] == "published" else 1
        app = subprocess.Popen(
            clinicseo_cmd(config_path, "serve", "--port", str(args.port)), env=env
        )
        print(
            f"  the review app:      http://127.0.0.1:{args.port}/  "
            f"(user demo, password {reviewer_password})"
        )
        print(
            f"  WordPress admin:     {wordpress.url.rstrip('/')}/wp-admin/  (user "
            f"{wordpress.admin_user}, password {wordpress.admin_password})"
        )
        print("press Ctrl-C to stop WordPress, the sites and the review app")
        with contextlib.suppress(KeyboardInterrupt):
            app.wait()
        return 0
    finally:
        if app and app.poll() is None:
            app.terminate()
            app.wait(timeout=10)
        competitor.close()
        competitor_b.close()
        ours.close()
        wordpress.stop()


def step(text: str) -> None:
    print(f"\n== {text}", flush=True)


def clinicseo_cmd(config_path: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "clinicseo", "--config", str(config_path), *args]


def run(
    config_path: Path,
    env: dict[str, str],
    *args: str,
    echo: bool = True,
    stdin: str | None = None,
    save: Path | None = None,
) -> Any:
    """Run one clinicseo command as a user would, showing it and its output."""
    if echo:
        step("clinicseo " + " ".join(shlex.quote(a) for a in args))
    result = subprocess.run(
        clinicseo_cmd(config_path, *args),
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    if echo and result.stdout:
        print(result.stdout.rstrip())
    if result.returncode != 0:
        print(result.stderr.rstrip(), file=sys.stderr)
        raise SystemExit(f"demo stopped: `clinicseo {' '.join(args)}` exited {result.returncode}")
    if save:
        save.write_text(result.stdout)
    return result.stdout


if __name__ == "__main__":
    sys.exit(main())
