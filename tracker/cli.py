"""Thin click commands: parse options, call the library (``tracker/__init__.py``), print,
pick the exit code.

Exit codes: 0 done with no errors (warnings allowed unless --strict), 1 the data has errors
(or a screening hit, or warnings under --strict), 2 usage or I/O error, or interrupted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click

from tracker import api, codes
from tracker.checks import RULES
from tracker.convert import convert, read_folder, write_new_folder
from tracker.diff import diff as diff_snapshots
from tracker.diff import lists_overview
from tracker.errors import InputError
from tracker.export import EXPORT_FORMATS, SUFFIXES, write_snapshot
from tracker.extract.draft import build as build_draft
from tracker.extract.draft import read_texts
from tracker.extract.output import render as render_proposals
from tracker.fields import SLUG_RE as SLUG
from tracker.ftm import dataset_entities, write_entities
from tracker.importers.registry import NAMES, files_help
from tracker.ingest import Batch, import_files
from tracker.outputs import atomic_output, check_output, write_text
from tracker.problems import Problem, Problems
from tracker.render import (
    FORMATS,
    counts_line,
    counts_text,
    csv_text,
    plural,
    printable,
    render,
    render_diff,
    snapshots_document,
    snapshots_text,
    text_line,
)
from tracker.report import PAPERS, ReportOptions, write_report
from tracker.report.diff_book import write_diff_workbook
from tracker.report.template import write_template
from tracker.schema import write_schemas
from tracker.screening.decisions import Decision, read_decisions
from tracker.screening.index import build_index
from tracker.screening.output import header as header_line
from tracker.screening.output import pairs_csv
from tracker.screening.output import render as render_screening
from tracker.screening.output import write as write_screening
from tracker.screening.pairs import score_pairs
from tracker.screening.queries import one_query, parse_map, read_queries
from tracker.screening.score import ALGORITHM_ID, MATCH, REVIEW
from tracker.screening.screen import ENGINES, latest_snapshots
from tracker.screening.screen import run as run_screening
from tracker.store import WAIT_SECONDS, Store, db_path, optional_store

F = TypeVar("F", bound=Callable[..., Any])
SNAPSHOT_ID = click.IntRange(1, 2**63 - 1)


class Tracker(click.Group):
    """Every command's unusable input, interrupt or closed pipe ends in one line and exit 2."""

    def invoke(self, ctx: click.Context) -> Any:
        for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a character
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="backslashreplace")
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.echo(f"error: {printable(exc)}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("interrupted: nothing was written or changed", err=True)
            ctx.exit(2)
        except BrokenPipeError:  # the reader of our output went away (`| head`)
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more reaches the pipe
            ctx.exit(2)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # usage errors and exits: click reports them (exit 2 for usage)
        except Exception as exc:  # a bug of ours: one line, not a traceback, unless asked
            if os.environ.get("TRACKER_DEBUG"):
                raise
            click.echo(
                f"error: internal error ({type(exc).__name__}: {printable(exc)}); nothing was "
                "written. Please report it with the command; TRACKER_DEBUG=1 shows the details",
                err=True,
            )
            ctx.exit(2)


def format_option(
    choices: Iterable[str] = FORMATS,
    default: str = "text",
    help: str = "Output format: text for people, json or csv for programs.",
) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help=help,
    )


def strict_option(func: F) -> F:
    return click.option(
        "--strict", is_flag=True, help="Treat warnings as errors (exit 1 when there are any)."
    )(func)


def as_of_option(func: F) -> F:
    return click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="The run's date (YYYY-MM-DD): no date in the data may be later. Default: today, "
        "printed in the output.",
    )(func)


def db_option(func: F) -> F:
    return click.option(
        "--db",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="The store of official lists (SQLite). Default: $TRACKER_DB, else tracker.db here.",
    )(func)


DATA = click.argument("data", default="data", type=click.Path(path_type=Path), metavar="[DATA]")


def shown_prefix(data: Path) -> str:
    """What problems' places are printed after: the dataset folder, or a workbook's folder."""
    folder = data if data.is_dir() else data.parent
    return "" if folder == Path() else f"{folder}/"


def run_date(as_of: dt.datetime | None) -> dt.date:
    """--as-of, else today (the one place the clock is read; the output prints the date)."""
    return as_of.date() if as_of else dt.date.today()


