"""The review app against an attacker: bursts of guesses through a real HTTP server, copied
cookies, a TLS proxy in front, draft ids out of range, images from foreign hosts."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from clinicseo import store
from clinicseo.config import Config
from clinicseo.review import create_app
from clinicseo.review.auth import ACCOUNT_FREE, ADDRESS_FREE, add_user, set_password, unlock

PASSWORD = "correct horse"


@pytest.fixture
def config(make_config: Callable[..., Config]) -> Config:
    return make_config(
        clinic={"site_url": "https://clinic.example/blog/"},
        wordpress={"url": "https://wp.clinic.example", "username": "bot"},
        review={"trusted_proxies": ["10.0.0.7"]},
    )


@pytest.fixture
def conn(config: Config) -> Iterator[sqlite3.Connection]:
    c = store.connect(config.database.path)
    add_user(c, "ed", PASSWORD, "editor")
    yield c
    c.close()


@pytest.fixture
def app(config: Config, conn: sqlite3.Connection) -> Flask:
    return create_app(config)


def token(text: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', text)
    assert found, "no CSRF token"
    return found.group(1)


def login(client: FlaskClient, name: str = "ed", password: str = PASSWORD, **kw: Any) -> Any:
    csrf = token(client.get("/login", **kw).text)
    data = {"name": name, "password": password, "csrf_token": csrf}
    return client.post("/login", data=data, **kw)


@pytest.fixture
def server(app: Flask) -> Iterator[str]:
    """The app on a real threaded HTTP server on 127.0.0.1 (port 0)."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=5)


def test_a_burst_of_concurrent_guesses_is_throttled_before_any_hash(server: str) -> None:
    # 40 browsers each hold a session and a CSRF token, then all post a wrong password at
    # the same moment; then the owner types the right one.
    sessions = []
    for _ in range(40):
        s = requests.Session()
        sessions.append((s, token(s.get(server + "/login", timeout=30).text)))
    barrier = threading.Barrier(len(sessions))
    texts: list[str] = []

    def attempt(i: int) -> None:
        s, csrf = sessions[i]
        barrier.wait()
        r = s.post(
            server + "/login",
            data={"name": "ed", "password": f"guess {i}", "csrf_token": csrf},
            allow_redirects=False,
            timeout=60,
        )
        texts.append(r.text)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(texts) == 40
    checked = [t for t in texts if "Wrong name or password." in t]
    throttled = [t for t in texts if "Too many failed sign-ins for this name" in t]
    # Only the free attempts were ever checked against the hash; the rest were refused first.
    assert len(checked) == ACCOUNT_FREE and len(throttled) == 40 - ACCOUNT_FREE
    # The right password now waits for the cooldown too.
    s = requests.Session()
    csrf = token(s.get(server + "/login", timeout=30).text)
    r = s.post(
        server + "/login",
        data={"name": "ed", "password": PASSWORD, "csrf_token": csrf},
        allow_redirects=False,
        timeout=30,
    )
    assert r.status_code == 401 and "Too many failed sign-ins" in r.text


def test_spraying_many_names_from_one_address_is_throttled(app: Flask) -> None:
    client = app.test_client()
    codes = [login(client, name=f"user{i}", password="Summer2026!").text for i in range(30)]
    refused = [i for i, text in enumerate(codes) if "for this address" in text]
    assert refused and refused[0] == ADDRESS_FREE
    # ...while another address is not affected by it.
    other = app.test_client()
    resp = login(other, environ_base={"REMOTE_ADDR": "192.0.2.9"})
    assert resp.status_code == 302


def test_a_known_device_is_not_locked_out_by_an_attacker(app: Flask) -> None:
    owner = app.test_client()
    assert login(owner).status_code == 302  # the owner's browser gets a device cookie
    owner.post("/logout", data={"csrf_token": token(owner.get("/").text)})
    attacker = app.test_client()
    for i in range(ACCOUNT_FREE + 1):
        login(attacker, password=f"guess {i}", environ_base={"REMOTE_ADDR": "198.51.100.1"})
    locked = login(app.test_client(), environ_base={"REMOTE_ADDR": "198.51.100.2"})
    assert "Too many failed sign-ins for this name" in locked.text
    assert login(owner).status_code == 302  # the owner's known device still gets in


