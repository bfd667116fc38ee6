"""US Consolidated Screening List (trade.gov) CSV, in its three header variants: 2016 (27
columns, short source codes), 2019 (adds ``ids``, long source names) and 2025 (adds a leading
``_id``). Multi-valued cells are joined with '; '; empty means null; names may have leading
spaces."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from tracker.lists.importers.base import (
    Entry,
    ListFormat,
    Published,
    csv_dicts,
    entity_type,
    normal_country,
    one_file,
)

REQUIRED = {"source", "entity_number", "type", "programs", "name", "alt_names"}
TYPES = {
    "individual": "person",
    "entity": "organization",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
DETAILS = ("dates_of_birth", "places_of_birth", "addresses", "ids", "title", "vessel_type")


def split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split(";") if p.strip()]


def list_code(source: str) -> str:
    """'Entity List (EL) - Bureau of Industry and Security' -> 'EL'; 'SDN' stays 'SDN'."""
    if "(" in source and ")" in source:
        return source[source.index("(") + 1 : source.index(")")]
    return source.strip()


def entry_of(row: dict[str, str]) -> Entry:
    code = list_code(row["source"])
    number = row["entity_number"].strip()
    ident = (row.get("_id") or "").strip() or (f"{code}-{number}" if number else "")
    if not ident:  # no id in the file: the row's own content identifies it
        ident = code + "-" + hashlib.sha1("|".join(row.values()).encode()).hexdigest()[:16]
    flag = (row.get("vessel_flag") or "").strip()
    entry = Entry(
        entry_id=ident,
        entity_type=entity_type(row["type"], TYPES, default="organization"),
        name=row["name"].strip(),
        programs=[code],
        listed_on=(row.get("start_date") or "").strip() or None,
        call_sign=(row.get("call_sign") or "").strip() or None,
        flag=normal_country(flag) if flag else None,
        remarks=(row.get("remarks") or "").strip() or None,
    )
    for alias in split(row["alt_names"]):
        entry.add_alias(alias)
    for program in split(row["programs"]):
        entry.add_program(program)
    for country in split(row.get("citizenships")) + split(row.get("nationalities")):
        entry.add_country(country)
    for column in DETAILS:
        for value in split(row.get(column)):
            entry.add(column, value)
    return entry


def parse(
    paths: Sequence[Path], part: tuple[int, int] = (0, 1)
) -> tuple[Published, Iterator[Entry]]:
    path = one_file(paths, "the Consolidated Screening List", (".csv",))
    _, rows = csv_dicts(path, "utf-8-sig", REQUIRED, "a Consolidated Screening List CSV")
    return Published(), (entry_of(row) for _, row in rows)


SOURCE = ListFormat(
    "csl", "US Consolidated Screening List (trade.gov), CSV, all header variants", parse
)
