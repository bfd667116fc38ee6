"""Rows from a CSV file, each with its spreadsheet row number; file-level faults become Problems.

Spreadsheet rows: the header is row 1 and every CSV record (blank ones too) is one row, so a
quoted newline inside a cell does not shift the numbering, just as in Excel or Calc.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from tracker.problems import Location, Problem, error


class InputError(Exception):
    """Input that cannot be read at all (missing directory, unreadable file): exit code 2."""


csv.field_size_limit(10_000_000)


class CsvFile:
    """A CSV file read as a header plus numbered rows. Reading never raises for bad content:
    an encoding or syntax fault ends the file with a Problem in ``problems``."""

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name
        self.problems: list[Problem] = []
        self.header: list[str] | None = None
        try:
            self._stream = path.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
        self._reader = csv.reader(self._stream, strict=True)
        self._row = 0
        self.header = self._first_row()

    def _next(self) -> list[str] | None:
        """The next CSV record, or None at the end or at a fault (recorded as a Problem)."""
        try:
            cells = next(self._reader)
        except StopIteration:
            return None
        except UnicodeDecodeError as exc:
            line, value = _locate_bad_bytes(self.path, exc)
            self.problems.append(
                error(
                    "encoding",
                    Location(self.name, line),
                    f"the file is not UTF-8: byte {value} at line {line}",
                    "save the file as UTF-8 (in Excel: 'CSV UTF-8 (comma delimited)')",
                    value,
                )
            )
            return None
        except csv.Error as exc:
            self.problems.append(
                error(
                    "csv-syntax",
                    Location(self.name, self._row + 1),
                    f"broken CSV: {exc}",
                    'check for an unclosed double quote; a quote inside a cell is written as ""',
                )
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
                error(
                    "file-empty",
                    Location(self.name),
                    "the file is empty: it has no header row",
                    "a table with no records still needs its header row",
                )
            )
        self._stream.close()  # nothing more to read: rows() will not run
        return None

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(spreadsheet row, cells) for every non-blank record after the header."""
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
    relative to a buffer, so search the file itself."""
    data = path.read_bytes()
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as full:
        bad = data[full.start : full.end]
        return data.count(b"\n", 0, full.start) + 1, "0x" + bad.hex()
    return 1, "0x" + exc.object[exc.start : exc.end].hex()


def write_csv(path: Path, header: list[str], rows: Iterable[dict[str, str]]) -> None:
    """Write a dataset CSV (UTF-8, header row) the way the loader reads it."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
