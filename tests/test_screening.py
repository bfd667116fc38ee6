"""Screening: names analysed alike at both ends, the score on the cases where peers go wrong
(each feature named and summed), candidate keys, `tracker screen` on the real lists in every
form (one query, CSV and workbook files with mapped columns, pairs, JSON, CSV, workbook out),
the index against brute force, Dask against this process, decisions remembered across list
versions, bad input, and the designation-on-list rule."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import MakeDataset
from tests.hostile import cli
from tracker.screening.keys import candidate_tokens, query_groups, token_keys
from tracker.screening.names import analyse
from tracker.screening.output import CSV_COLUMNS
from tracker.screening.score import ALGORITHM_ID, ALGORITHMS, V1, V2, Candidate, Query, score

FIXTURES = Path(__file__).parent / "fixtures"
SDN_2018 = FIXTURES / "official" / "us_ofac_sdn" / "snapshot_2018"
SDN_2021 = FIXTURES / "official" / "us_ofac_sdn" / "snapshot_2021"
CONS = FIXTURES / "official" / "us_ofac_cons"
UK = FIXTURES / "official-current" / "uk_fcdo"


def entry(*names: str, kind: str = "organization", **more: Any) -> Candidate:
    return Candidate("test", 1, "e1", kind, names, **more)


def scored(query: Query, candidate: Candidate, algorithm: str = ALGORITHM_ID) -> tuple[float, str]:
    result = score(query, candidate, algorithm)
    return result.score, result.band


# --- names ---------------------------------------------------------------------------------------


def test_names_are_analysed_alike_whatever_the_script_and_form() -> None:
    assert analyse("Александр Захаров").tokens == ("aleksandr", "zakharov")
    wide = "".join(chr(0xFF21 + ord(c) - ord("A")) for c in "ABC")  # fullwidth letters
    assert analyse(f"{wide} Trading").tokens == ("abc", "trading")  # NFKC
    assert analyse("ZAKHAROV, Aleksandr", person=True).tokens == ("aleksandr", "zakharov")
    assert analyse("ROSEKSIMBANK, ZAO", person=True).tokens == ("roseksimbank",)
    assert analyse("Vessel No. 2").tokens == ("vessel", "no", "2")  # digits kept


@pytest.mark.parametrize(
    ("text", "legal"),
    [
        ("Romashka Limited Liability Company", ("llc",)),
        ("OOO Romashka", ("llc",)),
        ("Obshchestvo s Ogranichennoy Otvetstvennostyu Romashka", ("llc",)),
        ("PJSC Sberbank", ("jsc",)),
        ("Sberbank Public Joint Stock Company", ("jsc",)),
        ("Acme Corp.", ("corp",)),
    ],
)
def test_legal_forms_are_one_form_and_kept_apart(text: str, legal: tuple[str, ...]) -> None:
    name = analyse(text)
    assert name.legal == legal
    assert name.tokens in (("romashka",), ("sberbank",), ("acme",))


# --- the score, on the cases peers get wrong -----------------------------------------------------


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_an_exact_name_alone_is_a_match(algorithm: str) -> None:
    """watchman scores an exact name with nothing else 0.81."""
    assert scored(Query("1", "Petrel 8"), entry("Petrel 8", kind="vessel"), algorithm) == (
        1.0,
        "match",
    )


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_legal_forms_weigh_little_but_are_not_deleted(algorithm: str) -> None:
    """watchman deletes them, so BELLETECH CORP matches BELLTECH LLC."""
    value, band = scored(Query("1", "BELLETECH CORP"), entry("BELLTECH LLC"), algorithm)
    assert band == "review" and value < 0.8
    assert (
        scored(Query("1", "Zala Aero Group LLC"), entry("ZALA AERO GROUP"), algorithm)[1] == "match"
    )
    assert (
        scored(Query("1", "Rosneft Trading SA"), entry("ROSNEFT TRADING S.A."), algorithm)[0] == 1.0
    )


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_words_run_together_or_apart_match(algorithm: str) -> None:
    """trade.gov's API misses "Gazprom Bank" for "GAZPROMBANK"."""
    assert scored(Query("1", "Gazprom Bank"), entry("GAZPROMBANK"), algorithm)[1] == "match"
    assert scored(Query("1", "GAZPROMBANK"), entry("Gazprom Bank"), algorithm)[1] == "match"


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_different_names_sharing_a_word_are_not_hits(algorithm: str) -> None:
    assert scored(Query("1", "Bank Melli"), entry("BANK MELLAT"), algorithm)[1] == "none"
    assert scored(Query("1", "Vessel 1"), entry("Vessel 2", kind="vessel"), algorithm)[1] == "none"


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_transliterations_and_typos_match(algorithm: str) -> None:
    person = entry("DAGALO, Mohammed Ali", kind="person")
    assert scored(Query("1", "Muhammad Ali Dagalo", "person"), person, algorithm)[1] == "match"
    assert (
        scored(
            Query("1", "Александр Захаров", "person"),
            entry("ZAKHAROV, Aleksandr", kind="person"),
            algorithm,
        )[1]
        == "match"
    )
    assert scored(Query("1", "Gazprmbank"), entry("GAZPROMBANK"), algorithm)[1] == "match"


