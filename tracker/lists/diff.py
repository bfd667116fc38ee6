"""What changed between two snapshots of one list: entries added, removed and changed, with
field-level changes, and counts by type and program. A list (aliases, countries, programs)
holding the same items in another order has not changed. The matching is set-based in SQL
(entry ids indexed by the store's primary key), so two million-entry snapshots diff in
seconds."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tracker.errors import StoreError
from tracker.lists.store import ENTRY_FIELDS, LIST_FIELDS, Snapshot, Store, entry_dict, items

COLUMNS = ", ".join(f"b.{f}" for f in ENTRY_FIELDS)
DIFFERS = " OR ".join(  # any field changed; a list re-ordered has not
    f"(a.{f} IS NOT b.{f} AND NOT same_items(a.{f}, b.{f}))"
    if f in LIST_FIELDS
    else f"a.{f} IS NOT b.{f}"
    for f in ENTRY_FIELDS[1:]
)


@dataclass
class Change:
    entry_id: str
    name: str
    entity_type: str
    programs: list[str]  # after the change
    fields: dict[str, tuple[Any, Any]]  # field -> (before, after)


@dataclass
class Diff:
    source: str
    before: Snapshot
    after: Snapshot
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, dict[str, int]]]:
        """{added|removed|changed: {by_type|by_program: {key: count}}}; a changed entry counts
        under its programs after the change."""
        result = {}
        for name, rows in (
            ("added", self.added),
            ("removed", self.removed),
            (
                "changed",
                [{"entity_type": c.entity_type, "programs": c.programs} for c in self.changed],
            ),
        ):
            by_type = Counter(r["entity_type"] for r in rows)
            by_program = Counter(p for r in rows for p in r["programs"])
            result[name] = {
                "by_type": dict(sorted(by_type.items())),
                "by_program": dict(sorted(by_program.items())),
            }
        return result


def pick(
    store: Store, source: str, before: int | None, after: int | None
) -> tuple[Snapshot, Snapshot]:
    """The two snapshots to compare: by default the last two of the source, in list-date
    order (a backfilled older snapshot does not make the diff run backwards)."""
    snapshots = store.snapshots(source)
    if before is None and after is None and len(snapshots) < 2:
        raise StoreError(
            f"{source} has {len(snapshots)} snapshot(s) in {store.path}; a diff "
            "needs two (import another version first)"
        )
    chosen_after = store.snapshot_of(source, after)
    if before is not None:
        return store.snapshot_of(source, before), chosen_after
    position = [s.id for s in snapshots].index(chosen_after.id)
    if position == 0:
        raise StoreError(f"no snapshot of {source} before snapshot {chosen_after.id}")
    return snapshots[position - 1], chosen_after


ONE_SIDE = (
    f"SELECT {COLUMNS} FROM entries b WHERE b.snapshot_id = ? AND NOT EXISTS "
    "(SELECT 1 FROM entries a WHERE a.snapshot_id = ? AND a.entry_id = b.entry_id) "
    "ORDER BY b.entry_id"
)


def added(store: Store, old: int, new: int) -> list[dict[str, Any]]:
    """Entries of snapshot ``new`` that snapshot ``old`` does not have."""
    return [entry_dict(r, store.path) for r in store.rows(ONE_SIDE, (new, old))]


def diff(store: Store, source: str, before: int | None = None, after: int | None = None) -> Diff:
    old, new = pick(store, source, before, after)
    result = Diff(source, old, new)
    result.added = added(store, old.id, new.id)
    result.removed = added(store, new.id, old.id)
    both = (
        f"SELECT {COLUMNS}, {', '.join(f'a.{f}' for f in ENTRY_FIELDS)} FROM entries b "
        "JOIN entries a ON a.snapshot_id = ? AND a.entry_id = b.entry_id "
        f"WHERE b.snapshot_id = ? AND ({DIFFERS}) ORDER BY b.entry_id"
    )
    width = len(ENTRY_FIELDS)
    for row in store.rows(both, (old.id, new.id)):
        after_entry, before_entry = (
            entry_dict(row[:width], store.path),
            entry_dict(row[width:], store.path),
        )
        fields = {
            name: (before_entry[name], after_entry[name])
            for name in ENTRY_FIELDS
            if changed(name, before_entry[name], after_entry[name])
        }
        result.changed.append(
            Change(
                after_entry["entry_id"],
                after_entry["name"],
                after_entry["entity_type"],
                after_entry["programs"],
                fields,
            )
        )
    return result


def changed(name: str, before: Any, after: Any) -> bool:
    if name in LIST_FIELDS:
        return bool(items(before) != items(after))
    return bool(before != after)


@dataclass(frozen=True)
class ListChange:
    """Counts of what changed between two snapshots of one list."""

    source: str
    before: Snapshot
    after: Snapshot
    added_by_type: dict[str, int]
    added: int
    removed: int
    changed: int


@dataclass(frozen=True)
class ListsOverview:
    """What a report shows of a store: its snapshots and each list's latest change."""

    store: str
    snapshots: list[Snapshot]
    changes: list[ListChange]


COUNT_ONE_SIDE = (
    "SELECT b.entity_type, COUNT(*) FROM entries b WHERE b.snapshot_id = ? AND NOT EXISTS "
    "(SELECT 1 FROM entries a WHERE a.snapshot_id = ? AND a.entry_id = b.entry_id) "
    "GROUP BY b.entity_type ORDER BY b.entity_type"
)


def change_counts(store: Store, before: Snapshot, after: Snapshot) -> ListChange:
    """Counts only, in SQL: cheap even for million-entry snapshots."""
    added_by_type = {str(t): int(n) for t, n in store.rows(COUNT_ONE_SIDE, (after.id, before.id))}
    removed = sum(int(n) for _, n in store.rows(COUNT_ONE_SIDE, (before.id, after.id)))
    (changed,) = next(
        store.rows(
            "SELECT COUNT(*) FROM entries b JOIN entries a ON a.snapshot_id = ? "
            f"AND a.entry_id = b.entry_id WHERE b.snapshot_id = ? AND ({DIFFERS})",
            (before.id, after.id),
        )
    )
    return ListChange(
        after.source, before, after, added_by_type, sum(added_by_type.values()), removed, changed
    )


def lists_overview(store: Store) -> ListsOverview:
    snapshots = store.snapshots()
    changes = []
    for source in sorted({s.source for s in snapshots}):
        of_source = [s for s in snapshots if s.source == source]
        if len(of_source) > 1:
            changes.append(change_counts(store, of_source[-2], of_source[-1]))
    return ListsOverview(store.path.name, snapshots, changes)
