"""Importers on the real official files: counts computed here from the files themselves, with
the plain csv and xml.etree modules, never typed in from the importer's output; and every quirk
listed in tests/fixtures/official/PROVENANCE.md."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import REPO
from tracker.lists.importers.base import Entry, entry_problems
from tracker.lists.importers.registry import source as source_named

OFFICIAL = REPO / "tests" / "fixtures" / "official"
SDN_2018 = OFFICIAL / "us_ofac_sdn" / "snapshot_2018"
SDN_2021 = OFFICIAL / "us_ofac_sdn" / "snapshot_2021"
CONS = OFFICIAL / "us_ofac_cons"
UN = OFFICIAL / "un_sc" / "consolidated.xml"
CSL = OFFICIAL / "us_trade_csl"
UK = OFFICIAL / "uk_hmt_ofsi" / "sanctionsconlist_2016-02-12_subset.csv"
EU = OFFICIAL / "eu_fsf" / "global_legacy_v1_2016-02-11_subset.xml"


def parse(source: str, *paths: Path) -> list[Entry]:
    _, entries = source_named(source).parse(list(paths), (0, 1))
    return list(entries)


def by_id(entries: list[Entry]) -> dict[str, Entry]:
    return {e.entry_id: e for e in entries}


# --- independent counts --------------------------------------------------------------------------


def ofac_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="latin-1", newline="") as handle:
        return [r for r in csv.reader(handle) if len(r) > 1]


def ofac_type_counts(primary: Path) -> Counter[str]:
    names = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}
    return Counter(names.get(r[2].strip(), "organization") for r in ofac_rows(primary))


@pytest.mark.parametrize(("source", "folder", "primary"), [
    ("ofac-sdn", SDN_2018, "sdn.csv"), ("ofac-sdn", SDN_2021, "sdn.csv"),
    ("ofac-cons", CONS, "cons_prim.csv"),
])  # fmt: skip
def test_ofac_counts_by_type_match_the_file(source: str, folder: Path, primary: str) -> None:
    entries = parse(source, folder)
    assert Counter(e.entity_type for e in entries) == ofac_type_counts(folder / primary)


def test_ofac_2021_matches_its_published_provenance() -> None:
    counts = Counter(e.entity_type for e in parse("ofac-sdn", SDN_2021))
    assert sum(counts.values()) == len(ofac_rows(SDN_2021 / "sdn.csv")) == 8976


def test_un_counts_and_dprk_references_match_the_file() -> None:
    root = ET.parse(UN).getroot()
    individuals = root.findall("INDIVIDUALS/INDIVIDUAL")
    entities = root.findall("ENTITIES/ENTITY")
    entries = parse("un", UN)
    counts = Counter(e.entity_type for e in entries)
    assert counts == {"person": len(individuals), "organization": len(entities)}
    refs = [n.findtext("REFERENCE_NUMBER") for n in individuals + entities]
    dprk = [r for r in refs if r and r.startswith(("KPi.", "KPe."))]
    ours = [e for e in entries if e.entry_id.startswith(("KPi.", "KPe."))]
    assert len(ours) == len(dprk) > 0
    assert {p for e in ours for p in e.programs} == {"DPRK"}


@pytest.mark.parametrize(
    "name", ["consolidated_2016_subset.csv", "csl_2019_subset.csv", "consolidated_2025_subset.csv"]
)
def test_csl_all_three_header_variants(name: str) -> None:
    with (CSL / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    types = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}
    expected = Counter(types.get(r["type"].strip().lower(), "organization") for r in rows)
    entries = parse("csl", CSL / name)
    assert Counter(e.entity_type for e in entries) == expected
    assert all(e.name == e.name.strip() for e in entries)  # " ADRIAN MANUEL HERNANDEZ"


def test_uk_groups_rows_by_group_id() -> None:
    with UK.open(encoding="cp1252", newline="") as handle:
        next(handle)
        rows = list(csv.DictReader(handle))
    groups = {r["Group ID"]: r["Group Type"] for r in rows}
    entries = parse("uk-ofsi", UK)
    assert len(entries) == len(groups) == 463
    assert Counter(e.entity_type for e in entries) == Counter(
        {"Individual": "person", "Entity": "organization"}[t] for t in groups.values()
    )


def test_eu_counts_by_type() -> None:
    root = ET.parse(EU).getroot()
    types = Counter(node.get("Type") for node in root.iter("ENTITY"))
    entries = parse("eu", EU)
    assert Counter(e.entity_type for e in entries) == {
        "person": types["P"],
        "organization": types["E"],
    }


# --- quirks --------------------------------------------------------------------------------------


def test_ofac_skips_the_ctrl_z_row_and_reads_null_markers() -> None:
    raw = (SDN_2021 / "sdn.csv").read_bytes()
    assert raw.rstrip().endswith(b"\x1a")
    entries = by_id(parse("ofac-sdn", SDN_2021))
    aerocaribbean = entries["36"]  # every optional cell is '-0- '
    assert (aerocaribbean.entity_type, aerocaribbean.call_sign, aerocaribbean.remarks) == (
        "organization",
        None,
        None,
    )


def test_ofac_2018_cut_null_marker_in_add_csv() -> None:
    assert (SDN_2018 / "add.csv").read_bytes().endswith(b"-0")
    entries = by_id(parse("ofac-sdn", SDN_2018))
    assert entries["26235"].details["addresses"] == ["St. Petersburg, Russia"]
    parts = {
        p for e in entries.values() for a in e.details.get("addresses", []) for p in a.split(", ")
    }
    assert not parts & {"-0", "-0-"}


def test_ofac_programs_are_split() -> None:
    rows = ofac_rows(SDN_2021 / "sdn.csv")
    joined = next(r for r in rows if "] [" in r[3])
    entry = by_id(parse("ofac-sdn", SDN_2021))[joined[0]]
    assert entry.programs == joined[3].split("] [")
    assert all("[" not in p and "]" not in p for p in entry.programs)


def test_ofac_tonnage_loses_its_thousands_separator() -> None:
    rows = ofac_rows(SDN_2021 / "sdn.csv")
    row = next(r for r in rows if "," in r[7])
    entry = by_id(parse("ofac-sdn", SDN_2021))[row[0]]
    assert entry.details["tonnage"] == [row[7].replace(",", "")]


def test_ofac_remarks_cut_at_1000_are_joined_with_their_continuation() -> None:
    comments = ofac_rows(SDN_2021 / "sdn_comments.csv")
    rows = {r[0]: r for r in ofac_rows(SDN_2021 / "sdn.csv")}
    entries = by_id(parse("ofac-sdn", SDN_2021))
    assert len(comments) == 5
    for number, continuation in comments:
        assert len(rows[number][11]) == 1000
        assert entries[number].remarks == rows[number][11] + continuation


def test_ofac_imo_numbers_in_remarks_are_found() -> None:
    rows = ofac_rows(SDN_2021 / "sdn.csv")
    with_imo = {r[0] for r in rows if re.search(r"IMO \d{7}\b", r[11])}
    entries = by_id(parse("ofac-sdn", SDN_2021))
    found = {
        i
        for i, e in entries.items()
        if (e.imo and len(e.imo) == 7) or any(len(n) == 7 for n in e.details.get("company_imo", []))
    }
    assert found == with_imo
    assert len(found) == 477  # PROVENANCE.md
    vessel = next(e for e in entries.values() if e.imo == "9187629")
    assert vessel.entity_type == "vessel"


def test_invalid_imo_numbers_are_kept_and_reported() -> None:
    entries = by_id(parse("ofac-sdn", SDN_2021))
    warnings = {
        e.entry_id: [(p.code, p.value, p.message) for p in entry_problems(e, "sdn.csv")]
        for e in entries.values()
    }
    flagged = {i: w for i, w in warnings.items() if w}
    assert flagged == {
        "23424": [("imo", "15411", "IMO ship number 15411 fails the check digit")],
        "23513": [("imo-company", "543400", "IMO company number 543400 fails the check digit")],
    }
    assert entries["23424"].imo == "15411"  # kept, not dropped


def test_ofac_remarks_are_parsed_into_fields() -> None:
    entries = parse("ofac-sdn", SDN_2021)
    kinds = Counter(k for e in entries for k in e.details)
    for kind in (
        "dates_of_birth",
        "places_of_birth",
        "nationalities",
        "ids",
        "linked_to",
        "mmsi",
        "aircraft",
        "websites",
        "emails",
        "phones",
    ):
        assert kinds[kind] > 0, kind
    person = next(
        e
        for e in entries
        if e.details.get("dates_of_birth")
        and e.details.get("places_of_birth")
        and e.details.get("ids")
    )
    assert person.remarks and person.details["dates_of_birth"][0] in person.remarks


def test_remark_aliases_join_those_from_alt_csv() -> None:
    alt = {r[0] for r in ofac_rows(SDN_2021 / "alt.csv")}
    rows = ofac_rows(SDN_2021 / "sdn.csv")
    both = next(r for r in rows if r[0] in alt and "a.k.a. '" in r[11])
    entry = by_id(parse("ofac-sdn", SDN_2021))[both[0]]
    from_remarks = re.findall(r"a\.k\.a\. '([^']+)'", both[11])
    from_alt = [r[3] for r in ofac_rows(SDN_2021 / "alt.csv") if r[0] == both[0]]
    assert set(from_remarks) | set(from_alt) <= set(entry.aliases)


def test_un_dates_of_birth_exact_approximate_and_between() -> None:
    entries = parse("un", UN)
    dates = [d for e in entries for d in e.details.get("dates_of_birth", [])]
    assert any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates)
    assert any(d.startswith("circa ") for d in dates)
    assert any(re.fullmatch(r"\d{4}\.\.\d{4}", d) for d in dates)


def test_un_company_imo_numbers_use_the_company_rule() -> None:
    entries = parse("un", UN)
    companies = [e for e in entries if e.details.get("company_imo")]
    assert len(companies) == 16  # PROVENANCE.md
    assert all(e.imo is None for e in companies)
    assert any("5434358" in e.details["company_imo"] for e in companies)
    assert not [w for e in companies for w in entry_problems(e, "consolidated.xml")]


def test_uk_dates_with_unknown_parts_and_windows_1252() -> None:
    assert b"\x92" in UK.read_bytes() or b"\x91" in UK.read_bytes()
    entries = parse("uk-ofsi", UK)
    dates = [d for e in entries for d in e.details.get("dates_of_birth", [])]
    assert any(re.fullmatch(r"\d{4}", d) for d in dates)  # 00/00/1943
    assert "\ufffd" not in "".join(e.name + (e.remarks or "") for e in entries)
    assert all(
        e.listed_on is None or re.fullmatch(r"\d{4}(-\d{2}){0,2}", e.listed_on) for e in entries
    )


def test_eu_iso3_countries_become_alpha_2() -> None:
    entries = parse("eu", EU)
    nationalities = {n for e in entries for n in e.details.get("nationalities", [])}
    assert "IQ" in nationalities
    assert not any(len(n) == 3 and n.isupper() for n in nationalities)
