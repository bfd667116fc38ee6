"""The data-entry workbook: one sheet per record type, its columns in model order, made so that
a spreadsheet program prevents mistakes at entry. Every header carries a note with the field's
description, type and example (from the models); closed vocabularies and references to other
sheets are drop-down lists; counts take whole numbers; dates, ids, IMO numbers and every other
text column are formatted as text, so a spreadsheet keeps what is typed (no lost leading zeros,
no scientific notation, no `2024-06` turned into a date); each column shows an input message.

The same workbook, filled from a dataset, is what `tracker convert` writes: every cell holds the
CSV cell's text as it was (a count as a number when it is plain digits), the source texts are
kept whole on the Source files sheet, and a hidden Dataset files sheet records each file's byte
order mark and line ends, so that converting back gives the same bytes.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pycountry
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from tracker.errors import OutputError
from tracker.outputs import atomic_output
from tracker.records.models import RECORD_TYPES, Record, columns, field_type, fields
from tracker.records.workbook import CHOICES, DATASET_FILES, SOURCE_FILES
from tracker.values import PartialDate
from tracker.xlsx.writer import (
    EXCEL_MAX_ROWS,
    MAX_ROW_HEIGHT,
    PAGE_NUMBER,
    ROW_HEIGHT,
    Book,
    Column,
    Kind,
    lines_needed,
    long_table,
    print_columns,
    print_setup,
)

MAX_TEXT_PART = 32_000  # characters of a source text per cell (a cell holds 32,767)
LAST_ROW = EXCEL_MAX_ROWS - 1  # validations cover the whole column below the header


@dataclass
class RawTable:
    """One dataset file as it was: its header, its rows' cell texts, its byte order mark and
    line ends."""

    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    bom: bool = False
    newline: str = "\n"


@dataclass
class RawDataset:
    tables: dict[type[Record], RawTable]
    texts: dict[str, tuple[str, bool]] = field(default_factory=dict)  # file -> (text, bom)


def kind(record_type: type[Record], name: str) -> Kind:
    if name in columns(record_type) and field_type(record_type, name) is int:
        return Kind.count
    return Kind.entry


def type_words(record_type: type[Record], name: str) -> str:
    """The field's type in a reader's words."""
    base = field_type(record_type, name)
    if name == "id":
        return "id: lowercase letters, digits and single hyphens, unique on this sheet"
    if name in record_type.REFS:
        return f"the id of a row on the {record_type.REFS[name].SHEET} sheet"
    if name in COUNTRY_FIELDS:
        return "a country: pick its name from the list, or type its ISO code (KR, RU, KP)"
    if name == "language":
        return "an ISO 639-1 language code from the list (en, ko, ru)"
    if name == "list_source":
        return "an official list the tracker imports, from the list (ofac-sdn, un, ...)"
    if name == "imo":
        return "an IMO ship number: 7 digits, optionally after 'IMO ' (IMO 9074729)"
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return "one of: " + ", ".join(str(m.value) for m in base)
    return {
        int: "a whole number from 0 up (1402 or 1,402)",
        Decimal: "an exact decimal number (11000 or 2.5)",
        PartialDate: "a date: 2024-06-19, or 2024-06, or 2024",
        list: "a list: values separated by ;",
    }.get(base, "text")


def in_workbook_words(text: str) -> str:
    """A model's description as a spreadsheet user reads it: sheets instead of CSV files, no
    Markdown backticks."""
    for record_type in RECORD_TYPES:
        text = text.replace(f"`{record_type.FILE}`", f"{record_type.SHEET} sheet's")
        text = text.replace(record_type.FILE, f"{record_type.SHEET} sheet")
    return text.replace("`", "").replace("data/sources/", "the sources folder")


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def column_note(record_type: type[Record], name: str) -> str:
    info = fields(record_type).get(name)
    if info is None:
        return "Not a field of this record type: it is not loaded."
    example = (info.examples or [""])[0]
    required = "Required. " if info.is_required() else ""
    description = in_workbook_words(info.description or "")
    return f"{description}\n{required}Type: {type_words(record_type, name)}.\nExample: {example}"


COUNTRY_FIELDS = {"country", "target_country", "flag"}
COUNTRY_NAMES = sorted(str(c.name) for c in pycountry.countries)
LANGUAGES = sorted(str(lang.alpha_2) for lang in pycountry.languages if hasattr(lang, "alpha_2"))


def choices_range(col: int, count: int) -> str:
    letter = xl_col_to_name(col)
    return f"='{CHOICES}'!${letter}$2:${letter}${count + 1}"


def validation(
    record_type: type[Record], name: str, col: str, list_sources: Sequence[str] = ()
) -> dict[str, Any]:
    """The data validation of a column: drop-down, whole number, or a check of the text,
    each refusing with a message that says what the column takes."""
    info = fields(record_type).get(name)
    if info is None:
        return {"validate": "any"}
    base = field_type(record_type, name)
    cell = f"{col}2"
    if name in COUNTRY_FIELDS:  # a name from the list, or a code typed (a warning only)
        return {
            "validate": "list",
            "source": choices_range(0, len(COUNTRY_NAMES)),
            "error_type": "warning",
        }
    if name == "language":
        return {"validate": "list", "source": choices_range(1, len(LANGUAGES))}
    if name == "list_source" and list_sources:
        return {"validate": "list", "source": choices_range(2, len(list_sources))}
    if name in record_type.REFS:
        target = record_type.REFS[name].SHEET
        return {"validate": "list", "source": f"='{target}'!$A$2:$A${LAST_ROW + 1}"}
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return {"validate": "list", "source": [str(m.value) for m in base]}
    if base is int:
        return {"validate": "integer", "criteria": ">=", "value": 0}
    if base is PartialDate:
        iso = (
            f'OR(ISNUMBER(DATEVALUE({cell})),AND(LEN({cell})=7,MID({cell},5,1)="-"),LEN({cell})=4)'
        )
        return {"validate": "custom", "value": f'=OR({cell}="",{iso})'}
    if name == "id":
        return {
            "validate": "custom",
            "value": f'=AND(EXACT({cell},LOWER({cell})),ISERROR(FIND(" ",{cell})))',
        }
    if name == "imo":
        digits = f'IF(LEFT({cell},4)="IMO ",MID({cell},5,99),{cell})'
        seven = f'AND(LEN({digits})=7,ISNUMBER(-{digits}),ISERROR(FIND(".",{digits})))'
        return {"validate": "custom", "value": f'=OR({cell}="",{seven})'}
    return {"validate": "any"}


def error_message(record_type: type[Record], name: str) -> str:
    """What a refused cell is told: what the column takes, with an example."""
    info = fields(record_type).get(name)
    if info is None:  # a column the record type does not have (kept, as the dataset has it)
        return "Not a field of this record type: it is not loaded."
    example = (info.examples or [""])[0]
    words = sentence(type_words(record_type, name))
    if name == "id":
        words = "Lowercase letters, digits and single hyphens, no spaces"
    elif field_type(record_type, name) is PartialDate:
        words = "A date as 2024-06-19, 2024-06 or 2024"
    return f"{words}, e.g. {example}."[:255] if example else f"{words}."[:255]


def input_message(record_type: type[Record], name: str) -> dict[str, str]:
    info = fields(record_type).get(name)
    text = ""
    if info:
        text = f"{in_workbook_words(info.description or '')} "
        text += f"{sentence(type_words(record_type, name))}."
    return {"input_title": name[:32], "input_message": text[:255]}


def cell_value(kind_: Kind, text: str) -> Any:
    """A CSV cell's text as the workbook holds it: a count in plain digits as a number (which
    reads back as the same digits), everything else as the text it was."""
    canonical = text.isascii() and text.isdigit() and (text == "0" or text[0] != "0")
    if kind_ is Kind.count and canonical and len(text) <= 15:
        return int(text)
    return text


def write_template(
    path: Path, dataset: RawDataset | None = None, list_sources: Sequence[str] = ()
) -> list[str]:
    """Write the data-entry workbook (empty, or filled from ``dataset``); returns its sheets.
    ``list_sources`` are the official lists a ``list_source`` may name (its drop-down)."""
    book = Book(
        {
            "title": "Sanctions and export-control tracker: data entry",
            "comments": "Fill in the sheets, then run `tracker check` on this file.",
            "author": "tracker",
            "created": None,
        }
    )
    instructions(book)
    for record_type in RECORD_TYPES:
        raw = dataset.tables.get(record_type) if dataset else None
        header = raw.header if raw else columns(record_type)
        rows = raw.rows if raw else []
        if len(rows) > LAST_ROW:
            raise OutputError(
                f"{record_type.FILE} has {len(rows):,} rows; a sheet holds {LAST_ROW:,}: keep "
                "this dataset as CSV"
            )
        record_sheet(book, record_type, header, rows, list_sources)
    if dataset is not None:
        source_files(book, dataset)
    choices_sheet(book, list_sources)
    names = [sheet.get_name() for sheet in book.workbook.worksheets()]
    with atomic_output(path) as temp:
        book.save(temp)
    return names


def new_sheet(book: Book, title: str) -> Worksheet:
    """A sheet printed like the report's: landscape, readable, its name on every page."""
    sheet = book.workbook.add_worksheet(title)
    print_setup(sheet, book.paper, "&L&B&A&RData entry", f"&R{PAGE_NUMBER}")
    return sheet


