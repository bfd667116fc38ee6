"""The workbook writer behind every xlsx the tracker writes: xlsxwriter's public API for the
workbook, our own rows for the large tables.

A workbook is built in two steps. First xlsxwriter, in memory, writes everything but the data
rows of the streamed tables: styles, sheets, column widths, header rows and their comments,
tables (declared over their header and one row), conditional formats, notes, charts, print
set-up, document properties. Then ``Book.save`` copies that package into the output file,
part by part, and in each streamed sheet replaces the (empty) ``<sheetData>`` with the rows it
serializes itself, widening the sheet's dimension and its table's range to the rows written.

Everything relies only on the file format (ECMA-376 SpreadsheetML), not on xlsxwriter's
internals: a cell's style is the ``s`` index xlsxwriter gave a probe cell written with that
format (read back from the skeleton), and rows are plain ``<row>``/``<c>`` elements. Memory
stays flat: rows go from the records straight into the compressed stream.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from tracker.values import MAX_EXACT, PartialDate
from tracker.xlsx.ooxml import sheet_parts

EXCEL_MAX_ROWS = 1_048_576
EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()
FIRST_SERIAL_DATE = dt.date(1900, 3, 1)  # before it, Excel's serials are off by one: write text
ROW_HEIGHT = 15.0  # points per line of 11-point text
MAX_ROW_HEIGHT = 409.0  # Excel's limit
MAX_CELL_TEXT = 32_767  # Excel's limit on the characters of one cell
MAX_NOTE = 2_000  # characters of a cell's note (a comment box shows no more)
MAX_WIDTH = 50  # a column's width at most; longer text wraps


class Kind(Enum):
    """How a column's values are written."""

    text = "text"
    wrapped = "wrapped"  # long text, wrapped; rows grow to show it
    count = "count"  # whole numbers, #,##0
    quantity = "quantity"  # exact decimals, #,##0.###
    score = "score"  # scores from 0 to 1, always four decimals: 0.7407
    date = "date"  # real dates, yyyy-mm-dd; partial and pre-1900-03 dates stay text
    formula = "formula"  # the column's table formula; a row gives its cached result
    link = "link"  # a formula of its own per row (a HYPERLINK): a row gives (formula, text)
    entry = "entry"  # text in a column formatted as text, so that what is typed stays as typed


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    description: str = ""
    formula: str = ""  # for Kind.formula, with {table} where the table's name goes
    result: Kind = Kind.text  # how a formula's result is formatted
    width: float | None = None  # fixed width; else fitted to the values shown
    group: str = ""  # columns of one group print on one page (a number with its unit)

    @property
    def shows(self) -> Kind:
        return self.result if self.kind is Kind.formula else self.kind

    def cell_format_kind(self) -> Kind:
        return Kind.text if self.kind is Kind.link else self.shows


class Mark(Enum):
    """A cell highlighted where it stands (a finding about it)."""

    error = "error"
    warning = "warning"


@dataclass
class StreamedTable:
    """A table whose rows ``Book.save`` writes: ``rows()`` yields each row's values (for a
    formula column its cached result, for a link column a (formula, text) pair)."""

    sheet: Worksheet
    name: str
    columns: Sequence[Column]
    count: int
    rows: Callable[[], Iterable[Sequence[Any]]]
    top: int = 0  # the header's row
    marks: dict[tuple[int, int], Mark] = field(default_factory=dict)  # (data row, col)
    notes: dict[tuple[int, int], str] = field(default_factory=dict)  # (data row, col) -> text
    widths: list[float] = field(default_factory=list)
    repeat: int = 1  # identifying columns printed on every page across
    styles: dict[tuple[int, Mark | None], str] = field(default_factory=dict)  # -> ' s="N"'


