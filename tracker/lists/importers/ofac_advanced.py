"""OFAC's Sanctions List Service XML ("advanced": SDN_ADVANCED.XML, CONS_ADVANCED.XML), in the
old (un.org) and current (sanctionslistservice) namespaces alike: elements are matched by local
name.

Everything is an id into the reference tables at the top (feature types, countries, scripts,
programs...), and what an entry needs is spread over the file: its locations and ID documents
before the parties, its programs, listing date and relationships after them. So the file is
read twice, streaming: first the reference tables and those sections (small: a line per fact),
then the parties, each turned into an entry with everything resolved. Memory holds the first
pass's facts, never the parties.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tracker.errors import ListFormatError
from tracker.lists.importers.base import Entry, ListFormat, Published, entity_type, normal_country
from tracker.lists.importers.xml import elements, local, one_xml_file, root_element
from tracker.values import country_code

ROOT = "Sanctions"
TYPES = {
    "individual": "person",
    "entity": "organization",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
# feature type (as the reference table names it) -> detail kind of the entry
FEATURES = {
    "birthdate": "dates_of_birth",
    "place of birth": "places_of_birth",
    "nationality country": "nationalities",
    "citizenship country": "nationalities",
    "location": "addresses",
    "former vessel flag": "former_flags",
    "other vessel flag": "former_flags",
    "vessel type": "vessel_type",
    "vessel owner": "vessel_owner",
    "vessel tonnage": "tonnage",
    "vessel gross registered tonnage": "grt",
    "vessel year of build": "year_built",
    "gender": "gender",
    "title": "title",
    "website": "websites",
    "email address": "emails",
    "phone number": "phones",
    "swift/bic": "ids",
}


def children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if local(c.tag) == name]


def descendants(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (e for e in element.iter() if local(e.tag) == name)


def first(element: etree._Element, name: str) -> etree._Element | None:
    return next(descendants(element, name), None)


def text_of(element: etree._Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


@dataclass
class Facts:
    """What the first pass keeps: reference tables, and the facts the parties point to."""

    published: str | None = None
    values: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    iso2: dict[str, str] = field(default_factory=dict)  # CountryID -> ISO2
    party_types: dict[str, str] = field(default_factory=dict)  # PartySubTypeID -> PartyTypeID
    locations: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (text, country)
    documents: dict[str, list[tuple[str, str, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )  # IdentityID -> (type, number, country)
    # profile -> its programs, in order (a dict: each added once, by a look-up)
    programs: dict[str, dict[str, None]] = field(default_factory=lambda: defaultdict(dict))
    lists: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    listed: dict[str, str] = field(default_factory=dict)
    relations: dict[str, list[tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )  # profile -> (relation, other profile)
    names: dict[str, str] = field(default_factory=dict)  # profile -> primary name

    def value(self, table: str, ident: str | None) -> str:
        return self.values[table].get(ident or "", "")

    def country(self, ident: str | None) -> str:
        return self.iso2.get(ident or "") or normal_country(self.value("Country", ident))


def read_facts(path: Path) -> Facts:
    """The first pass: everything but the parties' own details (their names aside)."""
    facts = Facts()
    wanted = (
        "DateOfIssue", "ReferenceValueSets", "Location", "IDRegDocument", "DistinctParty",
        "ProfileRelationship", "SanctionsEntry",
    )  # fmt: skip
    for node in elements(path, ROOT, wanted):
        kind = local(node.tag)
        if kind == "DateOfIssue":
            facts.published = date_text(node)
        elif kind == "ReferenceValueSets":
            reference_values(node, facts)
        elif kind == "Location" and node.get("ID"):
            facts.locations[str(node.get("ID"))] = location(node, facts)
        elif kind == "IDRegDocument":
            facts.documents[node.get("IdentityID") or ""].append(
                (
                    facts.value("IDRegDocType", node.get("IDRegDocTypeID")),
                    text_of(first(node, "IDRegistrationNo")),
                    facts.country(node.get("IssuedBy-CountryID")),
                )
            )
        elif kind == "DistinctParty":
            profile = first(node, "Profile")
            if profile is not None:
                facts.names[profile.get("ID") or ""] = primary_name(profile, facts)[0]
        elif kind == "ProfileRelationship":
            relation = facts.value("RelationType", node.get("RelationTypeID"))
            facts.relations[node.get("From-ProfileID") or ""].append(
                (relation, node.get("To-ProfileID") or "")
            )
        elif kind == "SanctionsEntry":
            sanctions_entry(node, facts)
    return facts


