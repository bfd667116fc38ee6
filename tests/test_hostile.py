"""Hostile and broken inputs, paths, stores and environments, across every command: each ends
with the documented exit code and a precise message, never a traceback, never a lost, forged or
half-written byte, and no temporary file left anywhere (TMPDIR is an empty folder checked after
every test)."""

from __future__ import annotations

import csv
import io
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import BUNDLED, MakeDataset, import_into, minimal_tables
from tests.hostile import INTERNAL, as_nobody, cli, files, growth, read_only, shared_folder
from tests.test_importers import CSL, EU, SDN_2018, SDN_2021, UK, UN

AS_OF = "2024-06-24"


@pytest.fixture(autouse=True)
def empty_tmpdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test runs with TMPDIR pointed at an empty folder, which must stay empty."""
    folder = tmp_path / "TMPDIR"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.delenv("TRACKER_DB", raising=False)
    yield folder
    assert list(folder.iterdir()) == [], "a temporary file was left in $TMPDIR"


@pytest.fixture
def lists_db(sdn_store: Path) -> Path:
    """The two real SDN snapshots (conftest's session store; never changed here)."""
    return sdn_store


@pytest.fixture
def store(lists_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store" / "lists.db"
    copy.parent.mkdir()
    copy.write_bytes(lists_db.read_bytes())
    return copy


def no_temp_beside(path: Path) -> bool:
    return not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


# --- 1. outputs never destroy inputs ---


def test_report_refuses_to_overwrite_the_store(store: Path, tmp_path: Path) -> None:
    disguised = store.with_name("lists.xlsx")
    store.rename(disguised)
    before = disguised.read_bytes()
    run = cli("report", BUNDLED, "--db", disguised, "-o", disguised, "--as-of", AS_OF)
    assert run.failed_cleanly("would overwrite the file", "an input of this command")
    assert disguised.read_bytes() == before


def test_report_refuses_a_symlink_to_the_store(store: Path, tmp_path: Path) -> None:
    disguised = store.with_name("lists.xlsx")
    store.rename(disguised)
    link = tmp_path / "link.xlsx"
    link.symlink_to(disguised)
    before = disguised.read_bytes()
    run = cli("report", BUNDLED, "--db", disguised, "-o", link, "--as-of", AS_OF)
    assert run.failed_cleanly("would overwrite")
    assert disguised.read_bytes() == before and link.is_symlink()


def test_report_refuses_a_hard_link_to_the_store(store: Path, tmp_path: Path) -> None:
    disguised = store.with_name("lists.xlsx")
    store.rename(disguised)
    link = tmp_path / "hard.xlsx"
    os.link(disguised, link)
    run = cli("report", BUNDLED, "--db", disguised, "-o", link, "--as-of", AS_OF)
    assert run.failed_cleanly("would overwrite")


def test_report_refuses_to_write_into_the_dataset_folder(bundled_copy: Path) -> None:
    before = files(bundled_copy)
    run = cli("report", bundled_copy, "-o", bundled_copy / "report.xlsx", "--as-of", AS_OF)
    assert run.failed_cleanly("would overwrite the folder", str(bundled_copy))
    assert files(bundled_copy) == before


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("missing/r.xlsx", ("report folder does not exist",)),
        (".", ("report path is a folder",)),
        ("r.csv", ("report file must end in .xlsx",)),
    ],
)
def test_report_bad_output_paths(tmp_path: Path, target: str, words: tuple[str, ...]) -> None:
    run = cli("report", BUNDLED, "-o", tmp_path / target, "--as-of", AS_OF)
    assert run.failed_cleanly(*words)
    assert not list(tmp_path.rglob("*.xlsx"))


def readable_copy(source: Path, target: Path) -> Path:
    """A copy of a folder that every user may read (the repository's own may sit in a private
    folder)."""
    shutil.copytree(source, target)
    for path in [target, *target.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


def test_report_into_a_read_only_folder_is_exit_2(tmp_path: Path) -> None:
    with shared_folder(tmp_path) as folder:
        data = readable_copy(BUNDLED, folder / "data")
        (folder / "out").mkdir()
        read_only(folder / "out")
        run = as_nobody("report", data, "-o", folder / "out" / "r.xlsx", "--as-of", AS_OF)
        assert run.failed_cleanly("report folder is read-only")
        assert list((folder / "out").iterdir()) == []


def test_every_output_into_a_read_only_folder_is_one_line(store: Path, tmp_path: Path) -> None:
    """screen -o, export -o, extract -o (workbook and folder), convert and template, run by
    someone who may not write the folder: one error line, exit 2, nothing written."""
    with shared_folder(tmp_path) as folder:
        db = folder / "lists.db"
        db.write_bytes(store.read_bytes())
        db.chmod(0o644)
        text = folder / "release.txt"
        text.write_text("The Council designated four entities on 5 May 2024.\n")
        text.chmod(0o644)
        out = folder / "out"
        out.mkdir()
        data = readable_copy(BUNDLED, folder / "data")
        read_only(out)
        runs = {
            "screen": as_nobody(
                "screen", "--name", "x", "--db", db, "--as-of", "2021-07-08", "-o", out / "h.json"
            ),
            "export": as_nobody("export", "ofac-sdn", "--db", db, "-o", out / "e.json"),
            "review": as_nobody("extract", text, "-o", out / "r.xlsx"),
            "draft": as_nobody("extract", text, "--published", "2024-05-06", "-o", out / "d"),
            "convert": as_nobody("convert", data, out / "d.xlsx"),
            "template": as_nobody("template", "-o", out / "t.xlsx"),
        }
        book = folder / "d.xlsx"
        assert cli("convert", BUNDLED, book).code == 0
        book.chmod(0o644)
        runs["convert back"] = as_nobody("convert", book, out / "back")
        for command, run in runs.items():
            assert run.failed_cleanly(), (command, run.output)
            assert len(run.output.strip().splitlines()) == 1, (command, run.output)
        assert list(out.iterdir()) == []


def test_an_input_under_a_folder_one_may_not_search_is_named(store: Path, tmp_path: Path) -> None:
    """Files that exist but sit under a folder this user may not enter (a private home or
    temporary folder): one line naming the path, exit 2, never the catch-all."""
    with shared_folder(tmp_path) as folder:
        private = folder / "private"
        data = readable_copy(BUNDLED, private / "data")
        shutil.copy(store, private / "lists.db")
        (private / "release.txt").write_text("The Council designated four entities.\n")
        (private / "queries.csv").write_text("id,name\nq1,Petrel 8\n")
        for path in private.iterdir():
            path.chmod(0o755 if path.is_dir() else 0o644)
        private.chmod(0o700)  # root's own: nobody may not search it
        out = folder / "out"
        out.mkdir()
        out.chmod(0o777)
        runs = {
            "convert": as_nobody("convert", data, out / "d.xlsx"),
            "validate": as_nobody("validate", data),
            "report": as_nobody("report", data, "-o", out / "r.xlsx", "--as-of", AS_OF),
            "extract": as_nobody("extract", private / "release.txt"),
            "screen": as_nobody("screen", private / "queries.csv", "--db", private / "lists.db"),
            "import": as_nobody("import", "un", private / "un.xml", "--db", out / "n.db"),
        }
        for command, run in runs.items():
            assert run.code == 2, (command, run.output)
            assert str(private) in run.output, (command, run.output)
            assert len(run.output.strip().splitlines()) == 1, (command, run.output)
        assert list(out.iterdir()) == []


def test_a_full_disk_leaves_the_earlier_report_and_no_partial_file(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    assert cli("report", BUNDLED, "-o", out, "--as-of", AS_OF).code == 0
    before = out.read_bytes()

    def small_disk() -> None:  # writes past 20 kB fail as they would on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    process = subprocess.run(
        [sys.executable, "-m", "tracker", "report", str(BUNDLED), "-o", str(out), "--as-of", AS_OF],
        capture_output=True,
        text=True,
        preexec_fn=small_disk,
        check=False,
        env={**os.environ, "TMPDIR": os.environ["TMPDIR"]},
    )
    assert process.returncode == 2, process.stderr
    assert process.stderr.startswith(f"error: cannot write {out}")
    assert "Traceback" not in process.stderr
    assert INTERNAL not in process.stderr
    assert out.read_bytes() == before
    assert no_temp_beside(out)


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_a_replaced_report_gets_the_permissions_of_the_umask(tmp_path: Path, umask: int) -> None:
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"old")
    out.chmod(0o600)
    previous = os.umask(umask)
    try:
        assert cli("report", BUNDLED, "-o", out, "--as-of", AS_OF).code == 0
    finally:
        os.umask(previous)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def big_dataset(folder: Path, designations: int) -> Path:
    from bench.generate import generate

    generate(folder, designations=designations, revisions=100, claims=100)
    return folder


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return big_dataset(tmp_path_factory.mktemp("big") / "data", 150_000)


