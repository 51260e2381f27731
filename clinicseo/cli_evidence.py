"""`clinicseo evidence (ID | --all) --out DIR`: the regulator evidence pack (HTML + JSON)."""

from __future__ import annotations

from pathlib import Path

import click

from clinicseo.cli import State, common, database, load, now
from clinicseo.errors import InputError


@click.command()
@click.argument("draft_id", type=int, required=False)
@click.option("--all", "all_published", is_flag=True, help="Every published post.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for draft-<id>.json and draft-<id>.html.")  # fmt: skip
@common
def evidence(state: State, draft_id: int | None, all_published: bool, out_dir: str) -> None:
    """Write the evidence a regulator would ask for: text versions and hashes, findings
    with the rule-pack version, overrides, approvals, what went to WordPress and when."""
    from clinicseo import evidence as ev
    from clinicseo.store import iso

    if (draft_id is None) == (not all_published):
        raise InputError("give a draft ID or --all (not both)")
    config = load(state)
    stamp = iso(now())
    with database(config) as conn:
        ids = ev.published_ids(conn) if all_published else [int(draft_id or 0)]
        written = [ev.write(ev.pack(conn, i, generated_at=stamp), Path(out_dir)) for i in ids]
    for json_path, html_path in written:
        click.echo(f"evidence: {html_path} {json_path}")
    if not written:
        click.echo("evidence: no published posts")
