"""A `tracker serve` for tests: the real application on uvicorn, bound to 127.0.0.1 on a free
port the operating system picks, in a thread of the test process; and a store of real list
files (the UK list, an OpenSanctions FtM file, the 2021 SDN list) built once per session."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import uvicorn

from tracker.serve.app import create_app
from tracker.serve.state import Settings

FIXTURES = Path(__file__).parent / "fixtures"
UK = FIXTURES / "official-current" / "uk_fcdo"
FTM = FIXTURES / "official-current" / "opensanctions_ftm" / "yente_zala_entities.ftm.json"
SDN_2018 = FIXTURES / "official" / "us_ofac_sdn" / "snapshot_2018"
SDN_2021 = FIXTURES / "official" / "us_ofac_sdn" / "snapshot_2021"
LISTS = (
    ("uk", [UK], "2026-09-08"),
    ("ftm", [FTM], "2026-09-08"),
    ("ofac-sdn", [SDN_2021], "2021-07-07"),
)
NOW = dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC)


def fixed_clock(now: dt.datetime = NOW) -> dt.datetime:
    return now


def build_store(db: Path, lists: tuple[tuple[str, list[Path], str], ...] = LISTS) -> Path:
    """Import the lists as `tracker import` does (each snapshot indexed)."""
    from tests.hostile import cli

    for source, paths, as_of in lists:
        run = cli("import", source, *paths, "--db", db, "--as-of", as_of)
        assert run.code == 0, run.output
    return db


def copy_store(db: Path, folder: Path) -> Path:
    target = folder / "lists.db"
    shutil.copyfile(db, target)
    return target


class Running:
    """A server and its address."""

    def __init__(self, server: uvicorn.Server, thread: threading.Thread, settings: Settings):
        self.server = server
        self.thread = thread
        self.settings = settings
        sockets = server.servers[0].sockets
        self.port = int(sockets[0].getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"


@contextmanager
def running(settings: Settings) -> Iterator[Running]:
    """The application served on 127.0.0.1 until the block ends."""
    settings = replace(settings, host="127.0.0.1", port=0)
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=0, log_level="warning", access_log=False
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120  # the score loads its name data at start-up
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    found = Running(server, thread, settings)
    try:
        yield found
    finally:
        server.should_exit = True
        thread.join(10)
