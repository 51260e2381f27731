"""`clinicseo brief`, `import` and `library`: the commands for articles people write and for
the clinic's own template library. Registered on the main group by clinicseo.cli."""

from __future__ import annotations

from pathlib import Path

import click

from clinicseo.cli import State, cli, common, database, load


@cli.command()
@click.argument("topic")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "docx"]), default="md",
              show_default=True, help="Markdown, a self-contained HTML page, or Word.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (required for docx; default: standard output).")
@common
def brief(state: State, topic: str, fmt: str, out_file: str | None) -> None:
    """A content brief for a human writer: keyphrase, what competitors cover, length,
    outline, questions, the health-advertising rules, internal links and sources."""
    from clinicseo.briefs import build_brief, render_brief, write_docx

    if fmt == "docx" and not out_file:
        raise click.UsageError("--format docx needs --out FILE")
    config = load(state)
    with database(config) as conn:
        made = build_brief(conn, config, topic)
    if fmt == "docx":
        write_docx(made, Path(out_file or ""))
    elif out_file:
        Path(out_file).write_text(render_brief(made, fmt), encoding="utf-8")
    else:
        from clinicseo.untrusted import terminal_text

        # competitors' headings and questions: escape sequences shown, not obeyed
        click.echo(terminal_text(render_brief(made, fmt)), nl=False)
    if out_file:
        click.echo(f"brief for {made.topic!r} written to {out_file}", err=True)


@cli.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--topic", required=True, help="The topic the articles are about.")
@click.option("--keyphrase", help="Focus keyphrase (default: the topic's words).")
@click.option("--by", required=True, help="Who wrote or brings in the articles.")
@common
def import_(state: State, files: tuple[str, ...], topic: str, keyphrase: str | None,
            by: str) -> None:
    """Bring Markdown, HTML or .docx articles in as drafts, scored like generated ones."""
    from clinicseo import gate, store
    from clinicseo.cli import DRAFT_COLUMNS, _summary, now
    from clinicseo.formats import table
    from clinicseo.importing import import_files

    config = load(state)
    with database(config) as conn:
        ids, notes = import_files(conn, config, [Path(f) for f in files], topic=topic,
                                  keyphrase=keyphrase, by=by)
        # "approvable" is the publish gate's answer now, not the flag stored with the scores
        stored = gate.annotate(conn, config, [store.get_draft(conn, i) for i in ids], now=now())
    for note in notes:
        click.echo(f"note: {note}", err=True)
    click.echo(table([_summary(d) for d in stored], DRAFT_COLUMNS))
    good = sum(1 for d in stored if d["approvable"])
    click.echo(f"{len(stored)} drafts imported, {good} approvable")


@cli.group()
def library() -> None:
    """The clinic's own template library: start one, and check one before it is used."""


@library.command(name="init")
@click.argument("target", type=click.Path(file_okay=False))
@common
def library_init(state: State, target: str) -> None:
    """Copy the built-in template library to TARGET to make it the clinic's own, with a
    starter topic vocabulary (vocabulary.toml) beside it."""
    from clinicseo.library_check import VOCABULARY_NAME, init_library

    made = init_library(Path(target))
    click.echo(f"template library copied to {made}; set [generate] templates_dir = "
               f'"{made}" in the config to use it, and run `clinicseo library check` after '
               "each change")
    click.echo(f"topic vocabulary written to {made / VOCABULARY_NAME}; set [topics] "
               f'vocabulary = "{made / VOCABULARY_NAME}" to group topics your way')


@library.command(name="check")
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@common
def library_check(state: State, folder: str | None) -> None:
    """Render every section alternative of a library (default: the configured one) and
    report template errors, health-claims findings, readability and overlap. Exit 1 on
    any problem."""
    from clinicseo.library_check import check_library, format_report

    config = load(state)
    root = Path(folder) if folder else Path(config.generate.templates_dir) \
        if config.generate.templates_dir else None
    report = check_library(root, config)
    click.echo(format_report(report))
    if not report.ok:
        raise SystemExit(1)
