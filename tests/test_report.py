"""`tracker report`: the workbook's sheets, tables, formats and safety, read back with openpyxl;
its formulas recalculated by LibreOffice Calc and compared with the tracker's own numbers."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.conftest import BUNDLED, REPO, MakeDataset, build_report, minimal_tables
from tests.libreoffice import Calc
from tracker.checks import run_checks
from tracker.cli import main
from tracker.context import Context
from tracker.load import load_dataset
from tracker.models import Action, ControlListRevision, Designation

AS_OF = dt.date(2024, 6, 21)
SNAPSHOT = REPO / "tests" / "snapshots" / "report.txt"


def build(directory: Path, out: Path, rows_per_sheet: int | None = None) -> Path:
    extra = {} if rows_per_sheet is None else {"rows_per_sheet": rows_per_sheet}
    build_report(directory, out, AS_OF, **extra)
    return out


def table_rows(sheet: Worksheet) -> list[dict[str, Any]]:
    """The data rows of the sheet's (one) table as dicts keyed by header."""
    (table,) = sheet.tables.values()
    rows = [[c.value for c in row] for row in sheet[table.ref]]
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, r, strict=False)) for r in rows[1:] if any(v is not None for v in r)]


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
            for cell in row:
                if cell.value is not None:
                    lines.append(
                        f"{sheet.title}!{cell.coordinate}\t{cell.value!r}\t{cell.number_format}"
                    )
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def bundled_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(BUNDLED, tmp_path_factory.mktemp("report") / "report.xlsx")


# --- structure ---------------------------------------------------------------------------------


def test_report_has_every_sheet_as_a_real_table(bundled_report: Path) -> None:
    book = openpyxl.load_workbook(bundled_report)
    assert book.sheetnames == [
        "Summary",
        "Checks",
        "Actions",
        "Designations",
        "Export controls",
        "Control lists",
        "Claims",
        "Events",
        "Officials",
        "Sources",
    ]
    for sheet in book.worksheets[1:]:
        (table,) = sheet.tables.values()
        header = 3 if sheet.title == "Checks" else 1  # Checks has notes above its table
        assert table.ref.startswith(f"A{header}:")
        assert table.tableStyleInfo.showRowStripes
        assert table.autoFilter is not None
        assert sheet.freeze_panes == f"A{header + 1}"
        assert all(cell.font.b for cell in sheet[header])  # bold header
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == f"${header}:${header}"


def test_report_formats_counts_dates_and_long_text(bundled_report: Path) -> None:
    book = openpyxl.load_workbook(bundled_report)
    revision = book["Export controls"]
    header = [c.value for c in revision[1]]
    cell = revision.cell(2, header.index("new_count") + 1)
    assert (cell.value, cell.number_format) == (1402, "#,##0")
    events = book["Events"]
    on = events.cell(2, [c.value for c in events[1]].index("on") + 1)
    assert on.value == dt.datetime(2024, 6, 19)
    assert on.number_format == "yyyy-mm-dd"
    quote = revision.cell(2, header.index("quote") + 1)
    assert quote.alignment.wrap_text
    assert revision.column_dimensions["J"].width >= 50


def test_document_properties_use_the_as_of_date(bundled_report: Path) -> None:
    properties = openpyxl.load_workbook(bundled_report).properties
    assert properties.created == dt.datetime(2024, 6, 21)
    assert properties.title == "Sanctions and export-control tracker report"
    assert "as of 2024-06-21" in (properties.subject or "")


def test_checks_sheet_links_every_finding_to_its_row(bundled_report: Path) -> None:
    book = openpyxl.load_workbook(bundled_report)
    rows = table_rows(book["Checks"])
    assert [(r["severity"], r["rule"], r["file"], r["row"], r["field"]) for r in rows] == [
        ("warning", "name-conflict", "officials.csv", 21, "name"),
        ("warning", "stated-vs-itemized", "actions.csv", 2, "stated_organizations"),
        ("warning", "stated-vs-itemized", "actions.csv", 2, "stated_persons"),
        ("warning", "stated-vs-itemized", "actions.csv", 2, "stated_vessels"),
        ("warning", "stated-vs-itemized", "actions.csv", 3, "stated_organizations"),
    ]
    targets = ["'Officials'!B21", "'Actions'!J2", "'Actions'!M2", "'Actions'!G2", "'Actions'!J3"]
    links = [c.value for c in book["Checks"]["J"][3:]]
    assert links == [f'=HYPERLINK("#{t}","{t.replace(chr(39), "")}")' for t in targets]
    officials = book["Officials"]
    assert officials["B21"].value == "Song Ho-jin"


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


