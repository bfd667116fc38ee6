"""A snapshot's list entries as FtM entities, each with its Sanction entity and its links."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from typing import Any

from tracker.ftm.entity import (
    ANY,
    OTHER_SCHEMA,
    PARTIES,
    SAFE_ID,
    SCHEMAS,
    Builder,
    Clean,
    Entity,
    after_colon,
    country,
    email,
    gender,
    number,
    phone,
    text,
    url,
)
from tracker.values import list_date

# entry field or detail kind -> (FtM property, the schemas that have it, how a value is made one)
# ("Sanction" as schema: the property is on the entry's Sanction entity)
PROPERTIES: dict[str, tuple[str, frozenset[str], Clean]] = {
    "name": ("name", ANY, text),
    "aliases": ("alias", ANY, text),
    "countries": ("country", ANY, country),
    "programs": ("program", frozenset({"Sanction"}), text),
    "listed_on": ("listingDate", frozenset({"Sanction"}), list_date),
    "imo": ("imoNumber", frozenset({"Vessel"}), text),
    "flag": ("flag", frozenset({"Vessel"}), country),
    "call_sign": ("callSign", frozenset({"Vessel"}), text),
    "remarks": ("notes", ANY, text),
    "addresses": ("address", ANY, text),
    "authorities": ("authority", frozenset({"Sanction"}), text),
    "company_imo": ("imoNumber", frozenset({"Organization"}), text),
    "dates_of_birth": ("birthDate", frozenset({"Person"}), list_date),
    "designation_source": ("description", frozenset({"Sanction"}), text),
    "emails": ("email", PARTIES, email),
    "former_flags": ("pastFlags", frozenset({"Vessel"}), country),
    "gender": ("gender", frozenset({"Person"}), gender),
    "grt": ("grossRegisteredTonnage", frozenset({"Vessel"}), number),
    "ids": ("idNumber", PARTIES, text),
    "incorporated": ("incorporationDate", PARTIES, list_date),
    "lists": ("description", frozenset({"Sanction"}), text),
    "mmsi": ("mmsi", frozenset({"Vessel"}), text),
    "names_by_language": ("alias", ANY, after_colon),
    "names_by_script": ("alias", ANY, after_colon),
    "nationalities": ("nationality", frozenset({"Person"}), country),
    "phones": ("phone", PARTIES, phone),
    "places_of_birth": ("birthPlace", frozenset({"Person"}), text),
    "references": ("authorityId", frozenset({"Sanction"}), text),
    "regulations": ("description", frozenset({"Sanction"}), text),
    "source_urls": ("sourceUrl", ANY, url),
    "status": ("status", frozenset({"Sanction"}), text),
    "title": ("position", frozenset({"Person"}), text),
    "tonnage": ("tonnage", frozenset({"Vessel"}), number),
    "topics": ("topics", ANY, text),
    "vessel_type": ("type", frozenset({"Vessel", "Airplane"}), text),
    "websites": ("website", PARTIES, url),
    "year_built": ("buildDate", frozenset({"Vessel", "Airplane"}), list_date),
}
# kinds with no FtM property of their own go to notes: aircraft, alias_strength, alias_types,
# datasets, digital_currency, other, vessel_owner; linked_to becomes UnknownLink entities
NOTE: tuple[str, frozenset[str], Clean] = ("notes", ANY, lambda value: None)
LINK = re.compile(r"^(?P<role>[^:]+): (?P<name>.*) \((?P<id>[^()]+)\)$")


def entity_id(source: str, entry_id: str) -> str:
    """Stable: the source and the entry id, made safe for FtM (with a hash of the raw id when
    that changed it, so two ids never meet). FtM entries keep their own ids."""
    safe = SAFE_ID.sub("-", entry_id).strip("-.")
    if source == "ftm" and safe == entry_id:
        return entry_id
    suffix = "" if safe == entry_id else "-" + hashlib.sha1(entry_id.encode()).hexdigest()[:10]
    return f"{source}-{safe}{suffix}" if safe else f"{source}{suffix}"


def entry_entities(
    source: str, entry: dict[str, Any], authority: str, list_url: str, known: set[str]
) -> Iterator[Entity]:
    """The entry, its Sanction, and an UnknownLink for each relationship to an entry in
    ``known`` (the snapshot's entry ids; a link to an entry not in it stays a note)."""
    schema = SCHEMAS.get(entry["entity_type"], OTHER_SCHEMA)
    ident = entity_id(source, entry["entry_id"])
    subject, sanction = Builder(ident, schema), Builder(f"{ident}-sanction", "Sanction")
    sanction.add("entity", ident)
    sanction.add("authority", authority or None)
    sanction.add("sourceUrl", list_url)
    sanction.add("recordId", entry["entry_id"])
    values: list[tuple[str, str]] = [
        (name, v)
        for name in ("name", "aliases", "countries", "programs", "listed_on", "imo", "flag")
        for v in _listed(entry[name])
    ]
    values += [(n, v) for n in ("call_sign", "remarks") for v in _listed(entry[n])]
    values += [(kind, v) for kind, found in entry["details"].items() for v in found]
    links = []
    for kind, value in values:
        if kind == "linked_to" and (link := LINK.match(value)) and link["id"] in known:
            links.append(link)
            continue
        prop, schemas, clean = PROPERTIES.get(kind, NOTE)
        cleaned = clean(value) if schema in schemas or "Sanction" in schemas else None
        if cleaned is None:
            subject.add("notes", f"{kind}: {value}")
        elif "Sanction" in schemas:
            sanction.add(prop, cleaned)
        else:
            subject.add(prop, cleaned)
    if source != "ftm":  # an official list: its entries are sanctioned (OpenSanctions' topic)
        subject.add("topics", "sanction")
    if "name" not in subject.entity["properties"]:  # FtM requires one; the list gave none
        subject.add("name", entry["entry_id"].strip() or ident)
    yield subject.done(subject.entity["properties"]["name"][0])
    yield sanction.done()
    for link in links:
        other = entity_id(source, link["id"])
        pair = "|".join(sorted((ident, other)))  # a link both sides list is one entity
        key = hashlib.sha1(f"{pair}|{link['role']}".encode()).hexdigest()[:16]
        relation = Builder(f"{source}-link-{key}", "UnknownLink")
        relation.add("subject", ident)
        relation.add("object", other)
        relation.add("role", link["role"])
        yield relation.done()


def _listed(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def snapshot_entities(
    source: str, entries: Iterable[dict[str, Any]], authority: str, list_url: str, known: set[str]
) -> Iterator[Entity]:
    seen: set[str] = set()  # links already written (memory: one id per link)
    for entry in entries:
        for entity in entry_entities(source, entry, authority, list_url, known):
            if entity["schema"] == "UnknownLink":
                if entity["id"] in seen:
                    continue
                seen.add(entity["id"])
            yield entity
