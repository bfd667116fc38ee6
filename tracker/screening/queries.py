"""Queries for `tracker screen`: one from the options, or a file of them (.csv, or the first
sheet of an .xlsx/.ods). Columns ``id``, ``name``, optional ``type``, ``aliases`` (``;``),
``birth_date``, ``country``, ``imo``, ``id_number``; other headers are mapped with
``--map "Company name=name"``. Every value is checked; a file with a bad value stops the run
with each problem's row and column (a query misread would miss a hit)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from tracker import codes
from tracker.errors import InputError
from tracker.lists.importers.base import ENTITY_TYPES, csv_records
from tracker.problems import Location, Problem, Problems
from tracker.records.workbook import cell_text
from tracker.screening.score import Query
from tracker.values import country_code, is_valid_imo_ship, list_date

FIELDS = ("id", "name", "type", "aliases", "birth_date", "country", "imo", "id_number")
BOOKS = (".xlsx", ".xlsm", ".ods")
_IMO = re.compile(r"^(?:IMO)?\s*([0-9]{7})$", re.IGNORECASE)


def parse_map(items: Sequence[str]) -> dict[str, str]:
    """``--map "Header=field"`` options as header (casefolded) -> field."""
    mapping = {}
    for item in items:
        header, sep, target = item.rpartition("=")
        if not sep or not header.strip() or target.strip() not in FIELDS:
            raise InputError(
                f"--map {item!r}: write it as COLUMN=FIELD, FIELD one of {', '.join(FIELDS)}"
            )
        mapping[header.strip().casefold()] = target.strip()
    return mapping


def field_of(header: str, mapping: dict[str, str]) -> str | None:
    key = header.strip().casefold()
    if key in mapping:
        return mapping[key]
    plain = key.replace(" ", "_").replace("-", "_")
    return plain if plain in FIELDS else None


def read_queries(path: Path, mapping: dict[str, str]) -> tuple[list[Query], Problems]:
    """The queries of a file, and the problems found in it."""
    if not path.is_file():
        raise InputError(f"queries file not found: {path}")
    suffix = path.suffix.lower()
    if suffix not in (".csv", *BOOKS):
        raise InputError(f"{path}: a queries file is .csv, .xlsx or .ods")
    rows = book_rows(path) if suffix in BOOKS else csv_rows(path)
    header = next(rows, None)
    if header is None:
        raise InputError(f"{path.name}: no header row (its columns: {', '.join(FIELDS)})")
    _, names = header
    fields = [field_of(str(h), mapping) for h in names]
    if "name" not in fields and "imo" not in fields:
        raise InputError(
            f"{path.name}: no name column among {', '.join(map(str, names))}; map one with "
            "--map 'COLUMN=name'"
        )
    problems = Problems()
    for name, found in zip(names, fields, strict=True):
        if found is None and str(name).strip():
            problems.add(
                codes.COLUMN_UNKNOWN(
                    Location(path.name, 1, str(name)),
                    f"column {name!r} is not a query field; ignored",
                    severity=codes.WARNING,
                    hint=f"map it with --map '{name}=FIELD' ({', '.join(FIELDS)})",
                )
            )
    queries: list[Query] = []
    seen: set[str] = set()
    for row, cells in rows:
        values = {f: cell_text(v).strip() for f, v in zip(fields, cells, strict=False) if f}
        if not any(values.values()):
            continue
        values["id"] = values.get("id") or str(row)
        trouble = list(value_problems(values, lambda f, r=row: Location(path.name, r, f)))
        if values["id"] in seen:
            trouble.append(
                codes.ID_DUPLICATE(
                    Location(path.name, row, "id"),
                    f"query id {values['id']!r} is used twice",
                    value=values["id"],
                )
            )
        seen.add(values["id"])
        problems.extend(trouble)
        if not any(p.severity == codes.ERROR for p in trouble):
            queries.append(query_of(values))
    return queries, problems


def csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    yield from csv_records(path, "utf-8-sig")


def book_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    try:
        book = CalamineWorkbook.from_path(str(path))
        sheet = book.get_sheet_by_index(0)
    except Exception as exc:  # calamine's errors have no common public base
        raise InputError(f"{path}: not a workbook the tracker can read ({exc})") from None
    first = (sheet.start or (0, 0))[0]
    for number, cells in enumerate(sheet.iter_rows(), start=first + 1):
        yield number, list(cells)


def value_problems(values: dict[str, str], where: Any) -> Iterator[Problem]:
    if not values.get("name") and not values.get("imo") and not values.get("id_number"):
        yield codes.REQUIRED(where("name"), "a query needs a name (or an IMO or ID number)")
    kind = values.get("type", "").lower()
    if kind and kind not in ENTITY_TYPES:
        yield codes.VOCABULARY(
            where("type"),
            f"type {values['type']!r} is not one the lists use",
            value=values["type"],
            hint="person, organization, vessel or aircraft",
        )
    if values.get("country") and country_code(values["country"]) is None:
        yield codes.COUNTRY(
            where("country"), f"unknown country {values['country']!r}", value=values["country"]
        )
    imo = values.get("imo", "")
    match = _IMO.match(imo)
    if imo and (match is None or not is_valid_imo_ship(match.group(1))):
        yield codes.IMO(
            where("imo"),
            f"IMO number {imo!r} is not 7 digits with a valid check digit",
            value=imo,
        )
    born = values.get("birth_date", "")
    if born and list_date(born) is None:
        yield codes.DATE(
            where("birth_date"),
            f"birth date {born!r} is not a date",
            value=born,
            hint="YYYY, YYYY-MM or YYYY-MM-DD",
        )


def query_of(values: dict[str, str]) -> Query:
    imo = _IMO.match(values.get("imo", ""))
    return Query(
        id=values["id"],
        name=values.get("name", ""),
        type=values.get("type", "").lower() or None,
        aliases=tuple(a.strip() for a in values.get("aliases", "").split(";") if a.strip()),
        birth_date=list_date(values["birth_date"]) if values.get("birth_date") else None,
        country=country_code(values["country"]) if values.get("country") else None,
        imo=imo.group(1) if imo else None,
        id_number=values.get("id_number") or None,
    )


def one_query(given: dict[str, str | None]) -> Query:
    """The query of `--name` and its options; a bad value is an InputError naming the option."""
    values = {k: v.strip() for k, v in given.items() if v and v.strip()}
    values["id"] = "1"
    for problem in value_problems(values, lambda f: Location("", None, f)):
        option = "--" + (problem.field or "name").replace("_", "-")
        raise InputError(f"{option}: {problem.message} ({problem.hint})")
    return query_of(values)
