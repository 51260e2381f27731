"""An overall time limit for one WordPress call, and a stop that ends a call at once.

A socket timeout bounds each read, not the call: a server that trickles a byte every few
seconds never trips it. :func:`limit` runs a call under a whole-call deadline instead. The
adapters :func:`watch` every HTTP connection the call uses (anything with a ``.sock``); one
watcher thread per process shuts those sockets down when a call's deadline passes or its
``stop`` is set (the scheduler sets it on SIGTERM), so a read blocked on a trickling or hung
server returns at once and the library raises. The adapter then asks :attr:`Limit.reason` why and
names the fault itself.

The call runs in the caller's thread (no abandoned worker threads, no connection used by
two threads). The watcher starts once and sleeps while no call runs (a thread started per
call cost milliseconds per call on a loaded machine); it blocks SIGTERM/SIGINT so the kernel
delivers them to the main thread, whose handler sets ``stop``.
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
        self.end = time.monotonic() + seconds
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


class _Watcher:
    """The one thread that fires the limits of the calls running in this process."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._active: set[Limit] = set()
        self._thread: threading.Thread | None = None

    def add(self, lim: Limit) -> None:
        with self._cond:
            self._active.add(lim)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="wordpress-call-deadlines", daemon=True
                )
                self._thread.start()
            self._cond.notify()

    def remove(self, lim: Limit) -> None:
        with self._cond:
            self._active.discard(lim)

    def _run(self) -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
        with self._cond:
            while True:
                now = time.monotonic()
                waits = []
                for lim in self._active:
                    if lim.reason is None and lim.stop is not None and lim.stop.is_set():
                        lim.fire("stopped")
                    elif lim.reason is None and now >= lim.end:
                        lim.fire("deadline")
                    elif lim.reason is not None:  # again: a socket still connecting had none
                        lim.fire(lim.reason)
                    # a stop is polled; a plain deadline needs one wake-up only
                    polled = lim.reason is not None or lim.stop is not None
                    waits.append(TICK_S if polled else max(0.0, lim.end - now))
                self._cond.wait(min(waits, default=None))


_watcher = _Watcher()


@contextmanager
def limit(seconds: float, stop: threading.Event | None = None) -> Iterator[Limit]:
    """Run the body under an overall deadline of ``seconds``; ``stop`` ends it early."""
    lim = Limit(seconds, stop)
    if stop is not None and stop.is_set():
        lim.reason = "stopped"
    previous = getattr(_current, "limit", None)
    _current.limit = lim
    _watcher.add(lim)
    try:
        yield lim
    finally:
        _watcher.remove(lim)
        _current.limit = previous
