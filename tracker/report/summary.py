"""The Summary sheet, read first: whether anything is wrong and what (one status line in words,
coloured by the worst finding, linking to Checks), the top findings with links, the headline
figures broken down by authority and target, by list and by subject (never summed across them),
a contents block linking to every sheet, and each export-control list's size over time."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
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
    Event,
)
from tracker.records.revisions import latest_stated, revision_date, revision_order
from tracker.report.lists_sheet import day, stale, stale_note
from tracker.report.sheets import TITLE, Report, claim_reads, link_target
from tracker.values import Weekday
from tracker.xlsx.writer import (
    ROW_HEIGHT,
    excel_serial,
    lines_needed,
    link,
    part_table,
    print_columns,
)

WIDTHS = [30, 14, 12, 12, 12, 12, 12, 12, 12, 14]  # columns A..J
NOT_STATED = "not stated"  # where a source gives nothing: never a 0 or "(none)"
TOP_FINDINGS = 5
MAX_CHART_LISTS = 20


@dataclass
class Cursor:
    """The next free row of the Summary sheet."""

    row: int = 0
    breaks: list[int] = field(default_factory=list)  # rows a new printed page starts at

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
    live_checks(report, sheet, at)
    list_warnings(report, sheet, at)
    dataset = report.dataset
    described = (
        f"As of {report.as_of}; data: {dataset.path.name} ({dataset.record_count:,} records in "
        f"{len(dataset.tables)} tables); fingerprint (sha256 of the dataset's files): "
        f"{fingerprint}"
    )
    for note in continued_tables(report):
        sheet.write_string(at.take(), 0, note, fmt.bold)
    at.take()
    top_findings(report, sheet, at)
    actions_by_authority(report, sheet, at)
    lists_now(report, sheet, at)
    claims_by_subject(report, sheet, at)
    at.breaks.append(at.row)  # the figures on the first page, the contents after
    contents(report, sheet, at)
    wrapped_line(report, sheet, at.take(), described, fmt.wrapped)
    at.take()
    list_sizes(report, sheet, at)
    official_list_sizes(report, sheet, at)
    sheet.set_h_pagebreaks(at.breaks)
    sheet.hide_gridlines(2)
    # 85 %: every headline figure on the first page, at 9.4 points
    print_columns(sheet, WIDTHS, report.paper, repeat=0, most=85)


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
    text = f"Checks when this report was made ({report.as_of}): {status.text}"
    sheet.merge_range(row, 0, row, last - 1, text, style)
    lines = lines_needed(text, sum(WIDTHS[:-1]) * 0.8)  # 13-point bold: fewer per line
    sheet.set_row(row, max(2, lines) * 18)
    formula, text = link("'Checks'!A3", "see Checks")
    sheet.write_formula(row, last, "=" + formula, fmt.link, text)


def live_checks(report: Report, sheet: Worksheet, at: Cursor) -> None:
    """A status line of the workbook's own formula checks, live: it follows every edit (edit
    243 to 244 on Export controls and it turns red), with the counts it rests on below it."""
    fmt = report.book.formats
    counts = [
        (
            "export-control revisions that do not add up (Export controls, status)",
            over_parts(
                report,
                "Export controls",
                "ExportControls",
                'COUNTIF(ExportControls[status],"MISMATCH")',
            ),
            sum(
                1
                for r in report.dataset.table(ControlListRevision).records
                if (v := r.computed_new_count()) is not None and v != r.new_count
            ),
        ),
        (
            "stated counts that differ from the parties itemized (Actions, gap_*)",
            "+".join(
                over_parts(
                    report,
                    "Actions",
                    "Actions",
                    f'COUNTIF(Actions[gap_{t.plural}],">0")+COUNTIF(Actions[gap_{t.plural}],"<0")',
                )
                for t in STATED_TYPES
            ),
            gaps(report),
        ),
        (
            "event dates on another weekday than the source states (Events, weekday_status)",
            over_parts(report, "Events", "Events", 'COUNTIF(Events[weekday_status],"MISMATCH")'),
            weekday_mismatches(report),
        ),
    ]
    row = at.take()
    first = row + 1
    cells = [f"$A${first + i + 1}" for i in range(len(counts))]
    mismatch, gap, weekday = cells
    formula = (
        f'=IF({mismatch}+{weekday}>0,"MISMATCH","OK")&" now (live formulas): "'
        f'&IF({mismatch}=0,"every export-control revision adds up",'
        f'{mismatch}&" export-control revision(s) do not add up")'
        f'&"; "&IF({weekday}=0,"every stated weekday matches its date",'
        f'{weekday}&" event weekday(s) differ from the date")'
        f'&"; "&IF({gap}=0,"every stated count is itemized",'
        f'{gap}&" stated count(s) differ from the parties itemized")'
    )
    mismatches, gap_count, weekdays = (c[2] for c in counts)
    cached = (
        ("MISMATCH" if mismatches + weekdays else "OK")
        + " now (live formulas): "
        + (
            "every export-control revision adds up"
            if not mismatches
            else f"{mismatches} export-control revision(s) do not add up"
        )
        + "; "
        + (
            "every stated weekday matches its date"
            if not weekdays
            else f"{weekdays} event weekday(s) differ from the date"
        )
        + "; "
        + (
            "every stated count is itemized"
            if not gap_count
            else f"{gap_count} stated count(s) differ from the parties itemized"
        )
    )
    last = len(WIDTHS) - 1
    sheet.merge_range(row, 0, row, last, "", fmt.wrapped)
    sheet.write_formula(row, 0, formula, fmt.live, cached)
    sheet.set_row(row, lines_needed(cached, sum(WIDTHS) * 0.9) * 18)
    cell = f"$A${row + 1}"
    sheet.conditional_format(
        row, 0, row, last,
        {"type": "formula", "criteria": f'=LEFT({cell},8)="MISMATCH"', "format": fmt.error_fill},
    )  # fmt: skip
    sheet.conditional_format(
        row, 0, row, last,
        {"type": "formula", "criteria": f"={gap}>0", "format": fmt.warning_fill},
    )  # fmt: skip
    sheet.conditional_format(
        row, 0, row, last,
        {"type": "formula", "criteria": f'=LEFT({cell},2)="OK"', "format": fmt.ok_fill},
    )  # fmt: skip
    for label, count, value in counts:
        line = at.take()
        sheet.write_formula(line, 0, "=" + count, fmt.count, value)
        sheet.merge_range(line, 1, line, last, label, fmt.text)


def list_warnings(report: Report, sheet: Worksheet, at: Cursor) -> None:
    """With a store of official lists: each list older than --max-age on the report's date,
    and a line when no action names a list (so action-vs-list compared nothing)."""
    if report.lists is None:
        return
    fmt = report.book.formats
    notes = [
        "warning: " + stale_note(source, snapshot, age, report.as_of, report.max_age)
        for source, (snapshot, age) in stale(report.lists, report.as_of, report.max_age).items()
    ]
    if not any(a.list_source for a in report.dataset.table(Action).records):
        notes.append(
            "No action names an official list (list_source), so action-vs-list compared "
            "nothing with the store's lists."
        )
    for note in notes:
        row = at.take()
        style = fmt.warning_fill if note.startswith("warning") else fmt.wrapped
        sheet.merge_range(row, 0, row, len(WIDTHS) - 1, note, style)
        height = lines_needed(note, sum(WIDTHS)) * ROW_HEIGHT
        if height > ROW_HEIGHT:
            sheet.set_row(row, height)


def official_list_sizes(report: Report, sheet: Worksheet, at: Cursor) -> None:
    """With a store: each official list's entries at each snapshot (live references into
    Lists), by list, and a scatter chart of them over real list dates, a series per list."""
    if report.lists is None or not report.lists.snapshots or "Lists" not in report.tables:
        return
    fmt = report.book.formats
    parts = report.tables["Lists"]
    ordered = sorted(report.lists.snapshots, key=lambda s: (s.list_date, s.source, s.id))
    index = {s.id: i for i, s in enumerate(ordered)}
    at.take()
    at.breaks.append(at.row)
    heading(report, sheet, at, "Official lists: entries at each snapshot, by list date")
    header_row(report, sheet, at, ["list", "list date", "entries"], {2})
    series: dict[str, list[int]] = defaultdict(list)
    for snapshot in sorted(ordered, key=lambda s: (s.source, s.list_date, s.id)):
        row = at.take()
        i = index[snapshot.id]
        sheet.write_string(row, 0, snapshot.source, fmt.text)
        when = day(snapshot.list_date)
        serial = excel_serial(when) if when else None
        sheet.write_formula(
            row, 1, f"={parts.cell(i, 'list_date')}", fmt.date, "" if serial is None else serial
        )
        sheet.write_formula(row, 2, f"={parts.cell(i, 'entries')}", fmt.count, snapshot.entries)
        series[snapshot.source].append(row)
    chart = report.book.workbook.add_chart({"type": "scatter", "subtype": "straight_with_markers"})
    for source, rows in list(series.items())[:MAX_CHART_LISTS]:
        chart.add_series(
            {
                "name": source,
                "categories": ["Summary", rows[0], 1, rows[-1], 1],
                "values": ["Summary", rows[0], 2, rows[-1], 2],
                "marker": {"type": "circle"},
            }
        )
    chart.set_title({"name": "Entries in each official list, by the list's own date"})
    chart.set_x_axis({"date_axis": True, "num_format": "yyyy-mm-dd", "name": "list date"})
    chart.set_y_axis({"num_format": "#,##0", "name": "entries"})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 300})
    sheet.insert_chart(at.take() + 1, 0, chart)


def gaps(report: Report) -> int:
    """Stated counts that differ from the parties itemized, as Actions' gap columns count."""
    itemized = Counter(
        (d.action_id, d.entity_type.value) for d in report.dataset.table(Designation).records
    )
    return sum(
        1
        for action in report.dataset.table(Action).records
        for t in STATED_TYPES
        if (stated := getattr(action, t.field)) is not None
        and stated != itemized[(action.id, t.entity_type)]
    )


