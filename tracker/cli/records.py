"""Commands on the curated records: validate, check, report, rules, codes, schema, template,
convert, export-data."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from tracker import api, codes
from tracker.checks import RULES
from tracker.cli.options import (
    DATA,
    as_of_option,
    db_option,
    echo,
    format_option,
    output_option,
    run_date,
    shown_prefix,
    strict_option,
)
from tracker.lists.importers.registry import NAMES as LIST_SOURCES
from tracker.lists.store import optional_store
from tracker.outputs import check_output
from tracker.records.convert import convert, read_folder_for_workbook
from tracker.records.schema import write_schemas
from tracker.records.template import write_template
from tracker.render import (
    csv_text,
    plural,
    printable,
    render,
)
from tracker.report import MAX_AGE, PAPERS


@click.command()
@DATA
@format_option()
@strict_option
def validate(data: Path, fmt: str, strict: bool) -> None:
    """Validate every record of DATA (default: data/): types, identifiers, vocabularies,
    required fields, unique ids and references between files."""
    result = api.validate(api.load(data))
    echo(render(result.problems, fmt, result.summary(), result.line(), prefix=shown_prefix(data)))
    sys.exit(result.exit_code(strict))


@click.command()
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


@click.command()
@DATA
@output_option(
    "The workbook to write (.xlsx); replaced atomically, never an input or the store.",
    default=Path("tracker-report.xlsx"),
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
@click.option(
    "--max-age",
    type=click.IntRange(0, 36_500),
    default=MAX_AGE,
    show_default=True,
    metavar="DAYS",
    help="With --db: flag a list whose latest snapshot is more than DAYS before --as-of.",
)
def report(
    data: Path,
    output: Path,
    as_of: dt.datetime | None,
    strict: bool,
    db: Path | None,
    paper: str,
    marking: str | None,
    max_age: int,
) -> None:
    """Load, validate and check DATA, then write the Excel report for policy staff.

    The workbook is written even when the data has findings (they fill its Checks sheet); the
    exit code is the one `tracker check` would give. Its formulas stay live in Excel and
    LibreOffice: edit a number and the status cells show what no longer adds up. With a store
    of official lists (--db), a Lists sheet shows its snapshots and latest changes.
    """
    result = api.build_report(
        data, output, run_date(as_of), optional_store(db), paper, marking, max_age
    )
    click.echo(result.line())
    click.echo(result.written())
    sys.exit(result.exit_code(strict))


@click.command(name="rules")
def list_rules() -> None:
    """List every reconciliation rule id with what it checks."""
    width = max(len(r) for r in RULES)
    for rule in RULES.values():
        click.echo(f"{rule.id:<{width}}  {rule.description}")


@click.command(name="codes")
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


@click.command()
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


@click.command()
@output_option(
    "The workbook to write (.xlsx); never an input.", default=Path("tracker-template.xlsx")
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
    dataset = read_folder_for_workbook(source) if source is not None else None
    names = write_template(output, dataset, LIST_SOURCES)
    click.echo(f"wrote {output}: {plural(len(names), 'sheet')} ({', '.join(names)})")


@click.command(name="convert")
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


COMMANDS = (
    validate,
    check,
    report,
    list_rules,
    list_codes,
    schema,
    template,
    convert_,
)
