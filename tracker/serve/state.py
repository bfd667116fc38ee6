"""What a running server is given (the store, its limits, its clock) and what it holds (the
page's sessions), passed to every route; nothing global. The clock is read here only, so tests
give their own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tracker.lists.store import Store
from tracker.serve.auth import Sessions

MAX_QUERIES = 100  # per /match request, as yente's YENTE_MAX_BATCH; and rows of an upload
MAX_BODY = 2_000_000  # bytes of a request body
MAX_UPLOAD = 20_000_000  # bytes of an uploaded query file
TIMEOUT = 30.0  # seconds a request may screen for


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Settings:
    db: Path
    host: str = "127.0.0.1"
    port: int = 8000
    max_queries: int = MAX_QUERIES
    max_body: int = MAX_BODY
    max_upload: int = MAX_UPLOAD
    timeout: float = TIMEOUT
    log_queries: bool = False
    clock: Callable[[], dt.datetime] = utc_now


@dataclass
class Served:
    settings: Settings
    sessions: Sessions = field(default_factory=Sessions)

    @contextmanager
    def reader(self) -> Iterator[Store]:
        """The store for reading. No read transaction spans a request (a long one would hold
        an import back): a request picks its snapshots once, and a snapshot never changes."""
        with Store(self.settings.db) as store:
            yield store

    @contextmanager
    def writer(self) -> Iterator[Store]:
        """The store for writing decisions, keys and watches (each in its own transaction)."""
        with Store(self.settings.db, "w") as store:
            yield store

    def now(self) -> dt.datetime:
        return self.settings.clock()
