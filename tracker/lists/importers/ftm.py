"""OpenSanctions FollowTheMoney entities, JSON lines (`entities.ftm.json`): any OpenSanctions
dataset. People, organizations, companies, vessels and airplanes become entries; the entities
that describe them (Sanction, Address, Passport, Identification, Ownership, Family,
Directorship...) are attached to the entry they point to: a sanction's program and start date,
an address, an id document, a relationship. As those can come before or after their subject,
the file is read twice, streaming: first what describes, then the subjects."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.errors import ListFormatError
from tracker.lists.importers.base import Entry, ListFormat, Published, normal_country, one_file

SUBJECTS = {
    "Person": "person",
    "Organization": "organization",
    "Company": "organization",
    "LegalEntity": "organization",
    "PublicBody": "organization",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}
# link schema -> (property of one side, property of the other side)
LINKS = {
    "Ownership": ("owner", "asset"),
    "Family": ("person", "relative"),
    "Directorship": ("director", "organization"),
    "Associate": ("person", "associate"),
    "Membership": ("member", "organization"),
    "Employment": ("employee", "employer"),
    "UnknownLink": ("subject", "object"),
}
DETAILS = {  # FtM property -> detail kind of the entry
    "birthDate": "dates_of_birth",
    "birthPlace": "places_of_birth",
    "nationality": "nationalities",
    "citizenship": "nationalities",
    "gender": "gender",
    "position": "title",
    "title": "title",
    "topics": "topics",
    "idNumber": "ids",
    "taxNumber": "ids",
    "registrationNumber": "ids",
    "innCode": "ids",
    "ogrnCode": "ids",
    "swiftBic": "ids",
    "mmsi": "mmsi",
    "website": "websites",
    "email": "emails",
    "phone": "phones",
    "address": "addresses",
    "sourceUrl": "source_urls",
    "buildDate": "year_built",
    "type": "vessel_type",
    "incorporationDate": "incorporated",
}
ALIASES = ("name", "alias", "weakAlias", "previousName")
# what the first pass reads to attach to the entries; any other schema is an entry of a type
# the tracker does not know, kept as given and reported
DESCRIBING = frozenset({"Sanction", "Address", "Passport", "Identification", *LINKS})
LINK_PAIRS = 1_000  # pairs one link entity may make (a relationship has one of each side)
MAX_LINKS = 10_000  # relationships one entry keeps; more are counted in its details


def lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, entity) of each JSON line; a line that is not an entity stops the import."""
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    entity = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ListFormatError(
                        f"{path.name} line {number}: not JSON ({exc.msg})"
                    ) from None
                if (
                    not isinstance(entity, dict)
                    or not isinstance(entity.get("id"), str | int)
                    or not str(entity.get("id")).strip()
                    or not isinstance(entity.get("schema"), str)
                    or not entity["schema"]
                    or not isinstance(entity.get("properties", {}), dict)
                ):
                    raise ListFormatError(
                        f"{path.name} line {number}: not a FollowTheMoney entity (an object with "
                        "id and schema)"
                    )
                yield number, entity
    except UnicodeDecodeError as exc:
        raise ListFormatError(f"{path.name}: not UTF-8 (byte at {exc.start})") from None
    except OSError as exc:
        raise ListFormatError(f"cannot read {path}: {exc.strerror or exc}") from None


def values(entity: dict[str, Any], name: str) -> list[str]:
    properties = entity.get("properties") or {}
    found = properties.get(name) or [] if isinstance(properties, dict) else []
    return [str(v).strip() for v in found if str(v).strip()] if isinstance(found, list) else []


@dataclass
class Attached:
    """What the first pass keeps, by the id of the entity it describes."""

    programs: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    listed: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    authorities: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    addresses: dict[str, str] = field(default_factory=dict)  # Address id -> text
    documents: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    links: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    captions: dict[str, str] = field(default_factory=dict)


