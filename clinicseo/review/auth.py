"""Review-app accounts: passwords, throttled sign-in, sessions that end, and the role gate.

Roles: ``editor`` (approve, reject, schedule, edit, override, retry) and ``viewer`` (read
only: any POST but sign-out is refused with 403). Passwords are hashed with werkzeug's
default (scrypt).

Sign-in throttling. Every attempt is *counted before its password is checked*, in one
``BEGIN IMMEDIATE`` transaction that also reads the counts, so a burst of simultaneous
guesses cannot all slip in before the first failure is written. Two counters are charged:

* the account's (or, when the browser shows a *device cookie* from an earlier successful
  sign-in to that account, that device's own counter: an attacker guessing at a name cannot
  lock its owner out of a known device);
* the client address's (an IPv6 client's /64), across all names, against name spraying.

Past :data:`ACCOUNT_FREE` (account, device) or :data:`ADDRESS_FREE` (address) attempts, the
next one waits a cooldown that doubles with each further failure (30 s up to 15 min), even
with the right password; counts are forgotten after :data:`FORGET_AFTER` without a failure,
and ``clinicseo users unlock`` clears them. A success takes its own attempt back off the
address and clears the account's or device's count. Unknown names are throttled the same
way and get the same messages, so the sign-in page never tells whether an account exists.
Counters are stored under a hash of their key, never the typed name.

Sessions carry the account's *session generation*; sign-out, a password change, disabling
or re-adding the account bump it, which ends every session of that account at once.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import secrets
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash
from werkzeug.wrappers import Response

from clinicseo import store
from clinicseo.errors import InputError, NotFound

# `clinician`: reads like a viewer, and signs off a draft's medical content (its one POST).
ROLES = ("editor", "viewer", "clinician")
CLINICIAN_ENDPOINTS = ("actions.sign_off",)
ACCOUNT_FREE = 5  # attempts per account (or per known device of it) before cooldowns
ADDRESS_FREE = 20  # attempts per client address, across all names, before cooldowns
FIRST_DELAY_S = 30
MAX_DELAY_S = 15 * 60
FORGET_AFTER = timedelta(hours=1)  # a count with no failure for this long starts again
MIN_PASSWORD = 8
DEVICE_COOKIE = "clinicseo_device"
DEVICE_DAYS = 90

bp = Blueprint("auth", __name__)
F = TypeVar("F", bound=Callable[..., Any])
_DUMMY_HASH: list[str] = []


def add_user(conn: sqlite3.Connection, name: str, password: str, role: str = "editor") -> None:
    """Create an account (or reset an existing one's password and role, ending its sessions).

    Raises InputError for an empty name, an unknown role or a password under 8 characters.
    """
    name = (name or "").strip()
    if not name:
        raise InputError("users add: the account needs a name")
    if role not in ROLES:
        raise InputError(f'users add --role: expected {", ".join(ROLES)}, found "{role}"')
    store.add_user(conn, name, _hash_password(password, "users add"), role)


def set_password(conn: sqlite3.Connection, name: str, password: str) -> None:
    """Change a password; every session of the account ends. NotFound / InputError."""
    if not store.set_password_hash(conn, name, _hash_password(password, "users password")):
        raise NotFound(f"no account named {name!r}")
    unlock(conn, name)


def _hash_password(password: str, what: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise InputError(f"{what}: the password needs at least {MIN_PASSWORD} characters")
    return generate_password_hash(password)


def account_key(name: str) -> str:
    return _key("account", name)


def address_key(address: str) -> str:
    """An IPv6 client counts by its /64 (one host can use any address in it)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return _key("address", address)
    if ip.version == 6 and not ip.ipv4_mapped:
        return _key("address", str(ipaddress.ip_network(f"{ip}/64", strict=False)))
    return _key("address", str(ip.ipv4_mapped or ip) if ip.version == 6 else str(ip))


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}\0{value}".encode()).hexdigest()[:32]


def unlock(conn: sqlite3.Connection, name: str, address: str | None = None) -> None:
    """Forget the failed sign-ins of an account (and of a client address, if given)."""
    store.uncount_login_attempt(conn, account_key(name), clear=True)
    if address:
        store.uncount_login_attempt(conn, address_key(address), clear=True)


def delay_left(
    failures: int, last_failed_at: datetime | None, now: datetime, free: int = ACCOUNT_FREE
) -> int:
    """Seconds a key must still wait before an attempt is even counted (0: go ahead)."""
    if failures < free or last_failed_at is None:
        return 0
    delay = min(FIRST_DELAY_S * 2 ** (failures - free), MAX_DELAY_S)
    left = (last_failed_at + timedelta(seconds=delay) - now).total_seconds()
    return max(0, int(left + 0.999))


