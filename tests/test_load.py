"""The loader: broken inputs each give one precise problem; awkward but valid CSV loads."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import MakeDataset, minimal_tables
from tracker.cli import main
from tracker.problems import Location, Problems
from tracker.records.load import load_dataset
from tracker.records.models import Action, Claim, Designation, Official
from tracker.render import render

Mutation = Callable[[Path], None]


def edit(file: str, old: str, new: str) -> Mutation:
    def mutate(directory: Path) -> None:
        path = directory / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def append(file: str, line: str) -> Mutation:
    def mutate(directory: Path) -> None:
        with (directory / file).open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    return mutate


def rewrite(file: str, change: Callable[[list[list[str]]], None]) -> Mutation:
    def mutate(directory: Path) -> None:
        path = directory / file
        with path.open(encoding="utf-8", newline="") as handle:
            table = list(csv.reader(handle))
        change(table)
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(table)

    return mutate


def add_column(file: str, name: str, value: str) -> Mutation:
    def change(table: list[list[str]]) -> None:
        table[0].append(name)
        for row in table[1:]:
            row.append(value)

    return rewrite(file, change)


def drop_column(file: str, name: str) -> Mutation:
    def change(table: list[list[str]]) -> None:
        index = table[0].index(name)
        for row in table:
            del row[index]

    return rewrite(file, change)


def replace_bytes(file: str, old: bytes, new: bytes) -> Mutation:
    def mutate(directory: Path) -> None:
        path = directory / file
        path.write_bytes(path.read_bytes().replace(old, new, 1))

    return mutate


def write_bytes(file: str, data: bytes) -> Mutation:
    def mutate(directory: Path) -> None:
        (directory / file).write_bytes(data)

    return mutate


def delete(file: str) -> Mutation:
    def mutate(directory: Path) -> None:
        (directory / file).unlink()

    return mutate


OFFICIAL_ROW = (
    "chang,src,National Security Adviser Chang Ho-jin,Chang Ho-jin,national security adviser,,KR"
)

# (id, mutation, expected rule id, file, row, field)
BROKEN: list[tuple[str, Mutation, str, str, int | None, str | None]] = [
    (
        "imo-check-digit",
        edit("designations.csv", ",9074729,", ",9074728,"),
        "imo",
        "designations.csv",
        2,
        "imo",
    ),
    (
        "imo-zero-padded",
        edit("designations.csv", ",9074729,", ",0000012,"),
        "imo",
        "designations.csv",
        2,
        "imo",
    ),
    (
        "unknown-country",
        edit("designations.csv", ",RU,", ",XX,"),
        "country",
        "designations.csv",
        2,
        "flag",
    ),
    (
        "negative-count",
        edit("actions.csv", ",4,5,8,", ",-4,5,8,"),
        "count",
        "actions.csv",
        2,
        "stated_vessels",
    ),
    (
        "count-as-word",
        edit("actions.csv", ",4,5,8,", ",four,5,8,"),
        "count",
        "actions.csv",
        2,
        "stated_vessels",
    ),
    (
        "fractional-count",
        edit("control_list_revisions.csv", ",243,", ",243.5,"),
        "count",
        "control_list_revisions.csv",
        2,
        "added",
    ),
    (
        "impossible-date",
        edit("events.csv", "2024-06-19", "2024-02-30"),
        "date",
        "events.csv",
        2,
        "on",
    ),
    (
        "non-iso-date",
        edit("control_list_revisions.csv", "2024-06-20", "20/06/2024"),
        "date",
        "control_list_revisions.csv",
        2,
        "announced_on",
    ),
    (
        "duplicate-id",
        append("officials.csv", OFFICIAL_ROW),
        "id-duplicate",
        "officials.csv",
        3,
        "id",
    ),
    (
        "dangling-source-id",
        edit("claims.csv", "claim,src,", "claim,nowhere,"),
        "ref-unknown",
        "claims.csv",
        2,
        "source_id",
    ),
    (
        "dangling-authority-id",
        edit("actions.csv", ",gov,", ",nobody,"),
        "ref-unknown",
        "actions.csv",
        2,
        "authority_id",
    ),
    (
        "dangling-action-id",
        edit("designations.csv", ",act,", ",no-action,"),
        "ref-unknown",
        "designations.csv",
        2,
        "action_id",
    ),
    (
        "unknown-column",
        add_column("officials.csv", "colour", "blue"),
        "column-unknown",
        "officials.csv",
        1,
        "colour",
    ),
    (
        "duplicate-column",
        add_column("officials.csv", "country", "KR"),
        "column-duplicate",
        "officials.csv",
        1,
        "country",
    ),
    (
        "missing-required-column",
        drop_column("claims.csv", "qualifier"),
        "column-missing",
        "claims.csv",
        1,
        "qualifier",
    ),
    (
        "non-utf8",
        replace_bytes("officials.csv", b"Chang Ho-jin,", b"Ch\xe4ng,"),
        "encoding",
        "officials.csv",
        2,
        None,
    ),
    ("empty-file", write_bytes("events.csv", b""), "file-empty", "events.csv", None, None),
    (
        "too-many-cells",
        append("officials.csv", OFFICIAL_ROW.replace("chang,", "b,") + ",x,y"),
        "row-cells",
        "officials.csv",
        3,
        None,
    ),
    (
        "too-few-cells",
        append("officials.csv", "b,src,quote"),
        "row-cells",
        "officials.csv",
        3,
        None,
    ),
    ("missing-file", delete("control_items.csv"), "file-missing", "control_items.csv", None, None),
    (
        "extra-file",
        write_bytes("notes.csv", b"a,b\n1,2\n"),
        "file-unknown",
        "notes.csv",
        None,
        None,
    ),
    (
        "empty-required-value",
        edit("actions.csv", ",Sanctions,", ",,"),
        "required",
        "actions.csv",
        2,
        "summary",
    ),
    (
        "empty-quote",
        edit("officials.csv", "National Security Adviser Chang Ho-jin", ""),
        "required",
        "officials.csv",
        2,
        "quote",
    ),
    (
        "bad-entity-type",
        edit("designations.csv", ",vessel,", ",ship,"),
        "vocabulary",
        "designations.csv",
        2,
        "entity_type",
    ),
    (
        "bad-weekday",
        edit("events.csv", ",Wednesday,", ",Wed,"),
        "vocabulary",
        "events.csv",
        2,
        "stated_weekday",
    ),
    (
        "bad-qualifier",
        edit("claims.csv", "more_than", "roughly"),
        "vocabulary",
        "claims.csv",
        2,
        "qualifier",
    ),
    (
        "negative-quantity",
        edit("claims.csv", ",1000,", ",-1000,"),
        "quantity",
        "claims.csv",
        2,
        "quantity",
    ),
    (
        "bad-slug",
        edit("officials.csv", "chang,src", "Chang Ho,src"),
        "slug",
        "officials.csv",
        2,
        "id",
    ),
    (
        "unclosed-quote",
        append("officials.csv", 'x,src,"never closed,n,r,,KR'),
        "csv-syntax",
        "officials.csv",
        3,
        None,
    ),
    (
        "source-text-missing",
        edit("sources.csv", "src.txt", "gone.txt"),
        "source-file-missing",
        "sources.csv",
        2,
        "file",
    ),
    (
        "source-text-outside",
        edit("sources.csv", "src.txt", "../src.txt"),
        "source-file-missing",
        "sources.csv",
        2,
        "file",
    ),
    (
        "bad-language",
        edit("sources.csv", ",en", ",english"),
        "language",
        "sources.csv",
        2,
        "language",
    ),
]


@pytest.mark.parametrize(
    ("mutation", "code", "file", "row", "field"),
    [pytest.param(*case[1:], id=case[0]) for case in BROKEN],
)
def test_broken_input_gives_one_precise_problem(
    make_dataset: MakeDataset,
    tmp_path: Path,
    mutation: Mutation,
    code: str,
    file: str,
    row: int | None,
    field: str | None,
) -> None:
    directory = make_dataset()
    mutation(directory)
    before = sorted(p for p in tmp_path.rglob("*"))

    result = CliRunner().invoke(main, ["validate", str(directory), "--format", "json"])

    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert "Traceback" not in result.output
    assert sorted(p for p in tmp_path.rglob("*")) == before  # no output file appears
    problems = load_dataset(directory).problems.sorted()
    assert [(p.code, p.file, p.row, p.field) for p in problems] == [(code, file, row, field)]


def test_missing_required_column_is_reported_once_not_per_row(make_dataset: MakeDataset) -> None:
    claims = minimal_tables()["claims.csv"] * 3
    claims = [dict(c, id=f"c{i}") for i, c in enumerate(claims)]
    directory = make_dataset({"claims.csv": claims})
    drop_column("claims.csv", "qualifier")(directory)
    problems = load_dataset(directory).problems.sorted()
    assert [(p.code, p.row, p.field) for p in problems] == [("column-missing", 1, "qualifier")]


def test_all_problems_collected_in_one_pass(make_dataset: MakeDataset) -> None:
    directory = make_dataset()
    edit("designations.csv", ",9074729,", ",9074728,")(directory)
    edit("actions.csv", ",4,5,8,", ",-4,5,8,")(directory)
    edit("events.csv", "2024-06-19", "2024-02-30")(directory)
    codes = sorted(p.code for p in load_dataset(directory).problems)
    assert codes == ["count", "date", "imo"]


def test_utf8_bom_trailing_blank_lines_quoted_commas_and_newlines_load(
    make_dataset: MakeDataset,
) -> None:
    directory = make_dataset()
    path = directory / "officials.csv"
    header = "id,source_id,quote,name,role,organization,country"
    path.write_bytes(
        "\ufeff".encode()
        + f"{header}\n"
        'chang,src,"National Security Adviser\nChang Ho-jin",Chang Ho-jin,"adviser, national",,KR\n'
        "\n\n".encode()
    )
    dataset = load_dataset(directory)
    assert list(dataset.problems) == []
    (official,) = dataset.table(Official).records
    assert official.role == "adviser, national"
    assert official.quote == "National Security Adviser\nChang Ho-jin"


def test_rows_are_numbered_as_a_spreadsheet_shows_them(make_dataset: MakeDataset) -> None:
    rows = [dict(minimal_tables()["officials.csv"][0], id=f"o{i}") for i in range(3)]
    rows[0]["quote"] = "National Security Adviser\nChang Ho-jin"  # a quoted newline
    rows[2]["country"] = "XX"
    directory = make_dataset({"officials.csv": rows})
    (problem,) = load_dataset(directory).problems
    assert (problem.code, problem.row) == ("country", 4)


def test_valid_rows_of_a_file_with_bad_rows_still_load(make_dataset: MakeDataset) -> None:
    good = minimal_tables()["designations.csv"][0]
    rows = [dict(good, id="a"), dict(good, id="b", imo="9074728"), dict(good, id="c")]
    dataset = load_dataset(make_dataset({"designations.csv": rows}))
    table = dataset.table(Designation)
    assert [d.id for d in table.records] == ["a", "c"]
    assert table.rows == [2, 4]


def test_values_are_typed(make_dataset: MakeDataset) -> None:
    dataset = load_dataset(make_dataset())
    (action,) = dataset.table(Action).records
    assert (action.stated_vessels, action.target_country) == (4, "RU")
    (claim,) = dataset.table(Claim).records
    assert str(claim.quantity) == "1000"


def test_reference_to_a_row_that_failed_validation_is_not_reported_again(
    make_dataset: MakeDataset,
) -> None:
    directory = make_dataset()
    edit("actions.csv", ",4,5,8,", ",-4,5,8,")(directory)
    codes = [p.code for p in load_dataset(directory).problems]
    assert codes == ["count"]  # the designation's action_id still resolves


def test_the_problem_collector_keeps_counts_exact_and_says_what_it_left_out(
    make_dataset: MakeDataset,
) -> None:
    rows = [dict(minimal_tables()["officials.csv"][0], id=f"o{n}", country="XX") for n in range(12)]
    dataset = load_dataset(make_dataset({"officials.csv": rows}))
    problems = Problems(per_code=5)
    problems.extend(dataset.problems)
    problems.add(next(iter(dataset.problems)).relocated(Location("other.csv", 2)))
    assert len(problems) == 5  # the cap is per code
    assert problems.errors == 13
    assert problems.not_listed_by_code() == {"country": 8}
    text = render(problems, "text", {}, "summary")
    assert text.splitlines()[-2] == "... 8 more country not listed"
