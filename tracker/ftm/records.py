"""The curated records as FtM entities, each carrying its source (an Article, as ``proof``)
and its quote (``summary``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pycountry

from tracker.ftm.entity import SCHEMAS, Builder, Entity
from tracker.records import models as m
from tracker.records.load import Dataset
from tracker.values import PartialDate


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
