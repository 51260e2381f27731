"""The `clinicseo` command: a thin layer over the orchestrators.

Exit codes: 0 done; 1 the work failed (one line on stderr, no traceback unless --debug);
2 bad usage, bad config or bad input (the message names the file and the key or line).
Heavy libraries are imported inside the commands so that `--help` is instant.
"""

from __future__ import annotations

import functools
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from clinicseo.errors import ClinicSeoError, InputError

if TYPE_CHECKING:
    from datetime import datetime

    from clinicseo.config import Config

F = TypeVar("F", bound=Callable[..., Any])

# Accepted before the command (`clinicseo --config F init`) and after it (`init --config F`).
config_option = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), default=None,
    help="Config file (default config/clinic.toml, or $CLINICSEO_CONFIG).")
debug_option = click.option("--debug", is_flag=True, default=False,
                            help="Show tracebacks on errors.")

DRAFT_COLUMNS = ("id", "state", "topic", "variant", "readability", "seo", "approvable",
                 "publish_at", "title")


class State:
    config_path: str | None = None
    debug: bool = False


def common(func: F) -> F:
    """Every command takes --config and --debug (also accepted before the command)."""

    @config_option
    @debug_option
    @click.pass_obj
    @functools.wraps(func)
    def wrapper(state: State, *args: Any, config_path: str | None, debug: bool,
                **kwargs: Any) -> Any:
        state.config_path = config_path or state.config_path
        state.debug = debug or state.debug
        return func(state, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def load(state: State) -> Config:
    from clinicseo.config import load_config

    return load_config(state.config_path)


@contextmanager
def database(config: Config) -> Iterator[sqlite3.Connection]:
    from clinicseo import store

    conn = store.connect(config.database.path)
    try:
        yield conn
    finally:
        conn.close()


def now() -> datetime:
    from clinicseo.store import now_utc

    return now_utc()


def is_terminal() -> bool:
    return sys.stdout.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@config_option
@debug_option
@click.version_option(package_name="clinicseo")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, debug: bool) -> None:
    """Content and SEO automation for Cosmos Clinic: competitor topics, article variants,
    Yoast-grade scoring, review and scheduled WordPress publishing."""
    state = ctx.ensure_object(State)
    state.config_path, state.debug = config_path, debug


@cli.command()
@click.option("--here", "here", type=click.Path(file_okay=False), default=None,
              help="Write a commented starter config (and data folder) into this folder.")
@common
def init(state: State, here: str | None) -> None:
    """Create or migrate the database; safe to run again. --here DIR: start a new setup."""
    from clinicseo import store

    if here:
        from clinicseo.starter import write_starter

        state.config_path = str(write_starter(Path(here)))
        click.echo(f"starter config written: {state.config_path} (fill in the CHANGE lines)")
    config = load(state)
    with database(config):  # connecting creates or migrates it
        pass
    click.echo(f"database ready: {config.database.path} (schema version {store.SCHEMA_VERSION})")


@cli.command()
@click.option("--site", "sites", multiple=True, help="Only this competitor (repeatable).")
@click.option("--max-pages", type=click.IntRange(min=1), help="Page cap per competitor.")
@common
def crawl(state: State, sites: tuple[str, ...], max_pages: int | None) -> None:
    """Crawl the competitors in the config; print a summary."""
    from scrapers.run import run_crawl

    config = load(state)
    summary = run_crawl(config, sites=sites or None, max_pages=max_pages, progress=is_terminal())
    from clinicseo.untrusted import terminal_text

    for line in summary.lines():
        click.echo(terminal_text(line))  # example URLs come from competitors' links


