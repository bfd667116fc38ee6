"""A dataset directory of CSVs -> typed tables plus every problem found, in one pass.

Each file is read as rows, its header is checked against the model (missing, unknown and
duplicate columns are reported once), rows are validated in chunks by pydantic, and finally the
dataset's integrity is checked: ids unique per file, every ``*_id`` resolves, every source text
exists.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from pydantic import TypeAdapter, ValidationError

from tracker.digest import file_sha256
from tracker.models import RECORD_TYPES, Record, Source, columns, required_columns
from tracker.problems import (
    Location,
    Problem,
    Problems,
    Severity,
    error,
    from_validation_error,
)
from tracker.tables import CsvFile, InputError

R = TypeVar("R", bound=Record)

CHUNK = 20_000
INTEGRITY_CODES = {"id-duplicate", "ref-unknown", "source-file-missing"}  # rows that did load
SOURCES_DIR = "sources"


@dataclass
class Table(Generic[R]):
    """The records of one file, with the spreadsheet row each came from."""

    record_type: type[R]
    records: list[R] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    raw_ids: set[str] = field(default_factory=set)
    readable: bool = True

    @property
    def file(self) -> str:
        return self.record_type.FILE

    def where(self, index: int, field_name: str | None = None) -> Location:
        return Location(self.file, self.rows[index], field_name)

    def __iter__(self) -> Iterator[tuple[int, R]]:
        """(index, record) pairs; the index gives the row through ``where``."""
        return enumerate(self.records)

    def __len__(self) -> int:
        return len(self.records)


@dataclass
class Dataset:
    directory: Path
    tables: dict[type[Record], Table[Any]]
    problems: Problems

    def table(self, record_type: type[R]) -> Table[R]:
        return cast(Table[R], self.tables[record_type])

    def source_path(self, source: Source) -> Path:
        return self.directory / SOURCES_DIR / source.file

    @property
    def rows_not_loaded(self) -> int:
        """Data rows that failed validation: no rule sees them."""
        return len(
            {
                (p.file, p.row)
                for p in self.problems
                if p.row
                and p.row > 1
                and p.severity is Severity.error
                and p.code not in INTEGRITY_CODES
            }
        )

    @property
    def record_count(self) -> int:
        return sum(len(t) for t in self.tables.values())

    def fingerprint(self) -> str:
        """sha256 over the dataset's files (CSVs and source texts), in name order."""
        digest = hashlib.sha256()
        files = sorted(self.directory.glob("*.csv")) + sorted(
            (self.directory / SOURCES_DIR).glob("*")
        )
        for path in files:
            if path.is_file():
                digest.update(path.relative_to(self.directory).as_posix().encode())
                digest.update(bytes.fromhex(file_sha256(path)))
        return digest.hexdigest()


def load_dataset(directory: Path, limit: int = 10_000) -> Dataset:
    """Load every CSV of the dataset; raises InputError only when the directory is unusable."""
    if not directory.is_dir():
        raise InputError(f"data directory not found: {directory}")
    problems = Problems(limit=limit)
    tables: dict[type[Record], Table[Any]] = {}
    for record_type in RECORD_TYPES:
        tables[record_type] = load_table(directory, record_type, problems)
    problems.extend(unknown_files(directory))
    dataset = Dataset(directory, tables, problems)
    problems.extend(check_integrity(dataset))
    return dataset


def unknown_files(directory: Path) -> Iterator[Problem]:
    known = {t.FILE for t in RECORD_TYPES}
    for path in sorted(directory.glob("*.csv")):
        if path.name not in known:
            yield error(
                "file-unknown",
                Location(path.name),
                f"{path.name} is not a file of the dataset; its rows are not loaded",
                "rename it to one of: " + ", ".join(sorted(known)),
            )


def load_table(directory: Path, record_type: type[R], problems: Problems) -> Table[R]:
    table: Table[R] = Table(record_type)
    path = directory / record_type.FILE
    if not path.exists():
        table.readable = False
        problems.add(
            error(
                "file-missing",
                Location(record_type.FILE),
                f"{record_type.FILE} is missing",
                "create it with its header row: " + ",".join(columns(record_type)),
            )
        )
        return table
    csv_file = CsvFile(path, record_type.FILE)
    header = csv_file.header
    if header is None:
        table.readable = False
        problems.extend(csv_file.problems)
        return table
    keep = check_header(record_type, header, problems)
    missing = required_columns(record_type) - set(header)
    validator = TypeAdapter(list[record_type])  # type: ignore[valid-type]
    chunk: list[dict[str, str]] = []
    chunk_rows: list[int] = []
    quotes: dict[str, str] = {}
    names = [header[i] for i in keep]
    id_index = header.index("id") if "id" in header else None
    for row, cells in csv_file.rows():
        if id_index is not None and id_index < len(cells):
            table.raw_ids.add(cells[id_index].strip())
        if len(cells) != len(header) and not _only_blank_extra(cells, len(header)):
            problems.add(row_cells_problem(record_type.FILE, row, len(cells), len(header)))
            continue
        stripped = (cells[i].strip() for i in keep)
        values = {name: cell for name, cell in zip(names, stripped, strict=True) if cell}
        if "quote" in values:  # many rows quote the same passage: keep one copy of it
            values["quote"] = quotes.setdefault(values["quote"], values["quote"])
        chunk.append(values)
        chunk_rows.append(row)
        if len(chunk) >= CHUNK:
            validate_chunk(validator, table, chunk, chunk_rows, missing, problems)
            chunk, chunk_rows = [], []
    validate_chunk(validator, table, chunk, chunk_rows, missing, problems)
    if csv_file.problems:
        table.readable = False
        problems.extend(csv_file.problems)
    return table


