"""Decisions staff take on hits, kept in the store with their audit trail: who (the key's
name), when, which hit (query, source, entry id, and the entry as the list held it then), the
decision and the note. Appended, never changed: a changed mind is a new decision, and the
latest stands. Written out and read in as the decision files `tracker screen --decisions`
reads, so the command and the server share them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from tracker.errors import InputError
from tracker.lists.store import DecisionRecord, Store
from tracker.render import write_csv
from tracker.screening.decisions import COLUMNS, DECISIONS, read_decisions
from tracker.serve.limits import NAME_LIMIT, NOTE_LIMIT, Refused, text_fault

EXTRA = ("decided_at", "snapshot", "origin")  # audit columns `tracker screen` does not need


def check_texts(query: str, note: str, who: str) -> None:
    """Refuse (400) what must not be stored: control characters, formula text, huge texts."""
    errors = [
        {"location": field, "message": fault}
        for field, fault in (
            ("query", text_fault("query", query, NAME_LIMIT)),
            ("note", text_fault("note", note, NOTE_LIMIT, lines=True)),
            ("who", text_fault("who", who, NAME_LIMIT)),
        )
        if fault
    ]
    if errors:
        raise Refused(400, "bad-decision", "; ".join(e["message"] for e in errors), errors)


def record(
    store: Store,
    query: str,
    source: str,
    entry_id: str,
    decision: str,
    who: str,
    note: str,
    now: dt.datetime,
    origin: str,
) -> DecisionRecord:
    """Append one decision on an entry of the latest snapshot of its source (404 when the
    list does not hold that entry); returns it as stored."""
    query, note = query.strip(), note.strip().replace("\r\n", "\n")
    check_texts(query, note, who)
    if decision not in DECISIONS:
        raise Refused(400, "bad-decision", "decision: cleared or confirmed")
    with store.transaction():
        snapshots = store.snapshots(source)
        if not snapshots:
            raise Refused(404, "no-dataset", f"no list {source!r} in the store")
        latest = snapshots[-1]
        found = store.entries_by_id(latest.id, [entry_id])
        if not found:
            raise Refused(
                404, "no-entry", f"{source} snapshot {latest.id} has no entry {entry_id!r}"
            )
        number = store.add_decision(
            query,
            source,
            entry_id,
            decision,
            who,
            now.date().isoformat(),
            now.isoformat(timespec="seconds"),
            latest.id,
            found[0],
            note,
            origin,
        )
    return next(d for d in store.decisions([query]) if d.id == number)


def write_file(decisions: Iterable[DecisionRecord], stream: TextIO) -> int:
    """A decision file: the columns `tracker screen --decisions` reads, then the audit ones."""
    rows = [
        [d.query, d.source, d.entry_id, d.decision, d.who, d.day, d.note, d.decided_at,
         d.snapshot_id, d.origin]
        for d in decisions
    ]  # fmt: skip
    write_csv(stream, (*COLUMNS, *EXTRA), rows)
    return len(rows)


def import_file(store: Store, path: Path, now: dt.datetime, as_of: dt.date) -> tuple[int, int]:
    """Append the decisions of a decision file (a file with a bad row, or a decision dated
    after ``as_of``, adds nothing); a row the store holds already is not added again. Returns
    (added, already there)."""
    found, problems = read_decisions(path, as_of)
    if problems.errors:
        first = problems.sorted()[0]
        raise InputError(
            f"{path.name}:{first.location.row}: {first.message} ({problems.errors:,} errors); "
            "nothing was imported"
        )
    for d in found:
        for field, value, limit in (("query", d.query, NAME_LIMIT), ("who", d.who, NAME_LIMIT)):
            if fault := text_fault(field, value, limit):
                raise InputError(f"{path.name}: {fault}; nothing was imported")
        if fault := text_fault("note", d.note, NOTE_LIMIT, lines=True):
            raise InputError(f"{path.name}: {fault}; nothing was imported")
    added = kept = 0
    with store.transaction():
        held = {
            (d.query, d.source, d.entry_id, d.decision, d.who, d.day, d.note)
            for d in store.decisions()
        }
        for d in found:
            key = (d.query, d.source, d.entry_id, d.decision, d.who, d.when, d.note)
            if key in held:
                kept += 1
                continue
            held.add(key)
            then = [s for s in store.snapshots(d.source) if s.list_date <= d.when]
            state = store.entries_by_id(then[-1].id, [d.entry_id]) if then else []
            store.add_decision(
                d.query,
                d.source,
                d.entry_id,
                d.decision,
                d.who,
                d.when,
                now.isoformat(timespec="seconds"),
                then[-1].id if then else None,
                state[0] if state else None,
                d.note,
                f"file {path.name}",
            )
            added += 1
    return added, kept
