"""A dataset between its two forms, losslessly: a folder of CSV files and source texts, and one
workbook (the data-entry workbook of ``report/template.py``). Cells travel as the text they are,
never parsed, so converting a folder to a workbook and back gives the same bytes: the same
cells, quoting, byte order marks and line ends (recorded in the workbook), and the same source
texts. Blank lines are the one thing dropped.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tracker.errors import InputError, OutputError
from tracker.outputs import check_output
from tracker.problems import Problems
from tracker.records.load import SOURCES_DIR
from tracker.records.models import RECORD_TYPES, columns
from tracker.records.tables import FIELD_LIMIT
from tracker.records.template import RawDataset, RawTable, write_template
from tracker.records.workbook import (
    DATASET_FILES,
    SUFFIXES,
    Formulas,
    SheetRows,
    embedded_texts,
    open_workbook,
    package_formulas,
    sheet_of,
    table_values,
)

BOM = "\ufeff"


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
            rows = [row for row in csv.reader(io.StringIO(text, newline="")) if row]
        except csv.Error as exc:
            raise InputError(f"{path}: broken CSV ({exc}): `tracker validate` it") from None
        header = rows[0] if rows else columns(record_type)
        tables[record_type] = RawTable(header, rows[1:], bom, newline)
    texts = {}
    sources = directory / SOURCES_DIR
    if sources.is_dir():
        texts = {p.name: read_text(p) for p in sorted(sources.iterdir()) if p.is_file()}
    return RawDataset(tables, texts)


def write_folder(dataset: RawDataset, directory: Path) -> list[Path]:
    """Write a dataset folder from its cell texts (the dialect the tracker itself writes)."""
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
        (directory / SOURCES_DIR).mkdir()
        for name, (text, bom) in dataset.texts.items():
            path = directory / SOURCES_DIR / name
            path.write_text((BOM if bom else "") + text, encoding="utf-8", newline="")
            written.append(path)
    return written


def read_workbook(path: Path) -> tuple[RawDataset, Problems]:
    """A workbook's record sheets as cell texts (the report's computed columns left out), its
    source texts, and the file formats it recorded; problems for cells that cannot be read."""
    book = open_workbook(path)
    names = list(book.sheet_names)
    formulas = package_formulas(path)
    formats: dict[str, tuple[bool, str]] = {}
    if DATASET_FILES in names:
        for file, marked, ends in table_values(book.get_sheet_by_name(DATASET_FILES)):
            formats[file] = (marked == "yes", "\r\n" if ends == repr("\r\n") else "\n")
    problems = Problems()
    tables = {}
    for record_type in RECORD_TYPES:
        name = sheet_of(record_type, names)
        if name is None:
            continue
        rows = SheetRows(
            book.get_sheet_by_name(name), record_type, path.name, formulas.get(name, Formulas())
        )
        cells = [texts for _, texts in rows.rows()]
        problems.extend(rows.problems)
        bom, newline = formats.get(record_type.FILE, (False, "\n"))
        tables[record_type] = RawTable(rows.header or columns(record_type), cells, bom, newline)
    texts = {
        name: (text, formats.get(f"sources/{name}", (False, ""))[0])
        for name, text in embedded_texts(book, names, {}).items()
    }
    return RawDataset(tables, texts), problems


def convert(source: Path, target: Path) -> Converted:
    """A folder to a workbook, or a workbook to a folder; the target must not exist (a folder
    may be empty). Written whole or not at all."""
    if source.is_dir():
        check_output(target, (".xlsx",), [source], "converted workbook")
        if target.exists():
            raise OutputError(f"{target} exists: convert writes a new workbook")
        write_template(target, read_folder(source))
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
    temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
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