def start_report(data: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tracker",
            "report",
            str(data),
            "-o",
            str(out),
            "--as-of",
            "2024-01-01",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_temp(out: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        temps = [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]
        if temps and temps[0].stat().st_size > 0:
            return
        time.sleep(0.02)
    raise AssertionError("the report never started writing")


def test_ctrl_c_during_the_report_leaves_the_earlier_one_and_no_temporary_file(
    big: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"the earlier report")
    process = start_report(big, out)
    wait_for_temp(out, process)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert stderr.startswith("interrupted")
    assert out.read_bytes() == b"the earlier report"
    assert no_temp_beside(out)


def test_a_killed_report_leaves_the_earlier_one_and_the_next_run_cleans_up(
    big: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"the earlier report")
    process = start_report(big, out)
    wait_for_temp(out, process)
    process.kill()
    process.communicate()
    assert out.read_bytes() == b"the earlier report"
    assert not no_temp_beside(out)  # SIGKILL cannot be caught: its temporary file remains...
    assert cli("report", BUNDLED, "-o", out, "--as-of", AS_OF).code == 0
    assert no_temp_beside(out)  # ...until the next write to that path removes it
    assert zipfile.is_zipfile(out)


def test_export_refuses_the_store_and_a_mismatched_extension(store: Path, tmp_path: Path) -> None:
    disguised = store.with_name("lists.json")
    store.rename(disguised)
    before = disguised.read_bytes()
    run = cli("export", "ofac-sdn", "--db", disguised, "-o", disguised)
    assert run.failed_cleanly("would overwrite")
    assert disguised.read_bytes() == before
    run = cli("export", "ofac-sdn", "--db", disguised, "--format", "csv", "-o", tmp_path / "x.xlsx")
    assert run.failed_cleanly("output file must end in .csv")
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize(
    ("target", "words"),
    [("missing/x.json", ("output folder does not exist",)), (".", ("output path is a folder",))],
)
def test_export_bad_output_paths(
    store: Path, tmp_path: Path, target: str, words: tuple[str, ...]
) -> None:
    run = cli("export", "ofac-sdn", "--db", store, "-o", tmp_path / target)
    assert run.failed_cleanly(*words)


def test_diff_xlsx_refuses_the_store(store: Path) -> None:
    disguised = store.with_name("lists.xlsx")
    store.rename(disguised)
    before = disguised.read_bytes()
    run = cli("diff", "ofac-sdn", "--db", disguised, "--xlsx", disguised)
    assert run.failed_cleanly("would overwrite")
    assert disguised.read_bytes() == before


def test_schema_out_that_is_a_file_is_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "schemas"
    target.write_text("not a folder")
    run = cli("schema", "--out", target)
    assert run.failed_cleanly("--out must be a folder")
    assert target.read_text() == "not a folder"


# --- 2. the store is opened as what it is ---


@pytest.mark.parametrize(
    "command",
    [
        ["check", str(BUNDLED), "--as-of", AS_OF],
        ["report", str(BUNDLED), "--as-of", AS_OF, "-o", "{tmp}/r.xlsx"],
        ["lists"],
        ["diff", "ofac-sdn"],
        ["export", "ofac-sdn"],
    ],
)
def test_an_explicit_store_that_does_not_exist_is_exit_2_and_never_created(
    tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "missing.db"
    args = [a.format(tmp=tmp_path) for a in command]
    run = cli(*args, "--db", missing)
    assert run.failed_cleanly("no store at", str(missing))
    assert not missing.exists()
    assert not (tmp_path / "r.xlsx").exists()


def test_tracker_db_that_does_not_exist_is_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "env.db"
    run = cli("lists", env={"TRACKER_DB": str(missing)})
    assert run.failed_cleanly("no store at")
    assert not missing.exists()


def test_a_store_from_a_newer_tracker_is_named_so(store: Path) -> None:
    with sqlite3.connect(store) as connection:
        connection.execute("PRAGMA user_version = 99")
    before = store.read_bytes()
    for command in (["lists"], ["import", "un", str(UN)]):
        run = cli(*command, "--db", store)
        assert run.failed_cleanly("newer than this tracker")
    assert store.read_bytes() == before


def test_garbage_past_the_header_is_a_damaged_store(store: Path) -> None:
    data = bytearray(store.read_bytes())
    data[8192:] = os.urandom(len(data) - 8192)
    store.write_bytes(bytes(data))
    before = store.read_bytes()
    run = cli("diff", "ofac-sdn", "--db", store)
    assert run.failed_cleanly("is damaged")
    assert store.read_bytes() == before


def test_a_store_missing_a_table_is_damaged(store: Path) -> None:
    with sqlite3.connect(store) as connection:
        connection.execute("DROP TABLE entry_warnings")
    run = cli("lists", "--db", store)
    assert run.failed_cleanly("is damaged", "entry_warnings")


LISTED = "CANO CORREA, Jhon Eidelber"  # on the 2021 SDN list (snapshot 2 of the store)


def screen_listed(store: Path) -> object:
    return cli("screen", "--name", LISTED, "--db", store, "--as-of", "2021-07-08")


@pytest.mark.parametrize("entries", ['["x', "{}", "[1, 2]", "null", "5", "[" * 10_000])
def test_a_damaged_screening_index_row_says_how_to_rebuild_it(store: Path, entries: str) -> None:
    """A posting row that is not a list of ids ended in the catch-all (bad JSON, ids that
    are numbers) or answered "no hit" ({}); each is the index of snapshot 2 named damaged,
    with the command that rebuilds it, which then does."""
    with sqlite3.connect(store) as connection:
        connection.execute(
            "UPDATE screen_keys SET entries = ? WHERE snapshot_id = 2 AND key LIKE 'w:c%'",
            (entries,),
        )
    run = screen_listed(store)
    assert run.failed_cleanly(  # type: ignore[attr-defined]
        "the screening index of snapshot 2 (ofac-sdn) is damaged",
        f"`tracker index --rebuild --source ofac-sdn --db {store}`",
    )
    assert cli("index", "--db", store).output.endswith("indexed already\n")  # counts intact
    if entries != '["x':
        return  # one rebuild is enough
    rebuilt = cli("index", "--rebuild", "--source", "ofac-sdn", "--db", store)
    assert rebuilt.code == 0 and "indexed ofac-sdn snapshot 2" in rebuilt.output
    again = screen_listed(store)
    assert again.code == 1 and "1 hit (1 match" in again.output  # type: ignore[attr-defined]


def test_a_damaged_screening_index_record_is_rebuilt_by_index(store: Path) -> None:
    with sqlite3.connect(store) as connection:
        connection.execute("UPDATE screen_index SET keys = 'many' WHERE snapshot_id = 2")
    assert screen_listed(store).failed_cleanly(  # type: ignore[attr-defined]
        "the screening index of snapshot 2 (ofac-sdn) is damaged", "its record holds"
    )
    run = cli("index", "--db", store)
    assert run.code == 0 and "record is damaged" in run.output
    assert screen_listed(store).code == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("update", "command", "words"),
    [
        ("UPDATE entries SET aliases = '[oops'", "screen", "the aliases of entry"),
        ("UPDATE entries SET details = '[]'", "screen", "the details of entry"),
        ("UPDATE entries SET countries = '{}'", "export", "the countries of entry"),
        ("UPDATE entries SET programs = x'00ff'", "diff", "the programs of entry"),
        ("UPDATE snapshots SET counts = 'x'", "lists", "snapshot 1's counts holds 'x'"),
        ("UPDATE snapshots SET counts = '[1]'", "lists", "snapshot 1's counts"),
        ('UPDATE snapshots SET counts = \'{"person": "many"}\'', "screen", "counts"),
        ("UPDATE snapshots SET entries = 'many'", "lists", "snapshot 1's entries holds"),
        ("UPDATE snapshots SET source = x'01'", "lists", "snapshot 1's source"),
    ],
)
def test_a_damaged_row_of_each_table_names_the_row(
    store: Path, tmp_path: Path, update: str, command: str, words: str
) -> None:
    """Damaged rows ended in the catch-all (bad JSON, a list for a mapping, text for a count):
    each names the table's row and what to do, and nothing is written."""
    with sqlite3.connect(store) as connection:
        connection.execute(update)
    args = {
        "screen": ["screen", "--name", LISTED, "--as-of", "2021-07-08", "--exhaustive"],
        "export": ["export", "ofac-sdn", "--format", "csv", "-o", tmp_path / "out.csv"],
        "diff": ["diff", "ofac-sdn"],
        "lists": ["lists"],
    }[command]
    run = cli(*args, "--db", store)
    assert run.failed_cleanly(f"{store} is damaged", words, "restore it from a backup")
    assert not (tmp_path / "out.csv").exists()


def test_damaged_watch_rows_are_named(store: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.csv"
    queries.write_text(f"id,name\nq1,{LISTED}\n".replace(LISTED, f'"{LISTED}"'))
    assert cli("watch", "add", "w", queries, "--db", store, "--as-of", "2021-07-08").code == 1
    with sqlite3.connect(store) as connection:
        connection.execute("UPDATE watch_runs SET snapshots = '{'")
    run = cli("watch", "report", "w", "--db", store)
    assert run.failed_cleanly("is damaged", "watch run 1's snapshots")
    with sqlite3.connect(store) as connection:
        connection.execute("UPDATE watches SET queries = '\"q1\"'")
    run = cli("watch", "run", "--db", store, "--as-of", "2021-07-09")
    assert run.failed_cleanly("is damaged", "watch w's queries")


def test_a_damaged_decision_row_is_named(store: Path) -> None:
    from tracker.errors import StoreError
    from tracker.lists.store import Store

    with Store(store, "w") as opened, opened.transaction():
        opened.add_decision(
            "q1", "ofac-sdn", "10000", "cleared", "ann", "2021-07-08", "2021-07-08T10:00:00Z",
            2, {"name": LISTED}, "not them", "page",
        )  # fmt: skip
    with sqlite3.connect(store) as connection:
        connection.execute("DROP TRIGGER decisions_no_update")
        connection.execute("UPDATE decisions SET entry_state = '{\"name\": '")
    with Store(store) as opened, pytest.raises(StoreError, match="decision 1's entry_state holds"):
        opened.decisions()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"my notes, not a database " * 100, "not an SQLite database"),
        (b"", "an empty file"),
    ],
)
def test_a_file_that_is_not_a_store(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    run = cli("lists", "--db", path)
    assert run.failed_cleanly("not a tracker store", words)
    assert path.read_bytes() == content


def test_an_sqlite_database_of_another_kind_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    before = path.read_bytes()
    run = cli("import", "un", UN, "--db", path)
    assert run.failed_cleanly("not a tracker store")
    assert path.read_bytes() == before


def test_importing_into_a_read_only_store_says_so(lists_db: Path, tmp_path: Path) -> None:
    with shared_folder(tmp_path) as folder:
        db = folder / "lists.db"
        db.write_bytes(lists_db.read_bytes())
        un = folder / "consolidated.xml"
        un.write_bytes(UN.read_bytes())
        db.chmod(0o444)
        before = db.read_bytes()
        run = as_nobody("import", "un", un, "--db", db)
        assert run.failed_cleanly("is read-only")
        assert db.read_bytes() == before


def test_an_import_into_a_busy_store_waits_then_says_busy(store: Path) -> None:
    locker = sqlite3.connect(store, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        run = cli("import", "un", UN, "--db", store, "--wait", "0.5")
        waited = time.monotonic() - started
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert run.failed_cleanly("is busy: another import is running")
    assert waited >= 0.5
    with sqlite3.connect(store) as connection:
        assert connection.execute("SELECT COUNT(*) FROM snapshots").fetchone()[0] == 2


def test_two_imports_of_the_same_files_at_once_give_one_snapshot(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    command = [
        sys.executable,
        "-m",
        "tracker",
        "import",
        "ofac-sdn",
        str(SDN_2021),
        "--db",
        str(db),
    ]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=120)[0] for p in processes]
    assert [p.returncode for p in processes] == [0, 0]
    assert sorted(o.split(" ")[0] for o in outputs) == ["already", "imported"]
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM snapshots").fetchone()[0] == 1


def test_a_backfilled_older_snapshot_does_not_turn_the_diff_around(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    assert cli("import", "ofac-sdn", SDN_2021, "--db", db, "--as-of", "2021-07-07").code == 0
    assert cli("import", "ofac-sdn", SDN_2018, "--db", db, "--as-of", "2018-12-19").code == 0
    run = cli("diff", "ofac-sdn", "--db", db, "--limit", "1")
    assert run.output.splitlines()[:2] == [
        "ofac-sdn: snapshot 2 (as of 2018-12-19) -> snapshot 1 (as of 2021-07-07)",
        "  added 1,858, removed 261, changed 842",
    ]
    assert [line.split()[0] for line in cli("lists", "--db", db).output.splitlines()[1:]] == [
        "2",
        "1",
    ]


# --- 3. importers never crash on a bad file ---


def ofac_folder(tmp_path: Path, line: str) -> Path:
    folder = tmp_path / "sdn"
    folder.mkdir()
    good = (SDN_2021 / "sdn.csv").read_bytes().splitlines(keepends=True)[:3]
    (folder / "sdn.csv").write_bytes(b"".join(good) + line.encode("latin-1"))
    return folder


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('99999,"SHORT ROW",-0- \r\n', ("sdn.csv line 4", "3 cells")),
        (
            '99999,"LONG",-0- ,"X",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"extra"\r\n',
            ("13 cells",),
        ),
        (
            '²,"SUPERSCRIPT ID",-0- ,"X",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n',
            ("entity number",),
        ),
        ('1,"OUT OF ORDER",-0- ,"X",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n', ("not sorted",)),
        ('99999,"' + "X" * 1_100_000 + '",-0- \r\n', ("field larger than field limit",)),
    ],
    ids=["short-row", "long-row", "non-ascii-digit-id", "unsorted", "oversized-field"],
)
def test_ofac_rows_of_the_wrong_shape(
    store: Path, tmp_path: Path, line: str, words: tuple[str, ...]
) -> None:
    before = files(store.parent)
    run = cli("import", "ofac-sdn", ofac_folder(tmp_path, line), "--db", store)
    assert run.failed_cleanly(*words)
    assert files(store.parent) == before