def _only_blank_extra(cells: list[str], width: int) -> bool:
    """Spreadsheets often save trailing empty cells; those are harmless."""
    return len(cells) > width and not any(c.strip() for c in cells[width:])


def row_cells_problem(file: str, row: int, got: int, want: int) -> Problem:
    return error(
        "row-cells",
        Location(file, row),
        f"row has {got} cells but the header has {want}; the row is not loaded",
        "check for a missing or extra comma; a comma inside a cell needs double quotes",
        got,
    )


def check_header(record_type: type[Record], header: list[str], problems: Problems) -> list[int]:
    """Report duplicate, unknown and missing columns once; return the indexes of usable ones."""
    known = set(columns(record_type))
    file = record_type.FILE
    keep: list[int] = []
    seen: set[str] = set()
    for index, name in enumerate(header):
        where = Location(file, 1, name or f"column {index + 1}")
        if name in seen:
            problems.add(
                error(
                    "column-duplicate",
                    where,
                    f"column {name!r} appears twice",
                    "delete one of the two columns",
                    name,
                )
            )
        elif name not in known:
            problems.add(
                error(
                    "column-unknown",
                    where,
                    f"unknown column {name!r}; its values are not loaded",
                    "rename it to one of: " + ", ".join(columns(record_type)),
                    name,
                )
            )
        else:
            keep.append(index)
        seen.add(name)
    for name in columns(record_type):
        if name in required_columns(record_type) and name not in header:
            problems.add(
                error(
                    "column-missing",
                    Location(file, 1, name),
                    f"required column {name!r} is missing",
                    f"add a column headed {name}",
                )
            )
    return keep


def validate_chunk(
    validator: TypeAdapter[list[R]],
    table: Table[R],
    values: list[dict[str, str]],
    rows: list[int],
    missing_columns: set[str],
    problems: Problems,
) -> None:
    """Validate rows in one call (fast); on failure, keep the good rows and report the bad."""
    if not values:
        return
    try:
        records = validator.validate_python(values)
    except ValidationError as exc:
        row_of = dict(enumerate(rows))
        bad: set[int] = set()
        for index, problem in from_validation_error(exc, table.file, row_of, values):
            bad.add(index)
            if not (problem.code == "required" and problem.field in missing_columns):
                problems.add(problem)
        keep = [i for i in range(len(values)) if i not in bad]
        records = validator.validate_python([values[i] for i in keep])
        rows = [rows[i] for i in keep]
    table.records.extend(records)
    table.rows.extend(rows)


# --- integrity ---------------------------------------------------------------------------------


def check_integrity(dataset: Dataset) -> Iterator[Problem]:
    for table in dataset.tables.values():
        yield from duplicate_ids(table)
        yield from dangling_refs(dataset, table)
    yield from missing_source_texts(dataset)


def duplicate_ids(table: Table[Any]) -> Iterator[Problem]:
    first_row: dict[str, int] = {}
    for index, record in table:
        row = table.rows[index]
        if record.id in first_row:
            yield error(
                "id-duplicate",
                table.where(index, "id"),
                f"id {record.id!r} is already used at row {first_row[record.id]}",
                "give each record its own id",
                record.id,
                related=[Location(table.file, first_row[record.id], "id")],
            )
        else:
            first_row[record.id] = row


def dangling_refs(dataset: Dataset, table: Table[Any]) -> Iterator[Problem]:
    for field_name, target_type in table.record_type.REFS.items():
        target = dataset.table(target_type)
        if not target.readable:
            continue  # its own problem is reported; every reference would repeat it
        for index, record in table:
            value = getattr(record, field_name)
            if value is not None and value not in target.raw_ids:
                yield error(
                    "ref-unknown",
                    table.where(index, field_name),
                    f"{field_name} {value!r} is not an id in {target.file}",
                    f"use an id that exists in {target.file}, or add that record",
                    value,
                )


def missing_source_texts(dataset: Dataset) -> Iterator[Problem]:
    table = dataset.table(Source)
    for index, source in table:
        path = dataset.source_path(source)
        if Path(source.file).name != source.file or not path.is_file():
            yield error(
                "source-file-missing",
                table.where(index, "file"),
                f"source text {source.file!r} is not in {SOURCES_DIR}/",
                f"put the text under {dataset.directory / SOURCES_DIR} with exactly this name",
                source.file,
            )
