"""List entries as the FtM entities yente returns: built by the same function as `tracker
export --format ftm` (so ids and properties are those of the export), with the dates of the
entry's history in the store (first seen, last changed) and its Sanction nested under
``sanctions`` as yente nests adjacent entities. An id is resolved back to its source and entry
on the latest snapshot of each source."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tracker.ftm.entries import LINK, entity_id, entry_entities
from tracker.lists.importers.registry import known
from tracker.lists.store import Snapshot, Store
from tracker.screening.decisions import rows_equal

RISK_TOPICS = frozenset(
    {"sanction", "sanction.linked", "sanction.counter", "debarment", "export.control", "crime",
     "crime.terror", "crime.war", "wanted", "poi", "role.pep", "role.oligarch"}
)  # fmt: skip
SANCTION_SUFFIX = "-sanction"


def timestamp(day: str | None) -> str | None:
    """A list date as yente writes its timestamps (ISO, to the second, no zone)."""
    if not day:
        return None
    return f"{day}T00:00:00" if len(day) == 10 else day


def linked_ids(store: Store, snapshot: int, entry: dict[str, Any]) -> set[str]:
    """The entries of the snapshot this entry links to (the others stay notes, as in the
    export)."""
    wanted = [m["id"] for v in entry["details"].get("linked_to", []) if (m := LINK.match(v))]
    return {e["entry_id"] for e in store.entries_by_id(snapshot, wanted)} if wanted else set()


def entities_of(store: Store, snapshot: Snapshot, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The entry, its Sanction and its links, as `tracker export --format ftm` writes them."""
    listing = known(snapshot.source)
    ids = linked_ids(store, snapshot.id, entry)
    return list(entry_entities(snapshot.source, entry, listing.authority, listing.url, ids))


def history(
    store: Store, source: str, entry_ids: Sequence[str]
) -> dict[str, tuple[str | None, str | None]]:
    """For each entry: the list date it first appeared on, and the one since which it is as
    it is now (in the snapshots of its source, in list-date order)."""
    dates: dict[str, tuple[str | None, str | None]] = {}
    previous: dict[str, dict[str, Any]] = {}
    for snapshot in store.snapshots(source):
        rows = {e["entry_id"]: e for e in store.entries_by_id(snapshot.id, list(entry_ids))}
        for entry_id in entry_ids:
            now = rows.get(entry_id)
            if now is None:
                previous.pop(entry_id, None)
                continue
            first, changed = dates.get(entry_id, (None, None))
            before = previous.get(entry_id)
            if before is None or not rows_equal(before, now):
                changed = snapshot.list_date
            dates[entry_id] = (first or snapshot.list_date, changed)
            previous[entry_id] = now
    return dates


def response_of(
    entity: dict[str, Any],
    source: str,
    latest: Snapshot,
    dates: tuple[str | None, str | None],
) -> dict[str, Any]:
    """An entity in yente's response shape (``EntityResponse``)."""
    props = entity["properties"]
    topics = set(props.get("topics", []))
    caption = entity.get("caption") or next(
        (props[p][0] for p in ("name", "program", "role") if props.get(p)), entity["schema"]
    )
    return {
        "id": entity["id"],
        "caption": caption,
        "schema": entity["schema"],
        "properties": entity["properties"],
        "datasets": [source],
        "referents": [],
        "target": bool(topics & RISK_TOPICS),
        "first_seen": timestamp(dates[0]),
        "last_seen": timestamp(latest.list_date),
        "last_change": timestamp(dates[1]),
    }


def nested(
    entities: list[dict[str, Any]],
    source: str,
    latest: Snapshot,
    dates: tuple[str | None, str | None],
) -> dict[str, Any]:
    """The entry with its Sanction under ``sanctions`` and its links under ``unknownLinkTo``
    (the back-references to the entry left out, as yente leaves them)."""
    subject, *others = entities
    body = response_of(subject, source, latest, dates)
    body["properties"] = dict(body["properties"])
    for other in others:
        props = {k: v for k, v in other["properties"].items() if k not in ("entity", "subject")}
        child = {**response_of(other, source, latest, dates), "properties": props}
        key = "sanctions" if other["schema"] == "Sanction" else "unknownLinkTo"
        body["properties"].setdefault(key, []).append(child)
    return body


def resolve(store: Store, ident: str, latest: dict[str, Snapshot]) -> tuple[str, str] | None:
    """(source, entry id) of an entity id on the latest snapshot of its source, or None."""
    for source in sorted(latest, key=len, reverse=True):
        snapshot = latest[source]
        if source == "ftm" and store.entries_by_id(snapshot.id, [ident]):
            return source, ident
        if not ident.startswith(source + "-"):
            continue
        rest = ident[len(source) + 1 :]
        if entity_id(source, rest) == ident and store.entries_by_id(snapshot.id, [rest]):
            return source, rest
        if "-" in rest:  # an id made safe with a hash suffix: compare with every entry's
            for entry_id in sorted(store.entry_ids(snapshot.id)):
                if entity_id(source, entry_id) == ident:
                    return source, entry_id
    return None


def fetch(
    store: Store, ident: str, latest: dict[str, Snapshot], nest: bool = True
) -> dict[str, Any] | None:
    """The entity with this id (an entry, or an entry's Sanction) as yente returns it."""
    base = ident.removesuffix(SANCTION_SUFFIX)
    found = resolve(store, ident, latest) or (
        resolve(store, base, latest) if base != ident else None
    )
    if found is None:
        return None
    source, entry_id = found
    snapshot = latest[source]
    entry = store.entries_by_id(snapshot.id, [entry_id])[0]
    entities = entities_of(store, snapshot, entry)
    dates = history(store, source, [entry_id]).get(entry_id, (None, None))
    if entities[0]["id"] != ident:  # the Sanction asked for: the entry nested in it
        sanction = next((e for e in entities if e["id"] == ident), None)
        if sanction is None:
            return None
        body = response_of(sanction, source, snapshot, dates)
        if nest:
            body["properties"] = dict(body["properties"])
            body["properties"]["entity"] = [response_of(entities[0], source, snapshot, dates)]
        return body
    if not nest:
        return response_of(entities[0], source, snapshot, dates)
    return nested(entities, source, snapshot, dates)
