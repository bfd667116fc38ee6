"""Ongoing monitoring: a saved file of queries (a customer or counterparty file) screened again
after every import, with only what is new since its last run raised: a hit on an entry the
last run did not hit, a hit whose entry changed since, and a cleared hit that an entry's change
reopened. A hit raised once is not raised again unless its entry changes again, and a hit
already decided (cleared and unchanged, or confirmed) is never raised.

Each run is kept in the store with every hit and a digest of its entry as it was, so "new" is
decided against what the last run saw, not against the clock."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.errors import InputError
from tracker.lists.store import Store, WatchHit
from tracker.outputs import atomic_output
from tracker.render import plural
from tracker.screening.output import decimal
from tracker.screening.queries import parse_map, read_queries
from tracker.screening.score import REVIEW, Query
from tracker.serve.limits import text_fault
from tracker.serve.runs import screen
from tracker.serve.wire import WatchChange, WatchChanges
from tracker.xlsx.writer import Book, Column, Kind, long_table, print_setup

LIMIT = 50  # hits kept per query and run
NEW, CHANGED, REOPENED = "new hit", "entry changed", "cleared reopened"


@dataclass(frozen=True)
class Ran:
    """What one run of a watch found: its id, its hits, and those that are new."""

    watch: str
    run: int
    hits: list[WatchHit]

    @property
    def changes(self) -> list[WatchHit]:
        return [h for h in self.hits if h.change]

    def line(self) -> str:
        counts = {
            c: sum(1 for h in self.changes if h.change == c) for c in (NEW, CHANGED, REOPENED)
        }
        said = ", ".join(f"{c}: {n:,}" for c, n in counts.items() if n) or "nothing new"
        return f"watch {self.watch} run {self.run}: {plural(len(self.hits), 'hit')}; {said}"


def check_name(name: str) -> None:
    if fault := text_fault("watch name", name, 100):
        raise InputError(fault)
    if not name.strip() or "/" in name:
        raise InputError("a watch name is 1 to 100 characters without '/'")


def add(
    db: Path, name: str, path: Path, mapping: tuple[str, ...], now: dt.datetime, label: str = ""
) -> Ran:
    """Save (or replace) a watch's queries from a file, then run it once: its first run
    raises every hit, the next ones only what changed."""
    check_name(name)
    queries, problems = read_queries(path, parse_map(mapping))
    if problems.errors:
        first = problems.sorted()[0]
        raise InputError(
            f"{label or path.name}:{first.location.row}: {first.message} "
            f"({problems.errors:,} errors); nothing was saved"
        )
    if not queries:
        raise InputError(f"{label or path.name}: no queries")
    with Store(db, "w") as store, store.transaction():
        store.save_watch(
            name,
            label or path.name,
            [dataclasses.asdict(q) for q in queries],
            now.isoformat(timespec="seconds"),
        )
    return run(db, name, now)


def saved(store: Store, name: str) -> list[Query] | None:
    for found, _, queries, _ in store.watches():
        if found == name:
            return [Query(**{**q, "aliases": tuple(q["aliases"])}) for q in queries]
    return None


def state_of(entry: dict[str, Any]) -> str:
    text = json.dumps(entry, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def change_of(decision: str | None, before: str | None, state: str) -> str:
    """What is new about a hit, given the digest of its entry in the last run's hit."""
    if decision and decision.startswith("confirmed"):
        return ""  # decided: never raised again
    if decision:  # a cleared hit raised again: the entry changed since it was cleared
        return "" if before == state else REOPENED
    if before is None:
        return NEW
    return "" if before == state else CHANGED


