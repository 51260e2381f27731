"""The publish orchestrators: select what is due, send it to WordPress exactly once, record it.

Exactly once, never lost, never early:

1. only drafts whose ``publish_at`` <= ``now`` (plus those a crash left in 'publishing');
2. the draft is marked 'publishing' and that is committed before anything is sent;
3. WordPress is asked for a post carrying the draft's reference; only if there is none is
   the post created (a timeout after WordPress accepted a post therefore never doubles it);
4. the id WordPress returns is stored at once, then the draft becomes 'published'.

Right before sending, the approval is checked again: the text must hash to what was
approved, and no compliance check (``claims_*``) may block it unless an override is recorded.
Transient errors (server down, timeouts, 5xx, 429) are retried with exponential backoff up to
``[wordpress] retries`` times; after that, or on a permanent error, the draft is 'failed' with
``last_error`` saying why, and the run goes on with the next draft. A publish lock beside the
database keeps two publishers (scheduler and CLI) from sending the same draft at once.
"""

from __future__ import annotations

import fcntl
import logging
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from tenacity import (
    Retrying,
    before_sleep_log,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from clinicseo import store
from clinicseo.config import Config, read_secret
from clinicseo.errors import PublishError, StateError
from publisher import notify
from publisher.wordpress import OutgoingPost, RemotePost, WordPressAPI, connect

log = logging.getLogger(__name__)

BY = "publisher"
RETRY_WAIT_S = 1.0  # first backoff; it doubles on each retry
RETRY_WAIT_MAX_S = 60.0
LOCK_WAIT_S = 30.0
PUBLISHABLE = (store.APPROVED, store.SCHEDULED, store.FAILED, store.PUBLISHING)


@dataclass
class PublishResult:
    draft_id: int
    title: str
    outcome: str  # "published", "failed", "skipped" or "would publish"
    wordpress_id: str | None = None
    url: str | None = None
    error: str | None = None
    found_existing: bool = False  # WordPress already had it (a resumed publish)


@dataclass
class PublishSummary:
    results: list[PublishResult] = field(default_factory=list)

    @property
    def published(self) -> list[PublishResult]:
        return [r for r in self.results if r.outcome == "published"]

    @property
    def failed(self) -> list[PublishResult]:
        return [r for r in self.results if r.outcome == "failed"]

    def lines(self) -> list[str]:
        """One line per draft, then the totals: what the CLI prints."""
        out = []
        for r in self.results:
            if r.outcome == "published":
                again = " (it was already there: recorded, not sent again)" * r.found_existing
                out.append(
                    f"published draft {r.draft_id} as WordPress post {r.wordpress_id}: "
                    f"{r.url or ''}{again}"
                )
            elif r.outcome == "would publish":
                out.append(f"would publish draft {r.draft_id}: {r.title}")
            else:
                out.append(f"{r.outcome} draft {r.draft_id}: {r.error}")
        if not self.results:
            out.append("nothing is due")
        out.append(f"{len(self.published)} published, {len(self.failed)} failed")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"results": [asdict(r) for r in self.results]}


def publish_due(
    conn: sqlite3.Connection,
    config: Config,
    now: datetime,
    *,
    api: WordPressAPI | None = None,
    dry_run: bool = False,
    retry_wait_s: float | None = None,
) -> PublishSummary:
    """Publish every draft whose time has come (publish_at <= now), each exactly once.

    Raises ConfigError when the WordPress password variable is unset (nothing is touched)
    and PublishError when another publisher holds the lock; a failing draft is recorded as
    'failed' and never stops the others.
    """
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")
    if not store.due_drafts(conn, now):
        return PublishSummary()
    if dry_run:
        return PublishSummary(
            [
                PublishResult(d["id"], d["title"], "would publish")
                for d in store.due_drafts(conn, now)
            ]
        )
    with _publish_lock(config), _api(config, api) as wp:
        due = store.due_drafts(conn, now)  # again, under the lock
        results = [
            _publish_one(conn, config, wp, d, now, retry_wait_s, expect=(store.SCHEDULED,))
            for d in due
        ]
    return PublishSummary(results)


