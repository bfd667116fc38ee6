"""action-vs-list: what an action announced against what the official list actually added.

An action that names a list (``list_source``), optionally its programs, and a date window is
compared with the diffs between consecutive snapshots of that list whose as-of date falls in
the window: vessels, organizations and persons added under the matching programs. A gap either
way is a warning: announcements run ahead of lists, and lists change silently.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import pairwise

from tracker.checks.registry import rule
from tracker.context import Context
from tracker.diff import added
from tracker.importers import sources
from tracker.load import Dataset
from tracker.models import Action
from tracker.problems import Problem, warning
from tracker.store import Snapshot, Store

TYPES = (
    ("stated_vessels", "vessel"),
    ("stated_organizations", "organization"),
    ("stated_persons", "person"),
)


def in_window(action: Action, snapshot: Snapshot) -> bool:
    start = action.list_from.earliest().isoformat() if action.list_from else "0000"
    end = action.list_to.latest().isoformat() if action.list_to else "9999"
    return start <= snapshot.as_of <= end


def observed(store: Store, action: Action) -> tuple[Counter[str], list[Snapshot]]:
    """Entries added, by type, in the diffs that end inside the action's window."""
    assert action.list_source is not None
    snapshots = sorted(store.snapshots(action.list_source), key=lambda s: (s.as_of, s.id))
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


@rule("action-vs-list", "an action's stated counts vs what its official list added in its window")
def action_vs_list(dataset: Dataset, context: Context) -> Iterator[Problem]:
    table = dataset.table(Action)
    listed = [(i, a) for i, a in table if a.list_source]
    if not listed:
        return
    if context.store is None or not context.store.is_file():
        for index, action in listed:
            yield warning(
                "action-vs-list",
                table.where(index, "list_source"),
                f"action {action.id!r} names list {action.list_source!r}, but no store "
                "of official lists was given, so it is not compared",
                "import the list with `tracker import` and pass --db",
            )
        return
    known = sources()
    with Store(context.store) as store:
        for index, action in listed:
            if action.list_source not in known:
                yield warning(
                    "action-vs-list",
                    table.where(index, "list_source"),
                    f"{action.list_source!r} is not a list the tracker imports",
                    "use one of: " + ", ".join(sorted(known)),
                    action.list_source,
                )
                continue
            counts, used = observed(store, action)
            if not used:
                yield warning(
                    "action-vs-list",
                    table.where(index, "list_source"),
                    f"no two snapshots of {action.list_source} bracket the window of "
                    f"action {action.id!r}, so nothing is compared",
                    "import the list as it was before and after the action",
                )
                continue
            window = f"{used[0].as_of}..{used[-1].as_of}"
            for field, kind in TYPES:
                stated = getattr(action, field)
                if stated is None or stated == counts[kind]:
                    continue
                gap = "more than" if counts[kind] > stated else "fewer than"
                yield warning(
                    "action-vs-list",
                    table.where(index, field),
                    f"action {action.id!r} states {stated:,} {kind}s; {action.list_source} "
                    f"added {counts[kind]:,} ({gap} stated) under "
                    f"{', '.join(action.list_programs) or 'any program'} in {window}",
                    "check the window and programs, or whether the list is behind",
                    stated,
                )