def account_wait(conn: sqlite3.Connection, name: str, now: datetime) -> int:
    """Seconds before the account may try again (0: not locked); for `users list`."""
    found = store.login_failures(conn, [account_key(name)]).get(account_key(name))
    if found is None or now - store.parse_iso(found[1]) >= FORGET_AFTER:
        return 0
    return delay_left(found[0], store.parse_iso(found[1]), now)


def claim_attempt(conn: sqlite3.Connection, name_key: str, addr_key: str, now: datetime) -> str:
    """Count one attempt against both keys, atomically; "" when it may be checked, else the
    message to show (a refused attempt is not counted)."""
    with store.transaction(conn):  # BEGIN IMMEDIATE: one attempt at a time reads and counts
        store.forget_login_failures(conn, now - FORGET_AFTER)  # nothing older matters
        counts = store.login_failures(conn, [name_key, addr_key])
        for key, free, what in (
            (name_key, ACCOUNT_FREE, "this name"),
            (addr_key, ADDRESS_FREE, "this address"),
        ):
            if key in counts:
                failures, at = counts[key]
                wait = delay_left(failures, store.parse_iso(at), now, free)
                if wait:
                    return f"Too many failed sign-ins for {what}. Try again in {wait} seconds."
        store.count_login_attempt(conn, [name_key, addr_key], now)
    return ""


def check_login(
    conn: sqlite3.Connection,
    name: str,
    password: str,
    now: datetime,
    *,
    address: str = "",
    device_key: str | None = None,
) -> tuple[dict[str, Any] | None, str]:
    """(user, "") when the name and password match; (None, message) otherwise.

    `device_key` (from a valid device cookie for this name) is counted instead of the
    account. The attempt is counted before the (slow) hash check."""
    name_key = device_key or account_key(name)
    addr_key = address_key(address or "unknown")
    refused = claim_attempt(conn, name_key, addr_key, now)
    if refused:
        return None, refused
    user = store.get_user(conn, name)
    if user is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(generate_password_hash("no such account"))
        check_password_hash(_DUMMY_HASH[0], password)  # same work as for a real account
        return None, "Wrong name or password."
    if not check_password_hash(user["password_hash"], password):
        return None, "Wrong name or password."
    with store.transaction(conn):
        store.uncount_login_attempt(conn, name_key, clear=True)
        store.uncount_login_attempt(conn, addr_key)
    if user.get("disabled_at"):
        return None, "This account is disabled. Ask an administrator."
    return user, ""


def _devices() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key or "", salt="clinicseo-device")


def _device_key(name: str) -> str | None:
    """The device counter for `name` when this browser signed in to it before."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        data = _devices().loads(raw, max_age=DEVICE_DAYS * 86400)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != name or not data.get("d"):
        return None
    return _key("device", str(data["d"]))


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    from clinicseo.review.context import db, now

    if request.method == "POST":
        name = request.form.get("name", "").strip()
        password = request.form.get("password", "")
        user, message = check_login(
            db(),
            name,
            password,
            now(),
            address=request.remote_addr or "",
            device_key=_device_key(name),
        )
        if user is not None:
            session.clear()  # no fixation: a fresh session for the signed-in user
            session.permanent = True
            session["user"] = user["name"]
            session["gen"] = user["session_generation"]
            resp = redirect(_safe_next(request.args.get("next")))
            device = _devices().dumps({"u": user["name"], "d": secrets.token_hex(16)})
            resp.set_cookie(
                DEVICE_COOKIE,
                device,
                max_age=DEVICE_DAYS * 86400,
                httponly=True,
                samesite="Lax",
                secure=current_app.session_interface.get_cookie_secure(current_app),
            )
            return resp
        flash(message, "error")
        return render_template("login.html", name=name), 401
    return render_template("login.html", name="")


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    from clinicseo.review.context import db

    name = session.get("user")
    if name:
        store.end_sessions(db(), name)  # every session of this account, not just this one
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
        if user is not None and (
            user["disabled_at"] or session.get("gen") != user["session_generation"]
        ):
            user = None  # signed out elsewhere, password changed, or account disabled
        if user is None:
            # Forget a removed account; keep an anonymous session (its CSRF token) intact.
            session.pop("user", None)
            session.pop("gen", None)
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
