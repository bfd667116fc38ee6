"""Commands of the screening: index, screen."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click
from click.core import ParameterSource

from tracker.cli.options import (
    FiniteRange,
    as_of_option,
    db_option,
    echo,
    format_option,
    output_option,
    run_date,
)
from tracker.errors import StoreError
from tracker.lists.importers.registry import NAMES
from tracker.lists.store import Store, db_path
from tracker.outputs import check_output, write_text
from tracker.render import counts_line, render, text_line
from tracker.screening.annotate import annotate as annotate_queries
from tracker.screening.index import build_index
from tracker.screening.inputs import InputProblems
from tracker.screening.output import format_of, pairs_csv
from tracker.screening.output import render as render_screening
from tracker.screening.output import write as write_screening
from tracker.screening.pairs import score_pairs
from tracker.screening.queries import one_query
from tracker.screening.run import MAX_AGE, MAX_LIMIT, index_damage
from tracker.screening.run import screen as run_screen
from tracker.screening.score import ALGORITHM_ID, ALGORITHMS, MATCH, REVIEW, Query
from tracker.screening.screen import ENGINES, latest_snapshots
from tracker.values import DATE_ORDERS


@click.command(name="index")
@click.option(
    "--source",
    "sources",
    multiple=True,
    type=click.Choice(NAMES),
    help="Index this source's latest snapshot (repeatable). Default: every source's latest.",
)
@click.option(
    "--rebuild",
    is_flag=True,
    help="Rebuild even an index that looks intact (one `tracker screen` found damaged).",
)
@db_option
def index(sources: tuple[str, ...], rebuild: bool, db: Path | None) -> None:
    """Build the screening index of the latest snapshots (`tracker import` builds it for each
    new snapshot; this is for snapshots imported with --no-index or by an earlier tracker).
    An intact index built by the current algorithm is kept; an older or damaged one is
    rebuilt."""
    path = db_path(db)
    with Store(path, "w") as store:
        for snapshot in latest_snapshots(store, sources):
            try:
                damage = index_damage(store, snapshot)
                intact = store.screen_index(snapshot.id) == ALGORITHM_ID and damage is None
            except StoreError:  # the index's own record is damaged: rebuilt below
                damage, intact = "its screening index's record is damaged", False
            if intact and not rebuild:
                click.echo(f"{snapshot.source} snapshot {snapshot.id}: indexed already")
                continue
            if damage is not None:
                click.echo(f"{snapshot.source} snapshot {snapshot.id}: {damage.split(':')[0]}")
            keys = build_index(store, snapshot)
            click.echo(
                f"indexed {snapshot.source} snapshot {snapshot.id}: "
                f"{snapshot.entries:,} entries, {keys:,} keys ({ALGORITHM_ID})"
            )


@click.command(name="screen")
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
    "--map 'Vessel name=name'. A COLUMN the file does not have is an error.",
)
@click.option(
    "--sheet",
    metavar="NAME",
    help="The sheet of a QUERIES workbook to screen. Default: its first visible sheet.",
)
@click.option(
    "--date-order",
    type=click.Choice(DATE_ORDERS),
    help="How QUERIES write dates with the day and month in digits before the year: dmy "
    "(16/07/1969) or mdy (07/16/1969). Year-first dates and month names need none.",
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
    type=FiniteRange(0, 1),
    default=REVIEW,
    show_default=True,
    help=f"Lowest score counted: review from {REVIEW:.2f}, match from {MATCH:.2f}.",
)
@click.option(
    "--limit",
    type=click.IntRange(1, MAX_LIMIT),
    default=10,
    show_default=True,
    help="Hits listed per query, best first (the outputs say how many more were found).",
)
@click.option(
    "--max-age",
    type=click.IntRange(0, 36_500),
    default=MAX_AGE,
    show_default=True,
    metavar="DAYS",
    help="Flag a list whose own date is more than DAYS before --as-of.",
)
@as_of_option
@format_option()
@output_option(
    "Write the hits to a file instead: .xlsx (the screening record: Summary, Hits with "
    "decision columns, Cleared, Queries), .csv or .json."
)
@click.option(
    "--annotate",
    type=click.Path(path_type=Path),
    metavar="OUT.xlsx",
    help="Write a copy of the QUERIES workbook with best score, band, top hit and a link to "
    "its row on Hits (of -o) beside each row.",
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
    "--algorithm",
    type=click.Choice(ALGORITHMS),
    default=ALGORITHM_ID,
    show_default=True,
    help="The score's version: an older one scores old decisions again as they were made.",
)
@click.option(
    "--decisions",
    type=click.Path(path_type=Path),
    help="Earlier decisions: a hits workbook of an earlier run with its decision columns "
    "filled in, or a CSV (query, source, entry_id, decision, who, when, note). A cleared hit "
    "is not raised again unless its entry changed since.",
)
@db_option
@click.pass_context
def screen(
    ctx: click.Context,
    queries: Path | None,
    name: str | None,
    kind: str | None,
    birth_date: str | None,
    country: str | None,
    imo: str | None,
    id_number: str | None,
    mapping: tuple[str, ...],
    sheet: str | None,
    date_order: str | None,
    sources: tuple[str, ...],
    threshold: float,
    limit: int,
    max_age: int,
    as_of: dt.datetime | None,
    fmt: str,
    output: Path | None,
    annotate: Path | None,
    pairs: Path | None,
    exhaustive: bool,
    engine: str,
    algorithm: str,
    decisions: Path | None,
    db: Path | None,
) -> None:
    """Screen names, ships and companies against the official lists in the store: QUERIES (a
    .csv or .xlsx file of queries) or one query (--name and its options), or --pairs.

    Every hit has a score from 0 to 1 (match from 0.90, review from 0.70), the list entry, the
    alias that matched, and why: name evidence (word by word, transliterated, legal forms
    weighed low), identifiers (IMO, ID numbers), birth date, country and type. A value of
    QUERIES that cannot be read is left out with a warning naming its row and column. Exit
    code 0: no hit reached the threshold; 1: some did, or a row could not be screened; 2: bad
    input or options.
    """
    one = any(v is not None for v in (name, imo, id_number))
    if sum((queries is not None, one, pairs is not None)) != 1:
        raise click.UsageError("give QUERIES (a file), or --name (one query), or --pairs FILE")
    inputs = [p for p in (queries, pairs, decisions, db_path(db)) if p]
    if output is not None:
        check_output(output, (".xlsx", ".csv", ".json"), inputs, "output")
        given = ctx.get_parameter_source("fmt") is ParameterSource.COMMANDLINE
        if given and fmt != format_of(output):
            raise click.UsageError(
                f"-o {output} writes {format_of(output)}, --format asks for {fmt}: give one"
            )
    if annotate is not None:
        check_output(
            annotate, (".xlsx", ".xlsm"), [*inputs, *([output] if output else [])], "--annotate"
        )
        if queries is None or queries.suffix.lower() not in (".xlsx", ".xlsm"):
            raise click.UsageError("--annotate needs a QUERIES workbook (.xlsx) to annotate")
    if pairs is not None:
        header, scored = report_problems(lambda: score_pairs(pairs, algorithm))
        text = pairs_csv(header, scored)
        if output is not None:
            write_text(output, text)
        else:
            echo(text)
        sys.exit(1 if any(s >= threshold for _, s in scored) else 0)
    day = run_date(as_of)
    if queries is None:
        values = {"name": name, "type": kind, "birth_date": birth_date, "country": country}
        given_queries: Path | list[Query] = [
            one_query({**values, "imo": imo, "id_number": id_number}, date_order, day)
        ]
    else:
        given_queries = queries
    result = report_problems(
        lambda: run_screen(
            given_queries, db_path(db), day,
            mapping=mapping, sheet=sheet, date_order=date_order, sources=sources,
            threshold=threshold, limit=limit, exhaustive=exhaustive, engine=engine,
            decisions=decisions, max_age=max_age, algorithm=algorithm,
        )
    )  # fmt: skip
    if output is not None:
        cells = write_screening(result, output)
        click.echo(f"wrote {output}: {result.line()}")
        for problem in result.problems.sorted():
            click.echo(f"warning: {text_line(problem, '')}", err=True)
        for stale in result.stale:
            click.echo(f"warning: {stale.warning} (--max-age {max_age})", err=True)
    else:
        cells = {}
        echo(render_screening(result, fmt))
    if annotate is not None:
        lost = annotate_queries(
            result, annotate, output if output and output.suffix.lower() == ".xlsx" else None, cells
        )
        click.echo(f"wrote {annotate}: {queries} with best score, band, top hit beside each row")
        for said in lost:
            click.echo(f"warning: {said}", err=True)
    sys.exit(result.exit_code())


T = TypeVar("T")


def report_problems(work: Callable[[], T]) -> T:
    """Run ``work``; an input file whose rows have errors prints them, then stops (exit 2)."""
    try:
        return work()
    except InputProblems as exc:
        echo(render(exc.problems, "text", {}, counts_line(exc.problems), ""), sys.stderr)
        raise


COMMANDS = (
    index,
    screen,
)