@cli.command()
@click.option("--site", help="Only this competitor.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)
@common
def pages(state: State, site: str | None, fmt: str) -> None:
    """The crawled pages, one row each."""
    from clinicseo import store
    from scrapers.export import pages_csv, pages_jsonl

    config = load(state)
    with database(config) as conn:
        rows = store.list_pages(conn, site=site, shingles=False)
    click.echo((pages_jsonl if fmt == "jsonl" else pages_csv)(rows), nl=False)


# --- topics (owned by the crawling/topics area) ---------------------------------------------
@cli.command()
@click.option("--gaps", is_flag=True, help="Only topics our blog does not cover.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@click.option("--limit", type=click.IntRange(min=0), default=None,
              help="Show the N best topics (table default: 25; json/csv: all; 0: all).")
@common
def topics(state: State, gaps: bool, fmt: str, limit: int | None) -> None:
    """Competitor topics, ranked; --gaps: those our blog does not cover."""
    from clinicseo.topic_terms import load_vocabulary
    from clinicseo.topics import TABLE_LIMIT, current_topics, format_topics

    config = load(state)
    with database(config) as conn:  # regrouped first when the vocabulary file changed
        rows = current_topics(conn, load_vocabulary(config.topics.vocabulary), gaps_only=gaps)
    if not rows and fmt == "table":
        click.echo("no topics yet: run `clinicseo crawl` first", err=True)
        return
    if limit is None:
        limit = TABLE_LIMIT if fmt == "table" else 0
    click.echo(format_topics(rows, fmt, gaps=gaps, limit=limit))
# --- end of topics ------------------------------------------------------------------------


@cli.command()
@click.option("--topic", help="Write about this topic (free text).")
@click.option("--gaps", "gap_count", type=click.IntRange(min=1),
              help="Draft the N top-ranked gap topics.")
@click.option("--variants", type=click.IntRange(min=1, max=1000), default=None,
              help="Variants per topic (default: schedule.variants_per_topic).")
@click.option("--seed", type=int, default=None, help="Variant seed (default: generate.seed).")
@common
def generate(state: State, topic: str | None, gap_count: int | None, variants: int | None,
             seed: int | None) -> None:
    """Render article variants, score them, store them as drafts."""
    from clinicseo import drafting, store

    if bool(topic) == bool(gap_count):
        raise click.UsageError("give exactly one of --topic TEXT or --gaps N")
    from clinicseo import gate

    config = load(state)
    n = variants or config.schedule.variants_per_topic
    copies: list[str] = []
    with database(config) as conn:
        if topic:
            with click.progressbar(length=n, label="scoring variants", file=sys.stderr,
                                   hidden=not is_terminal()) as bar:
                ids = drafting.draft_topic(conn, config, topic, n, seed=seed,
                                           on_variant=lambda: bar.update(1), skipped=copies)
        else:
            outcome = drafting.draft_gaps(conn, config, gap_count or 0, variants=n)
            ids = [i for batch in outcome.drafted.values() for i in batch]
            copies = outcome.copies
            for label, reason in outcome.skipped.items():
                click.echo(f"skipped topic {label!r}: {reason}", err=True)
            if not outcome.drafted and not outcome.skipped:
                click.echo("no gap topics without drafts: run `clinicseo crawl` first", err=True)
        for line in copies:
            click.echo(f"skipped {line}", err=True)
        stored = gate.annotate(conn, config, [store.get_draft(conn, i) for i in ids], now=now())
    if stored:
        from publisher import notify

        notify.drafts_awaiting_review(config, stored)  # logs only when no SMTP is configured
    rows = [_summary(d) for d in stored]
    from clinicseo.formats import table

    if rows:
        click.echo(table(rows, DRAFT_COLUMNS))
    good = sum(1 for r in rows if r["approvable"])
    skipped = f", {len(copies)} copies not stored" if copies else ""
    click.echo(f"{len(rows)} drafts stored, {good} approvable{skipped}")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--keyphrase", help="Focus keyphrase (enables the SEO checks).")
@click.option("--title", help="SEO title.")
@click.option("--description", help="Meta description.")
@click.option("--slug", help="URL slug.")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json",
              show_default=True)
