"""The EU Financial Sanctions File, XML 1.1 (`<export>` / `<sanctionEntity>`, namespace as in
the file): almost everything is in attributes, empty strings stand for absent values, and
birth dates come as a full date, a year, a month and year, a range (`yearRangeFrom`/`To`,
`circa`) or in the Islamic calendar beside a Gregorian one: each is kept as given."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from lxml import etree

from tracker.errors import ListFormatError
from tracker.lists.importers.base import Entry, ListFormat, Published, entity_type, normal_country
from tracker.lists.importers.xml import elements, local, one_xml_file, root_element

ROOT = "export"
TYPES = {"person": "person", "enterprise": "organization"}
UNKNOWN_COUNTRY = "00"


def attribute(node: etree._Element, name: str) -> str:
    return (node.get(name) or "").strip()


def kids(node: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in node if local(c.tag) == name]


def birth_date(node: etree._Element) -> str:
    """The birth date as the file gives it: ISO where it can be, else its parts, a range, or a
    date in another calendar marked with that calendar."""
    calendar = attribute(node, "calendarType").upper()
    year, month, day = (attribute(node, a) for a in ("year", "monthOfYear", "dayOfMonth"))
    if calendar not in ("", "GREGORIAN"):
        parts = "-".join(p.zfill(2) for p in (year, month, day) if p)
        return f"{parts} ({calendar.lower()} calendar)" if parts else ""
    text = attribute(node, "birthdate")
    if not text and year:
        text = "-".join([year, *(p.zfill(2) for p in (month, day) if p)][: 3 if month else 1])
    low, high = attribute(node, "yearRangeFrom"), attribute(node, "yearRangeTo")
    if not text and (low or high):
        text = f"{low}..{high}"
    circa = attribute(node, "circa") == "true"
    return f"circa {text}" if circa and text else text


def sanction_entity(node: etree._Element, path: Path) -> Entry:
    ident = attribute(node, "logicalId")
    if not ident:
        raise ListFormatError(
            f"{path.name} line {node.sourceline}: <sanctionEntity> without logicalId"
        )
    subject = next(iter(kids(node, "subjectType")), None)
    names = [n for n in kids(node, "nameAlias") if attribute(n, "wholeName")]
    primary = next(
        (n for n in names if attribute(n, "strong") == "true"), names[0] if names else None
    )
    entry = Entry(
        entry_id=ident,
        entity_type=entity_type(attribute(subject, "code") if subject is not None else "", TYPES),
        name=attribute(primary, "wholeName") if primary is not None else "",
        listed_on=attribute(node, "designationDate") or None,
        remarks=" ".join(r.text.strip() for r in kids(node, "remark") if r.text) or None,
    )
    entry.add("references", attribute(node, "euReferenceNumber"))
    entry.add("references", attribute(node, "unitedNationId"))
    for name in names:
        entry.add_alias(attribute(name, "wholeName"))
        if attribute(name, "nameLanguage"):
            entry.add(
                "names_by_language",
                f"{attribute(name, 'nameLanguage')}: {attribute(name, 'wholeName')}",
            )
        entry.add("title", attribute(name, "function"))
        entry.add("gender", attribute(name, "gender"))
    for regulation in kids(node, "regulation"):
        entry.add_program(attribute(regulation, "programme"))
        entry.add("regulations", attribute(regulation, "numberTitle"))
    for born in kids(node, "birthdate"):
        entry.add("dates_of_birth", birth_date(born))
        place = [attribute(born, a) for a in ("city", "place", "region")]
        country = attribute(born, "countryDescription")
        if attribute(born, "countryIso2Code") != UNKNOWN_COUNTRY:
            place.append(country)
        entry.add("places_of_birth", ", ".join(p for p in place if p))
    for citizen in kids(node, "citizenship"):
        code = attribute(citizen, "countryIso2Code")
        if code and code != UNKNOWN_COUNTRY:
            entry.add("nationalities", code)
            entry.add_country(code)
    for document in kids(node, "identification"):
        number = attribute(document, "number")
        if number and number != "-":
            kind = attribute(document, "identificationTypeDescription")
            country = attribute(document, "countryIso2Code")
            suffix = f" ({country})" if country and country != UNKNOWN_COUNTRY else ""
            entry.add("ids", f"{kind} {number}{suffix}".strip())
    for address in kids(node, "address"):
        parts = [
            attribute(address, a) for a in ("street", "poBox", "zipCode", "city", "region", "place")
        ]
        code = attribute(address, "countryIso2Code")
        parts.append(attribute(address, "countryDescription") if code != UNKNOWN_COUNTRY else "")
        entry.add("addresses", ", ".join(p for p in parts if p))
        if code and code != UNKNOWN_COUNTRY:
            entry.add_country(normal_country(code))
    return entry


def parse(
    paths: Sequence[Path], part: tuple[int, int] = (0, 1)
) -> tuple[Published, Iterator[Entry]]:
    path = one_xml_file(paths, "the EU Financial Sanctions File (XML 1.1)")
    root = root_element(path, ROOT, "the EU Financial Sanctions File 1.1")
    published = (root.get("generationDate") or "")[:10] or None

    def entries() -> Iterator[Entry]:
        for node in elements(path, ROOT, ("sanctionEntity",)):
            yield sanction_entity(node, path)

    return Published(published), entries()


SOURCE = ListFormat("eu-fsf", "EU Financial Sanctions File, XML 1.1 (export/sanctionEntity)", parse)