def record_sheet(
    book: Book,
    record_type: type[Record],
    header: Sequence[str],
    rows: list[list[str]],
    list_sources: Sequence[str] = (),
) -> None:
    sheet = new_sheet(book, record_type.SHEET)
    kinds = [kind(record_type, n) for n in header]
    table_columns = [  # widths fitted to what is filled in, as the report's
        Column(name, k, column_note(record_type, name))
        for name, k in zip(header, kinds, strict=True)
    ]

    def row(index: int, cells: list[str]) -> list[Any]:
        padded = [*cells, *[""] * (len(header) - len(cells))][: len(header)]
        return [cell_value(k, text) for k, text in zip(kinds, padded, strict=True)]

    name = record_type.SHEET.replace(" ", "")
    long_table(
        book,
        lambda title: new_sheet(book, title),
        record_type.SHEET,
        name,
        table_columns,
        rows,
        row,
        sheet=sheet,
        fit_rows=None,  # every row: a long value in the last row widens its column too
    )
    for col, name in enumerate(header):
        letter = xl_col_to_name(col)
        rule = validation(record_type, name, letter, list_sources)
        rule |= input_message(record_type, name)
        rule |= {
            "error_title": f"Not a valid {name}"[:32],
            "error_message": error_message(record_type, name),
        }
        sheet.data_validation(1, col, LAST_ROW, col, rule)


