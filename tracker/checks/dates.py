"""Date rules: stated weekdays match their dates; announcements precede effect; nothing is
dated after the run's as-of date."""

from __future__ import annotations

from collections.abc import Iterator

from tracker.checks.registry import rule
from tracker.context import Context
from tracker.fields import PartialDate, Weekday
from tracker.load import Dataset
from tracker.models import RECORD_TYPES, ControlListRevision, Event, Record, fields
from tracker.problems import Problem, error, warning

WEEKDAYS = list(Weekday)  # Monday first, as date.weekday() counts


@rule("event-weekday", "stated_weekday matches the weekday of the event's date")
def event_weekday(dataset: Dataset, context: Context) -> Iterator[Problem]:
    table = dataset.table(Event)
    for index, event in table:
        if event.on is None or event.stated_weekday is None:
            continue
        day = event.on.full()
        if day is None:
            yield warning(
                "event-weekday",
                table.where(index, "on"),
                f"date {event.on} has no day, so the stated {event.stated_weekday} is not checked",
                "give the full date if the source allows it",
                event.on,
            )
        elif WEEKDAYS[day.weekday()] != event.stated_weekday:
            yield error(
                "event-weekday",
                table.where(index, "stated_weekday"),
                f"{event.on} was a {WEEKDAYS[day.weekday()]}, not a {event.stated_weekday}",
                "check the date and the weekday against the source",
                event.stated_weekday,
                related=[table.where(index, "on")],
            )


def date_fields(record_type: type[Record]) -> list[str]:
    """The fields of a model that hold a date."""
    return [
        name
        for name, field in fields(record_type).items()
        if PartialDate in getattr(field.annotation, "__args__", (field.annotation,))
    ]


@rule("date-order", "announced_on <= effective_on; no date after --as-of")
def date_order(dataset: Dataset, context: Context) -> Iterator[Problem]:
    revisions = dataset.table(ControlListRevision)
    for index, rev in revisions:
        if (
            rev.announced_on
            and rev.effective_on
            and (rev.effective_on.latest() < rev.announced_on.earliest())
        ):
            yield error(
                "date-order",
                revisions.where(index, "effective_on"),
                f"takes effect on {rev.effective_on}, before it was announced on "
                f"{rev.announced_on}",
                "swap or correct the two dates",
                rev.effective_on,
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
                    yield error(
                        "date-order",
                        table.where(index, name),
                        f"{name} {value} is after the as-of date {context.as_of}",
                        "a recorded fact cannot be dated in the future; check the date or --as-of",
                        value,
                    )