def publish_draft(
    conn: sqlite3.Connection,
    config: Config,
    draft_id: int,
    now: datetime,
    *,
    api: WordPressAPI | None = None,
    dry_run: bool = False,
    retry_wait_s: float | None = None,
) -> PublishSummary:
    """Publish one approved, scheduled or failed draft now (a person asked for it).

    Raises NotFound for an unknown id and StateError for a draft in another state.
    """
    draft = store.get_draft(conn, draft_id)
    if draft["state"] not in PUBLISHABLE:
        where = f" as WordPress post {draft['wordpress_id']}" if draft["wordpress_id"] else ""
        raise StateError(
            f"draft {draft_id} is '{draft['state']}'{where}: only approved, scheduled or "
            "failed drafts can be published"
        )
    if dry_run:
        cause = _refusal(draft)
        outcome = "would fail" if cause else "would publish"
        return PublishSummary([PublishResult(draft_id, draft["title"], outcome, error=cause)])
    with _publish_lock(config), _api(config, api) as wp:
        draft = store.get_draft(conn, draft_id)
        result = _publish_one(
            conn, config, wp, draft, now, retry_wait_s, expect=PUBLISHABLE, only_due=False
        )
    return PublishSummary([result])


def outgoing_post(config: Config, draft: dict[str, Any]) -> OutgoingPost:
    """The WordPress post a draft becomes (published now)."""
    return OutgoingPost(
        title=draft["title"],
        html=draft["html"],
        reference=draft["reference"],
        excerpt=draft["excerpt"],
        slug=draft["slug"],
        categories=tuple(draft["categories"] or [config.wordpress.default_category]),
        tags=tuple(draft["tags"]),
        meta_description=draft["meta_description"],
        keyphrase=draft["keyphrase"],
        jsonld=tuple(draft["jsonld"]),
        status="publish",
    )


def _refusal(draft: dict[str, Any]) -> str | None:
    """Why this draft may not go out as it is, or None when it may."""
    if not draft.get("approved_hash"):
        return "it was never approved"
    if store.text_hash(draft) != draft["approved_hash"]:
        return "its text changed after it was approved; it needs a new approval"
    claims = [c for c in draft.get("blocking") or [] if str(c).startswith("claims_")]
    if claims and not draft.get("override_reason"):
        return (
            f"compliance checks block it ({', '.join(claims)}); fix the text or record an "
            "override with a reason"
        )
    return None