def instructions(book: Book) -> None:
    sheet = new_sheet(book, "Instructions")
    fmt = book.formats
    sheet.set_column(0, 0, 110)
    print_columns(sheet, [110], book.paper, repeat=0)  # one page across
    lines = [
        ("Sanctions and export-control tracker: data entry", fmt.title),
        (
            "Each sheet holds one record type, a row per record. Every record quotes its source: "
            "fill in source_id (a row of Sources) and the quote, copied verbatim.",
            fmt.wrapped,
        ),
        (
            "A header's note says what the column holds, its type and an example; a cell's input "
            "message says the same while you type. Drop-down lists offer the values a column "
            "allows, and the ids of the sheet a reference points to (fill Sources and Authorities "
            "first). Ids are lowercase slugs such as kr-sanctions-2024-06, unique on their sheet.",
            fmt.wrapped,
        ),
        (
            "Dates are ISO: 2024-06-19, or 2024-06, or 2024 when the source gives no more. The "
            "date, id and IMO columns are formatted as text, so that what you type is kept.",
            fmt.wrapped,
        ),
        (
            "Put each source's text, as a .txt file, in a folder named sources beside this "
            "workbook, under the file name its row on Sources gives.",
            fmt.wrapped,
        ),
        (
            "Then run:  tracker check THIS-FILE.xlsx  : every mistake is reported with its sheet "
            "and cell (Designations!F7); tracker report THIS-FILE.xlsx writes the briefing.",
            fmt.wrapped,
        ),
    ]
    for row, (text, style) in enumerate(lines):
        sheet.write_string(row * 2, 0, text, style)
        if style is fmt.wrapped:
            sheet.set_row(row * 2, lines_needed(text, 110) * ROW_HEIGHT)
    sheet.activate()