def reference_values(node: etree._Element, facts: Facts) -> None:
    for table in node:
        for value in table:
            name = local(value.tag)
            ident = value.get("ID") or ""
            facts.values[name][ident] = text_of(value)
            if name == "Country" and value.get("ISO2"):
                facts.iso2[ident] = str(value.get("ISO2"))
            if name == "PartySubType":
                facts.party_types[ident] = value.get("PartyTypeID") or ""


def location(node: etree._Element, facts: Facts) -> tuple[str, str]:
    parts = [text_of(first(part, "Value")) for part in children(node, "LocationPart")]
    country_node = next(iter(children(node, "LocationCountry")), None)
    country = facts.country(country_node.get("CountryID")) if country_node is not None else ""
    name = facts.value("Country", country_node.get("CountryID")) if country_node is not None else ""
    text = ", ".join(p for p in [*parts, name] if p)
    return text, country or country_code(text) or ""  # a nationality may be a bare "Egypt"


def sanctions_entry(node: etree._Element, facts: Facts) -> None:
    profile = node.get("ProfileID") or ""
    facts.lists[profile].append(facts.value("List", node.get("ListID")))
    event = first(node, "EntryEvent")
    if event is not None and profile not in facts.listed:
        facts.listed[profile] = date_text(first(event, "Date")) or ""
    for measure in descendants(node, "SanctionsMeasure"):
        if facts.value("SanctionsType", measure.get("SanctionsTypeID")).lower() == "program":
            program = text_of(first(measure, "Comment"))
            if program:
                facts.programs[profile][program] = None


def date_text(node: etree._Element | None) -> str | None:
    """<Year>1986</Year><Month>12</Month><Day>10</Day> -> 1986-12-10 (what is given)."""
    if node is None:
        return None
    year, month, day = (text_of(first(node, n)) for n in ("Year", "Month", "Day"))
    if not year:
        return None
    return "-".join([year, *(f"{int(p):02d}" for p in (month, day) if p.isdigit())][:3])


def date_period(node: etree._Element) -> str:
    """A DatePeriod as the date it pins down: a day, a month, a year, or a range."""
    start, end = first(node, "Start"), first(node, "End")
    low = date_text(first(start, "From")) if start is not None else None
    high = date_text(first(end, "To")) if end is not None else None
    if not low or not high:
        return low or high or ""
    if low == high:
        return low
    if low.endswith("-01-01") and high.endswith("-12-31") and low[:4] == high[:4]:
        return low[:4]
    if low[:7] == high[:7] and low.endswith("-01"):
        return low[:7]
    if low.endswith("-01-01") and high.endswith("-12-31"):
        return f"{low[:4]}..{high[:4]}"
    return f"{low}..{high}"


def documented_name(node: etree._Element, facts: Facts, parts: dict[str, str]) -> tuple[str, str]:
    """(name, script) of a DocumentedName: 'Last, First Middle' when its parts say so."""
    values = [v for v in descendants(node, "NamePartValue") if text_of(v)]
    script = facts.value("Script", values[0].get("ScriptID")) if values else ""
    last = [text_of(v) for v in values if parts.get(v.get("NamePartGroupID") or "") == "Last Name"]
    surnames = set(last)
    rest = [text_of(v) for v in values if text_of(v) not in surnames]
    if last and rest:
        return f"{' '.join(last)}, {' '.join(rest)}", script
    return " ".join(text_of(v) for v in values), script


def part_types(identity: etree._Element, facts: Facts) -> dict[str, str]:
    return {
        group.get("ID") or "": facts.value("NamePartType", group.get("NamePartTypeID"))
        for group in descendants(identity, "NamePartGroup")
    }


def primary_name(profile: etree._Element, facts: Facts) -> tuple[str, list[tuple[str, str, str]]]:
    """The primary Latin name, and every other (name, script, alias type) of the profile."""
    primary, others = "", []
    for identity in children(profile, "Identity"):
        parts = part_types(identity, facts)
        for alias in children(identity, "Alias"):
            kind = facts.value("AliasType", alias.get("AliasTypeID"))
            for name_node in children(alias, "DocumentedName"):
                name, script = documented_name(name_node, facts, parts)
                latin = script in ("", "Latin")
                if alias.get("Primary") == "true" and latin and not primary:
                    primary = name
                elif name:
                    others.append((name, script, kind))
    return primary, others


