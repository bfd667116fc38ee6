"""A snapshot's normalised entries as JSON, CSV or FollowTheMoney entities, every field,
written as they are read from the store (memory does not grow with the list, apart from the
set of entry ids FtM links are checked against)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from tracker.ftm.entity import write_entities
from tracker.ftm.entries import snapshot_entities
from tracker.lists.importers.registry import known
from tracker.lists.store import ENTRY_FIELDS, JSON_FIELDS, Snapshot, Store
from tracker.render import write_csv

EXPORT_FORMATS = ("json", "csv", "ftm")
SUFFIXES = {"json": (".json",), "csv": (".csv",), "ftm": (".json", ".jsonl", ".ftm")}


def write_snapshot(store: Store, snapshot: Snapshot, fmt: str, stream: TextIO) -> int:
    """Write a snapshot's entries to ``stream`` in ``fmt``; returns how many entries."""
    entries = store.entries(snapshot.id)
    if fmt != "ftm":
        return write_entries(entries, fmt, stream)
    listing = known(snapshot.source)
    ids = store.entry_ids(snapshot.id)
    write_entities(
        snapshot_entities(snapshot.source, entries, listing.authority, listing.url, ids), stream
    )
    return len(ids)


def write_entries(entries: Iterable[dict[str, Any]], fmt: str, stream: TextIO) -> int:
    """Write the entries to ``stream``; returns how many. JSON is an array of objects, one per
    line; CSV has one column per field (lists joined with '; ', details as JSON)."""
    count = 0
    if fmt == "json":
        stream.write("[")
        for entry in entries:
            stream.write(("\n" if not count else ",\n") + json.dumps(entry, ensure_ascii=False))
            count += 1
        stream.write("\n]\n" if count else "]\n")
        return count

    def rows() -> Iterable[list[object]]:
        nonlocal count
        for entry in entries:
            count += 1
            yield [csv_cell(entry[f]) if f in JSON_FIELDS else entry[f] for f in ENTRY_FIELDS]

    write_csv(stream, ENTRY_FIELDS, rows())
    return count


def csv_cell(value: Any) -> str:
    """Lists as '; '-joined text; the details mapping as JSON (it nests lists)."""
    if isinstance(value, list):
        return "; ".join(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
