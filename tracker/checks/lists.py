"""The curated data against the official lists in the store.

action-vs-list: an action that names a list (``list_source``), optionally its programs, and a
date window is compared with the diffs between consecutive snapshots of that list whose list
date falls in the window: vessels, organizations and persons added under the matching
programs. A gap either way is a warning: announcements run ahead of lists, and lists change
silently.

designation-on-list: each itemized designation of such an action is looked for on the
snapshots of its list in the window, a vessel by its IMO number first, anything else by the
screening score (a match, 0.90 or more); one not found is reported with its nearest entries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import pairwise

from tracker import codes
from tracker.checks.registry import rule
from tracker.context import Context
from tracker.lists.diff import added
from tracker.lists.importers.registry import NAMES
from tracker.lists.store import Snapshot, Store
from tracker.problems import Problem
from tracker.records.load import Dataset
from tracker.records.models import STATED_TYPES, Action, Designation


def in_window(action: Action, snapshot: Snapshot) -> bool:
    start = action.list_from.earliest().isoformat() if action.list_from else "0000"
    end = action.list_to.latest().isoformat() if action.list_to else "9999"
    return start <= snapshot.list_date <= end


def observed(store: Store, action: Action) -> tuple[Counter[str], list[Snapshot]]:
    """Entries added, by type, in the diffs that end inside the action's window."""
    assert action.list_source is not None
    snapshots = store.snapshots(action.list_source)
    programs = set(action.list_programs)
    counts: Counter[str] = Counter()
    used = []
    for before, after in pairwise(snapshots):
        if not in_window(action, after):
            continue
        used.append(after)
        for entry in added(store, before.id, after.id):
            if not programs or programs & set(entry["programs"]):
                counts[entry["entity_type"]] += 1
    return counts, used


@rule(codes.ACTION_VS_LIST)
def action_vs_list(dataset: Dataset, context: Context) -> Iterator[Problem]:
    table = dataset.table(Action)
    listed = [(i, a) for i, a in table if a.list_source]
    if not listed:
        return
    if context.store is None:
        for index, action in listed:
            yield codes.ACTION_VS_LIST(
                table.where(index, "list_source"),
                f"action {action.id!r} names list {action.list_source!r}, but no store "
                "of official lists was given, so it is not compared",
                hint="import the list with `tracker import` and pass --db",
            )
        return
    with Store(context.store) as store:
        for index, action in listed:
            if action.list_source not in NAMES:
                yield codes.ACTION_VS_LIST(
                    table.where(index, "list_source"),
                    f"{action.list_source!r} is not a list the tracker imports",
                    hint="use one of: " + ", ".join(NAMES),
                    value=action.list_source,
                )
                continue
            counts, used = observed(store, action)
            if not used:
                yield codes.ACTION_VS_LIST(
                    table.where(index, "list_source"),
                    f"no two snapshots of {action.list_source} bracket the window of "
                    f"action {action.id!r}, so nothing is compared",
                    hint="import the list as it was before and after the action",
                )
                continue
            window = f"{used[0].list_date}..{used[-1].list_date}"
            for stated_type in STATED_TYPES:
                kind = stated_type.entity_type
                stated = getattr(action, stated_type.field)
                if stated is None or stated == counts[kind]:
                    continue
                gap = "more than" if counts[kind] > stated else "fewer than"
                yield codes.ACTION_VS_LIST(
                    table.where(index, stated_type.field),
                    f"action {action.id!r} states {stated:,} {kind}s; {action.list_source} "
                    f"added {counts[kind]:,} ({gap} stated) under "
                    f"{', '.join(action.list_programs) or 'any program'} in {window}",
                    value=stated,
                )


@rule(codes.DESIGNATION_ON_LIST)
def designation_on_list(dataset: Dataset, context: Context) -> Iterator[Problem]:
    actions = {a.id: a for a in dataset.table(Action).records}
    table = dataset.table(Designation)
    wanted = [
        (i, d, actions[d.action_id])
        for i, d in table
        if d.action_id in actions and actions[d.action_id].list_source in NAMES
    ]
    if not wanted or context.store is None or context.find_on_list is None:
        return  # action-vs-list says when there is no store
    with Store(context.store) as store:
        for index, designation, action in wanted:
            assert action.list_source is not None
            snapshots = [s for s in store.snapshots(action.list_source) if in_window(action, s)]
            if not snapshots:
                yield codes.DESIGNATION_ON_LIST(
                    table.where(index, "name"),
                    f"no snapshot of {action.list_source} in the window of action "
                    f"{action.id!r}, so {designation.name!r} is not looked for",
                    hint="import the list as it was in the action's window",
                )
                continue
            found, nearest = context.find_on_list(
                context.store,
                [s.id for s in snapshots],
                designation.name,
                designation.entity_type.value,
                designation.aliases,
                designation.country,
                designation.imo,
            )
            if found:
                continue
            near = ", ".join(f"{n.entry_id} {n.name!r} ({n.score:.2f})" for n in nearest)
            yield codes.DESIGNATION_ON_LIST(
                table.where(index, "imo" if designation.imo else "name"),
                f"{designation.entity_type.value} {designation.name!r}"
                + (f" (IMO {designation.imo})" if designation.imo else "")
                + f" is not on {action.list_source} in {snapshots[0].list_date}.."
                f"{snapshots[-1].list_date}; nearest: {near or 'none'}",
                value=designation.name,
            )
