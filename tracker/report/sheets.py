"""One function per data sheet of the report, and Checks and Timeline. Data sheets stream their
records in file order (continued on numbered sheets past Excel's row limit); every finding is
highlighted on the cell it is about, with the finding as the cell's note; every ``source_id``
links to its Sources row; Actions, Export controls and Events add formula columns that stay
live."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from tracker.lists.diff import ListsOverview
from tracker.problems import Problem, Problems
from tracker.records.load import Dataset, Table
from tracker.records.models import (
    STATED_TYPES,
    Action,
    Agreement,
    Authority,
    Claim,
    ControlItem,
    ControlList,
    ControlListRevision,
    Designation,
    Event,
    Official,
    Record,
    Source,
    Statement,
    field_type,
    fields,
)
from tracker.records.revisions import revision_date
from tracker.report.briefing import Briefing
from tracker.report.long_texts import (
    LONG_TEXTS,
    LONG_TEXTS_DESCRIPTION,
    LongText,
    find_long_texts,
    long_text_items,
    write_long_texts,
)
from tracker.values import MAGNITUDES, PartialDate, Qualifier, Weekday
from tracker.xlsx.writer import (
    EXCEL_MAX_ROWS,
    Book,
    Column,
    Kind,
    Mark,
    Marks,
    Parts,
    link,
    long_table,
    part_table,
    part_title,
    print_setup,
)

TITLE = "Sanctions and export-control tracker"
WRAPPED = {"quote", "summary", "description", "title", "message", "hint", "text"}
WEEKDAYS = ",".join(f'"{day}"' for day in Weekday)  # for CHOOSE(WEEKDAY(...,2), ...)
MAX_NOTES = 2_000  # notes on highlighted cells in one workbook (each is a drawing shape)

# record type -> (sheet title, table name), in the order the sheets are written
SHEETS: dict[type[Record], tuple[str, str]] = {
    Action: ("Actions", "Actions"),
    Designation: ("Designations", "Designations"),
    ControlListRevision: ("Export controls", "ExportControls"),
    ControlList: ("Control lists", "ControlLists"),
    ControlItem: ("Control items", "ControlItems"),
    Claim: ("Claims", "Claims"),
    Event: ("Events", "Events"),
    Official: ("Officials", "Officials"),
    Statement: ("Statements", "Statements"),
    Agreement: ("Agreements", "Agreements"),
    Authority: ("Authorities", "Authorities"),
    Source: ("Sources", "Sources"),
}


@dataclass
class Report:
    """What every sheet function needs: the book, the data and findings, the run's options,
    and the tables written so far (Summary, Checks and About refer to them)."""

    book: Book
    dataset: Dataset
    problems: Problems
    as_of: dt.date
    paper: int
    header: str
    footer: str
    rows_per_sheet: int = EXCEL_MAX_ROWS - 1
    max_age: int = 30  # days: a list older than this on as_of is flagged stale
    lists: ListsOverview | None = None  # the store's snapshots, with --db
    tables: dict[str, Parts] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)  # sheet -> what it holds
    long_texts: list[LongText] = field(default_factory=list)  # cells too tall for a row
    briefing: Briefing = field(init=False)
    notes_left: int = MAX_NOTES
    _row_index: dict[type[Record], dict[int, int]] = field(default_factory=dict)
    source_index: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.briefing = Briefing(self.dataset, self.problems)
        sources = self.dataset.table(Source).records
        self.source_index = {}
        for index, source in enumerate(sources):
            self.source_index.setdefault(source.id, index)

    def row_index(self, record_type: type[Record]) -> dict[int, int]:
        """Spreadsheet row of the input -> index of the record loaded from it (built once)."""
        if record_type not in self._row_index:
            self._row_index[record_type] = self.dataset.table(record_type).index_of_row()
        return self._row_index[record_type]

    def sheet(self, title: str, repeat_top: int | None = 0) -> Worksheet:
        sheet = self.book.workbook.add_worksheet(title)
        print_setup(sheet, self.paper, self.header, self.footer, repeat_top)
        return sheet

    def position(self, title: str, index: int) -> tuple[str, int]:
        """Sheet and 1-based row of item ``index`` of a table with its header on row 1 (the
        same arithmetic as ``long_table``), usable before that table is written."""
        part, offset = divmod(index, self.rows_per_sheet)
        return part_title(title, part + 1), offset + 2


# --- columns from the models -------------------------------------------------------------------


def kind_of(record_type: type[Record], name: str) -> Kind:
    if name in WRAPPED:
        return Kind.wrapped
    if name == "source_id" or (record_type is Source and name == "url"):
        return Kind.link
    base = field_type(record_type, name)
    return {PartialDate: Kind.date, Decimal: Kind.quantity, int: Kind.count}.get(base, Kind.text)


def model_columns(record_type: type[Record]) -> list[Column]:
    """The model's fields as columns: identity and content first, the citation last."""
    names = [n for n in fields(record_type) if n not in ("source_id", "quote")]
    if "source_id" in fields(record_type):
        names += ["source_id", "quote"]
    described = fields(record_type)
    return [Column(n, kind_of(record_type, n), described[n].description or "") for n in names]


