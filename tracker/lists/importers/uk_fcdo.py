"""The FCDO UK Sanctions List, XML (2022+; `<Designations>` / `<Designation>`, no namespace):
dates DD/MM/YYYY with `dd`, `mm` or `00` for unknown parts, name parts Name1..Name6 (Name6 the
surname or the whole name of an entity), pipe-joined values, leading and trailing spaces, ships
with IMO numbers written with and without `IMO`. Read streaming (importers/xml.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from lxml import etree

from tracker.errors import ListFormatError
from tracker.lists.importers.base import (
    Entry,
    ListFormat,
    Published,
    day_month_year,
    entity_type,
    normal_country,
)
from tracker.lists.importers.xml import elements, local, one_xml_file, root_element, text, texts

ROOT = "Designations"
TYPES = {"individual": "person", "entity": "organization", "ship": "vessel"}


def birth(text_: str) -> str:
    """'dd/mm/1945' -> '1945'; '00/09/1958' -> '1958-09'; '15/08/19yy' kept as given."""
    normal = re.sub(r"\b(dd|mm)\b", "00", text_.strip(), flags=re.IGNORECASE)
    return day_month_year(normal) or ""


def full_name(name: etree._Element) -> str:
    parts = [text(name, f"Name{n}") for n in (1, 2, 3, 4, 5)]
    return " ".join(p for p in [*parts, text(name, "Name6")] if p)


def designation(node: etree._Element, path: Path) -> Entry:
    ident = text(node, "UniqueID")
    if not ident:
        raise ListFormatError(f"{path.name} line {node.sourceline}: <Designation> without UniqueID")
    names = [n for n in node.iterfind("Names/Name") if full_name(n)]  # the list has empty ones
    primary = next(
        (n for n in names if (text(n, "NameType") or "").lower() == "primary name"),
        names[0] if names else None,
    )
    entry = Entry(
        entry_id=ident,
        entity_type=entity_type(text(node, "IndividualEntityShip"), TYPES),
        name=full_name(primary) if primary is not None else "",
        listed_on=day_month_year(text(node, "DateDesignated") or "") or None,
        remarks=text(node, "OtherInformation"),
    )
    entry.add_program(text(node, "RegimeName"))
    for source in (text(node, "DesignationSource") or "").split("|"):
        entry.add("designation_source", source)
    for reference in ("OFSIGroupID", "UNReferenceNumber"):
        entry.add("references", text(node, reference) or "")
    for name in names:
        entry.add_alias(full_name(name))
        strength = text(name, "AliasStrength")
        if strength:
            entry.add("alias_strength", f"{strength}: {full_name(name)}")
    for non_latin in node.iterfind("NonLatinNames/NonLatinName"):
        value = text(non_latin, "NameNonLatinScript")
        entry.add_alias(value)
        script = text(non_latin, "NonLatinScriptType")
        entry.add("names_by_script", f"{script}: {value}" if script else value or "")
    for dob in texts(node, "IndividualDetails/Individual/DOBs/DOB"):
        entry.add("dates_of_birth", birth(dob))
    for place in node.iterfind("IndividualDetails/Individual/BirthDetails/Location"):
        entry.add(
            "places_of_birth",
            ", ".join(t for t in (text(place, "TownOfBirth"), text(place, "CountryOfBirth")) if t),
        )
    for country in texts(node, "IndividualDetails/Individual/Nationalities/Nationality"):
        entry.add("nationalities", country)
        entry.add_country(country)
    for tag, kind in (
        ("Positions/Position", "title"),
        ("Titles/Title", "title"),
        ("Genders/Gender", "gender"),
    ):
        for value in texts(node, f"IndividualDetails/Individual/{tag}"):
            for part in value.split("|"):
                entry.add(kind, part)
    for passport in node.iterfind("IndividualDetails/Individual/PassportDetails/Passport"):
        number = text(passport, "PassportNumber")
        entry.add(
            "ids",
            f"Passport {number}"
            if number
            else text(passport, "PassportAdditionalInformation") or "",
        )
    for national in node.iterfind(
        "IndividualDetails/Individual/NationalIdentifierDetails/NationalIdentifier"
    ):
        entry.add(
            "ids", f"National identifier {text(national, 'NationalIdentifierNumber') or ''}".strip()
        )
    for number in texts(
        node, "EntityDetails/Entity/BusinessRegistrationNumbers/BusinessRegistrationNumber"
    ):
        entry.add("ids", f"Business registration {number}")
    for address in node.iterfind("Addresses/Address"):
        lines = [text(address, f"AddressLine{n}") for n in range(1, 7)]
        where = text(address, "AddressCountry")
        entry.add(
            "addresses",
            ", ".join(p for p in [*lines, text(address, "AddressPostalCode"), where] if p),
        )
        entry.add_country(where)
    for tag, kind in (
        ("PhoneNumbers/PhoneNumber", "phones"),
        ("EmailAddresses/EmailAddress", "emails"),
        ("Websites/Website", "websites"),
    ):
        for value in texts(node, tag):
            entry.add(kind, value)
    ship = next(iter(node.iterfind("ShipDetails/Ship")), None)
    if ship is not None:
        for imo in texts(ship, "IMONumbers/IMONumber"):
            number = imo.upper().removeprefix("IMO").strip()
            if entry.imo is None:
                entry.imo = number
        flag = text(ship, "CurrentBelievedFlagOfShips/CurrentBelievedFlagOfShip")
        entry.flag = normal_country(flag) if flag else None
        for tag, kind in (
            ("PreviousFlags/PreviousFlag", "former_flags"),
            ("CurrentOwnerOperators/CurrentOwnerOperator", "vessel_owner"),
            ("TypeOfShipDetails/TypeOfShip", "vessel_type"),
            ("TonnageOfShipDetails/TonnageOfShip", "tonnage"),
            ("YearsBuilt/YearBuilt", "year_built"),
        ):
            for value in texts(ship, tag):
                entry.add(kind, value)
    return entry


def parse(
    paths: Sequence[Path], part: tuple[int, int] = (0, 1)
) -> tuple[Published, Iterator[Entry]]:
    path = one_xml_file(paths, "the FCDO UK Sanctions List (XML)")
    root_element(path, ROOT, "the FCDO UK Sanctions List")
    published = None
    for node in elements(path, ROOT, ("DateGenerated",)):
        published = day_month_year(node.text or "")
        break

    def entries() -> Iterator[Entry]:
        for node in elements(path, ROOT, ("Designation",)):
            if local(node.tag) == "Designation":
                yield designation(node, path)

    return Published(published), entries()


SOURCE = ListFormat("uk", "FCDO UK Sanctions List, XML (2022+)", parse)
