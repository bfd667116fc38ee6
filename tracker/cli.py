"""Thin click commands: parse options, call one library function, print, pick the exit code.

Exit codes: 0 done with no errors (warnings allowed unless --strict), 1 the data has errors,
2 usage or I/O error.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from tracker.atomic import atomic_write_text
from tracker.checks import RULES, run_checks
from tracker.context import Context
from tracker.diff import diff
from tracker.export import export_entries
from tracker.importers import ListFormatError, sources
from tracker.importers.batches import Batch
from tracker.load import Dataset, load_dataset
from tracker.problems import Problems
from tracker.render import FORMATS, plural, render, render_diff
from tracker.report import check_output_path, write_report
from tracker.report.diff_book import write_diff_workbook
from tracker.schema import write_schemas
from tracker.store import Store, db_path
from tracker.tables import InputError

F = TypeVar("F", bound=Callable[..., Any])

DATA_DIR = click.argument(
    "data_dir", default="data", type=click.Path(path_type=Path), metavar="[DATA_DIR]"
)


def format_option(func: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="text",
        show_default=True,
        help="How to print problems: text for people, json or csv for programs.",
    )(func)


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
        help="The store (SQLite). Default: $TRACKER_DB, else tracker.db here.",
    )(func)


def input_errors_exit_2(func: F) -> F:
    """An unreadable input is one line on stderr and exit code 2, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def exit_code(problems: Problems, strict: bool) -> int:
    if problems.errors or (strict and problems.warnings):
        return 1
    return 0


def make_context(as_of: dt.datetime | None, strict: bool, db: Path | None = None) -> Context:
    """The run's context; the store of official lists only when one exists (never created
    by a command that only reads it)."""
    store = db_path(db)
    return Context(
        as_of=(as_of.date() if as_of else dt.date.today()),
        strict=strict,
        store=store if store.is_file() else None,
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tracker")
def main() -> None:
    """Sanctions and export-control tracker.

    Keeps facts from announcements and news (sanctions actions, export-control list revisions,
    quantitative claims, events, officials) as typed CSV records, each quoting its source;
    validates them, checks their arithmetic and consistency, and writes Excel reports.
    """


@main.command()
@DATA_DIR
@format_option
@strict_option
@input_errors_exit_2
def validate(data_dir: Path, fmt: str, strict: bool) -> None:
    """Validate every record of DATA_DIR (default: data/): types, identifiers, vocabularies,
    required fields, unique ids and references between files."""
    dataset = load_dataset(data_dir)
    problems = dataset.problems
    summary = summary_dict(dataset, problems)
    line = (
        f"{plural(problems.errors, 'error')}, {plural(problems.warnings, 'warning')} "
        f"in {plural(len(dataset.tables), 'file')} ({plural(dataset.record_count, 'record')})"
    )
    click.echo(render(problems, fmt, summary, line, prefix=f"{data_dir}/"), nl=False)
    sys.exit(exit_code(problems, strict))


RULE_OPTION = click.option(
    "--rule",
    "rules",
    multiple=True,
    type=click.Choice(list(RULES)),
    metavar="ID",
    help="Run only this rule (repeatable); `tracker rules` lists them. Default: all.",
)


@main.command()
@DATA_DIR
@RULE_OPTION
@as_of_option
@format_option
@strict_option
@db_option
@input_errors_exit_2
def check(
    data_dir: Path,
    rules: tuple[str, ...],
    as_of: dt.datetime | None,
    fmt: str,
    strict: bool,
    db: Path | None,
) -> None:
    """Validate DATA_DIR, then run the reconciliation rules on what loaded: arithmetic of
    revisions and stated counts, claim series, weekdays, names, quotes, duplicates, dates; and,
    with a store of official lists (--db), announced actions against what the lists added."""
    context = make_context(as_of, strict, db)
    dataset = load_dataset(data_dir)
    problems = run_checks(dataset, context, rules)
    click.echo(
        render(
            problems,
            fmt,
            check_summary(dataset, problems, context, rules),
            check_line(dataset, problems, context, rules),
            prefix=f"{data_dir}/",
            group_by_rule=True,
        ),
        nl=False,
    )
    sys.exit(exit_code(problems, strict))


def check_summary(
    dataset: Dataset, problems: Problems, context: Context, rules: tuple[str, ...]
) -> dict[str, Any]:
    return summary_dict(dataset, problems) | {
        "rules": list(rules or RULES),
        "as_of": context.as_of.isoformat(),
        "rows_not_checked": dataset.rows_not_loaded,
    }


def check_line(
    dataset: Dataset, problems: Problems, context: Context, rules: tuple[str, ...]
) -> str:
    line = (
        f"{plural(len(rules or RULES), 'rule')} run: {plural(problems.errors, 'error')}, "
        f"{plural(problems.warnings, 'warning')} (as of {context.as_of})"
    )
    if dataset.rows_not_loaded:
        line += (
            f"; {plural(dataset.rows_not_loaded, 'row')} failed validation and could not be checked"
        )
    return line


@main.command()
@DATA_DIR
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("tracker-report.xlsx"),
    show_default=True,
    help="The workbook to write (.xlsx); replaced atomically.",
)
@as_of_option
@strict_option
@db_option
@input_errors_exit_2
def report(
    data_dir: Path, output: Path, as_of: dt.datetime | None, strict: bool, db: Path | None
) -> None:
    """Load, validate and check DATA_DIR, then write the Excel report for policy staff.

    The workbook is written even when the data has findings (they fill its Checks sheet); the
    exit code is the one `tracker check` would give. Its formulas stay live in Excel and
    LibreOffice: edit a number and the status cells show what no longer adds up. With a store
    of official lists (--db), a Lists sheet shows its snapshots and the latest diffs.
    """
    context = make_context(as_of, strict, db)
    check_output_path(output)
    dataset = load_dataset(data_dir)
    problems = run_checks(dataset, context)
    names = write_report(dataset, problems, context, output)
    click.echo(check_line(dataset, problems, context, ()))
    click.echo(f"wrote {output}: {plural(len(names), 'sheet')} ({', '.join(names)})")
    sys.exit(exit_code(problems, strict))


