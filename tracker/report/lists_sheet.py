"""The Lists sheet of the report: the store's snapshots with their counts, and each list's
latest change. It is given these as values (``diff.ListsOverview``); it never opens the store."""

from __future__ import annotations

from typing import Any

from xlsxwriter.worksheet import Worksheet

from tracker.diff import ListsOverview
from tracker.report.sheets import Report

TYPES = ("person", "organization", "vessel", "aircraft")


def lists_sheet(report: Report, overview: ListsOverview) -> None:
    sheet = report.sheet("Lists", repeat_top=None)
    fmt = report.book.formats
    sheet.write_string(0, 0, f"Snapshots in {overview.store}", fmt.bold)
    rows = [
        [
            s.id,
            s.source,
            s.as_of,
            s.published or "",
            s.entries,
            *[s.counts.get(t, 0) for t in TYPES],
        ]
        for s in overview.snapshots
    ]
    header = ["snapshot", "source", "as_of", "published", "entries", *TYPES]
    small_table(report, sheet, 1, "Snapshots", header, rows)
    top = len(rows) + 4
    sheet.write_string(top, 0, "Latest change of each list", fmt.bold)
    header = [
        "source",
        "from_snapshot",
        "from_as_of",
        "to_snapshot",
        "to_as_of",
        *[f"added_{t}" for t in TYPES],
        "added",
        "removed",
        "changed",
    ]
    latest = [
        [
            c.source,
            c.before.id,
            c.before.as_of,
            c.after.id,
            c.after.as_of,
            *[c.added_by_type.get(t, 0) for t in TYPES],
            c.added,
            c.removed,
            c.changed,
        ]
        for c in overview.changes
    ]
    small_table(report, sheet, top + 1, "ListChanges", header, latest)
    sheet.set_column(0, len(header) - 1, 14)


def small_table(
    report: Report, sheet: Worksheet, top: int, name: str, header: list[str], rows: list[list[Any]]
) -> None:
    data = rows or [[None] * len(header)]
    sheet.add_table(
        top,
        0,
        top + len(data),
        len(header) - 1,
        {
            "name": name,
            "style": "Table Style Medium 2",
            "data": data,
            "columns": [
                {
                    "header": h,
                    "format": report.book.formats.count
                    if isinstance((rows[0][i] if rows else None), int)
                    else None,
                }
                for i, h in enumerate(header)
            ],
        },
    )
