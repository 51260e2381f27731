"""The publish orchestrators: select what is due, send it to WordPress exactly once, record it.

Exactly once, never lost, never early:

1. only drafts whose ``publish_at`` <= ``now`` (plus those a crash left in 'publishing');
2. the draft is marked 'publishing' and that is committed before anything is sent;
3. WordPress is asked for a post carrying the draft's reference; only if there is none is
   the post created (a timeout after WordPress accepted a post therefore never doubles it);
4. a create that got no answer (timed out, connection lost, 5xx) "may have landed":
   nothing is sent again until ``[wordpress] landing_window_s`` after it was sent, in this
   run or any later one, a crash included (:mod:`publisher.sender` owns that protocol);
5. the id WordPress returns is stored at once, then the draft becomes 'published'.

Neither transport re-sends a request by itself (:mod:`publisher.wp_xmlrpc`,
:mod:`publisher.wp_rest`), and every call has an overall deadline (``timeout_s``) and ends
at once when ``stop`` is set (the scheduler's SIGTERM); a run then stops before its next
draft.

Right before sending, the publish gate (clinicseo/gate.py) is asked again, from the store as
it is at that moment: the text must hash to what was approved, no blocking check may stand
without an override, and no sibling, keyphrase, slug or near-copy may have reached the blog
since the approval. Title and excerpt go out HTML-escaped, so they arrive as text.
The images the HTML references from ``templates/assets/`` are put in the media library once
and the outgoing copy points at them (:mod:`publisher.media`; the draft itself is untouched).

Failures. Within one run a transient error (server down, timeout, 5xx, 429) is tried once
more after a short wait (a blip). If it still fails the draft is 'failed' with
``last_error`` saying why, and the run goes on with the next draft. A transient failure is
then retried automatically by a later ``publish_due`` (the scheduler's tick) after
RETRY_DELAYS (5, 15, 60, 60... minutes), at most ``[wordpress] retries`` times; staff get
an email only when it gives up. A permanent failure (credentials refused, text refused,
fault) waits for a person (``publish_draft``) and is mailed at once. A fault of the site as a
whole (``SiteError``: credentials refused, a wrong URL) stops the run at its first draft:
that draft and the due ones after it wait for a person, with one mail. The route really used
(REST after a fallback), the media and the transient flag are recorded per publication.
A publish lock beside the database keeps two publishers (scheduler and CLI) from sending
the same draft at once.
"""

from __future__ import annotations

import fcntl
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from clinicseo import gate, store
from clinicseo.config import Config
from clinicseo.errors import PublishError, StateError
from clinicseo.media_store import asset_folders
from publisher import lifecycle, notify, preflight
from publisher.compose import compose
from publisher.media import with_media
from publisher.preflight import SiteCheck
from publisher.sender import Sender, resend_wait
from publisher.summary import PublishResult, PublishSummary
from publisher.wordpress import OutgoingPost, RemotePost, SiteError, WordPressAPI, open_api

log = logging.getLogger(__name__)

BY = "publisher"
RETRY_WAIT_S = 1.0  # the wait before the one in-run retry of a transient error
# Automatic retries on later runs after a transient failure: 5, 15, then every 60 minutes.
RETRY_DELAYS = (timedelta(minutes=5), timedelta(minutes=15), timedelta(minutes=60))
LOCK_WAIT_S = 30.0
PUBLISHABLE = (store.APPROVED, store.SCHEDULED, store.FAILED, store.PUBLISHING)


