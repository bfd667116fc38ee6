"""Date rules: stated weekdays match their dates; announcements precede effect; nothing is
dated after the run's as-of date."""

from __future__ import annotations

from collections.abc import Iterator

from tracker import codes
from tracker.checks.registry import rule
from tracker.context import Context
from tracker.problems import Problem, Severity
from tracker.records.load import Dataset
from tracker.records.models import RECORD_TYPES, ControlListRevision, Event, Record, fields
from tracker.values import PartialDate, Weekday


@rule(codes.EVENT_WEEKDAY)
def event_weekday(dataset: Dataset, context: Context) -> Iterator[Problem]:
    table = dataset.table(Event)
    for index, event in table:
        if event.on is None or event.stated_weekday is None:
            continue
        day = event.on.full()
        if day is None:
            yield codes.EVENT_WEEKDAY(
                table.where(index, "on"),
                f"date {event.on} has no day, so the stated {event.stated_weekday} is not checked",
                hint="give the full date if the source allows it",
                value=event.on,
                severity=Severity.warning,
            )
        elif Weekday.of(day) != event.stated_weekday:
            yield codes.EVENT_WEEKDAY(
                table.where(index, "stated_weekday"),
                f"{event.on} was a {Weekday.of(day)}, not a {event.stated_weekday}",
                value=event.stated_weekday,
                related=[table.where(index, "on")],
            )


def date_fields(record_type: type[Record]) -> list[str]:
    """The fields of a model that hold a date."""
    return [
        name
        for name, field in fields(record_type).items()
        if PartialDate in getattr(field.annotation, "__args__", (field.annotation,))
    ]


@rule(codes.DATE_ORDER)
def date_order(dataset: Dataset, context: Context) -> Iterator[Problem]:
    revisions = dataset.table(ControlListRevision)
    for index, rev in revisions:
        if (
            rev.announced_on
            and rev.effective_on
            and (rev.effective_on.latest() < rev.announced_on.earliest())
        ):
            yield codes.DATE_ORDER(
                revisions.where(index, "effective_on"),
                f"takes effect on {rev.effective_on}, before it was announced on "
                f"{rev.announced_on}",
                hint="swap or correct the two dates",
                value=rev.effective_on,
                related=[revisions.where(index, "announced_on")],
            )
    for record_type in RECORD_TYPES:
        fields = date_fields(record_type)
        if not fields:
            continue
        table = dataset.table(record_type)
        for index, record in table:
            for name in fields:
                value = getattr(record, name)
                if value is not None and value.earliest() > context.as_of:
                    yield codes.DATE_ORDER(
                        table.where(index, name),
                        f"{name} {value} is after the as-of date {context.as_of}",
                        value=value,
                    )
