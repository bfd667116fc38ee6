"""The Summary sheet, read first: whether anything is wrong and what (one status line in words,
coloured by the worst finding, linking to Checks), the top findings with links, the headline
figures broken down by authority and target, by list and by subject (never summed across them),
a contents block linking to every sheet, and each export-control list's size over time."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from tracker.problems import Severity
from tracker.records.claims import bounds
from tracker.records.models import (
    STATED_TYPES,
    Action,
    Authority,
    Claim,
    ControlList,
    ControlListRevision,
    Designation,
)
from tracker.records.revisions import latest_stated, revision_date, revision_order
from tracker.report.sheets import TITLE, Report, link, link_target
from tracker.xlsx.writer import ROW_HEIGHT, lines_needed, part_table, print_columns

WIDTHS = [30, 14, 12, 12, 12, 12, 12, 12, 12, 14]  # columns A..J
TOP_FINDINGS = 5
MAX_CHART_LISTS = 20


@dataclass
class Cursor:
    """The next free row of the Summary sheet."""

    row: int = 0

    def take(self, rows: int = 1) -> int:
        taken = self.row
        self.row += rows
        return taken


def summary_sheet(report: Report, sheet: Worksheet, fingerprint: str) -> None:
    fmt = report.book.formats
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    at = Cursor()
    sheet.write_string(at.take(), 0, TITLE, fmt.title)
    status_line(report, sheet, at)
    dataset = report.dataset
    described = (
        f"As of {report.as_of}; data: {dataset.path.name} ({dataset.record_count:,} records in "
        f"{len(dataset.tables)} tables); fingerprint (sha256 of the dataset's files): "
        f"{fingerprint}"
    )
    wrapped_line(report, sheet, at.take(), described, fmt.wrapped)
    for note in continued_tables(report):
        sheet.write_string(at.take(), 0, note, fmt.bold)
    at.take()
    top_findings(report, sheet, at)
    actions_by_authority(report, sheet, at)
    lists_now(report, sheet, at)
    claims_by_subject(report, sheet, at)
    contents(report, sheet, at)
    list_sizes(report, sheet, at)
    sheet.hide_gridlines(2)
    print_columns(sheet, WIDTHS, report.paper, repeat=0)


def wrapped_line(report: Report, sheet: Worksheet, row: int, text: str, fmt: Format) -> None:
    """Text across columns A:J, wrapped, its row as tall as the text needs."""
    sheet.merge_range(row, 0, row, len(WIDTHS) - 1, text, fmt)
    height = lines_needed(text, sum(WIDTHS)) * ROW_HEIGHT
    if height > ROW_HEIGHT:
        sheet.set_row(row, height)


def status_line(report: Report, sheet: Worksheet, at: Cursor) -> None:
    """'0 errors, 5 warnings: ...' in the colour of the worst finding, linking to Checks."""
    fmt = report.book.formats
    status = report.briefing.status()
    style = {
        Severity.error: fmt.status_error,
        Severity.warning: fmt.status_warning,
        None: fmt.status_ok,
    }[status.worst]
    row = at.take()
    last = len(WIDTHS) - 1
    sheet.merge_range(row, 0, row, last - 1, status.text, style)
    lines = lines_needed(status.text, sum(WIDTHS[:-1]) * 0.8)  # 13-point bold: fewer per line
    sheet.set_row(row, max(2, lines) * 18)
    formula, text = link("'Checks'!A3", "see Checks")
    sheet.write_formula(row, last, "=" + formula, fmt.link, text)


def heading(report: Report, sheet: Worksheet, at: Cursor, text: str) -> None:
    sheet.write_string(at.take(), 0, text, report.book.formats.bold)


def header_row(
    report: Report, sheet: Worksheet, at: Cursor, names: Sequence[str], numbers: set[int]
) -> int:
    """A bold header row (over the columns of ``numbers``, aligned as numbers), as tall as
    its longest name."""
    row = at.take()
    fmt = report.book.formats
    for col, name in enumerate(names):
        sheet.write_string(row, col, name, fmt.header_number if col in numbers else fmt.header)
    fit_row(sheet, row, names)
    return row


def fit_row(sheet: Worksheet, row: int, texts: Sequence[str]) -> None:
    """A row as tall as its most wrapped cell needs (columns A..J of the Summary)."""
    lines = max(lines_needed(t, w) for t, w in zip(texts, WIDTHS, strict=False)) if texts else 1
    if lines > 1:
        sheet.set_row(row, lines * ROW_HEIGHT)


def top_findings(report: Report, sheet: Worksheet, at: Cursor) -> None:
    problems = report.problems.by_severity()[:TOP_FINDINGS]
    if not problems:
        return
    fmt = report.book.formats
    total = len(report.problems) + report.problems.not_listed
    heading(
        report, sheet, at, f"What needs attention (the first {len(problems)} of {total:,} findings)"
    )
    for problem in problems:
        row = at.take()
        fill = fmt.error_fill if problem.severity is Severity.error else fmt.warning_fill
        sheet.write_string(row, 0, f"{problem.severity.value}: {problem.code}", fill)
        message = report.briefing.message(problem)
        sheet.merge_range(row, 1, row, len(WIDTHS) - 2, message, fmt.wrapped)
        sheet.set_row(row, lines_needed(message, sum(WIDTHS[1:-1])) * ROW_HEIGHT)
        target = link_target(report, problem)
        if target:
            formula, text = link(target, "go to " + target.replace("'", ""))
            sheet.write_formula(row, len(WIDTHS) - 1, "=" + formula, fmt.link, text)
    at.take()


def over_parts(report: Report, title: str, name: str, template: str) -> str:
    """A SUMIFS/COUNTIFS formula over every part of a table that continued on more sheets."""
    count = len(report.tables[title].parts)
    return "+".join(
        template.replace(f"{name}[", f"{part_table(name, n)}[") for n in range(1, count + 1)
    )


def actions_by_authority(report: Report, sheet: Worksheet, at: Cursor) -> None:
    """Actions and parties, stated and itemized, for each authority and target country."""
    actions = report.dataset.table(Action).records
    if not actions:
        return
    fmt = report.book.formats
    authorities = {a.id: a for a in report.dataset.table(Authority).records}
    groups: dict[tuple[str, str | None], list[Action]] = defaultdict(list)
    for action in actions:
        groups[(action.authority_id, action.target_country)].append(action)
    heading(
        report, sheet, at, "Sanctions actions, by authority and target (never summed across them)"
    )
    names = ["authority", "target", "actions"]
    for t in STATED_TYPES:
        names += [f"{t.plural} stated", "itemized"]
    header_row(report, sheet, at, names, set(range(2, len(names))))
    itemized = Counter(
        (d.action_id, d.entity_type.value) for d in report.dataset.table(Designation).records
    )
    for (authority_id, target), group in sorted(groups.items(), key=lambda kv: kv[0][0]):
        row = at.take()
        authority = authorities.get(authority_id)
        sheet.write_string(row, 0, authority.name if authority else authority_id, fmt.text)
        sheet.write_string(row, 1, target or "(none)", fmt.text)
        criteria = (
            f'Actions[authority_id],"{authority_id}",Actions[target_country],"{target or "="}"'
        )
        count = over_parts(report, "Actions", "Actions", f"COUNTIFS({criteria})")
        sheet.write_formula(row, 2, "=" + count, fmt.count, len(group))
        col = 3
        for t in STATED_TYPES:
            stated = sum(getattr(a, t.field) or 0 for a in group)
            items = sum(itemized[(a.id, t.entity_type)] for a in group)
            for column, value in ((t.field, stated), (f"itemized_{t.plural}", items)):
                formula = over_parts(
                    report, "Actions", "Actions", f"SUMIFS(Actions[{column}],{criteria})"
                )
                sheet.write_formula(row, col, "=" + formula, fmt.count, value)
                col += 1
    at.take()


def lists_now(report: Report, sheet: Worksheet, at: Cursor) -> None:
    """Each export-control list's size now, its last change and when."""
    lists = report.dataset.table(ControlList).records
    if not lists:
        return
    fmt = report.book.formats
    revisions = report.dataset.table(ControlListRevision).records
    latest = latest_stated(revisions)
    authorities = {a.id: a for a in report.dataset.table(Authority).records}
    heading(report, sheet, at, "Export-control lists")
    names = ["list", "target", "unit", "size now", "last change", "announced"]
    header_row(report, sheet, at, names, {3, 4})
    for lst in lists:
        row = at.take()
        owner = authorities.get(lst.authority_id)
        sheet.write_string(
            row, 0, f"{lst.name} ({owner.name if owner else lst.authority_id})", fmt.wrapped
        )
        sheet.write_string(row, 1, lst.target_country or "(none)", fmt.text)
        sheet.write_string(row, 2, lst.unit, fmt.text)
        fit_row(sheet, row, [f"{lst.name} ({owner.name if owner else lst.authority_id})"])
        index = latest.get(lst.id)
        if index is None:
            sheet.write_string(row, 3, "no revision states a size", fmt.text)
            continue
        rev = revisions[index]
        size = over_parts(
            report, "Export controls", "ExportControls",
            f'SUMIFS(ExportControls[new_count],ExportControls[id],"{rev.id}")',
        )  # fmt: skip
        sheet.write_formula(row, 3, "=" + size, fmt.count, rev.new_count)
        if rev.added is not None:
            sheet.write_number(row, 4, rev.added - (rev.removed or 0), fmt.change)
        when = revision_date(rev)
        sheet.write_string(row, 5, str(when) if when else "(undated)", fmt.text)
    at.take()


