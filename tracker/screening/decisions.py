"""Decisions staff took on earlier hits (`--decisions FILE.csv`): a hit cleared as a false
positive is not raised again, unless its list entry changed since the decision (read from the
store's history), then it is raised marked "entry changed"; a confirmed hit is marked so.

Columns: ``query`` (the query id), ``source``, ``entry_id``, ``decision`` (cleared or
confirmed), ``who``, ``when`` (YYYY-MM-DD), ``note``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from tracker import codes
from tracker.errors import InputError
from tracker.lists.importers.base import csv_dicts
from tracker.lists.store import ENTRY_FIELDS, Store
from tracker.problems import Location, Problems
from tracker.screening.results import Decision, Hit, Screening

COLUMNS = ("query", "source", "entry_id", "decision", "who", "when", "note")
DECISIONS = ("cleared", "confirmed")


def read_decisions(path: Path) -> tuple[list[Decision], Problems]:
    """The decisions of a CSV file, and the problems of its rows (a row with one is left out,
    and the run stops: a decision misread would hide a hit)."""
    if not path.is_file():
        raise InputError(f"decisions file not found: {path}")
    required = {"query", "source", "entry_id", "decision", "when"}
    _, rows = csv_dicts(path, "utf-8-sig", required, "a decisions file")
    decisions, problems = [], Problems()
    for line, row in rows:
        values = {c: (row.get(c) or "").strip() for c in COLUMNS}
        found = False
        for column in sorted(required):
            if not values[column]:
                problems.add(
                    codes.REQUIRED(Location(path.name, line, column), f"{column} is empty")
                )
                found = True
        if values["decision"] and values["decision"] not in DECISIONS:
            problems.add(
                codes.VOCABULARY(
                    Location(path.name, line, "decision"),
                    f"decision {values['decision']!r} is not cleared or confirmed",
                    value=values["decision"],
                    hint="cleared (a false positive) or confirmed",
                )
            )
            found = True
        if values["when"] and not is_day(values["when"]):
            problems.add(
                codes.DATE(
                    Location(path.name, line, "when"),
                    f"when {values['when']!r} is not a date",
                    value=values["when"],
                    hint="YYYY-MM-DD",
                )
            )
            found = True
        if not found:
            decisions.append(Decision(**values))
    return decisions, problems


def is_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def apply_decisions(result: Screening, decisions: Sequence[Decision], store: Store) -> None:
    """Drop cleared hits whose entry is unchanged since; mark the others."""
    latest: dict[tuple[str, str, str], Decision] = {}
    for taken in sorted(decisions, key=lambda d: d.when):  # the latest decision stands
        latest[(taken.query, taken.source, taken.entry_id)] = taken
    for query_id, hits in result.hits.items():
        kept = []
        for hit in hits:
            decision = latest.get((query_id, hit.candidate.source, hit.candidate.entry_id))
            if decision is None:
                kept.append(hit)
            elif decision.decision == "confirmed":
                kept.append(replace(hit, decision=decision.said))
            elif (change := changed_since(store, hit, decision.when)) is None:
                result.cleared.append((hit, decision))
            else:
                kept.append(replace(hit, decision=f"{change} since {decision.said}"))
        result.hits[query_id] = kept


def changed_since(store: Store, hit: Hit, when: str) -> str | None:
    """None when the hit's entry is as it was in its list on ``when``; else what happened."""
    entry = hit.candidate
    before = [s for s in store.snapshots(entry.source) if s.list_date <= when]
    if not before:
        return "the list as of then is not in the store: raised again"
    then = store.entries_by_id(before[-1].id, [entry.entry_id])
    now = store.entries_by_id(entry.snapshot, [entry.entry_id])
    if not then:
        return "entry added to the list"
    return None if rows_equal(then[0], now[0] if now else {}) else "entry changed"


def rows_equal(a: dict[str, object], b: dict[str, object]) -> bool:
    return all(a.get(f) == b.get(f) for f in ENTRY_FIELDS)
