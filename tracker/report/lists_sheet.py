"""The Lists and List changes sheets of the report: a store's snapshots with their counts and a
chart of each list's size over its snapshots, and each list's latest change. They are given
these as values (``diff.ListsOverview``); they never open the store."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from tracker.lists.diff import ListChange, ListsOverview
from tracker.report.sheets import Report, stream
from tracker.xlsx.writer import Column, Kind

if TYPE_CHECKING:  # a value the report is given; it never opens the store
    from tracker.lists.store import Snapshot

TYPES = ("person", "organization", "vessel", "aircraft")

SNAPSHOT_COLUMNS = [
    Column("snapshot", Kind.text, "The snapshot's id in the store."),
    Column("source", Kind.text, "The list (a `tracker import` source)."),
    Column("list_date", Kind.date, "The list's own date, else the date it was imported as of."),
    Column("as_of", Kind.date, "The date the snapshot was imported as of (--as-of)."),
    Column("published", Kind.date, "The date the list's files state, where they state one."),
    Column("entries", Kind.count, "Entries in the snapshot."),
    *(Column(t, Kind.count, f"Entries of type {t}.") for t in TYPES),
    Column("note", Kind.wrapped, "A warning, such as a snapshot later than the report's date."),
]
CHANGE_COLUMNS = [
    Column("source", Kind.text, "The list."),
    Column("from_snapshot", Kind.text, "The earlier snapshot's id."),
    Column("from_date", Kind.date, "Its list date."),
    Column("to_snapshot", Kind.text, "The later snapshot's id."),
    Column("to_date", Kind.date, "Its list date."),
    *(Column(f"added_{t}", Kind.count, f"Entries of type {t} added.") for t in TYPES),
    Column("added", Kind.count, "Entries added."),
    Column("removed", Kind.count, "Entries removed."),
    Column("changed", Kind.count, "Entries changed."),
]


def day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def later_than(snapshot: Snapshot, as_of: dt.date) -> str:
    date = day(snapshot.list_date)
    if date is not None and date > as_of:
        return f"later than this report's date ({as_of}): it was not known then"
    return ""


def lists_sheets(report: Report, overview: ListsOverview) -> None:
    report.descriptions["Lists"] = (
        f"the snapshots of official lists in {overview.store}, and each list's size over time"
    )
    report.descriptions["List changes"] = "each official list's latest change, by type"
    snapshots = sorted(overview.snapshots, key=lambda s: (s.source, s.list_date, s.id))

    def snapshot_row(index: int, s: Snapshot) -> list[Any]:
        counts = [s.counts.get(t, 0) for t in TYPES]
        dates = [day(s.list_date), day(s.as_of), day(s.published)]
        return [str(s.id), s.source, *dates, s.entries, *counts, later_than(s, report.as_of)]

    parts = stream(report, "Lists", "Snapshots", SNAPSHOT_COLUMNS, snapshots, snapshot_row)
    chart = report.book.workbook.add_chart({"type": "line"})
    for source in dict.fromkeys(s.source for s in snapshots):
        rows = [i for i, s in enumerate(snapshots) if s.source == source]
        first, last = parts.locate(rows[0])[1] - 1, parts.locate(rows[-1])[1] - 1
        chart.add_series(
            {
                "name": source,
                "categories": ["Lists", first, 2, last, 2],
                "values": ["Lists", first, 5, last, 5],
                "marker": {"type": "circle"},
            }
        )
    chart.set_title({"name": "Entries in each list, by list date"})
    chart.set_y_axis({"num_format": "#,##0", "name": "entries"})
    chart.set_x_axis({"date_axis": True, "num_format": "yyyy-mm-dd"})
    chart.set_legend({"position": "bottom"})
    parts.parts[0].table.sheet.insert_chart(1, len(SNAPSHOT_COLUMNS) + 1, chart)

    def change_row(index: int, c: ListChange) -> list[Any]:
        added = [c.added_by_type.get(t, 0) for t in TYPES]
        dates = (day(c.before.list_date), day(c.after.list_date))
        ends = [str(c.before.id), dates[0], str(c.after.id), dates[1]]
        return [c.source, *ends, *added, c.added, c.removed, c.changed]

    stream(report, "List changes", "ListChanges", CHANGE_COLUMNS, overview.changes, change_row)
