"""Streaming building blocks for the report: formats, columns, and tables that continue on
numbered sheets. xlsxwriter in constant_memory mode writes each row as it goes, so memory does
not grow with the row count.

xlsxwriter refuses ``add_table`` in constant_memory mode because it would index every cell of
the range; ``add_streamed_table`` declares the table on its first two rows only and then widens
its range, which is all the table XML needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_range
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from tracker.report.rows import CellKind, RowStream, cell_text, escape_formula

EXCEL_MAX_ROWS = 1_048_576
WRAP_WIDTH = 60
SAMPLE_ROWS = 1_000  # rows looked at to fit column widths


class Kind(Enum):
    """How a column's values are written and formatted."""

    text = "text"
    wrapped = "wrapped"  # long text: wrapped at a fixed width
    count = "count"  # whole numbers, #,##0
    quantity = "quantity"  # decimals, #,##0.###
    date = "date"  # real dates, yyyy-mm-dd; partial dates stay text
    formula = "formula"
    link = "link"  # a HYPERLINK formula given per row as (formula, text)


CELL_KINDS = {
    Kind.text: CellKind.text,
    Kind.wrapped: CellKind.text,
    Kind.count: CellKind.number,
    Kind.quantity: CellKind.number,
    Kind.date: CellKind.date,
    Kind.formula: CellKind.formula,
    Kind.link: CellKind.formula,
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    description: str = ""
    formula: str = ""  # for Kind.formula: with {table} where the table's name goes
    result: Kind = Kind.text  # how a formula's result is formatted


@dataclass
class Formats:
    header: Format
    count: Format
    quantity: Format
    date: Format
    wrapped: Format
    title: Format
    bold: Format
    error_fill: Format
    warning_fill: Format
    ok_fill: Format

    @classmethod
    def create(cls, book: Workbook) -> Formats:
        return cls(
            header=book.add_format({"bold": True, "text_wrap": True, "valign": "top"}),
            count=book.add_format({"num_format": "#,##0", "valign": "top"}),
            quantity=book.add_format({"num_format": "#,##0.###", "valign": "top"}),
            date=book.add_format({"num_format": "yyyy-mm-dd", "valign": "top", "align": "left"}),
            wrapped=book.add_format({"text_wrap": True, "valign": "top"}),
            title=book.add_format({"bold": True, "font_size": 16}),
            bold=book.add_format({"bold": True}),
            error_fill=book.add_format({"bg_color": "#F8CBAD", "font_color": "#9C0006"}),
            warning_fill=book.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700"}),
            ok_fill=book.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"}),
        )

    def of(self, kind: Kind) -> Format | None:
        """The column format of a kind; plain text has none (a styled cell costs ~20% more
        to write, and a million of them add up)."""
        return {
            Kind.count: self.count,
            Kind.quantity: self.quantity,
            Kind.date: self.date,
            Kind.wrapped: self.wrapped,
        }.get(kind)


def part_title(title: str, number: int) -> str:
    """The sheet a long table continues on: Designations, Designations (2), ..."""
    return title if number == 1 else f"{title} ({number})"


def part_table(name: str, number: int) -> str:
    """The table on that sheet: Designations, Designations_2, ..."""
    return name if number == 1 else f"{name}_{number}"


def add_streamed_table(
    sheet: Worksheet, name: str, columns: Sequence[Column], last_row: int, header: Format
) -> None:
    """Declare an Excel table over rows 0..last_row (header at 0) without indexing its cells."""
    width = len(columns)
    sheet.constant_memory = False
    try:
        sheet.add_table(
            0,
            0,
            1,
            width - 1,
            {
                "name": name,
                "style": "Table Style Medium 2",
                "columns": [
                    {
                        "header": c.name,
                        **(
                            {"formula": c.formula.format(table=name)}
                            if c.kind is Kind.formula
                            else {}
                        ),
                    }
                    for c in columns
                ],
            },
        )
    finally:
        sheet.constant_memory = True
    table = sheet.tables[-1]
    table["range"] = table["a_range"] = table["autofilter"] = xl_range(
        0, 0, max(last_row, 1), width - 1
    )
    for col, column in enumerate(columns):  # replace add_table's shared-string headers
        sheet.write_string(0, col, column.name, header)
        if column.description:
            sheet.write_comment(0, col, column.description, {"x_scale": 2, "y_scale": 1.5})


@dataclass
class SheetPart:
    sheet: Worksheet
    title: str
    table: str
    first: int  # index of the first record on this part
    count: int
    formulas: list[str]  # of the formula columns, with this part's table name
    rows: RowStream


@dataclass
class TableWriter:
    """Streams rows into an Excel table on one sheet, continued on numbered sheets
    ("Designations (2)", table Designations_2) when it would pass Excel's row limit."""

    book: Workbook
    formats: Formats
    title: str
    name: str
    columns: Sequence[Column]
    total: int
    rows_per_sheet: int = EXCEL_MAX_ROWS - 1
    parts: list[SheetPart] = field(default_factory=list)
    _widths: list[int] = field(default_factory=list)
    _written: int = 0

    def __post_init__(self) -> None:
        self._widths = [max(len(c.name), 6) + 2 for c in self.columns]
        self._formula_cols = [i for i, c in enumerate(self.columns) if c.kind is Kind.formula]

    def sheet_titles(self) -> list[str]:
        return [part.title for part in self.parts]

    def locate(self, index: int) -> tuple[str, int]:
        """Sheet title and 0-based sheet row of the record at ``index``."""
        part = self.parts[min(index // self.rows_per_sheet, len(self.parts) - 1)]
        return part.title, index - part.first + 1

    def column(self, name: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.name == name)

    def _new_part(self) -> SheetPart:
        number = len(self.parts) + 1
        title, table = part_title(self.title, number), part_table(self.name, number)
        first = self._written
        count = min(self.rows_per_sheet, self.total - first)
        sheet = self.book.add_worksheet(title)
        for col, column in enumerate(self.columns):
            sheet.set_column(col, col, self._widths[col], self.formats.of(self._kind(column)))
        add_streamed_table(sheet, table, self.columns, count, self.formats.header)
        sheet.freeze_panes(1, 0)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(0)
        sheet.set_header(f"&L&B{title}&R&P / &N")
        formulas = [
            escape_formula(self.columns[i].formula.format(table=table)) for i in self._formula_cols
        ]
        styles = [
            None if (f := self.formats.of(self._kind(c))) is None else f._get_xf_index()
            for c in self.columns
        ]
        rows = RowStream(
            sheet,
            [CELL_KINDS[c.kind] for c in self.columns],
            styles,
            [column_letter(i) for i in range(len(self.columns))],
        )
        part = SheetPart(sheet, title, table, first, count, formulas, rows)
        self.parts.append(part)
        return part

    def start(self) -> None:
        """Create the first sheet even when there are no rows (an empty table is shown)."""
        if not self.parts:
            self._new_part()

    def write(self, values: Sequence[Any], cached: Sequence[Any] = ()) -> None:
        """One row: ``values`` for the data columns, ``cached`` results for formula columns
        (what the tracker computed; a spreadsheet program recalculates them)."""
        if not self.parts or self._written - self.parts[-1].first >= self.rows_per_sheet:
            self._new_part()
        part = self.parts[-1]
        if self._written < SAMPLE_ROWS:
            self._fit(values)
        row = [*values, *zip(part.formulas, cached, strict=True)] if part.formulas else values
        part.rows.row(self._written - part.first + 1, row)
        self._written += 1

    def _fit(self, values: Sequence[Any]) -> None:
        """Widen columns to their longest value (looked at on the first rows only)."""
        for col, value in enumerate(values):
            if value is not None:
                length = 10 if self.columns[col].kind is Kind.date else len(cell_text(value))
                self._widths[col] = min(max(self._widths[col], length + 2), WRAP_WIDTH)

    def finish(self) -> None:
        self.start()
        for part in self.parts:
            for col, column in enumerate(self.columns):
                width = WRAP_WIDTH if column.kind is Kind.wrapped else self._widths[col]
                part.sheet.set_column(col, col, width, self.formats.of(self._kind(column)))

    @staticmethod
    def _kind(column: Column) -> Kind:
        return column.result if column.kind is Kind.formula else column.kind


def column_letter(index: int) -> str:
    return str(xl_col_to_name(index))


def conditional_rows(
    sheet: Worksheet,
    first_col: int,
    last_col: int,
    last_row: int,
    rules: Iterable[tuple[str, Format]],
) -> None:
    """Conditional formats (formula, format) over the data rows of a table."""
    for criteria, fmt in rules:
        sheet.conditional_format(
            1,
            first_col,
            max(last_row, 1),
            last_col,
            {"type": "formula", "criteria": criteria, "format": fmt},
        )