def uk_file(tmp_path: Path, change: bytes, by: bytes) -> Path:
    path = tmp_path / "uk.csv"
    data = UK.read_bytes()
    assert change in data
    path.write_bytes(data.replace(change, by, 1))
    return path


def test_uk_bytes_that_windows_1252_does_not_define(store: Path, tmp_path: Path) -> None:
    lines = UK.read_bytes().splitlines(keepends=True)
    path = tmp_path / "uk.csv"
    path.write_bytes(
        b"".join(lines[:5]) + lines[5].replace(b",", b",\x81", 1) + b"".join(lines[6:])
    )
    run = cli("import", "uk-ofsi", path, "--db", store)
    assert run.failed_cleanly("byte 0x81 is not Windows-1252 text")


def test_uk_a_short_row(store: Path, tmp_path: Path) -> None:
    path = tmp_path / "uk.csv"
    path.write_bytes(UK.read_bytes() + b"A,B,C\r\n")
    run = cli("import", "uk-ofsi", path, "--db", store)
    assert run.failed_cleanly("3 cells, but the header has")


def test_uk_a_header_without_its_columns(store: Path, tmp_path: Path) -> None:
    path = uk_file(tmp_path, b"Group ID", b"Group Number")
    run = cli("import", "uk-ofsi", path, "--db", store)
    assert run.failed_cleanly("missing columns Group ID")


