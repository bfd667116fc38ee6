"""UK HM Treasury / OFSI consolidated list, legacy CSV (to 2022): a 'Last Updated' preamble
line, then a 29-column header; one row per name, grouped by Group ID; Windows-1252; dates
DD/MM/YYYY with 00 for unknown parts. Today's FCDO XML is ``uk_fcdo.py``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from tracker.errors import ListFormatError
from tracker.lists.importers.base import (
    Entry,
    ListFormat,
    Published,
    csv_dicts,
    csv_records,
    day_month_year,
    entity_type,
    normal_country,
    one_file,
)

TYPES = {"individual": "person", "entity": "organization", "ship": "vessel"}
ENCODING = "cp1252"
REQUIRED = {
    "Group ID",
    "Group Type",
    "Alias Type",
    "Regime",
    "Listed On",
    "Other Information",
    "DOB",
    "Town of Birth",
    "Passport Details",
    "NI Number",
    "Position",
    "Nationality",
    "Country",
    *(f"Name {n}" for n in range(1, 7)),
}
DETAILS = (
    ("DOB", "dates_of_birth"),
    ("Town of Birth", "places_of_birth"),
    ("Passport Details", "ids"),
    ("NI Number", "ids"),
    ("Position", "title"),
)


def name_of(row: dict[str, str]) -> str:
    return " ".join(p for p in (row[f"Name {n}"].strip() for n in range(1, 7)) if p)


def add_row(groups: dict[str, Entry], row: dict[str, str], path: Path, line: int) -> None:
    group = row["Group ID"].strip()
    if not group:
        raise ListFormatError(f"{path.name} line {line}: a row without a Group ID")
    name = name_of(row)
    current = groups.get(group)
    if current is None:
        current = groups[group] = Entry(
            entry_id=group,
            entity_type=entity_type(row["Group Type"], TYPES),
            name=name,
            listed_on=day_month_year(row["Listed On"]),
            remarks=row["Other Information"].strip() or None,
        )
        current.add_program(row["Regime"])
    if row["Alias Type"].strip().lower() == "prime alias" and current.name != name:
        former, current.name = current.name, name
        current.add_alias(former)
        current.remove_alias(name)
    else:
        current.add_alias(name)
    for column, kind in DETAILS:
        value = row[column].strip()
        current.add(kind, (day_month_year(value) or "") if column == "DOB" else value)
    for nationality in row["Nationality"].replace(")", "(").split("("):
        if nationality.strip() and not nationality.strip().isdigit():
            current.add("nationalities", normal_country(nationality))
    current.add_country(row["Country"])


def parse(
    paths: Sequence[Path], part: tuple[int, int] = (0, 1)
) -> tuple[Published, Iterator[Entry]]:
    path = one_file(paths, "the legacy UK list", (".csv",))
    preamble = next(csv_records(path, ENCODING), (0, []))[1]
    if not preamble or preamble[0] != "Last Updated":
        raise ListFormatError(
            f"{path.name}: not a legacy HM Treasury consolidated list CSV "
            "(it starts with 'Last Updated', then a header with Group ID)"
        )
    published = day_month_year(preamble[1]) if len(preamble) > 1 else None
    _, rows = csv_dicts(path, ENCODING, REQUIRED, "a legacy HM Treasury list", skip=1)

    def entries() -> Iterator[Entry]:
        """Rows of one Group ID are one entry; they need not be adjacent (the file is sorted
        by name), so entries are gathered first: this legacy list is small."""
        groups: dict[str, Entry] = {}
        for line, row in rows:
            add_row(groups, row, path, line)
        yield from groups.values()

    return Published(published), entries()


SOURCE = ListFormat(
    "uk-ofsi", "UK HM Treasury / OFSI consolidated list, legacy CSV (sanctionsconlist.csv)", parse
)