def _publish_one(
    conn: sqlite3.Connection,
    config: Config,
    api: WordPressAPI,
    draft: dict[str, Any],
    now: datetime,
    retry_wait_s: float | None,
    *,
    expect: Sequence[str],
    only_due: bool = True,
) -> PublishResult:
    draft_id, title = draft["id"], draft["title"]
    due_at = draft["publish_at"]
    if only_due and draft["state"] == store.SCHEDULED and store.parse_iso(due_at) > now:
        return PublishResult(draft_id, title, "skipped", error="not due yet")  # never early
    started_in = draft["state"]
    try:
        if draft["state"] != store.PUBLISHING:  # committed before anything is sent
            draft = store.transition(
                conn, draft_id, store.PUBLISHING, by=BY, action="publishing", expect=expect
            )
    except StateError as exc:  # changed meanwhile (edited, rejected): leave it be
        return PublishResult(draft_id, title, "skipped", error=str(exc))
    publication = store.start_publication(conn, draft_id, api.name)
    found = False
    try:
        cause = _refusal(draft)
        if cause:
            raise PublishError(f"not sent: {cause}")
        if draft["wordpress_id"]:  # a crash after WordPress answered and we stored the id
            remote = RemotePost(id=draft["wordpress_id"], status="publish",
                                link=draft["wordpress_url"] or "")  # fmt: skip
            found = True
        else:
            # A first attempt searches by the token only; a resumed or retried one also asks
            # by slug (REST), in case someone edited the token out of the post meanwhile.
            resumed = started_in in (store.PUBLISHING, store.FAILED)
            post = outgoing_post(config, draft)
            remote, found = _send(config, api, post, retry_wait_s, by_slug=resumed)
            store.record_wordpress_id(conn, draft_id, remote.id, remote.link or None)
    except Exception as exc:  # noqa: BLE001 - one draft's failure never stops the others
        if not isinstance(exc, PublishError):
            log.exception("draft %s: unexpected error while publishing", draft_id)
        cause = str(exc) if isinstance(exc, PublishError) else f"unexpected error: {exc!r}"
        return _failed(conn, config, draft, publication, cause)
    note = f"WordPress post {remote.id}" + (" (found there, not sent again)" if found else "")
    store.transition(
        conn, draft_id, store.PUBLISHED, by=BY, action="published", note=note,
        wordpress_id=remote.id, wordpress_url=remote.link or None, last_error=None,
    )  # fmt: skip
    store.finish_publication(conn, publication, outcome="published", wordpress_id=remote.id)
    log.info("draft %s published as WordPress post %s", draft_id, remote.id)
    notify.post_live(config, draft, remote.link)
    return PublishResult(
        draft_id, title, "published", wordpress_id=remote.id, url=remote.link, found_existing=found
    )


def _send(
    config: Config,
    api: WordPressAPI,
    post: OutgoingPost,
    retry_wait_s: float | None,
    *,
    by_slug: bool,
) -> tuple[RemotePost, bool]:
    """Find the post by its reference, else create it; transient errors are retried."""

    def attempt() -> tuple[RemotePost, bool]:
        existing = api.find_by_reference(post.reference, slug=post.slug if by_slug else "")
        if existing is not None:
            return existing, True
        return api.create_post(post), False

    wait = RETRY_WAIT_S if retry_wait_s is None else retry_wait_s
    retrying = Retrying(
        stop=stop_after_attempt(config.wordpress.retries + 1),
        wait=wait_exponential(multiplier=wait, min=wait, max=RETRY_WAIT_MAX_S),
        retry=retry_if_exception(lambda e: isinstance(e, PublishError) and e.transient),
        before_sleep=before_sleep_log(log, logging.WARNING),
        reraise=True,
    )
    return retrying(attempt)


def _failed(
    conn: sqlite3.Connection,
    config: Config,
    draft: dict[str, Any],
    publication: int,
    cause: str,
) -> PublishResult:
    draft_id = draft["id"]
    log.warning("draft %s: publish failed: %s", draft_id, cause)
    try:
        store.transition(
            conn, draft_id, store.FAILED, by=BY, action="publish failed", note=cause,
            last_error=cause,
        )  # fmt: skip
        store.finish_publication(conn, publication, outcome="failed", error=cause)
    except Exception:  # noqa: BLE001 - it stays 'publishing' and the next run resumes it
        log.exception("draft %s: could not record the failure", draft_id)
    notify.publish_failed(config, draft, cause)
    return PublishResult(draft_id, draft["title"], "failed", error=cause)


@contextmanager
def _api(config: Config, given: WordPressAPI | None) -> Iterator[WordPressAPI]:
    if given is not None:
        yield given
        return
    password = read_secret(config.wordpress.password_env, "[wordpress] password_env")
    api = connect(config.wordpress, password)
    try:
        yield api
    finally:
        api.close()


@contextmanager
def _publish_lock(config: Config) -> Iterator[None]:
    """One publisher at a time per database (the scheduler's tick and a CLI run may meet)."""
    db = config.database.path
    path = db.with_name(db.name + ".publish.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as fh:
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise PublishError(
                        f"another clinicseo publish is running (lock {path}); try again shortly",
                        transient=True,
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
