"""A dataset (a directory of CSVs, or a workbook) -> typed tables plus every problem found.

Each table is read as rows, its header is checked against the model (missing, unknown and
duplicate columns are reported once), rows are validated in chunks by pydantic, and finally the
dataset's integrity is checked: ids unique per table, every ``*_id`` resolves, every source
text exists.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from pydantic import TypeAdapter, ValidationError
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from tracker import codes
from tracker.digest import file_sha256
from tracker.errors import InputError
from tracker.problems import Location, Problem, Problems
from tracker.records.frames import dataset_frames
from tracker.records.models import RECORD_TYPES, Record, Source, columns, required_columns
from tracker.records.tables import CsvFile, RowSource

if TYPE_CHECKING:  # pandas is imported only by ``frames``
    import pandas as pd

R = TypeVar("R", bound=Record)

CHUNK = 20_000
SUGGESTED = 1_000  # distinct unknown references given a nearest id (each looks at every id)
SOURCES_DIR = "sources"
# C0 controls but tab, newline and carriage return; DEL; C1 controls; non-characters
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")

# pydantic's own error types -> catalogue codes; custom validators already use codes as types
PYDANTIC_CODES = {
    "missing": codes.REQUIRED,
    "string_too_short": codes.REQUIRED,
    "enum": codes.VOCABULARY,
    "literal_error": codes.VOCABULARY,
    "int_parsing": codes.COUNT,
    "int_type": codes.COUNT,
    "greater_than_equal": codes.COUNT,
    "string_pattern_mismatch": codes.SLUG,  # the one pattern a raw value meets: fields.Slug
    "extra_forbidden": codes.COLUMN_UNKNOWN,
    "unexpected_keyword_argument": codes.COLUMN_UNKNOWN,
}


@dataclass
class Table(Generic[R]):
    """The records of one table, with the spreadsheet row each came from."""

    record_type: type[R]
    source: RowSource | None = None
    records: list[R] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    raw_ids: set[str] = field(default_factory=set)
    readable: bool = True
    rows_read: int = 0  # data rows seen, loaded or not
    # rows that failed validation: (row, their references that did not fail), so that a bad
    # cell does not hide an unknown reference in the same row
    unloaded_refs: list[tuple[int, dict[str, str]]] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.record_type.FILE

    def where(self, index: int, field_name: str | None = None) -> Location:
        """The place of a loaded record (and one of its fields), with its id."""
        place = self.locate(self.rows[index], field_name)
        return Location(
            place.file, place.row, place.field, self.records[index].id, place.sheet, place.cell
        )

    def locate(self, row: int | None, field_name: str | None = None) -> Location:
        if self.source is None:
            return Location(self.file, row, field_name)
        return self.source.where(row, field_name)

    @property
    def named(self) -> str:
        """How messages name the table: its sheet in a workbook (``the Actions sheet``), its
        file in a folder (``actions.csv``)."""
        sheet = self.locate(None).sheet
        return f"the {sheet} sheet" if sheet else self.file

    def at(self, index: int, field_name: str | None = None) -> str:
        """Where a loaded record is, in the words of its input: ``Designations!D7`` in a
        workbook, ``row 7`` in a CSV file."""
        place = self.where(index, field_name)
        if place.cell is not None:
            return f"{place.sheet}!{place.cell}"
        return f"row {place.row}"

    def index_of_row(self) -> dict[int, int]:
        """Spreadsheet row -> index of the record loaded from it."""
        return {row: index for index, row in enumerate(self.rows)}

    @property
    def rows_failed(self) -> int:
        """Data rows that failed validation: no rule sees them."""
        return self.rows_read - len(self.records)

    def __iter__(self) -> Iterator[tuple[int, R]]:
        """(index, record) pairs; the index gives the row through ``where``."""
        return enumerate(self.records)

    def __len__(self) -> int:
        return len(self.records)


@dataclass
class Dataset:
    """A loaded dataset: its tables by record type, and the problems found loading it."""

    path: Path
    tables: dict[type[Record], Table[Any]]
    problems: Problems
    texts: dict[str, str] = field(default_factory=dict)  # source texts a workbook holds, by file

    def table(self, record_type: type[R]) -> Table[R]:
        return cast(Table[R], self.tables[record_type])

    @property
    def sources_dir(self) -> Path:
        """Source texts live in ``sources/`` of the dataset folder (beside a workbook)."""
        return (self.path if self.path.is_dir() else self.path.parent) / SOURCES_DIR

    def source_path(self, source: Source) -> Path:
        return self.sources_dir / source.file

    def source_text(self, source: Source) -> str | None:
        """A source's text: its file in ``sources/``, else the copy a workbook holds; None when
        there is neither. Raises UnicodeDecodeError for a file that is not UTF-8."""
        path = self.source_path(source)
        if Path(source.file).name == source.file and path.is_file():
            return path.read_text(encoding="utf-8-sig")
        return self.texts.get(source.file)

    @property
    def rows_not_loaded(self) -> int:
        """Data rows that failed validation, counted exactly (not from the listed problems)."""
        return sum(t.rows_failed for t in self.tables.values())

    @property
    def record_count(self) -> int:
        return sum(len(t) for t in self.tables.values())

    def files(self) -> list[Path]:
        """The files the dataset was read from: its tables and its source texts."""
        tables = [self.path] if self.path.is_file() else sorted(self.path.glob("*.csv"))
        texts = sorted(p for p in self.sources_dir.glob("*") if p.is_file())
        return [p for p in tables if p.is_file()] + texts

    def fingerprint(self) -> str:
        """sha256 over the dataset's files (tables and source texts), in name order."""
        digest = hashlib.sha256()
        base = self.path if self.path.is_dir() else self.path.parent
        for path in self.files():
            digest.update(path.relative_to(base).as_posix().encode())
            digest.update(bytes.fromhex(file_sha256(path)))
        return digest.hexdigest()

    def frames(self) -> dict[str, pd.DataFrame]:
        """Each table as a typed pandas DataFrame (nullable integer counts, datetime dates,
        the ids as index), keyed by file name without ``.csv``."""
        return dataset_frames(lambda t: self.table(t).records)