def echo(text: str, stream: TextIO | None = None) -> None:
    click.echo(text, nl=False, file=stream)


@click.group(cls=Tracker, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tracker")
def main() -> None:
    """Sanctions and export-control tracker.

    Keeps facts from announcements and news (sanctions actions, export-control list revisions,
    quantitative claims, events, officials) as typed CSV records, each quoting its source;
    validates them, checks their arithmetic and consistency, and writes Excel reports.
    Imports official sanctions lists into a local store, with every version kept.
    """


# --- the dataset --------------------------------------------------------------------------------


@main.command()
@DATA
@format_option()
@strict_option
def validate(data: Path, fmt: str, strict: bool) -> None:
    """Validate every record of DATA (default: data/): types, identifiers, vocabularies,
    required fields, unique ids and references between files."""
    result = api.validate(api.load(data))
    echo(render(result.problems, fmt, result.summary(), result.line(), prefix=shown_prefix(data)))
    sys.exit(result.exit_code(strict))


@main.command()
@DATA
@click.option(
    "--rule",
    "rules",
    multiple=True,
    type=click.Choice(list(RULES)),
    metavar="ID",
    help="Run only this rule (repeatable); `tracker rules` lists them. Default: all.",
)
@as_of_option
@format_option()
@strict_option
@db_option
def check(
    data: Path,
    rules: tuple[str, ...],
    as_of: dt.datetime | None,
    fmt: str,
    strict: bool,
    db: Path | None,
) -> None:
    """Validate DATA, then run the reconciliation rules on what loaded: arithmetic of
    revisions and stated counts, claim series, weekdays, names, quotes, duplicates, dates; and,
    with a store of official lists (--db), announced actions against what the lists added."""
    store = optional_store(db)
    result = api.check(api.load(data), run_date(as_of), rules, store)
    echo(
        render(
            result.problems,
            fmt,
            result.summary(),
            result.line(),
            prefix=shown_prefix(data),
            group_by_rule=True,
        )
    )
    sys.exit(result.exit_code(strict))


@main.command()
@DATA
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("tracker-report.xlsx"),
    show_default=True,
    help="The workbook to write (.xlsx); replaced atomically, never an input or the store.",
)
@as_of_option
@strict_option
@db_option
@click.option(
    "--paper",
    type=click.Choice(sorted(PAPERS)),
    default="a4",
    show_default=True,
    help="Paper size of every sheet when printed.",
)
@click.option(
    "--marking",
    metavar="TEXT",
    help='A protective marking printed at the top and bottom of every page, e.g. "OFFICIAL".',
)
def report(
    data: Path,
    output: Path,
    as_of: dt.datetime | None,
    strict: bool,
    db: Path | None,
    paper: str,
    marking: str | None,
) -> None:
    """Load, validate and check DATA, then write the Excel report for policy staff.

    The workbook is written even when the data has findings (they fill its Checks sheet); the
    exit code is the one `tracker check` would give. Its formulas stay live in Excel and
    LibreOffice: edit a number and the status cells show what no longer adds up. With a store
    of official lists (--db), a Lists sheet shows its snapshots and latest changes.
    """
    store = optional_store(db)
    check_output(output, (".xlsx",), [data, *([store] if store else [])], "report")
    result = api.check(api.load(data), run_date(as_of), (), store)
    overview = None
    if store is not None:
        with Store(store) as opened:
            overview = lists_overview(opened)
    assert result.as_of is not None
    options = ReportOptions(result.as_of, paper, marking, overview)
    names = write_report(result.dataset, result.problems, options, output)
    click.echo(result.line())
    click.echo(f"wrote {output}: {plural(len(names), 'sheet')} ({', '.join(names)})")
    sys.exit(result.exit_code(strict))


@main.command(name="rules")
def list_rules() -> None:
    """List every reconciliation rule id with what it checks."""
    width = max(len(r) for r in RULES)
    for rule in RULES.values():
        click.echo(f"{rule.id:<{width}}  {rule.description}")


