"""Runs an importer into the store: the list's files -> entries -> rows of one new snapshot, in
one transaction. Whether the same files were imported already is decided inside that
transaction, so two imports of one file set at once give one snapshot.

A large file of a splittable source is parsed by two worker processes (each takes every other
entry), which lets a 2-core machine import a million OFAC entries at about 50,000 a second. The
workers are started with ``spawn`` (as on Windows and macOS) and exit when the importing
process does; the store is written by the importing process only.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring_ascii as quote
from operator import itemgetter
from pathlib import Path
from typing import Any

from tracker import codes
from tracker.digest import file_sha256
from tracker.errors import InputError, ListFormatError, not_a_file
from tracker.lists.importers import registry
from tracker.lists.importers.base import Entry, ListFormat, entry_problems, files_in, listed_day
from tracker.lists.store import Snapshot, Store
from tracker.problems import Location, Problem, Problems
from tracker.processes import watch_parent
from tracker.render import counts_text, printable

BATCH = 5_000
PARALLEL_FROM_BYTES = 8 << 20  # below this, starting processes costs more than it saves


@dataclass
class Batch:
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    warnings: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, code, value, msg
    counts: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class ImportResult:
    snapshot: Snapshot
    new: bool
    problems: Problems

    def line(self) -> str:
        """The line `tracker import` prints first."""
        snapshot = self.snapshot
        if not self.new:
            return (
                f"already imported: these files are snapshot {snapshot.id} of "
                f"{snapshot.source} ({snapshot.entries:,} entries); nothing added"
            )
        return (
            f"imported {snapshot.source} snapshot {snapshot.id}: {snapshot.entries:,} entries "
            f"({counts_text(snapshot.counts)}), as of {snapshot.as_of}"
            + (f", published {printable(snapshot.published)}" if snapshot.published else "")
        )

    def summary(self) -> dict[str, Any]:
        """The summary that `--format json` prints."""
        return {
            "snapshot": self.snapshot.id,
            "new": self.new,
            "entries": self.snapshot.entries,
            "counts": self.snapshot.counts,
            "warnings": self.problems.warnings,
            "not_listed": self.problems.not_listed_by_code(),
        }

    def exit_code(self, strict: bool = False) -> int:
        """0; 1 when strict and there are warnings (an import has no errors: it fails whole)."""
        return 1 if strict and self.problems.warnings else 0


WARNING_FIELDS = {"imo": "imo", "imo-company": "company_imo", "entity-type": "entity_type"}
Progress = Callable[[Iterable[Batch]], Iterable[Batch]]


def list_files(paths: Sequence[Path]) -> list[Path]:
    """The files of an import (folders expanded), each a regular file: checked before the
    store is opened, so a wrong path creates no store."""
    files = files_in(paths)
    if not files:
        raise InputError("no files given: " + ", ".join(str(p) for p in paths))
    for path in files:
        if not path.is_file():
            raise not_a_file(path, "list file")
    return files


def import_files(
    store: Store,
    source_name: str,
    paths: Sequence[Path],
    as_of: str,
    progress: Progress = lambda batches: batches,
    workers: int | None = None,
) -> ImportResult:
    """Import a list's files as a new snapshot of ``source_name``, in one transaction; the
    same files again add nothing. ``workers``: parsing processes (default: two for a large
    file of a splittable source, else one)."""
    source = registry.source(source_name)
    files = list_files(paths)
    hashes = [(p.name, file_sha256(p)) for p in files]
    published, _ = source.parse(files, (0, 1))  # checks the file set before anything starts
    list_date, date_problem = checked_published(published.date, as_of, source_name)
    with store.transaction():
        existing = store.find(source_name, hashes)
        if existing is not None:
            return ImportResult(existing, new=False, problems=Problems())
        described = [(n, h, p.stat().st_size) for p, (n, h) in zip(files, hashes, strict=True)]
        snapshot_id = store.new_snapshot(source_name, described, list_date, as_of)
        parallel = workers or workers_for(source, files)
        counts: Counter[str] = Counter()
        warnings: list[tuple[str, str, str, str]] = []
        for batch in progress(all_batches(source, files, parallel)):
            batch.rows.sort(key=itemgetter(0))  # in key order: fewer pages touched per batch
            store.insert_entries(snapshot_id, batch.rows)
            counts.update(batch.counts)
            warnings.extend(batch.warnings)
        parsed = sum(counts.values())
        if parsed == 0:
            raise ListFormatError(f"no entries found in {', '.join(p.name for p in files)}")
        stored = store.finish_snapshot(snapshot_id, dict(counts))
        store.insert_warnings(snapshot_id, warnings)
    problems = warning_problems(source_name, warnings)
    if date_problem is not None:
        problems.add(date_problem)
    if parsed > stored:
        problems.add(
            codes.ENTRY_DUPLICATE(
                Location(source_name),
                f"{parsed - stored:,} entries repeated an entry id and were not stored again",
                value=parsed - stored,
            )
        )
    return ImportResult(store.snapshot(snapshot_id), new=True, problems=problems)


GRACE = dt.timedelta(days=1)  # a list dated by its publisher's clock, a time zone ahead


def checked_published(
    published: str | None, as_of: str, source: str
) -> tuple[str | None, Problem | None]:
    """The list's own date as stored, and a warning when it cannot order the snapshots: a
    text that is not a date is not stored (the warning keeps it); a date later than the run's
    date (a day's grace for time zones) is stored but never orders the snapshot later than
    the date it was imported as of, so a file dated 9999-12-31 cannot stay the "latest"
    snapshot that screen and diff use."""
    if published is None:
        return None, None
    where = Location(source, None, "published")
    try:
        day = dt.date.fromisoformat(published) if len(published) == 10 else None
    except ValueError:
        day = None
    partial = len(published) in (4, 7) and re.fullmatch(r"[0-9]{4}(-[0-9]{2})?", published)
    if day is None and not partial:
        return None, codes.LIST_DATE(
            where,
            f"the list's own date {published[:40]!r} is not a date (YYYY-MM-DD); the snapshot "
            f"is ordered by the date it was imported as of, {as_of}",
            value=published[:40],
        )
    if published[: len(as_of)] > (dt.date.fromisoformat(as_of) + GRACE).isoformat():
        return published, codes.LIST_DATE(
            where,
            f"the list says it was published {published}, after the run's date {as_of} (--as-of, "
            "default today); the snapshot is ordered by the date it was imported as of instead",
            value=published,
        )
    return published, None


def warning_problems(source: str, warnings: Iterable[tuple[str, str, str, str]]) -> Problems:
    """Stored entry warnings as Problems (the file is the source; the record, the entry)."""
    problems = Problems()
    for entry_id, code_id, value, message in warnings:
        code = codes.CATALOGUE[code_id]
        where = Location(source, None, WARNING_FIELDS.get(code_id), entry_id)
        problems.add(code(where, message, value=value, severity=codes.WARNING))
    return problems


# --- entries as rows ----------------------------------------------------------------------------


def row_of(entry: Entry) -> tuple[Any, ...]:
    """The entry as a row of the store's entries table (ENTRY_FIELDS order)."""
    return (
        entry.entry_id,
        entry.entity_type,
        entry.name,
        as_json(entry.aliases),
        as_json(entry.countries),
        as_json(entry.programs),
        listed_day(entry.listed_on),
        entry.imo,
        entry.flag,
        entry.call_sign,
        entry.remarks,
        as_json(entry.details),
    )


def as_json(value: list[str] | dict[str, list[str]]) -> str:
    """JSON text of a list of strings, or of a mapping of such lists (keys sorted, so equal
    entries give equal text). Written with the C string escaper directly: the generic encoder
    costs four times as much, which shows at a million entries."""
    if isinstance(value, dict):
        return (
            "{"
            + ",".join(f"{quote(k)}:[{','.join(map(quote, value[k]))}]" for k in sorted(value))
            + "}"
        )
    return "[" + ",".join(map(quote, value)) + "]"


def batches(
    source: ListFormat, files: Sequence[Path], part: tuple[int, int] = (0, 1)
) -> Iterator[Batch]:
    """The source's entries (this part of them) as batches of store rows."""
    _, entries = source.parse(files, part)
    file = files[0].name if len(files) == 1 else source.name
    batch = Batch()
    for entry in entries:
        batch.counts[entry.entity_type] += 1
        for problem in entry_problems(entry, file):
            batch.warnings.append(
                (entry.entry_id, problem.code, problem.value or "", problem.message)
            )
        batch.rows.append(row_of(entry))
        if len(batch.rows) >= BATCH:
            yield batch
            batch = Batch()
    yield batch


# --- parallel parsing ---------------------------------------------------------------------------


def workers_for(source: ListFormat, files: Sequence[Path]) -> int:
    if not source.splittable or sum(p.stat().st_size for p in files) < PARALLEL_FROM_BYTES:
        return 1
    return min(2, os.cpu_count() or 1)


def all_batches(source: ListFormat, files: Sequence[Path], workers: int) -> Iterator[Batch]:
    """Batches parsed here, or by ``workers`` spawned processes."""
    if workers <= 1:
        yield from batches(source, files)
        return
    context = multiprocessing.get_context("spawn")
    queue: Any = context.Queue(maxsize=4 * workers)  # bounded: memory stays flat
    processes = [
        context.Process(
            target=work, args=(source.name, list(files), (k, workers), queue), daemon=True
        )
        for k in range(workers)
    ]
    for process in processes:
        process.start()
    try:
        finished = 0
        while finished < workers:
            kind, payload = queue.get()
            if kind == "batch":
                yield payload
            elif kind == "done":
                finished += 1
            elif kind == "format-error":
                raise ListFormatError(payload)
            else:
                raise InputError(f"an import worker failed: {payload}")
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()
        queue.close()


def work(source_name: str, files: list[Path], part: tuple[int, int], queue: Any) -> None:
    """A worker process: parse one part, hand batches to the importing process, and exit as
    soon as that process is gone (a killed import leaves no worker behind)."""
    watch_parent()
    try:
        for batch in batches(registry.source(source_name), files, part):
            queue.put(("batch", batch))
        queue.put(("done", None))
    except ListFormatError as exc:
        queue.put(("format-error", str(exc)))
    except BaseException as exc:  # reported to the importing process, which rolls back
        queue.put(("error", f"{type(exc).__name__}: {exc}"))
