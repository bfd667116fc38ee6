"""Ongoing monitoring: a watched customer file is screened again after every import, and only
what is new is raised (a hit on a new or changed entry, a cleared hit reopened by an entry's
change), never a hit already raised or decided; the same changes on the page's API, in
`tracker watch report` and its workbook. And decision files in and out of the store."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import httpx
import openpyxl
import pytest

from tests.hostile import cli
from tests.serving import SDN_2018, SDN_2021, copy_store, fixed_clock, running
from tracker.lists.store import Store
from tracker.screening.decisions import read_decisions
from tracker.serve import decide, watch
from tracker.serve.state import Settings

CUSTOMERS = Path(__file__).parent / "fixtures" / "serve" / "customers.csv"
DECISIONS = Path(__file__).parent / "fixtures" / "serve" / "decisions.csv"
BETWEEN = dt.datetime(2019, 6, 1, 12, tzinfo=dt.UTC)  # after the 2018 list, before the 2021 one


@pytest.fixture(scope="module")
def sdn_2018(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("watch") / "lists.db"
    assert cli("import", "ofac-sdn", SDN_2018, "--db", db, "--as-of", "2018-12-19").code == 0
    return db


@pytest.fixture
def db(sdn_2018: Path, tmp_path: Path) -> Path:
    return copy_store(sdn_2018, tmp_path)


def changed(ran: watch.Ran) -> dict[tuple[str, str], str]:
    return {(h.query, h.entry_id): h.change for h in ran.changes}


def test_only_what_is_new_is_raised_and_nothing_decided_twice(db: Path) -> None:
    first = cli("watch", "add", "customers", CUSTOMERS, "--db", db, "--as-of", "2018-12-20")
    assert first.code == 1
    assert first.output.splitlines()[0] == "watch customers run 1: 2 hits; new hit: 2"
    with Store(db, "w") as store:  # staff decide: Slizhevsky is not our customer, Kalashnikov is
        decide.record(
            store, "c1", "ofac-sdn", "10138", "cleared", "j.doe", "born 1985", BETWEEN, "page"
        )
        decide.record(store, "c3", "ofac-sdn", "16911", "confirmed", "j.doe", "", BETWEEN, "page")
    again = cli("watch", "run", "customers", "--db", db, "--as-of", "2019-06-02")
    assert (again.code, again.output) == (0, "watch customers run 2: 1 hit; nothing new\n")

    # the 2021 list: two new entries hit, Slizhevsky's entry changed (the clearance reopens),
    # Kalashnikov's confirmed hit is not raised again; the import runs the watch itself
    imported = cli("import", "ofac-sdn", SDN_2021, "--db", db, "--as-of", "2021-07-07")
    assert imported.code == 0
    assert "watch customers run 3:" in imported.output
    with Store(db) as store:
        (_, _, ids) = store.watch_runs("customers")[-1]
        hits = store.watch_hits(store.watch_runs("customers")[-1][0])
    assert ids == [2]
    assert {(h.query, h.entry_id): h.change for h in hits if h.change} == {
        ("c1", "10138"): watch.REOPENED,
        ("c2", "18299"): watch.NEW,
        ("c4", "21844"): watch.NEW,
    }
    reopened = next(h for h in hits if h.entry_id == "10138")
    assert "entry changed since cleared on 2019-06-01 by j.doe (born 1985)" in reopened.sentence
    assert next(h for h in hits if h.entry_id == "16911").change == ""

    quiet = cli("watch", "run", "--db", db, "--as-of", "2021-07-08")
    assert (quiet.code, quiet.output) == (0, "watch customers run 4: 4 hits; nothing new\n")


def test_a_changed_entry_of_an_undecided_hit_is_raised_once(db: Path) -> None:
    cli("watch", "add", "customers", CUSTOMERS, "--db", db, "--as-of", "2018-12-20")
    cli("import", "ofac-sdn", SDN_2021, "--db", db, "--as-of", "2021-07-07")
    with Store(db) as store:
        hits = store.watch_hits(store.watch_runs("customers")[-1][0])
    assert {(h.query, h.entry_id): h.change for h in hits if h.change} == {
        ("c1", "10138"): watch.CHANGED,
        ("c2", "18299"): watch.NEW,
        ("c4", "21844"): watch.NEW,
    }


def test_the_changes_on_the_api_and_in_the_report(db: Path, tmp_path: Path) -> None:
    cli("watch", "add", "customers", CUSTOMERS, "--db", db, "--as-of", "2018-12-20")
    cli("import", "ofac-sdn", SDN_2021, "--db", db, "--as-of", "2021-07-07")
    with running(Settings(db=db, clock=fixed_clock)) as server:
        answer = httpx.get(f"{server.url}/watch/customers/changes").json()
        assert httpx.get(f"{server.url}/watch/nobody/changes").status_code == 404
        page = httpx.get(f"{server.url}/watches").text
    assert (answer["run"], answer["ran_at"]) == (2, "2021-07-07T00:00:00+00:00")
    assert answer["snapshots"] == ["ofac-sdn snapshot 2 (2021-07-07)"]
    found = {(c["query"], c["entry_id"], c["change"]) for c in answer["changes"]}
    assert found == {("c1", "10138", "entry changed"), ("c2", "18299", "new hit"),
                     ("c4", "21844", "new hit")}  # fmt: skip
    assert "ROSNEFT TRADING S.A." in page and "entry changed" in page

    text = cli("watch", "report", "customers", "--db", db)
    assert (
        text.output.splitlines()[0] == "watch customers run 2 at 2021-07-07T00:00:00+00:00: 3 new"
    )
    as_json = json.loads(cli("watch", "report", "customers", "--db", db, "--format", "json").output)
    assert as_json == answer
    out = tmp_path / "changes.xlsx"
    made = cli("watch", "report", "customers", "--db", db, "-o", out)
    assert made.output == f"wrote {out}: 3 changes of watch customers run 2\n"
    rows = list(openpyxl.load_workbook(out)["Changes"].iter_rows(values_only=True))
    assert rows[0][:3] == ("change", "query", "query_name")
    assert {(r[1], r[6], r[0]) for r in rows[1:]} == found


def test_bad_watch_input_is_exit_2_and_saves_nothing(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,imo\n1,Ship,1234568\n", encoding="utf-8")
    run = cli("watch", "add", "ships", bad, "--db", db)
    assert run.code == 2 and "bad.csv:2:" in run.output and "nothing was saved" in run.output
    assert cli("watch", "add", "x/y", CUSTOMERS, "--db", db).code == 2
    assert cli("watch", "run", "nobody", "--db", db).code == 2
    assert cli("watch", "report", "nobody", "--db", db).code == 2
    assert cli("watch", "report", "x", "--db", db, "-o", db).code == 2  # never over the store
    with Store(db) as store:
        assert store.watches() == []


# --- decision files ------------------------------------------------------------------------------


def test_decision_files_go_in_and_out_as_tracker_screen_reads_them(
    db: Path, tmp_path: Path
) -> None:
    imported = cli("serve", "--db", db, "--import-decisions", DECISIONS)
    assert imported.output == f"imported {DECISIONS}: 1 decision added, 0 there already\n"
    again = cli("serve", "--db", db, "--import-decisions", DECISIONS)
    assert again.output == f"imported {DECISIONS}: 0 decisions added, 1 there already\n"
    with Store(db) as store:
        (stored,) = store.decisions()
    assert (stored.snapshot_id, stored.entry_state and stored.entry_state["entry_id"]) == (
        1,
        "10138",
    )
    out = tmp_path / "out.csv"
    assert (
        cli("serve", "--db", db, "--export-decisions", out).output == f"wrote {out}: 1 decision\n"
    )
    decisions, problems = read_decisions(out)
    assert not problems.errors
    assert [
        (d.query, d.source, d.entry_id, d.decision, d.who, d.when, d.note) for d in decisions
    ] == [("c1", "ofac-sdn", "10138", "cleared", "J. Doe", "2019-01-15", "born 1985 not 1972")]
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0]["origin"] == "file decisions.csv" and rows[0]["snapshot"] == "1"
    # the command and the store agree: the exported file clears what the server clears
    screened = cli("screen", CUSTOMERS, "--db", db, "--decisions", out, "--format", "json")
    assert json.loads(screened.output)["cleared"][0]["entry_id"] == "10138"


def test_a_bad_decision_file_adds_nothing(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "query,source,entry_id,decision,who,when,note\n"
        "c1,ofac-sdn,10138,cleared,a,2019-01-01,ok\n"
        "c3,ofac-sdn,16911,maybe,a,2019-01-01,\n",
        encoding="utf-8",
    )
    run = cli("serve", "--db", db, "--import-decisions", bad)
    assert run.code == 2 and "nothing was imported" in run.output
    formula = tmp_path / "formula.csv"
    formula.write_text(
        "query,source,entry_id,decision,who,when,note\nc1,ofac-sdn,10138,cleared,a,2019-01-01,"
        '"=HYPERLINK(""x"")"\n',
        encoding="utf-8",
    )
    assert cli("serve", "--db", db, "--import-decisions", formula).code == 2
    later = tmp_path / "later.csv"
    later.write_text(
        "query,source,entry_id,decision,who,when,note\nc1,ofac-sdn,10138,cleared,a,2019-01-16,\n",
        encoding="utf-8",
    )
    run = cli("serve", "--db", db, "--import-decisions", later, "--as-of", "2019-01-15")
    assert run.code == 2
    assert "later.csv:2: decided on 2019-01-16, after the run's date 2019-01-15" in run.output
    future = tmp_path / "future.csv"
    future.write_text(later.read_text(encoding="utf-8").replace("2019", "9999"), encoding="utf-8")
    assert cli("serve", "--db", db, "--import-decisions", future).code == 2  # default: today
    with Store(db) as store:
        assert store.decisions() == []


def test_keys_from_the_command_line(db: Path) -> None:
    keyed = db
    made = cli("serve", "--db", keyed, "--create-key", "j.doe", "--role", "decide")
    first, key = made.output.splitlines()
    assert first == "created key 'j.doe' (decide); it is shown once, keep it:"
    assert key.startswith("trk_")
    assert cli("serve", "--db", keyed, "--create-key", "j.doe").code == 2
    listed = cli("serve", "--db", keyed, "--list-keys").output
    assert listed.startswith("j.doe  decide  created ") and key not in listed
    assert cli("serve", "--db", keyed, "--revoke-key", "j.doe").output == "revoked key 'j.doe'\n"
    assert cli("serve", "--db", keyed, "--revoke-key", "j.doe").code == 2
    # beyond this machine only with keys
    run = cli("serve", "--db", keyed, "--host", "0.0.0.0")
    assert run.code == 2 and "needs API keys" in run.output
    assert cli("serve", "--db", keyed.parent / "missing.db").code == 2
