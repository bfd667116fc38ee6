"""The review workbook: a draft an analyst decides on, row by row, before anything enters the
dataset. One sheet per record type (the dataset's own sheet names and columns, so that the
workbook reads back like any data-entry workbook), each row a proposal with two columns in
front: ``decision`` (accept / reject / edit, a drop-down) and ``confidence``. The rows made for
the proposals (the source, the authorities and control lists they name) are on their sheets
too, decided "accept" already. A *Source texts* sheet shows each text line by line with the
quoted words highlighted and the rows that quote them; *Source files* keeps each text exactly
(`tracker accept` adds it to the dataset from there). `tracker accept` (``accept.py``) reads it
back."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from tracker.extract.draft import CONFIDENCE, Tables, Text, as_raw, draft_tables
from tracker.extract.text import sentences
from tracker.outputs import atomic_output
from tracker.records import models as m
from tracker.records.template import (
    LAST_ROW,
    column_note,
    input_message,
    kind,
    source_files,
    type_words,
    validation,
)
from tracker.xlsx.writer import (
    ROW_HEIGHT,
    Book,
    Column,
    Kind,
    lines_needed,
    long_table,
    print_setup,
)

DECISION, CONFIDENCE_COLUMN = "decision", "confidence"
DECISIONS = ("accept", "reject", "edit")
REVIEW_COLUMNS = (DECISION, CONFIDENCE_COLUMN)
# made for the proposals, not proposed: decided "accept" already
SUPPORT = (m.Source, m.Authority, m.ControlList)
SOURCE_TEXTS = "Source texts"
MAX_CITED = 20  # cells named beside a line
Quoted = dict[str, dict[str, list[str]]]
A4 = 9  # xlsxwriter's paper size
TEXT_WIDTH = 100


def write_review(path: Path, texts: Sequence[Text]) -> list[str]:
    """Write the review workbook of the texts' proposals; returns its sheets' names."""
    tables = draft_tables(texts)
    raw = as_raw(tables, texts)
    book = Book(
        {
            "title": "Sanctions and export-control tracker: proposals to review",
            "comments": "Decide each row (accept, reject, edit), then run `tracker accept`.",
            "author": "tracker",
            "created": None,
        }
    )
    instructions(book)
    where: Quoted = {}  # source id -> quote -> the cells of the rows that quote it
    for record_type in m.RECORD_TYPES:
        if tables.rows[record_type] or record_type is m.Source:
            review_sheet(book, record_type, tables, where)
    source_texts(book, texts, where)
    source_files(book, raw)
    names = [sheet.get_name() for sheet in book.workbook.worksheets()]
    with atomic_output(path) as temp:
        book.save(temp)
    return names


def review_sheet(book: Book, record_type: type[m.Record], tables: Tables, where: Quoted) -> None:
    header = [*REVIEW_COLUMNS, *m.columns(record_type)]
    rows = tables.rows[record_type]
    sheet = book.workbook.add_worksheet(record_type.SHEET)
    decided = "accept" if record_type in SUPPORT else ""
    kinds = [Kind.entry, Kind.entry, *(kind(record_type, n) for n in m.columns(record_type))]
    notes = [
        "accept, reject or edit (edit the cells, then mark the row edit). Rows left empty are "
        "not added; rejected rows stay here.",
        "How sure the rules are of this row, 0 to 1: review the lowest first.",
        *(column_note(record_type, n) for n in m.columns(record_type)),
    ]
    widths = [10.0, 11.0, *(max(len(n) + 2, 14.0) for n in m.columns(record_type))]
    for long in ("quote", "description", "summary", "said", "title"):
        if long in header:  # long texts wrapped, their rows as high as they need
            widths[header.index(long)] = 60.0 if long == "quote" else 36.0
            kinds[header.index(long)] = Kind.wrapped
    quote_col = header.index("quote") if "quote" in header else None
    columns = [
        Column(name, k, note, width=width)
        for name, k, note, width in zip(header, kinds, notes, widths, strict=True)
    ]

    def row(index: int, values: dict[str, Any]) -> list[Any]:
        confidence = values.get(CONFIDENCE)
        cells: list[Any] = [decided, f"{confidence:.2f}" if confidence is not None else ""]
        for name, k in zip(m.columns(record_type), kinds[2:], strict=True):
            value = values.get(name)
            cells.append("" if value is None else value if k is Kind.count else str(value))
        return cells

    for index, values in enumerate(rows):
        if values.get("quote") and quote_col is not None:
            quoted = where.setdefault(str(values.get("source_id", "")), {})
            quoted.setdefault(values["quote"], []).append(f"{record_type.SHEET}!A{index + 2}")
    long_table(
        book,
        book.workbook.add_worksheet,
        record_type.SHEET,
        record_type.SHEET.replace(" ", ""),
        columns,
        rows,
        row,
        sheet=sheet,
    )
    print_setup(sheet, A4, f"&L{record_type.SHEET} to review", "&RPage &P of &N")
    sheet.data_validation(
        1,
        0,
        LAST_ROW,
        0,
        {
            "validate": "list",
            "source": list(DECISIONS),
            "input_title": DECISION,
            "input_message": "accept, reject or edit",
            "error_title": "Not a decision",
            "error_message": "accept, reject or edit",
        },
    )
    for col, name in enumerate(m.columns(record_type), start=len(REVIEW_COLUMNS)):
        rule = validation(record_type, name, xl_col_to_name(col)) | input_message(record_type, name)
        rule |= {
            "error_title": f"Not a valid {name}",
            "error_message": type_words(record_type, name)[:255],
        }
        if "source" in rule and isinstance(rule["source"], str):
            continue  # a reference: its ids may be on this workbook's sheet or the dataset's
        sheet.data_validation(1, col, LAST_ROW, col, rule)


def source_texts(book: Book, texts: Sequence[Text], where: Quoted) -> None:
    """Each text line by line, the words a row quotes highlighted, and the rows quoting them."""
    sheet = book.workbook.add_worksheet(SOURCE_TEXTS)
    fmt = book.formats
    marked = book.workbook.add_format(
        {"bold": True, "font_color": "#9C0006", "underline": 1, "text_wrap": True}
    )
    plain = book.workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 8)
    sheet.set_column(2, 2, TEXT_WIDTH)
    sheet.set_column(3, 3, 40)
    for col, title in enumerate(("source", "line", "text", "quoted by")):
        sheet.write_string(0, col, title, fmt.header)
    sheet.freeze_panes(1, 0)
    print_setup(sheet, A4, "&LSource texts", "&RPage &P of &N")
    row = 1
    for text in texts:
        quoted = where.get(text.source_id, {})
        spans = sorted(quote_spans(text.text, quoted))
        active: list[tuple[int, int, str]] = []  # the spans that reach the current line
        next_span = 0
        offset = 0
        for number, line in enumerate(text.text.split("\n"), start=1):
            start, end = offset, offset + len(line)
            offset = end + 1
            while next_span < len(spans) and spans[next_span][0] < end + 1:
                active.append(spans[next_span])
                next_span += 1
            active = [s for s in active if s[1] > start]
            if not line.strip() or row > LAST_ROW:
                continue
            here = [s for s in active if s[0] < end]
            pieces = covered(line, start, here)
            sheet.write_string(row, 0, text.source_id, fmt.text)
            sheet.write_number(row, 1, number, fmt.count)
            if len(pieces) > 1:
                parts: list[Any] = []
                for piece, hit in pieces:
                    parts += [marked, piece] if hit else [piece]
                sheet.write_rich_string(row, 2, *parts, plain)
            else:
                whole = pieces[0][1] if pieces else False
                sheet.write_string(row, 2, line[:32_767], marked if whole else plain)
            cited = sorted({c for _, _, q in here for c in quoted.get(q, [])})
            if cited:
                shown = ", ".join(cited[:MAX_CITED])
                if len(cited) > MAX_CITED:
                    shown += f" and {len(cited) - MAX_CITED:,} more"
                sheet.write_string(row, 3, shown, plain)
            sheet.set_row(row, min(409.0, lines_needed(line, TEXT_WIDTH) * ROW_HEIGHT))
            row += 1


def quote_spans(text: str, quoted: dict[str, list[str]]) -> list[tuple[int, int, str]]:
    """Where each quote stands: at every sentence it is (one pass over the text), else where
    it first occurs (a phrase, or two sentences)."""
    starts: dict[str, list[int]] = {}
    for sentence in sentences(text):
        starts.setdefault(sentence.text, []).append(sentence.start)
    found = []
    for quote in quoted:
        at = starts.get(quote)
        if at is None:
            first = text.find(quote)
            at = [first] if first >= 0 else []
        found += [(s, s + len(quote), quote) for s in at]
    return found


def covered(line: str, start: int, spans: list[tuple[int, int, str]]) -> list[tuple[str, bool]]:
    """The line in pieces, each marked whether a quote covers it."""
    edges = sorted(
        {0, len(line)}
        | {min(max(s - start, 0), len(line)) for s, _, _ in spans}
        | {min(max(e - start, 0), len(line)) for _, e, _ in spans}
    )
    pieces: list[tuple[str, bool]] = []
    for left, right in pairwise(edges):
        hit = any(s - start <= left and right <= e - start for s, e, _ in spans)
        if pieces and pieces[-1][1] == hit:
            pieces[-1] = (pieces[-1][0] + line[left:right], hit)
        else:
            pieces.append((line[left:right], hit))
    return pieces


def instructions(book: Book) -> None:
    sheet = book.workbook.add_worksheet("Instructions")
    fmt = book.formats
    sheet.set_column(0, 0, 110)
    lines = [
        ("Proposals to review", fmt.title),
        (
            "Each sheet holds one record type; each row is what the rules read in a text, with "
            "the quote it stands on and how sure they are (confidence). Read the quote, compare "
            "the values, and choose a decision in the first column: accept (as it is), edit "
            "(after correcting its cells) or reject. Rows left without a decision are not added.",
            fmt.wrapped,
        ),
        (
            "The rows of Sources, Authorities and Control lists were made for the proposals and "
            "are accepted already: correct a name there, or reject a row whose records you "
            "reject too. A Source texts sheet shows each text with the quoted words highlighted "
            "and the rows that quote them.",
            fmt.wrapped,
        ),
        (
            "Then run:  tracker accept THIS-FILE.xlsx --into DATASET  : the accepted and edited "
            "rows are added to the dataset (new ids where the dataset has them already, "
            "duplicates of its records refused), all of them or none, and the result is "
            "validated; every problem names this workbook's sheet and cell. This workbook is "
            "not changed: the rejected rows stay here.",
            fmt.wrapped,
        ),
    ]
    for row, (text, style) in enumerate(lines):
        sheet.write_string(row * 2, 0, text, style)
        if style is fmt.wrapped:
            sheet.set_row(row * 2, lines_needed(text, 110) * ROW_HEIGHT)
    sheet.activate()