def load_dataset(path: Path) -> Dataset:
    """Load every table of a dataset directory; raises InputError only when the directory
    itself is unusable. Bad content becomes Problems."""
    if not path.exists():
        raise InputError(f"dataset not found: {path}")
    if not path.is_dir():
        raise InputError(
            f"a dataset is a folder of CSV files or a workbook (.xlsx, .ods): {path} is neither"
        )
    problems = Problems()
    tables: dict[type[Record], Table[Any]] = {}
    for record_type in RECORD_TYPES:
        csv_path = path / record_type.FILE
        if not csv_path.exists() and record_type.OPTIONAL:
            tables[record_type] = Table(record_type)
        elif not csv_path.exists():
            tables[record_type] = missing_table(record_type, problems)
        else:
            source = CsvFile(csv_path, record_type.FILE)
            tables[record_type] = load_table(record_type, source, problems)
    problems.extend(unknown_files(path))
    dataset = Dataset(path, tables, problems)
    problems.extend(check_integrity(dataset))
    return dataset


def unknown_files(directory: Path) -> Iterator[Problem]:
    known = {t.FILE for t in RECORD_TYPES}
    for path in sorted(directory.glob("*.csv")):
        if path.name not in known:
            yield codes.FILE_UNKNOWN(
                Location(path.name),
                f"{path.name} is not a file of the dataset; its rows are not loaded",
                hint="rename it to one of: " + ", ".join(sorted(known)),
            )


def missing_table(
    record_type: type[R], problems: Problems, where: Location | None = None
) -> Table[R]:
    problems.add(
        codes.FILE_MISSING(
            where or Location(record_type.FILE),
            f"{where.sheet if where and where.sheet else record_type.FILE} is missing",
            hint="create it with its header row: " + ",".join(columns(record_type)),
        )
    )
    return Table(record_type, readable=False)


