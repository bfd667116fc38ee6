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
from tracker.screening.score import ALGORITHM_ID, REVIEW, Candidate, Query, Scored, quick, score

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
    algorithm: str = ALGORITHM_ID,
    explain: int | None = None,
) -> list[list[Hit]]:
    """Each query's hits at or above the threshold, best first, at most ``limit``, the first
    ``explain`` of them (default: all) with their features. Opens the store itself, so that
    it runs as well in a worker process."""
    with Store(db) as store:
        snapshots = [store.snapshot(i) for i in snapshot_ids]
        if exhaustive:
            pools = [Index(store, s).everything() for s in snapshots]
            return [
                hits_of(
                    q, [c for pool in pools for c in pool], threshold, limit, algorithm, explain
                )
                for q in queries
            ]
        indexes = [Index.open(store, s) for s in snapshots]
        if len(queries) >= PRELOAD_AT:
            for index in indexes:
                index.preload()
        return [
            hits_of(
                q,
                [c for i in indexes for c in i.candidates_for(q)],
                threshold,
                limit,
                algorithm,
                explain,
            )
            for q in queries
        ]


def hits_of(
    query: Query,
    candidates: Iterable[Candidate],
    threshold: float,
    limit: int,
    algorithm: str = ALGORITHM_ID,
    explain: int | None = None,
) -> list[Hit]:
    """The candidates at or above the threshold, best first, at most ``limit``: every one
    scored by its number, the first ``explain`` kept (default: all) with their features."""
    valued = [(quick(query, c, algorithm), c) for c in candidates]
    kept = sorted(
        ((v, c) for v, c in valued if v >= threshold),
        key=lambda vc: (-vc[0], vc[1].source, vc[1].entry_id),
    )[:limit]
    shown = len(kept) if explain is None else explain
    return [
        Hit(query, c, score(query, c, algorithm) if rank <= shown else Scored(value, ""), rank)
        for rank, (value, c) in enumerate(kept, start=1)
    ]


def explained(hits: list[Hit], count: int | None, algorithm: str) -> list[Hit]:
    """The first ``count`` hits with their features (those scored by their number only get
    them now)."""
    return [
        replace(h, scored=score(h.query, h.candidate, algorithm))
        if (count is None or h.rank <= count) and not h.scored.features
        else h
        for h in hits
    ]


def run(
    db: Path,
    queries: Sequence[Query],
    sources: Sequence[str] = (),
    threshold: float = REVIEW,
    limit: int = 10,
    exhaustive: bool = False,
    engine: str = "local",
    decisions: Sequence[Decision] = (),
    algorithm: str = ALGORITHM_ID,
    explain: int | None = None,
) -> Screening:
    with Store(db) as store:
        snapshots = latest_snapshots(store, sources)
        if not exhaustive:
            for snapshot in snapshots:
                Index.open(store, snapshot)  # every index is there before anything runs
    ids = [s.id for s in snapshots]
    if engine == "dask":
        found = on_dask(db, ids, queries, threshold, limit, exhaustive, algorithm, explain)
    else:
        found = in_processes(db, ids, queries, threshold, limit, exhaustive, algorithm, explain)
    result = Screening(threshold, snapshots, list(queries), {}, algorithm=algorithm)
    for query, hits in zip(queries, found, strict=True):
        result.hits[query.id] = hits
    if decisions:
        with Store(db) as store:
            apply_decisions(result, decisions, store)
            for query_id, hits in result.hits.items():
                ranked = [replace(h, rank=r) for r, h in enumerate(hits, start=1)]
                result.hits[query_id] = explained(ranked, explain, algorithm)
    return result


def in_processes(
    db: Path,
    snapshot_ids: Sequence[int],
    queries: Sequence[Query],
    threshold: float,
    limit: int,
    exhaustive: bool,
    algorithm: str = ALGORITHM_ID,
    explain: int | None = None,
) -> list[list[Hit]]:
    """A large batch on two spawned processes (each reads the index once), else here."""
    workers = min(2, os.cpu_count() or 1)
    if workers < 2 or len(queries) < PARALLEL_AT:
        return screen_queries(
            db, snapshot_ids, queries, threshold, limit, exhaustive, algorithm, explain
        )
    size = -(-len(queries) // (2 * workers))
    chunks = [list(queries[i : i + size]) for i in range(0, len(queries), size)]
    context = multiprocessing.get_context("spawn")
    work = partial(
        screen_queries,
        db,
        snapshot_ids,
        threshold=threshold,
        limit=limit,
        exhaustive=exhaustive,
        algorithm=algorithm,
        explain=explain,
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
    algorithm: str = ALGORITHM_ID,
    explain: int | None = None,
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
        lambda part: screen_queries(
            db, snapshot_ids, list(part), threshold, limit, exhaustive, algorithm, explain
        )
    ).compute(scheduler="processes")
    return list(found)
