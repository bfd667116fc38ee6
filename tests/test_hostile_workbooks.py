"""Hostile workbooks: every way a small file could make a reader hold or compute without bound
is refused before any reader sees it (``tracker/records/package.py``), every path `convert`
writes stays inside DEST, and what a workbook holds is read, converted or refused, never lost
silently: formulas without results and error cells in .xlsx and .ods alike, merged cells,
cells right of the header, source texts' parts."""

from __future__ import annotations

import csv
import io
import shutil
import struct
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import BUNDLED, MakeDataset, minimal_tables
from tests.hostile import (
    add_rows,
    cli,
    dataset_ods,
    files,
    growth,
    ods_row,
    rewrite_book,
    sheet_part,
    write_ods,
)
from tracker.records.models import RECORD_TYPES
from tracker.records.package import LIMITS, check_package
from tracker.records.template import RawDataset, RawTable, write_template

AS_OF = "2024-06-24"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data as a workbook (what `tracker convert data data.xlsx` writes)."""
    path = tmp_path_factory.mktemp("book") / "data.xlsx"
    assert cli("convert", BUNDLED, path).code == 0
    return path


def on_sheet(book: Path, out: Path, sheet: str, rows: str) -> Path:
    return rewrite_book(book, out, {sheet_part(book, sheet): add_rows(rows)})


COMMANDS: list[Callable[[Path, Path], list[str | Path]]] = [
    lambda book, tmp: ["validate", book],
    lambda book, tmp: ["check", book, "--as-of", AS_OF],
    lambda book, tmp: ["report", book, "-o", tmp / "r.xlsx", "--as-of", AS_OF],
    lambda book, tmp: ["convert", book, tmp / "back"],
]


# --- 1. convert writes only inside DEST ---------------------------------------------------------


def book_with_texts(path: Path, texts: dict[str, str]) -> Path:
    tables = {t: RawTable(["id"]) for t in RECORD_TYPES}
    write_template(path, RawDataset(tables, {name: (text, False) for name, text in texts.items()}))
    return path


@pytest.mark.parametrize(
    "name",
    ["../../victim.txt", "{victim}", "sub/x.txt", "..", "C:victim.txt", "a\\..\\victim.txt", ""],
    ids=["dot-dot", "absolute", "folder", "parent", "drive", "backslash", "empty"],
)
def test_convert_never_writes_outside_dest(tmp_path: Path, name: str) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    hostile = book_with_texts(work / "sent.xlsx", {name.format(victim=victim): "overwritten"})
    before = files(tmp_path)
    run = cli("convert", hostile, work / "out")
    assert run.failed_cleanly("not a plain file name", "nothing was written")
    assert files(tmp_path) == before
    assert victim.read_text() == "precious"


def test_convert_refuses_texts_that_differ_only_by_case(tmp_path: Path) -> None:
    hostile = book_with_texts(tmp_path / "sent.xlsx", {"a.txt": "one", "A.txt": "two"})
    run = cli("convert", hostile, tmp_path / "out")
    assert run.failed_cleanly("differ only by case")
    assert not (tmp_path / "out").exists()


# --- 2. sizes checked before any reader ---------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS, ids=["validate", "check", "report", "convert"])
def test_a_cell_at_the_grids_last_corner_is_refused_at_once(
    book: Path, tmp_path: Path, command: Callable[[Path, Path], list[str | Path]]
) -> None:
    """One cell at XFD1048576 made calamine allocate 512 GiB and abort the process."""
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    hostile = on_sheet(book, tmp_path / "far.xlsx", "Sources", far)
    started = time.monotonic()
    run = cli(*command(hostile, tmp_path))
    assert run.failed_cleanly("sheet 'Sources' uses the cells A1:XFD1048576", "refused")
    assert time.monotonic() - started < 60  # a guard against a hang, not a measurement
    assert not (tmp_path / "r.xlsx").exists() and not (tmp_path / "back").exists()


def test_a_used_range_of_zz200000_is_refused_not_read(book: Path, tmp_path: Path) -> None:
    """It took 27 s and 4.4 GB and reported 690 spurious errors."""
    hostile = on_sheet(
        book,
        tmp_path / "zz.xlsx",
        "Officials",
        '<row r="200000"><c r="ZZ200000"><v>1</v></c></row>',
    )
    run = cli("validate", hostile)
    assert run.failed_cleanly("'Officials' uses the cells A1:ZZ200000 (140,400,000 cells)")


def test_styled_empty_cells_far_away_cost_nothing_and_pass(book: Path, tmp_path: Path) -> None:
    """Readers skip cells without a value, so only cells holding one make the used range."""
    hostile = on_sheet(
        book,
        tmp_path / "styled.xlsx",
        "Sources",
        '<row r="1048576"><c r="XFD1048576" s="3"/></row>',
    )
    assert cli("validate", hostile).code == 0


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        ("XFE1", "outside a spreadsheet's grid"),
        ("A0", "not a cell"),
        ("a1", "not a cell"),
        ("A99999999", "not a cell"),
        ("1A", "not a cell"),
    ],
)
def test_cell_references_outside_the_grid_are_refused(
    book: Path, tmp_path: Path, ref: str, words: str
) -> None:
    row = f'<row r="40"><c r="{ref}"><v>1</v></c></row>'
    hostile = on_sheet(book, tmp_path / "ref.xlsx", "Sources", row)
    assert cli("validate", hostile).failed_cleanly(words)


def test_a_row_number_past_the_grid_is_refused(book: Path, tmp_path: Path) -> None:
    hostile = on_sheet(book, tmp_path / "row.xlsx", "Sources", '<row r="' + "9" * 5000 + '"/>')
    assert cli("validate", hostile).failed_cleanly("has a row numbered")


def test_an_ods_row_repeated_a_million_times_is_refused(tmp_path: Path) -> None:
    """A 45 KB .ods took more than 6 GB: one row of 95 cells repeated 1,048,000 times."""
    row = ods_row(*(f"c{i}" for i in range(95)), repeated=1_048_000)
    hostile = dataset_ods(tmp_path / "rep.ods", BUNDLED, {"officials": row})
    assert hostile.stat().st_size < 100_000
    run = cli("validate", hostile)
    assert run.failed_cleanly("sheet 'officials' uses the cells", "refused")


def test_an_ods_with_empty_rows_repeated_to_the_grids_end_reads(tmp_path: Path) -> None:
    """LibreOffice ends every sheet so: empty rows cost a reader nothing."""
    tail = ods_row("<table:table-cell table:number-columns-repeated='16384'/>", repeated=1_048_560)
    book = dataset_ods(tmp_path / "lo.ods", BUNDLED, {"officials": tail})
    assert cli("validate", book).code == 0


def test_ods_repeated_spaces_standing_for_gigabytes_are_refused(tmp_path: Path) -> None:
    cell = (
        '<table:table-cell office:value-type="string"><text:p>a<text:s text:c="2000000000"/>b'
        "</text:p></table:table-cell>"
    )
    hostile = dataset_ods(tmp_path / "spaces.ods", BUNDLED, {"officials": ods_row(cell)})
    assert cli("validate", hostile).failed_cleanly("repeated spaces", "refused")


def test_an_ods_repeat_count_that_is_not_a_number_is_refused(tmp_path: Path) -> None:
    row = '<table:table-row table:number-rows-repeated="1e9"><table:table-cell/></table:table-row>'
    hostile = dataset_ods(tmp_path / "bad.ods", BUNDLED, {"officials": row})
    assert cli("validate", hostile).failed_cleanly("has a repeat count '1e9'")


def test_a_part_that_unpacks_past_the_cap_is_refused(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LIMITS, "part_bytes", 1_000)  # a zip bomb, in miniature
    assert cli("check", book, "--as-of", AS_OF).failed_cleanly("unpacks to", "refused")


def test_a_package_that_unpacks_past_the_total_cap_is_refused(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LIMITS, "package_bytes", 100_000)
    assert cli("validate", book).failed_cleanly("it unpacks to", "more than the 100,000 allowed")


def test_a_part_that_inflates_a_thousand_times_is_a_zip_bomb(book: Path, tmp_path: Path) -> None:
    hostile = rewrite_book(
        book, tmp_path / "bomb.xlsx", added={"xl/media/x.bin": b" " * (17 << 20)}
    )
    assert hostile.stat().st_size < 200_000
    assert cli("validate", hostile).failed_cleanly("a zip bomb")


def test_a_part_longer_than_its_directory_says_is_refused(book: Path, tmp_path: Path) -> None:
    """The directory says 10 bytes; the part inflates to more: reading stops there and the
    part fails its checksum."""
    hostile = tmp_path / "lying.xlsx"
    data = bytearray(book.read_bytes())
    name = sheet_part(book, "Sources").encode()
    for signature, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.find(signature + b"", 0)
        while at >= 0:
            name_at = at + (46 if signature == b"PK\x01\x02" else 30)
            length = struct.unpack_from(
                "<H", data, at + (28 if signature == b"PK\x01\x02" else 26)
            )[0]
            if bytes(data[name_at : name_at + length]) == name:
                struct.pack_into("<I", data, at + size_at, 10)
            at = data.find(signature, at + 4)
    hostile.write_bytes(bytes(data))
    assert zipfile.ZipFile(hostile).getinfo(name.decode()).file_size == 10
    assert cli("validate", hostile).failed_cleanly("not a workbook the tracker can read")


def test_shared_strings_beyond_what_cells_use_are_refused(book: Path, tmp_path: Path) -> None:
    """A 0.9 MB file with 20M shared strings needed 1.1 GB: strings no cell can use."""
    strings = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main">' + b"<si/>" * 300_000 + b"</sst>"
    )
    hostile = rewrite_book(book, tmp_path / "sst.xlsx", {"xl/sharedStrings.xml": lambda _: strings})
    assert cli("validate", hostile).failed_cleanly("holds 300,000 strings for", "cells that use")


def test_more_sheets_than_allowed_are_refused(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "sheets", 5)
    assert cli("validate", book).failed_cleanly("more than the 5 sheets allowed")


def test_more_merged_ranges_than_allowed_are_refused(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    merges = "".join(f'<mergeCell ref="A{r}:B{r}"/>' for r in range(2, 40))
    hostile = rewrite_book(
        book,
        tmp_path / "merged.xlsx",
        {
            sheet_part(book, "Sources"): lambda d: d.replace(
                b"</sheetData>", f"</sheetData><mergeCells>{merges}</mergeCells>".encode(), 1
            )
        },
    )
    monkeypatch.setattr(LIMITS, "merges", 10)
    assert cli("validate", hostile).failed_cleanly("more than 10 merged ranges")


def dtd_in(part_data: bytes, encoding: str = "utf-8") -> bytes:
    text = part_data.decode("utf-8").replace(
        "?>", '?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1
    )
    return text.replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"').encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_dtd_in_a_worksheet_part_is_refused(book: Path, tmp_path: Path, encoding: str) -> None:
    hostile = rewrite_book(
        book, tmp_path / "dtd.xlsx", {sheet_part(book, "Officials"): lambda d: dtd_in(d, encoding)}
    )
    run = cli("validate", hostile)
    assert run.failed_cleanly("declares a DTD", "refused") and "root:" not in run.output


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be"])
def test_a_dtd_in_any_other_part_is_refused(book: Path, tmp_path: Path, encoding: str) -> None:
    """Parts the tracker does not parse (comments, drawings) are searched in any encoding."""
    with zipfile.ZipFile(book) as package:
        comments = next(n for n in package.namelist() if n.startswith("xl/comments"))
    dtd = '<!DOCTYPE x [<!ENTITY e "e">]>'.encode(encoding)
    hostile = rewrite_book(book, tmp_path / "dtd.xlsx", {comments: lambda d: dtd + d})
    assert cli("validate", hostile).failed_cleanly("declares a DTD")


def test_a_dtd_in_an_ods_is_refused(tmp_path: Path) -> None:
    book = dataset_ods(tmp_path / "d.ods", BUNDLED)
    hostile = rewrite_book(book, tmp_path / "dtd.ods", {"content.xml": dtd_in})
    assert cli("validate", hostile).failed_cleanly("declares a DTD")


def test_two_parts_of_one_name_are_refused(book: Path, tmp_path: Path) -> None:
    part = sheet_part(book, "Sources")
    hostile = tmp_path / "twice.xlsx"
    shutil.copy(book, hostile)
    with pytest.warns(UserWarning), zipfile.ZipFile(hostile, "a") as package:
        package.writestr(part, b"<worksheet/>")
    assert cli("validate", hostile).failed_cleanly("two parts named")


# --- 6. linear parsing --------------------------------------------------------------------------


def scan_of(rows: Callable[[int], str], tmp_path: Path, book: Path) -> Callable[[int], object]:
    def run(size: int) -> object:
        hostile = on_sheet(book, tmp_path / f"scan-{size}.xlsx", "Sources", rows(size))
        return check_package(hostile)

    return run


def test_the_formula_scan_is_linear_in_hostile_markup(book: Path, tmp_path: Path) -> None:
    """20,000 cells <c><f-x></f-x></c> ran past 120 s under the old regular expression."""

    def rows(n: int) -> str:
        return "".join(
            f'<row r="{50 + r}">' + "<c><f-x></f-x></c>" * 500 + "</row>" for r in range(n // 500)
        )

    assert growth(scan_of(rows, tmp_path, book), 2_000) < 30


def test_many_formulas_without_results_scan_in_linear_time(book: Path, tmp_path: Path) -> None:
    def rows(n: int) -> str:
        return "".join(f'<row r="{r}"><c r="H{r}"><f>1+1</f></c></row>' for r in range(50, 50 + n))

    assert growth(scan_of(rows, tmp_path, book), 1_000) < 30


def test_the_merged_cell_lookup_is_linear() -> None:
    """Rows x columns x merges took 47 s on a 259 KB file; each row now costs the ranges that
    start or end there."""
    from tracker.records.workbook import Merged

    def run(size: int) -> object:
        merges = [(r, 0, r, 1) for r in range(2, size + 2)]
        merged = Merged(merges, list(range(20)))
        return sum(merged.first(r) is not None for r in range(1, size * 2))

    assert growth(run, 5_000) < 30


# --- cells that cannot be read safely, in .xlsx and .ods alike -----------------------------------


def problem_rows(run_output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(run_output)))


def officials_book(book: Path, tmp_path: Path, rows: str) -> Path:
    return on_sheet(book, tmp_path / "cells.xlsx", "Officials", rows)


FIRST = '<c r="A40" t="inlineStr"><is><t>x-1</t></is></c>'


@pytest.mark.parametrize(
    ("cells", "code"),
    [
        (FIRST + '<c r="D40"><f>A1</f></c>', "cell-formula"),
        ('<c t="inlineStr"><is><t>x-1</t></is></c><c/><c/><c><f>A1</f></c>', "cell-formula"),
        (FIRST + '<c r="D40"><f>A1</f><v></v></c>', "cell-formula"),
        (FIRST + '<c r="D40"><v>5</v><f>A1</f></c>', None),  # a result before its formula
        (FIRST + '<c r="D40" t="e"><f>1/0</f><v>#DIV/0!</v></c>', "cell-error"),
        (FIRST + '<c r="D40" t="e"><v>#N/A</v></c>', "cell-error"),
    ],
    ids=["formula", "formula-without-r", "empty-v", "v-before-f", "error-formula", "error"],
)
def test_unsure_xlsx_cells_are_reported_at_their_cell(
    book: Path, tmp_path: Path, cells: str, code: str | None
) -> None:
    hostile = officials_book(book, tmp_path, f'<row r="40">{cells}</row>')
    run = cli("validate", hostile, "--format", "csv")
    found = [(p["code"], p["sheet"], p["cell"]) for p in problem_rows(run.output)]
    cell_codes = {c for c, _, _ in found if c.startswith("cell-")}
    if code is None:
        assert cell_codes == set()
    else:
        assert run.code == 1
        assert (code, "Officials", "D40") in found


def test_an_error_cell_names_its_error(book: Path, tmp_path: Path) -> None:
    hostile = officials_book(
        book,
        tmp_path,
        '<row r="40"><c r="A40" t="inlineStr"><is><t>x-1</t></is></c>'
        '<c r="D40" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>',
    )
    run = cli("validate", hostile)
    assert "Officials!D40: name: name holds the error #DIV/0! (cell-error)" in run.output


def test_a_formula_row_left_blank_by_the_reader_is_still_reported(
    book: Path, tmp_path: Path
) -> None:
    """A row holding only formulas without results reads as blank: it is not skipped."""
    hostile = officials_book(book, tmp_path, '<row r="60"><c r="D60"><f>A1</f></c></row>')
    run = cli("validate", hostile, "--format", "csv")
    assert ("cell-formula", "D60") in [(p["code"], p["cell"]) for p in problem_rows(run.output)]


def officials_ods(tmp_path: Path, row: str) -> Path:
    return dataset_ods(tmp_path / "cells.ods", BUNDLED, {"officials": row})


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ('<table:table-cell table:formula="of:=[.A1]"/>', "cell-formula"),
        (
            '<table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0" '
            'calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>',
            "cell-error",
        ),
        (
            '<table:table-cell office:value-type="string" table:number-columns-spanned="2">'
            "<text:p>merged</text:p></table:table-cell><table:covered-table-cell/>",
            "cell-merged",
        ),
    ],
    ids=["formula", "error", "merged"],
)
def test_unsure_ods_cells_are_reported_at_their_cell(tmp_path: Path, cell: str, code: str) -> None:
    hostile = officials_ods(tmp_path, ods_row("x-1", "a", "b", cell))
    run = cli("validate", hostile, "--format", "csv")
    found = [(p["code"], p["sheet"], p["cell"]) for p in problem_rows(run.output)]
    assert run.code == 1
    assert any(c == code and s == "officials" and place[:1] == "D" for c, s, place in found), found


def test_an_ods_error_cell_is_not_read_as_its_zero(tmp_path: Path) -> None:
    """calamine reads an .ods error cell as its office:value, 0."""
    error = (
        '<table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0" '
        'calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>'
    )
    run = cli("validate", officials_ods(tmp_path, ods_row("x-1", "a", "b", error)))
    assert "holds the error #DIV/0!" in run.output


# --- 3. a Source files part that is not a number ------------------------------------------------


@pytest.mark.parametrize("part", ["1e9999999", "abc", "NaN", "Infinity", "-1", "1.5"])
def test_a_source_files_part_that_is_not_a_number_is_a_problem(
    book: Path, tmp_path: Path, part: str
) -> None:
    """1e9999999 ran past 120 s (a decimal of ten million digits); the others crashed."""
    row = (
        f'<row r="100"><c r="A100" t="inlineStr"><is><t>x.txt</t></is></c>'
        f'<c r="B100" t="inlineStr"><is><t>{part}</t></is></c>'
        '<c r="C100" t="inlineStr"><is><t>text</t></is></c></row>'
    )
    hostile = on_sheet(book, tmp_path / "part.xlsx", "Source files", row)
    started = time.monotonic()
    run = cli("validate", hostile, "--format", "csv")
    assert time.monotonic() - started < 60  # a guard against a hang, not a measurement
    (problem,) = [p for p in problem_rows(run.output) if p["sheet"] == "Source files"]
    assert (run.code, problem["code"], problem["cell"]) == (1, "count", "B100")


# --- 7. convert is lossless, or refuses ---------------------------------------------------------


def test_cells_right_of_the_header_are_kept_and_reported(book: Path, tmp_path: Path) -> None:
    row = (
        '<row r="40"><c r="A40" t="inlineStr"><is><t>extra-official</t></is></c>'
        '<c r="B40" t="inlineStr"><is><t>Minister</t></is></c>'
        '<c r="L40" t="inlineStr"><is><t>a note right of the table</t></is></c></row>'
    )
    hostile = officials_book(book, tmp_path, row)
    checked = cli("validate", hostile, "--format", "csv")
    assert ("row-cells", "40") in [(p["code"], p["row"]) for p in problem_rows(checked.output)]
    assert cli("convert", hostile, tmp_path / "back").code == 0
    text = (tmp_path / "back" / "officials.csv").read_text(encoding="utf-8")
    assert "a note right of the table" in text
    folder = cli("validate", tmp_path / "back", "--format", "csv")
    assert "row-cells" in {p["code"] for p in problem_rows(folder.output)}
    again = cli("convert", tmp_path / "back", tmp_path / "again.xlsx")
    assert again.failed_cleanly("officials.csv row", "cells but the header has")


def test_a_cell_longer_than_a_workbook_cell_is_refused_not_cut(
    make_dataset: MakeDataset, tmp_path: Path
) -> None:
    official = dict(minimal_tables()["officials.csv"][0], role="r" * 40_000)
    folder = make_dataset({"officials.csv": [official]})
    run = cli("convert", folder, tmp_path / "d.xlsx")
    assert run.failed_cleanly("40,000 characters", "32,767")
    assert not (tmp_path / "d.xlsx").exists()


def test_a_duplicate_header_is_refused_into_a_workbook_and_reported_out_of_one(
    bundled_copy: Path, tmp_path: Path, book: Path
) -> None:
    path = bundled_copy / "sources.csv"
    lines = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(lines[0].replace("publisher", "title") + "\n" + lines[1], encoding="utf-8")
    assert cli("convert", bundled_copy, tmp_path / "d.xlsx").failed_cleanly(
        "repeats the name 'title'"
    )
    with zipfile.ZipFile(book) as package:
        assert b"<t>publisher</t>" in package.read("xl/sharedStrings.xml")
    hostile = rewrite_book(
        book,
        tmp_path / "dup.xlsx",
        {"xl/sharedStrings.xml": lambda d: d.replace(b"<t>publisher</t>", b"<t>title</t>", 1)},
    )
    run = cli("convert", hostile, tmp_path / "back")
    assert "Sources!D1: column 'title' appears twice (column-duplicate)" in run.output
    assert run.code == 1
    header = (tmp_path / "back" / "sources.csv").read_text(encoding="utf-8").split("\n")[0]
    assert header == "id,file,title,title,published,url,language"  # kept as it is


def test_an_unknown_csv_file_is_refused_not_dropped(bundled_copy: Path, tmp_path: Path) -> None:
    (bundled_copy / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    run = cli("convert", bundled_copy, tmp_path / "d.xlsx")
    assert run.failed_cleanly("notes.csv is not a file of the dataset")
    assert not (tmp_path / "d.xlsx").exists()


def test_the_report_converts_to_a_folder_that_validates(tmp_path: Path) -> None:
    report = tmp_path / "r.xlsx"
    assert cli("report", BUNDLED, "-o", report, "--as-of", AS_OF).code == 0
    run = cli("convert", report, tmp_path / "back")
    assert run.code == 0 and "5 source texts" in run.output
    assert cli("validate", tmp_path / "back").code == 0
    assert cli("check", tmp_path / "back", "--as-of", AS_OF).code == 0


def test_a_hand_written_ods_dataset_reads(tmp_path: Path) -> None:
    book = dataset_ods(tmp_path / "d.ods", BUNDLED)
    assert cli("validate", book).code == 0


def test_an_ods_without_content_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "empty.ods"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert cli("validate", path).failed_cleanly("not a workbook the tracker can read")


def test_two_sheets_of_one_name_are_refused(tmp_path: Path) -> None:
    hostile = write_ods(tmp_path / "two.ods", {"Officials": "", "officials": ""})
    assert cli("validate", hostile).failed_cleanly("two sheets named")


@pytest.mark.parametrize("part", ["xl/_rels/workbook.xml.rels", "xl/workbook.xml"])
def test_a_part_in_an_encoding_no_one_knows_is_refused(
    book: Path, tmp_path: Path, part: str
) -> None:
    """Found by the fuzzing harness: the parser's LookupError ended in the catch-all."""
    hostile = rewrite_book(
        book, tmp_path / "enc.xlsx", {part: lambda d: d.replace(b"UTF-8", b"TF-8", 1)}
    )
    assert cli("validate", hostile).failed_cleanly("is not well-formed XML", "TF-8")


