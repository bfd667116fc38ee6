"""The About sheet: what the report is, how its checks work, what the fingerprint is, and what
every sheet and column means (the columns' own descriptions, from the models and the formula
columns, so nothing is written twice). Printable."""

from __future__ import annotations

from tracker import codes
from tracker.report.sheets import Report, stream
from tracker.xlsx.writer import ROW_HEIGHT, Column, Kind, lines_needed

WIDTH = 110  # characters across the printed page

COLUMNS = [
    Column("sheet", Kind.text, "The sheet.", width=18),
    Column("column", Kind.text, "The column (a rule id in the rules' rows).", width=26),
    Column("meaning", Kind.wrapped, "What it holds, or what the rule checks.", width=80),
]


def paragraphs(report: Report, fingerprint: str) -> list[str]:
    rules = len(codes.rule_codes())
    return [
        f"This workbook was written by `tracker report` from the dataset "
        f"'{report.dataset.path.name}', as of {report.as_of}. Every fact in it is a record "
        "that quotes its source verbatim; the Sources sheet lists the sources, and Source "
        "texts holds their full text, a paragraph a row, so that any quote can be checked "
        "here, without the files.",
        f"How the checks work: `tracker check` validates every record (types, identifiers, "
        f"references) and runs {rules} reconciliation rules over what loaded (listed below). "
        "The Checks sheet holds their findings as they were when the report was made; the "
        "cell each finding is about is highlighted where it stands, with the finding as its "
        "note.",
        "What stays live (formulas, recalculated on every edit): Actions' itemized counts and "
        "gaps; Export controls' computed_new_count and status; Events' weekday_of_date and "
        "weekday_status; Claims' reads; on the Summary, the line that begins OK or MISMATCH "
        "'now (live formulas)' and the three counts below it (revisions that do not add up, "
        "stated counts with a gap, weekdays that differ), the actions and parties by "
        "authority and target, each list's before, added, removed and size now, each "
        "claim's reads, and the list sizes under the chart. Edit 243 to 244 on Export "
        "controls and that line turns to MISMATCH, in red.",
        "What does not (as of the report): the Summary's first status line ('Checks when this "
        "report was made'), its top findings, the Checks sheet, the highlighted cells and "
        "their notes, the Timeline, the Lists sheets, and this sheet: run `tracker report` "
        "again on the edited data for them.",
        f"The fingerprint, {fingerprint}, is the SHA-256 over the dataset's files (every table "
        "and source text, by name and content). Two reports with the same fingerprint and "
        "as-of date were made from the same data and hold the same cells.",
    ]


def about_sheet(report: Report, fingerprint: str) -> None:
    report.descriptions["About"] = (
        "what this report is, how its checks work, and what every sheet and column means"
    )
    sheet = report.sheet("About", repeat_top=None)
    fmt = report.book.formats
    sheet.write_string(0, 0, "About this report", fmt.title)
    row = 2
    for text in paragraphs(report, fingerprint):
        sheet.merge_range(row, 0, row, 2, text, fmt.wrapped)
        sheet.set_row(row, lines_needed(text, WIDTH) * ROW_HEIGHT)
        row += 2
    items = [
        (title, column.name, column.description)
        for title, parts in report.tables.items()
        for column in parts.columns
    ]
    items += [("(rules)", c.id, c.description) for c in codes.rule_codes()]
    sheet.repeat_rows(row)  # the table's header on every printed page
    stream(
        report, "About", "About", COLUMNS, items, lambda i, item: list(item), sheet=sheet, top=row
    )