# --- safety ------------------------------------------------------------------------------------

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
    names = [sheet.cell(row, 4) for row in range(2, 2 + len(HOSTILE))]
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


@pytest.mark.parametrize("target", ["missing/r.xlsx", "."])
def test_bad_output_path_is_exit_2_and_no_file(tmp_path: Path, target: str) -> None:
    result = CliRunner().invoke(main, ["report", str(BUNDLED), "-o", str(tmp_path / target)])
    assert result.exit_code == 2
    assert result.output.startswith("error: report")
    assert list(tmp_path.rglob("*.xlsx")) == []


def test_report_command_writes_the_workbook_and_exits_as_check(
    bundled_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.xlsx"
    edit = bundled_copy / "control_list_revisions.csv"
    edit.write_text(edit.read_text().replace(",243,", ",244,"))
    result = CliRunner().invoke(
        main, ["report", str(bundled_copy), "-o", str(out), "--as-of", "2024-06-21"]
    )
    assert result.exit_code == 1  # the data has errors; the workbook is written all the same
    assert out.exists()
    assert "wrote" in result.output


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
        ["Designations"],
        ["Designations_2"],
        ["Designations_3"],
    ]
    summary = [c.value for c in book["Summary"]["A"] if c.value]
    assert (
        "Designations continues on 3 sheets: Designations, Designations (2), "
        "Designations (3)" in summary
    )
    actions = book["Actions"]
    header = [c.value for c in actions[1]]
    itemized = actions.cell(2, header.index("itemized_vessels") + 1).value
    assert itemized.count("COUNTIFS(") == 3


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


def test_libreoffice_recalculates_every_formula_to_the_trackers_values(
    calc: Calc, make_dataset: MakeDataset, tmp_path: Path
) -> None:
    directory = mixed_dataset(make_dataset)
    out = build(directory, tmp_path / "mixed.xlsx", rows_per_sheet=10)
    book = recalculated(calc, out, tmp_path / "recalc")
    dataset = load_dataset(directory)
    problems = run_checks(dataset, Context(as_of=AS_OF))

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

    # each Summary figure equals the Python computation
    figures = dict(summary_figures(book))
    errors = sum(1 for p in problems if p.severity.value == "error")
    assert figures["Parties itemized: vessels"] == 2
    assert figures["Parties itemized: persons"] == 9
    assert figures["Parties stated: persons"] == 8
    assert figures["Revisions that do not add up (status MISMATCH)"] == 1
    assert figures["List size now: Export controls (items)"] == 1409
    assert figures["Findings: errors"] == errors
    assert figures["Quantitative claims"] == 1


def summary_figures(book: Workbook) -> Iterator[tuple[str, Any]]:
    sheet = book["Summary"]
    table = sheet.tables["Figures"]
    for row in sheet[table.ref][1:]:
        yield row[0].value, row[1].value


def test_libreoffice_summary_of_the_bundled_report(
    calc: Calc, bundled_report: Path, tmp_path: Path
) -> None:
    figures = dict(summary_figures(recalculated(calc, bundled_report, tmp_path)))
    assert figures == {
        "Sanctions actions": 2,
        "Parties stated: vessels": 4,
        "Parties stated: organizations": 8,
        "Parties stated: persons": 8,
        "Parties itemized: vessels": 0,
        "Parties itemized: organizations": 0,
        "Parties itemized: persons": 0,
        "Vessels itemized with an IMO number": 0,
        "List size now: South Korea's export controls on Russia (items)": 1402,
        "Quantitative claims": 4,
        "Revisions that do not add up (status MISMATCH)": 0,
        "Findings: errors": 0,
        "Findings: warnings": 5,
    }


def test_editing_243_to_244_turns_the_status_to_mismatch(
    calc: Calc, bundled_report: Path, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(bundled_report)
    sheet = book["Export controls"]
    header = [c.value for c in sheet[1]]
    added = sheet.cell(2, header.index("added") + 1)
    assert added.value == 243
    added.value = 244
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    (row,) = table_rows(recalculated(calc, edited, tmp_path / "out")["Export controls"])
    assert (row["computed_new_count"], row["status"]) == (1403, "MISMATCH")


def test_hostile_text_stays_text_after_recalculation(
    calc: Calc, make_dataset: MakeDataset, tmp_path: Path
) -> None:
    out = build(hostile_dataset(make_dataset), tmp_path / "r.xlsx")
    sheet = recalculated(calc, out, tmp_path / "out")["Designations"]
    assert [sheet.cell(row, 4).value for row in range(2, 2 + len(HOSTILE))] == [
        t.strip() for t in HOSTILE
    ]