@pytest.mark.parametrize(
    ("born", "listed", "band", "said"),
    [
        ("1960-01-02", "02 Jan 1960", "match", "the same date"),
        ("1960-01-03", "1960-01-02", "match", "one unit apart"),
        ("1961-01-02", "1960-01-02", "match", "one unit apart"),
        ("1960-02-01", "1960-01-02", "match", "day and month swapped"),
        ("1960-01-02", "1960", "match", "the same as far as both go"),
        ("1975-06-30", "1960-01-02", "review", "apart"),
    ],
)
def test_birth_dates_are_graded(born: str, listed: str, band: str, said: str) -> None:
    """logic-v2 penalises a date one unit off twice, so near-exact names fall below."""
    query = Query("1", "Mohammed Ali Dagalo", "person", birth_date=born)
    result = score(query, entry("DAGALO, Mohammed Ali", kind="person", birth_dates=(listed,)))
    assert result.band == band
    feature = next(f for f in result.features if f.name == "birth_date")
    assert feature.detail.endswith(said)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_identifiers_decide_and_a_different_imo_counts_against(algorithm: str) -> None:
    ship = entry("TIAN TAI 36", kind="vessel", imo="9562233")
    assert scored(Query("1", "Petrel 8", "vessel", imo="9562233"), ship, algorithm) == (
        1.0,
        "match",
    )
    assert scored(Query("1", "Tian Tai 36", "vessel", imo="9074729"), ship, algorithm)[1] == "none"
    person = entry("DOE, John", kind="person", numbers=frozenset({"X1234567"}))
    assert (
        scored(Query("1", "J. Smith", "person", id_number="x-1234567"), person, algorithm)[0]
        == 0.95
    )


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_a_name_of_common_words_only_is_held_below_match(algorithm: str) -> None:
    result = score(Query("1", "Al Trading"), entry("AL TRADING LLC"), algorithm)
    assert result.band == "review"
    assert result.features[-1].name == "common_words"


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_type_and_country_qualify(algorithm: str) -> None:
    ship = entry("PETREL 8", kind="vessel", countries=frozenset({"KM"}))
    assert scored(Query("1", "Petrel 8", "person"), ship, algorithm)[0] == pytest.approx(0.85)
    assert scored(Query("1", "Petrel 8", country="KM"), ship, algorithm)[0] == 1.0
    assert scored(Query("1", "Petrel 8", country="RU"), ship, algorithm)[0] == pytest.approx(0.92)


def test_features_add_up_to_the_score_and_name_the_alias() -> None:
    result = score(
        Query("1", "Zakharov Alexander", "person", birth_date="1961-01-01", country="RU"),
        entry("ZACHAROV, Sasha", "ZAKHAROV, Aleksandr", kind="person",
              birth_dates=("1960-01-01",), countries=frozenset({"RU"})),
    )  # fmt: skip
    assert result.matched_name == "ZAKHAROV, Aleksandr"
    total = sum(f.score * f.weight for f in result.features)
    assert result.score == pytest.approx(min(1.0, total), abs=1e-4)
    assert [f.name for f in result.features] == ["name", "birth_date", "country"]
    assert "'ZAKHAROV, Aleksandr'" in result.explanation


