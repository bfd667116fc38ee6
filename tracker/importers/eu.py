"""EU Financial Sanctions Files, legacy v1.0 'WHOLE' XML (before 2017): ENTITY elements with
Type P (person) or E (entity), NAME / BIRTH / PASSPORT / CITIZEN / ADDRESS children, ISO-3
countries. Today's ``<export>/<sanctionEntity>`` format would be one more module."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from lxml import etree

from tracker.importers import Entry, Published, Source, normal_country
from tracker.importers.xml import elements, one_xml_file, root_attributes, text

TYPES = {"P": "person", "E": "organization"}


def entity(node: etree._Element) -> Entry:
    names = [n for n in (text(name, "WHOLENAME") for name in node.iterfind("NAME")) if n]
    entry = Entry(
        entry_id=node.get("Id") or "",
        entity_type=TYPES.get(node.get("Type") or "", "organization"),
        name=names[0] if names else "",
        aliases=list(dict.fromkeys(names[1:])),
        programs=[str(node.get("programme"))] if node.get("programme") else [],
        listed_on=node.get("reg_date"),
        remarks=node.get("remark"),
    )
    for birth in node.iterfind("BIRTH"):
        if text(birth, "DATE"):
            entry.add("dates_of_birth", text(birth, "DATE") or "")
        place = ", ".join(t for t in (text(birth, "PLACE"), text(birth, "COUNTRY")) if t)
        if place:
            entry.add("places_of_birth", place)
    for passport in node.iterfind("PASSPORT"):
        if text(passport, "NUMBER"):
            entry.add("ids", f"Passport {text(passport, 'NUMBER')}")
    for citizen in node.iterfind("CITIZEN"):
        if text(citizen, "COUNTRY"):
            entry.add("nationalities", normal_country(text(citizen, "COUNTRY") or ""))
    for address in node.iterfind("ADDRESS"):
        country = text(address, "COUNTRY")
        if country and normal_country(country) not in entry.countries:
            entry.countries.append(normal_country(country))
    for name in node.iterfind("NAME"):
        if text(name, "FUNCTION"):
            entry.add("title", text(name, "FUNCTION") or "")
    return entry


def parse(
    paths: Sequence[Path], part: tuple[int, int] = (0, 1)
) -> tuple[Published, Iterator[Entry]]:
    path = one_xml_file(paths, "the legacy EU list")
    day, _, rest = (
        root_attributes(path, "WHOLE", "the legacy EU list").get("Date", "").partition("/")
    )
    month, _, year = rest.partition("/")
    published = f"{year}-{month}-{day}" if year else None

    def entries() -> Iterator[Entry]:
        for node in elements(path, ("ENTITY",)):
            yield entity(node)

    return Published(published), entries()


SOURCE = Source("eu", "EU Financial Sanctions Files, legacy v1.0 XML (global.xml)", parse)
