"""The hits workbook: a screening record a compliance officer files, fills in and reopens.

Summary says when the run was made, as of which date, by which algorithm and threshold,
each list searched with its publisher, its own date, its import date and its age (a list
older than --max-age is flagged), and what the inputs lacked. Hits is one row per hit: the
query with its values beside the entry's (birth dates, nationalities, identifiers, IMO,
addresses), the list's name, the entry's programs named, listing date and remarks, the reason
for the score, a link to the entry's official page, and empty ``decision``, ``reviewer``,
``decided_on`` and ``note`` columns with drop-downs: `tracker screen --decisions` reads the
workbook back as a decision file. Cleared lists the hits earlier decisions cleared, with who,
when and why; Queries echoes every row read, with its warnings.

Printed, a hit and its reason fit one page width (narrow margins, columns sized for it, the
key columns the decision reader needs printed too; the rest of Hits, for filtering, is left
out of the print area).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlsxwriter.worksheet import Worksheet

from tracker.outputs import atomic_output
from tracker.problems import Problem
from tracker.render import plural
from tracker.screening.record import TITLES, facts
from tracker.screening.results import Hit, Screening, queries
from tracker.screening.score import MATCH, REVIEW, band
from tracker.xlsx.writer import (
    PAGE_NUMBER,
    ROW_HEIGHT,
    Book,
    Column,
    Kind,
    Parts,
    lines_needed,
    link,
    long_table,
    print_columns,
    print_setup,
)

A4 = 9
DECISION_HELP = "cleared (a false positive: not raised again unless the entry changes) or confirmed"


def decimal(value: float) -> Decimal:
    return Decimal(f"{value:.4f}")


HIT_COLUMNS = [
    Column("query_id", Kind.text, "The query's id (its row when the file had none).", width=8),
    Column("query", Kind.wrapped, "The name looked for, its aliases and type.", width=17),
    Column("rank", Kind.count, "1 is the query's best hit.", width=5),
    Column("score", Kind.score, f"0 to 1: match from {MATCH}, review from {REVIEW}.", width=7),
    Column("band", Kind.text, "match or review.", width=6),
    Column(
        "entry",
        Kind.wrapped,
        "The list entry: list, id, name and type, the name or alias that matched, listing "
        "date, programs named, remarks.",
        width=24,
    ),
    Column(
        "compared",
        Kind.wrapped,
        "Each value the query or the entry has: the query's | the entry's (birth dates, "
        "country and nationalities, IMO, identifiers, addresses).",
        width=25,
    ),
    Column("reason", Kind.wrapped, "Why this score, feature by feature.", width=27),
    Column("decision", Kind.entry, DECISION_HELP, width=9),
    Column("reviewer", Kind.entry, "Who decided.", width=9),
    Column("decided_on", Kind.date, "The day of the decision (YYYY-MM-DD).", width=11),
    Column("note", Kind.wrapped, "Why (what was checked).", width=9),
    Column("page", Kind.link, "The entry's official page, where there is one.", width=5),
    # not printed: for filtering and for the decision reader
    Column("source", Kind.text, "The list's source name in the tracker."),
    Column("entry_id", Kind.text, "The entry's id on the list."),
    Column("snapshot", Kind.count, "The list's snapshot in the store."),
    Column("entry_name", Kind.text, "The entry's name on the list."),
    Column("matched_name", Kind.text, "The entry's name or alias that matched best."),
    Column("list_date", Kind.text, "The list's own date."),
    Column("programs", Kind.text, "The entry's programs, named, in full."),
    Column("remarks", Kind.text, "The entry's remarks in full."),
    Column("birth_dates", Kind.text, "The entry's birth dates, all of them."),
    Column("nationalities", Kind.text, "The entry's countries and nationalities."),
    Column("identifiers", Kind.text, "The entry's identifiers, all of them."),
    Column("addresses", Kind.text, "The entry's addresses, all of them."),
    Column("url", Kind.text, "The entry's official page."),
]  # fmt: skip
SHOWN = 3  # items of a kind shown on the printed row (all in the columns right of it)
SHOWN_TEXT = 90  # characters of one item shown there
SHOWN_REMARKS = 300
PRINTED = 13  # the columns of Hits on paper, query_id to page: 162 wide, A4 at 80 %
CLEARED_COLUMNS = [
    Column("query_id", Kind.text, "The query's id.", width=9),
    Column("query_name", Kind.wrapped, "The name looked for.", width=22),
    Column("source", Kind.text, "The list.", width=10),
    Column("entry_id", Kind.text, "The entry's id on the list.", width=12),
    Column("entry_name", Kind.wrapped, "The entry's name.", width=24),
    Column("score", Kind.score, "Its score in this run.", width=8),
    Column("decision", Kind.text, "cleared.", width=9),
    Column("reviewer", Kind.text, "Who cleared it.", width=12),
    Column("decided_on", Kind.date, "When.", width=11),
    Column("note", Kind.wrapped, "Why.", width=26),
    Column("read_from", Kind.wrapped, "The decision file and row it was read from.", width=18),
]
QUERY_COLUMNS = [
    Column("id", Kind.text, "The query's id.", width=9),
    Column("row", Kind.count, "The row of the queries file.", width=6),
    Column("name", Kind.wrapped, "The name looked for.", width=20),
    Column("type", Kind.text, "The type asked for, if any.", width=11),
    Column("aliases", Kind.wrapped, "Other names looked for.", width=14),
    Column("birth_date", Kind.text, "Date of birth as read (ISO).", width=11),
    Column("country", Kind.text, "Country as read (alpha-2).", width=8),
    Column("imo", Kind.text, "IMO number as read.", width=9),
    Column("id_number", Kind.text, "ID number given.", width=11),
    Column("found", Kind.count, "Hits at or above the threshold.", width=7),
    Column("best", Kind.score, "The best hit's score.", width=7),
    Column("band", Kind.text, "The best hit's band; none; or not screened.", width=9),
    Column("hits", Kind.link, "Its first row on Hits.", width=9),
    Column("warnings", Kind.wrapped, "Values of the row that could not be read.", width=30),
]  # fmt: skip


def write_workbook(result: Screening, path: Path) -> dict[str, str]:
    """Write the record; returns each query's first row on Hits ('Hits'!A5), for links."""
    book = Book({"title": "Screening record", "author": "tracker", "created": None})

    def new_sheet(name: str) -> Worksheet:
        sheet = book.workbook.add_worksheet(name)
        header = f"&L&B&A&R{result.algorithm}, as of {result.as_of}"
        print_setup(sheet, A4, header, f"&R{PAGE_NUMBER}")
        return sheet

    summary = new_sheet("Summary")
    hits = result.all_hits()
    parts = long_table(
        book, new_sheet, "Hits", "Hits", HIT_COLUMNS, hits, lambda i, h: hit_row(result, h)
    )
    for part in parts.parts:  # on paper, the columns a reader needs, on one page across
        decision_columns(book, part.table.sheet, part.table.count, result)
        part.table.sheet.print_area(0, 0, part.table.count, PRINTED - 1)
        part.table.sheet.set_v_pagebreaks([])
        print_columns(part.table.sheet, part.table.widths[:PRINTED], A4)
    first_rows = first_hit_cells(result, parts)
    long_table(
        book,
        new_sheet,
        "Cleared",
        "Cleared",
        CLEARED_COLUMNS,
        result.cleared,
        lambda i, hd: cleared_row(*hd),
    )
    rows = query_rows(result, first_rows)
    long_table(book, new_sheet, "Queries", "Queries", QUERY_COLUMNS, rows, lambda i, r: r)
    write_summary(book, summary, result)
    with atomic_output(path) as temp:
        book.save(temp)
    return first_rows