@dataclass
class Formats:
    """The formats every workbook of the tracker uses."""

    header: Format
    header_number: Format  # over a column of numbers: aligned as they are
    count: Format
    quantity: Format
    date: Format
    wrapped: Format
    title: Format
    bold: Format
    link: Format
    error_fill: Format
    warning_fill: Format
    ok_fill: Format
    status_error: Format
    status_warning: Format
    status_ok: Format
    text: Format  # plain text, at the top of its cell like every other cell
    change: Format  # a signed count: +243, -5
    live: Format  # the Summary's live status line (coloured by conditional formats)

    @classmethod
    def create(cls, book: Workbook) -> Formats:
        top = {"valign": "top"}
        status = {"bold": True, "font_size": 13, "text_wrap": True, **top}
        return cls(
            header=book.add_format({"bold": True, "text_wrap": True, **top}),
            header_number=book.add_format(
                {"bold": True, "text_wrap": True, "align": "right", **top}
            ),
            count=book.add_format({"num_format": "#,##0", **top}),
            quantity=book.add_format({"num_format": "#,##0.###", **top}),
            date=book.add_format({"num_format": "yyyy-mm-dd", "align": "left", **top}),
            wrapped=book.add_format({"text_wrap": True, **top}),
            title=book.add_format({"bold": True, "font_size": 16}),
            bold=book.add_format({"bold": True}),
            link=book.add_format({"font_color": "#0563C1", "underline": 1, **top}),
            error_fill=book.add_format({"bg_color": "#F8CBAD", "font_color": "#9C0006", **top}),
            warning_fill=book.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700", **top}),
            ok_fill=book.add_format({"bg_color": "#C6EFCE", "font_color": "#006100", **top}),
            status_error=book.add_format(
                {**status, "bg_color": "#F8CBAD", "font_color": "#9C0006"}
            ),
            status_warning=book.add_format(
                {**status, "bg_color": "#FFEB9C", "font_color": "#9C5700"}
            ),
            status_ok=book.add_format({**status, "bg_color": "#C6EFCE", "font_color": "#006100"}),
            text=book.add_format(top),
            change=book.add_format({"num_format": "+#,##0;-#,##0;0", **top}),
            live=book.add_format(status),
        )


NUMBERS = (Kind.count, Kind.quantity, Kind.score)
MARK_FILLS = {Mark.error: ("#F8CBAD", "#9C0006"), Mark.warning: ("#FFEB9C", "#9C5700")}
COLUMN_FORMATS: dict[Kind, dict[str, Any]] = {
    Kind.entry: {"num_format": "@", "text_wrap": True},  # kept as typed, shown whole
    Kind.count: {"num_format": "#,##0"},
    Kind.quantity: {"num_format": "#,##0.###"},
    Kind.score: {"num_format": "0.0000"},
    Kind.date: {"num_format": "yyyy-mm-dd", "align": "left"},
    Kind.wrapped: {"text_wrap": True},
}


