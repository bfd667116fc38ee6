"""OFAC's remarks field: a '; '-separated bag of facts, parsed into one field per kind.

"DOB 10 Dec 1948; POB Giza, Egypt; a.k.a. 'ABU X'; Linked To: HIZBALLAH; Vessel Registration
Identification IMO 9187629; MMSI 572469210" -> dates_of_birth, places_of_birth, aliases,
linked_to, imo, mmsi. OFAC writes "Vessel Registration Identification IMO" for shipping
companies too: on an entry that is not a vessel it is an IMO company number. What no rule
recognises is kept under ``other``; the raw text is kept too.
"""

from __future__ import annotations

import re

from tracker.lists.importers.base import Entry, normal_country

ID_TYPES = (
    r"Passport|National ID|Cedula|Tax ID|Registration (?:ID|Number)|Identification Number|"
    r"Company Number|C\.U\.R\.P\.|R\.F\.C\.|D\.N\.I\.|Matricula|NIT|RUC|V\.A\.T\.|Business|"
    r"Driver's|Personal ID|Residency|SSN|Trade License|Commercial Registry|Legal Entity|Folio|"
    r"Citizen's|Diplomatic Passport|Public Security|Travel Document|Kenyan ID|Birth Certificate|"
    r"Electoral|D-U-N-S|US FEIN|UK Company|Italian Fiscal|Numero Unico|Chinese Commercial|"
    r"Unified Social"
)
# One pattern for every kind of fact, tried in this order (an IMO number before the ids that
# share its first words); the named group that matched says the kind.
FACT = re.compile(
    r"(?:a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s*,?\s*'?(?P<aliases>.+?)'?"
    r"|DOB\s+(?P<dates_of_birth>.+)"
    r"|POB\s+(?P<places_of_birth>.+)"
    r"|(?:nationality|citizen)\s+(?P<nationalities>.+)"
    r"|Linked To:\s*(?P<linked_to>.+?)\.?"
    r"|(?:Vessel Registration Identification|Identification Number) IMO\s+(?P<imo>[0-9]+)"
    r"|Company Number IMO\s+(?P<company_imo>[0-9]+)"
    r"|MMSI\s+(?P<mmsi>[0-9]+)"
    r"|(?:Former Vessel Flag|Vessel Flag Former)\s+(?P<former_flags>.+)"
    r"|(?P<aircraft>Aircraft .+)"
    r"|Website\s+(?P<websites>.+)"
    r"|Email(?: Address)?:?\s*(?P<emails>.+)"
    r"|(?:Telephone|Phone|Fax)(?: No\.| Number)?:?\s*(?P<phones>.+)"
    r"|Gender\s+(?P<gender>.+)"
    r"|Digital Currency Address - (?P<digital_currency>.+)"
    rf"|(?P<ids>(?:{ID_TYPES})(?![A-Za-z]).*\d.*)"
)


def split_remarks(remarks: str) -> list[str]:
    """The parts of a remarks text; a trailing full stop ends the last one."""
    text = remarks.strip()
    if text.endswith("."):
        text = text[:-1]
    return [part.strip() for part in text.split("; ") if part.strip()]


def parse_remarks(entry: Entry, remarks: str) -> None:
    """Fill the entry's aliases, IMO and details from its remarks."""
    for part in split_remarks(remarks):
        match = FACT.fullmatch(part[5:] if part.startswith("alt. ") else part)
        if match is None:
            entry.add("other", part)
            continue
        kind = match.lastgroup
        value = match.group(kind or 0).strip()
        if kind == "aliases":
            entry.add_alias(value, besides_name=False)
        elif kind == "imo" and entry.entity_type != "vessel":
            entry.add("company_imo", value)  # OFAC writes a shipping company's number so
        elif kind == "imo" and entry.imo is None:
            entry.imo = value
        elif kind == "nationalities":
            entry.add(kind, normal_country(value))
        else:
            entry.add(kind or "other", value)