def test_csl_short_and_long_rows(store: Path, tmp_path: Path) -> None:
    source = CSL / "csl_2019_subset.csv"
    for extra, words in ((b"SDN,1,Entity\n", "3 cells"), (b"," * 60 + b"\n", "61 cells")):
        path = tmp_path / "csl.csv"
        path.write_bytes(source.read_bytes() + extra)
        run = cli("import", "csl", path, "--db", store)
        assert run.failed_cleanly(words, "but the header has")


def test_csl_an_unknown_type_is_kept_as_given_and_reported(tmp_path: Path) -> None:
    source = CSL / "csl_2019_subset.csv"
    rows = list(csv.DictReader(io.StringIO(source.read_text(encoding="utf-8-sig"))))
    rows[0]["type"] = "Spaceship"
    path = tmp_path / "csl.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    run = cli("import", "csl", path, "--db", tmp_path / "x.db")
    assert run.code == 0
    assert (
        "type 'spaceship' is not one the tracker knows; kept as given (entity-type)" in run.output
    )
    assert "1 spaceship" in run.output


def test_eu_an_entity_without_an_id(store: Path, tmp_path: Path) -> None:
    path = tmp_path / "eu.xml"
    data = EU.read_bytes()
    start = data.index(b'<ENTITY Id="')
    end = data.index(b'"', start + 12)
    path.write_bytes(data[:start] + b"<ENTITY " + data[end + 1 :])
    run = cli("import", "eu", path, "--db", store)
    assert run.failed_cleanly("<ENTITY> without an Id")


def test_un_an_entry_without_any_id(store: Path, tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_bytes(
        b'<CONSOLIDATED_LIST dateGenerated="2024-01-01"><INDIVIDUALS><INDIVIDUAL>'
        b"<FIRST_NAME>NOBODY</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"
    )
    run = cli("import", "un", path, "--db", store)
    assert run.failed_cleanly("neither REFERENCE_NUMBER nor DATAID")


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p / "nothing-here.csv", ("list file not found",)),
        (lambda p: (p / "empty").mkdir() or p / "empty", ("no files given",)),
    ],
    ids=["missing-path", "empty-folder"],
)
def test_import_paths_that_hold_no_file(
    store: Path, tmp_path: Path, make: object, words: tuple[str, ...]
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    run = cli("import", "csl", path, "--db", store)
    assert run.failed_cleanly(*words)


def test_an_interrupted_import_leaves_the_store_as_it_was(store: Path, tmp_path: Path) -> None:
    from tests.test_store import big_sdn

    folder = big_sdn(tmp_path / "big", 400_000)
    before = files(store.parent)
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", "import", "ofac-sdn", str(folder), "--db", str(store)],
        stderr=subprocess.PIPE,
        text=True,
    )
    journal = store.with_name(store.name + "-journal")
    deadline = time.monotonic() + 60
    while not journal.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.startswith("interrupted")
    assert files(store.parent) == before


# --- 4. XML is refused by the parser ---

SECRET = "tracker-secret-do-not-leak"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


def xxe(secret: Path, before: str = "") -> str:
    return (
        f'<?xml version="1.0"?>{before}<!DOCTYPE CONSOLIDATED_LIST '
        f'[<!ENTITY x SYSTEM "{secret.as_uri()}">]><CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>'
        "<REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER><FIRST_NAME>&x;</FIRST_NAME>"
        "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"
    )


@pytest.mark.parametrize(
    ("encoding", "before"),
    [("utf-8", ""), ("utf-8", "<!--" + "a comment " * 500 + "-->"), ("utf-16", "")],
    ids=["plain", "after-a-long-comment", "utf-16"],
)
def test_a_doctype_is_refused_wherever_it_is_and_in_any_encoding(
    tmp_path: Path, secret: Path, encoding: str, before: str
) -> None:
    path = tmp_path / "consolidated.xml"
    text = xxe(secret, before)
    if encoding != "utf-8":
        text = text.replace('version="1.0"', f'version="1.0" encoding="{encoding}"')
    path.write_bytes(text.encode(encoding))
    db = tmp_path / "x.db"
    run = cli("import", "un", path, "--db", db)
    assert run.failed_cleanly("document type declaration (DOCTYPE) is refused")
    assert SECRET not in run.output
    assert not db.exists() or SECRET.encode() not in db.read_bytes()


@pytest.mark.parametrize(
    ("attributes", "code", "said"),
    [(80_000, 0, "1 person"), (1_000_000, 2, "Buffer size limit exceeded")],
)
def test_an_element_with_very_many_attributes_is_read_or_refused_at_once(
    tmp_path: Path, attributes: int, code: int, said: str
) -> None:
    """lxml lists attributes in quadratic time, so only the ones needed are read (80,000 took
    a minute before); past libxml2's buffer limit the file is refused."""
    path = tmp_path / "consolidated.xml"
    many = " ".join(f'a{i}="1"' for i in range(attributes))
    path.write_text(
        f'<CONSOLIDATED_LIST dateGenerated="2024-01-01" {many}><INDIVIDUALS><INDIVIDUAL>'
        "<REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER><FIRST_NAME>A</FIRST_NAME>"
        "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"
    )
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "tracker",
            "import",
            "un",
            str(path),
            "--db",
            str(tmp_path / "x.db"),
        ],
        capture_output=True,
        text=True,
        timeout=120,  # a guard against a hang, not a measurement (bench/ measures)
        check=False,
    )
    assert process.returncode == code, process.stderr
    assert said in process.stdout + process.stderr
    assert "Traceback" not in process.stderr
    assert INTERNAL not in process.stderr


def test_nesting_past_the_parsers_depth_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    depth = 50_000
    path.write_text("<CONSOLIDATED_LIST>" + "<x>" * depth + "</x>" * depth + "</CONSOLIDATED_LIST>")
    run = cli("import", "un", path, "--db", tmp_path / "x.db")
    assert run.failed_cleanly("not well-formed XML")


# --- 5. text output cannot be forged ---


@pytest.fixture
def forged(tmp_path: Path) -> Path:
    """A store whose second snapshot names entries with ESC sequences, CR and newlines."""
    source = CSL / "csl_2019_subset.csv"
    rows = list(csv.DictReader(io.StringIO(source.read_text(encoding="utf-8-sig"))))
    db = tmp_path / "forged.db"
    first = tmp_path / "first.csv"
    second = tmp_path / "second.csv"
    for path, data in ((first, rows[:5]), (second, rows[:6])):
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(data)
    assert cli("import", "csl", first, "--db", db).code == 0
    rows[5]["name"] = "EVIL\x1b[2J\x1b[1;1H\rremoved:\n  - 1 person FORGED LINE"
    with second.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows[:6])
    assert cli("import", "csl", second, "--db", db).code == 0
    return db


