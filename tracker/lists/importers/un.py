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

from tracker.errors import ListFormatError
from tracker.lists.importers.base import Entry, ListFormat, Published, normal_country
from tracker.lists.importers.xml import elements, one_xml_file, root_element, text, texts

ROOT = "CONSOLIDATED_LIST"
IMO_NUMBER = re.compile(r"IMO\)?(?: [Nn]umber)?\s*:?\s*([0-9]+)")


def birth_date(node: etree._Element) -> str | None:
    kind = (text(node, "TYPE_OF_DATE") or "").upper()
    exact = text(node, "DATE") or text(node, "YEAR")
    if kind == "BETWEEN":
        return f"{text(node, 'FROM_YEAR')}..{text(node, 'TO_YEAR')}"
    if exact:
        return f"circa {exact}" if kind.startswith("APPROX") else exact
    return None


def identified(node: etree._Element, path: Path) -> Entry:
    """An entry with its id: the reference number, else the DATAID; neither is an error."""
    reference = text(node, "REFERENCE_NUMBER")
    dataid = text(node, "DATAID")
    if not reference and not dataid:
        raise ListFormatError(
            f"{path.name} line {node.sourceline}: <{node.tag}> has neither REFERENCE_NUMBER "
            "nor DATAID, so it cannot be identified"
        )
    return Entry(
        entry_id=reference or f"dataid-{dataid}",
        entity_type="person" if node.tag == "INDIVIDUAL" else "organization",
        name="",
        programs=texts(node, "UN_LIST_TYPE"),
        listed_on=text(node, "LISTED_ON"),
        remarks=text(node, "COMMENTS1"),
    )


def individual(node: etree._Element, path: Path) -> Entry:
    entry = identified(node, path)
    names = [text(node, tag) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    entry.name = " ".join(n for n in names if n)
    aliases(entry, node, "INDIVIDUAL_ALIAS")
    for country in texts(node, "NATIONALITY/VALUE"):
        entry.add("nationalities", normal_country(country))
        entry.add_country(country)
    for dob in node.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        entry.add("dates_of_birth", birth_date(dob) or "")
    for pob in node.iterfind("INDIVIDUAL_PLACE_OF_BIRTH"):
        place = (text(pob, "CITY"), text(pob, "STATE_PROVINCE"), text(pob, "COUNTRY"))
        entry.add("places_of_birth", ", ".join(t for t in place if t))
    for document in node.iterfind("INDIVIDUAL_DOCUMENT"):
        parts = [text(document, t) for t in ("TYPE_OF_DOCUMENT", "NUMBER", "ISSUING_COUNTRY")]
        if parts[1]:
            entry.add("ids", " ".join(p for p in parts if p))
    for title in texts(node, "TITLE/VALUE") + texts(node, "DESIGNATION/VALUE"):
        entry.add("title", title)
    entry.add("gender", text(node, "GENDER") or "")
    comments(entry)
    return entry


def entity(node: etree._Element, path: Path) -> Entry:
    entry = identified(node, path)
    entry.name = text(node, "FIRST_NAME") or ""
    aliases(entry, node, "ENTITY_ALIAS")
    for address in node.iterfind("ENTITY_ADDRESS"):
        entry.add_country(text(address, "COUNTRY"))
    comments(entry)
    return entry


def aliases(entry: Entry, node: etree._Element, tag: str) -> None:
    for alias in node.iterfind(tag):
        entry.add_alias(text(alias, "ALIAS_NAME"))


def comments(entry: Entry) -> None:
    """IMO numbers in the comments ("IMO number: 5571322", "Company Number IMO 5434358"). The
    UN list holds persons and entities, no vessels: an entity's number is a company number."""
    for number in IMO_NUMBER.findall(entry.remarks or ""):
        entry.add("company_imo", number)


def parse(
    paths: Sequence[Path], part: tuple[int, int] = (0, 1)
) -> tuple[Published, Iterator[Entry]]:
    path = one_xml_file(paths, "the UN list (consolidated.xml)")
    root = root_element(path, ROOT, "the UN consolidated list")
    published = (root.get("dateGenerated") or "")[:10] or None

    def entries() -> Iterator[Entry]:
        for node in elements(path, ROOT, ("INDIVIDUAL", "ENTITY")):
            yield individual(node, path) if node.tag == "INDIVIDUAL" else entity(node, path)

    return Published(published), entries()


SOURCE = ListFormat("un", "UN Security Council consolidated list, XML (consolidated.xml)", parse)
