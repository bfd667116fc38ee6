"""The review step: `tracker extract TEXT -o draft.xlsx` writes a workbook to decide on, and
`tracker accept draft.xlsx --into DATA` adds the accepted rows (as edited) to the dataset, all
of them or none, problems named by the draft's sheet and cell; end to end through a workbook
saved by LibreOffice."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

import tracker
import tracker.outputs as outputs
from tests.hostile import cli, files
from tests.libreoffice import Calc
from tracker.extract.accept import read_review
from tracker.problems import Problems
from tracker.records import models as m

CORPUS = Path(__file__).parent / "fixtures" / "extract-dev"
TEXT = "025.txt"  # a development-half text: Switzerland adopts EU listings, 9 July 2024


@pytest.fixture
def review(tmp_path: Path) -> Path:
    shutil.copy(CORPUS / TEXT, tmp_path / "swiss-listings.txt")
    out = tmp_path / "draft.xlsx"
    run = cli("extract", tmp_path / "swiss-listings.txt", "-o", out)
    assert run.code == 0, run.output
    assert run.output.startswith(f"wrote {out}: ")
    return out


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(Path(__file__).parent.parent / "data", target)
    return target


def decide(review: Path, out: Path, choose: dict[str, dict[int, str]], default: str = "") -> Path:
    """Fill the decision column: ``choose[sheet][row]``, else ``default``."""
    book = openpyxl.load_workbook(review, rich_text=True)
    for sheet in book.worksheets:
        if sheet.cell(1, 1).value != "decision":
            continue
        for row in range(2, sheet.max_row + 1):
            if sheet.cell(row, 3).value is None:
                continue
            wanted = choose.get(sheet.title, {}).get(row)
            if wanted is not None:
                sheet.cell(row, 1).value = wanted
            elif default and not sheet.cell(row, 1).value:
                sheet.cell(row, 1).value = default
    book.save(out)
    return out


def cell(review: Path, sheet: str, name: str, row: int) -> object:
    ws = openpyxl.load_workbook(review)[sheet]
    header = [c.value for c in ws[1]]
    return ws.cell(row, header.index(name) + 1).value


def set_cell(path: Path, sheet: str, name: str, row: int, value: object) -> None:
    book = openpyxl.load_workbook(path, rich_text=True)
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    ws.cell(row, header.index(name) + 1).value = value
    book.save(path)


def test_the_review_workbook_has_a_sheet_per_record_type_and_a_decision_drop_down(
    review: Path,
) -> None:
    book = openpyxl.load_workbook(review, rich_text=True)
    assert {"Sources", "Actions", "Events", "Source texts", "Source files"} <= set(book.sheetnames)
    actions = book["Actions"]
    header = [c.value for c in actions[1]]
    assert header[:4] == ["decision", "confidence", "id", "source_id"]
    assert "quote" in header and "stated_persons" in header
    assert cell(review, "Actions", "stated_persons", 2) == 69
    assert cell(review, "Actions", "decision", 2) is None  # proposals are undecided
    assert cell(review, "Sources", "decision", 2) == "accept"  # made for them: accepted
    assert cell(review, "Sources", "published", 2) == "2024-07-09"  # from the dateline
    with zipfile.ZipFile(review) as package:
        sheets = {n: package.read(n).decode() for n in package.namelist() if "worksheets/" in n}
        shared = package.read("xl/sharedStrings.xml").decode()
    assert any('sqref="A2:A1048576"' in x and "accept,reject,edit" in x for x in sheets.values())
    # the quoted words in bold runs of the Source texts sheet
    assert re.search(r"<r><rPr><b/>.*?<t[^>]*>In turn, the EAER is to impose", shared)


def test_accepted_and_edited_rows_enter_the_dataset_and_rejected_ones_do_not(
    review: Path, data: Path, tmp_path: Path
) -> None:
    decided = decide(
        review,
        tmp_path / "decided.xlsx",
        {"Actions": {2: "edit", 3: "reject"}, "Events": {2: "reject"}},
        default="accept",
    )
    set_cell(decided, "Actions", "target_country", 2, "RU")  # added by the analyst
    before = len(tracker.load(data).table(m.Action).records)
    run = cli("accept", decided, "--into", data)
    assert run.code == 0, run.output
    assert re.match(
        r"accepted \d+ rows into .*\(\d+ accept, 1 edit, 2 reject\); 0 errors", run.output
    )
    dataset = tracker.load(data)
    actions = dataset.table(m.Action).records
    assert len(actions) == before + 1
    added = actions[-1]
    assert (added.stated_persons, added.stated_organizations) == (69, 86)
    assert added.target_country == "RU"
    assert added.source_id == "swiss-listings"
    assert (data / "sources" / "swiss-listings.txt").read_bytes() == (CORPUS / TEXT).read_bytes()
    assert "advertising ban" not in " ".join(a.quote for a in actions)  # rejected
    check = cli("check", data, "--as-of", "2024-07-10")
    assert check.code == 0, check.output
    # the review is unchanged: the rejected rows are still in it
    assert cell(decided, "Actions", "decision", 3) == "reject"


def test_accepting_twice_is_refused_and_writes_nothing(
    review: Path, data: Path, tmp_path: Path
) -> None:
    decided = decide(review, tmp_path / "decided.xlsx", {}, default="accept")
    assert cli("accept", decided, "--into", data).code == 0
    before = files(data)
    run = cli("accept", decided, "--into", data)
    assert run.code == 1
    assert "decided.xlsx:Actions!C2: id: the same record is in actions.csv row" in run.output
    assert "(draft-duplicate)" in run.output
    assert run.output.rstrip().splitlines()[-1].startswith("nothing written to")
    assert files(data) == before


def test_a_bad_value_is_named_by_the_drafts_sheet_and_cell_and_nothing_is_written(
    review: Path, data: Path, tmp_path: Path
) -> None:
    decided = decide(review, tmp_path / "decided.xlsx", {}, default="accept")
    set_cell(decided, "Actions", "stated_persons", 2, "sixty-nine")
    set_cell(decided, "Events", "decision", 3, "maybe")
    before = files(data)
    run = cli("accept", decided, "--into", data)
    assert run.code == 1
    assert "decided.xlsx:Events!A3: decision: decision 'maybe'" in run.output
    assert "(draft-decision)" in run.output
    assert files(data) == before
    set_cell(decided, "Events", "decision", 3, "accept")
    run = cli("accept", decided, "--into", data)
    assert run.code == 1
    assert re.search(r"decided\.xlsx:Actions!\w+2: stated_persons: ", run.output), run.output
    assert files(data) == before


def test_a_row_that_needs_a_rejected_row_is_refused(
    review: Path, data: Path, tmp_path: Path
) -> None:
    decided = decide(review, tmp_path / "decided.xlsx", {"Authorities": {2: "reject"}}, "accept")
    run = cli("accept", decided, "--into", data)
    assert run.code == 1
    assert "(draft-needs)" in run.output
    assert "is on Authorities row 2, which is reject" in run.output


def test_an_id_the_dataset_has_is_replaced_and_references_follow(
    review: Path, data: Path, tmp_path: Path
) -> None:
    decided = decide(review, tmp_path / "decided.xlsx", {}, default="accept")
    set_cell(decided, "Authorities", "id", 2, "kr-government")  # taken in data/
    set_cell(decided, "Actions", "authority_id", 2, "kr-government")
    set_cell(decided, "Actions", "authority_id", 3, "kr-government")
    set_cell(decided, "Control lists", "authority_id", 2, "kr-government")
    existing = {a.id for a in tracker.load(data).table(m.Authority).records}
    assert "kr-government" in existing
    assert cli("accept", decided, "--into", data).code == 0
    dataset = tracker.load(data)
    ours = dataset.table(m.Action).records[-1]
    assert ours.authority_id not in existing
    assert {a.id: a.name for a in dataset.table(m.Authority).records}[ours.authority_id] == "EAER"


def test_an_edit_saved_by_libreoffice_is_accepted(review: Path, data: Path, tmp_path: Path) -> None:
    decided = decide(review, tmp_path / "decided.xlsx", {"Actions": {3: "reject"}}, "accept")
    set_cell(decided, "Actions", "decision", 2, "edit")
    set_cell(decided, "Actions", "target_country", 2, "RU")
    saved = Calc(tmp_path / "profile").convert(
        decided, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo"
    )
    assert saved.read_bytes() != decided.read_bytes()
    run = cli("accept", saved, "--into", data)
    assert run.code == 0, run.output
    added = tracker.load(data).table(m.Action).records[-1]
    assert (added.stated_persons, added.target_country) == (69, "RU")
    assert cli("check", data, "--as-of", "2024-07-10").code == 0


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda d: d / "missing.xlsx", "review workbook not found"),
        (
            lambda d: (d / "notes.txt").write_text("x") and d / "notes.txt",
            "reads a review workbook",
        ),
        (lambda d: (d / "fake.xlsx").write_bytes(b"not a zip") and d / "fake.xlsx", "fake.xlsx"),
    ],
)
def test_what_is_not_a_review_workbook_is_exit_2(
    tmp_path: Path, data: Path, make: object, words: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    assert cli("accept", path, "--into", data).failed_cleanly(words)


def test_a_data_entry_workbook_is_not_a_review(tmp_path: Path, data: Path) -> None:
    template = tmp_path / "entry.xlsx"
    assert cli("convert", data, template).code == 0
    assert cli("accept", template, "--into", data).failed_cleanly("not a review workbook")


def test_accept_needs_a_dataset_folder(review: Path, tmp_path: Path) -> None:
    assert cli("accept", review, "--into", tmp_path / "nowhere").failed_cleanly(
        "dataset folder not found"
    )


# --- the decided example of docs/extract.md ------------------------------------------------------

EXAMPLE = Path(__file__).parent / "fixtures" / "extract-review" / "ch-eaer-decided.xlsx"
EXAMPLE_DECISIONS = {
    "Actions": {2: "edit", 3: "accept"},
    "Events": {2: "accept", 3: "accept", 4: "accept", 5: "accept", 6: "reject"},
    "Export controls": {2: "accept"},
}


def make_example(folder: Path) -> Path:
    """The docs' decided review of 025.txt: extracted, decided (one edit: the action's target
    country, which the sentence does not name), saved by LibreOffice."""
    draft = folder / "draft.xlsx"
    source = CORPUS / TEXT
    assert cli("extract", source, "--source-id", "ch-eaer-listings", "-o", draft).code == 0
    decided = decide(draft, folder / "decided.xlsx", EXAMPLE_DECISIONS)
    set_cell(decided, "Actions", "target_country", 2, "RU")
    saved = Calc(folder / "profile").convert(decided, "xlsx:Calc MS Excel 2007 XML", folder / "lo")
    return saved


def review_rows(path: Path) -> list[tuple[str, int, str, dict[str, str]]]:
    rows, _ = read_review(path, Problems())
    return [(r.record_type.FILE, r.number, r.decision, r.values) for r in rows]


def test_the_decided_example_is_what_extract_writes_today(tmp_path: Path) -> None:
    made = make_example(tmp_path)
    if os.environ.get("UPDATE_FIXTURES"):
        EXAMPLE.parent.mkdir(exist_ok=True)
        shutil.copy(made, EXAMPLE)
    assert review_rows(EXAMPLE) == review_rows(made)


# --- all of it or nothing, also when the run dies while the files move ---------------------------


def accept_in_a_process(decided: Path, data: Path, die_at: int, exchange: bool) -> int:
    """Run accept in a child process that dies (os._exit, no clean-up runs: as a kill would)
    at the ``die_at``-th rename; ``exchange``: with Linux's atomic swap, else two renames."""
    script = f"""
import os, sys
from pathlib import Path
import tracker.outputs as outputs
from tracker.extract.accept import accept
if not {exchange!r}:
    outputs._exchange = lambda first, second: False
calls = [0]
real = os.rename
def rename(a, b):
    calls[0] += 1
    if calls[0] == {die_at}:
        os._exit(9)
    real(a, b)
outputs.os.rename = rename
accept(Path({str(decided)!r}), Path({str(data)!r}))
"""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    return subprocess.run([sys.executable, "-c", script], env=env, check=False).returncode


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}."))


