"""action-vs-list on the real OFAC snapshots, and the report's Lists sheet."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

import tracker
from tests.conftest import REPO, MakeDataset, build_report, import_into, minimal_tables
from tests.test_importers import SDN_2018, SDN_2021

EXAMPLE = REPO / "tests" / "fixtures" / "action-vs-list"
AS_OF = dt.date(2024, 6, 24)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "lists.db"
    import_into(path, "ofac-sdn", [SDN_2018], "2018-12-19")
    import_into(path, "ofac-sdn", [SDN_2021], "2021-07-07")
    return path


def findings(directory: Path, store: Path | None) -> list[tuple[str, int | None, str | None, str]]:
    dataset = tracker.load(directory)
    assert list(dataset.problems) == []
    problems = tracker.check(dataset, AS_OF, ["action-vs-list"], store).problems
    return [(p.severity.value, p.row, p.field, p.message) for p in problems.sorted()]


def action(**fields: str) -> dict[str, list[dict[str, str]]]:
    base = minimal_tables()["actions.csv"][0]
    defaults = {
        "stated_vessels": "",
        "stated_organizations": "",
        "stated_persons": "",
        "stated_total": "",
        "list_source": "ofac-sdn",
        "list_programs": "DPRK4",
        "list_from": "2019-01-01",
        "list_to": "2021-12-31",
    }
    row = base | defaults | fields
    return {"actions.csv": [row]}


def test_stated_counts_equal_to_what_the_list_added_pass(
    make_dataset: MakeDataset, store: Path
) -> None:
    directory = make_dataset(
        action(stated_vessels="5", stated_organizations="9", stated_persons="2")
    )
    assert findings(directory, store) == []


def test_the_worked_example_reports_the_vessel_gap(store: Path) -> None:
    assert findings(EXAMPLE, store) == [
        (
            "warning",
            2,
            "stated_vessels",
            "action 'example-dprk4' states 6 vessels; ofac-sdn added 5 (fewer than stated) under "
            "DPRK4 in 2021-07-07..2021-07-07",
        )
    ]


def test_more_added_than_stated_is_reported_too(make_dataset: MakeDataset, store: Path) -> None:
    directory = make_dataset(action(stated_organizations="3"))
    ((severity, row, field, message),) = findings(directory, store)
    assert (severity, row, field) == ("warning", 2, "stated_organizations")
    assert "added 9 (more than stated)" in message


def test_a_window_with_no_snapshot_pair_says_so(make_dataset: MakeDataset, store: Path) -> None:
    directory = make_dataset(
        action(stated_vessels="5", list_from="2022-01-01", list_to="2022-12-31")
    )
    ((_, _, field, message),) = findings(directory, store)
    assert field == "list_source"
    assert "no two snapshots" in message


def test_without_a_store_the_rule_says_it_did_not_compare(make_dataset: MakeDataset) -> None:
    ((_, _, field, message),) = findings(make_dataset(action(stated_vessels="5")), None)
    assert field == "list_source"
    assert "no store" in message


def test_actions_that_name_no_list_are_not_compared(make_dataset: MakeDataset, store: Path) -> None:
    assert findings(make_dataset(action(list_source="", list_programs="")), store) == []


def test_an_unknown_list_is_reported(make_dataset: MakeDataset, store: Path) -> None:
    ((_, _, field, message),) = findings(make_dataset(action(list_source="nowhere")), store)
    assert (field, message) == ("list_source", "'nowhere' is not a list the tracker imports")


def test_report_has_lists_sheets_with_a_store(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    names = build_report(REPO / "data", out, dt.date(2019, 6, 1), store)
    assert names[-3:] == ["Lists", "List changes", "About"]
    book = openpyxl.load_workbook(out)
    rows = [[c.value for c in r] for r in book["Lists"].iter_rows()]
    header = rows[0]
    first, second = (dict(zip(header, r, strict=True)) for r in rows[1:3])
    assert (first["snapshot"], first["source"], first["list_date"], first["entries"]) == (
        1,
        "ofac-sdn",
        dt.datetime(2018, 12, 19),
        7379,
    )
    assert first["note"].startswith("the latest ofac-sdn list is of 2018-12-19, 164 days")
    assert "later than this report's date (2019-06-01)" in second["note"]  # 2021 > 2019
    assert book["Lists"].freeze_panes == "A2"
    assert book["Lists"]["A1"].font.b
    charts = [n for n in zipfile.ZipFile(out).namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2  # on the Summary: export-control list sizes, official list sizes
    (change,) = [[c.value for c in r] for r in book["List changes"].iter_rows(min_row=2)]
    assert change[:5] == ["ofac-sdn", 1, dt.datetime(2018, 12, 19), 2, dt.datetime(2021, 7, 7)]
    assert change[-3:] == [1858, 261, 842]