# --- Hits ---------------------------------------------------------------------------------------


def hit_row(result: Screening, hit: Hit) -> list[Any]:
    c = hit.candidate
    f = facts(result, hit)
    q = hit.query
    asked = [q.name or q.imo or q.id_number or ""]
    asked += [f"aliases: {'; '.join(q.aliases)}"] if q.aliases else []
    asked += [f"type: {q.type}"] if q.type else []
    entry = [f"{c.source} {c.entry_id}: {c.name} ({c.type})"]
    if hit.scored.matched_name != c.name:
        entry.append(f"matched: {hit.scored.matched_name}")
    entry.append(f.list_name)
    entry += [f"listed {f.listed_on}"] if f.listed_on else []
    entry += [f"programs: {some(f.programs)}"] if f.programs else []
    entry += [f"remarks: {cut(f.remarks, SHOWN_REMARKS)}"] if f.remarks else []
    compared = [
        f"{what}: {mine or '-'} | {some(theirs) or '-'}" for what, mine, theirs in f.compared(hit)
    ]
    reason = hit.scored.explanation + (f"\nDecision: {hit.decision}." if hit.decision else "")
    decided = hit.decided
    list_date = next(
        (s.snapshot.list_date for s in result.lists if s.snapshot.id == c.snapshot), ""
    )
    return [
        q.id,
        "\n".join(asked),
        hit.rank,
        decimal(hit.scored.score),
        hit.scored.band,
        "\n".join(entry),
        "\n".join(compared),
        reason,
        decided.decision if decided else None,
        decided.who if decided else None,
        dt.date.fromisoformat(decided.when) if decided else None,
        decided.note if decided else None,
        url_link(f.link) if f.link else None,
        c.source,
        c.entry_id,
        c.snapshot,
        c.name,
        hit.scored.matched_name,
        list_date,
        "; ".join(f.programs),
        f.remarks,
        "; ".join(f.birth_dates),
        "; ".join(f.nationalities),
        "; ".join(f.identifiers),
        "; ".join(f.addresses),
        f.link,
    ]


