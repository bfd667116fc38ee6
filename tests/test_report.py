"""`tracker report`: the workbook read as a ministry analyst reads it. Its sheets, tables,
formats, links, highlights and Summary, read back with openpyxl; its formulas recalculated by
LibreOffice Calc and compared with the tracker's own numbers; its pages rendered to PDF by
LibreOffice and read back, to see that no text is cut."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import openpyxl.utils
import pytest
import xlsxwriter
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

import tracker
from tests.conftest import BUNDLED, REPO, MakeDataset, build_report, minimal_tables
from tests.libreoffice import (
    DOCS,
    MANIFEST,
    PICTURES,
    Calc,
    Printed,
    column_texts,
    cut_cells,
    print_rule,
    printed,
    sheet_digest,
    split_groups,
    squash,
)
from tracker.cli import main
from tracker.records.models import Action, ControlListRevision, Designation
from tracker.records.template import ROW_LINES, TEXT_WIDTH, text_parts
from tracker.report.diff_book import differs
from tracker.report.long_texts import LONG_TEXT_WIDTH
from tracker.values import country_code
from tracker.xlsx.writer import lines_needed

AS_OF = dt.date(2024, 6, 24)
SNAPSHOT = REPO / "tests" / "snapshots" / "report.txt"
SHEETS = [
    "Summary", "Checks", "Timeline", "Actions", "Designations", "Export controls",
    "Control lists", "Control items", "Claims", "Events", "Officials", "Statements",
    "Agreements", "Authorities", "Sources", "Source texts", "About",
]  # fmt: skip
STATUS = (
    "0 errors, 5 warnings: the national security adviser is named two ways; announced parties "
    "not itemized: 17 (South Korea), 3 (U.S. Treasury Department)"
)


def build(directory: Path, out: Path, as_of: dt.date = AS_OF, **options: Any) -> Path:
    build_report(directory, out, as_of, **options)
    return out


def table_rows(sheet: Worksheet) -> list[dict[str, Any]]:
    """The data rows of the sheet's (one) table as dicts keyed by header."""
    (table,) = sheet.tables.values()
    rows = [[c.value for c in row] for row in sheet[table.ref]]
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, r, strict=False)) for r in rows[1:] if any(v is not None for v in r)]


def header(sheet: Worksheet) -> list[str]:
    (table,) = sheet.tables.values()
    first = sheet[table.ref][0]
    return [str(c.value) for c in first]


def cell(sheet: Worksheet, row: int, column: str) -> Any:
    """The cell of ``column`` in data row ``row`` (1 = the first data row) of the table."""
    (table,) = sheet.tables.values()
    top = int(re.match(r"[A-Z]+(\d+)", table.ref).group(1))  # type: ignore[union-attr]
    return sheet.cell(top + row, header(sheet).index(column) + 1)


def link_target(formula: str) -> tuple[str, str]:
    """(sheet, cell) a HYPERLINK("#'Sheet'!B21", ...) formula points at."""
    match = re.match(r"""=HYPERLINK\("#'?([^'!]+)'?!([A-Z]+\d+)",""", formula)
    assert match, formula
    return match.group(1), match.group(2)


