"""Texts too tall for a row (Excel caps a row at 409 points), in the report and the diff
workbook alike: each stays whole in its cell, so that a workbook reads back as it was written,
and prints whole on a Long texts sheet, in parts that each fit a row, each part linked to the
cell."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from xlsxwriter.worksheet import Worksheet

from tracker.records.template import text_parts
from tracker.xlsx.writer import (
    EXCEL_MAX_ROWS,
    MAX_ROW_HEIGHT,
    ROW_HEIGHT,
    Book,
    Column,
    Kind,
    Parts,
    cell_text,
    lines_needed,
    link,
    long_table,
)

LONG_TEXTS = "Long texts"  # the sheet
LONG_TEXTS_TABLE = "LongTexts"
LONG_TEXTS_DESCRIPTION = (
    "texts too long to print in their row, whole here in parts, each linked to its cell"
)
MAX_ROW_LINES = int(MAX_ROW_HEIGHT // ROW_HEIGHT)  # 27 lines of 15 points fit in 409, 28 do not
LONG_TEXT_WIDTH = 120  # the Long texts sheet's text column: a page wide
LONG_TEXT_COLUMNS = [
    Column("cell", Kind.link, "The cell the text is in (a link to it).", width=24),
    Column("part", Kind.count, "The part of the text, in order.", width=6),
    Column(
        "text", Kind.wrapped, "The text, in parts that each print whole.", width=LONG_TEXT_WIDTH
    ),
]
LongText = tuple[str, str]  # the cell (Sheet!C12) and its whole text
TextPart = tuple[str, int, str]  # the cell, the part's number, the part


def too_tall(text: str, width: float) -> bool:
    """Whether a wrapped cell this wide needs more lines than a row can be tall: its row
    would be cut at 409 points, and so would its print."""
    return lines_needed(text, width) > MAX_ROW_LINES


def find_long_texts(parts: Parts, value: Callable[[int, str], object]) -> list[LongText]:
    """The wrapped cells of a written table whose text is too tall for its row, in table
    order; ``value(index, column)`` is the item's value in that column (None for none). The
    widths are the ones the table was given, so this runs after it is declared."""
    found: list[LongText] = []
    for part in parts.parts:
        table = part.table
        wrapped = [
            (c.name, width)
            for c, width in zip(table.columns, table.widths, strict=True)
            if c.kind is Kind.wrapped
        ]
        for index in range(part.first, part.first + table.count):
            for name, width in wrapped:
                held = value(index, name)
                text = held if isinstance(held, str) else "" if held is None else cell_text(held)
                if text and too_tall(text, width):
                    found.append((parts.cell(index, name).replace("'", ""), text))
    return found


def long_text_items(texts: Sequence[LongText]) -> list[TextPart]:
    """(cell, part number, part) of every text, cut without losing a character into parts
    that each print whole in the text column."""
    return [
        (cell, number, part)
        for cell, text in texts
        for number, part in enumerate(text_parts(text, LONG_TEXT_WIDTH), start=1)
    ]


def long_text_row(index: int, item: TextPart) -> list[Any]:
    cell, number, part = item
    sheet, ref = cell.split("!")
    return [link(f"'{sheet}'!{ref}", cell), number, part]


def write_long_texts(
    book: Book,
    new_sheet: Callable[[str], Worksheet],
    items: Sequence[TextPart],
    per_sheet: int = EXCEL_MAX_ROWS - 1,
) -> Parts | None:
    """The Long texts sheet of ``long_text_items`` (continued on numbered sheets past
    Excel's row limit), or None when every text prints whole in its row."""
    if not items:
        return None
    return long_table(
        book,
        new_sheet,
        LONG_TEXTS,
        LONG_TEXTS_TABLE,
        LONG_TEXT_COLUMNS,
        items,
        long_text_row,
        per_sheet,
    )
