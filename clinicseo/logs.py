"""One log format for the long-running services (`clinicseo serve`, `clinicseo scheduler`):
one line per event on stderr (journald keeps it), stamped in the clinic's time zone.

    2026-12-03 09:00:02 AEDT INFO publisher.scheduler: job publish: 1 published

Secrets never reach a log line: the values of the environment variables the config names
for secrets (WordPress and SMTP passwords, the session key) are replaced by "***" in every
formatted record, whatever logger or library wrote it.
"""

from __future__ import annotations

import logging
import os
import sys
from datetime import datetime, tzinfo

from clinicseo.config import Config
from clinicseo.errors import InputError

LEVELS = ("debug", "info", "warning", "error")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class ClinicFormatter(logging.Formatter):
    """Times in the clinic's zone with its abbreviation; known secret values masked."""

    def __init__(self, tz: tzinfo, secrets: tuple[str, ...] = ()) -> None:
        super().__init__(FORMAT)
        self.tz = tz
        # Longest first, so a secret that contains another is masked whole.
        self.secrets = tuple(sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True))

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return datetime.fromtimestamp(record.created, self.tz).strftime("%Y-%m-%d %H:%M:%S %Z")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


def secret_values(config: Config) -> tuple[str, ...]:
    names = (
        config.wordpress.password_env,
        config.notify.password_env,
        config.review.secret_key_env,
    )
    return tuple(os.environ[n] for n in names if n and os.environ.get(n))


def setup_logging(config: Config, level: str = "info") -> None:
    """Send every logger's records to stderr in the one format, at `level` and above."""
    if level.lower() not in LEVELS:
        raise InputError(f"--log-level: expected one of {', '.join(LEVELS)}, found \"{level}\"")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(ClinicFormatter(config.tz, secret_values(config)))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
