"""name-conflict: one role, in one organization or country, named differently by sources."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from tracker import codes
from tracker.checks.registry import rule
from tracker.context import Context
from tracker.problems import Problem
from tracker.records.load import Dataset
from tracker.records.models import Official

_NOT_ALNUM = re.compile(r"[\W_]+")


def spelling_key(name: str) -> str:
    """Names that differ only in case, spacing or hyphens are one spelling (Kim Jong Un,
    Kim Jong-un)."""
    return _NOT_ALNUM.sub("", name.casefold())


def role_key(official: Official) -> tuple[str, str]:
    holder = official.organization or official.country or ""
    return (" ".join(official.role.casefold().split()), holder.casefold())


@rule(codes.NAME_CONFLICT)
def name_conflict(dataset: Dataset, context: Context) -> Iterator[Problem]:
    table = dataset.table(Official)
    groups: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for index, official in table:
        groups[role_key(official)][spelling_key(official.name)].append(index)
    for spellings in groups.values():
        if len(spellings) < 2:
            continue
        # the most used spelling first; each other spelling is reported against it
        ranked = sorted(spellings.values(), key=lambda rows: (-len(rows), rows[0]))
        common = ranked[0]
        first = table.records[common[0]]
        for rows in ranked[1:]:
            other = table.records[rows[0]]
            holder = other.organization or other.country or "?"
            yield codes.NAME_CONFLICT(
                table.where(rows[0], "name"),
                f"{other.role} ({holder}) is named {other.name!r} by "
                f"{sources(table.records, rows)} but {first.name!r} by "
                f"{sources(table.records, common)}",
                value=other.name,
                related=[table.where(i, "name") for i in common],
            )


def sources(records: list[Official], rows: list[int]) -> str:
    return ", ".join(dict.fromkeys(records[i].source_id for i in rows))
