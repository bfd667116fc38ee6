"""FollowTheMoney out: every source's snapshot and the curated data exported as FtM entities,
each checked with the followthemoney library itself (schema, properties, values that survive
FtM's own cleaning, required properties, references that resolve to an entity of the right
schema), and an OpenSanctions file imported, exported and imported again."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model

import tracker
from tests.conftest import BUNDLED, MakeDataset, import_into
from tests.hostile import cli
from tracker.lists.store import Store
from tracker.records import models as m

FIXTURES = Path(__file__).parent / "fixtures"
CURRENT = FIXTURES / "official-current"
LEGACY = FIXTURES / "official"
SOURCES = {  # source -> (files, the day it is imported as of)
    "ofac-sdn": ([LEGACY / "us_ofac_sdn" / "snapshot_2021"], "2021-07-07"),
    "ofac-cons": ([LEGACY / "us_ofac_cons"], "2021-07-07"),
    "un": ([LEGACY / "un_sc" / "consolidated.xml"], "2024-01-01"),
    "csl": ([LEGACY / "us_trade_csl" / "consolidated_2025_subset.csv"], "2025-06-01"),
    "uk-ofsi": ([LEGACY / "uk_hmt_ofsi"], "2016-03-01"),
    "eu": ([LEGACY / "eu_fsf"], "2016-03-01"),
    "ofac-advanced": (
        [CURRENT / "us_ofac_advanced" / "cons_advanced_2020-03-17.xml"],
        "2020-04-01",
    ),
    "eu-fsf": ([CURRENT / "eu_fsf"], "2026-09-01"),
    "uk": ([CURRENT / "uk_fcdo"], "2026-09-10"),
    "seco": ([CURRENT / "ch_seco"], "2026-09-01"),
    "sema": ([CURRENT / "ca_sema"], "2026-09-01"),
    "ftm": ([CURRENT / "opensanctions_ftm" / "yente_zala_entities.ftm.json"], "2026-09-01"),
}
FTM_ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?$")


def ftm_problems(entities: list[dict[str, Any]]) -> list[str]:
    """What the followthemoney library finds wrong with the entities (empty: all valid)."""
    by_id = {e["id"]: e for e in entities}
    problems = [f"{len(entities) - len(by_id)} duplicate ids"] if len(by_id) < len(entities) else []
    for entity in entities:
        where = f"{entity['schema']} {entity['id']}"
        schema = model.get(entity["schema"])
        if schema is None or schema.abstract:
            problems.append(f"{where}: not a concrete schema")
            continue
        if not FTM_ID.match(entity["id"]):
            problems.append(f"{where}: not a valid id")
        proxy = model.get_proxy({"id": entity["id"], "schema": entity["schema"]})
        for name, values in entity["properties"].items():
            prop = schema.get(name)
            if prop is None:
                problems.append(f"{where}: no property {name}")
                continue
            for value in values:
                if prop.type.clean(value, proxy=proxy) is None:
                    problems.append(f"{where}: {name} {value!r} is not a valid {prop.type.name}")
                if prop.type.name == "entity":
                    target = by_id.get(value)
                    if target is None:
                        problems.append(f"{where}: {name} points at {value}, not exported")
                    elif not model.get(target["schema"]).is_a(prop.range):
                        problems.append(f"{where}: {name} points at a {target['schema']}")
        problems += [
            f"{where}: {p} missing" for p in schema.required if p not in entity["properties"]
        ]
    return problems


def read_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def every_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("ftm") / "lists.db"
    for name, (paths, as_of) in SOURCES.items():
        import_into(db, name, paths, as_of)
    return db


@pytest.mark.parametrize("source", list(SOURCES))
def test_every_source_exports_as_entities_the_library_validates(
    every_source: Path, tmp_path: Path, source: str
) -> None:
    out = tmp_path / f"{source}.ftm.json"
    run = cli("export", source, "--format", "ftm", "-o", out, "--db", every_source)
    assert run.code == 0, run.output
    entities = read_lines(out.read_text(encoding="utf-8"))
    assert ftm_problems(entities) == []
    with Store(every_source) as store:
        entries = list(store.entries(store.snapshot_of(source).id))
    subjects = [e for e in entities if e["schema"] not in ("Sanction", "UnknownLink")]
    sanctions = [e for e in entities if e["schema"] == "Sanction"]
    assert len(subjects) == len(sanctions) == len(entries)
    assert f"{len(entries):,} entries" in run.output
    assert {s["properties"]["entity"][0] for s in sanctions} == {e["id"] for e in subjects}


def test_entries_keep_their_fields_as_ftm_properties(every_source: Path) -> None:
    """A vessel's and a person's fields, one by one, as the UK list gives them."""
    run = cli("export", "uk", "--format", "ftm", "--db", every_source)
    entities = {e["id"]: e for e in read_lines(run.output)}
    ship = entities["uk-DPR0075"]["properties"]
    assert entities["uk-DPR0075"]["schema"] == "Vessel"
    assert ship["name"] == ["Petrel 8"]
    assert ship["imoNumber"] == ["9562233"]
    assert ship["flag"] == ["km"]
    assert ship["pastFlags"] == ["in"]
    assert ship["tonnage"] == ["7078"]
    assert ship["buildDate"] == ["2011"]
    assert ship["type"] == ["Bulk Carrier"]
    sanction = entities["uk-DPR0075-sanction"]["properties"]
    assert sanction["program"] == [
        "The Democratic People's Republic of Korea (Sanctions) (EU Exit) Regulations 2019"
    ]
    assert sanction["listingDate"] == ["2017-10-03"]
    assert sanction["authority"] == ["UK Foreign, Commonwealth & Development Office (FCDO)"]
    assert sanction["sourceUrl"] == [
        "https://www.gov.uk/government/publications/the-uk-sanctions-list"
    ]
    person = entities["uk-BEL0174"]["properties"]
    assert person["name"] == ["Pavel Ivanovich KAZAKOV"]  # the list's first Primary Name is empty
    assert person["birthDate"] == ["1977-06-11"]
    assert person["gender"] == ["male"]
    assert "Павел Иванович Казаков" in person["alias"]


def test_relationships_become_links_between_exported_entities(every_source: Path) -> None:
    run = cli("export", "ofac-advanced", "--format", "ftm", "--db", every_source)
    entities = read_lines(run.output)
    links = [e for e in entities if e["schema"] == "UnknownLink"]
    exim = [e for e in links if e["properties"]["subject"] == ["ofac-advanced-18268"]]
    assert [e["properties"]["object"] for e in exim] == [["ofac-advanced-17015"]]
    assert exim[0]["properties"]["role"] == ["Owned or Controlled By"]
    assert len(links) == 276  # the file's ProfileRelationship elements, all between its parties


def test_values_ftm_would_refuse_are_kept_as_notes(every_source: Path) -> None:
    run = cli("export", "sema", "--format", "ftm", "--db", every_source)
    entities = {e["id"]: e for e in read_lines(run.output)}
    person = entities["sema-justice-for-victims-of-corrupt-foreign-officials-regulations-jvcfor-54"]
    assert "birthDate" not in person["properties"]
    assert "dates_of_birth: 1972-08-10 or 1972-08-11" in person["properties"]["notes"]


def test_ids_are_stable_and_safe() -> None:
    from tracker.ftm.entries import entity_id

    assert entity_id("ofac-sdn", "36") == "ofac-sdn-36"
    assert entity_id("ftm", "NK-aU5ybkbRFJucf8YMwsJvDw") == "NK-aU5ybkbRFJucf8YMwsJvDw"
    unsafe = entity_id("un", "QDi.1/2")
    assert FTM_ID.match(unsafe) and unsafe.startswith("un-QDi.1-2-")
    assert entity_id("un", "QDi.1/2") == unsafe != entity_id("un", "QDi.1_2")


def test_an_opensanctions_file_survives_import_export_import(
    every_source: Path, tmp_path: Path
) -> None:
    out = tmp_path / "again.ftm.json"
    assert cli("export", "ftm", "--format", "ftm", "-o", out, "--db", every_source).code == 0
    db = tmp_path / "again.db"
    import_into(db, "ftm", [out], "2026-09-02")
    with Store(every_source) as first, Store(db) as second:
        before = {e["entry_id"]: e for e in first.entries(first.snapshot_of("ftm").id)}
        after = {e["entry_id"]: e for e in second.entries(second.snapshot_of("ftm").id)}
    assert before.keys() == after.keys()
    for ident, entry in before.items():
        again = after[ident]
        for field in ("entity_type", "name", "programs", "listed_on", "imo"):
            assert again[field] == entry[field], (ident, field)
        assert set(again["aliases"]) == set(entry["aliases"]), ident
        assert set(again["countries"]) == set(entry["countries"]), ident
        for kind in ("dates_of_birth", "ids", "topics", "authorities", "linked_to", "emails"):
            found = again["details"].get(kind, [])
            assert set(found) == set(entry["details"].get(kind, [])), (ident, kind)


# --- the curated data ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data", [BUNDLED, FIXTURES / "action-vs-list"], ids=["bundled", "designations"]
)
def test_the_curated_records_export_with_their_source_and_quote(tmp_path: Path, data: Path) -> None:
    out = tmp_path / "data.ftm.json"
    run = cli("export-data", data, "-o", out)
    assert run.code == 0, run.output
    entities = read_lines(out.read_text(encoding="utf-8"))
    assert ftm_problems(entities) == []
    dataset = tracker.load(data)
    records = [r for table in dataset.tables.values() for r in table.records]
    by_id = {e["id"]: e for e in entities}
    for record in records:
        kind = re.sub(r"(?<!^)(?=[A-Z])", "-", type(record).__name__).lower()
        entity = by_id[f"{kind}-{record.id}"]
        if isinstance(record, m.Cited):
            assert entity["properties"]["summary"] == [record.quote]
            assert entity["properties"]["proof"] == [f"source-{record.source_id}"]
    articles = [e for e in entities if e["schema"] == "Article"]
    assert len(articles) == len(dataset.table(m.Source).records)
    assert all(a["properties"]["bodyText"] for a in articles)
    designations = dataset.table(m.Designation).records
    sanctions = [e for e in entities if e["schema"] == "Sanction"]
    assert len(sanctions) == len(designations)


def test_export_data_writes_nothing_from_a_dataset_with_errors(
    make_dataset: MakeDataset, tmp_path: Path
) -> None:
    data = make_dataset({"sources.csv": [{"id": "Bad Id", "file": "src.txt", "title": "T"}]})
    out = tmp_path / "out.ftm.json"
    run = cli("export-data", data, "-o", out)
    assert run.code == 1
    assert "nothing written" in run.output
    assert not out.exists()


def test_export_data_refuses_an_output_inside_the_dataset(bundled_copy: Path) -> None:
    run = cli("export-data", bundled_copy, "-o", bundled_copy / "actions.json")
    assert run.failed_cleanly()


def test_the_docs_mapping_table_is_the_code() -> None:
    """Every entry field and detail kind has a row, and its FtM column is what
    tracker/ftm/entries.py writes."""
    from tracker.ftm.entries import PROPERTIES
    from tracker.lists.importers.base import DETAILS
    from tracker.lists.store import ENTRY_FIELDS

    readme = (Path(__file__).parent.parent / "docs" / "lists.md").read_text(encoding="utf-8")
    table = readme.split("<!-- mapping: generated from tracker/ftm/entries.py and tested -->")[1]
    lines = table.strip().split("\n\n")[0].splitlines()[2:]  # the table, past its header
    rows = [line.split("|")[1:3] for line in lines]
    shown = {field.strip(): prop.strip() for field, prop in rows}
    fields = [f for f in ENTRY_FIELDS if f != "details"]
    assert len(rows) == len(shown)
    assert set(shown) == set(fields) | set(DETAILS)

    def expected(kind: str) -> str:
        if kind == "entry_id":
            return "(the entity id)"
        if kind == "entity_type":
            return "(the schema)"
        if kind == "linked_to":
            return "UnknownLink"
        if kind not in PROPERTIES:
            return "notes"
        prop, schemas, _ = PROPERTIES[kind]
        return f"Sanction.{prop}" if schemas == {"Sanction"} else prop

    assert shown == {kind: expected(kind) for kind in shown}


def test_the_readme_shows_a_real_exported_entity(every_source: Path) -> None:
    readme = (Path(__file__).parent.parent / "docs" / "lists.md").read_text(encoding="utf-8")
    shown = readme.split("the ship Petrel 8 is\n\n```json\n")[1].split("\n```")[0]
    run = cli("export", "uk", "--format", "ftm", "--db", every_source)
    assert shown in run.output.splitlines()