def feature_values(feature: etree._Element, facts: Facts) -> list[tuple[str, str]]:
    """(text, country) of each version of a feature: a detail, a location or a period."""
    found = []
    for version in descendants(feature, "FeatureVersion"):
        for detail in children(version, "VersionDetail"):
            text = text_of(detail) or facts.value(
                "DetailReference", detail.get("DetailReferenceID")
            )
            if text:
                found.append((text, normal_country(text)))
        for where in children(version, "VersionLocation"):
            found.append(facts.locations.get(where.get("LocationID") or "", ("", "")))
        for period in children(version, "DatePeriod"):
            found.append((date_period(period), ""))
    return [(t, c) for t, c in found if t]


def party(node: etree._Element, facts: Facts, path: Path) -> Entry:
    profile = first(node, "Profile")
    ident = node.get("FixedRef")
    if profile is None or not ident:
        raise ListFormatError(
            f"{path.name} line {node.sourceline}: <DistinctParty> without FixedRef or Profile"
        )
    profile_id = profile.get("ID") or ident
    subtype = profile.get("PartySubTypeID")
    kind = facts.value("PartySubType", subtype)
    if kind.lower() in ("", "unknown"):  # an Individual or an Entity: the subtype's party type
        kind = facts.value("PartyType", facts.party_types.get(subtype or "")) or kind
    name, others = primary_name(profile, facts)
    entry = Entry(
        entry_id=ident,
        entity_type=entity_type(kind, TYPES),
        name=name,
        listed_on=facts.listed.get(profile_id) or None,
    )
    for other, script, alias_kind in others:
        entry.add_alias(other)
        if script not in ("", "Latin"):
            entry.add("names_by_script", f"{script}: {other}")
        elif alias_kind.lower() not in ("a.k.a.", "name", ""):
            entry.add("alias_types", f"{alias_kind} {other}")
    for program in facts.programs.get(profile_id, {}):
        entry.add_program(program)
    for list_name in facts.lists.get(profile_id, []):
        entry.add("lists", list_name)
    for feature in descendants(profile, "Feature"):
        add_feature(entry, feature, facts)
    for identity in children(profile, "Identity"):
        for doc_type, number, country in facts.documents.get(identity.get("ID") or "", []):
            add_document(entry, doc_type, number, country)
    for relation, other in facts.relations.get(profile_id, []):
        entry.add("linked_to", f"{relation}: {facts.names.get(other, other)} ({other})")
    return entry


def add_feature(entry: Entry, feature: etree._Element, facts: Facts) -> None:
    name = facts.value("FeatureType", feature.get("FeatureTypeID"))
    key = name.lower()
    for text, country in feature_values(feature, facts):
        if key == "vessel flag":
            entry.flag = entry.flag or country or text
        elif key == "vessel call sign":
            entry.call_sign = entry.call_sign or text
        elif key in ("nationality country", "citizenship country", "location"):
            entry.add(FEATURES[key], country if key != "location" else text)
            entry.add_country(country)
        elif key in FEATURES:
            entry.add(FEATURES[key], text)
        elif key.startswith("digital currency address"):
            entry.add("digital_currency", f"{name.rsplit('-', 1)[-1].strip()} {text}")
        elif key.startswith("aircraft") or "aircraft" in key:
            entry.add("aircraft", f"{name}: {text}")
        else:
            entry.add("other", f"{name.rstrip(':')}: {text}")


def add_document(entry: Entry, doc_type: str, number: str, country: str) -> None:
    imo = number.upper().removeprefix("IMO").strip()
    if doc_type == "Vessel Registration Identification" and imo.isdigit():
        if entry.entity_type == "vessel" and entry.imo is None:
            entry.imo = imo
        else:
            entry.add("company_imo", imo)
    elif doc_type == "MMSI":
        entry.add("mmsi", number)
    elif number:
        entry.add("ids", f"{doc_type} {number}" + (f" ({country})" if country else ""))


def parse(
    paths: Sequence[Path], part: tuple[int, int] = (0, 1)
) -> tuple[Published, Iterator[Entry]]:
    path = one_xml_file(paths, "the OFAC advanced list (SDN_ADVANCED.XML, CONS_ADVANCED.XML)")
    root_element(path, ROOT, "OFAC's advanced XML")
    issued = next(elements(path, ROOT, ("DateOfIssue",)), None)  # it comes first

    def entries() -> Iterator[Entry]:
        facts = read_facts(path)
        skip = ("ReferenceValueSets", "Location", "IDRegDocument", "ProfileRelationship")
        for node in elements(path, ROOT, ("DistinctParty",), (*skip, "SanctionsEntry")):
            yield party(node, facts, path)

    return Published(date_text(issued)), entries()


SOURCE = ListFormat(
    "ofac-advanced",
    "US Treasury OFAC Sanctions List Service, advanced XML (SDN_ADVANCED.XML, CONS_ADVANCED.XML)",
    parse,
)