def test_control_characters_from_a_list_never_reach_the_terminal_raw(forged: Path) -> None:
    run = cli("diff", "csl", "--db", forged)
    assert run.code == 0
    assert "\x1b" not in run.output and "\r" not in run.output
    assert "EVIL\\u001b[2J\\u001b[1;1H\\rremoved:\\n  - 1 person FORGED LINE" in run.output
    assert not any(line.startswith("  - 1 person FORGED") for line in run.output.splitlines())


def test_a_terminal_that_cannot_show_a_character_degrades(tmp_path: Path) -> None:
    process = subprocess.run(
        [sys.executable, "-m", "tracker", "import", "un", str(UN), "--db", str(tmp_path / "x.db")],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        check=False,
    )
    assert process.returncode == 0, process.stderr
    data = cli("export", "un", "--db", tmp_path / "x.db", "--format", "csv").output
    assert any(ord(c) > 127 for c in data)  # the list holds non-ASCII names...
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "tracker",
            "export",
            "un",
            "--db",
            str(tmp_path / "x.db"),
            "--format",
            "csv",
        ],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "latin-1"},
        check=False,
    )
    assert process.returncode == 0  # ...which a Latin-1 terminal shows escaped, without a crash
    assert b"Traceback" not in process.stderr
    assert INTERNAL.encode() not in process.stderr
    assert b"\\u" in process.stdout or b"\\x" in process.stdout


def test_control_characters_in_the_dataset_are_a_validation_error_naming_the_column(
    make_dataset: MakeDataset,
) -> None:
    base = minimal_tables()["officials.csv"][0]
    directory = make_dataset({"officials.csv": [dict(base, name="Chang\x1b[2JHo-jin", id="x")]})
    run = cli("validate", directory)
    assert run.code == 1
    assert (
        "officials.csv:2: name: name holds the control character U+001B at position 6" in run.output
    )
    assert "\x1b" not in run.output


# --- 6. CSV outputs are safe to open in a spreadsheet ---


@pytest.fixture
def formulas(tmp_path: Path) -> Path:
    source = CSL / "csl_2019_subset.csv"
    rows = list(csv.DictReader(io.StringIO(source.read_text(encoding="utf-8-sig"))))
    rows[0]["name"] = '=HYPERLINK("http://evil","click")'
    rows[1]["name"] = "@SUM(A1)"
    rows[2]["name"] = "+1+1"
    rows[3]["name"] = "-2+3"
    path = tmp_path / "csl.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    db = tmp_path / "f.db"
    assert cli("import", "csl", path, "--db", db).code == 0
    return db


def test_export_csv_neutralises_formulas_and_keeps_numbers(formulas: Path) -> None:
    rows = list(
        csv.DictReader(
            io.StringIO(cli("export", "csl", "--db", formulas, "--format", "csv").output)
        )
    )
    names = {r["name"] for r in rows}
    assert {'\'=HYPERLINK("http://evil","click")', "'@SUM(A1)", "'+1+1", "'-2+3"} <= names
    json_names = {
        e["name"] for e in __import__("json").loads(cli("export", "csl", "--db", formulas).output)
    }
    assert '=HYPERLINK("http://evil","click")' in json_names  # JSON stays exact


def test_problems_csv_neutralises_values(make_dataset: MakeDataset) -> None:
    base = minimal_tables()["officials.csv"][0]
    directory = make_dataset({"officials.csv": [dict(base, country="=cmd|'/c calc'!A0")]})
    run = cli("validate", directory, "--format", "csv")
    (row,) = list(csv.DictReader(io.StringIO(run.output)))
    assert row["value"] == "'=cmd|'/c calc'!A0"
    assert row["row"] == "2"  # numbers stay numbers


def test_diff_csv_neutralises_names(formulas: Path, tmp_path: Path) -> None:
    assert cli("import", "csl", CSL / "csl_2019_subset.csv", "--db", formulas).code == 0
    rows = list(
        csv.DictReader(io.StringIO(cli("diff", "csl", "--db", formulas, "--format", "csv").output))
    )
    assert all(not r["name"].startswith(("=", "@", "+", "-")) for r in rows)


# --- 7. nothing is dropped silently ---


def test_rule_findings_are_not_crowded_out_by_validation_errors(
    make_dataset: MakeDataset, tmp_path: Path
) -> None:
    base = minimal_tables()
    officials = [dict(base["officials.csv"][0], id=f"o{n}", country="XX") for n in range(1_500)]
    event = dict(base["events.csv"][0], on="2024-06-20")  # a Thursday, stated Wednesday
    directory = make_dataset({"officials.csv": officials, "events.csv": [event]})
    run = cli("check", directory, "--as-of", AS_OF, "--format", "json")
    document = __import__("json").loads(run.output)
    assert document["summary"]["errors"] == 1_501
    assert document["summary"]["not_listed"] == {"country": 500}
    assert "event-weekday" in {p["code"] for p in document["problems"]}
    out = tmp_path / "r.xlsx"
    cli("report", directory, "-o", out, "--as-of", AS_OF)
    checks = openpyxl.load_workbook(out)["Checks"]
    assert "500 more not listed (500 country)" in str(checks["A1"].value)


def test_the_diff_workbook_continues_on_numbered_sheets(store: Path, tmp_path: Path) -> None:
    import tracker
    from tracker.report.diff_book import write_diff_workbook

    with tracker.Store(store) as opened:
        result = tracker.diff(opened, "ofac-sdn")
    names = write_diff_workbook(result, tmp_path / "d.xlsx", rows_per_sheet=1_000)
    assert names[:3] == ["Summary", "Added", "Added (2)"]
    book = openpyxl.load_workbook(tmp_path / "d.xlsx", read_only=True)
    added = sum(book[n].max_row - 1 for n in names if n.startswith("Added"))
    assert added == 1_858
    links = [
        str(r[0]).split("\"#'")[1].split("'!")[0]
        for r in book["Summary"].iter_rows(max_col=1, values_only=True)
        if str(r[0]).startswith("=HYPERLINK")
    ]
    assert links == names  # every numbered sheet is linked from the Summary
    assert "Programs (2)" in names


def test_links_point_at_the_record_even_when_an_earlier_row_failed(
    bundled_copy: Path, tmp_path: Path
) -> None:
    path = bundled_copy / "officials.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = (
        lines[2].replace(",KR,", ",XX,", 1)
        if ",KR," in lines[2]
        else lines[2].replace(",", ",,", 1)
    )
    path.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "r.xlsx"
    cli("report", bundled_copy, "-o", out, "--as-of", AS_OF)
    book = openpyxl.load_workbook(out)
    checks = book["Checks"]
    header = [c.value for c in checks[3]]
    rows = [[c.value for c in r] for r in checks.iter_rows(min_row=4)]
    (conflict,) = [r for r in rows if r[header.index("rule")] == "name-conflict"]
    target = conflict[header.index("go_to")].split('"#')[1].split('"')[0]
    sheet, cell = target.split("!")
    assert book[sheet.strip("'")][cell].value == "Song Ho-jin"


# --- 8. values the model should not accept ---


@pytest.mark.parametrize(
    ("file", "field", "value", "code"),
    [
        ("claims.csv", "quantity", "1e400", "quantity"),
        ("claims.csv", "quantity", "NaN", "quantity"),
        ("claims.csv", "quantity", "1,40,2", "quantity"),
        ("claims.csv", "quantity", "Infinity", "quantity"),
        ("control_list_revisions.csv", "new_count", "10000000000000000", "count"),
        ("events.csv", "on", "0999-06-19", "date"),
        ("officials.csv", "name", "Chang\x00Ho-jin", "text"),
    ],
)
def test_values_no_spreadsheet_or_rule_could_use_are_rejected(
    make_dataset: MakeDataset, file: str, field: str, value: str, code: str
) -> None:
    row = dict(minimal_tables()[file][0], **{field: value})
    run = cli("validate", make_dataset({file: [row]}), "--format", "csv")
    (problem,) = list(csv.DictReader(io.StringIO(run.output)))
    assert (run.code, problem["code"], problem["field"], problem["row"]) == (1, code, field, "2")