def test_query_and_entry_share_keys_when_they_should() -> None:
    def shared(query: str, name: str) -> set[str]:
        asked = {k for t in query_groups(Query("1", query)) for k in token_keys(t)}
        return asked & {k for t in candidate_tokens(entry(name)) for k in token_keys(t)}

    assert shared("Gazprom Bank", "GAZPROMBANK")
    assert shared("GAZPROMBANK", "Gazprom Bank")
    assert shared("Muhammad", "Mohammed")
    assert shared("Gazprmbank", "GAZPROMBANK")
    assert shared("محمد", "Mohammed")  # by its consonants
    assert shared("김정남", "Kim Jong Nam")  # Korean syllables, romanised either way
    assert not shared("Bank Melli", "Rosneft")


# --- tracker screen on the real lists ------------------------------------------------------------


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("screen") / "lists.db"
    for source, paths, as_of in (
        ("ofac-sdn", [SDN_2021], "2021-07-07"),
        ("ofac-cons", [CONS], "2021-07-07"),
        ("uk", [UK], "2026-09-08"),
    ):
        assert cli("import", source, *paths, "--db", db, "--as-of", as_of).code == 0
    return db


def test_one_query_finds_its_entry_and_says_why(lists: Path) -> None:
    run = cli("screen", "--name", "Gazprom Bank", "--db", lists)
    assert run.code == 1
    assert f"{ALGORITHM_ID}, threshold 0.70" in run.output
    assert "1. 0.92 match  ofac-cons 17016 GAZPROMBANK JOINT STOCK COMPANY" in run.output
    assert "'Gazprom Bank' ~ 'GAZPROMBANK JOINT STOCK COMPANY'" in run.output


def test_no_hit_is_exit_0(lists: Path) -> None:
    run = cli("screen", "--name", "Zyxwv Qwertyuiop", "--db", lists)
    assert run.code == 0
    assert "no hit" in run.output


def queries_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


SHIPS = [
    {"Ref": "s1", "Vessel": "Petrel 8", "IMO": "9562233", "Kind": "vessel"},
    {"Ref": "s2", "Vessel": "Sberbank of Russia", "IMO": "", "Kind": "organization"},
    {"Ref": "s3", "Vessel": "Nothing Like Any Name", "IMO": "", "Kind": ""},
]
MAPPED = ("--map", "Ref=id", "--map", "Vessel=name", "--map", "IMO=imo", "--map", "Kind=type")


def test_a_csv_file_with_mapped_columns_gives_the_documented_csv(
    lists: Path, tmp_path: Path
) -> None:
    path = queries_csv(tmp_path / "ships.csv", SHIPS)
    run = cli("screen", path, *MAPPED, "--format", "csv", "--db", lists)
    assert run.code == 1, run.output
    rows = list(csv.reader(io.StringIO(run.output)))
    assert tuple(rows[0]) == CSV_COLUMNS
    found = {(r[0], r[7]) for r in rows[1:]}
    assert ("s1", "DPR0075") in found and ("s2", "17018") in found
    assert not [r for r in rows[1:] if r[0] == "s3"]
    first = rows[1]
    assert first[2] == "1" and first[4] == "match" and first[3] == "1.0000"


def test_json_has_the_documented_keys(lists: Path) -> None:
    run = cli("screen", "--name", "Sberbank of Russia", "--format", "json", "--db", lists)
    document = json.loads(run.output)
    assert document["algorithm"] == ALGORITHM_ID
    assert document["threshold"] == 0.7
    hit = document["queries"][0]["hits"][0]
    assert list(hit)[:10] == [
        "rank", "score", "band", "source", "snapshot", "entry_id", "entry_name",
        "matched_name", "entry_type", "programs",
    ]  # fmt: skip
    assert set(hit["features"][0]) == {"name", "score", "weight", "detail"}


