"""A workbook as a dataset: an .xlsx (or .ods) with one sheet per record type (named as the
report and the template name them, or as the CSV file without `.csv`), read the way its CSV files
would be, every problem naming the sheet and the cell (`Designations!F7`).

Cells hold what the spreadsheet stored, so they are read back as the models expect: a number
typed into a text or count column gives its digits (`9074729`, `1402.0` -> `1402`), a date in a
date column its ISO date, a formula its saved result. What cannot be read safely is a problem:
a formula with no saved result, an error cell (`#DIV/0!`), merged cells, a date where text was
expected (a spreadsheet turns `2024-06` or `1-2` typed into a general cell into a date). Cells
right of the header are kept, as a CSV row would keep them (and reported as such). Sheets the
report and the template add (Summary, Checks, About...) are ignored; other sheets are ignored
with a warning. Columns that only hold formulas the report computes (itemized counts, links)
are ignored.

Values are read with python-calamine (Rust), but only once the package has passed the checks
of ``package.py`` (sizes, used ranges, no DTD), whose streamed pass also says what calamine
does not: which cells are formulas without a saved result or errors, which ranges are merged,
which table columns are computed. Source texts come from `sources/` beside the workbook, else
from its own Source files (written by `tracker convert`) or Source texts (the report) sheet.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from python_calamine import CalamineSheet, CalamineWorkbook
from xlsxwriter.utility import xl_col_to_name

from tracker import codes
from tracker.errors import InputError, not_a_file
from tracker.problems import Location, Problem, Problems
from tracker.records.load import Dataset, Table, check_integrity, load_table, missing_table
from tracker.records.models import RECORD_TYPES, Record, Source, columns, field_type
from tracker.records.package import Package, Sheet, check_package
from tracker.values import PartialDate

SUFFIXES = (".xlsx", ".xlsm", ".ods")
# sheets of the tracker's own workbooks that hold no records
OWN_SHEETS = frozenset(
    {"Summary", "Checks", "Timeline", "About", "Lists", "List changes", "Instructions", "Choices"}
    | {"Long texts"}
)
CHOICES = "Choices"  # the template's hidden sheet of the values its drop-downs offer
SOURCE_FILES = "Source files"  # `tracker convert`: each source text whole, in parts
DATASET_FILES = "Dataset files"  # `tracker convert`: each file's byte order mark and line ends
SOURCE_TEXTS = "Source texts"  # the report: each source text a paragraph a row
PART = re.compile(r"[0-9]{1,6}")  # a Source files part number


def cell_text(value: Any) -> str:
    """What a cell holds, as the text a CSV cell would hold."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


class Merged:
    """Which kept column of a row lies in a merged range, for rows met in increasing order:
    a range is taken up when its first row comes and dropped after its last, so the work is
    the ranges' count (times log), never rows x columns x ranges."""

    def __init__(self, merges: list[tuple[int, int, int, int]], kept: list[int]) -> None:
        columns = sorted(kept)
        pending = []
        for r0, c0, r1, c1 in merges:
            index = bisect.bisect_left(columns, c0)
            if index < len(columns) and columns[index] <= c1:  # it covers a kept column
                pending.append((r0, r1, columns[index]))
        pending.sort()
        self._pending = pending
        self._next = 0
        self._active: list[tuple[int, int]] = []  # (first kept column, last row), a heap

    def __bool__(self) -> bool:
        return bool(self._pending)

    def first(self, row: int) -> int | None:
        """The first kept column of ``row`` inside a merged range, if any."""
        while self._next < len(self._pending) and self._pending[self._next][0] <= row:
            _, r1, col = self._pending[self._next]
            heapq.heappush(self._active, (col, r1))
            self._next += 1
        while self._active and self._active[0][1] < row:
            heapq.heappop(self._active)
        return self._active[0][0] if self._active else None