def claims_by_subject(report: Report, sheet: Worksheet, at: Cursor) -> None:
    """Per subject and unit: how many claims, the strongest lower bound, the latest date."""
    claims = report.dataset.table(Claim).records
    if not claims:
        return
    fmt = report.book.formats
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        groups[(claim.subject, claim.unit)].append(claim)
    heading(report, sheet, at, "Quantitative claims, by subject")
    names = ["subject", "unit", "claims", "", "strongest claim", "", "latest as of"]
    header_row(report, sheet, at, names, {2})
    for (subject, unit), group in groups.items():
        row = at.take()
        sheet.write_string(row, 0, subject, fmt.wrapped)
        sheet.write_string(row, 1, unit, fmt.wrapped)
        sheet.write_number(row, 2, len(group), fmt.count)
        strongest = max(group, key=lower_bound)
        limit = bounds(strongest)
        strongest_text = limit.describe(strongest) if limit else strongest.qualifier.value
        sheet.write_string(row, 4, strongest_text, fmt.text)
        dates = [c.as_of for c in group if c.as_of]
        latest = str(max(dates, key=lambda d: d.key())) if dates else "(undated)"
        sheet.write_string(row, 6, latest, fmt.text)
        fit_row(sheet, row, [subject, unit])
    at.take()


