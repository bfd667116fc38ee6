"""EU Financial Sanctions Files, legacy v1.0 'WHOLE' XML (before 2017): ENTITY elements with
Type P (person) or E (entity), NAME / BIRTH / PASSPORT / CITIZEN / ADDRESS children, ISO-3
countries. Today's ``<export>/<sanctionEntity>`` format is ``eu_fsf.py``."""

from __future__ import annotations

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
from tracker.lists.importers.xml import elements, one_xml_file, root_element, text

ROOT = "WHOLE"
TYPES = {"p": "person", "e": "organization"}


def entity(node: etree._Element, path: Path) -> Entry:
    ident = node.get("Id")
    if not ident:
        raise ListFormatError(f"{path.name} line {node.sourceline}: <ENTITY> without an Id")
    names = [n for n in (text(name, "WHOLENAME") for name in node.iterfind("NAME")) if n]
    entry = Entry(
        entry_id=ident,
        entity_type=entity_type(node.get("Type"), TYPES),
        name=names[0] if names else "",
        listed_on=node.get("reg_date"),
        remarks=node.get("remark"),
    )
    for alias in names[1:]:
        entry.add_alias(alias)
    entry.add_program(node.get("programme"))
    for birth in node.iterfind("BIRTH"):
        entry.add("dates_of_birth", text(birth, "DATE") or "")
        place = ", ".join(t for t in (text(birth, "PLACE"), text(birth, "COUNTRY")) if t)
        entry.add("places_of_birth", place)
    for passport in node.iterfind("PASSPORT"):
        if text(passport, "NUMBER"):
            entry.add("ids", f"Passport {text(passport, 'NUMBER')}")
    for citizen in node.iterfind("CITIZEN"):
        entry.add("nationalities", normal_country(text(citizen, "COUNTRY") or ""))
    for address in node.iterfind("ADDRESS"):
        entry.add_country(text(address, "COUNTRY"))
    for name in node.iterfind("NAME"):
        entry.add("title", text(name, "FUNCTION") or "")
    return entry


def parse(
    paths: Sequence[Path], part: tuple[int, int] = (0, 1)
) -> tuple[Published, Iterator[Entry]]:
    path = one_xml_file(paths, "the legacy EU list")
    root = root_element(path, ROOT, "the legacy EU list")
    published = day_month_year(root.get("Date") or "")

    def entries() -> Iterator[Entry]:
        for node in elements(path, ROOT, ("ENTITY",)):
            yield entity(node, path)

    return Published(published), entries()


SOURCE = ListFormat("eu", "EU Financial Sanctions Files, legacy v1.0 XML (global.xml)", parse)