def read_attached(path: Path) -> Attached:
    attached = Attached()
    for line, entity in lines(path):
        schema, ident = entity["schema"], str(entity["id"])
        attached.captions[ident] = str(entity.get("caption") or "")
        if schema == "Sanction":
            for subject in values(entity, "entity"):
                attached.programs[subject] += values(entity, "program") or values(
                    entity, "programId"
                )
                attached.listed[subject] += values(entity, "startDate") + values(
                    entity, "listingDate"
                )
                attached.authorities[subject] += values(entity, "authority")
        elif schema == "Address":
            parts = values(entity, "full") or values(entity, "street") + values(entity, "city")
            attached.addresses[ident] = ", ".join(parts[:1] if values(entity, "full") else parts)
        elif schema in ("Passport", "Identification"):
            number = " ".join(values(entity, "number")) or schema
            country = " ".join(values(entity, "country"))
            for holder in values(entity, "holder"):
                attached.documents[holder].append(f"{number} ({country})" if country else number)
        elif schema in LINKS:
            one, other = LINKS[schema]
            role = " ".join(values(entity, "role") or values(entity, "relationship")) or schema
            ones, others = values(entity, one), values(entity, other)
            if len(ones) * len(others) > LINK_PAIRS:
                raise ListFormatError(
                    f"{path.name} line {line}: a {schema} with {len(ones):,} {one} and "
                    f"{len(others):,} {other} values makes {len(ones) * len(others):,} "
                    f"relationships, more than the {LINK_PAIRS:,} one entity may"
                )
            for a in ones:
                for b in others:
                    attached.links[a].append((role, b))
                    attached.links[b].append((role, a))
    return attached


def subject(entity: dict[str, Any], attached: Attached) -> Entry:
    ident = str(entity["id"])
    names = [n for p in ALIASES for n in values(entity, p)]
    schema = str(entity["schema"])
    entry = Entry(
        entry_id=ident,
        entity_type=SUBJECTS.get(schema) or schema.lower(),
        name=str(entity.get("caption") or (names[0] if names else "")),
        imo=next(iter(values(entity, "imoNumber")), "").upper().removeprefix("IMO").strip() or None,
        flag=next((normal_country(c) for c in values(entity, "flag")), None),
        call_sign=next(iter(values(entity, "callSign")), None),
        remarks=" ".join(values(entity, "notes") + values(entity, "summary")) or None,
    )
    listed = sorted(attached.listed.get(ident, []))
    entry.listed_on = listed[0] if listed else None
    for name in names:
        entry.add_alias(name)
    for program in attached.programs.get(ident, []) + values(entity, "program"):
        entry.add_program(program)
    for authority in attached.authorities.get(ident, []):
        entry.add("authorities", authority)
    for prop in ("country", "nationality", "citizenship", "jurisdiction"):
        for country in values(entity, prop):
            entry.add_country(country.upper() if len(country) == 2 else country)
    for prop, kind in DETAILS.items():
        for value in values(entity, prop):
            entry.add(kind, value)
    for address in values(entity, "addressEntity"):
        entry.add("addresses", attached.addresses.get(address, ""))
    for document in attached.documents.get(ident, []):
        entry.add("ids", document)
    links = attached.links.get(ident, [])
    for role, other in links[:MAX_LINKS]:
        entry.add("linked_to", f"{role}: {attached.captions.get(other) or other} ({other})")
    if len(links) > MAX_LINKS:
        left = len(links) - MAX_LINKS
        entry.add("other", f"linked_to: {left:,} more relationships not kept")
        entry.warn(
            "entry-capped",
            str(len(links)),
            f"{len(links):,} relationships; the first {MAX_LINKS:,} are kept, the other "
            f"{left:,} counted in its details",
        )
    datasets = entity.get("datasets") or []
    for dataset in datasets if isinstance(datasets, list) else [datasets]:
        entry.add("datasets", str(dataset))
    return entry


def parse(
    paths: Sequence[Path], part: tuple[int, int] = (0, 1)
) -> tuple[Published, Iterator[Entry]]:
    path = one_file(paths, "an OpenSanctions FtM file", (".json", ".jsonl", ".ftm", ".ndjson"))
    next(lines(path), None)  # the first line is an entity, or the file is refused now

    def entries() -> Iterator[Entry]:
        attached = read_attached(path)
        for _, entity in lines(path):
            if entity["schema"] not in DESCRIBING:  # a subject, or a schema kept as given
                yield subject(entity, attached)

    return Published(), entries()


SOURCE = ListFormat(
    "ftm", "OpenSanctions FollowTheMoney entities, JSON lines (entities.ftm.json)", parse
)