class Book:
    """A workbook under construction; ``save`` writes it to a path (use an atomic output)."""

    def __init__(self, properties: dict[str, Any], paper: int = 9) -> None:
        self.paper = paper  # 9 A4, 1 letter: what print_columns lays the columns out for
        self._skeleton = io.BytesIO()
        self.workbook = Workbook(
            self._skeleton,
            {
                "in_memory": True,  # no temporary files anywhere
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self.workbook.set_properties(properties)
        self.workbook.set_calc_mode("auto")
        self.workbook.set_size(1600, 1000)
        self.formats = Formats.create(self.workbook)
        self.streamed: list[StreamedTable] = []
        self._column_formats: dict[tuple[Kind, Mark | None], Format] = {}

    def column_format(self, kind: Kind, mark: Mark | None = None) -> Format:
        """The cell format of a column kind, plain or highlighted; every cell sits at the top
        of its row, so that a row grown for wrapped text reads from the top."""
        key = (kind, mark)
        if key not in self._column_formats:
            properties = {**COLUMN_FORMATS.get(kind, {}), "valign": "top"}
            if mark is not None:
                fill, font = MARK_FILLS[mark]
                properties |= {"bg_color": fill, "font_color": font}
            self._column_formats[key] = self.workbook.add_format(properties)
        return self._column_formats[key]

    def add_table(
        self,
        sheet: Worksheet,
        name: str,
        columns: Sequence[Column],
        count: int,
        rows: Callable[[], Iterable[Sequence[Any]]],
        top: int = 0,
        marks: dict[tuple[int, int], Mark] | None = None,
        notes: dict[tuple[int, int], str] | None = None,
    ) -> StreamedTable:
        """Declare a streamed table on ``sheet`` with its header at row ``top``; its data rows
        come from ``rows()`` when the book is saved, with ``marks`` (a cell's fill) and
        ``notes`` (a cell's comment) by (data row, column). Nothing may be written below it."""
        table = StreamedTable(sheet, name, columns, count, rows, top, marks or {}, notes or {})
        width = len(columns)
        sheet.add_table(
            top,
            0,
            top + 1,
            width - 1,
            {
                "name": name,
                "style": "Table Style Medium 2",
                "columns": [
                    {"header": c.name}
                    | ({"formula": c.formula.format(table=name)} if c.formula else {})
                    for c in columns
                ],
            },
        )
        for col, column in enumerate(columns):
            numeric = column.shows in NUMBERS
            header = self.formats.header_number if numeric else self.formats.header
            sheet.write_string(top, col, column.name, header)
            if column.description:
                sheet.write_comment(top, col, column.description, {"x_scale": 2, "y_scale": 1.5})
        table.widths = [column.width or header_width(column) for column in columns]
        self.streamed.append(table)
        return table

    def fit(
        self, table: StreamedTable, longest: Sequence[int] = (), cap: float = MAX_WIDTH
    ) -> None:
        """Column widths from the longest line each column shows (``longest_lines``),
        capped; wrapped columns take the cap. The header row grows for headers that wrap; a
        table wider than a page prints on as many pages across as it needs at a readable
        scale, its groups kept whole and its first columns repeated on each."""
        for col, length in enumerate(longest):
            if table.columns[col].width is None and length:
                table.widths[col] = min(max(table.widths[col], length + 2), cap)
        for col, column in enumerate(table.columns):
            if column.kind is Kind.wrapped and column.width is None:
                table.widths[col] = cap
        narrow_wrapped(table.widths, table.columns, self.paper)
        lines = max(
            lines_needed(c.name, w) for c, w in zip(table.columns, table.widths, strict=True)
        )
        if lines > 1:
            table.sheet.set_row(table.top, lines * ROW_HEIGHT)
        print_columns(
            table.sheet, table.widths, self.paper, [c.group for c in table.columns], table.repeat
        )

    def save(self, path: Path) -> None:
        """Write the workbook to ``path``: the skeleton's parts, with the streamed rows."""
        probes = self._write_probes()
        self.workbook.close()
        skeleton = zipfile.ZipFile(io.BytesIO(self._skeleton.getvalue()))
        parts = sheet_parts(skeleton)
        by_part = {parts[t.sheet.get_name()]: t for t in self.streamed}
        tables = {t.name: t for t in self.streamed}
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as out:
            for info in skeleton.infolist():
                data = skeleton.read(info)
                if info.filename in by_part:
                    table = by_part[info.filename]
                    read_styles(table, parse_part(data, info.filename), probes[table.name])
                    target = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                    target.compress_type = zipfile.ZIP_DEFLATED
                    with out.open(target, "w", force_zip64=True) as stream:
                        write_sheet(stream, table, data, info.filename)
                elif info.filename.startswith("xl/tables/"):
                    out.writestr(info, widen_table(data, info.filename, tables))
                else:
                    out.writestr(info, data)

    def _write_probes(self) -> dict[str, dict[tuple[int, Mark | None], tuple[int, int]]]:
        """For each streamed table, one blank cell per (column, mark) written below the table
        with the cell's format; their ``s`` attributes in the skeleton are the styles to use."""
        probes: dict[str, dict[tuple[int, Mark | None], tuple[int, int]]] = {}
        for table in self.streamed:
            found: dict[tuple[int, Mark | None], tuple[int, int]] = {}
            row = table.top + 2
            for mark in (None, *Mark):
                for col, column in enumerate(table.columns):
                    fmt = self.column_format(column.shows, mark)
                    if column.kind is Kind.link and mark is None:
                        fmt = self.formats.link
                    table.sheet.write_blank(row, col, None, fmt)
                    found[(col, mark)] = (row, col)
                row += 1
            for col, width in enumerate(table.widths):
                column = table.columns[col]
                fmt = self.formats.link if column.kind is Kind.link else None
                table.sheet.set_column(col, col, width, fmt or self.column_format(column.shows))
            for (row, col), text in table.notes.items():
                table.sheet.write_comment(
                    table.top + 1 + row, col, text[:MAX_NOTE], {"x_scale": 2.5, "y_scale": 2}
                )
            probes[table.name] = found
        return probes


# --- the package --------------------------------------------------------------------------------
# The skeleton's parts that ``save`` edits (a streamed sheet, its table) are parsed with the
# standard library's ElementTree (``tracker check`` loads no third-party parser): a sheet of the
# skeleton holds only the rows above and at a table's header and the probe cells, so parsing it
# is small and linear; nothing is matched by regular expressions.

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ROWS_HERE = "tracker: streamed rows"  # a comment that marks where the data rows go


class SkeletonError(RuntimeError):
    """xlsxwriter wrote a skeleton part unlike the one this writer expects (a release that
    changed its output): fail loudly rather than write a workbook with wrong styles."""


def main_tag(name: str) -> str:
    return f"{{{MAIN_NS}}}{name}"


# the prefixes xlsxwriter's parts use, kept when a part is written back
PREFIXES = {
    "": MAIN_NS,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "x14ac": "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac",
    "xr": "http://schemas.microsoft.com/office/spreadsheetml/2014/revision",
}
for _prefix, _uri in PREFIXES.items():
    ElementTree.register_namespace(_prefix, _uri)
DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def parse_part(data: bytes, name: str) -> ElementTree.Element:
    """A part xlsxwriter wrote (trusted: it comes from our own skeleton, never a DTD)."""
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise SkeletonError(f"xlsxwriter wrote {name} as XML that does not parse: {exc}") from None


def serialize(element: ElementTree.Element) -> bytes:
    return DECLARATION + bytes(ElementTree.tostring(element, encoding="utf-8"))


def read_styles(
    table: StreamedTable,
    sheet: ElementTree.Element,
    probes: dict[tuple[int, Mark | None], tuple[int, int]],
) -> None:
    """The ``s`` attribute of each probe cell, as the attribute text cells of that kind get;
    a probe cell missing from the skeleton is an error (its style would be guessed)."""
    styles = {
        str(c.get("r")): c.get("s") for c in sheet.iter(main_tag("c")) if c.get("r") is not None
    }
    for (col, mark), (row, _) in probes.items():
        ref = xl_rowcol_to_cell(row, col)
        if ref not in styles:
            raise SkeletonError(
                f"the probe cell {ref} of table {table.name} (column {table.columns[col].name}, "
                f"{mark.value if mark else 'plain'}) is missing from xlsxwriter's sheet: this "
                f"xlsxwriter writes blank cells differently; see pyproject.toml for the versions "
                f"tested"
            )
        style = styles[ref]
        table.styles[(col, mark)] = f' s="{style}"' if style else ""


def write_sheet(stream: Any, table: StreamedTable, data: bytes, name: str) -> None:
    """The skeleton sheet with its data rows streamed in place of the probes: the rows above
    and at the header kept, the dimension widened to the last row written."""
    sheet = parse_part(data, name)
    if any(key.endswith("}Ignorable") for key in sheet.attrib):
        raise SkeletonError(f"{name}: markup-compatibility prefixes are not supported here")
    sheet_data = sheet.find(main_tag("sheetData"))
    if sheet_data is None:
        raise SkeletonError(f"{name}: xlsxwriter wrote no <sheetData>")
    for row in list(sheet_data):
        if int(row.get("r", "0")) > table.top + 1:
            sheet_data.remove(row)
    sheet_data.append(ElementTree.Comment(ROWS_HERE))
    dimension = sheet.find(main_tag("dimension"))
    if dimension is not None:
        last = xl_rowcol_to_cell(table.top + max(table.count, 1), len(table.columns) - 1)
        dimension.set("ref", f"A1:{last}")
    text = serialize(sheet)
    head, tail = text.split(f"<!--{ROWS_HERE}-->".encode(), 1)
    stream.write(head)
    writer = RowWriter(table)
    chunk: list[str] = []
    for index, values in enumerate(table.rows()):
        chunk.append(writer.row(index, values))
        if len(chunk) >= 1_000:
            stream.write("".join(chunk).encode("utf-8"))
            chunk = []
    stream.write("".join(chunk).encode("utf-8") + tail)


def widen_table(data: bytes, name: str, tables: dict[str, StreamedTable]) -> bytes:
    """A streamed table's range (and its filter's) from its header to its last row."""
    part = parse_part(data, name)
    table = tables.get(str(part.get("name")))
    if table is None:
        return data
    last = table.top + 1 + max(table.count, 1)
    for element in (part, part.find(main_tag("autoFilter"))):
        if element is not None and element.get("ref"):
            first, _, end = str(element.get("ref")).partition(":")
            column = end.rstrip("0123456789")
            element.set("ref", f"{first}:{column}{last}")
    return serialize(part)


# --- rows ---------------------------------------------------------------------------------------

XML_ESCAPE = re.compile(r"[&<>]")
# characters XML 1.0 cannot hold (and lone surrogates), and literal _xHHHH_ that a reader would
# decode: both are written as _xHHHH_ escapes, as SpreadsheetML defines
OOXML_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]|_(?=x[0-9a-fA-F]{4}_)")


def xml_escape(text: str) -> str:
    """Text as XML element content (a formula in ``<f>``)."""
    if XML_ESCAPE.search(text):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def escape_text(text: str) -> str:
    """Text as a SpreadsheetML string (``<t>``, ``<v>``): XML-escaped, with the characters
    XML cannot hold written as _xHHHH_."""
    if OOXML_ESCAPE.search(text):
        text = OOXML_ESCAPE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return xml_escape(text)


def inline_string(text: str) -> str:
    """The ``<is>`` body of an inline string cell; edge spaces are preserved."""
    text = escape_text(text[:MAX_CELL_TEXT])
    if text[:1].isspace() or text[-1:].isspace():
        return f'<is><t xml:space="preserve">{text}</t></is>'
    return f"<is><t>{text}</t></is>"


def cell_text(value: object) -> str:
    """Text for a cell: lists joined with '; ', enums by value, dates in ISO form."""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def excel_serial(value: PartialDate | dt.date) -> int | None:
    """The Excel serial number of a full date from 1900-03-01 on; None otherwise."""
    day = value.full() if isinstance(value, PartialDate) else value
    if day is None or day < FIRST_SERIAL_DATE:
        return None
    return day.toordinal() - EXCEL_EPOCH


def number_text(value: int | Decimal) -> str | None:
    """A number as a cell value, or None when a spreadsheet cannot hold it exactly."""
    if isinstance(value, Decimal):
        if not value.is_finite() or abs(value) > MAX_EXACT or len(value.as_tuple().digits) > 15:
            return None
        return format(value, "f")
    return str(value) if abs(value) <= MAX_EXACT else None


class RowWriter:
    """Serializes the data rows of one streamed table; each cell is one f-string with its
    column's letter and style precomputed."""

    def __init__(self, table: StreamedTable) -> None:
        self.table = table
        self.kinds = [c.kind for c in table.columns]
        self.letters = [xl_col_to_name(i) for i in range(len(table.columns))]
        self.plain = [table.styles.get((i, None), "") for i in range(len(table.columns))]
        self.wrapped = [
            (i, table.widths[i])
            for i, c in enumerate(table.columns)
            if c.kind in (Kind.wrapped, Kind.entry)
        ]
        self.formulas = [
            xml_escape(c.formula.format(table=table.name)) if c.formula else ""
            for c in table.columns
        ]

    def row(self, index: int, values: Sequence[Any]) -> str:
        number = self.table.top + 2 + index
        cells = []
        for col, value in enumerate(values):
            style = self.plain[col]
            if self.table.marks and (index, col) in self.table.marks:
                style = self.table.styles[(col, self.table.marks[(index, col)])]
            cell = self.cell(f"{self.letters[col]}{number}", self.kinds[col], style, value, col)
            if cell:
                cells.append(cell)
        height = self.height(values)
        attributes = f' ht="{height:g}" customHeight="1"' if height > ROW_HEIGHT else ""
        return f'<row r="{number}"{attributes}>{"".join(cells)}</row>'

    def cell(self, ref: str, kind: Kind, style: str, value: Any, col: int) -> str:
        if kind is Kind.formula:
            return formula_cell(ref, style, self.formulas[col], value)
        if kind is Kind.link:
            return formula_cell(ref, style, xml_escape(value[0]), value[1]) if value else ""
        if value is None or value == "" or value == []:
            return f'<c r="{ref}"{style}/>' if style != self.plain[col] else ""
        if kind in NUMBERS and isinstance(value, int | Decimal):
            text = number_text(value)
            if text is not None:
                return f'<c r="{ref}"{style}><v>{text}</v></c>'
        elif kind is Kind.date and isinstance(value, PartialDate | dt.date):
            serial = excel_serial(value)
            if serial is not None:
                return f'<c r="{ref}"{style}><v>{serial}</v></c>'
        text = value if type(value) is str else cell_text(value)
        return f'<c r="{ref}"{style} t="inlineStr">{inline_string(text)}</c>'

    def height(self, values: Sequence[Any]) -> float:
        """Points a row needs to show its wrapped cells whole (Excel caps it at 409)."""
        lines = 1
        for col, width in self.wrapped:
            value = values[col] if col < len(values) else None
            if value:
                lines = max(lines, lines_needed(cell_text(value), width))
        return min(lines * ROW_HEIGHT, MAX_ROW_HEIGHT)


def formula_cell(ref: str, style: str, formula: str, result: Any) -> str:
    """A formula (XML-escaped already) with its cached result, as the tracker computed it."""
    if result is None:
        return f'<c r="{ref}"{style}><f>{formula}</f></c>'
    if isinstance(result, str):
        return f'<c r="{ref}"{style} t="str"><f>{formula}</f><v>{escape_text(result)}</v></c>'
    return f'<c r="{ref}"{style}><f>{formula}</f><v>{result}</v></c>'


def link(target: str, text: str) -> tuple[str, str]:
    """A HYPERLINK formula to a cell of this workbook (``'Sheet'!C12``), with the text it
    shows: a link column's value (``Kind.link``)."""
    escaped = text.replace('"', '""')
    return f'HYPERLINK("#{target}","{escaped}")', text


def header_width(column: Column) -> float:
    """A column's starting width: its header's, whole (a spreadsheet breaks a name such as
    ``stated_vessels`` mid-word, so headers never wrap)."""
    return float(max(len(column.name), 6) + 2)


CHARS_PER_WIDTH = 1.1  # text in the default font: a little more than one character per unit


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell of this width needs for ``text`` (its own line breaks included):
    words are wrapped whole, as a spreadsheet does, a word longer than a line broken."""
    per_line = max(1, int((width - 1) * CHARS_PER_WIDTH))
    total = 0
    for part in text.split("\n"):
        lines, used = 1, 0
        for word in part.split(" "):
            if used and used + 1 + len(word) > per_line:
                lines, used = lines + 1, 0
            used += (1 if used else 0) + len(word)
            while used > per_line:
                lines, used = lines + 1, used - per_line
        total += lines
    return total


@dataclass(frozen=True)
class Part:
    """One sheet of a table that may continue on numbered sheets."""

    title: str
    table: StreamedTable
    first: int  # index of its first item


@dataclass
class Parts:
    """Where a long table's items ended up: their sheets, and its columns."""

    parts: list[Part]
    columns: Sequence[Column]

    def locate(self, index: int) -> tuple[str, int]:
        """Sheet title and 1-based sheet row of the item at ``index``."""
        part = next(p for p in reversed(self.parts) if p.first <= index)
        return part.title, part.table.top + index - part.first + 2

    def column(self, name: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.name == name)

    def cell(self, index: int, name: str) -> str:
        """'Sheet'!C12: the cell of one field of the item at ``index``."""
        title, row = self.locate(index)
        return f"'{title}'!{xl_col_to_name(self.column(name))}{row}"

    @property
    def titles(self) -> list[str]:
        return [p.title for p in self.parts]


SAMPLE_ROWS = 1_000  # rows a table of the report looks at to fit its column widths
Marks = dict[int, dict[int, tuple[Mark, str]]]  # item index -> column -> (fill, note)


def shown(columns: Sequence[Column], values: Sequence[Any]) -> list[str]:
    """What each cell shows, for fitting column widths: a link shows its text, a formula its
    result, a date ten characters."""
    texts = []
    for column, value in zip(columns, values, strict=True):
        if column.kind is Kind.link:
            value = value[1] if value else None
        if value is None or value == "":
            texts.append("")
        elif column.shows is Kind.date:
            texts.append("2024-06-19")
        elif isinstance(value, int | Decimal) and column.shows in NUMBERS:
            texts.append(f"{value:,}")
        else:
            texts.append(cell_text(value))
    return texts


def longest_lines(columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> list[int]:
    """The longest line each column shows, over every row (one pass, one number a column:
    a long value in the last row widens or wraps its column as one in the first does)."""
    longest = [0] * len(columns)
    for values in rows:
        for col, text in enumerate(shown(columns, values)):
            if text:
                length = max(map(len, text.split("\n"))) if "\n" in text else len(text)
                if length > longest[col]:
                    longest[col] = length
    return longest


def wrap_long(columns: Sequence[Column], longest: Sequence[int]) -> list[Column]:
    """Text columns whose longest line is wider than a column may be, as wrapped columns
    (their rows grow to show them whole instead of being cut at the next cell)."""
    found = list(columns)
    for col, column in enumerate(columns):
        if column.kind is not Kind.text or column.width is not None:
            continue
        if longest[col] + 2 > MAX_WIDTH:
            found[col] = replace(column, kind=Kind.wrapped)
    return found


def long_table(
    book: Book,
    new_sheet: Callable[[str], Worksheet],
    title: str,
    name: str,
    columns: Sequence[Column],
    items: Sequence[Any],
    row: Callable[[int, Any], Sequence[Any]],
    per_sheet: int = EXCEL_MAX_ROWS - 1,
    marks: Marks | None = None,
    sheet: Worksheet | None = None,
    top: int = 0,
    fit_rows: int | None = SAMPLE_ROWS,
) -> Parts:
    """A table of ``items`` (``row(index, item)`` gives its values) on as many sheets as
    Excel's row limit needs: Designations, Designations (2), ... with tables Designations,
    Designations_2, ... The first sheet may be given (made earlier, for the tab order), with
    ``top`` rows above its header for notes. Column widths fit the first ``fit_rows`` rows
    of each sheet (None: every row, a second pass over them)."""
    parts: list[Part] = []
    for number, first in enumerate(range(0, max(len(items), 1), per_sheet - top), start=1):
        chunk = items[first : first + per_sheet - top]
        if number > 1 or sheet is None:
            sheet = new_sheet(part_title(title, number))
        if number > 1:
            top = 0

        def rows(chunk: Sequence[Any] = chunk, first: int = first) -> Iterable[Sequence[Any]]:
            return (row(first + i, item) for i, item in enumerate(chunk))

        mine = {
            (index - first, col): marked
            for index, by_col in (marks or {}).items()
            if first <= index < first + len(chunk)
            for col, marked in by_col.items()
        }
        measured = chunk if fit_rows is None else chunk[:fit_rows]
        longest = longest_lines(columns, (row(first + i, x) for i, x in enumerate(measured)))
        columns = wrap_long(columns, longest)
        table = book.add_table(
            sheet,
            part_table(name, number),
            columns,
            len(chunk),
            rows,
            top,
            {cell: mark for cell, (mark, _) in mine.items()},
            {cell: note for cell, (_, note) in mine.items() if note},
        )
        book.fit(table, longest)
        sheet.freeze_panes(top + 1, 0)
        parts.append(Part(sheet.get_name(), table, first))
    return Parts(parts, columns)


def part_title(title: str, number: int) -> str:
    """The sheet a long table continues on: Designations, Designations (2), ..."""
    return title if number == 1 else f"{title} ({number})"


def part_table(name: str, number: int) -> str:
    """The table on that sheet: Designations, Designations_2, ..."""
    return name if number == 1 else f"{name}_{number}"


# --- print ---------------------------------------------------------------------------------------

# Printed pages: landscape, margins of half an inch at the sides, at a scale that keeps 11-point
# text at 8.8 points or more. Widths are in points, column widths in a spreadsheet's units (the
# width of a digit of the default font: 7 pixels, plus 5 pixels of padding; 96 pixels an inch).
PAGE_NUMBER = "&A, page &P"  # footer: pages are numbered per sheet (no total: &N counts all)
PAPER_WIDTH = {9: 841.89, 1: 792.0}  # landscape width in points: A4, letter
SIDE_MARGIN = 0.5  # inches
POINTS_PER_WIDTH = 5.6
MIN_SCALE = 80  # percent: 11-point text prints at 8.8 points at the least


@dataclass(frozen=True)
class PrintLayout:
    """How a sheet's columns go onto pages: the scale and the columns each new page starts
    at (manual breaks); the first ``repeat`` columns print on every page."""

    scale: int
    breaks: list[int]
    repeat: int


def column_points(width: float) -> float:
    """A column's printed width at 100 %, in points: xlsxwriter stores a width plus 0.71
    (its padding), and LibreOffice prints a unit of the default font (Calibri 11, or the
    metric-compatible Carlito) 5.55 points wide, Excel 5.25: the wider is assumed."""
    return (width + 0.71) * POINTS_PER_WIDTH


def printable_width(paper: int) -> float:
    return PAPER_WIDTH.get(paper, PAPER_WIDTH[9]) - 2 * SIDE_MARGIN * 72


MIN_WRAPPED = 30  # a wrapped column narrowed to fit a page keeps this width at the least


def narrow_wrapped(widths: list[float], columns: Sequence[Column], paper: int) -> None:
    """Narrow the wrapped columns (their rows grow instead), down to ``MIN_WRAPPED``, so
    that a table a little wider than a page at ``MIN_SCALE`` prints on one page across."""
    room = printable_width(paper) * 100 / MIN_SCALE / POINTS_PER_WIDTH
    total = sum(w + 0.71 for w in widths)
    wrapped = [i for i, c in enumerate(columns) if c.kind is Kind.wrapped and c.width is None]
    spare = sum(widths[i] - MIN_WRAPPED for i in wrapped if widths[i] > MIN_WRAPPED)
    if total <= room or not wrapped or total - room > spare:
        return
    excess = total - room
    for i in wrapped:
        if widths[i] > MIN_WRAPPED:
            widths[i] -= excess * (widths[i] - MIN_WRAPPED) / spare


def layout_columns(
    widths: Sequence[float],
    paper: int,
    groups: Sequence[str] = (),
    repeat: int = 1,
    most: int = 100,
) -> PrintLayout:
    """The largest scale up to ``most`` % (100, or less for a page that must hold more
    rows, never below ``MIN_SCALE``) that prints every column on one page across; when that
    is below ``MIN_SCALE``, that scale and as many pages across as needed, each page ending
    before a group that would not fit whole (consecutive columns of one non-empty group),
    the first ``repeat`` columns printed on every page."""
    points = [column_points(w) for w in widths]
    page = printable_width(paper)
    total = sum(points)
    if not points or total * MIN_SCALE / 100 <= page:
        fits = math.floor(page * 100 / total) if total else 100
        return PrintLayout(max(MIN_SCALE, min(most, fits)), [], 0)
    room = page * 100 / MIN_SCALE
    repeat = min(repeat, len(points))
    units: list[list[int]] = []  # runs of columns that stay together
    for col in range(repeat, len(points)):
        group = groups[col] if col < len(groups) else ""
        if (
            units
            and group
            and group == (groups[units[-1][-1]] if units[-1][-1] < len(groups) else "")
        ):
            units[-1].append(col)
        else:
            units.append([col])
    breaks: list[int] = []
    used = sum(points[:repeat])
    for unit in units:
        width = sum(points[c] for c in unit)
        if used + width > room and used > sum(points[:repeat]):
            breaks.append(unit[0])
            used = sum(points[:repeat])
        used += width
        for col in unit:  # a unit wider than a page is broken where it must be
            if used > room and col != unit[0]:
                breaks.append(col)
                used = sum(points[:repeat]) + points[col]
    return PrintLayout(MIN_SCALE, breaks, repeat)


def print_columns(
    sheet: Worksheet,
    widths: Sequence[float],
    paper: int,
    groups: Sequence[str] = (),
    repeat: int = 1,
    most: int = 100,
) -> PrintLayout:
    """Lay a sheet's columns out on printed pages (``layout_columns``) and set its scale,
    its page breaks and its print titles for columns."""
    layout = layout_columns(widths, paper, groups, repeat, most)
    sheet.set_print_scale(layout.scale)
    if layout.breaks:
        sheet.set_v_pagebreaks(layout.breaks)
    if layout.repeat:
        sheet.repeat_columns(0, layout.repeat - 1)
    return layout


def print_setup(
    sheet: Worksheet, paper: int, header: str, footer: str, repeat_top: int | None = 0
) -> None:
    """Landscape, the header row on every page, page header/footer, pages numbered from 1 on
    every sheet (``&P`` counts the sheet's own pages). The scale is set where the columns are
    known (``print_columns``); until then, 100 %."""
    sheet.set_landscape()
    sheet.set_paper(paper)
    sheet.set_margins(left=SIDE_MARGIN, right=SIDE_MARGIN, top=0.75, bottom=0.75)
    sheet.set_start_page(1)
    if repeat_top is not None:
        sheet.repeat_rows(repeat_top)
    sheet.set_header(header)
    sheet.set_footer(footer)
