"""Review commands beyond approve and reject: edit, override, sign-off, text versions and
restore, reschedule and unschedule, and the doctor that finds what a crash could leave.

Each is a thin call into :mod:`clinicseo.workflow`, the same calls the review app makes, so
the CLI and the app enforce one set of rules. Commands that act on what a person read take
``--expect-hash HASH`` (the ``text_hash`` that ``clinicseo show ID`` prints): when the draft's
text has changed since, nothing is done and one line says so. Registered on the ``clinicseo``
group by the import at the end of :mod:`clinicseo.cli`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from clinicseo.cli import State, cli, common, database, load, now
from clinicseo.errors import InputError

expect_hash_option = click.option(
    "--expect-hash",
    help="The text hash you read (`clinicseo show ID` prints it as "
    "text_hash): refused if the text has changed since.",
)


@cli.command()
@click.argument("draft_id", type=int)
@click.option("--by", required=True, help="Who edits.")
@click.option("--title", help="New title (plain text).")
@click.option("--seo-title", help="New SEO title.")
@click.option("--slug", help="New URL slug.")
@click.option("--meta-description", help="New meta description.")
@click.option(
    "--body-file",
    type=click.Path(dir_okay=False, exists=True),
    help="New body: an HTML file (or Markdown, .md).",
)
@expect_hash_option
@common
def edit(
    state: State,
    draft_id: int,
    by: str,
    title: str | None,
    seo_title: str | None,
    slug: str | None,
    meta_description: str | None,
    body_file: str | None,
    expect_hash: str | None,
) -> None:
    """Change a draft as the app does: sanitised, validated, re-scored; an approval is
    withdrawn."""
    from clinicseo import workflow

    changes: dict[str, Any] = {
        k: v
        for k, v in (
            ("title", title),
            ("seo_title", seo_title),
            ("slug", slug),
            ("meta_description", meta_description),
        )
        if v is not None
    }
    if body_file:
        changes["html"] = _read_body(Path(body_file))
    if not changes:
        raise click.UsageError(
            "nothing to change: give --title, --seo-title, --slug, "
            "--meta-description or --body-file"
        )
    config = load(state)
    with database(config) as conn:
        from clinicseo import store

        before = store.get_draft(conn, draft_id)
        after = workflow.edit(conn, config, draft_id, changes, by=by, expect_hash=expect_hash)
    if after["text_hash"] == before["text_hash"]:
        click.echo(f"draft {draft_id}: nothing changed")
        return
    scores = after["scores"]
    line = (
        f"draft {draft_id} edited by {by} (text {before['text_hash'][:12]} -> "
        f"{after['text_hash'][:12]}): readability {scores.get('readability')}, "
        f"SEO {scores.get('seo')}; text_hash {after['text_hash']}"
    )
    if before["state"] != after["state"]:
        line += f"; it was {before['state']}, so the approval is withdrawn: it needs a new one"
    click.echo(line)


def _read_body(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"--body-file {path}: cannot read it as UTF-8 text ({exc})") from None
    if path.suffix.lower() in (".md", ".markdown"):
        import markdown

        text = markdown.markdown(text)
    if not text.strip():
        raise InputError(f"--body-file {path}: the file is empty")
    return text


@cli.command()
@click.argument("draft_id", type=int)
@click.option("--by", required=True, help="Who overrides (then someone else approves).")
@click.option("--reason", required=True, help="Why the text is acceptable as it is.")
@expect_hash_option
@common
def override(state: State, draft_id: int, by: str, reason: str, expect_hash: str | None) -> None:
    """Accept a draft's blocking findings with a reason on record."""
    from clinicseo import workflow

    config = load(state)
    with database(config) as conn:
        d = workflow.override(conn, draft_id, by=by, reason=reason, expect_hash=expect_hash)
    who = "someone else" if config.review.two_person_override else "a reviewer"
    click.echo(
        f"draft {draft_id}: override by {by} recorded for text {d['text_hash'][:12]}; "
        f"{who} can now approve it"
    )


@cli.command("sign-off")
@click.argument("draft_id", type=int)
@click.option("--by", required=True, help="The clinician (an account with --role clinician).")
@click.option("--note", default="", help="What was checked (shown in the history).")
@expect_hash_option
@common
def sign_off(state: State, draft_id: int, by: str, note: str, expect_hash: str | None) -> None:
    """A clinician signs off a draft's medical content (for its current text)."""
    from clinicseo import workflow

    config = load(state)
    with database(config) as conn:
        d = workflow.sign_off(conn, draft_id, by=by, note=note, expect_hash=expect_hash)
    click.echo(f"draft {draft_id}: medical content signed off by {by} for text {d['signoff_hash']}")


