"""US Consolidated Screening List (trade.gov) CSV, in its three header variants: 2016 (27
columns, short source codes), 2019 (adds ``ids``, long source names) and 2025 (adds a leading
``_id``). Multi-valued cells are joined with '; '; empty means null; names may have leading
spaces."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from tracker.importers import Entry, ListFormatError, Published, Source, files_in, normal_country

REQUIRED = {"source", "entity_number", "type", "programs", "name", "alt_names"}
TYPES = {
    "individual": "person",
    "entity": "organization",
    "vessel": "vessel",
    "aircraft": "aircraft",
}


def split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split(";") if p.strip()]


def list_code(source: str) -> str:
    """'Entity List (EL) - Bureau of Industry and Security' -> 'EL'; 'SDN' stays 'SDN'."""
    if "(" in source and ")" in source:
        return source[source.index("(") + 1 : source.index(")")]
    return source.strip()


def entry_of(row: dict[str, str], line: int) -> Entry:
    code = list_code(row["source"])
    number = (row.get("entity_number") or "").strip()
    ident = (row.get("_id") or "").strip() or (f"{code}-{number}" if number else "")
    if not ident:  # no id in the file: the row's own content identifies it
        ident = code + "-" + hashlib.sha1("|".join(row.values()).encode()).hexdigest()[:16]
    entry = Entry(
        entry_id=ident,
        entity_type=TYPES.get((row.get("type") or "").strip().lower(), "organization"),
        name=(row.get("name") or "").strip(),
        aliases=split(row.get("alt_names")),
        programs=[code, *split(row.get("programs"))],
        listed_on=(row.get("start_date") or "").strip() or None,
        call_sign=(row.get("call_sign") or "").strip() or None,
        flag=normal_country(row["vessel_flag"]) if (row.get("vessel_flag") or "").strip() else None,
        remarks=(row.get("remarks") or "").strip() or None,
    )
    for country in split(row.get("citizenships")) + split(row.get("nationalities")):
        if normal_country(country) not in entry.countries:
            entry.countries.append(normal_country(country))
    for key, column in (
        ("dates_of_birth", "dates_of_birth"),
        ("places_of_birth", "places_of_birth"),
        ("addresses", "addresses"),
        ("ids", "ids"),
        ("title", "title"),
        ("vessel_type", "vessel_type"),
    ):
        for part in split(row.get(column)):
            entry.add(key, part)
    return entry


def parse(
    paths: Sequence[Path], part: tuple[int, int] = (0, 1)
) -> tuple[Published, Iterator[Entry]]:
    files = files_in(paths)
    if len(files) != 1:
        raise ListFormatError("the Consolidated Screening List is one CSV file")
    path = files[0]
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
    except UnicodeDecodeError as exc:
        raise ListFormatError(
            f"{path.name}: not UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})"
        ) from None
    missing = REQUIRED - set(header)
    if missing:
        raise ListFormatError(
            f"{path.name}: not a Consolidated Screening List CSV (missing "
            f"columns {', '.join(sorted(missing))})"
        )

    def entries() -> Iterator[Entry]:
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                for line, row in enumerate(csv.DictReader(handle), start=2):
                    yield entry_of(row, line)
        except UnicodeDecodeError as exc:
            raise ListFormatError(f"{path.name}: not UTF-8 (offset {exc.start})") from None

    return Published(), entries()


SOURCE = Source(
    "csl", "US Consolidated Screening List (trade.gov), CSV, all header variants", parse
)
