"""US Treasury OFAC legacy CSV sets: the SDN list (sdn.csv, add.csv, alt.csv, sdn_comments.csv)
and the consolidated non-SDN list (cons_prim.csv, cons_add.csv, cons_alt.csv,
cons_comments.csv).

Quirks handled (see tests/fixtures/official/PROVENANCE.md): no header row; ``-0-`` (with or
without a trailing space) is null; a final Ctrl-Z row; programs joined as ``SDGT] [SDT``;
entities have type ``-0-``; tonnage with thousands separators; remarks cut at 1,000 characters
and continued in the comments file; IMO numbers inside remarks. The files are sorted by entity
number, so the four are merged in one streaming pass (memory does not grow with the list).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from tracker.errors import ListFormatError
from tracker.lists.importers.base import (
    Entry,
    ListFormat,
    Published,
    csv_records,
    entity_type,
    files_in,
    is_number,
    normal_country,
)
from tracker.lists.importers.remarks import parse_remarks

SDN_FILES = {
    "primary": "sdn.csv",
    "add": "add.csv",
    "alt": "alt.csv",
    "comments": "sdn_comments.csv",
}
CONS_FILES = {
    "primary": "cons_prim.csv",
    "add": "cons_add.csv",
    "alt": "cons_alt.csv",
    "comments": "cons_comments.csv",
}
WIDTHS = {"primary": 12, "add": 6, "alt": 5, "comments": 2}
TYPES = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}
CTRL_Z = "\x1a"
OPTIONAL = (("title", 4), ("vessel_type", 6), ("tonnage", 7), ("grt", 8), ("vessel_owner", 10))
NULLS = frozenset({"-0-", "-0", ""})
RAW_NULLS = frozenset({"-0- ", "-0-", "-0", ""})  # as the files write them (most cells)


def clean(cells: list[str]) -> list[str | None]:
    """The cells stripped, with OFAC's null marker ``-0-`` (trailing space or not) as None."""
    return [
        None if cell in RAW_NULLS or (text := cell.strip()) in NULLS else text for cell in cells
    ]


def rows(
    path: Path, role: str, part: tuple[int, int] = (0, 1)
) -> Iterator[tuple[int, list[str | None]]]:
    """(entity number, cells) of each row, checking the shape and the sort order; with a
    ``part`` (k, n), only the entities whose number is k modulo n."""
    width = WIDTHS[role]
    share, shares = part
    previous = -1
    for line, cells in csv_records(path, "latin-1"):
        if len(cells) != width or not is_number(cells[0]):
            if not cells or cells == [CTRL_Z] or (len(cells) == 1 and not cells[0].strip()):
                continue  # blank line, or the Ctrl-Z end-of-file row
            raise ListFormatError(
                f"{path.name} line {line}: {len(cells)} cells starting {cells[0][:20]!r}; an "
                f"OFAC {path.name} row has {width}, the first an entity number"
            )
        number = int(cells[0])
        if number < previous:
            raise ListFormatError(f"{path.name} line {line}: not sorted by entity number")
        previous = number
        if number % shares == share:
            yield number, clean(cells)


class Side:
    """A file merged into the primary one by entity number (both are sorted)."""

    def __init__(self, path: Path | None, role: str) -> None:
        self._rows = rows(path, role) if path else iter(())
        self._next = next(self._rows, None)

    def take(self, number: int) -> list[list[str | None]]:
        found = []
        while self._next is not None and self._next[0] <= number:
            if self._next[0] == number:
                found.append(self._next[1])
            self._next = next(self._rows, None)
        return found


def choose(paths: Sequence[Path], names: dict[str, str], other: dict[str, str]) -> dict[str, Path]:
    by_name = {p.name.lower(): p for p in files_in(paths)}
    if names["primary"] not in by_name:
        if other["primary"] in by_name:
            raise ListFormatError(
                f"{other['primary']} belongs to the other OFAC list: import it "
                f"as {'ofac-cons' if names is SDN_FILES else 'ofac-sdn'}"
            )
        raise ListFormatError(
            f"no {names['primary']} among the files given ({', '.join(sorted(by_name)) or 'none'})"
        )
    unknown = sorted(set(by_name) - set(names.values()))
    if unknown:
        raise ListFormatError(f"not part of this OFAC set: {', '.join(unknown)}")
    return {role: by_name[name] for role, name in names.items() if name in by_name}


def entries(files: dict[str, Path], part: tuple[int, int] = (0, 1)) -> Iterator[Entry]:
    adds, alts, comments = (Side(files.get(r), r) for r in ("add", "alt", "comments"))
    for number, cells in rows(files["primary"], "primary", part):
        programs = cells[3]
        entry = Entry(
            entry_id=str(number),
            entity_type=entity_type(cells[2], TYPES, default="organization"),
            name=cells[1] or "",
            programs=[p.strip() for p in programs.strip("[]").split("] [") if p.strip()]
            if programs
            else [],
            call_sign=cells[5],
            flag=normal_country(cells[9]) if cells[9] else None,
        )
        for key, index in OPTIONAL:
            found = cells[index]
            if found:
                entry.add(key, found.replace(",", "") if key in ("tonnage", "grt") else found)
        remarks = cells[11] or ""
        for continuation in comments.take(number):
            remarks += continuation[1] or ""
        if remarks:
            entry.remarks = remarks
            parse_remarks(entry, remarks)
        for alt in alts.take(number):
            entry.add_alias(alt[3])
        for address in adds.take(number):
            country = address[4]
            entry.add_country(country)
            parts = [p for p in (address[2], address[3], country) if p]
            if parts:
                entry.add("addresses", ", ".join(parts))
        yield entry


def parse_sdn(
    paths: Sequence[Path], part: tuple[int, int] = (0, 1)
) -> tuple[Published, Iterator[Entry]]:
    return Published(), entries(choose(paths, SDN_FILES, CONS_FILES), part)


def parse_cons(
    paths: Sequence[Path], part: tuple[int, int] = (0, 1)
) -> tuple[Published, Iterator[Entry]]:
    return Published(), entries(choose(paths, CONS_FILES, SDN_FILES), part)


SDN = ListFormat(
    "ofac-sdn",
    "US Treasury OFAC SDN list, legacy CSV set (sdn.csv, add.csv, alt.csv, sdn_comments.csv)",
    parse_sdn,
    splittable=True,
)
CONS = ListFormat(
    "ofac-cons",
    "US Treasury OFAC consolidated non-SDN list, legacy CSV set "
    "(cons_prim.csv, cons_add.csv, cons_alt.csv, cons_comments.csv)",
    parse_cons,
    splittable=True,
)
