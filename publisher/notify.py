"""Email to the ``[notify]`` recipients: a publish failed, a post went live, drafts await review.

Sent with smtplib (STARTTLS and login when configured; the login password comes from the
variable ``[notify] password_env`` names). With no ``smtp_host`` or no recipients nothing is
sent and the message is only logged. A notification never breaks the work that triggered
it: every mail error is logged and the function returns False.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from typing import Any

from clinicseo.config import Config, NotifyConfig, read_secret
from clinicseo.errors import ConfigError

log = logging.getLogger(__name__)
TIMEOUT_S = 20


def send(notify: NotifyConfig, subject: str, body: str) -> bool:
    """Send one plain-text mail to every recipient. True when the server accepted it."""
    if not notify.smtp_host or not notify.recipients:
        log.info("notify (no email configured): %s", subject)
        return False
    msg = EmailMessage()
    msg["From"] = notify.sender
    msg["To"] = ", ".join(notify.recipients)
    msg["Subject"] = subject
    msg.set_content(body)
    try:
        with smtplib.SMTP(notify.smtp_host, notify.smtp_port, timeout=TIMEOUT_S) as smtp:
            if notify.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if notify.username:
                password = read_secret(notify.password_env, "[notify] password_env")
                smtp.login(notify.username, password)
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException, ConfigError) as exc:
        log.warning(
            "notify: could not mail %r via %s:%s: %s",
            subject, notify.smtp_host, notify.smtp_port, exc,
        )  # fmt: skip
        return False
    log.info("notify: mailed %r to %d recipient(s)", subject, len(notify.recipients))
    return True


def publish_failed(config: Config, draft: dict[str, Any], cause: str) -> bool:
    return send(
        config.notify,
        f"[{config.clinic.name}] Publishing failed: {draft['title']}",
        f"Draft {draft['id']} ({draft['title']}) could not be published to WordPress.\n\n"
        f"Cause: {cause}\n\n"
        f"Nothing is lost: the draft is in state 'failed'. Once the cause is fixed, publish "
        f"it again with `clinicseo publish --draft {draft['id']}` or from the review app.\n",
    )


def publishing_stopped(config: Config, drafts: Sequence[dict[str, Any]], cause: str) -> bool:
    """One mail when the site refused a run as a whole: every due draft waits for a person."""
    lines = "\n".join(f"  #{d['id']}  {d['title']}" for d in drafts)
    ids = " ".join(str(d["id"]) for d in drafts)
    return send(
        config.notify,
        f"[{config.clinic.name}] Publishing stopped: {len(drafts)} draft(s) not sent",
        f"Publishing to WordPress stopped at the first draft:\n\n  {cause}\n\n"
        f"Nothing was sent, and these drafts are in state 'failed', waiting for you:\n\n"
        f"{lines}\n\nOnce the cause is fixed, publish them with `clinicseo publish --draft ID`"
        f" (IDs: {ids}) or Retry in the review app.\n",
    )


def post_live(config: Config, draft: dict[str, Any], url: str | None) -> bool:
    return send(
        config.notify,
        f"[{config.clinic.name}] Published: {draft['title']}",
        f"Draft {draft['id']} is live on the blog: {url or '(address not reported)'}\n",
    )


def drafts_awaiting_review(config: Config, drafts: Sequence[dict[str, Any]]) -> bool:
    if not drafts:
        return False
    lines = "\n".join(f"  #{d['id']}  {d['title']}" for d in drafts)
    return send(
        config.notify,
        f"[{config.clinic.name}] {len(drafts)} new draft(s) await review",
        f"New drafts are ready for review:\n\n{lines}\n\n"
        "Review them in the review app or with `clinicseo drafts --status draft`.\n",
    )


def posts_not_live(config: Config, problems: Sequence[str]) -> bool:
    if not problems:
        return False
    return send(
        config.notify,
        f"[{config.clinic.name}] {len(problems)} published post(s) are not live",
        "The watchdog found posts that are no longer live on WordPress:\n\n"
        + "\n".join(f"  {p}" for p in problems)
        + "\n",
    )
