"""The order of an export-control list's revisions: by date (announced, else effective), ties
ordered so that they chain, undated ones last. The chain rules and the report's chart and
"size now" both read a list's history this way."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from tracker.records.models import ControlListRevision
from tracker.values import PartialDate


def revision_date(rev: ControlListRevision) -> PartialDate | None:
    return rev.announced_on or rev.effective_on


def revision_order(revisions: Sequence[ControlListRevision]) -> dict[str, list[int]]:
    """Per list id, its revision indexes in order. Revisions on the same date are ordered so
    that they chain where they can; undated ones come last."""
    by_list: dict[str, list[int]] = defaultdict(list)
    for index, rev in enumerate(revisions):
        by_list[rev.list_id].append(index)
    ordered = {}
    for list_id, indexes in by_list.items():
        by_date: dict[tuple[int, int, int] | None, list[int]] = defaultdict(list)
        for index in indexes:
            date = revision_date(revisions[index])
            by_date[date.key() if date else None].append(index)
        sequence: list[int] = []
        dated = sorted(k for k in by_date if k is not None)
        for key in [*dated, None]:
            sequence.extend(chain_ties(revisions, by_date.get(key, []), sequence))
        ordered[list_id] = sequence
    return ordered


def chain_ties(
    revisions: Sequence[ControlListRevision], group: list[int], before: list[int]
) -> list[int]:
    """Order revisions of one date so each one's previous_count follows the last new_count."""
    remaining = list(group)
    result: list[int] = []
    if before:
        current = revisions[before[-1]].new_count
    else:  # the head of the chain: it starts where no other revision of the group ends
        ends = {revisions[i].new_count for i in group}
        heads = [i for i in group if revisions[i].previous_count not in ends]
        current = revisions[heads[0]].previous_count if heads else None
    while remaining:
        pick = next((i for i in remaining if revisions[i].previous_count == current), remaining[0])
        remaining.remove(pick)
        result.append(pick)
        current = revisions[pick].new_count
    return result


def latest_stated(revisions: Sequence[ControlListRevision]) -> dict[str, int]:
    """Per list id, the index of its latest revision that states a new_count."""
    latest = {}
    for list_id, sequence in revision_order(revisions).items():
        stated = [i for i in sequence if revisions[i].new_count is not None]
        if stated:
            latest[list_id] = stated[-1]
    return latest
