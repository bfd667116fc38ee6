"""Tiny inline datasets for tests: one valid record per file, every quote in one source text."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from tracker.records.models import RECORD_TYPES, columns
from tracker.records.tables import write_csv

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "data"

SOURCE_TEXT = """Seoul imposed sanctions on four Russian ships, five organizations and eight
individuals, 17 parties in all. There are 1,159 items on the list; Seoul will add 243 new items,
bringing the total to 1,402. The ship Ocean Star (IMO 9074729) was listed.
Officials say more than 1,000 containers were sent. The pact was signed on Wednesday, June 19.
National Security Adviser Chang Ho-jin spoke.
"""

Rows = list[dict[str, str]]


def minimal_tables() -> dict[str, Rows]:
    """One valid record per file; tests override whole files."""
    cite = {"source_id": "src"}
    return {
        "sources.csv": [{"id": "src", "file": "src.txt", "title": "Test source", "language": "en"}],
        "authorities.csv": [
            {
                "id": "gov",
                "name": "Seoul",
                "country": "KR",
                "kind": "government",
                **cite,
                "quote": "Seoul imposed sanctions",
            }
        ],
        "actions.csv": [
            {
                "id": "act",
                "authority_id": "gov",
                "summary": "Sanctions",
                "target_country": "RU",
                "stated_vessels": "4",
                "stated_organizations": "5",
                "stated_persons": "8",
                "stated_total": "17",
                **cite,
                "quote": "sanctions on four Russian ships, five organizations and eight "
                "individuals, 17 parties in all",
            }
        ],
        "designations.csv": [
            {
                "id": "ocean-star",
                "action_id": "act",
                "entity_type": "vessel",
                "name": "Ocean Star",
                "imo": "9074729",
                "flag": "RU",
                **cite,
                "quote": "The ship Ocean Star (IMO 9074729) was listed.",
            }
        ],
        "control_lists.csv": [
            {
                "id": "list",
                "authority_id": "gov",
                "name": "Export controls",
                "unit": "items",
                **cite,
                "quote": "There are 1,159 items on the list",
            }
        ],
        "control_list_revisions.csv": [
            {
                "id": "rev",
                "list_id": "list",
                "previous_count": "1159",
                "added": "243",
                "new_count": "1402",
                "announced_on": "2024-06-20",
                **cite,
                "quote": "There are 1,159 items on the list; Seoul will add 243 new items, "
                "bringing the total to 1,402.",
            }
        ],
        "control_items.csv": [],
        "claims.csv": [
            {
                "id": "claim",
                "claimant": "Officials",
                "subject": "containers",
                "quantity": "1000",
                "unit": "containers",
                "qualifier": "more_than",
                **cite,
                "quote": "more than 1,000 containers were sent",
            }
        ],
        "events.csv": [
            {
                "id": "pact",
                "description": "Pact signed",
                "on": "2024-06-19",
                "stated_weekday": "Wednesday",
                **cite,
                "quote": "The pact was signed on Wednesday, June 19.",
            }
        ],
        "officials.csv": [
            {
                "id": "chang",
                "name": "Chang Ho-jin",
                "role": "national security adviser",
                "country": "KR",
                **cite,
                "quote": "National Security Adviser Chang Ho-jin",
            }
        ],
    }


def write_dataset(
    directory: Path, overrides: dict[str, Rows] | None = None, source_text: str = SOURCE_TEXT
) -> Path:
    tables = minimal_tables() | (overrides or {})
    (directory / "sources").mkdir(parents=True, exist_ok=True)
    (directory / "sources" / "src.txt").write_text(source_text, encoding="utf-8")
    for record_type in RECORD_TYPES:
        rows = tables.get(record_type.FILE, [])  # a file added later (optional) may be empty
        write_csv(directory / record_type.FILE, columns(record_type), rows)
    return directory


MakeDataset = Callable[..., Path]


@pytest.fixture
def make_dataset(tmp_path: Path) -> MakeDataset:
    """make_dataset(overrides) -> a dataset directory with the minimal tables, some replaced."""
    counter = iter(range(1000))

    def make(overrides: dict[str, Rows] | None = None, **kwargs: Any) -> Path:
        return write_dataset(tmp_path / f"data{next(counter)}", overrides, **kwargs)

    return make


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    """A copy of the bundled dataset, safe to mutate."""
    target = tmp_path / "data"
    shutil.copytree(BUNDLED, target)
    return target


def import_into(
    db: Path,
    source: str,
    paths: list[Path],
    as_of: str,
    workers: int | None = None,
    index: bool = False,
) -> Any:
    """Import a list's files into the store at ``db`` (created when missing), as `tracker
    import` does (``index``: with the screening index, as the command builds it)."""
    import tracker

    with tracker.Store(db, "w") as store:
        return tracker.import_files(store, source, paths, as_of, workers=workers, index=index)


def build_report(
    directory: Path,
    out: Path,
    as_of: dt.date = dt.date(2024, 6, 24),
    store: Path | None = None,
    **options: Any,
) -> list[str]:
    """The report's sheet names, written by the call `tracker report` makes."""
    import tracker

    return tracker.build_report(directory, out, as_of, store, **options).sheets


SDN = REPO / "tests" / "fixtures" / "official" / "us_ofac_sdn"


@pytest.fixture(scope="session")
def sdn_store(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A store with the two real SDN snapshots (2018, 2021) and their screening indexes, built
    once per run through the API the import command uses (once for all of pytest-xdist's
    workers: the first builds it under a lock, the others wait and share it); tests take a
    copy (``sdn_copy``)."""
    base = tmp_path_factory.getbasetemp()
    root = base if worker_id == "master" else base.parent  # the workers' common folder
    db = root / "sdn-store" / "lists.db"
    with FileLock(root / "sdn-store.lock"):
        if not db.exists():
            building = root / "sdn-store-building" / "lists.db"
            shutil.rmtree(building.parent, ignore_errors=True)
            building.parent.mkdir()
            import_into(building, "ofac-sdn", [SDN / "snapshot_2018"], "2018-12-19", index=True)
            import_into(building, "ofac-sdn", [SDN / "snapshot_2021"], "2021-07-07", index=True)
            building.parent.rename(db.parent)
    return db


@pytest.fixture
def sdn_copy(sdn_store: Path, tmp_path: Path) -> Path:
    """A private copy of ``sdn_store``, safe to change."""
    copy = tmp_path / "sdn" / "lists.db"
    copy.parent.mkdir()
    shutil.copyfile(sdn_store, copy)
    return copy
