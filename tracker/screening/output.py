"""What `tracker screen` writes: text for people, JSON and CSV for programs (columns and keys
as documented, the algorithm in each), and a workbook (Summary by band, Hits one row per query
and hit with its explanation, the Queries echoed)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from tracker.outputs import atomic_output
from tracker.render import csv_text, plural, printable, short
from tracker.screening.results import Hit, Screening
from tracker.screening.score import MATCH, REVIEW, Feature, Query, band
from tracker.xlsx.writer import Book, Column, Kind, long_table, print_setup

CSV_COLUMNS = (
    "query_id", "query_name", "rank", "score", "band", "source", "snapshot", "entry_id",
    "entry_name", "matched_name", "entry_type", "programs", "evidence", "explanation",
)  # fmt: skip
PAIR_COLUMNS = ("score", "band")
SHOWN_PROGRAMS = 3  # per hit in the text output (all in JSON, CSV and the workbook)
A4 = 9


def decimal(value: float) -> Decimal:
    """Scores leave as exact decimals of four places (never binary floats)."""
    return Decimal(f"{value:.4f}")


def evidence(features: Sequence[Feature]) -> str:
    """The features in short: evidence with its score, qualifiers with their signed effect."""
    parts = []
    for f in features:
        if f.name in ("name", "identifier"):
            parts.append(f"{f.name} {f.score:.2f}" + ("" if f.weight else " (not used)"))
        else:
            parts.append(f"{f.name} {f.score:+.2f}")
    return ", ".join(parts)


def explanation(hit: Hit) -> str:
    said = hit.scored.explanation
    return f"{said} Decision: {hit.decision}." if hit.decision else said


def hit_row(hit: Hit) -> list[Any]:
    c = hit.candidate
    return [
        hit.query.id,
        hit.query.name,
        hit.rank,
        decimal(hit.scored.score),
        hit.scored.band,
        c.source,
        c.snapshot,
        c.entry_id,
        c.name,
        hit.scored.matched_name,
        c.type,
        "; ".join(c.programs),
        evidence(hit.scored.features),
        explanation(hit),
    ]


def header(result: Screening) -> str:
    bands = result.by_band()
    lists = ", ".join(f"{s.source} snapshot {s.id}" for s in result.snapshots)
    hits = result.all_hits()
    cleared = f"; {plural(len(result.cleared), 'hit')} cleared earlier" if result.cleared else ""
    return (
        f"{result.algorithm}, threshold {result.threshold:.2f}: "
        f"{plural(len(result.queries), 'query').replace('querys', 'queries')}, "
        f"{plural(len(hits), 'hit')} ({bands['match']:,} match, {bands['review']:,} review) "
        f"in {lists}{cleared}"
    )


def text(result: Screening) -> str:
    lines = [header(result)]
    for query in result.queries:
        hits = result.hits.get(query.id, [])
        shown = printable(query.name or query.imo or query.id_number or "")
        lines.append(
            f"query {printable(query.id)} {shown!r}: "
            + (plural(len(hits), "hit") if hits else "no hit")
        )
        for hit in hits:
            c = hit.candidate
            shown_programs = [short(p, 40) for p in c.programs[:SHOWN_PROGRAMS]]
            more = len(c.programs) - SHOWN_PROGRAMS
            shown_programs += [f"+{more} more"] if more > 0 else []
            programs = f" [{', '.join(shown_programs)}]" if c.programs else ""
            lines.append(
                f"  {hit.rank}. {hit.scored.score:.2f} {hit.scored.band:<6} {c.source} "
                f"{printable(c.entry_id)} {printable(c.name)} ({c.type}){printable(programs)}"
            )
            lines.append(f"     {printable(explanation(hit))}")
    return "\n".join(lines) + "\n"


def document(result: Screening) -> dict[str, Any]:
    return {
        "algorithm": result.algorithm,
        "threshold": decimal(result.threshold),
        "snapshots": [
            {"source": s.source, "snapshot": s.id, "list_date": s.list_date}
            for s in result.snapshots
        ],
        "queries": [
            {
                "id": q.id,
                "name": q.name,
                "hits": [hit_document(h) for h in result.hits.get(q.id, [])],
            }
            for q in result.queries
        ],
        "cleared": [
            {"query": d.query, "source": d.source, "entry_id": d.entry_id, "decision": d.said}
            for _, d in result.cleared
        ],
    }


def hit_document(hit: Hit) -> dict[str, Any]:
    c = hit.candidate
    found: dict[str, Any] = {
        "rank": hit.rank,
        "score": decimal(hit.scored.score),
        "band": hit.scored.band,
        "source": c.source,
        "snapshot": c.snapshot,
        "entry_id": c.entry_id,
        "entry_name": c.name,
        "matched_name": hit.scored.matched_name,
        "entry_type": c.type,
        "programs": list(c.programs),
        "features": [
            {
                "name": f.name,
                "score": decimal(f.score),
                "weight": decimal(f.weight),
                "detail": f.detail,
            }
            for f in hit.scored.features
        ],
        "explanation": hit.scored.explanation,
    }
    if hit.decision:
        found["decision"] = hit.decision
    return found


def as_json(value: Any) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False, default=lambda d: float(d)) + "\n"


def render(result: Screening, fmt: str) -> str:
    if fmt == "json":
        return as_json(document(result))
    if fmt == "csv":
        return csv_text(CSV_COLUMNS, (hit_row(h) for h in result.all_hits()))
    return text(result)


def write(result: Screening, path: Path) -> None:
    """To a file, its format from its extension (.xlsx, .json, .csv), atomically."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        write_workbook(result, path)
        return
    with atomic_output(path) as temp:
        temp.write_text(render(result, suffix.lstrip(".")), encoding="utf-8", newline="")