def load_table(record_type: type[R], source: RowSource, problems: Problems) -> Table[R]:
    """Read, check and validate one table's rows."""
    table: Table[R] = Table(record_type, source)
    header = source.header
    if header is None:
        table.readable = False
        problems.extend(source.problems)
        return table
    keep = check_header(table, header, problems)
    missing = required_columns(record_type) - set(header)
    validator = TypeAdapter(list[record_type])  # type: ignore[valid-type]
    chunk: list[dict[str, str]] = []
    chunk_rows: list[int] = []
    quotes: dict[str, str] = {}
    names = [header[i] for i in keep]
    id_index = header.index("id") if "id" in header else None
    for row, cells in source.rows():
        table.rows_read += 1
        if id_index is not None and id_index < len(cells):
            table.raw_ids.add(cells[id_index].strip())
        if len(cells) != len(header) and not _only_blank_extra(cells, len(header)):
            problems.add(row_cells_problem(table, row, len(cells), len(header)))
            continue
        if CONTROL.search("".join(cells)):
            problems.extend(control_characters(table, row, header, cells))
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
    if source.problems:
        table.readable = False
        problems.extend(source.problems)
    return table


def _only_blank_extra(cells: list[str], width: int) -> bool:
    """Spreadsheets often save trailing empty cells; those are harmless."""
    return len(cells) > width and not any(c.strip() for c in cells[width:])


def row_cells_problem(table: Table[Any], row: int, got: int, want: int) -> Problem:
    return codes.ROW_CELLS(
        table.locate(row),
        f"row has {got} cells but the header has {want}; the row is not loaded",
        value=got,
    )


def control_characters(
    table: Table[Any], row: int, header: list[str], cells: list[str]
) -> Iterator[Problem]:
    """One problem per cell holding a control character; the row is not loaded."""
    for name, cell in zip(header, cells, strict=False):
        found = CONTROL.search(cell)
        if found:
            yield codes.TEXT(
                table.locate(row, name or None),
                f"{name} holds the control character U+{ord(found.group()):04X} at position "
                f"{found.start() + 1}; the row is not loaded",
                value=cell.encode("unicode_escape").decode("ascii"),
            )


