"""The local store of official lists: SQLite, one snapshot per import, every version kept. It
persists and queries; ``ingest.py`` runs the importers into it.

A store is opened as what it is: for reading (``mode="r"``: it must exist, and it is never
created or written), or for writing (``mode="w"``: created when missing). A file that is not a
store, a store made by a newer tracker, a damaged, read-only or busy store each stop the
command with a ``StoreError`` that says which.

The schema version is SQLite's ``user_version``; ``MIGRATIONS[n]`` (a list of statements)
takes a store from version n to n + 1, one transaction each, so an older store is brought up
to date when it is opened for writing.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from tracker.errors import StoreError
from tracker.optional import require

if TYPE_CHECKING:  # pandas is imported only by ``frame``
    import pandas as pd

DEFAULT_DB = "tracker.db"
WAIT_SECONDS = 60.0  # how long to wait for a store another import is writing
SQLITE_MAGIC = b"SQLite format 3\x00"
ENTRY_FIELDS = (
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
)
JSON_KINDS: dict[str, type] = {
    "aliases": list,
    "countries": list,
    "programs": list,
    "details": dict,
}
JSON_FIELDS = frozenset(JSON_KINDS)
LIST_FIELDS = frozenset({"aliases", "countries", "programs"})  # their order carries no meaning
TABLES = ("snapshots", "snapshot_files", "entries", "entry_warnings")  # of schema version 1

MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            as_of TEXT NOT NULL,
            published TEXT,
            entries INTEGER NOT NULL DEFAULT 0,
            counts TEXT NOT NULL DEFAULT '{}'
        )""",
        """CREATE TABLE snapshot_files (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
            name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL
        )""",
        """CREATE TABLE entries (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
            entry_id TEXT NOT NULL,
            entity_type TEXT NOT NULL,
            name TEXT NOT NULL,
            aliases TEXT NOT NULL,
            countries TEXT NOT NULL,
            programs TEXT NOT NULL,
            listed_on TEXT,
            imo TEXT,
            flag TEXT,
            call_sign TEXT,
            remarks TEXT,
            details TEXT NOT NULL,
            PRIMARY KEY (snapshot_id, entry_id)
        ) WITHOUT ROWID""",
        """CREATE TABLE entry_warnings (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
            entry_id TEXT NOT NULL,
            code TEXT NOT NULL,
            value TEXT NOT NULL,
            message TEXT NOT NULL
        )""",
    ],
    [  # the screening index: candidate keys per snapshot (tracker/screening/index.py)
        """CREATE TABLE screen_index (
            snapshot_id INTEGER PRIMARY KEY REFERENCES snapshots(id),
            algorithm TEXT NOT NULL,
            entries INTEGER NOT NULL,
            keys INTEGER NOT NULL
        )""",
        """CREATE TABLE screen_keys (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
            key TEXT NOT NULL,
            entries TEXT NOT NULL,
            PRIMARY KEY (snapshot_id, key)
        ) WITHOUT ROWID""",
    ],
    [  # what `tracker serve` and `tracker watch` keep (tracker/serve/)
        """CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            query TEXT NOT NULL,
            source TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('cleared', 'confirmed')),
            who TEXT NOT NULL,
            day TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            snapshot_id INTEGER REFERENCES snapshots(id),
            entry_state TEXT,
            note TEXT NOT NULL,
            origin TEXT NOT NULL
        )""",
        "CREATE INDEX decisions_by_query ON decisions (query)",
        # append-only: a changed mind is a new decision, never an edit
        """CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
            BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END""",
        """CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
            BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END""",
        """CREATE TABLE api_keys (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('read', 'decide')),
            digest TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE watches (
            name TEXT PRIMARY KEY,
            file TEXT NOT NULL,
            queries TEXT NOT NULL,
            saved_at TEXT NOT NULL
        )""",
        """CREATE TABLE watch_runs (
            id INTEGER PRIMARY KEY,
            watch TEXT NOT NULL REFERENCES watches(name),
            ran_at TEXT NOT NULL,
            snapshots TEXT NOT NULL
        )""",
        """CREATE TABLE watch_hits (
            run_id INTEGER NOT NULL REFERENCES watch_runs(id),
            query TEXT NOT NULL,
            query_name TEXT NOT NULL,
            source TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            entry_name TEXT NOT NULL,
            snapshot_id INTEGER NOT NULL,
            state TEXT NOT NULL,
            score TEXT NOT NULL,
            band TEXT NOT NULL,
            change TEXT NOT NULL,
            sentence TEXT NOT NULL,
            PRIMARY KEY (run_id, query, source, entry_id)
        ) WITHOUT ROWID""",
    ],
]
# snapshots in the order of the list's own date (published, else as of; never later than the
# date it was imported as of, so a future date in an older store cannot pin "latest"), then of
# import
SNAPSHOT_ORDER = "ORDER BY MIN(COALESCE(published, as_of), as_of), id"
SNAPSHOT_COLUMNS = "id, source, as_of, published, entries, counts"


