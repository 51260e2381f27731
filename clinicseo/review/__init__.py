"""The review app: marketing staff see the queue, compare variants and approve in the browser.

A Flask app factory taking the loaded :class:`~clinicseo.config.Config`. Server-rendered,
works without JavaScript. Every page but the login needs a session; only editors may POST
(viewers get 403); every POST carries a CSRF token (Flask-WTF). A SQLite connection per
request lives in ``g`` and is closed on teardown. Drafts change only through
:mod:`clinicseo.workflow`; its ``ClinicSeoError`` family is translated once, in
:mod:`clinicseo.review.actions` (flash messages) and here (``NotFound`` → 404).
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, g, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.routing import IntegerConverter

from clinicseo.config import Config, read_secret
from clinicseo.errors import ClinicSeoError, ConfigError, NotFound

log = logging.getLogger(__name__)
access_log = logging.getLogger("clinicseo.review.access")

# Every page works without JavaScript; the one script is the app's own static app.js
# (live counters, drag on the calendar). No inline script may run: a title or topic that
# slipped past escaping, or a draft body that slipped past nh3, still executes nothing.
# Images come only from this app and the clinic's own sites (its blog and WordPress media
# library): a draft body cannot make reviewers' browsers fetch a tracking pixel from anywhere.
CSP = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:{own}; "
    "frame-ancestors 'self'; form-action 'self'"
)


def content_policy(config: Config) -> str:
    """The CSP with the clinic's own origins (site_url, the WordPress URL) as image sources."""
    origins: list[str] = []
    for url in (config.clinic.site_url, config.wordpress.url):
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        if parts.scheme in ("http", "https") and parts.netloc and origin not in origins:
            origins.append(origin)
    return CSP.format(own="".join(" " + o for o in origins))


class TrustedProxy:
    """werkzeug's ProxyFix, applied only to requests whose peer is a configured proxy
    (``[review] trusted_proxies``): then X-Forwarded-For/-Proto/-Host say who the client is
    and whether it used HTTPS (so the session cookie is Secure behind a TLS proxy). From any
    other peer those headers are ignored, so a client cannot claim HTTPS or another address.
    """

    def __init__(self, app: Any, proxies: tuple[str, ...]) -> None:
        from werkzeug.middleware.proxy_fix import ProxyFix

        self.app = app
        self.fixed = ProxyFix(app, x_for=1, x_proto=1, x_host=1)
        self.networks = [ipaddress.ip_network(p, strict=False) for p in proxies]

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        try:
            peer = ipaddress.ip_address(environ.get("REMOTE_ADDR", "").split("%", 1)[0])
        except ValueError:
            return self.app(environ, start_response)
        if any(peer in net for net in self.networks):
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)


