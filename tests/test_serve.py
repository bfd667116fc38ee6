"""`tracker serve` as yente: the published client (yente-client) against a server on
127.0.0.1 answers match, match_iter, search, fetch, datasets, algorithms and the health checks,
and its matches are those `tracker screen` gives for the same queries, score for score and
reason for reason."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

yente_client = pytest.importorskip("yente_client")

from tests.hostile import cli  # noqa: E402
from tests.serving import UK, Running, build_store, copy_store, fixed_clock, running  # noqa: E402
from tracker.lists.store import Store  # noqa: E402
from tracker.serve.state import Settings  # noqa: E402

# the same queries as FtM entities and as `tracker screen` options
QUERIES: list[tuple[Any, list[str]]] = [
    (
        yente_client.Vessel(name="Petrel 8", imoNumber="9562233"),
        ["--name", "Petrel 8", "--imo", "9562233", "--type", "vessel"],
    ),
    (
        yente_client.Person(name="Oleg Slizhevsky", birthDate="1972-08-16", nationality="by"),
        [
            "--name",
            "Oleg Slizhevsky",
            "--type",
            "person",
            "--birth-date",
            "1972-08-16",
            "--country",
            "by",
        ],
    ),
    (
        yente_client.Organization(name="Kalashnikov Concern"),
        ["--name", "Kalashnikov Concern", "--type", "organization"],
    ),
    (
        yente_client.Company(name="Rosneft Trading SA", jurisdiction="ch"),
        ["--name", "Rosneft Trading SA", "--type", "organization", "--country", "ch"],
    ),
    (yente_client.LegalEntity(name="ZALA Aero Group"), ["--name", "ZALA Aero Group"]),
    (
        yente_client.Person(firstName="Harmohan Singh", lastName="Hakimzada"),
        ["--name", "Harmohan Singh Hakimzada", "--type", "person"],
    ),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("serve") / "lists.db")


@pytest.fixture(scope="module")
def server(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    db = copy_store(store, tmp_path_factory.mktemp("served"))
    with running(Settings(db=db, clock=fixed_clock)) as found:
        yield found


@pytest.fixture(scope="module")
def client(server: Running) -> Iterator[Any]:
    with yente_client.Client(base_url=server.url) as found:
        yield found


def screened(db: Path, options: list[str], limit: int = 5) -> list[dict[str, Any]]:
    run = cli("screen", *options, "--db", db, "--format", "json", "--limit", str(limit))
    assert run.code in (0, 1), run.output
    hits: list[dict[str, Any]] = json.loads(run.output)["queries"][0]["hits"]
    return hits


def ftm_id(hit: dict[str, Any]) -> str:
    from tracker.ftm.entries import entity_id

    return entity_id(hit["source"], hit["entry_id"])


@pytest.mark.parametrize(("entity", "options"), QUERIES, ids=[options[1] for _, options in QUERIES])
def test_match_gives_what_tracker_screen_gives(
    client: Any, server: Running, entity: Any, options: list[str]
) -> None:
    expected = screened(server.settings.db, options)
    assert expected, "every query of this test has hits"
    found = client.match(entity, limit=5)
    assert [(r.id, r.score) for r in found.results] == [
        (ftm_id(h), float(h["score"])) for h in expected
    ]
    for result, hit in zip(found.results, expected, strict=True):
        assert result.match == (result.score >= 0.70)
        assert result.datasets == [hit["source"]]
        assert result.caption == hit["entry_name"]
        details = {name: f.detail for name, f in result.explanations.items()}
        assert details == {f["name"]: f["detail"] for f in hit["features"]}
        assert {n: f.weight for n, f in result.explanations.items()} == {
            f["name"]: float(f["weight"]) for f in hit["features"]
        }
    assert found.total.value == sum(1 for h in expected if float(h["score"]) >= 0.70)


def test_match_says_band_sentence_and_alias_beside_yentes_fields(server: Running) -> None:
    body = {"queries": {"ship": {"schema": "Vessel", "properties": {"name": ["Jal Vahini"]}}}}
    answer = httpx.post(f"{server.url}/match/default", json=body).json()
    assert answer["algorithm"] == "tracker-screen/2"
    top = answer["responses"]["ship"]["results"][0]
    assert (top["id"], top["band"], top["matched_name"]) == ("uk-DPR0075", "match", "Jal Vahini")
    assert top["sentence"].startswith("name 'Jal Vahini' ~ 'Jal Vahini': 1.00")
    assert answer["responses"]["ship"]["query"] == {
        "id": None,
        "schema": "Vessel",
        "properties": {"name": ["Jal Vahini"]},
    }


def test_threshold_sets_match_and_cutoff_drops_as_in_yente(client: Any, server: Running) -> None:
    entity = yente_client.Organization(name="Kalashnikov")
    loose = client.match(entity, threshold=0.95, cutoff=0.5, limit=20)
    expected = screened(server.settings.db, ["--name", "Kalashnikov", "--type", "organization",
                        "--threshold", "0.5"], limit=20)  # fmt: skip
    assert [r.score for r in loose.results] == [float(h["score"]) for h in expected]
    assert [r.match for r in loose.results] == [r.score >= 0.95 for r in loose.results]
    assert loose.total.value == sum(r.match for r in loose.results)
    assert any(not r.match for r in loose.results)


def test_match_iter_streams_every_query(client: Any, server: Running) -> None:
    pairs = [(str(i), entity) for i, (entity, _) in enumerate(QUERIES)]
    found = dict(client.match_iter(pairs, workers=3, limit=5))
    assert sorted(found) == sorted(k for k, _ in pairs)
    for key, (_, options) in zip((k for k, _ in pairs), QUERIES, strict=True):
        expected = screened(server.settings.db, options)
        assert [r.id for r in found[key].results] == [ftm_id(h) for h in expected]


def test_a_dataset_is_a_list_and_default_is_all(client: Any) -> None:
    entity = yente_client.Vessel(name="Petrel 8")
    assert [r.id for r in client.match(entity, datasets=["uk"]).results] == ["uk-DPR0075"]
    assert client.match(entity, datasets=["ofac-sdn"]).results == []
    with pytest.raises(yente_client.NotFoundError):
        client.match(entity, datasets=["no-such-list"])


def test_search_ranks_entries_by_name(client: Any) -> None:
    found = client.search("Kalashnikov Concern")
    ids = [r.id for r in found.results]
    assert ids[:2] == ["NK-nR5AXM9AVPq4pQaSPSaVam", "ofac-sdn-16911"]
    assert found.total.value == len(ids)
    assert {v.name for v in found.facets["datasets"].values} == {"ftm", "ofac-sdn"}
    people = client.search("Kalashnikov", schema="Person")
    assert people.results and all(r.schema_ == "Person" for r in people.results)
    assert client.search("Kalashnikov Concern", limit=1, offset=1).results[0].id == ids[1]


def test_fetch_returns_the_entry_as_the_ftm_export_writes_it(
    client: Any, server: Running, tmp_path: Path
) -> None:
    out = tmp_path / "uk.ftm.json"
    assert cli("export", "uk", "--format", "ftm", "--db", server.settings.db, "-o", out).code == 0
    exported = {e["id"]: e for e in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    entity = client.fetch("uk-DPR0075")
    assert entity.properties.keys() - {"sanctions"} == exported["uk-DPR0075"]["properties"].keys()
    assert entity.properties["imoNumber"] == ["9562233"]
    (sanction,) = entity.properties["sanctions"]
    assert sanction.id == "uk-DPR0075-sanction"
    assert sanction.properties == {
        k: v for k, v in exported["uk-DPR0075-sanction"]["properties"].items() if k != "entity"
    }
    assert entity.first_seen is not None and entity.first_seen.date().isoformat() == "2026-09-07"
    flat = client.fetch("uk-DPR0075", nested=False)
    assert "sanctions" not in flat.properties
    assert client.fetch("uk-DPR0075-sanction").properties["entity"][0].id == "uk-DPR0075"
    assert client.fetch("NK-nR5AXM9AVPq4pQaSPSaVam").datasets == ["ftm"]


def test_an_unknown_entity_is_404_as_a_problem(client: Any, server: Running) -> None:
    with pytest.raises(yente_client.NotFoundError):
        client.fetch("uk-NOSUCH")
    answer = httpx.get(f"{server.url}/entities/ofac-sdn-999999999")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json() == {
        "type": "urn:tracker:problem:no-entity",
        "title": "Not Found",
        "status": 404,
        "detail": "No such entity!",
    }


def test_datasets_are_the_lists_with_their_dates(client: Any) -> None:
    found = client.datasets()
    by_name = {d.name: d for d in found.datasets}
    assert list(by_name) == ["default", "ftm", "ofac-sdn", "uk"]
    assert sorted(by_name["default"].children) == ["ftm", "ofac-sdn", "uk"]
    uk = by_name["uk"]
    assert (uk.entity_count, uk.updated_at.date().isoformat(), uk.version) == (
        21,
        "2026-09-07",
        "20260907-1",
    )
    assert found.current == ["default", "ftm", "ofac-sdn", "uk"] and not found.index_stale


def test_algorithms_name_ours_with_its_version(client: Any, server: Running) -> None:
    found = client.algorithms()
    assert (found.default, found.best) == ("tracker-screen/2", "tracker-screen/2")
    assert [a.name for a in found.algorithms] == ["tracker-screen/2", "tracker-screen/1"]
    ours = found.algorithms[0]
    assert set(ours.docs["features"]) == {
        "name", "identifier", "identifier_conflict", "birth_date", "country", "type",
        "common_words",
    }  # fmt: skip
    raw = httpx.get(f"{server.url}/algorithms").json()["algorithms"][0]
    assert raw["thresholds"] == {"match": 0.9, "review": 0.7}
    for name in ("best", "logic-v2", "tracker-screen", "tracker-screen/2"):
        assert client.match(yente_client.Vessel(name="Petrel 8"), algorithm=name).results
    with pytest.raises(yente_client.BadRequestError, match="Invalid algorithm"):
        client.match(yente_client.Vessel(name="Petrel 8"), algorithm="no-such")


def test_the_earlier_version_stays_selectable_as_in_tracker_screen(server: Running) -> None:
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Oleg Slizhevsky"]}}}}
    answer = httpx.post(f"{server.url}/match/default?algorithm=tracker-screen/1", json=body).json()
    assert answer["algorithm"] == "tracker-screen/1"
    run = cli(
        "screen", "--name", "Oleg Slizhevsky", "--type", "person", "--db", server.settings.db,
        "--format", "json", "--algorithm", "tracker-screen/1", "--limit", "5",
    )  # fmt: skip
    expected = json.loads(run.output)["queries"][0]["hits"]
    assert expected
    found = answer["responses"]["q"]["results"]
    assert [(r["id"], r["score"]) for r in found] == [
        (ftm_id(h), float(h["score"])) for h in expected
    ]


def test_health_checks(client: Any) -> None:
    assert client.healthz().status == "ok"
    assert client.readyz().status == "ok"


def test_readyz_says_which_list_has_no_index(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    assert cli("import", "uk", UK, "--db", db, "--as-of", "2026-09-08", "--no-index").code == 0
    with running(Settings(db=db, clock=fixed_clock)) as server:
        answer = httpx.get(f"{server.url}/readyz")
        assert answer.status_code == 503
        assert answer.json()["detail"] == "Index not ready: uk not indexed."
        assert httpx.get(f"{server.url}/healthz").status_code == 200
        body = {"queries": {"q": {"schema": "Thing", "properties": {"name": ["x"]}}}}
        match = httpx.post(f"{server.url}/match/default", json=body)
        assert match.status_code == 503
        assert "tracker index" in match.json()["detail"]


def test_the_openapi_document_has_yentes_paths(server: Running) -> None:
    paths = httpx.get(f"{server.url}/openapi.json").json()["paths"]
    assert {"/match/{dataset}", "/search/{dataset}", "/entities/{entity_id}", "/catalog",
            "/algorithms", "/healthz", "/readyz"} <= set(paths)  # fmt: skip


def test_a_snapshot_not_yet_indexed_is_not_served_until_it_is(tmp_path: Path) -> None:
    csl = Path(__file__).parent / "fixtures" / "official" / "us_trade_csl"
    db = tmp_path / "lists.db"
    assert (
        cli("import", "csl", csl / "csl_2019_subset.csv", "--db", db, "--as-of", "2019-06-01").code
        == 0
    )
    new = (
        "import",
        "csl",
        csl / "consolidated_2025_subset.csv",
        "--db",
        db,
        "--as-of",
        "2025-06-01",
    )
    assert cli(*new, "--no-index").code == 0  # stored, its index not built yet
    with running(Settings(db=db, clock=fixed_clock)) as server:
        assert httpx.get(f"{server.url}/readyz").status_code == 200
        (served,) = [
            d for d in httpx.get(f"{server.url}/catalog").json()["datasets"] if d["name"] == "csl"
        ]
        assert served["snapshot"] == 1
        assert cli("index", "--db", db).code == 0
        (served,) = [
            d for d in httpx.get(f"{server.url}/catalog").json()["datasets"] if d["name"] == "csl"
        ]
        assert served["snapshot"] == 2


def test_opening_the_store_again_keeps_the_locks_of_its_readers(
    store: Path, tmp_path: Path
) -> None:
    """A server opens the store in many threads at once: opening it must not drop the read
    lock another thread holds (POSIX drops a process's locks on any close of the file), or an
    import writes under a reader's feet ("database disk image is malformed")."""
    db = copy_store(store, tmp_path)
    writer = (
        "import sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)\n"
        "try:\n"
        "    db.execute('BEGIN EXCLUSIVE')\n"
        "    print('took the store')\n"
        "except sqlite3.OperationalError as exc:\n"
        "    print(exc)\n"
    )
    with Store(db) as reader:
        reading = reader.db.execute("SELECT entry_id FROM entries")
        reading.fetchone()  # a statement under way holds a shared lock
        with Store(db):  # another thread's request opens the store meanwhile
            pass
        took = subprocess.run(
            [sys.executable, "-c", writer, str(db)], capture_output=True, text=True, check=True
        )
    assert took.stdout.strip() == "database is locked"
