"""What a screening record says of each hit, whatever the output: the list and its entry as
the list gives it (the list's name, programs named, listing date, remarks), the entry's
birth dates, nationalities, identifiers, IMO and addresses beside the query's own values, and
the entry's official page where there is one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tracker.screening.programs import named
from tracker.screening.results import Hit, Screening

TITLES = {  # each source's list, as its publisher titles it
    "ofac-sdn": "OFAC Specially Designated Nationals and Blocked Persons List",
    "ofac-cons": "OFAC Consolidated Sanctions List (non-SDN)",
    "ofac-advanced": "OFAC sanctions lists (advanced format)",
    "un": "United Nations Security Council Consolidated List",
    "csl": "US Consolidated Screening List",
    "uk": "UK Sanctions List",
    "uk-ofsi": "HM Treasury Consolidated List of Financial Sanctions Targets",
    "eu-fsf": "EU Consolidated Financial Sanctions List",
    "eu": "EU Consolidated Financial Sanctions List (legacy format)",
    "seco": "Swiss SECO sanctions list",
    "sema": "Canada Consolidated Autonomous Sanctions List (SEMA)",
    "ftm": "OpenSanctions entities",
}
OFAC_PAGE = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={id}"  # OFAC's own search
OPENSANCTIONS_PAGE = "https://www.opensanctions.org/entities/{id}/"
OFAC = frozenset({"ofac-sdn", "ofac-cons", "ofac-advanced"})


@dataclass(frozen=True)
class Facts:
    """One hit's list entry, as the list gives it."""

    list_name: str
    listed_on: str
    programs: tuple[str, ...]  # each 'CODE: name' where the code is known
    remarks: str
    birth_dates: tuple[str, ...]
    nationalities: tuple[str, ...]
    identifiers: tuple[str, ...]
    imo: str
    addresses: tuple[str, ...]
    link: str | None

    def compared(self, hit: Hit) -> list[tuple[str, str, tuple[str, ...]]]:
        """(what, the query's value, the entry's) for each kind either side has."""
        query = hit.query
        pairs = [
            ("born", query.birth_date or "", self.birth_dates),
            ("country", query.country or "", self.nationalities),
            ("IMO", query.imo or "", (self.imo,) if self.imo else ()),
            ("ID", query.id_number or "", self.identifiers),
            ("address", "", self.addresses),
        ]
        return [(what, mine, theirs) for what, mine, theirs in pairs if mine or theirs]


def facts(result: Screening, hit: Hit) -> Facts:
    entry = result.entry(hit)
    source = hit.candidate.source
    details: dict[str, list[str]] = entry.get("details") or {}
    countries = [*listed(entry, "countries"), *details.get("nationalities", [])]
    return Facts(
        list_name=list_name(source, details),
        listed_on=str(entry.get("listed_on") or ""),
        programs=tuple(named(source, p) for p in hit.candidate.programs),
        remarks=str(entry.get("remarks") or ""),
        birth_dates=tuple(details.get("dates_of_birth", [])),
        nationalities=tuple(dict.fromkeys(countries)),
        identifiers=tuple([*details.get("ids", []), *details.get("mmsi", [])]),
        imo=str(entry.get("imo") or ""),
        addresses=tuple(details.get("addresses", [])),
        link=page(source, hit.candidate.entry_id, details),
    )


def listed(entry: dict[str, Any], name: str) -> Sequence[str]:
    value = entry.get(name)
    return [str(v) for v in value] if isinstance(value, list) else []


def list_name(source: str, details: dict[str, list[str]]) -> str:
    """The list's title, and the lists of the source that hold the entry (OFAC's SDN List,
    OpenSanctions' datasets)."""
    title = TITLES.get(source, source)
    within = details.get("lists") or details.get("authorities") or []
    return f"{title} ({'; '.join(within)})" if within else title


def page(source: str, entry_id: str, details: dict[str, list[str]]) -> str | None:
    """The entry's own page: the one the list names (its source web pages), else the
    publisher's page of the entry where it has one (OFAC's search, OpenSanctions)."""
    urls = [u for u in details.get("source_urls", []) if u.startswith(("https://", "http://"))]
    if urls:
        return urls[0]
    if source in OFAC and entry_id.isascii() and entry_id.isdigit():
        return OFAC_PAGE.format(id=entry_id)
    if source == "ftm":
        return OPENSANCTIONS_PAGE.format(id=entry_id)
    return None
