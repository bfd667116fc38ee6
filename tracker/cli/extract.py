"""Drafting records from texts: extract."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from tracker import api
from tracker.cli.options import (
    echo,
    format_option,
)
from tracker.extract.draft import build as build_draft
from tracker.extract.draft import read_texts
from tracker.extract.output import render as render_proposals
from tracker.records.convert import write_new_folder
from tracker.render import (
    plural,
)
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


COMMANDS = (extract,)