class SheetRows:
    """One record type's sheet as a RowSource: a header and numbered rows of cell texts (with
    any cell right of the header, as a CSV row would have it). The report's computed columns
    are left out; cells that cannot be read safely are problems and their row is not loaded."""

    def __init__(
        self, sheet: CalamineSheet, record_type: type[Record], file: str, info: Sheet
    ) -> None:
        self.record_type = record_type
        self.file = file
        self.name = sheet.name
        self.info = info
        self.problems: list[Problem] = []
        first_row, self._first_col = sheet.start or (0, 0)
        self._row = first_row  # 1-based number of the last row read
        self._rows = sheet.iter_rows()
        self._names: list[str] = []
        self._columns: list[int] = []  # index in a row of each kept column
        self._width = 0  # cells of the header row
        self.header = self._read_header()
        self._by_col = {self._col(k): name for k, name in enumerate(self._names)}
        self._merged = Merged(info.merges, list(self._by_col))
        self._marked_rows = {r for r, _ in info.unsure} | {r for r, _ in info.errors}

    def where(self, row: int | None, field: str | None = None) -> Location:
        cell = None
        if row is not None and field in self._names:
            cell = f"{xl_col_to_name(self._col(self._names.index(field)))}{row}"
        return Location(self.file, row, field, None, self.name, cell)

    def _col(self, kept: int) -> int:
        """The sheet column (0-based) of a kept column."""
        return self._first_col + self._columns[kept]

    def _next(self) -> list[Any] | None:
        values = next(self._rows, None)
        if values is not None:
            self._row += 1
        return values

    def _read_header(self) -> list[str] | None:
        model = set(columns(self.record_type))
        while (values := self._next()) is not None:
            names = [cell_text(v).strip() for v in values]
            while names and not names[-1]:
                names.pop()  # a reader gives every row the sheet's width
            if names:
                self._width = len(names)
                for index, name in enumerate(names):
                    if name not in model and self.computed(self._first_col + index, name):
                        continue  # computed by the report: an itemized count, a link
                    self._columns.append(index)
                    self._names.append(name)
                return list(self._names)
        self.problems.append(
            codes.FILE_EMPTY(
                Location(self.file, None, None, None, self.name),
                f"sheet {self.name!r} is empty: it has no header row",
            )
        )
        return None

    def computed(self, col: int, name: str) -> bool:
        """A column the report adds: a table's calculated column, or one holding formulas."""
        return name in self.info.computed or col in self.info.formula_columns

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        if self.header is None:
            return
        unsure = self.info.unsure
        for row, cells in self._cells():
            texts = [cell_text(v) for v in cells]
            if not any(t.strip() for t in texts):
                if row in self._marked_rows:  # only formulas without results, or errors
                    self.problems.extend(self.cell_problems(row, cells[: len(self._names)]))
                continue
            kept = cells[: len(self._names)]
            if (
                row in self._marked_rows
                or self._merged
                or any(isinstance(v, dt.date) for v in kept)
            ):
                problems = list(self.cell_problems(row, kept))
                if problems:
                    self.problems.extend(problems)  # the row is not loaded: its values are unsure
                    continue
            if unsure:
                for index in range(len(self._names)):
                    saved = unsure.get((row, self._col(index)))
                    if isinstance(saved, str):  # a link saved without its result: what it shows
                        texts[index] = saved
            yield row, texts
        for row in sorted(r for r in self._marked_rows if r > self._row):
            self.problems.extend(self.cell_problems(row, [""] * len(self._names)))

    def _cells(self) -> Iterator[tuple[int, list[Any]]]:
        """(row, kept cells and those right of the header up to the last that holds one)."""
        width = self._width
        while (values := self._next()) is not None:
            cells = [values[i] if i < len(values) else "" for i in self._columns]
            extra = [cell_text(v) for v in values[width:]]
            while extra and not extra[-1].strip():
                extra.pop()
            yield self._row, cells + extra

    def cell_problems(self, row: int, cells: list[Any]) -> Iterator[Problem]:
        """Cells whose value is unsure (checked only on rows that can have such a cell)."""
        unsure, errors = self.info.unsure, self.info.errors
        merged = self._merged.first(row) if self._merged else None
        for kept, (name, value) in enumerate(zip(self._names, cells, strict=True)):
            col = self._col(kept)
            if unsure.get((row, col)) is False:
                yield codes.CELL_FORMULA(
                    self.where(row, name), f"{name} is a formula with no saved result"
                )
            elif (row, col) in errors:
                shown = errors[(row, col)]
                yield codes.CELL_ERROR(
                    self.where(row, name), f"{name} holds the error {shown}", value=shown
                )
            elif isinstance(value, dt.date) and not is_date_field(self.record_type, name):
                text = cell_text(value)
                yield codes.CELL_DATE(
                    self.where(row, name),
                    f"{name} holds the date {text}, but it is not a date column",
                    value=text,
                )
            elif col == merged:  # one problem for the row
                yield codes.CELL_MERGED(self.where(row, name), f"{name} is part of merged cells")


def is_date_field(record_type: type[Record], name: str) -> bool:
    return name in columns(record_type) and field_type(record_type, name) is PartialDate


