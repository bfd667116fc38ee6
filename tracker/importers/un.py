"""UN Security Council consolidated list XML (consolidated.xml): individuals and entities,
aliases, DPRK ``KPi.`` / ``KPe.`` reference numbers, exact, approximate and ranged dates of
birth, and IMO *company* numbers in the comments.

Parsed streaming and safely: a document with a DOCTYPE is refused outright (no external
entities, no entity expansion), lxml resolves no entities and reaches no network.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from lxml import etree

from tracker.importers import Entry, ListFormatError, Published, Source, files_in, normal_country

IMO_NUMBER = re.compile(r"IMO\)?(?: [Nn]umber)?\s*:?\s*(\d+)")


def refuse_doctype(path: Path) -> None:
    """Official files have no DOCTYPE; one that does may carry entities (XXE, bombs)."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
        raise ListFormatError(
            f"{path.name}: XML with a DOCTYPE or entities is refused "
            "(official lists have none; it could be an XXE attack)"
        )


def safe_iterparse(path: Path, tag: tuple[str, ...]) -> Iterator[etree._Element]:
    """Elements with these tags, one at a time, cleared after use (flat memory)."""
    refuse_doctype(path)
    try:
        for _, element in etree.iterparse(
            str(path),
            events=("end",),
            tag=tag,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
        ):
            yield element
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise ListFormatError(f"{path.name}: not well-formed XML ({exc})") from None


def text(element: etree._Element, path: str) -> str | None:
    found = element.findtext(path)
    return found.strip() if found and found.strip() else None


def texts(element: etree._Element, path: str) -> list[str]:
    return [t.strip() for t in (e.text for e in element.iterfind(path)) if t and t.strip()]


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


def parse(paths: Sequence[Path]) -> tuple[Published, Iterator[Entry]]:
    files = files_in(paths)
    if len(files) != 1 or files[0].suffix.lower() != ".xml":
        raise ListFormatError("the UN list is one XML file (consolidated.xml)")
    path = files[0]
    refuse_doctype(path)
    published = None
    try:
        for _, root in etree.iterparse(
            str(path), events=("start",), resolve_entities=False, no_network=True, load_dtd=False
        ):
            if root.tag != "CONSOLIDATED_LIST":
                raise ListFormatError(
                    f"{path.name}: root element is <{root.tag}>, not the UN <CONSOLIDATED_LIST>"
                )
            published = (root.get("dateGenerated") or "")[:10] or None
            break
    except etree.XMLSyntaxError as exc:
        raise ListFormatError(f"{path.name}: not well-formed XML ({exc})") from None

    def entries() -> Iterator[Entry]:
        for node in safe_iterparse(path, ("INDIVIDUAL", "ENTITY")):
            yield individual(node) if node.tag == "INDIVIDUAL" else entity(node)

    return Published(published), entries()


SOURCE = Source("un", "UN Security Council consolidated list, XML (consolidated.xml)", parse)