def cut(text: str, width: int = SHOWN_TEXT) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def some(items: Sequence[str]) -> str:
    """The first few items, each cut short, and how many more the full columns hold: a
    printed row stays within a page."""
    shown = "; ".join(cut(i) for i in items[:SHOWN])
    more = len(items) - SHOWN
    return shown + (f" (+{more} more)" if more > 0 else "")


def url_link(url: str) -> tuple[str, str]:
    safe = url.replace('"', "%22")
    return f'HYPERLINK("{safe}","page")', "page"


def decision_columns(book: Book, sheet: Worksheet, count: int, result: Screening) -> None:
    """Drop-downs and checks on the decision columns of every row written (and a hundred
    below, for rows added by hand)."""
    last = max(count, 1) + 100
    col = {c.name: i for i, c in enumerate(HIT_COLUMNS)}
    sheet.data_validation(
        1, col["decision"], last, col["decision"],
        {
            "validate": "list",
            "source": ["cleared", "confirmed"],
            "input_title": "Decision",
            "input_message": "cleared or confirmed",
            "error_title": "Decision",
            "error_message": DECISION_HELP,
        },
    )  # fmt: skip
    reviewers = sorted(
        {d.who for _, d in result.cleared if d.who}
        | {h.decided.who for h in result.all_hits() if h.decided and h.decided.who}
    )
    if reviewers and sum(len(r) + 1 for r in reviewers) < 250:  # Excel's limit on a list
        sheet.data_validation(
            1, col["reviewer"], last, col["reviewer"],
            {"validate": "list", "source": reviewers, "error_type": "information",
             "input_title": "Reviewer", "input_message": "who decided (a new name is fine)"},
        )  # fmt: skip
    else:
        sheet.data_validation(
            1, col["reviewer"], last, col["reviewer"],
            {"validate": "length", "criteria": "<=", "value": 200,
             "input_title": "Reviewer", "input_message": "who decided"},
        )  # fmt: skip
    sheet.data_validation(
        1,
        col["decided_on"],
        last,
        col["decided_on"],
        {
            "validate": "date",
            "criteria": ">=",
            "value": dt.date(2000, 1, 1),
            "input_title": "Decided on",
            "input_message": "the day of the decision: YYYY-MM-DD",
            "error_title": "Decided on",
            "error_message": "a date (YYYY-MM-DD), not later than the next run's date",
        },
    )
    sheet.data_validation(
        1, col["note"], last, col["note"],
        {"validate": "length", "criteria": "<=", "value": 2000,
         "input_title": "Note", "input_message": "why: what was checked"},
    )  # fmt: skip