def db_path(option: Path | None) -> Path:
    """--db, else $TRACKER_DB, else tracker.db in the working directory."""
    if option is not None:
        return option
    return Path(os.environ.get("TRACKER_DB") or DEFAULT_DB)


def optional_store(option: Path | None) -> Path | None:
    """The store a reading command compares with: one named by --db or $TRACKER_DB must exist
    (else StoreError); the default tracker.db is used only when it exists."""
    path = db_path(option)
    named = option is not None or bool(os.environ.get("TRACKER_DB"))
    try:
        found = path.exists()
    except OSError as exc:  # a folder that cannot be searched (EACCES): exists() raises
        if named:
            raise StoreError(f"cannot look for the store {path}: {exc.strerror}") from None
        found = False  # the default store is used only when it can be found
    if found:
        return path
    if named:
        raise StoreError(f"no store at {path}: `tracker import` creates one")
    return None


@dataclass(frozen=True)
class Snapshot:
    id: int
    source: str
    as_of: str
    published: str | None
    entries: int
    counts: dict[str, int]
    files: list[tuple[str, str]]  # (name, sha256)

    @property
    def list_date(self) -> str:
        """The list's own date where it states one (never later than the date it was
        imported as of), else that date."""
        return min(self.published or self.as_of, self.as_of)


@dataclass(frozen=True)
class DecisionRecord:
    """A decision on a screening hit, as the store keeps it (append-only)."""

    id: int
    query: str
    source: str
    entry_id: str
    decision: str  # cleared or confirmed
    who: str
    day: str  # YYYY-MM-DD: the decision file's `when`
    decided_at: str  # ISO timestamp (UTC)
    snapshot_id: int | None  # the snapshot the entry was read from
    entry_state: dict[str, Any] | None  # the entry as it was then
    note: str
    origin: str  # page, api, or the decision file it was imported from


@dataclass(frozen=True)
class WatchHit:
    """A hit of a watch run, and what was new about it ('' when it was raised before)."""

    query: str
    query_name: str
    source: str
    entry_id: str
    entry_name: str
    snapshot_id: int
    state: str  # a digest of the entry as it was
    score: str  # exact decimal
    band: str
    change: str
    sentence: str


DECISION_COLUMNS = (
    "id, query, source, entry_id, decision, who, day, decided_at, snapshot_id, entry_state, "
    "note, origin"
)
WATCH_HIT_COLUMNS = (
    "query, query_name, source, entry_id, entry_name, snapshot_id, state, score, band, "
    "change, sentence"
)


