"""UK HM Treasury / OFSI consolidated list, legacy CSV (to 2022): a 'Last Updated' preamble
line, then a 29-column header; one row per name, grouped by Group ID; Windows-1252; dates
DD/MM/YYYY with 00 for unknown parts. Today's OFSI format would be one more module."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

from tracker.importers import Entry, ListFormatError, Published, Source, files_in, normal_country

TYPES = {"individual": "person", "entity": "organization", "ship": "vessel"}


def iso_date(text: str) -> str | None:
    """'24/04/2002' -> '2002-04-24'; '00/00/1943' -> '1943'; '00/04/1943' -> '1943-04'."""
    parts = text.strip().split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return text.strip() or None
    day, month, year = parts
    if month == "00":
        return year
    return f"{year}-{month}" if day == "00" else f"{year}-{month}-{day}"


def name_of(row: dict[str, str]) -> str:
    given = [row.get(f"Name {n}", "").strip() for n in range(1, 6)]
    return " ".join(p for p in [*given, row.get("Name 6", "").strip()] if p)


def add_row(groups: dict[str, Entry], row: dict[str, str]) -> None:
    group = row["Group ID"].strip()
    name = name_of(row)
    current = groups.get(group)
    if current is None:
        current = groups[group] = Entry(
            entry_id=group,
            entity_type=TYPES.get(row["Group Type"].strip().lower(), "organization"),
            name=name,
            programs=[row["Regime"].strip()] if row["Regime"].strip() else [],
            listed_on=iso_date(row["Listed On"]),
            remarks=row["Other Information"].strip() or None,
        )
    if row["Alias Type"].strip().lower() == "prime alias" and current.name != name:
        if current.name and current.name not in current.aliases:
            current.aliases.append(current.name)
        current.name = name
    elif name and name != current.name and name not in current.aliases:
        current.aliases.append(name)
    for column, kind in (
        ("DOB", "dates_of_birth"),
        ("Town of Birth", "places_of_birth"),
        ("Passport Details", "ids"),
        ("NI Number", "ids"),
        ("Position", "title"),
    ):
        if row[column].strip():
            current.add(kind, (iso_date(row[column]) or "") if column == "DOB" else row[column])
    for nationality in row["Nationality"].replace(")", "(").split("("):
        text = nationality.strip()
        if text and not text.isdigit():
            current.add("nationalities", normal_country(text))
    if row["Country"].strip():
        country = normal_country(row["Country"])
        if country not in current.countries:
            current.countries.append(country)


def parse(
    paths: Sequence[Path], part: tuple[int, int] = (0, 1)
) -> tuple[Published, Iterator[Entry]]:
    files = files_in(paths)
    if len(files) != 1:
        raise ListFormatError("the legacy UK list is one CSV file")
    path = files[0]
    with path.open(encoding="cp1252", newline="", errors="replace") as handle:
        preamble = next(csv.reader(handle), [])
        header = next(csv.reader(handle), [])
    if not preamble or preamble[0] != "Last Updated" or "Group ID" not in header:
        raise ListFormatError(
            f"{path.name}: not a legacy HM Treasury consolidated list CSV "
            "(it starts with 'Last Updated', then a header with Group ID)"
        )
    published = iso_date(preamble[1]) if len(preamble) > 1 else None

    def entries() -> Iterator[Entry]:
        """Rows of one Group ID are one entry; they need not be adjacent (the file is sorted
        by name), so entries are gathered first: this legacy list is small."""
        groups: dict[str, Entry] = {}
        with path.open(encoding="cp1252", newline="") as handle:
            next(handle)
            for row in csv.DictReader(handle):
                add_row(groups, row)
        yield from groups.values()

    return Published(published), entries()


SOURCE = Source("uk", "UK HM Treasury consolidated list, legacy CSV (sanctionsconlist.csv)", parse)