def publish_due(
    conn: sqlite3.Connection,
    config: Config,
    now: datetime,
    *,
    api: WordPressAPI | None = None,
    dry_run: bool = False,
    retry_wait_s: float | None = None,
    stop: threading.Event | None = None,
) -> PublishSummary:
    """Publish every draft whose time has come (publish_at <= now), each exactly once.

    Raises ConfigError when the WordPress password variable is unset (nothing is touched)
    and PublishError when another publisher holds the lock; a failing draft is recorded as
    'failed' and never stops the others, but a fault of the whole site (SiteError) stops
    the run and holds back the rest, with one mail. Once ``stop`` is set the call in flight
    ends and no further draft is started.
    """
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")
    due = due_now(conn, now)
    if not due:  # no lock, no password needed
        return PublishSummary()
    if dry_run:
        return PublishSummary([PublishResult(d["id"], d["title"], "would publish") for d in due])
    results: list[PublishResult] = []
    with _publish_lock(config), open_api(config, api, stop=stop) as wp:
        due = due_now(conn, now)  # again, under the lock
        site = preflight.for_publish(config, stop)  # once per run; stops it before anything is sent
        notes = preflight.gate(site) if site else []
        for i, d in enumerate(due):
            if stop is not None and stop.is_set():
                log.info("stopping: %d due draft(s) left for the next run", len(due) - i)
                break
            result = _publish_one(
                conn, config, wp, d, now, retry_wait_s, expect=(store.SCHEDULED, store.FAILED),
                stop=stop, mail_site_error=False, site=site,
            )  # fmt: skip
            results.append(result)
            if result.site_error:
                results += _hold_back(conn, config, d, due[i + 1 :], result.error or "")
                break
    return PublishSummary(results, notes=notes)


def _hold_back(
    conn: sqlite3.Connection,
    config: Config,
    first: dict[str, Any],
    rest: Sequence[dict[str, Any]],
    cause: str,
) -> list[PublishResult]:
    """The site refused the run at ``first``: the due drafts after it are not tried (each
    would fail the same way); they wait for a person, and staff get one mail for all."""
    note = f"not sent: publishing stopped at draft {first['id']}: {cause}"
    held = []
    for d in rest:
        try:  # a resumed 'publishing' one too: its next try looks it up before sending
            store.transition(
                conn, d["id"], store.FAILED, by=BY, action="publish failed", note=note,
                expect=(store.SCHEDULED, store.FAILED, store.PUBLISHING), last_error=note,
                retry_at=None,
            )  # fmt: skip
        except StateError:  # changed meanwhile: leave it be
            continue
        held.append(d)
    log.warning("publishing stopped at draft %s (%s); %d more held back", first["id"],
                cause, len(held))  # fmt: skip
    notify.publishing_stopped(config, [first, *held], cause)
    return [PublishResult(d["id"], d["title"], "failed", error=note) for d in held]


def due_now(conn: sqlite3.Connection, now: datetime) -> list[dict[str, Any]]:
    """What publish_due would send at ``now``: due scheduled drafts, publishes a crash
    interrupted, and transient failures whose automatic retry has come."""
    return store.due_drafts(conn, now) + store.retry_due_drafts(conn, now)