@contextmanager
def store_errors(path: Path) -> Iterator[None]:
    """SQLite's errors as StoreErrors that say what is wrong with the store."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise StoreError(f"{path} is busy: another import is running; try again") from None
        if ("readonly" in text or "read-only" in text) and journal(path).exists():
            raise StoreError(left_mid_import(path)) from None
        if "readonly" in text or "read-only" in text:
            raise StoreError(f"{path} is read-only: an import needs to write it") from None
        if "disk is full" in text or "disk i/o" in text:
            raise StoreError(f"cannot write {path}: {exc}") from None
        if "no such table" in text or "no such column" in text:
            raise StoreError(f"{path} is damaged: {exc}") from None
        raise StoreError(f"{path}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is damaged: {exc}") from None


# POSIX drops every lock a process holds on a file when it closes any descriptor of that file:
# the header of a store is read (``check_file``) only while this process has no connection to
# it open, else a reader in another thread would lose its lock and see an import's half-written
# pages ("database disk image is malformed")
_OPEN: Counter[str] = Counter()
_GUARD = threading.Lock()


class Store:
    """A store of official lists, opened for reading (``"r"``) or writing (``"w"``)."""

    def __init__(
        self, path: Path | str, mode: Literal["r", "w"] = "r", wait: float = WAIT_SECONDS
    ) -> None:
        self.path = Path(path)
        self.mode = mode
        self._key = str(self.path.resolve())
        with _GUARD, store_errors(self.path):
            check_file(self.path, mode, header=not _OPEN[self._key])  # read by the open one
        if mode == "r" and journal(self.path).exists():
            roll_back(self.path, wait)
        with _GUARD, store_errors(self.path):
            if mode == "r":
                uri = f"{self.path.resolve().as_uri()}?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, timeout=wait, isolation_level=None)
            else:
                self.db = sqlite3.connect(self.path, timeout=wait, isolation_level=None)
            _OPEN[self._key] += 1
        try:
            with store_errors(self.path):
                self.db.execute("PRAGMA foreign_keys = ON")
                self.db.create_function("same_items", 2, same_items, deterministic=True)
                # a bounded page cache large enough for the index of a million-entry import
                self.db.execute("PRAGMA cache_size = -65536")
                self._check_schema()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        with _GUARD:
            self.db.close()
            _OPEN[self._key] -= 1

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- schema -------------------------------------------------------------------------------

    @property
    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _check_schema(self) -> None:
        version = self.version
        tables = {
            row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.path} is newer than this tracker (schema version {version}; this "
                f"tracker knows up to {len(MIGRATIONS)}): use a newer tracker"
            )
        if version == 0 and tables:
            raise StoreError(
                f"{self.path} is not a tracker store (an SQLite database of another kind)"
            )
        if version == 0 and self.mode == "r":
            raise StoreError(f"{self.path} is not a tracker store (an empty database)")
        missing = [t for t in TABLES if t not in tables and version >= 1]
        if missing:
            raise StoreError(f"{self.path} is damaged: table {missing[0]} is missing")
        if version < len(MIGRATIONS):
            if self.mode == "r":
                raise StoreError(
                    f"{self.path} was made by an older tracker: import into it once "
                    "(`tracker import`) to bring it up to date"
                )
            self.migrate()

    def migrate(self) -> None:
        """Bring the store to the newest schema, one migration per transaction. The version is
        read again inside each transaction: another process may have migrated (or created) the
        store while this one waited for it."""
        while True:
            with self.transaction():
                number = self.version
                if number >= len(MIGRATIONS):
                    return
                for statement in MIGRATIONS[number]:
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (BEGIN IMMEDIATE: waits for another writer, up to the
        store's wait); rolled back on any failure, Ctrl-C included."""
        with store_errors(self.path):
            self.db.execute("BEGIN IMMEDIATE")
        try:
            with store_errors(self.path):
                yield
                self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    # --- snapshots ----------------------------------------------------------------------------

    def snapshots(self, source: str | None = None) -> list[Snapshot]:
        """Snapshots in list-date order (then import order), of one source or all."""
        where, params = (" WHERE source = ?", (source,)) if source else ("", ())
        with store_errors(self.path):
            rows = self.db.execute(
                f"SELECT {SNAPSHOT_COLUMNS} FROM snapshots{where} {SNAPSHOT_ORDER}", params
            ).fetchall()
            return [self._snapshot(row) for row in rows]

    def snapshot(self, snapshot_id: int) -> Snapshot:
        with store_errors(self.path):
            row = self.db.execute(
                f"SELECT {SNAPSHOT_COLUMNS} FROM snapshots WHERE id = ?", (snapshot_id,)
            ).fetchone()
            if row is None:
                raise StoreError(f"no snapshot {snapshot_id} in {self.path}")
            return self._snapshot(row)

    def snapshot_of(self, source: str, snapshot_id: int | None = None) -> Snapshot:
        """A snapshot of this source: the one asked for, else the latest."""
        if snapshot_id is None:
            snapshots = self.snapshots(source)
            if not snapshots:
                raise StoreError(f"no snapshot of {source} in {self.path}")
            return snapshots[-1]
        snapshot = self.snapshot(snapshot_id)
        if snapshot.source != source:
            raise StoreError(f"snapshot {snapshot_id} is of {snapshot.source}, not {source}")
        return snapshot

    def _snapshot(self, row: Sequence[Any]) -> Snapshot:
        files = self.db.execute(
            "SELECT name, sha256 FROM snapshot_files WHERE snapshot_id = ? ORDER BY name", (row[0],)
        ).fetchall()
        what = f"snapshot {row[0]}'s"
        counts = decoded(self.path, row[5], dict, f"{what} counts")
        for name, value in (("source", row[1]), ("as_of", row[2]), ("entries", row[4])):
            if type(value) is not (int if name == "entries" else str):
                raise damaged(self.path, f"{what} {name}", value)
        if not all(type(k) is str and type(v) is int for k, v in counts.items()):
            raise damaged(self.path, f"{what} counts", row[5])
        if row[3] is not None and type(row[3]) is not str:
            raise damaged(self.path, f"{what} published", row[3])
        return Snapshot(
            row[0], row[1], row[2], row[3], row[4], counts, [(f[0], f[1]) for f in files]
        )

    def find(self, source: str, hashes: Sequence[tuple[str, str]]) -> Snapshot | None:
        """The snapshot of this source imported from exactly these files, if any."""
        wanted = sorted(h for _, h in hashes)
        for snapshot in self.snapshots(source):
            if sorted(h for _, h in snapshot.files) == wanted:
                return snapshot
        return None

    # --- writing (inside ``transaction``) -------------------------------------------------------

    def new_snapshot(
        self,
        source: str,
        files: Sequence[tuple[str, str, int]],
        published: str | None,
        as_of: str,
    ) -> int:
        """A snapshot row and its files (name, sha256, size); entries are added after."""
        snapshot_id = self.db.execute(
            "INSERT INTO snapshots (source, as_of, published) VALUES (?, ?, ?)",
            (source, as_of, published),
        ).lastrowid
        assert snapshot_id is not None
        self.db.executemany(
            "INSERT INTO snapshot_files VALUES (?, ?, ?, ?)",
            [(snapshot_id, *f) for f in files],
        )
        return snapshot_id

    def insert_entries(self, snapshot_id: int, rows: Sequence[Sequence[Any]]) -> None:
        """Rows in ENTRY_FIELDS order; an entry id already in the snapshot is not stored again."""
        marks = ", ".join("?" * (len(ENTRY_FIELDS) + 1))
        self.db.executemany(
            f"INSERT OR IGNORE INTO entries VALUES ({marks})", [(snapshot_id, *r) for r in rows]
        )

    def insert_warnings(
        self, snapshot_id: int, warnings: Sequence[tuple[str, str, str, str]]
    ) -> None:
        """(entry id, code, value, message) of each warning about an entry."""
        self.db.executemany(
            "INSERT INTO entry_warnings VALUES (?, ?, ?, ?, ?)",
            [(snapshot_id, *w) for w in warnings],
        )

    def finish_snapshot(self, snapshot_id: int, counts: dict[str, int]) -> int:
        """Record the entry counts; returns how many entries were stored."""
        stored: int = self.db.execute(
            "SELECT COUNT(*) FROM entries WHERE snapshot_id = ?", (snapshot_id,)
        ).fetchone()[0]
        self.db.execute(
            "UPDATE snapshots SET entries = ?, counts = ? WHERE id = ?",
            (stored, json.dumps(dict(sorted(counts.items()))), snapshot_id),
        )
        return stored

    # --- reading ------------------------------------------------------------------------------

    def rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """Rows of a query, with SQLite's errors as StoreErrors (also while iterating). Read a
        batch at a time, so a reader that stops early (``| head``) leaves no cursor to close
        after the store is closed."""
        with store_errors(self.path):
            cursor = self.db.execute(sql, params)
        while True:
            with store_errors(self.path):
                batch = cursor.fetchmany(1_000)
            if not batch:
                return
            yield from batch

    def entries(self, snapshot_id: int) -> Iterator[dict[str, Any]]:
        for row in self.rows(
            f"SELECT {', '.join(ENTRY_FIELDS)} FROM entries WHERE snapshot_id = ? "
            "ORDER BY entry_id",
            (snapshot_id,),
        ):
            yield entry_dict(row, self.path)

    def entry_ids(self, snapshot_id: int) -> set[str]:
        return {
            r[0]
            for r in self.rows("SELECT entry_id FROM entries WHERE snapshot_id = ?", (snapshot_id,))
        }

    def warnings(self, snapshot_id: int) -> list[tuple[str, str, str, str]]:
        return [
            (r[0], r[1], r[2], r[3])
            for r in self.rows(
                "SELECT entry_id, code, value, message FROM entry_warnings WHERE snapshot_id = ? "
                "ORDER BY entry_id, code",
                (snapshot_id,),
            )
        ]

    def entries_by_id(self, snapshot_id: int, entry_ids: Sequence[str]) -> list[dict[str, Any]]:
        """The entries with these ids (those the snapshot has), in no particular order."""
        found: list[dict[str, Any]] = []
        for start in range(0, len(entry_ids), 500):  # SQLite's limit on parameters
            chunk = list(entry_ids[start : start + 500])
            found += [
                entry_dict(row, self.path)
                for row in self.rows(
                    f"SELECT {', '.join(ENTRY_FIELDS)} FROM entries WHERE snapshot_id = ? "
                    f"AND entry_id IN ({', '.join('?' * len(chunk))})",
                    (snapshot_id, *chunk),
                )
            ]
        return found

    # --- the screening index ---------------------------------------------------------------------

    def screen_index(self, snapshot_id: int) -> str | None:
        """The algorithm a snapshot's screening index was built by; None when it has none."""
        found = self.screen_index_record(snapshot_id)
        return found[0] if found else None

    def screen_index_record(self, snapshot_id: int) -> tuple[str, int, int] | None:
        """(algorithm, entries, keys) a snapshot's screening index was built with, or None."""
        rows = list(
            self.rows(
                "SELECT algorithm, entries, keys FROM screen_index WHERE snapshot_id = ?",
                (snapshot_id,),
            )
        )
        if not rows:
            return None
        algorithm, entries, keys = rows[0]
        if type(algorithm) is not str or type(entries) is not int or type(keys) is not int:
            raise self.damaged_index(snapshot_id, f"its record holds {shown(rows[0])}")
        return algorithm, entries, keys

    def screen_postings(
        self, snapshot_id: int, keys: Sequence[str] | None = None
    ) -> Iterator[tuple[str, list[str]]]:
        """(key, entry ids) of the given keys, or of every key; a row that is not a list of
        ids is a damaged index (a StoreError that says how to rebuild it), never "no hit"."""
        if keys is None:
            for key, ids in self.rows(
                "SELECT key, entries FROM screen_keys WHERE snapshot_id = ?", (snapshot_id,)
            ):
                yield key, self.posting(snapshot_id, key, ids)
            return
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            for key, ids in self.rows(
                "SELECT key, entries FROM screen_keys WHERE snapshot_id = ? "
                f"AND key IN ({', '.join('?' * len(chunk))})",
                (snapshot_id, *chunk),
            ):
                yield key, self.posting(snapshot_id, key, ids)

    def posting(self, snapshot_id: int, key: object, text: object) -> list[str]:
        try:
            ids = json.loads(text) if isinstance(text, str) else None
        except (ValueError, RecursionError):
            ids = None
        if type(key) is not str or type(ids) is not list or not set(map(type, ids)) <= {str}:
            raise self.damaged_index(
                snapshot_id, f"key {shown(key)} holds {shown(text)}, not a list of ids"
            )
        return ids

    def damaged_index(self, snapshot_id: int, what: str) -> StoreError:
        """The screening index of a snapshot is damaged: what, and the command that rebuilds it."""
        rows = list(self.rows("SELECT source FROM snapshots WHERE id = ?", (snapshot_id,)))
        source = f" ({rows[0][0]})" if rows else ""
        option = f" --source {rows[0][0]}" if rows else ""
        return StoreError(
            f"{self.path}: the screening index of snapshot {snapshot_id}{source} is damaged "
            f"({what}): `tracker index --rebuild{option} --db {self.path}` "
            "rebuilds it from the snapshot's entries"
        )

    def begin_screen_index(self, snapshot_id: int) -> None:
        """Start (re)building a snapshot's screening index (inside ``transaction``): its old
        rows go, and a scratch table takes the parts ``add_screen_rows`` is given until
        ``finish_screen_index`` joins them."""
        self.db.execute("DELETE FROM screen_keys WHERE snapshot_id = ?", (snapshot_id,))
        self.db.execute("DELETE FROM screen_index WHERE snapshot_id = ?", (snapshot_id,))
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS screen_scratch (key TEXT, part TEXT)")
        self.db.execute("DELETE FROM screen_scratch")

    def add_screen_rows(self, rows: Sequence[tuple[str, list[str]]]) -> None:
        """Part of the index being built: (key, values); a key may come in several parts."""
        self.db.executemany(
            "INSERT INTO screen_scratch VALUES (?, ?)",
            ((key, json_items(values)) for key, values in rows),
        )

    def screen_words(self) -> Iterator[str]:
        """The distinct words of the index being built (its ``w:`` keys), in order, read from
        the scratch table: the list's vocabulary never has to sit in memory."""
        self.db.execute("DROP TABLE IF EXISTS screen_words")
        self.db.execute(
            "CREATE TEMP TABLE screen_words AS SELECT DISTINCT substr(key, 3) AS word "
            "FROM screen_scratch WHERE key LIKE 'w:%' ORDER BY word"
        )
        for (word,) in self.rows("SELECT word FROM screen_words ORDER BY rowid"):
            yield str(word)
        self.db.execute("DROP TABLE screen_words")

    def finish_screen_index(self, snapshot_id: int, algorithm: str, entries: int) -> int:
        """Join each key's parts into its row of the index; how many keys."""
        self.db.execute(
            "INSERT INTO screen_keys SELECT ?, key, '[' || group_concat(part, ', ') || ']' "
            "FROM screen_scratch GROUP BY key",
            (snapshot_id,),
        )
        (keys,) = next(
            self.rows("SELECT count(*) FROM screen_keys WHERE snapshot_id = ?", (snapshot_id,))
        )
        self.db.execute(
            "INSERT INTO screen_index VALUES (?, ?, ?, ?)", (snapshot_id, algorithm, entries, keys)
        )
        self.db.execute("DROP TABLE screen_scratch")
        return int(keys)

    # --- decisions, API keys and watches (tracker/serve/) ------------------------------------

    def add_decision(
        self,
        query: str,
        source: str,
        entry_id: str,
        decision: str,
        who: str,
        day: str,
        decided_at: str,
        snapshot_id: int | None,
        entry_state: dict[str, Any] | None,
        note: str,
        origin: str,
    ) -> int:
        """Append a decision (inside ``transaction``); returns its id."""
        state = json.dumps(entry_state, ensure_ascii=False, sort_keys=True) if entry_state else None
        found = self.db.execute(
            f"INSERT INTO decisions ({DECISION_COLUMNS.removeprefix('id, ')}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                query,
                source,
                entry_id,
                decision,
                who,
                day,
                decided_at,
                snapshot_id,
                state,
                note,
                origin,
            ),
        ).lastrowid
        assert found is not None
        return found

    def decisions(self, queries: Sequence[str] | None = None) -> list[DecisionRecord]:
        """Every decision (of these queries), in the order they were taken."""
        if queries is None:
            rows = list(self.rows(f"SELECT {DECISION_COLUMNS} FROM decisions ORDER BY id"))
        else:
            rows = []
            wanted = sorted(set(queries))
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                rows += self.rows(
                    f"SELECT {DECISION_COLUMNS} FROM decisions "
                    f"WHERE query IN ({', '.join('?' * len(chunk))})",
                    chunk,
                )
            rows.sort(key=lambda r: r[0])
        return [
            DecisionRecord(
                id=r[0],
                query=r[1],
                source=r[2],
                entry_id=r[3],
                decision=r[4],
                who=r[5],
                day=r[6],
                decided_at=r[7],
                snapshot_id=r[8],
                entry_state=(
                    decoded(self.path, r[9], dict, f"decision {r[0]}'s entry_state")
                    if r[9]
                    else None
                ),
                note=r[10],
                origin=r[11],
            )
            for r in rows
        ]

    def add_api_key(self, name: str, role: str, digest: str, created_at: str) -> None:
        """Keep a key's digest (inside ``transaction``); the key itself is never stored."""
        self.db.execute(
            "INSERT INTO api_keys VALUES (?, ?, ?, ?)", (name, role, digest, created_at)
        )

    def api_key(self, digest: str) -> tuple[str, str] | None:
        """(name, role) of the key with this digest."""
        rows = list(self.rows("SELECT name, role FROM api_keys WHERE digest = ?", (digest,)))
        return (rows[0][0], rows[0][1]) if rows else None

    def api_key_named(self, name: str) -> str | None:
        """The role of the key with this name."""
        rows = list(self.rows("SELECT role FROM api_keys WHERE name = ?", (name,)))
        return str(rows[0][0]) if rows else None

    def api_keys(self) -> list[tuple[str, str, str]]:
        """(name, role, created at) of every key."""
        return [
            (r[0], r[1], r[2])
            for r in self.rows("SELECT name, role, created_at FROM api_keys ORDER BY name")
        ]

    def remove_api_key(self, name: str) -> bool:
        """Revoke a key (inside ``transaction``); False when there was none of that name."""
        return self.db.execute("DELETE FROM api_keys WHERE name = ?", (name,)).rowcount > 0

    def save_watch(
        self, name: str, file: str, queries: list[dict[str, Any]], saved_at: str
    ) -> None:
        """Create or replace a watch's queries (inside ``transaction``); its runs are kept."""
        self.db.execute(
            "INSERT INTO watches VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
            "file = excluded.file, queries = excluded.queries, saved_at = excluded.saved_at",
            (name, file, json.dumps(queries, ensure_ascii=False), saved_at),
        )

    def watches(self) -> list[tuple[str, str, list[dict[str, Any]], str]]:
        """(name, file, queries, saved at) of every watch."""
        return [
            (r[0], r[1], decoded(self.path, r[2], list, f"watch {r[0]}'s queries"), r[3])
            for r in self.rows("SELECT name, file, queries, saved_at FROM watches ORDER BY name")
        ]

    def add_watch_run(
        self, watch: str, ran_at: str, snapshots: list[int], hits: Sequence[WatchHit]
    ) -> int:
        """A watch run and its hits (inside ``transaction``); returns the run's id."""
        run_id = self.db.execute(
            "INSERT INTO watch_runs (watch, ran_at, snapshots) VALUES (?, ?, ?)",
            (watch, ran_at, json.dumps(snapshots)),
        ).lastrowid
        assert run_id is not None
        marks = ", ".join("?" * 12)
        self.db.executemany(
            f"INSERT INTO watch_hits (run_id, {WATCH_HIT_COLUMNS}) VALUES ({marks})",
            [(run_id, *(getattr(h, f) for f in WatchHit.__dataclass_fields__)) for h in hits],
        )
        return run_id

    def watch_runs(self, watch: str) -> list[tuple[int, str, list[int]]]:
        """(id, ran at, snapshot ids) of a watch's runs, oldest first."""
        return [
            (r[0], r[1], decoded(self.path, r[2], list, f"watch run {r[0]}'s snapshots"))
            for r in self.rows(
                "SELECT id, ran_at, snapshots FROM watch_runs WHERE watch = ? ORDER BY id", (watch,)
            )
        ]

    def watch_hits(self, run_id: int) -> list[WatchHit]:
        return [
            WatchHit(*r)
            for r in self.rows(
                f"SELECT {WATCH_HIT_COLUMNS} FROM watch_hits WHERE run_id = ? "
                "ORDER BY query, source, entry_id",
                (run_id,),
            )
        ]

    def frame(self, snapshot: Snapshot | int) -> pd.DataFrame:
        """A snapshot's entries as a pandas DataFrame (entry ids as index, lists as lists)."""
        pandas = require("pandas", "pandas", "DataFrames")
        snapshot_id = snapshot if isinstance(snapshot, int) else snapshot.id
        self.snapshot(snapshot_id)  # a missing snapshot is a StoreError, not an empty frame
        frame = pandas.DataFrame.from_records(list(self.entries(snapshot_id)))
        return cast("pd.DataFrame", frame.set_index("entry_id") if "entry_id" in frame else frame)


