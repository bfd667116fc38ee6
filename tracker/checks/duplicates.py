"""duplicate: the same party twice in one action; one IMO number on vessels of other names."""

from __future__ import annotations

from collections.abc import Iterator

from tracker import codes
from tracker.checks.names import spelling_key
from tracker.checks.registry import rule
from tracker.context import Context
from tracker.problems import Problem, Severity
from tracker.records.load import Dataset
from tracker.records.models import Designation


@rule(codes.DUPLICATE)
def duplicate(dataset: Dataset, context: Context) -> Iterator[Problem]:
    table = dataset.table(Designation)
    first_party: dict[tuple[str, str, str], int] = {}
    first_imo: dict[str, int] = {}
    for index, d in table:
        party = (d.action_id, d.entity_type.value, d.imo or spelling_key(d.name))
        if party in first_party:
            earlier = first_party[party]
            yield codes.DUPLICATE(
                table.where(index, "name"),
                f"{d.name!r} is already designated in action {d.action_id!r} at "
                f"{table.at(earlier, 'name')}",
                value=d.name,
                related=[table.where(earlier, "name")],
            )
            continue
        first_party[party] = index
        if d.imo is None:
            continue
        if d.imo not in first_imo:
            first_imo[d.imo] = index
            continue
        earlier = first_imo[d.imo]
        if spelling_key(table.records[earlier].name) != spelling_key(d.name):
            yield codes.DUPLICATE(
                table.where(index, "imo"),
                f"IMO {d.imo} is also vessel {table.records[earlier].name!r} at "
                f"{table.at(earlier, 'imo')}; here it is {d.name!r}",
                hint="a renamed ship keeps its IMO number: record the other name as an alias",
                value=d.imo,
                related=[table.where(earlier, "imo")],
                severity=Severity.warning,
            )
