"""A workbook as a dataset: an .xlsx (or .ods) with one sheet per record type (named as the
report and the template name them, or as the CSV file without `.csv`), read the way its CSV files
would be, every problem naming the sheet and the cell (`Designations!F7`).

Cells hold what the spreadsheet stored, so they are read back as the models expect: a number
typed into a text or count column gives its digits (`9074729`, `1402.0` -> `1402`), a date in a
date column its ISO date, a formula its saved result. What cannot be read safely is a problem:
a formula with no saved result, merged cells, a date where text was expected (a spreadsheet
turns `2024-06` or `1-2` typed into a general cell into a date). Sheets the report and the
template add (Summary, Checks, About...) are ignored; other sheets are ignored with a warning.
Columns that only hold formulas the report computes (itemized counts, links) are ignored.

Values are read with python-calamine (Rust); what calamine does not say (which cells are
formulas, which have no saved result, which table columns are computed) comes from scanning the
package's XML, which streams. Source texts come from `sources/` beside the workbook, else from
its own Source files (written by `tracker convert`) or Source texts (the report) sheet.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from python_calamine import CalamineSheet, CalamineWorkbook

from tracker import codes
from tracker.errors import InputError
from tracker.problems import Location, Problem, Problems
from tracker.records.load import Dataset, Table, check_integrity, load_table, missing_table
from tracker.records.models import RECORD_TYPES, Record, Source, columns, field_type
from tracker.values import PartialDate
from tracker.xlsx.ooxml import calculated_columns, sheet_parts

SUFFIXES = (".xlsx", ".xlsm", ".ods")
MAX_SHEET_BYTES = 2 << 30  # a sheet larger than this unpacked is refused (a zip bomb)
# sheets of the tracker's own workbooks that hold no records
OWN_SHEETS = frozenset(
    {"Summary", "Checks", "Timeline", "About", "Lists", "List changes", "Instructions"}
)
SOURCE_FILES = "Source files"  # `tracker convert`: each source text whole, in parts
DATASET_FILES = "Dataset files"  # `tracker convert`: each file's byte order mark and line ends
SOURCE_TEXTS = "Source texts"  # the report: each source text a paragraph a row
FORMULA = re.compile(
    rb"<(?:\w+:)?c\b([^>]*)>\s*<(?:\w+:)?f\b(?:[^>]*/>|[^>]*>(.*?)</(?:\w+:)?f>)\s*"
    rb"(?:<(?:\w+:)?v\b[^>/]*>([^<]*)</(?:\w+:)?v>)?",  # an empty <v></v> saves no result
    re.DOTALL,
)
# a link whose result was not saved still says what it shows: HYPERLINK("#'Sources'!A3","id")
LINK_TEXT = re.compile(rb'^HYPERLINK\("[^"]*","((?:[^"]|"")*)"\)$')
REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


@dataclass
class Formulas:
    """A sheet's formula cells: (row, column index) -> True when a result was saved with it,
    else the text a link shows (recovered from its formula), else False."""

    cells: dict[tuple[int, int], bool | str] = field(default_factory=dict)
    computed: set[str] = field(default_factory=set)  # names of its tables' computed columns


def scan_formulas(package: zipfile.ZipFile, part: str) -> Formulas:
    """Every formula cell of a sheet, found by streaming its XML (flat memory)."""
    info = package.getinfo(part)
    if info.file_size > MAX_SHEET_BYTES:
        raise InputError(
            f"{part} of {package.filename} unpacks to {info.file_size:,} bytes: refused"
        )
    found = Formulas(computed=calculated_columns(package, part))
    tail = b""
    with package.open(info) as stream:
        while block := stream.read(1 << 22):
            data = tail + block
            cut = data.rfind(b"</c>")
            cut = len(data) if cut < 0 else cut + 4
            for match in FORMULA.finditer(data, 0, cut):
                ref = REF.search(match.group(1))
                if ref:
                    where = (int(ref.group(2)), column_index(ref.group(1).decode()))
                    found.cells[where] = bool(match.group(3)) or shown_text(match.group(2))
            tail = data[cut:]
    return found


def shown_text(formula: bytes | None) -> str | bool:
    """The text a HYPERLINK formula shows, or False for any other formula."""
    link = LINK_TEXT.match(html.unescape((formula or b"").decode("utf-8", "replace")).encode())
    return link.group(1).decode().replace('""', '"') if link else False


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


class SheetRows:
    """One record type's sheet as a RowSource: a header and numbered rows of cell texts. The
    report's computed columns are left out; cells that cannot be read safely are problems and
    their row is not loaded."""

    def __init__(
        self, sheet: CalamineSheet, record_type: type[Record], file: str, formulas: Formulas
    ) -> None:
        self.record_type = record_type
        self.file = file
        self.name = sheet.name
        self.formulas = formulas
        self.problems: list[Problem] = []
        first_row, self._first_col = sheet.start or (0, 0)
        self._row = first_row  # 1-based number of the last row read
        self._rows = sheet.iter_rows()
        self._merged = list(sheet.merged_cell_ranges or [])
        self._names: list[str] = []
        self._columns: list[int] = []  # index in a row of each kept column
        self.header = self._read_header()

    def where(self, row: int | None, field: str | None = None) -> Location:
        cell = None
        if row is not None and field in self._names:
            cell = f"{column_letter(self._col(self._names.index(field)))}{row}"
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
            if any(names):
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
        return name in self.formulas.computed or any(c == col for _, c in self.formulas.cells)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        if self.header is None:
            return
        saved_cells = self.formulas.cells
        while (values := self._next()) is not None:
            cells = [values[i] if i < len(values) else "" for i in self._columns]
            if saved_cells:
                for kept in range(len(cells)):
                    saved = saved_cells.get((self._row, self._col(kept)))
                    if isinstance(saved, str):  # a link saved without its result: what it shows
                        cells[kept] = saved
            texts = [cell_text(v) for v in cells]
            if not any(t.strip() for t in texts):
                continue
            if saved_cells or self._merged or any(isinstance(v, dt.date) for v in cells):
                problems = list(self.cell_problems(self._row, cells))
                if problems:
                    self.problems.extend(problems)  # the row is not loaded: its values are unsure
                    continue
            yield self._row, texts

    def cell_problems(self, row: int, cells: list[Any]) -> Iterator[Problem]:
        """Cells whose value is unsure (checked only on rows that can have such a cell)."""
        merged = False
        for kept, (name, value) in enumerate(zip(self._names, cells, strict=True)):
            col = self._col(kept)
            if self.formulas.cells.get((row, col)) is False:
                yield codes.CELL_FORMULA(
                    self.where(row, name), f"{name} is a formula with no saved result"
                )
            elif isinstance(value, dt.date) and not is_date_field(self.record_type, name):
                text = cell_text(value)
                yield codes.CELL_DATE(
                    self.where(row, name),
                    f"{name} holds the date {text}, but it is not a date column",
                    value=text,
                )
            elif not merged and self._merged and self.in_merged(row, col):
                merged = True  # one problem for the row
                yield codes.CELL_MERGED(self.where(row, name), f"{name} is part of merged cells")

    def in_merged(self, row: int, col: int) -> bool:
        return any(r0 <= row - 1 <= r1 and c0 <= col <= c1 for (r0, c0), (r1, c1) in self._merged)


def is_date_field(record_type: type[Record], name: str) -> bool:
    return name in columns(record_type) and field_type(record_type, name) is PartialDate


def open_workbook(path: Path) -> CalamineWorkbook:
    if not path.is_file():
        raise InputError(f"dataset not found: {path}")
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine's errors have no common public base
        raise InputError(f"{path}: not a workbook the tracker can read ({exc})") from None


def package_formulas(path: Path) -> dict[str, Formulas]:
    """Per sheet name, its formula cells (an .xlsx package; an .ods has none to scan)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not zipfile.is_zipfile(path):
        return {}
    with zipfile.ZipFile(path) as package:
        return {name: scan_formulas(package, part) for name, part in sheet_parts(package).items()}


