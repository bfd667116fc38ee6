"""The interface every official-list format implements, and the guards they share.

A format module defines a ``ListFormat``: its name, a description, and ``parse(files, part)``
returning what the files say of themselves (``Published``) and an iterator of ``Entry``. Every
importer reads its files through ``csv_records``/``csv_dicts`` here or ``importers/xml.py``, so a
short or long row, a byte the encoding does not define, an oversized field or a missing column
ends the import with a ``ListFormatError`` naming the file and line, never a traceback.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tracker import codes
from tracker.errors import ListFormatError
from tracker.problems import Location, Problem
from tracker.values import country_code, is_valid_imo_company, is_valid_imo_ship

ENTITY_TYPES = frozenset({"person", "organization", "vessel", "aircraft"})
DETAILS = {  # every kind of detail an entry can hold, whatever its source: the one vocabulary
    "addresses": "postal addresses, one text each",
    "aircraft": "aircraft facts: model, manufacturer, serial, tail number",
    "alias_strength": "the list's quality grade of a name (UK: good / low quality)",
    "alias_types": "what kind of other name an alias is (OFAC: a.k.a., f.k.a., n.k.a.)",
    "authorities": "the authorities that list the entry (OpenSanctions)",
    "company_imo": "IMO company (owner/manager) numbers",
    "datasets": "the OpenSanctions datasets that hold the entry",
    "dates_of_birth": "dates of birth as the list gives them (partial, ranges, other calendars)",
    "designation_source": "who designated the entry first (UK: UN or UK)",
    "digital_currency": "digital currency addresses",
    "emails": "email addresses",
    "former_flags": "earlier flags of a vessel",
    "gender": "gender as the list gives it",
    "grt": "gross registered tonnage of a vessel",
    "ids": "identity documents and registration numbers: type, number, country",
    "incorporated": "dates of incorporation or registration",
    "linked_to": "relationships to other entries: 'relation: name (entry id)'",
    "lists": "the lists of the source that hold the entry (OFAC: SDN List...)",
    "mmsi": "MMSI numbers of a vessel",
    "names_by_language": "names in another language: 'language: name'",
    "names_by_script": "names in another script: 'script: name'",
    "nationalities": "nationalities and citizenships, alpha-2 where a country",
    "other": "what the list says that has no kind of its own",
    "phones": "telephone numbers",
    "places_of_birth": "places of birth",
    "references": "the list's own reference numbers (UN, EU, UK ids)",
    "regulations": "the legal acts that list the entry",
    "source_urls": "web pages the entry was taken from",
    "status": "the entry's status where the list keeps de-listed ones",
    "title": "titles and positions",
    "tonnage": "tonnage of a vessel",
    "topics": "OpenSanctions topics (sanction, role.pep, ...)",
    "vessel_owner": "owner of a vessel, as named",
    "vessel_type": "type of a vessel",
    "websites": "web sites",
    "year_built": "year a vessel was built",
}
COUNTRY_DETAILS = frozenset({"nationalities", "former_flags"})  # alpha-2 where a country
ENCODING_NAMES = {"utf-8-sig": "UTF-8", "latin-1": "Latin-1", "cp1252": "Windows-1252"}
FIELD_LIMIT = 1_000_000  # characters in one cell of a list file; OFAC's remarks stop at 1,000


@dataclass
class Entry:
    """One entry of an official list, normalised. ``details`` holds what the list says beyond
    the common fields (dates and places of birth, ids, addresses, links, names in other
    scripts...), one list of texts per kind."""

    entry_id: str
    entity_type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    listed_on: str | None = None
    imo: str | None = None
    flag: str | None = None
    call_sign: str | None = None
    remarks: str | None = None
    details: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # not fields (an entry's fields are what the store keeps): each list's values as a set,
        # so that adding one is a look-up, not a scan of the list (an entry with 120,000 names
        # took 71 s), kept in step by the methods below; and the warnings an importer attaches,
        # (code id, value, message)
        self._seen: dict[str, set[str]] = {}
        self.warnings: list[tuple[str, str, str]] = []

    def _once(self, key: str, values: list[str], value: str) -> None:
        seen = self._seen.get(key)
        if seen is None or len(seen) != len(values):  # the list was changed directly
            seen = self._seen[key] = set(values)
        if value not in seen:
            seen.add(value)
            values.append(value)

    def add(self, kind: str, value: str) -> None:
        """Add a detail once; empty values are dropped. ``kind`` is one of ``DETAILS``."""
        value = normal_country(value) if kind in COUNTRY_DETAILS else value.strip()
        if value:
            self._once(f"details:{kind}", self.details.setdefault(kind, []), value)

    def add_alias(self, name: str | None, *, besides_name: bool = True) -> None:
        """Add another name once (never the entry's own name, unless ``besides_name`` is
        False)."""
        name = (name or "").strip()
        if name and (name != self.name or not besides_name):
            self._once("aliases", self.aliases, name)

    def remove_alias(self, name: str) -> None:
        if name in self._seen.get("aliases", set()) or name in self.aliases:
            self.aliases.remove(name)
            self._seen.pop("aliases", None)

    def add_country(self, text: str | None) -> None:
        """A country by code or name, as alpha-2 where it is one (kept as given otherwise)."""
        country = normal_country(text or "")
        if country:
            self._once("countries", self.countries, country)

    def add_program(self, program: str | None) -> None:
        program = (program or "").strip()
        if program:
            self._once("programs", self.programs, program)

    def warn(self, code: str, value: str, message: str) -> None:
        """A warning about this entry, reported with the import (``entry_problems``)."""
        self.warnings.append((code, value, message))


@dataclass(frozen=True)
class Published:
    """What the files say of themselves: the list's own date (ISO), where stated."""

    date: str | None = None


