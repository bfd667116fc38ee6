"""`tracker screen` as one library call: ``screen(queries, db, as_of)`` reads the inputs (a
queries file or queries, a decisions file), screens against the latest lists (``screen.py``),
applies the decisions, and returns the ``Screening`` with the record of the run: when it ran,
as of which date, each list searched with its publisher, date and age, every hit found (the
outputs list ``limit`` of them), each hit's full list entry, the warnings of the inputs.

    import tracker
    result = tracker.screen("customers.xlsx", "lists.db", as_of="2026-11-26")
    result.line(), result.summary(), result.exit_code()
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from tracker.errors import InputError, StoreError
from tracker.lists.importers.registry import SOURCES
from tracker.lists.store import Snapshot, Store, db_path
from tracker.problems import Problems
from tracker.screening.decisions import read_decisions
from tracker.screening.inputs import InputProblems
from tracker.screening.queries import QueryFile, parse_map, read_query_file
from tracker.screening.results import Decision, ListSearched, Screening
from tracker.screening.score import ALGORITHM_ID, REVIEW, Query
from tracker.screening.screen import ENGINES, latest_snapshots
from tracker.screening.screen import run as run_screening
from tracker.values import DATE_ORDERS, as_date

MAX_LIMIT = 1_000
MAX_AGE = 30  # days: a list older than this on the run's date is flagged
OPENSANCTIONS = "OpenSanctions (each entry names the authorities that list it)"


def screen(
    queries: str | Path | Sequence[Query],
    db: str | Path | None,
    as_of: str | dt.date,
    *,
    mapping: Mapping[str, str] | Sequence[str] = (),
    sheet: str | None = None,
    date_order: str | None = None,
    sources: Sequence[str] = (),
    threshold: float = REVIEW,
    limit: int | None = 10,
    exhaustive: bool = False,
    engine: str = "local",
    decisions: str | Path | Sequence[Decision] | None = None,
    max_age: int = MAX_AGE,
    run_at: dt.datetime | None = None,
    algorithm: str = ALGORITHM_ID,
) -> Screening:
    """Screen ``queries`` (a .csv/.xlsx/.ods file, or Query objects) against the latest
    snapshot of each source in the store ``db`` (``sources``: only these), as of the date
    ``as_of``. Every option is checked first (InputError); a queries file is screened whole,
    its unreadable values left out with a warning (``result.problems``); a decisions file
    with an unreadable row stops the run (InputProblems). ``run_at``: the run's time, stated
    in the record (default: now). ``algorithm``: the score's version (``ALGORITHMS``)."""
    day = as_date(as_of, "--as-of: ")
    check_options(threshold, limit, max_age, date_order, engine)
    source: QueryFile | None = None
    if isinstance(queries, str | Path):
        chosen = mapping if isinstance(mapping, Mapping) else parse_map(mapping)
        source = read_query_file(Path(queries), dict(chosen), date_order, day, sheet)
        found = source.queries
    else:
        found = list(queries)
    earlier: Sequence[Decision] = ()
    if isinstance(decisions, str | Path):
        earlier, problems = read_decisions(Path(decisions), day)
        if problems.errors:
            raise InputProblems(problems, Path(decisions))
    elif decisions is not None:
        earlier = decisions
    path = db_path(Path(db) if db is not None else None)
    if not exhaustive:
        with Store(path) as store:
            for snapshot in latest_snapshots(store, sources):
                check_index(store, snapshot)
    result = run_screening(
        path,
        found,
        sources,
        threshold,
        sys.maxsize,
        exhaustive,
        engine,
        earlier,
        algorithm,
        explain=limit,
    )  # every hit counted, the listed ones explained
    result.limit = limit
    result.source = source
    result.problems = source.problems if source is not None else Problems()
    with Store(path) as store:
        return record(result, store, day, max_age, run_at)