def test_an_admin_unlock_ends_the_cooldown(app: Flask, conn: sqlite3.Connection) -> None:
    client = app.test_client()
    for i in range(ACCOUNT_FREE):
        login(client, password=f"guess {i}")
    assert "Too many failed" in login(client).text
    unlock(conn, "ed")
    assert login(client).status_code == 302


def test_the_cooldown_passes_by_itself(app: Flask) -> None:
    client = app.test_client()
    for i in range(ACCOUNT_FREE):
        login(client, password=f"guess {i}")
    assert re.search(r"Try again in (29|30) seconds", login(client).text)
    later = datetime.now(UTC) + timedelta(seconds=31)
    app.extensions["clinicseo_clock"] = lambda: later
    assert login(client).status_code == 302


def test_a_cookie_copied_before_sign_out_is_refused_after(app: Flask) -> None:
    browser = app.test_client()
    assert login(browser).status_code == 302
    cookie = browser.get_cookie("clinicseo_session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("clinicseo_session", cookie.value)
    assert thief.get("/").status_code == 200  # the copy works while the session lives
    browser.post("/logout", data={"csrf_token": token(browser.get("/").text)})
    resp = thief.get("/")
    assert resp.status_code == 302 and resp.location.startswith("/login")


def test_a_password_change_or_disabling_ends_every_session(
    app: Flask, conn: sqlite3.Connection
) -> None:
    first, second = app.test_client(), app.test_client()
    login(first)
    login(second)
    set_password(conn, "ed", "a brand new password")
    assert first.get("/").status_code == 302 and second.get("/").status_code == 302
    assert login(first, password="a brand new password").status_code == 302
    store.set_user_disabled(conn, "ed", True)
    assert first.get("/").status_code == 302
    resp = login(second, password="a brand new password")
    assert resp.status_code == 401 and "disabled" in resp.text
    store.set_user_disabled(conn, "ed", False)
    assert login(second, password="a brand new password").status_code == 302
    store.remove_user(conn, "ed")
    assert second.get("/").status_code == 302


def test_cookies_are_secure_behind_a_configured_tls_proxy_only(app: Flask) -> None:
    proxied = {"REMOTE_ADDR": "10.0.0.7"}
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"}
    # nginx's default proxy_pass: the app sees a loopback Host, the proxy says https.
    page = app.test_client().get(
        "/login", base_url="http://127.0.0.1:8000", environ_base=proxied, headers=headers
    )
    cookie = page.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # The same headers from anyone else are ignored: no claiming https from outside.
    page = app.test_client().get(
        "/login",
        base_url="http://127.0.0.1:8000",
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
        headers=headers,
    )
    assert "Secure" not in page.headers["Set-Cookie"]


def test_the_client_address_behind_the_proxy_is_the_forwarded_one(app: Flask) -> None:
    # Spraying through the proxy counts per real client, not against the proxy itself.
    proxied = {"REMOTE_ADDR": "10.0.0.7"}
    attacker = {"X-Forwarded-For": "203.0.113.66"}
    client = app.test_client()
    for i in range(ADDRESS_FREE + 1):
        login(client, name=f"u{i}", password="x" * 9, environ_base=proxied, headers=attacker)
    clinic = app.test_client()
    honest = {"X-Forwarded-For": "203.0.113.10"}
    resp = login(clinic, environ_base=proxied, headers=honest)
    assert resp.status_code == 302
    # while the attacker's own address is throttled
    resp = login(app.test_client(), environ_base=proxied, headers=attacker)
    assert "for this address" in resp.text


def test_a_draft_id_beyond_sqlite_integers_is_404(app: Flask, conn: sqlite3.Connection) -> None:
    client = app.test_client()
    login(client)
    for path in ("/drafts/99999999999999999999", "/drafts/9223372036854775808"):
        assert client.get(path).status_code == 404
    with pytest.raises(store.NotFound):
        store.get_draft(conn, 2**70)


def test_images_only_from_the_clinics_own_hosts(app: Flask) -> None:
    policy = app.test_client().get("/login").headers["Content-Security-Policy"]
    img = next(p for p in policy.split(";") if p.strip().startswith("img-src")).split()
    assert img == [
        "img-src",
        "'self'",
        "data:",
        "https://clinic.example",
        "https://wp.clinic.example",
    ]