def open_workbook(path: Path) -> tuple[CalamineWorkbook, Package]:
    """The workbook, once its package passed every check (``package.py``), and what the
    package says of its sheets."""
    if not path.is_file():
        raise not_a_file(path, "dataset")
    package = check_package(path)
    try:
        return CalamineWorkbook.from_path(str(path)), package
    except Exception as exc:  # calamine's errors have no common public base
        raise InputError(f"{path}: not a workbook the tracker can read ({exc})") from None


def sheet_of(record_type: type[Record], names: list[str]) -> str | None:
    """The sheet holding a record type: its sheet name, or its CSV file's name without .csv
    (case aside)."""
    wanted = {record_type.SHEET.casefold(), record_type.FILE.removesuffix(".csv").casefold()}
    return next((n for n in names if n.strip().casefold() in wanted), None)


def read_sheet(book: CalamineWorkbook, name: str, path: Path) -> CalamineSheet:
    try:
        return book.get_sheet_by_name(name)
    except Exception as exc:  # calamine's errors have no common public base
        raise InputError(f"{path}: sheet {name!r} cannot be read ({exc})") from None


def load_workbook(path: Path) -> Dataset:
    """A workbook as a dataset; raises InputError only when the file cannot be read at all."""
    book, package = open_workbook(path)
    names = list(book.sheet_names)
    problems = Problems()
    tables: dict[type[Record], Table[Any]] = {}
    used: set[str] = set()
    for record_type in RECORD_TYPES:
        name = sheet_of(record_type, names)
        if name is None and record_type.OPTIONAL:
            tables[record_type] = Table(record_type)
            continue
        if name is None:
            where = Location(path.name, None, None, None, record_type.SHEET)
            tables[record_type] = missing_table(record_type, problems, where)
            continue
        used.add(name)
        sheet = read_sheet(book, name, path)
        rows = SheetRows(sheet, record_type, path.name, package.sheet(name))
        tables[record_type] = load_table(record_type, rows, problems)
    for name in names:
        if name not in used and name not in OWN_SHEETS | {
            SOURCE_FILES,
            SOURCE_TEXTS,
            DATASET_FILES,
        }:
            problems.add(
                codes.SHEET_UNKNOWN(
                    Location(path.name, None, None, None, name),
                    f"sheet {name!r} is not a record type's sheet; it is ignored",
                    hint="rename it to one of: " + ", ".join(t.SHEET for t in RECORD_TYPES),
                )
            )
    files = {s.id: s.file for s in tables[Source].records}
    texts = embedded_texts(book, path, files, problems)
    dataset = Dataset(path, tables, problems, texts)
    problems.extend(check_integrity(dataset))
    return dataset


def embedded_texts(
    book: CalamineWorkbook, path: Path, files: dict[str, str], problems: Problems
) -> dict[str, str]:
    """Source texts kept in the workbook, by file name: whole from Source files (file, part,
    text), else joined from the report's Source texts (source_id, paragraph, text; ``files``
    gives each source's file). A part that is not a number is a problem; its text is left out."""
    names = list(book.sheet_names)
    if SOURCE_FILES in names:
        parts: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for row, (file, part, text) in table_values(read_sheet(book, SOURCE_FILES, path)):
            number = part.strip() or "0"
            if PART.fullmatch(number) is None:
                where = Location(path.name, row, "part", None, SOURCE_FILES, f"B{row}")
                problems.add(
                    codes.COUNT(
                        where,
                        f"part {part[:40]!r} of {file[:80]!r} is not a whole number from 0 to "
                        "999999; that part of the text is not read",
                        value=part[:40],
                        hint="number a text's parts 1, 2, 3 as `tracker convert` does",
                    )
                )
                continue
            parts[file].append((int(number), text))
        return {f: "".join(t for _, t in sorted(p)) for f, p in parts.items()}
    if SOURCE_TEXTS in names:
        paragraphs: dict[str, list[str]] = defaultdict(list)
        for _, (source_id, _, text) in table_values(read_sheet(book, SOURCE_TEXTS, path)):
            paragraphs[files.get(source_id, source_id)].append(text)
        return {f: "\n\n".join(p) for f, p in paragraphs.items()}
    return {}


def table_values(sheet: CalamineSheet) -> Iterator[tuple[int, tuple[str, str, str]]]:
    """(row, the first three columns as text) of a sheet's rows below its header."""
    first = (sheet.start or (0, 0))[0]
    rows = sheet.iter_rows()
    next(rows, None)
    for number, values in enumerate(rows, start=first + 2):
        texts = [cell_text(v) for v in values[:3]] + ["", "", ""]
        if any(texts[:3]):
            yield number, (texts[0], texts[1], texts[2])
