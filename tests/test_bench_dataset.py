"""The benchmark's synthetic dataset, at small scale: the checks find exactly the faults the
generator injected (the benchmark asserts the same at 1M designations)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from bench.generate import generate
from tracker.checks import run_checks
from tracker.context import Context
from tracker.records.load import load_dataset


def test_checks_find_exactly_the_injected_faults(tmp_path: Path) -> None:
    counts = generate(tmp_path, designations=30_000, revisions=3_000, claims=3_000)
    assert counts["designations.csv"] == 30_000 + 10  # plus the rows with a bad IMO number
    dataset = load_dataset(tmp_path)
    problems = run_checks(dataset, Context(as_of=dt.date(2024, 1, 1)))
    found = sorted([p.severity.value, p.code, p.file, p.row, p.field] for p in problems)
    expected = json.loads((tmp_path / "expected.json").read_text())
    assert found == expected
    assert {rule for _, rule, *_ in expected} >= {
        "revision-arithmetic", "revision-chain", "date-order", "stated-vs-itemized",
        "stated-total", "duplicate", "imo", "claim-series", "quote-numbers", "quote-verbatim",
        "event-weekday", "name-conflict",
    }  # fmt: skip
