"""Today's list formats on their real files (tests/fixtures/official-current/PROVENANCE.md):
counts by type computed here with plain xml.etree and json, never typed in from the importer;
a few entries imported, exported and compared field by field with what the file says; every
entry's details in the one vocabulary; and broken or hostile files refused with the store
left as it was."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import import_into
from tests.hostile import cli, files
from tracker.lists.importers.base import DETAILS, Entry
from tracker.lists.importers.registry import source as source_named

CURRENT = Path(__file__).parent / "fixtures" / "official-current"
CONS_ADVANCED = CURRENT / "us_ofac_advanced" / "cons_advanced_2020-03-17.xml"
SDN_ADVANCED = CURRENT / "us_ofac_advanced" / "sdn_advanced_2026-09-09_excerpt.xml"
EU_FSF = CURRENT / "eu_fsf" / "fsf_export_v1_1_2026-08-05_excerpt.xml"
UK_FCDO = CURRENT / "uk_fcdo" / "uk_sanctions_list_2026-09-07_excerpt.xml"
SECO = CURRENT / "ch_seco" / "seco_excerpt_2026-08-15.xml"
SEMA = CURRENT / "ca_sema" / "sema_excerpt.xml"
ZALA = CURRENT / "opensanctions_ftm" / "yente_zala_entities.ftm.json"
T1 = CURRENT / "opensanctions_ftm" / "yente_t1_entities.ftm.json"
FILES = {  # source -> its real files
    "ofac-advanced": [CONS_ADVANCED, SDN_ADVANCED],
    "eu-fsf": [EU_FSF],
    "uk": [UK_FCDO],
    "seco": [SECO],
    "sema": [SEMA],
    "ftm": [ZALA, T1],
}
CASES = [(name, path) for name, paths in FILES.items() for path in paths]


def parse(source: str, path: Path) -> list[Entry]:
    _, entries = source_named(source).parse([path], (0, 1))
    return list(entries)


# --- counts from the files themselves ------------------------------------------------------------


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def nodes(path: Path, name: str) -> list[ET.Element]:
    return [e for e in ET.parse(path).getroot().iter() if local(e.tag) == name]


def ofac_advanced_counts(path: Path) -> Counter[str]:
    """Profile -> PartySubType -> PartyType, through the file's reference tables; a Transport
    is what its sub-type says (Vessel, Aircraft)."""
    subtypes = {e.get("ID"): e for e in nodes(path, "PartySubType")}
    types = {e.get("ID"): (e.text or "").strip() for e in nodes(path, "PartyType")}
    words = {"Individual": "person", "Entity": "organization", "Vessel": "vessel"}
    words["Aircraft"] = "aircraft"

    def kind(profile: ET.Element) -> str:
        subtype = subtypes[profile.get("PartySubTypeID")]
        party_type = types[subtype.get("PartyTypeID")]
        return words[(subtype.text or "").strip() if party_type == "Transport" else party_type]

    return Counter(kind(p) for p in nodes(path, "Profile"))


def eu_fsf_counts(path: Path) -> Counter[str]:
    words = {"person": "person", "enterprise": "organization"}
    return Counter(words[e.get("code") or ""] for e in nodes(path, "subjectType"))


def uk_counts(path: Path) -> Counter[str]:
    words = {"Individual": "person", "Entity": "organization", "Ship": "vessel"}
    return Counter(
        words[(d.findtext("IndividualEntityShip") or "").strip()]
        for d in nodes(path, "Designation")
    )


def seco_counts(path: Path) -> Counter[str]:
    """Top-level targets only (a target's history repeats it inside <modification>)."""
    words = {"individual": "person", "entity": "organization", "object": "vessel"}
    root = ET.parse(path).getroot()
    return Counter(
        words[local(child.tag)]
        for target in root
        if local(target.tag) == "target"
        for child in target
        if local(child.tag) in words
    )


def sema_counts(path: Path) -> Counter[str]:
    def kind(record: ET.Element) -> str:
        if not (record.findtext("EntityOrShip-EntiteOuNavire") or "").strip():
            return "person"
        imo = (record.findtext("ShipIMONumber-NumeroOMIDuNavire") or "").strip()
        return "vessel" if imo else "organization"

    return Counter(kind(r) for r in nodes(path, "record"))


def ftm_counts(path: Path) -> Counter[str]:
    words = {
        "Person": "person", "Organization": "organization", "Company": "organization",
        "LegalEntity": "organization", "PublicBody": "organization", "Vessel": "vessel",
        "Airplane": "aircraft",
    }  # fmt: skip
    schemas = [json.loads(line)["schema"] for line in path.read_text(encoding="utf-8").splitlines()]
    return Counter(words[s] for s in schemas if s in words)


COUNTS = {
    "ofac-advanced": ofac_advanced_counts,
    "eu-fsf": eu_fsf_counts,
    "uk": uk_counts,
    "seco": seco_counts,
    "sema": sema_counts,
    "ftm": ftm_counts,
}


@pytest.mark.parametrize(("source", "path"), CASES, ids=[p.name for _, p in CASES])
def test_counts_by_type_match_the_file(source: str, path: Path) -> None:
    entries = parse(source, path)
    assert Counter(e.entity_type for e in entries) == COUNTS[source](path)
    assert len({e.entry_id for e in entries}) == len(entries)


def test_the_counts_agree_with_the_provenance() -> None:
    """The independent counts of PROVENANCE.md, as a check on the counting above."""
    assert ofac_advanced_counts(CONS_ADVANCED) == {"organization": 293, "person": 82}
    assert ofac_advanced_counts(SDN_ADVANCED) == {
        "organization": 1, "person": 1, "vessel": 1, "aircraft": 1,
    }  # fmt: skip
    assert eu_fsf_counts(EU_FSF) == {"person": 10, "organization": 7}
    assert uk_counts(UK_FCDO) == {"person": 14, "organization": 5, "vessel": 2}
    assert seco_counts(SECO) == {"person": 4, "organization": 2, "vessel": 1}
    assert sum(sema_counts(SEMA).values()) == 16
    assert sum(ftm_counts(ZALA).values()) == 17  # 6 Person, 11 Company


@pytest.mark.parametrize(("source", "path"), CASES, ids=[p.name for _, p in CASES])
def test_details_use_the_one_vocabulary(source: str, path: Path) -> None:
    kinds = {kind for e in parse(source, path) for kind in e.details}
    assert kinds <= set(DETAILS), kinds - set(DETAILS)


def test_ofac_advanced_reads_either_namespace_alike(tmp_path: Path) -> None:
    old = CONS_ADVANCED.read_text(encoding="utf-8")
    current = (
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML"
    )
    moved = tmp_path / "CONS_ADVANCED.XML"
    moved.write_text(old.replace("http://www.un.org/sanctions/1.0", current), encoding="utf-8")
    assert current in moved.read_text(encoding="utf-8")
    assert parse("ofac-advanced", moved) == parse("ofac-advanced", CONS_ADVANCED)


# --- entries, field by field, through the store and `tracker export` -----------------------------


def exported(tmp_path: Path, source: str, path: Path, as_of: str) -> dict[str, dict[str, Any]]:
    db = tmp_path / "lists.db"
    import_into(db, source, [path], as_of)
    run = cli("export", source, "--db", db)
    assert run.code == 0, run.output
    entries = json.loads(run.output[run.output.index("[") :].rsplit("]", 1)[0] + "]")
    return {e["entry_id"]: e for e in entries}


def test_ofac_advanced_entries_round_trip(tmp_path: Path) -> None:
    entries = exported(tmp_path, "ofac-advanced", SDN_ADVANCED, "2026-09-10")
    ship = entries["4238"]
    assert (ship["entity_type"], ship["name"], ship["flag"], ship["call_sign"]) == (
        "vessel", "MAR AZUL", "CU", "CL2192",
    )  # fmt: skip
    assert ship["programs"] == ["CUBA"]
    assert ship["listed_on"] == "1989-01-05"
    assert ship["details"]["grt"] == ["212"]
    assert ship["details"]["vessel_type"] == ["Tug"]
    assert ship["details"]["vessel_owner"] == ["Samir de Navegacion S.A."]
    person = entries["2677"]
    assert person["name"] == "Al-Zomor, Abboud Abdul Latif Hassan"
    assert "الزمر, عبود عبداللطيف حسن" in person["aliases"]
    assert person["details"]["names_by_script"] == ["Arabic: الزمر, عبود عبداللطيف حسن"]
    assert person["details"]["dates_of_birth"] == ["1947-04-19"]
    assert person["details"]["places_of_birth"] == ["Nahia, Giza, Egypt"]
    assert person["details"]["nationalities"] == ["EG"]
    assert person["details"]["gender"] == ["Male"]
    assert person["programs"] == ["SDGT"]
    plane = entries["15432"]
    assert plane["entity_type"] == "aircraft"
    assert "Aircraft Model: IL-76TD" in plane["details"]["aircraft"]
    assert "Aircraft Operator: YAS AIR" in plane["details"]["aircraft"]


def test_ofac_advanced_documents_lists_and_relationships(tmp_path: Path) -> None:
    bank = exported(tmp_path, "ofac-advanced", CONS_ADVANCED, "2020-03-18")["18268"]
    assert bank["name"] == "EXIMBANK OF RUSSIA"
    assert bank["countries"] == ["RU"]
    assert bank["programs"] == ["UKRAINE-EO13662"]
    assert bank["listed_on"] == "2015-07-30"
    assert bank["details"]["ids"] == ["EXIRRUMM", "Public Registration Number 1027739109133"]
    assert bank["details"]["lists"] == [
        "Consolidated List",
        "Sectoral Sanctions Identifications List",
    ]
    assert bank["details"]["linked_to"] == ["Owned or Controlled By: Vnesheconombank (17015)"]


def test_eu_fsf_entries_round_trip(tmp_path: Path) -> None:
    entries = exported(tmp_path, "eu-fsf", EU_FSF, "2026-08-06")
    saddam = entries["13"]
    assert saddam["name"] == "Saddam Hussein Al-Tikriti"
    assert saddam["aliases"] == ["Abu Ali", "Abou Ali"]
    assert saddam["programs"] == ["IRQ"]
    assert saddam["details"]["references"] == ["EU.27.28"]
    assert saddam["details"]["regulations"] == ["1210/2003 (OJ L169)"]
    assert saddam["details"]["dates_of_birth"] == ["1937-04-28"]
    assert saddam["details"]["nationalities"] == ["IQ"]
    born = [d for e in entries.values() for d in e["details"].get("dates_of_birth", [])]
    assert "1402-06-24 (islamic calendar)" in born  # a Hijri date kept as given


def test_uk_entries_round_trip(tmp_path: Path) -> None:
    entries = exported(tmp_path, "uk", UK_FCDO, "2026-09-08")
    ship = entries["DPR0075"]
    assert (ship["entity_type"], ship["name"], ship["imo"], ship["flag"]) == (
        "vessel", "Petrel 8", "9562233", "KM",
    )  # fmt: skip
    assert ship["details"]["former_flags"] == ["IN"]
    assert ship["details"]["tonnage"] == ["7078"]
    assert ship["details"]["year_built"] == ["2011"]
    assert ship["listed_on"] == "2017-10-03"
    person = entries["BEL0174"]
    assert person["name"] == "Pavel Ivanovich KAZAKOV"  # its first Primary Name is empty
    assert person["details"]["names_by_script"] == [
        "Cyrillic: Павел Іванавіч Казакоў", "Cyrillic: Павел Иванович Казаков",
    ]  # fmt: skip
    assert person["details"]["dates_of_birth"] == ["1977-06-11"]


def test_seco_entries_round_trip(tmp_path: Path) -> None:
    entries = exported(tmp_path, "seco", SECO, "2026-08-16")
    person = entries["5142"]
    assert person["name"] == "Lukashenka, Dzmitry Aliaksandravich"
    assert person["aliases"] == [
        "ЛУКАШЭНКА, Дзмітрый Аляксандравіч",
        "ЛУКАШЕНКО, Дмитрий Александрович",
        "Lukashenko, Dmitri Aleksandrovich",
    ]
    assert person["details"]["dates_of_birth"] == ["1980-03-23"]
    assert person["details"]["status"] == ["de-listed 2016-03-01"]
    ship = entries["34461"]
    assert (ship["entity_type"], ship["name"], ship["imo"]) == ("vessel", "Hui Chon", "8405270")
    assert ship["listed_on"] == "2016-05-18"


def test_sema_entries_round_trip(tmp_path: Path) -> None:
    entries = exported(tmp_path, "sema", SEMA, "2026-09-01")
    ship = entries["russia-1-1-634"]
    assert (ship["entity_type"], ship["name"], ship["imo"]) == (
        "vessel", "Dmitry Mendeleev", "9888182",
    )  # fmt: skip
    assert ship["programs"] == ["Russia"]
    assert ship["listed_on"] == "2026-06-12"
    assert ship["details"]["year_built"] == ["2021"]
    person = entries["justice-for-victims-of-corrupt-foreign-officials-regulations-jvcfor-54"]
    assert person["details"]["dates_of_birth"] == ["1972-08-10 or 1972-08-11"]


def test_ftm_entries_round_trip(tmp_path: Path) -> None:
    entries = exported(tmp_path, "ftm", ZALA, "2026-09-01")
    person = entries["NK-aU5ybkbRFJucf8YMwsJvDw"]
    assert person["name"] == "Alexander Vyacheslavovich ZAKHAROV"
    assert person["entity_type"] == "person"
    assert person["countries"] == ["RU"]
    assert {"RUSSIA-EO14024", "EU-UKR", "UKR"} <= set(person["programs"])
    assert person["listed_on"] == "2023-07-01"
    assert "Александр Вячеславович Захаров" in person["aliases"]
    assert "sanction" in person["details"]["topics"]


# --- broken and hostile files ---------------------------------------------------------------------


@pytest.mark.parametrize(("source", "path"), [(s, p[0]) for s, p in FILES.items()])
def test_a_cut_file_is_refused_and_the_store_is_unchanged(
    tmp_path: Path, source: str, path: Path
) -> None:
    db = tmp_path / "lists.db"
    import_into(db, source, [path], "2026-09-01")
    before = files(tmp_path)
    cut = tmp_path / "cut" / path.name
    cut.parent.mkdir()
    cut.write_bytes(path.read_bytes()[: len(path.read_bytes()) * 2 // 3])
    run = cli("import", source, cut, "--db", db, "--as-of", "2026-09-02")
    assert run.failed_cleanly(path.name), run.output
    assert {k: v for k, v in files(tmp_path).items() if not k.startswith("cut")} == before


@pytest.mark.parametrize("source", [s for s in FILES if s != "ftm"])
def test_a_doctype_is_refused(tmp_path: Path, source: str) -> None:
    path = FILES[source][0]
    text = path.read_text(encoding="utf-8")
    declaration_end = text.index("?>") + 2 if text.startswith("<?xml") else 0
    hostile = tmp_path / path.name
    hostile.write_text(
        text[:declaration_end] + '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + text[declaration_end:],
        encoding="utf-8",
    )
    run = cli("import", source, hostile, "--db", tmp_path / "x.db")
    assert run.failed_cleanly("document type declaration (DOCTYPE) is refused")


@pytest.mark.parametrize(
    ("source", "other"),
    [("ofac-advanced", EU_FSF), ("eu-fsf", UK_FCDO), ("uk", SECO), ("seco", SEMA), ("sema", SECO)],
)
def test_another_lists_file_is_refused_by_name(tmp_path: Path, source: str, other: Path) -> None:
    run = cli("import", source, other, "--db", tmp_path / "x.db")
    assert run.failed_cleanly(other.name), run.output


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("{not json", "line 2: not JSON"),
        ('["a list"]', "line 2: not a FollowTheMoney entity"),
        ('{"id": "x"}', "line 2: not a FollowTheMoney entity"),
    ],
)
def test_a_bad_ftm_line_is_refused_by_line(tmp_path: Path, line: str, words: str) -> None:
    first = T1.read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "entities.ftm.json"
    path.write_text(first + "\n" + line + "\n", encoding="utf-8")
    run = cli("import", "ftm", path, "--db", tmp_path / "x.db")
    assert run.failed_cleanly(words), run.output


def test_an_ftm_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.json"
    path.write_bytes(T1.read_bytes().replace(b'"Person"', b'"Pers\xffon"', 1))
    run = cli("import", "ftm", path, "--db", tmp_path / "x.db")
    assert run.failed_cleanly("not UTF-8"), run.output