def this_row(column: str) -> str:
    return f"{{table}}[[#This Row],[{column}]]"


def source_link(report: Report, source_id: str | None) -> tuple[str, str] | None:
    """A source id as a link to its row on the Sources sheet."""
    if not source_id:
        return None
    index = report.source_index.get(source_id)
    if index is None:
        return (f'"{source_id}"', source_id)  # not a source: shown, linked to nothing
    title, row = report.position("Sources", index)
    return link(f"'{title}'!A{row}", source_id)


def stream(
    report: Report,
    title: str,
    name: str,
    columns: Sequence[Column],
    items: Sequence[Any],
    row: Callable[[int, Any], Sequence[Any]],
    marks: Marks | None = None,
    sheet: Worksheet | None = None,
    top: int = 0,
) -> Parts:
    """A report table over as many sheets as it needs, registered for Summary and About."""
    parts = long_table(
        report.book,
        report.sheet,
        title,
        name,
        columns,
        items,
        row,
        report.rows_per_sheet,
        marks,
        sheet,
        top,
    )
    report.tables[title] = parts
    return parts


def write_records(
    report: Report,
    record_type: type[Record],
    extra: Sequence[Column] = (),
    cached: Callable[[Any], Sequence[Any]] | None = None,
    order: Sequence[str] | None = None,
    groups: dict[str, str] | None = None,
) -> Parts:
    """Stream a table of records, in file order; ``extra`` formula columns show the results
    ``cached(record)`` gives; ``order`` names the columns in the order shown; ``groups``
    names the columns printed on one page (column -> group). Link columns (``source_id``, a
    source's ``url``) are written as links."""
    title, name = SHEETS[record_type]
    table = report.dataset.table(record_type)
    columns = [*model_columns(record_type), *extra]
    if groups:
        columns = [replace(c, group=groups.get(c.name, "")) for c in columns]
    if order is not None:
        by_name = {c.name: c for c in columns}
        columns = [by_name[n] for n in order]
    names = [c.name for c in columns]
    extra_names = [c.name for c in extra]
    convert: dict[str, Callable[[Any], Any]] = {
        "source_id": lambda v: source_link(report, v),
        "url": url_cell,
    }
    links = [(i, convert[n]) for i, n in enumerate(names) if n in convert and n not in extra_names]

    def row(index: int, record: Any) -> list[Any]:
        computed = dict(zip(extra_names, cached(record), strict=True)) if cached else {}
        values = [computed[n] if n in computed else getattr(record, n) for n in names]
        for col, to_link in links:
            values[col] = to_link(values[col])
        return values

    marks = finding_marks(report, table, names)
    parts = stream(report, title, name, columns, table.records, row, marks)
    own = [n for n in names if n not in extra_names]  # kept whole in their cell (read back)
    report.long_texts += find_long_texts(parts, record_value(table.records, own))
    return parts


