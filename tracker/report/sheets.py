"""One function per sheet of the report. Data sheets stream their table (continued on numbered
sheets past Excel's row limit); Actions, Export controls and Events add formula columns that
stay live; Summary and Checks point at the others."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from tracker.fields import PartialDate, Weekday
from tracker.load import Dataset, Table
from tracker.models import (
    STATED_TYPES,
    Action,
    Claim,
    ControlItem,
    ControlList,
    ControlListRevision,
    Designation,
    Event,
    Official,
    Record,
    Source,
    field_type,
    fields,
)
from tracker.problems import Problem, Problems, Severity
from tracker.report.xlsx import (
    EXCEL_MAX_ROWS,
    Book,
    Column,
    Kind,
    Mark,
    Parts,
    long_table,
    part_table,
    print_setup,
)
from tracker.revisions import latest_stated, revision_date, revision_order

TITLE = "Sanctions and export-control tracker"
MAX_CHART_LISTS = 20
WRAPPED = {"quote", "summary", "description", "title", "message", "hint"}
WEEKDAYS = ",".join(f'"{day}"' for day in Weekday)  # for CHOOSE(WEEKDAY(...,2), ...)


@dataclass
class Report:
    """What every sheet function needs: the book, the data and findings, the run's options,
    and the tables written so far (Summary and Checks refer to them)."""

    book: Book
    dataset: Dataset
    problems: Problems
    as_of: dt.date
    paper: int
    header: str
    footer: str
    rows_per_sheet: int = EXCEL_MAX_ROWS - 1
    tables: dict[str, Parts] = field(default_factory=dict)

    def sheet(self, title: str, repeat_top: int | None = 0) -> Worksheet:
        sheet = self.book.workbook.add_worksheet(title)
        print_setup(sheet, self.paper, self.header, self.footer, repeat_top)
        return sheet


# --- columns from the models -------------------------------------------------------------------


def kind_of(record_type: type[Record], name: str) -> Kind:
    if name in WRAPPED:
        return Kind.wrapped
    base = field_type(record_type, name)
    return {PartialDate: Kind.date, Decimal: Kind.quantity, int: Kind.count}.get(base, Kind.text)


def model_columns(record_type: type[Record]) -> list[Column]:
    """The model's fields as columns: identity and content first, the citation last."""
    names = [n for n in fields(record_type) if n not in ("source_id", "quote")]
    if "source_id" in fields(record_type):
        names += ["source_id", "quote"]
    return [
        Column(n, kind_of(record_type, n), fields(record_type)[n].description or "") for n in names
    ]


def this_row(column: str) -> str:
    return f"{{table}}[[#This Row],[{column}]]"


def stream(
    report: Report,
    title: str,
    name: str,
    columns: Sequence[Column],
    items: Sequence[Any],
    row: Callable[[int, Any], Sequence[Any]],
    marks: dict[int, dict[int, Mark]] | None = None,
    sheet: Worksheet | None = None,
    top: int = 0,
) -> Parts:
    """A report table over as many sheets as it needs, registered for Summary and Checks."""
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
    report.tables[name] = parts
    return parts


def write_records(
    report: Report,
    title: str,
    name: str,
    table: Table[Any],
    extra: Sequence[Column] = (),
    cached: Callable[[Any], Sequence[Any]] | None = None,
    order: Sequence[str] | None = None,
) -> Parts:
    """Stream a table of records, in file order; ``extra`` formula columns show the results
    ``cached(record)`` gives; ``order`` names the columns in the order shown."""
    columns = [*model_columns(table.record_type), *extra]
    if order is not None:
        by_name = {c.name: c for c in columns}
        columns = [by_name[n] for n in order]
    names = [c.name for c in columns]
    extra_names = [c.name for c in extra]

    def row(index: int, record: Any) -> list[Any]:
        computed = dict(zip(extra_names, cached(record), strict=True)) if cached else {}
        return [computed[n] if n in computed else getattr(record, n) for n in names]

    return stream(
        report, title, name, columns, table.records, row, finding_marks(report, table, names)
    )