def record(
    result: Screening,
    store: Store,
    as_of: dt.date,
    max_age: int = MAX_AGE,
    run_at: dt.datetime | None = None,
) -> Screening:
    """The record of a run added to its result: its date and time, each list searched with
    its publisher, date and age, and the store's entry of every hit listed or cleared."""
    result.as_of = as_of
    result.max_age = max_age
    result.run_at = (run_at or dt.datetime.now().astimezone()).isoformat(timespec="seconds")
    result.lists = [searched(s, as_of, max_age) for s in result.snapshots]
    result.entries = entries_of(store, result)
    return result


def index_damage(store: Store, snapshot: Snapshot) -> str | None:
    """What is wrong with a snapshot's screening index, or None: the keys and entries there
    now, counted against what the index was built with. An index emptied or cut short would
    otherwise answer "no hit" for names that are on the list."""
    built = store.screen_index_record(snapshot.id)
    if built is None:
        return None  # no index at all: ``Index.open`` says so
    _, entries, keys = built
    (found,) = next(
        store.rows("SELECT COUNT(*) FROM screen_keys WHERE snapshot_id = ?", (snapshot.id,))
    )
    if found != keys:
        return (
            f"its screening index holds {found:,} of the {keys:,} keys it was built with: "
            f"`tracker index --db {store.path}` rebuilds it"
        )
    (stored,) = next(
        store.rows("SELECT COUNT(*) FROM entries WHERE snapshot_id = ?", (snapshot.id,))
    )
    if stored != entries:
        return (
            f"it holds {stored:,} of the {entries:,} entries its screening index was built "
            "from: import the list's files again"
        )
    return None


def check_index(store: Store, snapshot: Snapshot) -> None:
    damage = index_damage(store, snapshot)
    if damage is not None:
        raise StoreError(
            f"{store.path}: snapshot {snapshot.id} ({snapshot.source}) is damaged: {damage}"
        )


def check_options(
    threshold: float, limit: int | None, max_age: int, date_order: str | None, engine: str
) -> None:
    """Every numeric option finite and in range: ``nan`` passes ``0 <= x <= 1`` checks that
    are written the other way round, and a NaN threshold would clear every hit."""
    if not isinstance(threshold, int | float) or not math.isfinite(threshold):
        raise InputError(f"--threshold {threshold!r}: a number from 0 to 1")
    if not 0 <= threshold <= 1:
        raise InputError(f"--threshold {threshold!r}: a number from 0 to 1")
    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"--limit {limit!r}: a whole number from 1 to {MAX_LIMIT:,}")
    if not 0 <= max_age <= 36_500:
        raise InputError(f"--max-age {max_age!r}: days, from 0 to 36,500")
    if date_order is not None and date_order not in DATE_ORDERS:
        raise InputError(f"--date-order {date_order!r}: one of {', '.join(DATE_ORDERS)}")
    if engine not in ENGINES:
        raise InputError(f"--engine {engine!r}: one of {', '.join(ENGINES)}")


def searched(snapshot: Snapshot, as_of: dt.date, max_age: int) -> ListSearched:
    known = SOURCES.get(snapshot.source)
    publisher = (known.authority or OPENSANCTIONS) if known else snapshot.source
    try:
        age: int | None = (as_of - dt.date.fromisoformat(snapshot.list_date[:10])).days
    except ValueError:
        age = None
    stale = age is not None and age > max_age
    return ListSearched(snapshot, publisher, known.url if known else "", age, stale)


def entries_of(store: Store, result: Screening) -> dict[tuple[int, str], dict[str, object]]:
    """The store's entries of every listed and cleared hit, for the record."""
    wanted: dict[int, set[str]] = {}
    hits = [*result.all_hits(), *(hit for hit, _ in result.cleared)]
    for hit in hits:
        wanted.setdefault(hit.candidate.snapshot, set()).add(hit.candidate.entry_id)
    found: dict[tuple[int, str], dict[str, object]] = {}
    for snapshot_id, ids in wanted.items():
        for entry in store.entries_by_id(snapshot_id, sorted(ids)):
            found[(snapshot_id, str(entry["entry_id"]))] = entry
    return found