def test_a_workbook_in_and_a_workbook_out(lists: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ref", "Vessel", "IMO", "Kind"])
    for row in SHIPS:
        sheet.append(
            [row["Ref"], row["Vessel"], int(row["IMO"]) if row["IMO"] else None, row["Kind"]]
        )
    book.save(tmp_path / "ships.xlsx")
    out = tmp_path / "hits.xlsx"
    run = cli("screen", tmp_path / "ships.xlsx", *MAPPED, "--db", lists, "-o", out)
    assert run.code == 1, run.output
    assert run.output.startswith(f"wrote {out}: {ALGORITHM_ID}")
    result = openpyxl.load_workbook(out)
    assert result.sheetnames == ["Summary", "Hits", "Cleared", "Queries"]
    rows = list(result["Hits"].iter_rows(values_only=True))
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (first["query_id"], first["entry_id"], first["source"]) == ("s1", "DPR0075", "uk")
    assert first["query"].startswith("Petrel 8")
    queries = list(result["Queries"].iter_rows(values_only=True))
    assert [q[0] for q in queries[1:]] == ["s1", "s2", "s3"]
    bands = {
        r[0]: r[1]
        for r in result["Summary"].iter_rows(values_only=True)
        if r[0] in ("match", "review", "none")
    }
    assert bands == {"match": 2, "review": 0, "none": 1}


def test_pairs_are_scored_without_a_store(tmp_path: Path) -> None:
    path = queries_csv(
        tmp_path / "pairs.csv",
        [
            {"left": "Gazprom Bank", "right": "GAZPROMBANK", "type": "", "note": "joined"},
            {"left": "Bank Melli", "right": "Bank Mellat", "type": "organization", "note": "x"},
        ],
    )
    run = cli("screen", "--pairs", path)
    rows = list(csv.reader(io.StringIO(run.output)))
    assert rows[0] == ["left", "right", "type", "note", "score", "band"]
    assert rows[1][-1] == "match" and rows[2][-1] == "none"
    assert run.code == 1


def test_the_index_finds_every_strong_hit_brute_force_finds(lists: Path, tmp_path: Path) -> None:
    path = queries_csv(
        tmp_path / "q.csv",
        [{"name": n} for n in ("Gazprom Bank", "Sberbank", "Petrel 8", "Kazakov Pavel",
                               "Islamic Revolutionary Guard Corps", "Rosneft Trading")],
    )  # fmt: skip

    def hits(*more: str) -> dict[tuple[str, str], float]:
        run = cli("screen", path, "--format", "csv", "--db", lists, "--limit", "50", *more)
        rows = list(csv.DictReader(io.StringIO(run.output)))
        return {(r["query_id"], r["entry_id"]): float(r["score"]) for r in rows}

    indexed, brute = hits(), hits("--exhaustive")
    assert len(brute) > 10
    assert indexed.items() <= brute.items()  # the same scores: one function
    strong = {k for k, v in brute.items() if v >= 0.8}
    assert strong <= indexed.keys()  # every strong hit is among the index's candidates


def test_dask_gives_what_this_process_gives(lists: Path, tmp_path: Path) -> None:
    path = queries_csv(tmp_path / "q.csv", [{"name": n} for n in ("Gazprom Bank", "Petrel 8")])
    local = cli("screen", path, "--format", "json", "--db", lists)
    dask = cli("screen", path, "--format", "json", "--db", lists, "--engine", "dask")
    assert dask.code == local.code == 1
    first, second = json.loads(local.output), json.loads(dask.output)
    for document in (first, second):
        document["run"].pop("at")  # the run's own time
        document["summary"].pop("run_at")
    assert first == second


# --- decisions -----------------------------------------------------------------------------------


def decisions_csv(path: Path, *rows: tuple[str, str, str, str, str]) -> Path:
    lines = ["query,source,entry_id,decision,who,when,note"]
    lines += [f"{q},{s},{e},{d},J. Doe,{w},checked" for q, s, e, d, w in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_cleared_hit_stays_cleared_until_its_entry_changes(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    assert cli("import", "ofac-sdn", SDN_2018, "--db", db, "--as-of", "2018-12-19").code == 0
    query = ("--name", "SLIZHEVSKY Oleg", "--type", "person", "--db", db, "--format", "json")
    first = json.loads(cli("screen", *query).output)["queries"][0]["hits"][0]
    assert first["entry_id"] == "10138"
    cleared = decisions_csv(tmp_path / "d.csv", ("1", "ofac-sdn", "10138", "cleared", "2019-01-01"))
    again = cli("screen", *query, "--decisions", cleared)
    document = json.loads(again.output)
    assert [h["entry_id"] for h in document["queries"][0]["hits"]] == []
    assert document["cleared"][0]["entry_id"] == "10138"
    assert again.code == 0
    # the 2021 list changed the entry (diff: remarks, countries): the hit is raised again
    assert cli("import", "ofac-sdn", SDN_2021, "--db", db, "--as-of", "2021-07-07").code == 0
    raised = json.loads(cli("screen", *query, "--decisions", cleared).output)
    hit = raised["queries"][0]["hits"][0]
    assert hit["entry_id"] == "10138"
    assert hit["decision"].startswith("entry changed since cleared on 2019-01-01 by J. Doe")


def test_a_confirmed_hit_is_marked(lists: Path, tmp_path: Path) -> None:
    confirmed = decisions_csv(tmp_path / "d.csv", ("1", "uk", "DPR0075", "confirmed", "2026-09-09"))
    run = cli("screen", "--name", "Petrel 8", "--db", lists, "--decisions", confirmed)
    assert "Decision: confirmed on 2026-09-09 by J. Doe (checked)." in run.output


# --- bad input -----------------------------------------------------------------------------------


def test_bad_query_values_are_ignored_with_their_row_and_column(
    lists: Path, tmp_path: Path
) -> None:
    path = queries_csv(
        tmp_path / "q.csv",
        [
            {"id": "a", "name": "Petrel 8", "type": "ship", "imo": "9562234",
             "country": "Atlantis"},
            {"id": "a", "name": "", "type": "", "imo": "", "country": ""},
            {"id": "b", "name": "Ok", "type": "", "imo": "", "country": ""},
        ],
    )  # fmt: skip
    run = cli("screen", path, "--db", lists, "--format", "json")
    assert run.code == 1  # a hit, and a row not screened
    document = json.loads(run.output)
    warnings = {(w["row"], w["field"], w["code"]) for w in document["warnings"]}
    assert warnings == {
        (2, "imo", "imo"), (2, "country", "country"), (3, "name", "required"),
        (3, "id", "id-duplicate"),
    }  # fmt: skip
    assert [q["id"] for q in document["queries"]] == ["a", "b"]
    petrel = document["queries"][0]
    assert petrel["hits"][0]["entry_id"] == "DPR0075"  # 'ship' read as a vessel
    assert document["not_screened"] == [3]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((), "give QUERIES"),
        (("--name", "x", "--pairs", "p.csv"), "give QUERIES"),
        (("--name", "x", "--imo", "123"), "--imo: IMO number must be 7 digits"),
        (("q.csv", "--map", "Name"), "write it as COLUMN=FIELD"),
        (("missing.csv",), "queries file not found"),
        (("--name", "x", "--threshold", "2"), "2"),
    ],
)
def test_bad_options_are_exit_2(
    lists: Path, tmp_path: Path, args: tuple[str, ...], words: str
) -> None:
    queries_csv(tmp_path / "q.csv", [{"name": "x"}])
    run = cli(
        "screen", *[str(tmp_path / a) if a.endswith(".csv") else a for a in args], "--db", lists
    )
    assert run.code == 2
    assert words in run.output


def test_a_snapshot_without_an_index_is_named(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    assert cli("import", "uk", UK, "--db", db, "--no-index").code == 0
    run = cli("screen", "--name", "Petrel 8", "--db", db)
    assert run.failed_cleanly("has no screening index: run `tracker index")
    assert cli("index", "--db", db).output.startswith("indexed uk snapshot 1: 21 entries, ")
    assert cli("index", "--db", db).output == "uk snapshot 1: indexed already\n"
    assert cli("screen", "--name", "Petrel 8", "--db", db).code == 1


def test_the_output_never_overwrites_an_input(lists: Path, tmp_path: Path) -> None:
    path = queries_csv(tmp_path / "q.csv", [{"name": "x"}])
    before = path.read_bytes()
    assert cli("screen", path, "-o", path, "--db", lists).failed_cleanly()
    assert path.read_bytes() == before


# --- designation-on-list --------------------------------------------------------------------------


def test_designations_are_looked_for_on_their_list(make_dataset: MakeDataset, lists: Path) -> None:
    cite = {"source_id": "src", "quote": "Seoul imposed sanctions"}
    action = {
        "id": "uk-action", "authority_id": "gov", "summary": "UK designations",
        "list_source": "uk", "list_from": "2026-01-01", "list_to": "2026-12-31", **cite,
    }  # fmt: skip
    designations = [
        {"id": "d1", "action_id": "uk-action", "entity_type": "vessel", "name": "Jal Vahini",
         "imo": "9562233", **cite},
        {"id": "d2", "action_id": "uk-action", "entity_type": "person",
         "name": "Pavel Ivanovich Kazakov", **cite},
        {"id": "d3", "action_id": "uk-action", "entity_type": "organization",
         "name": "Petrel Shipping Holdings", **cite},
    ]  # fmt: skip
    data = make_dataset({"actions.csv": [action], "designations.csv": designations})
    run = cli(
        "check", data, "--db", lists, "--rule", "designation-on-list", "--as-of", "2026-11-26"
    )
    assert run.code == 0, run.output
    assert run.output.count("designation-on-list") >= 1
    assert "'Petrel Shipping Holdings' is not on uk in 2026-09-07..2026-09-07" in run.output
    assert "nearest: DPR0075 'Petrel 8'" in run.output
    assert "Jal Vahini" not in run.output and "Kazakov" not in run.output


# --- tracker-screen/2: the kinds of real variants (issue 20) -------------------------------------


@pytest.mark.parametrize(
    ("query", "listed", "kind"),
    [
        ("Gazprom Aktiengesellschaft", "Gazprom AG", "organization"),  # legal forms by class
        ("Obshchestvo s ogranichennoy otvetstvennostyu Romashka", "Romashka OOO", "organization"),
        ("Romashka Sp. z o.o.", "ROMASHKA LLC", "organization"),
        ("2nd Economic Committee", "Second Economic Committee", "organization"),  # ordinals
        ("Unit Twenty-Six", "Unit 26", "organization"),
        ("Kim Jong-nnam", "Kim Jong-nam", "person"),  # a doubled letter in a short part
        ("Moh4mmad Ali", "Mohammad Ali", "person"),
        ("Сергей Шойгу", "Sergei Shoigu", "person"),  # scripts and national romanisations
        ("Sergejs Šoigu", "SHOIGU, Sergei", "person"),
        ("Sergej Schoigu", "SHOIGU, Sergei", "person"),
        ("Bob Smith", "Robert Smith", "person"),  # short forms of given names
        ("Sasha Petrov", "PETROV, Aleksandr", "person"),
        ("محمد علي دقلو", "DAGALO, Mohammed Ali", "person"),  # Arabic script by its consonants
        ("김정남", "KIM Jong Nam", "person"),  # Hangul syllable by syllable
        ("SADAF CO.", "SADAFCO", "organization"),  # written together, legal form and all
        ("Shams-ur-Rahman", "Shamsurrahman", "person"),
        ("Habibullah", "حبيب الله", "person"),  # two Arabic words one Latin word
        ("Abdul Rahim", "عبد الرحيم", "person"),  # the article joined to the word before
        ("Abdel Rahman Masri", "Abd al-Rahman Masri", "person"),  # joined, vowels apart
    ],
)
def test_version_2_matches_real_variants_version_1_missed(
    query: str, listed: str, kind: str
) -> None:
    assert scored(Query("1", query, kind), entry(listed, kind=kind), V2)[0] >= 0.85


@pytest.mark.parametrize(
    ("query", "listed", "kind"),
    [
        ("Kim Yong Chol", "KIM Song Chol", "person"),  # two Korean given names
        ("Kim Yong Chol", "KIM Tong Chol", "person"),
        ("Mohammed Ali Hassan Omar Yusuf", "Mohammed Ali Hassan Omar Ibrahim", "person"),
        ("K.L.M. Trading", "M.L.K. Trading", "organization"),  # initials in another order
        ("Vessel 1", "Vessel 2", "vessel"),
    ],
)
def test_version_2_tells_apart_names_one_identifying_part_apart(
    query: str, listed: str, kind: str
) -> None:
    assert scored(Query("1", query, kind), entry(listed, kind=kind), V2)[1] == "none"
    if query.startswith("Kim"):  # version 1 raised these: different people on the UN list
        assert scored(Query("1", query, kind), entry(listed, kind=kind), V1)[1] != "none"


def test_version_2_says_which_parts_matched_and_why() -> None:
    result = score(Query("1", "Sergejs Šoigu", "person"), entry("SHOIGU, Sergei", kind="person"))
    assert result.features[0].detail == (
        "name 'Sergejs Šoigu' ~ 'SHOIGU, Sergei': 0.93 (parts soigu~shoigu (spelt otherwise), "
        "sergejs~sergei (same name))"
    )