@main.command(name="codes")
@format_option(("text", "json", "csv"))
def list_codes(fmt: str) -> None:
    """List every problem code the tracker reports: family, severity, meaning and hint."""
    catalogue = list(codes.CATALOGUE.values())
    rows = [[c.id, c.family, "/".join(c.severities), c.description, c.hint] for c in catalogue]
    if fmt == "json":
        keys = ("id", "family", "severity", "description", "hint")
        echo(json.dumps([dict(zip(keys, r, strict=True)) for r in rows], indent=1) + "\n")
    elif fmt == "csv":
        echo(csv_text(["id", "family", "severity", "description", "hint"], rows))
    else:
        width = max(len(c.id) for c in catalogue)
        for c in catalogue:
            severity = "/".join(c.severities)
            click.echo(f"{c.id:<{width}}  {c.family:<9}  {severity:<13}  {c.description}")


@main.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="Folder to write the schemas to (created if missing).",
)
def schema(out_dir: Path) -> None:
    """Write one JSON Schema per record type (generated from the models)."""
    for path in write_schemas(out_dir):
        click.echo(f"wrote {path}")


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("tracker-template.xlsx"),
    show_default=True,
    help="The workbook to write (.xlsx); never an input.",
)
@click.option(
    "--from",
    "source",
    type=click.Path(path_type=Path),
    help="A dataset folder to fill the template with.",
)
def template(output: Path, source: Path | None) -> None:
    """Write a data-entry workbook: a sheet per record type with drop-down lists, whole-number
    and date checks, text-formatted ids and dates, a note on every column, and Instructions.
    Fill it in a spreadsheet program, then run `tracker check` on it."""
    check_output(output, (".xlsx",), [source] if source else [], "template")
    dataset = read_folder(source) if source is not None else None
    names = write_template(output, dataset)
    click.echo(f"wrote {output}: {plural(len(names), 'sheet')} ({', '.join(names)})")


@main.command(name="convert")
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("target", type=click.Path(path_type=Path))
def convert_(source: Path, target: Path) -> None:
    """Convert a dataset between a folder of CSV files and one workbook, either way, without
    losing a byte: a folder converted to a workbook and back gives the same files."""
    result = convert(source, target)
    for problem in result.problems.sorted():
        click.echo(
            f"{printable(problem.location.place)}: {printable(problem.message)} ({problem.code})"
        )
    files = [p for p in result.written if p.suffix != ".txt"]
    texts = len(result.written) - len(files)
    shown = f"{plural(len(files), 'file')}" + (
        f" and {plural(texts, 'source text')}" if texts else ""
    )
    click.echo(f"wrote {target}: {shown}")
    sys.exit(1 if result.problems.errors else 0)


# --- official lists -----------------------------------------------------------------------------


@main.command(name="import", epilog="\b\nSources:\n" + files_help())
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
    with Store(db_path(db), "w", wait) as store:
        progress = progress_bar if sys.stderr.isatty() and fmt == "text" else iter
        result = import_files(store, source, list(paths), day.isoformat(), progress)
        if result.new and not no_index:
            build_index(store, result.snapshot)
    snapshot = result.snapshot
    if not result.new:
        line = (
            f"already imported: these files are snapshot {snapshot.id} of {source} "
            f"({snapshot.entries:,} entries); nothing added"
        )
    else:
        line = (
            f"imported {source} snapshot {snapshot.id}: {snapshot.entries:,} entries "
            f"({counts_text(snapshot.counts)}), as of {snapshot.as_of}"
            + (f", published {printable(snapshot.published)}" if snapshot.published else "")
        )
    summary = {
        "snapshot": snapshot.id,
        "new": result.new,
        "entries": snapshot.entries,
        "counts": snapshot.counts,
        "warnings": result.problems.warnings,
        "not_listed": result.problems.not_listed_by_code(),
    }
    if fmt == "text":
        click.echo(line)
        for problem in result.problems.sorted():
            click.echo(f"warning: {import_line(problem)}")
        for code, count in result.problems.not_listed_by_code().items():
            click.echo(f"warning: ... {count:,} more {code} not listed")
    else:
        echo(render(result.problems, fmt, summary, line))
    sys.exit(1 if strict and result.problems.warnings else 0)


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


@main.command(name="lists")
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


@main.command(name="diff")
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