def _is_loopback(host: str) -> bool:
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    name = name.strip("[]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class _SessionInterface(SecureCookieSessionInterface):
    """Session cookies are Secure unless the request is plain http on a loopback address
    (the default `clinicseo serve`), where a Secure cookie would never come back."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(request.is_secure or not _is_loopback(request.host))


class _SqliteInt(IntegerConverter):
    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:  # noqa: A002 - werkzeug's
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(map, *args, **kwargs)


def _secret_key(config: Config) -> str:
    try:
        return read_secret(config.review.secret_key_env, "[review] secret_key_env")
    except ConfigError:
        log.warning(
            "%s is not set: using a random key for this process, so every session ends "
            "when the review app restarts",
            config.review.secret_key_env or "[review] secret_key_env",
        )
        return secrets.token_hex(32)


def create_app(config: Config) -> Flask:
    """Build the review app for `config`. Raises nothing at build time; the database is
    opened per request (and created or migrated on first use)."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=_secret_key(config),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="clinicseo_session",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        WTF_CSRF_TIME_LIMIT=None,  # the token is bound to the session, which expires anyway
        MAX_CONTENT_LENGTH=2_000_000,  # a draft body is tens of kB; refuse giant posts
    )
    app.extensions["clinicseo_config"] = config
    # Tests replace the clock to step past a login delay without sleeping.
    app.extensions["clinicseo_clock"] = lambda: datetime.now(UTC)
    app.session_interface = _SessionInterface()
    # Draft ids beyond SQLite's 64-bit integers match no route (404) instead of overflowing.
    app.url_map.converters["int"] = _SqliteInt
    if config.review.trusted_proxies:
        app.wsgi_app = TrustedProxy(app.wsgi_app, config.review.trusted_proxies)  # type: ignore[method-assign]
    policy = content_policy(config)
    CSRFProtect(app)

    from clinicseo.review.actions import bp as actions_bp
    from clinicseo.review.auth import bp as auth_bp
    from clinicseo.review.auth import install as install_gate
    from clinicseo.review.calendar import bp as calendar_bp
    from clinicseo.review.pages import bp as pages_bp
    from clinicseo.review.versions import bp as versions_bp
    from clinicseo.review.views import bp as views_bp
    from clinicseo.review.views import install_filters
    from clinicseo.review.writers import bp as writers_bp

    for blueprint in (auth_bp, views_bp, actions_bp, calendar_bp, pages_bp, versions_bp,
                      writers_bp):
        app.register_blueprint(blueprint)
    install_gate(app)
    install_filters(app, config)

    @app.teardown_appcontext
    def _close(_exc: BaseException | None) -> None:
        conn = g.pop("conn", None)
        if conn is not None:
            conn.close()

    @app.before_request
    def _started() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def _access_log(resp: Response) -> Response:
        # One line per request; the iCal path carries a secret token, so it is masked.
        path = request.path
        if request.endpoint == "calendar.ical":
            path = path.rsplit("/", 1)[0] + "/***"
        ms = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
        access_log.info(
            "%s %s %s %.0f ms %s", request.method, path, resp.status_code, ms, g.get("user", "-")
        )
        return resp

    @app.after_request
    def _headers(resp: Response) -> Response:
        resp.headers.setdefault("Content-Security-Policy", policy)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        resp.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        if request.endpoint != "static":
            resp.headers.setdefault("Cache-Control", "no-store")
        return resp

    @app.errorhandler(NotFound)
    @app.errorhandler(404)
    def _not_found(exc: Any) -> tuple[str, int]:
        message = str(exc) if isinstance(exc, ClinicSeoError) else "No such page."
        return render_template("error.html", code=404, message=message), 404

    @app.errorhandler(403)
    def _forbidden(_exc: Any) -> tuple[str, int]:
        msg = "Your account can read but not change drafts. Ask an editor."
        return render_template("error.html", code=403, message=msg), 403

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError) -> tuple[str, int]:
        msg = f"The form had expired or was not sent from this app ({exc.description}). "
        msg += "Go back, reload the page and try again."
        return render_template("error.html", code=400, message=msg), 400

    return app


def serve(
    config: Config, host: str = "127.0.0.1", port: int = 8000, *, dev: bool = False,
    threads: int = 8,
) -> None:
    """Run the review app until interrupted: on waitress (a production WSGI server), or with
    ``dev`` on werkzeug's development server (reloads nothing, shows no debugger either).

    Off loopback, session cookies are Secure: put the app behind HTTPS (a reverse proxy)."""
    if not _is_loopback(host):
        log.warning(
            "serving on %s: sign-in needs HTTPS there (session cookies are Secure); "
            "put the app behind a TLS reverse proxy",
            host,
        )
    app = create_app(config)
    if dev:
        from werkzeug.serving import run_simple

        log.warning("development server (--dev): not for production use")
        run_simple(host, port, app, threaded=True, use_reloader=False)
        return
    from waitress import serve as waitress_serve

    log.info("review app on http://%s:%s (waitress, %d threads)", host, port, threads)
    waitress_serve(app, host=host, port=port, threads=threads, ident="clinicseo")


__all__ = ["create_app", "serve"]
