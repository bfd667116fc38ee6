"""One function per sheet of the report. Data sheets stream their table; Actions, Export
controls and Events add formula columns that stay live; Summary and Checks come last because
they point at the others."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from xlsxwriter.workbook import Workbook

from tracker.checks.arithmetic import revision_date, revision_order
from tracker.context import Context
from tracker.diff import diff
from tracker.fields import PartialDate, Weekday
from tracker.load import Dataset, Table
from tracker.models import (
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
    fields,
)
from tracker.problems import Problem, Problems, Severity
from tracker.report.book import (
    EXCEL_MAX_ROWS,
    Column,
    Formats,
    Kind,
    TableWriter,
    column_letter,
    conditional_rows,
    part_table,
    part_title,
)
from tracker.report.rows import escape_formula
from tracker.store import Store

TITLE = "Sanctions and export-control tracker"
MAX_CHART_LISTS = 20
WRAPPED = {"quote", "summary", "description", "title", "message", "hint"}
STATED = (("vessels", "vessel"), ("organizations", "organization"), ("persons", "person"))
WEEKDAY_NAMES = [day.value for day in Weekday]  # Monday first, as date.weekday() counts
WEEKDAYS = ",".join(f'"{name}"' for name in WEEKDAY_NAMES)  # for CHOOSE(WEEKDAY(...,2), ...)


@dataclass
class Report:
    """What every sheet function needs: the workbook, the data, and the tables written so far
    (Summary and Checks refer to them)."""

    book: Workbook
    formats: Formats
    dataset: Dataset
    problems: Problems
    context: Context
    rows_per_sheet: int = EXCEL_MAX_ROWS - 1
    writers: dict[str, TableWriter] = field(default_factory=dict)

    def writer(self, title: str, name: str, columns: Sequence[Column], total: int) -> TableWriter:
        writer = TableWriter(
            self.book, self.formats, title, name, columns, total, self.rows_per_sheet
        )
        self.writers[name] = writer
        return writer


# --- columns from the models -------------------------------------------------------------------


def base_type(annotation: Any) -> Any:
    """int for ``Count | None``: the type under Optional and Annotated."""
    while get_origin(annotation) in (Annotated, Union, UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    return annotation


def kind_of(record_type: type[Record], name: str) -> Kind:
    if name in WRAPPED:
        return Kind.wrapped
    base = base_type(fields(record_type)[name].annotation)
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


def write_records(
    report: Report,
    title: str,
    name: str,
    table: Table[Any],
    extra: Sequence[Column] = (),
    cached: Sequence[Sequence[Any]] = (),
) -> TableWriter:
    """Stream a table of records, in file order (so sheet row = CSV row on the first part)."""
    columns = model_columns(table.record_type)
    writer = report.writer(title, name, [*columns, *extra], len(table))
    getter = attrgetter(*[c.name for c in columns])
    writer.start()
    for index, record in enumerate(table.records):
        writer.write(getter(record), cached[index] if cached else ())
    writer.finish()
    return writer


# --- data sheets -------------------------------------------------------------------------------


def designations_sheet(report: Report) -> TableWriter:
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


def actions_sheet(report: Report) -> TableWriter:
    """Stated counts beside itemized counts (COUNTIFS over Designations) and their gap."""
    table = report.dataset.table(Action)
    itemized = Counter(
        (d.action_id, d.entity_type.value) for d in report.dataset.table(Designation).records
    )
    extra: list[Column] = []
    for plural, kind in STATED:
        formula = countifs(
            report,
            f"Designations[action_id],{this_row('id')}",
            f'Designations[entity_type],"{kind}"',
        )
        extra.append(
            Column(
                f"itemized_{plural}",
                Kind.formula,
                f"Designations rows of type {kind} for this action (formula).",
                formula,
                Kind.count,
            )
        )
    for plural, _ in STATED:
        stated, items = this_row(f"stated_{plural}"), this_row(f"itemized_{plural}")
        extra.append(
            Column(
                f"gap_{plural}",
                Kind.formula,
                f"stated_{plural} minus itemized_{plural}: above 0, parties not yet "
                "itemized; below 0, more rows than stated (formula).",
                f'IF({stated}="","",{stated}-{items})',
                Kind.count,
            )
        )
    cached: list[list[Any]] = []
    for action in table.records:
        counts = [itemized[(action.id, kind)] for _, kind in STATED]
        given = [getattr(action, f"stated_{p}") for p, _ in STATED]
        gaps = ["" if s is None else s - c for s, c in zip(given, counts, strict=True)]
        cached.append([*counts, *gaps])
    writer = write_records(report, "Actions", "Actions", table, extra, cached)
    first_gap = writer.column("gap_vessels")
    for part in writer.parts:
        letter = column_letter(first_gap)
        conditional_rows(
            part.sheet,
            first_gap,
            first_gap + 2,
            part.count,
            [
                (f"=AND(ISNUMBER({letter}2),{letter}2<0)", report.formats.error_fill),
                (f"=AND(ISNUMBER({letter}2),{letter}2>0)", report.formats.warning_fill),
            ],
        )
    return writer


def export_controls_sheet(report: Report) -> TableWriter:
    """Revisions with previous + added - removed, and OK / MISMATCH, as live formulas."""
    table = report.dataset.table(ControlListRevision)
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
    cached: list[list[Any]] = []
    for rev in table.records:
        value = rev.computed_new_count()
        cached.append(
            ["", ""] if value is None else [value, "OK" if value == rev.new_count else "MISMATCH"]
        )
    writer = write_records(report, "Export controls", "ExportControls", table, extra, cached)
    colour_status(report, writer, "status")
    return writer


def colour_status(report: Report, writer: TableWriter, column: str) -> None:
    """MISMATCH red, OK green, in a status column computed by a formula."""
    col = writer.column(column)
    letter = column_letter(col)
    for part in writer.parts:
        conditional_rows(
            part.sheet,
            col,
            col,
            part.count,
            [
                (f'={letter}2="MISMATCH"', report.formats.error_fill),
                (f'={letter}2="OK"', report.formats.ok_fill),
            ],
        )


def control_lists_sheet(report: Report) -> TableWriter:
    return write_records(report, "Control lists", "ControlLists", report.dataset.table(ControlList))


def control_items_sheet(report: Report) -> TableWriter | None:
    table = report.dataset.table(ControlItem)
    if not len(table):
        return None
    return write_records(report, "Control items", "ControlItems", table)


def claims_sheet(report: Report) -> TableWriter:
    return write_records(report, "Claims", "Claims", report.dataset.table(Claim))


def events_sheet(report: Report) -> TableWriter:
    """Events with the weekday of their date computed beside the weekday the source states."""
    table = report.dataset.table(Event)
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
    cached: list[list[Any]] = []
    for event in table.records:
        day = event.on.full() if event.on else None
        name = WEEKDAY_NAMES[day.weekday()] if day else ""
        status = (
            ""
            if not name or event.stated_weekday is None
            else ("OK" if name == event.stated_weekday.value else "MISMATCH")
        )
        cached.append([name, status])
    writer = write_records(report, "Events", "Events", table, extra, cached)
    colour_status(report, writer, "weekday_status")
    return writer


def officials_sheet(report: Report) -> TableWriter:
    return write_records(report, "Officials", "Officials", report.dataset.table(Official))


def sources_sheet(report: Report) -> TableWriter:
    return write_records(report, "Sources", "Sources", report.dataset.table(Source))


# --- checks ------------------------------------------------------------------------------------

CHECK_COLUMNS = [
    Column("severity", Kind.text, "error or warning."),
    Column("rule", Kind.text, "The rule id (`tracker rules` lists them)."),
    Column("message", Kind.wrapped, "What is wrong."),
    Column("hint", Kind.wrapped, "How to fix it."),
    Column("file", Kind.text, "The dataset file the finding is about."),
    Column("row", Kind.count, "The row in that file (the header is row 1)."),
    Column("field", Kind.text, "The column."),
    Column("value", Kind.wrapped, "The value found."),
    Column("go_to", Kind.link, "A link to the cell in this workbook."),
]


def checks_sheet(report: Report) -> TableWriter:
    """Every finding of `tracker check`, each linked to the cell it is about."""
    problems = report.problems.sorted()
    writer = report.writer("Checks", "Checks", CHECK_COLUMNS, len(problems))
    writer.start()
    for p in problems:
        target = link_target(p, report.rows_per_sheet)
        text = target.replace("'", "") if target else ""
        link = (escape_formula(f'HYPERLINK("#{target}","{text}")'), text) if target else None
        writer.write(
            [p.severity.value, p.code, p.message, p.hint, p.file, p.row, p.field, p.value, link]
        )
    writer.finish()
    for part in writer.parts:
        conditional_rows(
            part.sheet,
            0,
            len(CHECK_COLUMNS) - 1,
            part.count,
            [
                ('=$A2="error"', report.formats.error_fill),
                ('=$A2="warning"', report.formats.warning_fill),
            ],
        )
    return writer


def link_target(problem: Problem, per_sheet: int) -> str | None:
    """'Sheet'!C12: the cell a finding is about. Data sheets keep the file's row order, so
    the sheet row is the file row (on later parts, shifted by the rows before)."""
    record_type = next((t for t in SHEET_OF if problem.file == t.FILE), None)
    if record_type is None or problem.row is None:
        return None
    columns = [c.name for c in model_columns(record_type)]
    col = columns.index(problem.field) if problem.field in columns else 0
    part, row = 0, problem.row
    if row > 1:
        part, offset = divmod(row - 2, per_sheet)
        row = offset + 2
    title = part_title(SHEET_OF[record_type], part + 1)
    return f"'{title}'!{column_letter(col)}{row}"


SHEET_OF: dict[type[Record], str] = {
    Source: "Sources", Action: "Actions", Designation: "Designations",
    ControlList: "Control lists", ControlListRevision: "Export controls",
    ControlItem: "Control items", Claim: "Claims", Event: "Events", Official: "Officials",
}  # fmt: skip


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
                f"Parties stated: {plural}",
                f"SUM(Actions[stated_{plural}])",
                sum(getattr(a, f"stated_{plural}") or 0 for a in actions),
            )
            for plural, _ in STATED
        ],
        *[
            Figure(
                f"Parties itemized: {plural}",
                countifs(report, f'Designations[entity_type],"{kind}"'),
                by_type[kind],
            )
            for plural, kind in STATED
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
    for severity in (Severity.error, Severity.warning):
        count = sum(1 for p in report.problems if p.severity is severity)
        figures.append(
            Figure(
                f"Findings: {severity.value}s",
                f'COUNTIFS(Checks[severity],"{severity.value}")',
                count,
            )
        )
    return figures


def latest_revisions(report: Report) -> dict[str, int]:
    """Per list, the index of its latest revision that states a new_count."""
    table = report.dataset.table(ControlListRevision)
    latest = {}
    for list_id, sequence in revision_order(table).items():
        stated = [i for i in sequence if table.records[i].new_count is not None]
        if stated:
            latest[list_id] = stated[-1]
    return latest


def list_size_figures(report: Report) -> list[Figure]:
    revisions = report.dataset.table(ControlListRevision).records
    latest = latest_revisions(report)
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


def summary_sheet(report: Report, fingerprint: str) -> None:
    """Title, as-of date, fingerprint, headline figures and the list-size chart."""
    book, fmt = report.book, report.formats
    sheet = book.get_worksheet_by_name("Summary")
    assert sheet is not None  # created first, so that it is the first sheet
    figures = headline_figures(report)
    sheet.write_string(0, 0, TITLE, fmt.title)
    sheet.write_string(1, 0, "As of")
    sheet.write_datetime(1, 1, dt.datetime.combine(report.context.as_of, dt.time()), fmt.date)
    sheet.write_string(2, 0, "Data")
    sheet.write_string(2, 1, str(report.dataset.directory.name))
    sheet.write_string(3, 0, "Fingerprint (sha256 of the dataset files)")
    sheet.write_string(3, 1, fingerprint)
    notes = [
        f"{w.parts[0].title} continues on {len(w.parts)} sheets: " + ", ".join(w.sheet_titles())
        for w in report.writers.values()
        if len(w.parts) > 1
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
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    chart_top = first + len(figures) + 2
    list_sizes(report, sheet, chart_top)


def list_sizes(report: Report, sheet: Any, top: int) -> None:
    """A small table of each list's size over its revisions (live references into Export
    controls), and one line chart with a series per list."""
    writer = report.writers["ExportControls"]
    table = report.dataset.table(ControlListRevision)
    lists = {lst.id: lst for lst in report.dataset.table(ControlList).records}
    new_col = column_letter(writer.column("new_count"))
    prev_col = column_letter(writer.column("previous_count"))
    points: list[tuple[str, str, str, int]] = []  # list, label, formula, value
    for list_id, sequence in list(revision_order(table).items())[:MAX_CHART_LISTS]:
        for position, index in enumerate(sequence):
            rev = table.records[index]
            title, row = writer.locate(index)
            if position == 0 and rev.previous_count is not None:
                points.append(
                    (
                        list_id,
                        "before",
                        f"='{title}'!{prev_col}{row + 1}",
                        rev.previous_count,
                    )
                )
            if rev.new_count is not None:
                when = revision_date(rev)
                label = str(when) if when else f"after {rev.id}"
                points.append((list_id, label, f"='{title}'!{new_col}{row + 1}", rev.new_count))
    if not points:
        return
    fmt = report.formats
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
    chart = report.book.add_chart({"type": "line"})
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


# --- official lists ------------------------------------------------------------------------------


def lists_sheet(report: Report, store_path: Path) -> None:
    """The store's snapshots with their counts, and the latest diff of each list."""
    sheet = report.book.add_worksheet("Lists")
    sheet.constant_memory = False  # two small tables
    types = ("person", "organization", "vessel", "aircraft")
    with Store(store_path) as store:
        snapshots = store.snapshots()
        latest = []
        for source in dict.fromkeys(s.source for s in snapshots):
            if len(store.snapshots(source)) > 1:
                result = diff(store, source)
                counts = result.counts()
                latest.append(
                    [
                        source,
                        result.before.id,
                        result.before.as_of,
                        result.after.id,
                        result.after.as_of,
                        *[counts["added"]["by_type"].get(t, 0) for t in types],
                        len(result.added),
                        len(result.removed),
                        len(result.changed),
                    ]
                )
    sheet.write_string(0, 0, f"Snapshots in {store_path.name}", report.formats.bold)
    rows = [
        [
            s.id,
            s.source,
            s.as_of,
            s.published or "",
            s.entries,
            *[s.counts.get(t, 0) for t in types],
        ]
        for s in snapshots
    ]
    header = ["snapshot", "source", "as_of", "published", "entries", *types]
    small_table(report, sheet, 1, "Snapshots", header, rows)
    top = len(rows) + 4
    sheet.write_string(top, 0, "Latest change of each list", report.formats.bold)
    header = [
        "source",
        "from_snapshot",
        "from_as_of",
        "to_snapshot",
        "to_as_of",
        *[f"added_{t}" for t in types],
        "added",
        "removed",
        "changed",
    ]
    small_table(report, sheet, top + 1, "ListChanges", header, latest)
    sheet.set_column(0, len(header) - 1, 14)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


def small_table(
    report: Report, sheet: Any, top: int, name: str, header: list[str], rows: list[list[Any]]
) -> None:
    data = rows or [[None] * len(header)]
    sheet.add_table(
        top,
        0,
        top + len(data),
        len(header) - 1,
        {
            "name": name,
            "style": "Table Style Medium 2",
            "data": data,
            "columns": [
                {
                    "header": h,
                    "format": report.formats.count
                    if isinstance((rows[0][i] if rows else None), int)
                    else None,
                }
                for i, h in enumerate(header)
            ],
        },
    )
