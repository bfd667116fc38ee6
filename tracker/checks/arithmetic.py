"""Counting rules: revisions add up and chain, items match revisions, stated counts add up and
match the itemized designations."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import pairwise

from tracker.checks.registry import rule
from tracker.context import Context
from tracker.fields import PartialDate
from tracker.load import Dataset, Table
from tracker.models import Action, ControlItem, ControlListRevision, Designation
from tracker.problems import Location, Problem, error, warning

MAX_RELATED = 10


@rule("revision-arithmetic", "previous_count + added - removed = new_count")
def revision_arithmetic(dataset: Dataset, context: Context) -> Iterator[Problem]:
    table = dataset.table(ControlListRevision)
    for index, rev in table:
        expected = rev.computed_new_count()
        if expected is not None and expected != rev.new_count:
            removed = rev.removed or 0
            yield error(
                "revision-arithmetic",
                table.where(index, "new_count"),
                f"{rev.previous_count:,} + {rev.added:,} - {removed:,} = {expected:,}, "
                f"but new_count is {rev.new_count:,}",
                "re-read the source: one of previous_count, added, removed, new_count is wrong",
                rev.new_count,
                related=[
                    table.where(index, f)
                    for f in ("previous_count", "added", "removed")
                    if getattr(rev, f) is not None
                ],
            )


def revision_order(table: Table[ControlListRevision]) -> dict[str, list[int]]:
    """Per list, its revision indexes in date order (announced, else effective). Revisions on
    the same date are ordered so that they chain where they can; undated ones come last."""
    by_list: dict[str, list[int]] = defaultdict(list)
    for index, rev in table:
        by_list[rev.list_id].append(index)
    ordered = {}
    for list_id, indexes in by_list.items():
        by_date: dict[tuple[int, int, int] | None, list[int]] = defaultdict(list)
        for index in indexes:
            date = revision_date(table.records[index])
            by_date[date.key() if date else None].append(index)
        sequence: list[int] = []
        dated = sorted(k for k in by_date if k is not None)
        for key in [*dated, None]:
            sequence.extend(chain_ties(table, by_date.get(key, []), sequence))
        ordered[list_id] = sequence
    return ordered


def revision_date(rev: ControlListRevision) -> PartialDate | None:
    return rev.announced_on or rev.effective_on


def chain_ties(table: Table[ControlListRevision], group: list[int], before: list[int]) -> list[int]:
    """Order revisions of one date so each one's previous_count follows the last new_count."""
    remaining = list(group)
    result: list[int] = []
    if before:
        current = table.records[before[-1]].new_count
    else:  # the head of the chain: it starts where no other revision of the group ends
        ends = {table.records[i].new_count for i in group}
        heads = [i for i in group if table.records[i].previous_count not in ends]
        current = table.records[heads[0]].previous_count if heads else None
    while remaining:
        pick = next(
            (i for i in remaining if table.records[i].previous_count == current), remaining[0]
        )
        remaining.remove(pick)
        result.append(pick)
        current = table.records[pick].new_count
    return result


@rule(
    "revision-chain", "a list's revisions, in date order, chain: previous_count = prior new_count"
)
def revision_chain(dataset: Dataset, context: Context) -> Iterator[Problem]:
    table = dataset.table(ControlListRevision)
    for list_id, sequence in revision_order(table).items():
        undated = [i for i in sequence if revision_date(table.records[i]) is None]
        if undated and len(sequence) > 1:
            for index in undated:
                yield warning(
                    "revision-chain",
                    table.where(index, "announced_on"),
                    f"list {list_id!r} has {len(sequence)} revisions but this one has no date, "
                    "so its place in the chain is unknown",
                    "fill in announced_on or effective_on",
                )
        for prior, index in pairwise(sequence):
            if index in undated:
                continue
            before, rev = table.records[prior], table.records[index]
            if before.new_count is None or rev.previous_count is None:
                continue
            if before.new_count != rev.previous_count:
                yield error(
                    "revision-chain",
                    table.where(index, "previous_count"),
                    f"previous_count {rev.previous_count:,} does not follow the prior revision "
                    f"{before.id!r}, which ends at new_count {before.new_count:,}",
                    "a revision starts where the one before it ended; check both rows",
                    rev.previous_count,
                    related=[table.where(prior, "new_count")],
                )