@common
def score(state: State, files: tuple[str, ...], keyphrase: str | None, title: str | None,
          description: str | None, slug: str | None, fmt: str) -> None:
    """Score HTML, Markdown or text files without storing anything."""
    from clinicseo.config import config_path
    from clinicseo.formats import table, to_json
    from clinicseo.scoring import score_file

    # Scoring needs no config, but uses one when there is one (site URL, rule pack, targets).
    site_url, jurisdiction, thresholds = None, "AU", None
    if state.config_path or config_path(None).exists():
        config = load(state)
        site_url, jurisdiction = config.clinic.site_url, config.clinic.jurisdiction
        thresholds = config.scoring
    results = [score_file(Path(f), keyphrase=keyphrase, title=title, description=description,
                          slug=slug, site_url=site_url, jurisdiction=jurisdiction,
                          thresholds=thresholds) for f in files]
    if fmt == "json":
        click.echo(to_json(results))
    else:
        for r in results:
            if "error" in r:
                click.echo(f"{r['file']}: error: {r['error']}")
                continue
            verdict = "approvable" if r["approvable"] else "blocked: " + ", ".join(r["blocking"])
            click.echo(f"{r['file']}: readability {r['scores']['readability']}, "
                       f"SEO {r['scores']['seo']}, {verdict}")
            click.echo(table(r["checks"], ("id", "kind", "status", "value", "message")))
            click.echo("")
    bad = [r["file"] for r in results if "error" in r]
    if bad:
        raise InputError(f"could not score: {', '.join(bad)}")


@cli.command()
@click.option("--status", "state_filter", help="Only drafts in this state.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@common
def drafts(state: State, state_filter: str | None, fmt: str) -> None:
    """The drafts and their state."""
    from clinicseo import store
    from clinicseo.formats import table, to_json

    if state_filter and state_filter not in store.STATES:
        raise InputError(f"--status: expected one of {', '.join(store.STATES)}")
    from clinicseo import gate

    config = load(state)
    with database(config) as conn:
        rows = gate.annotate(conn, config, store.list_drafts(conn, state=state_filter), now=now())
    if fmt == "json":
        click.echo(to_json([_public_summary(r) for r in rows]))
    else:
        click.echo(table([_summary(r) for r in rows], DRAFT_COLUMNS))


@cli.command()
@click.argument("draft_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["json", "html"]), default="json",
              show_default=True)
@common
def show(state: State, draft_id: int, fmt: str) -> None:
    """One draft with its scores."""
    from clinicseo import gate, store
    from clinicseo.formats import to_json

    config = load(state)
    with database(config) as conn:
        (draft,) = gate.annotate(conn, config, [store.get_draft(conn, draft_id)], now=now())
    if fmt == "json":
        click.echo(to_json(public_draft(draft)))
    else:
        click.echo(_html_page(draft))


@cli.command()
@click.argument("draft_id", type=int)
@click.option("--by", required=True, help="Who approves.")
@click.option("--publish-at", help="ISO-8601 time (clinic's zone if none given); "
              "default: the next free publish slot.")
@click.option("--override", "override_reason",
              help="Approve despite blocking findings, with this reason (recorded); only "
              "with [review] two_person_override = false.")
@click.option("--expect-hash", help="The text hash you read (`show` prints it as text_hash): "
              "refused if the text has changed since.")
@common
def approve(state: State, draft_id: int, by: str, publish_at: str | None,
            override_reason: str | None, expect_hash: str | None) -> None:
    """Approve a draft (and schedule it)."""
    from clinicseo import workflow

    config = load(state)
    if override_reason and config.review.two_person_override:
        raise InputError(
            f"{config.path}: [review] two_person_override is on: who overrides cannot approve; "
            f"record it with `clinicseo override {draft_id} --by NAME --reason TEXT` and have "
            "someone else approve")
    when = workflow.parse_publish_at(publish_at, config) if publish_at else None
    with database(config) as conn:
        if override_reason:
            workflow.override(conn, draft_id, by=by, reason=override_reason,
                              expect_hash=expect_hash)
        draft = workflow.approve(conn, config, draft_id, by=by, now=now(), publish_at=when,
                                 expect_hash=expect_hash)
    from clinicseo.formats import clinic_time

    when_text = clinic_time(draft["publish_at"], config.tz)
    click.echo(f"draft {draft_id} approved by {by} (text {draft['approved_hash'][:12]}); "
               f"scheduled for {when_text}")


@cli.command()
@click.argument("draft_id", type=int)
@click.option("--by", required=True, help="Who rejects.")
@click.option("--reason", required=True, help="Why (shown in the draft's history).")
@click.option("--expect-hash", help="The text hash you read: refused if the text changed since.")
@common
def reject(state: State, draft_id: int, by: str, reason: str, expect_hash: str | None) -> None:
    """Reject a draft."""
    from clinicseo import workflow

    config = load(state)
    with database(config) as conn:
        d = workflow.reject(conn, draft_id, by=by, reason=reason, expect_hash=expect_hash)
    click.echo(f"draft {draft_id} rejected by {by} (text {d['text_hash'][:12]})")


@cli.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="report",
              show_default=True, help="Folder for report.html and drafts.csv.")