HIT_COLUMNS = [
    Column("query_id", Kind.text, "The query's id (its row number when the file had no id)."),
    Column("query_name", Kind.text, "The name looked for."),
    Column("rank", Kind.count, "1 is the query's best hit."),
    Column("score", Kind.quantity, f"0 to 1: match from {MATCH:.2f}, review from {REVIEW:.2f}."),
    Column("band", Kind.text, "match or review."),
    Column("source", Kind.text, "The list."),
    Column("snapshot", Kind.count, "The list's snapshot in the store."),
    Column("entry_id", Kind.text, "The entry's id on the list."),
    Column("entry_name", Kind.text, "The entry's name on the list."),
    Column("matched_name", Kind.text, "The entry's name or alias that matched best."),
    Column("entry_type", Kind.text, "person, organization, vessel or aircraft."),
    Column("programs", Kind.wrapped, "The entry's programs."),
    Column("evidence", Kind.wrapped, "Each feature: evidence with its score, qualifiers signed."),
    Column("explanation", Kind.wrapped, "Why, in words; and any earlier decision."),
]
QUERY_COLUMNS = [
    Column("id", Kind.text, "The query's id."),
    Column("name", Kind.text, "The name looked for."),
    Column("type", Kind.text, "The type asked for, if any."),
    Column("aliases", Kind.wrapped, "Other names looked for."),
    Column("birth_date", Kind.text, "Date of birth given."),
    Column("country", Kind.text, "Country given (alpha-2)."),
    Column("imo", Kind.text, "IMO number given."),
    Column("id_number", Kind.text, "ID number given."),
    Column("hits", Kind.count, "Hits at or above the threshold."),
    Column("best", Kind.quantity, "The best hit's score."),
    Column("band", Kind.text, "The best hit's band."),
]
BAND_COLUMNS = [
    Column("band", Kind.text, "match, review, or none (no hit reached the threshold)."),
    Column("queries", Kind.count, "Queries whose best hit is in the band."),
    Column("hits", Kind.count, "Hits in the band."),
]


def write_workbook(result: Screening, path: Path) -> None:
    book = Book({"title": "Screening", "author": "tracker", "created": None})
    title = f"Screening: {header(result)}"

    def new_sheet(name: str) -> Any:
        sheet = book.workbook.add_worksheet(name)
        print_setup(sheet, A4, f"&L&B&A&R{result.algorithm}", "&RPage &P of &N")
        return sheet

    summary = new_sheet("Summary")
    summary.write_string(0, 0, title, book.formats.title)
    notes = [
        f"Algorithm {result.algorithm}: a score from 0 to 1; match from {MATCH:.2f}, review "
        f"from {REVIEW:.2f}; hits below {result.threshold:.2f} are not listed.",
        "Hits: one row per query and hit, with the alias that matched and why.",
    ]
    notes += (
        [f"Cleared earlier, not raised again: {len(result.cleared):,}."] if result.cleared else []
    )
    for row, note in enumerate(notes, start=1):
        summary.write_string(row, 0, note)
    long_table(
        book,
        new_sheet,
        "Summary",
        "Bands",
        BAND_COLUMNS,
        band_rows(result),
        lambda i, r: r,
        sheet=summary,
        top=len(notes) + 2,
    )
    long_table(
        book, new_sheet, "Hits", "Hits", HIT_COLUMNS, result.all_hits(), lambda i, h: hit_row(h)
    )
    long_table(
        book,
        new_sheet,
        "Queries",
        "Queries",
        QUERY_COLUMNS,
        result.queries,
        lambda i, q: query_row(q, result.hits.get(q.id, [])),
    )
    with atomic_output(path) as temp:
        book.save(temp)


def band_rows(result: Screening) -> list[list[Any]]:
    best = [
        hits[0].scored.band if (hits := result.hits.get(q.id)) else "none" for q in result.queries
    ]
    counts = result.by_band()
    return [[b, best.count(b), counts.get(b, 0)] for b in ("match", "review", "none")]


def query_row(query: Query, hits: Sequence[Hit]) -> list[Any]:
    best = hits[0].scored.score if hits else None
    return [
        query.id,
        query.name,
        query.type,
        "; ".join(query.aliases),
        query.birth_date,
        query.country,
        query.imo,
        query.id_number,
        len(hits),
        decimal(best) if best is not None else None,
        band(best) if best is not None else "none",
    ]


# --- pairs --------------------------------------------------------------------------------------


def pairs_csv(header_row: Sequence[str], rows: Iterable[tuple[Sequence[str], float]]) -> str:
    """The input rows with score and band appended."""
    return csv_text(
        [*header_row, *PAIR_COLUMNS],
        ([*cells, decimal(s), band(s)] for cells, s in rows),
    )
