"""A snapshot diff as a workbook for policy staff: counts, then added, removed and changed
entries, each sheet a filterable Excel table that continues on numbered sheets past Excel's
row limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from xlsxwriter.worksheet import Worksheet

from tracker.lists.diff import Diff
from tracker.outputs import atomic_output
from tracker.render import short
from tracker.xlsx.writer import (
    EXCEL_MAX_ROWS,
    PAGE_NUMBER,
    Book,
    Column,
    Kind,
    long_table,
    print_setup,
)

A4 = 9
IDENTITY = [
    Column("entry_id", Kind.text, "The entry's id on the list."),
    Column("entity_type", Kind.text, "person, organization, vessel or aircraft."),
]
ENTRY_COLUMNS = [
    *IDENTITY,
    Column("name", Kind.text, "The entry's name."),
    Column("programs", Kind.wrapped, "Its programs, separated by '; '."),
    Column("countries", Kind.text, "Its countries, alpha-2 where known."),
    Column("imo", Kind.text, "IMO number (vessels)."),
]
CHANGE_COLUMNS = [
    *IDENTITY,
    Column("name", Kind.text, "The entry's name after the change."),
    Column("field", Kind.text, "The field that changed."),
    Column("before", Kind.wrapped, "Its value before, as readable text."),
    Column("after", Kind.wrapped, "Its value after."),
]
COUNT_COLUMNS = [
    Column("change", Kind.text, "added, removed or changed."),
    Column("by", Kind.text, "type or program."),
    Column("key", Kind.text, "The type or the program."),
    Column("entries", Kind.count, "How many entries."),
]


PROGRAM_COLUMNS = [
    Column("change", Kind.text, "added, removed or changed (with its programs after the change)."),
    *IDENTITY,
    Column("name", Kind.text, "The entry's name."),
    Column("program", Kind.text, "One program of the entry: filter on it."),
]


def write_diff_workbook(
    result: Diff, path: Path, rows_per_sheet: int = EXCEL_MAX_ROWS - 1
) -> list[str]:
    """Write the diff as a workbook, atomically; returns its sheet names. Summary gives the
    totals the command prints; Added, Removed and Changed (one row per changed field, before
    and after as text) and Programs (one row per entry and program) are filterable tables."""
    book = Book({"title": f"{result.source} diff", "author": "tracker", "created": None})
    title = (
        f"{result.source}: snapshot {result.before.id} (as of {result.before.as_of}) -> "
        f"snapshot {result.after.id} (as of {result.after.as_of})"
    )

    def new_sheet(name: str, repeat_top: int = 0) -> Worksheet:
        sheet = book.workbook.add_worksheet(name)
        print_setup(sheet, A4, f"&L&B&A&R{title}", f"&R{PAGE_NUMBER}", repeat_top)
        return sheet

    summary = new_sheet("Summary", repeat_top=3)  # the counts' header
    summary.write_string(0, 0, title, book.formats.title)
    totals = (
        f"added {len(result.added):,}, removed {len(result.removed):,}, "
        f"changed {len(result.changed):,}"
    )
    summary.write_string(1, 0, totals, book.formats.bold)
    counts = [
        [kind, dimension.removeprefix("by_"), key, n]
        for kind, by in result.counts().items()
        for dimension, values in by.items()
        for key, n in sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    long_table(
        book,
        new_sheet,
        "Summary",
        "Counts",
        COUNT_COLUMNS,
        counts,
        lambda i, r: r,
        rows_per_sheet,
        sheet=summary,
        top=3,
    )
    for kind, entries in (("Added", result.added), ("Removed", result.removed)):
        long_table(book, new_sheet, kind, kind, ENTRY_COLUMNS, entries, entry_row, rows_per_sheet)
    changes = [
        [c.entry_id, c.entity_type, c.name, name, short(before), short(after)]
        for c in result.changed
        for name, (before, after) in c.fields.items()
    ]
    long_table(
        book,
        new_sheet,
        "Changed",
        "Changed",
        CHANGE_COLUMNS,
        changes,
        lambda i, r: r,
        rows_per_sheet,
    )
    programs = [
        [kind, e["entry_id"], e["entity_type"], e["name"], program]
        for kind, entries in (("added", result.added), ("removed", result.removed))
        for e in entries
        for program in e["programs"]
    ] + [
        ["changed", c.entry_id, c.entity_type, c.name, program]
        for c in result.changed
        for program in c.programs
    ]
    long_table(
        book,
        new_sheet,
        "Programs",
        "Programs",
        PROGRAM_COLUMNS,
        programs,
        lambda i, r: r,
        rows_per_sheet,
    )
    names = [sheet.get_name() for sheet in book.workbook.worksheets()]
    with atomic_output(path) as temp:
        book.save(temp)
    return names


def entry_row(index: int, e: dict[str, Any]) -> list[Any]:
    return [e["entry_id"], e["entity_type"], e["name"], e["programs"], e["countries"], e["imo"]]
