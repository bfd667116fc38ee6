"""A dataset between its two forms, losslessly: a folder of CSV files and source texts, and one
workbook (the data-entry workbook of ``records/template.py``). Cells travel as the text they
are, never parsed, so converting a folder to a workbook and back gives the same bytes: the same
cells, quoting, byte order marks and line ends (recorded in the workbook), and the same source
texts. Blank lines are the one thing dropped.

What a workbook could not hold is refused before anything is written, never cut or dropped: a
cell of more than 32,767 characters, a row with more or fewer cells than its header, a CSV file
that is not one of the dataset's. A workbook's cells right of its header are kept (and
reported), duplicate headers are reported, and every file written lies inside DEST: a source
text's name from the workbook must be a plain file name (no folder, no `..`, not absolute).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from xlsxwriter.utility import xl_col_to_name

from tracker import codes
from tracker.errors import InputError, OutputError
from tracker.outputs import check_output
from tracker.problems import Location, Problems
from tracker.records.load import CONTROL, SOURCES_DIR
from tracker.records.models import RECORD_TYPES, Source, columns
from tracker.records.tables import FIELD_LIMIT
from tracker.records.template import RawDataset, RawTable, write_template
from tracker.records.workbook import (
    DATASET_FILES,
    SUFFIXES,
    SheetRows,
    embedded_texts,
    open_workbook,
    read_sheet,
    sheet_of,
    table_values,
)

BOM = "\ufeff"
MAX_CELL = 32_767  # characters a workbook cell holds
# characters no file name may hold on one of the systems the tracker runs on
UNSAFE_NAME = re.compile(r'[\x00-\x1f<>:"/\\|?*]')


@dataclass(frozen=True)
class Converted:
    written: list[Path]
    problems: Problems


def read_text(path: Path) -> tuple[str, bool]:
    """A file's text and whether it began with a byte order mark (it must be UTF-8)."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path} is not UTF-8 (byte at {exc.start}): `tracker validate` it"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    return text.removeprefix(BOM), text.startswith(BOM)


def read_folder(directory: Path) -> RawDataset:
    """A dataset folder as it is: each file's cell texts, untouched."""
    return _read_folder(directory, for_workbook=False)


def read_folder_for_workbook(directory: Path) -> RawDataset:
    """A dataset folder to be written as a workbook: what a workbook could not hold as it is
    (``check_cells``, a CSV file that is not the dataset's, a folder in sources/) stops the
    conversion (InputError) before anything is written."""
    known = {t.FILE for t in RECORD_TYPES}
    if directory.is_dir():
        for path in sorted(directory.glob("*.csv")):
            if path.name not in known:
                raise InputError(
                    f"{path} is not a file of the dataset, so a workbook would leave it out: "
                    "move it out of the folder, or rename it to one of: " + ", ".join(sorted(known))
                )
        sources = directory / SOURCES_DIR
        for item in sorted(sources.iterdir()) if sources.is_dir() else []:
            if not item.is_file():
                raise InputError(
                    f"{item} is not a file: a workbook keeps the files of {SOURCES_DIR}/ only"
                )
    return _read_folder(directory, for_workbook=True)


def _read_folder(directory: Path, for_workbook: bool) -> RawDataset:
    if not directory.is_dir():
        raise InputError(f"dataset not found: {directory}")
    csv.field_size_limit(FIELD_LIMIT)
    tables = {}
    for record_type in RECORD_TYPES:
        path = directory / record_type.FILE
        if not path.is_file():
            tables[record_type] = RawTable(columns(record_type))
            continue
        text, bom = read_text(path)
        first_line = text.split("\n", 1)[0]
        newline = "\r\n" if first_line.endswith("\r") else "\n"
        try:
            records = enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
            numbered = [(number, row) for number, row in records if row]
        except csv.Error as exc:
            raise InputError(f"{path}: broken CSV ({exc}): `tracker validate` it") from None
        header = numbered[0][1] if numbered else columns(record_type)
        if for_workbook:
            check_cells(path, header, numbered[1:])
        tables[record_type] = RawTable(header, [row for _, row in numbered[1:]], bom, newline)
    texts = {}
    sources = directory / SOURCES_DIR
    if sources.is_dir():
        texts = {p.name: read_text(p) for p in sorted(sources.iterdir()) if p.is_file()}
    return RawDataset(tables, texts)


def check_cells(path: Path, header: list[str], rows: list[tuple[int, list[str]]]) -> None:
    """Refuse what the workbook would not keep as it is: a header a table cannot have (an
    empty or repeated name), a cell longer than a cell holds, a row with more or fewer cells
    than the header (the workbook has the header's columns)."""
    seen: set[str] = set()
    for index, name in enumerate(header, start=1):
        control = CONTROL.search(name)
        if not name.strip() or name in seen or control:
            what = (
                "has no name"
                if not name.strip()
                else f"holds the control character U+{ord(control.group()):04X}"
                if control
                else f"repeats the name {name[:80]!r}"
            )
            raise InputError(
                f"{path.name}: header column {index} {what}; a workbook's table needs one name "
                "per column: fix the header (`tracker validate` shows it) and convert again"
            )
        seen.add(name)
    for number, row in rows:
        where = f"{path.name} row {number}"
        if len(row) != len(header):
            raise InputError(
                f"{where} has {len(row)} cells but the header has {len(header)}: a workbook "
                "keeps the header's columns only; fix the row (`tracker validate` shows it) "
                "and convert again"
            )
        for index, cell in enumerate(row):
            if len(cell) > MAX_CELL:
                name = header[index] if index < len(header) else f"column {index + 1}"
                raise InputError(
                    f"{where}, {name}: {len(cell):,} characters, more than the {MAX_CELL:,} a "
                    "workbook cell holds: shorten it (a source's text belongs in sources/)"
                )