def check_header(table: Table[Any], header: list[str], problems: Problems) -> list[int]:
    """Report duplicate, unknown and missing columns once; return the indexes of usable ones."""
    record_type = table.record_type
    known = set(columns(record_type))
    keep: list[int] = []
    seen: set[str] = set()
    for index, name in enumerate(header):
        where = table.locate(1, name or f"column {index + 1}")
        if name in seen:
            problems.add(
                codes.COLUMN_DUPLICATE(where, f"column {name!r} appears twice", value=name)
            )
        elif name not in known:
            problems.add(
                codes.COLUMN_UNKNOWN(
                    where,
                    f"unknown column {name!r}; its values are not loaded",
                    hint="rename it to one of: " + ", ".join(columns(record_type)),
                    value=name,
                )
            )
        else:
            keep.append(index)
        seen.add(name)
    for name in columns(record_type):
        if name in required_columns(record_type) and name not in header:
            problems.add(
                codes.COLUMN_MISSING(
                    table.locate(1, name),
                    f"required column {name!r} is missing",
                    hint=f"add a column headed {name}",
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
        bad: dict[int, set[str | None]] = {}
        for index, problem in validation_problems(exc, table, rows, values):
            bad.setdefault(index, set()).add(problem.field)
            if not (problem.code == "required" and problem.field in missing_columns):
                problems.add(problem)
        for index, fields_failed in bad.items():
            refs = {
                name: values[index][name]
                for name in table.record_type.REFS
                if name in values[index] and name not in fields_failed
            }
            if refs:
                table.unloaded_refs.append((rows[index], refs))
        keep = [i for i in range(len(values)) if i not in bad]
        records = validator.validate_python([values[i] for i in keep])
        rows = [rows[i] for i in keep]
    table.records.extend(records)
    table.rows.extend(rows)


def validation_problems(
    exc: ValidationError, table: Table[Any], rows: list[int], values: list[dict[str, str]]
) -> Iterator[tuple[int, Problem]]:
    """(index in the chunk, Problem) for each error of a list validation. ``loc[0]`` is the
    index in the validated list; ``values`` gives the raw cells."""
    for err in exc.errors(include_url=False):
        loc = err["loc"]
        index = int(loc[0])
        field_name = str(loc[1]) if len(loc) > 1 else None
        code = PYDANTIC_CODES.get(err["type"]) or codes.CATALOGUE.get(err["type"], codes.VALUE)
        ctx = err.get("ctx") or {}
        raw = values[index].get(field_name) if field_name else None
        message = err["msg"]
        if code is codes.VOCABULARY and "expected" in ctx:
            message = f"{raw!r} is not one of {ctx['expected']}"
        elif code is codes.SLUG:
            message = f"{raw!r} is not a slug"
        where = table.locate(rows[index], field_name)
        yield index, code(where, message, hint=ctx.get("hint"), value=raw)


# --- integrity ---------------------------------------------------------------------------------


def check_integrity(dataset: Dataset) -> Iterator[Problem]:
    for table in dataset.tables.values():
        yield from duplicate_ids(table)
        yield from dangling_refs(dataset, table)
    yield from missing_source_texts(dataset)


def duplicate_ids(table: Table[Any]) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for index, record in table:
        if record.id in first:
            yield codes.ID_DUPLICATE(
                table.where(index, "id"),
                f"id {record.id!r} is already used at {table.at(first[record.id], 'id')}",
                value=record.id,
                related=[table.where(first[record.id], "id")],
            )
        else:
            first[record.id] = index


def dangling_refs(dataset: Dataset, table: Table[Any]) -> Iterator[Problem]:
    """Every reference to an id its table does not have, loaded rows and rows that failed
    on another cell alike, each with the nearest id there as the hint."""
    for field_name, target_type in table.record_type.REFS.items():
        target = dataset.table(target_type)
        if not target.readable:
            continue  # its own problem is reported; every reference would repeat it
        nearest = Nearest(target.raw_ids)
        places = [
            (table.where(index, field_name), value)
            for index, record in table
            if (value := getattr(record, field_name)) is not None
        ] + [
            (table.locate(row, field_name), refs[field_name])
            for row, refs in table.unloaded_refs
            if field_name in refs
        ]
        for where, value in sorted(places, key=lambda p: p[0].row or 0):
            if value in target.raw_ids:
                continue
            near = nearest(value)
            yield codes.REF_UNKNOWN(
                where,
                f"{field_name} {value!r} is not an id in {target.named}",
                hint=(
                    f"did you mean {near!r}? Else use an id that exists in {target.named}, "
                    "or add that record"
                    if near
                    else f"use an id that exists in {target.named}, or add that record"
                ),
                value=value,
            )


class Nearest:
    """The id nearest to an unknown one (rapidfuzz's Levenshtein ratio, at least 0.6), for
    the first ``SUGGESTED`` distinct unknown ids: each look-up scans every id."""

    def __init__(self, ids: set[str]) -> None:
        self.ids = sorted(ids)
        self.found: dict[str, str | None] = {}

    def __call__(self, value: str) -> str | None:
        if value not in self.found:
            if len(self.found) >= SUGGESTED or not self.ids:
                return None
            match = process.extractOne(
                value, self.ids, scorer=Levenshtein.normalized_similarity, score_cutoff=0.6
            )
            self.found[value] = match[0] if match else None
        return self.found[value]


def missing_source_texts(dataset: Dataset) -> Iterator[Problem]:
    table = dataset.table(Source)
    for index, source in table:
        path = dataset.source_path(source)
        on_disk = Path(source.file).name == source.file and path.is_file()
        if not on_disk and source.file not in dataset.texts:
            yield codes.SOURCE_FILE_MISSING(
                table.where(index, "file"),
                f"source text {source.file!r} is not in {SOURCES_DIR}/",
                hint=f"put the text under {dataset.sources_dir} with exactly this name",
                value=source.file,
            )