def sheet_of(record_type: type[Record], names: list[str]) -> str | None:
    """The sheet holding a record type: its sheet name, or its CSV file's name without .csv
    (case aside)."""
    wanted = {record_type.SHEET.casefold(), record_type.FILE.removesuffix(".csv").casefold()}
    return next((n for n in names if n.strip().casefold() in wanted), None)


def load_workbook(path: Path) -> Dataset:
    """A workbook as a dataset; raises InputError only when the file cannot be read at all."""
    book = open_workbook(path)
    formulas = package_formulas(path)
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
        sheet = book.get_sheet_by_name(name)
        rows = SheetRows(sheet, record_type, path.name, formulas.get(name, Formulas()))
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
    dataset = Dataset(path, tables, problems, embedded_texts(book, names, tables))
    problems.extend(check_integrity(dataset))
    return dataset


def embedded_texts(
    book: CalamineWorkbook, names: list[str], tables: dict[type[Record], Table[Any]]
) -> dict[str, str]:
    """Source texts kept in the workbook, by file name: whole from Source files (file, part,
    text), else joined from the report's Source texts (source_id, paragraph, text)."""
    if SOURCE_FILES in names:
        parts: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for file, part, text in table_values(book.get_sheet_by_name(SOURCE_FILES)):
            parts[file].append((int(Decimal(part or "0")), text))
        return {f: "".join(t for _, t in sorted(p)) for f, p in parts.items()}
    if SOURCE_TEXTS in names:
        files = {s.id: s.file for s in tables[Source].records}
        paragraphs: dict[str, list[str]] = defaultdict(list)
        for source_id, _, text in table_values(book.get_sheet_by_name(SOURCE_TEXTS)):
            paragraphs[files.get(source_id, source_id)].append(text)
        return {f: "\n\n".join(p) for f, p in paragraphs.items()}
    return {}


def table_values(sheet: CalamineSheet) -> Iterator[tuple[str, str, str]]:
    """The first three columns of a sheet's rows below its header, as text."""
    rows = sheet.iter_rows()
    next(rows, None)
    for values in rows:
        texts = [cell_text(v) for v in values[:3]] + ["", "", ""]
        if any(texts[:3]):
            yield texts[0], texts[1], texts[2]
