"""A batch of queries screened the way `tracker screen` screens them (the same functions:
``screen_queries``, ``apply_decisions``), with the decisions kept in the store applied.

The snapshots served are chosen once per request: of each list, the latest whose screening
index is built (an import stores its snapshot, then builds its index: until then the one
before is served, so an import never makes the server answer "not indexed"). A snapshot never
changes once imported, so every hit of one answer comes from the same snapshots, whatever an
import does meanwhile. Queries run in small groups; a request past its time stops between two."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from tracker.errors import StoreError
from tracker.lists.store import DecisionRecord, Snapshot, Store
from tracker.screening.decisions import apply_decisions
from tracker.screening.index import Index
from tracker.screening.results import Decision, Screening
from tracker.screening.score import ALGORITHM_ID, Query
from tracker.screening.screen import explained, screen_queries
from tracker.serve.limits import Refused

GROUP = 10  # queries screened between two looks at the clock (below the index's preload size)


def as_decision(record: DecisionRecord) -> Decision:
    """A stored decision as the decision files give it to `tracker screen`."""
    return Decision(
        query=record.query,
        source=record.source,
        entry_id=record.entry_id,
        decision=record.decision,
        who=record.who,
        when=record.day,
        note=record.note,
    )


def served(store: Store) -> dict[str, Snapshot]:
    """Of each list, the snapshot served: the latest indexed by the current algorithm, else the
    latest (screening it says it has no index)."""
    found: dict[str, Snapshot] = {}
    indexed: dict[str, Snapshot] = {}
    for snapshot in store.snapshots():  # in list-date order
        found[snapshot.source] = snapshot
        if store.screen_index(snapshot.id) == ALGORITHM_ID:
            indexed[snapshot.source] = snapshot
    return {source: indexed.get(source, latest) for source, latest in sorted(found.items())}


def screen(
    db: Path,
    store: Store,
    queries: Sequence[Query],
    sources: Sequence[str],
    threshold: float,
    limit: int,
    deadline: float,
    algorithm: str = ALGORITHM_ID,
    explain: int | None = None,
) -> Screening:
    """Each query's hits, best first, decisions applied (cleared hits set aside), the first
    ``explain`` (default: all) with their features."""
    lists = served(store)
    if not lists:
        raise StoreError(f"{store.path} holds no list: `tracker import` one first")
    snapshots = [lists[s] for s in (sources or lists) if s in lists]
    for snapshot in snapshots:
        Index.open(store, snapshot)  # a snapshot without its index is a StoreError (503)
    ids = [s.id for s in snapshots]
    result = Screening(threshold, snapshots, list(queries), {}, algorithm=algorithm)
    for start in range(0, len(queries), GROUP):
        if time.monotonic() > deadline:
            raise Refused(
                503,
                "timeout",
                f"the request took longer than the server's limit; {start:,} of "
                f"{len(queries):,} queries were screened (send fewer per request)",
                headers={"Retry-After": "1"},
            )
        group = list(queries[start : start + GROUP])
        for query, hits in zip(
            group,
            screen_queries(db, ids, group, threshold, limit, False, algorithm, explain),
            strict=True,
        ):
            result.hits[query.id] = hits
    decisions = [as_decision(d) for d in store.decisions([q.id for q in queries])]
    if decisions:
        apply_decisions(result, decisions, store)
        for query_id, hits in result.hits.items():
            ranked = [replace(h, rank=r) for r, h in enumerate(hits, start=1)]
            result.hits[query_id] = explained(ranked, explain, algorithm)
    return result