def finding_marks(
    report: Report, table: Table[Any], names: Sequence[str]
) -> dict[int, dict[int, Mark]]:
    """The cells findings are about, on this table: record index -> column -> how bad."""
    by_row = table.index_of_row()
    marks: dict[int, dict[int, Mark]] = {}
    for problem in report.problems:
        if problem.file != table.file or problem.row not in by_row or problem.field not in names:
            continue
        cells = marks.setdefault(by_row[problem.row], {})
        col = names.index(problem.field)
        if cells.get(col) is not Mark.error:
            cells[col] = Mark(problem.severity.value)
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
    return write_records(report, "Designations", "Designations", report.dataset.table(Designation))


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
    table = report.dataset.table(Action)
    parts = write_records(report, "Actions", "Actions", table, extra, cached, order)
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
        return (
            ["", ""] if value is None else [value, "OK" if value == rev.new_count else "MISMATCH"]
        )

    table = report.dataset.table(ControlListRevision)
    parts = write_records(report, "Export controls", "ExportControls", table, extra, cached)
    colour_status(report, parts, "status")
    return parts


def control_lists_sheet(report: Report) -> Parts:
    return write_records(report, "Control lists", "ControlLists", report.dataset.table(ControlList))


def control_items_sheet(report: Report) -> Parts | None:
    table = report.dataset.table(ControlItem)
    if not len(table):
        return None
    return write_records(report, "Control items", "ControlItems", table)


def claims_sheet(report: Report) -> Parts:
    return write_records(report, "Claims", "Claims", report.dataset.table(Claim))


def events_sheet(report: Report) -> Parts:
    """Events with the weekday of their date computed beside the weekday the source states."""
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

    parts = write_records(report, "Events", "Events", report.dataset.table(Event), extra, cached)
    colour_status(report, parts, "weekday_status")
    return parts


def officials_sheet(report: Report) -> Parts:
    return write_records(report, "Officials", "Officials", report.dataset.table(Official))


def sources_sheet(report: Report) -> Parts:
    return write_records(report, "Sources", "Sources", report.dataset.table(Source))


# --- checks ------------------------------------------------------------------------------------

CHECK_COLUMNS = [
    Column("severity", Kind.text, "error or warning."),
    Column("rule", Kind.text, "The rule or problem code (`tracker codes` lists them)."),
    Column("message", Kind.wrapped, "What is wrong."),
    Column("hint", Kind.wrapped, "How to fix it."),
    Column("record", Kind.text, "The id of the record the finding is about."),
    Column("file", Kind.text, "The dataset file the finding is about."),
    Column("row", Kind.count, "The row in that file (the header is row 1)."),
    Column("field", Kind.text, "The column."),
    Column("value", Kind.wrapped, "The value found."),
    Column(
        "go_to", Kind.link, "A link to the cell in this workbook, when the record is on a sheet."
    ),
]
SHEET_OF: dict[type[Record], str] = {
    Source: "Sources",
    Action: "Actions",
    Designation: "Designations",
    ControlList: "ControlLists",
    ControlListRevision: "ExportControls",
    ControlItem: "ControlItems",
    Claim: "Claims",
    Event: "Events",
    Official: "Officials",
}


def link_target(report: Report, problem: Problem) -> str | None:
    """'Sheet'!C12: the cell of the record a finding is about, found by record (the sheet
    holds only records that loaded, so a CSV row number alone could point at another one)."""
    record_type = next((t for t in SHEET_OF if problem.file == t.FILE), None)
    if record_type is None or problem.row is None:
        return None
    parts = report.tables.get(SHEET_OF[record_type])
    index = report.dataset.table(record_type).index_of_row().get(problem.row)
    if parts is None or index is None:
        return None
    names = [c.name for c in parts.columns]
    return parts.cell(index, problem.field if problem.field in names else "id")