def header_problems(file: str, header: list[str], sheet: str | None = None) -> Problems:
    """Duplicate headers: kept as they are, and reported (a dataset cannot load both)."""
    problems = Problems()
    seen: set[str] = set()
    for index, name in enumerate(header):
        if name in seen:
            cell = f"{xl_col_to_name(index)}1" if sheet else None
            problems.add(
                codes.COLUMN_DUPLICATE(
                    Location(file, 1, name, None, sheet, cell),
                    f"column {name!r} appears twice",
                    value=name,
                )
            )
        seen.add(name)
    return problems


def plain_name(name: str) -> bool:
    """A file name that stays inside the folder it is written to, on every system."""
    return (
        bool(name)
        and name not in (".", "..")
        and not UNSAFE_NAME.search(name)
        and not name.endswith((" ", "."))
        and len(name.encode("utf-8")) <= 255
    )


def write_folder(dataset: RawDataset, directory: Path) -> list[Path]:
    """Write a dataset folder from its cell texts (the dialect the tracker itself writes);
    every path is resolved and must lie inside ``directory``."""
    written = []
    for record_type, raw in dataset.tables.items():
        path = directory / record_type.FILE
        with path.open("w", encoding="utf-8", newline="") as handle:
            if raw.bom:
                handle.write(BOM)
            writer = csv.writer(handle, lineterminator=raw.newline)
            writer.writerow(raw.header)
            writer.writerows(raw.rows)
        written.append(path)
    if dataset.texts:
        folder = directory / SOURCES_DIR
        folder.mkdir()
        inside = folder.resolve()
        for name, (text, bom) in dataset.texts.items():
            path = folder / name
            if not plain_name(name) or path.resolve().parent != inside:
                raise InputError(f"source text name {name!r} is not a plain file name")
            with path.open("x", encoding="utf-8", newline="") as handle:
                handle.write((BOM if bom else "") + text)
            written.append(path)
    return written


def read_workbook(path: Path) -> tuple[RawDataset, Problems]:
    """A workbook's record sheets as cell texts (the report's computed columns left out; cells
    right of the header kept), its source texts, and the file formats it recorded; problems
    for cells that cannot be read."""
    book, package = open_workbook(path)
    names = list(book.sheet_names)
    formats: dict[str, tuple[bool, str]] = {}
    if DATASET_FILES in names:
        for _, (file, marked, ends) in table_values(read_sheet(book, DATASET_FILES, path)):
            formats[file] = (marked == "yes", "\r\n" if ends == repr("\r\n") else "\n")
    problems = Problems()
    tables = {}
    for record_type in RECORD_TYPES:
        name = sheet_of(record_type, names)
        if name is None:
            continue
        sheet = read_sheet(book, name, path)
        rows = SheetRows(sheet, record_type, path.name, package.sheet(name))
        cells = [texts for _, texts in rows.rows()]
        problems.extend(rows.problems)
        header = rows.header or columns(record_type)
        problems.extend(header_problems(path.name, header, name))
        bom, newline = formats.get(record_type.FILE, (False, "\n"))
        tables[record_type] = RawTable(header, cells, bom, newline)
    texts = {
        name: (text, formats.get(f"sources/{name}", (False, ""))[0])
        for name, text in embedded_texts(book, path, source_files(tables), problems).items()
    }
    for name in texts:
        if not plain_name(name):
            raise InputError(
                f"{path}: a source text is named {name[:200]!r}, which is not a plain file "
                f"name inside {SOURCES_DIR}/ (no folder, no '..', not absolute): refused, "
                "nothing was written"
            )
    folded = [n.casefold() for n in texts]
    if len(set(folded)) != len(folded):
        twice = sorted(n for n in texts if folded.count(n.casefold()) > 1)
        raise InputError(
            f"{path}: the source texts {', '.join(map(repr, twice))} differ only by case, which "
            "would overwrite each other on Windows and macOS: refused, nothing was written"
        )
    return RawDataset(tables, texts), problems


def source_files(tables: dict[type, RawTable]) -> dict[str, str]:
    """Source id -> its file, from the Sources sheet's cells (for the report's Source texts)."""
    raw = tables.get(Source)
    if raw is None or "id" not in raw.header or "file" not in raw.header:
        return {}
    ids, files = raw.header.index("id"), raw.header.index("file")
    return {
        row[ids].strip(): row[files].strip()
        for row in raw.rows
        if len(row) > max(ids, files) and row[files].strip()
    }


def convert(source: Path, target: Path) -> Converted:
    """A folder to a workbook, or a workbook to a folder; the target must not exist (a folder
    may be empty). Written whole or not at all."""
    if source.is_dir():
        check_output(target, (".xlsx",), [source], "converted workbook")
        if target.exists():
            raise OutputError(f"{target} exists: convert writes a new workbook")
        write_template(target, read_folder_for_workbook(source))
        return Converted([target], Problems())
    if source.suffix.lower() not in SUFFIXES:
        raise InputError(f"convert reads a dataset folder or a workbook (.xlsx, .ods): {source}")
    dataset, problems = read_workbook(source)
    return Converted(write_new_folder(dataset, target), problems)


def write_new_folder(dataset: RawDataset, target: Path) -> list[Path]:
    """Write the folder beside its place and rename it there: nothing half-written remains."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise OutputError(f"{target} exists and is not an empty folder: convert writes a new one")
    if not target.parent.is_dir():
        raise OutputError(f"output folder does not exist: {target.parent}")
    try:  # a folder one may not write refuses the temporary folder already
        temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        written = write_folder(dataset, temp)
        if target.exists():
            target.rmdir()
        os.replace(temp, target)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return [target / p.relative_to(temp) for p in written]
