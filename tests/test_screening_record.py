"""Screening as a record a compliance officer keeps (issue 20 items 3 and 4): messy query files
screened whole with a warning per value left out, in every output; the hits workbook dated,
complete, printable, with decision columns read straight back, cleared hits on their own
sheet; the officer's own workbook annotated; one input pipeline for queries, decisions and
pairs (issue 18 item 2); the screening defects of issue 19; library = command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

import tracker
from tests.hostile import cli
from tests.libreoffice import Calc, Printed, cut_cells, print_rule, printed, split_groups
from tracker.errors import InputError
from tracker.screening.hits_book import HIT_COLUMNS, PRINTED
from tracker.screening.output import CSV_COLUMNS, render, write
from tracker.screening.run import screen
from tracker.screening.score import Query

FIXTURES = Path(__file__).parent / "fixtures"
SDN_2018 = FIXTURES / "official" / "us_ofac_sdn" / "snapshot_2018"
SDN_2021 = FIXTURES / "official" / "us_ofac_sdn" / "snapshot_2021"
UK = FIXTURES / "official-current" / "uk_fcdo"
FTM = FIXTURES / "official-current" / "opensanctions_ftm" / "yente_zala_entities.ftm.json"
AS_OF = "2026-11-26"
RUN_AT = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("record") / "lists.db"
    for source, path, as_of in (
        ("ofac-sdn", SDN_2021, "2021-07-07"),
        ("uk", UK, "2026-09-08"),
        ("ftm", FTM, "2026-11-20"),
    ):
        assert cli("import", source, path, "--db", db, "--as-of", as_of).code == 0
    return db


def entry_names(db: Path, source: str, count: int) -> list[str]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT e.name FROM entries e JOIN snapshots s ON s.id = e.snapshot_id "
            "WHERE s.source = ? ORDER BY e.entry_id LIMIT ?",
            (source, count),
        ).fetchall()
    return [r[0] for r in rows]


def write_book(
    path: Path, sheets: dict[str, list[list[Any]]], hidden: tuple[str, ...] = ()
) -> Path:
    book = openpyxl.Workbook()
    assert book.active is not None
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    visible = [i for i, t in enumerate(sheets) if t not in hidden]
    book.active = visible[0]
    book.save(path)
    return path


# --- a messy file of 600 rows (each kind of fault at least twice) ---------------------------------

MESSY_ROWS = 600

HEADER = ["Customer ref", "Full name", "DOB", "Nationality", "IMO no", "Kind"]
MAPPING = {
    "customer ref": "id", "full name": "name", "dob": "birth_date", "nationality": "country",
    "imo no": "imo", "kind": "type",
}  # fmt: skip
COLUMN = {"DOB": "C", "Nationality": "D", "IMO no": "E", "Kind": "F", "Full name": "B"}


@dataclass
class Messy:
    path: Path
    rows: int
    bad: set[tuple[int, str, str]]  # (row, column header, code) expected as warnings
    blank_names: set[int]
    read_dates: dict[int, str]  # row -> the date it must be read as


def messy_file(folder: Path, db: Path) -> Messy:
    """600 customers as a real file holds them: real list names among made-up ones, dates
    in several forms (and as real date cells), countries as names and alpha-3 codes, IMO
    numbers written 'IMO 9562233', and wrong values at known rows."""
    randomly = random.Random(20)
    names = entry_names(db, "uk", 21) + entry_names(db, "ofac-sdn", 60)
    made_up = [f"{a} {b}" for a in ("Zorvath", "Quillan", "Brevik", "Ostrander") for b in
               ("Holdings", "Maritime", "Petrovna", "Trading House", "Ekstrom")]  # fmt: skip
    rows: list[list[Any]] = [HEADER]
    bad: set[tuple[int, str, str]] = set()
    blank: set[int] = set()
    dates: dict[int, str] = {}
    for i in range(MESSY_ROWS):
        row = i + 2
        name = names[i % len(names)] if i % 3 == 0 else randomly.choice(made_up) + f" {i}"
        born: Any = ""
        country = ""
        imo = ""
        kind = randomly.choice(["", "person", "company", "individual", "ship", "organisation"])
        match i % 10:
            case 0:
                born, dates[row] = "1969-7-16", "1969-07-16"
            case 1:
                born, dates[row] = "16/07/1969", "1969-07-16"  # --date-order dmy
            case 2:
                born, dates[row] = dt.datetime(1971, 3, 4), "1971-03-04"  # a real date cell
            case 3:
                born, dates[row] = "4 March 1971", "1971-03-04"
            case 4:
                country = randomly.choice(["RUS", "Russian Federation", "Iran", "PRK", "gb"])
            case 5:
                imo = "IMO 9562233"
        if i % 97 == 5:
            born = "1974-01-32"
            bad.add((row, "DOB", "date"))
            dates.pop(row, None)
        if i % 89 == 7:
            country = "Atlantis"
            bad.add((row, "Nationality", "country"))
        if i % 83 == 11:
            imo = "9562234"
            bad.add((row, "IMO no", "imo"))
        if i % 151 == 13:
            kind = "spaceship"
            bad.add((row, "Kind", "vocabulary"))
        if i % 499 == 17:
            name, imo = "", ""
            blank.add(row)
            bad.discard((row, "IMO no", "imo"))
            bad.add((row, "Full name", "required"))
        rows.append([f"C{i:04d}", name, born, country, imo, kind])
    path = write_book(folder / "customers.xlsx", {"Customers": rows})
    return Messy(path, MESSY_ROWS, bad, blank, dates)


@pytest.fixture(scope="module")
def messy(lists: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Messy, Any]:
    found = messy_file(tmp_path_factory.mktemp("messy"), lists)
    result = screen(found.path, lists, AS_OF, mapping=MAPPING, date_order="dmy", run_at=RUN_AT)
    return found, result


def test_a_messy_file_of_600_rows_screens_whole(messy: tuple[Messy, Any]) -> None:
    found, result = messy
    assert len(result.queries) == found.rows - len(found.blank_names)
    assert sorted(result.not_screened) == sorted(found.blank_names)
    warnings = {(p.row, p.field, p.code) for p in result.problems if p.code != "column-unknown"}
    assert warnings == found.bad  # every value left out, and only those
    by_row = {row: q for q, row in ((q, result.source.rows[q.id]) for q in result.queries)}
    for row, iso in found.read_dates.items():
        if row in by_row:
            assert by_row[row].birth_date == iso, row
    assert {q.country for q in result.queries} >= {"RU", "IR", "KP", "GB"}
    assert result.all_hits() and result.exit_code() == 1


def test_each_warning_names_its_row_and_column_in_every_output(messy: tuple[Messy, Any]) -> None:
    found, result = messy
    row, header, _code = sorted(found.bad)[0]
    place = f"customers.xlsx:Customers!{COLUMN[header]}{row}: {header}:"
    assert place in render(result, "text")
    document = json.loads(render(result, "json"))
    assert {(w["row"], w["field"], w["cell"]) for w in document["warnings"]} >= {
        (row, header, f"{COLUMN[header]}{row}")
    }
    rows = list(csv.DictReader(io.StringIO(render(result, "csv"))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    warned = [r for r in rows if r["query_warnings"]]
    assert warned and all("customers.xlsx:Customers!" in r["query_warnings"] for r in warned)


def test_the_workbooks_queries_sheet_carries_the_warnings(
    messy: tuple[Messy, Any], tmp_path: Path
) -> None:
    found, result = messy
    out = tmp_path / "hits.xlsx"
    write(result, out)
    queries = table(openpyxl.load_workbook(out)["Queries"])
    assert len(queries) == found.rows
    by_row = {q["row"]: q for q in queries}
    for row, header, _ in found.bad:
        assert (
            header in by_row[row]["warnings"]
            and f"{COLUMN[header]}{row}" in by_row[row]["warnings"]
        )
    assert {q["row"] for q in queries if q["band"] == "not screened"} == found.blank_names


def table(sheet: Any) -> list[dict[str, Any]]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_only_an_unreadable_file_or_one_without_a_name_column_stops_the_run(
    lists: Path, tmp_path: Path
) -> None:
    no_name = tmp_path / "no-name.csv"
    no_name.write_text("ref,dob\n1,1970\n", encoding="utf-8")
    run = cli("screen", no_name, "--db", lists, "-o", tmp_path / "out.xlsx")
    assert run.failed_cleanly("no name column") and not (tmp_path / "out.xlsx").exists()
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"name\nPetrel 8\n\xff\xfe bad bytes\n")
    run = cli("screen", broken, "--db", lists, "-o", tmp_path / "out.xlsx")
    assert run.failed_cleanly("not UTF-8") and not (tmp_path / "out.xlsx").exists()
    not_a_book = tmp_path / "fake.xlsx"
    not_a_book.write_bytes(b"not a zip")
    assert cli("screen", not_a_book, "--db", lists).failed_cleanly("fake.xlsx")


def test_dates_need_their_order_only_when_day_and_month_come_first(
    lists: Path, tmp_path: Path
) -> None:
    path = tmp_path / "q.csv"
    path.write_text("name,birth_date\nA B,16/07/1969\nC D,1969-7-16\nE F,2062-01-01\n", "utf-8")
    document = json.loads(
        cli("screen", path, "--db", lists, "--as-of", AS_OF, "--format", "json").output
    )
    codes = {(w["row"], w["code"], w["hint"][:20]) for w in document["warnings"]}
    assert (2, "date", "day and month in dig") in codes  # no --date-order: not guessed
    assert (4, "date", "check the year") in codes  # a birth date after the run's date
    assert not any(w["row"] == 3 for w in document["warnings"])
    read = cli(
        "screen", path, "--db", lists, "--as-of", AS_OF, "--format", "json", "--date-order", "mdy"
    )
    assert any(
        "no such day in the mdy order" in w["hint"] for w in json.loads(read.output)["warnings"]
    )


# --- the hits workbook as a record -------------------------------------------------------------


@pytest.fixture(scope="module")
def record(lists: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    folder = tmp_path_factory.mktemp("book")
    queries = write_book(
        folder / "queries.xlsx",
        {
            "Queries": [
                ["id", "name", "birth_date", "country", "imo", "type"],
                ["q1", "Petrel 8", None, "KM", "IMO 9562233", "vessel"],
                ["q2", "Kalashnikov Concern", None, "RUS", None, None],
                ["q3", "Mohammad Hassan", None, None, None, None],
                ["q4", "Nobody Like This Name", None, None, None, None],
            ]
        },
    )
    out = folder / "hits.xlsx"
    run = cli("screen", queries, "--db", lists, "--as-of", AS_OF, "--limit", "2", "-o", out)
    assert run.code == 1, run.output
    result = screen(queries, lists, AS_OF, limit=2, run_at=RUN_AT)
    return out, result


def test_the_record_is_dated_and_names_each_list_with_its_age(record: tuple[Path, Any]) -> None:
    out, _ = record
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Summary", "Hits", "Cleared", "Queries"]
    notes = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if r[0] and r[1]}
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d: the time", notes["Run"])
    assert notes["As of"].startswith(f"{AS_OF}: the lists' ages")
    assert notes["Algorithm"].startswith("tracker-screen/")
    assert notes["Threshold"].startswith("0.70: every hit at or above it is counted")
    rows = list(book["Summary"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "source")
    lists = {r[0]: r for r in rows[start + 1 : start + 4]}
    sdn = lists["ofac-sdn"]
    assert sdn[2].startswith("US Department of the Treasury")
    assert (sdn[4], sdn[5], sdn[6]) == ("2021-07-07", "2021-07-07", 1968)
    assert sdn[7].startswith("older than 30 days")
    assert lists["ftm"][7] == "current"  # 6 days old
    warned = [r[1] for r in rows if r[0] == "Warning"]
    assert any(
        str(n).startswith("ofac-sdn snapshot 1 is dated 2021-07-07, 1,968 days") for n in warned
    )


def test_every_hit_is_counted_and_limit_says_what_it_cut(record: tuple[Path, Any]) -> None:
    out, result = record
    found = result.hits["q3"]
    assert len(found) > 2 and len(result.listed("q3")) == 2
    assert f"2 of {len(found)} hits (--limit 2)" in render(result, "text")
    notes = {r[0]: r[1] for r in openpyxl.load_workbook(out)["Summary"].iter_rows(values_only=True)}
    assert "per query are listed on Hits (--limit)" in notes["Threshold"]
    assert json.loads(render(result, "json"))["queries"][2]["found"] == len(found)


def test_each_hit_shows_the_entry_beside_the_query(record: tuple[Path, Any]) -> None:
    out, _ = record
    book = openpyxl.load_workbook(out)
    hits = table(book["Hits"])
    petrel = next(h for h in hits if h["query_id"] == "q1")
    assert petrel["entry_id"] == "DPR0075" and petrel["source"] == "uk"
    assert "UK Sanctions List" in petrel["entry"] and "listed 2017-10-03" in petrel["entry"]
    assert "IMO: 9562233 | 9562233" in petrel["compared"]
    assert "country: KM | " in petrel["compared"]
    assert "remarks: Pursuant to paragraph 6" in petrel["entry"]
    sdn = next(h for h in hits if h["query_id"] == "q2" and h["source"] == "ofac-sdn")
    assert "UKRAINE-EO13661: Executive Order 13661" in sdn["entry"]  # named, not only coded
    assert sdn["url"] == f"https://sanctionssearch.ofac.treas.gov/Details.aspx?id={sdn['entry_id']}"
    score = book["Hits"].cell(2, 4)
    assert score.number_format == "0.0000"
    assert {h["decision"] for h in hits} == {None}


def test_the_decision_columns_have_drop_downs(record: tuple[Path, Any]) -> None:
    out, _ = record
    sheet = openpyxl.load_workbook(out)["Hits"]
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    assert validations["I2"].type == "list" and validations["I2"].formula1 == '"cleared,confirmed"'
    assert validations["K2"].type == "date"
    assert [c.value for c in sheet[1][8:12]] == ["decision", "reviewer", "decided_on", "note"]


def test_decisions_filled_in_the_workbook_are_read_back_and_cleared_hits_stay_visible(
    record: tuple[Path, Any], lists: Path, tmp_path: Path
) -> None:
    out, _ = record
    book = openpyxl.load_workbook(out)
    sheet = book["Hits"]
    header = [c.value for c in sheet[1]]
    column = {
        name: header.index(name) + 1
        for name in ("decision", "reviewer", "decided_on", "note", "entry_id", "query_id")
    }
    cleared_row = next(
        r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column["query_id"]).value == "q2"
    )
    entry_id = sheet.cell(cleared_row, column["entry_id"]).value
    sheet.cell(cleared_row, column["decision"], "cleared")
    sheet.cell(cleared_row, column["reviewer"], "A. Officer")
    sheet.cell(cleared_row, column["decided_on"], dt.date(2026, 11, 26))
    sheet.cell(cleared_row, column["note"], "different company, other address")
    decided = tmp_path / "decided.xlsx"
    book.save(decided)
    queries = out.parent / "queries.xlsx"
    again = tmp_path / "again.xlsx"
    run = cli(
        "screen",
        queries,
        "--db",
        lists,
        "--as-of",
        AS_OF,
        "--limit",
        "2",
        "--decisions",
        decided,
        "-o",
        again,
    )
    assert run.code == 1, run.output
    assert "1 hit cleared earlier" in run.output
    cleared = table(openpyxl.load_workbook(again)["Cleared"])
    assert [(c["query_id"], c["entry_id"], c["reviewer"], c["note"]) for c in cleared] == [
        ("q2", entry_id, "A. Officer", "different company, other address")
    ]
    assert cleared[0]["decided_on"] == dt.datetime(2026, 11, 26)
    assert "decided.xlsx:Hits!I" in cleared[0]["read_from"]
    remaining = table(openpyxl.load_workbook(again)["Hits"])
    assert entry_id not in {h["entry_id"] for h in remaining if h["query_id"] == "q2"}
    # the new record is a decision file too: its Cleared sheet keeps the hit cleared
    third = cli(
        "screen", queries, "--db", lists, "--as-of", AS_OF, "--decisions", again, "--format", "json"
    )
    assert [c["entry_id"] for c in json.loads(third.output)["cleared"]] == [entry_id]


def test_a_decision_dated_after_the_run_is_refused(
    record: tuple[Path, Any], lists: Path, tmp_path: Path
) -> None:
    decisions = tmp_path / "d.csv"
    decisions.write_text(
        "query,source,entry_id,decision,who,when,note\n"
        "q1,uk,DPR0075,cleared,J. Doe,2062-01-05,typo for 2026\n",
        encoding="utf-8",
    )
    out = tmp_path / "hits.xlsx"
    run = cli(
        "screen",
        "--name",
        "Petrel 8",
        "--db",
        lists,
        "--as-of",
        AS_OF,
        "--decisions",
        decisions,
        "-o",
        out,
    )
    assert run.code == 2 and not out.exists()
    assert "d.csv:2: when: decided on 2062-01-05, after the run's date 2026-11-26" in run.output
    assert "nothing was screened" in run.output


# --- printed ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def paper(record: tuple[Path, Any], tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """The record as LibreOffice prints it, measured against 11-point text at 100 %."""
    folder = tmp_path_factory.mktemp("printed")
    return printed(Calc(folder / "profile"), record[0], folder)


@pytest.mark.slow
def test_every_printed_page_is_at_least_8_points_and_none_is_blank(paper: Printed) -> None:
    assert print_rule(paper) == []
    assert paper.sheets() == ["Summary", "Hits", "Cleared", "Queries"]
    assert len(paper.of_sheet("Summary")) == 1  # nothing runs over onto a page of its own


@pytest.mark.slow
def test_a_hit_and_its_reason_print_on_one_page_width(
    paper: Printed, record: tuple[Path, Any]
) -> None:
    pages = paper.of_sheet("Hits")
    names = [c.name for c in HIT_COLUMNS[:PRINTED]]
    for page in pages:  # every page holds the whole width: query, entry, reason, decision
        assert split_groups([page], [names]) == [], page.number
    book = openpyxl.load_workbook(record[0])
    shown = ("query", "entry", "compared", "reason")
    rows = [{k: v for k, v in r.items() if k in shown} for r in table(book["Hits"])]
    assert cut_cells(pages, names, rows) == []


# --- the officer's own workbook, annotated ------------------------------------------------------


def test_annotate_returns_the_officers_workbook_as_it_was_with_the_answers(
    lists: Path, tmp_path: Path
) -> None:
    path = tmp_path / "mine.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Vessels"
    sheet.append(["Ref", "Vessel", "IMO", "Checked"])
    sheet.append(["s1", "Petrel 8", 9562233, "=LEN(B2)"])
    sheet.append(["s2", "Nothing Like Any Name", None, "=LEN(B3)"])
    sheet["A1"].font = Font(bold=True, color="FF0000")
    sheet.column_dimensions["B"].width = 33
    check = DataValidation(type="list", formula1='"yes,no"')
    sheet.add_data_validation(check)
    check.add("E2:E10")
    book.create_sheet("Notes")["A1"] = "kept as it was"
    book.save(path)
    before = path.read_bytes()
    hits = tmp_path / "hits.xlsx"
    out = tmp_path / "annotated.xlsx"
    run = cli(
        "screen", path, "--map", "Ref=id", "--map", "Vessel=name", "--db", lists,
        "--as-of", AS_OF, "-o", hits, "--annotate", out,
    )  # fmt: skip
    assert run.code == 1, run.output
    assert path.read_bytes() == before  # never written
    annotated = openpyxl.load_workbook(out)
    assert annotated.sheetnames == ["Vessels", "Notes"]
    vessels = annotated["Vessels"]
    assert vessels["D2"].value == "=LEN(B2)" and vessels["A1"].font.color.rgb.endswith("FF0000")
    assert vessels.column_dimensions["B"].width == 33
    assert [str(v.sqref) for v in vessels.data_validations.dataValidation] == ["E2:E10"]
    assert [c.value for c in vessels[1]][4:] == ["best score", "band", "top hit", "on Hits"]
    assert vessels["E2"].value == 1 and vessels["F2"].value == "match"
    assert vessels["G2"].value.startswith("uk DPR0075: Petrel 8")
    link = vessels["H2"].hyperlink
    assert (link.target, link.location) == ("hits.xlsx", "'Hits'!A2")
    assert vessels["F3"].value == "none" and vessels["H3"].value is None
    assert annotated["Notes"]["A1"].value == "kept as it was"


def test_annotate_needs_a_workbook(lists: Path, tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text("name\nPetrel 8\n", encoding="utf-8")
    run = cli("screen", path, "--db", lists, "--annotate", tmp_path / "a.xlsx")
    assert run.code == 2 and "--annotate needs a QUERIES workbook" in run.output


# --- issue 19: the screening defects ------------------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf"])
def test_every_numeric_option_is_finite(lists: Path, value: str) -> None:
    run = cli(
        "screen", "--name", "Petrel 8", "--imo", "9562233", "--threshold", value, "--db", lists
    )
    assert run.code == 2 and "--threshold" in run.output


def test_the_library_refuses_a_nan_threshold_and_json_never_holds_nan(lists: Path) -> None:
    with pytest.raises(InputError, match="--threshold"):
        tracker.screen([Query("1", "Petrel 8")], lists, AS_OF, threshold=float("nan"))
    run = cli("screen", "--name", "Petrel 8", "--db", lists, "--as-of", AS_OF, "--format", "json")

    def refuse(constant: str) -> None:
        raise AssertionError(f"JSON holds {constant}")

    json.loads(run.output, parse_constant=refuse)


def test_the_hidden_first_sheet_is_not_screened(lists: Path, tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "q.xlsx",
        {"Old": [["name"], ["Nothing Like Any Name"]], "Customers": [["name"], ["Petrel 8"]]},
        hidden=("Old",),
    )
    run = cli("screen", path, "--db", lists, "--as-of", AS_OF, "--format", "json")
    document = json.loads(run.output)
    assert [q["name"] for q in document["queries"]] == ["Petrel 8"]
    assert document["run"]["sheet"] == "Customers"
    said = [w["message"] for w in document["warnings"] if w["code"] == "sheet-unknown"]
    assert said and "hidden sheet 'Old' before it skipped" in said[0]
    named = cli(
        "screen", path, "--sheet", "Old", "--db", lists, "--as-of", AS_OF, "--format", "json"
    )
    assert [q["name"] for q in json.loads(named.output)["queries"]] == ["Nothing Like Any Name"]


def test_a_misspelt_map_header_is_an_error(lists: Path, tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text("Vessel,IMO\nPetrel 8,9562233\n", encoding="utf-8")
    run = cli("screen", path, "--map", "Vesel=name", "--db", lists)
    assert run.failed_cleanly("--map: q.csv has no column 'vesel'", "'Vessel'")
    twice = cli("screen", path, "--map", "Vessel=name", "--map", "IMO=name", "--db", lists)
    assert twice.failed_cleanly("name is already read from column 'Vessel'")


def test_query_names_are_capped_in_length_and_words(lists: Path, tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    long_name = "Pe " * 100
    path.write_text(f"name,imo\n{long_name},\n{'x' * 600},9562233\nPetrel 8,\n", encoding="utf-8")
    document = json.loads(
        cli("screen", path, "--db", lists, "--as-of", AS_OF, "--format", "json").output
    )
    too_long = [(w["row"], w["message"]) for w in document["warnings"] if w["code"] == "too-long"]
    assert too_long == [
        (2, "a name of 100 words has more than 30: ignored"),
        (3, "a name of 600 characters is longer than 500: ignored"),
    ]
    assert document["not_screened"] == [2]  # row 3 is screened by its IMO alone
    assert [q["name"] for q in document["queries"]] == ["", "Petrel 8"]
    run = cli("screen", "--name", long_name, "--db", lists)
    assert run.failed_cleanly("--name: a name of 100 words has more than 30")


def test_pairs_of_long_names_are_refused_with_their_row(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text(f"left,right\nGazprom Bank,GAZPROMBANK\n{'Ab ' * 20_000},x\n", encoding="utf-8")
    out = tmp_path / "scored.csv"
    run = cli("screen", "--pairs", path, "-o", out)
    assert run.code == 2 and not out.exists()
    assert "pairs.csv:3: left: a name of 59,999 characters is longer than 500" in run.output


@pytest.mark.parametrize(
    ("out", "more", "words"),
    [
        ("hits.csv", ("--format", "json"), "-o hits.csv writes csv, --format asks for json"),
        ("hits.txt", (), "must end in .xlsx or .csv or .json"),
        ("hits.json", ("--format", "csv"), "writes json, --format asks for csv"),
    ],
)
def test_screen_o_checks_the_extension_against_the_format(
    lists: Path, tmp_path: Path, out: str, more: tuple[str, ...], words: str
) -> None:
    run = cli("screen", "--name", "Petrel 8", "--db", lists, "-o", tmp_path / out, *more)
    assert run.code == 2 and words in run.output.replace(str(tmp_path) + "/", "")
    assert not (tmp_path / out).exists()


def test_one_imo_parser_everywhere(lists: Path, make_dataset: Any) -> None:
    ok = cli("screen", "--name", "X", "--imo", "IMO 9562233", "--db", lists, "--as-of", AS_OF)
    assert ok.code == 1 and "IMO 9562233 is the entry's" in ok.output
    arabic = "٩٥٦٢٢٣٣"
    run = cli("screen", "--name", "X", "--imo", arabic, "--db", lists)
    assert run.failed_cleanly("--imo: IMO number", "another script")
    designation = {
        "id": "d1", "action_id": "act", "entity_type": "vessel", "name": "Ocean Star",
        "imo": f"IMO {arabic}", "source_id": "src",
        "quote": "The ship Ocean Star (IMO 9074729) was listed.",
    }  # fmt: skip
    problems = tracker.validate(
        tracker.load(make_dataset({"designations.csv": [designation]}))
    ).problems
    assert [(p.code, p.field) for p in problems] == [("imo", "imo")]


# --- library = command --------------------------------------------------------------------------


def test_the_command_is_one_call_of_the_library(lists: Path, tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text("name,country\nPetrel 8,Atlantis\nKalashnikov Concern,RUS\n", encoding="utf-8")
    run = cli("screen", path, "--db", lists, "--as-of", AS_OF)
    result = tracker.screen(path, lists, AS_OF)
    assert run.output.splitlines()[0] == result.line()
    assert run.code == result.exit_code() == 1
    summary = result.summary()
    assert (summary["queries"], summary["warnings"]) == (2, 1)
    assert json.loads(render(result, "json"))["summary"] == summary


def test_an_emptied_or_cut_index_is_named_not_answered_with_no_hit(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    assert cli("import", "uk", UK, "--db", db).code == 0
    with sqlite3.connect(db) as connection:
        connection.execute(
            "DELETE FROM screen_keys WHERE key IN (SELECT key FROM screen_keys LIMIT 5)"
        )
    run = cli("screen", "--name", "Petrel 8", "--db", db)
    assert run.failed_cleanly("is damaged: its screening index holds", "`tracker index --db")
    rebuilt = cli("index", "--db", db)
    assert rebuilt.output.startswith("uk snapshot 1: its screening index holds ")
    assert "indexed uk snapshot 1: 21 entries" in rebuilt.output
    assert cli("screen", "--name", "Petrel 8", "--db", db).code == 1
    with sqlite3.connect(db) as connection:
        connection.execute("DELETE FROM screen_keys")
    assert cli("screen", "--name", "Petrel 8", "--db", db).failed_cleanly("holds 0 of the")
    assert cli("screen", "--name", "Petrel 8", "--db", db, "--exhaustive").code == 1
    with sqlite3.connect(db) as connection:
        connection.execute("DELETE FROM entries WHERE entry_id = 'DPR0075'")
    cut = cli("index", "--db", db)
    assert cli("screen", "--name", "Petrel 8", "--db", db).failed_cleanly(
        "holds 20 of the 21 entries", "import the list's files again"
    ), cut.output