def test_a_date_before_1900_03_01_is_written_as_text(
    make_dataset: MakeDataset, tmp_path: Path
) -> None:
    event = dict(minimal_tables()["events.csv"][0], on="1899-06-19", stated_weekday="Monday")
    out = tmp_path / "r.xlsx"
    cli("report", make_dataset({"events.csv": [event]}), "-o", out, "--as-of", AS_OF)
    sheet = openpyxl.load_workbook(out)["Events"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(2, header.index("on") + 1)
    assert (cell.value, cell.data_type) == ("1899-06-19", "s")


@pytest.mark.parametrize(
    "args",
    [
        ["diff", "ofac-sdn", "--limit", "-1"],
        ["diff", "ofac-sdn", "--from", "99999999999999999999"],
        ["export", "ofac-sdn", "--snapshot", "0"],
        ["import", "un", str(UN), "--wait", "-1"],
    ],
)
def test_out_of_range_options_are_usage_errors(store: Path, args: list[str]) -> None:
    run = cli(*args, "--db", store)
    assert run.code == 2
    assert "Invalid value" in run.output and "Traceback" not in run.output


# --- 9. portable ---


def test_the_parallel_import_starts_its_workers_as_every_platform_can(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    from tests.test_store import big_sdn

    methods: list[str | None] = []
    real = multiprocessing.get_context

    def recording(method: str | None = None) -> object:
        methods.append(method)
        return real(method)

    monkeypatch.setattr(multiprocessing, "get_context", recording)
    result = import_into(
        tmp_path / "x.db", "ofac-sdn", [big_sdn(tmp_path / "big", 2_000)], "2024-01-01", workers=2
    )
    assert result.snapshot.entries == 2_000
    assert methods == ["spawn"]  # not fork (absent on Windows, unsafe on macOS)


# --- workbooks as input (template, convert, a workbook dataset) ---


def test_a_file_that_is_not_a_workbook_is_exit_2(tmp_path: Path) -> None:
    fake = tmp_path / "data.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    for command in (["check", fake, "--as-of", AS_OF], ["convert", fake, tmp_path / "out"]):
        assert cli(*command).failed_cleanly("not a workbook the tracker can read")
    assert not (tmp_path / "out").exists()


def test_a_workbook_part_with_a_dtd_is_refused(tmp_path: Path) -> None:
    book = tmp_path / "d.xlsx"
    assert cli("convert", BUNDLED, book).code == 0
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(hostile, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"?>", b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1
                )
            target.writestr(info, data)
    run = cli("check", hostile, "--as-of", AS_OF)
    assert run.code == 2 and "Traceback" not in run.output and "root:" not in run.output


def test_template_and_convert_refuse_to_overwrite_their_input(
    bundled_copy: Path, tmp_path: Path
) -> None:
    before = files(bundled_copy)
    assert cli("template", "-o", bundled_copy / "t.xlsx", "--from", bundled_copy).failed_cleanly(
        "would overwrite"
    )
    assert cli("convert", bundled_copy, bundled_copy / "d.xlsx").failed_cleanly("would overwrite")
    assert cli("template", "-o", tmp_path / "t.csv").failed_cleanly("must end in .xlsx")
    assert files(bundled_copy) == before


def test_an_interrupted_convert_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.records.convert

    book = tmp_path / "d.xlsx"
    assert cli("convert", BUNDLED, book).code == 0

    def interrupted(*args: object) -> list[Path]:
        raise KeyboardInterrupt

    monkeypatch.setattr(tracker.records.convert, "write_folder", interrupted)
    run = cli("convert", book, tmp_path / "back")
    assert run.code == 130 and run.output.startswith("interrupted")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["TMPDIR", "d.xlsx"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_pipe_or_a_folder_given_as_an_input_file_is_named(
    tmp_path: Path, store: Path, kind: str
) -> None:
    """A FIFO given as --db hung the command (SQLite's check opened it and waited for a
    writer); a FIFO or a folder given as a file was "not found". Each is named what it is."""
    made: dict[str, Path] = {}
    for name in ("q.csv", "list.xml", "release.txt", "data.xlsx", "review.xlsx", "s.db"):
        path = tmp_path / kind / name
        path.parent.mkdir(exist_ok=True)
        os.mkfifo(path) if kind == "fifo" else path.mkdir()
        made[name] = path
    what = "is not a regular file" if kind == "fifo" else "is a folder"
    runs = {
        "queries file": cli("screen", made["q.csv"], "--db", store, "--as-of", "2021-07-08"),
        "list file": cli("import", "un", made["list.xml"], "--db", tmp_path / "x.db"),
        "text": cli("extract", made["release.txt"]),
        "review workbook": cli("accept", made["review.xlsx"], "--into", tmp_path),
    }
    if kind == "fifo":  # a folder named data.xlsx is a dataset folder, and read as one
        runs["dataset"] = cli("validate", made["data.xlsx"])  # (a folder --db: click says so)
        runs["store"] = cli("screen", "--name", "x", "--db", made["s.db"], "--as-of", "2021-07-08")
    for noun, run in runs.items():
        if noun == "list file" and kind == "folder":  # a folder of list files, none in it
            assert run.failed_cleanly("no files given")
            continue
        assert run.failed_cleanly(noun, what), (noun, run.output)
    assert not (tmp_path / "x.db").exists()  # a wrong list file creates no store


def interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


def test_ctrl_c_while_screen_writes_its_output_leaves_nothing(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.screening.output

    monkeypatch.setattr(tracker.screening.output, "render", interrupt)
    out = tmp_path / "hits.json"
    run = cli("screen", "--name", "CANO CORREA", "--db", store, "--as-of", "2021-07-08", "-o", out)
    assert run.code == 130 and run.output == "interrupted: nothing was written or changed\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["TMPDIR", "store"]


@pytest.mark.parametrize(
    ("module", "function", "output"),
    [
        ("tracker.records.convert", "write_folder", "draft"),
        ("tracker.extract.review", "source_texts", "review.xlsx"),
    ],
)
def test_ctrl_c_while_extract_writes_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str, function: str, output: str
) -> None:
    import importlib

    monkeypatch.setattr(importlib.import_module(module), function, interrupt)
    text = tmp_path / "release.txt"
    text.write_text("The Council designated four entities on 5 May 2024.\n")
    run = cli("extract", text, "--published", "2024-05-06", "-o", tmp_path / output)
    assert run.code == 130 and run.output == "interrupted: nothing was written or changed\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["TMPDIR", "release.txt"]


# --- the current importers under hostile input --------------------------------------------------

CURRENT = Path(__file__).parent / "fixtures" / "official-current"
SEMA = CURRENT / "ca_sema" / "sema_excerpt.xml"
SECO = CURRENT / "ch_seco" / "seco_excerpt_2026-08-15.xml"
ZALA = CURRENT / "opensanctions_ftm" / "yente_zala_entities.ftm.json"


def ftm_file(tmp_path: Path, *entities: dict[str, object], name: str = "e.ftm.json") -> Path:
    import json

    path = tmp_path / name
    path.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    return path


def person(ident: str, *names: str) -> dict[str, object]:
    return {"id": ident, "schema": "Person", "properties": {"name": list(names) or [ident]}}


def test_an_ftm_link_of_thousands_by_thousands_is_refused_at_once(tmp_path: Path) -> None:
    """One 96 KB line took 5.2 GB: an Ownership of 6,000 owners x 6,000 assets."""
    owners = [f"o{i}" for i in range(6_000)]
    assets = [f"a{i}" for i in range(6_000)]
    link = {"id": "own", "schema": "Ownership", "properties": {"owner": owners, "asset": assets}}
    path = ftm_file(tmp_path, person("o0"), link)
    run = cli("import", "ftm", path, "--db", tmp_path / "x.db", "--as-of", AS_OF)
    assert run.failed_cleanly("line 2", "36,000,000 relationships", "more than the 1,000")


def test_an_ftm_entry_keeps_at_most_its_cap_of_links_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.lists.importers.ftm

    monkeypatch.setattr(tracker.lists.importers.ftm, "MAX_LINKS", 5)
    links = [
        {"id": f"l{i}", "schema": "Family", "properties": {"person": ["p"], "relative": [f"r{i}"]}}
        for i in range(8)
    ]
    path = ftm_file(tmp_path, person("p", "Ivan Petrov"), *links)
    db = tmp_path / "x.db"
    run = cli("import", "ftm", path, "--db", db, "--as-of", AS_OF)
    assert run.code == 0
    assert "8 relationships; the first 5 are kept, the other 3 counted" in run.output
    import json

    (entry,) = json.loads(cli("export", "ftm", "--db", db).output)
    assert len(entry["details"]["linked_to"]) == 5
    assert "linked_to: 3 more relationships not kept" in entry["details"]["other"]


def test_every_importer_adds_names_details_and_countries_in_linear_time() -> None:
    """Alias de-duplication was quadratic in four importers; they all add through ``Entry``'s
    methods now, so the methods are timed: 10x the values, about 10x the time."""
    import itertools

    from tracker.lists.importers.base import Entry

    runs = itertools.count()  # new values each run: country look-ups are cached

    def run(size: int) -> object:
        entry = Entry("e1", "person", "Name")
        number = next(runs)
        for i in range(size):
            for _ in range(2):  # each value twice: kept once
                entry.add_alias(f"Name {i}")
                entry.add("ids", f"ID {i}")
                entry.add_country(f"Country {number}-{i}")
        assert len(entry.aliases) == len(entry.details["ids"]) == len(entry.countries) == size
        return entry

    assert growth(run, 2_000) < 30


def test_ftm_names_are_deduplicated_in_linear_time(tmp_path: Path) -> None:
    """120,000 names of one entity took 71 s (each compared with every name before it)."""
    from tracker.lists.importers import registry

    def run(size: int) -> object:
        names = [f"Name {i}" for i in range(size)] * 2
        path = ftm_file(tmp_path, person("p", *names), name=f"n{size}.ftm.json")
        _, entries = registry.source("ftm").parse([path], (0, 1))
        (entry,) = list(entries)
        assert len(entry.aliases) == size - 1
        return entry

    assert growth(run, 2_000) < 30


def test_an_ftm_entity_of_an_unknown_schema_is_kept_and_reported(tmp_path: Path) -> None:
    wallet = {"id": "w1", "schema": "CryptoWallet", "caption": "bc1qxy", "properties": {}}
    path = ftm_file(tmp_path, person("p", "Ivan Petrov"), wallet)
    db = tmp_path / "x.db"
    run = cli("import", "ftm", path, "--db", db, "--as-of", AS_OF)
    assert run.code == 0
    assert "type 'cryptowallet' is not one the tracker knows; kept as given" in run.output
    assert "2 entries (1 cryptowallet, 1 person)" in run.output


@pytest.mark.parametrize(
    "entity",
    [
        {"id": ["x"], "schema": "Person"},
        {"id": "x", "schema": ["Person"]},
        {"id": "x", "schema": "Person", "properties": ["name"]},
        {"id": " ", "schema": "Person"},
    ],
    ids=["id-list", "schema-list", "properties-list", "blank-id"],
)
def test_ftm_lines_of_the_wrong_shape_are_refused_by_line(
    tmp_path: Path, entity: dict[str, object]
) -> None:
    path = ftm_file(tmp_path, person("p"), entity)
    run = cli("import", "ftm", path, "--db", tmp_path / "x.db", "--as-of", AS_OF)
    assert run.failed_cleanly("line 2", "not a FollowTheMoney entity")


def sema_with(tmp_path: Path, records: str) -> Path:
    path = tmp_path / "sema.xml"
    path.write_text(f'<?xml version="1.0"?><data-set>{records}</data-set>', encoding="utf-8")
    return path


SEMA_RECORD = (
    "<record><Country-Pays>{country}</Country-Pays><EntityOrShip-EntiteOuNavire>{name}"
    "</EntityOrShip-EntiteOuNavire><Schedule-Annexe>{schedule}</Schedule-Annexe>"
    "<Item-NumeroDarticle>{item}</Item-NumeroDarticle></record>"
)


def test_sema_records_whose_ids_collide_or_are_empty_are_kept_and_reported(
    tmp_path: Path,
) -> None:
    records = "".join(
        SEMA_RECORD.format(country=c, name=n, schedule=s, item=i)
        for c, n, s, i in [
            ("Russia", "First Ltd", "1", "7"),
            ("Russia", "Second Ltd", "1", "7."),  # slugs to the same id
            ("", "Third Ltd", "", ""),  # no id at all
        ]
    )
    db = tmp_path / "x.db"
    run = cli("import", "sema", sema_with(tmp_path, records), "--db", db, "--as-of", AS_OF)
    assert run.code == 0
    assert "3 entries" in run.output
    assert "has the id of an earlier record (russia-1-7); kept as russia-1-7~2" in run.output
    assert "has no regulation, schedule or item to make its id of; kept as line-1" in run.output
    import json

    ids = {e["entry_id"] for e in json.loads(cli("export", "sema", "--db", db).output)}
    assert ids == {"russia-1-7", "russia-1-7~2", "line-1"}


def seco_name(parts: int, spellings: int) -> str:
    body = "".join(
        f'<name-part order="{p}" name-part-type="given-name"><value>P{p}</value>'
        + "".join(
            f'<spelling-variant lang="l{s}" script="s{s}">V{p}.{s}</spelling-variant>'
            for s in range(spellings)
        )
        + "</name-part>"
        for p in range(parts)
    )
    return (
        '<?xml version="1.0"?><swiss-sanctions-list date="2024-01-01"><target ssid="1">'
        '<sanctions-set-id>9</sanctions-set-id><individual><identity ssid="2" main="true">'
        f'<name ssid="3" name-type="primary-name">{body}</name></identity></individual>'
        "</target></swiss-sanctions-list>"
    )


def test_a_seco_name_of_a_hundred_parts_and_spellings_is_bounded(tmp_path: Path) -> None:
    """100 parts x 100 spellings ran past 120 s; the work is now parts x spellings."""
    from tracker.lists.importers import registry

    def run(parts: int) -> object:
        path = tmp_path / f"seco-{parts}.xml"
        path.write_text(seco_name(parts, 50), encoding="utf-8")
        _, entries = registry.source("seco").parse([path], (0, 1))
        (entry,) = list(entries)
        assert len(entry.details["names_by_script"]) == 50
        return entry

    assert growth(run, 10) < 30
    path = tmp_path / "seco.xml"
    path.write_text(seco_name(100, 100), encoding="utf-8")
    assert cli("import", "seco", path, "--db", tmp_path / "x.db", "--as-of", AS_OF).code == 0
    path.write_text(seco_name(2, 101), encoding="utf-8")
    run = cli("import", "seco", path, "--db", tmp_path / "y.db", "--as-of", AS_OF)
    assert run.failed_cleanly("spelt in more than 100 languages and scripts")


def test_a_seco_name_part_order_that_is_not_a_number_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "seco.xml"
    path.write_text(seco_name(1, 1).replace('order="0"', 'order="first"'), encoding="utf-8")
    run = cli("import", "seco", path, "--db", tmp_path / "x.db", "--as-of", AS_OF)
    assert run.failed_cleanly("order 'first' is not a number")


# --- list dates later than the run's ------------------------------------------------------------


def seco_dated(tmp_path: Path, day: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(SECO.read_text(encoding="utf-8").replace('date="2026-08-15"', f'date="{day}"'))
    return path


def test_a_list_dated_in_the_far_future_does_not_pin_latest(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    future = seco_dated(tmp_path, "9999-12-31", "far.xml")
    run = cli("import", "seco", future, "--db", db, "--as-of", "2026-09-01", "--no-index")
    assert run.code == 0
    assert "published 9999-12-31, after the run's date 2026-09-01" in run.output
    assert "(list-date)" in run.output
    newer = seco_dated(tmp_path, "2026-09-02", "newer.xml")
    end = "</swiss-sanctions-list>"
    newer.write_text(newer.read_text().replace(end, "\n" + end))  # other bytes: a new snapshot
    run = cli("import", "seco", newer, "--db", db, "--as-of", "2026-09-03", "--no-index")
    assert run.code == 0
    import json

    snapshots = json.loads(cli("lists", "--db", db, "--format", "json").output)
    latest = snapshots[-1]
    assert latest["published"] == "2026-09-02"  # the genuinely newer list is the latest
    run = cli("diff", "seco", "--db", db, "--limit", "0")
    assert run.output.startswith("seco: snapshot 1 (as of 2026-09-01) -> snapshot 2")


def test_a_list_date_a_day_ahead_is_a_time_zone_not_the_future(tmp_path: Path) -> None:
    tomorrow = seco_dated(tmp_path, "2026-09-02", "t.xml")
    run = cli("import", "seco", tomorrow, "--db", tmp_path / "x.db", "--as-of", "2026-09-01")
    assert run.code == 0 and "list-date" not in run.output


def test_a_list_date_that_is_not_a_date_is_reported_and_not_stored(tmp_path: Path) -> None:
    odd = seco_dated(tmp_path, "15/08/2026", "odd.xml")
    db = tmp_path / "x.db"
    run = cli("import", "seco", odd, "--db", db, "--as-of", AS_OF, "--no-index")
    assert run.code == 0 and "the list's own date '15/08/2026' is not a date" in run.output
    import json

    (snapshot,) = json.loads(cli("lists", "--db", db, "--format", "json").output)
    assert snapshot["published"] is None


# --- a store left by a killed import ------------------------------------------------------------


def leave_hot_journal(db: Path) -> None:
    """What a kill -9 during an import leaves: a rollback journal no process holds, and a
    store file part-written (the page cache spilled to it)."""
    code = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA cache_size = 20')\n"
        "c.execute('PRAGMA synchronous = OFF')\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "c.execute('DELETE FROM entries')\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db)], check=True)
    assert db.with_name(db.name + "-journal").stat().st_size > 0


def entry_count(db: Path) -> int:
    with sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True) as connection:
        return int(connection.execute("SELECT COUNT(*) FROM entries").fetchone()[0])


def test_a_read_command_rolls_back_a_killed_import(store: Path) -> None:
    before = entry_count(store)
    leave_hot_journal(store)
    run = cli("lists", "--db", store)
    assert run.code == 0, run.output
    assert not store.with_name(store.name + "-journal").exists()
    assert entry_count(store) == before
    assert cli("diff", "ofac-sdn", "--db", store, "--limit", "1").code == 0


def test_a_killed_import_in_a_store_one_cannot_write_says_what_to_run(
    lists_db: Path, tmp_path: Path
) -> None:
    with shared_folder(tmp_path) as folder:
        db = folder / "lists.db"
        db.write_bytes(lists_db.read_bytes())
        db.chmod(0o644)
        leave_hot_journal(db)
        db.with_name(db.name + "-journal").chmod(0o644)
        run = as_nobody("lists", "--db", db)
        assert run.failed_cleanly("was left mid-import", "lists.db-journal", "tracker lists --db")
        assert "read-only: an import needs to write it" not in run.output


# --- output integrity ---------------------------------------------------------------------------


def tracker_process(*args: str | Path, **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tracker", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,  # type: ignore[call-overload]
    )


@pytest.mark.parametrize("fmt", ["json", "csv", "ftm"])
def test_export_into_a_pipe_closed_early_ends_quietly(store: Path, fmt: str) -> None:
    """`tracker export ... | head -1` ended in a traceback calling a healthy store damaged."""
    process = tracker_process("export", "ofac-sdn", "--db", store, "--format", fmt)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.wait(timeout=120)
    assert first
    assert "Traceback" not in stderr and "damaged" not in stderr and "Exception" not in stderr
    assert INTERNAL not in stderr
    assert process.returncode == 2


def test_export_ftm_of_an_entry_with_no_name_and_no_id_works(tmp_path: Path) -> None:
    records = SEMA_RECORD.format(country="", name="", schedule="", item="")
    db = tmp_path / "x.db"
    assert (
        cli("import", "sema", sema_with(tmp_path, records), "--db", db, "--as-of", AS_OF).code == 0
    )
    run = cli("export", "sema", "--db", db, "--format", "ftm")
    assert run.code == 0
    import json

    entities = [json.loads(line) for line in run.output.splitlines()]
    assert entities[0]["properties"]["name"] == ["line-1"]


def test_a_full_disk_during_export_is_one_line(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.json"

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    process = subprocess.run(
        [sys.executable, "-m", "tracker", "export", "ofac-sdn", "--db", str(store), "-o", str(out)],
        capture_output=True,
        text=True,
        preexec_fn=small_disk,
        check=False,
    )
    assert process.returncode == 2
    assert process.stderr.startswith(f"error: cannot write {out}")
    assert len(process.stderr.strip().splitlines()) == 1 and "Traceback" not in process.stderr
    assert not out.exists() and no_temp_beside(out)


@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal is POSIX")
@pytest.mark.parametrize(
    "command",
    [["export", "csl", "--format", "csv"], ["diff", "csl", "--format", "csv"], ["export", "csl"]],
    ids=["export-csv", "diff-csv", "export-json"],
)
def test_csv_and_json_on_a_terminal_show_control_characters_escaped(
    forged: Path, command: list[str]
) -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "tracker", *command, "--db", str(forged)],
            stdout=follower,
            stderr=subprocess.PIPE,
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                block = os.read(leader, 1 << 16)
            except OSError:  # the terminal closed
                break
            if not block:
                break
            shown += block
        process.wait(timeout=120)
    finally:
        os.close(leader)
    assert process.returncode == 0
    assert b"\x1b" not in shown and b"EVIL" in shown
    assert b"\\u001b[2J" in shown


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_redirected_output_keeps_the_data_exactly(forged: Path, fmt: str) -> None:
    """click stripped what looked like colour codes from redirected CSV."""
    process = subprocess.run(
        [sys.executable, "-m", "tracker", "diff", "csl", "--db", str(forged), "--format", fmt],
        capture_output=True,
        check=True,
    )
    if fmt == "csv":
        assert b"EVIL\x1b[2J\x1b[1;1H" in process.stdout
    else:
        assert b"EVIL\\u001b[2J\\u001b[1;1H" in process.stdout


def test_a_run_that_ends_in_the_internal_error_line_fails_the_hostile_test(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every hostile case runs through ``cli``, which fails on the catch-all's line: a hostile
    input must get a message of its own."""
    import tracker.cli.records

    def broken(*args: object) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(tracker.cli.records, "convert", broken)
    with pytest.raises(AssertionError, match="internal error"):
        cli("convert", BUNDLED, "x.xlsx")


def test_an_error_quoting_a_hostile_file_is_one_readable_line(tmp_path: Path) -> None:
    """Found by the fuzzing harness: libxml2 quotes a tag of any length in its message."""
    path = tmp_path / "consolidated.xml"
    path.write_text("<CONSOLIDATED_LIST><a></" + "b" * 5_000 + "></CONSOLIDATED_LIST>")
    run = cli("import", "un", path, "--db", tmp_path / "x.db")
    assert run.failed_cleanly("not well-formed XML", "more characters)")
    assert len(run.output) < 1_100 and run.output.count("\n") == 1