@common
def report(state: State, out_dir: str) -> None:
    """The SEO readability report: report.html and drafts.csv in DIR."""
    from clinicseo import gate, store
    from clinicseo.report import site_comparison, write_report

    config = load(state)
    with database(config) as conn:
        rows = gate.annotate(conn, config, store.list_drafts(conn, with_body=True), now=now())
        compare = site_comparison(conn)
    html_path, csv_path = write_report(rows, Path(out_dir), clinic_name=config.clinic.name,
                                       generated_at=now(), compare=compare)
    click.echo(f"report: {html_path}\ndrafts: {csv_path}")


@cli.command()
@click.option("--due", is_flag=True, help="Publish every scheduled draft whose time has come.")
@click.option("--draft", "draft_id", type=int, help="Publish this approved draft now.")
@click.option("--dry-run", is_flag=True, help="Say what would be published; send nothing.")
@common
def publish(state: State, due: bool, draft_id: int | None, dry_run: bool) -> None:
    """Publish now what is due (or one approved draft)."""
    from publisher.jobs import publish_draft, publish_due

    if due == (draft_id is not None):
        raise click.UsageError("give exactly one of --due or --draft ID")
    config = load(state)
    with database(config) as conn:
        if due:
            summary = publish_due(conn, config, now(), dry_run=dry_run)
        else:
            summary = publish_draft(conn, config, draft_id or 0, now(), dry_run=dry_run)
    for line in summary.lines():
        click.echo(line)
    if summary.failed:
        raise ClinicSeoError(f"{len(summary.failed)} publish(es) failed; see `clinicseo drafts "
                             "--status failed`")


LOG_LEVEL = click.option(
    "--log-level", type=click.Choice(["debug", "info", "warning", "error"]), default="info",
    show_default=True, help="Least severe log lines written to stderr.")  # fmt: skip


@cli.command()
@click.option("--once", is_flag=True, help="Run the jobs that are due once, then exit.")
@click.option("--status", "status_only", is_flag=True, help="Show next runs and last results.")
@LOG_LEVEL
@common
def scheduler(state: State, once: bool, status_only: bool, log_level: str) -> None:
    """The long-running service: crawls, drafting and publishing on the configured schedule."""
    from clinicseo.logs import setup_logging
    from publisher.scheduler import run_scheduler, scheduler_status

    config = load(state)
    if status_only:
        from clinicseo.formats import to_json

        with database(config) as conn:
            click.echo(to_json(scheduler_status(conn, config, now())))
        return
    setup_logging(config, log_level)
    code = run_scheduler(config, once=once)
    if code:
        raise ClinicSeoError("the scheduler stopped with errors; see its log")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64),
              help="Worker threads (waitress).")  # fmt: skip
@click.option("--dev", is_flag=True, help="Werkzeug's development server instead of waitress.")
@LOG_LEVEL
@common
def serve(state: State, host: str, port: int, threads: int, dev: bool, log_level: str) -> None:
    """The review web app for marketing staff (default 127.0.0.1:8000, on waitress)."""
    from clinicseo.logs import setup_logging
    from clinicseo.review import serve as serve_app

    config = load(state)
    setup_logging(config, log_level)
    with database(config):
        pass  # create or migrate before the first request
    serve_app(config, host, port, dev=dev, threads=threads)


