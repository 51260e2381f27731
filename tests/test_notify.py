"""Email notifications against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Callable

from clinicseo.config import Config
from publisher import notify
from tests.fixtures.smtp import Inbox

DRAFT = {"id": 7, "title": "Microneedling and inflammation"}


def test_a_failed_publish_is_mailed_with_its_cause(
    smtp: tuple[Inbox, int], make_config: Callable[..., Config]
) -> None:
    inbox, port = smtp
    config = make_config(
        notify={"smtp_host": "127.0.0.1", "smtp_port": port, "sender": "seo@clinic.example",
                "recipients": ["marketing@clinic.example", "it@clinic.example"]}
    )  # fmt: skip
    assert notify.publish_failed(config, DRAFT, "WordPress xmlrpc at X: connection refused")
    (mail,) = inbox.messages
    assert mail["To"] == "marketing@clinic.example, it@clinic.example"
    assert "Publishing failed: Microneedling and inflammation" in mail["Subject"]
    body = mail.get_payload()
    assert "connection refused" in body and "clinicseo publish --draft 7" in body


def test_live_posts_and_waiting_drafts_are_mailed(
    smtp: tuple[Inbox, int], make_config: Callable[..., Config]
) -> None:
    inbox, port = smtp
    config = make_config(
        notify={"smtp_host": "127.0.0.1", "smtp_port": port, "recipients": ["m@clinic.example"]}
    )
    assert notify.post_live(config, DRAFT, "https://clinic.example/microneedling/")
    assert notify.drafts_awaiting_review(config, [DRAFT, {"id": 8, "title": "Second"}])
    assert not notify.drafts_awaiting_review(config, [])  # nothing to say: no mail
    subjects = [m["Subject"] for m in inbox.messages]
    assert subjects == [
        "[Cosmos Clinic] Published: Microneedling and inflammation",
        "[Cosmos Clinic] 2 new draft(s) await review",
    ]
    assert "https://clinic.example/microneedling/" in inbox.messages[0].get_payload()


def test_without_smtp_host_nothing_is_sent_and_errors_never_raise(
    smtp: tuple[Inbox, int], make_config: Callable[..., Config]
) -> None:
    inbox, port = smtp
    assert not notify.post_live(make_config(), DRAFT, None)  # no [notify] smtp_host
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    down = make_config(
        notify={"smtp_host": "127.0.0.1", "smtp_port": closed, "recipients": ["m@x.example"]}
    )
    assert not notify.publish_failed(down, DRAFT, "cause")  # logged, not raised
    assert inbox.messages == []
