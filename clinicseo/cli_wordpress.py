"""`clinicseo wordpress check|import` and `clinicseo unpublish`: the site, and a post's life
after it went live. Registered on the main group by :func:`register`."""

from __future__ import annotations

import click

from clinicseo.cli import State, common, database, load, now
from clinicseo.errors import ClinicSeoError


@click.group()
def wordpress() -> None:
    """The clinic's WordPress site: preflight check and import of its posts."""


@wordpress.command("check")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@common
def wordpress_check(state: State, fmt: str) -> None:
    """Preflight: API, credentials, role and capabilities, SEO plugin, time zone, and what a
    publish would lose (exit 1 if anything)."""
    from publisher.preflight import check_site

    check = check_site(load(state))
    if fmt == "json":
        from clinicseo.formats import to_json

        click.echo(to_json(check.to_dict()))
    else:
        for line in check.lines():
            click.echo(line)
    if check.loses_anything:
        raise ClinicSeoError("a publish to this site would lose something (see above)")


@wordpress.command("import")
@common
def wordpress_import(state: State) -> None:
    """Read the site's existing posts into the store (read-only) for uniqueness, keyphrase
    clashes, gaps and links."""
    from publisher.blog_import import import_posts

    config = load(state)
    with database(config) as conn:
        count = import_posts(conn, config)
    click.echo(f"imported {count} post(s) from {config.wordpress.url}")


@click.command()
@click.argument("draft_id", type=int)
@click.option("--by", required=True, help="Who takes it down.")
@click.option("--reason", required=True, help="Why (kept in the history and the evidence).")
@click.option("--to", "to_status", type=click.Choice(["draft", "private"]), default="draft",
              show_default=True, help="What the WordPress post becomes.")
@common
def unpublish(state: State, draft_id: int, by: str, reason: str, to_status: str) -> None:
    """Take a live post down at once; state `withdrawn`; its keyphrase is released."""
    from publisher.lifecycle import unpublish as take_down

    config = load(state)
    with database(config) as conn:
        draft = take_down(conn, config, draft_id, by=by, reason=reason, to=to_status, now=now())
    click.echo(f"draft {draft_id} withdrawn: WordPress post {draft['wordpress_id']} is now "
               f"{to_status}")


def register(cli: click.Group) -> None:
    cli.add_command(wordpress)
    cli.add_command(unpublish)