@cli.group()
def users() -> None:
    """Review-app accounts."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["editor", "viewer", "clinician"]), default="editor",
              show_default=True, help="clinician: reads, and signs off medical content.")
@common
def users_add(state: State, name: str, role: str) -> None:
    """Add a review-app account; the password comes from a prompt or stdin."""
    from clinicseo.review.auth import add_user

    if sys.stdin.isatty():
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    config = load(state)
    with database(config) as conn:
        add_user(conn, name, password, role)
    click.echo(f"user {name} ({role}) ready")


# --- output helpers ---------------------------------------------------------------------------

PUBLIC_SUMMARY = ("id", "topic", "state", "title", "keyphrase", "scores", "approvable",
                  "reasons", "publish_at", "wordpress_id")
PUBLIC_DETAIL = ("seo_title", "slug", "meta_description", "excerpt", "html", "categories",
                 "tags", "jsonld", "checks", "blocking", "variant", "override_by",
                 "override_reason", "last_error", "wordpress_url",
                 # the hash to pass as --expect-hash, and what an approval/sign-off holds for
                 "text_hash", "approved_hash", "signoff_by", "signoff_at", "signoff_hash")


def _public_summary(d: dict[str, Any]) -> dict[str, Any]:
    return {k: d.get(k) for k in PUBLIC_SUMMARY}


def public_draft(d: dict[str, Any]) -> dict[str, Any]:
    """The contract's `show --format json` object."""
    out = _public_summary(d)
    out.update({k: d.get(k) for k in PUBLIC_DETAIL})
    out["history"] = [{k: h[k] for k in ("at", "by", "action", "note")} for h in d["history"]]
    return out


def _summary(d: dict[str, Any]) -> dict[str, Any]:
    scores = d.get("scores") or {}
    return {**d, "readability": scores.get("readability"), "seo": scores.get("seo")}


def _html_page(d: dict[str, Any]) -> str:
    from html import escape

    checks = "".join(
        f"<li class='{escape(c['status'])}'>{escape(c['id'])}: {escape(c['status'])} — "
        f"{escape(str(c.get('message', '')))}</li>" for c in d["checks"])
    reasons = "".join(f"<li>{escape(r['reason'])} Fix: {escape(r['fix'])}</li>"
                      for r in d.get("reasons") or [])
    ready = ("<p>Ready now.</p>" if d.get("approvable")
             else f"<p>Not ready:</p><ul>{reasons}</ul>")
    return (f"<!doctype html><html lang='en'><meta charset='utf-8'><title>{escape(d['title'])}"
            f"</title><article><h1>{escape(d['title'])}</h1>{d['html']}</article>"
            f"<section><h2>Readiness</h2>{ready}</section>"
            f"<section><h2>Scores</h2><p>readability {d['scores'].get('readability')}, SEO "
            f"{d['scores'].get('seo')}</p><ul>{checks}</ul></section>"
            f"<p>text_hash <code>{escape(d['text_hash'])}</code></p></html>")


def _register() -> None:
    from clinicseo.cli_evidence import evidence

    cli.add_command(evidence)


_register()


from clinicseo import cli_wordpress  # noqa: E402 - needs the helpers above

cli_wordpress.register(cli)  # wordpress check|import, unpublish


def main() -> None:
    """Console entry point: run the CLI and translate errors once."""
    state = State()
    try:
        cli.main(standalone_mode=False, obj=state)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except ClinicSeoError as exc:
        if state.debug:
            raise
        from clinicseo.untrusted import terminal_text

        click.echo(f"clinicseo: {terminal_text(str(exc))}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # the last line of defence: one line, not a traceback
        if state.debug:
            raise
        click.echo(f"clinicseo: unexpected error: {type(exc).__name__}: {exc} "
                   "(run with --debug for the traceback)", err=True)
        sys.exit(1)


# Commands with their own module, registered on `cli` when it is imported (kept last: they
# import this module's helpers).
from clinicseo import cli_review as _cli_review  # noqa: E402, F401
from clinicseo import cli_users as _cli_users  # noqa: E402, F401
from clinicseo import cli_writing as _cli_writing  # noqa: E402, F401