def snapshot(book: Workbook) -> str:
    """Every cell (value or formula, number format), table and property, as text."""
    lines = [
        f"properties\ttitle={book.properties.title!r}\tsubject={book.properties.subject!r}"
        f"\tcreated={book.properties.created!r}"
    ]
    for sheet in book.worksheets:
        tables = ", ".join(f"{name}={ref}" for name, ref in sorted(sheet.tables.items()))
        lines.append(f"sheet\t{sheet.title}\tfreeze={sheet.freeze_panes}\ttables: {tables}")
        for row in sheet.iter_rows():
            for c in row:
                if c.value is not None:
                    lines.append(f"{sheet.title}!{c.coordinate}\t{c.value!r}\t{c.number_format}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def bundled_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(BUNDLED, tmp_path_factory.mktemp("report") / "report.xlsx")


@pytest.fixture(scope="module")
def book(bundled_report: Path) -> Workbook:
    return openpyxl.load_workbook(bundled_report)


# --- structure ---------------------------------------------------------------------------------


def test_every_sheet_is_a_real_table_printed_alike(book: Workbook) -> None:
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets[1:]:
        (table,) = sheet.tables.values()
        top = {"Checks": 3}.get(sheet.title, 1)  # Checks has notes above its table
        if sheet.title == "About":
            top = int(re.match(r"A(\d+)", table.ref).group(1))  # type: ignore[union-attr]
        assert table.ref.startswith(f"A{top}:")
        assert table.tableStyleInfo.showRowStripes
        assert table.autoFilter is not None
        assert sheet.freeze_panes == f"A{top + 1}"
        assert all(c.font.b for c in sheet[top] if c.value)  # bold where no style is drawn
        assert sheet.print_title_rows == f"${top}:${top}"
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9  # A4 by default
        assert (sheet.page_setup.scale or 100) >= 80  # 11-point text at 8.8 points or more
        assert sheet.oddHeader.left.text == "&B&A"  # the sheet's name, bold
        assert (
            sheet.oddHeader.right.text == "Sanctions and export-control tracker, as of 2024-06-24"
        )
        assert sheet.oddFooter.right.text == "&A, page &P"  # numbered per sheet
        assert sheet.page_setup.useFirstPageNumber  # from 1 on every sheet
        assert sheet.oddFooter.left.text.startswith("sha256 ")


def test_marking_and_paper_are_printed_on_every_page(tmp_path: Path) -> None:
    out = build(BUNDLED, tmp_path / "r.xlsx", marking="OFFICIAL-SENSITIVE", paper="letter")
    for sheet in openpyxl.load_workbook(out).worksheets:
        assert sheet.oddHeader.center.text == "&BOFFICIAL-SENSITIVE"  # &B: bold
        assert sheet.oddFooter.center.text == "&BOFFICIAL-SENSITIVE"
        assert sheet.page_setup.paperSize == 1  # letter


def test_counts_dates_and_long_text_are_formatted(book: Workbook) -> None:
    revisions = book["Export controls"]
    new = cell(revisions, 1, "new_count")
    assert (new.value, new.number_format) == (1402, "#,##0")
    assert cell(revisions, 1, "quote").alignment.wrap_text
    on = cell(book["Events"], 1, "on")
    assert (on.value, on.number_format) == (dt.datetime(2024, 6, 19), "yyyy-mm-dd")
    assert all(c.alignment.vertical == "top" for c in book["Events"][2] if c.value is not None)


def test_document_properties_use_the_as_of_date(book: Workbook) -> None:
    assert book.properties.created == dt.datetime(2024, 6, 24)
    assert book.properties.title == "Sanctions and export-control tracker report"
    assert "as of 2024-06-24" in (book.properties.subject or "")


def test_actions_show_stated_itemized_and_gap_side_by_side(book: Workbook) -> None:
    names = header(book["Actions"])
    start = names.index("stated_vessels")
    assert names[start : start + 9] == [
        "stated_vessels", "itemized_vessels", "gap_vessels",
        "stated_organizations", "itemized_organizations", "gap_organizations",
        "stated_persons", "itemized_persons", "gap_persons",
    ]  # fmt: skip
    stated = cell(book["Actions"], 1, "stated_vessels")
    assert stated.alignment.horizontal is None  # numbers and their headers align alike
    assert book["Actions"].cell(1, start + 1).alignment.horizontal == "right"


# --- checks, links and highlights ---------------------------------------------------------------


def test_checks_lists_errors_first_then_by_rule_with_sources_named(book: Workbook) -> None:
    rows = table_rows(book["Checks"])
    assert [(r["severity"], r["rule"], r["file"], r["row"], r["field"]) for r in rows] == [
        ("warning", "name-conflict", "officials.csv", 22, "name"),
        ("warning", "stated-vs-itemized", "actions.csv", 2, "stated_organizations"),
        ("warning", "stated-vs-itemized", "actions.csv", 2, "stated_persons"),
        ("warning", "stated-vs-itemized", "actions.csv", 2, "stated_vessels"),
        ("warning", "stated-vs-itemized", "actions.csv", 3, "stated_organizations"),
    ]
    conflict = rows[0]
    assert "russia-ready-to-arm" not in conflict["message"]
    assert "\u201cRussia ready to arm North Korea \u2013 threat" in conflict["message"]
    assert conflict["sources"].split("; ") == [
        "russia-ready-to-arm", "us-kr-jp-condemn-pact", "us-concern-pact", "kr-consider-weapons"
    ]  # fmt: skip
    assert conflict["record"] == "song-ho-jin-003"
    assert "as of 2024-06-24, when this report was made" in book["Checks"]["A1"].value


def test_every_finding_links_to_the_cell_whose_value_it_names(book: Workbook) -> None:
    for row in range(1, len(table_rows(book["Checks"])) + 1):
        checks = book["Checks"]
        value = cell(checks, row, "value").value
        sheet, target = link_target(cell(checks, row, "go_to").value)
        assert str(book[sheet][target].value) == str(value)


def test_the_cell_a_finding_is_about_is_highlighted_with_the_finding_as_its_note(
    book: Workbook,
) -> None:
    officials = book["Officials"]
    name = officials["B22"]
    assert name.value == "Song Ho-jin"
    assert name.fill.fgColor.rgb.endswith("FFEB9C")  # amber: a warning
    assert name.comment is not None
    assert "warning (name-conflict): national security adviser (KR) is named 'Song Ho-jin'" in (
        name.comment.text
    )
    assert officials["B20"].fill.fgColor.rgb in ("00000000", None)  # its neighbour is not


def test_every_source_id_links_to_its_sources_row(book: Workbook) -> None:
    checked = 0
    for sheet in book.worksheets:
        if sheet.title in ("Summary", "Checks", "About") or "source_id" not in header(sheet):
            continue
        for row in range(1, len(table_rows(sheet)) + 1):
            link = cell(sheet, row, "source_id").value
            shown = re.search(r',"([^"]+)"\)$', link).group(1)  # type: ignore[union-attr]
            title, target = link_target(link)
            assert title == "Sources"
            assert book["Sources"][target].value == shown
            checked += 1
    assert checked > 60


def test_sources_leave_out_the_columns_no_source_states(
    book: Workbook, make_dataset: MakeDataset, tmp_path: Path
) -> None:
    assert header(book["Sources"]) == ["id", "file", "title", "language", "text"]
    contents = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if r[0]}
    (sources,) = [v for k, v in contents.items() if str(k).endswith('"Sources")')]
    assert sources.endswith("; no source states a publisher, date or web address")
    tables = minimal_tables()
    tables["sources.csv"] = [
        dict(tables["sources.csv"][0], url="https://example.org/a"),
        dict(tables["sources.csv"][0], id="src2"),  # one source with a url is enough
    ]
    shown = openpyxl.load_workbook(build(make_dataset(tables), tmp_path / "r.xlsx"))["Sources"]
    assert header(shown) == ["id", "file", "title", "url", "language", "text"]
    assert [r["url"] for r in table_rows(shown)][1] is None  # a blank stays blank


def test_sources_link_to_their_web_address_and_their_full_text(book: Workbook) -> None:
    sources = book["Sources"]
    for row in range(1, len(table_rows(sources)) + 1):
        title, target = link_target(cell(sources, row, "text").value)
        assert title == "Source texts"
        texts = book["Source texts"]
        assert texts[target].value  # the first paragraph
        first = texts.cell(texts[target].row, 1).value
        assert cell(sources, row, "id").value in first
    paragraphs = table_rows(book["Source texts"])
    assert {p["paragraph"] for p in paragraphs} >= {1, 2, 3}
    text = " ".join(p["text"] for p in paragraphs)
    for quote in (cell(book["Claims"], r, "quote").value for r in range(1, 5)):
        assert " ".join(quote.split()) in " ".join(text.split())  # quotes checkable here


def test_a_url_is_a_real_link(make_dataset: MakeDataset, tmp_path: Path) -> None:
    source = dict(minimal_tables()["sources.csv"][0], url='https://example.org/a?b="c"')
    out = build(make_dataset({"sources.csv": [source]}), tmp_path / "r.xlsx")
    url = cell(openpyxl.load_workbook(out)["Sources"], 1, "url").value
    assert url == '=HYPERLINK("https://example.org/a?b=%22c%22","https://example.org/a?b=%22c%22")'


def test_timeline_orders_dated_records_then_undated(book: Workbook) -> None:
    rows = table_rows(book["Timeline"])
    dates = [r["date"] for r in rows]
    dated = [d for d in dates if d is not None]
    # full dates are real dates, partial ones ("2024-04") text: both sort as ISO text
    assert dated == sorted(dated, key=lambda d: d if isinstance(d, str) else d.isoformat())
    assert dates[: len(dated)] == dated  # undated ones come after
    assert {r["kind"] for r in rows} == {"action", "revision", "event", "statement", "agreement"}
    wednesday = next(r for r in rows if r["stated_weekday"] == "Wednesday")
    assert wednesday["weekday"] == "Wednesday"


