"""Commands of the screening: index, screen."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tracker.cli.options import (
    db_option,
    echo,
    format_option,
)
from tracker.errors import InputError
from tracker.lists.importers.registry import NAMES
from tracker.lists.store import Store, db_path
from tracker.outputs import check_output, write_text
from tracker.problems import Problems
from tracker.render import (
    counts_line,
    render,
    text_line,
)
from tracker.screening.decisions import read_decisions
from tracker.screening.index import build_index
from tracker.screening.output import header as header_line
from tracker.screening.output import pairs_csv
from tracker.screening.output import render as render_screening
from tracker.screening.output import write as write_screening
from tracker.screening.pairs import score_pairs
from tracker.screening.queries import one_query, parse_map, read_queries
from tracker.screening.results import Decision
from tracker.screening.score import ALGORITHM_ID, MATCH, REVIEW
from tracker.screening.screen import ENGINES, latest_snapshots
from tracker.screening.screen import run as run_screening


@click.command(name="index")
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


COMMANDS = (
    index,
    screen,
)