Parser = Callable[[Sequence[Path], tuple[int, int]], tuple[Published, Iterator[Entry]]]


@dataclass(frozen=True)
class ListFormat:
    """``parse(files, part)`` checks the files and yields the entries; ``part`` (k, n) asks for
    the k-th of n interleaved shares, which only a ``splittable`` source can give (others take
    (0, 1))."""

    name: str
    description: str
    parse: Parser
    splittable: bool = False


def normal_country(text: str) -> str:
    """Alpha-2 when the text is a country, else the text as given (nothing is dropped)."""
    text = text.strip()
    return (country_code(text) or text) if text else ""


_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ].*|[+-]\d{2}:\d{2}|Z)?$")


def listed_day(text: str | None) -> str | None:
    """A listing date as its ISO day: a time or UTC offset the list adds is dropped
    ("2015-04-07-04:00" -> "2015-04-07"); another form is kept as given."""
    text = (text or "").strip()
    match = _DAY.match(text)
    return match.group(1) if match else text or None


def entity_type(text: str | None, types: dict[str, str], default: str | None = None) -> str:
    """The tracker's type for a list's own type word: mapped, or ``default`` when the list
    leaves it empty, or the list's word itself (reported by ``entry_problems``)."""
    key = (text or "").strip().lower()
    if not key and default is not None:
        return default
    return types.get(key, key or "unknown")


def entry_problems(entry: Entry, file: str) -> Iterator[Problem]:
    """Warnings about one entry: IMO numbers that fail their check digit, unknown types."""
    where = Location(file, None, None, entry.entry_id)
    if entry.imo and not is_valid_imo_ship(entry.imo):
        yield codes.IMO(
            Location(file, None, "imo", entry.entry_id),
            f"IMO ship number {entry.imo} fails the check digit",
            value=entry.imo,
            severity=codes.WARNING,
        )
    for number in entry.details.get("company_imo", []):
        if not is_valid_imo_company(number):
            yield codes.IMO_COMPANY(
                Location(file, None, "company_imo", entry.entry_id),
                f"IMO company number {number} fails the check digit",
                value=number,
            )
    for code_id, value, message in entry.warnings:
        yield codes.CATALOGUE[code_id](where, message, value=value, severity=codes.WARNING)
    if entry.entity_type not in ENTITY_TYPES:
        yield codes.ENTITY_TYPE(
            where,
            f"type {entry.entity_type!r} is not one the tracker knows; kept as given",
            value=entry.entity_type,
        )


def files_in(paths: Sequence[Path]) -> list[Path]:
    """The files named, with directories expanded to the files they hold."""
    result: list[Path] = []
    for path in paths:
        if path.is_dir():
            result.extend(sorted(p for p in path.iterdir() if p.is_file()))
        else:
            result.append(path)
    return result


def one_file(paths: Sequence[Path], what: str, suffixes: tuple[str, ...]) -> Path:
    files = files_in(paths)
    if len(files) != 1 or files[0].suffix.lower() not in suffixes:
        names = ", ".join(p.name for p in files) or "none"
        raise ListFormatError(f"{what} is one {'/'.join(suffixes)} file (given: {names})")
    return files[0]


_DIGITS = re.compile(r"[0-9]+")


def is_number(text: str) -> bool:
    """ASCII digits only: superscripts ('²') and other scripts' digits pass
    ``str.isdigit()`` but are not ids."""
    return _DIGITS.fullmatch(text) is not None


def csv_records(path: Path, encoding: str) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of each CSV record, read strictly in ``encoding``."""
    csv.field_size_limit(FIELD_LIMIT)
    try:
        with path.open(encoding=encoding, newline="") as handle:
            reader = csv.reader(handle)
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except UnicodeDecodeError as exc:
                    raise ListFormatError(
                        f"{path.name} near line {reader.line_num + 1}: byte "
                        f"0x{exc.object[exc.start]:02x} is not {ENCODING_NAMES[encoding]} text"
                    ) from None
                except csv.Error as exc:
                    raise ListFormatError(f"{path.name} line {reader.line_num}: {exc}") from None
                yield reader.line_num, cells
    except OSError as exc:
        raise ListFormatError(f"cannot read {path}: {exc.strerror or exc}") from None


def csv_dicts(
    path: Path, encoding: str, required: set[str], what: str, skip: int = 0
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header (after ``skip`` preamble records) and (line, row) of each record. The header
    must hold the ``required`` columns; a row of another width stops the import."""
    records = csv_records(path, encoding)
    for _ in range(skip):
        next(records, None)
    first = next(records, None)
    header = [h.strip() for h in first[1]] if first else []
    missing = required - set(header)
    if missing:
        raise ListFormatError(
            f"{path.name}: not {what} (missing columns {', '.join(sorted(missing))})"
        )

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for line, cells in records:
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # a blank line
            if len(cells) != len(header):
                raise ListFormatError(
                    f"{path.name} line {line}: {len(cells)} cells, but the header has {len(header)}"
                )
            yield line, dict(zip(header, cells, strict=True))

    return header, rows()


def day_month_year(text: str) -> str | None:
    """'24/04/2002' -> '2002-04-24'; '00/00/1943' -> '1943'; '00/04/1943' -> '1943-04'; other
    text is kept as given (lists write 'dd/mm/1945' or 'circa 1960')."""
    parts = text.strip().split("/")
    if len(parts) != 3 or not all(is_number(p) for p in parts):
        return text.strip() or None
    day, month, year = parts
    if month.strip("0") == "":
        return year
    return f"{year}-{month:0>2}" if day.strip("0") == "" else f"{year}-{month:0>2}-{day:0>2}"
