"""Review-app accounts: passwords, sign-in with slowed-down retries, and the role gate.

Roles: ``editor`` (approve, reject, schedule, edit, override, retry) and ``viewer`` (read
only: any POST but sign-out is refused with 403). Passwords are hashed with werkzeug's
default (scrypt). After :data:`FREE_FAILURES` failed sign-ins a name is refused for a delay
that doubles with each further failure (30 s up to 15 min) — even with the right password,
so guessing gets no faster. Unknown names are throttled the same way (in memory), and get
the same messages, so the sign-in page never tells whether an account exists.
"""

from __future__ import annotations

import functools
import sqlite3
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.security import check_password_hash, generate_password_hash
from werkzeug.wrappers import Response

from clinicseo import store
from clinicseo.errors import InputError

# `clinician`: reads like a viewer, and signs off a draft's medical content (its one POST).
ROLES = ("editor", "viewer", "clinician")
CLINICIAN_ENDPOINTS = ("actions.sign_off",)
FREE_FAILURES = 5
FIRST_DELAY_S = 30
MAX_DELAY_S = 15 * 60
MIN_PASSWORD = 8

bp = Blueprint("auth", __name__)
F = TypeVar("F", bound=Callable[..., Any])

# Failures for names that have no account: kept in memory (bounded) so that they are
# throttled exactly like real accounts without writing unknown names to the database.
_UNKNOWN: OrderedDict[str, tuple[int, datetime]] = OrderedDict()
_UNKNOWN_MAX = 10_000
_DUMMY_HASH: list[str] = []


def add_user(conn: sqlite3.Connection, name: str, password: str, role: str = "editor") -> None:
    """Create an account (or reset an existing one's password and role).

    Raises InputError for an empty name, an unknown role or a password under 8 characters.
    """
    name = (name or "").strip()
    if not name:
        raise InputError("users add: the account needs a name")
    if role not in ROLES:
        raise InputError(f'users add --role: expected {", ".join(ROLES)}, found "{role}"')
    if len(password or "") < MIN_PASSWORD:
        raise InputError(f"users add: the password needs at least {MIN_PASSWORD} characters")
    store.add_user(conn, name, generate_password_hash(password), role)


def delay_left(failures: int, last_failed_at: datetime | None, now: datetime) -> int:
    """Seconds this name must still wait before a sign-in is even checked (0: go ahead)."""
    if failures < FREE_FAILURES or last_failed_at is None:
        return 0
    delay = min(FIRST_DELAY_S * 2 ** (failures - FREE_FAILURES), MAX_DELAY_S)
    left = (last_failed_at + timedelta(seconds=delay) - now).total_seconds()
    return max(0, int(left + 0.999))


def check_login(
    conn: sqlite3.Connection, name: str, password: str, now: datetime
) -> tuple[dict[str, Any] | None, str]:
    """(user, "") when the name and password match; (None, message) otherwise."""
    user = store.get_user(conn, name)
    if user is None:
        failures, last = _UNKNOWN.get(name, (0, None))
    else:
        failures = user["failed_logins"]
        last = store.parse_iso(user["last_failed_at"]) if user["last_failed_at"] else None
    wait = delay_left(failures, last, now)
    if wait:
        return None, f"Too many failed sign-ins for this name. Try again in {wait} seconds."
    if user is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(generate_password_hash("no such account"))
        check_password_hash(_DUMMY_HASH[0], password)  # same work as for a real account
        _UNKNOWN[name] = (failures + 1, now)
        _UNKNOWN.move_to_end(name)
        while len(_UNKNOWN) > _UNKNOWN_MAX:
            _UNKNOWN.popitem(last=False)
        return None, "Wrong name or password."
    if not check_password_hash(user["password_hash"], password):
        store.record_login(conn, name, ok=False)
        return None, "Wrong name or password."
    store.record_login(conn, name, ok=True)
    return user, ""


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    from clinicseo.review.context import db, now

    if request.method == "POST":
        name = request.form.get("name", "").strip()
        password = request.form.get("password", "")
        user, message = check_login(db(), name, password, now())
        if user is not None:
            session.clear()  # no fixation: a fresh session for the signed-in user
            session.permanent = True
            session["user"] = user["name"]
            return redirect(_safe_next(request.args.get("next")))
        flash(message, "error")
        return render_template("login.html", name=name), 401
    return render_template("login.html", name="")


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


def _safe_next(target: str | None) -> str:
    # Only same-site paths: never bounce a fresh session to another host.
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("views.queue")


def install(app: Flask) -> None:
    """Every request but sign-in and static files needs a session; POSTs need an editor."""

    @app.before_request
    def _gate() -> Response | None:
        if request.endpoint in ("auth.login", "static"):
            return None
        from clinicseo.review.context import db

        # The account is read on every request, so a removed account or a changed role
        # takes effect at once rather than when the session expires.
        user = store.get_user(db(), session["user"]) if session.get("user") else None
        if user is None:
            # Forget a removed account; keep an anonymous session (its CSRF token) intact.
            session.pop("user", None)
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        g.user, g.role = user["name"], user["role"]
        changes = request.method not in ("GET", "HEAD", "OPTIONS")
        if changes and request.endpoint != "auth.logout" and g.role != "editor" and not (
            g.role == "clinician" and request.endpoint in CLINICIAN_ENDPOINTS
        ):
            abort(403)
        return None


def editor_required(view: F) -> F:
    """Belt and braces on each action view, beside the app-wide gate."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.get("role") != "editor":
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]
