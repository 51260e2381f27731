"""Sending one draft's post to WordPress exactly once, whatever WordPress's speed.

:class:`Sender` finds the post by its reference, else creates it. The moment a create is
sent is committed first (``publications.create_sent_at``, :func:`store.mark_create_sent`).
A create that got no answer (timed out, connection lost, HTTP 5xx: any transient failure
but ``NotSent``) counts as "may have landed": the reference is looked up with backoff
(CONFIRM_FIRST_S doubling to CONFIRM_MAX_S), and nothing is sent again until
``[wordpress] landing_window_s`` after that create was sent, in this run or any later one
(a crash included, since the time is in the database). One run looks for at most
``confirm_wait_s``; then :class:`Unconfirmed` leaves the draft to a later run, whose
automatic retry :func:`resend_wait` puts no earlier than the window's end.

A transient fault of any other step is tried once more in the run (a blip); an answered
refusal (not transient) is not. The transports never re-send by themselves
(:mod:`publisher.wp_xmlrpc`, :mod:`publisher.wp_rest`).

Limits: a post WordPress stores later than the window after receiving it, or whose
reference token and meta someone removed before we saw it, can be sent again.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from datetime import datetime, timedelta
from typing import Any

from tenacity import (
    Retrying,
    before_sleep_log,
    retry_if_exception,
    stop_after_attempt,
    wait_fixed,
)

from clinicseo import store
from clinicseo.config import Config
from clinicseo.errors import PublishError
from clinicseo.media_store import asset_folders
from publisher.media import attach_assets
from publisher.wordpress import NotSent, OutgoingPost, RemotePost, WordPressAPI

log = logging.getLogger(__name__)

IN_RUN_ATTEMPTS = 2  # a transient fault is tried once more within the run
CONFIRM_FIRST_S = 0.5  # the first wait before looking up a create that got no answer
CONFIRM_MAX_S = 15.0  # the longest wait between two look-ups (doubling from the first)


class Unconfirmed(PublishError):
    """A create got no answer and its post has not shown up: it may still land, so nothing is
    sent before ``resend_at`` (wall clock, UTC)."""

    def __init__(self, message: str, *, resend_at: datetime) -> None:
        super().__init__(message, transient=True)
        self.resend_at = resend_at


class Sender:
    """Sends one draft's post exactly once: find it, else create it; a create that got no
    answer is looked up, and nothing is sent again inside the landing window."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        config: Config,
        api: WordPressAPI,
        publication: int,
        draft_id: int,
        *,
        stop: threading.Event | None = None,
    ) -> None:
        self.conn, self.api, self.publication, self.draft_id = conn, api, publication, draft_id
        self.window = timedelta(seconds=config.wordpress.landing_window_s)
        self.confirm_wait_s = config.wordpress.confirm_wait_s
        self.asset_folders = asset_folders(config)  # where the draft's images are found
        self.stop = stop

    def __call__(
        self,
        post: OutgoingPost,
        *,
        by_slug: bool,
        media: dict[str, Any],
        retry_wait_s: float,
    ) -> tuple[RemotePost, bool]:
        """Find the post by its reference, else upload its images (once) and create it; a
        transient error is tried once more, but never a create that may have landed
        (Unconfirmed). ``media`` is filled with what the images became."""

        def attempt() -> tuple[RemotePost, bool]:
            slug = post.slug if by_slug else ""
            existing = self.api.find_by_reference(post.reference, slug=slug)
            if existing is not None:
                return existing, True
            pending = store.unanswered_create(self.conn, self.draft_id)
            if pending is not None and store.now_utc() < pending + self.window:
                existing = self._confirm(post, pending, "an earlier create got no answer")
                if existing is not None:
                    return existing, True
            ready, used = attach_assets(self.api, post, self.asset_folders)
            media.update(used)
            return self._create(ready)

        retrying = Retrying(
            stop=stop_after_attempt(IN_RUN_ATTEMPTS),
            wait=wait_fixed(retry_wait_s),
            retry=retry_if_exception(
                lambda e: _retry_in_run(e) and not (self.stop is not None and self.stop.is_set())
            ),
            before_sleep=before_sleep_log(log, logging.WARNING),
            reraise=True,
        )
        return retrying(attempt)

    def _create(self, post: OutgoingPost) -> tuple[RemotePost, bool]:
        sent_at = store.now_utc()
        store.mark_create_sent(self.conn, self.publication, sent_at)  # committed before
        try:
            made = self.api.create_post(post)
        except PublishError as exc:
            if not exc.transient or isinstance(exc, NotSent):  # answered, or never left
                store.mark_create_sent(self.conn, self.publication, None)
                raise
            log.warning(
                "draft %s: the create got no answer (%s); it may have landed: looking it up "
                "before anything is sent again", self.draft_id, exc,
            )  # fmt: skip
            found = self._confirm(post, sent_at, f"the create got no answer ({exc})")
            if found is None:  # the window has passed and it never showed up: it did not land
                raise
            return found, True
        # No commit to clear the mark: the id the caller stores at once settles it (a draft
        # with a WordPress id is never created again).
        return made, False

    def _confirm(self, post: OutgoingPost, sent_at: datetime, why: str) -> RemotePost | None:
        """Look the reference up with backoff until it shows up (the post), the landing
        window has passed (None: it did not land), or this run's confirm_wait_s is spent
        (Unconfirmed: a later run looks again)."""
        resend_at = sent_at + self.window
        give_up = time.monotonic() + self.confirm_wait_s
        pause = CONFIRM_FIRST_S
        while True:
            try:
                found = self.api.find_by_reference(post.reference, slug=post.slug)
            except PublishError as exc:
                if not exc.transient:
                    raise
                found = None  # unreachable for now: the window still decides
            if found is not None:
                log.info("draft %s: the post that got no answer is there: WordPress post %s",
                         self.draft_id, found.id)  # fmt: skip
                return found
            left = (resend_at - store.now_utc()).total_seconds()
            if left <= 0:
                return None
            stopping = self.stop is not None and self.stop.is_set()
            if stopping or time.monotonic() + min(pause, left) > give_up:
                raise Unconfirmed(
                    f"{why}; it may still land, so nothing is sent again before "
                    f"{store.iso(resend_at)} ([wordpress] landing_window_s)",
                    resend_at=resend_at,
                )
            if self.stop is not None:
                self.stop.wait(min(pause, left))
            else:
                time.sleep(min(pause, left))
            pause = min(pause * 2, CONFIRM_MAX_S)


def _retry_in_run(exc: BaseException) -> bool:
    """The one quick in-run retry: for a transient fault, but not a create that may have
    landed (the window decides) nor a stop."""
    return isinstance(exc, PublishError) and exc.transient and not isinstance(exc, Unconfirmed)


def resend_wait(exc: BaseException) -> timedelta:
    """How long at least before an automatic retry: the rest of a landing window."""
    if isinstance(exc, Unconfirmed):
        return max(timedelta(0), exc.resend_at - store.now_utc())
    return timedelta(0)
