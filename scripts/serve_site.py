"""Serve a folder as a small website on 127.0.0.1, for crawl tests and demos.

``serve(root, host="127.0.0.1", port=0) -> SiteServer`` starts a ``ThreadingHTTPServer`` in a
background thread. The server:

* serves files from ``root`` (``dir/`` serves ``dir/index.html``), with ``ETag``,
  ``Last-Modified`` and ``Cache-Control: no-cache``, and answers conditional requests
  (``If-None-Match`` / ``If-Modified-Since``) with ``304 Not Modified``, like a real CMS;
* scripts extra responses from ``root/routes.json``: ``{"/path": {"status": 301,
  "location": "/elsewhere"}}`` for redirects (loops, redirects to private addresses), or
  ``{"status": 500, "body": "..."}`` for errors; missing files are plain 404s;
* listens on IPv6 too when `host` is an IPv6 literal (``"::1"``);
* records what was asked for: ``requested`` (paths, in order) and ``requests`` (path, status,
  monotonic time, user agent and the conditional headers), so a test can prove a page was
  never fetched, or that a re-crawl revalidated.

CLI: ``python -m scripts.serve_site DIR [--port N] [--host H]`` serves until Ctrl-C.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


@dataclass
class SiteServer:
    """A running site. ``url`` ends without a slash: ``http://127.0.0.1:PORT``."""

    root: Path
    httpd: ThreadingHTTPServer
    thread: threading.Thread
    requested: list[str] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        host = str(host)
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _load_routes(root: Path) -> dict[str, dict[str, Any]]:
    path = root / "routes.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if k.startswith("/")}


def _handler(site: SiteServer, routes: dict[str, dict[str, Any]]) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        server_version = "serve_site/1"

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(site.root), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
            pass  # tests read `requested`, not a log

        def _record(self, status: int) -> None:
            path = urlsplit(self.path).path
            site.requested.append(path)
            site.requests.append(
                {
                    "path": path,
                    "status": status,
                    "at": time.monotonic(),
                    "user_agent": self.headers.get("User-Agent", ""),
                    "if_none_match": self.headers.get("If-None-Match"),
                    "if_modified_since": self.headers.get("If-Modified-Since"),
                }
            )

        def send_response(self, code: int, message: str | None = None) -> None:
            self._record(int(code))
            super().send_response(code, message)

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            route = routes.get(path)
            if route is not None:
                self._scripted(route)
                return
            file = Path(self.translate_path(self.path))
            if file.is_dir() and path.endswith("/"):
                file = file / "index.html"
            if file.is_file() and self._not_modified(file):
                return
            super().do_GET()

        def _scripted(self, route: dict[str, Any]) -> None:
            body = str(route.get("body", "")).encode()
            self.send_response(int(route.get("status", 200)))
            if "location" in route:
                self.send_header("Location", route["location"])
            self.send_header("Content-Type", route.get("content_type", "text/html; charset=utf-8"))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _not_modified(self, file: Path) -> bool:
            etag = _etag(file)
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return True
            return False

        def end_headers(self) -> None:
            # Validators on every file, and "revalidate each time" as many CMSs send it.
            file = Path(self.translate_path(self.path))
            if file.is_dir():
                file = file / "index.html"
            if file.is_file() and urlsplit(self.path).path not in routes:
                self.send_header("ETag", _etag(file))
                self.send_header("Cache-Control", "no-cache")
            super().end_headers()

        def guess_type(self, path: str | Any) -> str:
            if str(path).endswith(".html"):
                return "text/html; charset=utf-8"
            return super().guess_type(path)

    return Handler


def _etag(file: Path) -> str:
    return '"' + hashlib.sha1(file.read_bytes()).hexdigest()[:16] + '"'


class _Server(ThreadingHTTPServer):
    # socketserver's default listen backlog is 5: a burst of new connections then waits for
    # TCP's one-second SYN retransmission, which a real web server never makes a client do.
    request_queue_size = 128
    daemon_threads = True


class _Server6(_Server):
    address_family = socket.AF_INET6


def serve(root: Path, host: str = "127.0.0.1", port: int = 0) -> SiteServer:
    """Start serving `root` in a daemon thread; call ``.close()`` (or use ``with``) to stop."""
    root = Path(root).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: not a folder")
    routes = _load_routes(root)
    site = SiteServer(root=root, httpd=None, thread=None)  # type: ignore[arg-type]
    server = _Server6 if ":" in host else _Server  # "::1": an IPv6 literal host
    site.httpd = server((host, port), _handler(site, routes))
    site.thread = threading.Thread(target=site.httpd.serve_forever, name="serve_site", daemon=True)
    site.thread.start()
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve a test website folder on 127.0.0.1.")
    parser.add_argument(
        "root", type=Path, help="the site folder (e.g. tests/data/sites/competitor-a)"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port (printed)")
    args = parser.parse_args(argv)
    site = serve(args.root, args.host, args.port)
    print(f"serving {site.root} at {site.url}/ (Ctrl-C to stop)", flush=True)
    try:
        site.thread.join()
    except KeyboardInterrupt:
        pass
    finally:
        site.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