@main.command(name="rules")
def list_rules() -> None:
    """List every reconciliation rule id with what it checks."""
    width = max(len(r) for r in RULES)
    for rule in RULES.values():
        click.echo(f"{rule.id:<{width}}  {rule.description}")


# --- official lists ----------------------------------------------------------------------------


def open_store(db: Path | None) -> Store:
    return Store(db_path(db))


@main.command(name="import")
@click.argument("source", type=click.Choice(sorted(sources())))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@as_of_option
@strict_option
@input_errors_exit_2
def import_(
    source: str, paths: tuple[Path, ...], db: Path | None, as_of: dt.datetime | None, strict: bool
) -> None:
    """Import an official list's files as a new snapshot of SOURCE.

    \b
    ofac-sdn   sdn.csv, add.csv, alt.csv, sdn_comments.csv (or their folder)
    ofac-cons  cons_prim.csv, cons_add.csv, cons_alt.csv, cons_comments.csv
    un         consolidated.xml
    csl        the Consolidated Screening List CSV (any of its three headers)
    uk         the legacy HM Treasury sanctionsconlist.csv
    eu         the legacy EU global.xml

    One transaction: a file that fails leaves the store as it was. Importing files already
    imported adds nothing and says so. Invalid IMO numbers are kept and reported as warnings.
    """
    context = make_context(as_of, strict)
    with open_store(db) as store:
        try:
            result = store.import_files(
                source,
                list(paths),
                context.as_of.isoformat(),
                progress=progress_bar if sys.stderr.isatty() else iter,
            )
        except ListFormatError as exc:
            raise InputError(f"{source}: {exc} (nothing was imported)") from None
    snapshot = result.snapshot
    if not result.new:
        click.echo(
            f"already imported: these files are snapshot {snapshot.id} of {source} "
            f"({snapshot.entries:,} entries); nothing added"
        )
        sys.exit(0)
    click.echo(
        f"imported {source} snapshot {snapshot.id}: {snapshot.entries:,} entries "
        f"({counts_text(snapshot.counts)}), as of {snapshot.as_of}"
        + (f", published {snapshot.published}" if snapshot.published else "")
    )
    if result.duplicates:
        click.echo(
            f"warning: {result.duplicates:,} entries repeated an entry id and were not stored again"
        )
    for entry_id, code, _value, message in result.warnings:
        click.echo(f"warning: entry {entry_id}: {message} ({code})")
    warned = bool(result.warnings or result.duplicates)
    sys.exit(1 if strict and warned else 0)


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


def counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{n:,} {kind}" for kind, n in counts.items()) or "none"


@main.command(name="lists")
@db_option
@input_errors_exit_2
def lists_(db: Path | None) -> None:
    """List the snapshots in the store, with their entry counts by type."""
    with open_store(db) as store:
        snapshots = store.snapshots()
    if not snapshots:
        click.echo("no snapshots yet: `tracker import SOURCE FILES` adds one")
        return
    click.echo(
        f"{'id':>3}  {'source':<10} {'as of':<10}  {'published':<10}  {'entries':>9}  by type"
    )
    for s in snapshots:
        click.echo(
            f"{s.id:>3}  {s.source:<10} {s.as_of:<10}  {s.published or '-':<10}  "
            f"{s.entries:>9,}  {counts_text(s.counts)}"
        )


@main.command(name="diff")
@click.argument("source", type=click.Choice(sorted(sources())))
@click.option("--from", "before", type=int, help="Snapshot id to compare from.")
@click.option("--to", "after", type=int, help="Snapshot id to compare to.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--limit",
    type=int,
    default=20,
    show_default=True,
    help="Entries listed per section in text output (0: all).",
)
@click.option(
    "--xlsx",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the diff as an Excel workbook.",
)
@db_option
@input_errors_exit_2
def diff_(
    source: str,
    before: int | None,
    after: int | None,
    fmt: str,
    limit: int,
    xlsx: Path | None,
    db: Path | None,
) -> None:
    """What changed between two snapshots of SOURCE (default: its last two): entries added,
    removed and changed, field by field, with counts by type and program."""
    with open_store(db) as store:
        result = diff(store, source, before, after)
    if xlsx is not None:
        write_diff_workbook(result, xlsx)
    click.echo(render_diff(result, fmt, limit), nl=False)


@main.command(name="export")
@click.argument("source", type=click.Choice(sorted(sources())))
@click.option("--snapshot", "snapshot_id", type=int, help="Snapshot id (default: the latest).")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: standard output).",
)
@db_option
@input_errors_exit_2
def export(
    source: str, snapshot_id: int | None, fmt: str, output: Path | None, db: Path | None
) -> None:
    """Write every field of the normalised entries of a snapshot, as JSON or CSV."""
    with open_store(db) as store:
        snapshot = store.snapshot_of(source, snapshot_id)
        text = export_entries(store.entries(snapshot.id), fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write_text(output, text)
        click.echo(
            f"wrote {output}: {snapshot.entries:,} entries of {source} snapshot {snapshot.id}",
            err=True,
        )


def summary_dict(dataset: Dataset, problems: Problems) -> dict[str, Any]:
    return {
        "errors": problems.errors,
        "warnings": problems.warnings,
        "files": len(dataset.tables),
        "records": dataset.record_count,
        "truncated": problems.truncated,
    }


@main.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("schemas"),
    show_default=True,
    help="Folder to write the schemas to.",
)
def schema(out_dir: Path) -> None:
    """Write one JSON Schema per record type (generated from the models)."""
    for path in write_schemas(out_dir):
        click.echo(f"wrote {path}")
