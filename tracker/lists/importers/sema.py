"""Canada's consolidated autonomous sanctions list (SEMA), XML (`<data-set>` / `<record>`,
bilingual element names): a record is a person (last and given names) or an entity or ship
(a ship has an IMO number); dates of birth are free text (`1972-08-10 or 1972-08-11`, `Sep-99`);
aliases are joined with commas or semicolons. A record has no id of its own: it is its
regulation (Country-Pays), schedule and item number."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from lxml import etree

from tracker.lists.importers.base import Entry, ListFormat, Published
from tracker.lists.importers.xml import elements, local, one_xml_file, root_element

ROOT = "data-set"


def field(node: etree._Element, prefix: str) -> str:
    """A record's value by the English half of its element name, spaces tidied."""
    for child in node:
        if local(child.tag).split("-")[0] == prefix:
            return " ".join((child.text or "").split())
    return ""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def record(node: etree._Element, seen: set[str]) -> Entry:
    """One record; its id made unique (``seen``: the ids so far) and never empty, with a
    warning when it had to be made."""
    entry = read_record(node)
    given = entry.entry_id
    if not given:
        given = entry.entry_id = f"line-{node.sourceline}"
        entry.warn(
            "entry-id",
            entry.name,
            f"record at line {node.sourceline} has no regulation, schedule or item to make its "
            f"id of; kept as {given}",
        )
    if given in seen:
        number = 2
        while f"{given}~{number}" in seen:
            number += 1
        entry.entry_id = f"{given}~{number}"
        entry.warn(
            "entry-id",
            given,
            f"record at line {node.sourceline} has the id of an earlier record ({given}); kept "
            f"as {entry.entry_id}",
        )
    seen.add(entry.entry_id)
    return entry


def read_record(node: etree._Element) -> Entry:
    regulation = field(node, "Country").split(" / ")[0].split("/")[0].strip()
    schedule, item = field(node, "Schedule"), field(node, "Item")
    last, given = field(node, "LastName"), field(node, "GivenName")
    imo = field(node, "ShipIMONumber").upper().removeprefix("IMO").strip()
    if last or given:
        kind, name = "person", f"{last}, {given}" if last and given else last or given
    else:
        kind, name = ("vessel" if imo else "organization"), field(node, "EntityOrShip")
    entry = Entry(
        entry_id="-".join(p for p in (slug(regulation), slug(schedule), slug(item)) if p),
        entity_type=kind,
        name=name.split("/")[0].strip() if kind != "person" else name,
        listed_on=field(node, "DateOfListing") or None,
        imo=imo or None,
    )
    entry.add_program(regulation)
    if kind != "person" and "/" in name:
        entry.add_alias(name.split("/", 1)[1].strip())  # the French half
    for alias in re.split(r"[;,]\s*", field(node, "Aliases")):
        entry.add_alias(alias)
    entry.add(
        "dates_of_birth" if kind == "person" else "year_built",
        field(node, "DateOfBirthOrShipBuildDate"),
    )
    entry.add("title" if kind == "person" else "vessel_type", field(node, "TitleOrShipType"))
    entry.add(
        "references",
        " ".join(p for p in (schedule and f"schedule {schedule}", item and f"item {item}") if p),
    )
    return entry


def parse(
    paths: Sequence[Path], part: tuple[int, int] = (0, 1)
) -> tuple[Published, Iterator[Entry]]:
    path = one_xml_file(paths, "the SEMA list (XML)")
    root_element(path, ROOT, "Canada's SEMA consolidated list")

    def entries() -> Iterator[Entry]:
        seen: set[str] = set()
        for node in elements(path, ROOT, ("record",)):
            yield record(node, seen)

    return Published(), entries()


SOURCE = ListFormat("sema", "Canada's consolidated autonomous sanctions list (SEMA), XML", parse)
