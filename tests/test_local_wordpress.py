"""The throwaway WordPress itself: it serves both APIs, resets clean, survives an outage,
switches XML-RPC off like real sites do, and its CLI keeps the password out of the output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from scripts.local_wordpress import LocalWordPress

pytestmark = pytest.mark.wordpress
REPO = Path(__file__).resolve().parents[1]
PROFILE_CALL = (
    "<?xml version='1.0'?><methodCall><methodName>wp.getProfile</methodName><params>"
    "<param><value>1</value></param><param><value>{user}</value></param>"
    "<param><value>{password}</value></param></params></methodCall>"
)


def profile(wp: LocalWordPress) -> requests.Response:
    body = PROFILE_CALL.format(user=wp.admin_user, password=wp.app_password)
    return requests.post(wp.xmlrpc_url, data=body, headers={"Content-Type": "text/xml"}, timeout=10)


def test_the_site_serves_rest_and_xmlrpc_with_our_meta_plugin(
    clean_wordpress: LocalWordPress,
) -> None:
    wp = clean_wordpress
    assert wp.posts() == []  # a clean blog: the sample post and page are gone
    made = wp.rest(
        "POST", "/wp/v2/posts",
        json={"title": "T", "content": "<p>x</p>", "status": "publish",
              "meta": {"_yoast_wpseo_metadesc": "described"}},
    )  # fmt: skip
    assert made.status_code == 201, made.text
    assert wp.post(made.json()["id"])["meta"]["_yoast_wpseo_metadesc"] == "described"
    answer = profile(wp)
    assert answer.status_code == 200 and "<name>username</name>" in answer.text
    assert requests.get(f"{wp.url}/t/", timeout=10).status_code == 200  # pretty permalinks


def test_reset_restores_a_clean_site(clean_wordpress: LocalWordPress) -> None:
    wp = clean_wordpress
    wp.rest("POST", "/wp/v2/posts", json={"title": "gone soon", "status": "publish"})
    wp.set_xmlrpc_enabled(False)
    wp.stop_server()
    wp.reset()
    assert wp.posts() == []
    assert profile(wp).status_code == 200


def test_the_server_stops_and_comes_back_on_the_same_port(
    clean_wordpress: LocalWordPress,
) -> None:
    wp = clean_wordpress
    url = wp.url
    wp.stop_server()
    with pytest.raises(requests.ConnectionError):
        requests.get(url, timeout=5)
    wp.start_server()
    assert wp.url == url
    assert requests.get(f"{url}/?rest_route=/", timeout=10).status_code == 200


def test_xmlrpc_can_be_switched_off_like_real_sites_do(clean_wordpress: LocalWordPress) -> None:
    clean_wordpress.set_xmlrpc_enabled(False)
    assert profile(clean_wordpress).status_code == 405
    clean_wordpress.set_xmlrpc_enabled(True)
    assert profile(clean_wordpress).status_code == 200


def test_cli_up_and_down_keep_the_password_out_of_the_output(tmp_path: Path) -> None:
    state = tmp_path / "wp.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "scripts.local_wordpress", "up", "--state-file", str(state)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not state.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        info = json.loads(state.read_text())
        assert os.stat(state).st_mode & 0o777 == 0o600
        assert requests.get(info["url"] + "/?rest_route=/", timeout=10).status_code == 200
        shown = subprocess.run(
            [sys.executable, "-m", "scripts.local_wordpress", "password", "--state-file",
             str(state)], cwd=REPO, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        assert shown == info["app_password"]
        down = subprocess.run(
            [sys.executable, "-m", "scripts.local_wordpress", "down", "--state-file", str(state)],
            cwd=REPO, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert down.returncode == 0
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
    assert proc.returncode == 0, err
    assert info["url"] in out and "CLINICSEO_WP_PASSWORD" in out
    assert info["app_password"] not in out + err
    assert not state.exists()
    assert not Path(info["root"]).exists()
    with pytest.raises(requests.ConnectionError):
        requests.get(info["url"], timeout=5)


def test_a_port_taken_before_the_server_binds_it_is_traded_for_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The race is real but rare (another process binds the port in the second between
    # picking it and php -S binding it), so the test takes the first port on purpose.
    import socket

    import scripts.local_wordpress as local

    squatter = socket.socket()
    squatter.bind(("127.0.0.1", 0))
    squatter.listen()
    taken = squatter.getsockname()[1]
    picks = iter([taken])
    real_free_port = local.free_port
    monkeypatch.setattr(local, "free_port", lambda: next(picks, None) or real_free_port())
    try:
        with LocalWordPress() as wp:  # starts it
            with pytest.raises(RuntimeError, match="already started"):
                wp.start()
            assert wp.port != taken
            assert profile(wp).status_code == 200  # the REST API answers on the new port
            home = requests.get(f"{wp.url}/?rest_route=/", timeout=10).json()["home"]
            assert home == wp.url  # WordPress knows its new address
    finally:
        squatter.close()