def publish_draft(
    conn: sqlite3.Connection,
    config: Config,
    draft_id: int,
    now: datetime,
    *,
    api: WordPressAPI | None = None,
    dry_run: bool = False,
    retry_wait_s: float | None = None,
    stop: threading.Event | None = None,
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
        cause = _refusal(conn, config, draft, now)
        outcome = "would fail" if cause else "would publish"
        return PublishSummary([PublishResult(draft_id, draft["title"], outcome, error=cause)])
    with _publish_lock(config), open_api(config, api, stop=stop) as wp:
        draft = store.get_draft(conn, draft_id)
        site = preflight.for_publish(config, stop)
        notes = preflight.gate(site) if site else []
        result = _publish_one(
            conn, config, wp, draft, now, retry_wait_s, expect=PUBLISHABLE, only_due=False,
            by_person=True, stop=stop, site=site,
        )  # fmt: skip
    return PublishSummary([result], notes=notes)


def outgoing_post(
    config: Config, draft: dict[str, Any], site: SiteCheck | None = None
) -> OutgoingPost:
    """The WordPress post a draft becomes (published now) on the site ``site`` describes."""
    return compose(config, draft, site).post


def _refusal(
    conn: sqlite3.Connection, config: Config, draft: dict[str, Any], now: datetime
) -> str | None:
    """Why this draft may not go out now (the publish gate's reasons), or None when it may."""
    verdict = gate.evaluate(conn, config, draft, now=now)
    return None if verdict.ready else verdict.explain()


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
    by_person: bool = False,
    stop: threading.Event | None = None,
    mail_site_error: bool = True,
    site: SiteCheck | None = None,
) -> PublishResult:
    draft_id, title = draft["id"], draft["title"]
    due_at = draft["publish_at"]
    if only_due and draft["state"] == store.SCHEDULED and store.parse_iso(due_at) > now:
        return PublishResult(draft_id, title, "skipped", error="not due yet")  # never early
    if (
        only_due
        and draft["state"] == store.FAILED
        and (not draft["retry_at"] or store.parse_iso(draft["retry_at"]) > now)
    ):
        return PublishResult(draft_id, title, "skipped", error="no automatic retry due")
    started_in = draft["state"]
    # A person's retry starts a fresh count of automatic retries.
    counts: dict[str, Any] = {"retry_at": None} | ({"retry_count": 0} if by_person else {})
    try:
        if draft["state"] != store.PUBLISHING:  # committed before anything is sent
            action = "retrying" if started_in == store.FAILED and not by_person else "publishing"
            draft = store.transition(
                conn, draft_id, store.PUBLISHING, by=BY, action=action, expect=expect, **counts
            )
    except StateError as exc:  # changed meanwhile (edited, rejected): leave it be
        return PublishResult(draft_id, title, "skipped", error=str(exc))
    publication = store.start_publication(conn, draft_id, api.name)
    found = False
    media: dict[str, Any] = {}
    lost: list[str] = []  # fields the read-back did not find
    unverified = ""  # why the read-back could not be done
    notes: list[str] = []  # what compose changed to fit the site
    try:
        cause = _refusal(conn, config, draft, now)
        if cause:
            raise PublishError(f"not sent: {cause}")
        composed = compose(config, draft, site)
        notes = composed.notes
        if lifecycle.needs_update(draft):  # live before with older text: update that post
            remote, lost, unverified = lifecycle.update_in_place(
                api, draft["wordpress_id"], composed.post, media, asset_folders(config)
            )
        elif draft["wordpress_id"]:  # a crash after WordPress answered and we stored the id
            remote = RemotePost(id=draft["wordpress_id"], status="publish",
                                link=draft["wordpress_url"] or "")  # fmt: skip
            found = True
        else:
            # A first attempt searches by the token only; a resumed or retried one also asks
            # by slug (REST), in case someone edited the token out of the post meanwhile.
            resumed = started_in in (store.PUBLISHING, store.FAILED)
            post = composed.post
            wait = RETRY_WAIT_S if retry_wait_s is None else retry_wait_s
            send = Sender(conn, config, api, publication, draft_id, stop=stop)
            remote, found = send(post, by_slug=resumed, media=media, retry_wait_s=wait)
            store.record_wordpress_id(conn, draft_id, remote.id, remote.link or None)
            if not found:  # read back every field sent
                lost, unverified = lifecycle.read_back(api, with_media(post, media), remote.id)
    except Exception as exc:  # noqa: BLE001 - one draft's failure never stops the others
        if not isinstance(exc, PublishError):
            log.exception("draft %s: unexpected error while publishing", draft_id)
        cause = str(exc) if isinstance(exc, PublishError) else f"unexpected error: {exc!r}"
        transient = isinstance(exc, PublishError) and exc.transient
        whole_site = isinstance(exc, SiteError)  # the site refused the run, not this draft
        _record(conn, publication, api, media, transient)
        if transient and stop is not None and stop.is_set():  # shutting down: not a failure
            store.finish_publication(conn, publication, outcome="stopped", error=cause)
            log.info("draft %s: stopped mid-publish; the next run resumes it", draft_id)
            return PublishResult(draft_id, title, "skipped", error=f"stopped: {cause}")
        mail = mail_site_error or not whole_site
        result = _failed(conn, config, draft, publication, cause, now, transient=transient,
                         mail=mail, at_least=resend_wait(exc))  # fmt: skip
        result.site_error = whole_site
        return result
    _record(conn, publication, api, media, None)
    updated = lifecycle.needs_update(draft)
    note = f"WordPress post {remote.id}" + (" (found there, not sent again)" if found else "")
    note += " (updated in place)" if updated else ""
    note += "".join(f"; {n}" for n in notes)
    note += f"; not read back ({unverified})" if unverified else ""
    problem = f"published, but did not land: {'; '.join(lost)}" if lost else None
    if problem:
        note += f"; {problem}"
    if media:
        note += "; image(s): " + ", ".join(
            f"{m['file']} as media {m['id']}" + (" (uploaded)" if m["uploaded"] else "")
            for m in media.values()
        )
    store.transition(
        conn, draft_id, store.PUBLISHED, by=BY, action="updated" if updated else "published",
        note=note, wordpress_id=remote.id, wordpress_url=remote.link or None,
        last_error=problem, retry_count=0, published_hash=draft["text_hash"],
    )  # fmt: skip
    store.finish_publication(
        conn, publication, outcome="incomplete" if problem else "published",
        wordpress_id=remote.id, error=problem,
    )  # fmt: skip
    log.info("draft %s published as WordPress post %s", draft_id, remote.id)
    if problem:  # live, but not as approved: staff must look, the app shows it in red
        log.warning("draft %s: %s", draft_id, problem)
        notify.publish_failed(config, draft, problem)
    else:
        notify.post_live(config, draft, remote.link)
    return PublishResult(
        draft_id, title, "incomplete" if problem else "published", wordpress_id=remote.id,
        url=remote.link, found_existing=found, error=problem,
    )  # fmt: skip


