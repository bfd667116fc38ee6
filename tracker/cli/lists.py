"""Commands on the official lists: import, lists, diff, export."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from tracker import api
from tracker.cli.options import (
    DATA,
    SNAPSHOT_ID,
    as_of_option,
    db_option,
    echo,
    format_option,
    output_option,
    run_date,
    shown_prefix,
    strict_option,
)
from tracker.cli.watch import moment
from tracker.ftm.entity import write_entities
from tracker.ftm.records import dataset_entities
from tracker.lists.diff import diff as diff_snapshots
from tracker.lists.export import EXPORT_FORMATS, SUFFIXES, write_snapshot
from tracker.lists.importers.registry import NAMES, files_help
from tracker.lists.ingest import Batch, list_files
from tracker.lists.render import render_diff, snapshots_document, snapshots_text
from tracker.lists.store import WAIT_SECONDS, Store, db_path
from tracker.outputs import atomic_output, check_output
from tracker.problems import Problem
from tracker.render import (
    for_terminal,
    printable,
    render,
)
from tracker.report.diff_book import write_diff_workbook
from tracker.serve import watch


@click.command(name="import", epilog="\b\nSources:\n" + files_help())
@click.argument("source", type=click.Choice(NAMES))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@as_of_option
@strict_option
@format_option()
@click.option(
    "--wait",
    type=click.FloatRange(0, 3600),
    default=WAIT_SECONDS,
    show_default=True,
    help="Seconds to wait for a store that another import is writing.",
)
@click.option(
    "--no-index",
    is_flag=True,
    help="Do not build the snapshot's screening index now (`tracker index` builds it later).",
)
def import_(
    source: str,
    paths: tuple[Path, ...],
    db: Path | None,
    as_of: dt.datetime | None,
    strict: bool,
    fmt: str,
    wait: float,
    no_index: bool,
) -> None:
    """Import an official list's files as a new snapshot of SOURCE (the sources and their
    files are listed below).

    One transaction: a file that fails, or an import that is interrupted, leaves the store as
    it was. Importing files already imported adds nothing and says so. Invalid IMO numbers and
    unknown entry types are kept and reported as warnings. The new snapshot's screening index
    is built after it is stored (its own transaction; see `tracker index`).
    """
    day = run_date(as_of)
    list_files(paths)  # a wrong path creates no store
    with Store(db_path(db), "w", wait) as store:
        progress = progress_bar if sys.stderr.isatty() and fmt == "text" else iter
        result = api.import_files(store, source, paths, day, progress, index=not no_index)
    # the watches are screened again against the new snapshot (tracker watch)
    watched = watch.run_all(db_path(db), moment(as_of)) if result.new and not no_index else []
    line = result.line()
    summary = result.summary() | {
        "watches": [{"watch": r.watch, "run": r.run, "new": len(r.changes)} for r in watched],
    }
    if fmt == "text":
        click.echo(line)
        for problem in result.problems.sorted():
            click.echo(f"warning: {import_line(problem)}")
        for code, count in result.problems.not_listed_by_code().items():
            click.echo(f"warning: ... {count:,} more {code} not listed")
        for ran in watched:
            click.echo(ran.line())
    else:
        echo(render(result.problems, fmt, summary, line))
    sys.exit(result.exit_code(strict))


def import_line(problem: Problem) -> str:
    entry = f"entry {printable(problem.record)}: " if problem.record else ""
    return f"{entry}{printable(problem.message)} ({problem.code})"


def progress_bar(batches: Iterable[Batch]) -> Iterator[Batch]:
    """A progress line on stderr for long imports: entries so far (the total is not known
    before the files are read)."""
    done = 0

    def shown(batch: Batch | None) -> str:
        return f"{done:,} entries" if batch is not None else ""

    with click.progressbar(
        batches, label="importing", file=sys.stderr, item_show_func=shown
    ) as bar:
        for batch in bar:
            done += len(batch.rows)
            yield batch


@click.command(name="lists")
@db_option
@format_option(("text", "json"))
def lists_(db: Path | None, fmt: str) -> None:
    """List the snapshots in the store, in the order of each list's own date, with their entry
    counts by type."""
    with Store(db_path(db)) as store:
        snapshots = store.snapshots()
    if fmt == "json":
        echo(json.dumps(snapshots_document(snapshots), indent=1, ensure_ascii=False) + "\n")
    else:
        echo(snapshots_text(snapshots))


@click.command(name="diff")
@click.argument("source", type=click.Choice(NAMES))
@click.option("--from", "before", type=SNAPSHOT_ID, help="Snapshot id to compare from.")
@click.option("--to", "after", type=SNAPSHOT_ID, help="Snapshot id to compare to.")
@format_option()
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Entries listed per section in text output (0: all).",
)
@click.option(
    "--xlsx",
    type=click.Path(path_type=Path),
    help="Also write the diff as an Excel workbook (.xlsx).",
)
@db_option
def diff_(
    source: str,
    before: int | None,
    after: int | None,
    fmt: str,
    limit: int,
    xlsx: Path | None,
    db: Path | None,
) -> None:
    """What changed between two snapshots of SOURCE (default: its last two, by the list's
    own date): entries added, removed and changed, field by field, with counts by type and
    program."""
    path = db_path(db)
    if xlsx is not None:
        check_output(xlsx, (".xlsx",), [path], "--xlsx")
    with Store(path) as store:
        result = diff_snapshots(store, source, before, after)
    if xlsx is not None:
        write_diff_workbook(result, xlsx)
    echo(render_diff(result, fmt, limit))


@click.command(name="export")
@click.argument("source", type=click.Choice(NAMES))
@click.option("--snapshot", "snapshot_id", type=SNAPSHOT_ID, help="Snapshot id (default: latest).")
@format_option(
    EXPORT_FORMATS,
    default="json",
    help="json or csv: the entries' fields; ftm: FollowTheMoney entities, JSON lines.",
)
@output_option("File to write, its extension matching --format (default: standard output).")
@db_option
def export(
    source: str, snapshot_id: int | None, fmt: str, output: Path | None, db: Path | None
) -> None:
    """Write every field of the normalised entries of a snapshot: as JSON, CSV, or
    FollowTheMoney entities (ftm: JSON lines, each entry with a Sanction entity and its
    relationships to other entries; ids are the source and the entry id)."""
    path = db_path(db)
    if output is not None:
        check_output(output, SUFFIXES[fmt], [path], "output")
    with Store(path) as store:
        snapshot = store.snapshot_of(source, snapshot_id)
        if output is None:
            write_snapshot(store, snapshot, fmt, for_terminal(sys.stdout))
            return
        with atomic_output(output) as temp, temp.open("w", encoding="utf-8", newline="") as out:
            count = write_snapshot(store, snapshot, fmt, out)
    click.echo(f"wrote {output}: {count:,} entries of {source} snapshot {snapshot.id}", err=True)


@click.command(name="export-data")
@DATA
@format_option(("ftm",), default="ftm", help="ftm: FollowTheMoney entities, JSON lines.")
@output_option("File to write (.json, .jsonl or .ftm; default: standard output).")
def export_data(data: Path, fmt: str, output: Path | None) -> None:
    """Write the curated records of DATA as FollowTheMoney entities, for OpenSanctions, Aleph
    or yente: sources as Articles (with their text), authorities as PublicBodies, designations
    as Person/Organization/Vessel with a Sanction, actions, revisions, claims and events as
    Events, officials as Persons. Each cites its Article (proof) and its quote (summary).
    Nothing is written when DATA has errors: `tracker validate` shows them."""
    if output is not None:
        check_output(output, SUFFIXES[fmt], [data], "output")
    result = api.validate(api.load(data))
    if result.problems.errors:
        echo(
            render(result.problems, "text", result.summary(), result.line(), shown_prefix(data)),
            sys.stderr,
        )
        click.echo("nothing written: DATA has errors", err=True)
        sys.exit(1)
    entities = dataset_entities(result.dataset)
    if output is None:
        write_entities(entities, for_terminal(sys.stdout))
        return
    with atomic_output(output) as temp, temp.open("w", encoding="utf-8", newline="") as out:
        count = write_entities(entities, out)
    click.echo(
        f"wrote {output}: {count:,} entities from {result.dataset.record_count:,} records", err=True
    )


COMMANDS = (
    import_,
    lists_,
    diff_,
    export,
    export_data,
)
