"""Property: valid revision chains pass; one changed number fires exactly the affected rules."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import minimal_tables, write_dataset
from tracker.checks import run_checks
from tracker.context import Context
from tracker.records.load import load_dataset

RULES = ["revision-arithmetic", "revision-chain"]
FIELDS = ["previous_count", "added", "removed", "new_count"]


@st.composite
def chains(draw: st.DrawFn) -> list[dict[str, int]]:
    count = draw(st.integers(1, 6))
    size = draw(st.integers(0, 5000))
    revisions = []
    for _ in range(count):
        added = draw(st.integers(0, 500))
        removed = draw(st.integers(0, size + added))
        revisions.append(
            {
                "previous_count": size,
                "added": added,
                "removed": removed,
                "new_count": size + added - removed,
            }
        )
        size = size + added - removed
    return revisions


def findings(revisions: list[dict[str, int]], file_order: list[int]) -> set[tuple[str, int]]:
    """(rule, chain position) of every finding, with the file rows written in ``file_order``."""
    start = dt.date(2024, 1, 1)
    base = minimal_tables()["control_list_revisions.csv"][0]
    rows = [
        dict(
            base,
            id=f"r{k}",
            announced_on=(start + dt.timedelta(days=7 * k)).isoformat(),
            **{f: str(v) for f, v in revisions[k].items()},
        )
        for k in file_order
    ]
    with tempfile.TemporaryDirectory() as tmp:
        dataset = load_dataset(write_dataset(Path(tmp), {"control_list_revisions.csv": rows}))
        assert list(dataset.problems) == []
        problems = run_checks(dataset, Context(as_of=dt.date(2030, 1, 1)), RULES)
    position_of_row = {row: file_order[i] for i, row in enumerate(range(2, len(rows) + 2))}
    return {(p.code, position_of_row[p.row]) for p in problems if p.row is not None}


@settings(max_examples=60, deadline=None)
@given(chains(), st.data())
def test_valid_chains_pass_and_one_change_fires_exactly_the_affected_rules(
    revisions: list[dict[str, int]], data: st.DataObject
) -> None:
    order = data.draw(st.permutations(range(len(revisions))))
    assert findings(revisions, order) == set()

    k = data.draw(st.integers(0, len(revisions) - 1), label="revision")
    field = data.draw(st.sampled_from(FIELDS), label="field")
    old = revisions[k][field]
    new = data.draw(st.integers(0, old + 1000).filter(lambda v: v != old), label="new value")
    changed = [dict(r) for r in revisions]
    changed[k][field] = new

    expected = {("revision-arithmetic", k)}
    if field == "previous_count" and k > 0:
        expected.add(("revision-chain", k))
    if field == "new_count" and k + 1 < len(revisions):
        expected.add(("revision-chain", k + 1))
    assert findings(changed, order) == expected
