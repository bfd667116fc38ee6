"""Drafting records from texts: extract."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from tracker import api
from tracker.cli.options import (
    echo,
    format_option,
    output_option,
)
from tracker.errors import InputError
from tracker.extract.accept import accept as accept_review
from tracker.extract.draft import build as build_draft
from tracker.extract.draft import read_texts
from tracker.extract.output import render as render_proposals
from tracker.extract.review import write_review
from tracker.outputs import check_output
from tracker.records.convert import write_new_folder
from tracker.render import plural, render
from tracker.values import SLUG_RE as SLUG


@click.command(name="extract")
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
@output_option(
    "Write a review workbook (a name ending .xlsx): a sheet per record type, a row per "
    "proposal with a decision column, for `tracker accept`; or a draft dataset folder (new or "
    "empty): the record files, the texts in sources/, ids generated; it validates."
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
    proposals = sum(len(t.proposals) for t in found)
    if output.suffix.lower() == ".xlsx":
        check_output(output, (".xlsx",), list(texts), "review workbook")
        sheets = write_review(output, found)
        click.echo(
            f"wrote {output}: {plural(proposals, 'proposal')} from {plural(len(found), 'text')} "
            f"to review on {plural(len(sheets), 'sheet')} ({', '.join(sheets)})"
        )
        return
    write_new_folder(build_draft(found), output)  # a new or empty folder, written whole
    result = api.validate(api.load(output))
    click.echo(
        f"wrote {output}: {plural(result.dataset.record_count, 'record')} from "
        f"{plural(proposals, 'proposal')} in {plural(len(found), 'text')}; {result.line()}"
    )


@click.command(name="accept")
@click.argument("review", type=click.Path(path_type=Path))
@click.option(
    "--into",
    "into",
    required=True,
    type=click.Path(path_type=Path),
    help="The dataset folder the accepted rows are added to.",
)
@format_option()
def accept(review: Path, into: Path, fmt: str) -> None:
    """Add the rows a review workbook accepts (as edited) to a dataset folder: ids assigned,
    duplicates of its records refused, the result validated; all of them or none. Rejected and
    undecided rows stay in the workbook."""
    if review.suffix.lower() not in (".xlsx", ".ods"):
        raise InputError(f"accept reads a review workbook (.xlsx, .ods): {review}")
    done = accept_review(review, into)
    decided = ", ".join(f"{n} {d}" for d, n in sorted(done.decided.items())) or "nothing decided"
    if done.written:
        line = (
            f"accepted {plural(done.rows_added, 'row')} into {into} ({decided}); "
            f"{api.validate(done.dataset).line() if done.dataset else ''}"
        )
    elif done.problems.errors:
        line = f"nothing written to {into}: {plural(done.problems.errors, 'error')} ({decided})"
    else:
        line = f"nothing to add to {into} ({decided})"
    summary = {"review": str(review), "into": str(into), "written": bool(done.written),
               "added": done.added, "decisions": done.decided}  # fmt: skip
    echo(render(done.problems, fmt, summary, line))
    sys.exit(1 if done.problems.errors else 0)


COMMANDS = (extract, accept)
