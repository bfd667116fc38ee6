"""The one way screening reads its input files (queries, decisions, pairs): a CSV file (read as
the dataset's CSV files are) or one sheet of a workbook (the first visible one unless named),
its header row mapped to fields, and each row validated by a pydantic model built of the
dataset's value types (``tracker/values.py``), so that ``IMO 9074729``, a country name or an
alpha-3 code mean here what they mean in a dataset. A value that fails becomes a Problem with
its row and column (``Sheet!D58`` in a workbook); what happens next (ignored with a warning,
or the run stopped) is the caller's policy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from python_calamine import SheetTypeEnum, SheetVisibleEnum
from xlsxwriter.utility import xl_col_to_name

from tracker import codes
from tracker.errors import InputError, not_a_file
from tracker.problems import Location, Problem, Problems, Severity
from tracker.records.load import PYDANTIC_CODES
from tracker.records.tables import CsvFile
from tracker.records.workbook import cell_text, open_workbook
from tracker.render import plural

BOOKS = (".xlsx", ".xlsm", ".ods")
SUFFIXES = (".csv", *BOOKS)
M = TypeVar("M", bound=BaseModel)


class InputProblems(InputError):
    """An input file whose rows have errors: the run stops (exit 2), nothing written; the
    command prints ``problems`` (each with its row and column) before this message."""

    def __init__(self, problems: Problems, path: Path, outcome: str = "nothing was screened"):
        self.problems = problems
        super().__init__(f"{path}: {plural(problems.errors, 'error')} above; {outcome}")


@dataclass
class Rows:
    """One input table: its header, its rows (spreadsheet row numbers, the header's row
    counting as in Excel), and where a cell is, as problems name it."""

    path: Path
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    sheet: str | None = None  # the worksheet read, for a workbook
    first_column: int = 0  # of the header's first cell, 0 = A
    header_row: int = 1
    notes: list[Problem] = field(default_factory=list)  # what reading the file noticed
    faults: Callable[[], list[Problem]] = list  # file faults found while reading rows

    def where(self, row: int | None, column: int | None, name: str | None) -> Location:
        """Row and column of a cell: its header as the field; in a workbook, also its cell."""
        if self.sheet is None or column is None or row is None:
            return Location(self.path.name, row, name, sheet=self.sheet)
        cell = f"{xl_col_to_name(self.first_column + column)}{row}"
        return Location(self.path.name, row, name, sheet=self.sheet, cell=cell)


def read_rows(path: Path, what: str, sheet: str | None = None) -> Rows:
    """The table of a .csv, or of a workbook's first visible sheet (or the one named); an
    unreadable file, or one without a header row, is an InputError."""
    if not path.is_file():
        raise not_a_file(path, what)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{path}: {what} is .csv, .xlsx, .xlsm or .ods")
    if suffix in BOOKS:
        return book_rows(path, what, sheet)
    if sheet is not None:
        raise InputError(f"--sheet {sheet!r}: {path.name} is a CSV file, it has no sheets")
    table = CsvFile(path, path.name)
    stop_on_faults(table.problems, path)
    assert table.header is not None
    return Rows(path, table.header, table.rows(), faults=lambda: table.problems)


def stop_on_faults(problems: Sequence[Problem], path: Path) -> None:
    """A file that cannot be read whole stops the run: a row misread would hide a hit."""
    if problems:
        first = problems[0]
        raise InputError(f"{path}: {first.location.place}: {first.message}; nothing was screened")


def book_rows(path: Path, what: str, wanted: str | None) -> Rows:
    book, _ = open_workbook(path)  # the package passed its checks
    try:
        sheets = list(book.sheets_metadata)
    except Exception as exc:  # calamine's errors have no common public base
        raise InputError(f"{path}: not a workbook the tracker can read ({exc})") from None
    notes: list[Problem] = []
    if wanted is not None:
        names = [s.name for s in sheets]
        if wanted not in names:
            raise InputError(f"--sheet {wanted!r}: {path.name} has sheets {', '.join(names)}")
        name = wanted
    else:
        visible = [
            s.name
            for s in sheets
            if s.visible == SheetVisibleEnum.Visible and s.typ == SheetTypeEnum.WorkSheet
        ]
        if not visible:
            raise InputError(f"{path.name}: no visible worksheet to read; name one with --sheet")
        name = visible[0]
        skipped = [s.name for s in sheets[: [s.name for s in sheets].index(name)]]
        others = visible[1:]
        if skipped or others:
            said = []
            if skipped:
                said.append(f"hidden sheet {', '.join(map(repr, skipped))} before it skipped")
            if others:
                said.append(f"other sheets not read: {', '.join(map(repr, others))}")
            notes.append(
                codes.SHEET_UNKNOWN(
                    Location(path.name, sheet=name),
                    f"{what}: read the first visible sheet {name!r} ({'; '.join(said)})",
                    severity=Severity.warning,
                    hint="name the sheet to read with --sheet NAME",
                )
            )
    try:
        sheet = book.get_sheet_by_name(name)
        start_row, start_col = sheet.start or (0, 0)
        cells = iter(sheet.iter_rows())
    except Exception as exc:  # calamine's errors have no common public base
        raise InputError(f"{path}: sheet {name!r} cannot be read ({exc})") from None
    numbered = ((n, [cell_text(v) for v in row]) for n, row in enumerate(cells, start_row + 1))
    first = next(((n, texts) for n, texts in numbered if any(t.strip() for t in texts)), None)
    if first is None:
        raise InputError(f"{path.name}: sheet {name!r} is empty: it has no header row")
    number, header = first[0], [t.strip() for t in first[1]]
    rows = ((n, texts) for n, texts in numbered if any(t.strip() for t in texts))
    return Rows(path, header, rows, name, start_col, number, notes)


def validate(
    model: type[M],
    values: Mapping[str, Any],
    where: Callable[[str], Location],
    context: Mapping[str, Any] | None = None,
    severity: Severity = Severity.error,
) -> tuple[M | None, list[Problem]]:
    """A row as the model, and a Problem for each value that failed. With warnings, the
    failed values are left out and the row validated again without them (None only when it
    still fails); with errors, a row that fails is None."""
    try:
        return model.model_validate(values, context=context), []
    except ValidationError as exc:
        found = list(validation_problems(exc, values, where, severity))
    problems = [p for _, p in found]
    if severity is Severity.error:
        return None, problems
    failed = {name for name, _ in found}
    kept = {k: v for k, v in values.items() if k not in failed}
    try:
        return model.model_validate(kept, context=context), problems
    except ValidationError as exc:
        return None, problems + [p for _, p in validation_problems(exc, kept, where, severity)]


def validation_problems(
    exc: ValidationError,
    values: Mapping[str, Any],
    where: Callable[[str], Location],
    severity: Severity,
) -> Iterator[tuple[str, Problem]]:
    """(field, Problem) for each error: the code is the error's type where the catalogue has
    it (the value types raise with their rule id), else pydantic's type mapped as the
    dataset maps it."""
    for err in exc.errors(include_url=False):
        name = str(err["loc"][0]) if err["loc"] else ""
        code = PYDANTIC_CODES.get(err["type"]) or codes.CATALOGUE.get(err["type"], codes.VALUE)
        if severity not in code.severities:
            code = codes.VALUE
        ctx = err.get("ctx") or {}
        raw = values.get(name)
        message = err["msg"]
        if code is codes.VOCABULARY and "expected" in ctx:
            message = f"{raw!r} is not one of {ctx['expected']}"
        yield name, code(where(name), message, value=raw, hint=ctx.get("hint"), severity=severity)