def checks_sheet(report: Report, sheet: Worksheet) -> Parts:
    """Every finding of `tracker check`, errors first, each linked to the cell it is about
    (written after the data sheets, which it links to, on a sheet made before them). Above
    the table: that it is the state when the report was made, and what was not listed."""
    problems = report.problems.by_severity()

    def row(index: int, p: Problem) -> list[Any]:
        target = link_target(report, p)
        text = target.replace("'", "") if target else ""
        link = (f'HYPERLINK("#{target}","{text}")', text) if target else None
        values = (p.severity.value, p.code, p.message, p.hint, p.record, p.file, p.row, p.field)
        return [*values, p.value, link]

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
        "formula columns of the other sheets stay live."
    )
    left_out = report.problems.not_listed_by_code()
    if left_out:
        counts = ", ".join(f"{n:,} {code}" for code, n in left_out.items())
        note += (
            f" {sum(left_out.values()):,} more not listed ({counts}): `tracker check` "
            "counts them all."
        )
    return note


# --- summary -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    label: str
    formula: str
    value: int | str


def headline_figures(report: Report) -> list[Figure]:
    """Headline figures as live formulas over the other sheets, with the tracker's values."""
    designations = report.dataset.table(Designation).records
    by_type = Counter(d.entity_type.value for d in designations)
    actions = report.dataset.table(Action).records
    figures = [
        Figure("Sanctions actions", "COUNTA(Actions[id])", len(actions)),
        *[
            Figure(
                f"Parties stated: {t.plural}",
                f"SUM(Actions[{t.field}])",
                sum(getattr(a, t.field) or 0 for a in actions),
            )
            for t in STATED_TYPES
        ],
        *[
            Figure(
                f"Parties itemized: {t.plural}",
                countifs(report, f'Designations[entity_type],"{t.entity_type}"'),
                by_type[t.entity_type],
            )
            for t in STATED_TYPES
        ],
        Figure(
            "Vessels itemized with an IMO number",
            countifs(report, 'Designations[entity_type],"vessel"', 'Designations[imo],"<>"'),
            sum(1 for d in designations if d.entity_type.value == "vessel" and d.imo),
        ),
    ]
    figures += list_size_figures(report)
    claims = report.dataset.table(Claim).records
    figures.append(Figure("Quantitative claims", "COUNTA(Claims[id])", len(claims)))
    revisions = report.dataset.table(ControlListRevision).records
    mismatches = sum(1 for r in revisions if r.computed_new_count() not in (None, r.new_count))
    figures.append(
        Figure(
            "Revisions that do not add up (status MISMATCH)",
            'COUNTIFS(ExportControls[status],"MISMATCH")',
            mismatches,
        )
    )
    for severity in Severity:
        figures.append(
            Figure(
                f"Findings: {severity.value}s",
                f'COUNTIFS(Checks[severity],"{severity.value}")',
                sum(1 for p in report.problems if p.severity is severity),
            )
        )
    return figures


def list_size_figures(report: Report) -> list[Figure]:
    revisions = report.dataset.table(ControlListRevision).records
    latest = latest_stated(revisions)
    figures = []
    for lst in report.dataset.table(ControlList).records[:MAX_CHART_LISTS]:
        index = latest.get(lst.id)
        if index is None:
            continue
        rev = revisions[index]
        assert rev.new_count is not None
        figures.append(
            Figure(
                f"List size now: {lst.name} ({lst.unit})",
                f'INDEX(ExportControls[new_count],MATCH("{rev.id}",ExportControls[id],0))',
                rev.new_count,
            )
        )
    return figures