@main.command(name="export")
@click.argument("source", type=click.Choice(NAMES))
@click.option("--snapshot", "snapshot_id", type=SNAPSHOT_ID, help="Snapshot id (default: latest).")
@format_option(
    EXPORT_FORMATS,
    default="json",
    help="json or csv: the entries' fields; ftm: FollowTheMoney entities, JSON lines.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File to write, its extension matching --format (default: standard output).",
)
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
            write_snapshot(store, snapshot, fmt, sys.stdout)
            return
        with atomic_output(output) as temp, temp.open("w", encoding="utf-8", newline="") as out:
            count = write_snapshot(store, snapshot, fmt, out)
    click.echo(f"wrote {output}: {count:,} entries of {source} snapshot {snapshot.id}", err=True)


@main.command(name="export-data")
@DATA
@format_option(("ftm",), default="ftm", help="ftm: FollowTheMoney entities, JSON lines.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File to write (.json, .jsonl or .ftm; default: standard output).",
)
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
        write_entities(entities, sys.stdout)
        return
    with atomic_output(output) as temp, temp.open("w", encoding="utf-8", newline="") as out:
        count = write_entities(entities, out)
    click.echo(
        f"wrote {output}: {count:,} entities from {result.dataset.record_count:,} records", err=True
    )


# --- screening -----------------------------------------------------------------------------------


@main.command(name="index")
@click.option(
    "--source",
    "sources",
    multiple=True,
    type=click.Choice(NAMES),
    help="Index this source's latest snapshot (repeatable). Default: every source's latest.",
)
@db_option
def index(sources: tuple[str, ...], db: Path | None) -> None:
    """Build the screening index of the latest snapshots (`tracker import` builds it for each
    new snapshot; this is for snapshots imported with --no-index or by an earlier tracker).
    An index built by the current algorithm is kept; an older one is rebuilt."""
    path = db_path(db)
    with Store(path, "w") as store:
        for snapshot in latest_snapshots(store, sources):
            if store.screen_index(snapshot.id) == ALGORITHM_ID:
                click.echo(f"{snapshot.source} snapshot {snapshot.id}: indexed already")
                continue
            keys = build_index(store, snapshot)
            click.echo(
                f"indexed {snapshot.source} snapshot {snapshot.id}: "
                f"{snapshot.entries:,} entries, {keys:,} keys ({ALGORITHM_ID})"
            )


