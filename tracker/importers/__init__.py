"""Official sanctions lists, one module per format, behind one interface: a source name, the
files it reads, and ``parse(paths)`` yielding entries in the tracker's shape.

Adding today's UK or EU format is one module with a ``SOURCE``; register it in ``SOURCES``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tracker.fields import country_code, is_valid_imo_company, is_valid_imo_ship

ENTITY_TYPES = ("person", "organization", "vessel", "aircraft")


class ListFormatError(Exception):
    """A file that is not what its source expects (wrong format, truncated, hostile): the
    import stops and the store stays as it was."""


@dataclass(slots=True)
class Entry:
    """One entry of an official list, normalised. ``details`` holds what the list's free
    text says (dates and places of birth, ids, links, contacts...), one list per kind."""

    entry_id: str
    entity_type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    listed_on: str | None = None
    imo: str | None = None
    flag: str | None = None
    call_sign: str | None = None
    remarks: str | None = None
    details: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, value: str) -> None:
        value = value.strip()
        if value and value not in self.details.setdefault(kind, []):
            self.details[kind].append(value)


@dataclass(frozen=True)
class Published:
    """What the files say of themselves: the list's own date, where stated."""

    date: str | None = None


Parser = Callable[[Sequence[Path], tuple[int, int]], tuple[Published, Iterator[Entry]]]


@dataclass(frozen=True)
class Source:
    """``parse(files, part)`` yields the entries; ``part`` (k, n) asks for the k-th of n
    interleaved shares, which only a ``splittable`` source can give (others take (0, 1))."""

    name: str
    description: str
    parse: Parser
    splittable: bool = False


def normal_country(text: str) -> str:
    """Alpha-2 when the name is a country, else the text as given (nothing is dropped)."""
    code = country_code(text) if text.strip() else None
    return code or text.strip()


def identifier_warnings(entry: Entry) -> Iterator[tuple[str, str, str]]:
    """(code, value, message) for every IMO number of the entry that fails its check digit."""
    if entry.imo and not is_valid_imo_ship(entry.imo):
        yield ("imo", entry.imo, f"IMO ship number {entry.imo} fails the check digit")
    for number in entry.details.get("company_imo", []):
        if not is_valid_imo_company(number):
            yield ("imo-company", number, f"IMO company number {number} fails the check digit")


def sources() -> dict[str, Source]:
    from tracker.importers import csl, eu, ofac, uk, un

    return {s.name: s for s in (ofac.SDN, ofac.CONS, un.SOURCE, csl.SOURCE, uk.SOURCE, eu.SOURCE)}


def files_in(paths: Sequence[Path]) -> list[Path]:
    """The files named, with directories expanded to the files they hold."""
    result: list[Path] = []
    for path in paths:
        if path.is_dir():
            result.extend(sorted(p for p in path.iterdir() if p.is_file()))
        else:
            result.append(path)
    return result