def summary_sheet(report: Report, sheet: Worksheet, fingerprint: str) -> None:
    """Title, as-of date, fingerprint, headline figures and the list-size chart."""
    fmt = report.book.formats
    figures = headline_figures(report)
    sheet.write_string(0, 0, TITLE, fmt.title)
    sheet.write_string(1, 0, "As of")
    sheet.write_datetime(1, 1, dt.datetime.combine(report.as_of, dt.time()), fmt.date)
    sheet.write_string(2, 0, "Data")
    sheet.write_string(2, 1, report.dataset.path.name)
    sheet.write_string(3, 0, "Fingerprint (sha256 of the dataset files)")
    sheet.write_string(3, 1, fingerprint)
    notes = [
        f"{p.titles[0]} continues on {len(p.parts)} sheets: " + ", ".join(p.titles)
        for p in report.tables.values()
        if len(p.parts) > 1
    ]
    row = 4
    for note in notes:
        sheet.write_string(row, 0, note, fmt.bold)
        row += 1
    first = row + 1
    sheet.write_string(first, 0, "figure", fmt.header)
    sheet.write_string(first, 1, "value", fmt.header)
    for offset, figure in enumerate(figures, start=1):
        sheet.write_string(first + offset, 0, figure.label)
        sheet.write_formula(first + offset, 1, "=" + figure.formula, fmt.count, figure.value)
    sheet.add_table(
        first,
        0,
        first + max(len(figures), 1),
        1,
        {
            "name": "Figures",
            "style": "Table Style Medium 2",
            "autofilter": False,
            "columns": [{"header": "figure"}, {"header": "value"}],
        },
    )
    sheet.set_column(0, 0, 48)
    sheet.set_column(1, 1, 40)
    list_sizes(report, sheet, first + len(figures) + 2)


def list_sizes(report: Report, sheet: Worksheet, top: int) -> None:
    """A small table of each list's size over its revisions (live references into Export
    controls), and one line chart with a series per list."""
    parts = report.tables["ExportControls"]
    revisions = report.dataset.table(ControlListRevision).records
    lists = {lst.id: lst for lst in report.dataset.table(ControlList).records}
    points: list[tuple[str, str, str, int]] = []  # list, label, formula, value
    for list_id, sequence in list(revision_order(revisions).items())[:MAX_CHART_LISTS]:
        for position, index in enumerate(sequence):
            rev = revisions[index]
            if position == 0 and rev.previous_count is not None:
                cell = parts.cell(index, "previous_count")
                points.append((list_id, "before", f"={cell}", rev.previous_count))
            if rev.new_count is not None:
                when = revision_date(rev)
                label = str(when) if when else f"after {rev.id}"
                points.append((list_id, label, f"={parts.cell(index, 'new_count')}", rev.new_count))
    if not points:
        return
    fmt = report.book.formats
    sheet.write_string(top, 0, "List sizes over revisions", fmt.bold)
    header = top + 1
    for col, name in enumerate(("list", "point", "size")):
        sheet.write_string(header, col, name, fmt.header)
    for offset, (list_id, label, formula, value) in enumerate(points, start=1):
        sheet.write_string(header + offset, 0, list_id)
        sheet.write_string(header + offset, 1, label)
        sheet.write_formula(header + offset, 2, formula, fmt.count, value)
    sheet.add_table(
        header,
        0,
        header + len(points),
        2,
        {
            "name": "ListSizes",
            "style": "Table Style Light 9",
            "autofilter": False,
            "columns": [{"header": "list"}, {"header": "point"}, {"header": "size"}],
        },
    )
    chart = report.book.workbook.add_chart({"type": "line"})
    start = header + 1
    for list_id in dict.fromkeys(p[0] for p in points):
        rows = [i for i, p in enumerate(points) if p[0] == list_id]
        first, last = start + rows[0], start + rows[-1]
        name = lists[list_id].name if list_id in lists else list_id
        chart.add_series(
            {
                "name": name,
                "categories": ["Summary", first, 1, last, 1],
                "values": ["Summary", first, 2, last, 2],
                "marker": {"type": "circle"},
                "data_labels": {"value": True, "num_format": "#,##0"},
            }
        )
    chart.set_title({"name": "Export-control list size over revisions"})
    chart.set_y_axis({"num_format": "#,##0", "name": "entries"})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 360})
    sheet.insert_chart(header, 4, chart)
