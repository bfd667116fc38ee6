"""Thin click commands: parse options, call one library function, print, pick the exit code.

Exit codes: 0 done with no errors (warnings allowed unless --strict), 1 the data has errors,
2 usage or I/O error.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from tracker.checks import RULES, run_checks
from tracker.context import Context
from tracker.load import Dataset, load_dataset
from tracker.problems import Problems
from tracker.render import FORMATS, plural, render
from tracker.report import check_output_path, write_report
from tracker.schema import write_schemas
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


def make_context(as_of: dt.datetime | None, strict: bool) -> Context:
    return Context(as_of=(as_of.date() if as_of else dt.date.today()), strict=strict)


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
@input_errors_exit_2
def check(
    data_dir: Path, rules: tuple[str, ...], as_of: dt.datetime | None, fmt: str, strict: bool
) -> None:
    """Validate DATA_DIR, then run the reconciliation rules on what loaded: arithmetic of
    revisions and stated counts, claim series, weekdays, names, quotes, duplicates, dates."""
    context = make_context(as_of, strict)
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
@input_errors_exit_2
def report(data_dir: Path, output: Path, as_of: dt.datetime | None, strict: bool) -> None:
    """Load, validate and check DATA_DIR, then write the Excel report for policy staff.

    The workbook is written even when the data has findings (they fill its Checks sheet); the
    exit code is the one `tracker check` would give. Its formulas stay live in Excel and
    LibreOffice: edit a number and the status cells show what no longer adds up.
    """
    context = make_context(as_of, strict)
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
