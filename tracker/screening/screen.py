"""Screening runs: queries against the latest snapshot of each source (or those asked for), in
this process (two spawned ones for a large batch) or on Dask, with the same two pure
functions (keys, score) either way; then the decisions staff took earlier are applied."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import partial
from pathlib import Path

from tracker.errors import InputError
from tracker.lists.store import Snapshot, Store
from tracker.processes import watch_parent
from tracker.screening.decisions import apply_decisions
from tracker.screening.index import Index
from tracker.screening.results import Decision, Hit, Screening
from tracker.screening.score import REVIEW, Candidate, Query, score

ENGINES = ("local", "dask")
PRELOAD_AT = 20  # queries from which a batch reads the whole index at once
PARALLEL_AT = 2_000  # queries from which the local engine screens on two processes


def latest_snapshots(store: Store, sources: Sequence[str]) -> list[Snapshot]:
    """The latest snapshot of each source asked for (default: of every source in the store)."""
    names = list(sources) or sorted({s.source for s in store.snapshots()})
    if not names:
        raise InputError(f"{store.path} holds no list: `tracker import` one first")
    return [store.snapshot_of(name) for name in names]


def screen_queries(
    db: Path,
    snapshot_ids: Sequence[int],
    queries: Sequence[Query],
    threshold: float = REVIEW,
    limit: int = 10,
    exhaustive: bool = False,
) -> list[list[Hit]]:
    """Each query's hits at or above the threshold, best first, at most ``limit``. Opens the
    store itself, so that it runs as well in a worker process."""
    with Store(db) as store:
        snapshots = [store.snapshot(i) for i in snapshot_ids]
        if exhaustive:
            pools = [Index(store, s).everything() for s in snapshots]
            return [
                hits_of(q, [c for pool in pools for c in pool], threshold, limit) for q in queries
            ]
        indexes = [Index.open(store, s) for s in snapshots]
        if len(queries) >= PRELOAD_AT:
            for index in indexes:
                index.preload()
        return [
            hits_of(q, [c for i in indexes for c in i.candidates_for(q)], threshold, limit)
            for q in queries
        ]


def hits_of(
    query: Query, candidates: Iterable[Candidate], threshold: float, limit: int
) -> list[Hit]:
    scored = [(score(query, c), c) for c in candidates]
    kept = sorted(
        ((s, c) for s, c in scored if s.score >= threshold),
        key=lambda sc: (-sc[0].score, sc[1].source, sc[1].entry_id),
    )
    return [Hit(query, c, s, rank) for rank, (s, c) in enumerate(kept[:limit], start=1)]


def run(
    db: Path,
    queries: Sequence[Query],
    sources: Sequence[str] = (),
    threshold: float = REVIEW,
    limit: int = 10,
    exhaustive: bool = False,
    engine: str = "local",
    decisions: Sequence[Decision] = (),
) -> Screening:
    with Store(db) as store:
        snapshots = latest_snapshots(store, sources)
        if not exhaustive:
            for snapshot in snapshots:
                Index.open(store, snapshot)  # every index is there before anything runs
    ids = [s.id for s in snapshots]
    if engine == "dask":
        found = on_dask(db, ids, queries, threshold, limit, exhaustive)
    else:
        found = in_processes(db, ids, queries, threshold, limit, exhaustive)
    result = Screening(threshold, snapshots, list(queries), {})
    for query, hits in zip(queries, found, strict=True):
        result.hits[query.id] = hits
    if decisions:
        with Store(db) as store:
            apply_decisions(result, decisions, store)
            for query_id, hits in result.hits.items():
                result.hits[query_id] = [replace(h, rank=r) for r, h in enumerate(hits, start=1)]
    return result


def in_processes(
    db: Path,
    snapshot_ids: Sequence[int],
    queries: Sequence[Query],
    threshold: float,
    limit: int,
    exhaustive: bool,
) -> list[list[Hit]]:
    """A large batch on two spawned processes (each reads the index once), else here."""
    workers = min(2, os.cpu_count() or 1)
    if workers < 2 or len(queries) < PARALLEL_AT:
        return screen_queries(db, snapshot_ids, queries, threshold, limit, exhaustive)
    size = -(-len(queries) // (2 * workers))
    chunks = [list(queries[i : i + size]) for i in range(0, len(queries), size)]
    context = multiprocessing.get_context("spawn")
    work = partial(
        screen_queries, db, snapshot_ids, threshold=threshold, limit=limit, exhaustive=exhaustive
    )
    with ProcessPoolExecutor(workers, mp_context=context, initializer=watch_parent) as pool:
        try:
            return [hits for part in pool.map(work, chunks) for hits in part]
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def on_dask(
    db: Path,
    snapshot_ids: Sequence[int],
    queries: Sequence[Query],
    threshold: float,
    limit: int,
    exhaustive: bool,
) -> list[list[Hit]]:
    """The same run, partitioned by Dask (local processes here; a cluster's scheduler
    elsewhere, its workers reading the same store file)."""
    try:
        import dask.bag
    except ImportError:
        raise InputError(
            "--engine dask needs Dask: pip install -e '.[engine]' (make test installs it)"
        ) from None
    partitions = max(1, min(64, len(queries) // 500))
    bag = dask.bag.from_sequence(list(queries), npartitions=partitions)  # type: ignore[no-untyped-call]
    found = bag.map_partitions(
        lambda part: screen_queries(db, snapshot_ids, list(part), threshold, limit, exhaustive)
    ).compute(scheduler="processes")
    return list(found)
