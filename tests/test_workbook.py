"""Spreadsheets as input: the data-entry template, a filled workbook read back with every mistake
at its sheet and cell, the report read back as a dataset, `tracker convert` byte for byte, and
workbooks saved by LibreOffice."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import string
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracker
from tests.conftest import BUNDLED, MakeDataset, build_report, minimal_tables
from tests.hostile import cli, files
from tests.libreoffice import Calc
from tracker.records.models import Designation, Official, columns

AS_OF = "2024-06-24"


@pytest.fixture(scope="module")
def calc(tmp_path_factory: pytest.TempPathFactory) -> Calc:
    return Calc(tmp_path_factory.mktemp("libreoffice") / "profile")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("template") / "template.xlsx"
    assert cli("template", "-o", out).code == 0
    return out


def validations(sheet: Any) -> dict[str, Any]:
    """Column header -> its data validation."""
    header = [c.value for c in sheet[1]]
    found = {}
    for validation in sheet.data_validations.dataValidation:
        col = openpyxl.utils.column_index_from_string(
            str(validation.sqref).split(":")[0].rstrip(string.digits)
        )
        found[header[col - 1]] = validation
    return found


# --- the template -------------------------------------------------------------------------------


def check_template(book: openpyxl.Workbook, frozen: bool = True) -> None:
    assert book.sheetnames[0] == "Instructions"
    designations = book["Designations"]
    assert [c.value for c in designations[1]] == columns(Designation)
    note = designations["I1"].comment.text  # imo
    assert note.startswith("IMO ship number (vessels), 7 digits.")
    assert "Example: 9074729" in note
    rules = validations(designations)
    assert (rules["entity_type"].type, rules["entity_type"].formula1) == (
        "list", '"person,organization,vessel"'
    )  # fmt: skip
    assert rules["action_id"].formula1.replace("'", "") == "Actions!$A$2:$A$1048576"
    assert rules["source_id"].formula1.replace("'", "") == "Sources!$A$2:$A$1048576"
    assert rules["imo"].type == "custom" and rules["listed_on"].type == "custom"
    assert all(rule.prompt for rule in rules.values())  # an input message on every column
    counts = validations(book["Actions"])["stated_vessels"]
    assert (counts.type, counts.operator, counts.formula1) == ("whole", "greaterThanOrEqual", "0")
    if frozen:  # LibreOffice, converting headless, keeps no frozen panes
        assert designations.freeze_panes == "A2"


def test_the_template_prevents_mistakes_at_entry(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    check_template(book)
    dimensions = book["Designations"].column_dimensions.values()
    for name in ("id", "imo", "listed_on", "quote"):
        col = columns(Designation).index(name) + 1
        (dimension,) = [d for d in dimensions if d.min <= col <= d.max]
        assert dimension.number_format == "@"  # text: what is typed is kept as typed


@pytest.mark.slow
def test_the_template_opens_in_libreoffice_and_keeps_its_checks(
    calc: Calc, template: Path, tmp_path: Path
) -> None:
    saved = calc.convert(template, "xlsx:Calc MS Excel 2007 XML", tmp_path)
    check_template(openpyxl.load_workbook(saved), frozen=False)


def test_the_template_from_a_dataset_is_that_dataset(tmp_path: Path) -> None:
    out = tmp_path / "filled.xlsx"
    assert cli("template", "-o", out, "--from", BUNDLED).code == 0
    ours = tracker.check(tracker.load(out), AS_OF)
    theirs = tracker.check(tracker.load(BUNDLED), AS_OF)
    assert ours.summary() == theirs.summary()


def test_the_template_from_a_dataset_fits_its_columns_to_every_row(
    make_dataset: MakeDataset, tmp_path: Path
) -> None:
    tables = minimal_tables()
    base = tables["designations.csv"][0]
    rows = [{**base, "id": f"d{n}", "name": f"V{n}", "imo": ""} for n in range(1_500)]
    rows[-1]["name"] = "MV " + "LONG NAME " * 3  # 33 characters, on the 1,500th row only
    rows[-2]["aliases"] = "X" * 80  # wider than a column may be: wrapped, not cut
    tables["designations.csv"] = rows
    out = tmp_path / "filled.xlsx"
    assert cli("template", "-o", out, "--from", make_dataset(tables)).code == 0
    sheet = openpyxl.load_workbook(out)["Designations"]
    header = [c.value for c in sheet[1]]
    width = {h: sheet.column_dimensions[chr(65 + i)].width for i, h in enumerate(header)}
    assert 35 <= width["name"] < 37  # 33 characters and a margin
    assert width["aliases"] >= 50
    assert sheet.cell(1_500, header.index("aliases") + 1).alignment.wrap_text


# --- a filled workbook: every mistake at its sheet and cell -------------------------------------


def fill(template: Path, out: Path) -> Path:
    """The template filled in with openpyxl, with one mistake of each kind on its own row."""
    book = openpyxl.load_workbook(template)
    tables = minimal_tables()
    for sheet_name, file in (
        ("Sources", "sources.csv"), ("Authorities", "authorities.csv"), ("Actions", "actions.csv"),
        ("Designations", "designations.csv"), ("Control lists", "control_lists.csv"),
        ("Export controls", "control_list_revisions.csv"), ("Claims", "claims.csv"),
        ("Events", "events.csv"), ("Officials", "officials.csv"),
    ):  # fmt: skip
        sheet = book[sheet_name]
        header = [c.value for c in sheet[1]]
        for row in tables[file]:
            sheet.append([row.get(h) or None for h in header])
    designations = book["Designations"]
    base = tables["designations.csv"][0]
    header = [c.value for c in designations[1]]

    def add(**changes: Any) -> None:
        designations.append([changes.get(h, base.get(h) or None) for h in header])

    add(id="imo-as-number", imo=9074729, name="A")  # row 3: a number in a text column: fine
    add(id="bad-imo", imo="9074728", name="B")  # row 4: I4 imo
    add(id="Bad-Id", name="C")  # row 5: A5 slug
    add(id="bad-type", entity_type="ship", name="D")  # row 6: E6 vocabulary
    add(id="bad-action", action_id="nope", name="E")  # row 7: D7 ref-unknown
    add(id=dt.datetime(2024, 6, 1), name="F")  # row 8: A8 cell-date
    add(id="bad-date", listed_on="2024-13-01", name="G")  # row 9: K9 date
    add(id="formula", name='=UPPER("x")')  # row 10: F10 cell-formula (no saved result)
    add(id="merged", name="H", country="KR")  # row 11: G11:H11 merged
    designations.merge_cells("G11:H11")
    add(id="control", name="I_x001B_J")  # row 12: F12 text (how a sheet stores ESC)
    add(id="no-quote", name="K", quote=None)  # row 13: C13 required
    add(id="imo-as-number", name="L")  # row 14: A14 id-duplicate (row 3 loaded)
    add(id="bad-country", name="M", country="Atlantis")  # row 15: H15 country
    add(id="date-cell", name="N", listed_on=dt.datetime(2024, 6, 19))  # row 16: a date: fine
    add(id="  spaced  ", name="O")  # row 17: trailing spaces are stripped: fine
    add(id="hidden", name="P")  # row 18: hidden, still read
    designations.row_dimensions[18].hidden = True
    add(id="two-faults", name="Q", imo="123456", action_id="acts")  # row 19: I19 and D19
    actions = book["Actions"]
    header = [c.value for c in actions[1]]
    action = tables["actions.csv"][0]
    actions.append(
        [{"id": "words", "stated_vessels": "four"}.get(h, action.get(h)) for h in header]
    )
    actions.append([{"id": "negative", "stated_vessels": -4}.get(h, action.get(h)) for h in header])
    actions.append([{"id": "float", "stated_vessels": 4.0}.get(h, action.get(h)) for h in header])
    claims = book["Claims"]
    header = [c.value for c in claims[1]]
    claim = tables["claims.csv"][0]
    claims.append([{"id": "huge", "quantity": "1e400"}.get(h, claim.get(h)) for h in header])
    book.create_sheet("Notes")["A1"] = "my notes"
    book["Officials"].title = "People"
    designations.cell(30, 1).number_format = "@"  # an empty row with a format: ignored
    book.save(out)
    folder = out.parent / "sources"
    folder.mkdir(exist_ok=True)
    from tests.conftest import SOURCE_TEXT

    (folder / "src.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    return out


def test_every_mistake_in_a_filled_workbook_is_named_by_sheet_and_cell(
    template: Path, tmp_path: Path
) -> None:
    out = fill(template, tmp_path / "filled.xlsx")
    run = cli("validate", out, "--format", "json")
    found = {(p["code"], p["sheet"], p["cell"]) for p in json.loads(run.output)["problems"]}
    expected = {
        ("imo", "Designations", "I4"),
        ("slug", "Designations", "A5"),
        ("vocabulary", "Designations", "E6"),
        ("ref-unknown", "Designations", "D7"),
        ("cell-date", "Designations", "A8"),
        ("date", "Designations", "K9"),
        ("cell-formula", "Designations", "F10"),
        ("cell-merged", "Designations", "G11"),
        ("text", "Designations", "F12"),
        ("required", "Designations", "C13"),
        ("id-duplicate", "Designations", "A14"),
        ("country", "Designations", "H15"),
        ("imo", "Designations", "I19"),  # a bad IMO does not hide
        ("ref-unknown", "Designations", "D19"),  # the unknown action of the same row
        ("count", "Actions", "I3"),
        ("count", "Actions", "I4"),
        ("quantity", "Claims", "F3"),
        ("file-missing", "Officials", None),
        ("sheet-unknown", "People", None),
        ("sheet-unknown", "Notes", None),
    }
    assert found == expected
    assert run.code == 1
    dataset = tracker.load(out)
    ids = {d.id for d in dataset.table(Designation).records}
    assert {"imo-as-number", "date-cell", "spaced", "hidden"} <= ids  # read as the models expect
    loaded = {d.id: d for d in dataset.table(Designation).records}
    assert (loaded["imo-as-number"].imo, str(loaded["date-cell"].listed_on)) == (
        "9074729",
        "2024-06-19",
    )
    text = cli("validate", out).output
    assert (
        f"{out.parent}/filled.xlsx:Designations!I4: imo: IMO 9074728 fails the check digit" in text
    )


def test_one_run_names_every_fault_of_a_row_in_the_workbooks_words(
    template: Path, tmp_path: Path
) -> None:
    out = fill(template, tmp_path / "filled.xlsx")
    problems = json.loads(cli("validate", out, "--format", "json").output)["problems"]
    row = sorted((p["code"], p["cell"]) for p in problems if p["row"] == 19)
    assert row == [("imo", "I19"), ("ref-unknown", "D19")]
    (ref,) = [p for p in problems if p["cell"] == "D19"]
    assert ref["message"] == "action_id 'acts' is not an id in the Actions sheet"
    assert ref["hint"].startswith("did you mean 'act'?")
    (far,) = [p for p in problems if p["cell"] == "D7"]  # 'nope' is near no id
    assert far["hint"] == "use an id that exists in the Actions sheet, or add that record"
    (twice,) = [p for p in problems if p["code"] == "id-duplicate"]
    assert twice["message"] == "id 'imo-as-number' is already used at Designations!A3"


def test_a_folder_dataset_keeps_its_file_words(make_dataset: MakeDataset) -> None:
    tables = minimal_tables()
    tables["designations.csv"][0].update(imo="123456", action_id="acts")
    problems = tracker.load(make_dataset(tables)).problems
    found = sorted((p.code, p.file, p.row, p.field) for p in problems)
    assert found == [
        ("imo", "designations.csv", 2, "imo"),
        ("ref-unknown", "designations.csv", 2, "action_id"),
    ]
    (ref,) = [p for p in problems if p.code == "ref-unknown"]
    assert ref.message == "action_id 'acts' is not an id in actions.csv"
    assert ref.hint.startswith("did you mean 'act'? Else use an id that exists in actions.csv")


def test_the_csv_output_names_sheet_and_cell_too(template: Path, tmp_path: Path) -> None:
    out = fill(template, tmp_path / "filled.xlsx")
    rows = list(csv.DictReader(io.StringIO(cli("validate", out, "--format", "csv").output)))
    imo, _ = [r for r in rows if r["code"] == "imo"]  # I4, then I19
    assert (imo["sheet"], imo["cell"], imo["row"], imo["field"]) == (
        "Designations",
        "I4",
        "4",
        "imo",
    )


# --- the report is a dataset too ---------------------------------------------------------------


def test_the_report_reads_back_as_the_dataset_it_was_made_from(tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    build_report(BUNDLED, out)
    again = tracker.check(tracker.load(out), AS_OF)
    original = tracker.check(tracker.load(BUNDLED), AS_OF)
    assert again.summary() == original.summary()  # quotes checked against its Source texts
    for record_type in (Designation, Official):
        assert (
            again.dataset.table(record_type).records == original.dataset.table(record_type).records
        )


def test_a_report_edited_and_rechecked_shows_the_findings_at_their_cells(tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    build_report(BUNDLED, out)
    book = openpyxl.load_workbook(out)
    revisions = book["Export controls"]
    header = [c.value for c in revisions[1]]
    revisions.cell(2, header.index("added") + 1).value = 244  # a count changed
    officials = book["Officials"]
    assert officials["B22"].value == "Song Ho-jin"
    officials.delete_rows(22)  # the row that named the adviser another way
    edited = tmp_path / "edited.xlsx"
    book.save(edited)  # openpyxl keeps formulas but not their results: links still read
    run = cli("check", edited, "--as-of", AS_OF, "--format", "json")
    problems = json.loads(run.output)["problems"]
    found = {(p["code"], p["sheet"], p["cell"]) for p in problems}
    new_count = openpyxl.utils.get_column_letter(header.index("new_count") + 1)
    assert ("revision-arithmetic", "Export controls", f"{new_count}2") in found
    assert (
        "quote-numbers",
        "Export controls",
        f"{openpyxl.utils.get_column_letter(header.index('added') + 1)}2",
    ) in found
    assert "name-conflict" not in {p["code"] for p in problems}
    assert run.code == 1


# --- tracker convert ----------------------------------------------------------------------------


def test_the_bundled_data_converts_to_a_workbook_and_back_byte_for_byte(tmp_path: Path) -> None:
    book = tmp_path / "data.xlsx"
    run = cli("convert", BUNDLED, book)
    assert (run.code, run.output) == (0, f"wrote {book}: 1 file\n")
    back = tmp_path / "back"
    run = cli("convert", book, back)
    assert (run.code, run.output) == (0, f"wrote {back}: 12 files and 5 source texts\n")
    assert files(back) == files(BUNDLED)


def test_convert_keeps_byte_order_marks_and_line_ends(
    make_dataset: MakeDataset, tmp_path: Path
) -> None:
    directory = make_dataset()
    path = directory / "officials.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    text = directory / "sources" / "src.txt"
    text.write_bytes(b"\xef\xbb\xbf" + text.read_bytes().replace(b"\n", b"\r\n"))
    assert cli("convert", directory, tmp_path / "b.xlsx").code == 0
    assert cli("convert", tmp_path / "b.xlsx", tmp_path / "back").code == 0
    assert files(tmp_path / "back") == files(directory)


def test_convert_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    book = tmp_path / "d.xlsx"
    assert cli("convert", BUNDLED, book).code == 0
    before = book.read_bytes()
    assert cli("convert", BUNDLED, book).failed_cleanly("exists")
    assert book.read_bytes() == before
    assert cli("convert", book, tmp_path / "full").failed_cleanly("not an empty folder")
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"
    assert cli("convert", book, tmp_path / "missing" / "out").failed_cleanly("does not exist")
    assert cli("convert", tmp_path / "notes.txt", tmp_path / "x").failed_cleanly()


text = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), include_characters='\n",;\t'
    ),
    min_size=1,
    max_size=30,
)
slug = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")
count = st.integers(0, 10**15 - 1).map(str) | st.integers(1000, 999_999).map(lambda n: f"{n:,}")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    officials=st.lists(st.tuples(slug, text, text), max_size=5, unique_by=lambda t: t[0]),
    counts=st.lists(count, min_size=4, max_size=4),
    note=text,
)
def test_any_valid_dataset_converts_and_back_byte_for_byte(
    officials: list[tuple[str, str, str]], counts: list[str], note: str
) -> None:
    from tests.conftest import write_dataset

    with tempfile.TemporaryDirectory() as tmp:
        base = minimal_tables()
        rows = [
            dict(base["officials.csv"][0], id=i, name=n.strip() or "x", role=r.strip() or "y")
            for i, n, r in officials
        ]
        action = dict(base["actions.csv"][0], summary=note.strip() or "s")
        action |= dict(
            zip(
                ("stated_vessels", "stated_organizations", "stated_persons", "stated_total"),
                counts,
                strict=True,
            )
        )
        directory = write_dataset(
            Path(tmp) / "data", {"officials.csv": rows, "actions.csv": [action]}
        )
        assert tracker.load(directory).problems.errors == 0  # it validates
        book = Path(tmp) / "d.xlsx"
        assert cli("convert", directory, book).code == 0
        assert cli("convert", book, Path(tmp) / "back").code == 0
        assert files(Path(tmp) / "back") == files(directory)


# --- saved by LibreOffice ---------------------------------------------------------------------


@pytest.mark.slow
def test_a_workbook_saved_by_libreoffice_reads_the_same(calc: Calc, tmp_path: Path) -> None:
    book = tmp_path / "data.xlsx"
    assert cli("convert", BUNDLED, book).code == 0
    saved = calc.convert(book, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    shutil.copytree(BUNDLED / "sources", saved.parent / "sources")
    ours = tracker.check(tracker.load(book), AS_OF)
    theirs = tracker.check(tracker.load(saved), AS_OF)
    assert theirs.summary() == ours.summary()
    for record_type in tracker.load(book).tables:
        assert theirs.dataset.table(record_type).records == ours.dataset.table(record_type).records
    ods = calc.convert(book, "ods", tmp_path / "ods")
    shutil.copytree(BUNDLED / "sources", ods.parent / "sources", dirs_exist_ok=True)
    assert tracker.check(tracker.load(ods), AS_OF).summary() == ours.summary()
