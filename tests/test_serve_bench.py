"""Tiny-scale runs of bench/serve.py: every case runs against a real `tracker serve` process
and its figures say what the case measured (no timing is asserted: bench/RESULTS.md holds
the figures)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench import serve as bench

CSL = Path(__file__).parent / "fixtures" / "official" / "us_trade_csl"
TINY: tuple[bench.Import, ...] = (("uk", bench.UK, "2026-09-08"),)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bench.store_of(tmp_path_factory.mktemp("bench-serve"), TINY)


def numbers(line: str) -> list[int]:
    return [int(n.replace(",", "")) for n in re.findall(r"\b\d[\d,]*\b", line)]


def test_load_measures_the_server_beside_the_library(db: Path) -> None:
    lines = bench.case_load(db, clients=2, seconds=1, count=20)
    rows = [line for line in lines[2:] if line.startswith("|")]
    assert [r.split(" | ")[0] for r in rows] == [
        "| /match, 1 per request, 2 clients",
        "| library directly, 1 per call, 1 thread",
        "| /match, 10 per request, 2 clients",
        "| library directly, 10 per call, 1 thread",
    ]
    for row in rows:
        requests, queries, errors = (int(c.replace(",", "")) for c in row.split(" | ")[1:4])
        assert requests > 0 and errors == 0
        assert queries == requests * (10 if "10 per" in row else 1)


def test_soak_samples_the_server_memory(db: Path) -> None:
    (line,) = bench.case_soak(db, clients=2, seconds=2)
    assert "0 errors" in line and "samples" in line


def test_an_import_while_serving_gives_the_old_or_the_new_answer(tmp_path: Path) -> None:
    before = [*TINY, ("csl", CSL / "csl_2019_subset.csv", "2019-06-01")]
    after = ("csl", CSL / "consolidated_2025_subset.csv", "2025-06-01")
    batch = ["Petrel 8", "Jal Vahini", "AL NASER AIRLINES", "ROSTEC", "SERVICIOS DE SEGURIDAD"]
    (line,) = bench.case_swap(tmp_path, 2, before, after, batch)
    found = re.search(
        r"(\d[\d,]*) answers, (\d+) the old one, (\d+) the new one, (\d+) mixed", line
    )
    assert found and int(found.group(4)) == 0 and "answer differs" in line
    assert int(found.group(2)) + int(found.group(3)) > 0


def test_no_acknowledged_decision_is_lost_to_a_kill(tmp_path: Path) -> None:
    (line,) = bench.case_restart(tmp_path, clients=2, seconds=3)
    assert line.endswith(", 0 acknowledged ones lost.")
    assert re.search(r"([1-9][\d,]*) acknowledged", line)
