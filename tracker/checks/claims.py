"""claim-series: claims on one subject and unit, in as_of order, cannot contradict.

A claim is read as an interval (``tracker/records/claims.py``). The claimed quantity is taken
to be cumulative, so it cannot shrink: a later claim whose upper bound lies below an earlier
claim's lower bound contradicts it. Claims on the same date must overlap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from tracker import codes
from tracker.checks.registry import rule
from tracker.context import Context
from tracker.problems import Problem, Severity
from tracker.records.claims import Bounds, bounds
from tracker.records.load import Dataset, Table
from tracker.records.models import Claim


def series_key(claim: Claim) -> tuple[str, str]:
    return (" ".join(claim.subject.casefold().split()), " ".join(claim.unit.casefold().split()))


@rule(codes.CLAIM_SERIES)
def claim_series(dataset: Dataset, context: Context) -> Iterator[Problem]:
    table = dataset.table(Claim)
    series: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, claim in table:
        if bounds(claim) is not None:
            series[series_key(claim)].append(index)
    for indexes in series.values():
        if len(indexes) > 1:
            yield from check_series(table, indexes)


def check_series(table: Table[Claim], indexes: list[int]) -> Iterator[Problem]:
    """Linear after sorting: each dated claim is compared with the strongest lower bound of
    the claims dated before it, and with the claims of its own date."""
    limits = {i: bounds_of(table, i) for i in indexes}
    dated = [i for i in indexes if table.records[i].as_of is not None]
    undated = [i for i in indexes if table.records[i].as_of is None]
    by_day: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for index in dated:
        by_day[as_of_key(table.records[index])].append(index)
    strongest: int | None = None  # the earlier claim with the highest lower bound
    for day in sorted(by_day):
        same_day = by_day[day]
        for index in same_day:
            if strongest is not None and limits[index].below(limits[strongest]):
                yield contradiction(table, index, strongest, limits, "later than")
        # claims of one date must all overlap: the lowest upper bound reaches the highest low
        high = max(same_day, key=lambda i: lower_key(limits[i]))
        low = min(same_day, key=lambda i: upper_key(limits[i]))
        if limits[low].below(limits[high]):
            yield contradiction(table, low, high, limits, "on the same date as")
        for index in same_day:
            if strongest is None or lower_key(limits[index]) > lower_key(limits[strongest]):
                strongest = index
    yield from unordered(table, undated, indexes, limits)


def as_of_key(claim: Claim) -> tuple[int, int, int]:
    assert claim.as_of is not None
    return claim.as_of.key()


def lower_key(b: Bounds) -> tuple[Decimal, bool]:
    return (b.low, b.low_open)


def upper_key(b: Bounds) -> tuple[bool, Decimal, bool]:
    """Sorts the lowest upper bound first; no upper bound sorts last."""
    return (b.high is None, b.high or Decimal(0), not b.high_open)


def bounds_of(table: Table[Claim], index: int) -> Bounds:
    result = bounds(table.records[index])
    assert result is not None
    return result


def contradiction(
    table: Table[Claim], index: int, earlier: int, limits: dict[int, Bounds], when: str
) -> Problem:
    claim, before = table.records[index], table.records[earlier]
    return codes.CLAIM_SERIES(
        table.where(index, "quantity"),
        f"{claim.claimant!r} claims {limits[index].describe(claim)} {claim.unit} "
        f"(as of {claim.as_of}), {when} {before.claimant!r}'s "
        f"{limits[earlier].describe(before)} (as of {before.as_of}): the count cannot shrink",
        value=claim.quantity,
        related=[table.where(earlier, "quantity")],
    )


def unordered(
    table: Table[Claim], undated: list[int], indexes: list[int], limits: dict[int, Bounds]
) -> Iterator[Problem]:
    """An undated claim that would contradict another in some order is a warning: the rule
    cannot tell which came first. Only the two strongest bounds each way need comparing."""
    if not undated:
        return
    highest_lows = sorted(indexes, key=lambda i: lower_key(limits[i]), reverse=True)[:2]
    lowest_highs = sorted(indexes, key=lambda i: upper_key(limits[i]))[:2]
    for index in undated:
        mine = limits[index]
        other = next((i for i in highest_lows if i != index), None)
        if other is None or not mine.below(limits[other]):
            other = next((i for i in lowest_highs if i != index), None)
            if other is None or not limits[other].below(mine):
                continue
        claim, theirs = table.records[index], table.records[other]
        yield codes.CLAIM_SERIES(
            table.where(index, "as_of"),
            f"{claim.claimant!r}'s {mine.describe(claim)} and {theirs.claimant!r}'s "
            f"{limits[other].describe(theirs)} {claim.unit} contradict in one order, but this "
            "claim has no as_of to order them",
            hint="fill in as_of so the series can be checked",
            related=[table.where(other, "quantity")],
            severity=Severity.warning,
        )
