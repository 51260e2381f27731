"""The publishing calendar as an iCal feed (RFC 5545) for staff calendar apps, at a secret
address per user.

The address's token is an HMAC of the user name under the app's secret key: nothing is
stored, a removed account's feed stops at once, and changing ``[review] secret_key_env``'s
value replaces every feed address (and ends every session).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Sequence
from typing import Any

from flask import current_app

from clinicseo import store


def feed_token(user: str) -> str:
    key = str(current_app.secret_key or "").encode()
    return hmac.new(key, f"ical-feed:{user}".encode(), hashlib.sha256).hexdigest()[:32]


def token_ok(user: str, token: str) -> bool:
    return bool(user) and hmac.compare_digest(feed_token(user), token)


def _text(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    out: list[str] = []
    chunk = b""
    for ch in line:
        b = ch.encode()
        if len(chunk) + len(b) > (75 if not out else 74):
            out.append(chunk.decode())
            chunk = b""
        chunk += b
    out.append(chunk.decode())
    return "\r\n ".join(out)


def _stamp(iso_text: str) -> str:
    return store.parse_iso(iso_text).strftime("%Y%m%dT%H%M%SZ")


def feed(posts: Sequence[dict[str, Any]], clinic: str, link: Callable[[int], str]) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//clinicseo//publishing calendar//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_text(clinic + ' blog posts')}",
    ]
    for p in posts:
        state = {"scheduled": "goes out", "published": "published", "failed": "FAILED",
                 "publishing": "publishing"}.get(p["state"], p["state"])  # fmt: skip
        title, topic, when = str(p["title"]), str(p["topic"]), _stamp(p["publish_at"])
        summary = f"Blog post {state}: {title}"
        description = f"#{p['id']} {title} ({p['state']}). Topic: {topic}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:draft-{p['id']}@clinicseo",
            f"DTSTAMP:{when}",
            f"DTSTART:{when}",
            "DURATION:PT30M",
            f"SUMMARY:{_text(summary)}",
            f"DESCRIPTION:{_text(description)}",
            f"URL:{link(int(p['id']))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
