"""All SQL lives here: the schema, its migrations and the draft state machine.

A connection per caller (CLI command, web request, scheduler job). Migrations are recorded
in ``PRAGMA user_version`` and only ever add; nothing is dropped. Times are stored as ISO-8601
strings in UTC. JSON columns hold lists and objects; the functions here decode them, so
callers see plain dicts in the shapes of the contract.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from clinicseo.errors import ClinicSeoError, InputError, NotFound, StateError, TextChanged

# --- states ---------------------------------------------------------------------------------

DRAFT, APPROVED, SCHEDULED, PUBLISHING, PUBLISHED, REJECTED, FAILED = (
    "draft",
    "approved",
    "scheduled",
    "publishing",
    "published",
    "rejected",
    "failed",
)
WITHDRAWN = "withdrawn"  # taken down from WordPress by `unpublish`; its keyphrase is free again
STATES = (DRAFT, APPROVED, SCHEDULED, PUBLISHING, PUBLISHED, REJECTED, FAILED, WITHDRAWN)

# The only moves a draft can make. Editing text sends approved/scheduled/failed back to draft:
# an approval holds for the exact text approved. `scheduled -> approved` takes a post off the
# calendar keeping its approval (`unschedule`). `publishing -> publishing` is the resumption
# of a publish interrupted by a crash (the publisher looks the post up before creating it).
# `scheduled/failed -> failed` holds back the drafts a run did not reach once the site
# refused it as a whole (wrong password, wrong URL): they wait for a person, like the first.
# A published (or withdrawn) draft edited goes back to draft with its WordPress id: approved
# again, its publish updates that same post.
TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({APPROVED, REJECTED, DRAFT}),
    APPROVED: frozenset({SCHEDULED, PUBLISHING, DRAFT, REJECTED}),
    SCHEDULED: frozenset({PUBLISHING, SCHEDULED, APPROVED, DRAFT, REJECTED, FAILED}),
    PUBLISHING: frozenset({PUBLISHED, FAILED, PUBLISHING}),
    FAILED: frozenset({SCHEDULED, PUBLISHING, DRAFT, REJECTED, FAILED}),
    REJECTED: frozenset({DRAFT}),
    PUBLISHED: frozenset({WITHDRAWN, DRAFT}),
    WITHDRAWN: frozenset({DRAFT}),
}


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, frozenset()):
        raise StateError(f"a draft cannot go from '{current}' to '{target}'")


# --- schema -----------------------------------------------------------------------------------

# Migration 11's per-draft facts of the publish gate (clinicseo/gate.py states the rules; these
# are the same rules in SQL, for the draft `d`). Part of a recorded migration: changing them
# means a new migration that drops and recreates the draft_gate triggers.
_WAY = "'approved', 'scheduled', 'publishing', 'published'"  # headed for, or on, the blog
# Another draft `o` in the way of `d`: on the blog, or, for a draft not yet approved, also
# approved or scheduled (an approved draft is only stopped by what is already going out).
_IN_THE_WAY = """o.id != d.id AND (o.state IN ('publishing', 'published')
    OR (d.state = 'draft' AND o.state IN ('approved', 'scheduled')))"""
# A blog post that is not one of our own published drafts.
_NOT_OURS = "NOT EXISTS (SELECT 1 FROM drafts w WHERE w.wordpress_id = CAST(b.wp_id AS TEXT))"
# Fields that surely pass clinicseo/fields.py's checks: a title with a letter or digit, a
# slug of lowercase ASCII words joined by hyphens within fields.SLUG_MAX (75: frozen here in
# migration 11's triggers; tests/test_gate_whole_store.py holds the two together) characters, and
# nothing in any plain-text field (nor in the JSON of tags and categories) that could be
# markup to fields.py — a `<` with a `>` after it, or `&`, a letter, digit or `#`, and a `;`
# after it (plain text often has "Q&A" or "dose < 5 ml": those pass). Only a draft failing
# this test is checked by fields.py itself: a sure pass, never a verdict.
_PLAIN_TEXT = (
    "(d.title || d.seo_title || d.meta_description || d.excerpt || d.tags || d.categories)"
)
_FIELDS_PLAIN = f"""d.title GLOB '*[A-Za-z0-9]*'
    AND d.slug != '' AND length(d.slug) <= 75 AND d.slug NOT GLOB '*[^a-z0-9-]*'
    AND d.slug NOT GLOB '-*' AND d.slug NOT GLOB '*-' AND d.slug NOT GLOB '*--*'
    AND {_PLAIN_TEXT} NOT GLOB '*<*>*' AND {_PLAIN_TEXT} NOT GLOB '*&[#A-Za-z0-9]*;*'"""
_GATE_FACTS = f"""d.id,
    d.state IN ('draft', 'approved', 'scheduled', 'failed', 'publishing'),
    d.state = 'draft' OR COALESCE(d.approved_hash, '') = d.text_hash,
    COALESCE(d.override_reason, '') != '' OR NOT EXISTS (SELECT 1 FROM json_each(d.blocking)
        WHERE value NOT IN ('uniqueness_variants', 'uniqueness_published')),
    NOT EXISTS (SELECT 1 FROM drafts o WHERE o.topic = d.topic AND {_IN_THE_WAY}),
    d.keyphrase = '' OR (
        NOT EXISTS (SELECT 1 FROM drafts o
                    WHERE lower(o.keyphrase) = lower(d.keyphrase) AND {_IN_THE_WAY})
        AND NOT EXISTS (SELECT 1 FROM blog_posts b
                        WHERE lower(b.keyphrase) = lower(d.keyphrase) AND {_NOT_OURS})),
    d.slug = '' OR (
        NOT EXISTS (SELECT 1 FROM drafts o WHERE o.slug = d.slug AND {_IN_THE_WAY})
        AND NOT EXISTS (SELECT 1 FROM blog_posts b WHERE b.slug = d.slug AND {_NOT_OURS})),
    {_FIELDS_PLAIN},
    d.state = 'draft'"""


def _neighbours(row: str) -> str:
    """The drafts whose gate facts a draft `row` (NEW or OLD) can change: same topic,
    keyphrase or slug."""
    return f"""SELECT id FROM drafts WHERE topic = {row}.topic
        UNION SELECT id FROM drafts WHERE lower(keyphrase) = lower(NULLIF({row}.keyphrase, ''))
        UNION SELECT id FROM drafts WHERE slug = NULLIF({row}.slug, '')"""


def _post_neighbours(row: str) -> str:
    """The drafts whose gate facts a blog post `row` can change: same keyphrase or slug."""
    return f"""SELECT id FROM drafts WHERE lower(keyphrase) = lower({row}.keyphrase)
        UNION SELECT id FROM drafts WHERE slug = NULLIF({row}.slug, '')"""


def _blog_neighbours(row: str) -> str:
    """The drafts sharing a keyphrase or slug with the blog post that is draft `row`'s own
    (published) post: whether that post counts as someone else's changes with it."""
    post = f"SELECT * FROM blog_posts WHERE wp_id = CAST({row}.wordpress_id AS INTEGER)"
    return f"""SELECT id FROM drafts
            WHERE lower(keyphrase) IN (SELECT lower(keyphrase) FROM ({post}))
        UNION SELECT id FROM drafts WHERE slug IN (SELECT NULLIF(slug, '') FROM ({post}))"""


MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema
    """
    CREATE TABLE crawls (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        sites TEXT NOT NULL DEFAULT '[]',
        fetched INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        outcome TEXT
    );
    CREATE TABLE pages (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        site TEXT NOT NULL,
        is_own INTEGER NOT NULL DEFAULT 0,
        status INTEGER,
        title TEXT,
        meta_description TEXT,
        canonical TEXT,
        robots TEXT,
        h1 TEXT NOT NULL DEFAULT '[]',
        h2 TEXT NOT NULL DEFAULT '[]',
        h3 TEXT NOT NULL DEFAULT '[]',
        word_count INTEGER,
        published TEXT,
        jsonld_types TEXT NOT NULL DEFAULT '[]',
        questions TEXT NOT NULL DEFAULT '[]',
        keyphrases TEXT NOT NULL DEFAULT '[]',
        depth INTEGER,
        shingles TEXT NOT NULL DEFAULT '[]',
        crawl_id INTEGER REFERENCES crawls(id),
        crawled_at TEXT NOT NULL
    );
    CREATE INDEX pages_site ON pages(site);
    CREATE TABLE skips (
        id INTEGER PRIMARY KEY,
        crawl_id INTEGER NOT NULL REFERENCES crawls(id),
        site TEXT NOT NULL,
        url TEXT NOT NULL,
        reason TEXT NOT NULL,
        detail TEXT
    );
    CREATE TABLE topics (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        score REAL NOT NULL,
        competitors TEXT NOT NULL DEFAULT '[]',
        evidence TEXT NOT NULL DEFAULT '[]',
        questions TEXT NOT NULL DEFAULT '[]',
        brief TEXT NOT NULL DEFAULT '{}',
        covered_by_us INTEGER NOT NULL DEFAULT 0,
        computed_at TEXT NOT NULL
    );
    CREATE TABLE drafts (
        id INTEGER PRIMARY KEY,
        topic TEXT NOT NULL,
        variant TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT 'draft',
        title TEXT NOT NULL,
        seo_title TEXT NOT NULL DEFAULT '',
        slug TEXT NOT NULL DEFAULT '',
        meta_description TEXT NOT NULL DEFAULT '',
        keyphrase TEXT NOT NULL DEFAULT '',
        excerpt TEXT NOT NULL DEFAULT '',
        html TEXT NOT NULL,
        categories TEXT NOT NULL DEFAULT '[]',
        tags TEXT NOT NULL DEFAULT '[]',
        jsonld TEXT NOT NULL DEFAULT '[]',
        scores TEXT NOT NULL DEFAULT '{}',
        checks TEXT NOT NULL DEFAULT '[]',
        approvable INTEGER NOT NULL DEFAULT 0,
        blocking TEXT NOT NULL DEFAULT '[]',
        text_hash TEXT NOT NULL,
        approved_hash TEXT,
        override_by TEXT,
        override_reason TEXT,
        publish_at TEXT,
        reference TEXT NOT NULL UNIQUE,
        wordpress_id TEXT,
        wordpress_url TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX drafts_state ON drafts(state, publish_at);
    CREATE INDEX drafts_topic ON drafts(topic);
    CREATE TABLE history (
        id INTEGER PRIMARY KEY,
        draft_id INTEGER NOT NULL REFERENCES drafts(id),
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        action TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        text_hash TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX history_draft ON history(draft_id);
    CREATE TABLE publications (
        id INTEGER PRIMARY KEY,
        draft_id INTEGER NOT NULL REFERENCES drafts(id),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        api TEXT,
        outcome TEXT,
        wordpress_id TEXT,
        error TEXT
    );
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
        failed_logins INTEGER NOT NULL DEFAULT 0,
        last_failed_at TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE job_runs (
        id INTEGER PRIMARY KEY,
        job TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        outcome TEXT,
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX job_runs_job ON job_runs(job, started_at);
    """,
    # 2: indexes for the review queue's sorts (score, state, publish time), so a page of
    # 10,000 drafts reads 50 rows instead of every row's JSON behind its body. The
    # expressions match SORTS exactly: SQLite uses an expression index only then.
    """
    CREATE INDEX drafts_readability ON drafts(json_extract(scores, '$.readability'), id);
    CREATE INDEX drafts_seo ON drafts(json_extract(scores, '$.seo'), id);
    CREATE INDEX drafts_state_readability
        ON drafts(state, json_extract(scores, '$.readability'), id);
    CREATE INDEX drafts_state_seo ON drafts(state, json_extract(scores, '$.seo'), id);
    CREATE INDEX drafts_state_rank ON drafts(
        CASE state WHEN 'failed' THEN 0 WHEN 'draft' THEN 1 WHEN 'approved' THEN 2
        WHEN 'scheduled' THEN 3 WHEN 'publishing' THEN 4 WHEN 'published' THEN 5 ELSE 6 END,
        id DESC);
    CREATE INDEX drafts_publish_order ON drafts(publish_at IS NULL, publish_at, id);
    CREATE INDEX drafts_state_id ON drafts(state, id);
    CREATE INDEX drafts_state_topic ON drafts(state, topic, id);
    CREATE INDEX drafts_state_publish ON drafts(state, publish_at IS NULL, publish_at, id)
    """,
    # 3: automatic retries of publishes that failed for a transient cause (WordPress down,
    # 5xx, timeout, 429): when the scheduler tries again and how many tries were made; per
    # publication, the route really used, the media it uploaded or reused, and whether the
    # failure was transient.
    """
    ALTER TABLE drafts ADD COLUMN retry_at TEXT;
    ALTER TABLE drafts ADD COLUMN retry_count INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX drafts_retry ON drafts(state, retry_at);
    ALTER TABLE publications ADD COLUMN transient INTEGER;
    ALTER TABLE publications ADD COLUMN media TEXT NOT NULL DEFAULT '{}'
    """,
    # 4: the clinic's existing blog posts, read from WordPress (`clinicseo wordpress import`),
    # read-only: they count for uniqueness, keyphrase clashes, gaps and internal links.
    """
    CREATE TABLE blog_posts (
        wp_id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        slug TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        categories TEXT NOT NULL DEFAULT '[]',
        keyphrase TEXT,
        modified TEXT,
        imported_at TEXT NOT NULL
    );
    CREATE INDEX blog_posts_slug ON blog_posts(slug);
    CREATE INDEX blog_posts_keyphrase ON blog_posts(lower(keyphrase))
    """,
    # 5: every version of a draft's text, so history can show and restore it (the history
    # table keeps only hashes); drafts' current text is its first recorded version. A
    # clinician's sign-off of the medical content, for one text. The `clinician` role: SQLite
    # changes a CHECK only by rebuilding the table (new table, copy every row, swap names);
    # the copy keeps every account, password hash and counter as it was. `SELECT *` on
    # purpose: had an earlier migration added a column to users, the copy fails loudly
    # instead of dropping it (the new table must then list that column too).
    """
    CREATE TABLE draft_versions (
        id INTEGER PRIMARY KEY,
        draft_id INTEGER NOT NULL REFERENCES drafts(id),
        text_hash TEXT NOT NULL,
        title TEXT NOT NULL,
        seo_title TEXT NOT NULL DEFAULT '',
        slug TEXT NOT NULL DEFAULT '',
        meta_description TEXT NOT NULL DEFAULT '',
        keyphrase TEXT NOT NULL DEFAULT '',
        excerpt TEXT NOT NULL DEFAULT '',
        html TEXT NOT NULL,
        categories TEXT NOT NULL DEFAULT '[]',
        tags TEXT NOT NULL DEFAULT '[]',
        jsonld TEXT NOT NULL DEFAULT '[]',
        by TEXT NOT NULL,
        at TEXT NOT NULL,
        UNIQUE (draft_id, text_hash)
    );
    INSERT INTO draft_versions (draft_id, text_hash, title, seo_title, slug, meta_description,
        keyphrase, excerpt, html, categories, tags, jsonld, by, at)
    SELECT d.id, d.text_hash, d.title, d.seo_title, d.slug, d.meta_description, d.keyphrase,
        d.excerpt, d.html, d.categories, d.tags, d.jsonld,
        COALESCE((SELECT h.by FROM history h WHERE h.draft_id = d.id
                  AND h.text_hash = d.text_hash AND h.action IN ('created', 'edited')
                  ORDER BY h.id DESC LIMIT 1), 'clinicseo'),
        d.updated_at
    FROM drafts d;
    ALTER TABLE drafts ADD COLUMN signoff_by TEXT;
    ALTER TABLE drafts ADD COLUMN signoff_at TEXT;
    ALTER TABLE drafts ADD COLUMN signoff_hash TEXT;
    CREATE TABLE users_with_clinicians (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('editor', 'viewer', 'clinician')),
        failed_logins INTEGER NOT NULL DEFAULT 0,
        last_failed_at TEXT,
        created_at TEXT NOT NULL
    );
    INSERT INTO users_with_clinicians SELECT * FROM users;
    DROP TABLE users;
    ALTER TABLE users_with_clinicians RENAME TO users
    """,
    # 6: the queue's text search over titles and topics: counting matches scans this
    # small covering index instead of every draft's body
    """
    CREATE INDEX drafts_search ON drafts(state, topic, title)
    """,
    # 7: sign-in security (after 5, whose rebuild of users copies its columns with SELECT *).
    # A per-user session generation (sign-out, a password change or
    # disabling the account bumps it, and every session cookie carrying an older one is
    # refused); disabled accounts; failed sign-ins counted per account, per known device and
    # per client address under a hashed key (never the typed name: people type passwords
    # into the name field).
    """
    ALTER TABLE users ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE users ADD COLUMN disabled_at TEXT;
    CREATE TABLE login_throttle (
        key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL DEFAULT 0,
        last_failed_at TEXT NOT NULL
    );
    CREATE INDEX login_throttle_age ON login_throttle(last_failed_at)
    """,
    # 8: when a publication sent its create to WordPress and got no answer yet. A create
    # that timed out or lost its answer may still land: nothing is sent again until
    # [wordpress] landing_window_s after this time (publisher.sender). NULL: not sent, or
    # refused; after a success the draft's wordpress_id settles it.
    """
    ALTER TABLE publications ADD COLUMN create_sent_at TEXT
    """,
    # 9: the near-copy index. One MinHash signature per stored text (a draft's
    # body, kind 'd', or an imported blog post, kind 'b') and its LSH band keys, so a text
    # is compared with every stored one by looking up ~40 keys instead of reading them all.
    # `version` is what it was computed from (a draft's text_hash, a blog post's imported_at):
    # a stale row is recognised and replaced. Plus the lookups the
    # live publish gate makes for every queue page (slugs and keyphrases of posts on their
    # way to or on the blog).
    """
    CREATE TABLE fingerprints (
        kind TEXT NOT NULL,
        ref INTEGER NOT NULL,
        version TEXT NOT NULL,
        signature BLOB NOT NULL,
        PRIMARY KEY (kind, ref)
    );
    CREATE TABLE fingerprint_bands (
        band INTEGER NOT NULL,
        kind TEXT NOT NULL,
        ref INTEGER NOT NULL
    );
    CREATE INDEX fingerprint_bands_band ON fingerprint_bands(band, kind, ref);
    CREATE INDEX fingerprint_bands_ref ON fingerprint_bands(kind, ref, band);
    CREATE INDEX drafts_keyphrase ON drafts(lower(keyphrase), state);
    CREATE INDEX drafts_slug ON drafts(slug, state)
    """,
    # 10: the text hash of what last went live: a published draft edited and approved
    # again differs from it, and its publish updates the same WordPress post instead of creating
    """
    ALTER TABLE drafts ADD COLUMN published_hash TEXT
    """,
    # 11: the publish gate over the whole store at once (the queue's readiness filter). The
    # near-copy pairs found when a text is fingerprinted, kept (both ways for two drafts)
    # with their estimated similarity from PAIR_FLOOR up, so the gate reads them instead of
    # weighing signatures; a fingerprint not yet paired is marked. `draft_gate` keeps, per
    # draft, the cheap facts of the gate that SQL can state (see _GATE_FACTS), kept current
    # by triggers on drafts and blog_posts: a cache of clinicseo/gate.py, which stays the
    # one decision. And the lookup of a blog post among our own published drafts.
    f"""
    CREATE TABLE near_pairs (
        draft_id INTEGER NOT NULL,
        kind TEXT NOT NULL,
        ref INTEGER NOT NULL,
        similarity REAL NOT NULL,
        PRIMARY KEY (draft_id, kind, ref)
    ) WITHOUT ROWID;
    CREATE INDEX near_pairs_other ON near_pairs(kind, ref);
    ALTER TABLE fingerprints ADD COLUMN paired INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX fingerprints_unpaired ON fingerprints(kind, ref) WHERE paired = 0;
    CREATE INDEX drafts_wordpress_id ON drafts(wordpress_id);
    CREATE TABLE draft_gate (
        draft_id INTEGER PRIMARY KEY,
        state_ok INTEGER NOT NULL,
        approval_ok INTEGER NOT NULL,
        text_ok INTEGER NOT NULL,
        sibling_free INTEGER NOT NULL,
        keyphrase_free INTEGER NOT NULL,
        slug_free INTEGER NOT NULL,
        fields_plain INTEGER NOT NULL,
        is_draft INTEGER NOT NULL
    );
    INSERT INTO draft_gate SELECT {_GATE_FACTS} FROM drafts d;
    CREATE TRIGGER draft_gate_insert AFTER INSERT ON drafts BEGIN
        INSERT OR REPLACE INTO draft_gate SELECT {_GATE_FACTS} FROM drafts d
            WHERE d.id = NEW.id;
        INSERT OR REPLACE INTO draft_gate SELECT {_GATE_FACTS} FROM drafts d
            WHERE NEW.state IN ({_WAY}) AND d.id IN ({_neighbours("NEW")});
    END;
    CREATE TRIGGER draft_gate_update AFTER UPDATE OF state, topic, keyphrase, slug, text_hash,
        approved_hash, blocking, override_reason, wordpress_id, title, seo_title,
        meta_description, excerpt, tags, categories ON drafts BEGIN
        INSERT OR REPLACE INTO draft_gate SELECT {_GATE_FACTS} FROM drafts d
            WHERE d.id = NEW.id;
        INSERT OR REPLACE INTO draft_gate SELECT {_GATE_FACTS} FROM drafts d
            WHERE (OLD.state IN ({_WAY}) OR NEW.state IN ({_WAY}))
            AND d.id IN ({_neighbours("OLD")} UNION {_neighbours("NEW")});
        INSERT OR REPLACE INTO draft_gate SELECT {_GATE_FACTS} FROM drafts d
            WHERE OLD.wordpress_id IS NOT NEW.wordpress_id
            AND d.id IN ({_blog_neighbours("OLD")} UNION {_blog_neighbours("NEW")});
    END;
    CREATE TRIGGER draft_gate_delete AFTER DELETE ON drafts BEGIN
        DELETE FROM draft_gate WHERE draft_id = OLD.id;
        INSERT OR REPLACE INTO draft_gate SELECT {_GATE_FACTS} FROM drafts d
            WHERE d.id IN ({_neighbours("OLD")} UNION {_blog_neighbours("OLD")});
    END;
    CREATE TRIGGER draft_gate_blog_insert AFTER INSERT ON blog_posts BEGIN
        INSERT OR REPLACE INTO draft_gate SELECT {_GATE_FACTS} FROM drafts d
            WHERE d.id IN ({_post_neighbours("NEW")});
    END;
    CREATE TRIGGER draft_gate_blog_update AFTER UPDATE ON blog_posts BEGIN
        INSERT OR REPLACE INTO draft_gate SELECT {_GATE_FACTS} FROM drafts d
            WHERE d.id IN ({_post_neighbours("OLD")} UNION {_post_neighbours("NEW")});
    END;
    CREATE TRIGGER draft_gate_blog_delete AFTER DELETE ON blog_posts BEGIN
        INSERT OR REPLACE INTO draft_gate SELECT {_GATE_FACTS} FROM drafts d
            WHERE d.id IN ({_post_neighbours("OLD")});
    END
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)

_JSON_DRAFT = ("categories", "tags", "jsonld", "scores", "checks", "blocking")
_JSON_PAGE = ("h1", "h2", "h3", "jsonld_types", "questions", "keyphrases", "shingles")
_JSON_TOPIC = ("competitors", "evidence", "questions", "brief")


def now_utc() -> datetime:
    return datetime.now(UTC)


def iso(dt: datetime) -> str:
    """UTC ISO-8601 to the second, the one time format stored."""
    if dt.tzinfo is None:
        raise ValueError("naive datetime: times must carry a zone")
    return dt.astimezone(UTC).replace(microsecond=0).isoformat()


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def connect(path: Path | str) -> sqlite3.Connection:
    """Open the database (creating its folder) and bring the schema up to date."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise ClinicSeoError(f"{path}: cannot open the database: {exc}") from None
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 30000")
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise ClinicSeoError(f"{path}: not a clinicseo database ({exc})") from None
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations not yet recorded. Safe to run again. Returns the version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise ClinicSeoError(
            f"the database is at schema version {version}, newer than this clinicseo "
            f"({SCHEMA_VERSION}); upgrade clinicseo"
        )
    for number in range(version + 1, SCHEMA_VERSION + 1):
        with transaction(conn):
            for statement in _statements(MIGRATIONS[number - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
    return SCHEMA_VERSION


def _statements(script: str) -> Iterator[str]:
    # executescript() would COMMIT our transaction; run the statements one by one instead.
    # A trigger's body holds `;` of its own: pieces are joined until SQLite sees a whole
    # statement.
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""
    if pending.strip(" \n;"):
        yield pending


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error: all or nothing.

    Inside a transaction already open on this connection it nests as a savepoint, so one
    decision can be composed of several store functions and still commit as one: an error
    in the inner block undoes the inner block, and the outer one commits or rolls back all.
    """
    if conn.in_transaction:
        conn.execute("SAVEPOINT nested")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO nested")
            conn.execute("RELEASE nested")
            raise
        conn.execute("RELEASE nested")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _decode(row: sqlite3.Row, json_cols: Sequence[str]) -> dict[str, Any]:
    out = dict(row)
    for col in json_cols:
        if col in out and out[col] is not None:
            out[col] = json.loads(out[col])
    return out


# --- crawls and pages -------------------------------------------------------------------------


def start_crawl(conn: sqlite3.Connection, sites: Sequence[str]) -> int:
    cur = conn.execute(
        "INSERT INTO crawls (started_at, sites) VALUES (?, ?)", (iso(now_utc()), _dumps(sites))
    )
    return int(cur.lastrowid or 0)


def finish_crawl(
    conn: sqlite3.Connection, crawl_id: int, *, fetched: int, skipped: int, outcome: str
) -> None:
    conn.execute(
        "UPDATE crawls SET finished_at = ?, fetched = ?, skipped = ?, outcome = ? WHERE id = ?",
        (iso(now_utc()), fetched, skipped, outcome, crawl_id),
    )


PAGE_FIELDS = (
    "url",
    "site",
    "status",
    "title",
    "meta_description",
    "canonical",
    "robots",
    "h1",
    "h2",
    "h3",
    "word_count",
    "published",
    "jsonld_types",
    "questions",
    "keyphrases",
    "depth",
    "shingles",
)


_PAGE_COLUMNS = ("id", *PAGE_FIELDS, "is_own", "crawl_id", "crawled_at")


def save_page(
    conn: sqlite3.Connection, crawl_id: int | None, page: dict[str, Any], *, is_own: bool = False
) -> None:
    """Insert or refresh one crawled page (keyed by its normalised URL)."""
    values = []
    for name in PAGE_FIELDS:
        value = page.get(name)
        if name in _JSON_PAGE:
            value = _dumps(value or [])
        values.append(value)
    conn.execute(
        f"""INSERT INTO pages ({", ".join(PAGE_FIELDS)}, is_own, crawl_id, crawled_at)
            VALUES ({", ".join("?" * len(PAGE_FIELDS))}, ?, ?, ?)
            ON CONFLICT(url) DO UPDATE SET
            {", ".join(f"{n} = excluded.{n}" for n in PAGE_FIELDS if n != "url")},
            is_own = excluded.is_own, crawl_id = excluded.crawl_id,
            crawled_at = excluded.crawled_at""",
        (*values, int(is_own), crawl_id, iso(now_utc())),
    )


def save_skip(
    conn: sqlite3.Connection, crawl_id: int, site: str, url: str, reason: str, detail: str = ""
) -> None:
    conn.execute(
        "INSERT INTO skips (crawl_id, site, url, reason, detail) VALUES (?, ?, ?, ?, ?)",
        (crawl_id, site, url, reason, detail),
    )


def list_skips(conn: sqlite3.Connection, crawl_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT site, url, reason, detail FROM skips WHERE crawl_id = ? ORDER BY id", (crawl_id,)
    )
    return [dict(r) for r in rows]


def list_pages(
    conn: sqlite3.Connection,
    *,
    site: str | None = None,
    own: bool | None = None,
    shingles: bool = True,
) -> list[dict[str, Any]]:
    """Stored pages. `shingles=False` leaves out the hashed shingles, the bulk of each row,
    for callers that only read the outline (topics, the pages export)."""
    cols = ", ".join(c for c in _PAGE_COLUMNS if shingles or c != "shingles")
    sql = f"SELECT {cols} FROM pages WHERE 1 = 1"
    args: list[Any] = []
    if site is not None:
        sql += " AND site = ?"
        args.append(site)
    if own is not None:
        sql += " AND is_own = ?"
        args.append(int(own))
    rows = conn.execute(sql + " ORDER BY site, url", args)
    return [_decode(r, _JSON_PAGE) for r in rows]


def competitor_shingles(conn: sqlite3.Connection) -> set[int]:
    """Hashed word shingles of every competitor page: to spot their text, never storing it."""
    out: set[int] = set()
    for (blob,) in conn.execute("SELECT shingles FROM pages WHERE is_own = 0"):
        out.update(json.loads(blob))
    return out


# --- the clinic's existing blog ----------------------------------------------------------------

BLOG_POST_FIELDS = ("wp_id", "title", "slug", "url", "text", "status", "categories", "keyphrase",
                    "modified")


def replace_blog_posts(conn: sqlite3.Connection, posts: Iterable[dict[str, Any]]) -> int:
    """Swap in the site's posts as WordPress lists them now, all at once. A post that is no
    longer listed (trashed or deleted in WordPress) goes, and with it its keyphrase. Each post
    is a dict with BLOG_POST_FIELDS (`text` plain, `categories` a list of names, `keyphrase`
    from the SEO plugin or None). Returns how many are stored."""
    stamp = iso(now_utc())
    count = 0
    with transaction(conn):
        conn.execute("DELETE FROM blog_posts")
        for p in posts:
            conn.execute(
                f"""INSERT INTO blog_posts ({", ".join(BLOG_POST_FIELDS)}, imported_at)
                    VALUES ({", ".join("?" * len(BLOG_POST_FIELDS))}, ?)""",
                (
                    int(p["wp_id"]),
                    p["title"],
                    p.get("slug") or "",
                    p.get("url") or "",
                    p.get("text") or "",
                    p["status"],
                    _dumps(p.get("categories") or []),
                    p.get("keyphrase") or None,
                    p.get("modified"),
                    stamp,
                ),
            )
            count += 1
    return count


def blog_posts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The imported blog posts, newest first by WordPress id."""
    rows = conn.execute(
        f"SELECT {', '.join(BLOG_POST_FIELDS)}, imported_at FROM blog_posts ORDER BY wp_id DESC"
    )
    return [_decode(r, ("categories",)) for r in rows]


# --- the near-copy index (clinicseo/nearcopies.py) --------------------------------------------

DRAFT_TEXT, BLOG_TEXT = "d", "b"  # fingerprint kinds: a draft's body, an imported blog post


def stale_fingerprints(
    conn: sqlite3.Connection,
) -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """Texts whose fingerprint is missing or out of date: drafts as (id, text_hash, html),
    blog posts as (wp_id, imported_at, text). Fingerprints of vanished blog posts go.

    Asked on every queue page, so the usual answer ("none") comes from counts on indexes
    alone: an edit drops its draft's fingerprint (`update_draft_text`), and an import stamps
    every post anew (`replace_blog_posts`)."""
    drafts: list[tuple[int, str, str]] = []
    (stored,) = conn.execute("SELECT COUNT(*) FROM drafts").fetchone()
    (printed,) = conn.execute("SELECT COUNT(*) FROM fingerprints WHERE kind = 'd'").fetchone()
    if stored != printed:
        missing = [r[0] for r in conn.execute(
            """SELECT id FROM drafts d WHERE NOT EXISTS
               (SELECT 1 FROM fingerprints f WHERE f.kind = 'd' AND f.ref = d.id)""")]
        for draft_id in missing:
            row = conn.execute(
                "SELECT id, text_hash, html FROM drafts WHERE id = ?", (draft_id,)
            ).fetchone()
            drafts.append((row[0], row[1], row[2]))
    blog = conn.execute("SELECT COUNT(*), MAX(imported_at) FROM blog_posts").fetchone()
    kept = conn.execute(
        "SELECT COUNT(*), MAX(version) FROM fingerprints WHERE kind = 'b'"
    ).fetchone()
    if tuple(blog) == tuple(kept):
        return drafts, []
    posts = conn.execute(
        """SELECT p.wp_id, p.imported_at, p.text FROM blog_posts p
           LEFT JOIN fingerprints f ON f.kind = 'b' AND f.ref = p.wp_id
           WHERE f.version IS NOT p.imported_at"""
    ).fetchall()
    with transaction(conn):  # a post that left the blog: its fingerprint goes too
        gone = (
            "SELECT ref FROM fingerprints WHERE kind = 'b'"
            " AND ref NOT IN (SELECT wp_id FROM blog_posts)"
        )
        conn.execute(f"DELETE FROM fingerprint_bands WHERE kind = 'b' AND ref IN ({gone})")
        conn.execute(f"DELETE FROM near_pairs WHERE kind = 'b' AND ref IN ({gone})")
        conn.execute(f"DELETE FROM fingerprints WHERE kind = 'b' AND ref IN ({gone})")
    return drafts, [(r[0], r[1], r[2]) for r in posts]


def drop_fingerprint(conn: sqlite3.Connection, kind: str, ref: int) -> None:
    """Forget a text's fingerprint and its near-copy pairs (its text changed): the next
    `nearcopies.sync` redoes them."""
    conn.execute("DELETE FROM fingerprint_bands WHERE kind = ? AND ref = ?", (kind, ref))
    conn.execute("DELETE FROM fingerprints WHERE kind = ? AND ref = ?", (kind, ref))
    _forget_pairs(conn, kind, ref)


def _forget_pairs(conn: sqlite3.Connection, kind: str, ref: int) -> None:
    if kind == DRAFT_TEXT:
        conn.execute("DELETE FROM near_pairs WHERE draft_id = ?", (ref,))
    conn.execute("DELETE FROM near_pairs WHERE kind = ? AND ref = ?", (kind, ref))


def save_fingerprints(
    conn: sqlite3.Connection,
    kind: str,
    rows: Iterable[tuple[int, str, bytes, Sequence[int]]],
) -> None:
    """Store (ref, version, signature, band keys) for texts of one kind, replacing any
    earlier fingerprint of the same text and its near-copy pairs (the text is marked
    unpaired: `nearcopies.sync` pairs it). Atomic (nests in a caller's transaction)."""
    rows = list(rows)
    with transaction(conn):
        for ref, _, _, _ in rows:
            conn.execute("DELETE FROM fingerprint_bands WHERE kind = ? AND ref = ?", (kind, ref))
            _forget_pairs(conn, kind, ref)
        conn.executemany(
            """INSERT INTO fingerprints (kind, ref, version, signature) VALUES (?, ?, ?, ?)
               ON CONFLICT(kind, ref) DO UPDATE SET version = excluded.version,
               signature = excluded.signature, paired = 0""",
            [(kind, ref, version, signature) for ref, version, signature, _ in rows],
        )
        conn.executemany(
            "INSERT INTO fingerprint_bands (band, kind, ref) VALUES (?, ?, ?)",
            [(band, kind, ref) for ref, _, _, bands in rows for band in bands],
        )


def band_matches(
    conn: sqlite3.Connection, bands: Sequence[int], *, min_shared: int = 1
) -> list[tuple[str, int, bytes]]:
    """Stored texts sharing at least `min_shared` band keys with `bands`:
    (kind, ref, signature)."""
    if not bands:
        return []
    marks = ", ".join("?" * len(bands))
    pairs = conn.execute(
        f"""SELECT kind, ref FROM fingerprint_bands WHERE band IN ({marks})
            GROUP BY kind, ref HAVING COUNT(*) >= ?""",
        [*bands, min_shared],
    ).fetchall()
    out = []
    for kind, ref in pairs:
        row = conn.execute(
            "SELECT signature FROM fingerprints WHERE kind = ? AND ref = ?", (kind, ref)
        ).fetchone()
        if row is not None:
            out.append((kind, ref, row[0]))
    return out


def band_neighbours(
    conn: sqlite3.Connection, kind: str, refs: Sequence[int], *, min_shared: int = 1
) -> dict[int, list[tuple[str, int]]]:
    """For each stored text of one kind in `refs`, the other stored texts sharing at least
    `min_shared` band keys with it, as (kind, ref): one query over the covering band
    indexes for a whole batch."""
    if not refs:
        return {}
    marks = ", ".join("?" * len(refs))
    rows = conn.execute(
        f"""SELECT mine.ref, other.kind, other.ref
            FROM fingerprint_bands mine
            JOIN fingerprint_bands other ON other.band = mine.band
            WHERE mine.kind = ? AND mine.ref IN ({marks})
            AND NOT (other.kind = mine.kind AND other.ref = mine.ref)
            GROUP BY mine.ref, other.kind, other.ref HAVING COUNT(*) >= ?""",
        [kind, *refs, min_shared],
    )
    out: dict[int, list[tuple[str, int]]] = {i: [] for i in refs}
    for mine, other_kind, other_ref in rows:
        out[mine].append((other_kind, other_ref))
    return out


def unpaired_texts(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Fingerprinted texts whose near-copy pairs are not stored yet, as (kind, ref)."""
    rows = conn.execute("SELECT kind, ref FROM fingerprints WHERE paired = 0 ORDER BY kind, ref")
    return [(r[0], r[1]) for r in rows]


def save_near_pairs(
    conn: sqlite3.Connection,
    kind: str,
    refs: Sequence[int],
    pairs: Iterable[tuple[int, str, int, float]],
) -> None:
    """Store near-copy pairs (draft id, kind, ref, similarity) found for the texts `refs`
    of one kind, and mark those texts paired. Atomic."""
    with transaction(conn):
        conn.executemany(
            "INSERT OR REPLACE INTO near_pairs (draft_id, kind, ref, similarity)"
            " VALUES (?, ?, ?, ?)",
            pairs,
        )
        conn.executemany(
            "UPDATE fingerprints SET paired = 1 WHERE kind = ? AND ref = ?",
            [(kind, ref) for ref in refs],
        )


def near_pairs(
    conn: sqlite3.Connection, draft_ids: Sequence[int], *, above: float
) -> dict[int, list[tuple[str, int, float]]]:
    """For each draft of `draft_ids`, the stored texts more than `above` similar to it, as
    (kind, ref, similarity), most similar first."""
    if not draft_ids:
        return {}
    marks = ", ".join("?" * len(draft_ids))
    rows = conn.execute(
        f"""SELECT draft_id, kind, ref, similarity FROM near_pairs
            WHERE draft_id IN ({marks}) AND similarity > ?
            ORDER BY draft_id, similarity DESC, kind, ref""",
        [*draft_ids, above],
    )
    out: dict[int, list[tuple[str, int, float]]] = {i: [] for i in draft_ids}
    for draft_id, kind, ref, similarity in rows:
        out[draft_id].append((kind, ref, similarity))
    return out


def signatures(
    conn: sqlite3.Connection, keys: Sequence[tuple[str, int]]
) -> dict[tuple[str, int], bytes]:
    """The stored signatures of these (kind, ref) texts, in a query per 500."""
    out: dict[tuple[str, int], bytes] = {}
    for kind in {k for k, _ in keys}:
        every = [r for k, r in keys if k == kind]
        for start in range(0, len(every), 500):
            refs = every[start : start + 500]
            rows = conn.execute(
                f"""SELECT ref, signature FROM fingerprints
                    WHERE kind = ? AND ref IN ({", ".join("?" * len(refs))})""",
                [kind, *refs],
            )
            out.update(((kind, r[0]), r[1]) for r in rows)
    return out


# --- what the publish gate looks up (clinicseo/gate.py) ----------------------------------------

ON_THE_WAY = ("approved", "scheduled", "publishing", "published")  # headed for, or on, the blog


def gate_facts(
    conn: sqlite3.Connection,
    topics: Sequence[str],
    keyphrases: Sequence[str],
    slugs: Sequence[str],
) -> dict[str, Any]:
    """Everything the gate needs beyond the drafts themselves, in four indexed queries:
    our drafts on their way to the blog by topic, keyphrase and slug; blog posts by
    keyphrase and slug (ignoring the posts that are our own drafts, published); and
    the state of our drafts by id is fetched separately (`draft_states`)."""
    way = ", ".join(f"'{s}'" for s in ON_THE_WAY)
    ours_on_blog = "SELECT wordpress_id FROM drafts WHERE wordpress_id IS NOT NULL"

    def fetch(sql: str, values: Sequence[str]) -> list[sqlite3.Row]:
        values = list(dict.fromkeys(v for v in values if v))
        if not values:
            return []
        return conn.execute(sql.format(marks=", ".join("?" * len(values))), values).fetchall()

    return {
        "topic": fetch(
            f"""SELECT id, topic, state, publish_at FROM drafts
                WHERE topic IN ({{marks}}) AND state IN ({way})""", topics),
        "keyphrase": fetch(
            f"""SELECT id, lower(keyphrase) AS key, state FROM drafts
                WHERE lower(keyphrase) IN ({{marks}}) AND state IN ({way})""", keyphrases),
        "slug": fetch(
            f"""SELECT id, slug, state FROM drafts
                WHERE slug IN ({{marks}}) AND state IN ({way})""", slugs),
        "blog_keyphrase": fetch(
            f"""SELECT wp_id, lower(keyphrase) AS key, title, url FROM blog_posts
                WHERE lower(keyphrase) IN ({{marks}})
                AND CAST(wp_id AS TEXT) NOT IN ({ours_on_blog})""", keyphrases),
        "blog_slug": fetch(
            f"""SELECT wp_id, slug, title, url FROM blog_posts WHERE slug IN ({{marks}})
                AND CAST(wp_id AS TEXT) NOT IN ({ours_on_blog})""", slugs),
    }  # fmt: skip


# A stored near-copy pair that stops draft `d`: a blog post that is not one of our own
# drafts, or a draft of ours not rejected, unless it is a draft newer than `d` or `d` has
# moved on (of two drafts that are near-copies, the older one stays ready).
_NEAR_BLOCKS = f"""EXISTS (SELECT 1 FROM near_pairs p WHERE p.draft_id = g.draft_id
    AND p.similarity > ? AND (
        (p.kind = 'b' AND EXISTS (SELECT 1 FROM blog_posts b WHERE b.wp_id = p.ref
                                  AND {_NOT_OURS}))
        OR (p.kind = 'd' AND EXISTS (SELECT 1 FROM drafts o WHERE o.id = p.ref
            AND o.state != 'rejected'
            AND (o.state != 'draft' OR (g.is_draft AND o.id < g.draft_id))))))"""


def gate_clear_drafts(conn: sqlite3.Connection, *, near_limit: float) -> list[tuple[int, bool]]:
    """The drafts whose stored gate facts are all clear and that no stored near-copy pair
    above `near_limit` stops: the whole store's candidates for "ready" in one query over
    the small draft_gate table, as (id, whether its fields surely pass; those that may not
    are for clinicseo/fields.py to check). Reads no draft's row, only other drafts' states
    where a near-copy pair exists."""
    rows = conn.execute(
        f"""SELECT g.draft_id, g.fields_plain FROM draft_gate g
            WHERE g.state_ok AND g.approval_ok AND g.text_ok AND g.sibling_free
            AND g.keyphrase_free AND g.slug_free AND NOT {_NEAR_BLOCKS}""",
        [near_limit],
    )
    return [(r[0], bool(r[1])) for r in rows]


def draft_ids(
    conn: sqlite3.Connection,
    *,
    state: str | None = None,
    topic: str | None = None,
    search: str | None = None,
    sort: str = "id",
) -> list[int]:
    """The ids of the drafts `list_drafts` would list, in its order (no row read)."""
    where, args = _draft_filter(state, topic, search)
    sql = f"SELECT id FROM drafts{where} ORDER BY {SORTS.get(sort, SORTS['id'])}"
    return [r[0] for r in conn.execute(sql, args)]


def drafts_by_id(conn: sqlite3.Connection, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Draft summaries (as `list_drafts` gives them) for these ids, in this order."""
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):  # within SQLite's variable limit
        part = list(ids[start : start + 500])
        marks = ", ".join("?" * len(part))
        rows = conn.execute(f"SELECT {_SUMMARY} FROM drafts WHERE id IN ({marks})", part)
        found.update((r["id"], _summary(r)) for r in rows)
    return [found[i] for i in ids if i in found]


def draft_states(conn: sqlite3.Connection, draft_ids: Iterable[int]) -> dict[int, str]:
    ids = list(dict.fromkeys(draft_ids))
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = conn.execute(f"SELECT id, state FROM drafts WHERE id IN ({marks})", ids)
    return {r[0]: r[1] for r in rows}


def blog_post_refs(conn: sqlite3.Connection, wp_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Title and URL of imported blog posts that are not our own published drafts."""
    ids = list(dict.fromkeys(wp_ids))
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = conn.execute(
        f"""SELECT wp_id, title, url FROM blog_posts WHERE wp_id IN ({marks})
            AND CAST(wp_id AS TEXT) NOT IN
            (SELECT wordpress_id FROM drafts WHERE wordpress_id IS NOT NULL)""",
        ids,
    )
    return {r[0]: dict(r) for r in rows}


# --- topics -----------------------------------------------------------------------------------


def replace_topics(conn: sqlite3.Connection, topics: Iterable[dict[str, Any]]) -> None:
    """Swap in a freshly computed topic ranking, all at once."""
    stamp = iso(now_utc())
    with transaction(conn):
        conn.execute("DELETE FROM topics")
        for t in topics:
            conn.execute(
                """INSERT INTO topics (key, label, score, competitors, evidence, questions,
                   brief, covered_by_us, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    t["key"],
                    t["label"],
                    float(t["score"]),
                    _dumps(t.get("competitors", [])),
                    _dumps(t.get("evidence", [])),
                    _dumps(t.get("questions", [])),
                    _dumps(t.get("brief", {})),
                    int(bool(t.get("covered_by_us"))),
                    stamp,
                ),
            )


def list_topics(conn: sqlite3.Connection, *, gaps_only: bool = False) -> list[dict[str, Any]]:
    sql = "SELECT * FROM topics"
    if gaps_only:
        sql += " WHERE covered_by_us = 0"
    rows = conn.execute(sql + " ORDER BY score DESC, label")
    out = []
    for r in rows:
        t = _decode(r, _JSON_TOPIC)
        t["covered_by_us"] = bool(t["covered_by_us"])
        out.append(t)
    return out


# --- drafts -----------------------------------------------------------------------------------

DRAFT_TEXT_FIELDS = (
    "title",
    "seo_title",
    "slug",
    "meta_description",
    "keyphrase",
    "excerpt",
    "html",
    "categories",
    "tags",
    "jsonld",
)


def text_hash(draft: dict[str, Any]) -> str:
    """The hash an approval holds for: everything that would reach WordPress."""
    # Missing fields hash as they are stored ("" or []), so a draft hashes the same before
    # and after a round trip through the database.
    payload = {k: draft.get(k) or ([] if k in _JSON_DRAFT else "") for k in DRAFT_TEXT_FIELDS}
    return hashlib.sha256(_dumps(payload).encode()).hexdigest()


HASH_PREFIX = 12  # how much of a text hash people are shown, and the least they may type


def check_seen(draft_id: int, current: str, seen: str | None) -> None:
    """Refuse to act when the person read another version of the text than the stored one.

    `seen` is the text hash the person acted on (a form's hidden field, `--expect-hash`):
    the full hash or its first HASH_PREFIX or more characters; None means "the current
    text". Raises TextChanged on a mismatch, InputError on something that is not a hash."""
    if seen is None:
        return
    given = seen.strip().lower()
    if len(given) < HASH_PREFIX or any(c not in "0123456789abcdef" for c in given):
        raise InputError(
            f"--expect-hash: expected the text hash `clinicseo show {draft_id}` prints "
            f'(at least {HASH_PREFIX} hex characters), found "{seen}"'
        )
    if not current.startswith(given):
        raise TextChanged(draft_id, given, current)


def insert_drafts(
    conn: sqlite3.Connection, drafts: Sequence[dict[str, Any]], *, by: str = "clinicseo"
) -> list[int]:
    """Store a batch of drafts in one transaction: the whole batch or nothing. Each draft
    may carry its near-copy `fingerprint` (signature, band keys; clinicseo.nearcopies)."""
    if not drafts:
        return []
    stamp = iso(now_utc())
    with transaction(conn):
        # The ids SQLite would give one by one (the largest so far plus one, rows are never
        # deleted), taken up front under the write lock: each table is written in one
        # statement for the whole batch, and each reference is known before its row.
        (last,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM drafts").fetchone()
        ids = list(range(last + 1, last + 1 + len(drafts)))
        hashes = [text_hash(d) for d in drafts]
        conn.executemany(
            f"""INSERT INTO drafts (id, topic, variant, state, {", ".join(DRAFT_TEXT_FIELDS)},
                scores, checks, approvable, blocking, text_hash, reference,
                created_at, updated_at)
                VALUES (?, ?, ?, 'draft', {", ".join("?" * len(DRAFT_TEXT_FIELDS))},
                ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (
                    draft_id,
                    d["topic"],
                    d.get("variant", ""),
                    *[_field(d, k) for k in DRAFT_TEXT_FIELDS],
                    _dumps(d.get("scores", {})),
                    _dumps(d.get("checks", [])),
                    int(bool(d.get("approvable"))),
                    _dumps(d.get("blocking", [])),
                    h,
                    reference_for(draft_id, h),
                    stamp,
                    stamp,
                )
                for draft_id, d, h in zip(ids, drafts, hashes, strict=True)
            ],
        )
        conn.executemany(
            "INSERT INTO history (draft_id, at, by, action, note, text_hash)"
            " VALUES (?, ?, ?, 'created', ?, ?)",
            [
                (draft_id, stamp, by, _with_rule_pack(d.get("variant", ""), d.get("checks")), h)
                for draft_id, d, h in zip(ids, drafts, hashes, strict=True)
            ],
        )
        conn.executemany(
            f"""INSERT OR IGNORE INTO draft_versions (draft_id, text_hash,
                {", ".join(DRAFT_TEXT_FIELDS)}, by, at)
                VALUES (?, ?, {", ".join("?" * len(DRAFT_TEXT_FIELDS))}, ?, ?)""",
            [
                (draft_id, h, *[_field(d, k) for k in DRAFT_TEXT_FIELDS], by, stamp)
                for draft_id, d, h in zip(ids, drafts, hashes, strict=True)
            ],
        )
        printed = [
            (draft_id, h, *d["fingerprint"])
            for draft_id, d, h in zip(ids, drafts, hashes, strict=True)
            if d.get("fingerprint")
        ]
        if printed:
            save_fingerprints(conn, DRAFT_TEXT, printed)
    return ids


def reference_for(draft_id: int, h: str) -> str:
    """The unique token each WordPress post carries, so a retry finds it instead of doubling."""
    return f"cseo{draft_id}x{h[:10]}"


def _field(d: dict[str, Any], key: str) -> Any:
    value = d.get(key, [] if key in _JSON_DRAFT else "")
    return _dumps(value) if key in _JSON_DRAFT else value


def _with_rule_pack(note: str, checks: list[dict[str, Any]] | None) -> str:
    """The history note plus the compliance rule-pack version that judged this text (the
    checks stored with the draft carry it too), so the history says which rules applied."""
    pack = next((c["rule_pack"] for c in checks or () if c.get("rule_pack")), "")
    return "; ".join(part for part in (note, f"rule pack {pack}" if pack else "") if part)


def _log(
    conn: sqlite3.Connection,
    draft_id: int,
    by: str,
    action: str,
    note: str,
    h: str,
    at: str | None = None,
) -> None:
    conn.execute(
        "INSERT INTO history (draft_id, at, by, action, note, text_hash) VALUES (?, ?, ?, ?, ?, ?)",
        (draft_id, at or iso(now_utc()), by, action, note, h),
    )


def _save_version(
    conn: sqlite3.Connection, draft_id: int, d: dict[str, Any], h: str, by: str, at: str
) -> None:
    # One row per distinct text of a draft: text restored to an earlier version is that
    # version again (same hash), so it is not stored twice.
    conn.execute(
        f"""INSERT OR IGNORE INTO draft_versions (draft_id, text_hash,
            {", ".join(DRAFT_TEXT_FIELDS)}, by, at)
            VALUES (?, ?, {", ".join("?" * len(DRAFT_TEXT_FIELDS))}, ?, ?)""",
        (draft_id, h, *[_field(d, k) for k in DRAFT_TEXT_FIELDS], by, at),
    )


def draft_versions(conn: sqlite3.Connection, draft_id: int) -> list[dict[str, Any]]:
    """Every text this draft has had, oldest first: text_hash, the DRAFT_TEXT_FIELDS, by, at."""
    get_draft_state(conn, draft_id)  # NotFound for a draft that does not exist
    rows = conn.execute(
        "SELECT * FROM draft_versions WHERE draft_id = ? ORDER BY id", (draft_id,)
    )
    return [_decode(r, _JSON_DRAFT) for r in rows]


def version_hashes(conn: sqlite3.Connection, draft_id: int) -> set[str]:
    """The text hashes of the versions kept for a draft (no bodies read)."""
    rows = conn.execute("SELECT text_hash FROM draft_versions WHERE draft_id = ?", (draft_id,))
    return {r[0] for r in rows}


def get_version(conn: sqlite3.Connection, draft_id: int, text_hash: str) -> dict[str, Any]:
    """One stored version of a draft's text, by its hash (or a prefix of HASH_PREFIX or more
    characters that names one version). Raises NotFound or InputError."""
    given = text_hash.strip().lower()
    if len(given) < HASH_PREFIX:
        raise InputError(f'version "{text_hash}": give at least {HASH_PREFIX} characters')
    rows = conn.execute(
        "SELECT * FROM draft_versions WHERE draft_id = ? AND substr(text_hash, 1, ?) = ?",
        (draft_id, len(given), given),
    ).fetchall()
    if len(rows) != 1:
        raise NotFound(f"draft {draft_id} has no version {text_hash}")
    return _decode(rows[0], _JSON_DRAFT)


def get_draft_state(conn: sqlite3.Connection, draft_id: int) -> tuple[str, str]:
    """(state, text_hash) of a draft, read cheaply; NotFound when there is none."""
    if not -(2**63) <= draft_id < 2**63:  # beyond SQLite's integers: binding would overflow
        raise NotFound(f"no draft with id {draft_id}")
    row = conn.execute("SELECT state, text_hash FROM drafts WHERE id = ?", (draft_id,)).fetchone()
    if row is None:
        raise NotFound(f"no draft with id {draft_id}")
    return row["state"], row["text_hash"]


def get_draft(conn: sqlite3.Connection, draft_id: int) -> dict[str, Any]:
    if not -(2**63) <= draft_id < 2**63:  # beyond SQLite's integers: binding would overflow
        raise NotFound(f"no draft with id {draft_id}")
    row = conn.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
    if row is None:
        raise NotFound(f"no draft with id {draft_id}")
    d = _decode(row, _JSON_DRAFT)
    d["approvable"] = bool(d["approvable"])
    d["history"] = [
        dict(r)
        for r in conn.execute(
            "SELECT at, by, action, note, text_hash FROM history WHERE draft_id = ? ORDER BY id",
            (draft_id,),
        )
    ]
    return d


SORTS = {
    "id": "id DESC",
    "readability": "json_extract(scores, '$.readability') DESC, id DESC",
    "seo": "json_extract(scores, '$.seo') DESC, id DESC",
    "publish_at": "publish_at IS NULL, publish_at, id",
    "topic": "topic, id",
    # what needs attention first; the expression matches index drafts_state_rank exactly
    "state": "CASE state WHEN 'failed' THEN 0 WHEN 'draft' THEN 1 WHEN 'approved' THEN 2 "
    "WHEN 'scheduled' THEN 3 WHEN 'publishing' THEN 4 WHEN 'published' THEN 5 ELSE 6 END, id DESC",
}


def list_drafts(
    conn: sqlite3.Connection,
    *,
    state: str | None = None,
    topic: str | None = None,
    sort: str = "id",
    limit: int | None = None,
    offset: int = 0,
    with_body: bool = False,
    search: str | None = None,
) -> list[dict[str, Any]]:
    """Drafts as summaries (no body unless asked), filtered and sorted; indexed for 10,000+.
    `search`: words that must all appear in the title or the topic (any case)."""
    cols = "*" if with_body else _SUMMARY
    where, args = _draft_filter(state, topic, search)
    sql = f"SELECT {cols} FROM drafts{where} ORDER BY {SORTS.get(sort, SORTS['id'])}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        args += [limit, offset]
    return [_summary(r) for r in conn.execute(sql, args)]


_SUMMARY = (
    "id, topic, variant, state, title, keyphrase, scores, approvable, blocking, "
    "publish_at, wordpress_id, wordpress_url, last_error, updated_at, slug, "
    # what the publish gate reads (clinicseo/gate.py), all short
    "seo_title, meta_description, excerpt, tags, categories, text_hash, approved_hash, "
    "override_by, override_reason"
)


def _summary(row: sqlite3.Row) -> dict[str, Any]:
    d = _decode(row, _JSON_DRAFT)
    d["approvable"] = bool(d["approvable"])
    return d


def count_drafts(
    conn: sqlite3.Connection,
    *,
    state: str | None = None,
    topic: str | None = None,
    search: str | None = None,
) -> int:
    where, args = _draft_filter(state, topic, search)
    return int(conn.execute(f"SELECT COUNT(*) FROM drafts{where}", args).fetchone()[0])


def _draft_filter(
    state: str | None, topic: str | None, search: str | None = None
) -> tuple[str, list[Any]]:
    clauses, args = [], []
    if state:
        clauses.append("state = ?")
        args.append(state)
    if topic:
        clauses.append("topic = ?")
        args.append(topic)
    for word in (search or "").split():
        # LIKE is case-insensitive for ASCII; % and _ typed by a person are literal.
        pattern = "%" + re.sub(r"([\\%_])", r"\\\1", word) + "%"
        clauses.append("(title LIKE ? ESCAPE '\\' OR topic LIKE ? ESCAPE '\\')")
        args += [pattern, pattern]
    return ((" WHERE " + " AND ".join(clauses)) if clauses else ""), args


def draft_topics(conn: sqlite3.Connection, limit: int = -1) -> list[str]:
    """Distinct draft topics, alphabetically (from the topic index); all, or up to `limit`."""
    rows = conn.execute("SELECT DISTINCT topic FROM drafts ORDER BY topic LIMIT ?", (limit,))
    return [r[0] for r in rows]


def transition(
    conn: sqlite3.Connection,
    draft_id: int,
    target: str,
    *,
    by: str,
    action: str,
    note: str = "",
    expect: Sequence[str] | None = None,
    expect_hash: str | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """Move a draft to `target`, setting `fields`, recording who did what. Atomic.

    `expect` narrows the states this action starts from (e.g. only 'draft' can be approved
    by a person); the transition table is checked in any case. `expect_hash`: the text the
    person acted on (see check_seen). An `approved_hash` is only ever written for the text
    stored at that moment, checked in the same transaction, so an edit that lands between
    reading a draft and approving it cannot leave an approval of text nobody read.
    """
    with transaction(conn):
        row = conn.execute(
            "SELECT state, text_hash FROM drafts WHERE id = ?", (draft_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no draft with id {draft_id}")
        current = row["state"]
        if expect is not None and current not in expect:
            raise StateError(f"draft {draft_id} is '{current}': cannot {action} it")
        check_seen(draft_id, row["text_hash"], expect_hash)
        approved = fields.get("approved_hash")
        if approved is not None and approved != row["text_hash"]:
            raise TextChanged(draft_id, approved, row["text_hash"])
        check_transition(current, target)
        sets = ["state = ?", "updated_at = ?"]
        args: list[Any] = [target, iso(now_utc())]
        for key, value in fields.items():
            sets.append(f"{key} = ?")
            args.append(_dumps(value) if key in _JSON_DRAFT else value)
        conn.execute(f"UPDATE drafts SET {', '.join(sets)} WHERE id = ?", (*args, draft_id))
        _log(conn, draft_id, by, action, note, row["text_hash"])
    return get_draft(conn, draft_id)


def update_draft_text(
    conn: sqlite3.Connection,
    draft_id: int,
    changes: dict[str, Any],
    scored: dict[str, Any],
    *,
    by: str,
    expect_hash: str | None = None,
    action: str = "edited",
    note: str = "",
) -> dict[str, Any]:
    """Save edited text with its new scores, keeping the new version. An edit to an approved
    draft sends it back to draft: the approval held for the old text only.

    `expect_hash` is the text the edit was made to (and `scored` scored): when another save
    landed first, this one is refused (TextChanged) instead of silently replacing it."""
    with transaction(conn):
        row = conn.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise NotFound(f"no draft with id {draft_id}")
        current = _decode(row, _JSON_DRAFT)
        if current["state"] == PUBLISHING:
            raise StateError(f"draft {draft_id} is '{current['state']}': it can no longer change")
        check_seen(draft_id, current["text_hash"], expect_hash)
        updated = {**current, **{k: v for k, v in changes.items() if k in DRAFT_TEXT_FIELDS}}
        new_hash = text_hash(updated)
        if new_hash == current["text_hash"]:
            return get_draft(conn, draft_id)  # nothing changed: nothing to record
        state = current["state"]
        back_to_draft = state in (APPROVED, SCHEDULED, FAILED, PUBLISHED, WITHDRAWN)
        sets = {k: _field(updated, k) for k in DRAFT_TEXT_FIELDS}
        sets.update(
            scores=_dumps(scored.get("scores", {})),
            checks=_dumps(scored.get("checks", [])),
            approvable=int(bool(scored.get("approvable"))),
            blocking=_dumps(scored.get("blocking", [])),
            text_hash=new_hash,
            updated_at=iso(now_utc()),
        )
        if back_to_draft:
            sets.update(state=DRAFT, approved_hash=None, publish_at=None)
        if state in (PUBLISHED, WITHDRAWN) and not current.get("published_hash"):
            sets.update(published_hash=current["text_hash"])  # what is on WordPress now
        if current["override_reason"]:
            sets.update(override_by=None, override_reason=None)  # overrides were for old text
        if current["signoff_by"]:
            sets.update(signoff_by=None, signoff_at=None, signoff_hash=None)  # so was this
        conn.execute(
            f"UPDATE drafts SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?",
            (*sets.values(), draft_id),
        )
        if back_to_draft:
            note = "; ".join(n for n in (note, "approval withdrawn: text changed") if n)
        _log(conn, draft_id, by, action, _with_rule_pack(note, scored.get("checks")), new_hash)
        _save_version(conn, draft_id, updated, new_hash, by, str(sets["updated_at"]))
        drop_fingerprint(conn, DRAFT_TEXT, draft_id)  # the near-copy index redoes it
    return get_draft(conn, draft_id)


def record_signoff(
    conn: sqlite3.Connection, draft_id: int, *, by: str, note: str, expect_hash: str | None
) -> dict[str, Any]:
    """A clinician's sign-off of the medical content of the draft's current text (an edit
    clears it, as it clears an override). Its state does not change."""
    with transaction(conn):
        state, h = get_draft_state(conn, draft_id)
        if state in (PUBLISHING, PUBLISHED, REJECTED):
            raise StateError(f"draft {draft_id} is '{state}': there is nothing to sign off")
        check_seen(draft_id, h, expect_hash)
        stamp = iso(now_utc())
        conn.execute(
            "UPDATE drafts SET signoff_by = ?, signoff_at = ?, signoff_hash = ?, updated_at = ?"
            " WHERE id = ?",
            (by, stamp, h, stamp, draft_id),
        )
        _log(conn, draft_id, by, "signed off", note, h, stamp)
    return get_draft(conn, draft_id)


def due_drafts(conn: sqlite3.Connection, now: datetime) -> list[dict[str, Any]]:
    """Scheduled drafts whose time has come, plus publishes a crash interrupted."""
    rows = conn.execute(
        """SELECT id FROM drafts
           WHERE (state = 'scheduled' AND publish_at <= ?) OR state = 'publishing'
           ORDER BY publish_at, id""",
        (iso(now),),
    )
    return [get_draft(conn, r[0]) for r in rows.fetchall()]


def sibling_texts(conn: sqlite3.Connection, draft_id: int) -> list[str]:
    """Bodies of the other drafts of this draft's topic (rejected ones aside): the variants
    an edited draft must still differ from."""
    rows = conn.execute(
        """SELECT html FROM drafts WHERE state != 'rejected' AND id != ?
           AND topic = (SELECT topic FROM drafts WHERE id = ?) ORDER BY id""",
        (draft_id, draft_id),
    )
    return [r[0] for r in rows]


def taken_slots(conn: sqlite3.Connection, *, exclude_id: int | None = None) -> set[str]:
    """Publish times held by posts on the calendar (`exclude_id`: one being moved)."""
    rows = conn.execute(
        "SELECT publish_at FROM drafts WHERE state IN ('scheduled', 'publishing', 'published')"
        " AND publish_at IS NOT NULL AND id != ?",
        (-1 if exclude_id is None else exclude_id,),
    )
    return {r[0] for r in rows}


def slot_holder(conn: sqlite3.Connection, when: datetime, *, exclude_id: int) -> int | None:
    """The draft (other than `exclude_id`) booked into the same minute as `when`, if any."""
    row = conn.execute(
        """SELECT id FROM drafts WHERE state IN ('scheduled', 'publishing', 'published')
           AND substr(publish_at, 1, 16) = ? AND id != ? ORDER BY id LIMIT 1""",
        (iso(when)[:16], exclude_id),
    ).fetchone()
    return int(row[0]) if row else None


def scheduled_keyphrases(conn: sqlite3.Connection, *, exclude_id: int) -> dict[str, int]:
    """Keyphrases already approved for the blog (approved, scheduled, publishing or published),
    with the draft that holds each."""
    rows = conn.execute(
        """SELECT lower(keyphrase), id FROM drafts
           WHERE state IN ('approved', 'scheduled', 'publishing', 'published')
           AND id != ? AND keyphrase != ''""",
        (exclude_id,),
    )
    return {r[0]: r[1] for r in rows}


def taken_slugs(conn: sqlite3.Connection) -> set[str]:
    """Slugs a new draft must not reuse: every draft's but rejected ones, and the blog's."""
    rows = conn.execute(
        "SELECT slug FROM drafts WHERE state != 'rejected' AND slug != ''"
        " UNION SELECT slug FROM blog_posts WHERE slug != ''"
    )
    return {r[0] for r in rows}


def published_texts(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """(id, html) of drafts on their way to or on the blog: for uniqueness checks."""
    rows = conn.execute(
        "SELECT id, html FROM drafts WHERE state IN ('scheduled', 'publishing', 'published')"
    )
    return [(r[0], r[1]) for r in rows]


def calendar(
    conn: sqlite3.Connection, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    rows = conn.execute(
        """SELECT id, topic, title, state, publish_at, wordpress_id, wordpress_url, last_error
           FROM drafts WHERE publish_at >= ? AND publish_at < ?
           AND state IN ('scheduled', 'publishing', 'published', 'failed')
           ORDER BY publish_at""",
        (iso(start), iso(end)),
    )
    return [dict(r) for r in rows]


def drafts_past_approval(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every draft approved or beyond (published included), without bodies, with the latest
    of its calendar actions (approved, scheduled, rescheduled, unscheduled): what
    `clinicseo doctor` inspects."""
    rows = conn.execute(
        """SELECT d.id, d.state, d.title, d.keyphrase, d.publish_at, d.text_hash,
                  d.approved_hash, d.last_error, d.updated_at,
                  (SELECT h.action FROM history h WHERE h.draft_id = d.id
                   AND h.action IN ('approved', 'scheduled', 'rescheduled', 'unscheduled')
                   ORDER BY h.id DESC LIMIT 1) AS last_calendar_action
           FROM drafts d
           WHERE d.state IN ('approved', 'scheduled', 'publishing', 'published', 'failed')
           ORDER BY d.id"""
    )
    return [dict(r) for r in rows]


def failed_drafts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT id, topic, title, publish_at, last_error FROM drafts WHERE state = 'failed'"
        " ORDER BY updated_at DESC"
    )
    return [dict(r) for r in rows]


# --- publications -----------------------------------------------------------------------------


def start_publication(conn: sqlite3.Connection, draft_id: int, api: str) -> int:
    cur = conn.execute(
        "INSERT INTO publications (draft_id, started_at, api) VALUES (?, ?, ?)",
        (draft_id, iso(now_utc()), api),
    )
    return int(cur.lastrowid or 0)


def record_wordpress_id(
    conn: sqlite3.Connection, draft_id: int, wordpress_id: str, url: str | None
) -> None:
    """Store the WordPress id the moment WordPress hands it back (before anything else)."""
    conn.execute(
        "UPDATE drafts SET wordpress_id = ?, wordpress_url = ?, updated_at = ? WHERE id = ?",
        (str(wordpress_id), url, iso(now_utc()), draft_id),
    )


def mark_create_sent(
    conn: sqlite3.Connection, publication_id: int, sent_at: datetime | None
) -> None:
    """Record, before sending, that this publication sends its create at ``sent_at``; None
    once WordPress refused it (nothing is left in flight)."""
    conn.execute(
        "UPDATE publications SET create_sent_at = ? WHERE id = ?",
        (iso(sent_at) if sent_at else None, publication_id),
    )


def unanswered_create(conn: sqlite3.Connection, draft_id: int) -> datetime | None:
    """When the latest create for this draft that got no answer was sent, or None. Only
    meaningful while the draft has no WordPress id."""
    row = conn.execute(
        "SELECT MAX(create_sent_at) FROM publications WHERE draft_id = ?", (draft_id,)
    ).fetchone()
    return parse_iso(row[0]) if row and row[0] else None


def finish_publication(
    conn: sqlite3.Connection,
    publication_id: int,
    *,
    outcome: str,
    wordpress_id: str | None = None,
    error: str | None = None,
) -> None:
    conn.execute(
        "UPDATE publications SET finished_at = ?, outcome = ?, wordpress_id = ?, error = ?"
        " WHERE id = ?",
        (iso(now_utc()), outcome, wordpress_id, error, publication_id),
    )


def list_publications(conn: sqlite3.Connection, draft_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT * FROM publications WHERE draft_id = ? ORDER BY id", (draft_id,)
    )
    return [dict(r) for r in rows]


# --- users ------------------------------------------------------------------------------------


def add_user(conn: sqlite3.Connection, name: str, password_hash: str, role: str) -> None:
    """Create an account, or reset the password and role of an existing one (which ends
    its sessions)."""
    conn.execute(
        """INSERT INTO users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash,
           role = excluded.role, failed_logins = 0,
           session_generation = session_generation + 1""",
        (name, password_hash, role, iso(now_utc())),
    )


def get_user(conn: sqlite3.Connection, name: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
    return dict(row) if row else None


def list_users(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every account, by name, without its password hash."""
    rows = conn.execute(
        "SELECT name, role, created_at, disabled_at, session_generation FROM users ORDER BY name"
    )
    return [dict(r) for r in rows]


def set_password_hash(conn: sqlite3.Connection, name: str, password_hash: str) -> bool:
    """Change a password and end every session of the account. False: no such account."""
    cur = conn.execute(
        "UPDATE users SET password_hash = ?, session_generation = session_generation + 1"
        " WHERE name = ?",
        (password_hash, name),
    )
    return cur.rowcount > 0


def set_user_disabled(conn: sqlite3.Connection, name: str, disabled: bool) -> bool:
    """Disable (ending every session) or enable an account. False: no such account."""
    cur = conn.execute(
        "UPDATE users SET disabled_at = ?, session_generation = session_generation + 1"
        " WHERE name = ?",
        (iso(now_utc()) if disabled else None, name),
    )
    return cur.rowcount > 0


def remove_user(conn: sqlite3.Connection, name: str) -> bool:
    """Delete an account (its history entries keep the name as text). False: none."""
    return conn.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount > 0


def end_sessions(conn: sqlite3.Connection, name: str) -> None:
    """Invalidate every session cookie issued to `name` so far (sign-out everywhere)."""
    conn.execute(
        "UPDATE users SET session_generation = session_generation + 1 WHERE name = ?", (name,)
    )


def login_failures(conn: sqlite3.Connection, keys: Sequence[str]) -> dict[str, tuple[int, str]]:
    """{key: (failures, last_failed_at)} for the throttle keys that have a count."""
    marks = ",".join("?" * len(keys))
    rows = conn.execute(
        f"SELECT key, failures, last_failed_at FROM login_throttle WHERE key IN ({marks})",
        tuple(keys),
    )
    return {r["key"]: (r["failures"], r["last_failed_at"]) for r in rows}


def count_login_attempt(conn: sqlite3.Connection, keys: Sequence[str], at: datetime) -> None:
    """Count one attempt against each key (before its password is checked)."""
    for key in keys:
        conn.execute(
            """INSERT INTO login_throttle (key, failures, last_failed_at) VALUES (?, 1, ?)
               ON CONFLICT(key) DO UPDATE SET failures = failures + 1,
               last_failed_at = excluded.last_failed_at""",
            (key, iso(at)),
        )


def forget_login_failures(conn: sqlite3.Connection, before: datetime) -> None:
    """Drop counts whose last failure is older than `before` (sprayed names pile up)."""
    conn.execute("DELETE FROM login_throttle WHERE last_failed_at < ?", (iso(before),))


def uncount_login_attempt(conn: sqlite3.Connection, key: str, *, clear: bool = False) -> None:
    """A successful sign-in: take its attempt back off `key`, or forget the key (`clear`)."""
    if clear:
        conn.execute("DELETE FROM login_throttle WHERE key = ?", (key,))
    else:
        conn.execute(
            "UPDATE login_throttle SET failures = max(failures - 1, 0) WHERE key = ?", (key,)
        )


# --- scheduler job runs -----------------------------------------------------------------------


def start_job(conn: sqlite3.Connection, job: str) -> int:
    cur = conn.execute(
        "INSERT INTO job_runs (job, started_at) VALUES (?, ?)", (job, iso(now_utc()))
    )
    return int(cur.lastrowid or 0)


def finish_job(conn: sqlite3.Connection, run_id: int, *, outcome: str, detail: str = "") -> None:
    conn.execute(
        "UPDATE job_runs SET finished_at = ?, outcome = ?, detail = ? WHERE id = ?",
        (iso(now_utc()), outcome, detail, run_id),
    )


def last_job_runs(conn: sqlite3.Connection, limit: int = 20) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT * FROM job_runs ORDER BY id DESC LIMIT ?", (limit,))
    return [dict(r) for r in rows]


# --- review app (clinicseo/review) ------------------------------------------------------------

def count_by_state(
    conn: sqlite3.Connection, *, topic: str | None = None, search: str | None = None
) -> dict[str, int]:
    """{state: number of drafts} (states with none are left out); from the state index."""
    where, args = _draft_filter(None, topic, search)
    rows = conn.execute(f"SELECT state, COUNT(*) FROM drafts{where} GROUP BY state", args)
    return {r[0]: int(r[1]) for r in rows}


# --- crawling (scrapers/) ---------------------------------------------------------------------


def crawl_page_counts(conn: sqlite3.Connection, crawl_id: int) -> dict[str, int]:
    """{site: pages stored by this crawl} (a re-crawl moves a page to its own crawl_id)."""
    rows = conn.execute(
        "SELECT site, COUNT(*) FROM pages WHERE crawl_id = ? GROUP BY site ORDER BY site",
        (crawl_id,),
    )
    return {r[0]: int(r[1]) for r in rows}


# --- scheduler and watchdog (publisher/) ------------------------------------------------------


def last_job_run(conn: sqlite3.Connection, job: str) -> dict[str, Any] | None:
    """The latest run of one scheduler job (finished or not), or None."""
    row = conn.execute(
        "SELECT * FROM job_runs WHERE job = ? ORDER BY id DESC LIMIT 1", (job,)
    ).fetchone()
    return dict(row) if row else None


def last_crawl_started(conn: sqlite3.Connection) -> str | None:
    """When the latest crawl began (scheduler or CLI), or None when there was none."""
    row = conn.execute("SELECT MAX(started_at) FROM crawls").fetchone()
    return row[0] if row else None


def flag_published(conn: sqlite3.Connection, draft_id: int, problem: str | None) -> bool:
    """Set (or clear, with None) the watchdog's finding on a published draft; its state stays.
    Records a history entry and returns True only when the finding changed."""
    with transaction(conn):
        row = conn.execute(
            "SELECT last_error, text_hash FROM drafts WHERE id = ? AND state = 'published'",
            (draft_id,),
        ).fetchone()
        if row is None or row["last_error"] == problem:
            return False
        conn.execute(
            "UPDATE drafts SET last_error = ?, updated_at = ? WHERE id = ?",
            (problem, iso(now_utc()), draft_id),
        )
        action = "not live" if problem else "live again"
        _log(conn, draft_id, "watchdog", action, problem or "", row["text_hash"])
    return True


def forget_job_run(conn: sqlite3.Connection, run_id: int) -> None:
    """Drop the record of a scheduler tick that found nothing to do."""
    conn.execute("DELETE FROM job_runs WHERE id = ? AND finished_at IS NULL", (run_id,))


def retry_due_drafts(conn: sqlite3.Connection, now: datetime) -> list[dict[str, Any]]:
    """Failed drafts whose automatic retry (a transient failure) has come due."""
    rows = conn.execute(
        "SELECT id FROM drafts WHERE state = 'failed' AND retry_at IS NOT NULL AND retry_at <= ?"
        " ORDER BY retry_at, id",
        (iso(now),),
    )
    return [get_draft(conn, r[0]) for r in rows.fetchall()]


def record_publication_details(
    conn: sqlite3.Connection,
    publication_id: int,
    *,
    api: str,
    media: dict[str, Any] | None = None,
    transient: bool | None = None,
) -> None:
    """What one publication really did: the route used (REST after a fallback), the media
    items behind each rewritten image src, and whether its failure was transient."""
    conn.execute(
        "UPDATE publications SET api = ?, media = ?, transient = ? WHERE id = ?",
        (api, _dumps(media or {}), None if transient is None else int(transient), publication_id),
    )
