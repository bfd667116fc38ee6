"""What changed between two snapshots of one list: entries added, removed and changed, with
field-level changes, and counts by type and program. The matching is set-based in SQL (entry
ids indexed by the store's primary key), so two million-entry snapshots diff in seconds."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tracker.store import ENTRY_FIELDS, Snapshot, Store, entry_dict
from tracker.tables import InputError

COLUMNS = ", ".join(f"b.{f}" for f in ENTRY_FIELDS)
DIFFERS = " OR ".join(f"a.{f} IS NOT b.{f}" for f in ENTRY_FIELDS[1:])  # any field changed


@dataclass
class Change:
    entry_id: str
    name: str
    entity_type: str
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
        """{added|removed|changed: {by_type|by_program: {key: count}}}"""
        result = {}
        for name, rows in (
            ("added", self.added),
            ("removed", self.removed),
            ("changed", [{"entity_type": c.entity_type, "programs": []} for c in self.changed]),
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
    """The two snapshots to compare: by default the last two of the source."""
    snapshots = store.snapshots(source)
    if before is None and after is None and len(snapshots) < 2:
        raise InputError(
            f"{source} has {len(snapshots)} snapshot(s) in {store.path}; a diff "
            "needs two (import another version first)"
        )
    chosen_after = store.snapshot_of(source, after)
    if before is not None:
        return store.snapshot_of(source, before), chosen_after
    earlier = [s for s in snapshots if s.id < chosen_after.id]
    if not earlier:
        raise InputError(f"no snapshot of {source} before snapshot {chosen_after.id}")
    return earlier[-1], chosen_after


ONE_SIDE = (
    f"SELECT {COLUMNS} FROM entries b WHERE b.snapshot_id = ? AND NOT EXISTS "
    "(SELECT 1 FROM entries a WHERE a.snapshot_id = ? AND a.entry_id = b.entry_id) "
    "ORDER BY b.entry_id"
)


def added(store: Store, old: int, new: int) -> list[dict[str, Any]]:
    """Entries of snapshot ``new`` that snapshot ``old`` does not have."""
    return [entry_dict(r) for r in store.db.execute(ONE_SIDE, (new, old))]


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
    for row in store.db.execute(both, (old.id, new.id)):
        after_entry, before_entry = entry_dict(row[:width]), entry_dict(row[width:])
        fields = {
            name: (before_entry[name], after_entry[name])
            for name in ENTRY_FIELDS
            if before_entry[name] != after_entry[name]
        }
        result.changed.append(
            Change(after_entry["entry_id"], after_entry["name"], after_entry["entity_type"], fields)
        )
    return result