def _record(
    conn: sqlite3.Connection,
    publication: int,
    api: WordPressAPI,
    media: dict[str, Any],
    transient: bool | None,
) -> None:
    try:  # api.name is the route really used: "rest" once XML-RPC fell back
        store.record_publication_details(
            conn, publication, api=api.name, media=media, transient=transient
        )
    except sqlite3.Error:
        log.exception("could not record publication %s", publication)


def retry_delay(retry_count: int) -> timedelta:
    """The wait before automatic retry number ``retry_count + 1``."""
    return RETRY_DELAYS[min(retry_count, len(RETRY_DELAYS) - 1)]


def _failed(
    conn: sqlite3.Connection,
    config: Config,
    draft: dict[str, Any],
    publication: int,
    cause: str,
    now: datetime,
    *,
    transient: bool,
    mail: bool = True,
    at_least: timedelta = timedelta(0),
) -> PublishResult:
    draft_id = draft["id"]
    tries = int(draft.get("retry_count") or 0)
    again = transient and tries < config.wordpress.retries
    fields: dict[str, Any] = {"last_error": cause, "retry_at": None}
    if again:
        retry_at = now + max(retry_delay(tries), at_least)
        fields |= {"retry_at": store.iso(retry_at), "retry_count": tries + 1}
        note = (
            f"{cause}; automatic retry {tries + 1} of {config.wordpress.retries} "
            f"at {store.iso(retry_at)}"
        )
    elif transient and tries:
        note = f"{cause}; gave up after {tries} automatic retries"
    else:
        note = cause
    log.warning("draft %s: publish failed: %s", draft_id, note)
    try:
        store.transition(
            conn, draft_id, store.FAILED, by=BY, action="publish failed", note=note, **fields
        )
        store.finish_publication(conn, publication, outcome="failed", error=cause)
    except Exception:  # noqa: BLE001 - it stays 'publishing' and the next run resumes it
        log.exception("draft %s: could not record the failure", draft_id)
    if not again and mail:  # staff hear of a failure once nothing will retry it on its own
        notify.publish_failed(config, draft, note)
    return PublishResult(draft_id, draft["title"], "failed", error=note)


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