@cli.command()
@click.argument("draft_id", type=int)
@click.option("--show", "version", help="Print this version (its text hash) in full.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@common
def versions(state: State, draft_id: int, version: str | None, fmt: str) -> None:
    """Every text a draft has had; --show HASH prints one."""
    from clinicseo import store
    from clinicseo.formats import table, to_json

    config = load(state)
    with database(config) as conn:
        current = store.get_draft(conn, draft_id)["text_hash"]
        if version:
            click.echo(to_json(_public_version(store.get_version(conn, draft_id, version))))
            return
        rows = store.draft_versions(conn, draft_id)
    if fmt == "json":
        click.echo(to_json([_public_version(v) for v in rows]))
        return
    from clinicseo.formats import clinic_time

    click.echo(
        table(
            [
                {
                    "text_hash": v["text_hash"][: store.HASH_PREFIX],
                    "current": "*" if v["text_hash"] == current else "",
                    "at": clinic_time(v["at"], config.tz),
                    "by": v["by"],
                    "title": v["title"],
                }
                for v in rows
            ],
            ("text_hash", "current", "at", "by", "title"),
        )
    )


def _public_version(v: dict[str, Any]) -> dict[str, Any]:
    from clinicseo import store

    return {k: v[k] for k in ("text_hash", *store.DRAFT_TEXT_FIELDS, "by", "at")}


@cli.command()
@click.argument("draft_id", type=int)
@click.argument("version")
@click.option("--by", required=True, help="Who restores.")
@expect_hash_option
@common
def restore(state: State, draft_id: int, version: str, by: str, expect_hash: str | None) -> None:
    """Bring back an earlier text (a hash from `versions`): re-scored, approval withdrawn."""
    from clinicseo import workflow

    config = load(state)
    with database(config) as conn:
        d = workflow.restore(conn, config, draft_id, version, by=by, expect_hash=expect_hash)
    click.echo(f"draft {draft_id} is back to text {d['text_hash']} ({d['state']})")


@cli.command()
@click.argument("draft_id", type=int)
@click.option("--by", required=True, help="Who moves it.")
@click.option("--publish-at", help="ISO-8601 time (clinic's zone if none given).")
@click.option("--next-slot", is_flag=True, help="The first configured slot no post holds.")
@common
def reschedule(
    state: State, draft_id: int, by: str, publish_at: str | None, next_slot: bool
) -> None:
    """Move a scheduled draft; the approval holds."""
    from clinicseo import workflow
    from clinicseo.formats import clinic_time

    if bool(publish_at) == next_slot:
        raise click.UsageError("give exactly one of --publish-at ISO-8601 or --next-slot")
    config = load(state)
    when = workflow.parse_publish_at(publish_at, config) if publish_at else None
    with database(config) as conn:
        d = workflow.reschedule(
            conn, config, draft_id, by=by, now=now(), publish_at=when, next_slot=next_slot
        )
    click.echo(
        f"draft {draft_id} rescheduled by {by} for "
        f"{clinic_time(d['publish_at'], config.tz)}; still approved"
    )


@cli.command()
@click.argument("draft_id", type=int)
@click.option("--by", required=True, help="Who takes it off the calendar.")
@common
def unschedule(state: State, draft_id: int, by: str) -> None:
    """Take a scheduled draft off the calendar; it stays approved."""
    from clinicseo import workflow

    config = load(state)
    with database(config) as conn:
        workflow.unschedule(conn, config, draft_id, by=by)
    click.echo(
        f"draft {draft_id} taken off the calendar by {by}; still approved "
        f"(`clinicseo reschedule {draft_id} --by NAME --next-slot` puts it back)"
    )


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@common
def doctor(state: State, fmt: str) -> None:
    """What a crash could leave (approved without a slot, a stale approval, a stuck or
    overdue publish, shared slots or keyphrases), with the command that fixes each."""
    from clinicseo import doctor as checks
    from clinicseo.errors import ClinicSeoError
    from clinicseo.formats import to_json

    config = load(state)
    with database(config) as conn:
        found = checks.examine(conn, config, now())
    if fmt == "json":
        click.echo(to_json(checks.as_dicts(found)))
    elif found:
        for p in found:  # whole lines, not a table: the fix is a command to copy
            click.echo(f"draft {p.draft_id} ({p.state}): {p.problem}\n  fix: {p.fix}")
    else:
        click.echo("nothing to fix: every approved draft is on the calendar for its own text")
    if found:
        raise ClinicSeoError(f"{len(found)} problem(s) need a person; each row names the fix")
