"""The workbook writer (tracker/xlsx/writer.py): xlsxwriter's public API builds the skeleton,
our rows are streamed in. Byte-level golden rows per cell kind, text that reads back exactly as
xlsxwriter's own writer would give it, and the seam with xlsxwriter fenced."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
import xlsxwriter
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from xlsxwriter.worksheet import Worksheet

from tracker.values import PartialDate
from tracker.xlsx.writer import Book, Column, Kind, Mark, SkeletonError, lines_needed

COLUMNS = [
    Column("text", Kind.text),
    Column("count", Kind.count),
    Column("quantity", Kind.quantity),
    Column("date", Kind.date),
    Column("wrapped", Kind.wrapped),
    Column(
        "twice",
        Kind.formula,
        formula='IF({table}[[#This Row],[count]]="","",{table}[[#This Row],[count]]*2)',
        result=Kind.count,
    ),
    Column("link", Kind.link),
]


def write(
    path: Path, rows: list[list[Any]], marks: dict[tuple[int, int], Mark] | None = None
) -> Path:
    book = Book({"title": "test"})
    sheet = book.workbook.add_worksheet("Data")
    table = book.add_table(sheet, "Data", COLUMNS, len(rows), lambda: rows, marks=marks)
    book.fit(table)
    book.save(path)
    return path


def sheet_rows(path: Path) -> list[str]:
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    return re.findall(r'<row r="\d+".*?</row>', xml)


def styles(path: Path) -> list[str]:
    """The s attribute of every cell of row 2, by column letter."""
    return re.findall(r'<c r="[A-Z]+2"( s="\d+")?', sheet_rows(path)[1])


def test_each_cell_kind_is_written_exactly(tmp_path: Path) -> None:
    row = [
        "Ocean Star", 1402, Decimal("2.50"), PartialDate(2024, 6, 19), "a long text",
        2804, ('HYPERLINK("#\'Data\'!A2","Data!A2")', "Data!A2"),
    ]  # fmt: skip
    out = write(tmp_path / "w.xlsx", [row])
    body = sheet_rows(out)[1]
    s = [m or "" for m in styles(out)]
    assert body == (
        f'<row r="2"><c r="A2"{s[0]} t="inlineStr"><is><t>Ocean Star</t></is></c>'
        f'<c r="B2"{s[1]}><v>1402</v></c>'
        f'<c r="C2"{s[2]}><v>2.50</v></c>'
        f'<c r="D2"{s[3]}><v>45462</v></c>'
        f'<c r="E2"{s[4]} t="inlineStr"><is><t>a long text</t></is></c>'
        f'<c r="F2"{s[5]}><f>IF(Data[[#This Row],[count]]="","",Data[[#This Row],[count]]*2)'
        f"</f><v>2804</v></c>"
        f'<c r="G2"{s[6]} t="str"><f>HYPERLINK("#\'Data\'!A2","Data!A2")</f>'
        f"<v>Data!A2</v></c></row>"
    )
    book = openpyxl.load_workbook(out)
    sheet = book["Data"]
    assert [c.value for c in sheet[2]][:5] == [
        "Ocean Star",
        1402,
        2.5,
        dt.datetime(2024, 6, 19),
        "a long text",
    ]
    assert sheet["B2"].number_format == "#,##0"
    assert sheet["D2"].number_format == "yyyy-mm-dd"
    assert sheet["E2"].alignment.wrap_text
    assert sheet.tables["Data"].ref == "A1:G2"


def test_values_a_spreadsheet_cannot_hold_are_written_as_text(tmp_path: Path) -> None:
    row = ["x", 10**16, Decimal("1E+400"), PartialDate(1899, 12, 31), None, None, None]
    out = write(
        tmp_path / "w.xlsx", [row, ["y", 5, Decimal(3), PartialDate(2024, 6), None, 10, None]]
    )
    sheet = openpyxl.load_workbook(out)["Data"]
    assert [c.value for c in sheet[2]][:4] == ["x", "10000000000000000", "1E+400", "1899-12-31"]
    assert [c.value for c in sheet[3]][:4] == ["y", 5, 3, "2024-06"]
    assert sheet.tables["Data"].ref == "A1:G3"


ODD = [
    "a & b < c > d",
    "  leading and trailing  ",
    "tab\there",
    "bell\x07",
    "esc\x1b[2J",
    "_x0041_ literal",
    "line\nbreak",
    "quote \" and '",
    "ünïcödé \u2013 \u201ccurly\u201d",
    "\ufffe",
    '=HYPERLINK("http://x","y")',
]


def test_odd_text_reads_back_as_xlsxwriter_writes_it(tmp_path: Path) -> None:
    out = write(tmp_path / "w.xlsx", [[text, None, None, None, None, None, None] for text in ODD])
    ours = openpyxl.load_workbook(out)["Data"]
    reference = tmp_path / "xlsxwriter.xlsx"
    book = xlsxwriter.Workbook(
        str(reference), {"strings_to_formulas": False, "constant_memory": True}
    )
    sheet = book.add_worksheet()
    for row, text in enumerate(ODD):
        sheet.write_string(row, 0, text)
    book.close()
    theirs = openpyxl.load_workbook(reference).active
    assert theirs is not None
    assert [ours.cell(row + 2, 1).value for row in range(len(ODD))] == [
        theirs.cell(row + 1, 1).value for row in range(len(ODD))
    ]
    assert all(ours.cell(row + 2, 1).data_type == "s" for row in range(len(ODD)))


def test_marked_cells_get_their_fill_and_rows_grow_for_wrapped_text(tmp_path: Path) -> None:
    long = "word " * 60
    rows = [["a", 1, None, None, long, None, None], ["b", 2, None, None, "short", None, None]]
    out = write(tmp_path / "w.xlsx", rows, marks={(0, 1): Mark.warning, (1, 0): Mark.error})
    sheet = openpyxl.load_workbook(out)["Data"]
    assert sheet["B2"].fill.fgColor.rgb.endswith("FFEB9C")
    assert sheet["A3"].fill.fgColor.rgb.endswith("F8CBAD")
    assert sheet["B2"].number_format == "#,##0"  # the mark keeps the column's format
    width = sheet.column_dimensions["E"].width
    assert sheet.row_dimensions[2].height == 15 * lines_needed(long.strip(), width)
    assert sheet.row_dimensions[3].height is None


def test_no_temporary_file_is_made_anywhere(tmp_path: Path, monkeypatch: Any) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    write(tmp_path / "w.xlsx", [["a", 1, None, None, None, None, None]] * 3)
    assert list(temp.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tmp", "w.xlsx"]


# --- the seam with xlsxwriter: fenced, not trusted ------------------------------------------------


def test_a_probe_style_xlsxwriter_did_not_write_stops_the_save(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """A release that wrote blank cells differently would leave the streamed rows with guessed
    styles: the save stops, naming the cell, and leaves no file."""
    monkeypatch.setattr(Worksheet, "write_blank", lambda self, *args, **kwargs: 0)
    with pytest.raises(SkeletonError, match=r"probe cell A3 of table Data \(column text"):
        write(tmp_path / "w.xlsx", [["a"] + [None] * 6])


def test_the_parts_it_edits_are_parsed_not_matched(tmp_path: Path) -> None:
    """The sheet's dimension and the table's and filter's ranges follow the rows written; the
    rest of each part is xlsxwriter's, element for element."""
    rows = [["x", n, None, None, None, n * 2, None] for n in range(5)]
    out = write(tmp_path / "w.xlsx", rows)
    package = zipfile.ZipFile(out)
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    sheet = ElementTree.fromstring(package.read("xl/worksheets/sheet1.xml"))
    assert sheet.find("m:dimension", ns).get("ref") == "A1:G6"  # type: ignore[union-attr]
    assert [r.get("r") for r in sheet.iterfind("m:sheetData/m:row", ns)] == list("123456")
    table = ElementTree.fromstring(package.read("xl/tables/table1.xml"))
    assert table.get("ref") == "A1:G6"
    assert table.find("m:autoFilter", ns).get("ref") == "A1:G6"  # type: ignore[union-attr]
    assert package.read("xl/worksheets/sheet1.xml").startswith(
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    )


def test_the_installed_xlsxwriter_is_one_the_pin_allows() -> None:
    """The tests run against the xlsxwriter installed; pyproject states the versions allowed."""
    text = (Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    (pin,) = re.findall(r'^    "xlsxwriter([^"]*)",$', text, re.MULTILINE)
    assert pin == ">=3.2,<4"
    assert Version(xlsxwriter.__version__) in SpecifierSet(pin)