@rule("items-vs-revision", "itemized control_items vs the stated added, removed and new_count")
def items_vs_revision(dataset: Dataset, context: Context) -> Iterator[Problem]:
    items = dataset.table(ControlItem)
    revisions = dataset.table(ControlListRevision)
    item_lists = {item.list_id for item in items.records}
    added = Counter(item.revision_id for item in items.records if item.revision_id)
    removed = Counter(item.removed_in for item in items.records if item.removed_in)
    initial = Counter(item.list_id for item in items.records if item.revision_id is None)
    for list_id, sequence in revision_order(revisions).items():
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
                        "items-vs-revision",
                        revisions.where(index, field),
                        stated,
                        itemized,
                        f"{field} of {rev.id!r}",
                        "control items",
                    )


def compare_counts(
    code: str,
    where: Location,
    stated: int,
    itemized: int,
    what: str,
    rows: str,
    related: list[Location] | None = None,
) -> Iterator[Problem]:
    """Fewer itemized rows than stated is a coverage gap (warning); more is an error."""
    if itemized < stated:
        yield warning(
            code,
            where,
            f"{what}: {stated:,} stated, {itemized:,} itemized ({stated - itemized:,} missing)",
            f"add the missing {rows} when a source names them",
            stated,
            related or [],
        )
    elif itemized > stated:
        yield error(
            code,
            where,
            f"{what}: {stated:,} stated, but {itemized:,} itemized "
            f"({itemized - stated:,} too many)",
            f"check the {rows} for duplicates or a wrong link, or the stated count",
            stated,
            related or [],
        )


STATED_TYPES = (
    ("stated_vessels", "vessel"),
    ("stated_organizations", "organization"),
    ("stated_persons", "person"),
)


@rule("stated-total", "stated_total = the sum of the stated per-type counts")
def stated_total(dataset: Dataset, context: Context) -> Iterator[Problem]:
    table = dataset.table(Action)
    for index, action in table:
        if action.stated_total is None:
            continue
        parts = [getattr(action, f) for f, _ in STATED_TYPES]
        given = [p for p in parts if p is not None]
        if not given:
            continue
        total = sum(given)
        complete = len(given) == len(parts)
        if (complete and total != action.stated_total) or total > action.stated_total:
            terms = " + ".join(f"{p:,}" for p in given)
            yield error(
                "stated-total",
                table.where(index, "stated_total"),
                f"{terms} = {total:,}, but stated_total is {action.stated_total:,}",
                "re-read the announcement: a per-type count or the total is wrong",
                action.stated_total,
                related=[table.where(index, f) for f, _ in STATED_TYPES],
            )


@rule("stated-vs-itemized", "per action and entity type: designations rows vs the stated count")
def stated_vs_itemized(dataset: Dataset, context: Context) -> Iterator[Problem]:
    actions = dataset.table(Action)
    designations = dataset.table(Designation)
    rows_of: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, designation in designations:
        rows_of[(designation.action_id, designation.entity_type.value)].append(index)
    for index, action in actions:
        checks = [(f, getattr(action, f), [t]) for f, t in STATED_TYPES]
        if all(stated is None for _, stated, _ in checks):
            checks = [("stated_total", action.stated_total, [t for _, t in STATED_TYPES])]
        for field, stated, types in checks:
            if stated is None:
                continue
            found = [i for t in types for i in rows_of.get((action.id, t), [])]
            kinds = f"{types[0]}s" if len(types) == 1 else "parties"
            yield from compare_counts(
                "stated-vs-itemized",
                actions.where(index, field),
                stated,
                len(found),
                f"action {action.id!r}, {kinds}",
                "designations",
                related=[designations.where(i) for i in found[:MAX_RELATED]],
            )
