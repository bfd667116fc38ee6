"""Row XML for the data sheets, written straight into xlsxwriter's constant_memory row stream.

xlsxwriter builds every cell through several generic layers (argument parsing, a cell tuple,
attribute lists, escaping regexes); for a million-row sheet that is most of the run time. A
table's columns are known in advance, so each cell here is one f-string with the column's
letter and style precomputed, and strings are escaped only when they need it, with the same
rules as xlsxwriter (XML entities, ``_xHHHH_`` control characters, ``xml:space`` for edge
spaces). Everything else (styles, tables, comments, charts, the package) stays xlsxwriter's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from enum import Enum
from typing import Any

from xlsxwriter.worksheet import Worksheet
from xlsxwriter.xmlwriter import XMLwriter

from tracker.fields import PartialDate

EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()


class CellKind(Enum):
    text = "text"
    number = "number"
    date = "date"  # a real date (a number), or text when the date is partial
    formula = "formula"  # (formula, cached result)


def excel_date(value: PartialDate) -> int | None:
    """The Excel serial number of a full date; None for a partial one."""
    day = value.full()
    return None if day is None else day.toordinal() - EXCEL_EPOCH


def cell_text(value: object) -> str:
    """Text for a cell: lists joined with '; ', enums by value, dates in ISO form."""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


NEEDS_CONTROL_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
NEEDS_XML_ESCAPE = re.compile(r"[&<>]")


def inline_string(text: str) -> str:
    """The ``<is>`` body of an inline string cell, escaped as xlsxwriter would."""
    if NEEDS_CONTROL_ESCAPE.search(text):
        text = XMLwriter._escape_control_characters(text)
    if NEEDS_XML_ESCAPE.search(text):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if text[:1].isspace() or text[-1:].isspace():
        return f'<is><t xml:space="preserve">{text}</t></is>'
    return f"<is><t>{text}</t></is>"


def escape_formula(formula: str) -> str:
    return formula.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class RowStream:
    """Writes the data rows (row 1 on) of one sheet; row 0, the header, is xlsxwriter's."""

    def __init__(
        self,
        sheet: Worksheet,
        kinds: Sequence[CellKind],
        styles: Sequence[int | None],
        letters: Sequence[str],
    ) -> None:
        self.sheet = sheet
        sheet._write_single_row(1)  # flush the header row xlsxwriter holds; the rest is ours
        self.write = sheet.fh.write
        self.cells = [
            (kind, letter, "" if style is None else f' s="{style}"')
            for kind, style, letter in zip(kinds, styles, letters, strict=True)
        ]
        self.last_col = len(kinds) - 1

    def row(self, row: int, values: Sequence[Any]) -> None:
        """One row: values as the records hold them (str, int, Decimal, PartialDate, list,
        enum), and (formula, cached result) pairs for formula columns."""
        number = row + 1
        parts = [f'<row r="{number}">']
        for (kind, letter, style), value in zip(self.cells, values, strict=False):
            if value is None or value == "" or value == []:
                continue
            ref = f"{letter}{number}"
            if kind is CellKind.text:
                text = value if type(value) is str else cell_text(value)
                parts.append(f'<c r="{ref}"{style} t="inlineStr">{inline_string(text)}</c>')
            elif kind is CellKind.number:
                parts.append(f'<c r="{ref}"{style}><v>{value}</v></c>')
            elif kind is CellKind.date:
                serial = excel_date(value)
                if serial is None:  # a partial date stays text: 2024-06
                    parts.append(
                        f'<c r="{ref}"{style} t="inlineStr">{inline_string(str(value))}</c>'
                    )
                else:
                    parts.append(f'<c r="{ref}"{style}><v>{serial}</v></c>')
            else:
                formula, result = value
                if isinstance(result, str):
                    parts.append(
                        f'<c r="{ref}"{style} t="str"><f>{formula}</f>'
                        f"<v>{inline_value(result)}</v></c>"
                    )
                else:
                    parts.append(f'<c r="{ref}"{style}><f>{formula}</f><v>{result}</v></c>')
        parts.append("</row>")
        self.write("".join(parts))
        self.sheet._check_dimensions(row, self.last_col)


def inline_value(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