def first_hit_cells(result: Screening, parts: Parts) -> dict[str, str]:
    found: dict[str, str] = {}
    for index, hit in enumerate(result.all_hits()):
        if hit.query.id not in found:
            title, row = parts.locate(index)
            found[hit.query.id] = f"'{title}'!A{row}"
    return found


# --- Cleared, Queries ---------------------------------------------------------------------------


def cleared_row(hit: Hit, decision: Any) -> list[Any]:
    return [
        hit.query.id,
        hit.query.name,
        hit.candidate.source,
        hit.candidate.entry_id,
        hit.candidate.name,
        decimal(hit.scored.score),
        decision.decision,
        decision.who,
        dt.date.fromisoformat(decision.when),
        decision.note,
        decision.origin,
    ]


def query_rows(result: Screening, first_rows: dict[str, str]) -> list[list[Any]]:
    source = result.source
    rows: list[tuple[int, list[Any]]] = []
    for index, query in enumerate(result.queries):
        found = result.hits.get(query.id, [])
        best = found[0].scored.score if found else None
        row = source.rows.get(query.id) if source else None
        warnings = source.warnings_of(query.id) if source else []
        hits_link = link(first_rows[query.id], "Hits") if query.id in first_rows else None
        rows.append((row or index, [
            query.id, row, query.name, query.type, "; ".join(query.aliases), query.birth_date,
            query.country, query.imo, query.id_number, len(found),
            decimal(best) if best is not None else None,
            band(best) if best is not None else "none", hits_link, warning_lines(warnings),
        ]))  # fmt: skip
    if source is not None:
        for row in source.not_screened:
            warnings = [p for p in source.problems if p.row == row]
            name = next((p.value for p in warnings if p.code == "too-long"), None)
            rows.append((row, [
                None, row, name, None, None, None, None, None, None, None, None,
                "not screened", None, warning_lines(warnings),
            ]))  # fmt: skip
    return [r for _, r in sorted(rows, key=lambda r: r[0])]


def warning_lines(problems: Sequence[Problem]) -> str:
    return "\n".join(
        f"{p.field}: {p.message}" + (f" ({p.cell})" if p.cell else "") for p in problems
    )


# --- Summary ------------------------------------------------------------------------------------

SUMMARY_WIDTHS = (16, 30, 30, 9, 11, 11, 9, 24)  # A..H: 140, within a page at 11 pt


def write_summary(book: Book, sheet: Worksheet, result: Screening) -> None:
    for col, width in enumerate(SUMMARY_WIDTHS):
        sheet.set_column(col, col, width)
    value_width = sum(SUMMARY_WIDTHS[1:])
    wrapped = book.workbook.add_format({"text_wrap": True, "valign": "top"})
    label = book.workbook.add_format({"bold": True, "valign": "top"})
    stale = book.workbook.add_format(
        {"text_wrap": True, "valign": "top", "bg_color": "#FFEB9C", "font_color": "#9C5700"}
    )
    sheet.write_string(0, 0, "Screening record", book.formats.title)
    sheet.set_row(0, 22)
    status = (
        book.formats.status_warning
        if result.stale or result.problems.warnings
        else book.formats.status_ok
    )
    sheet.merge_range(1, 0, 1, len(SUMMARY_WIDTHS) - 1, result.line(), status)
    sheet.set_row(1, lines_needed(result.line(), sum(SUMMARY_WIDTHS) / 1.3) * 18)
    row = 3
    for name, text in summary_notes(result):
        sheet.write_string(row, 0, name, label)
        sheet.merge_range(row, 1, row, len(SUMMARY_WIDTHS) - 1, text, wrapped)
        sheet.set_row(row, lines_needed(text, value_width) * ROW_HEIGHT)
        row += 1
    row += 1
    sheet.write_string(row, 0, "Lists searched", label)
    row += 1
    lists = [
        [
            s.snapshot.source, TITLES.get(s.snapshot.source, s.snapshot.source), s.publisher,
            s.snapshot.id, s.snapshot.list_date, s.snapshot.as_of, s.age_days,
            f"older than {result.max_age} days: import a newer list" if s.stale else "current",
        ]
        for s in result.lists
    ]  # fmt: skip
    headers = [
        "source",
        "list",
        "publisher",
        "snapshot",
        "list date",
        "imported on",
        "age (days)",
        "status",
    ]
    sheet.add_table(
        row, 0, row + max(len(lists), 1), len(headers) - 1,
        {
            "name": "Lists",
            "style": "Table Style Light 9",
            "data": lists,
            "columns": [{"header": h, "format": wrapped} for h in headers],
        },
    )  # fmt: skip
    for index, values in enumerate(lists, start=1):
        lines = max(lines_needed(str(v), w) for v, w in zip(values, SUMMARY_WIDTHS, strict=True))
        sheet.set_row(row + index, lines * ROW_HEIGHT)
        if values[-1] != "current":
            sheet.write_string(row + index, 7, str(values[-1]), stale)
    row += max(len(lists), 1) + 2
    sheet.write_string(row, 0, "Bands", label)
    row += 1
    bands = band_rows(result)
    sheet.add_table(
        row, 0, row + len(bands), 2,
        {
            "name": "Bands",
            "style": "Table Style Light 9",
            "data": bands,
            "columns": [{"header": "band"}, {"header": "queries"}, {"header": "hits"}],
        },
    )  # fmt: skip
    print_columns(sheet, SUMMARY_WIDTHS, A4, repeat=0)


