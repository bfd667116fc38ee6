"""The tracker's data as FollowTheMoney (FtM) entities, the model OpenSanctions, Aleph and
yente exchange: a snapshot's entries, each with a Sanction entity, and the curated records,
each carrying its source (an Article, as ``proof``) and its quote (``summary``).

Entities are plain dicts written as JSON lines; the followthemoney library is not needed to
write them (the tests validate the output with it). A value FtM would not accept where it
belongs (a date of birth such as "circa 1960", a country given by name) goes to ``notes`` as
"kind: value", so nothing of an entry is lost.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

import pycountry

from tracker import models as m
from tracker.fields import PartialDate, list_date
from tracker.load import Dataset

Entity = dict[str, Any]
Clean = Callable[[str], str | None]

SCHEMAS = {
    "person": "Person",
    "organization": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
OTHER_SCHEMA = "LegalEntity"  # an entry of a type the tracker does not know
PARTIES = frozenset({"Person", "Organization", "LegalEntity", "PublicBody"})
ANY = frozenset({*SCHEMAS.values(), OTHER_SCHEMA})

# --- values FtM accepts -----------------------------------------------------------------------

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DOMAIN = re.compile(r"^[\w-]+(\.[\w-]+)*\.[a-zA-Z]{2,}(/\S*)?$")
_PHONE = re.compile(r"^\+[0-9][0-9 ()./-]{5,}$")
_SAFE_ID = re.compile(r"[^0-9A-Za-z.-]+")


def country(text: str) -> str | None:
    """FtM's countries are lowercase alpha-2 codes; the entries hold alpha-2 where they could."""
    code = text.strip()
    return code.lower() if len(code) == 2 and pycountry.countries.get(alpha_2=code) else None


def gender(text: str) -> str | None:
    return {"m": "male", "male": "male", "f": "female", "female": "female"}.get(text.lower())


def email(text: str) -> str | None:
    return text if _EMAIL.match(text) else None


def url(text: str) -> str | None:
    if text.startswith(("http://", "https://")):
        return text
    return f"http://{text}" if _DOMAIN.match(text) else None


def phone(text: str) -> str | None:
    """Numbers in international form only: FtM needs the country to read a local number."""
    return text if _PHONE.match(text) else None


def number(text: str) -> str | None:
    return text if text.isascii() and text.isdigit() else None


def text(value: str) -> str | None:
    return value


def after_colon(value: str) -> str | None:
    """'script: name' -> 'name'."""
    return value.partition(": ")[2] or value


# --- entries of official lists ----------------------------------------------------------------

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
    safe = _SAFE_ID.sub("-", entry_id).strip("-.")
    if source == "ftm" and safe == entry_id:
        return entry_id
    suffix = "" if safe == entry_id else "-" + hashlib.sha1(entry_id.encode()).hexdigest()[:10]
    return f"{source}-{safe}{suffix}" if safe else f"{source}{suffix}"


class Builder:
    """An entity's properties, each value added once, in order."""

    def __init__(self, ident: str, schema: str) -> None:
        self.entity: Entity = {"id": ident, "schema": schema, "properties": {}}

    def add(self, prop: str, *values: str | None) -> None:
        found: list[str] = self.entity["properties"].setdefault(prop, [])
        found.extend(v for v in values if v and v not in found)
        if not found:
            del self.entity["properties"][prop]

    def done(self, caption: str | None = None) -> Entity:
        if caption:
            self.entity["caption"] = caption
        return self.entity


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
        subject.add("name", entry["entry_id"])
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


# --- the curated records ----------------------------------------------------------------------


def record_id(record: m.Record) -> str:
    """'designation-ocean-star': the record type and its id (slugs are valid FtM ids)."""
    kind = re.sub(r"(?<!^)(?=[A-Z])", "-", type(record).__name__).lower()
    return f"{kind}-{record.id}"


def language(code: str | None) -> str | None:
    """FtM's languages are ISO 639-3 (eng); the sources give ISO 639-1 (en)."""
    found = pycountry.languages.get(alpha_2=code) if code else None
    return str(found.alpha_3) if found is not None else None


