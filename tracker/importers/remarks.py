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
PREFIXES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^DOB\s+(.+)$"), "dates_of_birth"),
    (re.compile(r"^POB\s+(.+)$"), "places_of_birth"),
    (re.compile(r"^(?:nationality|citizen)\s+(.+)$"), "nationalities"),
    (re.compile(r"^Linked To:\s*(.+?)\.?$"), "linked_to"),
    (
        re.compile(r"^(?:Vessel Registration Identification|Identification Number) IMO\s+(\d+)$"),
        "imo",
    ),
    (re.compile(r"^Company Number IMO\s+(\d+)$"), "company_imo"),
    (re.compile(r"^MMSI\s+(\d+)$"), "mmsi"),
    (re.compile(r"^(?:Former Vessel Flag|Vessel Flag Former)\s+(.+)$"), "former_flags"),
    (re.compile(r"^(Aircraft .+)$"), "aircraft"),
    (re.compile(r"^Website\s+(.+)$"), "websites"),
    (re.compile(r"^Email(?: Address)?:?\s*(.+)$"), "emails"),
    (re.compile(r"^(?:Telephone|Phone|Fax)(?: No\.| Number)?:?\s*(.+)$"), "phones"),
    (re.compile(r"^Gender\s+(.+)$"), "gender"),
    (
        re.compile(
            r"^((?:Passport|National ID No\.|Cedula No\.|Tax ID No\.|Registration ID|"
            r"Identification Number|Company Number|C\.U\.R\.P\.|R\.F\.C\.|D\.N\.I\.|"
            r"Matricula Mercantil No|NIT #|RUC #|V\.A\.T\. Number|Business Registration|"
            r"Driver's License|Personal ID Card|Residency Number|SSN|Trade License|"
            r"Commercial Registry|Legal Entity Number|Folio Mercantil|Citizen's Card|"
            r"Diplomatic Passport|Public Security|Travel Document|Kenyan ID|"
            r"Birth Certificate|Electoral Registry|D-U-N-S Number|US FEIN|UK Company|"
            r"Italian Fiscal Code|Numero Unico|Chinese Commercial Code|Unified Social "
            r"Credit Code).+)$"
        ),
        "ids",
    ),
]


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
        alias = ALIAS.match(fact)
        if alias:
            if alias.group(1) not in entry.aliases:
                entry.aliases.append(alias.group(1))
            continue
        for pattern, kind in PREFIXES:
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