def summary_notes(result: Screening) -> list[tuple[str, str]]:
    found, listed = result.total_found, len(result.all_hits())
    more = sum(1 for q in result.queries if len(result.listed(q.id)) < result.found_of(q.id))
    notes = [
        ("Run", f"{result.run_at}: the time this record was made"),
        (
            "As of",
            f"{result.as_of}: the lists' ages are counted to this date; a list older than "
            f"{result.max_age} days (--max-age) is flagged",
        ),
        (
            "Algorithm",
            f"{result.algorithm}: a score from 0 to 1 with its reasons; match from "
            f"{MATCH:.2f}, review from {REVIEW:.2f}",
        ),
        (
            "Threshold",
            f"{result.threshold:.2f}: every hit at or above it is counted"
            + (
                f"; at most {result.limit} per query are listed on Hits (--limit): "
                f"{listed:,} of {found:,} listed, {queries(more)} had more"
                if listed < found
                else f"; all {found:,} are listed on Hits"
            ),
        ),
    ]
    source = result.source
    if source is not None:
        sheet = f", sheet {source.sheet!r}" if source.sheet else ""
        read = len(result.queries) + len(source.not_screened)
        notes.append(
            (
                "Queries",
                f"{source.path.name}{sheet}: {plural(read, 'row')} read, "
                f"{len(result.queries):,} screened, {len(source.not_screened):,} not screened; "
                f"{plural(source.ignored, 'value')} could not be read and were ignored (Queries, "
                "column warnings)",
            )
        )
    else:
        notes.append(("Queries", queries(len(result.queries))))
    bands = result.by_band()
    with_hits = sum(1 for q in result.queries if result.hits.get(q.id))
    notes.append(
        (
            "Hits",
            f"{plural(found, 'hit')} ({bands['match']:,} match, {bands['review']:,} review) for "
            f"{with_hits:,} of {queries(len(result.queries))}",
        )
    )
    notes.append(
        (
            "Cleared",
            f"{plural(len(result.cleared), 'hit')} cleared by earlier decisions, not raised again: "
            "see Cleared (who, when, why)"
            if result.cleared
            else "no hit was cleared by an earlier decision",
        )
    )
    notes.append(
        (
            "Decisions",
            "fill in decision (cleared or confirmed), reviewer, decided_on and note on Hits; "
            "`tracker screen ... --decisions` with this workbook reads them back",
        )
    )
    notes += [("Warning", s.warning) for s in result.stale]
    return notes


def band_rows(result: Screening) -> list[list[Any]]:
    best = [
        hits[0].scored.band if (hits := result.hits.get(q.id)) else "none" for q in result.queries
    ]
    counts = result.by_band()
    return [[b, best.count(b), counts.get(b, 0)] for b in ("match", "review", "none")]