def journal(path: Path) -> Path:
    """The rollback journal SQLite keeps beside a store while a transaction writes it."""
    return path.with_name(path.name + "-journal")


def left_mid_import(path: Path) -> str:
    return (
        f"{path} was left mid-import: an import was stopped before it finished (killed, or "
        f"the machine went down) and left {journal(path).name} beside it. The lists imported "
        "before it are intact; the unfinished import is rolled back the next time the store "
        "is opened by someone who may write it and its folder: run `tracker lists --db "
        f"{path}` as that user"
    )


def roll_back(path: Path, wait: float) -> None:
    """A journal beside the store: a reading command opens the store for writing once, which
    is when SQLite rolls back an import that was killed (a journal no process holds), so the
    store reads as it was before that import; a journal of an import still running is left
    alone (SQLite knows by its locks). Without the right to write the store, the message says
    what happened and what to run."""
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)):
        if journal(path).stat().st_size > 0:
            raise StoreError(left_mid_import(path))
        return
    with store_errors(path):
        connection = sqlite3.connect(path, timeout=wait, isolation_level=None)
        try:
            connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()


def check_file(path: Path, mode: str, header: bool = True) -> None:
    """What the file at ``path`` is, before SQLite opens (and perhaps creates) it."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a store")
    if path.exists() and not path.is_file():  # opening a pipe would wait for a writer
        raise StoreError(f"the store {path} is not a regular file (a pipe, socket or device)")
    if not path.exists():
        if mode == "r":
            raise StoreError(f"no store at {path}: `tracker import` creates one")
        if not path.parent.is_dir():
            raise StoreError(f"folder for the store does not exist: {path.parent}")
        if not os.access(path.parent, os.W_OK):
            raise StoreError(f"cannot create a store in {path.parent}: the folder is read-only")
        return
    head = read_header(path) if header else SQLITE_MAGIC
    if head and head != SQLITE_MAGIC:
        raise StoreError(f"{path} is not a tracker store (not an SQLite database)")
    if not head and mode == "r":
        raise StoreError(f"{path} is not a tracker store (an empty file)")
    if mode == "w" and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise StoreError(f"{path} is read-only: an import needs to write it (and its folder)")


def same_items(before: str | None, after: str | None) -> bool:
    """Whether two JSON lists hold the same items, in any order (SQL ``same_items``): a list
    re-ordered by its publisher has not changed."""
    if before is None or after is None:
        return before is after
    return items(json.loads(before)) == items(json.loads(after))


def items(values: list[Any]) -> list[str]:
    return sorted(json.dumps(v, ensure_ascii=False, sort_keys=True) for v in values)


def read_header(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None


DAMAGED = "restore it from a backup, or import the lists into a new store"


def shown(value: object) -> str:
    """A damaged value, quoted short enough for an error line."""
    text = repr(value)
    return text if len(text) <= 60 else text[:50] + "...(cut)"


_PLAIN = re.compile(r"[ -!#-\[\]-~]*")  # printable ASCII but for quote and backslash


def json_items(values: Sequence[str]) -> str:
    """The items of a JSON array of strings, without its brackets: ids that need no escaping
    (nearly all) joined as they are, four times faster than ``json.dumps``."""
    joined = '", "'.join(values)
    if values and _PLAIN.fullmatch(joined):
        return f'"{joined}"'
    return json.dumps(list(values))[1:-1]


def damaged(path: Path, what: str, value: object) -> StoreError:
    return StoreError(f"{path} is damaged: {what} holds {shown(value)}: {DAMAGED}")


def decoded(path: Path, text: object, kind: type, what: str) -> Any:
    """A JSON column's value, of the kind the tracker wrote; anything else is a damaged row
    (a StoreError that names it), not a traceback or a silently empty answer."""
    try:
        value = json.loads(text) if isinstance(text, str) else None
    except (ValueError, RecursionError):
        value = None
    if type(value) is not kind:
        raise damaged(path, what, text)
    return value


def entry_dict(row: Sequence[Any], path: Path) -> dict[str, Any]:
    """An entries row as the importers gave it (lists and details decoded, types checked)."""
    entry = dict(zip(ENTRY_FIELDS, row, strict=True))
    if type(entry["entry_id"]) is not str or type(entry["name"]) is not str:
        raise damaged(path, f"an entry's id or name ({shown(entry['entry_id'])})", entry["name"])
    for name, kind in JSON_KINDS.items():
        entry[name] = decoded(path, entry[name], kind, f"the {name} of entry {entry['entry_id']}")
    return entry
