"""Decisions staff took on earlier hits (`--decisions FILE`): a hit cleared as a false positive
is not raised again, unless its list entry changed since the decision (read from the store's
history), then it is raised marked "entry changed"; a confirmed hit is marked so.

A decision file is a CSV (columns ``query``, ``source``, ``entry_id``, ``decision`` = cleared
or confirmed, ``who``, ``when`` YYYY-MM-DD, ``note``), or a hits workbook that `tracker
screen -o` wrote, its ``decision``, ``reviewer``, ``decided_on`` and ``note`` filled in: the
workbook is the decision file (its Hits rows with a decision, and its Cleared sheet). A
decision dated after the run's date is refused (a typo of 2062 for 2026 would clear a hit
for decades), as is any row that cannot be read: a decision misread would hide a hit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from python_calamine import CalamineWorkbook

from tracker.errors import InputError
from tracker.lists.importers.registry import NAMES
from tracker.lists.store import ENTRY_FIELDS, Store
from tracker.problems import Location, Problems
from tracker.records.workbook import open_workbook
from tracker.screening.inputs import BOOKS, Rows, read_rows, stop_on_faults, validate
from tracker.screening.results import Decision, Hit, Screening
from tracker.values import read_date

COLUMNS = ("query", "source", "entry_id", "decision", "who", "when", "note")
DECISIONS = ("cleared", "confirmed")
HEADERS = {"query_id": "query", "reviewer": "who", "decided_on": "when"}  # as the workbook says
DECIDED = ("decision", "who", "when", "note")  # a workbook row with none of these is undecided
SHEETS = ("Hits", "Cleared")  # the hits workbook's sheets that hold decisions
MAX_TEXT = 200
MAX_NOTE = 2_000


def short(limit: int) -> Any:
    def check(value: Any) -> str:
        text = str(value).strip()
        if len(text) > limit:
            raise PydanticCustomError(
                "too-long",
                "{length} characters are more than {limit}",
                {"length": len(text), "limit": limit, "hint": "shorten it"},
            )
        return text

    return BeforeValidator(check)


def known_source(value: Any) -> str:
    text = str(value).strip()
    if text not in NAMES:
        raise PydanticCustomError(
            "vocabulary",
            "source '{value}' is not a list the tracker imports",
            {"value": text, "hint": "one of " + ", ".join(NAMES)},
        )
    return text


class DecisionRow(BaseModel):
    """One decision, as a file gives it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    query: Annotated[str, short(MAX_TEXT)]
    source: Annotated[str, BeforeValidator(known_source)]
    entry_id: Annotated[str, short(MAX_TEXT)]
    decision: Annotated[
        Literal["cleared", "confirmed"], BeforeValidator(lambda v: str(v).strip().lower())
    ]
    who: Annotated[str, short(MAX_TEXT)] = ""
    when: str
    note: Annotated[str, short(MAX_NOTE)] = ""

    @field_validator("when", mode="before")
    @classmethod
    def a_day_not_after_the_run(cls, value: Any, info: ValidationInfo) -> str:
        day = read_date(str(value))
        if len(day) != 10:
            raise PydanticCustomError(
                "date",
                "'{value}' is not a day",
                {"value": str(value), "hint": "the day of the decision: YYYY-MM-DD"},
            )
        as_of: dt.date | None = (info.context or {}).get("as_of")
        if as_of is not None and day > as_of.isoformat():
            raise PydanticCustomError(
                "date",
                "decided on {value}, after the run's date {as_of}",
                {
                    "value": day,
                    "as_of": as_of.isoformat(),
                    "hint": "a decision cannot be later than the run: check the year (or --as-of)",
                },
            )
        return day

    def decision_taken(self, origin: str) -> Decision:
        return Decision(
            self.query, self.source, self.entry_id, self.decision, self.who, self.when,
            self.note, origin,
        )  # fmt: skip


def read_decisions(path: Path, as_of: dt.date | None = None) -> tuple[list[Decision], Problems]:
    """The decisions of a CSV file or a hits workbook, and the problems of its rows (a row
    with one is left out, and the caller stops: a decision misread would hide a hit)."""
    decisions: list[Decision] = []
    problems = Problems()
    for rows, workbook in decision_tables(path):
        named = [h.strip() for h in rows.header]
        fields = {
            i: HEADERS.get(h, h)
            for i, h in enumerate(named)
            if not (h == "query" and "query_id" in named)  # the hits workbook's query text
        }
        missing = {"query", "source", "entry_id"} - set(fields.values())
        if not workbook:
            missing |= {"decision", "when"} - set(fields.values())
        if missing:
            raise InputError(
                f"{path.name}{' sheet ' + repr(rows.sheet) if rows.sheet else ''}: not a "
                f"decisions file (missing columns {', '.join(sorted(missing))})"
            )
        column = {f: i for i, f in fields.items()}
        for row, cells in rows.rows:
            values = {f: cells[i].strip() for i, f in fields.items() if i < len(cells)}
            if workbook and not any(values.get(f) for f in DECIDED):
                continue  # a hit nobody decided yet

            def where(
                name: str, row: int = row, rows: Rows = rows, column: dict[str, int] = column
            ) -> Location:
                col = column.get(name)
                return rows.where(row, col, rows.header[col] if col is not None else name)

            found, trouble = validate(
                DecisionRow, {k: v for k, v in values.items() if v}, where, {"as_of": as_of}
            )
            problems.extend(trouble)
            if found is not None:
                decisions.append(found.decision_taken(str(where("decision").place)))
        stop_on_faults(rows.faults(), path)
    return decisions, problems


def decision_tables(path: Path) -> Iterator[tuple[Rows, bool]]:
    """The tables of a decision file: a CSV; or a hits workbook's Hits (and its continued
    sheets) and Cleared sheets, else a workbook's first visible sheet. True for a hits
    workbook, whose undecided rows are skipped."""
    if path.suffix.lower() not in BOOKS or not path.is_file():
        yield read_rows(path, "decisions file"), False
        return
    names = sheet_names(open_workbook(path)[0])
    ours = [n for n in names if n in SHEETS or n.startswith("Hits (")]
    if not ours:
        yield read_rows(path, "decisions file"), False
        return
    for name in ours:
        yield read_rows(path, "decisions file", name), True


def sheet_names(book: CalamineWorkbook) -> list[str]:
    try:
        return list(book.sheet_names)
    except Exception as exc:  # calamine's errors have no common public base
        raise InputError(f"not a workbook the tracker can read ({exc})") from None


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
                kept.append(replace(hit, decision=decision.said, decided=decision))
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