def lower_bound(claim: Claim) -> Decimal:
    limit = bounds(claim)
    return limit.low if limit else Decimal(-1)


def contents(report: Report, sheet: Worksheet, at: Cursor) -> None:
    """A link to every sheet, with one line on what it holds."""
    fmt = report.book.formats
    heading(report, sheet, at, "Contents")
    for title, what in report.descriptions.items():
        row = at.take()
        formula, text = link(f"'{title}'!A1", title)
        sheet.write_formula(row, 0, "=" + formula, fmt.link, text)
        sheet.merge_range(row, 1, row, len(WIDTHS) - 1, what, fmt.wrapped)
    at.take()


def continued_tables(report: Report) -> list[str]:
    return [
        f"{p.titles[0]} continues on {len(p.parts)} sheets: " + ", ".join(p.titles)
        for p in report.tables.values()
        if len(p.parts) > 1
    ]


def list_sizes(report: Report, sheet: Worksheet, at: Cursor) -> None:
    """Each list's size over its revisions (live references into Export controls), labelled
    by revision date, and a line chart of them in the list's unit."""
    parts = report.tables["Export controls"]
    revisions = report.dataset.table(ControlListRevision).records
    lists = {lst.id: lst for lst in report.dataset.table(ControlList).records}
    points: list[tuple[str, str, str, int]] = []  # list, label, formula, value
    for list_id, sequence in list(revision_order(revisions).items())[:MAX_CHART_LISTS]:
        for position, index in enumerate(sequence):
            rev = revisions[index]
            when = revision_date(rev)
            if position == 0 and rev.previous_count is not None:
                label = f"before {when}" if when else "before"
                cell = parts.cell(index, "previous_count")
                points.append((list_id, label, f"={cell}", rev.previous_count))
            if rev.new_count is not None:
                change = f"{(rev.added or 0) - (rev.removed or 0):+,}" if rev.added else "changed"
                label = str(when) if when else f"{change} (undated)"
                points.append((list_id, label, f"={parts.cell(index, 'new_count')}", rev.new_count))
    if not points:
        return
    fmt = report.book.formats
    sheet.set_h_pagebreaks([at.row])  # the table and its chart on a page of their own
    heading(report, sheet, at, "Export-control list sizes over revisions")
    header = header_row(report, sheet, at, ["list", "revision", "size"], {2})
    for list_id, label, formula, value in points:
        row = at.take()
        name = lists[list_id].name if list_id in lists else list_id
        sheet.write_string(row, 0, name, fmt.wrapped)
        sheet.write_string(row, 1, label, fmt.text)
        sheet.write_formula(row, 2, formula, fmt.count, value)
        fit_row(sheet, row, [name, label])
    units = {lists[p[0]].unit for p in points if p[0] in lists}
    chart = report.book.workbook.add_chart({"type": "line"})
    for list_id in dict.fromkeys(p[0] for p in points):
        rows = [header + 1 + i for i, p in enumerate(points) if p[0] == list_id]
        name = lists[list_id].name if list_id in lists else list_id
        chart.add_series(
            {
                "name": name,
                "categories": ["Summary", rows[0], 1, rows[-1], 1],
                "values": ["Summary", rows[0], 2, rows[-1], 2],
                "marker": {"type": "circle"},
                "data_labels": {"value": True, "num_format": "#,##0"},
            }
        )
    unit = units.pop() if len(units) == 1 else "entries"
    chart.set_title({"name": f"Export-control list size ({unit}) by revision date"})
    chart.set_x_axis({"name": "revision (announced)"})
    chart.set_y_axis({"num_format": "#,##0", "name": unit})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 340})
    sheet.insert_chart(at.take() + 1, 0, chart)
