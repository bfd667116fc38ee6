"""The local store of official lists: SQLite, one snapshot per import, every version kept.

The schema version is SQLite's ``user_version``; ``MIGRATIONS[n]`` takes a store from version
n to n + 1, so an old store is brought up to date when it is opened. Each import is one
transaction: an import that fails, or is killed, leaves the store exactly as it was.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

from tracker.digest import file_sha256
from tracker.importers import ListFormatError, files_in, sources
from tracker.importers.batches import Batch, all_batches, workers_for
from tracker.tables import InputError

DEFAULT_DB = "tracker.db"
BATCH = 5_000
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
JSON_FIELDS = {"aliases", "countries", "programs", "details"}

MIGRATIONS = [
    """
    CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        as_of TEXT NOT NULL,
        published TEXT,
        entries INTEGER NOT NULL DEFAULT 0,
        counts TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE snapshot_files (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
        name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL
    );
    CREATE TABLE entries (
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
    ) WITHOUT ROWID;
    CREATE TABLE entry_warnings (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
        entry_id TEXT NOT NULL,
        code TEXT NOT NULL,
        value TEXT NOT NULL,
        message TEXT NOT NULL
    );
    """,
]


def db_path(option: Path | None) -> Path:
    """--db, else $TRACKER_DB, else tracker.db in the working directory."""
    if option is not None:
        return option
    return Path(os.environ.get("TRACKER_DB") or DEFAULT_DB)


@dataclass(frozen=True)
class Snapshot:
    id: int
    source: str
    as_of: str
    published: str | None
    entries: int
    counts: dict[str, int]
    files: list[tuple[str, str]]  # (name, sha256)


@dataclass(frozen=True)
class ImportResult:
    snapshot: Snapshot
    new: bool
    warnings: list[tuple[str, str, str, str]]  # (entry id, code, value, message)
    duplicates: int = 0


class Store:
    def __init__(self, path: Path) -> None:
        if not path.parent.is_dir():
            raise InputError(f"folder for the store does not exist: {path.parent}")
        self.path = path
        try:
            self.db = sqlite3.connect(path, isolation_level=None)
            self.db.execute("PRAGMA foreign_keys = ON")
            # a bounded page cache large enough for the entries index of a million-entry import
            self.db.execute("PRAGMA cache_size = -65536")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{path} is not a tracker store: {exc}") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Bring the store to the newest schema, one migration per transaction."""
        for number in range(self.version, len(MIGRATIONS)):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    # --- snapshots ----------------------------------------------------------------------------

    def snapshots(self, source: str | None = None) -> list[Snapshot]:
        query = "SELECT id, source, as_of, published, entries, counts FROM snapshots"
        rows = self.db.execute(
            query + (" WHERE source = ? ORDER BY id" if source else " ORDER BY id"),
            (source,) if source else (),
        ).fetchall()
        return [self._snapshot(row) for row in rows]

    def snapshot(self, snapshot_id: int) -> Snapshot:
        row = self.db.execute(
            "SELECT id, source, as_of, published, entries, counts FROM snapshots WHERE id = ?",
            (snapshot_id,),
        ).fetchone()
        if row is None:
            raise InputError(f"no snapshot {snapshot_id} in {self.path}")
        return self._snapshot(row)

    def snapshot_of(self, source: str, snapshot_id: int | None = None) -> Snapshot:
        """A snapshot of this source: the one asked for, else the latest."""
        if snapshot_id is None:
            snapshots = self.snapshots(source)
            if not snapshots:
                raise InputError(f"no snapshot of {source} in {self.path}")
            return snapshots[-1]
        snapshot = self.snapshot(snapshot_id)
        if snapshot.source != source:
            raise InputError(f"snapshot {snapshot_id} is of {snapshot.source}, not {source}")
        return snapshot

    def _snapshot(self, row: tuple[Any, ...]) -> Snapshot:
        files = self.db.execute(
            "SELECT name, sha256 FROM snapshot_files WHERE snapshot_id = ? ORDER BY name", (row[0],)
        ).fetchall()
        return Snapshot(
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            json.loads(row[5]),
            [(f[0], f[1]) for f in files],
        )

    def find(self, source: str, hashes: list[tuple[str, str]]) -> Snapshot | None:
        """The snapshot of this source imported from exactly these files, if any."""
        wanted = sorted(h for _, h in hashes)
        for snapshot in self.snapshots(source):
            if sorted(h for _, h in snapshot.files) == wanted:
                return snapshot
        return None

    # --- import -------------------------------------------------------------------------------

    def import_files(
        self,
        source_name: str,
        paths: Sequence[Path],
        as_of: str,
        progress: Callable[[Iterable[Batch]], Iterable[Batch]] = lambda b: b,
        workers: int | None = None,
    ) -> ImportResult:
        """Import a list's files as a new snapshot, in one transaction. ``workers``: parsing
        processes (default: two for a large file of a splittable source, else one)."""
        source = sources().get(source_name)
        if source is None:
            raise InputError(
                f"unknown source {source_name!r}; one of: " + ", ".join(sorted(sources()))
            )
        files = files_in(paths)
        for path in files:
            if not path.is_file():
                raise InputError(f"no such file: {path}")
        hashes = [(p.name, file_sha256(p)) for p in files]
        existing = self.find(source_name, hashes)
        if existing is not None:
            return ImportResult(existing, new=False, warnings=[])
        published, _ = source.parse(files, (0, 1))  # checks the file set before anything starts
        self.db.execute("BEGIN IMMEDIATE")
        try:
            snapshot_id = self._new_snapshot(source_name, files, hashes, published.date, as_of)
            parts = all_batches(source, files, snapshot_id, workers or workers_for(source, files))
            result = self._insert(snapshot_id, files, progress(parts))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return result

    def _new_snapshot(
        self,
        source: str,
        files: list[Path],
        hashes: list[tuple[str, str]],
        published: str | None,
        as_of: str,
    ) -> int:
        snapshot_id = self.db.execute(
            "INSERT INTO snapshots (source, as_of, published) VALUES (?, ?, ?)",
            (source, as_of, published),
        ).lastrowid
        assert snapshot_id is not None
        self.db.executemany(
            "INSERT INTO snapshot_files VALUES (?, ?, ?, ?)",
            [
                (snapshot_id, name, digest, path.stat().st_size)
                for path, (name, digest) in zip(files, hashes, strict=True)
            ],
        )
        return snapshot_id

    def _insert(
        self, snapshot_id: int, files: list[Path], batches: Iterable[Batch]
    ) -> ImportResult:
        counts: Counter[str] = Counter()
        warnings: list[tuple[str, str, str, str]] = []
        for batch in batches:
            batch.rows.sort(key=itemgetter(1))  # in key order: fewer pages touched per batch
            self._insert_entries(batch.rows)
            counts.update(batch.counts)
            warnings.extend(batch.warnings)
        parsed = sum(counts.values())
        if parsed == 0:
            raise ListFormatError(f"no entries found in {', '.join(p.name for p in files)}")
        stored = self.db.execute(
            "SELECT COUNT(*) FROM entries WHERE snapshot_id = ?", (snapshot_id,)
        ).fetchone()[0]
        self.db.executemany(
            "INSERT INTO entry_warnings VALUES (?, ?, ?, ?, ?)",
            [(snapshot_id, *w) for w in warnings],
        )
        self.db.execute(
            "UPDATE snapshots SET entries = ?, counts = ? WHERE id = ?",
            (stored, json.dumps(dict(sorted(counts.items()))), snapshot_id),
        )
        return ImportResult(
            self.snapshot(snapshot_id), new=True, warnings=warnings, duplicates=parsed - stored
        )

    def _insert_entries(self, batch: list[tuple[Any, ...]]) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch
        )

    # --- reading ------------------------------------------------------------------------------

    def entries(self, snapshot_id: int) -> Iterator[dict[str, Any]]:
        cursor = self.db.execute(
            f"SELECT {', '.join(ENTRY_FIELDS)} FROM entries WHERE snapshot_id = ? "
            "ORDER BY entry_id",
            (snapshot_id,),
        )
        for row in cursor:
            yield entry_dict(row)

    def warnings(self, snapshot_id: int) -> list[tuple[str, str, str, str]]:
        return [
            tuple(r)
            for r in self.db.execute(
                "SELECT entry_id, code, value, message FROM entry_warnings WHERE snapshot_id = ? "
                "ORDER BY entry_id, code",
                (snapshot_id,),
            )
        ]


def entry_dict(row: Sequence[Any]) -> dict[str, Any]:
    return {
        name: json.loads(value) if name in JSON_FIELDS else value
        for name, value in zip(ENTRY_FIELDS, row, strict=True)
    }