def test_about_explains_every_sheet_and_column_from_the_models(book: Workbook) -> None:
    rows = table_rows(book["About"])
    meaning = {(r["sheet"], r["column"]): r["meaning"] for r in rows}
    assert meaning[("Designations", "imo")] == "IMO ship number (vessels), 7 digits."
    assert meaning[("(rules)", "name-conflict")].startswith("one role")
    assert {r["sheet"] for r in rows} >= set(SHEETS) - {"Summary", "About"}
    text = " ".join(str(c.value) for c in book["About"]["A"] if c.value)
    assert "fingerprint" in text and "SHA-256" in text


# --- Summary --------------------------------------------------------------------------------------


def summary_cells(book: Workbook) -> dict[str, Any]:
    return {c.coordinate: c.value for row in book["Summary"].iter_rows() for c in row if c.value}


def test_summary_says_in_one_line_what_is_wrong(book: Workbook) -> None:
    summary = book["Summary"]
    status = summary["A2"]
    assert status.value == "Checks when this report was made (2024-06-24): " + STATUS
    assert status.fill.fgColor.rgb.endswith("FFEB9C")  # the worst finding is a warning
    assert link_target(summary["J2"].value) == ("Checks", "A3")


def test_summary_never_sums_across_authorities(book: Workbook) -> None:
    values = list(summary_cells(book).values())
    start = values.index("authority")
    rows = [values[i : i + 9] for i in (start + 9, start + 18)]
    assert [r[0] for r in rows] == ["South Korea", "U.S. Treasury Department"]
    assert "Parties stated: organizations" not in values  # no total over both


def test_summary_top_findings_and_contents_link_where_they_say(book: Workbook) -> None:
    summary = book["Summary"]
    links = [
        c.value for row in summary.iter_rows() for c in row if str(c.value).startswith("=HYPERLINK")
    ]
    targets = [link_target(f) for f in links]
    assert ("Officials", "B22") in targets  # the top finding
    assert {sheet for sheet, _ in targets} >= set(SHEETS) - {"Summary"}  # the contents


def test_long_tables_continue_on_numbered_sheets(make_dataset: MakeDataset, tmp_path: Path) -> None:
    base = minimal_tables()["designations.csv"][0]
    rows = [
        dict(base, id=f"d{n}", name=f"Party {n}", imo="", entity_type=("vessel", "person")[n % 2])
        for n in range(7)
    ]
    out = build(make_dataset({"designations.csv": rows}), tmp_path / "r.xlsx", rows_per_sheet=3)
    book = openpyxl.load_workbook(out)
    parts = [s for s in book.sheetnames if s.startswith("Designations")]
    assert parts == ["Designations", "Designations (2)", "Designations (3)"]
    assert [len(table_rows(book[p])) for p in parts] == [3, 3, 1]
    assert [list(book[p].tables) for p in parts] == [
        ["Designations"], ["Designations_2"], ["Designations_3"]
    ]  # fmt: skip
    notes = list(summary_cells(book).values())
    assert (
        "Designations continues on 3 sheets: Designations, Designations (2), Designations (3)"
        in notes
    )
    assert cell(book["Actions"], 1, "itemized_vessels").value.count("COUNTIFS(") == 3


# --- determinism and safety ---------------------------------------------------------------------


def test_report_is_deterministic_and_matches_the_committed_snapshot(
    bundled_report: Path, tmp_path: Path
) -> None:
    again = build(BUNDLED, tmp_path / "again.xlsx")
    text = snapshot(openpyxl.load_workbook(bundled_report))
    assert snapshot(openpyxl.load_workbook(again)) == text
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8"), "UPDATE_SNAPSHOTS=1 to accept"


HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "=1+1", "\t=cmd|'/c calc'!A0"]


def hostile_dataset(make_dataset: MakeDataset) -> Path:
    base = minimal_tables()["designations.csv"][0]
    rows = [
        dict(base, id=f"h{n}", name=text.strip(), imo="", aliases=text.strip())
        for n, text in enumerate(HOSTILE)
    ]
    return make_dataset({"designations.csv": rows})