def test_a_column_the_record_type_does_not_have_converts_and_is_reported(
    bundled_copy: Path, tmp_path: Path
) -> None:
    """Found by the fuzzing harness: a header `d` for `id` ended in the catch-all."""
    path = bundled_copy / "actions.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text("d," + text.removeprefix("id,"), encoding="utf-8")
    assert cli("convert", bundled_copy, tmp_path / "d.xlsx").code == 0
    run = cli("validate", tmp_path / "d.xlsx", "--format", "csv")
    assert {"column-unknown", "column-missing"} <= {p["code"] for p in problem_rows(run.output)}
    assert cli("convert", tmp_path / "d.xlsx", tmp_path / "back").code == 0  # kept as it is
    assert (tmp_path / "back" / "actions.csv").read_text(encoding="utf-8") == path.read_text(
        encoding="utf-8"
    )


def test_a_header_with_a_control_character_is_refused_into_a_workbook(
    bundled_copy: Path, tmp_path: Path
) -> None:
    """Found by the fuzzing harness: a NUL in a header made the workbook's XML unreadable."""
    path = bundled_copy / "actions.csv"
    path.write_bytes(b"\x00" + path.read_bytes())
    run = cli("convert", bundled_copy, tmp_path / "d.xlsx")
    assert run.failed_cleanly("header column 1 holds the control character U+0000")
    assert not (tmp_path / "d.xlsx").exists()
