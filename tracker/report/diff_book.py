"""A snapshot diff as a workbook for policy staff: counts, then added, removed and changed
entries, each sheet a filterable Excel table that continues on numbered sheets past Excel's
row limit; a value too tall for its row also prints whole on Long texts."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from xlsxwriter.worksheet import Worksheet

from tracker.lists.diff import Diff
from tracker.outputs import atomic_output
from tracker.render import short
from tracker.report.long_texts import (
    LONG_TEXTS,
    LONG_TEXTS_DESCRIPTION,
    LONG_TEXTS_TABLE,
    LongText,
    find_long_texts,
    long_text_items,
    write_long_texts,
)
from tracker.report.sheets import this_row
from tracker.xlsx.writer import (
    EXCEL_MAX_ROWS,
    PAGE_NUMBER,
    Book,
    Column,
    Kind,
    Parts,
    link,
    long_table,
    part_table,
    part_title,
    print_setup,
)

A4 = 9
IDENTITY = [
    Column("entry_id", Kind.text, "The entry's id on the list."),
    Column("entity_type", Kind.text, "person, organization, vessel or aircraft."),
]
ENTRY_COLUMNS = [
    *IDENTITY,
    Column("name", Kind.text, "The entry's name."),
    Column("programs", Kind.wrapped, "Its programs, separated by '; '."),
    Column("countries", Kind.text, "Its countries, alpha-2 where known."),
    Column("imo", Kind.text, "IMO number (vessels)."),
]
CHANGE_COLUMNS = [  # name and differs narrow, so that before and after keep their width
    *IDENTITY,
    Column("name", Kind.wrapped, "The entry's name after the change.", width=24),
    Column("field", Kind.text, "The field that changed."),
    Column(
        "no",
        Kind.count,
        "Which of the entry's changed fields this row is (1, 2, ...): the rows with 1 count "
        "the entries, as the Summary's changed counts do.",
        width=5,
    ),
    Column("before", Kind.wrapped, "Its value before, as readable text."),
    Column("after", Kind.wrapped, "Its value after."),
    Column(
        "differs",
        Kind.wrapped,
        "What differs: the words taken out (-) and put in (+), or 'order only' when a text "
        "holds the same '; '-separated parts in another order (a list of names, countries or "
        "programs re-ordered is no change, and has no row).",
        width=28,
    ),
]


def count_columns(programs: list[str]) -> list[Column]:
    """The counts by program, live over the Programs sheet (its tables ``programs``): a sum
    of equalities, not COUNTIFS, whose criteria would read a program named ``<x`` or ``a*`` as
    a comparison or a wildcard."""

    def count(change: str) -> str:
        return "+".join(
            f'SUMPRODUCT(({t}[change]="{change}")*({t}[program]={this_row("program")}))'
            for t in programs
        )

    return [
        Column("program", Kind.text, "A program (an entry counts under each of its programs)."),
        *(
            Column(change, Kind.formula, what, count(change), Kind.count)
            for change, what in (
                ("added", "Entries added under it (live, over Programs)."),
                ("removed", "Entries removed under it (live, over Programs)."),
                ("changed", "Entries changed, under their programs after the change (live)."),
            )
        ),
    ]


FIELD_COLUMNS = ["field", "changes"]
SHEETS = {
    "Summary": "sizes before and after, and the sum that reconciles them; counts by type and "
    "by program",
    "Added": "each entry on the later list only",
    "Removed": "each entry on the earlier list only",
    "Changed": "each changed field of an entry on both lists, before and after, with totals "
    "by field first",
    "Programs": "one row per entry and program, to filter on a program",
}


PROGRAM_COLUMNS = [
    Column("change", Kind.text, "added, removed or changed (with its programs after the change)."),
    *IDENTITY,
    Column("name", Kind.text, "The entry's name."),
    Column("program", Kind.text, "One program of the entry: filter on it."),
]


@dataclass
class DiffBook:
    """What every sheet of the diff workbook needs: the book and its page title, the tables
    each sheet's formulas sum over (a table past Excel's row limit continues on numbered
    sheets), and the texts too tall for their row found so far."""

    book: Book
    title: str
    rows_per_sheet: int
    tables: dict[str, list[str]] = field(default_factory=dict)  # sheet -> its tables' names
    long_texts: list[LongText] = field(default_factory=list)

    def sheet(self, name: str, repeat_top: int | None = 0) -> Worksheet:
        sheet = self.book.workbook.add_worksheet(name)
        print_setup(sheet, A4, f"&L&B&A&R{self.title}", f"&R{PAGE_NUMBER}", repeat_top)
        return sheet

    def plan(self, title: str, name: str, count: int, top: int = 0) -> None:
        """The tables a long table of ``count`` rows will be written as (see ``long_table``),
        known before it is, for the formulas that count over it."""
        sheets = max(1, -(-count // (self.rows_per_sheet - top)))
        self.tables[title] = [part_table(name, n) for n in range(1, sheets + 1)]

    def table(
        self,
        title: str,
        columns: Sequence[Column],
        items: Sequence[Any],
        row: Callable[[int, Any], list[Any]],
        sheet: Worksheet | None = None,
        top: int = 0,
    ) -> Parts:
        """A long table of ``items`` (its table named as its sheet), its cells too tall for
        their row noted for Long texts."""
        parts = long_table(
            self.book,
            self.sheet,
            title,
            title,
            columns,
            items,
            row,
            self.rows_per_sheet,
            sheet=sheet,
            top=top,
        )

        def value(index: int, name: str) -> object:
            return row(index, items[index])[parts.column(name)]

        self.long_texts += find_long_texts(parts, value)
        return parts

    def counta(self, name: str) -> str:
        return "+".join(f"COUNTA({t}[entry_id])" for t in self.tables[name])

    def countifs(self, name: str, **criteria: str) -> str:
        """COUNTIFS over every part of a table; ``criteria``: column -> criterion."""
        return "+".join(
            "COUNTIFS(" + ",".join(f"{t}[{col}],{value}" for col, value in criteria.items()) + ")"
            for t in self.tables[name]
        )


def write_diff_workbook(
    result: Diff, path: Path, rows_per_sheet: int = EXCEL_MAX_ROWS - 1
) -> list[str]:
    """Write the diff as a workbook, atomically; returns its sheet names. Summary gives the
    totals the command prints; Added, Removed and Changed (one row per changed field, before
    and after as text) and Programs (one row per entry and program) are filterable tables;
    a text too tall for its row prints whole on Long texts. The tables are written before
    the Summary's text (its sheet made first, for the tab order), so that its contents can
    say whether there is a Long texts sheet."""
    title = (
        f"{result.source}: snapshot {result.before.id} (as of {result.before.as_of}) -> "
        f"snapshot {result.after.id} (as of {result.after.as_of})"
    )
    book = Book({"title": f"{result.source} diff", "author": "tracker", "created": None})
    diff_book = DiffBook(book, title, rows_per_sheet)
    changes, programs = change_rows(result), program_rows(result)
    by_field = Counter(str(r[3]) for r in changes)
    changed_top = len(by_field) + 3  # the totals by field, above the table
    for name, count, top in (
        ("Added", len(result.added), 0),
        ("Removed", len(result.removed), 0),
        ("Changed", len(changes), changed_top),
        ("Programs", len(programs), 0),
    ):
        diff_book.plan(name, name, count, top)
    summary = diff_book.sheet("Summary", repeat_top=None)
    for kind, entries in (("Added", result.added), ("Removed", result.removed)):
        diff_book.table(kind, ENTRY_COLUMNS, entries, entry_row)
    changed_sheet(diff_book, changes, by_field, changed_top)
    diff_book.table("Programs", PROGRAM_COLUMNS, programs, same_row)
    long_items = long_text_items(diff_book.long_texts)
    if long_items:
        diff_book.plan(LONG_TEXTS, LONG_TEXTS_TABLE, len(long_items))
    summary_sheet(diff_book, summary, result)
    write_long_texts(book, diff_book.sheet, long_items, rows_per_sheet)
    names = [sheet.get_name() for sheet in book.workbook.worksheets()]
    with atomic_output(path) as temp:
        book.save(temp)
    return names


def change_rows(result: Diff) -> list[list[Any]]:
    """One row per changed field of an entry, numbered within the entry, before and after as
    readable text."""
    return [
        [c.entry_id, c.entity_type, c.name, name, number, was, now, differs(was, now)]
        for c in result.changed
        for number, (name, (before, after)) in enumerate(c.fields.items(), start=1)
        for was, now in [(short(before), short(after))]
    ]


def program_rows(result: Diff) -> list[list[Any]]:
    """One row per entry and program: added and removed entries, then changed ones under
    their programs after the change."""
    return [
        [kind, e["entry_id"], e["entity_type"], e["name"], program]
        for kind, entries in (("added", result.added), ("removed", result.removed))
        for e in entries
        for program in e["programs"]
    ] + [
        ["changed", c.entry_id, c.entity_type, c.name, program]
        for c in result.changed
        for program in c.programs
    ]


def same_row(index: int, row: list[Any]) -> list[Any]:
    return row


def changed_sheet(
    diff_book: DiffBook, changes: list[list[Any]], by_field: Counter[str], top: int
) -> None:
    """The changes by field (live counts over the table), then a row per changed field."""
    fmt = diff_book.book.formats
    changed = diff_book.sheet("Changed", repeat_top=top)
    changed.write_string(0, 0, "Changes by field (the rows below, one per changed field)", fmt.bold)
    changed.write_string(1, 0, "field", fmt.header)
    changed.write_string(1, 1, "changes", fmt.header_number)
    for row, (name, n) in enumerate(sorted(by_field.items(), key=lambda kv: (-kv[1], kv[0])), 2):
        changed.write_string(row, 0, name, fmt.text)
        formula = diff_book.countifs("Changed", field=f'"{name}"')
        changed.write_formula(row, 1, "=" + formula, fmt.count, n)
    diff_book.table("Changed", CHANGE_COLUMNS, changes, same_row, sheet=changed, top=top)


def summary_sheet(diff_book: DiffBook, summary: Worksheet, result: Diff) -> None:
    """The sum that reconciles the two lists, the counts by type, the contents, then the
    counts by program (a table, last on the sheet)."""
    summary.set_column(0, 0, 44)
    summary.set_column(1, 4, 12)
    summary.write_string(0, 0, diff_book.title, diff_book.book.formats.title)
    reconciliation(diff_book, summary, result)
    row = by_type(diff_book, summary, result, 10)
    row = contents(diff_book, summary, row + 2)
    by_program(diff_book, summary, result, row + 2)


def reconciliation(diff_book: DiffBook, summary: Worksheet, result: Diff) -> None:
    """Rows 3 to 9: before + added - removed = after, checked by a formula (OK green,
    MISMATCH red), and the entries changed; the counts live over the tables."""
    fmt = diff_book.book.formats
    rows = [  # label, formula, value
        (f"entries before (snapshot {result.before.id}, list date {result.before.list_date})",
         None, result.before.entries),
        ("added (Added)", diff_book.counta("Added"), len(result.added)),
        ("removed (Removed)", diff_book.counta("Removed"), len(result.removed)),
        (f"entries after (snapshot {result.after.id}, list date {result.after.list_date})",
         None, result.after.entries),
    ]  # fmt: skip
    summary.write_string(2, 0, "The sum that reconciles the two lists", fmt.bold)
    for row, (label, formula, value) in enumerate(rows, start=3):
        summary.write_string(row, 0, label, fmt.text)
        if formula is None:
            summary.write_number(row, 1, value, fmt.count)
        else:
            summary.write_formula(row, 1, "=" + formula, fmt.count, value)
    adds_up = result.before.entries + len(result.added) - len(result.removed)
    summary.write_string(7, 0, "before + added - removed = after", fmt.text)
    summary.write_formula(
        7, 1, '=IF(B4+B5-B6=B7,"OK","MISMATCH")', fmt.text,
        "OK" if adds_up == result.after.entries else "MISMATCH",
    )  # fmt: skip
    for word, fill in (("MISMATCH", fmt.error_fill), ("OK", fmt.ok_fill)):
        rule = {"type": "cell", "criteria": "==", "value": f'"{word}"', "format": fill}
        summary.conditional_format(7, 1, 7, 1, rule)
    summary.write_string(8, 0, "changed (Changed): entries on both lists", fmt.text)
    formula = diff_book.countifs("Changed", no="1")
    summary.write_formula(8, 1, "=" + formula, fmt.count, len(result.changed))


def by_type(diff_book: DiffBook, summary: Worksheet, result: Diff, row: int) -> int:
    """Added, removed and changed by type from ``row`` (each entry counted once, live over
    the tables); returns the last row written."""
    fmt = diff_book.book.formats
    summary.write_string(row, 0, "By type (each entry counted once)", fmt.bold)
    row += 1
    for col, name in enumerate(["type", "added", "removed", "changed"]):
        summary.write_string(row, col, name, fmt.header if col == 0 else fmt.header_number)
    counts = result.counts()
    types = sorted({t for by in counts.values() for t in by["by_type"]})
    for kind in types:
        row += 1
        summary.write_string(row, 0, kind, fmt.text)
        for col, (name, extra) in enumerate(
            (("Added", {}), ("Removed", {}), ("Changed", {"no": "1"})), start=1
        ):
            formula = diff_book.countifs(name, entity_type=f'"{kind}"', **extra)
            value = counts[name.lower()]["by_type"].get(kind, 0)
            summary.write_formula(row, col, "=" + formula, fmt.count, value)
    return row


def contents(diff_book: DiffBook, summary: Worksheet, row: int) -> int:
    """A link to every sheet from ``row``, each numbered sheet a long table continues on
    included, Long texts when there is one; returns the last row written."""
    fmt = diff_book.book.formats
    summary.write_string(row, 0, "Sheets", fmt.bold)
    described = SHEETS | (
        {LONG_TEXTS: LONG_TEXTS_DESCRIPTION} if LONG_TEXTS in diff_book.tables else {}
    )
    for base, what in described.items():
        for number in range(1, len(diff_book.tables.get(base, [base])) + 1):
            name = part_title(base, number)
            row += 1
            formula, shown = link(f"'{name}'!A1", name)
            summary.write_formula(row, 0, "=" + formula, fmt.link, shown)
            summary.write_string(row, 1, what if number == 1 else f"{base}, continued", fmt.text)
    return row


def by_program(diff_book: DiffBook, summary: Worksheet, result: Diff, row: int) -> None:
    """The counts by program from ``row``, the most entries first: a table live over
    Programs, the last thing on the sheet (past the row limit it would continue on a
    Summary (2) after Programs, the sheets being made by then). Its program names are not
    looked at for Long texts: each is also on Programs, which is."""
    summary.write_string(
        row,
        0,
        "By program (an entry counts under each of its programs)",
        diff_book.book.formats.bold,
    )
    counts = result.counts()
    names = sorted(
        {p for by in counts.values() for p in by["by_program"]},
        key=lambda p: (-sum(counts[k]["by_program"].get(p, 0) for k in counts), p),
    )
    rows = [[p, *(counts[k]["by_program"].get(p, 0) for k in counts)] for p in names]
    summary.repeat_rows(row + 1)
    long_table(
        diff_book.book,
        diff_book.sheet,
        "Summary",
        "Counts",
        count_columns(diff_book.tables["Programs"]),
        rows,
        same_row,
        diff_book.rows_per_sheet,
        sheet=summary,
        top=row + 1,
    )


WORD = re.compile(r"[^\s;|]+|[;|]")  # words, and the separators of lists and details
SEPARATORS = {";", "|"}


def differs(before: str, after: str) -> str:
    """The part of a long text that changed, word by word: '- old words + new words' per
    changed run (difflib), or 'order only' for a '; ' list of the same items re-ordered."""
    if before != after and sorted(before.split("; ")) == sorted(after.split("; ")):
        return "order only"
    old, new = WORD.findall(before), WORD.findall(after)
    parts = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        taken = " ".join(w for w in old[i1:i2] if w not in SEPARATORS)
        put = " ".join(w for w in new[j1:j2] if w not in SEPARATORS)
        parts.append(
            " ".join(p for p in (f"- {taken}" if taken else "", f"+ {put}" if put else "") if p)
        )
    return "; ".join(parts)


def entry_row(index: int, e: dict[str, Any]) -> list[Any]:
    return [e["entry_id"], e["entity_type"], e["name"], e["programs"], e["countries"], e["imo"]]
