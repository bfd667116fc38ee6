"""The one shape every loader, rule and importer reports through, and the collector that
gathers them. Problems are made by calling their code (see ``codes.py``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, cast

from tracker.optional import require

if TYPE_CHECKING:  # pandas is imported only by ``to_frame``
    import pandas as pd


class Severity(StrEnum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True, slots=True)
class Location:
    """A place in the dataset: file, spreadsheet row (header = 1) and field; ``record`` is the
    id of the record (or list entry) there; ``sheet`` and ``cell`` where a workbook was read."""

    file: str
    row: int | None = None
    field: str | None = None
    record: str | None = None
    sheet: str | None = None
    cell: str | None = None

    @property
    def place(self) -> str:
        """file:row, or file:Sheet!F7 in a workbook; without the field."""
        if self.cell is not None:
            return f"{self.file}:{self.sheet}!{self.cell}"
        if self.sheet is not None:
            return f"{self.file}:{self.sheet}" + (f":{self.row}" if self.row is not None else "")
        return f"{self.file}:{self.row}" if self.row is not None else self.file

    def __str__(self) -> str:
        return self.place if self.field is None else f"{self.place}: {self.field}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding: where, what, how bad and how to fix it. ``related`` names the other places
    a cross-record finding is about."""

    severity: Severity
    code: str
    file: str
    row: int | None
    field: str | None
    value: str | None
    message: str
    hint: str = ""
    related: tuple[Location, ...] = ()
    record: str | None = None
    sheet: str | None = None
    cell: str | None = None

    @property
    def location(self) -> Location:
        return Location(self.file, self.row, self.field, self.record, self.sheet, self.cell)

    def sort_key(self) -> tuple[str, int, str, str, str, str]:
        return (
            self.file,
            self.row or 0,
            self.record or "",
            self.field or "",
            self.code,
            self.message,
        )

    def relocated(self, where: Location) -> Problem:
        return replace(
            self,
            file=where.file,
            row=where.row,
            sheet=where.sheet,
            cell=where.cell,
            record=self.record or where.record,
        )

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "severity",
        "code",
        "file",
        "row",
        "field",
        "record",
        "sheet",
        "cell",
        "value",
        "message",
        "hint",
        "related",
    )

    def as_dict(self) -> dict[str, Any]:
        """Stable keys for JSON and frames."""
        return {
            "severity": str(self.severity),
            "code": self.code,
            "file": self.file,
            "row": self.row,
            "field": self.field,
            "record": self.record,
            "sheet": self.sheet,
            "cell": self.cell,
            "value": self.value,
            "message": self.message,
            "hint": self.hint,
            "related": [str(r) for r in self.related],
        }


PER_CODE = 1_000


@dataclass
class Problems:
    """Collects problems: every one is counted (by code and severity, exactly), at most
    ``per_code`` of each code are kept, so no code crowds out another; ``not_listed`` says
    how many were counted but not kept."""

    per_code: int = PER_CODE
    items: list[Problem] = field(default_factory=list)
    counts: Counter[tuple[str, Severity]] = field(default_factory=Counter)
    _kept: Counter[str] = field(default_factory=Counter)

    def add(self, problem: Problem) -> None:
        self.counts[(problem.code, problem.severity)] += 1
        if self._kept[problem.code] < self.per_code:
            self._kept[problem.code] += 1
            self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def copy(self) -> Problems:
        return Problems(self.per_code, list(self.items), self.counts.copy(), self._kept.copy())

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def count(self, severity: Severity, code: str | None = None) -> int:
        return sum(n for (c, s), n in self.counts.items() if s is severity and code in (None, c))

    @property
    def errors(self) -> int:
        return self.count(Severity.error)

    @property
    def warnings(self) -> int:
        return self.count(Severity.warning)

    @property
    def not_listed(self) -> int:
        return sum(self.counts.values()) - len(self.items)

    @property
    def truncated(self) -> bool:
        return self.not_listed > 0

    def not_listed_by_code(self) -> dict[str, int]:
        totals: Counter[str] = Counter()
        for (code, _), n in self.counts.items():
            totals[code] += n
        return {
            code: n - self._kept[code] for code, n in sorted(totals.items()) if n > self._kept[code]
        }

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=Problem.sort_key)

    def by_severity(self) -> list[Problem]:
        """Errors first, then warnings; within each, by code, then place."""
        return sorted(
            self.items, key=lambda p: (p.severity is not Severity.error, p.code, p.sort_key())
        )

    def to_frame(self) -> pd.DataFrame:
        """The listed problems as a pandas DataFrame, one row each (columns as in JSON)."""
        pandas = require("pandas", "pandas", "DataFrames")
        frame = pandas.DataFrame(
            [p.as_dict() for p in self.sorted()], columns=list(Problem.COLUMNS)
        )
        frame["row"] = frame["row"].astype("Int64")
        return cast("pd.DataFrame", frame)
