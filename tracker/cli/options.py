"""Options and helpers every command group shares (one definition each)."""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click

from tracker.render import (
    FORMATS,
    terminal_safe,
)

F = TypeVar("F", bound=Callable[..., Any])
SNAPSHOT_ID = click.IntRange(1, 2**63 - 1)


class FiniteRange(click.FloatRange):
    """A number in a range, and a finite one: click's FloatRange lets ``nan`` through (every
    comparison with NaN is false), and a NaN threshold would clear every hit."""

    name = "finite float range"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


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
    """Print a command's output as it is (click never strips from it what looks like a
    terminal's colour codes: ``Tracker`` turns that off), escaped where it reaches a terminal."""
    target: Any = stream if stream is not None else sys.stdout
    if target.isatty():
        text = terminal_safe(text)
    click.echo(text, nl=False, file=stream)


def output_option(help: str, default: Path | None = None) -> Callable[[F], F]:
    """``-o/--output FILE``: every command that writes a file names it the same way."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path),
        default=default,
        show_default=default is not None,
        help=help,
    )