def weekday_mismatches(report: Report) -> int:
    found = 0
    for event in report.dataset.table(Event).records:
        day = event.on.full() if event.on else None
        if day and event.stated_weekday is not None and Weekday.of(day) != event.stated_weekday:
            found += 1
    return found


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
        sheet.write_string(row, 1, target or NOT_STATED, fmt.text)
        criteria = (
            f'Actions[authority_id],"{authority_id}",Actions[target_country],"{target or "="}"'
        )
        count = over_parts(report, "Actions", "Actions", f"COUNTIFS({criteria})")
        sheet.write_formula(row, 2, "=" + count, fmt.count, len(group))
        col = 3
        for t in STATED_TYPES:
            given = [getattr(a, t.field) for a in group if getattr(a, t.field) is not None]
            stated: int | str = sum(given) if given else ""  # a sum over nothing is no 0
            items = sum(itemized[(a.id, t.entity_type)] for a in group)
            for column, value in ((t.field, stated), (f"itemized_{t.plural}", items)):
                total = over_parts(
                    report, "Actions", "Actions", f"SUMIFS(Actions[{column}],{criteria})"
                )
                if column == t.field:  # blank when no action of the group states it
                    counted = over_parts(
                        report,
                        "Actions",
                        "Actions",
                        f'COUNTIFS({criteria},Actions[{column}],"<>")',
                    )
                    total = f'IF({counted}=0,"",{total})'
                sheet.write_formula(row, col, "=" + total, fmt.count, value)
                col += 1
    at.take()


