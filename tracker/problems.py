"""The one shape every loader and rule reports through, and the collector that gathers them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import ValidationError


class Severity(StrEnum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True, slots=True)
class Location:
    """A place in the dataset: file (or sheet), spreadsheet row (header = 1) and field."""

    file: str
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        text = self.file if self.row is None else f"{self.file}:{self.row}"
        return text if self.field is None else f"{text}: {self.field}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding: where, what, how bad and how to fix it. ``related`` names the other rows
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

    def sort_key(self) -> tuple[str, int, str, str, str]:
        return (self.file, self.row or 0, self.field or "", self.code, self.message)


def error(
    code: str,
    where: Location,
    message: str,
    hint: str = "",
    value: object = None,
    related: Iterable[Location] = (),
) -> Problem:
    return _make(Severity.error, code, where, message, hint, value, related)


def warning(
    code: str,
    where: Location,
    message: str,
    hint: str = "",
    value: object = None,
    related: Iterable[Location] = (),
) -> Problem:
    return _make(Severity.warning, code, where, message, hint, value, related)


def _make(
    severity: Severity,
    code: str,
    where: Location,
    message: str,
    hint: str,
    value: object,
    related: Iterable[Location],
) -> Problem:
    return Problem(
        severity=severity,
        code=code,
        file=where.file,
        row=where.row,
        field=where.field,
        value=None if value is None else str(value),
        message=message,
        hint=hint,
        related=tuple(related),
    )


@dataclass
class Problems:
    """Collects problems up to ``limit``; beyond it, only counts them, and says so."""

    limit: int = 10_000
    items: list[Problem] = field(default_factory=list)
    dropped_errors: int = 0
    dropped_warnings: int = 0

    def add(self, problem: Problem) -> None:
        if len(self.items) < self.limit:
            self.items.append(problem)
        elif problem.severity is Severity.error:
            self.dropped_errors += 1
        else:
            self.dropped_warnings += 1

    def copy(self) -> Problems:
        return Problems(self.limit, list(self.items), self.dropped_errors, self.dropped_warnings)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def errors(self) -> int:
        return self.dropped_errors + sum(p.severity is Severity.error for p in self.items)

    @property
    def warnings(self) -> int:
        return self.dropped_warnings + sum(p.severity is Severity.warning for p in self.items)

    @property
    def truncated(self) -> bool:
        return bool(self.dropped_errors or self.dropped_warnings)

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=Problem.sort_key)


# pydantic's own error types -> our rule ids; custom validators already use rule ids as types.
PYDANTIC_CODES = {
    "missing": "required",
    "string_too_short": "required",
    "enum": "vocabulary",
    "literal_error": "vocabulary",
    "int_parsing": "count",
    "int_type": "count",
    "greater_than_equal": "count",
    "string_pattern_mismatch": "slug",  # the one pattern a raw value meets: see fields.Slug
    "extra_forbidden": "column-unknown",
    "unexpected_keyword_argument": "column-unknown",
}

HINTS = {
    "required": "fill in this required field",
    "vocabulary": "use one of the listed values",
    "slug": "use lowercase letters, digits and single hyphens: kr-2024-06",
}


def from_validation_error(
    exc: ValidationError, file: str, row_of: dict[int, int], values: list[dict[str, str]]
) -> Iterator[tuple[int, Problem]]:
    """Turn a list-validation error into (index, Problem) pairs. ``loc[0]`` is the index in the
    validated list; ``row_of`` maps it to the spreadsheet row; ``values`` gives the raw cells."""
    for err in exc.errors(include_url=False):
        loc = err["loc"]
        index = int(loc[0])
        field_name = str(loc[1]) if len(loc) > 1 else None
        code = PYDANTIC_CODES.get(err["type"], err["type"])
        ctx = err.get("ctx") or {}
        hint = str(ctx.get("hint", HINTS.get(code, "")))
        raw = values[index].get(field_name) if field_name else None
        message = err["msg"]
        if code == "vocabulary" and "expected" in ctx:
            message = f"{raw!r} is not one of {ctx['expected']}"
        elif code == "slug":
            message = f"{raw!r} is not a slug"
        yield index, error(code, Location(file, row_of[index], field_name), message, hint, raw)
