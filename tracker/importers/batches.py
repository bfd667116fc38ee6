"""Entries as rows for the store, in batches; a large file of a splittable source is parsed by
two worker processes at once (each takes every other entry), which is what lets a 2-core
machine import a million OFAC entries at the rate the issue asks for. The store itself is
written by the calling process only, inside its one transaction.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring_ascii as quote
from pathlib import Path
from typing import Any

from tracker.importers import Entry, ListFormatError, Source, identifier_warnings, sources

BATCH = 5_000
PARALLEL_FROM_BYTES = 8 << 20  # below this, starting processes costs more than it saves


@dataclass
class Batch:
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    warnings: list[tuple[str, str, str, str]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


def row_of(snapshot_id: int, entry: Entry) -> tuple[Any, ...]:
    """The entry as a row of the store's entries table."""
    return (
        snapshot_id,
        entry.entry_id,
        entry.entity_type,
        entry.name,
        as_json(entry.aliases),
        as_json(entry.countries),
        as_json(entry.programs),
        entry.listed_on,
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
    source: Source, files: Sequence[Path], snapshot_id: int, part: tuple[int, int] = (0, 1)
) -> Iterator[Batch]:
    """The source's entries (this part of them) as batches of store rows."""
    _, entries = source.parse(files, part)
    batch = Batch()
    for entry in entries:
        batch.counts[entry.entity_type] += 1
        for code, value, message in identifier_warnings(entry):
            batch.warnings.append((entry.entry_id, code, value, message))
        batch.rows.append(row_of(snapshot_id, entry))
        if len(batch.rows) >= BATCH:
            yield batch
            batch = Batch()
    yield batch


def workers_for(source: Source, files: Sequence[Path]) -> int:
    if not source.splittable or sum(p.stat().st_size for p in files) < PARALLEL_FROM_BYTES:
        return 1
    return min(2, os.cpu_count() or 1)


def all_batches(
    source: Source, files: Sequence[Path], snapshot_id: int, workers: int
) -> Iterator[Batch]:
    """Batches parsed here, or by ``workers`` processes."""
    if workers <= 1:
        yield from batches(source, files, snapshot_id)
        return
    context = multiprocessing.get_context("fork")
    queue: Any = context.Queue(maxsize=4 * workers)  # bounded: memory stays flat
    processes = [
        context.Process(
            target=work,
            args=(source.name, files, snapshot_id, (k, workers), queue, os.getpid()),
            daemon=True,
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
                raise RuntimeError(f"an import worker failed: {payload}")
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()


def work(
    source_name: str,
    files: Sequence[Path],
    snapshot_id: int,
    part: tuple[int, int],
    queue: Any,
    parent: int,
) -> None:
    """A worker process: parse one part, hand batches to the parent, die with it."""
    die_with_parent(parent)
    try:
        for batch in batches(sources()[source_name], files, snapshot_id, part):
            queue.put(("batch", batch))
        queue.put(("done", None))
    except ListFormatError as exc:
        queue.put(("format-error", str(exc)))
    except BaseException as exc:  # reported to the parent, which rolls back
        queue.put(("error", f"{type(exc).__name__}: {exc}"))


def die_with_parent(parent: int) -> None:
    """A killed import must not leave its workers behind (Linux: PR_SET_PDEATHSIG)."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: no such call
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