def record_value(records: Sequence[Record], names: Sequence[str]) -> Callable[[int, str], Any]:
    """A field of a record by index, for ``find_long_texts``; None for a column that is no
    field (a formula's result, a link)."""
    wanted = set(names)

    def value(index: int, name: str) -> Any:
        return getattr(records[index], name) if name in wanted else None

    return value


def finding_marks(report: Report, table: Table[Any], names: Sequence[str]) -> Marks:
    """The cells findings are about, on this table: record index -> column -> (how bad, the
    findings as a note). A finding about a whole row marks its id."""
    by_row = report.row_index(table.record_type)
    found: dict[tuple[int, int], list[Problem]] = defaultdict(list)
    for problem in report.problems:
        if problem.file != table.file or problem.row not in by_row:
            continue
        col = names.index(problem.field) if problem.field in names else names.index("id")
        found[(by_row[problem.row], col)].append(problem)
    marks: Marks = {}
    for (index, col), problems in found.items():
        worst = Mark.error if any(p.severity.value == "error" for p in problems) else Mark.warning
        note = ""
        if report.notes_left > 0:
            note = report.briefing.note(problems)
            report.notes_left -= 1
        marks.setdefault(index, {})[col] = (worst, note)
    return marks


def conditional(
    parts: Parts, first_col: int, last_col: int, rules: Iterable[tuple[str, Any]]
) -> None:
    """Conditional formats over columns of a table's data rows: (criteria, format), the
    criteria written for the first data row, ``{row}``."""
    for part in parts.parts:
        top = part.table.top
        last = top + max(part.table.count, 1)
        for criteria, fmt in rules:
            part.table.sheet.conditional_format(
                top + 1,
                first_col,
                last,
                last_col,
                {"type": "formula", "criteria": criteria.format(row=top + 2), "format": fmt},
            )


def colour_status(report: Report, parts: Parts, column: str) -> None:
    """MISMATCH red, OK green, in a status column computed by a formula."""
    col = parts.column(column)
    letter = xl_col_to_name(col)
    formats = report.book.formats
    conditional(
        parts,
        col,
        col,
        [
            (f'={letter}{{row}}="MISMATCH"', formats.error_fill),
            (f'={letter}{{row}}="OK"', formats.ok_fill),
        ],
    )


# --- data sheets -------------------------------------------------------------------------------


def designations_sheet(report: Report) -> Parts:
    report.descriptions["Designations"] = "each designated party itemized, with IMO and flag"
    return write_records(report, Designation)


