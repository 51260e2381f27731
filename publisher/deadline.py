"""An overall time limit for one WordPress call, and a stop that ends a call at once.

A socket timeout bounds each read, not the call: a server that trickles a byte every few
seconds never trips it. :func:`limit` runs a call under a whole-call deadline instead. The
adapters :func:`watch` every HTTP connection the call uses (anything with a ``.sock``); a
small watcher thread shuts those sockets down when the deadline passes or when ``stop`` is
set (the scheduler sets it on SIGTERM), so a read blocked on a trickling or hung server
returns at once and the library raises. The adapter then asks :attr:`Limit.reason` why and
names the fault itself.

The call runs in the caller's thread (no abandoned worker threads, no connection used by
two threads); only the watcher is extra, and it blocks SIGTERM/SIGINT so the kernel delivers
them to the main thread, whose handler sets ``stop``.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

TICK_S = 0.2  # how often the watcher looks at ``stop`` (and re-cuts a call it cut)
_current = threading.local()


class Limit:
    """One call's deadline and the connections it used. ``reason`` is set once it fired:
    "deadline" or "stopped"."""

    def __init__(self, seconds: float, stop: threading.Event | None) -> None:
        self.seconds = seconds
        self.stop = stop
        self.reason: str | None = None
        self._conns: list[Any] = []
        self._lock = threading.Lock()

    def watch(self, conn: Any) -> None:
        with self._lock:
            if conn not in self._conns:
                self._conns.append(conn)
        if self.reason:  # fired already: this call sends nothing more
            raise TimeoutError(f"the call was cut short ({self.reason})")

    def fire(self, reason: str) -> None:
        with self._lock:
            if self.reason is None:
                self.reason = reason
            conns = list(self._conns)
        for conn in conns:
            _shut(conn)


def _shut(conn: Any) -> None:
    sock = getattr(conn, "sock", None)
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):  # shutdown, not close: it wakes a blocked read
            sock.shutdown(socket.SHUT_RDWR)


def watch(conn: Any) -> None:
    """Put ``conn`` under the limit of the call running in this thread (if any)."""
    current: Limit | None = getattr(_current, "limit", None)
    if current is not None:
        current.watch(conn)


@contextmanager
def limit(seconds: float, stop: threading.Event | None = None) -> Iterator[Limit]:
    """Run the body under an overall deadline of ``seconds``; ``stop`` ends it early."""
    lim = Limit(seconds, stop)
    if stop is not None and stop.is_set():
        lim.reason = "stopped"
    done = threading.Event()

    def watcher() -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
        end = time.monotonic() + seconds

        def pause() -> float:  # without a stop to watch, one wait to the deadline will do
            left = max(0.0, end - time.monotonic())
            return TICK_S if lim.reason else (min(TICK_S, left) if stop is not None else left)

        while not done.wait(pause()):
            if lim.reason is None and stop is not None and stop.is_set():
                lim.fire("stopped")
            elif lim.reason is None and time.monotonic() >= end:
                lim.fire("deadline")
            elif lim.reason is not None:  # again: a socket still connecting had none to cut
                lim.fire(lim.reason)

    thread = threading.Thread(target=watcher, name="wordpress-call-deadline", daemon=True)
    previous = getattr(_current, "limit", None)
    _current.limit = lim
    thread.start()
    try:
        yield lim
    finally:
        done.set()
        _current.limit = previous
        thread.join()
