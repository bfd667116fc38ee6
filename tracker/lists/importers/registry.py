"""The official-list sources the tracker imports, by name, with who publishes each list. A
format module is loaded when its source is first used, so commands that only need the names
(``tracker check``, ``--help``, ``tracker export``) do not load lxml or any parser.

Adding a format is one module with a ``ListFormat`` and one line here.
"""

from __future__ import annotations

import importlib
from typing import NamedTuple

from tracker.errors import InputError
from tracker.lists.importers.base import ListFormat


class Known(NamedTuple):
    module: str  # under tracker.lists.importers
    attribute: str  # the module's ListFormat
    files: str  # what the files are, for `tracker import --help`
    authority: str  # who keeps the list ("" when each entry names its own)
    url: str  # the list's official page (a constant: nothing is downloaded)


OFAC = "US Department of the Treasury, Office of Foreign Assets Control (OFAC)"
OFAC_URL = "https://sanctionslist.ofac.treas.gov/Home/"
UK = "UK Foreign, Commonwealth & Development Office (FCDO)"
EU = "European Union"
EU_URL = "https://webgate.ec.europa.eu/fsd/fsf"

SOURCES: dict[str, Known] = {
    "ofac-sdn": Known(
        "ofac",
        "SDN",
        "sdn.csv, add.csv, alt.csv, sdn_comments.csv (or their folder)",
        OFAC,
        OFAC_URL + "SdnList",
    ),
    "ofac-cons": Known(
        "ofac",
        "CONS",
        "cons_prim.csv, cons_add.csv, cons_alt.csv, cons_comments.csv",
        OFAC,
        OFAC_URL + "ConsolidatedList",
    ),
    "ofac-advanced": Known(
        "ofac_advanced", "SOURCE", "SDN_ADVANCED.XML or CONS_ADVANCED.XML", OFAC, OFAC_URL
    ),
    "un": Known(
        "un",
        "SOURCE",
        "the UN Security Council consolidated.xml",
        "United Nations Security Council",
        "https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list",
    ),
    "csl": Known(
        "csl",
        "SOURCE",
        "the US Consolidated Screening List CSV (any of its three headers)",
        "US Department of Commerce, International Trade Administration",
        "https://www.trade.gov/consolidated-screening-list",
    ),
    "uk": Known(
        "uk_fcdo",
        "SOURCE",
        "the FCDO UK Sanctions List XML (2022+)",
        UK,
        "https://www.gov.uk/government/publications/the-uk-sanctions-list",
    ),
    "uk-ofsi": Known(
        "uk_ofsi",
        "SOURCE",
        "the legacy HM Treasury / OFSI sanctionsconlist.csv",
        "HM Treasury, Office of Financial Sanctions Implementation (OFSI)",
        "https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets",
    ),
    "eu-fsf": Known("eu_fsf", "SOURCE", "the EU Financial Sanctions File XML 1.1", EU, EU_URL),
    "eu": Known("eu", "SOURCE", "the legacy EU global.xml (before 2017)", EU, EU_URL),
    "seco": Known(
        "seco",
        "SOURCE",
        "the Swiss SECO sanctions list XML",
        "Swiss State Secretariat for Economic Affairs (SECO)",
        "https://www.seco.admin.ch/seco/en/home/Aussenwirtschaftspolitik_Wirtschaftliche_"
        "Zusammenarbeit/Wirtschaftsbeziehungen/exportkontrollen-und-sanktionen.html",
    ),
    "sema": Known(
        "sema",
        "SOURCE",
        "Canada's SEMA consolidated autonomous sanctions list XML",
        "Global Affairs Canada",
        "https://www.international.gc.ca/world-monde/international_relations-"
        "relations_internationales/sanctions/consolidated-consolide.aspx",
    ),
    "ftm": Known(
        "ftm",
        "SOURCE",
        "OpenSanctions FollowTheMoney entities (JSON lines)",
        "",
        "https://www.opensanctions.org/datasets/",
    ),
}
NAMES = tuple(sorted(SOURCES))


def known(name: str) -> Known:
    if name not in SOURCES:
        raise InputError(f"unknown source {name!r}; one of: " + ", ".join(NAMES))
    return SOURCES[name]


def source(name: str) -> ListFormat:
    entry = known(name)
    found: ListFormat = getattr(
        importlib.import_module(f"tracker.lists.importers.{entry.module}"), entry.attribute
    )
    return found


def files_help() -> str:
    """One line per source, for `tracker import --help`."""
    return "\n".join(f"{name:<14}{SOURCES[name].files}" for name in NAMES)
