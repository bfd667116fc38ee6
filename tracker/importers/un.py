"""UN Security Council consolidated list XML (consolidated.xml): individuals and entities,
aliases, DPRK ``KPi.`` / ``KPe.`` reference numbers, exact, approximate and ranged dates of
birth, and IMO *company* numbers in the comments.

Read streaming and safely (importers/xml.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from lxml import etree

from tracker.importers import Entry, Published, Source, normal_country
from tracker.importers.xml import elements, one_xml_file, root_attributes, text, texts

IMO_NUMBER = re.compile(r"IMO\)?(?: [Nn]umber)?\s*:?\s*(\d+)")


def birth_date(node: etree._Element) -> str | None:
    kind = (text(node, "TYPE_OF_DATE") or "").upper()
    exact = text(node, "DATE") or text(node, "YEAR")
    if kind == "BETWEEN":
        return f"{text(node, 'FROM_YEAR')}..{text(node, 'TO_YEAR')}"
    if exact:
        return f"circa {exact}" if kind.startswith("APPROX") else exact
    return None


def individual(node: etree._Element) -> Entry:
    names = [text(node, tag) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    entry = Entry(
        entry_id=text(node, "REFERENCE_NUMBER") or f"dataid-{text(node, 'DATAID')}",
        entity_type="person",
        name=" ".join(n for n in names if n),
        programs=texts(node, "UN_LIST_TYPE"),
        listed_on=text(node, "LISTED_ON"),
        remarks=text(node, "COMMENTS1"),
    )
    aliases(entry, node, "INDIVIDUAL_ALIAS")
    for country in texts(node, "NATIONALITY/VALUE"):
        entry.add("nationalities", normal_country(country))
        if normal_country(country) not in entry.countries:
            entry.countries.append(normal_country(country))
    for dob in node.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        date = birth_date(dob)
        if date:
            entry.add("dates_of_birth", date)
    for pob in node.iterfind("INDIVIDUAL_PLACE_OF_BIRTH"):
        place = ", ".join(
            t for t in (text(pob, "CITY"), text(pob, "STATE_PROVINCE"), text(pob, "COUNTRY")) if t
        )
        if place:
            entry.add("places_of_birth", place)
    for document in node.iterfind("INDIVIDUAL_DOCUMENT"):
        parts = [text(document, t) for t in ("TYPE_OF_DOCUMENT", "NUMBER", "ISSUING_COUNTRY")]
        if any(parts[1:2]):
            entry.add("ids", " ".join(p for p in parts if p))
    for title in texts(node, "TITLE/VALUE") + texts(node, "DESIGNATION/VALUE"):
        entry.add("title", title)
    if text(node, "GENDER"):
        entry.add("gender", text(node, "GENDER") or "")
    comments(entry)
    return entry


def entity(node: etree._Element) -> Entry:
    entry = Entry(
        entry_id=text(node, "REFERENCE_NUMBER") or f"dataid-{text(node, 'DATAID')}",
        entity_type="organization",
        name=text(node, "FIRST_NAME") or "",
        programs=texts(node, "UN_LIST_TYPE"),
        listed_on=text(node, "LISTED_ON"),
        remarks=text(node, "COMMENTS1"),
    )
    aliases(entry, node, "ENTITY_ALIAS")
    for address in node.iterfind("ENTITY_ADDRESS"):
        country = text(address, "COUNTRY")
        if country and normal_country(country) not in entry.countries:
            entry.countries.append(normal_country(country))
    comments(entry)
    return entry


def aliases(entry: Entry, node: etree._Element, tag: str) -> None:
    for alias in node.iterfind(tag):
        name = text(alias, "ALIAS_NAME")
        if name and name not in entry.aliases:
            entry.aliases.append(name)


def comments(entry: Entry) -> None:
    """IMO numbers in the comments ("IMO number: 5571322", "Company Number IMO 5434358"). The
    UN list holds persons and entities, no vessels: an entity's number is a company number."""
    for number in IMO_NUMBER.findall(entry.remarks or ""):
        if entry.entity_type == "vessel" and entry.imo is None:
            entry.imo = number
        else:
            entry.add("company_imo", number)


def parse(
    paths: Sequence[Path], part: tuple[int, int] = (0, 1)
) -> tuple[Published, Iterator[Entry]]:
    path = one_xml_file(paths, "the UN list (consolidated.xml)")
    attributes = root_attributes(path, "CONSOLIDATED_LIST", "the UN consolidated list")
    published = attributes.get("dateGenerated", "")[:10] or None

    def entries() -> Iterator[Entry]:
        for node in elements(path, ("INDIVIDUAL", "ENTITY")):
            yield individual(node) if node.tag == "INDIVIDUAL" else entity(node)

    return Published(published), entries()


SOURCE = Source("un", "UN Security Council consolidated list, XML (consolidated.xml)", parse)