TEXT_WIDTH = 90  # the Source files text column
ROW_LINES = int(MAX_ROW_HEIGHT // ROW_HEIGHT) - 1  # lines a row can show whole


def text_parts(text: str, width: float = TEXT_WIDTH) -> list[str]:
    """A text cut, without losing a character, into parts that each print whole in one row
    of a column this wide: whole lines where they fit, else at a space (or anywhere in a
    run of text with no space), at most ``MAX_TEXT_PART`` characters each."""
    parts: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        if current and lines_needed((current + line).rstrip("\r\n"), width) > ROW_LINES:
            parts.append(current)
            current = ""
        current += line
        while lines_needed(current.rstrip("\r\n"), width) > ROW_LINES:
            cut = fitting_prefix(current, width)
            parts.append(current[:cut])
            current = current[cut:]
    parts.append(current)
    return [p for p in parts if p] or [""]


def fitting_prefix(text: str, width: float) -> int:
    """The length of the longest prefix of ``text`` that ends after a space (else anywhere)
    and prints in ``ROW_LINES`` lines at this width."""
    low, high = 1, min(len(text), MAX_TEXT_PART)
    while low < high:  # the longest prefix that fits
        middle = (low + high + 1) // 2
        if lines_needed(text[:middle], width) <= ROW_LINES:
            low = middle
        else:
            high = middle - 1
    space = text.rfind(" ", 0, low)
    return space + 1 if space > 0 else low


def choices_sheet(book: Book, list_sources: Sequence[str]) -> None:
    """The values the closed vocabularies' drop-downs offer (country names, language codes,
    list sources), on a hidden sheet the validations refer to."""
    sheet = book.workbook.add_worksheet(CHOICES)
    for col, (title, values) in enumerate(
        (("country", COUNTRY_NAMES), ("language", LANGUAGES), ("list_source", list_sources))
    ):
        sheet.write_string(0, col, title, book.formats.bold)
        for row, value in enumerate(values, start=1):
            sheet.write_string(row, col, value)
    sheet.hide()


def source_files(book: Book, dataset: RawDataset) -> None:
    """Each source text whole, in parts that each print whole in a row, and each file's
    format."""
    parts = [
        [file, number, part]
        for file, (text, _) in sorted(dataset.texts.items())
        for number, part in enumerate(text_parts(text), start=1)
    ]
    columns_ = [
        Column("file", Kind.entry, "The source text's file name under sources/.", width=30),
        Column("part", Kind.count, "Its part, for a text longer than a cell holds."),
        Column("text", Kind.wrapped, "The text, exactly as the file holds it.", width=TEXT_WIDTH),
    ]
    sheet = new_sheet(book, SOURCE_FILES)
    long_table(
        book,
        book.workbook.add_worksheet,
        SOURCE_FILES,
        "SourceFiles",
        columns_,
        parts,
        lambda i, r: r,
        sheet=sheet,
    )
    formats = [
        [t.FILE, "yes" if raw.bom else "no", repr(raw.newline)] for t, raw in dataset.tables.items()
    ] + [
        [f"sources/{f}", "yes" if bom else "no", ""]
        for f, (_, bom) in sorted(dataset.texts.items())
    ]
    hidden = book.workbook.add_worksheet(DATASET_FILES)
    format_columns = [
        Column("file", Kind.entry, "A file of the dataset."),
        Column("bom", Kind.entry, "Whether it began with a UTF-8 byte order mark."),
        Column("newline", Kind.entry, "Its line ends."),
    ]
    long_table(
        book,
        book.workbook.add_worksheet,
        DATASET_FILES,
        "DatasetFiles",
        format_columns,
        formats,
        lambda i, r: r,
        sheet=hidden,
    )
    hidden.hide()
