"""`tracker validate`: exit codes, output formats, and the mutated copy of the bundled data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import BUNDLED
from tracker.cli import main
from tracker.records.load import load_dataset


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert not (result.exception and not isinstance(result.exception, SystemExit)), result.output
    return result.exit_code, result.output


def test_bundled_dataset_validates_with_no_problems() -> None:
    code, output = run("validate", str(BUNDLED))
    assert code == 0
    assert output.endswith("0 errors, 0 warnings in 12 files (73 records)\n")
    assert list(load_dataset(BUNDLED).problems) == []


def test_missing_directory_is_exit_2_with_one_line(tmp_path: Path) -> None:
    code, output = run("validate", str(tmp_path / "nowhere"))
    assert code == 2
    assert output.strip().splitlines() == [f"error: dataset not found: {tmp_path / 'nowhere'}"]


def test_unreadable_file_is_exit_2(bundled_copy: Path) -> None:
    (bundled_copy / "claims.csv").unlink()
    (bundled_copy / "claims.csv").mkdir()  # cannot be opened as a file, even by root
    code, output = run("validate", str(bundled_copy))
    assert code == 2
    assert output.startswith("error: cannot read")


def test_unknown_option_is_exit_2() -> None:
    code, _ = run("validate", "--format", "xml")
    assert code == 2


def test_json_output_has_stable_keys(bundled_copy: Path) -> None:
    path = bundled_copy / "actions.csv"
    path.write_text(path.read_text().replace(",4,5,8,", ",-4,5,8,"))
    code, output = run("validate", str(bundled_copy), "--format", "json")
    assert code == 1
    document = json.loads(output)
    assert set(document) == {"summary", "problems"}
    assert set(document["summary"]) == {
        "errors",
        "warnings",
        "files",
        "records",
        "truncated",
        "not_listed",
    }
    (problem,) = document["problems"]
    assert set(problem) == {
        "severity",
        "code",
        "file",
        "row",
        "field",
        "record",
        "sheet",
        "cell",
        "value",
        "message",
        "hint",
        "related",
    }
    assert (problem["code"], problem["row"], problem["value"]) == ("count", 2, "-4")


def test_csv_output_is_one_row_per_problem(bundled_copy: Path) -> None:
    path = bundled_copy / "events.csv"
    path.write_text(path.read_text().replace("2024-06-20", "2024-06-31", 1))
    code, output = run("validate", str(bundled_copy), "--format", "csv")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(output)))
    assert [(r["code"], r["file"], r["row"], r["field"]) for r in rows] == [
        ("date", "events.csv", "6", "on")
    ]


def test_text_output_reads_like_a_compiler(bundled_copy: Path) -> None:
    path = bundled_copy / "events.csv"
    path.write_text(path.read_text().replace("2024-06-20", "2024-06-31", 1))
    code, output = run("validate", str(bundled_copy))
    assert code == 1
    lines = output.splitlines()
    assert lines[0] == f"{bundled_copy}/events.csv:6: on: '2024-06-31' is not a date (date)"
    assert lines[1].startswith("    hint: ")
    assert lines[-1] == "1 error, 0 warnings in 12 files (72 records)"  # the bad row is not loaded


def mutate(directory: Path, file: str, old: str, new: str) -> None:
    path = directory / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_mutated_bundled_data_fails_with_one_precise_problem_per_mutation(
    bundled_copy: Path,
) -> None:
    d = bundled_copy
    designation = (
        "ship-a,kr-consider-weapons,four Russian ships,"
        "kr-sanctions-ships-orgs-individuals,vessel,Ship A,,,9074728,,\n"
    )
    with (d / "designations.csv").open("a", encoding="utf-8") as handle:
        handle.write(designation)  # bad IMO check digit
    mutate(d, "authorities.csv", ",KR,government\n", ",Koreana,government\n")  # unknown country
    mutate(d, "actions.csv", ",4,5,8,", ",4,-5,8,")  # negative count
    mutate(d, "events.csv", "2024-06-20", "2024-06-31")  # impossible date
    mutate(d, "officials.csv", "putin-001,", "putin-000,")  # duplicate id
    mutate(
        d,
        "claims.csv",
        "shin-10000-containers,russia-ready-to-arm,",
        "shin-10000-containers,russia-ready,",
    )  # dangling source_id
    with (d / "sources.csv").open(encoding="utf-8") as handle:  # unknown column
        lines = handle.read().splitlines()
    (d / "sources.csv").write_text(
        "\n".join([lines[0] + ",notes"] + [x + "," for x in lines[1:]]) + "\n", encoding="utf-8"
    )

    code, output = run("validate", str(d), "--format", "json")

    assert code == 1
    found = [(p["code"], p["file"], p["row"], p["field"]) for p in json.loads(output)["problems"]]
    assert found == [
        ("count", "actions.csv", 2, "stated_organizations"),
        ("country", "authorities.csv", 2, "country"),
        ("ref-unknown", "claims.csv", 3, "source_id"),
        ("imo", "designations.csv", 2, "imo"),
        ("date", "events.csv", 6, "on"),
        ("id-duplicate", "officials.csv", 6, "id"),
        ("column-unknown", "sources.csv", 1, "notes"),
    ]