def lists_now(report: Report, sheet: Worksheet, at: Cursor) -> None:
    """Each export-control list's latest stated change as the sum it is (1,159 + 243 - 0 =
    1,402), every figure a live reference into Export controls."""
    lists = report.dataset.table(ControlList).records
    if not lists:
        return
    fmt = report.book.formats
    revisions = report.dataset.table(ControlListRevision).records
    latest = latest_stated(revisions)
    authorities = {a.id: a for a in report.dataset.table(Authority).records}
    parts = report.tables["Export controls"]
    heading(report, sheet, at, "Export-control lists: the latest change")
    names = ["list", "target", "unit", "before", "added", "removed", "size now", "", "announced"]
    header_row(report, sheet, at, names, {3, 4, 5, 6})
    for lst in lists:
        row = at.take()
        owner = authorities.get(lst.authority_id)
        name = f"{lst.name} ({owner.name if owner else lst.authority_id})"
        sheet.write_string(row, 0, name, fmt.wrapped)
        sheet.write_string(row, 1, lst.target_country or NOT_STATED, fmt.text)
        sheet.write_string(row, 2, lst.unit, fmt.text)
        fit_row(sheet, row, [name])
        index = latest.get(lst.id)
        if index is None:
            sheet.write_string(row, 3, "no revision states a size", fmt.text)
            continue
        rev = revisions[index]
        for col, column in enumerate(("previous_count", "added", "removed", "new_count"), 3):
            value = getattr(rev, column)
            formula = f'=IF({parts.cell(index, column)}="","",{parts.cell(index, column)})'
            sheet.write_formula(row, col, formula, fmt.count, "" if value is None else value)
        when = revision_date(rev)
        sheet.write_string(row, 8, str(when) if when else NOT_STATED, fmt.text)
    at.take()


