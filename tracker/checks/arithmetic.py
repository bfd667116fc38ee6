"""Counting rules: revisions add up and chain, items match revisions, stated counts add up and
match the itemized designations."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import pairwise

from tracker import codes
from tracker.checks.registry import rule
from tracker.codes import Code
from tracker.context import Context
from tracker.problems import Location, Problem, Severity
from tracker.records.load import Dataset
from tracker.records.models import (
    STATED_TYPES,
    Action,
    ControlItem,
    ControlListRevision,
    Designation,
)
from tracker.records.revisions import revision_date, revision_order

MAX_RELATED = 10


@rule(codes.REVISION_ARITHMETIC)
def revision_arithmetic(dataset: Dataset, context: Context) -> Iterator[Problem]:
    table = dataset.table(ControlListRevision)
    for index, rev in table:
        expected = rev.computed_new_count()
        if expected is not None and expected != rev.new_count:
            removed = rev.removed or 0
            yield codes.REVISION_ARITHMETIC(
                table.where(index, "new_count"),
                f"{rev.previous_count:,} + {rev.added:,} - {removed:,} = {expected:,}, "
                f"but new_count is {rev.new_count:,}",
                value=rev.new_count,
                related=[
                    table.where(index, f)
                    for f in ("previous_count", "added", "removed")
                    if getattr(rev, f) is not None
                ],
            )


@rule(codes.REVISION_CHAIN)
def revision_chain(dataset: Dataset, context: Context) -> Iterator[Problem]:
    table = dataset.table(ControlListRevision)
    for list_id, sequence in revision_order(table.records).items():
        undated = [i for i in sequence if revision_date(table.records[i]) is None]
        if undated and len(sequence) > 1:
            for index in undated:
                yield codes.REVISION_CHAIN(
                    table.where(index, "announced_on"),
                    f"list {list_id!r} has {len(sequence)} revisions but this one has no date, "
                    "so its place in the chain is unknown",
                    hint="fill in announced_on or effective_on",
                    severity=Severity.warning,
                )
        for prior, index in pairwise(sequence):
            if index in undated:
                continue
            before, rev = table.records[prior], table.records[index]
            if before.new_count is None or rev.previous_count is None:
                continue
            if before.new_count != rev.previous_count:
                yield codes.REVISION_CHAIN(
                    table.where(index, "previous_count"),
                    f"previous_count {rev.previous_count:,} does not follow the prior revision "
                    f"{before.id!r}, which ends at new_count {before.new_count:,}",
                    value=rev.previous_count,
                    related=[table.where(prior, "new_count")],
                )


@rule(codes.ITEMS_VS_REVISION)
def items_vs_revision(dataset: Dataset, context: Context) -> Iterator[Problem]:
    items = dataset.table(ControlItem)
    revisions = dataset.table(ControlListRevision)
    item_lists = {item.list_id for item in items.records}
    added = Counter(item.revision_id for item in items.records if item.revision_id)
    removed = Counter(item.removed_in for item in items.records if item.removed_in)
    initial = Counter(item.list_id for item in items.records if item.revision_id is None)
    for list_id, sequence in revision_order(revisions.records).items():
        if list_id not in item_lists:
            continue  # nothing itemized for this list
        on_list = initial[list_id]
        for index in sequence:
            rev = revisions.records[index]
            on_list += added[rev.id] - removed[rev.id]
            for field, stated, itemized in (
                ("added", rev.added, added[rev.id]),
                ("removed", rev.removed, removed[rev.id]),
                ("new_count", rev.new_count, on_list),
            ):
                if stated is not None:
                    yield from compare_counts(
                        codes.ITEMS_VS_REVISION,
                        revisions.where(index, field),
                        stated,
                        itemized,
                        f"{field} of {rev.id!r}",
                        "control items",
                    )


def compare_counts(
    code: Code,
    where: Location,
    stated: int,
    itemized: int,
    what: str,
    rows: str,
    related: list[Location] | None = None,
) -> Iterator[Problem]:
    """Fewer itemized rows than stated is a coverage gap (warning); more is an error."""
    if itemized < stated:
        yield code(
            where,
            f"{what}: {stated:,} stated, {itemized:,} itemized ({stated - itemized:,} missing)",
            hint=f"add the missing {rows} when a source names them",
            value=stated,
            related=related or [],
            severity=Severity.warning,
        )
    elif itemized > stated:
        yield code(
            where,
            f"{what}: {stated:,} stated, but {itemized:,} itemized "
            f"({itemized - stated:,} too many)",
            hint=f"check the {rows} for duplicates or a wrong link, or the stated count",
            value=stated,
            related=related or [],
            severity=Severity.error,
        )


@rule(codes.STATED_TOTAL)
def stated_total(dataset: Dataset, context: Context) -> Iterator[Problem]:
    table = dataset.table(Action)
    for index, action in table:
        if action.stated_total is None:
            continue
        parts = [getattr(action, t.field) for t in STATED_TYPES]
        given = [p for p in parts if p is not None]
        if not given:
            continue
        total = sum(given)
        complete = len(given) == len(parts)
        if (complete and total != action.stated_total) or total > action.stated_total:
            terms = " + ".join(f"{p:,}" for p in given)
            yield codes.STATED_TOTAL(
                table.where(index, "stated_total"),
                f"{terms} = {total:,}, but stated_total is {action.stated_total:,}",
                value=action.stated_total,
                related=[table.where(index, t.field) for t in STATED_TYPES],
            )


@rule(codes.STATED_VS_ITEMIZED)
def stated_vs_itemized(dataset: Dataset, context: Context) -> Iterator[Problem]:
    actions = dataset.table(Action)
    designations = dataset.table(Designation)
    rows_of: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, designation in designations:
        rows_of[(designation.action_id, designation.entity_type.value)].append(index)
    for index, action in actions:
        checks = [(t.field, getattr(action, t.field), [t.entity_type]) for t in STATED_TYPES]
        if all(stated is None for _, stated, _ in checks):
            everything = [t.entity_type for t in STATED_TYPES]
            checks = [("stated_total", action.stated_total, everything)]
        for field, stated, types in checks:
            if stated is None:
                continue
            found = [i for t in types for i in rows_of.get((action.id, t), [])]
            kinds = f"{types[0]}s" if len(types) == 1 else "parties"
            yield from compare_counts(
                codes.STATED_VS_ITEMIZED,
                actions.where(index, field),
                stated,
                len(found),
                f"action {action.id!r}, {kinds}",
                "designations",
                related=[designations.where(i) for i in found[:MAX_RELATED]],
            )
