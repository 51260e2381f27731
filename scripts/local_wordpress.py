"""A throwaway real WordPress on 127.0.0.1: for tests, the benchmark and the demo.

Built from Debian's packages (``wordpress``, ``mariadb-server``, ``php-cli``, ``php-mysql``,
``php-xml``; ``scripts/setup.sh`` installs them) in a short temp folder under /tmp:

* a private MariaDB made by ``mariadb-install-db``, listening only on a unix socket
  (``--skip-networking``; the socket path must stay under 107 bytes, hence /tmp);
* Debian's WordPress tree beside our own ``wp-config.php`` and mu-plugins
  (:mod:`scripts.wordpress_tree` lays out the files);
* ``php -S 127.0.0.1:PORT`` with ``PHP_CLI_SERVER_WORKERS`` >= 2 (one worker stalls
  WordPress's loopback requests) in its own session, so stopping kills the workers too;
* ``wp_install()`` run through the PHP CLI: an admin user with an application password.

``reset()`` restores a database snapshot taken right after the install (~0.05 s).

CLI (the demo): ``python -m scripts.local_wordpress up [--port N] [--state-file F]`` starts
one and stays up until SIGTERM/SIGINT; ``down --state-file F`` stops it; ``password
--state-file F`` prints the application password (for ``export``, never to a log).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import requests

from scripts.wordpress_tree import (
    COMPANION,
    INSTALL_SCRIPT,
    PHP_RUNNER,
    ROUTER,
    SEO_NAMESPACES,
    SWITCHES,
    WWW,
    build_tree,
)

PACKAGES = ("wordpress", "mariadb-server", "php-cli", "php-mysql", "php-xml", "php-mbstring")
PASSWORD_ENV = "CLINICSEO_WP_PASSWORD"


class WordPressUnavailable(RuntimeError):
    """The Debian packages the local WordPress needs are not installed."""


def missing_packages() -> list[str]:
    """The Debian packages from PACKAGES that are not installed (empty: ready)."""
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Package} ${db:Status-Abbrev}\n", *PACKAGES],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
    except FileNotFoundError:
        return list(PACKAGES)
    installed = {line.split()[0] for line in out.splitlines() if line.split()[1:2] == ["ii"]}
    return [p for p in PACKAGES if p not in installed]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PortTaken(RuntimeError):
    """php -S could not bind its port: something else took it first."""


PORT_TRIES = 3


class LocalWordPress:
    """One real WordPress site with its own database. Use as a context manager.

    Attributes once started: ``url`` (no trailing slash), ``xmlrpc_url``, ``admin_user``,
    ``admin_password`` (the login password), ``app_password`` (an application password,
    accepted by XML-RPC and REST). Raises WordPressUnavailable when packages are missing and
    RuntimeError (with the log's tail) when a part fails to start.
    """

    def __init__(self, port: int = 0, *, workers: int = 2) -> None:
        self.port = port
        self.workers = max(2, workers)  # 1 is rejected by PHP and stalls loopback requests
        self.admin_user = "admin"
        self.admin_password = secrets.token_urlsafe(18)
        self.app_password = ""
        self.root = Path()
        self._db: subprocess.Popen[bytes] | None = None
        self._php: subprocess.Popen[bytes] | None = None

    # --- paths -------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def xmlrpc_url(self) -> str:
        return f"{self.url}/xmlrpc.php"

    @property
    def www(self) -> Path:
        return self.root / WWW

    @property
    def socket_path(self) -> Path:
        return self.root / "db.sock"

    # --- lifecycle -----------------------------------------------------------------------------
    def __enter__(self) -> LocalWordPress:
        self.start()
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def start(self) -> None:
        if self._db is not None:  # a second site would orphan this one's servers
            raise RuntimeError("this LocalWordPress is already started")
        missing = missing_packages()
        if missing:
            raise WordPressUnavailable(
                f"Debian packages missing: {' '.join(missing)}; run scripts/setup.sh"
            )
        # Short path on purpose: a unix socket path may not exceed 107 bytes.
        self.root = Path(tempfile.mkdtemp(prefix="cwp", dir="/tmp"))
        chosen = self.port  # 0: ours to pick, and to pick again if it is taken
        try:
            self.port = self.port or free_port()
            self._start_database()
            build_tree(self.root, self.url, self.socket_path)
            self._install()
            self._run(
                ["mariadb-dump", "--no-defaults", f"--socket={self.socket_path}", "-uroot",
                 "--databases", "wordpress", "--add-drop-database", "--skip-comments",
                 f"--result-file={self.root / 'snapshot.sql'}"]
            )  # fmt: skip
            self._serve_on_a_free_port(retry=not chosen)
        except BaseException:
            self.stop()
            raise

    def _serve_on_a_free_port(self, *, retry: bool) -> None:
        # free_port() releases the port before php -S binds it, a second or so later (the
        # install runs in between): another process may take it meanwhile. The site's URL
        # lives only in wp-config.php (WP_HOME, WP_SITEURL), so moving to a new port is cheap.
        for attempt in range(PORT_TRIES):
            try:
                self.start_server()
                return
            except PortTaken:
                if not retry or attempt == PORT_TRIES - 1:
                    raise
                (self.root / "php.log").unlink(missing_ok=True)  # judge the next try alone
                config = self.www / "wp-config.php"
                old_url = self.url
                self.port = free_port()
                config.write_text(config.read_text().replace(f"'{old_url}'", f"'{self.url}'"))

    def stop(self) -> None:
        """Stop both servers and delete the temp folder. Safe to call twice."""
        self.stop_server()
        if self._db is not None:
            _terminate(self._db)
            self._db = None
        if self.root != Path() and self.root.exists():
            shutil.rmtree(self.root, ignore_errors=True)

    def start_server(self) -> None:
        """Start (or restart, after stop_server) the web server on the same port."""
        if self._php is not None and self._php.poll() is None:
            return
        log = open(self.root / "php.log", "ab")  # noqa: SIM115 - the child owns it
        env = {**os.environ, "PHP_CLI_SERVER_WORKERS": str(self.workers)}
        cmd = ["php", "-d", "post_max_size=64M", "-d", "upload_max_filesize=64M",
               "-S", f"127.0.0.1:{self.port}", "-t", str(self.www),
               str(self.root / ROUTER)]  # fmt: skip
        self._php = subprocess.Popen(
            cmd, env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True
        )
        log.close()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            # Check our own PID each round: a stale server on the port would answer too.
            if self._php.poll() is not None:
                tail = self._tail("php.log")
                self._php = None
                error = PortTaken if "Address already in use" in tail else RuntimeError
                raise error(f"php -S exited: {tail}")
            try:
                r = requests.get(f"{self.url}/?rest_route=/", timeout=2)
                if r.status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.03)
        raise RuntimeError(f"php -S did not answer on {self.url}: {self._tail('php.log')}")

    def stop_server(self) -> None:
        """Stop the web server (the database stays): WordPress is then unreachable."""
        if self._php is not None:
            _terminate(self._php)
            self._php = None
            _wait_refused(self.port)

    def reset(self) -> None:
        """Back to the freshly installed site: no posts, no terms, switches off, server up."""
        for name in SWITCHES:
            (self.root / name).unlink(missing_ok=True)
        self.set_companion_plugin(True)
        shutil.rmtree(self.www / "wp-content" / "uploads", ignore_errors=True)
        with open(self.root / "snapshot.sql", "rb") as snapshot:
            self._run(
                ["mariadb", "--no-defaults", f"--socket={self.socket_path}", "-uroot"],
                stdin=snapshot,
            )
        self.start_server()

    def set_xmlrpc_enabled(self, enabled: bool) -> None:
        """Switch XML-RPC off the way sites do (the xmlrpc_enabled filter): HTTP 405."""
        self._switch("xmlrpc-off", not enabled)

    def set_server_error(self, on: bool) -> None:
        """Make every request answer HTTP 500, like a PHP fatal error or a broken plugin."""
        self._switch("fault-500", on)

    def pretend_seo_plugin(self, name: str | None) -> None:
        """Make the site list ``name``'s REST namespace ("yoast", "rankmath", ...), as it
        does with that plugin active; None: no SEO plugin."""
        for other in SEO_NAMESPACES:
            self._switch(f"seo-{other}", other == name)

    def set_companion_plugin(self, installed: bool) -> None:
        """Install or move aside publisher/wp-plugin/clinicseo-meta.php (a mu-plugin here)."""
        live = self.www / COMPANION
        aside = live.with_name(live.name + ".off")
        if installed and aside.exists():
            aside.rename(live)
        elif not installed and live.exists():
            live.rename(aside)

    def php(self, code: str, *, as_user: int = 1) -> str:
        """Run PHP ``code`` inside this WordPress (loaded, logged in as user id ``as_user``)
        and return what it printed: for what neither API can do (users, options, parse_blocks)."""
        env = {**os.environ, "LWP_WWW": str(self.www), "LWP_AS": str(as_user)}
        done = subprocess.run(
            ["php", str(self.root / PHP_RUNNER)], input=code, env=env, cwd=self.www,
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"php failed: {(done.stderr or done.stdout)[-800:]}")
        return done.stdout

    def add_user(self, login: str, role: str) -> tuple[int, str]:
        """A new user with ``role`` (e.g. "author") and an application password: (id, password)."""
        out = self.php(
            f"$id = wp_insert_user(array('user_login' => {json.dumps(login)}, "
            f"'user_pass' => wp_generate_password(), 'role' => {json.dumps(role)}, "
            f"'user_email' => {json.dumps(login + '@example.invalid')}));"
            "list($pw, $item) = WP_Application_Passwords::create_new_application_password("
            "$id, array('name' => 'clinicseo'));"
            "echo json_encode(array('id' => $id, 'pw' => $pw));"
        )
        data = json.loads(out.strip().splitlines()[-1])
        return int(data["id"]), str(data["pw"])

    def _switch(self, name: str, on: bool) -> None:
        flag = self.root / name
        if on:
            flag.touch()
        else:
            flag.unlink(missing_ok=True)

    # --- reading back (for assertions) ---------------------------------------------------------
    def rest(self, method: str, route: str, **kwargs: Any) -> requests.Response:
        """An authenticated REST call, e.g. rest("GET", "/wp/v2/posts", params={...})."""
        params = {"rest_route": route, **kwargs.pop("params", {})}
        return requests.request(
            method,
            f"{self.url}/",
            params=params,
            auth=(self.admin_user, self.app_password),
            timeout=30,
            **kwargs,
        )

    def posts(self, search: str | None = None) -> list[dict[str, Any]]:
        """Every post in any status, as WordPress holds it (raw content, meta, term names)."""
        params: dict[str, Any] = {"status": "any", "context": "edit", "per_page": 100}
        if search:
            params["search"] = search
        r = self.rest("GET", "/wp/v2/posts", params=params)
        r.raise_for_status()
        return [self._plain(p) for p in r.json()]

    def post(self, post_id: int | str) -> dict[str, Any]:
        r = self.rest("GET", f"/wp/v2/posts/{post_id}", params={"context": "edit"})
        r.raise_for_status()
        return self._plain(r.json())

    def _plain(self, p: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": p["id"],
            "title": p["title"]["raw"],
            "content": p["content"]["raw"],
            "excerpt": p["excerpt"]["raw"],
            "status": p["status"],
            "slug": p["slug"],
            "date_gmt": p["date_gmt"],
            "link": p["link"],
            "meta": p.get("meta") or {},
            "categories": self._term_names("categories", p["categories"]),
            "tags": self._term_names("tags", p["tags"]),
            "featured_media": p.get("featured_media", 0),
        }

    def _term_names(self, taxonomy: str, ids: list[int]) -> list[str]:
        if not ids:
            return []
        r = self.rest("GET", f"/wp/v2/{taxonomy}", params={"include": ",".join(map(str, ids))})
        r.raise_for_status()
        return sorted(t["name"] for t in r.json())

    # --- building ------------------------------------------------------------------------------
    def _start_database(self) -> None:
        data = self.root / "db"
        as_root = ["--user=root"] if os.geteuid() == 0 else []
        self._run(
            ["mariadb-install-db", "--no-defaults", f"--datadir={data}", "--skip-test-db",
             "--auth-root-authentication-method=normal", *as_root]
        )  # fmt: skip
        log = open(self.root / "mariadb.log", "ab")  # noqa: SIM115 - the child owns it
        # Throwaway durability settings: nothing here must survive a power cut.
        self._db = subprocess.Popen(
            ["mariadbd", "--no-defaults", f"--datadir={data}", f"--socket={self.socket_path}",
             "--skip-networking", f"--pid-file={self.root / 'db.pid'}", *as_root,
             "--skip-log-bin", "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0",
             "--innodb-fast-shutdown=2", "--innodb-buffer-pool-size=32M",
             "--character-set-server=utf8mb4"],
            stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._db.poll() is not None:
                raise RuntimeError(f"mariadbd exited: {self._tail('mariadb.log')}")
            if self.socket_path.exists():
                done = subprocess.run(
                    ["mariadb", "--no-defaults", f"--socket={self.socket_path}", "-uroot",
                     "-e", "CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4"],
                    capture_output=True, check=False,
                )  # fmt: skip
                if done.returncode == 0:
                    return
            time.sleep(0.03)
        raise RuntimeError(f"mariadbd did not start: {self._tail('mariadb.log')}")

    def _install(self) -> None:
        env = {**os.environ, "LWP_USER": self.admin_user, "LWP_PASSWORD": self.admin_password}
        done = subprocess.run(
            ["php", str(self.www / INSTALL_SCRIPT)],
            cwd=self.www,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        (self.www / INSTALL_SCRIPT).unlink()
        try:
            self.app_password = json.loads(done.stdout.strip().splitlines()[-1])["app_password"]
        except (ValueError, IndexError, KeyError):
            raise RuntimeError(
                f"wp_install failed (exit {done.returncode}): {done.stderr[-800:]}"
            ) from None

    def _run(self, cmd: list[str], **kwargs: Any) -> None:
        done = subprocess.run(cmd, capture_output=True, check=False, **kwargs)
        if done.returncode != 0:
            raise RuntimeError(f"{cmd[0]} failed: {done.stderr.decode(errors='replace')[-800:]}")

    def _tail(self, name: str) -> str:
        try:
            return (self.root / name).read_text(errors="replace")[-800:]
        except OSError:
            return "(no log)"


def _wait_refused(port: int, timeout_s: float = 5.0) -> None:
    """Until connecting to ``port`` is refused: a killed worker's listening socket can
    accept a connection for a moment and then reset it, which a publisher must treat as a
    request that may have arrived, not as a server that is down."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                pass
        except OSError:
            return
        time.sleep(0.02)


def _terminate(proc: subprocess.Popen[bytes]) -> None:
    """Stop a child started in its own session, with every worker it forked."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    with contextlib.suppress(ProcessLookupError):  # workers may outlive the parent a moment
        os.killpg(proc.pid, signal.SIGKILL)


# --- CLI ---------------------------------------------------------------------------------------


def _write_state(path: Path, data: dict[str, Any]) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(data, fh)
    os.chmod(path, 0o600)


def _up(port: int, state_file: Path) -> int:
    stop = False

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        wp = LocalWordPress(port)
        wp.start()
    except WordPressUnavailable as exc:
        print(f"local_wordpress: {exc}", file=sys.stderr)
        return 1
    try:
        _write_state(
            state_file,
            {"pid": os.getpid(), "url": wp.url, "admin_user": wp.admin_user,
             "app_password": wp.app_password, "root": str(wp.root)},
        )  # fmt: skip
        print(f"WordPress is up at {wp.url}/ (admin: {wp.url}/wp-admin/)", flush=True)
        print(f"user: {wp.admin_user}", flush=True)
        print(
            f"password: in env var {PASSWORD_ENV} once you run\n"
            f'  export {PASSWORD_ENV}="$(python -m scripts.local_wordpress password '
            f'--state-file {state_file})"',
            flush=True,
        )
        while not stop:
            time.sleep(0.2)
    finally:
        wp.stop()
        state_file.unlink(missing_ok=True)
    return 0


def _down(state_file: Path) -> int:
    try:
        pid = int(json.loads(state_file.read_text())["pid"])
    except (OSError, ValueError, KeyError):
        print(f"local_wordpress: no running WordPress recorded in {state_file}", file=sys.stderr)
        return 1
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        state_file.unlink(missing_ok=True)
        return 0
    deadline = time.monotonic() + 30
    while state_file.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.local_wordpress")
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="start a local WordPress; stays up until SIGTERM/SIGINT")
    up.add_argument("--port", type=int, default=0)
    up.add_argument("--state-file", type=Path, default=Path(".local-wordpress.json"))
    for name, text in (("down", "stop it"), ("password", "print the application password")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--state-file", type=Path, default=Path(".local-wordpress.json"))
    args = parser.parse_args(argv)
    if args.command == "up":
        return _up(args.port, args.state_file)
    if args.command == "down":
        return _down(args.state_file)
    print(json.loads(args.state_file.read_text())["app_password"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
