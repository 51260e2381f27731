"""Per-request context for the review app: the connection, the config and the clock."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime

from flask import current_app, g

from clinicseo import store
from clinicseo.config import Config


def db() -> sqlite3.Connection:
    """This request's connection (opened on first use, closed on teardown)."""
    if "conn" not in g:
        g.conn = store.connect(app_config().database.path)
    conn: sqlite3.Connection = g.conn
    return conn


def app_config() -> Config:
    config: Config = current_app.extensions["clinicseo_config"]
    return config


def now() -> datetime:
    clock: Callable[[], datetime] = current_app.extensions["clinicseo_clock"]
    return clock()
