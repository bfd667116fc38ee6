"""A draft dataset from proposals: the record files with generated ids, one source per text
(its text copied into ``sources/``), an authority for each one the proposals name, a control
list for each list that changes. The draft validates, so `tracker check` and `tracker report`
run on it at once; a person then reviews every row against its quote."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.errors import InputError, not_a_file
from tracker.extract.dates import Anchor
from tracker.extract.rules import Proposal, propose
from tracker.extract.text import nationality, slug
from tracker.records import models as m
from tracker.records.template import RawDataset, RawTable
from tracker.values import country_code

STATED = ("stated_vessels", "stated_organizations", "stated_persons", "stated_total")
CAPITALS = {
    "seoul": "KR", "moscow": "RU", "pyongyang": "KP", "washington": "US", "tokyo": "JP",
    "beijing": "CN", "london": "GB", "ottawa": "CA", "canberra": "AU", "berlin": "DE",
    "paris": "FR", "kyiv": "UA", "minsk": "BY", "tehran": "IR", "brussels": "EU", "bern": "CH",
}  # fmt: skip


@dataclass
class Text:
    """One article: where it came from, what it says, and what was proposed from it."""

    file: str
    text: str
    source_id: str
    proposals: list[Proposal]
    published: dt.date | None = None


@dataclass
class Tables:
    rows: dict[type[m.Record], list[dict[str, Any]]] = field(
        default_factory=lambda: {t: [] for t in m.RECORD_TYPES}
    )
    ids: dict[type[m.Record], set[str]] = field(
        default_factory=lambda: {t: set() for t in m.RECORD_TYPES}
    )
    next: dict[tuple[type[m.Record], str], int] = field(default_factory=dict)

    def add(self, record_type: type[m.Record], wanted: str, row: dict[str, Any]) -> str:
        """Add a row under a fresh id made from ``wanted``; returns the id."""
        base = slug(wanted)
        ident, n = base, self.next.get((record_type, base), 2)
        while ident in self.ids[record_type]:
            ident, n = f"{base}-{n}", n + 1
        self.next[(record_type, base)] = n  # the next number to try for this base
        self.ids[record_type].add(ident)
        self.rows[record_type].append({"id": ident, **row})
        return ident


def country_of(words: str) -> str | None:
    """A country a name speaks of: "South Korea", "U.S. Treasury", "Seoul"."""
    lower = words.lower()
    for key, code in CAPITALS.items():
        if re.search(rf"\b{key}\b", lower):
            return None if code == "EU" else code
    for size in (2, 1):
        tokens = re.findall(r"[\w.']+", words)
        for i in range(len(tokens) - size + 1):
            phrase = " ".join(tokens[i : i + size])
            found = nationality(phrase) or (country_code(phrase) if len(phrase) > 3 else None)
            if found:
                return found
    return None


def authority_kind(name: str) -> str:
    if re.search(r"Council|United Nations|\bU\.?N\.?\b|European Union|NATO|G7", name):
        return "intergovernmental"
    if re.search(r"Ministry|Department|Treasury|Office|OFAC|Bureau|Secretariat|Commerce", name):
        return "ministry"
    if re.search(r"Agency|Service|Administration|Commission|Authority", name):
        return "agency"
    return "government"


def draft_tables(texts: Sequence[Text]) -> Tables:
    """The draft's rows by record type, ids made; a proposal's row keeps its confidence under
    ``CONFIDENCE`` (not a column of the dataset)."""
    tables = Tables()
    for text in texts:
        add_text(tables, text)
    return tables


CONFIDENCE = "_confidence"


def build(texts: Sequence[Text]) -> RawDataset:
    return as_raw(draft_tables(texts), texts)


def as_raw(tables: Tables, texts: Sequence[Text]) -> RawDataset:
    raw = {
        t: RawTable(
            m.columns(t), [[cell(row.get(c)) for c in m.columns(t)] for row in tables.rows[t]]
        )
        for t in m.RECORD_TYPES
    }
    return RawDataset(raw, {t.file: (t.text, False) for t in texts})


def cell(value: Any) -> str:
    return "" if value is None else str(value)


def add_text(tables: Tables, text: Text) -> None:
    title = next((line.strip() for line in text.text.splitlines() if line.strip()), text.file)
    anchor = Anchor.of(text.text, text.published)
    published = anchor.day if anchor else None  # given, or the text's own dateline
    tables.ids[m.Source].add(text.source_id)
    tables.rows[m.Source].append(
        {
            "id": text.source_id,
            "file": text.file,
            "title": title[:300],
            "published": published.isoformat() if published else None,
            "language": "en",
        }
    )
    cite = {"source_id": text.source_id}
    authorities: dict[str, str] = {}

    def authority(name: str, quote: str) -> str:
        name = name or "unnamed authority"
        if name not in authorities:
            row = {**cite, "quote": quote, "name": name, "country": country_of(name)}
            authorities[name] = tables.add(m.Authority, name, {**row, "kind": authority_kind(name)})
        return authorities[name]

    first_action = None
    keeper = ""  # who announces the text's first action: the keeper of a list it sizes
    lists: dict[tuple[str, str], str] = {}
    for p in text.proposals:
        v = p.values
        quoted = {**cite, "quote": p.quote, CONFIDENCE: p.confidence}
        if p.type == "actions":
            row = {k: v.get(k) for k in ("announced_on", "target_country", "summary", *STATED)}
            row["authority_id"] = authority(v.get("authority", ""), p.quote)
            keeper = keeper or v.get("authority", "")
            ident = tables.add(
                m.Action, f"{v.get('authority') or 'sanctions'} sanctions", {**quoted, **row}
            )
            first_action = first_action or ident
        elif p.type == "control_list_revisions":
            owner = authority(v.get("authority") or keeper, p.quote)
            unit = v.get("unit", "items")
            name = v.get("list") or "export controls"
            if unit != "items":
                name = f"{name}: {unit}"  # one list per unit counted
            key = (owner, name)
            if key not in lists:
                target = country_of(v.get("target", "")) if v.get("target") else None
                lists[key] = tables.add(
                    m.ControlList,
                    f"{owner} {name}",
                    {**quoted, "authority_id": owner, "name": name, "target_country": target,
                     "unit": unit},
                )  # fmt: skip
            counts = {k: v.get(k) for k in ("previous_count", "added", "removed", "new_count")}
            tables.add(
                m.ControlListRevision,
                f"{lists[key]} revision",
                {**quoted, "list_id": lists[key], **counts},
            )
        elif p.type == "claims":
            claimant = v.get("claimant") or "the source"
            amount = v.get("quantity") if v.get("quantity") is not None else v.get("qualifier")
            tables.add(
                m.Claim,
                f"{claimant} {amount} {v.get('unit', '')}",
                {**quoted, "claimant": claimant, "subject": v.get("subject") or v.get("unit"),
                 "quantity": v.get("quantity"), "unit": v.get("unit"),
                 "qualifier": v.get("qualifier")},
            )  # fmt: skip
        elif p.type == "events":
            row = {
                k: v.get(k) for k in ("description", "on", "stated_weekday", "place", "date_basis")
            }
            tables.add(m.Event, " ".join(v["description"].split()[:8]), {**quoted, **row})
        elif p.type == "officials":
            row = {k: v.get(k) for k in ("name", "role", "organization", "country")}
            tables.add(m.Official, v["name"], {**quoted, **row})
        elif p.type == "designations" and first_action is not None:
            row = {k: v.get(k) for k in ("entity_type", "name", "imo")}
            tables.add(m.Designation, v["name"], {**quoted, "action_id": first_action, **row})


LONGEST_TEXT = 500_000  # characters: some 250 pages; an announcement is a few thousand


def read_text(path: Path) -> str:
    """A text file as extraction reads it: UTF-8, not binary, not longer than
    ``LONGEST_TEXT`` characters (read no further than that can take)."""
    if not path.is_file():
        raise not_a_file(path, "text")
    try:
        with path.open("rb") as file:
            data = file.read(LONGEST_TEXT * 4 + 1)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    too_long = f"{path}: longer than {LONGEST_TEXT:,} characters; split it into its announcements"
    if len(data) > LONGEST_TEXT * 4:
        raise InputError(too_long)
    if b"\x00" in data:
        raise InputError(f"{path}: a binary file, not text (byte {data.index(0)} is NUL)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    if len(text) > LONGEST_TEXT:
        raise InputError(too_long)
    return text


def read_texts(
    paths: Sequence[Path], source_id: str | None, published: dt.date | None
) -> list[Text]:
    """The texts, each with its proposals; ids from the file names (or ``source_id``)."""
    if source_id is not None and len(paths) != 1:
        raise InputError("--source-id names one text: give one file")
    texts: list[Text] = []
    taken: set[str] = set()
    for path in paths:
        text = read_text(path)
        ident = source_id or slug(path.stem)
        while ident in taken:
            ident += "-2"
        taken.add(ident)
        texts.append(Text(path.name, text, ident, propose(text, published), published))
    if len({t.file for t in texts}) < len(texts):
        raise InputError("two texts have the same file name: their copies in sources/ would clash")
    return texts
