"""The store and the list commands: snapshots, re-imports, diffs computed independently from
the files, round trips, broken and hostile inputs, and an import killed half-way."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.conftest import import_into
from tests.test_importers import CSL, SDN_2018, SDN_2021, UN, ofac_rows, parse
from tracker.cli import main
from tracker.errors import ListFormatError
from tracker.lists.diff import diff, lists_overview
from tracker.lists.store import MIGRATIONS, Store, json_items


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    assert not (result.exception and not isinstance(result.exception, SystemExit)), result.output
    return result.exit_code, result.output


def dump(db: Path) -> str:
    """The store's bytes (as a digest), to compare before and after: a failed import leaves
    the file byte for byte as it was, which says more than its rows alone."""
    with db.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def two_snapshots(sdn_copy: Path) -> Path:
    return sdn_copy


def test_store_is_created_with_its_schema_version(db: Path) -> None:
    with Store(db, "w") as store:
        assert store.version == len(MIGRATIONS)
        assert store.snapshots() == []


def test_import_records_files_hashes_dates_and_counts(two_snapshots: Path) -> None:
    with Store(two_snapshots) as store:
        first, second = store.snapshots("ofac-sdn")
    assert (first.as_of, second.as_of) == ("2018-12-19", "2021-07-07")
    assert dict(first.files)["sdn.csv"] == (
        "03d49191a00ba63b34d3a84ea9fd8b572328836937d917ceedc77ef45fafcf50"
    )
    assert second.counts == {"aircraft": 277, "organization": 3673, "person": 4620, "vessel": 406}
    assert second.entries == 8976


def test_importing_the_same_files_again_adds_nothing_and_says_so(two_snapshots: Path) -> None:
    before = dump(two_snapshots)
    code, output = run("import", "ofac-sdn", str(SDN_2021), "--db", str(two_snapshots))
    assert code == 0
    assert output.startswith("already imported: these files are snapshot 2 of ofac-sdn")
    assert dump(two_snapshots) == before


def test_un_import_records_the_lists_own_date_and_dprk_entries(db: Path) -> None:
    code, output = run("import", "un", str(UN), "--db", str(db), "--as-of", "2026-03-01")
    assert code == 0
    assert "published 2026-02-27" in output
    with Store(db) as store:
        (snapshot,) = store.snapshots("un")
        ids = [e["entry_id"] for e in store.entries(snapshot.id)]
    assert sum(i.startswith("KP") for i in ids) > 0


def test_invalid_imo_numbers_are_reported_as_warnings(db: Path) -> None:
    code, output = run("import", "ofac-sdn", str(SDN_2021), "--db", str(db), "--no-index")
    assert code == 0
    assert "warning: entry 23424: IMO ship number 15411 fails the check digit (imo)" in output
    strict = run("import", "ofac-sdn", str(SDN_2018), "--db", str(db), "--strict", "--no-index")
    assert strict[0] == 1


def raw_state(folder: Path) -> dict[str, tuple[object, ...]]:
    """Per entity number, everything the four files say of it (computed without the importer)."""

    def null(cell: str) -> str:
        return "" if cell.strip() in ("-0-", "-0") else cell.strip()

    extra: dict[str, list[object]] = {}
    for name, columns in (("alt.csv", (3,)), ("add.csv", (2, 3, 4)), ("sdn_comments.csv", (1,))):
        for row in ofac_rows(folder / name):
            extra.setdefault(f"{name}:{row[0]}", []).append(tuple(null(row[c]) for c in columns))
    state = {}
    for row in ofac_rows(folder / "sdn.csv"):
        state[row[0]] = (
            tuple(null(c) for c in row[1:]),
            tuple(sorted(extra.get(f"alt.csv:{row[0]}", []))),  # aliases: a set, not a sequence
            *(tuple(extra.get(f"{n}:{row[0]}", [])) for n in ("add.csv", "sdn_comments.csv")),
        )
    return state


def test_diff_2018_to_2021_matches_a_plain_computation_from_the_files(
    two_snapshots: Path,
) -> None:
    old, new = raw_state(SDN_2018), raw_state(SDN_2021)
    with Store(two_snapshots) as store:
        result = diff(store, "ofac-sdn")
    assert {e["entry_id"] for e in result.added} == set(new) - set(old)
    assert {e["entry_id"] for e in result.removed} == set(old) - set(new)
    assert {c.entry_id for c in result.changed} == {
        k for k in set(old) & set(new) if old[k] != new[k]
    }
    assert (len(result.added), len(result.removed)) == (1858, 261)


def sdn_folder(folder: Path, aliases: dict[str, list[str]]) -> Path:
    """A tiny SDN list in the legacy CSV format: one person per entity number, with these
    aliases in this order."""
    folder.mkdir()
    with (folder / "sdn.csv").open("w", encoding="latin-1", newline="") as handle:
        writer = csv.writer(handle)
        for number in aliases:
            writer.writerow([number, f"PERSON {number}", "individual", "SDGT", *["-0- "] * 7, ""])
    with (folder / "alt.csv").open("w", encoding="latin-1", newline="") as handle:
        writer = csv.writer(handle)
        for number, names in aliases.items():
            for n, name in enumerate(names):
                writer.writerow([number, f"{number}{n}", "aka", name, "-0- "])
    for name in ("add.csv", "sdn_comments.csv"):
        (folder / name).write_text("", encoding="latin-1")
    return folder


def test_a_re_ordered_alias_list_is_no_change_but_a_new_alias_is(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    before = {"100": ["AL-HOUTHI, Abdul-Malik", "AL-HOUTHI, Abdel-Malek"], "200": ["SMITH, J"]}
    after = {"100": ["AL-HOUTHI, Abdel-Malek", "AL-HOUTHI, Abdul-Malik"], "200": ["SMITH, John"]}
    import_into(db, "ofac-sdn", [sdn_folder(tmp_path / "a", before)], "2024-01-01")
    import_into(db, "ofac-sdn", [sdn_folder(tmp_path / "b", after)], "2024-02-01")
    with Store(db) as store:
        result = diff(store, "ofac-sdn")
        snapshots = store.snapshots("ofac-sdn")
        overview = lists_overview(store)
    assert [(c.entry_id, c.fields) for c in result.changed] == [
        ("200", {"aliases": (["SMITH, J"], ["SMITH, John"])})
    ]
    assert overview.changes[0].changed == 1  # the report's count, in SQL, agrees
    assert snapshots[0].entries == snapshots[1].entries == 2
    code, output = run("diff", "ofac-sdn", "--db", str(db), "--format", "json")
    assert code == 0
    assert [c["entry_id"] for c in json.loads(output)["changed"]] == ["200"]
    code, output = run("diff", "ofac-sdn", "--db", str(db), "--xlsx", str(tmp_path / "d.xlsx"))
    assert output.splitlines()[1] == "  added 0, removed 0, changed 1"
    assert "~ 100" not in output
    changed = openpyxl.load_workbook(tmp_path / "d.xlsx", data_only=True)["Changed"]
    (table,) = changed.tables.values()
    rows = [[c.value for c in r] for r in changed[table.ref]]
    assert rows[1:] == [["200", "person", "PERSON 200", "aliases", 1, "SMITH, J", "SMITH, John",
                         "- J + John"]]  # fmt: skip


def test_diff_command_prints_counts_and_field_changes(two_snapshots: Path) -> None:
    code, output = run("diff", "ofac-sdn", "--db", str(two_snapshots))
    assert code == 0
    lines = output.splitlines()
    assert lines[0] == ("ofac-sdn: snapshot 1 (as of 2018-12-19) -> snapshot 2 (as of 2021-07-07)")
    assert lines[1].startswith("  added 1,858, removed 261, changed ")
    assert "  removed by type: 184 organization, 77 person" in lines
    document = json.loads(
        run("diff", "ofac-sdn", "--db", str(two_snapshots), "--format", "json")[1]
    )
    assert set(document) == {"source", "from", "to", "counts", "added", "removed", "changed"}
    assert sum(document["counts"]["added"]["by_type"].values()) == 1858
    change = document["changed"][0]
    assert set(change["fields"][next(iter(change["fields"]))]) == {"before", "after"}


def test_diff_writes_a_workbook(two_snapshots: Path, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "diff.xlsx"
    assert run("diff", "ofac-sdn", "--db", str(two_snapshots), "--xlsx", str(out))[0] == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:5] == ["Summary", "Added", "Removed", "Changed", "Programs"]
    assert book["Added"].max_row == 1858 + 1


def test_diff_needs_two_snapshots(db: Path) -> None:
    run("import", "un", str(UN), "--db", str(db))
    code, output = run("diff", "un", "--db", str(db))
    assert code == 2
    assert "needs two" in output


def test_export_round_trips_every_field(two_snapshots: Path, tmp_path: Path) -> None:
    out = tmp_path / "entries.json"
    code, _ = run(
        "export", "ofac-sdn", "--db", str(two_snapshots), "--format", "json", "-o", str(out)
    )
    assert code == 0
    exported = {e["entry_id"]: e for e in json.loads(out.read_text())}
    parsed = {e.entry_id: dataclasses.asdict(e) for e in parse("ofac-sdn", SDN_2021)}
    assert exported.keys() == parsed.keys()
    sample = sorted(parsed)[::97]  # every field of about a hundred entries
    assert [exported[k] for k in sample] == [parsed[k] for k in sample]


def test_export_csv_has_every_field(two_snapshots: Path) -> None:
    code, output = run(
        "export", "ofac-sdn", "--snapshot", "1", "--db", str(two_snapshots), "--format", "csv"
    )
    assert code == 0
    rows = list(csv.DictReader(output.splitlines()))
    assert len(rows) == 7379
    assert list(rows[0]) == [
        "entry_id",
        "entity_type",
        "name",
        "aliases",
        "countries",
        "programs",
        "listed_on",
        "imo",
        "flag",
        "call_sign",
        "remarks",
        "details",
    ]


def test_lists_shows_snapshots_with_counts(two_snapshots: Path) -> None:
    code, output = run("lists", "--db", str(two_snapshots))
    assert code == 0
    assert output.splitlines()[1].split()[:5] == ["1", "ofac-sdn", "2018-12-19", "-", "7,379"]


def test_store_path_comes_from_tracker_db(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    code, _ = run("import", "un", str(UN), env={"TRACKER_DB": str(db)})
    assert code == 0
    assert db.exists()


# --- broken and hostile inputs -------------------------------------------------------------------

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&xxe;</FIRST_NAME>
<REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"""
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol3;</FIRST_NAME>
</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"""


def broken_files(tmp_path: Path) -> dict[str, tuple[str, Path, str]]:
    cases: dict[str, tuple[str, Path, str]] = {}
    truncated = tmp_path / "truncated.xml"
    truncated.write_bytes(UN.read_bytes()[:50_000])
    cases["truncated-xml"] = ("un", truncated, "not well-formed XML")
    wrong = tmp_path / "wrong" / "sdn.csv"
    wrong.parent.mkdir()
    wrong.write_bytes((CSL / "csl_2019_subset.csv").read_bytes())
    cases["csv-of-another-source"] = ("ofac-sdn", wrong.parent, "an OFAC sdn.csv row has 12")
    empty = tmp_path / "empty" / "sdn.csv"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    cases["empty-file"] = ("ofac-sdn", empty.parent, "no entries found")
    latin = tmp_path / "latin1.csv"
    latin.write_bytes((CSL / "csl_2019_subset.csv").read_bytes() + "Café".encode("latin-1"))
    cases["non-utf8-csv"] = ("csl", latin, "not UTF-8")
    bad_xml = tmp_path / "latin1.xml"
    bad_xml.write_bytes(UN.read_bytes().replace(b"ERIC", b"\xc9RIC", 1))
    cases["non-utf8-xml"] = ("un", bad_xml, "not well-formed XML")
    xxe = tmp_path / "xxe.xml"
    xxe.write_bytes(XXE)
    cases["xxe"] = ("un", xxe, "document type declaration (DOCTYPE) is refused")
    bomb = tmp_path / "bomb.xml"
    bomb.write_bytes(BOMB)
    cases["entity-bomb"] = ("un", bomb, "document type declaration (DOCTYPE) is refused")
    not_csl = tmp_path / "not-csl.csv"
    not_csl.write_text("a,b\n1,2\n")
    cases["csv-without-csl-columns"] = ("csl", not_csl, "not a Consolidated Screening List")
    return cases


@pytest.mark.parametrize(
    "case",
    [
        "truncated-xml",
        "csv-of-another-source",
        "empty-file",
        "non-utf8-csv",
        "non-utf8-xml",
        "xxe",
        "entity-bomb",
        "csv-without-csl-columns",
    ],
)
def test_broken_input_gives_a_clear_message_and_leaves_the_store_unchanged(
    two_snapshots: Path, tmp_path: Path, case: str
) -> None:
    source, path, message = broken_files(tmp_path)[case]
    before = dump(two_snapshots)
    code, output = run("import", source, str(path), "--db", str(two_snapshots))
    assert code == 2
    assert message in output
    assert "Traceback" not in output
    assert dump(two_snapshots) == before


def test_a_file_that_is_not_a_store_is_exit_2(tmp_path: Path) -> None:
    not_db = tmp_path / "notes.db"
    not_db.write_text("these are my notes, not a database " * 100)
    code, output = run("lists", "--db", str(not_db))
    assert code == 2
    assert "not a tracker store" in output


def big_sdn(folder: Path, rows: int) -> Path:
    """A large SDN file in the official format, for an import that takes a while."""
    folder.mkdir()
    with (folder / "sdn.csv").open("w", encoding="latin-1", newline="") as handle:
        for n in range(1, rows + 1):
            handle.write(
                f'{n},"PARTY {n}",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
                f'"DOB 01 Jan 1960; POB Somewhere; Passport X{n} (Iran)."\r\n'
            )
    return folder


def test_an_import_killed_half_way_leaves_the_store_as_it_was(
    two_snapshots: Path, tmp_path: Path
) -> None:
    folder = big_sdn(tmp_path / "big", 400_000)
    before = dump(two_snapshots)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tracker",
            "import",
            "ofac-sdn",
            str(folder),
            "--db",
            str(two_snapshots),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    journal = two_snapshots.with_name(two_snapshots.name + "-journal")
    deadline = time.monotonic() + 60
    while not journal.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
    time.sleep(0.5)  # well inside the transaction
    assert process.poll() is None, "the import finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert dump(two_snapshots) == before
    with Store(two_snapshots) as store:
        assert [s.id for s in store.snapshots()] == [1, 2]
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_older_store_is_migrated_and_keeps_its_data(
    two_snapshots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.lists.store

    extra = ["ALTER TABLE snapshots ADD COLUMN note TEXT"]
    monkeypatch.setattr(tracker.lists.store, "MIGRATIONS", [*MIGRATIONS, extra])
    with Store(two_snapshots, "w") as store:
        assert store.version == len(MIGRATIONS) + 1
        assert [s.entries for s in store.snapshots()] == [7379, 8976]
        columns = [row[1] for row in store.db.execute("PRAGMA table_info(snapshots)")]
    assert "note" in columns


def test_two_worker_processes_import_exactly_what_one_does(tmp_path: Path) -> None:
    folder = big_sdn(tmp_path / "big", 12_000)  # three batches: both workers get some
    exported = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        result = import_into(db, "ofac-sdn", [folder], "2024-01-01", workers=workers)
        with Store(db) as store:
            exported.append(
                (
                    result.snapshot.counts,
                    result.problems.items,
                    list(store.entries(result.snapshot.id)),
                )
            )
    assert exported[0] == exported[1]
    assert len(exported[0][2]) == 12_000


def test_a_worker_that_meets_a_broken_row_stops_the_import(tmp_path: Path) -> None:
    folder = big_sdn(tmp_path / "big", 12_000)
    with (folder / "sdn.csv").open("a", encoding="latin-1") as handle:
        handle.write('12001,"BROKEN ROW"\r\n')
    db = tmp_path / "store.db"
    with pytest.raises(ListFormatError, match=r"sdn.csv line 12001: 2 cells"):
        import_into(db, "ofac-sdn", [folder], "2024-01-01", workers=2)
    with Store(db) as store:
        assert store.snapshots() == []
        assert store.db.execute("SELECT COUNT(*) FROM entries").fetchone()[0] == 0


@pytest.mark.parametrize(
    "ids", [["a", "b"], ['x"y', "z"], ["é", "漢"], ["a\\b"], [], ["a\tb"], ["1 2", "~!"], [""]]
)
def test_an_index_posting_is_a_json_list_of_its_ids_whatever_they_hold(ids: list[str]) -> None:
    assert json.loads("[" + json_items(ids) + "]") == ids
