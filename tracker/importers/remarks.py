"""OFAC's remarks field: a '; '-separated bag of facts, parsed into one field per kind.

"DOB 10 Dec 1948; POB Giza, Egypt; a.k.a. 'ABU X'; Linked To: HIZBALLAH; Vessel Registration
Identification IMO 9187629; MMSI 572469210" -> dates_of_birth, places_of_birth, aliases,
linked_to, imo, mmsi. OFAC writes "Vessel Registration Identification IMO" for shipping
companies too: on an entry that is not a vessel it is an IMO company number. What no rule
recognises is kept under ``other``; the raw text is kept too.
"""

from __future__ import annotations

import re

from tracker.importers import Entry, normal_country

ALIAS = re.compile(r"^(?:a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s*,?\s*'?(.+?)'?$")
ID_WORDS = (
    "Passport",
    "National",
    "Cedula",
    "Tax",
    "Registration",
    "Identification",
    "Company",
    "C.U.R.P.",
    "R.F.C.",
    "D.N.I.",
    "Matricula",
    "NIT",
    "RUC",
    "V.A.T.",
    "Business",
    "Driver's",
    "Personal",
    "Residency",
    "SSN",
    "Trade",
    "Commercial",
    "Legal",
    "Folio",
    "Citizen's",
    "Diplomatic",
    "Public",
    "Travel",
    "Kenyan",
    "Birth",
    "Electoral",
    "D-U-N-S",
    "US",
    "UK",
    "Italian",
    "Numero",
    "Chinese",
    "Unified",
)
# (first words a fact can start with, pattern, field): a fact is tried only against the
# patterns of its first word, in this order.
PREFIXES: list[tuple[tuple[str, ...], re.Pattern[str], str]] = [
    (("DOB",), re.compile(r"^DOB\s+(.+)$"), "dates_of_birth"),
    (("POB",), re.compile(r"^POB\s+(.+)$"), "places_of_birth"),
    (("nationality", "citizen"), re.compile(r"^(?:nationality|citizen)\s+(.+)$"), "nationalities"),
    (("Linked",), re.compile(r"^Linked To:\s*(.+?)\.?$"), "linked_to"),
    (
        ("Vessel", "Identification"),
        re.compile(r"^(?:Vessel Registration Identification|Identification Number) IMO\s+(\d+)$"),
        "imo",
    ),
    (("Company",), re.compile(r"^Company Number IMO\s+(\d+)$"), "company_imo"),
    (("MMSI",), re.compile(r"^MMSI\s+(\d+)$"), "mmsi"),
    (
        ("Former", "Vessel"),
        re.compile(r"^(?:Former Vessel Flag|Vessel Flag Former)\s+(.+)$"),
        "former_flags",
    ),
    (("Aircraft",), re.compile(r"^(Aircraft .+)$"), "aircraft"),
    (("Website",), re.compile(r"^Website\s+(.+)$"), "websites"),
    (("Email",), re.compile(r"^Email(?: Address)?:?\s*(.+)$"), "emails"),
    (
        ("Telephone", "Phone", "Fax", "Telephone:", "Fax:"),
        re.compile(r"^(?:Telephone|Phone|Fax)(?: No\.| Number)?:?\s*(.+)$"),
        "phones",
    ),
    (("Gender",), re.compile(r"^Gender\s+(.+)$"), "gender"),
    (ID_WORDS, re.compile(r"^(.+\d.*)$"), "ids"),  # an id type followed by a number
]
FIRST_WORD = re.compile(r"[^ :]+")
BY_FIRST_WORD: dict[str, list[tuple[re.Pattern[str], str]]] = {}
for _words, _pattern, _kind in PREFIXES:
    for _word in _words:
        BY_FIRST_WORD.setdefault(_word, []).append((_pattern, _kind))


def split_remarks(remarks: str) -> list[str]:
    """The parts of a remarks text; a trailing full stop ends the last one."""
    text = remarks.strip()
    if text.endswith("."):
        text = text[:-1]
    return [part.strip() for part in text.split("; ") if part.strip()]


def parse_remarks(entry: Entry, remarks: str) -> None:
    """Fill the entry's aliases, IMO and details from its remarks."""
    for part in split_remarks(remarks):
        fact = part[5:] if part.startswith("alt. ") else part
        alias = ALIAS.match(fact) if fact[:1] in "afn" else None
        if alias:
            if alias.group(1) not in entry.aliases:
                entry.aliases.append(alias.group(1))
            continue
        first = FIRST_WORD.match(fact)
        for pattern, kind in BY_FIRST_WORD.get(first.group() if first else "", ()):
            match = pattern.match(fact)
            if not match:
                continue
            value = match.group(1).strip()
            if kind == "imo" and entry.entity_type != "vessel":
                entry.add("company_imo", value)  # OFAC writes a shipping company's number so
            elif kind == "imo" and entry.imo is None:
                entry.imo = value
            elif kind == "nationalities":
                entry.add(kind, normal_country(value))
            else:
                entry.add(kind, value)
            break
        else:
            entry.add("other", part)