@main.command(name="screen")
@click.argument("queries", required=False, type=click.Path(path_type=Path))
@click.option("--name", help="One query: the name to look for.")
@click.option(
    "--type",
    "kind",
    type=click.Choice(["person", "organization", "vessel", "aircraft"]),
    help="One query: the type of party (a different type costs 0.15).",
)
@click.option("--birth-date", metavar="DATE", help="One query: date of birth (YYYY[-MM[-DD]]).")
@click.option("--country", help="One query: country (code or name).")
@click.option("--imo", help="One query: IMO number (7 digits, check digit valid).")
@click.option("--id-number", metavar="NUMBER", help="One query: an ID or registration number.")
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Read a column of QUERIES with another header as this field (repeatable), e.g. "
    "--map 'Vessel name=name'.",
)
@click.option(
    "--source",
    "sources",
    multiple=True,
    type=click.Choice(NAMES),
    help="Screen against this source's latest snapshot (repeatable). Default: every source.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=REVIEW,
    show_default=True,
    help=f"Lowest score listed: review from {REVIEW:.2f}, match from {MATCH:.2f}.",
)
@click.option(
    "--limit",
    type=click.IntRange(1, 1000),
    default=10,
    show_default=True,
    help="Hits listed per query, best first.",
)
@format_option()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write the hits to a file instead: .xlsx (Summary, Hits, Queries), .csv or .json.",
)
@click.option(
    "--pairs",
    type=click.Path(path_type=Path),
    help="Score the pairs of a CSV file (columns left, right, optional type) without a "
    "store: its rows are written back with score and band.",
)
@click.option(
    "--exhaustive",
    is_flag=True,
    help="Score every entry (brute force), not the index's candidates.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="local",
    show_default=True,
    help="local: this process; dask: Dask partitions (local processes, or a cluster).",
)
@click.option(
    "--decisions",
    type=click.Path(path_type=Path),
    help="Earlier decisions (CSV: query, source, entry_id, decision, who, when, note): a "
    "cleared hit is not raised again unless its entry changed since.",
)
@db_option
def screen(
    queries: Path | None,
    name: str | None,
    kind: str | None,
    birth_date: str | None,
    country: str | None,
    imo: str | None,
    id_number: str | None,
    mapping: tuple[str, ...],
    sources: tuple[str, ...],
    threshold: float,
    limit: int,
    fmt: str,
    output: Path | None,
    pairs: Path | None,
    exhaustive: bool,
    engine: str,
    decisions: Path | None,
    db: Path | None,
) -> None:
    """Screen names, ships and companies against the official lists in the store: QUERIES (a
    .csv or .xlsx file of queries) or one query (--name and its options), or --pairs.

    Every hit has a score from 0 to 1 (match from 0.90, review from 0.70), the list entry, the
    alias that matched, and why: name evidence (word by word, transliterated, legal forms
    weighed low), identifiers (IMO, ID numbers), birth date, country and type. Exit code 0:
    no hit reached the threshold; 1: some did; 2: bad input or options.
    """
    one = any(v is not None for v in (name, imo, id_number))
    if sum((queries is not None, one, pairs is not None)) != 1:
        raise click.UsageError("give QUERIES (a file), or --name (one query), or --pairs FILE")
    if output is not None:
        check_output(
            output,
            (".xlsx", ".csv", ".json"),
            [p for p in (queries, pairs, decisions, db_path(db)) if p],
            "output",
        )
    if pairs is not None:
        header, scored = score_pairs(pairs)
        text = pairs_csv(header, scored)
        if output is not None:
            write_text(output, text)
        else:
            echo(text)
        sys.exit(1 if any(s >= threshold for _, s in scored) else 0)
    if queries is not None:
        found, problems = read_queries(queries, parse_map(mapping))
        stop_on_errors(problems, queries)
        for problem in problems.sorted():
            click.echo(f"warning: {text_line(problem, '')}", err=True)
    else:
        values = {"name": name, "type": kind, "birth_date": birth_date, "country": country}
        found = [one_query({**values, "imo": imo, "id_number": id_number})]
    earlier: list[Decision] = []
    if decisions is not None:
        earlier, problems = read_decisions(decisions)
        stop_on_errors(problems, decisions)
    path = db_path(db)
    result = run_screening(path, found, sources, threshold, limit, exhaustive, engine, earlier)
    if output is not None:
        write_screening(result, output)
        click.echo(f"wrote {output}: {header_line(result)}")
    else:
        echo(render_screening(result, fmt))
    sys.exit(1 if result.all_hits() else 0)


def stop_on_errors(problems: Problems, path: Path) -> None:
    """An input file with errors stops the run, its problems printed (a row misread would
    hide a hit)."""
    if problems.errors:
        echo(render(problems, "text", {}, counts_line(problems), ""), sys.stderr)
        raise InputError(f"{path}: fix the rows above; nothing was screened")


# --- extraction ----------------------------------------------------------------------------------


@main.command(name="extract")
@click.argument("texts", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--source-id",
    metavar="ID",
    help="The source's id (one text only). Default: from the file name.",
)
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The text's publication date (YYYY-MM-DD): weekdays and dates without a year are "
    "resolved against it.",
)
@format_option(("json", "csv"), default="json", help="json or csv: the proposals.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write a draft dataset folder instead (new or empty): the record files, the texts in "
    "sources/, ids generated; it validates.",
)
def extract(
    texts: tuple[Path, ...],
    source_id: str | None,
    published: dt.datetime | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Propose records from plain-text articles or press releases: sanctions actions with
    their counts, control-list revisions, quantitative claims, dated events and officials,
    each with a verbatim quote and a confidence. A first draft for a person to review."""
    if source_id is not None and not SLUG.fullmatch(source_id):
        raise click.BadParameter(
            "lowercase letters and digits joined by hyphens", param_hint="--source-id"
        )
    found = read_texts(list(texts), source_id, published.date() if published else None)
    if output is None:
        echo(render_proposals(found, fmt))
        return
    write_new_folder(build_draft(found), output)  # a new or empty folder, written whole
    result = api.validate(api.load(output))
    proposals = sum(len(t.proposals) for t in found)
    click.echo(
        f"wrote {output}: {plural(result.dataset.record_count, 'record')} from "
        f"{plural(proposals, 'proposal')} in {plural(len(found), 'text')}; {result.line()}"
    )