def dataset_entities(dataset: Dataset) -> Iterator[Entity]:
    """Every record of a (valid) dataset: sources as Articles with their text, authorities as
    PublicBodies, actions, revisions, claims, events, statements and agreements as Events,
    designations as Person/Organization/Vessel with a Sanction, officials as Persons, control
    lists and items as Notes. Every entity but an Article cites its Article (proof) and its
    quote (summary)."""
    sources = {s.id: s for s in dataset.table(m.Source).records}
    authorities = {a.id: a for a in dataset.table(m.Authority).records}
    actions = {a.id: a for a in dataset.table(m.Action).records}
    lists = {c.id: c for c in dataset.table(m.ControlList).records}
    for source in sources.values():
        article = Builder(record_id(source), "Article")
        article.add("title", source.title)
        article.add("fileName", source.file)
        article.add("publisher", source.publisher)
        article.add("publishedAt", str(source.published) if source.published else None)
        article.add("sourceUrl", source.url)
        article.add("language", language(source.language))
        article.add("bodyText", body_text(dataset, source))
        yield article.done(source.title)

    def cited(record: m.Cited, schema: str, ident: str | None = None) -> Builder:
        made = Builder(ident or record_id(record), schema)
        made.add("proof", record_id(sources[record.source_id]))
        made.add("summary", record.quote)
        made.add("sourceUrl", sources[record.source_id].url)
        made.add("publisher", sources[record.source_id].publisher)
        return made

    for authority in authorities.values():
        body = cited(authority, "PublicBody")
        body.add("name", authority.name)
        body.add("country", _lower(authority.country))
        body.add("classification", authority.kind.value)
        yield body.done(authority.name)
    for action in actions.values():
        event = cited(action, "Event")
        event.add("name", action.summary)
        event.add("date", _date(action.announced_on))
        event.add("organizer", record_id(authorities[action.authority_id]))
        event.add("country", _lower(action.target_country))
        event.add("program", action.program)
        event.add("description", stated(action))
        yield event.done(action.summary)
    for designation in dataset.table(m.Designation).records:
        action = actions[designation.action_id]
        party = cited(designation, SCHEMAS[designation.entity_type.value])
        party.add("name", designation.name)
        party.add("alias", *designation.aliases)
        party.add("country", _lower(designation.country))
        if designation.entity_type.value == "vessel":
            party.add("imoNumber", designation.imo)
            party.add("flag", _lower(designation.flag))
        party.add("topics", "sanction")
        yield party.done(designation.name)
        sanction = cited(designation, "Sanction", f"{record_id(designation)}-sanction")
        sanction.add("entity", record_id(designation))
        sanction.add("authority", authorities[action.authority_id].name)
        sanction.add("program", action.program)
        sanction.add("listingDate", _date(designation.listed_on or action.announced_on))
        yield sanction.done()
    for control_list in lists.values():
        note = cited(control_list, "Note")
        note.add("name", control_list.name)
        note.add("entity", record_id(authorities[control_list.authority_id]))
        note.add("country", _lower(control_list.target_country))
        note.add("description", f"counts {control_list.unit}")
        yield note.done(control_list.name)
    for revision in dataset.table(m.ControlListRevision).records:
        control_list = lists[revision.list_id]
        event = cited(revision, "Event")
        event.add("name", f"{control_list.name}: revision")
        event.add("date", _date(revision.effective_on or revision.announced_on))
        event.add("organizer", record_id(authorities[control_list.authority_id]))
        event.add("namesMentioned", control_list.name)
        event.add("description", revised(revision, control_list.unit))
        yield event.done()
    for item in dataset.table(m.ControlItem).records:
        note = cited(item, "Note")
        note.add("name", f"{item.code_system or 'code'} {item.code}")
        note.add("entity", record_id(lists[item.list_id]))
        note.add("description", item.description)
        yield note.done()
    for claim in dataset.table(m.Claim).records:
        event = cited(claim, "Event")
        event.add("name", f"{claim.claimant}: {claimed(claim)}")
        event.add("startDate", _date(claim.since))
        event.add("date", _date(claim.as_of))
        event.add("namesMentioned", claim.claimant)
        event.add("description", claim.subject)
        yield event.done()
    for happened in dataset.table(m.Event).records:
        event = cited(happened, "Event")
        event.add("name", happened.description)
        event.add("date", _date(happened.on))
        event.add("location", happened.place)
        yield event.done(happened.description)
    for official in dataset.table(m.Official).records:
        person = cited(official, "Person")
        person.add("name", official.name)
        person.add("position", ", ".join(p for p in (official.role, official.organization) if p))
        person.add("country", _lower(official.country))
        yield person.done(official.name)
    for statement in dataset.table(m.Statement).records:
        event = cited(statement, "Event")
        event.add("name", statement.said)
        event.add("date", _date(statement.on))
        event.add("namesMentioned", statement.speaker)
        if statement.official_id:
            event.add("involved", f"official-{statement.official_id}")
        yield event.done(statement.said)
    for agreement in dataset.table(m.Agreement).records:
        event = cited(agreement, "Event")
        event.add("name", agreement.name)
        event.add("date", _date(agreement.signed_on))
        event.add("location", agreement.place)
        event.add("country", *(p.lower() for p in agreement.parties))
        event.add("description", agreement.clauses)
        yield event.done(agreement.name)


def body_text(dataset: Dataset, source: m.Source) -> str | None:
    """The source's text; None when it is missing or not UTF-8 (`tracker check` reports
    that; the quotes stay in each record's summary)."""
    try:
        return dataset.source_text(source)
    except (OSError, UnicodeDecodeError):
        return None


def stated(action: m.Action) -> str | None:
    counts = [
        f"{n:,} {what}"
        for n, what in (
            (action.stated_vessels, "vessels"),
            (action.stated_organizations, "organizations"),
            (action.stated_persons, "persons"),
            (action.stated_total, "in all"),
        )
        if n is not None
    ]
    return "stated: " + ", ".join(counts) if counts else None


def revised(revision: m.ControlListRevision, unit: str) -> str:
    parts = [
        f"{label} {n:,}"
        for label, n in (
            ("from", revision.previous_count),
            ("added", revision.added),
            ("removed", revision.removed),
            ("to", revision.new_count),
        )
        if n is not None
    ]
    return f"{unit}: " + ", ".join(parts)


def claimed(claim: m.Claim) -> str:
    words = claim.qualifier.value.replace("_", " ")
    amount = f"{claim.quantity:,}" if claim.quantity is not None else ""
    return " ".join(w for w in (words, amount, claim.unit) if w and w != "exact")


def _date(value: PartialDate | None) -> str | None:
    return str(value) if value is not None else None


def _lower(code: str | None) -> str | None:
    return code.lower() if code else None


def write_entities(entities: Iterable[Entity], stream: TextIO) -> int:
    """JSON lines, one entity each (as OpenSanctions publishes `entities.ftm.json`)."""
    count = 0
    for entity in entities:
        stream.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
