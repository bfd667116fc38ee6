"""Rows of one table of the dataset, each with its spreadsheet row number; faults of the file
as a whole become Problems. A ``RowSource`` is a CSV file here, or a worksheet (``workbook.py``).

Spreadsheet rows: the header is row 1 and every CSV record (blank ones too) is one row, so a
quoted newline inside a cell does not shift the numbering, just as in Excel or Calc.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from tracker import codes
from tracker.errors import InputError
from tracker.problems import Location, Problem

FIELD_LIMIT = 10_000_000  # characters in one CSV cell: far above any quote, far below memory


class RowSource(Protocol):
    """A table read as a header plus numbered rows. Reading never raises for bad content: a
    fault ends the table with a Problem in ``problems``."""

    header: list[str] | None
    problems: list[Problem]

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(spreadsheet row, cells) for every non-blank row after the header."""
        ...

    def where(self, row: int | None, field: str | None = None) -> Location:
        """The place of a row (and field) in this table, as problems name it."""
        ...


class CsvFile:
    """A dataset CSV file: UTF-8 (a BOM is fine), a header row, one record per row."""

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name
        self.problems: list[Problem] = []
        csv.field_size_limit(FIELD_LIMIT)
        try:
            self._stream = path.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
        self._reader = csv.reader(self._stream, strict=True)
        self._row = 0
        self.header = self._first_row()

    def where(self, row: int | None, field: str | None = None) -> Location:
        return Location(self.name, row, field)

    def _next(self) -> list[str] | None:
        """The next CSV record, or None at the end or at a fault (recorded as a Problem)."""
        try:
            cells = next(self._reader)
        except StopIteration:
            return None
        except UnicodeDecodeError as exc:
            line, value = _locate_bad_bytes(self.path, exc)
            self.problems.append(
                codes.ENCODING(
                    Location(self.name, line),
                    f"the file is not UTF-8: byte {value} at line {line}",
                    value=value,
                )
            )
            return None
        except csv.Error as exc:
            self.problems.append(
                codes.CSV_SYNTAX(Location(self.name, self._row + 1), f"broken CSV: {exc}")
            )
            return None
        self._row += 1
        return cells

    def _first_row(self) -> list[str] | None:
        while (cells := self._next()) is not None:
            if any(c.strip() for c in cells):
                return [c.strip() for c in cells]
        if not self.problems:
            self.problems.append(
                codes.FILE_EMPTY(Location(self.name), "the file is empty: it has no header row")
            )
        self._stream.close()  # nothing more to read: rows() will not run
        return None

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        if self.header is None:
            return
        try:
            while (cells := self._next()) is not None:
                if any(c.strip() for c in cells):
                    yield self._row, cells
        finally:
            self._stream.close()


def _locate_bad_bytes(path: Path, exc: UnicodeDecodeError) -> tuple[int, str]:
    """Line number and hex of the first byte that is not UTF-8. The decoder's own offset is
    relative to a buffer, so search the file itself, a block at a time (flat memory)."""
    line, carry, first = 1, b"", True
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            data = carry + block
            try:
                data.decode("utf-8-sig" if first else "utf-8")
                carry = b""
            except UnicodeDecodeError as bad:
                if bad.reason != "unexpected end of data":
                    bad_bytes = data[bad.start : bad.end]
                    return line + data.count(b"\n", 0, bad.start), "0x" + bad_bytes.hex()
                data, carry = data[: bad.start], data[bad.start :]
            first = False
            line += data.count(b"\n")
    return line, "0x" + exc.object[exc.start : exc.end].hex()


def write_csv(path: Path, header: list[str], rows: Iterable[dict[str, str]]) -> None:
    """Write a dataset CSV (UTF-8, header row) the way the loader reads it."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