def claims_by_subject(report: Report, sheet: Worksheet, at: Cursor) -> None:
    """Each claim with its claimant, as a sentence reads it, by subject (never summed or
    averaged: claims of one subject are different sources' words)."""
    claims = report.dataset.table(Claim).records
    if not claims:
        return
    fmt = report.book.formats
    parts = report.tables["Claims"]
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, claim in enumerate(claims):
        groups[(claim.subject, claim.unit)].append(index)
    heading(report, sheet, at, "Quantitative claims, each with who makes it (never summed)")
    header_row(report, sheet, at, ["subject", "", "claimant", "", "", "claims", "", "as of"], set())
    for (subject, _), indexes in groups.items():
        first = True
        for index in sorted(indexes, key=lambda i: -lower_bound(claims[i])):
            claim = claims[index]
            row = at.take()
            lines = lines_needed(claim.claimant, sum(WIDTHS[2:5]))
            if first:
                sheet.merge_range(row, 0, row, 1, subject, fmt.wrapped)
                lines = max(lines, lines_needed(subject, WIDTHS[0] + WIDTHS[1]))
            first = False
            sheet.merge_range(row, 2, row, 4, claim.claimant, fmt.wrapped)
            cell = parts.cell(index, "reads")
            sheet.merge_range(row, 5, row, 6, "", fmt.text)
            sheet.write_formula(row, 5, f"={cell}", fmt.text, claim_reads(claim))
            sheet.write_string(row, 7, str(claim.as_of) if claim.as_of else NOT_STATED, fmt.text)
            if lines > 1:
                sheet.set_row(row, lines * ROW_HEIGHT)
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
                label = f"before {when}" if when else "before the change"
                cell = parts.cell(index, "previous_count")
                points.append((list_id, label, f"={cell}", rev.previous_count))
            if rev.new_count is not None:
                change = f"{(rev.added or 0) - (rev.removed or 0):+,}" if rev.added else "changed"
                label = str(when) if when else f"after {change} (date not stated)"
                points.append((list_id, label, f"={parts.cell(index, 'new_count')}", rev.new_count))
    if not points:
        return
    fmt = report.book.formats
    at.breaks.append(at.row)  # the table and its chart on a page of their own
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
    chart.set_title({"name": f"Export-control list size ({unit}) before and after each revision"})
    chart.set_x_axis({"name": "revision (by its announced date, where stated)"})
    chart.set_y_axis({"num_format": "#,##0", "name": unit})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 340})
    sheet.insert_chart(at.take() + 1, 0, chart)
