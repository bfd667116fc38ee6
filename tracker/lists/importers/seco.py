"""The Swiss SECO sanctions list XML (`<swiss-sanctions-list>` / `<target>`): individuals,
entities and objects (vessels), each with identities made of ordered name parts and their
spelling variants in other languages and scripts, and a history of modifications (a de-listed
target stays in the file: it is kept, marked de-listed). Program names and places live in
sections a file may leave out: a program is then named by its sanctions-set id."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from lxml import etree

from tracker.errors import ListFormatError
from tracker.lists.importers.base import Entry, ListFormat, Published, entity_type
from tracker.lists.importers.xml import elements, local, one_xml_file, root_element

ROOT = "swiss-sanctions-list"
TYPES = {"individual": "person", "entity": "organization", "vessel": "vessel"}
IMO = re.compile(r"IMO(?: [Nn]umber)?\s*:?\s*([0-9]{7})")


def kids(node: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in node if local(c.tag) == name]


MAX_SPELLINGS = 100  # languages and scripts one name is spelt in (the list has a handful)


def name_of(name: etree._Element, path: Path) -> tuple[str, list[tuple[str, str]]]:
    """The name, family name first ('Family, Given Father'), and the same name in each of its
    spellings: (script, whole name) per language and script the parts are spelt in. Each part's
    spellings are looked up by language and script (the work is parts x spellings, not parts x
    spellings x their variants); a name spelt in more than ``MAX_SPELLINGS`` ways is refused."""
    parts = sorted(kids(name, "name-part"), key=lambda p: order(p, path))
    typed = [(p.get("name-part-type") or "", p.findtext("value") or "") for p in parts]
    text = whole_name(typed)
    variants: list[dict[tuple[str, str], str]] = []
    keys: dict[tuple[str, str], None] = {}
    for part in parts:
        spelt: dict[tuple[str, str], str] = {}
        for variant in kids(part, "spelling-variant"):
            key = (variant.get("lang") or "", variant.get("script") or "")
            spelt.setdefault(key, variant.text or "")
            keys[key] = None
        if len(keys) > MAX_SPELLINGS:
            raise ListFormatError(
                f"{path.name} line {name.sourceline}: a name spelt in more than "
                f"{MAX_SPELLINGS} languages and scripts; a list spells a name in a handful"
            )
        variants.append(spelt)
    spellings = []
    for key in sorted(keys):
        whole = [
            (kind, spelt.get(key, value))
            for (kind, value), spelt in zip(typed, variants, strict=True)
        ]
        spellings.append((key[1] or key[0], whole_name(whole)))
    return text, spellings


def order(part: etree._Element, path: Path) -> int:
    text = part.get("order") or "0"
    if not (text.isascii() and text.isdigit() and len(text) <= 6):
        raise ListFormatError(
            f"{path.name} line {part.sourceline}: a name part's order {text[:20]!r} is not a number"
        )
    return int(text)


def whole_name(parts: list[tuple[str, str]]) -> str:
    family = [v.strip() for t, v in parts if t == "family-name" and v.strip()]
    rest = [v.strip() for t, v in parts if t != "family-name" and v.strip()]
    return f"{' '.join(family)}, {' '.join(rest)}" if family and rest else " ".join(family + rest)


def target(node: etree._Element, path: Path) -> Entry:
    ident = node.get("ssid")
    subject = next((c for c in node if local(c.tag) in ("individual", "entity", "object")), None)
    if not ident or subject is None:
        raise ListFormatError(
            f"{path.name} line {node.sourceline}: <target> without ssid or subject"
        )
    kind = subject.get("object-type") if local(subject.tag) == "object" else local(subject.tag)
    identities = kids(subject, "identity")
    main = next(
        (i for i in identities if i.get("main") == "true"), identities[0] if identities else None
    )
    names = [name_of(n, path) for i in identities for n in kids(i, "name")]
    primary = (
        next(
            (
                name_of(n, path)[0]
                for n in kids(main, "name")
                if n.get("name-type") == "primary-name"
            ),
            None,
        )
        if main is not None
        else None
    )
    entry = Entry(
        entry_id=ident,
        entity_type=entity_type(kind, TYPES),
        name=primary or (names[0][0] if names else ""),
    )
    for text, spellings in names:
        entry.add_alias(text)
        for script, spelt in spellings:
            entry.add_alias(spelt)
            entry.add("names_by_script", f"{script}: {spelt}")
    entry.add_program(f"sanctions set {node.findtext('sanctions-set-id') or ''}".strip())
    if subject.get("sex"):
        entry.add("gender", subject.get("sex") or "")
    for identity in identities:
        for born in kids(identity, "day-month-year"):
            parts = [born.get("year"), born.get("month"), born.get("day")]
            entry.add(
                "dates_of_birth",
                "-".join([p.zfill(2) if i else p for i, p in enumerate(parts) if p]),
            )
        for address in kids(identity, "address"):
            entry.add(
                "addresses",
                ", ".join((c.text or "").strip() for c in address if (c.text or "").strip()),
            )
        for nationality in kids(identity, "nationality"):
            entry.add("nationalities", nationality.get("country") or (nationality.text or ""))
    notes = [(n.text or "").strip() for n in kids(subject, "other-information")]
    notes += [(n.text or "").strip() for n in kids(subject, "justification")]
    entry.remarks = "; ".join(n for n in notes if n) or None
    for number in IMO.findall(entry.remarks or ""):
        entry.imo = entry.imo or number
    modifications = kids(node, "modification")
    listed = [
        m.get("effective-date") or ""
        for m in modifications
        if m.get("modification-type") == "listed"
    ]
    entry.listed_on = min((d for d in listed if d), default=None)
    for m in modifications:
        if m.get("modification-type") == "de-listed":
            entry.add("status", f"de-listed {m.get('effective-date') or ''}".strip())
    return entry


def parse(
    paths: Sequence[Path], part: tuple[int, int] = (0, 1)
) -> tuple[Published, Iterator[Entry]]:
    path = one_xml_file(paths, "the SECO sanctions list (XML)")
    root = root_element(path, ROOT, "the Swiss SECO sanctions list")

    def entries() -> Iterator[Entry]:
        for node in elements(path, ROOT, ("target",)):
            parent = node.getparent()
            if parent is not None and local(parent.tag) == ROOT:  # not a modification's copy
                yield target(node, path)

    return Published(root.get("date") or None), entries()


SOURCE = ListFormat("seco", "Swiss SECO sanctions list, XML (swiss-sanctions-list)", parse)