def run(db: Path, name: str, now: dt.datetime, deadline: float = math.inf) -> Ran:
    """Screen a watch's queries against the latest lists, decisions applied; keep the run."""
    with Store(db, "w") as store:
        queries = saved(store, name)
        if queries is None:
            raise InputError(f"no watch named {name!r}: `tracker watch add {name} FILE`")
        runs = store.watch_runs(name)
        before = (
            {(h.query, h.source, h.entry_id): h.state for h in store.watch_hits(runs[-1][0])}
            if runs
            else {}
        )
        result = screen(db, store, queries, (), REVIEW, LIMIT, deadline)
        rows = {}
        for snapshot in result.snapshots:
            ids = [
                h.candidate.entry_id
                for h in result.all_hits()
                if h.candidate.snapshot == snapshot.id
            ]
            rows.update(
                {(snapshot.id, e["entry_id"]): e for e in store.entries_by_id(snapshot.id, ids)}
            )
        hits = []
        for hit in result.all_hits():
            c = hit.candidate
            state = state_of(rows[(c.snapshot, c.entry_id)])
            hits.append(
                WatchHit(
                    query=hit.query.id,
                    query_name=hit.query.name,
                    source=c.source,
                    entry_id=c.entry_id,
                    entry_name=c.name,
                    snapshot_id=c.snapshot,
                    state=state,
                    score=str(decimal(hit.scored.score)),
                    band=hit.scored.band,
                    change=change_of(
                        hit.decision, before.get((hit.query.id, c.source, c.entry_id)), state
                    ),
                    sentence=hit.scored.explanation
                    + (f" Decision: {hit.decision}." if hit.decision else ""),
                )
            )
        with store.transaction():
            number = store.add_watch_run(
                name, now.isoformat(timespec="seconds"), [s.id for s in result.snapshots], hits
            )
    return Ran(name, number, hits)


def run_all(db: Path, now: dt.datetime) -> list[Ran]:
    """Every watch, once (`tracker import` runs this after a new snapshot)."""
    with Store(db) as store:
        names = [w[0] for w in store.watches()]
    return [run(db, n, now) for n in names]


def changes(store: Store, name: str) -> WatchChanges | None:
    """The latest run's new hits; None when there is no such watch."""
    if saved(store, name) is None:
        return None
    runs = store.watch_runs(name)
    if not runs:
        return WatchChanges(name=name, run=None, ran_at=None, snapshots=[], changes=[])
    number, ran_at, snapshot_ids = runs[-1]
    shown = []
    for i in snapshot_ids:
        snapshot = store.snapshot(i)
        shown.append(f"{snapshot.source} snapshot {snapshot.id} ({snapshot.list_date})")
    return WatchChanges(
        name=name,
        run=number,
        ran_at=ran_at,
        snapshots=shown,
        changes=[
            WatchChange(
                query=h.query,
                query_name=h.query_name,
                dataset=h.source,
                entry_id=h.entry_id,
                entry_name=h.entry_name,
                score=float(h.score),
                band=h.band,
                change=h.change,
                sentence=h.sentence,
            )
            for h in store.watch_hits(number)
            if h.change
        ],
    )


COLUMNS = [
    Column(
        "change", Kind.text, "new hit, entry changed (since the last run), or cleared reopened."
    ),
    Column("query", Kind.text, "The query's id in the watched file."),
    Column("query_name", Kind.text, "The name looked for."),
    Column("score", Kind.quantity, "0 to 1: match from 0.90, review from 0.70."),
    Column("band", Kind.text, "match or review."),
    Column("source", Kind.text, "The list."),
    Column("entry_id", Kind.text, "The entry's id on the list."),
    Column("entry_name", Kind.text, "The entry's name on the list."),
    Column("explanation", Kind.wrapped, "Why, in words; and any earlier decision."),
]


def write_report(found: WatchChanges, path: Path) -> int:
    """The latest run's changes as a workbook (Summary, Changes); returns how many."""
    book = Book({"title": f"Watch {found.name}", "author": "tracker", "created": None})

    def new_sheet(title: str) -> Any:
        sheet = book.workbook.add_worksheet(title)
        print_setup(sheet, 9, f"&L&B&A&RWatch {found.name}", "&RPage &P of &N")
        return sheet

    summary = new_sheet("Summary")
    summary.write_string(
        0, 0, f"Watch {found.name}: what is new in run {found.run}", book.formats.title
    )
    notes = [
        f"Run {found.run} at {found.ran_at} against {', '.join(found.snapshots) or 'no list'}.",
        f"{len(found.changes):,} new: hits on entries the last run did not hit, on entries that "
        "changed since, and cleared hits an entry's change reopened. Hits raised before or "
        "decided are not listed.",
    ]
    for row, note in enumerate(notes, start=1):
        summary.write_string(row, 0, note)
    long_table(
        book,
        new_sheet,
        "Changes",
        "Changes",
        COLUMNS,
        found.changes,
        lambda i, c: [
            c.change,
            c.query,
            c.query_name,
            decimal(c.score),
            c.band,
            c.dataset,
            c.entry_id,
            c.entry_name,
            c.sentence,
        ],
    )
    with atomic_output(path) as temp:
        book.save(temp)
    return len(found.changes)
