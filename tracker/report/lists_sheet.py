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
    Column("snapshot", Kind.count, "The snapshot's id in the store (a number)."),
    Column("source", Kind.text, "The list (a `tracker import` source)."),
    Column("list_date", Kind.date, "The list's own date, else the date it was imported as of."),
    Column("as_of", Kind.date, "The date the snapshot was imported as of (--as-of)."),
    Column("published", Kind.date, "The date the list's files state, where they state one."),
    Column("entries", Kind.count, "Entries in the snapshot."),
    *(Column(t, Kind.count, f"Entries of type {t}.") for t in TYPES),
    Column(
        "note",
        Kind.wrapped,
        "A warning: a snapshot later than the report's date, or a list's latest snapshot "
        "older than --max-age days before it.",
    ),
]
CHANGE_COLUMNS = [
    Column("source", Kind.text, "The list."),
    Column("from_snapshot", Kind.count, "The earlier snapshot's id."),
    Column("from_date", Kind.date, "Its list date."),
    Column("to_snapshot", Kind.count, "The later snapshot's id."),
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


def latest(snapshots: list[Snapshot], as_of: dt.date) -> dict[str, Snapshot]:
    """Each list's latest snapshot known on ``as_of`` (none later than it)."""
    found: dict[str, Snapshot] = {}
    for s in sorted(snapshots, key=lambda s: (s.list_date, s.id)):
        date = day(s.list_date)
        if date is None or date <= as_of:
            found[s.source] = s
    return found


def stale(overview: ListsOverview, as_of: dt.date, max_age: int) -> dict[str, tuple[Snapshot, int]]:
    """Lists whose latest snapshot is more than ``max_age`` days before ``as_of``: source ->
    (that snapshot, its age in days)."""
    found = {}
    for source, snapshot in latest(overview.snapshots, as_of).items():
        date = day(snapshot.list_date)
        if date is not None and (as_of - date).days > max_age:
            found[source] = (snapshot, (as_of - date).days)
    return found


def stale_note(source: str, snapshot: Snapshot, age: int, as_of: dt.date, max_age: int) -> str:
    return (
        f"the latest {source} list is of {snapshot.list_date}, {age:,} days before this "
        f"report's date ({as_of}; --max-age {max_age}): import a newer one"
    )


def lists_sheets(report: Report, overview: ListsOverview) -> None:
    """Lists (every snapshot, in list-date order, with its warnings) and List changes."""
    report.descriptions["Lists"] = (
        f"the snapshots of official lists in {overview.store}, in list-date order, with "
        "warnings for lists older than --max-age"
    )
    report.descriptions["List changes"] = "each official list's latest change, by type"
    snapshots = sorted(overview.snapshots, key=lambda s: (s.list_date, s.source, s.id))
    old = stale(overview, report.as_of, report.max_age)

    def snapshot_row(index: int, s: Snapshot) -> list[Any]:
        counts = [s.counts.get(t, 0) for t in TYPES]
        dates = [day(s.list_date), day(s.as_of), day(s.published)]
        notes = [later_than(s, report.as_of)]
        if s.source in old and old[s.source][0].id == s.id:
            notes.append(stale_note(s.source, s, old[s.source][1], report.as_of, report.max_age))
        note = "; ".join(n for n in notes if n)
        return [s.id, s.source, *dates, s.entries, *counts, note]

    stream(report, "Lists", "Snapshots", SNAPSHOT_COLUMNS, snapshots, snapshot_row)

    def change_row(index: int, c: ListChange) -> list[Any]:
        added = [c.added_by_type.get(t, 0) for t in TYPES]
        dates = (day(c.before.list_date), day(c.after.list_date))
        ends = [c.before.id, dates[0], c.after.id, dates[1]]
        return [c.source, *ends, *added, c.added, c.removed, c.changed]

    stream(report, "List changes", "ListChanges", CHANGE_COLUMNS, overview.changes, change_row)