def test_text_that_looks_like_a_formula_stays_text(
    make_dataset: MakeDataset, tmp_path: Path
) -> None:
    out = build(hostile_dataset(make_dataset), tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(out)["Designations"]
    names = [cell(sheet, row, "name") for row in range(1, 1 + len(HOSTILE))]
    assert [c.value for c in names] == [t.strip() for t in HOSTILE]
    assert all(c.data_type == "s" for c in names)


def test_failed_write_leaves_the_earlier_report_and_no_stray_file(
    make_dataset: MakeDataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = build(make_dataset(), tmp_path / "r.xlsx")
    before = out.read_bytes()

    def broken(report: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("tracker.report.sheets.claims_sheet", broken)
    with pytest.raises(RuntimeError):
        build(make_dataset(), out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["r.xlsx"]


def test_report_command_writes_the_workbook_and_exits_as_check(
    bundled_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.xlsx"
    edit = bundled_copy / "control_list_revisions.csv"
    edit.write_text(edit.read_text().replace(",243,", ",244,"))
    result = CliRunner().invoke(
        main, ["report", str(bundled_copy), "-o", str(out), "--as-of", "2024-06-24"]
    )
    assert result.exit_code == 1  # the data has errors; the workbook is written all the same
    book = openpyxl.load_workbook(out)
    assert book["Summary"]["A2"].value.startswith(
        "Checks when this report was made (2024-06-24): 2 errors, 5 warnings:"
    )
    assert book["Summary"]["A2"].fill.fgColor.rgb.endswith("F8CBAD")  # red: an error


# --- recalculated by LibreOffice ---------------------------------------------------------------


@pytest.fixture(scope="module")
def calc(tmp_path_factory: pytest.TempPathFactory) -> Calc:
    return Calc(tmp_path_factory.mktemp("libreoffice") / "profile")


def mixed_dataset(make_dataset: MakeDataset) -> Path:
    """Gaps both ways, a revision that does not add up, a wrong weekday, a split sheet."""
    base = minimal_tables()
    designation = base["designations.csv"][0]
    rows = (
        [dict(designation, id=f"v{n}", name=f"V{n}", imo="") for n in range(2)]
        + [
            dict(designation, id=f"o{n}", name=f"O{n}", entity_type="organization", imo="")
            for n in range(5)
        ]
        + [
            dict(designation, id=f"p{n}", name=f"P{n}", entity_type="person", imo="")
            for n in range(9)
        ]
    )
    revision = base["control_list_revisions.csv"][0]
    revisions = [
        revision,
        dict(
            revision,
            id="rev2",
            announced_on="2024-07-01",
            previous_count="1402",
            added="10",
            removed="2",
            new_count="1409",
        ),
    ]
    event = base["events.csv"][0]
    events = [event, dict(event, id="wrong", on="2024-06-20")]
    return make_dataset(
        {"designations.csv": rows, "control_list_revisions.csv": revisions, "events.csv": events}
    )


def recalculated(calc: Calc, workbook: Path, out: Path) -> Workbook:
    return openpyxl.load_workbook(calc.recalculate(workbook, out), data_only=True)


@pytest.mark.slow
def test_libreoffice_recalculates_every_formula_to_the_trackers_values(
    calc: Calc, make_dataset: MakeDataset, tmp_path: Path
) -> None:
    directory = mixed_dataset(make_dataset)
    out = build(directory, tmp_path / "mixed.xlsx", rows_per_sheet=10, as_of=dt.date(2024, 7, 2))
    book = recalculated(calc, out, tmp_path / "recalc")
    result = tracker.check(tracker.load(directory), dt.date(2024, 7, 2))
    dataset, problems = result.dataset, result.problems

    # each status cell equals what revision-arithmetic found
    failing = {p.row for p in problems if p.code == "revision-arithmetic"}
    statuses = {r["id"]: r["status"] for r in table_rows(book["Export controls"])}
    table = dataset.table(ControlListRevision)
    assert statuses == {
        rev.id: "MISMATCH" if table.rows[i] in failing else "OK"
        for i, rev in enumerate(table.records)
    }
    assert statuses == {"rev": "OK", "rev2": "MISMATCH"}

    # each itemized count and gap equals the loader's count
    counts = Counter((d.action_id, d.entity_type.value) for d in dataset.table(Designation).records)
    (action,) = dataset.table(Action).records
    (row,) = table_rows(book["Actions"])
    for plural, kind in (
        ("vessels", "vessel"),
        ("organizations", "organization"),
        ("persons", "person"),
    ):
        assert row[f"itemized_{plural}"] == counts[(action.id, kind)]
        assert (
            row[f"gap_{plural}"] == getattr(action, f"stated_{plural}") - counts[(action.id, kind)]
        )
    assert (row["gap_vessels"], row["gap_organizations"], row["gap_persons"]) == (2, 0, -1)

    # weekdays
    weekdays = {
        r["id"]: (r["weekday_of_date"], r["weekday_status"]) for r in table_rows(book["Events"])
    }
    assert weekdays == {"pact": ("Wednesday", "OK"), "wrong": ("Thursday", "MISMATCH")}

    # the Summary's breakdown, recalculated, equals the tracker's own numbers
    values = list(summary_cells(book).values())
    start = values.index("authority") + 9
    assert values[start : start + 9] == ["Seoul", "RU", 1, 4, 2, 5, 5, 8, 9]
    at = values.index("Export controls (Seoul)")
    assert values[at + 3 : at + 7] == [1402, 10, 2, 1409]  # before, added, removed, size now


@pytest.mark.slow
def test_editing_243_to_244_turns_the_status_to_mismatch(
    calc: Calc, bundled_report: Path, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(bundled_report)
    added = cell(book["Export controls"], 1, "added")
    assert added.value == 243
    added.value = 244
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    again = recalculated(calc, edited, tmp_path / "out")
    (row,) = table_rows(again["Export controls"])
    assert (row["computed_new_count"], row["status"]) == (1403, "MISMATCH")
    live = again["Summary"]["A3"].value
    assert live.startswith("MISMATCH now (live formulas): 1 export-control revision(s) do not")
    assert again["Summary"]["A4"].value == 1  # the count it rests on
    assert [c.value for c in again["Summary"][list_row(again)]][3:7] == [1159, 244, None, 1402]
    assert "not stated" in summary_cells(again).values()
    # the line the edit turned to MISMATCH is the one the red rule colours
    (rule,) = [
        r
        for rng in book["Summary"].conditional_formatting
        for r in rng.rules
        if "MISMATCH" in r.formula[0]
    ]
    assert rule.formula == ['LEFT($A$3,8)="MISMATCH"']
    assert rule.dxf.fill.bgColor.rgb.endswith("F8CBAD")  # red


@pytest.mark.slow
def test_hostile_text_stays_text_after_recalculation(
    calc: Calc, make_dataset: MakeDataset, tmp_path: Path
) -> None:
    out = build(hostile_dataset(make_dataset), tmp_path / "r.xlsx")
    sheet = recalculated(calc, out, tmp_path / "out")["Designations"]
    assert [cell(sheet, row, "name").value for row in range(1, 1 + len(HOSTILE))] == [
        t.strip() for t in HOSTILE
    ]


# --- looked at, not only parsed: printed by LibreOffice ---------------------------------------


@pytest.fixture(scope="module")
def printed_report(
    calc: Calc, bundled_report: Path, tmp_path_factory: pytest.TempPathFactory
) -> Printed:
    return printed(calc, bundled_report, tmp_path_factory.mktemp("pdf"))


def table_sheets(book: Workbook) -> list[Worksheet]:
    return [s for s in book.worksheets if len(s.tables) == 1]


def assert_prints_whole(path: Path, pages: Printed) -> None:
    """The print rule, and no cell of any table cut, on every sheet of a printed workbook
    (cells read as they show: a link's text, a formula's result)."""
    book = openpyxl.load_workbook(path, data_only=True)
    assert print_rule(pages) == []
    assert pages.sheets() == [s.title for s in book.worksheets if s.sheet_state == "visible"]
    elsewhere = ""
    if "Long texts" in book.sheetnames:  # texts too tall for a row, whole there
        elsewhere = column_texts(pages.of_sheet("Long texts"), ["cell", "part", "text"])["text"]
    for sheet in table_sheets(book):
        if sheet.sheet_state != "visible":
            continue
        on = pages.of_sheet(sheet.title)
        assert cut_cells(on, header(sheet), table_rows(sheet), elsewhere) == [], sheet.title


@pytest.mark.slow
def test_the_printed_report_is_readable_and_cuts_no_text(
    printed_report: Printed, bundled_report: Path
) -> None:
    assert_prints_whole(bundled_report, printed_report)
    sizes = [printed_report.size(p) for p in printed_report.pages]
    assert min(s for s in sizes if s is not None) >= 8.8  # the 80 % scale at the least


@pytest.mark.slow
def test_a_records_key_columns_print_on_one_page(printed_report: Printed) -> None:
    groups = {
        "Claims": [["reads", "quantity", "qualifier", "unit"]],
        "Export controls": [
            ["previous_count", "added", "removed", "new_count", "computed_new_count", "status"]
        ],
        "Actions": [
            [f"stated_{t}", f"itemized_{t}", f"gap_{t}"]
            for t in ("vessels", "organizations", "persons")
        ],
    }
    for title, wanted in groups.items():
        assert split_groups(printed_report.of_sheet(title), wanted) == [], title


@pytest.mark.slow
def test_sheets_wider_than_a_page_print_their_id_on_every_page(
    printed_report: Printed, book: Workbook
) -> None:
    wide = 0
    for sheet in table_sheets(book):
        pages = printed_report.of_sheet(sheet.title)
        first = header(sheet)[0]
        if sheet.print_title_cols:
            wide += 1
            assert all(any(w.text == first for w in p.body) for p in pages), sheet.title
    assert wide >= 3  # Actions, Export controls, Claims at least


@pytest.mark.slow
def test_the_printed_summary_shows_the_status_line_and_every_top_finding(
    printed_report: Printed,
) -> None:
    first = printed_report.of_sheet("Summary")[0]
    text = " ".join(w.text for line in first.lines() for w in line)
    printed_text = squash(text).replace("seeChecks", "")  # the link beside
    assert squash(STATUS) in printed_text
    for problem in tracker.check(tracker.load(BUNDLED), AS_OF).problems.by_severity()[:5]:
        assert squash(problem.message.split(" by ")[0]) in printed_text


LONG = " ".join(f"clause {n} of a long treaty text that runs on and on" for n in range(120))


def long_text_dataset(make_dataset: MakeDataset) -> Path:
    """Texts longer than a column holds on one line, and one longer than a row can show."""
    tables = minimal_tables()
    designation = tables["designations.csv"][0]
    rows = [
        dict(designation, id=f"d{n}", name=("Long Name Shipping Company " * 4).strip(), imo="")
        for n in range(3)
    ]
    claim = tables["claims.csv"][0]
    quote = tables["events.csv"][0]["quote"]  # a quote the source holds
    statements = [{"id": "long-said", "speaker": "A minister", "said": LONG, "on": "2024-06-19",
                   "source_id": "src", "quote": quote}]  # fmt: skip
    return make_dataset(
        {
            "designations.csv": rows,
            "claims.csv": [dict(claim, subject="containers " * 12, unit="containers")],
            "statements.csv": statements,
        }
    )


@pytest.mark.slow
def test_long_texts_print_whole(calc: Calc, make_dataset: MakeDataset, tmp_path: Path) -> None:
    out = build(long_text_dataset(make_dataset), tmp_path / "long.xlsx")
    book = openpyxl.load_workbook(out)
    (long,) = table_rows(book["Long texts"])[:1]
    assert link_target(long["cell"]) == (
        "Statements",
        cell(book["Statements"], 1, "said").coordinate,
    )
    assert cell(book["Statements"], 1, "said").value == LONG  # kept whole in its cell
    assert_prints_whole(out, printed(calc, out, tmp_path / "pdf"))


def test_a_text_too_tall_for_a_row_continues_on_long_texts(
    make_dataset: MakeDataset, tmp_path: Path
) -> None:
    out = build(long_text_dataset(make_dataset), tmp_path / "long.xlsx")
    book = openpyxl.load_workbook(out)
    parts = table_rows(book["Long texts"])
    assert [p["part"] for p in parts] == list(range(1, len(parts) + 1)) and len(parts) >= 2
    assert "".join(p["text"] for p in parts) == LONG  # nothing lost
    assert "Long texts" in book.sheetnames[book.sheetnames.index("Source texts") :]
    again = tracker.check(tracker.load(out), AS_OF)  # the report still reads back
    assert not [p for p in again.problems if "Long texts" in p.message]


# --- the diff workbook ---


@pytest.fixture(scope="module")
def sdn_diff(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tests.conftest import import_into
    from tests.test_importers import SDN_2018, SDN_2021

    folder = tmp_path_factory.mktemp("diff")
    import_into(folder / "lists.db", "ofac-sdn", [SDN_2018], "2018-12-19")
    import_into(folder / "lists.db", "ofac-sdn", [SDN_2021], "2021-07-07")
    with tracker.Store(folder / "lists.db") as store:
        return tracker.diff(store, "ofac-sdn")


@pytest.fixture(scope="module")
def diff_book(sdn_diff: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tracker.report.diff_book import write_diff_workbook

    out = tmp_path_factory.mktemp("diff-book") / "diff.xlsx"
    write_diff_workbook(sdn_diff, out)
    return out


def test_the_diff_workbook_briefs_too(diff_book: Path) -> None:
    book = openpyxl.load_workbook(diff_book)
    # four before/after values of 1,060 to 1,227 characters are too tall for their row
    assert book.sheetnames == ["Summary", "Added", "Removed", "Changed", "Programs", "Long texts"]
    summary = book["Summary"]
    assert (
        summary["A1"].value
        == "ofac-sdn: snapshot 1 (as of 2018-12-19) -> snapshot 2 (as of 2021-07-07)"
    )
    cells = {r[0]: r[1:4] for r in summary.iter_rows(values_only=True) if r[0]}
    assert cells["entries before (snapshot 1, list date 2018-12-19)"][0] == 7379
    assert cells["added (Added)"][0] == "=COUNTA(Added[entry_id])"
    assert cells["entries after (snapshot 2, list date 2021-07-07)"][0] == 8976
    assert cells["before + added - removed = after"][0] == '=IF(B4+B5-B6=B7,"OK","MISMATCH")'
    assert cells["changed (Changed): entries on both lists"][0] == ("=COUNTIFS(Changed[no],1)")
    assert cells["vessel"] == (
        '=COUNTIFS(Added[entity_type],"vessel")',
        '=COUNTIFS(Removed[entity_type],"vessel")',
        '=COUNTIFS(Changed[entity_type],"vessel",Changed[no],1)',
    )
    programs = {r["program"]: r for r in table_rows(summary)}  # programs apart from types
    assert programs["NPWMD"]["added"] == (
        '=SUMPRODUCT((Programs[change]="added")*(Programs[program]=Counts[[#This Row],[program]]))'
    )
    cached = openpyxl.load_workbook(diff_book, data_only=True)["Summary"]
    programs = {r["program"]: r for r in table_rows(cached)}
    assert (programs["NPWMD"]["added"], programs["NPWMD"]["changed"]) == (130, 317)
    assert sum(r["added"] for r in programs.values()) > 1858  # an entry under each program
    links = [c.value for c in summary["A"] if str(c.value).startswith("=HYPERLINK")]
    assert [link_target(v)[0] for v in links] == book.sheetnames
    fields = {
        r[0]: r[1] for r in book["Changed"].iter_rows(min_row=3, max_row=10, values_only=True)
    }
    assert fields["name"] == '=COUNTIFS(Changed[field],"name")'
    changed = table_rows(book["Changed"])
    programs = next(r for r in changed if r["entry_id"] == "10153" and r["field"] == "programs")
    assert (programs["before"], programs["after"]) == (
        "NPWMD; IFSR",
        "NPWMD; IFSR; IRAN-CON-ARMS-EO",
    )
    assert programs["differs"] == "+ IRAN-CON-ARMS-EO"  # the part that changed
    assert programs["no"] == 1
    numbers = [r["no"] for r in changed if r["entry_id"] == "10138"]
    assert numbers == [1, 2, 3, 4]  # aliases, countries, remarks, details
    assert sum(r["no"] == 1 for r in changed) == 842  # one 1 per changed entry
    assert "17927" not in {r["entry_id"] for r in changed}  # its aliases only re-ordered
    assert not any(str(r["after"]).startswith(("[", "{")) for r in changed)  # text, not JSON
    rows = table_rows(book["Programs"])
    assert sum(1 for r in rows if r["change"] == "added" and r["program"] == "SDGT") == 304
    for sheet in book.worksheets[1:]:
        assert sheet.print_title_rows
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.oddFooter.right.text == "&A, page &P"


@pytest.mark.slow
def test_the_printed_diff_workbook_is_readable_and_cuts_no_text(
    calc: Calc, diff_book: Path, tmp_path: Path
) -> None:
    assert_prints_whole(diff_book, printed(calc, diff_book, tmp_path))


@pytest.mark.slow
@pytest.mark.parametrize("per_sheet", [None, 1_000], ids=["one-sheet", "numbered-sheets"])
def test_the_diff_summary_reconciles_when_recalculated(
    calc: Calc, sdn_diff: Any, tmp_path: Path, per_sheet: int | None
) -> None:
    from tracker.report.diff_book import write_diff_workbook

    out = tmp_path / "diff.xlsx"
    names = write_diff_workbook(sdn_diff, out, *([per_sheet] if per_sheet else []))
    assert ("Programs (2)" in names) is bool(per_sheet)  # formulas sum over every part
    book = recalculated(calc, out, tmp_path / "recalc")
    summary = book["Summary"]
    assert [summary[f"B{r}"].value for r in range(4, 10)] == [7379, 1858, 261, 8976, "OK", 842]
    counts = sdn_diff.counts()
    types = {r[0]: r[1:4] for r in summary.iter_rows(min_row=13, max_row=16, values_only=True)}
    assert types == {
        kind: tuple(counts[k]["by_type"].get(kind, 0) for k in ("added", "removed", "changed"))
        for kind in ("aircraft", "organization", "person", "vessel")
    }
    assert sum(t[0] for t in types.values()) == 1858  # the types add up to the totals
    assert sum(t[2] for t in types.values()) == 842
    programs = {r["program"]: r for r in table_rows(summary)}
    assert {p: (r["added"], r["removed"], r["changed"]) for p, r in programs.items()} == {
        p: tuple(counts[k]["by_program"].get(p, 0) for k in ("added", "removed", "changed"))
        for p in programs
    }
    assert (programs["NPWMD"]["added"], programs["NPWMD"]["changed"]) == (130, 317)
    by_field = Counter(f for c in sdn_diff.changed for f in c.fields)
    rows = book["Changed"].iter_rows(min_row=3, max_row=2 + len(by_field), max_col=2)
    assert {name.value: n.value for name, n in rows} == dict(by_field)


REMARKS = " ".join(  # an OFAC remarks field of 6,000 characters and more
    f"Transfer {n} of refined petroleum between vessels at sea was reported for this period"
    for n in range(72)
)
LONG_NAME = " ".join(f"TRADING COMPANY {n} OF THE GLOBAL MARITIME GROUP" for n in range(45))


def legacy_sdn(folder: Path, entries: dict[str, tuple[str, str]]) -> Path:
    """A tiny SDN list in the legacy CSV format: entity number -> (name, remarks); remarks
    cut at 1,000 characters and continued in the comments file, as OFAC's files do."""
    folder.mkdir()
    with (
        (folder / "sdn.csv").open("w", encoding="latin-1", newline="") as sdn,
        (folder / "sdn_comments.csv").open("w", encoding="latin-1", newline="") as comments,
    ):
        for number, (name, remarks) in entries.items():
            csv.writer(sdn).writerow([number, name, "-0- ", "SDGT", *["-0- "] * 7, remarks[:1000]])
            if remarks[1000:]:
                csv.writer(comments).writerow([number, remarks[1000:]])
    for name in ("add.csv", "alt.csv"):
        (folder / name).write_text("", encoding="latin-1")
    return folder


@pytest.fixture(scope="module")
def long_diff_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A diff whose remarks grew to 6,000 characters and whose added entry has a name of
    2,000: texts taller than a row can be, on Changed, Added and Programs."""
    from tests.conftest import import_into
    from tracker.report.diff_book import write_diff_workbook

    assert len(REMARKS) > 6_000 and len(LONG_NAME) > 2_000
    assert REMARKS[999] != " " != REMARKS[1000]  # the cut is mid-word: nothing stripped
    folder = tmp_path_factory.mktemp("long-diff")
    before = {"100": ("ACME SHIPPING", "Linked To: ACME HOLDINGS.")}
    after = {"100": ("ACME SHIPPING", REMARKS), "300": (LONG_NAME, "")}
    import_into(folder / "lists.db", "ofac-sdn", [legacy_sdn(folder / "a", before)], "2024-01-01")
    import_into(folder / "lists.db", "ofac-sdn", [legacy_sdn(folder / "b", after)], "2024-02-01")
    with tracker.Store(folder / "lists.db") as store:
        result = tracker.diff(store, "ofac-sdn")
    write_diff_workbook(result, folder / "diff.xlsx")
    return folder / "diff.xlsx"


def long_texts_by_cell(book: Workbook) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """The Long texts rows by the cell each links to, in order."""
    found: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in table_rows(book["Long texts"]):
        found.setdefault(link_target(row["cell"]), []).append(row)
    return found


def test_a_diff_text_too_tall_for_a_row_continues_on_long_texts(long_diff_book: Path) -> None:
    book = openpyxl.load_workbook(long_diff_book)
    assert book.sheetnames == ["Summary", "Added", "Removed", "Changed", "Programs", "Long texts"]
    links = [c.value for c in book["Summary"]["A"] if str(c.value).startswith("=HYPERLINK")]
    assert [link_target(v)[0] for v in links] == book.sheetnames
    (remarks,) = [
        n for n, r in enumerate(table_rows(book["Changed"]), 1) if r["field"] == "remarks"
    ]
    after = cell(book["Changed"], remarks, "after")
    added = cell(book["Added"], 1, "name")
    listed = cell(book["Programs"], 1, "name")  # the added entry's one program
    assert (after.value, added.value, listed.value) == (REMARKS, LONG_NAME, LONG_NAME)  # whole
    by_cell = long_texts_by_cell(book)
    wanted = {("Changed", after.coordinate), ("Added", added.coordinate)}
    assert wanted | {("Programs", listed.coordinate)} <= set(by_cell)
    for (sheet, ref), parts in by_cell.items():
        assert [p["part"] for p in parts] == list(range(1, len(parts) + 1))
        assert "".join(p["text"] for p in parts) == book[sheet][ref].value  # nothing lost
        assert all(lines_needed(p["text"], LONG_TEXT_WIDTH) <= ROW_LINES for p in parts)
    assert len(by_cell[("Changed", after.coordinate)]) >= 2  # in parts that each fit a row


@pytest.mark.slow
def test_long_diff_texts_print_whole(calc: Calc, long_diff_book: Path, tmp_path: Path) -> None:
    pages = printed(calc, long_diff_book, tmp_path / "pdf")
    assert_prints_whole(long_diff_book, pages)  # 8 points or more, nothing cut
    after = column_texts(pages.of_sheet("Changed"), ["after"])["after"]
    assert squash(REMARKS) not in after  # cut in its row, and whole on Long texts
    elsewhere = column_texts(pages.of_sheet("Long texts"), ["cell", "part", "text"])["text"]
    assert squash(REMARKS) in elsewhere and squash(LONG_NAME) in elsewhere


# --- every other workbook, printed --------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("filled", [False, True], ids=["empty", "from-data"])
def test_the_printed_template_is_readable_and_cuts_no_text(
    calc: Calc, tmp_path: Path, filled: bool
) -> None:
    out = tmp_path / "template.xlsx"
    args = ["template", "-o", str(out), *(["--from", str(BUNDLED)] if filled else [])]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert_prints_whole(out, printed(calc, out, tmp_path / "pdf"))


@pytest.mark.slow
def test_the_printed_report_with_lists_is_readable_and_cuts_no_text(
    calc: Calc, tmp_path: Path
) -> None:
    from tests.conftest import import_into
    from tests.test_importers import SDN_2018, SDN_2021

    store = tmp_path / "lists.db"
    import_into(store, "ofac-sdn", [SDN_2018], "2018-12-19")
    import_into(store, "ofac-sdn", [SDN_2021], "2021-07-07")
    out = tmp_path / "r.xlsx"
    build_report(BUNDLED, out, AS_OF, store)
    pages = printed(calc, out, tmp_path / "pdf")
    assert_prints_whole(out, pages)
    assert pages.of_sheet("Lists") and pages.of_sheet("List changes")


@given(st.text(alphabet=" ab\n\r\u2028", max_size=6_000))
@settings(max_examples=200, deadline=None)
def test_a_source_text_cut_into_printable_parts_loses_nothing(text: str) -> None:
    parts = text_parts(text)
    assert "".join(parts) == text
    assert all(lines_needed(p.rstrip("\r\n"), TEXT_WIDTH) <= ROW_LINES for p in parts)


def list_row(book: Workbook) -> int:
    """The Summary's row of the South Korean export-control list (its first mention)."""
    return next(
        c.row
        for c in book["Summary"]["A"]
        if str(c.value).startswith("South Korea's export controls")
    )


def test_the_summary_leaves_blank_what_no_source_states(bundled_report: Path) -> None:
    summary = openpyxl.load_workbook(bundled_report, data_only=True)["Summary"]
    (us,) = [r for r in summary.iter_rows(values_only=True) if r[0] == "U.S. Treasury Department"]
    # the source states three entities and no vessels or persons: blank, not 0
    assert list(us[:9]) == ["U.S. Treasury Department", "not stated", 1, None, 0, 3, 0, None, 0]


@pytest.mark.slow
def test_the_first_printed_page_of_the_summary_holds_every_headline_figure(
    printed_report: Printed,
) -> None:
    first = printed_report.of_sheet("Summary")[0]
    lines = [[w.text for w in line] for line in first.lines()]

    def line(*start: str) -> list[str]:
        (found,) = [ln for ln in lines if ln[: len(start)] == list(start)]
        return found[len(start) :]

    assert line("South", "Korea", "RU") == ["1", "4", "0", "5", "0", "8", "0"]
    assert line("U.S.", "Treasury", "Department", "not", "stated") == ["1", "0", "3", "0", "0"]
    assert line("South", "Korea's", "export")[-6:] == [
        "items",
        "1,159",
        "243",
        "1,402",
        "not",
        "stated",
    ]
    text = squash(" ".join(" ".join(ln) for ln in lines))
    for claimant, reads in [
        ("The U.S.", "more than 11,000 containers"),
        ("Defense Minister of South Korea", "at least 10,000 containers"),
        ("The White House", "more than 1,000 containers"),
        ("The U.S.", "dozens of ballistic missiles"),
    ]:
        assert squash(claimant) in text and squash(reads) in text
    assert squash("OK now (live formulas)") in text


# --- the list sheets tell time --------------------------------------------------------------------


@pytest.fixture(scope="module")
def sdn_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import import_into
    from tests.test_importers import SDN_2018, SDN_2021

    store = tmp_path_factory.mktemp("store") / "lists.db"
    import_into(store, "ofac-sdn", [SDN_2021], "2021-07-07")  # imported out of date order
    import_into(store, "ofac-sdn", [SDN_2018], "2018-12-19")
    return store


def test_lists_are_in_list_date_order_with_numeric_ids_and_a_stale_warning(
    sdn_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.xlsx"
    build_report(BUNDLED, out, AS_OF, sdn_store)
    book = openpyxl.load_workbook(out)
    rows = table_rows(book["Lists"])
    assert [(r["snapshot"], r["list_date"]) for r in rows] == [
        (2, dt.datetime(2018, 12, 19)),
        (1, dt.datetime(2021, 7, 7)),
    ]
    warning = (
        "the latest ofac-sdn list is of 2021-07-07, 1,083 days before this report's date "
        "(2024-06-24; --max-age 30): import a newer one"
    )
    assert [r["note"] for r in rows] == [None, warning]
    notes = list(summary_cells(book).values())
    assert "warning: " + warning in notes
    assert (
        "No action names an official list (list_source), so action-vs-list compared nothing "
        "with the store's lists." in notes
    )
    chart = zipfile.ZipFile(out).read("xl/charts/chart2.xml").decode()
    assert "<c:scatterChart>" in chart and "yyyy-mm-dd" in chart  # real dates on the x axis


def test_max_age_sets_when_a_list_is_stale(sdn_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    args = ["report", str(BUNDLED), "-o", str(out), "--as-of", "2021-07-20", "--db"]
    # the data has findings as of 2021 (exit 1); the workbook is written all the same
    assert CliRunner().invoke(main, [*args, str(sdn_store), "--max-age", "30"]).exit_code == 1
    assert all(r["note"] is None for r in table_rows(openpyxl.load_workbook(out)["Lists"]))
    assert CliRunner().invoke(main, [*args, str(sdn_store), "--max-age", "5"]).exit_code == 1
    notes = [r["note"] for r in table_rows(openpyxl.load_workbook(out)["Lists"])]
    assert notes[1].startswith("the latest ofac-sdn list is of 2021-07-07, 13 days before")
    bad = CliRunner().invoke(main, [*args, str(sdn_store), "--max-age", "-1"])
    assert bad.exit_code == 2 and "--max-age" in bad.output


# --- the template: drop-downs, rules and prompts in the workbook's words ----------------------


@pytest.fixture(scope="module")
def template_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("template") / "t.xlsx"
    assert CliRunner().invoke(main, ["template", "-o", str(out)]).exit_code == 0
    return out


def validations_by_column(sheet: Worksheet) -> dict[str, Any]:
    header = [c.value for c in sheet[1]]
    found = {}
    for dv in sheet.data_validations.dataValidation:
        col = re.match(r"([A-Z]+)", str(dv.sqref)).group(1)  # type: ignore[union-attr]
        found[header[openpyxl.utils.column_index_from_string(col) - 1]] = dv
    return found


def test_the_template_offers_countries_languages_and_list_sources(template_book: Path) -> None:
    book = openpyxl.load_workbook(template_book)
    choices = book["Choices"]
    assert choices.sheet_state == "hidden"
    column = {c.value: i for i, c in enumerate(choices[1], start=1)}
    values = {
        name: [r[0].value for r in choices.iter_rows(min_row=2, min_col=i, max_col=i)]
        for name, i in column.items()
    }
    assert "Korea, Democratic People's Republic of" in values["country"]
    assert {country_code(name) for name in values["country"]} >= {"KP", "KR", "RU", "US"}
    assert {"en", "ko", "ru"} <= set(values["language"])
    assert {"ofac-sdn", "un", "eu-fsf"} <= {v for v in values["list_source"] if v}
    designations = validations_by_column(book["Designations"])
    for name in ("country", "flag"):
        assert designations[name].type == "list"
        assert designations[name].formula1.startswith("'Choices'!$A$2")
        assert designations[name].errorStyle == "warning"  # a typed code is kept
    assert validations_by_column(book["Sources"])["language"].formula1.startswith("'Choices'!$B$2")
    actions = validations_by_column(book["Actions"])
    assert actions["list_source"].formula1.startswith("'Choices'!$C$2")
    assert actions["target_country"].type == "list"


def test_template_prompts_speak_of_sheets_not_files(template_book: Path) -> None:
    book = openpyxl.load_workbook(template_book)
    texts = []
    for sheet in book.worksheets:
        for dv in sheet.data_validations.dataValidation:
            texts += [dv.prompt or "", dv.error or ""]
        texts += [c.comment.text for c in sheet[1] if c.comment]
    assert texts and not [t for t in texts if "`" in t or ".csv" in t]
    designations = validations_by_column(book["Designations"])
    assert "The id of a row on the Actions sheet." in designations["action_id"].prompt
    assert designations["imo"].error.startswith(
        "An IMO ship number: 7 digits, optionally after 'IMO ' (IMO 9074729), e.g. "
    )
    events = validations_by_column(book["Events"])
    assert "Monday, Tuesday" in events["stated_weekday"].prompt


@pytest.mark.slow
def test_the_imo_cell_rule_takes_seven_digits_with_an_optional_prefix(
    calc: Calc, template_book: Path, tmp_path: Path
) -> None:
    """The rule's formula, put in cells beside the values it judges, recalculated."""
    rule = validations_by_column(openpyxl.load_workbook(template_book)["Designations"])["imo"]
    cases = {
        "9074729": True, "IMO 9074729": True, "": True,
        "907472": False, "ABCDEFG": False, "9074.72": False, "IMO 907472": False,
        "IMO9074729": False, "90747290": False,
    }  # fmt: skip
    book = xlsxwriter.Workbook(str(tmp_path / "rule.xlsx"))
    sheet = book.add_worksheet()
    column = re.match(r"([A-Z]+)", str(rule.sqref)).group(1)  # type: ignore[union-attr]
    for row, value in enumerate(cases, start=2):
        sheet.write_string(row - 1, 0, value)
        formula = rule.formula1.replace(f"{column}2", f"A{row}")
        sheet.write_formula(row - 1, 1, "=" + formula)
    book.close()
    result = recalculated(calc, tmp_path / "rule.xlsx", tmp_path / "out").active
    got = {result.cell(r, 1).value or "": result.cell(r, 2).value for r in range(2, 2 + len(cases))}
    assert got == cases


# --- the docs' pictures ----------------------------------------------------------------------


def test_the_docs_pictures_show_the_current_report(bundled_report: Path) -> None:
    """Each picture's manifest entry is the digest of the sheet it shows: a change to that
    sheet makes the picture stale until `python -m tests.libreoffice pictures` renews it."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert set(manifest) == set(PICTURES)
    for name, entry in manifest.items():
        assert (DOCS / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert entry["sheet"] == PICTURES[name][0]
        assert entry["cells"] == sheet_digest(bundled_report, entry["sheet"]), (
            f"docs/{name} is stale: run `python -m tests.libreoffice pictures`"
        )


@pytest.mark.parametrize(
    ("before", "after", "shown"),
    [
        ("NPWMD; IFSR", "NPWMD; IFSR; IRAN-CON-ARMS-EO", "+ IRAN-CON-ARMS-EO"),
        ("SYRIA; IRAN", "IRAN; SYRIA", "order only"),
        ("DOB 1965; POB Damascus", "DOB 11 Sep 1965; POB Damascus; Gender Male",
         "+ 11 Sep; + Gender Male"),
        ("(none)", "BY", "- (none) + BY"),
        ("Website a.ir; b", "Website c.ir; b", "- a.ir + c.ir"),
    ],
)  # fmt: skip
def test_the_changed_part_of_a_long_text_is_shown(before: str, after: str, shown: str) -> None:
    assert differs(before, after) == shown
