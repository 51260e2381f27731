"""publisher.deadline: a whole-call limit a trickling server cannot stretch, and a stop that
ends a call at once. A real socket server on 127.0.0.1 trickles an HTTP answer."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from publisher import deadline


@pytest.fixture
def trickler() -> Iterator[int]:
    """A port whose server answers any request one byte every 0.2 s, for a long time."""
    server = socket.create_server(("127.0.0.1", 0))
    done = threading.Event()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            answer = b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"x" * 100000
            for i in range(len(answer)):
                if done.wait(0.2):
                    return
                try:
                    conn.sendall(answer[i : i + 1])
                except OSError:
                    return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    done.set()
    server.close()
    thread.join(timeout=5)


def fetch(port: int, lim_s: float, stop: threading.Event | None = None) -> str | None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)  # per read: never trips
    with deadline.limit(lim_s, stop) as lim:
        deadline.watch(conn)
        try:
            conn.request("GET", "/")
            conn.getresponse().read()
        except (OSError, http.client.HTTPException):
            pass
    conn.close()
    return lim.reason


def test_a_trickled_answer_is_cut_at_the_deadline(trickler: int) -> None:
    started = time.monotonic()
    assert fetch(trickler, 1.0) == "deadline"
    assert 0.9 < time.monotonic() - started < 3


def test_stop_ends_a_call_in_flight(trickler: int) -> None:
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    started = time.monotonic()
    assert fetch(trickler, 60.0, stop) == "stopped"
    assert time.monotonic() - started < 2


def test_a_quick_call_is_left_alone() -> None:
    with deadline.limit(5.0) as lim:
        pass
    assert lim.reason is None