@pytest.mark.parametrize("exchange", [False, True], ids=["two renames", "atomic exchange"])
def test_a_run_killed_while_moving_leaves_the_old_dataset_or_the_new_never_a_mix(
    review: Path, data: Path, tmp_path: Path, exchange: bool
) -> None:
    if exchange and not sys.platform.startswith("linux"):
        pytest.skip("the atomic exchange is Linux's")
    decided = decide(review, tmp_path / "decided.xlsx", {}, default="accept")
    before = files(data)
    clean = tmp_path / "clean" / "data"
    shutil.copytree(data, clean)
    assert cli("accept", decided, "--into", clean).code == 0
    new = files(clean)
    # two renames: killed at the second, with the old dataset renamed aside; the exchange:
    # killed at the only rename left, the clean-up's, with the new dataset in place
    assert accept_in_a_process(decided, data, die_at=1 if exchange else 2, exchange=exchange) == 9
    assert leftovers(data)
    if exchange:
        assert files(data) == new
    else:
        assert not data.exists()
    outputs.recover_folder(data)  # as the next `tracker accept` does first
    assert leftovers(data) == []
    assert files(data) == (new if exchange else before)
    run = cli("accept", decided, "--into", data)
    assert run.code == (1 if exchange else 0), run.output
    assert files(data) == new


def test_a_rename_that_fails_puts_the_old_dataset_back(
    review: Path, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decided = decide(review, tmp_path / "decided.xlsx", {}, default="accept")
    before = files(data)
    real = os.rename
    calls: list[str] = []

    def rename(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> None:
        calls.append(str(b))
        if len(calls) == 2:  # the new dataset into place
            raise OSError(28, "No space left on device")
        real(a, b)

    monkeypatch.setattr(outputs, "_exchange", lambda first, second: False)
    monkeypatch.setattr(outputs.os, "rename", rename)
    run = cli("accept", decided, "--into", data)
    assert run.failed_cleanly("No space left on device")
    assert files(data) == before
    assert leftovers(data) == []
