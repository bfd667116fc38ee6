"""Commands of monitoring: watch add, watch run, watch report."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from tracker.cli.options import as_of_option, db_option, echo, format_option, output_option
from tracker.errors import InputError
from tracker.lists.store import Store, db_path
from tracker.outputs import check_output
from tracker.render import plural, printable
from tracker.serve import watch as monitoring
from tracker.serve.state import utc_now


def moment(as_of: dt.datetime | None) -> dt.datetime:
    """A run's time: the start of --as-of (UTC), else now (the one place the clock is read)."""
    if as_of is None:
        return utc_now()
    return dt.datetime.combine(as_of.date(), dt.time(0), dt.UTC)


def said(ran: monitoring.Ran) -> None:
    click.echo(ran.line())
    for hit in ran.changes:
        click.echo(
            f"  {hit.change}: {printable(hit.query)} {printable(hit.query_name)!r} ~ "
            f"{hit.source} {printable(hit.entry_id)} {printable(hit.entry_name)} "
            f"{hit.score} {hit.band}"
        )


@click.group(name="watch")
def watch() -> None:
    """Ongoing monitoring: a saved file of queries screened again after every import, with
    only what is new since its last run raised (a hit on an entry the last run did not hit,
    on an entry that changed, or a cleared hit an entry's change reopened)."""


@watch.command(name="add")
@click.argument("name")
@click.argument("queries", type=click.Path(path_type=Path))
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Read a column of QUERIES with another header as this field (repeatable).",
)
@db_option
@as_of_option
def add(
    name: str, queries: Path, mapping: tuple[str, ...], db: Path | None, as_of: dt.datetime | None
) -> None:
    """Save the queries of a file (.csv, .xlsx or .ods, as `tracker screen` reads them) as the
    watch NAME (replacing its queries if it exists), and screen them once: the first run
    raises every hit. Exit code 1 when something is new."""
    ran = monitoring.add(db_path(db), name, queries, mapping, moment(as_of))
    said(ran)
    sys.exit(1 if ran.changes else 0)


@watch.command(name="run")
@click.argument("name", required=False)
@db_option
@as_of_option
def run(name: str | None, db: Path | None, as_of: dt.datetime | None) -> None:
    """Screen the watch NAME (default: every watch) against the latest lists, and say what is
    new since its last run (`tracker import` does this after each new snapshot). Exit code 1
    when something is new."""
    path = db_path(db)
    when = moment(as_of)
    runs = [monitoring.run(path, name, when)] if name else monitoring.run_all(path, when)
    if not runs:
        click.echo("no watch: `tracker watch add NAME FILE` saves one")
    for ran in runs:
        said(ran)
    sys.exit(1 if any(r.changes for r in runs) else 0)


@watch.command(name="report")
@click.argument("name")
@output_option("Write the changes as a workbook (.xlsx: Summary, Changes) instead.")
@format_option(("text", "json"))
@db_option
def report(name: str, output: Path | None, fmt: str, db: Path | None) -> None:
    """What the latest run of the watch NAME found that is new."""
    path = db_path(db)
    if output is not None:
        check_output(output, (".xlsx",), [path], "output")
    with Store(path) as store:
        found = monitoring.changes(store, name)
    if found is None:
        raise InputError(f"no watch named {name!r}: `tracker watch add {name} FILE`")
    if output is not None:
        count = monitoring.write_report(found, output)
        click.echo(f"wrote {output}: {plural(count, 'change')} of watch {name} run {found.run}")
    elif fmt == "json":
        echo(json.dumps(found.model_dump(), indent=1, ensure_ascii=False) + "\n")
    else:
        click.echo(f"watch {name} run {found.run} at {found.ran_at}: {len(found.changes):,} new")
        for c in found.changes:
            click.echo(
                f"  {c.change}: {printable(c.query)} {printable(c.query_name)!r} ~ {c.dataset} "
                f"{printable(c.entry_id)} {printable(c.entry_name)} {c.score:.4f} {c.band}"
            )


COMMANDS = (watch,)