def countifs(report: Report, *criteria: str) -> str:
    """COUNTIFS over every part of the Designations table (it may continue on more sheets)."""
    total = len(report.dataset.table(Designation))
    count = max(1, -(-total // report.rows_per_sheet))
    parts = [part_table("Designations", n) for n in range(1, count + 1)]
    return "+".join(
        "COUNTIFS(" + ",".join(c.replace("Designations[", f"{t}[") for c in criteria) + ")"
        for t in parts
    )


def actions_sheet(report: Report) -> Parts:
    """Each stated count beside its itemized count (COUNTIFS over Designations) and the gap."""
    report.descriptions["Actions"] = (
        "each sanctions action: stated counts beside itemized counts and the gap"
    )
    itemized = Counter(
        (d.action_id, d.entity_type.value) for d in report.dataset.table(Designation).records
    )
    extra: list[Column] = []
    for t in STATED_TYPES:
        stated, items = this_row(t.field), this_row(f"itemized_{t.plural}")
        extra.append(
            Column(
                f"itemized_{t.plural}",
                Kind.formula,
                f"Designations rows of type {t.entity_type} for this action (formula).",
                countifs(
                    report,
                    f"Designations[action_id],{this_row('id')}",
                    f'Designations[entity_type],"{t.entity_type}"',
                ),
                Kind.count,
            )
        )
        extra.append(
            Column(
                f"gap_{t.plural}",
                Kind.formula,
                f"{t.field} minus itemized_{t.plural}: above 0, parties not yet itemized; "
                "below 0, more rows than stated (formula).",
                f'IF({stated}="","",{stated}-{items})',
                Kind.count,
            )
        )

    def cached(action: Action) -> list[Any]:
        values: list[Any] = []
        for t in STATED_TYPES:
            count = itemized[(action.id, t.entity_type)]
            stated = getattr(action, t.field)
            values += [count, "" if stated is None else stated - count]
        return values

    names = [c.name for c in model_columns(Action)]
    side_by_side = [
        n for t in STATED_TYPES for n in (t.field, f"itemized_{t.plural}", f"gap_{t.plural}")
    ]
    at = names.index(STATED_TYPES[0].field)
    order = [*names[:at], *side_by_side, *(n for n in names[at:] if n not in side_by_side)]
    groups = {
        n: t.plural
        for t in STATED_TYPES
        for n in (t.field, f"itemized_{t.plural}", f"gap_{t.plural}")
    }
    parts = write_records(report, Action, extra, cached, order, groups)
    formats = report.book.formats
    for t in STATED_TYPES:
        col = parts.column(f"gap_{t.plural}")
        cell = f"{xl_col_to_name(col)}{{row}}"
        conditional(
            parts,
            col,
            col,
            [
                (f"=AND(ISNUMBER({cell}),{cell}<0)", formats.error_fill),
                (f"=AND(ISNUMBER({cell}),{cell}>0)", formats.warning_fill),
            ],
        )
    return parts


def export_controls_sheet(report: Report) -> Parts:
    """Revisions with previous + added - removed, and OK / MISMATCH, as live formulas."""
    report.descriptions["Export controls"] = (
        "each export-control list revision, with its arithmetic recomputed live (OK/MISMATCH)"
    )
    prev, added, removed, new = (
        this_row(c) for c in ("previous_count", "added", "removed", "new_count")
    )
    computed = this_row("computed_new_count")
    extra = [
        Column(
            "computed_new_count",
            Kind.formula,
            "previous_count + added - removed (an empty removed counts as 0) (formula).",
            f'IF(OR({prev}="",{added}="",{new}=""),"",{prev}+{added}-N({removed}))',
            Kind.count,
        ),
        Column(
            "status",
            Kind.formula,
            "OK when computed_new_count equals new_count, else MISMATCH (formula).",
            f'IF({computed}="","",IF({computed}={new},"OK","MISMATCH"))',
        ),
    ]

    def cached(rev: ControlListRevision) -> list[Any]:
        value = rev.computed_new_count()
        if value is None:
            return ["", ""]
        return [value, "OK" if value == rev.new_count else "MISMATCH"]

    names = [c.name for c in model_columns(ControlListRevision)]
    at = names.index("new_count") + 1
    order = [*names[:at], "computed_new_count", "status", *names[at:]]
    arithmetic = ["previous_count", "added", "removed", "new_count", "computed_new_count", "status"]
    groups = dict.fromkeys(arithmetic, "arithmetic")
    parts = write_records(report, ControlListRevision, extra, cached, order, groups)
    colour_status(report, parts, "status")
    return parts


def control_lists_sheet(report: Report) -> Parts:
    report.descriptions["Control lists"] = "the export-control lists the revisions change"
    return write_records(report, ControlList)


def control_items_sheet(report: Report) -> Parts:
    report.descriptions["Control items"] = "itemized entries of export-control lists"
    return write_records(report, ControlItem)


QUALIFIER_WORDS = {  # how a claim reads: "more than 11,000 containers"
    Qualifier.exact: "",
    Qualifier.more_than: "more than ",
    Qualifier.at_least: "at least ",
    Qualifier.about: "about ",
    Qualifier.at_most: "at most ",
    Qualifier.several: "several ",
    Qualifier.dozens: "dozens of ",
    Qualifier.hundreds: "hundreds of ",
    Qualifier.thousands: "thousands of ",
    Qualifier.hundreds_of_millions: "hundreds of millions of ",
    Qualifier.billions: "billions of ",
}


def claim_reads(claim: Claim) -> str:
    """A claim as a sentence reads it: "more than 11,000 containers"."""
    words = QUALIFIER_WORDS[Qualifier(claim.qualifier)]
    if claim.quantity is None:
        return f"{words}{claim.unit}" if claim.qualifier in MAGNITUDES else ""
    return f"{words}{claim.quantity:,} {claim.unit}"


def claims_sheet(report: Report) -> Parts:
    """Claims, each with the sentence it reads as (a formula: edit the number and it
    follows) beside its number, qualifier and unit, all on one printed page."""
    report.descriptions["Claims"] = "quantitative claims: who says how many of what, and when"
    quantity, qualifier, unit = (this_row(c) for c in ("quantity", "qualifier", "unit"))
    words = ",".join(f'"{w}"' for w in QUALIFIER_WORDS.values())
    codes = ",".join(f'"{q.value}"' for q in QUALIFIER_WORDS)
    number = f'IF(INT({quantity})={quantity},TEXT({quantity},"#,##0"),TEXT({quantity},"#,##0.###"))'
    said = f'IFERROR(INDEX({{{{{words}}}}},MATCH({qualifier},{{{{{codes}}}}},0)),"")'
    vague = "OR(" + ",".join(f'{qualifier}="{q.value}"' for q in MAGNITUDES) + ")"
    extra = [
        Column(
            "reads",
            Kind.formula,
            "The claim as a sentence reads it: qualifier, quantity and unit (formula).",
            f'IF({quantity}="",IF({vague},{said}&{unit},""),{said}&{number}&" "&{unit})',
        )
    ]
    names = [c.name for c in model_columns(Claim)]
    at = names.index("quantity")
    claim = ["reads", "quantity", "qualifier", "unit"]
    order = [*names[:at], *claim, *(n for n in names[at:] if n not in claim)]
    groups = dict.fromkeys(claim, "claim")
    return write_records(report, Claim, extra, lambda c: [claim_reads(c)], order, groups)


def events_sheet(report: Report) -> Parts:
    """Events with the weekday of their date computed beside the weekday the source states."""
    report.descriptions["Events"] = (
        "dated events, with the weekday of each date computed beside the one the source states"
    )
    on, stated, weekday = this_row("on"), this_row("stated_weekday"), this_row("weekday_of_date")
    extra = [
        Column(
            "weekday_of_date",
            Kind.formula,
            "The weekday of `on` (formula).",
            f'IF(ISNUMBER({on}),CHOOSE(WEEKDAY({on},2),{WEEKDAYS}),"")',
        ),
        Column(
            "weekday_status",
            Kind.formula,
            "OK when the stated weekday is the date's weekday, else MISMATCH (formula).",
            f'IF(OR({weekday}="",{stated}=""),"",IF({weekday}={stated},"OK","MISMATCH"))',
        ),
    ]

    def cached(event: Event) -> list[Any]:
        day = event.on.full() if event.on else None
        name = Weekday.of(day).value if day else ""
        if not name or event.stated_weekday is None:
            return [name, ""]
        return [name, "OK" if name == event.stated_weekday else "MISMATCH"]

    names = [c.name for c in model_columns(Event)]
    at = names.index("stated_weekday") + 1
    order = [*names[:at], "weekday_of_date", "weekday_status", *names[at:]]
    parts = write_records(report, Event, extra, cached, order)
    colour_status(report, parts, "weekday_status")
    return parts


def officials_sheet(report: Report) -> Parts:
    report.descriptions["Officials"] = "people as each source names them, with their roles"
    return write_records(report, Official)


def statements_sheet(report: Report) -> Parts:
    report.descriptions["Statements"] = "what officials and governments said, as sources report"
    return write_records(report, Statement)


def agreements_sheet(report: Report) -> Parts:
    report.descriptions["Agreements"] = "treaties and agreements, with the clauses sources state"
    return write_records(report, Agreement)


def authorities_sheet(report: Report) -> Parts:
    report.descriptions["Authorities"] = (
        "the governments, ministries and agencies whose ids the other sheets use"
    )
    return write_records(report, Authority)


# --- sources ------------------------------------------------------------------------------------


def paragraphs(text: str) -> list[str]:
    """A source text's paragraphs (lines that hold text), spacing as given within each."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def source_paragraphs(report: Report) -> list[tuple[str, int, str]]:
    """(source id, paragraph number, text) of every readable source text."""
    found = []
    for source in report.dataset.table(Source).records:
        try:
            text = report.dataset.source_text(source)
        except (OSError, UnicodeDecodeError):
            continue  # reported by quote-verbatim
        if text is None:
            continue  # reported by validation
        found += [(source.id, n, p) for n, p in enumerate(paragraphs(text), start=1)]
    return found


def sources_sheet(report: Report, texts: list[tuple[str, int, str]]) -> Parts:
    """Sources, with the web address as a real link and a link to the text's first
    paragraph on Source texts."""
    sources = report.dataset.table(Source).records
    blank = [  # a column no source fills is left out: blanks, not three empty columns
        n for n in OPTIONAL_SOURCE_COLUMNS if not any(getattr(s, n) is not None for s in sources)
    ]
    words = [w for n, w in SOURCE_WORDS.items() if n not in blank]
    missing = [SOURCE_WORDS[n] for n in blank]
    report.descriptions["Sources"] = (
        "every source text the quotes come from: "
        + ", ".join(words)
        + (
            f"; no source states a {', '.join(missing[:-1])} or {missing[-1]}"
            if len(missing) > 1
            else (f"; no source states a {missing[0]}" if missing else "")
        )
    )
    first = {}
    for index, (source_id, number, _) in enumerate(texts):
        if number == 1:
            first[source_id] = index
    extra = [Column("text", Kind.link, "A link to the source's text, on Source texts.")]

    def cached(source: Source) -> list[Any]:
        if source.id not in first:
            return [None]
        title, row = report.position("Source texts", first[source.id])
        return [link(f"'{title}'!C{row}", f"read {source.file}")]

    names = [c.name for c in [*model_columns(Source), *extra] if c.name not in blank]
    return write_records(report, Source, extra, cached, order=names)


SOURCE_WORDS = {  # the columns Summary names, in its words
    "publisher": "publisher",
    "title": "title",
    "published": "date",
    "url": "web address",
    "text": "text",
}
OPTIONAL_SOURCE_COLUMNS = ("publisher", "published", "url")  # left out when no source has one


def url_cell(url: str | None) -> tuple[str, str] | None:
    """A web address as a link that opens it (a quote in it cannot end the formula's text)."""
    if not url:
        return None
    return f'HYPERLINK("{url.replace(chr(34), "%22")}","{url.replace(chr(34), "%22")}")', url


SOURCE_TEXT_COLUMNS = [
    Column("source_id", Kind.link, "The source (a link to its row on Sources)."),
    Column("paragraph", Kind.count, "The paragraph's number in the text."),
    Column("text", Kind.wrapped, "The paragraph, as the source gives it."),
]


def source_texts_sheet(report: Report, texts: list[tuple[str, int, str]]) -> Parts:
    """Every source text, a paragraph a row: the report carries its evidence with it, so a
    forwarded workbook still lets a reader check each quote against its source."""
    report.descriptions["Source texts"] = (
        "the full text of every source, a paragraph a row, so each quote can be checked"
    )
    return stream(
        report,
        "Source texts",
        "SourceTexts",
        SOURCE_TEXT_COLUMNS,
        texts,
        lambda i, t: [source_link(report, t[0]), t[1], t[2]],
    )


def long_texts_sheet(report: Report) -> Parts | None:
    """Texts too long to print whole in their row, each cut (without losing a character)
    into parts that do, with a link back to the cell that holds it whole."""
    items = long_text_items(report.long_texts)
    parts = write_long_texts(report.book, report.sheet, items, report.rows_per_sheet)
    if parts is not None:
        report.descriptions[LONG_TEXTS] = LONG_TEXTS_DESCRIPTION
        report.tables[LONG_TEXTS] = parts
    return parts


# --- checks ------------------------------------------------------------------------------------

CHECK_COLUMNS = [  # widths that print on one landscape page at a readable size
    Column("severity", Kind.text, "error or warning.", width=9),
    Column("rule", Kind.text, "The rule or problem code (`tracker codes` lists them).", width=16),
    Column(
        "message", Kind.wrapped, "What is wrong; sources named by publisher and title.", width=50
    ),
    Column("hint", Kind.wrapped, "How to fix it.", width=26),
    Column("go_to", Kind.link, "A link to the cell it is about, if it is on a sheet.", width=14),
    Column("record", Kind.wrapped, "The id of the record the finding is about.", width=16),
    Column("sources", Kind.wrapped, "The ids of the sources the finding rests on.", width=16),
    Column("file", Kind.text, "The dataset file the finding is about.", width=12),
    Column("row", Kind.count, "The row in that file (the header is row 1).", width=5),
    Column("field", Kind.wrapped, "The column.", width=12),
    Column("value", Kind.wrapped, "The value found.", width=12),
]


def link_target(report: Report, problem: Problem) -> str | None:
    """'Sheet'!C12: the cell of the record a finding is about, found by record (the sheet
    holds only records that loaded, so a CSV row number alone could point at another one)."""
    record_type = next((t for t in SHEETS if problem.file == t.FILE), None)
    if record_type is None or problem.row is None:
        return None
    title = SHEETS[record_type][0]
    parts = report.tables.get(title)
    index = report.row_index(record_type).get(problem.row)
    if parts is None or index is None:
        return None
    names = [c.name for c in parts.columns]
    return parts.cell(index, problem.field if problem.field in names else "id")


def checks_sheet(report: Report, sheet: Worksheet) -> Parts:
    """Every finding of `tracker check`, errors first, then by rule, each linked to the cell it
    is about (written after the data sheets, on a sheet made before them). Above the table:
    that it is the state when the report was made, and what was not listed."""
    report.descriptions["Checks"] = (
        "every finding, errors first, each with a link to the cell it is about"
    )
    problems = report.problems.by_severity()
    briefing = report.briefing

    def row(index: int, p: Problem) -> list[Any]:
        target = link_target(report, p)
        go_to = link(target, target.replace("'", "")) if target else None
        sources = "; ".join(briefing.source_ids(p))
        message = briefing.message(p)
        where = [p.file, p.row, p.field, p.value]
        return [p.severity.value, p.code, message, p.hint, go_to, p.record, sources, *where]

    fmt = report.book.formats
    sheet.write_string(0, 0, checks_note(report), fmt.bold)
    parts = stream(report, "Checks", "Checks", CHECK_COLUMNS, problems, row, sheet=sheet, top=2)
    last = len(CHECK_COLUMNS) - 1
    conditional(
        parts,
        0,
        last,
        [('=$A{row}="error"', fmt.error_fill), ('=$A{row}="warning"', fmt.warning_fill)],
    )
    return parts


def checks_note(report: Report) -> str:
    """The line above Checks: when its findings were made, and what the list leaves out."""
    note = (
        f"Findings of `tracker check` as of {report.as_of}, when this report was made; the "
        "formula columns of the other sheets stay live (About says which)."
    )
    left_out = report.problems.not_listed_by_code()
    if left_out:
        counts = ", ".join(f"{n:,} {code}" for code, n in left_out.items())
        note += (
            f" {sum(left_out.values()):,} more not listed ({counts}): `tracker check` "
            "counts them all."
        )
    return note


# --- timeline ----------------------------------------------------------------------------------

TIMELINE_COLUMNS = [
    Column(
        "date",
        Kind.text,
        "The date, as ISO text (2024-06-19, 2024-06 or 2024), so that full and partial dates "
        "sort together: announced (actions, revisions) or of the event.",
    ),
    Column("weekday", Kind.text, "The weekday of the date, where the date is a full one."),
    Column("stated_weekday", Kind.text, "The weekday the source states, where it states one."),
    Column("kind", Kind.text, "action, revision or event."),
    Column("what", Kind.wrapped, "What happened, in the record's words."),
    Column("go_to", Kind.link, "A link to the record's row."),
    Column("source_id", Kind.link, "The source (a link to its row on Sources)."),
]


@dataclass(frozen=True)
class Moment:
    date: PartialDate | None
    stated_weekday: str | None
    kind: str
    what: str
    title: str  # the sheet the record is on
    index: int
    source_id: str

    def key(self) -> tuple[bool, tuple[int, int, int], str]:
        return (self.date is None, self.date.key() if self.date else (0, 0, 0), self.kind)


def moments(report: Report) -> list[Moment]:
    dataset = report.dataset
    found = [
        Moment(a.announced_on, None, "action", a.summary, "Actions", i, a.source_id)
        for i, a in enumerate(dataset.table(Action).records)
    ]
    lists = {lst.id: lst for lst in dataset.table(ControlList).records}
    for i, rev in enumerate(dataset.table(ControlListRevision).records):
        lst = lists.get(rev.list_id)
        name = lst.name if lst else rev.list_id
        change = f"{name}: {rev.previous_count or '?'} -> {rev.new_count or '?'}"
        found.append(
            Moment(
                revision_date(rev), None, "revision", change, "Export controls", i, rev.source_id
            )
        )
    for i, event in enumerate(dataset.table(Event).records):
        weekday = event.stated_weekday.value if event.stated_weekday else None
        found.append(
            Moment(event.on, weekday, "event", event.description, "Events", i, event.source_id)
        )
    for i, said in enumerate(dataset.table(Statement).records):
        what = f"{said.speaker}: {said.said}"
        found.append(Moment(said.on, None, "statement", what, "Statements", i, said.source_id))
    for i, deal in enumerate(dataset.table(Agreement).records):
        what = f"{deal.name} signed"
        found.append(
            Moment(deal.signed_on, None, "agreement", what, "Agreements", i, deal.source_id)
        )
    return sorted(found, key=Moment.key)


TIMELINE_TEXT = 600  # characters of a record's text on the Timeline; the rest is on its sheet


def brief(text: str) -> str:
    """A record's text as the Timeline shows it: whole, or its start with a pointer to the
    record's own row (where it is whole) when it would not fit a printed row."""
    if len(text) <= TIMELINE_TEXT:
        return text
    cut = text.rfind(" ", 0, TIMELINE_TEXT)
    return text[: cut if cut > 0 else TIMELINE_TEXT] + " … (whole on its sheet: go_to)"


def timeline_sheet(report: Report) -> Parts:
    """Actions, revisions, events, statements and agreements in date order, undated ones
    after."""
    report.descriptions["Timeline"] = (
        "actions, revisions, events, statements and agreements in date order (undated ones "
        "last), with weekdays"
    )
    items = moments(report)

    def row(index: int, m: Moment) -> list[Any]:
        day = m.date.full() if m.date else None
        title, sheet_row = report.position(m.title, m.index)
        go_to = link(f"'{title}'!A{sheet_row}", f"{title}!A{sheet_row}")
        weekday = Weekday.of(day).value if day else None
        return [
            str(m.date) if m.date else None,
            weekday,
            m.stated_weekday,
            m.kind,
            brief(m.what),
            go_to,
            source_link(report, m.source_id),
        ]

    return stream(report, "Timeline", "Timeline", TIMELINE_COLUMNS, items, row)
